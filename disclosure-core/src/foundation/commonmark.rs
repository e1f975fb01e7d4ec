//! Escaping text for CommonMark, shared by the renderers and the macro's rustdoc.

use crate::foundation::text::normalize_line_breaks;

/// Escapes `text` for an inline place (a list item, a table cell, a heading, a link's text, a
/// sentence of the change summary) so that CommonMark renders it as the same visible characters
/// and GitHub adds nothing to it:
///
/// * it stays on one line: every line break ([`normalize_line_breaks`]: `\r`, U+2028, …) with the
///   spaces around it becomes one space, so no line of it can start a heading, list, rule, table
///   row, block quote or code block; spaces and tabs at either end become one space (an indented
///   start would be code, two spaces at the end a line break);
/// * no emphasis, link, image, raw HTML, code span, table cell or entity can come from it;
/// * no autolink either: the `:` of `https://`, the `.` of `www.` and the `@` of an e-mail address
///   are backslash-escaped, and a zero-width space follows the `@` of a mention and the `#` of an
///   issue reference (GitHub links those after rendering, whatever the escaping).
pub fn escape(text: &str) -> String {
    escape_line(&one_line(text))
}

/// `text` on one line: each run of spaces and tabs that holds a line break, or that starts or ends
/// the text, as one space.
fn one_line(text: &str) -> String {
    let text = normalize_line_breaks(text);
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut run_breaks = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n') {
            run.push(c);
            run_breaks |= c == '\n';
            continue;
        }
        if !run.is_empty() {
            if run_breaks || out.is_empty() {
                out.push(' ');
            } else {
                out.push_str(&run);
            }
            run.clear();
            run_breaks = false;
        }
        out.push(c);
    }
    if !run.is_empty() {
        out.push(' ');
    }
    out
}

/// Escapes one line (no line break in it) for an inline place.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // Block markers only matter at the start of a line (`#` is escaped everywhere).
    let indent = line.len() - line.trim_start_matches(' ').len();
    out.push_str(&line[..indent]);
    let mut rest = &line[indent..];
    if let Some(first) = rest.chars().next() {
        if matches!(first, '-' | '+' | '=') {
            out.push('\\');
        } else if first.is_ascii_digit() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest[digits..].starts_with(['.', ')']) {
                out.push_str(&rest[..digits]);
                out.push('\\');
                rest = &rest[digits..];
            }
        }
    }
    let mut prev: Option<char> = line[..line.len() - rest.len()].chars().last();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '#' => {
                out.push_str("\\#");
                if next.is_some_and(|n| n.is_ascii_digit()) {
                    out.push_str(ZERO_WIDTH_SPACE);
                }
            }
            ':' if rest[i + 1..].starts_with("//") => out.push_str("\\:"),
            '.' if ends_with_www(&rest[..i]) => out.push_str("\\."),
            '@' if next.is_some_and(|n| n.is_ascii_alphanumeric()) => {
                if prev.is_some_and(|p| p.is_alphanumeric() || p == '_') {
                    out.push_str("\\@");
                } else {
                    out.push('@');
                    out.push_str(ZERO_WIDTH_SPACE);
                }
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A zero-width space as a character reference: invisible, and it keeps GitHub from reading a
/// mention (`@name`) or an issue reference (`#1`), which it links in the rendered HTML.
const ZERO_WIDTH_SPACE: &str = "&#8203;";

/// Whether `text` ends with `www` (any case): before a `.`, what GitHub autolinks.
fn ends_with_www(text: &str) -> bool {
    let Some(head) = text.len().checked_sub(3).and_then(|i| text.get(i..)) else {
        return false;
    };
    head.eq_ignore_ascii_case("www")
}

/// `text` as a CommonMark code span: fenced by one backtick more than its longest run of them,
/// and on one line, so nothing in it can end the span or start markup.
pub fn code(text: &str) -> String {
    let text = normalize_line_breaks(text).replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a.example"), "`a.example`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x\n# y"), "`x # y`");
    }

    #[test]
    fn markup_is_inert() {
        assert_eq!(
            escape("<script>alert(1)</script> *x* [a](javascript:b) a|b & c"),
            r"\<script\>alert(1)\</script\> \*x\* \[a\](javascript:b) a\|b &amp; c"
        );
    }

    #[test]
    fn block_markers_at_the_start_are_escaped() {
        for (text, escaped) in [
            ("# h", "\\# h"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("=== setext", "\\=== setext"),
            ("1. one", "1\\. one"),
            ("2) two", "2\\) two"),
            ("  > q", " \\> q"),
            ("    indented code", " indented code"),
            ("\t# h", " \\# h"),
            (" - item", " \\- item"),
            ("\t1. one", " 1\\. one"),
        ] {
            assert_eq!(escape(text), escaped, "{text:?}");
        }
        assert_eq!(escape("2024年"), "2024年");
    }

    #[test]
    fn spaces_at_the_ends_stay_one_space() {
        // A separator keeps its space: `（` and ` (` both print as written.
        assert_eq!(escape(" ("), " (");
        assert_eq!(escape(", "), ", ");
        assert_eq!(escape("a  b"), "a  b");
        // Two spaces at the end would be a line break, a tab at the start code.
        assert_eq!(escape("x  "), "x ");
        assert_eq!(escape("\tx"), " x");
        assert_eq!(escape("a \r\n\t b\n"), "a b ");
    }

    /// The blocks of one list item, as [`shown_as_list_item`] names them.
    const LIST_ITEM: [&str; 2] = ["List(None)", "Item"];

    fn blocks() -> Vec<String> {
        LIST_ITEM.map(String::from).to_vec()
    }

    /// What CommonMark shows of `markdown` placed as a list item: the text of its one item, and
    /// every block it holds.
    fn shown_as_list_item(markdown: &str) -> (String, Vec<String>) {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let mut text = String::new();
        let mut blocks = Vec::new();
        for event in Parser::new_ext(
            &format!("- {markdown}\n"),
            Options::ENABLE_TABLES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_GFM,
        ) {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::Start(Tag::Paragraph) => {}
                Event::Start(tag) => blocks.push(format!("{tag:?}")),
                Event::Html(h) | Event::InlineHtml(h) => blocks.push(format!("html {h}")),
                Event::Rule => blocks.push("rule".into()),
                _ => {}
            }
        }
        (text.replace('\u{200B}', ""), blocks)
    }

    #[test]
    fn no_line_break_of_any_kind_leaves_the_line() {
        for br in [
            "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}",
        ] {
            let text = [
                "intro",
                "# heading",
                "",
                "    code",
                "- item",
                "---",
                "> quote",
                "| a | b |",
                "| - | - |",
                "```",
                "1. one",
                "<div>",
            ]
            .join(br);
            let escaped = escape(&text);
            assert!(
                !escaped.contains([
                    '\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{0B}', '\u{0C}'
                ]),
                "{br:?}: {escaped:?}"
            );
            let (shown, blocks) = shown_as_list_item(&escaped);
            assert_eq!(
                blocks, LIST_ITEM,
                "{br:?}: only the one list item: {escaped:?}"
            );
            assert_eq!(
                shown,
                "intro # heading code - item --- > quote | a | b | | - | - | ``` 1. one <div>",
                "{br:?}"
            );
        }
    }

    #[test]
    fn nothing_autolinks_and_the_text_reads_the_same() {
        let text = "see https://evil.example/a and HTTP://x.example, www.evil.example or WWW.x.example; write to me@evil.example, cc @user (@org/team), fixes #1 and x#2, C# and @ alone";
        let escaped = escape(text);
        assert_eq!(
            escaped,
            "see https\\://evil.example/a and HTTP\\://x.example, www\\.evil.example or WWW\\.x.example; write to me\\@evil.example, cc @&#8203;user (@&#8203;org/team), fixes \\#&#8203;1 and x\\#&#8203;2, C\\# and @ alone"
        );
        for pattern in ["://", "www.", "WWW.", "@e", "@u", "@o", "#1", "#2"] {
            let bare = escaped
                .match_indices(pattern)
                .any(|(i, _)| !escaped[..i].ends_with('\\'));
            assert!(!bare, "{pattern} in {escaped}");
        }
        assert_eq!(shown_as_list_item(&escaped), (text.to_string(), blocks()));
    }

    #[test]
    fn escaped_text_shows_the_same_characters() {
        for text in [
            "<script>alert(1)</script> *x* _y_ `z` ~~s~~ [a](javascript:b) ![i](x) a|b & c &amp; \\ \\",
            "trailing backslash \\",
            "\u{202E}bidi override\u{202C} {service} {operator}",
            "料金は1,000円です。2024年4月1日から",
            "https://a.example/(x)?q=1&r=2#frag",
            "1) one",
            "=",
            "-",
        ] {
            let (shown, blocks) = shown_as_list_item(&escape(text));
            assert_eq!(shown, text, "{:?}", escape(text));
            assert_eq!(blocks, LIST_ITEM, "{text}");
        }
    }

    #[test]
    fn japanese_text_is_untouched() {
        let ja = "ドコモがお客様個人に割り当てた識別子（dアカウントでログインした場合に限る）";
        assert_eq!(escape(ja), ja);
        // An ideographic space is text, not indentation: kept.
        assert_eq!(escape("\u{3000}字下げ"), "\u{3000}字下げ");
    }
}
