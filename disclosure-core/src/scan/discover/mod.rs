//! Transmissions found without an annotation, wherever they live in a workspace package: web
//! assets and templates (a tag, a pixel, a Content-Security-Policy), a Tauri app's configuration,
//! and an app's packages (npm, iOS, Android). Rust string literals are seen by the module walk
//! with the same [`HostMatcher`].
//!
//! Each discovery source is one implementation of [`Discoverer`] in a file of its own, listed
//! once in `DISCOVERERS`: which files it reads, what it sees in one, and the kinds of places
//! ([`SightingKind`]) it reports, each with the rule for which declaration covers it. Every file
//! is read once and searched in one byte pass for the catalogue's hosts before anything is
//! parsed. Declarations written outside Rust come through the one annotation parser too: a
//! comment in a template (`<!-- disclose(...) -->`, [`comments`]) and a `[[transmission]]` of
//! `disclosure.toml` ([`foreign`]). A file that cannot be read or parsed is a warning naming it;
//! the scan goes on. What a file holds is kept between runs with the Rust sources' results.

pub mod comments;
pub mod foreign;
pub mod packages;

use std::path::{Path, PathBuf};

use super::PackageSources;
use super::host_search::HostMatcher;
use super::kept_scans::{self, FileFound, Found, KeptScans, Outcome};
use super::kept_sighting::{self, KeptSighting};
use crate::catalogue::Catalogue;
use crate::declaration::{Declaration, Sighting, SightingKind};
use crate::foundation::diagnostic::{Code, Diagnostic};

/// A discovery source: the files of one kind it reads, and what it sees in each.
pub trait Discoverer: Sync {
    /// Its id (`npm`, `web`), for messages and the documentation.
    fn id(&self) -> &'static str;

    /// Whether it reads the file at `path` (its name and where it lies decide).
    fn reads(&self, path: &Path) -> bool;

    /// Every kind of place it reports (a file's result is kept between runs only when each of
    /// its places is of a kind listed here).
    fn kinds(&self) -> &'static [SightingKind];

    /// What it sees in one file it reads, into `out`.
    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered);
}

/// What every discoverer may consult.
#[derive(Debug)]
pub struct Context<'a> {
    /// The package's catalogue (its providers, hosts and packages).
    pub catalogue: &'a Catalogue,
    /// The catalogue's hosts, ready to find in text.
    pub hosts: &'a HostMatcher,
}

crate::registry! {
    /// Every discovery source; the first that reads a file reads it.
    pub(crate) static DISCOVERERS: [&dyn Discoverer] = [
        npm::Npm,
        ios::Ios,
        android::Android,
        tauri::Tauri,
        web::Web,
        #[cfg(test)]
        registry_test::RegistryTest,
    ];
}

/// The largest asset or manifest read (16 MiB); a larger one is a warning.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Directories discovery never enters: build output and installed packages.
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
    pub found: Vec<Sighting>,
    /// Transmissions declared in comments of templates and scripts.
    pub declarations: Vec<Declaration>,
    /// Files read (a build script watches them).
    pub files: Vec<PathBuf>,
    /// Warnings (a file that cannot be read) and errors (an annotation that does not parse).
    pub diagnostics: Vec<Diagnostic>,
}

/// The discoverer that reads the file at `path`, if any.
pub fn discoverer_of(path: &Path) -> Option<&'static dyn Discoverer> {
    DISCOVERERS.iter().copied().find(|d| d.reads(path))
}

/// A file or symbolic link of a package that discovery sees (listed by [`super::listing`]).
#[derive(Debug)]
pub(super) struct Listed {
    pub(super) path: PathBuf,
    /// A symbolic link: never followed.
    pub(super) link: bool,
}

/// What discovery leaves out of a member's walk (see [`super::listing`], which also leaves out
/// hidden directories and other packages): installed packages and build output, the
/// catalogue's `[discovery] exclude` and its own `[[output]]`s (a published notice names every
/// recipient; it sends nothing).
#[derive(Debug)]
pub(super) struct Scope {
    excluded: Vec<PathBuf>,
}

impl Scope {
    /// The scope `catalogue` sets.
    pub(super) fn of(catalogue: &Catalogue) -> Scope {
        // Absolute, as the walk's paths are, whatever directory the catalogue was named from.
        let dir = match catalogue.dir() {
            d if d.as_os_str().is_empty() => Path::new("."),
            d => d,
        };
        let base = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        Scope::new(
            catalogue
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
                .collect(),
        )
    }

    /// A scope leaving out the files and directories `excluded` (absolute).
    pub(super) fn new(excluded: Vec<PathBuf>) -> Scope {
        Scope { excluded }
    }

    /// Whether discovery leaves out the directory at `path` and everything below it.
    pub(super) fn skips_dir(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|name| SKIPPED_DIRS.iter().any(|s| name == *s))
            || self.skips(path)
    }

    /// Whether discovery leaves out `path` (an excluded file or directory).
    pub(super) fn skips(&self, path: &Path) -> bool {
        self.excluded.iter().any(|x| path.starts_with(x))
    }
}

/// Reads the assets and manifests of `package` (a workspace member): each file of `listed` (what
/// its [`Scope`] lets discovery see of the package's directory) that a discoverer reads.
///
/// A file whose result the last run kept (see [`super::kept_scans`]) is not read while it and
/// the catalogue are unchanged.
pub(super) fn discover(
    package: &PackageSources,
    catalogue: &Catalogue,
    hosts: &HostMatcher,
    relative: &(dyn Fn(&Path) -> PathBuf + Sync),
    kept: &KeptScans,
    listed: &[Listed],
) -> Discovered {
    let reading = Reading {
        package: &package.name,
        cx: Context { catalogue, hosts },
        hosts_key: kept_scans::hosts_key(true, catalogue.fingerprint()),
        kept,
    };
    let mut out = Discovered::default();
    for entry in listed {
        let Some(discoverer) = discoverer_of(&entry.path) else {
            continue;
        };
        if entry.link {
            // Links are not followed (one could lead out of the package, or loop); saying
            // nothing would let a page that loads a tag pass unseen.
            let shown = relative(&entry.path);
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::DiscoveryUnreadable,
                    format!(
                        "{} is not read for transmissions: it is a symbolic link, and discovery does not follow links",
                        shown.display()
                    ),
                )
                .at(crate::foundation::diagnostic::Location::new(&shown, 1, 1))
                .help("declare what the file it leads to loads (an annotation, a comment beside the tag, or a [[transmission]]), or leave it out with `[discovery] exclude`"),
            );
            continue;
        }
        reading.file(&entry.path, &relative(&entry.path), discoverer, &mut out);
    }
    out
}

/// What reading one package's files needs beyond each file.
struct Reading<'a> {
    package: &'a str,
    cx: Context<'a>,
    /// The key of the catalogue's hosts, which a kept result must have been found with.
    hosts_key: u64,
    kept: &'a KeptScans,
}

impl Reading<'_> {
    /// What the file at `path` (shown as `shown`), which `discoverer` reads, holds, into `out`:
    /// what the last run kept while the file and its context are unchanged, else what reading
    /// it finds, kept for the next run.
    fn file(&self, path: &Path, shown: &Path, discoverer: &dyn Discoverer, out: &mut Discovered) {
        let kept = self.kept;
        let context = kept_scans::key_of(&("asset", self.hosts_key, self.package, shown));
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            // Gone since the walk listed it, or unreadable.
            Err(e) => return out.diagnostics.push(*unreadable(shown, e.to_string())),
        };
        let (stamp, compared) = match kept.find(path, &meta, self.hosts_key, || read(path).ok()) {
            Found::Known(
                Outcome::Asset {
                    context: then,
                    found,
                },
                seen,
            ) if then == context => {
                if let Some(places) = kept_sighting::sightings(&found.found, discoverer.kinds()) {
                    kept.keep_known(path, seen);
                    out.files.push(path.to_path_buf());
                    out.found.extend(places);
                    out.declarations.extend(found.declarations);
                    out.diagnostics.extend(found.diagnostics);
                    return;
                }
                (seen.stamp, None)
            }
            Found::Known(_, seen) => (seen.stamp, None),
            Found::Unknown(stamp, compared) => (stamp, compared),
        };
        let (text, seen) = match kept
            .read_unknown(stamp, compared, || read(path))
            .map_err(|e| unreadable(shown, e.to_string()))
            .and_then(|(bytes, seen)| Ok((text_of(bytes, shown)?, seen)))
        {
            Ok(read) => read,
            Err(warning) => return out.diagnostics.push(*warning),
        };
        out.files.push(path.to_path_buf());
        let file = FileScan {
            text: &text,
            shown,
            package: self.package,
        };
        let mut one = Discovered::default();
        discoverer.scan(&file, &self.cx, &mut one);
        // Kept when each place is of a kind the discoverer lists, so that it reads back.
        let listed = one
            .found
            .iter()
            .all(|f| discoverer.kinds().contains(&f.kind));
        if kept.keeps() && listed {
            let found = FileFound {
                found: one.found.iter().map(KeptSighting::of).collect(),
                declarations: one.declarations.clone(),
                diagnostics: one.diagnostics.clone(),
            };
            let outcome = Outcome::Asset {
                context,
                found: Box::new(found),
            };
            kept.keep(path, seen, self.hosts_key, outcome);
        }
        out.found.extend(one.found);
        out.declarations.extend(one.declarations);
        out.diagnostics.extend(one.diagnostics);
    }
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

/// The bytes of a file discovery reads (at most 16 MiB, a regular file).
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::foundation::files::read_bounded(path, MAX_BYTES)
}

/// The text of a file read, or a warning naming it when it is not UTF-8.
fn text_of(bytes: Vec<u8>, shown: &Path) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        unreadable(
            shown,
            format!(
                "it is not UTF-8 (byte {} is not)",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The warning for a file that cannot be read for `why`: too large, unreadable, or not UTF-8.
fn unreadable(shown: &Path, why: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::warning(
            Code::DiscoveryUnreadable,
            format!("{} is not read for transmissions: {why}", shown.display()),
        )
        .at(crate::foundation::diagnostic::Location::new(shown, 1, 1))
        .help("make it a UTF-8 file of at most 16 MiB, or leave it out with `[discovery] exclude`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_read_by_the_source_that_knows_it() {
        let of = |path: &str| discoverer_of(Path::new(path)).map(|d| d.id());
        assert_eq!(of("web/package.json"), Some("npm"));
        assert_eq!(of("ios/Podfile.lock"), Some("ios"));
        assert_eq!(of("android/gradle/libs.versions.toml"), Some("android"));
        assert_eq!(of("src-tauri/tauri.conf.json"), Some("tauri"));
        assert_eq!(of("src-tauri/capabilities/default.json"), Some("tauri"));
        assert_eq!(of("templates/base.html.j2"), Some("web"));
        assert_eq!(of("static/app.ts"), Some("web"));
        assert_eq!(of("README.md"), None);
        assert_eq!(of("config.json"), None);
    }

    #[test]
    fn each_source_lists_its_kinds_once() {
        for discoverer in DISCOVERERS.iter() {
            let kinds = discoverer.kinds();
            assert!(!kinds.is_empty(), "{}", discoverer.id());
            let mut ids: Vec<&str> = kinds.iter().map(|k| k.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), kinds.len(), "{}", discoverer.id());
        }
    }

    #[test]
    fn every_source_has_a_distinct_id() {
        let mut ids: Vec<&str> = DISCOVERERS.iter().map(|d| d.id()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before);
    }
}
