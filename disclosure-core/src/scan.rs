//! Finds every `#[disclose(...)]` in a workspace's packages without compiling them.
//!
//! The packages and their source directories come from `cargo metadata`; each `.rs` file under them
//! is read, skipped at once unless it contains the word `disclose`, and otherwise parsed with `syn`.
//! Annotations are parsed and checked by the same code as the proc macro ([`crate::syntax`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use cargo_metadata::{
    CargoOpt, DependencyKind, Metadata, MetadataCommand, Package, PackageId, TargetKind,
};
use syn::visit::Visit;

use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Location};
use crate::syntax::{self, Annotation, SyntaxError, TypeDisclosure};

/// The packages to scan and where their sources are.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The workspace root; file paths in the notice are relative to it.
    pub root: PathBuf,
    /// The manifest the selection was made from.
    pub manifest_path: PathBuf,
    /// The selected packages, then the dependencies that declare transmissions of their own (they
    /// depend on `disclosure`); each group sorted by name.
    pub packages: Vec<PackageSources>,
    /// Every crate the selected packages build with (normal and build dependencies, for the chosen
    /// features and target), by name, with its versions.
    pub crates: BTreeMap<String, BTreeSet<String>>,
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
    /// `--filter-platform`: only the dependencies of this target triple.
    pub target: Option<String>,
}

/// One package and the directories its library and binaries are compiled from.
#[derive(Clone, Debug)]
pub struct PackageSources {
    /// The package name.
    pub name: String,
    /// A dependency of the selected packages (not one of them).
    pub is_dependency: bool,
    /// The features cargo enables for it in this build.
    pub features: BTreeSet<String>,
    /// The directory of its `Cargo.toml`.
    pub manifest_dir: PathBuf,
    /// Directories holding the sources of its library and binary targets.
    pub source_dirs: Vec<PathBuf>,
}

/// One annotation found in the source.
#[derive(Clone, Debug)]
pub struct Found {
    /// The package it is in.
    pub package: String,
    /// Where it is; the file is relative to the workspace root.
    pub location: Location,
    /// The annotated item (`telemetry::Analytics::page_view`).
    pub item: String,
    /// What it declares.
    pub annotation: Annotation,
}

/// The `Cargo.toml` cargo would use from `dir`: the nearest one walking up.
pub fn locate_manifest(dir: &Path) -> Result<PathBuf, Error> {
    dir.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "no Cargo.toml in {} or any directory above it",
                dir.display()
            ))
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
            return Err(Diagnostic::error(format!(
                "manifest {} does not exist",
                manifest_path.display()
            ))
            .help("pass --manifest-path path/to/Cargo.toml")
            .into());
        }
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
        let metadata = command.exec().map_err(|e| {
            Diagnostic::error(format!(
                "`cargo metadata` failed for {}: {}",
                manifest_path.display(),
                e.to_string().trim()
            ))
            .help("fix the manifest so that `cargo metadata` succeeds")
        })?;
        Ok(Workspace::from_metadata(&metadata, manifest_path))
    }

    fn from_metadata(metadata: &Metadata, manifest_path: &Path) -> Workspace {
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
        declaring.sort_by(|a, b| a.name.cmp(&b.name));
        packages.extend(declaring);
        Workspace {
            root: metadata.workspace_root.clone().into_std_path_buf(),
            manifest_path: manifest_path.to_path_buf(),
            packages,
            crates,
        }
    }

    /// Every `.rs` file of the selected packages, sorted, with its package name.
    pub fn source_files(&self) -> Result<Vec<(String, PathBuf)>, Error> {
        let mut files = Vec::new();
        let mut diagnostics = Diagnostics::new();
        for package in &self.packages {
            for dir in &package.source_dirs {
                let walker = walkdir::WalkDir::new(dir)
                    .follow_links(false)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| e.depth() == 0 || !is_foreign_dir(e));
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs") => {
                            files.push((package.name.clone(), e.into_path()));
                        }
                        Ok(_) => {}
                        Err(e) => diagnostics.push(
                            Diagnostic::error(format!(
                                "cannot read {}: {}",
                                e.path().unwrap_or(dir).display(),
                                e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                            ))
                            .help("make the directory readable, or move it out of the package's source directory"),
                        ),
                    }
                }
            }
        }
        files.sort();
        files.dedup();
        diagnostics.finish(files).map(|(files, _)| files)
    }

    /// `path` relative to the workspace root, with `/` separators whatever the platform.
    pub fn relative(&self, path: &Path) -> PathBuf {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        PathBuf::from(parts.join("/"))
    }
}

/// A directory below a source directory that belongs to something else: another package, build
/// output, or a hidden directory.
fn is_foreign_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir()
        && (entry.file_name() == "target"
            || entry.file_name().to_string_lossy().starts_with('.')
            || entry.path().join("Cargo.toml").is_file())
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
    let mut dirs: Vec<PathBuf> = package
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
                        | TargetKind::ProcMacro
                        | TargetKind::Bin
                )
            })
        })
        .filter_map(|t| {
            t.src_path
                .parent()
                .map(|p| p.to_path_buf().into_std_path_buf())
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    // A directory inside another one is walked with it.
    let nested: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| dirs.iter().any(|o| o != *d && d.starts_with(o)))
        .cloned()
        .collect();
    dirs.retain(|d| !nested.contains(d));
    PackageSources {
        name: package.name.to_string(),
        is_dependency,
        features,
        manifest_dir,
        source_dirs: dirs,
    }
}

/// What a scan found: the annotations, and every source file it read (for a build script's
/// `rerun-if-changed`).
#[derive(Debug)]
pub struct Scan {
    /// Every annotation, by file, line and column.
    pub found: Vec<Found>,
    /// Every source file of the scanned packages.
    pub files: Vec<PathBuf>,
}

/// Scans every source file of `workspace`, checking each annotation against `catalogue`.
/// Every problem is reported, each at its file:line:column. Warnings come back with the result.
pub fn scan(
    workspace: &Workspace,
    catalogue: &Catalogue,
) -> Result<(Scan, Vec<Diagnostic>), Error> {
    let files = workspace.source_files()?;
    let mut diagnostics = Diagnostics::new();
    let mut scanned = Scanned::default();
    let no_features = BTreeSet::new();
    // Reading and the byte filter run in parallel; the few files that need it are parsed in order.
    for (package, path, text) in read_relevant(&files) {
        let relative = workspace.relative(&path);
        let features = workspace
            .packages
            .iter()
            .find(|p| p.name == package)
            .map_or(&no_features, |p| &p.features);
        match text.and_then(|bytes| source_text(bytes, &relative)) {
            Ok(source) => match scan_source(&source, &relative, &package, features, catalogue) {
                Ok(file) => scanned.append(file),
                Err(e) => diagnostics.extend(e),
            },
            Err(e) => diagnostics.extend(e),
        }
    }
    let found = scanned.into_found(&mut diagnostics);
    let (found, warnings) = diagnostics.finish(found)?;
    let files = files.into_iter().map(|(_, path)| path).collect();
    Ok((Scan { found, files }, warnings))
}

/// What one or more files hold: annotated functions, and types deriving `Disclose` (whose nested
/// fields are resolved once every file is read).
#[derive(Debug, Default)]
pub struct Scanned {
    functions: Vec<Found>,
    types: Vec<FoundType>,
    /// Module files (and directories) behind a `#[cfg]` that is off in this build.
    excluded: Vec<PathBuf>,
}

/// A type deriving `Disclose`.
#[derive(Debug)]
struct FoundType {
    package: String,
    location: Location,
    item: String,
    generic_params: Vec<String>,
    disclosure: TypeDisclosure,
    relative: PathBuf,
}

impl Scanned {
    fn append(&mut self, mut other: Scanned) {
        self.functions.append(&mut other.functions);
        self.types.append(&mut other.types);
        self.excluded.append(&mut other.excluded);
    }

    fn is_excluded(&self, file: &Path) -> bool {
        self.excluded
            .iter()
            .any(|e| file == e || file.starts_with(e))
    }

    /// Every transmission: annotated functions, and types with a container attribute, whose data
    /// includes what their nested fields carry.
    pub fn into_found(self, diagnostics: &mut Diagnostics) -> Vec<Found> {
        let mut found: Vec<Found> = self
            .functions
            .iter()
            .filter(|f| !self.is_excluded(&f.location.file))
            .cloned()
            .collect();
        for t in self.types.iter().filter(|t| !self.is_excluded(&t.relative)) {
            let Some(container) = &t.disclosure.container else {
                continue;
            };
            let mut data: Vec<SpannedId> = Vec::new();
            let mut visiting = vec![t.disclosure.ident.to_string()];
            collect_data(&self.types, t, &mut data, &mut visiting, diagnostics);
            found.push(Found {
                package: t.package.clone(),
                location: t.location.clone(),
                item: t.item.clone(),
                annotation: Annotation {
                    data,
                    transmission: container.clone(),
                },
            });
        }
        found.sort_by(|a, b| a.location.cmp(&b.location));
        found
    }
}

type SpannedId = syntax::Spanned<String>;

/// Adds the data items of `t`'s own fields and, recursively, of its nested fields' types.
fn collect_data(
    types: &[FoundType],
    t: &FoundType,
    data: &mut Vec<SpannedId>,
    visiting: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) {
    for item in t.disclosure.data() {
        if !data.iter().any(|d| d.value == item.value) {
            data.push(item.clone());
        }
    }
    for field in t.disclosure.nested() {
        let at = span_location(&t.relative, field.span);
        let Some(name) = nested_type_name(&field.ty) else {
            diagnostics.push(
                Diagnostic::error(format!(
                    "nested field `{}` of `{}` has a type the scanner cannot follow",
                    field.name, t.disclosure.ident
                ))
                .at(at)
                .help("use a named type that derives Disclose, or list what the field carries with #[disclose(data = [...])]"),
            );
            continue;
        };
        if t.generic_params.contains(&name) {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "nested field `{}` of `{}` has the generic type `{name}`: the notice cannot know what it carries",
                    field.name, t.disclosure.ident
                ))
                .at(at)
                .help("list the items every instantiation carries with #[disclose(data = [...])] instead of `nested`"),
            );
            continue;
        }
        if visiting.contains(&name) {
            continue;
        }
        let candidates: Vec<&FoundType> = types
            .iter()
            .filter(|o| o.disclosure.ident == name)
            .collect();
        let Some(inner) = candidates
            .iter()
            .find(|o| o.package == t.package)
            .or(candidates.first())
        else {
            diagnostics.push(
                Diagnostic::error(format!(
                    "nested field `{}` of `{}`: no scanned type `{name}` derives Disclose",
                    field.name, t.disclosure.ident
                ))
                .at(at)
                .help(format!(
                    "derive Disclose on `{name}` (in a package that is scanned), or list what the field carries with #[disclose(data = [...])]"
                )),
            );
            continue;
        };
        visiting.push(name);
        collect_data(types, inner, data, visiting, diagnostics);
        visiting.pop();
    }
}

/// The name of the type a nested field refers to, looking through references, `Option`, `Vec`,
/// `Box`, `Rc`, `Arc`, slices and arrays.
fn nested_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Reference(r) => nested_type_name(&r.elem),
        syn::Type::Slice(s) => nested_type_name(&s.elem),
        syn::Type::Array(a) => nested_type_name(&a.elem),
        syn::Type::Paren(p) => nested_type_name(&p.elem),
        syn::Type::Group(g) => nested_type_name(&g.elem),
        syn::Type::Path(p) => {
            let last = p.path.segments.last()?;
            let wrapper =
                ["Option", "Vec", "Box", "Rc", "Arc"].contains(&last.ident.to_string().as_str());
            if wrapper
                && let syn::PathArguments::AngleBracketed(args) = &last.arguments
                && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
            {
                return nested_type_name(inner);
            }
            Some(last.ident.to_string())
        }
        _ => None,
    }
}

/// Every file that needs parsing, read in parallel: (package, path, its bytes or the read error).
/// A file needs parsing when it may annotate (`disclose`, `Disclose`) or may switch a module file
/// off (`#[cfg(…)]` with an out-of-line `mod name;`).
type Relevant = (String, PathBuf, Result<Vec<u8>, Error>);

fn read_relevant(files: &[(String, PathBuf)]) -> Vec<Relevant> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|(package, path)| {
                            let bytes = match fs::read(path) {
                                Ok(bytes) => bytes,
                                Err(e) => {
                                    let error = Diagnostic::error(format!(
                                        "cannot read {}: {e}",
                                        path.display()
                                    ))
                                    .help("make the file readable, or remove it from the package's source directory");
                                    return Some((package.clone(), path.clone(), Err(error.into())));
                                }
                            };
                            needs_parsing(&bytes)
                                .then(|| (package.clone(), path.clone(), Ok(bytes)))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The cheap byte test before any parse.
fn needs_parsing(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"isclose").is_some()
        || (memchr::memmem::find(bytes, b"cfg").is_some() && declares_module_file(bytes))
}

/// Whether the text has an out-of-line module declaration, `mod name;`.
fn declares_module_file(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"mod ").any(|i| {
        let rest = &bytes[i + 4..];
        let ident = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        ident > 0
            && rest[ident..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b';')
    })
}

/// The bytes as UTF-8 text, or an error at the first invalid byte.
fn source_text(bytes: Vec<u8>, relative: &Path) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(format!("{} is not UTF-8", relative.display()))
            .at(Location::at_offset(relative, &text, valid))
            .help("Rust source files must be UTF-8; re-save the file as UTF-8")
            .into()
    })
}

/// Scans Rust source text.
pub fn scan_source(
    source: &str,
    relative: &Path,
    package: &str,
    features: &BTreeSet<String>,
    catalogue: &Catalogue,
) -> Result<Scanned, Error> {
    if let Some(at) = syntax::nesting_too_deep(source) {
        return Err(Diagnostic::error(format!(
            "{} nests brackets more than {} deep",
            relative.display(),
            syntax::MAX_NESTING
        ))
        .at(Location::at_offset(relative, source, at))
        .help("the scanner refuses such text rather than risk its stack; no Rust code needs this depth")
        .into());
    }
    let file = syn::parse_file(source).map_err(|e| {
        Diagnostic::error(format!(
            "{} does not parse as Rust: {e}",
            relative.display()
        ))
        .at(span_location(relative, e.span()))
        .help("fix the syntax error (`cargo check` shows it too); annotations cannot be read until the file parses")
    })?;
    let mut visitor = Visitor {
        relative,
        package,
        features,
        catalogue,
        module: module_path(relative),
        self_ty: None,
        scanned: Scanned::default(),
        diagnostics: Diagnostics::new(),
    };
    visitor.visit_file(&file);
    let Visitor {
        scanned,
        diagnostics,
        ..
    } = visitor;
    diagnostics.finish(scanned).map(|(scanned, _)| scanned)
}

fn span_location(file: &Path, span: proc_macro2::Span) -> Location {
    let start = span.start();
    Location::new(file, start.line.max(1), start.column + 1)
}

/// `src/telemetry/mod.rs` → `["telemetry"]`; `src/lib.rs` and `src/main.rs` → `[]`.
fn module_path(relative: &Path) -> Vec<String> {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let Some(src) = parts.iter().rposition(|p| p == "src") else {
        return Vec::new();
    };
    let mut module: Vec<String> = parts[src + 1..].to_vec();
    if let Some(last) = module.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "lib" | "main" | "mod") {
            module.push(stem.to_string());
        }
    }
    if module.first().is_some_and(|m| m == "bin") {
        module.remove(0);
    }
    module
}

struct Visitor<'a> {
    relative: &'a Path,
    package: &'a str,
    features: &'a BTreeSet<String>,
    catalogue: &'a Catalogue,
    module: Vec<String>,
    self_ty: Option<String>,
    scanned: Scanned,
    diagnostics: Diagnostics,
}

impl Visitor<'_> {
    fn path_to(&self, name: &syn::Ident) -> String {
        let mut path = self.module.clone();
        path.extend(self.self_ty.clone());
        path.push(name.to_string());
        path.join("::")
    }

    fn record_fn(&mut self, attrs: &[syn::Attribute], name: &syn::Ident) {
        for attr in attrs.iter().filter(|a| syntax::is_disclose_attribute(a)) {
            let location = span_location(self.relative, syn::spanned::Spanned::span(attr));
            let parsed = Annotation::from_attribute(attr).and_then(|a| {
                a.resolve(self.catalogue)?;
                Ok(a)
            });
            match parsed {
                Ok(annotation) => {
                    let item = self.path_to(name);
                    self.scanned.functions.push(Found {
                        package: self.package.to_string(),
                        location,
                        item,
                        annotation,
                    });
                }
                Err(errors) => self.errors(errors),
            }
        }
    }

    fn record_type(&mut self, input: syn::DeriveInput) {
        let parsed = TypeDisclosure::parse(&input).and_then(|t| {
            t.resolve(self.catalogue)?;
            Ok(t)
        });
        match parsed {
            Ok(disclosure) => {
                let location = span_location(self.relative, input.ident.span());
                self.scanned.types.push(FoundType {
                    package: self.package.to_string(),
                    location,
                    item: self.path_to(&input.ident),
                    generic_params: input
                        .generics
                        .type_params()
                        .map(|p| p.ident.to_string())
                        .collect(),
                    disclosure,
                    relative: self.relative.to_path_buf(),
                });
            }
            Err(errors) => self.errors(errors),
        }
    }

    /// `#[disclose(...)]` on an item it cannot describe: the same error the macro gives.
    fn refuse(&mut self, attrs: &[syn::Attribute], kind: &str) {
        if let Some(attr) = attrs.iter().find(|a| syntax::is_disclose_attribute(a)) {
            let e = syntax::unsupported_item(kind, syn::spanned::Spanned::span(attr));
            self.errors(vec![e]);
        }
    }

    fn errors(&mut self, errors: Vec<SyntaxError>) {
        for e in errors {
            let mut d = Diagnostic::error(e.message).at(span_location(self.relative, e.span));
            if let Some(help) = e.help {
                d = d.help(help);
            }
            self.diagnostics.push(d);
        }
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if let Some(attrs) = item_attrs(item)
            && cfg_is_off(attrs, self.features)
        {
            if let syn::Item::Mod(m) = item
                && m.content.is_none()
            {
                self.scanned.excluded.extend(module_files(self.relative, m));
            }
            return;
        }
        match item {
            syn::Item::Fn(f) => self.record_fn(&f.attrs, &f.sig.ident),
            syn::Item::Struct(s) if syntax::derives_disclose(&s.attrs) => {
                self.record_type(s.clone().into())
            }
            syn::Item::Enum(e) if syntax::derives_disclose(&e.attrs) => {
                self.record_type(e.clone().into())
            }
            syn::Item::Union(u) if syntax::derives_disclose(&u.attrs) => {
                self.record_type(u.clone().into())
            }
            syn::Item::Struct(s) => self.refuse(&s.attrs, "struct"),
            syn::Item::Enum(e) => self.refuse(&e.attrs, "enum"),
            syn::Item::Union(u) => self.refuse(&u.attrs, "union"),
            syn::Item::Const(c) => self.refuse(&c.attrs, "const item"),
            syn::Item::Static(s) => self.refuse(&s.attrs, "static item"),
            syn::Item::Type(t) => self.refuse(&t.attrs, "type alias"),
            syn::Item::Trait(t) => self.refuse(&t.attrs, "trait"),
            syn::Item::Impl(i) => self.refuse(&i.attrs, "impl block"),
            syn::Item::Mod(m) => self.refuse(&m.attrs, "module"),
            syn::Item::Use(u) => self.refuse(&u.attrs, "use declaration"),
            syn::Item::ForeignMod(f) => self.refuse(&f.attrs, "extern block"),
            syn::Item::ExternCrate(e) => self.refuse(&e.attrs, "extern crate"),
            syn::Item::Macro(m) => self.refuse(&m.attrs, "macro invocation"),
            _ => {}
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Fn(f) => &f.attrs,
            syn::ImplItem::Const(c) => &c.attrs,
            syn::ImplItem::Type(t) => &t.attrs,
            _ => return syn::visit::visit_impl_item(self, item),
        };
        if cfg_is_off(attrs, self.features) {
            return;
        }
        match item {
            syn::ImplItem::Fn(f) => self.record_fn(&f.attrs, &f.sig.ident),
            syn::ImplItem::Const(c) => self.refuse(&c.attrs, "associated const"),
            syn::ImplItem::Type(t) => self.refuse(&t.attrs, "associated type"),
            _ => {}
        }
        syn::visit::visit_impl_item(self, item);
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        let attrs = match item {
            syn::TraitItem::Fn(f) => &f.attrs,
            syn::TraitItem::Const(c) => &c.attrs,
            syn::TraitItem::Type(t) => &t.attrs,
            _ => return syn::visit::visit_trait_item(self, item),
        };
        if cfg_is_off(attrs, self.features) {
            return;
        }
        match item {
            syn::TraitItem::Fn(f) => self.record_fn(&f.attrs, &f.sig.ident),
            syn::TraitItem::Const(c) => self.refuse(&c.attrs, "associated const"),
            syn::TraitItem::Type(t) => self.refuse(&t.attrs, "associated type"),
            _ => {}
        }
        syn::visit::visit_trait_item(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let outer = self.self_ty.replace(type_name(&item.self_ty));
        syn::visit::visit_item_impl(self, item);
        self.self_ty = outer;
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        let outer = self.self_ty.replace(item.ident.to_string());
        syn::visit::visit_item_trait(self, item);
        self.self_ty = outer;
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }
}

fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    Some(match item {
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => return None,
    })
}

/// Whether a `#[cfg(...)]` of `attrs` is certainly off in this build. Only `feature = "…"` (from
/// the build's features) and `test` (never in a build that ships) are decided; anything else
/// (`target_os`, `debug_assertions`, …) might be on, so the item stays in.
fn cfg_is_off(attrs: &[syn::Attribute], features: &BTreeSet<String>) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| a.parse_args::<syn::Meta>().ok())
        .any(|meta| eval_cfg(&meta, features) == Some(false))
}

/// Three-valued: `Some` when the features decide the predicate, `None` when they cannot.
fn eval_cfg(meta: &syn::Meta, features: &BTreeSet<String>) -> Option<bool> {
    match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(features.contains(&s.value())),
            _ => None,
        },
        syn::Meta::Path(p) if p.is_ident("test") => Some(false),
        syn::Meta::List(list) => {
            let args = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .ok()?;
            let values: Vec<Option<bool>> = args.iter().map(|m| eval_cfg(m, features)).collect();
            if list.path.is_ident("not") {
                values.first().copied().flatten().map(|v| !v)
            } else if list.path.is_ident("all") {
                if values.contains(&Some(false)) {
                    Some(false)
                } else if values.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            } else if list.path.is_ident("any") {
                if values.contains(&Some(true)) {
                    Some(true)
                } else if values.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The files a `mod name;` in `file` loads: `#[path = "…"]`, or `name.rs` and `name/` beside the
/// module's directory.
fn module_files(file: &Path, item: &syn::ItemMod) -> Vec<PathBuf> {
    let dir = file.parent().unwrap_or(Path::new(""));
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let module_dir = if matches!(stem, "lib" | "main" | "mod") {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    let explicit = item
        .attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        });
    match explicit {
        Some(path) => vec![dir.join(path)],
        None => {
            let name = item.ident.to_string();
            vec![module_dir.join(format!("{name}.rs")), module_dir.join(name)]
        }
    }
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        _ => "_".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let src = r#"
[operator]
name = "Example K.K."

[[provider]]
id = "google-analytics"
service = "Google Analytics"
entity = "Google LLC"
"#;
        Catalogue::parse(Path::new("disclosure.toml"), src.into())
            .unwrap()
            .0
    }

    fn scan(src: &str) -> Result<Vec<Found>, Error> {
        scan_with(src, &BTreeSet::new())
    }

    fn scan_with(src: &str, features: &BTreeSet<String>) -> Result<Vec<Found>, Error> {
        let scanned = scan_source(
            src,
            Path::new("app/src/telemetry.rs"),
            "app",
            features,
            &catalogue(),
        )?;
        let mut diagnostics = Diagnostics::new();
        let found = scanned.into_found(&mut diagnostics);
        diagnostics.finish(found).map(|(found, _)| found)
    }

    #[test]
    fn finds_functions_methods_and_trait_methods_with_their_paths() {
        let found = scan(
            r#"
#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
fn page_view() {}

struct Client;
impl Client {
    #[disclosure::disclose(provider = "google-analytics", data = page_url, purpose = analytics)]
    async fn send(&self) {}
}

mod inner {
    trait Track {
        #[disclose(provider = "google-analytics", data = referrer, purpose = analytics)]
        fn track(&self);
    }
}
"#,
        )
        .unwrap();
        let items: Vec<_> = found
            .iter()
            .map(|f| format!("{} {}", f.item, f.location))
            .collect();
        assert_eq!(
            items,
            [
                "telemetry::page_view app/src/telemetry.rs:2:1",
                "telemetry::Client::send app/src/telemetry.rs:7:5",
                "telemetry::inner::Track::track app/src/telemetry.rs:13:9",
            ]
        );
    }

    #[test]
    fn unknown_ids_are_reported_at_their_tokens() {
        let err = scan(
            r#"
#[disclose(provider = "google-analytic", data = [ip_adress], purpose = [analytics])]
fn page_view() {}
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("unknown provider `google-analytic`\n  --> app/src/telemetry.rs:2:23"),
            "{err}"
        );
        assert!(
            err.contains("unknown data item `ip_adress`\n  --> app/src/telemetry.rs:2:50"),
            "{err}"
        );
        assert!(err.contains("did you mean `ip_address`?"), "{err}");
    }

    #[test]
    fn unparsable_source_names_the_place() {
        let err = scan("fn disclose( {").unwrap_err().to_string();
        assert!(err.contains("does not parse as Rust"), "{err}");
        assert!(err.contains("--> app/src/telemetry.rs:1:"), "{err}");
    }

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert_eq!(module_path(Path::new("src/lib.rs")), Vec::<String>::new());
        assert_eq!(module_path(Path::new("x/src/a/mod.rs")), ["a"]);
        assert_eq!(module_path(Path::new("x/src/a/b.rs")), ["a", "b"]);
        assert_eq!(module_path(Path::new("src/bin/tool.rs")), ["tool"]);
    }

    #[test]
    fn derived_types_merge_their_nested_fields_data() {
        let found = scan(
            r#"
#[derive(Disclose)]
struct Device {
    #[disclose(data = [os_type, device_type])]
    os: String,
    #[disclose(skip = "only used on the device")]
    battery: u8,
}

#[derive(Serialize, disclosure::Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics], mechanism = sdk)]
pub enum Event {
    View { #[disclose(data = page_url)] url: String, #[disclose(nested)] device: Option<Box<Device>> },
    Quit,
}
"#,
        )
        .unwrap();
        assert_eq!(
            found.len(),
            1,
            "the fragment `Device` is not a transmission by itself"
        );
        let event = &found[0];
        assert_eq!(event.item, "telemetry::Event");
        let data: Vec<_> = event
            .annotation
            .data
            .iter()
            .map(|d| d.value.as_str())
            .collect();
        assert_eq!(data, ["page_url", "os_type", "device_type"]);
    }

    #[test]
    fn a_nested_type_nobody_derives_is_an_error_at_the_field() {
        let err = scan(
            r#"
#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct Event { #[disclose(nested)] device: Device }
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("no scanned type `Device` derives Disclose"),
            "{err}"
        );
        assert!(err.contains("app/src/telemetry.rs:4:36"), "{err}");
    }

    #[test]
    fn unaccounted_fields_and_unsupported_items_are_the_macros_errors() {
        let err = scan(
            r#"
#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct SignUp { email: String }

#[disclose(provider = "google-analytics", data = [ip_address], purpose = analytics)]
const X: u8 = 1;

#[disclose(provider = "google-analytics", purpose = analytics)]
struct NoDerive;
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("field `email` of `SignUp` is not accounted for"),
            "{err}"
        );
        assert!(err.contains("cannot describe a const item"), "{err}");
        assert!(
            err.contains("on a struct needs #[derive(Disclose)]"),
            "{err}"
        );
    }

    #[test]
    fn annotations_behind_a_cfg_that_is_off_are_left_out() {
        let src = r#"
#[cfg(feature = "analytics")]
#[disclose(provider = "google-analytics", data = [ip_address], purpose = analytics)]
fn page_view() {}

#[cfg(all(feature = "analytics", not(test)))]
mod inner {
    #[disclose(provider = "google-analytics", data = [referrer], purpose = analytics)]
    fn referrer() {}
}

#[cfg(target_os = "ios")]
#[disclose(provider = "google-analytics", data = [page_url], purpose = analytics)]
fn maybe() {}
"#;
        let off = scan_with(src, &BTreeSet::new()).unwrap();
        let items: Vec<_> = off.iter().map(|f| f.item.as_str()).collect();
        assert_eq!(items, ["telemetry::maybe"], "only what might be on stays");
        let on = scan_with(src, &BTreeSet::from(["analytics".to_string()])).unwrap();
        assert_eq!(on.len(), 3);
    }

    #[test]
    fn a_module_file_behind_a_cfg_that_is_off_is_excluded() {
        let lib = syn::parse_file("#[cfg(feature = \"x\")] mod telemetry; #[cfg(feature = \"x\")] #[path = \"other.rs\"] mod o;").unwrap();
        let files: Vec<PathBuf> = lib
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Mod(m) => Some(module_files(Path::new("app/src/lib.rs"), m)),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(
            files,
            [
                PathBuf::from("app/src/telemetry.rs"),
                PathBuf::from("app/src/telemetry"),
                PathBuf::from("app/src/other.rs")
            ]
        );
    }

    #[test]
    fn source_nested_to_the_limit_scans_on_a_small_stack_and_deeper_is_an_error() {
        // On this test thread's default 2 MiB stack, in an unoptimised build.
        let depth = syntax::MAX_NESTING - 1;
        let at_limit = format!(
            "// disclose\nfn f() {{ let x = {}1{}; }}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        assert!(scan(&at_limit).is_ok());
        let deeper = format!("fn f() {{ {} }}", "(".repeat(100_000));
        let err = scan(&deeper).unwrap_err().to_string();
        assert!(err.contains("nests brackets more than 128 deep"), "{err}");
        assert!(err.contains("--> app/src/telemetry.rs:1:"), "{err}");
    }

    #[test]
    fn only_files_that_annotate_or_switch_a_module_file_off_are_parsed() {
        assert!(needs_parsing(b"#[disclose(provider = \"x\")]"));
        assert!(needs_parsing(b"#[derive(Disclose)]"));
        assert!(needs_parsing(b"#[cfg(feature = \"x\")]\nmod telemetry ;"));
        assert!(!needs_parsing(b"#[cfg(test)]\nmod tests {\n fn t() {}\n}"));
        assert!(!needs_parsing(b"fn main() {}"));
    }
}
