//! The whole path from a manifest to a notice: find the packages and the catalogue, scan, build.

use std::path::{Path, PathBuf};

use crate::catalogue::{self, Catalogue};
use crate::diagnostic::{Diagnostic, Error};
use crate::model::Notice;
use crate::scan::{self, Found, Workspace};

/// A loaded project: its packages, catalogue and annotations.
#[derive(Debug)]
pub struct Project {
    /// The packages scanned.
    pub workspace: Workspace,
    /// The catalogue they were checked against.
    pub catalogue: Catalogue,
    /// Every annotation found, by file, line and column.
    pub found: Vec<Found>,
}

impl Project {
    /// Loads the project of `manifest_path` (default: the `Cargo.toml` cargo would use from the
    /// current directory). Warnings come back with it.
    pub fn load(manifest_path: Option<&Path>) -> Result<(Project, Vec<Diagnostic>), Error> {
        let manifest_path = match manifest_path {
            Some(p) => p.to_path_buf(),
            None => {
                let cwd = std::env::current_dir().map_err(|e| {
                    Diagnostic::error(format!("cannot read the current directory: {e}"))
                })?;
                scan::locate_manifest(&cwd)?
            }
        };
        let workspace = Workspace::load(&manifest_path)?;
        let manifest_dir = absolute(manifest_path.parent().unwrap_or(Path::new(".")));
        let catalogue_path = shorten(&catalogue::locate(&manifest_dir)?);
        let (catalogue, mut warnings) = Catalogue::load(&catalogue_path)?;
        let (found, scan_warnings) = scan::scan(&workspace, &catalogue)?;
        warnings.extend(scan_warnings);
        Ok((
            Project {
                workspace,
                catalogue,
                found,
            },
            warnings,
        ))
    }

    /// The notice of this project. Warnings come back with it.
    pub fn notice(&self) -> Result<(Notice, Vec<Diagnostic>), Error> {
        Notice::build(&self.catalogue, &self.found)
    }
}

/// Loads the project of `manifest_path` and builds its notice, with every warning.
pub fn notice(manifest_path: Option<&Path>) -> Result<(Notice, Vec<Diagnostic>), Error> {
    let (project, mut warnings) = Project::load(manifest_path)?;
    let (notice, more) = project.notice()?;
    warnings.extend(more);
    Ok((notice, warnings))
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
