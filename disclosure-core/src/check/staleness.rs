//! Whether the committed outputs are what the code and the catalogue produce today: each output
//! is rendered in memory and compared with its file, which is read with a cap (an output larger
//! than any notice can be is stale, not read whole).

use std::path::Path;

use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The largest output file compared (64 MiB): far beyond any notice.
pub const MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

/// How a committed output compares with what would be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// The file holds exactly what would be generated.
    Fresh,
    /// The file is missing.
    Missing,
    /// The file differs; its text (lossily decoded) when it is small enough to show a diff.
    Stale(Option<String>),
}

/// What a committed output file holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Existing {
    /// There is no file.
    Missing,
    /// It is larger than any notice ([`MAX_OUTPUT_BYTES`]); not read.
    TooLarge,
    /// Its bytes.
    Bytes(Vec<u8>),
}

/// Reads the committed output at `path`, with a cap.
pub fn read(path: &Path) -> Result<Existing, Error> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => return Err(unreadable(path, &e.to_string())),
    };
    if !meta.is_file() {
        return Err(unreadable(path, "it is not a regular file"));
    }
    if meta.len() > MAX_OUTPUT_BYTES {
        return Ok(Existing::TooLarge);
    }
    match crate::foundation::files::read_bounded(path, MAX_OUTPUT_BYTES) {
        Ok(bytes) => Ok(Existing::Bytes(bytes)),
        Err(_) => Ok(Existing::TooLarge),
    }
}

/// Compares the file at `path` with `expected`.
pub fn compare(path: &Path, expected: &str) -> Result<Freshness, Error> {
    Ok(match read(path)? {
        Existing::Missing => Freshness::Missing,
        Existing::TooLarge => Freshness::Stale(None),
        Existing::Bytes(bytes) if bytes == expected.as_bytes() => Freshness::Fresh,
        Existing::Bytes(bytes) => {
            Freshness::Stale(Some(String::from_utf8_lossy(&bytes).into_owned()))
        }
    })
}

fn unreadable(path: &Path, why: &str) -> Error {
    Diagnostic::error(
        Code::OutputWrite,
        format!("cannot read {}: {why}", path.display()),
    )
    .help(
        "make the output a readable regular file, or remove it and run `cargo disclosure generate`",
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_missing_and_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notice.md");
        assert_eq!(compare(&path, "x").unwrap(), Freshness::Missing);
        std::fs::write(&path, "x").unwrap();
        assert_eq!(compare(&path, "x").unwrap(), Freshness::Fresh);
        assert_eq!(
            compare(&path, "y").unwrap(),
            Freshness::Stale(Some("x".into()))
        );
        assert!(compare(dir.path(), "x").is_err());
    }
}
