//! Errors and warnings that name the file, line and column, and say what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Severity {
    /// Stops generation; nothing is written.
    Error,
    /// Printed; generation goes on.
    Warning,
}

/// A place in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Location {
    /// The file, as given to the tool (relative paths stay relative).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// A location at `line:column` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The location of byte `offset` in `source`, the text of `file`.
    pub fn at_offset(file: &Path, source: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() + 1;
        Location::new(file, line, column)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One problem, with where it is and how to fix it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, when it is in a file.
    pub location: Option<Location>,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The diagnostic as the message of a compiler error, which adds its own `error: ` and
    /// `-->` lines: the message, where in the file it is, and the help.
    pub fn body(&self) -> String {
        let mut out = self.message.clone();
        if let Some(location) = &self.location {
            out.push_str(&format!("\n  at {location}"));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n\n= help: {help}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
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
}

impl Error {
    /// The diagnostics, errors first, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error {
            diagnostics: vec![diagnostic],
        }
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

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// `Ok(value)` with the warnings when no error was found; otherwise every diagnostic, errors first.
    pub fn finish<T>(mut self, value: T) -> Result<(T, Vec<Diagnostic>), Error> {
        if self.has_errors() {
            self.items.sort_by_key(|d| d.severity);
            Err(Error {
                diagnostics: self.items,
            })
        } else {
            Ok((value, self.items))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let src = "a = 1\nname = \"日本\" x\n";
        let at = src.find('x').unwrap();
        let loc = Location::at_offset(Path::new("d.toml"), src, at);
        assert_eq!(loc.to_string(), "d.toml:2:13");
    }

    #[test]
    fn display_reads_like_rustc() {
        let d = Diagnostic::error("unknown data item `ip_adress`")
            .at(Location::new("src/lib.rs", 3, 9))
            .help("did you mean `ip_address`?");
        assert_eq!(
            d.to_string(),
            "error: unknown data item `ip_adress`\n  --> src/lib.rs:3:9\n  = help: did you mean `ip_address`?"
        );
    }

    #[test]
    fn finish_fails_on_any_error_and_keeps_warnings_otherwise() {
        let mut ok = Diagnostics::new();
        ok.push(Diagnostic::warning("http link"));
        let (_, warnings) = ok.finish(()).unwrap();
        assert_eq!(warnings.len(), 1);

        let mut bad = Diagnostics::new();
        bad.push(Diagnostic::warning("http link"));
        bad.push(Diagnostic::error("duplicate id"));
        let err = bad.finish(()).unwrap_err();
        assert!(err.diagnostics()[0].is_error());
    }
}
