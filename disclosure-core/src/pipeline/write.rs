//! Writing outputs: through a temporary file in the target's directory, then a rename, so a reader
//! (or a second run) sees the old file or the new one, never half of one, and a failure leaves the
//! old file as it was. Only a regular file (or a new path) is ever replaced; `-` and
//! `/dev/stdout` mean standard output. A replaced file keeps its permissions; a new one gets the
//! usual ones (`0666` less the umask).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// Where an output goes, checked before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A regular file (followed through symbolic links), existing or new.
    File {
        /// The file to replace or create.
        path: PathBuf,
        /// The permissions to give it: the existing file's, else none (the umask decides).
        #[cfg(unix)]
        mode: Option<u32>,
    },
}

impl Destination {
    /// Checks that `path` can be written: standard output, a regular file, or a new file in an
    /// existing directory. A device, a FIFO, a socket or a directory is refused.
    pub fn check(path: &Path) -> Result<Destination, Error> {
        if path == Path::new("-") || path == Path::new("/dev/stdout") {
            return Ok(Destination::Stdout);
        }
        let refused = |what: &str| -> Error {
            Diagnostic::error(
                Code::OutputWrite,
                format!("cannot write {}: {what}", path.display()),
            )
            .help("choose a regular file for the output (`-` writes to standard output); the existing file, if any, is unchanged")
            .into()
        };
        // Never write through a symbolic link: a link committed in a pull request can lead
        // anywhere, and a dangling one would create its target wherever it points. Only the
        // links that name standard output are taken as it.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            let target = std::fs::read_link(path).unwrap_or_default();
            if target == Path::new("/dev/stdout") || target.starts_with("/proc/self/fd") {
                return Ok(Destination::Stdout);
            }
            return Err(Diagnostic::error(
                Code::OutputWrite,
                format!(
                    "cannot write {}: it is a symbolic link (to {}), and an output is never written through one",
                    path.display(),
                    target.display()
                ),
            )
            .help("replace the link with the file itself, or name the file it leads to as the output; the link is unchanged")
            .into());
        }
        let resolved = path.to_path_buf();
        if path.starts_with("/proc/self/fd") {
            return Ok(Destination::Stdout);
        }
        let mode = match std::fs::metadata(&resolved) {
            Ok(meta) if meta.is_file() => permissions_of(&meta),
            Ok(meta) if meta.is_dir() => return Err(refused("it is a directory")),
            Ok(_) => {
                return Err(refused(
                    "it is not a regular file (a device, a pipe or a socket)",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(refused(&e.to_string())),
        };
        let dir = match resolved.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(Diagnostic::error(
                Code::OutputWrite,
                format!(
                    "cannot write {}: directory {} does not exist",
                    path.display(),
                    dir.display()
                ),
            )
            .help("create the directory first, or choose another path")
            .into());
        }
        #[cfg(not(unix))]
        let _ = mode;
        Ok(Destination::File {
            path: resolved,
            #[cfg(unix)]
            mode,
        })
    }
}

#[cfg(unix)]
fn permissions_of(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn permissions_of(_: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The prefix of the temporary files writes use; an interrupted run's leftovers carry it.
pub const TEMP_PREFIX: &str = ".disclosure-";

/// A temporary file older than this was left by a run that was killed (a write takes moments):
/// the next write into its directory removes it.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// The temporary files being written now, for [`remove_temporaries`].
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the temporary files of the writes under way: call it from a signal handler before the
/// process exits, so an interrupted run leaves nothing behind.
pub fn remove_temporaries() {
    if let Ok(mut live) = LIVE.lock() {
        remove_all(&mut live);
    }
}

fn remove_all(paths: &mut Vec<PathBuf>) {
    for path in paths.drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

fn track(path: &Path, live: bool) {
    if let Ok(mut paths) = LIVE.lock() {
        if live {
            paths.push(path.to_path_buf());
        } else {
            paths.retain(|p| p != path);
        }
    }
}

/// Removes the temporary files an interrupted run left in `dir` (ours by their prefix and
/// suffix, and older than [`STALE_AFTER`]).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `contents` to the checked destination, atomically.
pub fn write_atomic(dest: &Destination, contents: &[u8]) -> Result<(), Error> {
    let Destination::File { path, .. } = dest else {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(contents)
            .and_then(|()| stdout.flush())
            .map_err(|e| {
                Diagnostic::error(
                    Code::OutputWrite,
                    format!("cannot write to standard output: {e}"),
                )
                .into()
            });
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let failed = |what: &str, e: &dyn std::fmt::Display| -> Error {
        Diagnostic::error(
            Code::OutputWrite,
            format!("cannot write {}: {what}: {e}", path.display()),
        )
        .help("check that the directory is writable and the disk has room; the previous file, if any, is unchanged")
        .into()
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created subject to the umask, like any new file; an existing file's mode is kept below.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    remove_stale_temporaries(dir);
    let file = builder
        .tempfile_in(dir)
        .map_err(|e| failed("cannot create a temporary file", &e))?;
    let temporary = file.path().to_path_buf();
    track(&temporary, true);
    let written = finish(dest, path, file, contents, &failed);
    track(&temporary, false);
    written
}

/// Writes, keeps the mode, and renames the temporary file into place (dropped on failure, which
/// removes it).
fn finish(
    dest: &Destination,
    path: &Path,
    mut file: tempfile::NamedTempFile,
    contents: &[u8],
    failed: &dyn Fn(&str, &dyn std::fmt::Display) -> Error,
) -> Result<(), Error> {
    file.write_all(contents)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| failed("cannot write the temporary file", &e))?;
    #[cfg(unix)]
    if let Destination::File {
        mode: Some(mode), ..
    } = dest
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(*mode))
            .map_err(|e| failed("cannot keep the file's permissions", &e))?;
    }
    file.persist(path)
        .map_err(|e| failed("cannot replace the file", &e.error))?;
    Ok(())
}

/// Writes `contents` to `path` (checked first), atomically.
pub fn write_path(path: &Path, contents: &[u8]) -> Result<(), Error> {
    write_atomic(&Destination::check(path)?, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notice.md");
        std::fs::write(&path, "old").unwrap();
        write_path(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_device_or_directory_is_never_replaced() {
        let err = write_path(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(Path::new("/dev/null").exists());
        let dir = tempfile::tempdir().unwrap();
        assert!(write_path(dir.path(), b"x").is_err());
        assert_eq!(
            Destination::check(Path::new("-")).unwrap(),
            Destination::Stdout
        );
        assert_eq!(
            Destination::check(Path::new("/dev/stdout")).unwrap(),
            Destination::Stdout
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_symbolic_link_is_never_written_through_and_modes_follow_the_usual_rules() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_path(&link, b"new").unwrap_err().to_string();
        assert!(err.contains("is a symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        // A dangling link, as a pull request could commit: nothing is created where it points.
        let outside = tempfile::tempdir().unwrap();
        let planted = outside.path().join("authorized_keys");
        let dangling = dir.path().join("notice.html");
        std::os::unix::fs::symlink(&planted, &dangling).unwrap();
        assert!(write_path(&dangling, b"ssh-ed25519 AAAA").is_err());
        assert!(!planted.exists());
        write_path(&target, b"new").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "an existing file keeps its mode");
        let new = dir.path().join("new.md");
        write_path(&new, b"x").unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        // Linux reports the process's umask; elsewhere, at least the file is not made private.
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).ok()
            });
        match umask {
            Some(umask) => assert_eq!(mode, 0o666 & !umask, "a new file follows the umask"),
            None => assert_ne!(mode, 0o600, "a new file is not made private"),
        }
    }

    #[test]
    fn an_interrupted_runs_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A run killed mid-write left this an hour ago; one under way now is left alone.
        let stale = dir.path().join(format!("{TEMP_PREFIX}abc.tmp"));
        let live = dir.path().join(format!("{TEMP_PREFIX}def.tmp"));
        let other = dir.path().join("notes.tmp");
        for p in [&stale, &live, &other] {
            std::fs::write(p, "x").unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        write_path(&dir.path().join("notice.md"), b"new").unwrap();
        assert!(!stale.exists(), "a stale temporary is removed");
        assert!(live.exists(), "a recent one may be another run's");
        assert!(other.exists(), "only our own files");
        // The signal handler's part: a write under way is tracked until it ends, and what is
        // tracked is removed (on a list of its own here: other tests write at the same time).
        track(&live, true);
        assert!(LIVE.lock().unwrap().contains(&live));
        track(&live, false);
        assert!(!LIVE.lock().unwrap().contains(&live));
        remove_all(&mut vec![live.clone()]);
        assert!(!live.exists());
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_path(&dir.path().join("no/such/notice.md"), b"x").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
