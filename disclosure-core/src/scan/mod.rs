//! Finds every annotation of a workspace without compiling it, and turns each into a
//! [`Declaration`].
//!
//! The packages come from `cargo metadata` ([`workspace`]); each package's files are found by
//! following its module tree from the crate roots (`mod name;`, `#[path]`, `include!`), in this
//! build's `cfg` (`cfg`), so an unreferenced file adds nothing and a module switched off adds
//! nothing. Files are read in parallel and only those that may annotate or declare module files
//! are parsed ([`source`]). Annotations are parsed and checked by the proc macro's own parser
//! ([`crate::annotation`]), each against the catalogue of its package
//! ([`crate::catalogue::locate`]), so what compiles and what the notice says agree.

pub mod cfg;
mod declare;
pub mod discover;
mod helpers;
pub mod host_search;
mod kept;
mod kept_scans;
mod kept_sighting;
mod listing;
mod nested;
pub mod source;
mod stamp;
mod visit;
pub mod workspace;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use workspace::{GraphOptions, PackageSources, Workspace, locate_manifest};

use self::cfg::Build;
use self::host_search::HostMatcher;
use self::kept_scans::{KeptScans, Outcome, Seen};
use self::source::{KeptSource, Read, Reader};
use self::visit::{Context, FileScan};
use crate::catalogue::Catalogue;
use crate::declaration::{Declaration, Sighting};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, Location};

/// What a scan found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Scan {
    /// Every transmission declared, by file, line and column.
    pub declarations: Vec<Declaration>,
    /// Every source file read while following the module trees, and every asset and manifest
    /// read (a build script watches them).
    pub files: Vec<PathBuf>,
    /// Places that send to a provider found without an annotation (string literals in workspace
    /// members' code, web assets, app manifests), for the coverage check.
    pub found: Vec<Sighting>,
    /// How many of `files` were opened and read (the others were known unchanged from the last
    /// run's results).
    pub files_read: usize,
    /// How many directories were listed, of how many walked (the others were known unchanged).
    pub directories_listed: (usize, usize),
}

/// Scans every package of `workspace`, checking each annotation against the catalogue of its
/// package (`catalogue_of`). Every problem is reported, each at its file:line:column. Warnings
/// come back with the result.
pub fn scan<'c>(
    workspace: &Workspace,
    catalogue_of: impl Fn(&PackageSources) -> &'c Catalogue,
) -> Result<(Scan, Vec<Diagnostic>), Error> {
    scan_with(workspace, catalogue_of, KeptScans::none())
}

/// Like [`scan`], reusing each source file's result kept under `target/disclosure/` by the last
/// run while the file and what its result depends on are unchanged, and keeping this run's for
/// the next: output is the same as [`scan`]'s, byte for byte.
pub fn scan_keeping<'c>(
    workspace: &Workspace,
    catalogue_of: impl Fn(&PackageSources) -> &'c Catalogue,
) -> Result<(Scan, Vec<Diagnostic>), Error> {
    scan_with(
        workspace,
        catalogue_of,
        KeptScans::load(&workspace.root, &workspace.manifest_path),
    )
}

fn scan_with<'c>(
    workspace: &Workspace,
    catalogue_of: impl Fn(&PackageSources) -> &'c Catalogue,
    kept: KeptScans,
) -> Result<(Scan, Vec<Diagnostic>), Error> {
    let mut diagnostics = Diagnostics::new();
    let mut functions: Vec<Declaration> = Vec::new();
    let mut types: Vec<nested::Typed> = Vec::new();
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut found: Vec<Sighting> = Vec::new();
    let mut catalogues: BTreeSet<PathBuf> = BTreeSet::new();
    let mut matchers: BTreeMap<PathBuf, Arc<HostMatcher>> = BTreeMap::new();
    let relative = |p: &Path| workspace.relative(p);
    for package in &workspace.packages {
        let catalogue = catalogue_of(package);
        let build = Build {
            features: &package.features,
            targets: &workspace.targets,
        };
        // Discovery covers the workspace's own packages, not its dependencies; one matcher per
        // catalogue.
        let hosts = (!package.is_dependency).then(|| {
            Arc::clone(
                matchers
                    .entry(catalogue.path().to_path_buf())
                    .or_insert_with(|| Arc::new(HostMatcher::new(catalogue.claims()))),
            )
        });
        // One walk of the package's directories, for the module walk and discovery both.
        let scope = hosts.is_some().then(|| discover::Scope::of(catalogue));
        let listing = listing::list(package, scope.as_ref(), &kept);
        let walked = walk_package(
            workspace,
            package,
            build,
            catalogue,
            hosts.as_deref(),
            &kept,
            &listing.sources,
        );
        diagnostics.append(walked.diagnostics);
        helpers::check(&walked.fns, &mut diagnostics);
        files.extend(walked.files);
        found.extend(walked.found);
        if let Some(hosts) = &hosts {
            let discovered = discover::discover(
                package,
                catalogue,
                hosts,
                &relative,
                &kept,
                &listing.discoverable,
            );
            diagnostics.append(discovered.diagnostics);
            files.extend(discovered.files);
            found.extend(discovered.found);
            functions.extend(discovered.declarations);
        }
        if catalogues.insert(catalogue.path().to_path_buf()) {
            let (declared, problems) =
                discover::foreign::transmissions(catalogue, &package.name, &relative);
            functions.extend(declared);
            diagnostics.append(problems);
        }
        let imports = Arc::new(walked.imports);
        functions.extend(walked.functions);
        for t in walked.types {
            types.push(nested::Typed {
                package: package.name.clone(),
                found: t,
                imports: Arc::clone(&imports),
            });
        }
    }
    let mut declarations = functions;
    declarations.extend(type_declarations(&types, &mut diagnostics));
    declarations.sort_by(|a, b| (&a.at, &a.item).cmp(&(&b.at, &b.item)));
    found.sort_by(|a, b| (&a.at, &a.what).cmp(&(&b.at, &b.what)));
    found.dedup();
    let files_read = kept.files_read();
    let directories_listed = kept.directories_listed();
    let (declarations, warnings) = diagnostics.finish(declarations)?;
    kept.store();
    Ok((
        Scan {
            declarations,
            files: files.into_iter().collect(),
            found,
            files_read,
            directories_listed,
        },
        warnings,
    ))
}

/// The declaration of each type with a container attribute: its own fields' data items, then
/// what its nested fields' types carry. Types without one are only ever sent inside others.
fn type_declarations(types: &[nested::Typed], diagnostics: &mut Diagnostics) -> Vec<Declaration> {
    let mut out = Vec::new();
    for t in types {
        let Some(container) = &t.found.container else {
            continue;
        };
        let mut data = Vec::new();
        let mut visiting = vec![(t.package.clone(), t.found.path.clone())];
        nested::collect_data(types, t, &mut data, &mut visiting, diagnostics);
        let mut d = container.clone();
        d.data = data;
        out.push(d);
    }
    out
}

/// Everything one package's module tree holds.
#[derive(Default)]
struct Walked {
    functions: Vec<Declaration>,
    fns: Vec<helpers::FnKeys>,
    found: Vec<Sighting>,
    types: Vec<visit::FoundType>,
    imports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    files: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
}

/// A module file to read: its path, its module path, the directory of its child modules, and the
/// builds that compile it.
type ModuleFile = (PathBuf, Vec<String>, PathBuf, cfg::TargetSet);

/// Follows the module tree of each crate root of `package`.
fn walk_package(
    workspace: &Workspace,
    package: &PackageSources,
    build: Build<'_>,
    catalogue: &Catalogue,
    hosts: Option<&HostMatcher>,
    kept: &KeptScans,
    sources: &[PathBuf],
) -> Walked {
    let relative = |p: &Path| workspace.relative(p);
    let reader = Reader {
        relative: &relative,
        hosts,
        hosts_key: kept_scans::hosts_key(hosts.is_some(), catalogue.fingerprint()),
        kept,
    };
    // What a file's scan depends on beyond the file and its place in the module tree.
    let package_key = kept_scans::key_of(&(
        catalogue.fingerprint(),
        &package.name,
        build.features,
        format!("{:?}", build.targets),
        hosts.is_some(),
    ));
    // Read the package's source files in parallel up front; a module the tree reaches elsewhere
    // (a `#[path]` outside the source directory) is read when reached.
    let mut cache = reader.read_all(sources);
    let mut out = Walked::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    // The module tree, one level at a time: the files of a level are parsed in parallel, then
    // taken in order, so the result is the same on any number of cores.
    let mut level = crate_roots(package, &build);
    while !level.is_empty() {
        let files = read_level(
            &mut level,
            &mut seen,
            &mut cache,
            &reader,
            package_key,
            &mut out,
        );
        let jobs: Vec<&Job> = files
            .iter()
            .filter_map(|f| match f {
                LevelFile::Parse(job) => Some(job),
                LevelFile::Kept(_) => None,
            })
            .collect();
        let mut parsed = parse_in_parallel(&jobs, |job| Context {
            path: &job.file,
            shown: &job.shown,
            module: job.module.clone(),
            module_dir: job.module_dir.clone(),
            build,
            targets: job.targets,
            catalogue,
            package: &package.name,
            hosts: hosts.filter(|_| job.names_host),
        })
        .into_iter();
        // In the level's order, whether scanned now or kept from the last run.
        for file in files {
            let scanned = match file {
                LevelFile::Kept(scan) => Ok(*scan),
                LevelFile::Parse(job) => {
                    let scanned = parsed.next().unwrap_or_else(|| Err(unparsable(&job.shown)));
                    if let Ok(scan) = &scanned
                        && kept.keeps()
                    {
                        let outcome = Outcome::Scanned {
                            context: job.context,
                            scan: Box::new(scan.clone()),
                        };
                        kept.keep(&job.file, job.seen, reader.hosts_key, outcome);
                    }
                    scanned
                }
            };
            match scanned {
                Ok(scanned) => take_scanned(scanned, &relative, &mut out, &mut level),
                Err(e) => out.diagnostics.extend(e.into_diagnostics()),
            }
        }
    }
    out.files.sort();
    out
}

/// The first level of the module tree: each crate root, as the crate's top module (`lib.rs`,
/// `main.rs`) or, for any other root, as a module named after its file.
fn crate_roots(package: &PackageSources, build: &Build<'_>) -> Vec<ModuleFile> {
    package
        .roots
        .iter()
        .map(|root| {
            let module = match root.file_stem().and_then(|s| s.to_str()) {
                Some("lib" | "main") | None => Vec::new(),
                Some(stem) => vec![stem.replace('-', "_")],
            };
            let dir = root.parent().unwrap_or(Path::new("")).to_path_buf();
            (root.clone(), module, dir, build.all())
        })
        .collect()
}

/// Takes the files of one level (emptying it), each once, and reads them (from `cache` when
/// read up front): those to parse become jobs, in order; those whose result the last run kept
/// are taken as they are; those that cannot be read are errors.
fn read_level(
    level: &mut Vec<ModuleFile>,
    seen: &mut HashSet<PathBuf>,
    cache: &mut HashMap<PathBuf, Read>,
    reader: &Reader<'_>,
    package_key: u64,
    out: &mut Walked,
) -> Vec<LevelFile> {
    let mut files: Vec<LevelFile> = Vec::new();
    for (file, module, module_dir, targets) in level.drain(..) {
        if !seen.insert(file.clone()) {
            continue;
        }
        out.files.push(file.clone());
        let shown = (reader.relative)(&file);
        let context =
            kept_scans::key_of(&(package_key, &module, &module_dir, targets, &file, &shown));
        let mut read = cache
            .remove(&file)
            .unwrap_or_else(|| reader.read(&file, true));
        if let Read::Kept(KeptSource::Scanned { context: then, .. }, _) = &read
            && *then != context
        {
            // Scanned in another place of the tree, or another build: scanned again.
            read = reader.read(&file, false);
        }
        match read {
            Read::Skip(seen) => reader
                .kept
                .keep(&file, seen, reader.hosts_key, Outcome::Skip),
            Read::Kept(KeptSource::Skip, seen) => reader.kept.keep_known(&file, seen),
            Read::Kept(KeptSource::Scanned { scan, .. }, seen) => {
                reader.kept.keep_known(&file, seen);
                files.push(LevelFile::Kept(scan));
            }
            Read::Failed(e) => out.diagnostics.extend(e.into_diagnostics()),
            Read::Text(text, names_host, seen) => files.push(LevelFile::Parse(Job {
                shown,
                file,
                module,
                module_dir,
                text,
                names_host,
                targets,
                context,
                seen,
            })),
        }
    }
    files
}

/// A file of a level of the module tree: to parse, or scanned by the last run and unchanged.
enum LevelFile {
    Parse(Job),
    Kept(Box<FileScan>),
}

/// Adds what one file holds to `out`, and the module files it declares to the next `level`.
fn take_scanned(
    scanned: FileScan,
    relative: &(dyn Fn(&Path) -> PathBuf + Sync),
    out: &mut Walked,
    level: &mut Vec<ModuleFile>,
) {
    out.functions.extend(scanned.functions);
    out.fns.extend(scanned.fns);
    out.found.extend(scanned.found);
    out.types.extend(scanned.types);
    for (module, names) in scanned.imports {
        out.imports.entry(module).or_default().extend(names);
    }
    let (_, warnings_and_errors) = match scanned.diagnostics.finish(()) {
        Ok(v) => v,
        Err(e) => ((), e.into_diagnostics()),
    };
    out.diagnostics.extend(warnings_and_errors);
    for child in scanned.children {
        // A module no build compiles is still read: each annotation in it is reported, never
        // lost silently, and none reaches the notice.
        match child.candidates.iter().find(|c| c.is_file()) {
            Some(found) => {
                let dir = child_dir(&child, found);
                level.push((found.clone(), child.module, dir, child.targets));
            }
            None if child.targets == 0 => {}
            None => out.diagnostics.push(module_file_missing(child, relative)),
        }
    }
}

/// The directory the modules of a declared module's file (`found`) are looked for in: its own
/// directory for an `include!`d file or a "mod-rs" file, else the directory named after it.
fn child_dir(child: &visit::Child, found: &Path) -> PathBuf {
    if child.include || child.owns_directory || is_mod_rs(found) {
        found.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        found.with_extension("")
    }
}

/// The warning for a declared module none of whose candidate files exists.
fn module_file_missing(
    child: visit::Child,
    relative: &(dyn Fn(&Path) -> PathBuf + Sync),
) -> Diagnostic {
    Diagnostic::warning(
        Code::ModuleFileMissing,
        format!(
            "module `{}` has no file: looked for {}",
            child.module.join("::"),
            child
                .candidates
                .iter()
                .map(|c| relative(c).display().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    )
    .at(child.at)
    .help("create the file, or remove the declaration; `cargo check` reports it too")
}

/// One file of the module tree to parse and scan.
struct Job {
    file: PathBuf,
    shown: PathBuf,
    module: Vec<String>,
    module_dir: PathBuf,
    text: String,
    names_host: bool,
    targets: cfg::TargetSet,
    /// The key of what its scan depends on besides its text.
    context: u64,
    /// The file as read.
    seen: Seen,
}

/// Parses and scans every job, on as many threads as there are cores (each with the parser's
/// large, fixed stack), and returns the results in the jobs' order.
fn parse_in_parallel<'j>(
    jobs: &[&'j Job],
    context: impl Fn(&'j Job) -> Context<'j> + Sync,
) -> Vec<Result<FileScan, Error>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = source::cores().min(jobs.len());
    if threads <= 1 {
        return jobs
            .iter()
            .map(|job| parse_and_scan(&job.text, context(job)))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<FileScan, Error>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let spawned = std::thread::Builder::new()
                .name("disclosure-parse".into())
                .stack_size(source::PARSE_STACK)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            parse_then_scan(&job.text, context(job))
                        }))
                        .unwrap_or_else(|_| Err(unparsable(&job.shown)));
                        if let Ok(mut results) = results.lock() {
                            results[i] = Some(result);
                        }
                    }
                });
            if spawned.is_err() {
                break;
            }
        }
    });
    let results = results.into_inner().unwrap_or_default();
    jobs.iter()
        .zip(results.into_iter().chain(std::iter::repeat_with(|| None)))
        .map(|(job, r)| r.unwrap_or_else(|| parse_and_scan(&job.text, context(job))))
        .collect()
}

fn unparsable(shown: &Path) -> Error {
    Diagnostic::error(
        Code::SourceSyntax,
        format!("{} could not be parsed", shown.display()),
    )
    .at(Location::new(shown, 1, 1))
    .help("the parser stopped on this file; simplify its most deeply nested construct")
    .into()
}

fn is_mod_rs(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "mod.rs")
}

/// The location of a compiler span in `file`.
pub(crate) fn span_location(file: &Path, span: proc_macro2::Span) -> Location {
    let start = span.start();
    let end = span.end();
    Location::new(file, start.line.max(1), start.column + 1).to(end.line, end.column + 1)
}

/// Parses `text` and scans it, on a thread with a large, fixed stack (see
/// [`source::parse_file`]); only plain data comes back.
fn parse_and_scan(text: &str, cx: Context<'_>) -> Result<FileScan, Error> {
    let shown = cx.shown.to_path_buf();
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("disclosure-parse".into())
            .stack_size(source::PARSE_STACK)
            .spawn_scoped(scope, move || parse_then_scan(text, cx))
            .map(|h| h.join())
    });
    match result {
        Ok(Ok(scanned)) => scanned,
        _ => Err(unparsable(&shown)),
    }
}

/// Parses `text` and scans it, on the calling thread: call it on a thread with a
/// [`source::PARSE_STACK`]-sized stack.
fn parse_then_scan(text: &str, cx: Context<'_>) -> Result<FileScan, Error> {
    let parsed = source::parse_file(text, cx.shown)?;
    Ok(visit::scan_file(&parsed, cx))
}

/// Scans Rust source text as the root of a crate named `package`, for tests and fuzzing: the
/// declarations it holds, or every problem found. Modules it declares are not followed.
pub fn scan_text(
    text: &str,
    shown: &Path,
    package: &str,
    features: &BTreeSet<String>,
    catalogue: &Catalogue,
) -> Result<(Vec<Declaration>, Vec<Diagnostic>), Error> {
    let targets = [cfg::Target::host()];
    let build = Build {
        features,
        targets: &targets,
    };
    let scanned = parse_and_scan(
        text,
        Context {
            path: shown,
            shown,
            module: Vec::new(),
            module_dir: shown.parent().unwrap_or(Path::new("")).to_path_buf(),
            build,
            targets: build.all(),
            catalogue,
            package,
            hosts: None,
        },
    )?;
    let mut diagnostics = scanned.diagnostics;
    helpers::check(&scanned.fns, &mut diagnostics);
    let imports = Arc::new(scanned.imports);
    let mut declarations = scanned.functions;
    let types: Vec<nested::Typed> = scanned
        .types
        .into_iter()
        .map(|found| nested::Typed {
            package: package.to_string(),
            found,
            imports: Arc::clone(&imports),
        })
        .collect();
    declarations.extend(type_declarations(&types, &mut diagnostics));
    declarations.sort_by(|a, b| (&a.at, &a.item).cmp(&(&b.at, &b.item)));
    diagnostics.finish(declarations)
}

#[cfg(test)]
mod tests;
