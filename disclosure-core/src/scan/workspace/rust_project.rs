//! The crate graph from rust-analyzer's `rust-project.json`, for builds without cargo (Bazel's
//! rules_rust and Buck2 generate it).
//!
//! Each crate names its root module, its `cfg`s (features are `feature="name"`), its dependencies
//! by index, and whether it belongs to the workspace. Crates with the same display name and
//! version form one package (a library and its binaries); workspace members are scanned, and so
//! are dependencies that depend on `disclosure` themselves, exactly as on the cargo route. Paths
//! are relative to the file's directory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Graph, OWN_CRATES, PackageSources};
use crate::foundation::diagnostic::{Code, Diagnostic, Error, Location};

/// The part of `rust-project.json` the scan reads.
#[derive(Debug, Deserialize)]
struct ProjectJson {
    crates: Vec<CrateJson>,
}

#[derive(Debug, Deserialize)]
struct CrateJson {
    display_name: Option<String>,
    root_module: PathBuf,
    #[serde(default)]
    deps: Vec<DepJson>,
    #[serde(default)]
    cfg: Vec<String>,
    is_workspace_member: Option<bool>,
    version: Option<String>,
    target: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DepJson {
    #[serde(rename = "crate")]
    index: usize,
    name: String,
}

/// No real `rust-project.json` comes near this size.
const SIZE_CAP: u64 = 256 * 1024 * 1024;

/// Reads `path` into the graph to scan, and the target triple its workspace members name (if
/// they agree on one).
pub(super) fn load(path: &Path) -> Result<(Graph, Option<String>), Error> {
    let project = read(path)?;
    let base = base_dir(path);
    let crates = Crates {
        project: &project,
        base: &base,
    };
    let members: Vec<usize> = (0..project.crates.len())
        .filter(|&i| crates.is_member(i))
        .collect();
    let reachable = crates.reachable(&members);
    let graph_crates = crates.versions(&reachable);
    let packages = crates.packages(&reachable);
    let target = crates.target(&members);
    Ok((
        Graph {
            root: base,
            packages,
            crates: graph_crates,
        },
        target,
    ))
}

/// The error for a `rust-project.json` that cannot be used: `what` is wrong at `line:column`.
fn invalid(path: &Path, what: String, line: usize, column: usize) -> Error {
    Diagnostic::error(
        Code::RustProjectInvalid,
        format!("{} {what}", path.display()),
    )
    .at(Location::new(path, line.max(1), column.max(1)))
    .help("pass the rust-project.json your build generates (rules_rust: `bazel run @rules_rust//tools/rust_analyzer:gen_rust_project`; Buck2: `rust-project develop`)")
    .into()
}

/// Reads and parses `path`: a crate graph whose every dependency index names a crate.
fn read(path: &Path) -> Result<ProjectJson, Error> {
    let bytes = crate::foundation::files::read_bounded(path, SIZE_CAP)
        .map_err(|e| invalid(path, format!("cannot be read: {e}"), 1, 1))?;
    let project: ProjectJson = serde_json::from_slice(&bytes).map_err(|e| {
        invalid(
            path,
            format!("is not a crate graph: {e}"),
            e.line(),
            e.column(),
        )
    })?;
    for (i, krate) in project.crates.iter().enumerate() {
        // A root module names a `.rs` file: `/`, `.` or a directory would be read as a source.
        let named_file = krate.root_module.file_name().is_some_and(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e == "rs")
        });
        if !named_file {
            return Err(invalid(
                path,
                format!(
                    "crate {i} has the root module `{}`, which is not a `.rs` file",
                    krate.root_module.display()
                ),
                1,
                1,
            ));
        }
        if let Some(dep) = krate.deps.iter().find(|d| d.index >= project.crates.len()) {
            return Err(invalid(
                path,
                format!(
                    "crate {i} depends on crate {}, which does not exist",
                    dep.index
                ),
                1,
                1,
            ));
        }
    }
    Ok(project)
}

/// The directory the file's relative paths start from: its own, canonical when it can be.
fn base_dir(path: &Path) -> PathBuf {
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf())
}

/// The crates of a `rust-project.json`, by index, with the directory their paths start from.
struct Crates<'a> {
    project: &'a ProjectJson,
    base: &'a Path,
}

impl Crates<'_> {
    /// The crate's root module, absolute.
    fn root_of(&self, k: &CrateJson) -> PathBuf {
        if k.root_module.is_absolute() {
            k.root_module.clone()
        } else {
            self.base.join(&k.root_module)
        }
    }

    /// The crate's display name, else its root module's file stem.
    fn name_of(&self, i: usize) -> String {
        let k = &self.project.crates[i];
        k.display_name.clone().unwrap_or_else(|| {
            k.root_module
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }

    /// Whether the crate belongs to the workspace: as the file says, else whether its root
    /// module is below the file's directory.
    fn is_member(&self, i: usize) -> bool {
        let k = &self.project.crates[i];
        k.is_workspace_member
            .unwrap_or_else(|| self.root_of(k).starts_with(self.base))
    }

    /// Whether the crate depends on `disclosure` (or its macros) itself.
    fn declares(&self, i: usize) -> bool {
        self.project.crates[i].deps.iter().any(|d| {
            let name = d.name.replace('-', "_");
            name == "disclosure" || name == "disclosure_macros"
        })
    }

    /// Everything the members build with: the members and every crate they depend on, at any
    /// depth.
    fn reachable(&self, members: &[usize]) -> BTreeSet<usize> {
        let mut reachable: BTreeSet<usize> = members.iter().copied().collect();
        let mut queue: Vec<usize> = members.to_vec();
        while let Some(i) = queue.pop() {
            for dep in &self.project.crates[i].deps {
                if reachable.insert(dep.index) {
                    queue.push(dep.index);
                }
            }
        }
        reachable
    }

    /// The versions of each crate built, by name (with `-`, as cargo spells it).
    fn versions(&self, reachable: &BTreeSet<usize>) -> BTreeMap<String, BTreeSet<String>> {
        let mut crates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for &i in reachable {
            crates
                .entry(self.name_of(i).replace('_', "-"))
                .or_default()
                .insert(self.project.crates[i].version.clone().unwrap_or_default());
        }
        crates
    }

    /// The packages to scan: members, and dependencies that declare transmissions themselves
    /// (not this project's own crates). One package per display name and version: a library and
    /// its binaries.
    fn packages(&self, reachable: &BTreeSet<usize>) -> Vec<PackageSources> {
        let mut packages: BTreeMap<(bool, String, String), PackageSources> = BTreeMap::new();
        for &i in reachable {
            let member = self.is_member(i);
            let name = self.name_of(i);
            if !member
                && (!self.declares(i) || OWN_CRATES.contains(&name.replace('_', "-").as_str()))
            {
                continue;
            }
            let krate = &self.project.crates[i];
            let root = self.root_of(krate);
            let version = krate.version.clone().unwrap_or_default();
            let package = packages
                .entry((!member, name.clone(), version.clone()))
                .or_insert_with(|| PackageSources {
                    name: name.clone(),
                    version,
                    is_dependency: !member,
                    features: BTreeSet::new(),
                    manifest_dir: package_dir(&root, self.base),
                    roots: Vec::new(),
                });
            package.roots.push(root);
            package.features.extend(krate.cfg.iter().filter_map(|c| {
                let value = c.strip_prefix("feature=")?.trim_matches('"');
                Some(value.to_string())
            }));
        }
        packages
            .into_values()
            .map(|mut p| {
                p.roots.sort();
                p.roots.dedup();
                p
            })
            .collect()
    }

    /// The target triple the members name, when they all name the same one.
    fn target(&self, members: &[usize]) -> Option<String> {
        let mut triples: BTreeSet<&str> = members
            .iter()
            .filter_map(|&i| self.project.crates[i].target.as_deref())
            .collect();
        (triples.len() == 1)
            .then(|| triples.pop_first().map(str::to_string))
            .flatten()
    }
}

/// The directory a crate's catalogue is looked for from: the nearest one above its root module
/// holding a build file (`BUILD`, `BUILD.bazel`, `BUCK`, `Cargo.toml`), else the root module's.
/// For a crate below `base` (the file's directory), nothing above `base` is looked at: a build
/// file there belongs to no crate of the file.
fn package_dir(root_module: &Path, base: &Path) -> PathBuf {
    let start = root_module.parent().unwrap_or(Path::new("."));
    let below = start.starts_with(base);
    start
        .ancestors()
        .take_while(|d| !below || d.starts_with(base))
        .find(|d| {
            ["BUILD", "BUILD.bazel", "BUCK", "Cargo.toml"]
                .iter()
                .any(|f| d.join(f).is_file())
        })
        .unwrap_or(start)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_module_that_is_no_rust_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        for root in ["/", ".", "src/", "src/lib"] {
            let path = dir.path().join("rust-project.json");
            std::fs::write(
                &path,
                format!(r#"{{"crates": [{{"root_module": "{root}", "edition": "2021", "deps": [], "cfg": []}}]}}"#),
            )
            .unwrap();
            let err = read(&path).unwrap_err().to_string();
            assert!(
                err.contains(&format!(
                    "crate 0 has the root module `{root}`, which is not a `.rs` file"
                )),
                "{root}: {err}"
            );
        }
    }

    #[test]
    fn members_and_declaring_dependencies_become_packages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("app/src")).unwrap();
        std::fs::write(root.join("app/BUILD.bazel"), "").unwrap();
        let json = r#"{"crates": [
            {"display_name": "app", "root_module": "app/src/lib.rs", "edition": "2021",
             "deps": [{"crate": 1, "name": "sdk"}, {"crate": 2, "name": "serde"}],
             "cfg": ["feature=\"web\"", "unix"], "is_workspace_member": true,
             "target": "wasm32-unknown-unknown"},
            {"display_name": "sdk", "root_module": "/ext/sdk/src/lib.rs", "version": "1.2.0",
             "deps": [{"crate": 3, "name": "disclosure"}], "is_workspace_member": false},
            {"display_name": "serde", "root_module": "/ext/serde/src/lib.rs", "version": "1.0.0"},
            {"display_name": "disclosure", "root_module": "/ext/disclosure/src/lib.rs"}
        ]}"#;
        let path = root.join("rust-project.json");
        std::fs::write(&path, json).unwrap();
        let (graph, target) = load(&path).unwrap();
        assert_eq!(target.as_deref(), Some("wasm32-unknown-unknown"));
        let names: Vec<(&str, bool)> = graph
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.is_dependency))
            .collect();
        assert_eq!(names, [("app", false), ("sdk", true)]);
        let app = &graph.packages[0];
        assert_eq!(app.manifest_dir, root.join("app"));
        assert_eq!(app.features, BTreeSet::from(["web".to_string()]));
        assert!(graph.crates.contains_key("serde"));
    }

    #[test]
    fn a_build_file_above_the_files_directory_names_no_package() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        // A build file above the directory (a Bazel workspace's root, seen from an output
        // directory inside it) is not the crate's package.
        std::fs::write(root.join("BUILD.bazel"), "").unwrap();
        let base = root.join("out/crate");
        std::fs::create_dir_all(base.join("app/src")).unwrap();
        let path = base.join("rust-project.json");
        std::fs::write(
            &path,
            r#"{"crates": [{"display_name": "app", "root_module": "app/src/lib.rs"}]}"#,
        )
        .unwrap();
        let (graph, _) = load(&path).unwrap();
        assert_eq!(graph.packages[0].manifest_dir, base.join("app/src"));
        std::fs::write(base.join("app/BUILD"), "").unwrap();
        let (graph, _) = load(&path).unwrap();
        assert_eq!(graph.packages[0].manifest_dir, base.join("app"));
    }

    #[test]
    fn a_broken_file_is_an_error_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rust-project.json");
        std::fs::write(&path, "{\"crates\": [\n  {\"root_module\": 3}\n]}").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("is not a crate graph"), "{err}");
        std::fs::write(
            &path,
            r#"{"crates": [{"root_module": "a.rs", "deps": [{"crate": 9, "name": "x"}]}]}"#,
        )
        .unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
