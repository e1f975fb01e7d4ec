//! The whole path from a manifest to a notice: find the packages, read each package's catalogue,
//! scan, build the notice, check it; and the outputs: which files, rendered in memory, written all
//! or none.

pub mod checked;
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
use crate::model::Notice;
use crate::scan::{self, GraphOptions, PackageSources, Workspace};

/// A loaded project: its packages, catalogues and declarations.
#[derive(Debug)]
pub struct Project {
    /// The packages scanned.
    pub workspace: Workspace,
    /// The application's catalogue, with what dependencies' catalogues contribute.
    pub catalogue: Catalogue,
    /// Every transmission declared, by file, line and column.
    pub declarations: Vec<Declaration>,
    /// Every source file read.
    pub files: Vec<PathBuf>,
    /// Places that send to a provider, seen without an annotation, for `coverage`.
    pub found: Vec<crate::declaration::Sighting>,
    /// Every catalogue file read (the application's first).
    pub catalogue_files: Vec<PathBuf>,
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
        // With a `rust-project.json`, the project is its directory.
        let manifest_path = match options.rust_project.as_deref().or(manifest_path) {
            Some(p) => p.to_path_buf(),
            None => {
                let cwd = std::env::current_dir().map_err(|e| {
                    Diagnostic::error(
                        Code::Environment,
                        format!("cannot read the current directory: {e}"),
                    )
                })?;
                scan::locate_manifest(&cwd)?
            }
        };
        let workspace = Workspace::load_with(&manifest_path, options)?;
        let manifest_dir = absolute(match manifest_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        });
        // One locator for every package: each manifest on the way is read once.
        let locator = catalogue::locate::Locator::default();
        let search = locator.for_package(&manifest_dir);
        let Some(app_path) = search.found else {
            let searched: Vec<String> = search
                .searched
                .iter()
                .map(|d| shorten(d).display().to_string())
                .collect();
            return Err(Diagnostic::error(
                Code::CatalogueMissing,
                format!(
                    "no `{}` found for {}; searched: {}",
                    catalogue::FILE_NAME,
                    shorten(&manifest_path).display(),
                    searched.join(", ")
                ),
            )
            .help("run `cargo disclosure init` at the workspace root to write a starter catalogue (the search stops at the workspace root)")
            .into());
        };
        let mut diagnostics = Diagnostics::new();
        // Each package's own catalogue, by the rule the proc macro follows; each file read once.
        let mut loaded: BTreeMap<PathBuf, Catalogue> = BTreeMap::new();
        let mut catalogue_files = vec![shorten(&app_path)];
        let mut of_package: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
        let app_key = absolute(&app_path);
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
        for path in
            std::iter::once(app_key.clone()).chain(package_catalogues.iter().flatten().cloned())
        {
            if !tried.insert(path.clone()) {
                continue;
            }
            match Catalogue::load(&shorten(&path)) {
                Ok((c, warnings)) => {
                    diagnostics.append(warnings);
                    if path != app_key {
                        catalogue_files.push(shorten(&path));
                    }
                    loaded.insert(path, c);
                }
                Err(e) => diagnostics.extend(e),
            }
        }
        for (p, found) in workspace.packages.iter().zip(package_catalogues) {
            if let Some(found) = found {
                of_package.insert((p.name.clone(), p.version.clone()), found);
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics.finish(()).expect_err("errors were found"));
        }
        // The notice's catalogue: the application's, with what the others contribute.
        let mut notice_catalogue = loaded[&app_key].clone();
        let mut merged = vec![app_key.clone()];
        for p in &workspace.packages {
            let Some(path) = of_package.get(&(p.name.clone(), p.version.clone())) else {
                continue;
            };
            if merged.contains(path) {
                continue;
            }
            merged.push(path.clone());
            diagnostics.append(notice_catalogue.merge_dependency(&p.name, loaded[path].clone()));
        }
        let builtin = Catalogue::builtin_only();
        let (
            scan::Scan {
                declarations,
                files,
                found,
            },
            scan_warnings,
        ) = scan::scan(&workspace, |p: &PackageSources| {
            of_package
                .get(&(p.name.clone(), p.version.clone()))
                .and_then(|path| loaded.get(path))
                .unwrap_or(&builtin)
        })?;
        diagnostics.append(scan_warnings);
        let (_, warnings) = diagnostics.finish(())?;
        Ok((
            Project {
                workspace,
                catalogue: notice_catalogue,
                declarations,
                files,
                found,
                catalogue_files,
            },
            warnings,
        ))
    }

    /// The notice of this project, checked for completeness. Warnings come back with it.
    ///
    /// The notice carries no date but the catalogue's `published` and `last_updated`; when
    /// `last_updated` is not set and `SOURCE_DATE_EPOCH` is (reproducible builds), its date is used.
    pub fn notice(&self) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let (mut notice, mut warnings) = Notice::build(&self.catalogue, &self.declarations)?;
        if notice.metadata.last_updated.is_none() {
            notice.metadata.last_updated = source_date_epoch()?;
        }
        let mut findings = Diagnostics::new();
        findings.append(check::lints::run(
            &self.catalogue,
            &notice,
            &self.declarations,
        ));
        let ((), more) = findings.finish(())?;
        warnings.extend(more);
        Ok((notice, warnings))
    }

    /// The directory outputs and templates are relative to.
    pub fn catalogue_dir(&self) -> &Path {
        self.catalogue.dir()
    }
}

/// Loads the project of `manifest_path` and builds its notice, with every warning.
pub fn notice(manifest_path: Option<&Path>) -> Result<(Notice, Vec<Diagnostic>), Error> {
    let (project, mut warnings) = Project::load(manifest_path)?;
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
