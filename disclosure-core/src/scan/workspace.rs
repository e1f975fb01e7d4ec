//! The packages to scan, from `cargo metadata`: the selected workspace members, and the
//! dependencies that declare transmissions of their own (they depend on `disclosure`), each with
//! the root files of its library and binaries and the features cargo enables for it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use cargo_metadata::{
    CargoOpt, DependencyKind, Metadata, MetadataCommand, Package, PackageId, TargetKind,
};

use super::cfg::Target;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The packages to scan and where their sources are.
#[derive(Clone, Debug)]
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
    /// The target whose `cfg`s decide what is compiled.
    pub target: Target,
}

/// How cargo resolves the dependency graph: its own feature and target flags.
#[derive(Clone, Debug, Default)]
pub struct GraphOptions {
    /// `--features`.
    pub features: Vec<String>,
    /// `--all-features`.
    pub all_features: bool,
    /// `--no-default-features`.
    pub no_default_features: bool,
    /// `--target`: only the dependencies of this target triple, and its `cfg`s (default: the host).
    pub target: Option<String>,
}

/// One package and the root files of the targets that ship (its library and binaries).
#[derive(Clone, Debug)]
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

    /// Like [`Workspace::load`], resolving the graph with `options`.
    pub fn load_with(manifest_path: &Path, options: &GraphOptions) -> Result<Workspace, Error> {
        if !manifest_path.is_file() {
            return Err(Diagnostic::error(
                Code::ManifestMissing,
                format!("manifest {} does not exist", manifest_path.display()),
            )
            .help("pass --manifest-path path/to/Cargo.toml")
            .into());
        }
        let target = match &options.target {
            Some(triple) => Target::parse(triple)?,
            None => Target::host(),
        };
        let mut command = MetadataCommand::new();
        command.manifest_path(manifest_path);
        if options.all_features {
            command.features(CargoOpt::AllFeatures);
        }
        if options.no_default_features {
            command.features(CargoOpt::NoDefaultFeatures);
        }
        if !options.features.is_empty() {
            command.features(CargoOpt::SomeFeatures(options.features.clone()));
        }
        if let Some(target) = &options.target {
            command.other_options(vec!["--filter-platform".to_string(), target.clone()]);
        }
        let metadata = command
            .exec()
            .map_err(|e| cargo_failed(manifest_path, &e))?;
        Ok(Workspace::from_metadata(&metadata, manifest_path, target))
    }

    fn from_metadata(metadata: &Metadata, manifest_path: &Path, target: Target) -> Workspace {
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
        Workspace {
            root: metadata.workspace_root.clone().into_std_path_buf(),
            manifest_path: manifest_path.to_path_buf(),
            packages,
            crates,
            target,
        }
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

/// Cargo's own message, with what to do.
fn cargo_failed(manifest_path: &Path, e: &cargo_metadata::Error) -> Error {
    let (message, stderr) = match e {
        cargo_metadata::Error::CargoMetadata { stderr } => (
            "`cargo metadata` failed".to_string(),
            stderr.trim().to_string(),
        ),
        other => (
            format!("cannot run `cargo metadata`: {other}"),
            String::new(),
        ),
    };
    let help = if stderr.contains("toolchain") && stderr.contains("not installed") {
        "the project pins a toolchain (rust-toolchain.toml) that is not installed: install it with \
         `rustup toolchain install`, or run with an installed one (`cargo +stable disclosure …`)"
    } else if stderr.contains("lock file") && stderr.contains("--locked") {
        "Cargo.lock is out of date: run `cargo update -w` (or any cargo build) to refresh it, then run again"
    } else if stderr.contains("could not find") || stderr.contains("failed to parse manifest") {
        "fix what cargo reports in the manifest, then run again"
    } else {
        "what failed is cargo's own step (its message is above): fix what it says, or run the same \
         `cargo metadata --manifest-path …` to see it, then run again"
    };
    let text = if stderr.is_empty() {
        format!("{message} for {}", manifest_path.display())
    } else {
        format!(
            "{message} for {}; cargo said:\n{}",
            manifest_path.display(),
            crate::foundation::report::clean(&stderr)
        )
    };
    Diagnostic::error(Code::CargoFailed, text).help(help).into()
}
