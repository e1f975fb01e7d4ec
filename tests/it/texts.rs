//! A text with paragraphs, a line break and a list has the same structure in Markdown (read back
//! through a CommonMark parser) as in HTML, wherever the catalogue gives it.

use std::fs;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::render::{self, Format, Options};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

const TEXT: &str = "第1段落の1行目です。\n第1段落の2行目です。\n\n第2段落です。\n\n- 一つ目の項目\n- 二つ目の項目\n\n1. 手順その一\n2. 手順その二";

/// The structure `TEXT` must have: paragraphs (`br` a line break inside), lists and their items.
const EXPECTED: &[&str] = &[
    "p", "br", "/p", "p", "/p", "ul", "li", "li", "/ul", "ol", "li", "li", "/ol",
];

fn notice() -> disclosure_core::model::Notice {
    let text = toml::Value::String(TEXT.to_string()).to_string();
    let catalogue = format!(
        r#"
[notice]
opt_out = {text}
contact = "privacy@example.com"
last_updated = 2026-11-01

[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
recipient_use = {text}
"#
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"texts\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    fs::write(dir.path().join("disclosure.toml"), catalogue).unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclose(provider = \"analytics\", data = [page_url], purpose = analytics)]\npub fn page_view() {}\n",
    )
    .unwrap();
    disclosure_core::pipeline::notice(Some(&dir.path().join("Cargo.toml")))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// The block structure of the Markdown under the heading that contains `heading`, up to the next
/// heading of any level.
fn markdown_structure(md: &str, heading: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_heading: Option<HeadingLevel> = None;
    let mut heading_text = String::new();
    let mut inside = false;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if inside {
                    break;
                }
                in_heading = Some(level);
                heading_text.clear();
            }
            Event::Text(t) if in_heading.is_some() => heading_text.push_str(&t),
            Event::End(TagEnd::Heading(_)) => {
                inside = heading_text.contains(heading);
                in_heading = None;
            }
            _ if !inside => {}
            Event::Start(Tag::Paragraph) => out.push("p".into()),
            Event::End(TagEnd::Paragraph) => out.push("/p".into()),
            Event::Start(Tag::List(None)) => out.push("ul".into()),
            Event::Start(Tag::List(Some(_))) => out.push("ol".into()),
            Event::End(TagEnd::List(ordered)) => {
                out.push(if ordered { "/ol" } else { "/ul" }.into());
            }
            Event::Start(Tag::Item) => out.push("li".into()),
            Event::HardBreak => out.push("br".into()),
            Event::SoftBreak => out.push("soft-break".into()),
            _ => {}
        }
    }
    out
}

/// The block structure of the HTML between the `<h2>`/`<h4>` that contains `heading` and the next
/// heading.
fn html_structure(html: &str, heading: &str) -> Vec<String> {
    let start = html
        .find(&format!(">{heading}</h"))
        .expect("the heading is there");
    let rest = &html[start..];
    let rest = &rest[rest.find("</h").map_or(0, |i| i + 5)..];
    let end = ["<h2", "<h3", "<h4", "</section>"]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    let mut out = Vec::new();
    for tag in rest[..end].split('<').skip(1) {
        let name = tag.split(['>', ' ']).next().unwrap_or_default();
        if matches!(name, "p" | "/p" | "ul" | "/ul" | "ol" | "/ol" | "li" | "br") {
            out.push(name.to_string());
        }
    }
    out
}

#[test]
fn paragraphs_line_breaks_and_lists_have_one_structure_in_markdown_and_html() {
    let notice = notice();
    for lang in Lang::ALL {
        let md = render::render(&notice, Format::named("markdown"), lang).unwrap();
        let fragment = Options {
            fragment: true,
            ..Options::new(Format::named("html"), lang)
        };
        let html = render::render_with(&notice, &fragment).unwrap();
        let (general, recipient) = match lang {
            Lang::Ja => ("外部送信の停止について", "送信先における利用目的"),
            Lang::En => (
                "Stopping the transmission of User Information",
                "The recipient&#x27;s own purposes of use",
            ),
        };
        for heading in [general, recipient] {
            let md_heading = heading.replace("&#x27;", "'");
            assert_eq!(
                markdown_structure(&md, &md_heading),
                EXPECTED,
                "[{lang}] Markdown under {md_heading}:\n{md}"
            );
            assert_eq!(
                html_structure(&html, heading),
                EXPECTED,
                "[{lang}] HTML under {heading}:\n{html}"
            );
        }
    }
}
