//! Errors and warnings as data: a stable [`Code`], a severity, the place (file, line, column and,
//! where known, where the offending text ends), secondary labels (the other place a conflict
//! involves) and a help line saying what to do.
//!
//! [`Diagnostic`]'s `Display` is the plain rustc-like form used where no source text is at hand
//! (a proc macro's message, a build script); the command line renders the same data with
//! snippets of the source (`foundation::report`), or as JSON lines.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use super::code::Code;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema, serde::Deserialize))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the command; nothing is written.
    Error,
    /// Printed; the command goes on (unless `--deny` makes it an error).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters, not bytes), and where
/// the offending text ends when that is known.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema, serde::Deserialize))]
pub struct Location {
    /// The file, as given to the tool (relative paths stay relative), `/`-separated in output.
    #[serde(serialize_with = "slash_path")]
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Where the offending text ends (line, column, exclusive), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<(usize, usize)>,
    /// The file's text is never shown (a capture of requests holds what users sent).
    #[serde(skip)]
    #[cfg_attr(feature = "engine", schemars(skip))]
    pub conceal: bool,
}

fn slash_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy().replace('\\', "/"))
}

impl Location {
    /// A location at `line:column` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            end: None,
            conceal: false,
        }
    }

    /// The same location, shown without the file's text.
    pub fn concealed(mut self) -> Self {
        self.conceal = true;
        self
    }

    /// The same location, ending at `line:column` (exclusive).
    pub fn to(mut self, line: usize, column: usize) -> Self {
        if (line, column) > (self.line, self.column) {
            self.end = Some((line, column));
        }
        self
    }

    /// The location of byte `offset` in `source`, the text of `file`.
    pub fn at_offset(file: &Path, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        Location::new(file, line, column)
    }

    /// The location of the byte range `span` of `source`, the text of `file`.
    pub fn of_span(file: &Path, source: &str, span: Range<usize>) -> Self {
        let start = Location::at_offset(file, source, span.start);
        let (line, column) = line_column(source, span.end.max(span.start));
        start.to(line, column)
    }

    /// The byte range this location covers in `source` (at least one character where the text
    /// allows), for rendering a snippet.
    pub fn byte_range(&self, source: &str) -> Option<Range<usize>> {
        self.byte_range_in(source, &LineIndex::new(source))
    }

    /// [`Location::byte_range`], with the line index of `source` already made.
    pub fn byte_range_in(&self, source: &str, lines: &LineIndex) -> Option<Range<usize>> {
        let start = lines.byte_offset(source, self.line, self.column)?;
        let end = match self.end {
            Some((line, column)) => lines.byte_offset(source, line, column).unwrap_or(start),
            None => start,
        };
        let end = if end > start {
            end
        } else {
            source[start..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map_or(start, |c| start + c.len_utf8())
        };
        Some(start..end)
    }
}

/// 1-based line and character column of byte `offset` of `source`.
/// Where each line of a text starts, so that many locations in one large file cost a binary
/// search each rather than a scan from its beginning.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `source`.
    pub fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(newlines(source).map(|i| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line and column (in characters) of byte `offset` of `source`, the text this
    /// index was built from.
    pub fn line_column(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        (line, source[line_start..offset].chars().count() + 1)
    }

    /// The byte offset of 1-based `line:column` (in characters) of `source`.
    pub fn byte_offset(&self, source: &str, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let text = source.get(start..)?;
        let line_text = &text[..text.find('\n').unwrap_or(text.len())];
        let within: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Some(start + within)
    }

    /// The bytes of the whole lines that `range` touches.
    pub fn lines_around(&self, source: &str, range: Range<usize>) -> Range<usize> {
        let first = self.starts.partition_point(|&s| s <= range.start).max(1);
        let start = self.starts[first - 1];
        let end = source[range.end.min(source.len())..]
            .find('\n')
            .map_or(source.len(), |i| range.end + i);
        start..end
    }

    /// The location of the byte range `span` of `source` (the text of `file`).
    pub fn of_span(&self, file: &Path, source: &str, span: Range<usize>) -> Location {
        let (line, column) = self.line_column(source, span.start);
        let (end_line, end_column) = self.line_column(source, span.end.max(span.start));
        Location::new(file, line, column).to(end_line, end_column)
    }
}

fn newlines(source: &str) -> impl Iterator<Item = usize> + '_ {
    source
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub at: Location,
}

impl<T> Located<T> {
    /// A value at a place.
    pub fn new(value: T, at: Location) -> Self {
        Located { value, at }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.to_string_lossy().replace('\\', "/");
        write!(f, "{file}:{}:{}", self.line, self.column)
    }
}

/// A secondary place a diagnostic involves, with what it is.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema, serde::Deserialize))]
pub struct Label {
    /// The place.
    pub location: Location,
    /// What is there ("first declared here").
    pub message: String,
}

/// One problem, with its code, where it is and how to fix it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema, serde::Deserialize))]
pub struct Diagnostic {
    /// The stable code (`D0206`).
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, when it is in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Other places involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location: None,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets where the problem is, when known.
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    /// Adds a secondary place.
    pub fn label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// Adds a secondary place, when there is one.
    pub fn label_opt(self, location: Option<Location>, message: impl Into<String>) -> Self {
        match location {
            Some(at) => self.label(at, message),
            None => self,
        }
    }

    /// Sets what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this stops the command.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as the message of a compiler error, which adds its own `error: ` and `-->`
    /// lines: the message with its code, where in another file it is, the other places, and the
    /// help.
    pub fn body(&self) -> String {
        let mut out = format!("{} [{}]", self.message, self.code);
        if let Some(location) = &self.location {
            out.push_str(&format!("\n  --> {location}"));
        }
        for label in &self.labels {
            out.push_str(&format!("\n  --> {}: {}", label.location, label.message));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n\n= help: {help}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        for label in &self.labels {
            write!(f, "\n  ::: {}: {}", label.location, label.message)?;
        }
        if let Some(help) = &self.help {
            for (i, line) in help.lines().enumerate() {
                let lead = if i == 0 { "  = help: " } else { "          " };
                write!(f, "\n{lead}{line}")?;
            }
        }
        Ok(())
    }
}

/// One or more errors (and the warnings found with them). Every problem found is reported at once.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
    root: Option<PathBuf>,
}

impl Error {
    /// An error of these diagnostics (at least one; errors are sorted first).
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Error {
        diagnostics.sort_by_key(|d| d.severity);
        Error {
            diagnostics,
            root: None,
        }
    }

    /// The same error, its relative paths said to be relative to `root` (a project's workspace
    /// root), unless an inner step already said so: a reporter reads their text there, wherever
    /// the tool runs from.
    pub fn within(mut self, root: &Path) -> Error {
        self.root.get_or_insert_with(|| root.to_path_buf());
        self
    }

    /// The directory the relative paths of its diagnostics are relative to, when known.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The diagnostics, errors first, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, by value.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether any diagnostic has `code`.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::from_diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            d.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Collects diagnostics while a step runs, so every problem is reported, not only the first.
#[derive(Clone, Default, Debug)]
#[cfg_attr(feature = "engine", derive(Serialize, serde::Deserialize))]
#[cfg_attr(feature = "engine", serde(transparent))]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of `error`.
    pub fn extend(&mut self, error: Error) {
        self.items.extend(error.diagnostics);
    }

    /// Adds these warnings (or errors).
    pub fn append(&mut self, diagnostics: Vec<Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Every diagnostic as an error, errors first (the caller found an error it cannot go on
    /// after).
    pub fn into_error(self) -> Error {
        Error::from_diagnostics(self.items)
    }

    /// Every diagnostic, errors and warnings alike, in the order pushed.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// `Ok(value)` with the warnings when no error was found; otherwise every diagnostic, errors
    /// first.
    pub fn finish<T>(self, value: T) -> Result<(T, Vec<Diagnostic>), Error> {
        if self.has_errors() {
            Err(Error::from_diagnostics(self.items))
        } else {
            Ok((value, self.items))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_a_scan_from_the_start() {
        let src = "a = 1\n\n日本 = \"x\"\r\nlast";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            assert_eq!(
                index.line_column(src, offset),
                line_column(src, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn offsets_map_to_lines_and_character_columns_and_back() {
        let src = "a = 1\nname = \"日本\" x\n";
        let at = src.find('x').unwrap();
        let loc = Location::at_offset(Path::new("d.toml"), src, at);
        assert_eq!(loc.to_string(), "d.toml:2:13");
        assert_eq!(loc.byte_range(src), Some(at..at + 1));
        let name = src.find("日本").unwrap();
        let span = Location::of_span(Path::new("d.toml"), src, name..name + "日本".len());
        assert_eq!(span.end, Some((2, 11)));
        assert_eq!(span.byte_range(src), Some(name..name + "日本".len()));
    }

    #[test]
    fn display_reads_like_rustc_with_the_code() {
        let d = Diagnostic::error(Code::UnknownId, "unknown data item `ip_adress`")
            .at(Location::new("src/lib.rs", 3, 9))
            .help("did you mean `ip_address`?");
        assert_eq!(
            d.to_string(),
            "error[D0206]: unknown data item `ip_adress`\n  --> src/lib.rs:3:9\n  = help: did you mean `ip_address`?"
        );
        assert!(
            d.body()
                .starts_with("unknown data item `ip_adress` [D0206]")
        );
    }

    #[test]
    fn finish_fails_on_any_error_and_keeps_warnings_otherwise() {
        let mut ok = Diagnostics::new();
        ok.push(Diagnostic::warning(Code::LinkInsecure, "http link"));
        let (_, warnings) = ok.finish(()).unwrap();
        assert_eq!(warnings.len(), 1);

        let mut bad = Diagnostics::new();
        bad.push(Diagnostic::warning(Code::LinkInsecure, "http link"));
        bad.push(Diagnostic::error(Code::DuplicateId, "duplicate id"));
        let err = bad.finish(()).unwrap_err();
        assert!(err.diagnostics()[0].is_error());
    }
}
