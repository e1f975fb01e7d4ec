//! Files the scan keeps under `target/disclosure/` between runs (the dependency graph, each
//! source file's result), written and read so that no one but the running user can plant one.
//!
//! A kept file is an input a hostile pull request or a poisoned shared CI cache can write, so it
//! is trusted only as far as it proves it is this user's own: it carries a keyed hash
//! (SipHash-2-4) under a secret kept in the user's cache directory (`$XDG_CACHE_HOME` or
//! `~/.cache`, `disclosure/cache-key`, readable by the user alone), so a file written or edited
//! by anyone else fails; on Unix the file must belong to the running user and be writable by no
//! one else; and `target/disclosure` is never used through a symbolic link. A file that fails any
//! of this is ignored, and the run does the work again.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where kept files for the workspace at `root` live: `$CARGO_TARGET_DIR/disclosure`, else
/// `target/disclosure` in the workspace root.
pub(crate) fn directory(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("disclosure")
}

/// Whether `DISCLOSURE_NO_CACHE` turns every kept file off for this run.
pub(crate) fn disabled_by_environment() -> bool {
    std::env::var_os("DISCLOSURE_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A hash of `bytes` for telling contents apart (not keyed: only for what the user's own files
/// hold).
pub(crate) fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.len().hash(&mut h);
    bytes.hash(&mut h);
    h.finish()
}

/// What `parse` makes of the content of the kept file at `path` (at most `cap` bytes), when the
/// file is the running user's own and its keyed hash holds; `None` otherwise.
pub(crate) fn read<T>(path: &Path, cap: u64, parse: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
    let secret = secret()?;
    if path.parent().is_some_and(is_link) || !owned_by_user(path) {
        return None;
    }
    let bytes = crate::foundation::files::read_bounded(path, cap).ok()?;
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let content = &bytes[newline + 1..];
    if bytes[..newline] != *format!("{:016x}", keyed_hash(secret, content)).as_bytes() {
        return None;
    }
    parse(content)
}

/// Keeps `content` at `path` for the next run, signed with the user's secret, replacing the file
/// whole (a reader never sees half of it). A file that cannot be written is no error: the next
/// run does the work again.
pub(crate) fn write(path: &Path, content: &[u8]) {
    let Some(secret) = secret() else { return };
    let Some(dir) = path.parent() else { return };
    if is_link(dir) || std::fs::create_dir_all(dir).is_err() || is_link(dir) {
        return;
    }
    let mut signed = format!("{:016x}\n", keyed_hash(secret, content)).into_bytes();
    signed.extend_from_slice(content);
    if let Ok(mut file) = tempfile::Builder::new()
        .prefix(".kept-")
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        use std::io::Write;
        if file.write_all(&signed).is_ok() {
            let _ = file.persist(path);
        }
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `path` is a regular file (not a link) of the running user's, which no one else may write.
#[cfg(unix)]
fn owned_by_user(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| {
        m.file_type().is_file()
            && m.uid() == rustix::process::geteuid().as_raw()
            && m.mode() & 0o022 == 0
    })
}

#[cfg(not(unix))]
fn owned_by_user(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// SipHash-2-4 of `bytes` under `secret`: what only the holder of the secret can produce.
#[allow(deprecated)] // SipHasher is deprecated only as a HashMap hasher; it is the keyed PRF here.
fn keyed_hash(secret: (u64, u64), bytes: &[u8]) -> u64 {
    let mut h = std::hash::SipHasher::new_with_keys(secret.0, secret.1);
    h.write(bytes);
    h.finish()
}

/// The user's secret for kept files, made on first use and read once per process:
/// `disclosure/cache-key` in the user's cache directory, readable by the user alone. `None` (no
/// kept file on this run) when there is no such directory or the file is not the user's own.
fn secret() -> Option<(u64, u64)> {
    static SECRET: std::sync::OnceLock<Option<(u64, u64)>> = std::sync::OnceLock::new();
    *SECRET.get_or_init(read_secret)
}

fn read_secret() -> Option<(u64, u64)> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|d| !d.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    let path = base.join("disclosure").join("cache-key");
    if !path.exists() && !is_link(&path) {
        create_secret(&path)?;
    }
    if !owned_by_user(&path) || !private(&path) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let (a, b) = text.trim().split_once(':')?;
    Some((
        u64::from_str_radix(a, 16).ok()?,
        u64::from_str_radix(b, 16).ok()?,
    ))
}

#[cfg(unix)]
fn private(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).is_ok_and(|m| m.mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(_: &Path) -> bool {
    true
}

/// Writes a new secret from the operating system's randomness (as the standard library seeds
/// its hash maps), readable by the user alone.
fn create_secret(path: &Path) -> Option<()> {
    use std::hash::BuildHasher;
    let dir = path.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let random = || std::collections::hash_map::RandomState::new().hash_one(std::process::id());
    let text = format!(
        "{:016x}:{:016x}\n",
        random(),
        random() ^ random().rotate_left(17)
    );
    // A temporary file is made readable by its owner alone.
    let mut file = tempfile::Builder::new()
        .prefix(".cache-key-")
        .tempfile_in(dir)
        .ok()?;
    std::io::Write::write_all(&mut file, text.as_bytes()).ok()?;
    // Another run may have made one meanwhile: keep whichever is there.
    file.persist_noclobber(path).ok().map(|_| ()).or(Some(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_file_reads_back_until_anyone_else_edits_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.json");
        write(&path, b"{\"a\":1}");
        let read = |path: &Path, cap| read(path, cap, |c| Some(c.to_vec()));
        assert_eq!(read(&path, 1024).as_deref(), Some(&b"{\"a\":1}"[..]));
        let signed = std::fs::read_to_string(&path).unwrap();
        let (mac, _) = signed.split_once('\n').unwrap();
        std::fs::write(&path, format!("{mac}\n{{\"a\":2}}")).unwrap();
        assert_eq!(read(&path, 1024), None, "edited under the old mac");
        std::fs::write(&path, &signed[..signed.len() - 2]).unwrap();
        assert_eq!(read(&path, 1024), None, "truncated");
        std::fs::write(&path, &signed).unwrap();
        assert_eq!(read(&path, 4), None, "over the cap");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
            assert_eq!(read(&path, 1024), None, "world-writable");
        }
    }
}
