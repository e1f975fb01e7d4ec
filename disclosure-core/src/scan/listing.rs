//! One walk of a package's directories, shared by the two readers of its files: the module walk,
//! which reads the `.rs` files below the package's source directories up front (in parallel,
//! before it knows which the module tree reaches), and discovery, which reads the files below the
//! package's directory that a discoverer reads (a workspace member's only).
//!
//! Each directory is listed at most once per run, and not at all while it is unchanged since the
//! last run listed it: its entries are kept with the files' results ([`KeptScans::listed`]),
//! keyed on the directory's identity, whose modification time changes whenever an entry is added,
//! removed or renamed in it. What each reader is shown is what a walk of its own
//! would give: the module walk leaves out build output, hidden directories and other packages;
//! discovery leaves out what its [`Scope`] does (installed packages and build output too, the
//! catalogue's `[discovery] exclude` and the notice's own outputs). The list of `.rs` files only
//! saves reading a module file when the tree reaches it; discovery's list is every file it sees.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::PackageSources;
use super::discover::{Listed, Scope};
use super::kept_scans::{DirItem, ItemKind, KeptScans};
use super::stamp::Stamp;

/// What one walk of a package found.
#[derive(Debug, Default)]
pub(super) struct Listing {
    /// The `.rs` files below the package's source directories, to read up front.
    pub(super) sources: Vec<PathBuf>,
    /// The files and symbolic links below the package's directory that discovery sees, in the
    /// walk's order (by name, directory by directory); empty without a [`Scope`].
    pub(super) discoverable: Vec<Listed>,
}

/// Lists `package`'s files: its sources, and with `discovery` (a workspace member's scope) what
/// discovery sees, in one walk of the package's directory. A directory unchanged since the last
/// run (see [`KeptScans::listed`]) is not read again.
pub(super) fn list(
    package: &PackageSources,
    discovery: Option<&Scope>,
    kept: &KeptScans,
) -> Listing {
    let source_dirs = source_dirs(package);
    let mut walk = Walk {
        kept,
        source_dirs: &source_dirs,
        scope: discovery,
        out: Listing::default(),
    };
    let root = package.manifest_dir.as_path();
    for dir in &source_dirs {
        // Without discovery, or outside the package's directory, a source directory is walked
        // alone.
        if discovery.is_none() || !dir.starts_with(root) {
            walk.from(dir, Visit::sources_only());
        }
    }
    if discovery.is_some() {
        let visit = Visit {
            sources: source_dirs.iter().any(|d| d == root),
            discovery: true,
        };
        walk.from(root, visit);
    }
    walk.out
}

/// What a directory's entries are looked at for.
#[derive(Clone, Copy)]
struct Visit {
    /// It is, or lies below, a source directory, with nothing between that belongs to
    /// something else: its `.rs` files are sources.
    sources: bool,
    /// Discovery sees its entries.
    discovery: bool,
}

impl Visit {
    fn sources_only() -> Visit {
        Visit {
            sources: true,
            discovery: false,
        }
    }
}

/// One walk: depth first, each directory's entries by name.
struct Walk<'a> {
    kept: &'a KeptScans,
    source_dirs: &'a [PathBuf],
    scope: Option<&'a Scope>,
    out: Listing,
}

/// A directory's entry, as this run uses it.
type Item = (OsString, ItemKind);

impl Walk<'_> {
    /// Walks below `dir`, looked at for `visit`.
    fn from(&mut self, dir: &Path, visit: Visit) {
        if let Some(items) = self.entries(dir) {
            self.dir(dir, items, visit);
        }
    }

    fn dir(&mut self, dir: &Path, items: Vec<Item>, visit: Visit) {
        for (name, kind) in items {
            let path = dir.join(name);
            if kind == ItemKind::Dir {
                self.subdir(path, visit);
            } else {
                self.file(path, kind, visit);
            }
        }
    }

    /// Goes into the directory at `path` when one of the readers looks there.
    fn subdir(&mut self, path: PathBuf, within: Visit) {
        let is_source_dir = self.source_dirs.contains(&path);
        let leads_to_sources = self.source_dirs.iter().any(|s| s.starts_with(&path));
        let by_name = foreign_by_name(&path);
        let may_discover =
            within.discovery && !by_name && !self.scope.is_some_and(|scope| scope.skips_dir(&path));
        let may_hold_sources = is_source_dir || within.sources && !by_name;
        if !(may_hold_sources || may_discover || leads_to_sources) {
            return;
        }
        let Some(items) = self.entries(&path) else {
            return;
        };
        let manifest = has_manifest(&path, &items);
        let sources = is_source_dir || may_hold_sources && !manifest;
        let discovery = may_discover && !manifest;
        // Another package's or a hidden directory is entered only on the way to sources; build
        // output below a source directory (a module named `build`) is read as sources alone.
        if sources || discovery || leads_to_sources {
            self.dir(&path, items, Visit { sources, discovery });
        }
    }

    fn file(&mut self, path: PathBuf, kind: ItemKind, visit: Visit) {
        if visit.sources && kind == ItemKind::File && path.extension().is_some_and(|x| x == "rs") {
            self.out.sources.push(path.clone());
        }
        if visit.discovery
            && matches!(kind, ItemKind::File | ItemKind::Link)
            && !self.scope.is_some_and(|scope| scope.skips(&path))
        {
            self.out.discoverable.push(Listed {
                path,
                link: kind == ItemKind::Link,
            });
        }
    }

    /// The entries of the directory at `dir`, by name: as the last run listed them while the
    /// directory is unchanged, else listed now (and kept when every name is UTF-8). `None` when
    /// it is no directory or cannot be listed.
    fn entries(&self, dir: &Path) -> Option<Vec<Item>> {
        let meta = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
        if let Some(items) = self.kept.listed(dir, &meta) {
            self.kept.count_directory(false);
            return Some(
                items
                    .into_iter()
                    .map(|i| (OsString::from(i.name), i.kind))
                    .collect(),
            );
        }
        let listing = std::fs::read_dir(dir).ok()?;
        self.kept.count_directory(true);
        let mut items: Vec<Item> = listing
            .flatten()
            .filter_map(|entry| {
                let kind = match entry.file_type().ok()? {
                    t if t.is_dir() => ItemKind::Dir,
                    t if t.is_file() => ItemKind::File,
                    t if t.is_symlink() => ItemKind::Link,
                    _ => ItemKind::Other,
                };
                Some((entry.file_name(), kind))
            })
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let named: Option<Vec<DirItem>> = items
            .iter()
            .map(|(name, kind)| {
                Some(DirItem {
                    name: name.to_str()?.to_string(),
                    kind: *kind,
                })
            })
            .collect();
        if let Some(named) = named {
            self.kept.keep_listing(dir, Stamp::of(&meta), named);
        }
        Some(items)
    }
}

/// The directories of the package's crate roots, none below another.
fn source_dirs(package: &PackageSources) -> Vec<PathBuf> {
    let mut dirs: Vec<&Path> = package.roots.iter().filter_map(|r| r.parent()).collect();
    dirs.sort();
    dirs.dedup();
    let nested: Vec<&Path> = dirs
        .iter()
        .copied()
        .filter(|d| dirs.iter().any(|o| o != d && d.starts_with(o)))
        .collect();
    dirs.retain(|d| !nested.contains(d));
    dirs.into_iter().map(Path::to_path_buf).collect()
}

/// Build output or a hidden directory, by its name.
fn foreign_by_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "target" || name.to_string_lossy().starts_with('.'))
}

/// Whether the directory at `path`, whose entries are `items`, is another package's: it holds a
/// `Cargo.toml` file (or a link to one).
fn has_manifest(path: &Path, items: &[Item]) -> bool {
    items.iter().any(|(name, kind)| {
        name == "Cargo.toml"
            && match kind {
                ItemKind::File => true,
                ItemKind::Link => path.join("Cargo.toml").is_file(),
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_walk_gives_each_reader_what_a_walk_of_its_own_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "Cargo.toml",
            "src/lib.rs",
            "src/build/mod.rs",
            "src/page.html",
            "src/.hidden/x.rs",
            "src/target/y.rs",
            "templates/page.html",
            "templates/notice.html",
            "node_modules/tag/index.js",
            "dist/app.js",
            "member/Cargo.toml",
            "member/src/lib.rs",
            "member/page.html",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let scope = Scope::new(vec![root.join("templates/notice.html")]);
        let listing = list(
            &crate::test_support::package_at(root),
            Some(&scope),
            &KeptScans::none(),
        );
        let shown = |paths: Vec<&PathBuf>| -> Vec<String> {
            paths
                .into_iter()
                .map(|p| p.strip_prefix(root).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            shown(listing.sources.iter().collect()),
            ["src/build/mod.rs", "src/lib.rs"],
            "a module directory named `build` is read; hidden and `target` directories are not"
        );
        assert_eq!(
            shown(listing.discoverable.iter().map(|l| &l.path).collect()),
            [
                "Cargo.toml",
                "src/lib.rs",
                "src/page.html",
                "templates/page.html"
            ],
            "discovery skips build output (even below the sources), installed packages, other \
             packages, hidden directories and the notice's outputs"
        );
        let alone = list(
            &crate::test_support::package_at(root),
            None,
            &KeptScans::none(),
        );
        assert_eq!(alone.sources, listing.sources, "a dependency's sources");
        assert!(alone.discoverable.is_empty());
    }
}
