//! Writing to the terminal: standard output, and colour only where a person reads it.

use std::io::Write;

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;

/// Writes `text` to standard output.
pub(crate) fn write_stdout(text: &str) -> Result<Outcome, Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| {
            Diagnostic::error(
                Code::Environment,
                format!("cannot write to standard output: {e}"),
            )
        })?;
    Ok(Outcome::Done)
}

pub(crate) use disclosure_core::foundation::report::clean;

/// ANSI styles for a unified diff.
pub(crate) struct Style {
    on: bool,
}

impl Style {
    pub(crate) fn new(on: bool) -> Style {
        Style { on }
    }

    /// `line` of a unified diff, coloured by its first character.
    pub(crate) fn diff_line(&self, line: &str) -> String {
        if !self.on {
            return line.to_string();
        }
        let code = match line.as_bytes().first() {
            Some(b'+') if !line.starts_with("+++") => "32",
            Some(b'-') if !line.starts_with("---") => "31",
            Some(b'@') => "36",
            Some(b'+' | b'-') => "1",
            _ => return line.to_string(),
        };
        format!("\x1b[{code}m{line}\x1b[0m")
    }
}
