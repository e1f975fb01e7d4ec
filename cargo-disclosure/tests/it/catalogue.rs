//! The built-in catalogue through the real binary: every fact with its provenance and evidence in
//! JSON, stale facts listed, a malformed provider file refused at its places, an entity that
//! depends on the operator's contract asked for.

use std::fs;

use crate::common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_json_listing_carries_each_fact_with_its_provenance_and_evidence() {
    let rows = json(&["catalogue", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 80, "{} providers", rows.len());
    let paypal = rows.iter().find(|r| r["id"] == "paypal").unwrap();
    // The built-in file's records: each says whether a quote supports it, and which are legal.
    let records = paypal["built_in"].as_array().unwrap();
    for r in records {
        let quoted = !r["evidence"].as_array().unwrap().is_empty();
        assert_eq!(r["verified"], quoted, "{r}");
    }
    let candidate = records.iter().find(|r| r["fact"] == "entity[JP]").unwrap();
    assert_eq!(candidate["value"]["name"], "PayPal Pte. Ltd.");
    assert_eq!(candidate["legal"], true);
    let entity = &paypal["facts"]["entity"];
    assert_eq!(entity["value"]["en"], "PayPal Pte. Ltd.");
    assert_eq!(entity["provenance"]["kind"], "builtin");
    let evidence = &entity["evidence"][0];
    for field in ["url", "quote", "checked", "document_date", "date_kind"] {
        assert!(evidence[field].is_string(), "{field}: {evidence}");
    }
    assert_eq!(evidence["primary"], true);
    assert_eq!(paypal["facts"]["country"]["value"]["code"], "SG");
    // A fact nobody quoted carries no evidence: the listing says so by its absence.
    assert!(paypal["facts"]["category"].get("evidence").is_none());
    assert!(paypal["candidates"].is_array());
}

#[test]
fn stale_facts_are_listed_with_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["catalogue", "--stale", "30", "--today", "2027-06-01"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("paypal entity[JP]: checked 2026-12-07 (176 days ago) at https://"),
        "{text}"
    );
    let out = run(
        dir.path(),
        &["catalogue", "--stale", "30", "--today", "2026-12-20"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("0 built-in facts")
    );
}

#[test]
fn a_malformed_catalogue_file_is_refused_at_each_place() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(700);
    let file = format!(
        r#"service = "Example"
category = "analytics"
mechanism = "tag"
sites = ["example.com"]

[role]
value = "processor"
evidence = [{{ url = "http://example.com/dpa", quote = "We act as a processor.", checked = 2026-11-23, document_date = 2026-11-23, date_kind = "seen" }}]

[[candidate]]
serves = ["JP", "*"]
name = {{ en = "Exemplar K.K." }}
country = "JP"
evidence = [{{ url = "https://example.com/terms", quote = "", checked = 2026-11-23, document_date = 2026-11-23, date_kind = "seen" }}]

[[candidate]]
serves = ["JP"]
name = {{ en = "Example Inc." }}
country = "US"
evidence = [{{ url = "https://example.com/terms", quote = "{long}", checked = 2026-11-23, document_date = 2026-11-23, date_kind = "seen" }}]

[customer_data]
value = "https://example.com/dpa"
evidence = []
"#
    );
    fs::write(dir.path().join("example.toml"), file).unwrap();
    let out = run(dir.path(), &["catalogue", "--check-file", "example.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        "error[D0119]: `example`: the source of `role` is not an https address: `http://example.com/dpa`\n --> example.toml:8:",
        "error[D0119]: `example`: the quote for `entity` is empty\n  --> example.toml:14:",
        "error[D0119]: `example`: the quote for `entity` is longer than a paragraph\n  --> example.toml:20:",
        "error[D0119]: `example`: two entity candidates serve `JP`\n  --> example.toml:17:",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let out = run(
        dir.path(),
        &[
            "catalogue",
            "--check-file",
            &crate::common::repo_root()
                .join("disclosure-core/data/providers/google-analytics.toml")
                .to_string_lossy(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_entity_that_depends_on_the_contract_must_be_stated() {
    let catalogue = "[notice]\ncontact = \"privacy@example.com\"\nlast_updated = 2026-11-01\n\n[operator]\nname = \"Exemplar K.K.\"\nservices = [\"Example\"]\n";
    let source = "#[disclosure::disclose(provider = \"slack\", data = [message_content], purpose = [customer_support])]\npub fn post() {}\n";
    Fixture::new(catalogue, source).fails_without_touching_output(&[
        "error[D0414]: which legal entity of `slack` handles the information for a service in Japan depends on your contract with it",
        "--> src/lib.rs:1:",
        "[[provider]] id = \"slack\"",
    ]);
    let stated = format!(
        "{catalogue}\n[[provider]]\nid = \"slack\"\nentity = \"Slack Technologies Limited\"\ncountry = \"IE\"\n"
    );
    let fixture = Fixture::new(&stated, source);
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| 送信先（利用者情報を取り扱う事業者） | Slack Technologies Limited |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| 送信先の役割 | 送信先の規約では、送信先は当社のためにのみ利用者情報を取り扱い、自らの目的には利用しないこととされています。 |"
        ),
        "a processor acts for the operator: {md}"
    );
}

/// A new application using the providers most services in Japan start with passes with no warning
/// at all on their built-in facts: nothing unverified, nothing stale, nothing to allow. Only what
/// the application alone knows is its to state: Stripe's entity, which depends on the account's
/// country, and whether its users can stop each transmission.
#[test]
fn a_new_application_with_the_common_providers_passes_deny_warnings() {
    let catalogue = r#"
[operator]
name = { ja = "新規株式会社", en = "Shinki K.K." }
services = [{ ja = "新規アプリ", en = "Shinki App" }]
website = "https://shinki.example"

[notice]
last_updated = 2026-12-01
contact = { ja = "privacy@shinki.example までご連絡ください。", en = "Write to privacy@shinki.example." }

[[provider]]
id = "stripe"
entity = { ja = "ストライプジャパン株式会社", en = "Stripe Japan K.K." }
country = "JP"

[[opt_out]]
id = "crash-reports"
steps = { ja = "アプリの「設定」画面で「クラッシュレポートを送信する」をオフにしてください。", en = "Turn off “Send crash reports” in the app's Settings." }
stops = "sending"

[[opt_out]]
id = "payment"
not_possible = { ja = "決済の処理に必要なため、停止できません。", en = "It cannot be stopped: the payment cannot be processed without it." }
"#;
    let source = r#"
#[disclosure::disclose(provider = "google-analytics", data = [page_url, ip_address], purpose = [analytics])]
pub fn page_view() {}
#[disclosure::disclose(provider = "google-sign-in", data = [email_address], purpose = [login_authentication], basis = essential, reason = "利用者が自らのアカウントにログインするための認証に用いるため")]
pub fn sign_in() {}
#[disclosure::disclose(provider = "sentry", data = [crash_log], purpose = [error_monitoring], opt_out = "crash-reports")]
pub fn crash() {}
#[disclosure::disclose(provider = "stripe", data = [email_address], purpose = [payment], opt_out = "payment")]
pub fn pay() {}
"#;
    let fixture = Fixture::new(catalogue, source);
    let out = run(
        fixture.path(),
        &["generate", "--lang", "ja,en", "--deny", "warnings"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

/// The default build carries no network code: asked to re-check, it says how to get a build that
/// can, and fetches nothing.
#[cfg(not(feature = "recheck"))]
#[test]
fn the_default_build_cannot_recheck_and_says_how_to() {
    let out = run(
        &repo_root(),
        &["catalogue", "--recheck", "--provider", "paypal"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("built without network access")
            && stderr(&out).contains("--features recheck"),
        "{}",
        stderr(&out)
    );
}
