//! Which `disclosure.toml` governs a package: the one rule the proc macro and the scanner share,
//! so that what compiles and what the notice says are checked against the same file.
//!
//! The catalogue of a package is the nearest `disclosure.toml` walking up from the package's
//! directory, stopping at its workspace root (the directory of the `Cargo.toml` with
//! `[workspace]`, as cargo finds it). A package published to a registry is its own workspace root,
//! so a library's catalogue ships inside its package, beside its `Cargo.toml`. A package with no
//! catalogue on that path is checked against the built-in providers and vocabulary alone.
//!
//! A project read from rust-analyzer's `rust-project.json` (Bazel, Buck2) has no Cargo manifest
//! to say where its workspace ends: a package below the file's directory finds its catalogue
//! walking up to that directory ([`Locator::up_to`]).

use std::path::{Path, PathBuf};

use super::FILE_NAME;

/// Where the catalogue of a package was looked for, and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    /// The catalogue, when one was found.
    pub found: Option<PathBuf>,
    /// The directories searched, nearest first.
    pub searched: Vec<PathBuf>,
}

/// The catalogue of the package whose `Cargo.toml` is in `package_dir`.
pub fn for_package(package_dir: &Path) -> Search {
    Locator::default().for_package(package_dir)
}

/// The workspace root of the package in `package_dir` (see [`Locator::workspace_root`]).
pub fn workspace_root(package_dir: &Path) -> PathBuf {
    Locator::default().workspace_root(package_dir)
}

/// The same rule, for many packages of one workspace: each manifest is read once. It remembers
/// what it read, so it lives as long as one run, never longer (an editor's long-lived macro
/// server sees every change).
#[derive(Debug, Default)]
pub struct Locator {
    manifests:
        std::cell::RefCell<std::collections::BTreeMap<PathBuf, Option<std::rc::Rc<toml::Table>>>>,
    /// Whether each directory looked in holds a catalogue.
    holds: std::cell::RefCell<std::collections::BTreeMap<PathBuf, bool>>,
    /// Where the search of a package below it stops instead of its workspace root.
    top: Option<PathBuf>,
    /// Packages whose workspace root cargo has already given: package directory → root.
    roots: std::collections::BTreeMap<PathBuf, PathBuf>,
}

impl Locator {
    /// The rule for a project read from a `rust-project.json` in `top`: a package below `top`
    /// finds its catalogue walking up to `top`, whatever Cargo manifests say; any other package
    /// by the Cargo rule.
    pub fn up_to(top: &Path) -> Locator {
        Locator {
            top: Some(top.to_path_buf()),
            ..Locator::default()
        }
    }

    /// The same rule, told the workspace root of the packages in `members` (package
    /// directories) as cargo gave it, so that their manifests need not be read to find it.
    pub fn knowing_root<'a>(
        mut self,
        root: &Path,
        members: impl IntoIterator<Item = &'a Path>,
    ) -> Locator {
        self.roots.extend(
            members
                .into_iter()
                .map(|m| (m.to_path_buf(), root.to_path_buf())),
        );
        self
    }

    /// The catalogue of the package whose `Cargo.toml` is in `package_dir`.
    pub fn for_package(&self, package_dir: &Path) -> Search {
        // Where the search stops, found (reading manifests) only when the package's own
        // directory has no catalogue.
        let mut root: Option<PathBuf> = None;
        let mut searched = Vec::new();
        for dir in package_dir.ancestors() {
            searched.push(dir.to_path_buf());
            let candidate = dir.join(FILE_NAME);
            if self.holds(dir, &candidate) {
                return Search {
                    found: Some(candidate),
                    searched,
                };
            }
            let root = root.get_or_insert_with(|| match &self.top {
                Some(top) if package_dir.starts_with(top) => top.clone(),
                _ => self.workspace_root(package_dir),
            });
            if dir == root {
                break;
            }
        }
        Search {
            found: None,
            searched,
        }
    }

    /// The workspace root of the package in `package_dir`: its own directory when its manifest has
    /// `[workspace]` or it is a packaged crate (`Cargo.toml.orig` beside it), the directory named by
    /// `package.workspace`, else the nearest directory above whose `Cargo.toml` has `[workspace]`;
    /// a package in no workspace is its own root.
    pub fn workspace_root(&self, package_dir: &Path) -> PathBuf {
        if let Some(root) = self.roots.get(package_dir) {
            return root.clone();
        }
        // A packaged crate (a registry's, a vendored one) is known without reading its manifest.
        if package_dir.join("Cargo.toml.orig").is_file() {
            return package_dir.to_path_buf();
        }
        let manifest = self.read_manifest(package_dir);
        if let Some(m) = &manifest {
            if m.get("workspace").is_some() {
                return package_dir.to_path_buf();
            }
            if let Some(path) = m
                .get("package")
                .and_then(|p| p.get("workspace"))
                .and_then(|w| w.as_str())
            {
                return package_dir.join(path);
            }
        }
        for dir in package_dir.ancestors().skip(1) {
            if self
                .read_manifest(dir)
                .is_some_and(|m| m.get("workspace").is_some())
            {
                return dir.to_path_buf();
            }
        }
        package_dir.to_path_buf()
    }

    /// Whether `dir` holds a catalogue (`candidate`), looked up once per directory. Anything by
    /// that name is the catalogue: one that is not a regular file (a device, a pipe) is then
    /// refused by name when it is read, not passed over in silence.
    fn holds(&self, dir: &Path, candidate: &Path) -> bool {
        if let Some(known) = self.holds.borrow().get(dir) {
            return *known;
        }
        let holds = candidate.exists();
        self.holds.borrow_mut().insert(dir.to_path_buf(), holds);
        holds
    }

    fn read_manifest(&self, dir: &Path) -> Option<std::rc::Rc<toml::Table>> {
        if let Some(known) = self.manifests.borrow().get(dir) {
            return known.clone();
        }
        let manifest =
            crate::foundation::files::read_bounded_text(&dir.join("Cargo.toml"), 8 << 20)
                .ok()
                .and_then(|text| text.parse::<toml::Table>().ok())
                .map(std::rc::Rc::new);
        self.manifests
            .borrow_mut()
            .insert(dir.to_path_buf(), manifest.clone());
        manifest
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn the_nearest_catalogue_up_to_the_workspace_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        write(
            &root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"a\", \"b\"]\n",
        );
        write(&root.join("disclosure.toml"), "");
        write(&root.join("a/Cargo.toml"), "[package]\nname = \"a\"\n");
        write(&root.join("b/Cargo.toml"), "[package]\nname = \"b\"\n");
        write(&root.join("b/disclosure.toml"), "");
        assert_eq!(
            for_package(&root.join("a")).found,
            Some(root.join("disclosure.toml"))
        );
        assert_eq!(
            for_package(&root.join("b")).found,
            Some(root.join("b/disclosure.toml"))
        );
    }

    #[test]
    fn a_member_told_its_root_reads_no_manifest_and_stops_there() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("disclosure.toml"), "");
        let root = dir.path().join("ws");
        write(&root.join("Cargo.toml"), "[workspace]\n");
        write(&root.join("disclosure.toml"), "");
        // A manifest that does not parse: only a read would notice.
        write(&root.join("crates/a/Cargo.toml"), "[package");
        let member = root.join("crates/a");
        let told = Locator::default().knowing_root(&root, [member.as_path()]);
        assert_eq!(told.workspace_root(&member), root);
        assert!(told.manifests.borrow().is_empty(), "no manifest read");
        let search = told.for_package(&member);
        assert_eq!(search.found, Some(root.join("disclosure.toml")));
        assert_eq!(search.searched, [member.clone(), root.join("crates"), root]);
        // A package it was not told of follows the Cargo rule.
        let other = dir.path().join("other");
        write(&other.join("Cargo.toml"), "[package]\nname = \"other\"\n");
        assert_eq!(told.for_package(&other).found, None);
    }

    #[test]
    fn the_search_never_leaves_the_workspace_or_a_packaged_crate() {
        let dir = tempfile::tempdir().unwrap();
        // A catalogue above the workspace decides nothing for it.
        write(&dir.path().join("disclosure.toml"), "");
        let ws = dir.path().join("project");
        write(
            &ws.join("Cargo.toml"),
            "[package]\nname = \"p\"\n\n[workspace]\n",
        );
        let search = for_package(&ws);
        assert_eq!(search.found, None);
        assert_eq!(search.searched, std::slice::from_ref(&ws));
        // A crate unpacked from a registry is its own root, even inside another workspace.
        let packaged = dir.path().join("registry/lib-0.1.0");
        write(&packaged.join("Cargo.toml"), "[package]\nname = \"lib\"\n");
        write(&packaged.join("Cargo.toml.orig"), "");
        write(&dir.path().join("registry/Cargo.toml"), "[workspace]\n");
        assert_eq!(workspace_root(&packaged), packaged);
        // Known by its `Cargo.toml.orig` alone: its manifest is not read.
        let locator = Locator::default();
        assert_eq!(locator.workspace_root(&packaged), packaged);
        assert!(locator.manifests.borrow().is_empty());
        // A package in no workspace is its own root.
        let alone = dir.path().join("alone");
        write(&alone.join("Cargo.toml"), "[package]\nname = \"alone\"\n");
        assert_eq!(for_package(&alone).found, None);
    }

    #[test]
    fn through_a_rust_project_the_search_goes_up_to_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("repo");
        write(&dir.path().join("disclosure.toml"), "");
        write(&top.join("disclosure.toml"), "");
        write(&top.join("lib/own/disclosure.toml"), "");
        let locator = Locator::up_to(&top);
        // A crate with no catalogue of its own: the one in the file's directory, never above it.
        let search = locator.for_package(&top.join("app/src"));
        assert_eq!(search.found, Some(top.join("disclosure.toml")));
        assert_eq!(
            search.searched,
            [top.join("app/src"), top.join("app"), top.clone()]
        );
        // One with its own, nearer.
        assert_eq!(
            locator.for_package(&top.join("lib/own")).found,
            Some(top.join("lib/own/disclosure.toml"))
        );
        // A crate outside the directory (a dependency elsewhere) keeps the Cargo rule.
        let outside = dir.path().join("registry/sdk");
        assert_eq!(locator.for_package(&outside).found, None);
    }
}
