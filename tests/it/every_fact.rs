//! Nothing stated is left out: a notice that declares every kind of fact the model holds
//! (`tests/every-fact/`) is rendered in every built-in layout, in Markdown and HTML, in Japanese
//! and English, and each fact's words, as the view gives them, appear in each. The facts are
//! enumerated from the view of the model, not listed by hand, so a fact the model gains is checked
//! as soon as the view words it.

use std::collections::BTreeSet;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::render::view::View;
use disclosure_core::render::{self, Format, Layout, Options};

use crate::common::{decode_entities, html_text, markdown_text, root};

fn notice() -> Notice {
    let manifest = root().join("tests/every-fact/Cargo.toml");
    disclosure_core::pipeline::notice(Some(&manifest))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// The keys of the view that are not facts the reader reads: ids, kinds and numbers for
/// templates, the reviewers' provenance, the built-in labels, and the same facts arranged again
/// for one layout (`rows`, `by_data`), or worded twice over (`text`, `described`: the label with
/// its details and explanation, each checked on its own; `summary`: a table cell's phrase).
const NOT_FACTS: &[&str] = &[
    "id",
    "kind",
    "basis_id",
    "origin",
    "entity_kind",
    "provenance",
    "reference",
    "number",
    "iso",
    "lang",
    "layout",
    "t",
    "rows",
    "by_data",
    "text",
    "described",
    "explanation",
    "summary",
    "personal",
    "first_party",
    "sends_nothing",
    "group",
    "identifier",
    "operator",
    "operator_short_name",
    "service_term",
    "services",
    "purposes_of_group",
];

/// Every fact the view words: each string (a multi-line text line by line), with whether it is an
/// address (which a page shows as a link's destination).
fn facts(value: &serde_json::Value, out: &mut BTreeSet<(String, bool)>) {
    match value {
        serde_json::Value::String(s) => {
            for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let url = line.starts_with("https://") || line.starts_with("http://");
                out.insert((line.to_string(), url));
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| facts(v, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if !NOT_FACTS.contains(&k.as_str()) {
                    facts(v, out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn every_layout_prints_every_fact_in_both_formats_and_languages() {
    let notice = notice();
    let mut missing = Vec::new();
    let mut checked = 0;
    for layout in Layout::all() {
        for lang in Lang::ALL {
            let view = View::new(&notice, lang, layout).unwrap();
            let mut expected = BTreeSet::new();
            facts(&serde_json::to_value(&view).unwrap(), &mut expected);
            assert!(expected.len() > 60, "{} facts", expected.len());
            for format in ["markdown", "html"] {
                let options = Options {
                    layout,
                    ..Options::new(Format::named(format), lang)
                };
                let raw = render::render_with(&notice, &options).unwrap();
                let visible = if format == "html" {
                    html_text(&raw)
                } else {
                    markdown_text(&raw)
                };
                let visible = visible.split_whitespace().collect::<Vec<_>>().join(" ");
                let raw = decode_entities(&raw);
                for (fact, url) in &expected {
                    checked += 1;
                    let fact_words = fact.split_whitespace().collect::<Vec<_>>().join(" ");
                    let found = if *url {
                        raw.contains(fact.as_str())
                    } else {
                        visible.contains(&fact_words)
                    };
                    if !found {
                        missing.push(format!("{layout} {format} {lang}: {fact:?}"));
                    }
                }
            }
        }
    }
    assert!(checked > 500, "{checked} checks");
    assert!(
        missing.is_empty(),
        "{} facts left out:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The operator's arrangement holds in every layout and language: the subtitle under the title,
/// then the version and dates (`dates_at_top`), the preface after the introduction, and, where a
/// layout numbers its sections, the purposes first (`sections = "purposes-first"`).
#[test]
fn the_operators_arrangement_is_kept() {
    let notice = notice();
    for layout in Layout::all() {
        for lang in Lang::ALL {
            let view = View::new(&notice, lang, layout).unwrap();
            let options = Options {
                layout,
                ..Options::new(Format::named("markdown"), lang)
            };
            let out = render::render_with(&notice, &options).unwrap();
            let at = |what: &str| {
                out.find(what)
                    .unwrap_or_else(|| panic!("{layout} {lang}: {what:?} not printed"))
            };
            let subtitle = view.subtitle.as_deref().unwrap();
            let version = format!("{}: 3\\.1", view.t["version"]);
            let preface = view.preface.as_deref().unwrap();
            assert!(at(&view.title) < at(subtitle), "{layout} {lang}");
            assert!(at(subtitle) < at(&version), "{layout} {lang}");
            assert!(at(&version) < at(&view.introduction), "{layout} {lang}");
            assert!(at(&view.introduction) < at(preface), "{layout} {lang}");
            if layout.id() == "recipient-table" {
                let purposes = format!("## 1. {}", view.t["purposes_section_heading"]);
                let data = format!("## 2. {}", view.t["data_section_heading"]);
                assert!(at(&purposes) < at(&data), "{lang}");
            }
        }
    }
}
