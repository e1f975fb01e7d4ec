//! Each file's scan result, kept under `target/disclosure/` between runs, so that a run costs
//! what changed rather than what exists (as git's index, ccache and rust-analyzer do).
//!
//! A file's entry is keyed on its identity, as the file system gives it (size, modification
//! time, inode and device), and holds what reading it found: for a Rust source, nothing to parse
//! or the file's [`FileScan`] with the context it was scanned in (the catalogue's text, the
//! package, the builds' features and targets, the module path, the catalogue's hosts); for a file
//! discovery reads (a template, an asset, a manifest), what it found there
//! ([`FileFound`]) with its context (the catalogue, the package, the path). A file whose identity
//! is unchanged is not opened; a file whose scan context differs is scanned again. A file that was
//! modified within the file system's timestamp granularity of the run that read it ("racily
//! clean", as git's index calls it) could change again without its time changing: such an entry
//! is trusted only after the file's content is compared with the hash it recorded. A file's
//! findings are kept with it and reported on every run; a file that does not parse is not kept.
//! A directory's entries are kept the same way ([`KeptScans::listed`]), trusted only while its
//! identity is unchanged and settled, since adding, removing or renaming an entry changes its time.
//!
//! The set of one manifest's files, as runs from one directory see them, is one file kept by
//! [`super::kept`] (signed with the user's secret); one that is corrupt, truncated, foreign or
//! from another build of the tool is ignored and rewritten. Only what this run read is written
//! back, and nothing is written when nothing changed.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::kept;
use super::kept_sighting::KeptSighting;
pub(super) use super::stamp::Stamp;
use super::visit::FileScan;
use crate::declaration::Declaration;
use crate::foundation::diagnostic::Diagnostic;

/// This layout of the kept file; any other is ignored.
const FORMAT: u32 = 3;

/// The largest kept file read back.
const CAP: u64 = 1024 * 1024 * 1024;

/// A file as this run saw it: its identity, and the hash of its content when it was read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seen {
    pub(super) stamp: Stamp,
    pub(super) hash: u64,
}

/// What reading a file found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) enum Outcome {
    /// Nothing to parse.
    Skip,
    /// The file's scan, in the context whose key is `context`.
    Scanned { context: u64, scan: Box<FileScan> },
    /// What discovery found in an asset or manifest, in the context whose key is `context`.
    Asset { context: u64, found: Box<FileFound> },
    /// A directory's entries, by name (see [`super::listing`]).
    Listed { items: Vec<DirItem> },
}

/// An entry of a directory: its name and what it is (as the directory lists it, not following
/// a link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct DirItem {
    pub(super) name: String,
    pub(super) kind: ItemKind,
}

/// What a directory's entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum ItemKind {
    File,
    Dir,
    Link,
    /// A device, pipe or socket.
    Other,
}

/// What discovery found in one file it reads (a template, a web asset, a manifest).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct FileFound {
    /// The places that send to a provider.
    pub(super) found: Vec<KeptSighting>,
    /// The declarations in its comments.
    pub(super) declarations: Vec<Declaration>,
    /// What is wrong in it.
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// One file's entry. Its outcome stays as the JSON it was kept as until the file's reader asks
/// for it: each is read back once, by whichever thread reads the file, and one the run does not
/// ask for is written back as it was.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    /// Whether the stamp alone proves the file unchanged ([`Stamp::settled`] when it was read).
    settled: bool,
    hash: u64,
    /// The key of the catalogue hosts the file was searched for ([`hosts_key`]).
    hosts: u64,
    outcome: Box<RawValue>,
}

/// The kept file: its entries are read into a hash map (looked up once per file) and written
/// from a sorted one (the same results give the same file).
#[derive(Serialize, Deserialize)]
struct Kept<M> {
    format: u32,
    tool: String,
    entries: M,
}

/// A file's kept outcome, when its entry still holds.
pub(super) enum Found {
    /// The entry holds: the file need not be read.
    Known(Outcome, Seen),
    /// No entry holds; the file's identity, to keep with what reading it finds, and its content
    /// when it was read to be compared.
    Unknown(Stamp, Option<Vec<u8>>),
}

/// The results of the last run and of this one.
pub(super) struct KeptScans {
    /// Where the set is kept; `None`: nothing is kept on this run.
    path: Option<PathBuf>,
    old: HashMap<PathBuf, Entry>,
    /// This run's entries: `None` for one the same as the last run's.
    new: Mutex<HashMap<PathBuf, Option<Entry>>>,
    /// When this run started reading.
    started: SystemTime,
    changed: AtomicBool,
    read: AtomicUsize,
    /// Directories walked, and of them those listed (not known unchanged).
    directories: AtomicUsize,
    listed: AtomicUsize,
}

impl KeptScans {
    /// Nothing kept, nothing reused.
    pub(super) fn none() -> KeptScans {
        KeptScans {
            path: None,
            old: HashMap::new(),
            new: Mutex::new(HashMap::new()),
            started: SystemTime::now(),
            changed: AtomicBool::new(false),
            read: AtomicUsize::new(0),
            directories: AtomicUsize::new(0),
            listed: AtomicUsize::new(0),
        }
    }

    /// The results kept for the workspace at `root` selected by `manifest_path` (none when none
    /// hold): one set per manifest, so that workspaces sharing a target directory keep theirs,
    /// and per directory the tool runs from, whose paths messages are shown from (runs from the
    /// workspace's root and from a member's directory, taking turns, each reuse their own).
    pub(super) fn load(root: &Path, manifest_path: &Path) -> KeptScans {
        let from = std::env::current_dir().unwrap_or_default();
        let name = format!("scans-{:016x}.json", key_of(&(manifest_path, from)));
        let path = kept::directory(root).join(name);
        let old = kept::read(&path, CAP, |json| {
            serde_json::from_slice::<Kept<HashMap<PathBuf, Entry>>>(json).ok()
        })
        .filter(|k| k.format == FORMAT && k.tool == tool())
        .map(|k| k.entries)
        .unwrap_or_default();
        KeptScans {
            path: Some(path),
            old,
            ..KeptScans::none()
        }
    }

    /// The kept outcome of `path` (whose metadata is `meta`), when its entry still holds for
    /// the hosts `hosts`: the file unchanged by its identity, or, for a racily clean entry, by
    /// its content (read through `read`).
    pub(super) fn find(
        &self,
        path: &Path,
        meta: &std::fs::Metadata,
        hosts: u64,
        read: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Found {
        let stamp = Stamp::of(meta);
        let Some(entry) = self.old.get(path) else {
            return Found::Unknown(stamp, None);
        };
        if entry.stamp != stamp || entry.hosts != hosts {
            return Found::Unknown(stamp, None);
        }
        let mut compared = None;
        if !entry.settled {
            self.count_read();
            let bytes = read();
            if bytes.as_deref().map(kept::hash_of) != Some(entry.hash) {
                return Found::Unknown(stamp, bytes);
            }
            compared = bytes;
        }
        match serde_json::from_str::<Outcome>(entry.outcome.get()) {
            Ok(outcome) => {
                let seen = Seen {
                    stamp,
                    hash: entry.hash,
                };
                Found::Known(outcome, seen)
            }
            // Signed by this user but not of this layout: the file is read again.
            Err(_) => Found::Unknown(stamp, compared),
        }
    }

    /// The entries of the directory at `dir` (whose metadata is `meta`) as the last run listed
    /// them, when its identity is unchanged and was settled then: a directory's modification time
    /// changes whenever an entry is added, removed or renamed in it. Kept again for the next run.
    pub(super) fn listed(&self, dir: &Path, meta: &std::fs::Metadata) -> Option<Vec<DirItem>> {
        let entry = self.old.get(dir)?;
        if !entry.settled || entry.stamp != Stamp::of(meta) {
            return None;
        }
        let Ok(Outcome::Listed { items }) = serde_json::from_str(entry.outcome.get()) else {
            return None;
        };
        self.record(dir, None);
        Some(items)
    }

    /// Keeps what listing the directory `dir`, whose identity was `stamp` before it was listed,
    /// found. Only a settled entry is ever reused ([`KeptScans::listed`]): a directory changed
    /// within the timestamp granularity is listed again by the next run.
    pub(super) fn keep_listing(&self, dir: &Path, stamp: Stamp, items: Vec<DirItem>) {
        self.keep(dir, Seen { stamp, hash: 0 }, 0, Outcome::Listed { items });
    }

    /// Whether this run keeps its results for the next (not with `--no-cache`).
    pub(super) fn keeps(&self) -> bool {
        self.path.is_some()
    }

    /// How this run saw a file it read: its identity, and its content's hash when the file is so
    /// recent that the next run must compare contents (see [`Stamp::settled`]).
    pub(super) fn seen(&self, stamp: Stamp, bytes: &[u8]) -> Seen {
        let hash = if !self.keeps() || self.settled(stamp) {
            0
        } else {
            kept::hash_of(bytes)
        };
        Seen { stamp, hash }
    }

    /// The bytes of a file no kept entry held for, and how this run saw them: the bytes
    /// [`KeptScans::find`] already read to compare (`compared`), else read now through `read`
    /// (and counted).
    pub(super) fn read_unknown(
        &self,
        stamp: Stamp,
        compared: Option<Vec<u8>>,
        read: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> std::io::Result<(Vec<u8>, Seen)> {
        let bytes = match compared {
            Some(bytes) => bytes,
            None => {
                self.count_read();
                read()?
            }
        };
        let seen = self.seen(stamp, &bytes);
        Ok((bytes, seen))
    }

    fn settled(&self, stamp: Stamp) -> bool {
        stamp.settled(self.started)
    }

    /// Counts a file opened and read.
    pub(super) fn count_read(&self) {
        self.read.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a directory walked, and whether it was listed (not known unchanged).
    pub(super) fn count_directory(&self, listed: bool) {
        self.directories.fetch_add(1, Ordering::Relaxed);
        if listed {
            self.listed.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// How many directories this run listed, of how many it walked.
    pub(super) fn directories_listed(&self) -> (usize, usize) {
        (
            self.listed.load(Ordering::Relaxed),
            self.directories.load(Ordering::Relaxed),
        )
    }

    /// How many files this run opened.
    pub(super) fn files_read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    /// Keeps what reading `path` found, for the next run.
    pub(super) fn keep(&self, path: &Path, seen: Seen, hosts: u64, outcome: Outcome) {
        if !self.keeps() {
            return;
        }
        let Ok(outcome) = serde_json::value::to_raw_value(&outcome) else {
            return;
        };
        let entry = Entry {
            stamp: seen.stamp,
            settled: self.settled(seen.stamp),
            hash: seen.hash,
            hosts,
            outcome,
        };
        self.changed.store(true, Ordering::Relaxed);
        self.record(path, Some(entry));
    }

    /// Keeps the last run's entry of `path` (found by [`KeptScans::find`]) for the next run.
    pub(super) fn keep_known(&self, path: &Path, seen: Seen) {
        let Some(old) = self.old.get(path) else {
            return;
        };
        let settled = self.settled(seen.stamp);
        if old.settled == settled {
            self.record(path, None);
        } else {
            self.changed.store(true, Ordering::Relaxed);
            let entry = Entry {
                settled,
                ..old.clone()
            };
            self.record(path, Some(entry));
        }
    }

    fn record(&self, path: &Path, entry: Option<Entry>) {
        if let Ok(mut new) = self.new.lock() {
            new.insert(path.to_path_buf(), entry);
        }
    }

    /// Writes this run's results, when they differ from what was kept: the files this run read,
    /// and no other.
    pub(super) fn store(mut self) {
        let Some(path) = self.path.take() else { return };
        let new = std::mem::take(&mut self.new)
            .into_inner()
            .unwrap_or_default();
        let same_files =
            new.len() == self.old.len() && new.keys().all(|k| self.old.contains_key(k));
        if same_files && !self.changed.load(Ordering::Relaxed) {
            return;
        }
        let entries: BTreeMap<PathBuf, Entry> = new
            .into_iter()
            .filter_map(|(file, entry)| {
                let entry = entry.or_else(|| self.old.remove(&file))?;
                Some((file, entry))
            })
            .collect();
        let kept = Kept {
            format: FORMAT,
            tool: tool(),
            entries,
        };
        if let Ok(json) = serde_json::to_vec(&kept) {
            kept::write(&path, &json);
        }
    }
}

/// The key of the hosts a package's files are searched for: none (a dependency's files), or
/// the claims of the catalogue with this fingerprint.
pub(super) fn hosts_key(searched: bool, catalogue: u64) -> u64 {
    key_of(&(searched, catalogue))
}

/// The hash of a scan context's parts.
pub(super) fn key_of(parts: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// This build of the tool: its version, and the identity of the program running it (a result
/// made by another build of the scanner is never reused, even under the same version).
fn tool() -> String {
    let program = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| Stamp::of(&m).text())
        .unwrap_or_default();
    format!("{} {program}", env!("CARGO_PKG_VERSION"))
}
