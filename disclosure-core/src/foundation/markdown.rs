//! Escaping text for CommonMark, shared by the renderers and the macro's rustdoc.

/// Escapes `text` so that CommonMark renders it as the same characters: no emphasis, links, raw
/// HTML, headings or list items can come from it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start_matches(' ');
        out.push_str(&line[..line.len() - trimmed.len()]);
        let mut chars = trimmed.chars().peekable();
        // Block markers only matter at the start of a line.
        if let Some(&first) = chars.peek() {
            if matches!(first, '#' | '-' | '+' | '=') {
                out.push('\\');
            } else if first.is_ascii_digit() {
                let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
                if trimmed[digits.len()..].starts_with(['.', ')']) {
                    out.push_str(&digits);
                    out.push('\\');
                    chars = trimmed[digits.len()..].chars().peekable();
                }
            }
        }
        for c in chars {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' => {
                    out.push('\\');
                    out.push(c);
                }
                '&' => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// `text` as a CommonMark code span: fenced by one backtick more than its longest run of them,
/// and on one line, so nothing in it can end the span or start markup.
pub fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
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
    fn block_markers_at_line_starts_are_escaped() {
        assert_eq!(
            escape("# h\n- item\n1. one\n2) two\n  > q"),
            "\\# h\n\\- item\n1\\. one\n2\\) two\n  \\> q"
        );
        assert_eq!(escape("2024年"), "2024年");
    }

    #[test]
    fn japanese_text_is_untouched() {
        let ja = "ドコモがお客様個人に割り当てた識別子（dアカウントでログインした場合に限る）";
        assert_eq!(escape(ja), ja);
    }
}
