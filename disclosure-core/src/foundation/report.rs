//! Diagnostics for people: rustc-style, with a snippet of the source under each place (rendered by
//! `annotate-snippets`, the renderer rustc and cargo use), coloured only when asked; and for tools:
//! one JSON object per line (`docs/schema/diagnostic.schema.json`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::diagnostic::{Diagnostic, LineIndex, Location, Severity};

/// The largest file a snippet is shown from; beyond it only `file:line:column` is printed.
const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// Renders diagnostics, reading each source file once.
#[derive(Debug, Default)]
pub struct Reporter {
    colour: bool,
    root: Option<PathBuf>,
    sources: BTreeMap<PathBuf, Option<String>>,
    lines: BTreeMap<PathBuf, LineIndex>,
}

impl Reporter {
    /// A reporter; `colour` for a terminal.
    pub fn new(colour: bool) -> Reporter {
        Reporter {
            colour,
            root: None,
            sources: BTreeMap::new(),
            lines: BTreeMap::new(),
        }
    }

    /// Reads and names relative paths from `root` (the workspace root of the project the
    /// diagnostics came from: their paths are relative to it), so that a snippet shows the
    /// project's file wherever the tool runs from, under a path that leads to it from here.
    pub fn set_root(&mut self, root: &Path) {
        self.root = Some(root.to_path_buf());
    }

    /// Where a diagnostic's `file` is: under the root when it is relative and the root has it.
    fn resolve(&self, file: &Path) -> PathBuf {
        match &self.root {
            Some(root) if file.is_relative() && root.join(file).is_file() => root.join(file),
            _ => file.to_path_buf(),
        }
    }

    /// How `file` is named: as given, unless the root moved it; then from the current directory
    /// when it is under it, else in full.
    fn name(&self, file: &Path) -> String {
        let resolved = self.resolve(file);
        if resolved == file {
            return display_path(file);
        }
        let here = std::env::current_dir().ok();
        let shown = here
            .as_deref()
            .and_then(|h| resolved.strip_prefix(h).ok())
            .unwrap_or(&resolved);
        display_path(shown)
    }

    /// Supplies the text of `file` (a catalogue held in memory), instead of reading it.
    pub fn with_source(mut self, file: &Path, text: String) -> Reporter {
        self.sources.insert(file.to_path_buf(), Some(text));
        self
    }

    fn source(&mut self, file: &Path) {
        if !self.sources.contains_key(file) {
            let text =
                crate::foundation::files::read_bounded_text(&self.resolve(file), MAX_SOURCE_BYTES)
                    .ok();
            self.sources.insert(file.to_path_buf(), text);
        }
        if !self.lines.contains_key(file)
            && let Some(Some(text)) = self.sources.get(file)
        {
            self.lines.insert(file.to_path_buf(), LineIndex::new(text));
        }
    }

    /// One diagnostic, as rustc would print it (ending in a newline).
    pub fn render(&mut self, d: &Diagnostic) -> String {
        // Collect the sources first: the snippets borrow them.
        let mut places: Vec<&Location> = d.location.iter().collect();
        places.extend(d.labels.iter().map(|l| &l.location));
        for place in places.iter().filter(|p| !p.conceal) {
            self.source(&place.file);
        }
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = clean(&d.message);
        let mut title = level.primary_title(message.as_str()).id(d.code.id());
        let mut group: Vec<annotate_snippets::Element<'_>> = Vec::new();
        let primary = d.location.as_ref().map(|l| (l, None::<&str>));
        let secondary = d
            .labels
            .iter()
            .map(|l| (&l.location, Some(l.message.as_str())));
        for (i, (location, label)) in primary.into_iter().chain(secondary).enumerate() {
            let kind = if i == 0 && d.location.is_some() {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let path = self.name(&location.file);
            let text = match location.conceal {
                true => None,
                false => self.sources.get(&location.file).and_then(|s| s.as_deref()),
            };
            let lines = self.lines.get(&location.file);
            let placed = text.zip(lines).and_then(|(t, lines)| {
                let range = location.byte_range_in(t, lines)?;
                // Only the lines the span touches go to the renderer: a diagnostic costs the
                // size of its place, not of its file.
                let around = lines.lines_around(t, range.clone());
                Some((
                    &t[around.clone()],
                    range.start - around.start..range.end - around.start,
                ))
            });
            match placed {
                Some((text, range)) => {
                    let mut annotation = kind.span(range);
                    if let Some(label) = label {
                        annotation = annotation.label(clean(label));
                    }
                    group.push(
                        Snippet::source(text)
                            .path(path)
                            .line_start(location.line)
                            .fold(true)
                            .annotation(annotation)
                            .into(),
                    );
                }
                None => {
                    group.push(
                        Origin::path(path)
                            .line(location.line)
                            .char_column(location.column)
                            .into(),
                    );
                    if let Some(label) = label {
                        group.push(Level::NOTE.message(clean(label)).into());
                    }
                }
            }
        }
        if let Some(help) = &d.help {
            group.push(Level::HELP.message(clean(help)).into());
        }
        if group.is_empty() {
            // A title alone still needs a group.
            title = title.id(d.code.id());
        }
        let report = [Group::with_title(title).elements(group)];
        let renderer = if self.colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&report);
        out.push('\n');
        out
    }
}

/// The diagnostic as one line of JSON.
pub fn json_line(d: &Diagnostic) -> String {
    let mut line = serde_json::to_string(d).unwrap_or_else(|e| {
        format!(
            "{{\"code\":\"{}\",\"message\":\"cannot serialise: {e}\"}}",
            d.code
        )
    });
    line.push('\n');
    line
}

fn display_path(path: &Path) -> String {
    clean(&path.to_string_lossy().replace('\\', "/"))
}

/// Text printed to a terminal: control characters (escape sequences, bidi overrides) are shown
/// escaped, never sent raw.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' || !is_hostile(c) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out
}

/// `json` (serde_json's output) with every character [`clean`] escapes written as a JSON escape
/// (`\u202e`) instead: the same value for a tool, nothing that reorders or hides text on a
/// terminal, and still valid JSON (serde_json already escapes the C0 controls; the others only
/// ever occur inside strings).
pub fn clean_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '\n' || c == '\t' || !is_hostile(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// Control characters and the Unicode formatting characters that reorder or hide text.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::diagnostic::Code;

    #[test]
    fn json_keeps_its_value_and_hides_nothing() {
        for value in [
            "evil\u{202e}gpj.exe",
            "a\u{85}b",
            "x\u{1F600}\u{FEFF}",
            "\u{7f}\u{9f}",
        ] {
            let json = serde_json::to_string(&serde_json::json!({ "host": value })).unwrap();
            let cleaned = clean_json(&json);
            assert!(
                !cleaned.chars().any(|c| is_hostile(c) && c != '\n'),
                "{cleaned}"
            );
            let back: serde_json::Value = serde_json::from_str(&cleaned).expect("valid JSON");
            assert_eq!(back["host"], value);
        }
    }

    #[test]
    fn a_snippet_underlines_the_place_and_labels_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("disclosure.toml");
        std::fs::write(
            &file,
            "[[provider]]\nid = \"x\"\n\n[[provider]]\nid = \"x\"\n",
        )
        .unwrap();
        let d = Diagnostic::error(Code::DuplicateId, "duplicate provider id `x`")
            .at(Location::new(&file, 5, 6).to(5, 9))
            .label(Location::new(&file, 2, 6).to(2, 9), "first declared here")
            .help("merge the two tables");
        let out = Reporter::new(false).render(&d);
        assert!(
            out.starts_with("error[D0105]: duplicate provider id `x`"),
            "{out}"
        );
        assert!(out.contains("5 | id = \"x\""), "{out}");
        assert!(out.contains("first declared here"), "{out}");
        assert!(out.contains("help: merge the two tables"), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mb\u{202e}c"), "a\\u{1b}[31mb\\u{202e}c");
        assert_eq!(clean("日本\n"), "日本\n");
    }
}
