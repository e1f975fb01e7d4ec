//! Transmissions declared in comments of templates and scripts, in the annotation syntax:
//!
//! ```text
//! <!-- disclose(provider = "google-analytics", data = [page_url], purpose = [analytics]) -->
//! {# disclose(...) #}   {{!-- disclose(...) --}}   // disclose(...)   /* disclose(...) */
//! ```
//!
//! Each is read by the one annotation parser ([`super::foreign::declare`]).

use super::foreign::{self, TextAt};
use super::{Discovered, FileScan};
use crate::catalogue::Catalogue;
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

/// Every `disclose(...)` in a comment of the file, as a declaration.
pub fn comment_annotations(file: &FileScan<'_>, catalogue: &Catalogue, out: &mut Discovered) {
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
