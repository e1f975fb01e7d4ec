//! The renderers' own tests: unique element ids whatever the provider ids and languages, the page's
//! CSS on narrow screens, the Mermaid title, placeholders filled once, and the fuel that bounds a
//! template's work.

use std::collections::BTreeSet;

use super::*;
use crate::foundation::localized::Localized;
use crate::test_support::{examples, notice};

/// Every id the built-in HTML gives an element of its own.
const PAGE_IDS: &[&str] = &[
    "data",
    "purposes",
    "recipients",
    "details",
    "purpose-groups",
    "by-data",
    "summary",
    "not-sent",
    "opt-out",
    "first-party",
    "server",
    "revisions",
    "contact",
    "notes",
    "history",
];

/// A notice whose providers are named like the page's own ids, like a transmission of another
/// provider (`foo-2`, `foo-2-heading`) and like another's server section (`server-foo`).
fn colliding_notice() -> Notice {
    let mut catalogue = String::from(
        "[notice]\nopt_out = \"x\"\nessential = \"x\"\nrevision_policy = \"x\"\ncontact = \"x\"\nnotes = [\"x\"]\nserver_section = true\nlast_updated = 2024-01-01\n\n[[notice.revision]]\ndate = 2024-01-01\nsummary = \"x\"\n\n[operator]\nname = \"Example K.K.\"\nservices = [\"Example\"]\n\n[[data]]\nid = \"never\"\nlabel = \"x\"\nnot_sent = \"x\"\n",
    );
    let mut source = String::new();
    let ids: Vec<&str> = PAGE_IDS
        .iter()
        .copied()
        .chain(["foo", "foo-2", "foo-2-heading", "server-foo", "ja-summary"])
        .collect();
    for id in &ids {
        let first_party = if *id == "first-party" {
            "first_party = true\n"
        } else {
            ""
        };
        catalogue.push_str(&format!(
            "\n[[provider]]\nid = \"{id}\"\nservice = \"{id}\"\nentity = \"{id} Inc.\"\n{first_party}"
        ));
        source.push_str(&format!(
            "#[disclose(provider = \"{id}\", data = [page_url], purpose = [analytics])]\nfn a() {{}}\n"
        ));
    }
    source.push_str(
        "#[disclose(provider = \"foo\", data = [ip_address], purpose = [advertising])]\nfn b() {}\n\
         #[disclose(provider = \"foo\", data = [ip_address], purpose = [analytics], origin = server)]\nfn c() {}\n\
         #[disclose(provider = \"server-foo\", data = [ip_address], purpose = [analytics], origin = server)]\nfn d() {}\n",
    );
    notice(&catalogue, &source)
}

fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .map(|(i, m)| {
            let value = &html[i + m.len()..];
            &value[..value.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn element_ids_are_unique_whatever_the_provider_ids_and_languages() {
    let notice = colliding_notice();
    for layout in Layout::all() {
        for langs in [
            vec![Lang::Ja],
            vec![Lang::Ja, Lang::En],
            vec![Lang::Ja, Lang::En, Lang::Ja],
        ] {
            let options = Options {
                langs: langs.clone(),
                layout,
                ..Options::new(Format::named("html"), Lang::Ja)
            };
            let html = render_with(&notice, &options).unwrap();
            let ids = attribute_values(&html, "id");
            let unique: BTreeSet<&str> = ids.iter().copied().collect();
            assert_eq!(
                ids.len(),
                unique.len(),
                "{layout:?} {langs:?}: duplicate ids in {ids:?}"
            );
            // Every reference points at an element of the page.
            for target in attribute_values(&html, "aria-labelledby") {
                assert!(unique.contains(target), "{layout:?} {langs:?}: {target}");
            }
            for href in attribute_values(&html, "href") {
                if let Some(target) = href.strip_prefix('#') {
                    assert!(unique.contains(target), "{layout:?} {langs:?}: {href}");
                }
            }
            if layout == Layout::named("by-recipient") && langs == [Lang::Ja] {
                for id in [
                    "summary",
                    "recipient_summary",
                    "recipient_foo_2",
                    "recipient_foo-2",
                ] {
                    assert!(unique.contains(id), "{id} in {ids:?}");
                }
            }
        }
    }
}

#[test]
fn each_language_is_rendered_once() {
    let notice = colliding_notice();
    let with = |langs: Vec<Lang>| {
        let options = Options {
            langs,
            ..Options::new(Format::named("html"), Lang::Ja)
        };
        render_with(&notice, &options).unwrap()
    };
    assert_eq!(
        with(vec![Lang::Ja, Lang::En, Lang::Ja]),
        with(vec![Lang::Ja, Lang::En])
    );
    assert_eq!(with(vec![Lang::En, Lang::En]), with(vec![Lang::En]));
}

/// The page's style sheet, rule by rule: selector and declarations.
fn css_rules(page: &str) -> Vec<(String, String)> {
    let start = page.find("<style>").unwrap() + "<style>".len();
    let css = &page[start..page.find("</style>").unwrap()];
    let mut rules = Vec::new();
    for block in css.split('}') {
        if let Some((selector, body)) = block.split_once('{') {
            // `@media … {` opens a block of its own: keep the inner selector.
            let selector = selector.rsplit('\n').next().unwrap_or(selector);
            rules.push((selector.trim().to_string(), body.trim().to_string()));
        }
    }
    rules
}

#[test]
fn tables_scroll_instead_of_breaking_words_on_a_phone() {
    let notice = colliding_notice();
    for layout in Layout::all() {
        let options = Options {
            layout,
            ..Options::new(Format::named("html"), Lang::Ja)
        };
        let page = render_with(&notice, &options).unwrap();
        assert!(page.contains("<table>"), "{layout:?}");
        // Every table sits in a wrapper that scrolls sideways.
        assert_eq!(
            page.matches("<table>").count(),
            page.matches("<div class=\"table-wrap\">\n<table>").count(),
            "{layout:?}"
        );
        let rules = css_rules(&page);
        let rule = |selector: &str| {
            rules
                .iter()
                .find(|(s, _)| s == selector)
                .map(|(_, body)| body.as_str())
                .unwrap_or_else(|| panic!("no `{selector}` rule in {rules:?}"))
        };
        assert!(rule(".table-wrap").contains("overflow-x: auto"));
        for (selector, body) in &rules {
            assert!(!body.contains("break-all"), "{selector}: {body}");
            // Breaking anywhere is for the definition lists' values alone (a grid shrinks them).
            if body.contains("overflow-wrap: anywhere") {
                assert_eq!(selector, "dd", "{body}");
            }
        }
        // Cells wrap at word boundaries: a long word widens the table, which then scrolls.
        assert!(rule("th, td").contains("overflow-wrap: normal"));
        assert!(rule("th").contains("word-break: keep-all"));
        assert!(rule("body").contains("line-break: strict"));
    }
}

#[test]
fn the_mermaid_title_is_a_yaml_string() {
    let mut notice = colliding_notice();
    let title = "a\\b \"c\" <d> & `e` \\\" \r# f\u{0}";
    notice.title = Localized::same(title);
    let mmd = render(&notice, Format::named("mermaid"), Lang::En).unwrap();
    let line = mmd.lines().find(|l| l.starts_with("title: ")).unwrap();
    let value = line.strip_prefix("title: ").unwrap();
    // Every escape written is one JSON shares with YAML's double-quoted strings.
    let read: String = serde_json::from_str(value).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(read, "a\\b \"c\" <d> & `e` \\\"  # f\u{0}");
    assert_eq!(value.matches('"').count(), 2, "{value}");
    assert!(!value.contains(['<', '>', '`']), "{value}");
    // The front matter stays three lines between its fences.
    let lines: Vec<&str> = mmd.lines().collect();
    assert_eq!(&lines[..4], ["```mermaid", "---", line, "---"]);
}

#[test]
fn placeholders_in_names_are_filled_once() {
    let catalogue = r#"
[operator]
name = "{services}"
short_name = "{operator}"
services = ["{short_name}"]
service_term = "{user_term}"
user_term = "{recipients}"

[[provider]]
id = "analytics"
service = "{service}"
entity = "{operator} Inc."
opt_out = { url = "https://analytics.example/opt-out" }
"#;
    let source = "#[disclose(provider = \"analytics\", data = [page_url], purpose = [analytics], basis = opt_out)]\nfn a() {}\n";
    let notice = notice(catalogue, source);
    let intro = notice.texts.introduction.get(Lang::Ja).unwrap();
    assert!(
        intro.starts_with(
            "{services}（以下「{operator}」といいます。）は、{short_name}（以下「{user_term}」といいます。）において、{recipients}の情報（以下「利用者情報」といいます。）を{recipients}の端末から外部の事業者に"
        ),
        "{intro}"
    );
    let md = render(&notice, Format::named("markdown"), Lang::Ja).unwrap();
    assert!(
        md.contains("[{service}のオプトアウト（停止）のページ]("),
        "{md}"
    );
    assert!(md.contains("{operator} Inc."), "{md}");
}

#[test]
fn nested_loops_run_out_of_fuel_with_a_clear_error() {
    let notice = colliding_notice();
    let loops = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% for d in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
    let options = Options {
        template: Some(UserTemplate {
            path: "templates/loops.md.j2".into(),
            source: loops.into(),
        }),
        ..Options::new(Format::named("markdown"), Lang::Ja)
    };
    let err = render_with(&notice, &options).unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.code, Code::TemplateError);
    assert!(
        d.message
            .starts_with("template templates/loops.md.j2:1: ran out of fuel"),
        "{}",
        d.message
    );
}

/// The fuel leaves ample room: every example renders, in every format, layout and both languages,
/// on a 250th of it (the largest, HENNGE's notice by data in both languages with every
/// recipient's details, takes about 23,000 of the 10,000,000).
#[test]
fn the_examples_need_a_small_part_of_the_fuel() {
    for (name, notice) in examples() {
        for layout in Layout::all() {
            for format in Format::all().filter(|f| f.takes().template) {
                if layout != Layout::default() && !format.takes().layout {
                    continue;
                }
                let options = Options {
                    langs: vec![Lang::Ja, Lang::En],
                    layout,
                    ..Options::new(format, Lang::Ja)
                };
                template::TEST_FUEL.set(template::FUEL / 250);
                let rendered = render_with(&notice, &options);
                template::TEST_FUEL.set(template::FUEL);
                if let Err(e) = rendered {
                    panic!("{name} {layout:?} {format}: {e}");
                }
            }
        }
    }
}
