//! The structure of a rendered notice, and what no text may change in it: a small notice with every
//! kind of text, each text replaced by one given text, rendered in every templated format, layout
//! and language, and compared with the same notice whose texts are a harmless placeholder of the
//! same shape (the same paragraphs and list items, each `x`).
//!
//! Shared by `tests/render_structure.rs` and the `render_structure` fuzz target
//! (`fuzz/fuzz_targets/render_structure.rs`, which includes this file by path).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use disclosure_core::catalogue::Catalogue;
use disclosure_core::foundation::localized::Lang;
use disclosure_core::foundation::text::{self, Block};
use disclosure_core::model::Notice;
use disclosure_core::render::{self, Format, Layout, Options};
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag};

/// A catalogue with a text in every place a notice prints one: the notice's own texts and dates,
/// the operator's terms, a provider with an opt-out page, steps, links, notes and its own use
/// (whose id, `summary`, is also one of the page's own element ids), one that cannot be stopped,
/// with a relay and its own use elsewhere, the operator itself, data items with examples and one
/// never sent, grouped purposes with descriptions, and a condition.
pub const CATALOGUE: &str = r#"
[notice]
title = "x"
introduction = "x"
opt_out = "x"
essential = "x"
essential_opt_out = "x"
revision_policy = "x"
contact = "x"
notes = ["x"]
version = "x"
published = 2024-01-01
effective = 2024-02-01
last_updated = 2024-03-01
server_section = true

[[notice.revision]]
date = 2024-03-01
summary = "x"

[operator]
name = "x"
short_name = "x"
services = ["x"]
website = "https://operator.example/"
service_term = "x"
user_term = "x"

[[provider]]
id = "summary"
service = "x"
entity = "x"
country = "US"
storage = "DE"
category = "analytics"
privacy_policy = "https://a.example/privacy?a=1&b=(2)#f"
privacy_policy_label = "x"
opt_out = { url = "https://a.example/opt-out", label = "x", steps = "x", stops = "sending", reach = "browser" }
links = [{ url = "https://a.example/more", label = "x" }]
recipient_use = "x"
notes = ["x"]
domains = ["a.example"]
mechanism = "tag"

[[provider]]
id = "second"
service = "x"
entity = "x"
country = "JP"
relay = "t.example.com"
recipient_use_url = "https://b.example/use"
opt_out = { not_possible = "x" }

[[provider]]
id = "own"
service = "x"
entity = "x"
first_party = true

[[data]]
id = "item_one"
label = "x"
examples = "x"

[[data]]
id = "never_sent"
label = "x"
not_sent = "x"

[[purpose_group]]
id = "group_one"
label = "x"
description = "x"

[[purpose]]
id = "purpose_one"
label = "x"
description = "x"
group = "group_one"

[[condition]]
id = "cond"
label = "x"
"#;

/// The annotations: two transmissions to `summary` (so each has its own element), one to
/// `second` with a qualified data item, one from the server, and the operator's own.
pub const SOURCE: &str = r#"
#[disclose(provider = "summary", data = [item_one, ip_address], purpose = [purpose_one], when = "cond")]
fn one() {}
#[disclose(provider = "summary", data = [page_url], purpose = [purpose_one], basis = consent)]
fn two() {}
#[disclose(provider = "second", data = [item_one, email_address(hashed)], purpose = [purpose_one])]
fn three() {}
#[disclose(provider = "second", data = [item_one], purpose = [purpose_one], origin = server)]
fn four() {}
#[disclose(provider = "own", data = [item_one], purpose = [purpose_one])]
fn five() {}
"#;

/// The notice of [`CATALOGUE`] and [`SOURCE`], as JSON.
pub fn base() -> serde_json::Value {
    let (catalogue, _) = Catalogue::parse(Path::new("disclosure.toml"), CATALOGUE.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let (found, _) = disclosure_core::scan::scan_text(
        SOURCE,
        Path::new("src/lib.rs"),
        "app",
        &std::collections::BTreeSet::new(),
        &catalogue,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (notice, _) = Notice::build(&catalogue, &found).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(&notice).unwrap()
}

/// `notice` (as [`base`] gives it) with every text set to `text`: each text in both languages, the
/// reason, version and the hosts printed as text.
pub fn with_text(notice: &serde_json::Value, text: &str) -> Notice {
    let mut value = notice.clone();
    fill(&mut value, text);
    serde_json::from_value(value).unwrap()
}

fn fill(value: &mut serde_json::Value, text: &str) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let localized = !map.is_empty()
                && map
                    .iter()
                    .all(|(k, v)| (k == "ja" || k == "en") && v.is_string());
            for (key, v) in map.iter_mut() {
                let plain = matches!(key.as_str(), "reason" | "version" | "relay") && v.is_string();
                if localized || plain {
                    *v = Value::String(text.to_string());
                } else if key == "domains" {
                    for d in v.as_array_mut().into_iter().flatten() {
                        *d = Value::String(text.to_string());
                    }
                } else {
                    fill(v, text);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fill(v, text)),
        _ => {}
    }
}

/// A harmless text of the same shape as `text`: the same paragraphs, lines and list items (as
/// every renderer reads a multi-line text), each `x`; empty when `text` is, a space when it is
/// only blank.
pub fn placeholder(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let blocks = text::blocks(text);
    if blocks.is_empty() {
        return " ".to_string();
    }
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(lines) => vec!["x"; lines.len()].join("\n"),
            Block::List(items) => vec!["- x"; items.len()].join("\n"),
            Block::Numbered(items) => (1..=items.len())
                .map(|n| format!("{n}. x"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    parts.join("\n\n")
}

/// One rendering of the notice: a name and the text.
pub struct Rendered {
    pub name: String,
    pub format: Format,
    pub text: String,
}

/// The notice in every templated format: Markdown in Japanese and in English and the HTML page in
/// both languages (each in every layout), and the Mermaid diagram in each language. `None` when a
/// renderer refuses the notice (which the caller compares too).
pub fn render_all(notice: &Notice) -> Vec<(String, Format, Option<String>)> {
    render_in(notice, &layouts())
}

/// Every layout.
pub fn layouts() -> Vec<Layout> {
    Layout::all().collect()
}

/// [`render_all`], in `layouts` only.
pub fn render_in(notice: &Notice, layouts: &[Layout]) -> Vec<(String, Format, Option<String>)> {
    let mut out = Vec::new();
    for &layout in layouts {
        for (format, langs) in [
            (Format::named("markdown"), vec![Lang::Ja]),
            (Format::named("markdown"), vec![Lang::En]),
            (Format::named("html"), vec![Lang::Ja, Lang::En]),
        ] {
            let options = Options {
                langs: langs.clone(),
                layout,
                ..Options::new(format, Lang::Ja)
            };
            let name = format!("{format} {langs:?} {layout:?}");
            out.push((name, format, render::render_with(notice, &options).ok()));
        }
    }
    for lang in Lang::ALL {
        let text = render::render(notice, Format::named("mermaid"), lang).ok();
        out.push((format!("mermaid {lang}"), Format::named("mermaid"), text));
    }
    out
}

/// The Markdown options GitHub's renderer has (tables, strikethrough, task lists, footnotes,
/// alert block quotes).
fn gfm() -> MdOptions {
    MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_FOOTNOTES
        | MdOptions::ENABLE_GFM
}

/// What a CommonMark reader finds in `md`, counted: every block and inline element (headings by
/// level, links by destination, list items, tables and rows, block quotes, code blocks, HTML,
/// rules, emphasis, breaks), everything but the text itself; and every place GitHub would autolink
/// (`autolink …`).
pub fn markdown_shape(md: &str) -> BTreeMap<String, usize> {
    let mut shape = BTreeMap::new();
    let mut count = |key: String| *shape.entry(key).or_insert(0) += 1;
    for event in Parser::new_ext(md, gfm()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => count(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => count(format!("image {dest_url}")),
            Event::Start(Tag::Heading { level, .. }) => count(format!("heading {level:?}")),
            Event::Start(Tag::CodeBlock(_)) => count("code block".into()),
            Event::Start(Tag::List(first)) => count(format!("list {first:?}")),
            Event::Start(tag) => count(format!("{tag:?}")),
            Event::Html(_) => count("html block".into()),
            Event::InlineHtml(_) => count("inline html".into()),
            Event::Code(_) => count("code".into()),
            Event::Rule => count("rule".into()),
            Event::SoftBreak => count("soft break".into()),
            Event::HardBreak => count("hard break".into()),
            Event::FootnoteReference(_) => count("footnote".into()),
            Event::TaskListMarker(_) => count("task".into()),
            Event::InlineMath(_) | Event::DisplayMath(_) => count("math".into()),
            Event::Text(_) | Event::End(_) => {}
        }
    }
    for place in autolinks(md) {
        count(format!("autolink {place}"));
    }
    shape
}

/// Where GitHub would turn text into a link: a bare `scheme://`, `www.`, an e-mail address or a
/// mention (`@` and a letter or digit) or an issue reference (`#` and a digit, not a character
/// reference's `&#`), outside link destinations and not escaped.
pub fn autolinks(md: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for line in md.lines() {
        if line.starts_with("<!-- Generated by") {
            continue;
        }
        let line = without_destinations(line);
        let bytes = line.as_bytes();
        for (i, _) in line.char_indices() {
            let escaped = i > 0 && bytes[i - 1] == b'\\';
            let rest = &line[i..];
            let next_is = |f: fn(u8) -> bool| bytes.get(i + 1).copied().is_some_and(f);
            if rest.starts_with("://") && !escaped {
                found.push("scheme");
            } else if rest.len() >= 4
                && rest.is_char_boundary(4)
                && rest[..4].eq_ignore_ascii_case("www.")
            {
                found.push("www");
            } else if rest.starts_with('@') && !escaped && next_is(|b| b.is_ascii_alphanumeric()) {
                found.push("mention");
            } else if rest.starts_with('#')
                && next_is(|b| b.is_ascii_digit())
                && !(i > 0 && bytes[i - 1] == b'&')
            {
                found.push("issue");
            }
        }
    }
    found
}

/// `line` without the destinations of its links (`](…)`).
fn without_destinations(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 1]);
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(close) => rest = &after[close + 1..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every tag of `html`, as written (`<a href="…" rel="…">`), sorted: the elements, their
/// attributes and the attributes' values. Text can add none, since every `<` of it is escaped.
pub fn html_shape(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open..];
        let close = after.find('>').map_or(after.len(), |c| c + 1);
        tags.push(after[..close].to_string());
        rest = &after[close..];
    }
    tags.sort();
    tags
}

/// The lines of a Mermaid diagram with the text between each pair of double quotes (its labels,
/// the title) removed: what is left is the diagram's syntax, node by node and edge by edge.
pub fn mermaid_shape(mmd: &str) -> Vec<String> {
    mmd.lines()
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let mut quoted = false;
            for c in line.chars() {
                if c == '"' {
                    quoted = !quoted;
                    out.push(c);
                } else if !quoted {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

/// Checks that `text`, put in every text of the notice, leaves every rendering's structure as the
/// placeholder of its shape does; panics naming the rendering and the difference.
pub fn assert_same_structure(base: &serde_json::Value, text: &str) {
    let harmless = render_all(&with_text(base, &placeholder(text)));
    assert_structure_as(base, text, &layouts(), &harmless);
}

/// [`assert_same_structure`] in `layouts`, against `harmless`: what [`render_in`] gives for the
/// notice with the placeholder of `text`'s shape.
pub fn assert_structure_as(
    base: &serde_json::Value,
    text: &str,
    layouts: &[Layout],
    harmless: &[(String, Format, Option<String>)],
) {
    let hostile = render_in(&with_text(base, text), layouts);
    assert_eq!(hostile.len(), harmless.len());
    for ((name, format, got), (_, _, expected)) in hostile.iter().zip(harmless) {
        let (got, expected) = match (got, expected) {
            (Some(g), Some(e)) => (g, e),
            (None, None) => continue,
            _ => panic!(
                "{name}: {text:?} renders {} where the placeholder {}",
                if got.is_some() { "" } else { "nothing" },
                if expected.is_some() {
                    "renders"
                } else {
                    "does not"
                },
            ),
        };
        match format.id() {
            "markdown" => {
                let (g, e) = (markdown_shape(got), markdown_shape(expected));
                assert_eq!(g, e, "{name}: {text:?}\n{got}");
            }
            "html" => {
                let (g, e) = (html_shape(got), html_shape(expected));
                assert_eq!(g, e, "{name}: {text:?}\n{got}");
                let lower = got.to_ascii_lowercase();
                assert!(!lower.contains("<script"), "{name}: {text:?}");
                assert_eq!(
                    got.matches("<a ").count(),
                    expected.matches("<a ").count(),
                    "{name}: {text:?}"
                );
                for tag in &g {
                    assert!(
                        !tag.split_whitespace()
                            .skip(1)
                            .any(|a| a.to_ascii_lowercase().starts_with("on")),
                        "{name}: {text:?}: an event handler in {tag}"
                    );
                }
                let ids = element_ids(got);
                let mut unique = ids.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(ids.len(), unique.len(), "{name}: duplicate ids in {ids:?}");
            }
            "mermaid" => {
                assert_eq!(
                    mermaid_shape(got),
                    mermaid_shape(expected),
                    "{name}: {text:?}\n{got}"
                );
                assert!(!got.to_ascii_lowercase().contains("<script"), "{name}");
                // The title is one YAML double-quoted string, written with the escapes JSON
                // shares with YAML: it must read back as a string.
                let title = got.lines().find_map(|l| l.strip_prefix("title: "));
                if let Some(title) = title {
                    assert!(
                        serde_json::from_str::<String>(title).is_ok(),
                        "{name}: {text:?}: the title {title} is not a string"
                    );
                }
            }
            _ => unreachable!("only templated formats are rendered"),
        }
    }
}

/// Every `id="…"` of `html`, in order.
pub fn element_ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let value = &html[i + m.len()..];
            value[..value.find('"').unwrap_or(value.len())].to_string()
        })
        .collect()
}

/// Texts that try every way out of their place: line breaks of every kind before block markers,
/// markup and script, links and autolinks, placeholders, backslashes, bidi overrides, Mermaid and
/// YAML syntax.
pub const HOSTILE: &[&str] = &[
    "x\r# heading",
    "x\r\n# heading\r\n- item\r\n---",
    "x\u{2028}- item",
    "x\u{2029}> quote",
    "x\u{0C}***",
    "x\u{0B}| a | b |\u{0B}| - | - |",
    "x\u{85}## heading",
    "a\r\r    indented code",
    "```\rcode\r```",
    "~~~\ncode\n~~~",
    "</div><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "[x](javascript:alert(1))",
    "![i](https://evil.example/i.png)",
    "[x]: https://evil.example/",
    "<https://evil.example/>",
    "www.example.com",
    "https://evil.example/path?q=1",
    "http://evil.example",
    "mail me@evil.example",
    "@user",
    "@org/team",
    "#1",
    "fixes #1 and x#2",
    "a\\",
    "\\",
    "back\\slash\\",
    "\u{202E}bidi override\u{202C}",
    "{service}",
    "{operator} {short_name} {service_term} {user_term} {recipients}",
    "{{ t.title }} {% if true %}x{% endif %}",
    "*em* _u_ `code` ~~s~~ **strong**",
    "| cell |",
    "&amp; &lt; &#x3C;script&#x3E;",
    "1. one",
    "- item",
    "# heading",
    "    code",
    "\t- item",
    "=",
    "-",
    "x  ",
    "\u{0}",
    "",
    " ",
    "\r",
    "\r\n\r\n",
    "\"quote\" 'single'",
    "#quot; #35; %%{init: {}}%%",
    "-->|x| y",
    "\"]; click x call alert(1); x[\"",
    "end\nsubgraph x",
    "title: \"x\"\n---",
    "first paragraph\n\nsecond\n- item\n1. step",
    "[^1] footnote\n\n[^1]: note",
    "- [ ] task",
    "> [!WARNING]\n> alert",
    "$x$ and $$y$$",
];
