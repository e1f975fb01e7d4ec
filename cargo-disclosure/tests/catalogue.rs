//! The built-in catalogue through the real binary: every fact with its evidence in JSON, stale
//! facts listed, a malformed catalogue file refused at its places, unverified facts reported (and
//! refused under --strict), an entity that depends on the operator's contract asked for.

mod common;

use std::fs;

use common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_built_in_fact_has_https_evidence_or_is_marked_unverified() {
    let rows = json(&["catalogue", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 80, "{} providers", rows.len());
    let (mut verified, mut unverified) = (0, 0);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let facts = row["facts"].as_array().unwrap();
        assert!(!facts.is_empty(), "{id}: no facts");
        for f in facts {
            let evidence = f["evidence"].as_array().unwrap();
            assert_eq!(
                f["verified"].as_bool().unwrap(),
                !evidence.is_empty(),
                "{id} {}: verified says whether a quote supports it",
                f["fact"]
            );
            if evidence.is_empty() {
                unverified += 1;
            } else {
                verified += 1;
            }
            for e in evidence {
                let url = e["url"].as_str().unwrap();
                let quote = e["quote"].as_str().unwrap();
                assert!(url.starts_with("https://"), "{id}: {url}");
                assert!(
                    !quote.trim().is_empty() && quote.chars().count() <= 600,
                    "{id}: {quote}"
                );
                assert_eq!(e["checked"].as_str().unwrap().len(), 10, "{id}: a date");
            }
        }
        let has = |name: &str| facts.iter().any(|f| f["fact"] == name);
        match row["role"].as_str() {
            Some("controller") => assert!(has("recipient_use"), "{id}: a controller's own use"),
            Some("processor") => {
                assert!(
                    has("customer_data"),
                    "{id}: a processor's terms for customer data"
                )
            }
            other => panic!("{id}: role {other:?}"),
        }
    }
    assert!(
        verified > unverified,
        "{verified} verified, {unverified} unverified"
    );
    let entity = |id: &str| {
        let row = rows.iter().find(|r| r["id"] == id).unwrap();
        (
            row["entity"]["en"].as_str().unwrap().to_string(),
            row["country"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(entity("paypal"), ("PayPal Pte. Ltd.".into(), "SG".into()));
    assert_eq!(
        entity("sign-in-with-apple"),
        ("iTunes K.K.".into(), "JP".into())
    );
    assert_eq!(entity("intercom").0, "Intercom R&D Unlimited Company");
    assert_eq!(entity("adjust").0, "Adjust K.K.");
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
        text.contains("paypal entity[JP]: checked 2026-11-23 (190 days ago) at https://"),
        "{text}"
    );
    let out = run(
        dir.path(),
        &["catalogue", "--stale", "30", "--today", "2026-11-30"],
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

[role]
value = "processor"
evidence = [{{ url = "http://example.com/dpa", quote = "We act as a processor.", checked = 2026-11-23 }}]

[[entity]]
serves = ["JP", "*"]
name = {{ en = "Example K.K." }}
country = "JP"
evidence = [{{ url = "https://example.com/terms", quote = "", checked = 2026-11-23 }}]

[[entity]]
serves = ["JP"]
name = {{ en = "Example Inc." }}
country = "US"
evidence = [{{ url = "https://example.com/terms", quote = "{long}", checked = 2026-11-23 }}]

[customer_data]
url = "https://example.com/dpa"
evidence = []
"#
    );
    fs::write(dir.path().join("example.toml"), file).unwrap();
    let out = run(dir.path(), &["catalogue", "--check-file", "example.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        "error[D0119]: `example`: the source of `role` is not an https address: `http://example.com/dpa`\n --> example.toml:7:",
        "error[D0119]: `example`: the quote for `entity` is empty\n  --> example.toml:13:",
        "error[D0119]: `example`: the quote for `entity` is longer than a paragraph\n  --> example.toml:19:",
        "error[D0119]: `example`: two entity candidates serve `JP`\n  --> example.toml:16:",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let out = run(
        dir.path(),
        &[
            "catalogue",
            "--check-file",
            &common::repo_root()
                .join("disclosure-core/data/providers/google-analytics.toml")
                .to_string_lossy(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unverified_facts_are_named_and_refused_under_strict() {
    // d-account's hosts are in the built-in catalogue without a quoted source.
    let catalogue = "[notice]\ncontact = \"privacy@example.com\"\nlast_updated = 2026-11-01\n\n[operator]\nname = \"Example K.K.\"\nservices = [\"Example\"]\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n";
    let source = "#[disclosure::disclose(provider = \"d-account\", data = [login_provider_id], purpose = [login_authentication])]\npub fn login() {}\n";
    let fixture = Fixture::new(catalogue, source);
    let out = run(fixture.path(), &["generate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning[D0415]: the built-in `domains` of `d-account` has no quoted source: the notice prints it unverified"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(run(fixture.path(), &["check"]).status.code(), Some(0));
    let out = run(fixture.path(), &["check", "--strict"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[D0415]"), "{}", stderr(&out));
    // The project stating the fact itself silences it: its own facts are its responsibility.
    fs::write(
        fixture.path().join("disclosure.toml"),
        format!(
            "{catalogue}\n[[provider]]\nid = \"d-account\"\ndomains = [\"id.smt.docomo.ne.jp\"]\n"
        ),
    )
    .unwrap();
    let out = run(fixture.path(), &["check", "--strict"]);
    assert!(!stderr(&out).contains("D0415"), "{}", stderr(&out));
    // `[policy] strict = true` refuses it on every run.
    fs::write(
        fixture.path().join("disclosure.toml"),
        format!("{catalogue}\n[policy]\nstrict = true\n"),
    )
    .unwrap();
    Fixture::at(fixture.path()).fails_without_touching_output(&["error[D0415]"]);
}

#[test]
fn an_entity_that_depends_on_the_contract_must_be_stated() {
    let catalogue = "[notice]\ncontact = \"privacy@example.com\"\nlast_updated = 2026-11-01\n\n[operator]\nname = \"Example K.K.\"\nservices = [\"Example\"]\n";
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
            "| 送信先の役割 | 当社の委託を受けて、当社のために利用者情報を取り扱います。 |"
        ),
        "a processor acts for the operator: {md}"
    );
}
