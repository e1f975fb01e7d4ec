//! One package's declarations as a file: what `cargo disclosure extract` writes and `generate
//! --declarations` reads back to build the notice without reading a source file. The file names
//! its inputs (the package's files, the builds whose `cfg`s chose them, the tool's version), so a
//! build system or a sharded pipeline can key it on them; the notice built from such files is the
//! notice `generate` builds from the sources.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Project;
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The version of the file's shape; a reader refuses another.
pub const FORMAT: u32 = 1;

/// The largest declarations file read.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The declarations of some packages, with the inputs they were read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Extracted {
    /// [`FORMAT`].
    pub format: u32,
    /// The version of disclosure that read them.
    pub tool: String,
    /// The packages whose declarations these are.
    pub packages: Vec<String>,
    /// The packages' files read, relative to the workspace root.
    pub files: Vec<PathBuf>,
    /// The builds whose `cfg`s decided what was read (target triples).
    pub targets: Vec<String>,
    /// The declarations, in the order the scan found them.
    pub declarations: Vec<Declaration>,
}

impl Project {
    /// The declarations of `package` (default: every package the project scanned), with the
    /// files they were read from. An unknown package is an error naming the known ones.
    pub fn extract(&self, package: Option<&str>) -> Result<Extracted, Error> {
        let packages: Vec<_> = self
            .workspace
            .packages
            .iter()
            .filter(|p| package.is_none_or(|name| p.name == name))
            .collect();
        if packages.is_empty() {
            let known: Vec<&str> = self
                .workspace
                .packages
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            return Err(Diagnostic::error(
                Code::FlagInvalid,
                format!(
                    "`{}` is not a package of the project",
                    package.unwrap_or("")
                ),
            )
            .help(format!("its packages: {}", known.join(", ")))
            .into());
        }
        let names: Vec<String> = packages.iter().map(|p| p.name.clone()).collect();
        let dirs: Vec<PathBuf> = packages
            .iter()
            .map(|p| self.workspace.relative(&p.manifest_dir))
            .collect();
        // A package's files are those under its directory, unless a package inside it claims them.
        let owner = |file: &Path| {
            self.workspace
                .packages
                .iter()
                .map(|p| self.workspace.relative(&p.manifest_dir))
                .filter(|dir| file.starts_with(dir))
                .max_by_key(|dir| dir.components().count())
        };
        let files = self
            .files
            .iter()
            .map(|f| self.workspace.relative(f))
            .filter(|f| owner(f).is_some_and(|dir| dirs.contains(&dir)))
            .collect();
        Ok(Extracted {
            format: FORMAT,
            tool: env!("CARGO_PKG_VERSION").to_string(),
            packages: names.clone(),
            files,
            targets: self
                .workspace
                .targets
                .iter()
                .map(|t| t.triple.clone())
                .collect(),
            declarations: self
                .declarations
                .iter()
                .filter(|d| names.contains(&d.package))
                .cloned()
                .collect(),
        })
    }
}

impl Extracted {
    /// The file's text: pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a declarations file; one of another format, or that is not one, is an error naming
    /// the file.
    pub fn read(path: &Path) -> Result<Extracted, Error> {
        let invalid = |why: String| -> Error {
            Diagnostic::error(
                Code::FlagInvalid,
                format!("{} is not a declarations file: {why}", path.display()),
            )
            .help("give files `cargo disclosure extract` wrote, with this version of disclosure")
            .into()
        };
        let text = crate::foundation::files::read_bounded_text(path, MAX_BYTES)
            .map_err(|e| invalid(e.to_string()))?;
        let extracted: Extracted =
            serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        if extracted.format != FORMAT {
            return Err(invalid(format!(
                "format {}, and this version reads {FORMAT}",
                extracted.format
            )));
        }
        Ok(extracted)
    }
}
