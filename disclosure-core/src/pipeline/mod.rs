//! The whole path from a manifest to a notice: find the packages, read each package's catalogue,
//! scan, build the notice, check it; and the outputs: which files, rendered in memory, written all
//! or none.

pub mod checked;
pub mod extract;
pub mod legal_review;
pub mod outputs;
#[cfg(test)]
mod registry_tests;
pub mod review;
pub mod schema;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use checked::{CheckOptions, Checked, check};
pub use outputs::{Output, render_all};

use crate::catalogue::{self, Catalogue};
use crate::check;
use crate::declaration::Declaration;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error};
use crate::foundation::levels::Levels;
use crate::model::Notice;
use crate::scan::{self, GraphOptions, PackageSources, Workspace};

/// A loaded project: its packages, catalogues and declarations.
#[derive(Debug)]
#[non_exhaustive]
pub struct Project {
    /// The packages scanned.
    pub workspace: Workspace,
    /// The application's catalogue, with what dependencies' catalogues contribute.
    pub catalogue: Catalogue,
    /// Every transmission declared, by file, line and column.
    pub declarations: Vec<Declaration>,
    /// Every source file of the module trees, and every file discovery read (a build script
    /// watches them).
    pub files: Vec<PathBuf>,
    /// How many of them were opened on this load; the others were known unchanged from the
    /// results the last run kept (see [`GraphOptions::no_cache`]).
    pub files_read: usize,
    /// How many directories were listed on this load, of how many walked; the others were known
    /// unchanged since the last run.
    pub directories_listed: (usize, usize),
    /// Places that send to a provider, seen without an annotation, for `coverage`.
    pub found: Vec<crate::declaration::Sighting>,
    /// Every catalogue file read (the application's first).
    pub catalogue_files: Vec<PathBuf>,
    /// The lints' levels: the catalogue's `[lints]`, and what a caller adds (the command line).
    pub levels: Levels,
}

impl Project {
    /// Loads the project of `manifest_path` (default: the `Cargo.toml` cargo would use from the
    /// current directory). Warnings come back with it.
    pub fn load(manifest_path: Option<&Path>) -> Result<(Project, Vec<Diagnostic>), Error> {
        Project::load_with(manifest_path, &GraphOptions::default())
    }

    /// Like [`Project::load`], resolving the dependency graph with `options` (features, target).
    pub fn load_with(
        manifest_path: Option<&Path>,
        options: &GraphOptions,
    ) -> Result<(Project, Vec<Diagnostic>), Error> {
        Project::load_given(manifest_path, options, None)
    }

    /// Like [`Project::load_with`], with the declarations given (read from the files `cargo
    /// disclosure extract` writes) instead of scanned: no source file is read, and the project
    /// knows no file and no place found without an annotation.
    pub fn load_declared(
        manifest_path: Option<&Path>,
        options: &GraphOptions,
        declarations: Vec<Declaration>,
    ) -> Result<(Project, Vec<Diagnostic>), Error> {
        Project::load_given(manifest_path, options, Some(declarations))
    }

    /// The workspace of `manifest_path`, then the rest ([`Project::load_in`]), its errors' paths
    /// said to be relative to the workspace's root.
    fn load_given(
        manifest_path: Option<&Path>,
        options: &GraphOptions,
        given: Option<Vec<Declaration>>,
    ) -> Result<(Project, Vec<Diagnostic>), Error> {
        let manifest_path = project_manifest(manifest_path, options)?;
        let workspace = Workspace::load_with(&manifest_path, options)?;
        let root = workspace.root.clone();
        Project::load_in(manifest_path, workspace, options, given).map_err(|e| e.within(&root))
    }

    /// The rest of loading, once the workspace is known: the declarations `given`, or else
    /// scanned from the sources.
    fn load_in(
        manifest_path: PathBuf,
        workspace: Workspace,
        options: &GraphOptions,
        given: Option<Vec<Declaration>>,
    ) -> Result<(Project, Vec<Diagnostic>), Error> {
        // One locator for every package: each manifest on the way is read once. Through a
        // rust-project.json, the application's catalogue is the one in the file's directory (as
        // the graph names it: canonical), and a crate below that directory looks for its own up
        // to it.
        let (manifest_dir, locator) = match options.rust_project {
            Some(_) => (
                workspace.root.clone(),
                catalogue::locate::Locator::up_to(&workspace.root),
            ),
            None => (
                absolute(match manifest_path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                }),
                catalogue::locate::Locator::default(),
            ),
        };
        // The workspace's own packages have the root cargo gave (a rust-project.json's crates
        // have no workspace: its directory only bounds the search below it).
        let members = workspace
            .packages
            .iter()
            .filter(|p| !p.is_dependency && options.rust_project.is_none())
            .map(|p| p.manifest_dir.as_path());
        let locator = locator.knowing_root(&workspace.root, members);
        let app_path = app_catalogue(&locator, &manifest_dir, &manifest_path)?;
        let mut diagnostics = Diagnostics::new();
        let catalogues = Catalogues::load(&locator, &workspace, &app_path, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics.finish(()).expect_err("errors were found"));
        }
        let notice_catalogue = catalogues.merged(&workspace, &mut diagnostics);
        let mut workspace = workspace;
        if options.target.is_none() && !notice_catalogue.targets.is_empty() {
            workspace.targets = declared_targets(&notice_catalogue, &mut diagnostics);
            if diagnostics.has_errors() {
                return Err(diagnostics.finish(()).expect_err("errors were found"));
            }
        }
        let builtin = Catalogue::builtin_only();
        let (
            scan::Scan {
                declarations,
                files,
                found,
                files_read,
                directories_listed,
            },
            scan_warnings,
        ) = match given {
            Some(declarations) => (
                scan::Scan {
                    declarations,
                    files: Vec::new(),
                    found: Vec::new(),
                    files_read: 0,
                    directories_listed: (0, 0),
                },
                Vec::new(),
            ),
            None if options.keeps_results() => {
                scan::scan_keeping(&workspace, |p: &PackageSources| {
                    catalogues.of(p).unwrap_or(&builtin)
                })?
            }
            None => scan::scan(&workspace, |p: &PackageSources| {
                catalogues.of(p).unwrap_or(&builtin)
            })?,
        };
        diagnostics.append(scan_warnings);
        let (_, warnings) = diagnostics.finish(())?;
        let levels = notice_catalogue.levels.clone();
        Ok((
            Project {
                workspace,
                levels,
                catalogue: notice_catalogue,
                declarations,
                files,
                files_read,
                directories_listed,
                found,
                catalogue_files: catalogues.files,
            },
            warnings,
        ))
    }

    /// The notice of this project, checked for completeness. Warnings come back with it.
    ///
    /// The notice carries no date but the catalogue's `published` and `last_updated`; when
    /// `last_updated` is not set and `SOURCE_DATE_EPOCH` is (reproducible builds), its date is used.
    pub fn notice(&self) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let (notice, mut warnings) = self.unchecked_notice()?;
        // The lints' findings at the levels in force: an operator may accept a lint's error with a
        // reason; no other error is lowered. A warning made an error by `deny` comes back with
        // the warnings, as an error: the caller decides what it stops (`generate` writes
        // nothing; `check` still compares every output, and fails).
        let mut findings = Diagnostics::new();
        let mut denied = Vec::new();
        for d in check::lints::run(&self.catalogue, &notice, &self.declarations) {
            let warning = !d.is_error();
            match self.levels.apply(d, true) {
                Some(d) if warning && d.is_error() => denied.push(d),
                Some(d) => findings.push(d),
                None => {}
            }
        }
        let ((), more) = findings.finish(())?;
        warnings.extend(more);
        let mut warnings = self.levels.apply_all(warnings);
        warnings.extend(denied);
        Ok((notice, warnings))
    }

    /// The notice as built, before its lints run (its dates as `notice` gives them): for a report
    /// that shows the lints' findings instead of stopping on them (`legal_review`).
    pub fn unchecked_notice(&self) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let (mut notice, warnings) = Notice::build(&self.catalogue, &self.declarations)?;
        if notice.metadata.last_updated.is_none() {
            notice.metadata.last_updated = source_date_epoch()?;
        }
        Ok((notice, warnings))
    }

    /// The directory outputs and templates are relative to.
    pub fn catalogue_dir(&self) -> &Path {
        self.catalogue.dir()
    }
}

/// The targets of the builds the catalogue declares (`[[target]]`), each a triple `rustc` knows;
/// one it does not is an error at its place.
fn declared_targets(
    catalogue: &Catalogue,
    diagnostics: &mut Diagnostics,
) -> Vec<scan::cfg::Target> {
    let mut out = Vec::new();
    for t in &catalogue.targets {
        match scan::cfg::Target::parse(&t.triple) {
            Ok(target) => out.push(target),
            Err(e) => {
                for d in e.into_diagnostics() {
                    diagnostics.push(d.at(t.at.clone()));
                }
            }
        }
    }
    out.truncate(scan::cfg::MAX_TARGETS);
    out
}

/// The manifest the project is loaded from: the `rust-project.json` when one is given (the
/// project is its directory), else `manifest_path`, else the `Cargo.toml` cargo would use from
/// the current directory.
fn project_manifest(
    manifest_path: Option<&Path>,
    options: &GraphOptions,
) -> Result<PathBuf, Error> {
    match options.rust_project.as_deref().or(manifest_path) {
        Some(p) => Ok(p.to_path_buf()),
        None => {
            let cwd = std::env::current_dir().map_err(|e| {
                Diagnostic::error(
                    Code::Environment,
                    format!("cannot read the current directory: {e}"),
                )
            })?;
            scan::locate_manifest(&cwd)
        }
    }
}

/// The application's catalogue, found from `manifest_dir` by the proc macro's rule; an error
/// naming every directory searched when there is none.
fn app_catalogue(
    locator: &catalogue::locate::Locator,
    manifest_dir: &Path,
    manifest_path: &Path,
) -> Result<PathBuf, Error> {
    let search = locator.for_package(manifest_dir);
    if let Some(app_path) = search.found {
        return Ok(app_path);
    }
    let searched: Vec<String> = search
        .searched
        .iter()
        .map(|d| shorten(d).display().to_string())
        .collect();
    Err(Diagnostic::error(
        Code::CatalogueMissing,
        format!(
            "no `{}` found for {}; searched: {}",
            catalogue::FILE_NAME,
            shorten(manifest_path).display(),
            searched.join(", ")
        ),
    )
    .help("run `cargo disclosure init` at the workspace root to write a starter catalogue (the search stops at the workspace root)")
    .into())
}

/// Every catalogue of a project: the application's and each package's own, each file read once.
struct Catalogues {
    /// Each catalogue read, by absolute path.
    loaded: BTreeMap<PathBuf, Catalogue>,
    /// The application's catalogue, by absolute path.
    app: PathBuf,
    /// Every catalogue file read, as shown (the application's first).
    files: Vec<PathBuf>,
    /// Each package's catalogue, by package name and version.
    of_package: BTreeMap<(String, String), PathBuf>,
}

impl Catalogues {
    /// Reads the application's catalogue (`app_path`), then each package's own, found by the rule
    /// the proc macro follows; a file that cannot be read is an error in `diagnostics`.
    fn load(
        locator: &catalogue::locate::Locator,
        workspace: &Workspace,
        app_path: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Catalogues {
        let mut loaded: BTreeMap<PathBuf, Catalogue> = BTreeMap::new();
        let mut files = vec![shorten(app_path)];
        let app = absolute(app_path);
        let mut tried = std::collections::BTreeSet::new();
        let package_catalogues: Vec<Option<PathBuf>> = workspace
            .packages
            .iter()
            .map(|p| {
                locator
                    .for_package(&p.manifest_dir)
                    .found
                    .map(|f| absolute(&f))
            })
            .collect();
        for path in std::iter::once(app.clone()).chain(package_catalogues.iter().flatten().cloned())
        {
            if !tried.insert(path.clone()) {
                continue;
            }
            match Catalogue::load(&shorten(&path)) {
                Ok((c, warnings)) => {
                    diagnostics.append(warnings);
                    if path != app {
                        files.push(shorten(&path));
                    }
                    loaded.insert(path, c);
                }
                Err(e) => diagnostics.extend(e),
            }
        }
        let mut of_package: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
        for (p, found) in workspace.packages.iter().zip(package_catalogues) {
            if let Some(found) = found {
                of_package.insert((p.name.clone(), p.version.clone()), found);
            }
        }
        Catalogues {
            loaded,
            app,
            files,
            of_package,
        }
    }

    /// The catalogue of package `p`, when it has one of its own.
    fn of(&self, p: &PackageSources) -> Option<&Catalogue> {
        self.of_package
            .get(&(p.name.clone(), p.version.clone()))
            .and_then(|path| self.loaded.get(path))
    }

    /// The notice's catalogue: the application's, with what each other catalogue contributes
    /// (once each, in the packages' order); the conflicts go to `diagnostics`. Call it only when
    /// every catalogue loaded.
    fn merged(&self, workspace: &Workspace, diagnostics: &mut Diagnostics) -> Catalogue {
        let mut notice_catalogue = self.loaded[&self.app].clone();
        let mut merged = vec![self.app.clone()];
        for p in &workspace.packages {
            let Some(path) = self.of_package.get(&(p.name.clone(), p.version.clone())) else {
                continue;
            };
            if merged.contains(path) {
                continue;
            }
            merged.push(path.clone());
            diagnostics
                .append(notice_catalogue.merge_dependency(&p.name, self.loaded[path].clone()));
        }
        notice_catalogue
    }
}

/// Loads the project of `manifest_path` and builds its notice, with every warning.
pub fn notice(manifest_path: Option<&Path>) -> Result<(Notice, Vec<Diagnostic>), Error> {
    let (project, warnings) = Project::load(manifest_path)?;
    let mut warnings = project.levels.apply_all(warnings);
    let (notice, more) = project.notice()?;
    warnings.extend(more);
    Ok((notice, warnings))
}

/// The date of `SOURCE_DATE_EPOCH`, if it is set.
fn source_date_epoch() -> Result<Option<Date>, Error> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    let invalid = || -> Error {
        Diagnostic::error(
            Code::SourceDateEpoch,
            format!(
                "SOURCE_DATE_EPOCH is `{}`, not a number of seconds",
                text.escape_debug()
            ),
        )
        .help(
            "set it to seconds since 1970-01-01 UTC (e.g. `git log -1 --format=%ct`), or unset it",
        )
        .into()
    };
    let seconds: i64 = text.trim().parse().map_err(|_| invalid())?;
    Date::of_unix_seconds(seconds).map(Some).ok_or_else(invalid)
}

/// `path` made absolute, without `.` components, so that two spellings of one file compare equal.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// `path` relative to the current directory when it is below it, so messages stay short.
pub(crate) fn shorten(path: &Path) -> PathBuf {
    match std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    {
        Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
        Some(p) => p,
        None => path.to_path_buf(),
    }
}
