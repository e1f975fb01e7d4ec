//! `verify` against small captures: a match passes; each kind of mismatch is found with its
//! evidence; no value ever reaches the report.

use super::*;
use crate::declaration::Declaration;
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

fn setup_with(extra: &str, source: &str) -> (Catalogue, Notice, Vec<Declaration>) {
    let catalogue = test_support::catalogue(&format!("{CATALOGUE}{extra}"));
    let declarations = test_support::declarations(&catalogue, source);
    let (notice, _) = test_support::try_build(&catalogue, source).unwrap();
    (catalogue, notice, declarations)
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
    run_with(extra, SOURCE, capture, options)
}

fn run_with(
    extra: &str,
    source: &str,
    capture: &str,
    options: &Options,
) -> Result<(Verification, String), Error> {
    let (catalogue, notice, declarations) = setup_with(extra, source);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.har");
    std::fs::write(&path, capture).unwrap();
    let v = verify(&catalogue, &notice, &declarations, &[path], options)?;
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
        &[],
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

/// One recipient with usage events the user can stop and crash reports the user cannot, each
/// function mapping the keys it sends.
const TWO_KINDS: &str = r#"
#[disclose(provider = "house-metrics", data = [usage_history], purpose = analytics, opt_out = "usage-setting", keys = { "ev" = usage_history })]
fn usage() { let mut m = std::collections::HashMap::new(); m.insert("ev", 1); }
#[disclose(provider = "house-metrics", data = [crash_log], purpose = error_monitoring, opt_out = "crashes-kept", keys = { "trace" = crash_log })]
fn crash() { let mut m = std::collections::HashMap::new(); m.insert("trace", 1); }
"#;

const OPT_OUTS: &str = r#"
[[opt_out]]
id = "usage-setting"
steps = "Turn off usage data in the settings."
stops = "sending"

[[opt_out]]
id = "crashes-kept"
not_possible = "Needed to find the causes of crashes"
"#;

#[test]
fn an_opt_out_stops_only_what_the_notice_says_can_be_stopped() {
    let options = Options {
        opted_out: vec!["house-metrics".into()],
        ..Options::default()
    };
    let crash = [("POST", "https://metrics.example.net/e?trace=x", None)];
    let (v, _) = run_with(OPT_OUTS, TWO_KINDS, &har(&crash), &options).unwrap();
    assert!(
        !v.failed(&options),
        "a crash report cannot be stopped, so it is not a breach: {:?}",
        v.findings
    );
    let usage = [("POST", "https://metrics.example.net/e?ev=1", None)];
    let (v, _) = run_with(OPT_OUTS, TWO_KINDS, &har(&usage), &options).unwrap();
    assert!(
        v.findings
            .iter()
            .any(|f| matches!(f, Finding::OptedOutContacted { count: 1, .. })),
        "{:?}",
        v.findings
    );
}

#[test]
fn the_annotations_key_maps_read_requests_and_an_unmapped_key_is_noted() {
    let options = Options::default();
    // `ev` carries usage history by the annotation's map; `lat` no map names.
    let request = [(
        "POST",
        "https://metrics.example.net/e?ev=1&ev=2&lat=35.6",
        None,
    )];
    let (v, report) = run_with(OPT_OUTS, TWO_KINDS, &har(&request), &options).unwrap();
    assert!(!v.failed(&options), "{:?}", v.findings);
    let unmapped: Vec<&Finding> = v
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::UnmappedKey { .. }))
        .collect();
    assert_eq!(unmapped.len(), 1, "{unmapped:?}");
    assert!(matches!(unmapped[0], Finding::UnmappedKey { key, count: 1, .. } if key == "lat"));
    assert!(!report.contains("35.6"), "no value in the report: {report}");
}

#[test]
fn a_key_found_twice_in_one_request_counts_one_request() {
    let options = Options::default();
    // The key the project maps to an undeclared item, twice in one request.
    let request = [(
        "POST",
        "https://metrics.example.net/e",
        Some(r#"[{"email": "a@example.com"}, {"email": "b@example.com"}]"#),
    )];
    let (v, _) = run("", &har(&request), &options).unwrap();
    let counts: Vec<usize> = v
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::UndeclaredData {
                count, examples, ..
            } => Some(*count * 10 + examples.len()),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [11], "one request, one example: {:?}", v.findings);
}

#[test]
fn an_undeclared_key_in_a_batch_body_fails() {
    let extra = "\n[[provider]]\nid = \"posthog\"\nentity = \"PostHog, Inc.\"\ncountry = \"US\"\ndomains = [\"us.i.posthog.com\"]\n";
    let source = r#"#[disclose(provider = "posthog", data = [cookie_id], purpose = analytics)] fn capture() {}"#;
    let batch = [(
        "POST",
        "https://us.i.posthog.com/batch/",
        Some(
            r#"{"api_key": "phc_x", "batch": [{"event": "$pageview", "properties": {"distinct_id": "d1", "$current_url": "https://app.example/secret"}}]}"#,
        ),
    )];
    let options = Options::default();
    let (v, report) = run_with(extra, source, &har(&batch), &options).unwrap();
    assert!(
        v.findings.iter().any(|f| matches!(
            f,
            Finding::UndeclaredData { recipient, key, .. } if recipient == "posthog" && key == "properties.$current_url"
        )),
        "{:?}",
        v.findings
    );
    assert!(v.failed(&options));
    assert!(!report.contains("secret"), "{report}");
}

#[test]
fn the_operators_website_and_the_hosts_under_it_are_its_own() {
    let catalogue = test_support::catalogue(&CATALOGUE.replace(
        "services = [\"Example\"]",
        "services = [\"Example\"]\nwebsite = \"https://www.shop.example\"",
    ));
    let declarations = test_support::declarations(&catalogue, SOURCE);
    let (notice, _) = test_support::try_build(&catalogue, SOURCE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.har");
    let mut entries = MATCHING.to_vec();
    entries.push(("GET", "https://shop.example/", None));
    entries.push(("GET", "https://cdn.shop.example/app.js", None));
    entries.push(("GET", "https://shop.example.evil.test/x", None));
    std::fs::write(&path, har(&entries)).unwrap();
    let options = Options::default();
    let v = verify(&catalogue, &notice, &declarations, &[path], &options).unwrap();
    assert_eq!(v.own, 3, "{:?}", v.findings);
    assert!(
        v.failed(&options),
        "a look-alike host is not the operator's"
    );
    assert!(
        matches!(&v.findings[..], [Finding::UndeclaredHost { host, .. }, Finding::UnmappedKey { .. }] if host == "shop.example.evil.test"),
        "{:?}",
        v.findings
    );
}

#[test]
fn a_url_a_browser_sends_is_placed_and_one_that_cannot_be_read_is_reported() {
    let (catalogue, notice, declarations) = setup_with("", SOURCE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("requests.jsonl");
    let lines = [
        r#"{"method": "GET", "url": "//www.google-analytics.com/g/collect?cid=1", "opted_out": ["google-analytics"]}"#,
        r#"{"method": "GET", "url": "https:\\\\www.google-analytics.com/g/collect?cid=1", "opted_out": ["google-analytics"]}"#,
        r#"{"method": "GET", "url": "https://[www.google-analytics.com/g", "opted_out": []}"#,
        r#"{"method": "GET", "url": "data:text/plain,x", "opted_out": []}"#,
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let options = Options::default();
    let v = verify(&catalogue, &notice, &declarations, &[path], &options).unwrap();
    assert_eq!(
        v.observed["google-analytics"].requests, 2,
        "{:?}",
        v.findings
    );
    assert!(
        v.findings
            .iter()
            .any(|f| matches!(f, Finding::OptedOutContacted { count: 2, .. })),
        "{:?}",
        v.findings
    );
    assert!(
        v.findings
            .iter()
            .any(|f| matches!(f, Finding::Unplaced { count: 1, .. })),
        "{:?}",
        v.findings
    );
    assert!(v.failed(&options));
    assert_eq!(v.requests, 3, "the data: URL leaves for no one");
    assert!(text(&v, &options).contains("1 request(s) whose URL cannot be read"));
}

#[test]
fn a_capture_with_a_byte_order_mark_is_read() {
    let options = Options::default();
    let (v, _) = run("", &format!("\u{feff}{}", har(MATCHING)), &options).unwrap();
    assert_eq!(v.requests, 3);
    assert!(!v.failed(&options), "{:?}", v.findings);
}

#[test]
fn a_request_with_more_keys_than_are_read_fails_and_its_evidence_stays_short() {
    let query: Vec<String> = (0..100_000).map(|i| format!("k{i}=v")).collect();
    let url = format!(
        "https://www.google-analytics.com/g/collect?{}",
        query.join("&")
    );
    let options = Options::default();
    let (v, _) = run("", &har(&[("GET", &url, None)]), &options).unwrap();
    let too_many = v
        .findings
        .iter()
        .find_map(|f| match f {
            Finding::TooManyKeys {
                count, examples, ..
            } => Some((*count, examples.clone())),
            _ => None,
        })
        .expect("reported");
    assert_eq!(too_many.0, 1);
    assert!(
        too_many.1[0].url.len() < 1_000,
        "{}",
        too_many.1[0].url.len()
    );
    assert!(
        too_many.1[0].url.ends_with("more keys)"),
        "{}",
        too_many.1[0].url
    );
    assert!(v.failed(&options));
}
