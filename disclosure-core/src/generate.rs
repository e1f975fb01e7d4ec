//! The whole path from a manifest to a notice: find the packages and the catalogue, scan, build.

use std::path::{Path, PathBuf};

use crate::catalogue::{self, Catalogue};
use crate::diagnostic::{Diagnostic, Error};
use crate::localized::Lang;
use crate::model::Notice;
use crate::render::{self, Format, Options, UserTemplate};
use crate::scan::{self, Found, GraphOptions, Workspace};

/// A loaded project: its packages, catalogue and annotations.
#[derive(Debug)]
pub struct Project {
    /// The packages scanned.
    pub workspace: Workspace,
    /// The catalogue they were checked against.
    pub catalogue: Catalogue,
    /// Every annotation found, by file, line and column.
    pub found: Vec<Found>,
    /// Every source file scanned.
    pub files: Vec<PathBuf>,
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
        let manifest_path = match manifest_path {
            Some(p) => p.to_path_buf(),
            None => {
                let cwd = std::env::current_dir().map_err(|e| {
                    Diagnostic::error(format!("cannot read the current directory: {e}"))
                })?;
                scan::locate_manifest(&cwd)?
            }
        };
        let workspace = Workspace::load_with(&manifest_path, options)?;
        let manifest_dir = absolute(manifest_path.parent().unwrap_or(Path::new(".")));
        let catalogue_path = shorten(&catalogue::locate(&manifest_dir)?);
        let (mut catalogue, mut warnings) = Catalogue::load(&catalogue_path)?;
        // Dependencies that declare transmissions bring their own catalogue.
        let mut merged = vec![absolute(&catalogue_path)];
        for package in workspace.packages.iter().filter(|p| p.is_dependency) {
            let Ok(path) = catalogue::find(&package.manifest_dir) else {
                continue;
            };
            if merged.contains(&absolute(&path)) {
                continue;
            }
            merged.push(absolute(&path));
            let (theirs, _) = Catalogue::load(&shorten(&path))?;
            catalogue.merge_dependency(theirs)?;
        }
        let (scan::Scan { found, files }, scan_warnings) = scan::scan(&workspace, &catalogue)?;
        warnings.extend(scan_warnings);
        Ok((
            Project {
                workspace,
                catalogue,
                found,
                files,
            },
            warnings,
        ))
    }

    /// The notice of this project. Warnings come back with it.
    ///
    /// The notice carries no date but the catalogue's `published` and `last_updated`; when
    /// `last_updated` is not set and `SOURCE_DATE_EPOCH` is (reproducible builds), its date is used.
    pub fn notice(&self) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let (mut notice, mut warnings) = Notice::build(&self.catalogue, &self.found)?;
        if notice.last_updated.is_none() {
            notice.last_updated = source_date_epoch()?;
        }
        let mut findings = crate::diagnostic::Diagnostics::new();
        for d in crate::completeness::check(&self.catalogue, &notice, &self.found) {
            findings.push(d);
        }
        let ((), more) = findings.finish(())?;
        warnings.extend(more);
        Ok((notice, warnings))
    }
}

/// A file to generate: where, and how to render it.
#[derive(Clone, Debug)]
pub struct Output {
    /// Where it goes (relative paths are relative to the current directory).
    pub path: PathBuf,
    /// How to render it.
    pub options: Options,
}

impl Project {
    /// The outputs `disclosure.toml` declares (`[[output]]`), with paths and templates resolved
    /// against the catalogue's directory. Empty when none is declared.
    pub fn declared_outputs(&self) -> Result<Vec<Output>, Error> {
        let base = self
            .catalogue
            .path()
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        let mut outputs = Vec::new();
        for decl in &self.catalogue.outputs {
            // The catalogue validated the format name.
            let Ok(format) = decl.format.get_ref().parse::<Format>() else {
                continue;
            };
            let template = match &decl.template {
                Some(t) => match UserTemplate::load(&base.join(t.get_ref())) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        let at = self.catalogue.location(t.span());
                        for d in e.diagnostics() {
                            diagnostics.push(d.clone().at(at.clone()));
                        }
                        continue;
                    }
                },
                None => None,
            };
            outputs.push(Output {
                path: base.join(decl.path.get_ref()),
                options: Options {
                    format,
                    langs: decl
                        .lang
                        .as_ref()
                        .map_or_else(|| vec![Lang::Ja], |l| l.to_vec()),
                    fragment: decl.fragment,
                    template,
                },
            });
        }
        diagnostics.finish(outputs).map(|(outputs, _)| outputs)
    }
}

/// Renders every output in memory; nothing is written, so a failure in any leaves every file as
/// it was.
pub fn render_all(notice: &Notice, outputs: &[Output]) -> Result<Vec<(Output, String)>, Error> {
    outputs
        .iter()
        .map(|o| Ok((o.clone(), render::render_with(notice, &o.options)?)))
        .collect()
}

/// Loads the project of `manifest_path` and builds its notice, with every warning.
pub fn notice(manifest_path: Option<&Path>) -> Result<(Notice, Vec<Diagnostic>), Error> {
    let (project, mut warnings) = Project::load(manifest_path)?;
    let (notice, more) = project.notice()?;
    warnings.extend(more);
    Ok((notice, warnings))
}

/// The date (YYYY-MM-DD, UTC) of `SOURCE_DATE_EPOCH`, if it is set.
fn source_date_epoch() -> Result<Option<String>, Error> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    let seconds: i64 = text.trim().parse().map_err(|_| {
        Diagnostic::error(format!(
            "SOURCE_DATE_EPOCH is `{text}`, not a number of seconds"
        ))
        .help(
            "set it to seconds since 1970-01-01 UTC (e.g. `git log -1 --format=%ct`), or unset it",
        )
    })?;
    Ok(Some(date_of_unix_time(seconds)))
}

/// The UTC calendar date of a Unix time, as YYYY-MM-DD (proleptic Gregorian calendar; the
/// days-to-civil conversion of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
pub fn date_of_unix_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to the current directory when it is below it, so messages stay short.
fn shorten(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_map_to_utc_dates() {
        assert_eq!(date_of_unix_time(0), "1970-01-01");
        assert_eq!(date_of_unix_time(86_399), "1970-01-01");
        assert_eq!(date_of_unix_time(951_782_400), "2000-02-29");
        assert_eq!(date_of_unix_time(1_686_873_600), "2023-06-16");
        assert_eq!(date_of_unix_time(1_795_392_000), "2026-11-23");
        assert_eq!(date_of_unix_time(-1), "1969-12-31");
    }
}
