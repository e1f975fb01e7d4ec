//! Hostile text through the real binary: line breaks of every kind in `disclosure.toml` and in an
//! annotation start no block, text links nothing on GitHub, links without a host or with a
//! backslash are refused and `http:` only where the catalogue allows it, element ids stay unique,
//! the Mermaid title stays a YAML string, placeholders in names are filled once, and a template
//! whose loops multiply stops with an error naming it.

#[path = "../../../disclosure-core/tests/it/structure/mod.rs"]
mod structure;

use std::fs;

use crate::common::*;

/// Every line break a text can hold, each before a block marker.
const BREAKS: &str =
    "x\r# heading\r- item\r\n> quote\u{2028}| a | b |\r| - | - |\u{2029}    code\r1. one\r---\r```";

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// A catalogue with `text` in every kind of text: the notice's own, the operator's terms, a
/// provider's names, policy label, opt-out steps, own use and notes, a data item's label and
/// examples, a purpose's label and description, a condition's label.
fn catalogue(text: &str) -> String {
    let t = toml_string(text);
    format!(
        r#"[notice]
title = {t}
introduction = {t}
opt_out = {t}
essential = {t}
contact = {t}
notes = [{t}]
version = {t}

[operator]
name = {t}
short_name = {t}
services = [{t}]
service_term = {t}
user_term = {t}

[[provider]]
id = "summary"
service = {t}
entity = {t}
country = "US"
privacy_policy = "https://example.com/privacy"
privacy_policy_label = {t}
opt_out = {{ url = "https://example.com/opt-out", steps = {t} }}
recipient_use = {t}
notes = [{t}]

[[provider]]
id = "own"
service = {t}
entity = {t}
first_party = true

[[data]]
id = "item_one"
label = {t}
examples = {t}

[[purpose]]
id = "purpose_one"
label = {t}
description = {t}

[[condition]]
id = "cond"
label = {t}
"#
    )
}

/// Annotations, one with `text` as its reason (an annotation's own string).
fn source(text: &str) -> String {
    format!(
        r#"#[disclose(provider = "summary", data = [item_one, ip_address], purpose = [purpose_one], when = "cond")]
pub fn one() {{}}

#[disclose(provider = "own", data = [ip_address], purpose = [service_operation], basis = essential, reason = {reason})]
pub fn two() {{}}
"#,
        reason = toml_string(text)
    )
}

fn generate(fixture: &Fixture, args: &[&str]) -> String {
    let mut all = vec!["generate"];
    all.extend(args);
    let out = run(fixture.path(), &all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_line_break_in_the_catalogue_or_an_annotation_starts_a_block() {
    let hostile = Fixture::new(&catalogue(BREAKS), &source(BREAKS));
    let placeholder = structure::placeholder(BREAKS);
    let harmless = Fixture::new(&catalogue(&placeholder), &source(&placeholder));
    for layout in ["by-recipient", "recipient-table", "by-data"] {
        for lang in ["ja", "en"] {
            let args = ["--lang", lang, "--layout", layout];
            let (got, expected) = (generate(&hostile, &args), generate(&harmless, &args));
            assert_eq!(
                structure::markdown_shape(&got),
                structure::markdown_shape(&expected),
                "{layout} {lang}:\n{got}"
            );
            assert!(!got.contains(['\r', '\u{2028}', '\u{2029}']), "{got:?}");
            let headings = got.lines().filter(|l| l.starts_with("# ")).count();
            assert_eq!(headings, 1, "only the title is a level-1 heading:\n{got}");
        }
        let args = ["--lang", "ja,en", "--layout", layout, "--format", "html"];
        let (got, expected) = (generate(&hostile, &args), generate(&harmless, &args));
        assert_eq!(
            structure::html_shape(&got),
            structure::html_shape(&expected)
        );
    }
    for lang in ["ja", "en"] {
        let args = ["--lang", lang, "--format", "mermaid"];
        let (got, expected) = (generate(&hostile, &args), generate(&harmless, &args));
        assert_eq!(
            structure::mermaid_shape(&got),
            structure::mermaid_shape(&expected),
            "{got}"
        );
    }
}

#[test]
fn text_that_github_would_autolink_is_escaped_and_reads_the_same() {
    let text =
        "Visit www.example.com or https://evil.example/x, mail me@evil.example, ask @user about #1";
    let fixture = Fixture::new(&catalogue(text), &source(text));
    for lang in ["ja", "en"] {
        let md = generate(&fixture, &["--lang", lang]);
        assert_eq!(structure::autolinks(&md), Vec::<&str>::new(), "{md}");
        // CommonMark shows the text as written (the zero-width spaces aside).
        let shown: String = pulldown_cmark::Parser::new(&md)
            .filter_map(|e| match e {
                pulldown_cmark::Event::Text(t) => Some(t.into_string()),
                _ => None,
            })
            .collect::<String>()
            .replace('\u{200B}', "");
        assert!(shown.contains(text), "{shown}");
        assert!(
            md.contains(
                "www\\.example.com or https\\://evil.example/x, mail me\\@evil.example, ask @&#8203;user about \\#&#8203;1"
            ),
            "{md}"
        );
    }
}

#[test]
fn a_link_without_a_host_or_with_a_backslash_is_refused() {
    for bad in [
        "https://?x",
        "https://#x",
        "https://:443",
        "https://@x",
        "https://user@example.com/privacy",
        "https://example.com/privacy\\",
        "https://example.com\\@evil.example/",
    ] {
        // (A backslash is written `\\` in a TOML string.)
        let catalogue = CATALOGUE.replace(
            "https://policies.google.com/privacy",
            &bad.replace('\\', "\\\\"),
        );
        let fixture = Fixture::new(&catalogue, SOURCE);
        let err = fixture.fails_without_touching_output(&["error[D0108]", "disclosure.toml:10:18"]);
        assert!(
            err.contains(&format!("link `{}`", bad.escape_debug())),
            "{err}"
        );
    }
}

#[test]
fn an_http_link_is_refused_unless_the_catalogue_allows_it() {
    let catalogue = CATALOGUE.replace("https://policies", "http://policies");
    let fixture = Fixture::new(&catalogue, SOURCE);
    fixture.fails_without_touching_output(&[
        "error[D0109]: link `http://policies.google.com/privacy` is not https",
        "disclosure.toml:10:18",
    ]);
    let allowed = format!("{catalogue}\n[notice]\nallow_http_links = true\n");
    let fixture = Fixture::new(&allowed, SOURCE);
    let out = run(fixture.path(), &["generate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[D0109]"), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("](http://policies.google.com/privacy)"), "{md}");
}

#[test]
fn parentheses_and_references_in_a_link_stay_in_its_destination() {
    let url = "https://example.com/a_(b))c?x=1&amp;y=(2";
    let catalogue = CATALOGUE.replace("https://policies.google.com/privacy", url);
    let fixture = Fixture::new(&catalogue, SOURCE);
    let md = generate(&fixture, &["--lang", "en"]);
    let links: Vec<String> = pulldown_cmark::Parser::new(&md)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .filter(|d| d.starts_with("https://example.com"))
        .collect();
    assert_eq!(
        links,
        ["https://example.com/a_%28b%29%29c?x=1&amp;y=%282"],
        "{md}"
    );
}

#[test]
fn element_ids_are_unique_with_a_provider_named_like_a_section() {
    let catalogue = format!(
        "{CATALOGUE}\n[[provider]]\nid = \"summary\"\nservice = \"Summary\"\nentity = \"Summary Inc.\"\nrole = \"processor\"\n\n[[provider]]\nid = \"opt-out\"\nservice = \"Opt-out\"\nentity = \"Opt-out Inc.\"\nrole = \"processor\"\n"
    );
    let source = format!(
        "{SOURCE}\n#[disclose(provider = \"summary\", data = [ip_address], purpose = [analytics])]\npub fn s() {{}}\n\n#[disclose(provider = \"opt-out\", data = [ip_address], purpose = [analytics])]\npub fn o() {{}}\n"
    );
    let fixture = Fixture::new(
        &format!("[notice]\nopt_out = \"x\"\n\n{catalogue}"),
        &source,
    );
    for langs in ["ja", "ja,en"] {
        let html = generate(&fixture, &["--format", "html", "--lang", langs]);
        let ids = structure::element_ids(&html);
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{langs}: {ids:?}");
        let prefix = if langs == "ja" { "" } else { "ja-" };
        for id in [
            "summary",
            "recipient_summary",
            "opt-out",
            "recipient_opt-out",
        ] {
            assert!(ids.contains(&format!("{prefix}{id}")), "{id} in {ids:?}");
        }
    }
    // A language twice is refused before anything is rendered.
    let out = run(
        fixture.path(),
        &["generate", "--format", "html", "--lang", "ja,en,ja"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--lang lists `ja` twice"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_mermaid_title_is_a_yaml_string() {
    let title = "C:\\path \"quoted\" <b> `x`";
    let catalogue = format!("[notice]\ntitle = {}\n\n{CATALOGUE}", toml_string(title));
    let fixture = Fixture::new(&catalogue, SOURCE);
    let mmd = generate(&fixture, &["--format", "mermaid", "--lang", "en"]);
    let line = mmd.lines().find(|l| l.starts_with("title: ")).unwrap();
    let value = &line["title: ".len()..];
    // The escapes written are the ones JSON shares with YAML's double-quoted strings.
    let read: String = serde_json::from_str(value).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(read, title);
    assert_eq!(value.matches('"').count(), 2, "{value}");
}

#[test]
fn placeholders_in_names_are_filled_once() {
    let catalogue = CATALOGUE
        .replace("name = { ja = \"例示株式会社\", en = \"Exemplar K.K.\" }", "name = \"{services}\"\nshort_name = \"{operator}\"")
        .replace("services = [\"Example\"]", "services = [\"{short_name}\"]")
        .replace(
            "service = { ja = \"Google アナリティクス\", en = \"Google Analytics\" }",
            "service = \"{service}\"\nopt_out = { url = \"https://tools.google.com/dlpage/gaoptout\" }",
        );
    let fixture = Fixture::new(&catalogue, SOURCE);
    let md = generate(&fixture, &["--lang", "en"]);
    assert!(
        md.contains("{services} (\"{operator}\") may, in providing"),
        "{md}"
    );
    assert!(
        md.contains("in providing {short\\_name} (the \"Service\")"),
        "{md}"
    );
    assert!(md.contains("[{service} opt-out page]("), "{md}");
}

#[test]
fn a_template_whose_loops_multiply_stops_with_an_error_naming_it() {
    let catalogue = format!(
        "{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\ntemplate = \"loops.md.j2\"\n"
    );
    let fixture = Fixture::new(&catalogue, SOURCE);
    fs::write(
        fixture.path().join("loops.md.j2"),
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% for d in range(1000) %}{{ title }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error[D0702]: template loops.md.j2:1: ran out of fuel"),
        "{err}"
    );
    assert!(!fixture.path().join("notice.md").exists());
}

#[test]
fn the_page_scrolls_its_tables_instead_of_breaking_words() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let html = generate(&fixture, &["--format", "html"]);
    assert!(!html.contains("break-all"));
    assert!(html.contains(".table-wrap { overflow-x: auto;"), "{html}");
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("<div class=\"table-wrap\">\n<table>").count()
    );
    let body = html.lines().find(|l| l.starts_with("body {")).unwrap();
    assert!(!body.contains("overflow-wrap: anywhere"), "{body}");
}
