//! Writing outputs: through a temporary file in the target's directory, then a rename, so a reader
//! (or a second run) sees the old file or the new one, never half of one, and a failure leaves the
//! old file as it was.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Error};

/// Writes `contents` to `path` atomically. A symbolic link is followed (its target is replaced);
/// anything but a regular file (a directory, a device such as `/dev/full`) is refused.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path).map_err(|e| {
                Diagnostic::error(format!("cannot follow the link {}: {e}", path.display()))
                    .help("point the link at a file in an existing directory, or remove it")
            })?;
            resolved.as_path()
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Diagnostic::error(format!(
                "cannot write {}: it is not a regular file",
                path.display()
            ))
            .help("choose a file path for the output")
            .into());
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let failed = |what: &str, e: &dyn std::fmt::Display| -> Error {
        Diagnostic::error(format!("cannot write {}: {what}: {e}", path.display()))
            .help("check that the directory exists and is writable, and that the disk has room; the previous file, if any, is unchanged")
            .into()
    };
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "cannot write {}: directory {} does not exist",
            path.display(),
            dir.display()
        ))
        .help("create the directory first, or choose another --out path")
        .into());
    }
    let mut file = tempfile::Builder::new()
        .prefix(".disclosure-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| failed("cannot create a temporary file", &e))?;
    file.write_all(contents)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| failed("cannot write the temporary file", &e))?;
    file.persist(path)
        .map_err(|e| failed("cannot replace the file", &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notice.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_device_or_directory_is_never_replaced() {
        let err = write_atomic(Path::new("/dev/full"), b"x").unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
    }

    #[test]
    #[cfg(unix)]
    fn a_symbolic_link_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("no/such/notice.md"), b"x").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
