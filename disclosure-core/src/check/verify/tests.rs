//! `verify` against small captures: a match passes; each kind of mismatch is found with its
//! evidence; no value ever reaches the report.

use super::*;
use crate::test_support;

const CATALOGUE: &str = r#"
[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "house-metrics"
service = "House Metrics"
entity = "House Metrics Inc."
domains = ["metrics.example.net"]

[[parameter]]
provider = "house-metrics"
key = "email"
in = "json"
data = ["email_address"]
"#;

const SOURCE: &str = r#"
#[disclose(provider = "google-analytics", data = [page_url, cookie_id], purpose = analytics)]
fn page_view() {}
#[disclose(provider = "house-metrics", data = [usage_history], purpose = analytics)]
fn event() {}
"#;

fn setup(extra: &str) -> (Catalogue, Notice) {
    let catalogue = test_support::catalogue(&format!("{CATALOGUE}{extra}"));
    let (notice, _) = test_support::try_build(&catalogue, SOURCE).unwrap();
    (catalogue, notice)
}

fn har(entries: &[(&str, &str, Option<&str>)]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(method, url, body)| {
            let post = body.map_or(String::new(), |b| {
                format!(r#", "postData": {{"mimeType": "application/json", "text": {}}}"#, serde_json::to_string(b).unwrap())
            });
            format!(r#"{{"request": {{"method": "{method}", "url": "{url}", "headers": [{{"name": "Cookie", "value": "sid=SECRET-COOKIE"}}]{post}}}, "_initiator": {{"type": "script", "url": "https://app.example/main.js", "lineNumber": 9}}}}"#)
        })
        .collect();
    format!(
        r#"{{"log": {{"version": "1.2", "entries": [{}]}}}}"#,
        entries.join(",")
    )
}

fn run(extra: &str, capture: &str, options: &Options) -> Result<(Verification, String), Error> {
    let (catalogue, notice) = setup(extra);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.har");
    std::fs::write(&path, capture).unwrap();
    let v = verify(&catalogue, &notice, &[path], options)?;
    let report = format!(
        "{}{}{}",
        text(&v, options),
        markdown(&v, options),
        serde_json::to_string(&v).unwrap()
    );
    Ok((v, report))
}

const MATCHING: &[(&str, &str, Option<&str>)] = &[
    (
        "GET",
        "https://www.google-analytics.com/g/collect?v=2&dl=https%3A%2F%2Fapp.example%2F&cid=123.456",
        None,
    ),
    (
        "POST",
        "https://metrics.example.net/e",
        Some(r#"{"event": "open"}"#),
    ),
    ("GET", "http://localhost:3000/api/items", None),
];

#[test]
fn a_capture_that_matches_the_notice_passes() {
    let options = Options::default();
    let (v, _) = run("", &har(MATCHING), &options).unwrap();
    assert!(!v.failed(&options), "{:?}", v.findings);
    assert_eq!(v.requests, 3);
    assert_eq!(v.own, 1);
    assert_eq!(v.observed["google-analytics"].requests, 1);
}

#[test]
fn an_undeclared_host_is_named_with_its_provider_and_evidence() {
    let mut entries = MATCHING.to_vec();
    entries.push((
        "GET",
        "https://connect.facebook.net/en_US/fbevents.js?id=999",
        None,
    ));
    entries.push((
        "POST",
        "https://unknown.example.org/t?token=SECRET-TOKEN",
        None,
    ));
    let options = Options::default();
    let (v, report) = run("", &har(&entries), &options).unwrap();
    assert!(v.failed(&options));
    assert!(
        report.contains(
            "1 request(s) to `connect.facebook.net` (facebook-login), which no transmission declares"
        ),
        "{report}"
    );
    assert!(report.contains("capture.har #4: GET https://connect.facebook.net/en_US/fbevents.js?id=… (from script https://app.example/main.js:10)"), "{report}");
    assert!(report.contains("`unknown.example.org`, which no transmission declares and no catalogued provider claims"), "{report}");
    for secret in ["SECRET", "999", "123.456", "sid="] {
        assert!(
            !report.contains(secret),
            "a value reached the report: {secret}\n{report}"
        );
    }
}

#[test]
fn undeclared_data_is_found_through_the_parameter_maps() {
    let mut entries = MATCHING.to_vec();
    entries.push((
        "GET",
        "https://www.google-analytics.com/g/collect?v=2&uid=alice%40example.com",
        None,
    ));
    entries.push((
        "POST",
        "https://metrics.example.net/e",
        Some(r#"{"email": "bob@example.com"}"#),
    ));
    let options = Options::default();
    let (v, report) = run("", &har(&entries), &options).unwrap();
    assert!(report.contains("`google-analytics` receives `uid` (user_id) in 1 request(s), but the notice does not declare it"), "{report}");
    assert!(
        report.contains("`house-metrics` receives `email` (email_address)"),
        "{report}"
    );
    assert!(
        !report.contains("alice") && !report.contains("bob@"),
        "{report}"
    );
    assert!(v.failed(&options));
}

#[test]
fn a_provider_contacted_after_the_user_opted_out_is_named() {
    let options = Options {
        opted_out: vec!["google-analytics".into()],
        ..Options::default()
    };
    let (v, report) = run("", &har(MATCHING), &options).unwrap();
    assert!(v.failed(&options));
    assert!(
        report
            .contains("`google-analytics` was contacted 1 time(s) after the user opted out of it"),
        "{report}"
    );
}

#[test]
fn a_recipient_never_observed_fails_only_when_required() {
    let only_ga = &MATCHING[..1];
    let options = Options::default();
    let (v, report) = run("", &har(only_ga), &options).unwrap();
    assert!(!v.failed(&options), "{report}");
    assert!(
        report.contains("note: no capture shows a request to `house-metrics`"),
        "{report}"
    );
    let strict = Options {
        require_all: true,
        ..Options::default()
    };
    assert!(run("", &har(only_ga), &strict).unwrap().0.failed(&strict));
}

#[test]
fn a_host_two_recipients_claim_an_empty_capture_and_a_broken_one_are_errors() {
    let extra = "\n[[provider]]\nid = \"other-metrics\"\nservice = \"Other\"\nentity = \"Other Inc.\"\ndomains = [\"metrics.example.net\"]\n";
    let catalogue = test_support::catalogue(&format!("{CATALOGUE}{extra}"));
    let src = format!(
        "{SOURCE}\n#[disclose(provider = \"other-metrics\", data = [usage_history], purpose = analytics)] fn other() {{}}"
    );
    let (notice, _) = test_support::try_build(&catalogue, &src).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.har");
    std::fs::write(&path, har(MATCHING)).unwrap();
    let err = verify(
        &catalogue,
        &notice,
        std::slice::from_ref(&path),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("`metrics.example.net` is claimed by `house-metrics` and `other-metrics`"),
        "{err}"
    );
    std::fs::write(&path, r#"{"log": {"entries": []}}"#).unwrap();
    let err = run("", r#"{"log": {"entries": []}}"#, &Options::default()).unwrap_err();
    assert!(err.has(Code::CaptureEmpty), "{err}");
    let err = run(
        "",
        r#"{"log": {"entries": [{"request": "#,
        &Options::default(),
    )
    .unwrap_err();
    assert!(err.has(Code::CaptureInvalid), "{err}");
}
