//! The bundled examples carry every fact of the published notices they reproduce (the two seeds and
//! three notices laid out otherwise), in Japanese and English, each where the notice puts it; and
//! their committed notices are what `cargo disclosure generate` produces today.
//!
//! A facts file (`tests/facts/<example>.toml`) lists, per language, `document` facts (anywhere),
//! `recipient` facts (in the section headed `### <service>`), `section` facts (in the section
//! under a given heading line) and `row` facts (in the table rows that contain a given text).

use std::collections::BTreeMap;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::{Project, render_all};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    document: Vec<String>,
    #[serde(default, rename = "recipient")]
    recipients: Vec<RecipientFacts>,
    #[serde(default, rename = "section")]
    sections: Vec<SectionFacts>,
    #[serde(default, rename = "row")]
    rows: Vec<RowFacts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipientFacts {
    service: String,
    facts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFacts {
    heading: String,
    facts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFacts {
    contains: String,
    facts: Vec<String>,
}

/// The text under each heading line `heading` (`### Google Analytics`): up to the next heading of
/// the same or a higher level, every such section joined.
fn section(notice: &str, heading: &str) -> Option<String> {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let line = format!("\n{heading}\n");
    // A recipient may have a section in the details and another among the servers'
    // transmissions: its facts are in one of them.
    let mut found: Vec<&str> = Vec::new();
    for (at, _) in notice.match_indices(&line) {
        let rest = &notice[at + line.len()..];
        let end = (1..=level)
            .map(|l| format!("\n{} ", "#".repeat(l)))
            .filter_map(|h| rest.find(&h))
            .min()
            .unwrap_or(rest.len());
        found.push(&rest[..end]);
    }
    (!found.is_empty()).then(|| found.join("\n"))
}

/// Every table row (a line starting with `|`) that contains `key`, joined.
fn rows(notice: &str, key: &str) -> String {
    notice
        .lines()
        .filter(|l| l.starts_with('|') && l.contains(key))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_example(example: &str) {
    let facts_path = crate::common::root()
        .join("tests/facts")
        .join(format!("{example}.toml"));
    let facts: BTreeMap<String, Facts> =
        toml::from_str(&std::fs::read_to_string(&facts_path).unwrap()).unwrap();
    let mut missing = Vec::new();
    for (lang, facts) in &facts {
        let lang: Lang = lang.parse().unwrap();
        let notice = crate::common::published_markdown(example, lang);
        for fact in &facts.document {
            if !notice.contains(fact.as_str()) {
                missing.push(format!("[{lang}] document: {fact:?}"));
            }
        }
        let scopes = facts
            .recipients
            .iter()
            .map(|r| {
                (
                    format!("### {}", r.service),
                    section(&notice, &format!("### {}", r.service)),
                    &r.facts,
                )
            })
            .chain(
                facts
                    .sections
                    .iter()
                    .map(|s| (s.heading.clone(), section(&notice, &s.heading), &s.facts)),
            )
            .chain(facts.rows.iter().map(|r| {
                let found = rows(&notice, &r.contains);
                (
                    format!("rows with {:?}", r.contains),
                    (!found.is_empty()).then_some(found),
                    &r.facts,
                )
            }));
        for (scope, text, expected) in scopes {
            let Some(text) = text else {
                missing.push(format!("[{lang}] no {scope}"));
                continue;
            };
            for fact in expected {
                if !text.contains(fact.as_str()) {
                    missing.push(format!("[{lang}] {scope}: {fact:?}"));
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
fn trvis_notice_by_data_carries_every_fact_of_the_trvis_policy() {
    check_example("trvis");
}

#[test]
fn centermobile_notice_in_the_numbered_table_layout_carries_every_fact() {
    check_example("centermobile");
}

#[test]
fn b2b_hosting_notice_carries_every_row_and_its_own_way_to_stop_it() {
    check_example("b2b-hosting");
}

#[test]
fn hennge_lists_eleven_external_recipients_and_the_first_party_section() {
    let (notice, _) =
        disclosure_core::pipeline::notice(Some(&crate::common::example_manifest("hennge")))
            .unwrap();
    let third_parties = notice
        .recipients
        .iter()
        .filter(|r| !r.first_party())
        .count();
    assert_eq!(third_parties, 11);
    let first_party: Vec<_> = notice
        .recipients
        .iter()
        .filter(|r| r.first_party())
        .collect();
    assert_eq!(first_party.len(), 1);
    assert_eq!(first_party[0].purpose_ids().len(), 3);
}

#[test]
fn committed_example_notices_are_fresh() {
    let mut stale = Vec::new();
    for example in ["door", "hennge", "trvis", "centermobile", "b2b-hosting"] {
        let (project, _) = Project::load(Some(&crate::common::example_manifest(example))).unwrap();
        let (notice, _) = project.notice().unwrap();
        let outputs = project.declared_outputs().unwrap();
        // The four published files, and the app's consent panel where it has a settings screen.
        let expected = if example == "trvis" { 5 } else { 4 };
        assert_eq!(
            outputs.len(),
            expected,
            "{example} declares its {expected} published files"
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
