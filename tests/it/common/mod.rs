//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline;
use disclosure_core::render::{self, Format};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The manifest of a bundled example.
pub fn example_manifest(name: &str) -> PathBuf {
    root().join("examples").join(name).join("Cargo.toml")
}

/// Generates the notice of the package at `manifest` in `format` and `lang`.
pub fn generate(manifest: &Path, format: Format, lang: Lang) -> String {
    let (notice, _warnings) = pipeline::notice(Some(manifest))
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", manifest.display()));
    render::render(&notice, format, lang).unwrap_or_else(|e| panic!("render failed:\n{e}"))
}

/// The Markdown notice in `lang` of the bundled example `name`, laid out as the example's own
/// Markdown output in that language is (the default layout when it declares none).
pub fn published_markdown(name: &str, lang: Lang) -> String {
    let (project, _) = pipeline::Project::load(Some(&example_manifest(name)))
        .unwrap_or_else(|e| panic!("{name} does not load:\n{e}"));
    let (notice, _) = project
        .notice()
        .unwrap_or_else(|e| panic!("{name} does not generate:\n{e}"));
    let mut options = render::Options::new(Format::named("markdown"), lang);
    if let Some(declared) = project
        .declared_outputs()
        .unwrap()
        .into_iter()
        .find(|o| o.options.format == Format::named("markdown") && o.options.langs == [lang])
    {
        options.layout = declared.options.layout;
    }
    render::render_with(&notice, &options).unwrap_or_else(|e| panic!("render failed:\n{e}"))
}

/// Asserts `left == right`, printing only the first line that differs.
pub fn assert_same(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let (i, (l, r)) = left
        .lines()
        .chain(std::iter::once("<end>"))
        .zip(right.lines().chain(std::iter::once("<end>")))
        .enumerate()
        .find(|(_, (l, r))| l != r)
        .unwrap_or((0, ("<same lines>", "<trailing whitespace differs>")));
    panic!(
        "{what}: first difference at line {}:\n  left:  {l}\n  right: {r}",
        i + 1
    );
}

/// Text with the entities the renderers write decoded (CommonMark decodes them as HTML does).
pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The visible text of an HTML page: its tags removed, its entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// The visible text of Markdown: its backslash escapes undone, its links' destinations left out
/// (as an HTML page's `href` is).
pub fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            if let Some(n) = chars.next() {
                out.push(n);
            }
            continue;
        }
        if c == ']' && chars.peek() == Some(&'(') {
            out.push(' ');
            for d in chars.by_ref() {
                if d == ')' {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    decode_entities(&out)
}
