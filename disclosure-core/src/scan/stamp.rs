//! What the file system says about a file, enough to tell a changed file from an unchanged one
//! without opening it (as git's index does): its size, modification time, inode and device.
//!
//! A time alone proves nothing about a file modified within the file system's timestamp
//! granularity of the moment it was read ("racily clean", in git's words): it could change again
//! without its time changing. Whoever keeps a stamp also keeps whether it was
//! [`Stamp::settled`] when the file was read, and compares contents when it was not.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// How far before the moment a file was read its modification time must lie for the time alone
/// to prove the file unchanged later: the coarsest timestamp granularity of a common file system
/// (FAT's two seconds).
const GRANULARITY: Duration = Duration::from_secs(2);

/// A file's identity as the file system gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    modified_secs: u64,
    modified_nanos: u32,
    inode: u64,
    device: u64,
}

impl Stamp {
    pub(crate) fn of(meta: &std::fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
            .unwrap_or_default();
        let (inode, device) = identity(meta);
        Stamp {
            len: meta.len(),
            modified_secs: modified.as_secs(),
            modified_nanos: modified.subsec_nanos(),
            inode,
            device,
        }
    }

    /// The stamp of the file at `path` now; `None` when it cannot be read.
    pub(crate) fn of_path(path: &std::path::Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }

    /// A short text naming this stamp (for naming a build of the tool by its program file).
    pub(crate) fn text(&self) -> String {
        format!(
            "{}.{}.{}",
            self.len, self.modified_secs, self.modified_nanos
        )
    }

    /// Whether the stamp alone will prove the file unchanged: it was last modified well before
    /// `read_at`, the moment (at the latest) its content was read.
    pub(crate) fn settled(&self, read_at: SystemTime) -> bool {
        SystemTime::UNIX_EPOCH
            + Duration::new(self.modified_secs, self.modified_nanos)
            + GRANULARITY
            < read_at
    }
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ino(), meta.dev())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_modified_just_before_it_was_read_is_not_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "x").unwrap();
        let stamp = Stamp::of_path(&path).unwrap();
        assert!(!stamp.settled(SystemTime::now()));
        assert!(stamp.settled(SystemTime::now() + Duration::from_secs(3)));
        assert_eq!(Stamp::of_path(&path), Some(stamp));
        assert_eq!(Stamp::of_path(&dir.path().join("absent")), None);
    }
}
