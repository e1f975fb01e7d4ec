//! The bundled examples carry every fact of the two seed notices, in Japanese and English, and their
//! committed notices are what `cargo disclosure generate` produces today.

mod common;

use std::collections::BTreeMap;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::{Project, render_all};
use disclosure_core::render::Format;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    document: Vec<String>,
    #[serde(rename = "recipient")]
    recipients: Vec<RecipientFacts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipientFacts {
    service: String,
    facts: Vec<String>,
}

/// The text of the section headed `### {service}`: up to the next `###` or `##` heading.
fn section<'a>(notice: &'a str, service: &str) -> Option<&'a str> {
    let heading = format!("\n### {service}\n");
    let start = notice.find(&heading)? + heading.len();
    let rest = &notice[start..];
    let end = ["\n### ", "\n## "]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn check_example(example: &str) {
    let facts_path = common::root()
        .join("tests/facts")
        .join(format!("{example}.toml"));
    let facts: BTreeMap<String, Facts> =
        toml::from_str(&std::fs::read_to_string(&facts_path).unwrap()).unwrap();
    let mut missing = Vec::new();
    for (lang, facts) in &facts {
        let lang: Lang = lang.parse().unwrap();
        let notice = common::generate(&common::example_manifest(example), Format::Markdown, lang);
        for fact in &facts.document {
            if !notice.contains(fact.as_str()) {
                missing.push(format!("[{lang}] document: {fact:?}"));
            }
        }
        for recipient in &facts.recipients {
            let Some(section) = section(&notice, &recipient.service) else {
                missing.push(format!(
                    "[{lang}] no section for recipient {:?}",
                    recipient.service
                ));
                continue;
            };
            for fact in &recipient.facts {
                if !section.contains(fact.as_str()) {
                    missing.push(format!("[{lang}] {}: {fact:?}", recipient.service));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{example}: facts missing from the generated notice:\n{}",
        missing.join("\n")
    );
}

#[test]
fn door_notice_carries_every_fact_of_the_door_seed() {
    check_example("door");
}

#[test]
fn hennge_notice_carries_every_fact_of_the_hennge_seed() {
    check_example("hennge");
}

#[test]
fn hennge_lists_eleven_external_recipients_and_the_first_party_section() {
    let (notice, _) =
        disclosure_core::pipeline::notice(Some(&common::example_manifest("hennge"))).unwrap();
    let third_parties = notice.recipients.iter().filter(|r| !r.first_party).count();
    assert_eq!(third_parties, 11);
    let first_party: Vec<_> = notice.recipients.iter().filter(|r| r.first_party).collect();
    assert_eq!(first_party.len(), 1);
    assert_eq!(first_party[0].purpose_ids().len(), 3);
}

#[test]
fn committed_example_notices_are_fresh() {
    let mut stale = Vec::new();
    for example in ["door", "hennge"] {
        let (project, _) = Project::load(Some(&common::example_manifest(example))).unwrap();
        let (notice, _) = project.notice().unwrap();
        let outputs = project.declared_outputs().unwrap();
        assert_eq!(
            outputs.len(),
            4,
            "{example} declares its four published files"
        );
        for (output, text) in render_all(&notice, &outputs).unwrap().0 {
            if std::fs::read_to_string(&output.path).unwrap_or_default() != text {
                stale.push(output.path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale committed notices (run `cargo disclosure generate --manifest-path examples/<name>/Cargo.toml`): {stale:?}"
    );
}
