//! Web assets, templates and a Tauri app's configuration: the providers' hosts they load from or
//! allow (a script, a pixel, an iframe, a Content-Security-Policy source), and the transmissions
//! their comments declare in the annotation syntax:
//!
//! ```text
//! <!-- disclose(provider = "google-analytics", data = [page_url], purpose = [analytics]) -->
//! {# disclose(...) #}   {{!-- disclose(...) --}}   // disclose(...)   /* disclose(...) */
//! ```
//!
//! In markup, a host counts where something is loaded or allowed: a tag's attributes (not a link
//! the user may follow, `<a href>`), an inline script, a Content-Security-Policy meta tag. Text
//! that only mentions a host, and comments, do not.

use super::foreign::{self, TextAt};
use super::hosts::HostMatcher;
use super::{Discovered, FileKind, FileScan};
use crate::catalogue::Catalogue;
use crate::declaration::{Found, FoundContext, FoundKind};
use crate::foundation::diagnostic::{Code, Diagnostic, Location};

/// Comments a `disclose(` may be in: HTML, Jinja and Tera, Handlebars and Mustache, Razor-style,
/// and block comments of scripts and styles (line comments, `//`, are checked on their line).
const COMMENTS: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("{#", "#}"),
    ("{{!--", "--}}"),
    ("{{!", "}}"),
    ("/*", "*/"),
    ("@*", "*@"),
];

/// Whether byte `at` of `text` is inside a comment.
fn in_comment(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].contains("//")
        || COMMENTS.iter().any(|(open, close)| {
            before
                .rfind(open)
                .is_some_and(|o| before[o + open.len()..].find(close).is_none())
        })
}

/// Reads one asset of `kind` into `out`.
pub fn scan(
    kind: FileKind,
    file: &FileScan<'_>,
    catalogue: &Catalogue,
    matcher: &HostMatcher,
    out: &mut Discovered,
) {
    let text = file.text;
    if text.contains("disclose(") {
        comment_annotations(file, catalogue, out);
    }
    if !matcher.may_match(text.as_bytes()) {
        return;
    }
    // Lower case once (ASCII only, so byte offsets stay): tags and attributes are found without case.
    let lower = text.to_ascii_lowercase();
    for hit in matcher.hosts(text) {
        let found_kind = match kind {
            FileKind::Markup => match markup_context(&lower, hit.start) {
                Some(k) => k,
                None => continue,
            },
            FileKind::Script => FoundKind::Script,
            FileKind::TauriConfig => FoundKind::Csp,
            FileKind::TauriCapability => FoundKind::TauriCapability,
            FileKind::Manifest(_) => continue,
        };
        out.found.push(Found {
            kind: found_kind,
            what: hit.host,
            providers: hit.providers,
            at: Location::of_span(file.shown, text, hit.start..hit.end),
            package: file.package.to_string(),
            context: FoundContext::Other,
        });
    }
}

/// What a host at `offset` of markup (lower-cased) is part of, or `None` when it is only
/// mentioned (text, a comment, a link to follow).
fn markup_context(lower: &str, offset: usize) -> Option<FoundKind> {
    let before = &lower[..offset];
    let last = |needle: &str| before.rfind(needle);
    let after = |open: Option<usize>, close: Option<usize>| {
        open.is_some_and(|o| close.is_none_or(|c| c < o))
    };
    if after(last("<!--"), last("-->")) {
        return None;
    }
    // An inline script (its tag or its body): `<` in its code is no tag.
    if after(last("<script"), last("</script")) {
        return Some(FoundKind::Script);
    }
    // Inside a tag: its name decides.
    if after(last("<"), last(">")) {
        let lt = last("<").unwrap_or_default();
        let tag = &lower[lt + 1..offset];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        return match name.as_str() {
            "a" | "" => None,
            "img" | "picture" | "source" => Some(FoundKind::Pixel),
            "iframe" | "frame" | "embed" | "object" => Some(FoundKind::Frame),
            "link" => Some(FoundKind::Link),
            "meta" if tag.contains("content-security-policy") => Some(FoundKind::Csp),
            _ => Some(FoundKind::Url),
        };
    }
    None
}

/// Every `disclose(...)` in a comment of the file, as a declaration.
fn comment_annotations(file: &FileScan<'_>, catalogue: &Catalogue, out: &mut Discovered) {
    let text = file.text;
    for (at, _) in text.match_indices("disclose(") {
        if !in_comment(text, at) {
            continue;
        }
        let open = at + "disclose(".len();
        let Some(close) = closing_paren(text, open) else {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::AnnotationSyntax,
                    "this `disclose(` is never closed",
                )
                .at(Location::at_offset(file.shown, text, at))
                .help("close it on the comment's lines: disclose(provider = \"…\", data = [...], purpose = [...])"),
            );
            continue;
        };
        let position = TextAt {
            start: Location::at_offset(file.shown, text, open),
            exact: true,
        };
        match foreign::declare(
            &text[open..close],
            &position,
            file.package,
            file.shown.display().to_string(),
            catalogue,
        ) {
            Ok(d) => out.declarations.push(d),
            Err(errors) => out.diagnostics.extend(errors),
        }
    }
}

/// The byte offset of the `)` that closes the parenthesis opened just before `open`, skipping
/// quoted strings; `None` when it is not closed.
fn closing_paren(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return (bytes[i] == b')').then_some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_counts_what_loads_not_what_mentions() {
        let page = r#"<html><head>
<meta http-equiv="Content-Security-Policy" content="script-src https://a.example">
<script async src="https://a.example/x.js"></script>
<SCRIPT>if (a < b) fetch("https://a.example/c")</SCRIPT>
<!-- https://a.example in a comment -->
</head><body><a href="https://a.example/privacy">privacy</a> a.example
<img src="https://a.example/p.gif"><iframe src="https://a.example/f"></iframe>
</body></html>"#;
        let lower = page.to_ascii_lowercase();
        let kinds: Vec<Option<FoundKind>> = page
            .match_indices("a.example")
            .map(|(i, _)| markup_context(&lower, i))
            .collect();
        assert_eq!(
            kinds,
            [
                Some(FoundKind::Csp),
                Some(FoundKind::Script),
                Some(FoundKind::Script),
                None,
                None,
                None,
                Some(FoundKind::Pixel),
                Some(FoundKind::Frame),
            ]
        );
    }

    #[test]
    fn annotations_count_only_in_comments() {
        let text = "<!-- the tag:\n  disclose(a) -->\nfetch(disclose(b))\n{# disclose(c) #}\n// disclose(d)\n";
        let inside: Vec<bool> = text
            .match_indices("disclose(")
            .map(|(i, _)| in_comment(text, i))
            .collect();
        assert_eq!(inside, [true, false, true, true]);
    }

    #[test]
    fn parentheses_close_outside_strings() {
        let text = r#"disclose(provider = "a)", data = [b]) -->"#;
        let open = "disclose(".len();
        assert_eq!(
            &text[open..closing_paren(text, open).unwrap()],
            r#"provider = "a)", data = [b]"#
        );
        assert_eq!(closing_paren("disclose(a = [b", 9), None);
    }
}
