//! The dependency graph kept under `target/` between runs, so that only the first run after a
//! change pays for `cargo metadata`.
//!
//! An entry is keyed on the manifest, the feature and target flags, this tool's version and the
//! environment that chooses cargo and its toolchain; it is reused only while every file that can
//! change cargo's answer is byte for byte what it was: every manifest of the workspace's own
//! packages, `Cargo.lock`, each `.cargo/config[.toml]` that cargo would read, the toolchain files,
//! and the list of directories a glob in `[workspace] members` matches. A file whose identity
//! (size, modification time, inode, device) is what it was when it was read, well after it was
//! last modified, is not read again ([`crate::scan::stamp`]); any other is hashed again.
//! Anything else (a file that does not parse, another version's entry, a changed input) is
//! ignored and rewritten.
//!
//! An entry is kept as [`crate::scan::kept`] keeps files (signed with the user's secret, never
//! through a link), and the graph must also agree with the manifests it was made from (the
//! workspace's packages, every crate root inside its package's directory). `--no-cache` or
//! `DISCLOSURE_NO_CACHE=1` skip the cache altogether.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{Graph, GraphOptions};
use crate::scan::kept::{self, hash_of};
use crate::scan::stamp::Stamp;

/// This layout of an entry; any other is ignored.
const FORMAT: u32 = 3;

/// One cached graph and what it was made from.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    format: u32,
    tool: String,
    key: String,
    inputs: Vec<Input>,
    /// The manifests of the workspace's own packages the graph was made from.
    manifests: Vec<PathBuf>,
    graph: Graph,
}

/// A file (or a directory listing) and the hash of its content; `None` when it did not exist.
/// A file's stamp, when it was settled as it was read ([`Stamp::settled`]), proves it unchanged
/// without reading it; otherwise its content is hashed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Input {
    path: PathBuf,
    listing: bool,
    hash: Option<u64>,
    settled: Option<Stamp>,
}

impl Input {
    fn file(path: PathBuf) -> Input {
        let read_at = SystemTime::now();
        let stamp = Stamp::of_path(&path);
        let hash = read_capped(&path).map(|bytes| hash_of(&bytes));
        Input {
            settled: stamp.filter(|s| hash.is_some() && s.settled(read_at)),
            path,
            listing: false,
            hash,
        }
    }

    fn listing(dir: PathBuf) -> Input {
        let hash = std::fs::read_dir(&dir).ok().map(|entries| {
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|e| e.path().join("Cargo.toml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            hash_of(names.join("\n").as_bytes())
        });
        Input {
            path: dir,
            listing: true,
            hash,
            settled: None,
        }
    }

    /// Whether the input is what it was: a settled file by its stamp, anything else by its
    /// content.
    fn unchanged(&self) -> bool {
        if self.listing {
            return Input::listing(self.path.clone()).hash == self.hash;
        }
        if self.settled.is_some() && Stamp::of_path(&self.path) == self.settled {
            return true;
        }
        Input::file(self.path.clone()).hash == self.hash
    }
}

/// No input of cargo's is this large; a larger one is treated as changed.
const INPUT_CAP: u64 = 64 * 1024 * 1024;

fn read_capped(path: &Path) -> Option<Vec<u8>> {
    crate::foundation::files::read_bounded(path, INPUT_CAP).ok()
}

/// The key of a run: everything outside the files that decides cargo's answer.
fn key(manifest_path: &Path, options: &GraphOptions) -> String {
    let mut features = options.features.clone();
    features.sort();
    let env = |k: &str| std::env::var_os(k).unwrap_or_default();
    format!(
        "{}|{features:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}",
        manifest_path.display(),
        options.all_features,
        options.no_default_features,
        options.target,
        env("CARGO"),
        env("RUSTUP_TOOLCHAIN"),
        env("CARGO_HOME"),
        env("CARGO_BUILD_TARGET"),
    )
}

fn entry_path(root: &Path, key: &str) -> PathBuf {
    kept::directory(root).join(format!("graph-{:016x}.json", hash_of(key.as_bytes())))
}

/// Whether the cache may be used at all on this run.
pub(super) fn enabled(options: &GraphOptions) -> bool {
    !options.no_cache && !kept::disabled_by_environment()
}

/// The cached graph for this run, if the entry is this user's own, agrees with its manifests,
/// and every input is unchanged.
pub(super) fn load(root: &Path, manifest_path: &Path, options: &GraphOptions) -> Option<Graph> {
    let key = key(manifest_path, options);
    let entry: Entry = kept::read(&entry_path(root, &key), INPUT_CAP, |json| {
        serde_json::from_slice(json).ok()
    })?;
    let fresh = entry.format == FORMAT
        && entry.tool == env!("CARGO_PKG_VERSION")
        && entry.key == key
        && agrees_with_its_manifests(&entry)
        && entry.inputs.iter().all(Input::unchanged);
    fresh.then_some(entry.graph)
}

/// Every package the graph selects has one of the manifests it was made from, each of them among
/// the inputs whose hashes are checked, and every crate root it gives lies inside its package's
/// directory.
fn agrees_with_its_manifests(entry: &Entry) -> bool {
    let inside = |path: &Path, dir: &Path| {
        path.starts_with(dir)
            && !path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
    };
    let recorded = entry
        .inputs
        .iter()
        .filter(|i| !i.listing)
        .map(|i| &i.path)
        .collect::<std::collections::BTreeSet<_>>();
    let manifests = entry
        .manifests
        .iter()
        .collect::<std::collections::BTreeSet<_>>();
    entry
        .graph
        .packages
        .iter()
        .filter(|p| !p.is_dependency)
        .all(|p| manifests.contains(&p.manifest_dir.join("Cargo.toml")))
        && entry.manifests.iter().all(|m| recorded.contains(m))
        && entry
            .graph
            .packages
            .iter()
            .all(|p| p.roots.iter().all(|r| inside(r, &p.manifest_dir)))
}

/// Keeps `graph` for the next run, signed with the user's secret. A cache that cannot be written
/// is no error: the next run asks cargo again.
pub(super) fn store(
    root: &Path,
    manifest_path: &Path,
    options: &GraphOptions,
    graph: &Graph,
    manifests: &[PathBuf],
) {
    let key = key(manifest_path, options);
    let mut own: Vec<PathBuf> = manifests.to_vec();
    own.sort();
    own.dedup();
    let entry = Entry {
        format: FORMAT,
        tool: env!("CARGO_PKG_VERSION").to_string(),
        inputs: inputs(&graph.root, manifest_path, manifests),
        manifests: own,
        key: key.clone(),
        graph: graph.clone(),
    };
    if let Ok(json) = serde_json::to_vec(&entry) {
        kept::write(&entry_path(root, &key), &json);
    }
}

/// Every file that can change what `cargo metadata` says about this workspace.
fn inputs(root: &Path, manifest_path: &Path, manifests: &[PathBuf]) -> Vec<Input> {
    let mut files: Vec<PathBuf> = manifests.to_vec();
    files.push(manifest_path.to_path_buf());
    files.push(root.join("Cargo.toml"));
    files.push(root.join("Cargo.lock"));
    let start = manifest_path.parent().unwrap_or(root);
    files.extend(super::cargo::config_files([start, root]));
    for dir in start.ancestors().chain(root.ancestors()) {
        files.push(dir.join("rust-toolchain"));
        files.push(dir.join("rust-toolchain.toml"));
    }
    files.sort();
    files.dedup();
    let mut out: Vec<Input> = files.into_iter().map(Input::file).collect();
    out.extend(member_globs(root).into_iter().map(Input::listing));
    out
}

/// The directories whose listing a glob in `[workspace] members` (or `exclude`) reads: a new
/// package there joins the workspace without any manifest changing.
fn member_globs(root: &Path) -> Vec<PathBuf> {
    let Some(text) = read_capped(&root.join("Cargo.toml")) else {
        return Vec::new();
    };
    let Ok(manifest) = String::from_utf8(text)
        .map_err(|_| ())
        .and_then(|t| t.parse::<toml::Table>().map_err(|_| ()))
    else {
        return Vec::new();
    };
    let Some(workspace) = manifest.get("workspace").and_then(|w| w.as_table()) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = ["members", "exclude"]
        .iter()
        .filter_map(|k| workspace.get(*k).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|v| v.as_str())
        .filter(|p| p.contains(['*', '?', '[']))
        .map(|pattern| {
            let fixed: Vec<&str> = pattern
                .split('/')
                .take_while(|part| !part.contains(['*', '?', '[']))
                .collect();
            root.join(fixed.join("/"))
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(root: &Path) -> Graph {
        Graph {
            root: root.to_path_buf(),
            packages: Vec::new(),
            crates: Default::default(),
        }
    }

    /// Overwrites `path` with `text` (of the same length), then restores its modification time:
    /// only a read can tell.
    fn rewrite_keeping_time(path: &Path, text: &str) {
        let modified = std::fs::metadata(path).unwrap().modified().unwrap();
        std::fs::write(path, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }

    #[test]
    fn a_settled_input_is_trusted_by_its_stamp_and_a_recent_one_by_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = root.join("Cargo.toml");
        let lock = root.join("Cargo.lock");
        std::fs::write(&manifest, "[workspace]\n").unwrap();
        std::fs::write(&lock, "version = 3\n").unwrap();
        let options = GraphOptions::default();
        // The lock file was modified just now: racily clean, so its content is compared.
        store(root, &manifest, &options, &graph(root), &[]);
        rewrite_keeping_time(&lock, "version = 4\n");
        assert!(load(root, &manifest, &options).is_none());
        // Modified long before it is read: its stamp alone proves it unchanged, and the run
        // does not read it (an edit that keeps size, time and inode goes unseen, as in git).
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let file = std::fs::File::options().write(true).open(&lock).unwrap();
        file.set_modified(past).unwrap();
        store(root, &manifest, &options, &graph(root), &[]);
        assert!(load(root, &manifest, &options).is_some());
        rewrite_keeping_time(&lock, "version = 5\n");
        assert!(load(root, &manifest, &options).is_some(), "not read");
        // Any change of its stamp: read and compared.
        file.set_modified(past + std::time::Duration::from_secs(1))
            .unwrap();
        assert!(load(root, &manifest, &options).is_none());
        // A new time over the content it was kept with: the same input.
        rewrite_keeping_time(&lock, "version = 4\n");
        assert!(load(root, &manifest, &options).is_some(), "same content");
    }

    #[test]
    fn an_entry_is_reused_until_an_input_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = root.join("Cargo.toml");
        std::fs::write(&manifest, "[workspace]\nmembers = [\"crates/*\"]\n").unwrap();
        std::fs::create_dir_all(root.join("crates")).unwrap();
        let options = GraphOptions::default();
        assert!(
            load(root, &manifest, &options).is_none(),
            "nothing cached yet"
        );
        store(root, &manifest, &options, &graph(root), &[]);
        assert!(load(root, &manifest, &options).is_some());
        // Other flags: another entry.
        let other = GraphOptions {
            all_features: true,
            ..GraphOptions::default()
        };
        assert!(load(root, &manifest, &other).is_none());
        // A new package matched by the glob.
        std::fs::create_dir_all(root.join("crates/new")).unwrap();
        std::fs::write(root.join("crates/new/Cargo.toml"), "").unwrap();
        assert!(load(root, &manifest, &options).is_none());
        store(root, &manifest, &options, &graph(root), &[]);
        // A config file appearing, and the lock file changing.
        for name in [".cargo/config.toml", "Cargo.lock", "rust-toolchain.toml"] {
            assert!(load(root, &manifest, &options).is_some(), "{name}");
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
            assert!(load(root, &manifest, &options).is_none(), "{name}");
            store(root, &manifest, &options, &graph(root), &[]);
        }
    }

    /// A graph with one package of the workspace, `app`, whose root is `src/lib.rs`.
    fn with_package(root: &Path) -> Graph {
        Graph {
            root: root.to_path_buf(),
            packages: vec![crate::test_support::package_at(root)],
            crates: Default::default(),
        }
    }

    #[test]
    fn an_entry_edited_by_anyone_else_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = root.join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"app\"\n").unwrap();
        let options = GraphOptions::default();
        let manifests = [manifest.clone()];
        store(root, &manifest, &options, &with_package(root), &manifests);
        assert!(load(root, &manifest, &options).is_some());
        let path = entry_path(root, &key(&manifest, &options));
        let good = std::fs::read_to_string(&path).unwrap();
        let (mac, json) = good.split_once('\n').unwrap();
        // The package removed (its recipients would vanish), its mac kept: refused.
        let mut entry: serde_json::Value = serde_json::from_str(json).unwrap();
        entry["graph"]["packages"] = serde_json::json!([]);
        std::fs::write(&path, format!("{mac}\n{entry}")).unwrap();
        assert!(load(root, &manifest, &options).is_none(), "edited");
        // A root outside its package (the scan would read it), even under a valid mac.
        let mut entry: serde_json::Value = serde_json::from_str(json).unwrap();
        entry["graph"]["packages"][0]["roots"] = serde_json::json!(["/etc/passwd"]);
        let parsed: Entry = serde_json::from_value(entry).unwrap();
        assert!(!agrees_with_its_manifests(&parsed));
        let mut entry: serde_json::Value = serde_json::from_str(json).unwrap();
        entry["graph"]["packages"][0]["roots"] =
            serde_json::json!([root.join("src/../../outside.rs")]);
        let parsed: Entry = serde_json::from_value(entry).unwrap();
        assert!(!agrees_with_its_manifests(&parsed));
        // Another key's mac: refused.
        std::fs::write(&path, format!("{:016x}\n{json}", 42)).unwrap();
        assert!(load(root, &manifest, &options).is_none(), "another key");
        std::fs::write(&path, &good).unwrap();
        assert!(load(root, &manifest, &options).is_some());
        // Writable by others: refused.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
            assert!(load(root, &manifest, &options).is_none(), "world-writable");
        }
    }

    #[test]
    #[cfg(unix)]
    fn a_linked_cache_directory_is_never_used() {
        if std::env::var_os("CARGO_TARGET_DIR").is_some_and(|d| !d.is_empty()) {
            // The cache is then in that directory, not in the workspace's `target/` this test links.
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = root.join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"app\"\n").unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join("target/disclosure")).unwrap();
        let options = GraphOptions::default();
        store(root, &manifest, &options, &graph(root), &[]);
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        assert!(load(root, &manifest, &options).is_none());
    }

    #[test]
    fn a_corrupt_or_foreign_entry_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = root.join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"a\"\n").unwrap();
        let options = GraphOptions::default();
        store(root, &manifest, &options, &graph(root), &[]);
        let path = entry_path(root, &key(&manifest, &options));
        let good = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert!(load(root, &manifest, &options).is_none(), "truncated");
        let foreign = good.replace(
            &format!("\"tool\":\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"tool\":\"0.0.0-other\"",
        );
        assert_ne!(foreign, good);
        std::fs::write(&path, foreign).unwrap();
        assert!(load(root, &manifest, &options).is_none(), "another version");
        std::fs::write(&path, good).unwrap();
        assert!(load(root, &manifest, &options).is_some());
    }
}
