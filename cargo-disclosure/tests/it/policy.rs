//! `cargo disclosure policy` (and `check`): each rule kind, level, group, exception (valid,
//! expired, unused) and the review requirement, with the exact diagnostic and exit status.

use std::fs;

use crate::common::*;

pub(crate) const PROVIDERS: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }

[[provider]]
id = "google-analytics"
service = "Google Analytics"
entity = "Google LLC"
country = "US"
recipient_use = "Reports on usage."

[[provider]]
id = "ad-network"
service = "Ad Network"
entity = "Ad Network Inc."
country = "US"
recipient_use = "Ad delivery."

[[provider]]
id = "jp-analytics"
service = "JP Analytics"
entity = { ja = "例解析株式会社", en = "Example Analytics K.K." }
country = "JP"
recipient_use = "Usage reports."
"#;

const CODE: &str = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
pub fn page_view() {}

#[disclose(provider = "ad-network", data = [location_precise, advertising_id], purpose = [advertising])]
pub fn ad_request() {}

#[disclose(provider = "jp-analytics", data = [usage_history], purpose = [analytics], review = "LEGAL-42")]
pub fn usage() {}
"#;

/// Runs `policy` (on a fixed day) with `policy` appended to the catalogue: its exit status and
/// its diagnostics (standard error).
fn policy(policy: &str) -> (Option<i32>, String) {
    let fixture = Fixture::new(&format!("{PROVIDERS}\n{policy}"), CODE);
    let out = run(fixture.path(), &["policy", "--today", "2026-11-23"]);
    assert!(String::from_utf8_lossy(&out.stdout).is_empty());
    (out.status.code(), stderr(&out))
}

#[test]
fn an_allow_list_of_providers() {
    let (status, text) =
        policy("[policy.providers]\nallow = [\"google-analytics\", \"jp-analytics\"]\n");
    assert_eq!(status, Some(1));
    insta::assert_snapshot!(text);
}

#[test]
fn a_deny_list_at_warn_level_prints_and_passes() {
    let (status, text) = policy("[policy.providers]\ndeny = [\"ad-network\"]\nlevel = \"warn\"\n");
    assert_eq!(status, Some(0));
    insta::assert_snapshot!(text);
}

#[test]
fn data_and_purpose_through_a_group() {
    let (status, text) = policy(
        "[policy.groups]\nlocation = [\"location_coarse\", \"location_precise\"]\n\n[[policy.rule]]\nid = \"no-location-for-ads\"\ndata = [\"@location\"]\npurpose = [\"advertising\", \"ad_measurement\"]\nmessage = \"no location data for advertising\"\n",
    );
    assert_eq!(status, Some(1));
    insta::assert_snapshot!(text);
}

#[test]
fn data_to_a_provider() {
    let (status, text) = policy(
        "[[policy.rule]]\nid = \"no-ids-to-ga\"\ndata = [\"advertising_id\", \"user_id\"]\nprovider = [\"google-analytics\", \"ad-network\"]\n",
    );
    assert_eq!(status, Some(1));
    insta::assert_snapshot!(text);
}

#[test]
fn abroad_needs_a_review_reference() {
    let (status, text) = policy(
        "[[policy.rule]]\nid = \"abroad-needs-review\"\nabroad = true\nrequire_review = true\nlevel = \"warn\"\n",
    );
    assert_eq!(status, Some(0), "warn");
    insta::assert_snapshot!(text);
    // The reviewed transmission to Japan is not abroad; the two to the US are flagged.
    assert_eq!(
        text.matches("warning[D0502]: [abroad-needs-review]")
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn a_country_rule_and_a_review_that_satisfies_it() {
    let (status, text) = policy(
        "[[policy.rule]]\nid = \"jp-needs-review\"\ncountry = [\"JP\"]\nrequire_review = true\n",
    );
    assert_eq!(
        status,
        Some(0),
        "the JP transmission carries review = \"LEGAL-42\": {text}"
    );
    assert_eq!(text, "policy: 0 errors, 0 warnings\n");
}

#[test]
fn an_allow_level_rule_reports_nothing() {
    let (status, text) = policy(
        "[[policy.rule]]\nid = \"ads-ok\"\npurpose = [\"advertising\"]\nlevel = \"allow\"\n",
    );
    assert_eq!(
        (status, text.as_str()),
        (Some(0), "policy: 0 errors, 0 warnings\n")
    );
}

#[test]
fn exceptions_valid_expired_and_unused() {
    let rule = "[[policy.rule]]\nid = \"no-ads\"\npurpose = [\"advertising\"]\n";
    let valid = format!(
        "{rule}\n[[policy.exception]]\nrule = \"no-ads\"\nprovider = \"ad-network\"\nreason = \"pilot approved in LEGAL-7\"\nexpires = 2026-12-31\n"
    );
    let (status, text) = policy(&valid);
    assert_eq!(
        (status, text.as_str()),
        (Some(0), "policy: 0 errors, 0 warnings\n")
    );

    let expired = valid.replace("2026-12-31", "2026-11-01");
    let (status, text) = policy(&expired);
    assert_eq!(status, Some(1));
    insta::assert_snapshot!("expired", text);

    let unused = format!(
        "{valid}\n[[policy.exception]]\nrule = \"no-ads\"\nitem = \"removed_long_ago\"\nreason = \"old\"\nexpires = 2027-01-01\n"
    );
    let (status, text) = policy(&unused);
    assert_eq!(status, Some(0), "an unused exception is a warning");
    insta::assert_snapshot!("unused", text);
}

#[test]
fn the_json_form_for_tools() {
    let fixture = Fixture::new(
        &format!("{PROVIDERS}\n[policy.providers]\ndeny = [\"ad-network\"]\n"),
        CODE,
    );
    let out = run(
        fixture.path(),
        &[
            "policy",
            "--message-format",
            "json",
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["code"], "D0501");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "[providers.deny] `ad-network` is a denied provider"
    );
    assert_eq!(d["location"]["file"], "src/lib.rs");
    assert_eq!(d["location"]["line"], 6);
    assert_eq!(d["labels"][0]["message"], "the deny list");
    assert_eq!(d["labels"][0]["location"]["file"], "disclosure.toml");
}

#[test]
fn check_and_generate_enforce_the_policy() {
    let catalogue = format!("{PROVIDERS}\n[[output]]\npath = \"notice.json\"\nformat = \"json\"\n");
    let fixture = Fixture::new(&catalogue, CODE);
    assert!(run(fixture.path(), &["generate"]).status.success());
    let notice = fs::read_to_string(fixture.path().join("notice.json")).unwrap();
    fs::write(
        fixture.path().join("disclosure.toml"),
        format!("{catalogue}\n[policy.providers]\ndeny = [\"ad-network\"]\n"),
    )
    .unwrap();
    // generate publishes nothing that breaks a `deny` rule.
    let out = run(fixture.path(), &["generate", "--today", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("`ad-network` is a denied provider"));
    assert_eq!(
        fs::read_to_string(fixture.path().join("notice.json")).unwrap(),
        notice
    );
    let out = run(fixture.path(), &["check", "--today", "2026-11-23"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "fresh, but the policy is violated"
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stderr(&out).contains("error[D0501]: [providers.deny] `ad-network` is a denied provider"),
        "{}",
        stderr(&out)
    );
    assert!(text.contains("fresh: 1 output"), "{text}");
}

#[test]
fn every_cookbook_rule_in_docs_catches_its_example() {
    let doc = std::fs::read_to_string(repo_root().join("docs/policy.md")).unwrap();
    let cookbook = &doc[doc.find("## Cookbook").unwrap()..];
    let block = |text: &str, lang: &str| -> Vec<String> {
        text.split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b[..b.find("```").unwrap()].to_string())
            .collect()
    };
    let sections: Vec<&str> = cookbook.split("\n### ").skip(1).collect();
    assert_eq!(sections.len(), 10, "ten rules");
    for section in sections {
        let title = section.lines().next().unwrap();
        let (rule, code) = (&block(section, "toml")[0], &block(section, "rust")[0]);
        let fixture = Fixture::new(
            &format!("{PROVIDERS}\n{rule}"),
            &format!("use disclosure::disclose;\n\n{code}"),
        );
        let out = run(fixture.path(), &["policy", "--today", "2026-11-23"]);
        let text = stderr(&out);
        let warn_only = rule.contains("level = \"warn\"");
        assert_eq!(
            out.status.code(),
            Some(if warn_only { 0 } else { 1 }),
            "{title}:\n{text}{}",
            stderr(&out)
        );
        let id = rule
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .map(|l| l.trim_end_matches('"').to_string())
            .unwrap_or_else(|| {
                if rule.contains("allow =") {
                    "providers.allow".into()
                } else {
                    "providers.deny".into()
                }
            });
        let level = if warn_only {
            "warning[D0502]"
        } else {
            "error[D0501]"
        };
        assert!(
            text.contains(&format!("{level}: [{id}]")),
            "{title}: {text}"
        );
    }
}

#[test]
fn the_door_examples_policy_passes_and_a_breach_is_caught() {
    let example = repo_root().join("examples/door");
    let fixture = Fixture::new(
        &std::fs::read_to_string(example.join("disclosure.toml")).unwrap(),
        &std::fs::read_to_string(example.join("src/login.rs")).unwrap(),
    );
    let out = run(fixture.path(), &["policy", "--today", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let breach = format!(
        "{}\n#[disclose(provider = \"google-analytics\", data = [docomo_id], purpose = [analytics])]\npub fn leak() {{}}\n",
        std::fs::read_to_string(example.join("src/login.rs")).unwrap()
    );
    std::fs::write(fixture.path().join("src/lib.rs"), breach).unwrap();
    let out = run(fixture.path(), &["policy", "--today", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("error[D0501]: [login-ids-stay-with-login] identifiers from a login provider must not reach analytics: `leak` sends [docomo_id] to `google-analytics` for [analytics]"),
        "{text}"
    );
}
