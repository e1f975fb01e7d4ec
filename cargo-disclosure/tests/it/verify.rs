//! `cargo disclosure verify` through the real binary: exit 0 on captures that match the notice, 1
//! on each kind of mismatch with its evidence, 2 on captures that cannot be read; and no value,
//! cookie or header of a captured request in any output.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Google Analytics (page URL, referrer) from the page; Sentry (error details) from the client.
const SOURCE_TWO: &str = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url, referrer], purpose = [analytics])]
pub fn page_view() {}

#[disclose(provider = "sentry", data = [error_log], purpose = [error_monitoring])]
pub fn report_error() {}
"#;

/// Values that must never appear in any output.
const SECRETS: [&str; 4] = [
    "SECRET-PAGE",
    "SECRET-COOKIE",
    "SECRET-TOKEN",
    "SECRET-BODY",
];

fn fixture() -> Fixture {
    Fixture::new(CATALOGUE, SOURCE_TWO)
}

/// A HAR entry: method, URL, optional body, optional initiator script.
fn entry(method: &str, url: &str, body: Option<&str>, initiator: Option<&str>) -> String {
    let post = body.map_or(String::new(), |b| {
        format!(
            r#", "postData": {{"mimeType": "application/json", "text": {}}}"#,
            serde_json::to_string(b).unwrap()
        )
    });
    let init = initiator.map_or(String::new(), |u| {
        format!(r#", "_initiator": {{"type": "script", "url": "{u}", "lineNumber": 11}}"#)
    });
    format!(
        r#"{{"startedDateTime": "2026-11-23T00:00:00Z", "time": 1,
  "request": {{"method": "{method}", "url": "{url}", "httpVersion": "HTTP/1.1",
    "headers": [{{"name": "Cookie", "value": "_ga=SECRET-COOKIE"}}, {{"name": "Authorization", "value": "Bearer SECRET-TOKEN"}}],
    "cookies": [{{"name": "_ga", "value": "SECRET-COOKIE"}}], "queryString": [], "headersSize": -1, "bodySize": 0{post}}},
  "response": {{"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
    "content": {{"size": 0, "mimeType": ""}}, "redirectURL": "", "headersSize": -1, "bodySize": -1}},
  "cache": {{}}, "timings": {{"send": 0, "wait": 0, "receive": 0}}{init}}}"#
    )
}

fn har(entries: &[String]) -> String {
    format!(
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "test", "version": "1"}}, "entries": [{}]}}}}"#,
        entries.join(",\n")
    )
}

/// What a page and its client sent that the notice declares.
fn matching() -> Vec<String> {
    vec![
        entry("GET", "http://localhost:8080/", None, None),
        entry(
            "POST",
            "https://region1.google-analytics.com/g/collect?v=2&tid=G-1&dl=https%3A%2F%2Fshop.example%2FSECRET-PAGE&dr=x",
            None,
            Some("http://localhost:8080/"),
        ),
        entry(
            "POST",
            "https://o1.ingest.sentry.io/api/1/store/",
            Some(r#"{"message": "SECRET-BODY", "platform": "native"}"#),
            None,
        ),
    ]
}

fn write(fixture: &Fixture, name: &str, text: &str) -> String {
    fs::write(fixture.path().join(name), text).unwrap();
    name.to_string()
}

/// Runs `verify` in every format; returns (exit status, text output); asserts no secret anywhere.
fn verify(fixture: &Fixture, args: &[&str]) -> (i32, String) {
    let mut text = None;
    let mut status = None;
    for format in ["text", "markdown", "json"] {
        let mut all = vec!["verify", "--format", format];
        all.extend_from_slice(args);
        let out = run(fixture.path(), &all);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let err = stderr(&out);
        for secret in SECRETS {
            assert!(
                !stdout.contains(secret) && !err.contains(secret),
                "{secret} printed by --format {format}:\n{stdout}\n{err}"
            );
        }
        assert!(!err.contains("panicked"), "{err}");
        let code = out.status.code().unwrap();
        assert_eq!(
            *status.get_or_insert(code),
            code,
            "the exit status depends on the format"
        );
        if format == "json" && code != 2 {
            serde_json::from_str::<serde_json::Value>(&stdout).expect("--format json is JSON");
        }
        if format == "text" {
            text = Some(if code == 2 { err } else { stdout });
        }
    }
    (status.unwrap(), text.unwrap())
}

#[test]
fn a_capture_that_matches_the_notice_passes() {
    let fixture = fixture();
    let capture = write(&fixture, "page.har", &har(&matching()));
    let (code, out) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 requests in 1 capture(s), 1 to the operator's own hosts; 2 recipient(s) observed; 0 finding(s) that fail"), "{out}");
}

#[test]
fn a_request_to_an_undeclared_host_fails_with_its_evidence() {
    let fixture = fixture();
    let mut entries = matching();
    entries.push(entry(
        "GET",
        "https://static.hotjar.com/c/hotjar-1.js?sv=SECRET-PAGE",
        None,
        Some("https://shop.example/app.js"),
    ));
    let capture = write(&fixture, "page.har", &har(&entries));
    let (code, out) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "FAIL: 1 request(s) to `static.hotjar.com` (hotjar), which no transmission declares"
        ),
        "{out}"
    );
    assert!(
        out.contains("page.har #4: GET https://static.hotjar.com/c/hotjar-1.js?sv=… (from script https://shop.example/app.js:12)"),
        "the evidence: capture, entry, method, URL without values, initiator:\n{out}"
    );
}

#[test]
fn a_host_no_catalogued_provider_claims_is_undeclared_too() {
    let fixture = fixture();
    let mut entries = matching();
    entries.push(entry(
        "POST",
        "https://telemetry.example.net/v1/e",
        Some(r#"{"id": "SECRET-BODY"}"#),
        None,
    ));
    let capture = write(&fixture, "page.har", &har(&entries));
    let (code, out) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`telemetry.example.net`, which no transmission declares and no catalogued provider claims"), "{out}");
    // The operator's own host is not an external transmission.
    let (code, out) = verify(
        &fixture,
        &[
            "--observed",
            &capture,
            "--own-host",
            "telemetry.example.net",
        ],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_data_item_sent_but_not_declared_fails_with_its_key() {
    let fixture = fixture();
    let mut entries = matching();
    entries.push(entry(
        "GET",
        "https://www.google-analytics.com/g/collect?v=2&uid=SECRET-PAGE&dl=y",
        None,
        None,
    ));
    entries.push(entry(
        "POST",
        "https://o1.ingest.sentry.io/api/1/store/",
        Some(r#"{"message": "m", "user": {"email": "SECRET-BODY"}}"#),
        None,
    ));
    let capture = write(&fixture, "page.har", &har(&entries));
    let (code, out) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL: `google-analytics` receives `uid` (user_id) in 1 request(s), but the notice does not declare it"),
        "{out}"
    );
    assert!(
        out.contains("page.har #4: GET https://www.google-analytics.com/g/collect?v=…&uid=…&dl=…"),
        "{out}"
    );
    assert!(
        out.contains("FAIL: `sentry` receives `user.email` (email_address) in 1 request(s)"),
        "a JSON body's keys are mapped too:\n{out}"
    );
}

#[test]
fn a_provider_contacted_after_the_user_opted_out_fails() {
    let fixture = fixture();
    let capture = write(&fixture, "page.har", &har(&matching()));
    let (code, out) = verify(
        &fixture,
        &["--observed", &capture, "--opted-out", "google-analytics"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "FAIL: `google-analytics` was contacted 1 time(s) after the user opted out of it"
        ),
        "{out}"
    );

    // The recorder writes the opt-outs in force with each request. Sentry's error reports are
    // not said to be stoppable: a user's choice cannot stop them, and the notice does not promise
    // it, so only the Google Analytics hit is a breach.
    let lines = [
        r#"{"method": "POST", "url": "https://o1.ingest.sentry.io/api/1/store/", "content_type": "application/json", "body": "{\"message\": \"SECRET-BODY\"}", "opted_out": ["sentry", "google-analytics"]}"#,
        r#"{"method": "GET", "url": "https://www.google-analytics.com/g/collect?dl=SECRET-PAGE", "opted_out": ["sentry", "google-analytics"]}"#,
    ];
    let recorded = write(&fixture, "requests.jsonl", &lines.join("\n"));
    let (code, out) = verify(&fixture, &["--observed", &recorded]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "FAIL: `google-analytics` was contacted 1 time(s) after the user opted out of it"
        ),
        "{out}"
    );
    assert!(!out.contains("`sentry` was contacted"), "{out}");
    assert!(
        out.contains("requests.jsonl #2: GET https://www.google-analytics.com/g/collect"),
        "{out}"
    );
}

#[test]
fn a_declared_recipient_never_observed_is_listed_and_fails_only_when_required() {
    let fixture = fixture();
    let entries = matching()[..2].to_vec();
    let capture = write(&fixture, "page.har", &har(&entries));
    let (code, out) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("note: no capture shows a request to `sentry`, which the notice declares"),
        "{out}"
    );
    let (code, out) = verify(&fixture, &["--observed", &capture, "--require-all"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL: no capture shows a request to `sentry`"),
        "{out}"
    );
}

#[test]
fn a_malformed_capture_is_an_error_with_its_position() {
    let fixture = fixture();
    let text = har(&matching());
    let cut = write(&fixture, "cut.har", &text[..text.len() / 2]);
    let (code, err) = verify(&fixture, &["--observed", &cut]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[D0901]"), "{err}");
    assert!(err.contains("cut.har"), "{err}");
    let recorded = write(
        &fixture,
        "requests.jsonl",
        "{\"method\": \"GET\", \"url\": \"https://a.example/\"}\nnot json\n",
    );
    let (code, err) = verify(&fixture, &["--observed", &recorded]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error[D0901]") && err.contains("requests.jsonl:2"),
        "{err}"
    );
}

#[test]
fn an_empty_capture_is_an_error_not_a_pass() {
    let fixture = fixture();
    for (name, text) in [("empty.har", har(&[])), ("empty.jsonl", String::new())] {
        let capture = write(&fixture, name, &text);
        let (code, err) = verify(&fixture, &["--observed", &capture]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains("error[D0902]") && err.contains("holds no request"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_capture_with_bodies_that_are_not_utf8_is_read() {
    let fixture = fixture();
    let mut bytes = har(&matching()).into_bytes();
    // A raw byte that is not UTF-8 inside the JSON body's string.
    let at = String::from_utf8_lossy(&bytes).find("SECRET-BODY").unwrap();
    bytes.insert(at, 0xff);
    fs::write(fixture.path().join("raw.har"), &bytes).unwrap();
    let (code, out) = verify(&fixture, &["--observed", "raw.har"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_host_two_recipients_claim_is_an_ambiguity_naming_both() {
    let catalogue = format!(
        "{CATALOGUE}\n[[provider]]\nid = \"ga-proxy\"\nservice = \"GA proxy\"\nentity = \"Proxy K.K.\"\ncountry = \"JP\"\nprivacy_policy = \"https://proxy.example/privacy\"\nrecipient_use = \"Forwards page views.\"\ndomains = [\"*.google-analytics.com\"]\n"
    );
    let source = format!(
        "{SOURCE_TWO}\n#[disclose(provider = \"ga-proxy\", data = [page_url], purpose = [analytics])]\npub fn proxied() {{}}\n"
    );
    let fixture = Fixture::new(&catalogue, &source);
    let capture = write(&fixture, "page.har", &har(&matching()));
    let (code, err) = verify(&fixture, &["--observed", &capture]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[D0903]"), "{err}");
    assert!(
        err.contains("`ga-proxy` and `google-analytics`")
            || err.contains("`google-analytics` and `ga-proxy`"),
        "{err}"
    );
}

#[test]
fn an_unknown_opted_out_provider_is_refused() {
    let fixture = fixture();
    let capture = write(&fixture, "page.har", &har(&matching()));
    let (code, err) = verify(
        &fixture,
        &["--observed", &capture, "--opted-out", "google-analytic"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown provider `google-analytic`"), "{err}");
    assert!(Path::new(&fixture.path().join("page.har")).exists());
}

#[test]
fn the_reviewer_view_shows_declared_and_observed_side_by_side() {
    let fixture = fixture();
    let mut entries = matching()[..2].to_vec();
    entries.push(entry(
        "GET",
        "https://static.hotjar.com/c/hotjar-1.js",
        None,
        None,
    ));
    let capture = write(&fixture, "page.har", &har(&entries));
    let out = run(fixture.path(), &["review", "--observed", &capture]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    let section = |id: &str| {
        let start = text.find(&format!("(`{id}`)\n")).unwrap();
        text[start..].split("\n## ").next().unwrap().to_string()
    };
    let ga = section("google-analytics");
    assert!(ga.contains("Observed: 1 request(s) in `page.har`."), "{ga}");
    assert!(
        ga.contains("- `page_view` in `fixture` (src/lib.rs:3)"),
        "{ga}"
    );
    let sentry = section("sentry");
    assert!(
        sentry.contains("Observed: **never** (declared only)."),
        "{sentry}"
    );
    assert!(
        sentry.contains("- `report_error` in `fixture` (src/lib.rs:6)"),
        "{sentry}"
    );
    assert!(
        text.contains(
            "## Observed but not declared\n\n- `static.hotjar.com` (`hotjar`): 1 request(s)"
        ),
        "{text}"
    );
}

/// M4: whatever a capture holds, `--format json` is valid JSON a tool can parse, and nothing in it
/// reorders or hides text on a terminal.
#[test]
fn the_json_report_is_valid_whatever_the_capture_holds() {
    let fixture = fixture();
    let hostile = "\u{202e}\u{2066}\u{85}\u{7f}";
    let entries = vec![
        entry(
            &format!("GET{hostile}"),
            "https://tracker.evil.example/x?k=1",
            None,
            Some(&format!("https://app.example/main{hostile}.js")),
        ),
        entry("GET", "https://[undecodable/x", None, None),
    ];
    let name = write(&fixture, &format!("cap{hostile}.har"), &har(&entries));
    let out = run(
        fixture.path(),
        &["verify", "--format", "json", "--observed", &name],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(!text.contains('\u{202e}'), "{text}");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "unplaced"),
        "{report}"
    );
    let method = report["findings"][0]["examples"][0]["method"]
        .as_str()
        .unwrap();
    assert_eq!(
        method,
        format!("GET{hostile}"),
        "the value is kept, escaped"
    );
}

/// M6: a capture that never ends (a link to a `/proc` file) is read up to a bound and reported,
/// never read until memory runs out.
#[test]
#[cfg(target_os = "linux")]
fn a_capture_that_never_ends_is_bounded() {
    let fixture = fixture();
    std::os::unix::fs::symlink("/proc/self/pagemap", fixture.path().join("endless.jsonl")).unwrap();
    let out = run(fixture.path(), &["verify", "--observed", "endless.jsonl"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[D09"), "{}", stderr(&out));
}

/// A request at `time` (seconds after 2026-11-23T00:00:00Z) with the consent panel's cookie.
fn consented_entry(url: &str, time: u32, cookie: &str) -> String {
    entry("GET", url, None, None)
        .replace(
            "2026-11-23T00:00:00Z",
            &format!("2026-11-23T00:{:02}:{:02}Z", time / 60, time % 60),
        )
        .replace(
            r#""cookies": [{"name": "_ga", "value": "SECRET-COOKIE"}]"#,
            &format!(
                r#""cookies": [{{"name": "disclosure_consent", "value": {}}}]"#,
                serde_json::to_string(cookie).unwrap()
            ),
        )
}

#[test]
fn the_consent_log_says_whether_a_request_came_before_the_consent_it_needs() {
    use disclosure_core::wire::consent::{ConsentCookie, ConsentRecord, CookieEntry};
    let fixture = Fixture::new(
        CATALOGUE,
        r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics], basis = consent)]
pub fn page_view() {}
"#,
    );
    let rid = "9f1c0a7e3b5d2468";
    let start = 1_795_392_000; // 2026-11-23T00:00:00Z
    let cookie = ConsentCookie::new(
        rid,
        start,
        vec![CookieEntry::new("google-analytics", true, "00000000")],
    )
    .to_string();
    // The page at 0 s, the tag's hit at 30 s.
    let capture = write(
        &fixture,
        "session.har",
        &har(&[
            consented_entry("https://shop.example/", 0, &cookie),
            consented_entry(
                "https://www.google-analytics.com/g/collect?v=2&dl=https%3A%2F%2Fshop.example%2F",
                30,
                &cookie,
            ),
        ]),
    );
    let record = |time: u64, yes: bool| {
        ConsentRecord::new(
            rid,
            "1a2b3c4d5e6f7081",
            time,
            [("google-analytics".to_string(), yes)].into(),
        )
    };
    let before = "`google-analytics` was sent 1 request(s) that need consent before the consent log shows it given";
    let run = |log: &str| {
        verify(
            &fixture,
            &[
                "--observed",
                &capture,
                "--own-host",
                "shop.example",
                "--consent-log",
                log,
            ],
        )
    };

    // A file of JSON lines: consent at 10 s, before the hit; then at 40 s, after it; then a no
    // at 10 s and a yes at 40 s.
    for (records, passes) in [
        (vec![record(start + 10, true)], true),
        (vec![record(start + 40, true)], false),
        (
            vec![record(start + 10, false), record(start + 40, true)],
            false,
        ),
    ] {
        let lines: String = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect();
        let log = write(&fixture, "consent.jsonl", &lines);
        let (code, out) = run(&log);
        assert_eq!(code, if passes { 0 } else { 1 }, "{records:?}\n{out}");
        assert_eq!(out.contains(before), !passes, "{records:?}\n{out}");
    }

    // The same, from the SQLite database the run-time's SqliteLog writes.
    let db_path = fixture.path().join("consent.sqlite");
    let db = disclosure_core::wire::consent_db::ConsentDb::open(&db_path).unwrap();
    db.append(&record(start + 40, true)).unwrap();
    drop(db);
    let (code, out) = run("consent.sqlite");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(before), "{out}");
    let db = disclosure_core::wire::consent_db::ConsentDb::open(&db_path).unwrap();
    db.append(&record(start + 10, true)).unwrap();
    drop(db);
    let (code, out) = run("consent.sqlite");
    assert_eq!(code, 0, "{out}");

    // A log that is not one is an input error naming the line.
    let log = write(&fixture, "broken.jsonl", "{\"format\": 1}\n");
    let (code, out) = run(&log);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("broken.jsonl:1: not a consent record"),
        "{out}"
    );
}

/// On a terminal, a long read shows its progress on standard error; piped, nothing more is printed.
#[cfg(unix)]
#[test]
fn progress_shows_on_a_terminal_and_never_when_piped() {
    let fixture = fixture();
    let hit = entry(
        "GET",
        "https://www.google-analytics.com/g/collect?v=2&dl=https%3A%2F%2Fshop.example%2F",
        None,
        None,
    );
    let entries = vec![hit; 5000];
    let capture = write(&fixture, "long.har", &har(&entries));
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    // `script` runs the command under a pseudo-terminal (util-linux).
    let command = format!("{} verify --observed {}", quote(BIN), quote(&capture));
    let on_terminal = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(fixture.path())
        .env("TERM", "xterm")
        .output()
        .expect("`script` (util-linux) runs the binary under a pseudo-terminal");
    let shown = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(shown.contains("verify: reading"), "{shown}");
    assert!(shown.contains(" requests"), "{shown}");
    let piped = run(fixture.path(), &["verify", "--observed", &capture]);
    assert!(!stderr(&piped).contains("reading"), "{}", stderr(&piped));
    assert_eq!(piped.status.code(), on_terminal.status.code());
}
