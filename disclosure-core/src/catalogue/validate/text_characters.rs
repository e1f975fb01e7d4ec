//! Every text of a catalogue, checked for characters a notice may not hold
//! ([`crate::foundation::characters`]): one pass over the document's values and keys, each
//! refused at its place, whichever table it sits in.

use crate::foundation::characters;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics};
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Reports every string (value or key) of `source` holding a forbidden character.
pub(super) fn check(path: &Path, source: &str, out: &mut Diagnostics) {
    let Ok(document) = DeTable::parse(source) else {
        // A document that does not parse is reported by the parser itself.
        return;
    };
    let mut found: Vec<(std::ops::Range<usize>, char)> = Vec::new();
    let mut tables: Vec<&DeTable<'_>> = vec![document.get_ref()];
    let mut values: Vec<&toml::Spanned<DeValue<'_>>> = Vec::new();
    loop {
        if let Some(table) = tables.pop() {
            for (key, value) in table.iter() {
                if let Some(c) = characters::forbidden(key.get_ref()) {
                    found.push((key.span(), c));
                }
                values.push(value);
            }
        } else if let Some(value) = values.pop() {
            match value.get_ref() {
                DeValue::String(s) => {
                    if let Some(c) = characters::forbidden(s) {
                        found.push((value.span(), c));
                    }
                }
                DeValue::Array(items) => values.extend(items.iter()),
                DeValue::Table(table) => tables.push(table),
                _ => {}
            }
        } else {
            break;
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    let lines = crate::foundation::diagnostic::LineIndex::new(source);
    for (span, c) in found {
        out.push(
            Diagnostic::error(
                Code::TextCharacter,
                format!(
                    "this text holds {}, which would hide or reorder what the reader sees",
                    characters::describe(c)
                ),
            )
            .at(lines.of_span(path, source, span))
            .help("remove the character (write the text as it should read; a line break is written as a line break)"),
        );
    }
}
