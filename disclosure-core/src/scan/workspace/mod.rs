//! The packages to scan, from `cargo metadata` (`cargo`, cached between runs by `cache`) or
//! from a `rust-project.json` (`rust_project`): the selected workspace members, and the
//! dependencies that declare transmissions of their own (they depend on `disclosure`), each with
//! the root files of its library and binaries and the features enabled for it.

mod cache;
mod cargo;
mod rust_project;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use cargo_metadata::{DependencyKind, Metadata, Package, PackageId, TargetKind};
use serde::{Deserialize, Serialize};

use super::cfg::Target;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The packages to scan and where their sources are.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Workspace {
    /// The workspace root; file paths in diagnostics and the reviewer view are relative to it.
    pub root: PathBuf,
    /// The manifest the selection was made from.
    pub manifest_path: PathBuf,
    /// The selected packages, then the dependencies that declare transmissions of their own; each
    /// group sorted by name.
    pub packages: Vec<PackageSources>,
    /// Every crate the selected packages build with (normal and build dependencies, for the chosen
    /// features and target), by name, with its versions.
    pub crates: BTreeMap<String, BTreeSet<String>>,
    /// The targets whose `cfg`s decide what is compiled: `--target`, or the builds the catalogue
    /// declares (set by the project once the catalogue is read), or the host.
    pub targets: Vec<Target>,
}

/// How cargo resolves the dependency graph: its own feature and target flags.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct GraphOptions {
    /// `--features`.
    pub features: Vec<String>,
    /// `--all-features`.
    pub all_features: bool,
    /// `--no-default-features`.
    pub no_default_features: bool,
    /// `--target`: only the dependencies of this target triple, and its `cfg`s (default: the host).
    pub target: Option<String>,
    /// `--no-cache`: ask cargo even when the graph kept under `target/` is still valid.
    pub no_cache: bool,
    /// `--rust-project`: the crate graph from this `rust-project.json` instead of cargo.
    pub rust_project: Option<PathBuf>,
}

impl GraphOptions {
    /// Whether results are kept between runs under `target/disclosure/` (the graph, and each
    /// source file's scan): not with `--no-cache` nor `DISCLOSURE_NO_CACHE=1`.
    pub fn keeps_results(&self) -> bool {
        cache::enabled(self)
    }
}

/// The graph, as cargo (or `rust-project.json`) gives it and the cache keeps it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Graph {
    root: PathBuf,
    packages: Vec<PackageSources>,
    crates: BTreeMap<String, BTreeSet<String>>,
}

/// One package and the root files of the targets that ship (its library and binaries).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PackageSources {
    /// The package name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// A dependency of the selected packages (not one of them).
    pub is_dependency: bool,
    /// The features cargo enables for it in this build.
    pub features: BTreeSet<String>,
    /// The directory of its `Cargo.toml`.
    pub manifest_dir: PathBuf,
    /// The crate root of its library and of each binary (`src/lib.rs`, `src/main.rs`, …).
    pub roots: Vec<PathBuf>,
}

/// The `Cargo.toml` cargo would use from `dir`: the nearest one walking up.
pub fn locate_manifest(dir: &Path) -> Result<PathBuf, Error> {
    dir.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Diagnostic::error(
                Code::ManifestMissing,
                format!(
                    "no Cargo.toml in {} or any directory above it",
                    dir.display()
                ),
            )
            .help("run inside a Cargo package, or pass --manifest-path path/to/Cargo.toml")
            .into()
        })
}

impl Workspace {
    /// Asks `cargo metadata` for the package at `manifest_path` (or, for a virtual manifest, the
    /// workspace's default members), its dependency graph with default features, and where the
    /// sources are.
    pub fn load(manifest_path: &Path) -> Result<Workspace, Error> {
        Workspace::load_with(manifest_path, &GraphOptions::default())
    }

    /// Like [`Workspace::load`], resolving the graph with `options`: from `rust-project.json` when
    /// it names one, else from the graph cached under `target/` while nothing that could change
    /// it has, else from `cargo metadata`.
    pub fn load_with(manifest_path: &Path, options: &GraphOptions) -> Result<Workspace, Error> {
        let target = |triple: Option<&str>| match triple {
            Some(triple) => Target::parse(triple),
            None => Ok(Target::host()),
        };
        if let Some(project) = &options.rust_project {
            let (graph, triple) = rust_project::load(project)?;
            let target = target(options.target.as_deref().or(triple.as_deref()))?;
            return Ok(Workspace::from_graph(graph, project, target));
        }
        if !manifest_path.is_file() {
            return Err(Diagnostic::error(
                Code::ManifestMissing,
                format!("manifest {} does not exist", manifest_path.display()),
            )
            .help("pass --manifest-path path/to/Cargo.toml")
            .into());
        }
        let target = target(options.target.as_deref())?;
        let manifest_path =
            fs::canonicalize(manifest_path).unwrap_or_else(|_| manifest_path.into());
        // Where the lock file and `target/` are: the root cargo will report, found as the
        // catalogue search finds it.
        let root = crate::catalogue::locate::workspace_root(
            manifest_path.parent().unwrap_or(Path::new(".")),
        );
        let cached = cache::enabled(options);
        if cached && let Some(graph) = cache::load(&root, &manifest_path, options) {
            return Ok(Workspace::from_graph(graph, &manifest_path, target));
        }
        let metadata = cargo::metadata(&manifest_path, &root, options)?;
        let (graph, manifests) = Workspace::graph_of(&metadata, &manifest_path);
        if cached {
            cache::store(&root, &manifest_path, options, &graph, &manifests);
        }
        Ok(Workspace::from_graph(graph, &manifest_path, target))
    }

    fn from_graph(graph: Graph, manifest_path: &Path, target: Target) -> Workspace {
        Workspace {
            root: graph.root,
            manifest_path: manifest_path.to_path_buf(),
            packages: graph.packages,
            crates: graph.crates,
            targets: vec![target],
        }
    }

    /// The graph cargo describes, and the manifests of the workspace's own packages (what the
    /// cache watches).
    fn graph_of(metadata: &Metadata, manifest_path: &Path) -> (Graph, Vec<PathBuf>) {
        let wanted = fs::canonicalize(manifest_path).unwrap_or_else(|_| manifest_path.into());
        let members: Vec<&Package> = metadata.workspace_packages();
        let selected: Vec<&Package> = match members
            .iter()
            .find(|p| fs::canonicalize(&p.manifest_path).is_ok_and(|m| m == wanted))
        {
            Some(package) => vec![package],
            None => {
                let defaults: BTreeSet<_> = metadata.workspace_default_members.iter().collect();
                members
                    .into_iter()
                    .filter(|p| defaults.is_empty() || defaults.contains(&p.id))
                    .collect()
            }
        };
        let by_id: BTreeMap<&PackageId, &Package> =
            metadata.packages.iter().map(|p| (&p.id, p)).collect();
        let nodes: BTreeMap<&PackageId, &cargo_metadata::Node> = metadata
            .resolve
            .iter()
            .flat_map(|r| &r.nodes)
            .map(|n| (&n.id, n))
            .collect();
        // Everything the selected packages build with: normal and build dependencies.
        let mut reachable: BTreeSet<&PackageId> = selected.iter().map(|p| &p.id).collect();
        let mut queue: Vec<&PackageId> = reachable.iter().copied().collect();
        while let Some(id) = queue.pop() {
            for dep in nodes.get(id).map(|n| n.deps.as_slice()).unwrap_or_default() {
                let builds_with = dep.dep_kinds.is_empty()
                    || dep
                        .dep_kinds
                        .iter()
                        .any(|k| k.kind != DependencyKind::Development);
                if builds_with && reachable.insert(&dep.pkg) {
                    queue.push(&dep.pkg);
                }
            }
        }
        let features = |id: &PackageId| -> BTreeSet<String> {
            nodes
                .get(id)
                .map(|n| n.features.iter().map(|f| f.to_string()).collect())
                .unwrap_or_default()
        };
        let mut crates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for id in &reachable {
            if let Some(p) = by_id.get(id) {
                crates
                    .entry(p.name.to_string())
                    .or_default()
                    .insert(p.version.to_string());
            }
        }
        let selected_ids: BTreeSet<&PackageId> = selected.iter().map(|p| &p.id).collect();
        let mut packages: Vec<PackageSources> = selected
            .iter()
            .map(|p| package_sources(p, false, features(&p.id)))
            .collect();
        packages.sort_by(|a, b| a.name.cmp(&b.name));
        // Dependencies that declare transmissions of their own: they depend on `disclosure`.
        let mut declaring: Vec<PackageSources> = reachable
            .iter()
            .filter(|id| !selected_ids.contains(*id))
            .filter_map(|id| by_id.get(id))
            .filter(|p| !OWN_CRATES.contains(&p.name.as_str()))
            .filter(|p| {
                p.dependencies
                    .iter()
                    .any(|d| d.name == "disclosure" || d.name == "disclosure-macros")
            })
            .map(|p| package_sources(p, true, features(&p.id)))
            .collect();
        declaring.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        packages.extend(declaring);
        let mut manifests: Vec<PathBuf> = metadata
            .packages
            .iter()
            .filter(|p| p.source.is_none())
            .map(|p| p.manifest_path.clone().into_std_path_buf())
            .collect();
        manifests.sort();
        (
            Graph {
                root: metadata.workspace_root.clone().into_std_path_buf(),
                packages,
                crates,
            },
            manifests,
        )
    }

    /// `path` relative to the workspace root, with `/` separators whatever the platform. A path
    /// outside the workspace (a dependency in a registry) is named from its package: the package's
    /// name and version, then the path inside it.
    pub fn relative(&self, path: &Path) -> PathBuf {
        if let Ok(rel) = path.strip_prefix(&self.root) {
            return slashes(rel);
        }
        for p in &self.packages {
            if let Ok(rel) = path.strip_prefix(&p.manifest_dir) {
                return PathBuf::from(format!("{}-{}", p.name, p.version)).join(slashes(rel));
            }
        }
        slashes(path)
    }
}

fn slashes(path: &Path) -> PathBuf {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    PathBuf::from(parts.join("/"))
}

/// `disclosure`'s own crates, which send nothing.
const OWN_CRATES: [&str; 4] = [
    "disclosure",
    "disclosure-core",
    "disclosure-macros",
    "cargo-disclosure",
];

fn package_sources(
    package: &Package,
    is_dependency: bool,
    features: BTreeSet<String>,
) -> PackageSources {
    let manifest_dir = package
        .manifest_path
        .parent()
        .map(|p| p.to_path_buf().into_std_path_buf())
        .unwrap_or_default();
    let mut roots: Vec<PathBuf> = package
        .targets
        .iter()
        .filter(|t| {
            t.kind.iter().any(|k| {
                matches!(
                    k,
                    TargetKind::Lib
                        | TargetKind::RLib
                        | TargetKind::DyLib
                        | TargetKind::CDyLib
                        | TargetKind::StaticLib
                        | TargetKind::Bin
                )
            })
        })
        .map(|t| t.src_path.clone().into_std_path_buf())
        .collect();
    roots.sort();
    roots.dedup();
    PackageSources {
        name: package.name.to_string(),
        version: package.version.to_string(),
        is_dependency,
        features,
        manifest_dir,
        roots,
    }
}
