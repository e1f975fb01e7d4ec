//! The structure of a multi-line text a catalogue gives (an introduction, opt-out steps, a
//! recipient's own use): paragraphs separated by blank lines, line breaks inside a paragraph, and
//! lists whose items start with `- `, `* ` or `・` (or `1. ` for a numbered list). Every renderer
//! prints the same structure, so Markdown and HTML never disagree on what is a paragraph or a list.

use std::borrow::Cow;

/// One block of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph: its lines (a line break between each).
    Paragraph(Vec<String>),
    /// A bulleted list: its items.
    List(Vec<String>),
    /// A numbered list: its items, numbered from 1.
    Numbered(Vec<String>),
}

/// `text` with every line break written as `\n`: `\r\n`, a lone `\r` (a line ending in CommonMark),
/// U+2028 LINE SEPARATOR, U+0085 NEXT LINE, vertical tab and form feed each become one `\n`; U+2029
/// PARAGRAPH SEPARATOR becomes a blank line. The one place that decides what a line break is: every
/// escaper reads its text through it, so a break no renderer expected can never start a block.
pub fn normalize_line_breaks(text: &str) -> Cow<'_, str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}'
        )
    };
    if !text.contains(is_break) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{2029}' => out.push_str("\n\n"),
            c if is_break(c) => out.push('\n'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The blocks of `text`. Line breaks are normalised ([`normalize_line_breaks`]); leading and
/// trailing blank lines are dropped.
pub fn blocks(text: &str) -> Vec<Block> {
    let text = normalize_line_breaks(text);
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        if let Some(item) = bullet(trimmed) {
            match out.last_mut() {
                Some(Block::List(items)) if open => items.push(item.to_string()),
                _ => out.push(Block::List(vec![item.to_string()])),
            }
        } else if let Some(item) = numbered(trimmed) {
            match out.last_mut() {
                Some(Block::Numbered(items)) if open => items.push(item.to_string()),
                _ => out.push(Block::Numbered(vec![item.to_string()])),
            }
        } else {
            match out.last_mut() {
                Some(Block::Paragraph(lines)) if open => lines.push(trimmed.to_string()),
                // A line right after a list item continues the item.
                Some(Block::List(items) | Block::Numbered(items)) if open => {
                    let last = items.last_mut().expect("a list has an item");
                    last.push(' ');
                    last.push_str(trimmed);
                }
                _ => out.push(Block::Paragraph(vec![trimmed.to_string()])),
            }
        }
        open = true;
    }
    out
}

fn bullet(line: &str) -> Option<&str> {
    ["- ", "* ", "・"]
        .iter()
        .find_map(|m| line.strip_prefix(m))
        .map(str::trim)
        .filter(|rest| !rest.is_empty())
}

fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    rest.strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))
        .map(str::trim)
        .filter(|rest| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_lists() {
        let text = "First line\r\nsecond line\n\nSecond paragraph.\n- one\n- two\n  continued\n\n1. a\n2. b\n・c";
        assert_eq!(
            blocks(text),
            [
                Block::Paragraph(vec!["First line".into(), "second line".into()]),
                Block::Paragraph(vec!["Second paragraph.".into()]),
                Block::List(vec!["one".into(), "two continued".into()]),
                Block::Numbered(vec!["a".into(), "b".into()]),
                Block::List(vec!["c".into()]),
            ]
        );
    }

    #[test]
    fn a_hyphen_without_a_space_or_a_year_is_text() {
        assert_eq!(
            blocks("-5 degrees\n2024年3月"),
            [Block::Paragraph(vec![
                "-5 degrees".into(),
                "2024年3月".into()
            ])]
        );
        assert!(blocks("\n\n").is_empty());
    }

    #[test]
    fn every_line_break_is_one() {
        assert_eq!(
            normalize_line_breaks("a\r\nb\rc\u{2028}d\u{85}e\u{0B}f\u{0C}g\u{2029}h"),
            "a\nb\nc\nd\ne\nf\ng\n\nh"
        );
        assert!(matches!(normalize_line_breaks("a\nb"), Cow::Borrowed(_)));
        // A lone carriage return ends a line: what follows it is a list, not part of the line.
        assert_eq!(
            blocks("intro\r- item"),
            [
                Block::Paragraph(vec!["intro".into()]),
                Block::List(vec!["item".into()])
            ]
        );
        assert_eq!(
            blocks("one\u{2029}two"),
            [
                Block::Paragraph(vec!["one".into()]),
                Block::Paragraph(vec!["two".into()])
            ]
        );
    }
}
