//! One walk of a package's directories, shared by the two readers of its files: the module walk,
//! which reads the `.rs` files below the package's source directories up front (in parallel,
//! before it knows which the module tree reaches), and discovery, which reads the files below the
//! package's directory that a discoverer reads (a workspace member's only).
//!
//! Each directory is listed once per run. What each reader is shown is what a walk of its own
//! would give: the module walk leaves out build output, hidden directories and other packages;
//! discovery leaves out what its [`Scope`] does (installed packages and build output too, the
//! catalogue's `[discovery] exclude` and the notice's own outputs). The list of `.rs` files only
//! saves reading a module file when the tree reaches it; discovery's list is every file it sees.

use std::path::{Path, PathBuf};

use super::PackageSources;
use super::discover::{Listed, Scope};

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
/// discovery sees, in one walk of the package's directory.
pub(super) fn list(package: &PackageSources, discovery: Option<&Scope>) -> Listing {
    let source_dirs = source_dirs(package);
    let mut listing = Listing::default();
    let Some(scope) = discovery else {
        for dir in &source_dirs {
            walk_sources(dir, &mut listing.sources);
        }
        return listing;
    };
    let root = package.manifest_dir.as_path();
    // A source directory outside the package's directory is walked apart.
    for dir in source_dirs.iter().filter(|d| !d.starts_with(root)) {
        walk_sources(dir, &mut listing.sources);
    }
    let leads_to_sources = |dir: &Path| source_dirs.iter().any(|s| s.starts_with(dir));
    // Whether the directory the walk yields next is one discovery does not see, entered only
    // because sources lie below it.
    let entered_hidden = std::cell::Cell::new(false);
    // The outermost such directory the walk is in: discovery sees nothing below it.
    let mut hidden_from_discovery: Option<PathBuf> = None;
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.file_type().is_dir() {
                return true;
            }
            let path = e.path();
            let foreign = is_foreign_dir(path);
            if !foreign && !scope.skips_dir(path) {
                return true;
            }
            // Build output below a source directory (a module named `build`) is still read as
            // sources; another package's or a hidden directory only on the way to sources.
            let entered = leads_to_sources(path) || !foreign && below_any(path, &source_dirs);
            entered_hidden.set(entered);
            entered
        });
    for entry in walker.flatten() {
        let path = entry.path();
        if hidden_from_discovery
            .as_deref()
            .is_some_and(|d| !path.starts_with(d))
        {
            hidden_from_discovery = None;
        }
        let kind = entry.file_type();
        if kind.is_dir() {
            if entered_hidden.replace(false) && hidden_from_discovery.is_none() {
                hidden_from_discovery = Some(path.to_path_buf());
            }
            continue;
        }
        if kind.is_file()
            && path.extension().is_some_and(|x| x == "rs")
            && source_dirs
                .iter()
                .any(|s| path.starts_with(s) && !foreign_between(s, path))
        {
            listing.sources.push(path.to_path_buf());
        }
        if hidden_from_discovery.is_none() && !scope.skips(path) {
            listing.discoverable.push(Listed {
                path: entry.into_path(),
                link: kind.is_symlink(),
            });
        }
    }
    listing
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

/// Every `.rs` file below `dir`, leaving out what belongs to something else.
fn walk_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(e.file_type().is_dir() && is_foreign_dir(e.path())));
    for entry in walker.flatten() {
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "rs") {
            out.push(entry.into_path());
        }
    }
}

/// `path` lies below one of `dirs`.
fn below_any(path: &Path, dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|d| path.starts_with(d))
}

/// Whether a directory between the source directory `dir` and the file `path` below it belongs
/// to something else (the walk entered it only because another source directory lies below it).
fn foreign_between(dir: &Path, path: &Path) -> bool {
    let Ok(below) = path.strip_prefix(dir) else {
        return false;
    };
    let mut at = dir.to_path_buf();
    let mut parts: Vec<_> = below.components().collect();
    parts.pop();
    parts.into_iter().any(|part| {
        at.push(part);
        is_foreign_dir(&at)
    })
}

/// A directory below a source directory that belongs to something else: another package, build
/// output, or a hidden directory.
fn is_foreign_dir(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "target" || name.to_string_lossy().starts_with('.'))
        || path.join("Cargo.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(root: &Path) -> PackageSources {
        PackageSources {
            name: "app".into(),
            version: "0.1.0".into(),
            is_dependency: false,
            features: Default::default(),
            manifest_dir: root.to_path_buf(),
            roots: vec![root.join("src/lib.rs")],
        }
    }

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
        let listing = list(&package(root), Some(&scope));
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
        let alone = list(&package(root), None);
        assert_eq!(alone.sources, listing.sources, "a dependency's sources");
        assert!(alone.discoverable.is_empty());
    }
}
