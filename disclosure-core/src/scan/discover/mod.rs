//! Transmissions found without an annotation, wherever they live in a workspace package: web
//! assets and templates (a tag, a pixel, a Content-Security-Policy), a Tauri app's configuration,
//! and an app's packages (npm, iOS, Android). Rust string literals are found by the module walk
//! (`super::visit`) with the same [`hosts::HostMatcher`].
//!
//! Every file is read once and searched in one byte pass for the catalogue's hosts (and, in
//! assets, for `disclose(`) before anything is parsed. Declarations written outside Rust come
//! through the one annotation parser too: a comment in a template (`<!-- disclose(...) -->`)
//! ([`assets`]) and a `[[transmission]]` of `disclosure.toml` ([`foreign`]). A file that cannot
//! be read or parsed is a warning naming it; the scan goes on.

pub mod assets;
pub mod foreign;
pub mod hosts;
pub mod manifests;

use std::path::{Path, PathBuf};

use self::hosts::HostMatcher;
use super::PackageSources;
use crate::catalogue::Catalogue;
use crate::declaration::{Declaration, Found};
use crate::foundation::diagnostic::{Code, Diagnostic};

/// The largest asset or manifest read (16 MiB); a larger one is a warning.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Directories the walk never enters: build output, installed packages, version control.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "node_modules",
    "Pods",
    "build",
    "dist",
    "DerivedData",
];

/// What one package's files hold beyond its Rust sources.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Places that send to a provider.
    pub found: Vec<Found>,
    /// Transmissions declared in comments of templates and scripts.
    pub declarations: Vec<Declaration>,
    /// Files read (a build script watches them).
    pub files: Vec<PathBuf>,
    /// Warnings (a file that cannot be read) and errors (an annotation that does not parse).
    pub diagnostics: Vec<Diagnostic>,
}

/// What a file is to discovery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// HTML or a template (askama, tera, minijinja, handlebars, …), Trunk's `index.html`.
    Markup,
    /// JavaScript or TypeScript.
    Script,
    /// Tauri's `tauri.conf.json` (its Content-Security-Policy).
    TauriConfig,
    /// A Tauri capability (`capabilities/*.json`).
    TauriCapability,
    /// An app's package list.
    Manifest(manifests::Manifest),
}

impl FileKind {
    /// The kind of the file at `path`, if discovery reads it.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if let Some(m) = manifests::Manifest::of(path) {
            return Some(FileKind::Manifest(m));
        }
        if name == "tauri.conf.json" || (name.starts_with("tauri.") && name.ends_with(".conf.json"))
        {
            return Some(FileKind::TauriConfig);
        }
        let in_capabilities = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d == "capabilities");
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" | "toml" if in_capabilities => Some(FileKind::TauriCapability),
            "html" | "htm" | "xhtml" | "j2" | "jinja" | "jinja2" | "tera" | "hbs"
            | "handlebars" | "mustache" | "liquid" | "askama" | "vue" | "svelte" => {
                Some(FileKind::Markup)
            }
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" => Some(FileKind::Script),
            _ => None,
        }
    }
}

/// Reads the assets and manifests of `package` (a workspace member): every file under its
/// directory that [`FileKind::of`] knows, except in build output, installed packages, hidden
/// directories, other packages, the catalogue's `[discovery] exclude` and its own `[[output]]`s
/// (a published notice names every recipient; it sends nothing).
pub fn discover(
    package: &PackageSources,
    catalogue: &Catalogue,
    matcher: &HostMatcher,
    relative: &(dyn Fn(&Path) -> PathBuf + Sync),
) -> Discovered {
    // Absolute, as the walk's paths are, whatever directory the catalogue was named from.
    let dir = match catalogue.dir() {
        d if d.as_os_str().is_empty() => Path::new("."),
        d => d,
    };
    let base = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let excluded: Vec<PathBuf> = catalogue
        .discovery
        .exclude
        .iter()
        .map(|e| base.join(crate::catalogue::normalise_path(e)))
        .chain(
            catalogue
                .outputs
                .iter()
                .map(|o| base.join(crate::catalogue::normalise_path(&o.path))),
        )
        .collect();
    let mut out = Discovered::default();
    let walker = walkdir::WalkDir::new(&package.manifest_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(excluded.iter().any(|x| e.path().starts_with(x))
                    || e.file_type().is_dir() && skipped_dir(e.path()))
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(kind) = FileKind::of(entry.path()) else {
            continue;
        };
        let shown = relative(entry.path());
        let text = match read(entry.path(), &shown) {
            Ok(text) => text,
            Err(warning) => {
                out.diagnostics.push(*warning);
                continue;
            }
        };
        out.files.push(entry.path().to_path_buf());
        let file = FileScan {
            text: &text,
            shown: &shown,
            package: &package.name,
        };
        match kind {
            FileKind::Manifest(m) => {
                manifests::scan(m, &file, catalogue, &mut out);
            }
            _ => assets::scan(kind, &file, catalogue, matcher, &mut out),
        }
    }
    out
}

/// One file being read.
#[derive(Debug)]
pub struct FileScan<'a> {
    /// Its text.
    pub text: &'a str,
    /// Its path relative to the workspace root.
    pub shown: &'a Path,
    /// Its package.
    pub package: &'a str,
}

fn skipped_dir(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || SKIPPED_DIRS.contains(&name.as_ref())
        || path.join("Cargo.toml").is_file()
}

/// The text of a file, or a warning naming it: too large, unreadable, or not UTF-8.
fn read(path: &Path, shown: &Path) -> Result<String, Box<Diagnostic>> {
    let warning = |why: String| {
        Box::new(
            Diagnostic::warning(
                Code::DiscoveryUnreadable,
                format!("{} is not read for transmissions: {why}", shown.display()),
            )
            .at(crate::foundation::diagnostic::Location::new(shown, 1, 1))
            .help("make it a UTF-8 file of at most 16 MiB, or leave it out with `[discovery] exclude`"),
        )
    };
    let bytes = crate::foundation::files::read_bounded(path, MAX_BYTES)
        .map_err(|e| warning(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        warning(format!(
            "it is not UTF-8 (byte {} is not)",
            e.utf8_error().valid_up_to()
        ))
    })
}
