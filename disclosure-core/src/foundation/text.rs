//! The structure of a multi-line text a catalogue gives (an introduction, opt-out steps, a
//! recipient's own use): paragraphs separated by blank lines, line breaks inside a paragraph, and
//! lists whose items start with `- `, `* ` or `・` (or `1. ` for a numbered list). Every renderer
//! prints the same structure, so Markdown and HTML never disagree on what is a paragraph or a list.

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

/// The blocks of `text`. Line endings are normalised (`\r\n` and `\r` read as `\n`); leading and
/// trailing blank lines are dropped.
pub fn blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
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
}
