//! Characters no text of a notice may hold: control characters (they break HTML, Markdown and
//! terminals, and can hide text) and the invisible bidirectional formatting characters (they
//! reorder what the reader sees, so the page says something other than its source). Line breaks
//! and tabs are text; everything else in the C0 and C1 ranges is not.

/// The first character of `text` a notice may not hold.
pub fn forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| is_forbidden(c))
}

/// Whether `c` is a control or bidirectional formatting character (tab, line feed and carriage
/// return excepted: line endings are normalised where texts are read).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// How a message names `c`: its code point and what kind of character it is.
pub fn describe(c: char) -> String {
    let kind = if c.is_control() {
        "a control character"
    } else {
        "an invisible bidirectional formatting character"
    };
    format!("U+{:04X} ({kind})", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_formatting_are_forbidden_text_is_not() {
        for bad in [
            "a\u{0}b",
            "\u{1b}[31m",
            "x\u{7f}",
            "\u{85}",
            "\u{202E}gnp.exe",
            "\u{2066}",
        ] {
            assert!(forbidden(bad).is_some(), "{bad:?}");
        }
        for good in [
            "例株式会社",
            "line\nbreak\r\n\ttab",
            "emoji 👩‍💻 with a joiner",
            "עברית",
        ] {
            assert_eq!(forbidden(good), None, "{good:?}");
        }
        assert_eq!(
            describe('\u{202E}'),
            "U+202E (an invisible bidirectional formatting character)"
        );
    }
}
