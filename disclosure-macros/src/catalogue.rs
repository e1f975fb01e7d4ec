//! The catalogue of the crate being compiled, found by the rule the scanner follows
//! (`disclosure_core::catalogue::locate`), parsed once per compiler process and again only when
//! the file changes. A broken catalogue is reported once, by the first macro that reads it; the
//! others expand without checking ids, so the fault shows where it is rather than at every
//! annotation.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use disclosure_core::catalogue::{self, Catalogue};
use disclosure_core::foundation::diagnostic::Error;
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

type Cache = Mutex<HashMap<PathBuf, (String, Arc<Catalogue>)>>;

/// What a macro checks ids against.
pub(crate) enum Loaded {
    /// The package's catalogue (or the built-in one alone, when it has none).
    Ready(Arc<Catalogue>),
    /// The catalogue does not load: the error, when this is the first macro to see it.
    Broken(Option<String>),
}

/// The catalogue of the crate being compiled.
pub(crate) fn load() -> Loaded {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return Loaded::Ready(builtin());
    };
    let Some(path) = catalogue::locate::for_package(&dir).found else {
        return Loaded::Ready(builtin());
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(e) => {
            let shown = relative_to(&dir, &path);
            return broken(&path, "", format!("cannot read {}: {e}", shown.display()));
        }
    };
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(cache) = cache.lock()
        && let Some((cached_source, catalogue)) = cache.get(&path)
        && *cached_source == source
    {
        return Loaded::Ready(Arc::clone(catalogue));
    }
    // Messages name the file as rustc names sources: relative to the package (`disclosure.toml`,
    // `../disclosure.toml`), never by an absolute path.
    match Catalogue::parse(&relative_to(&dir, &path), source.clone()) {
        Ok((catalogue, _warnings)) => {
            let catalogue = Arc::new(catalogue);
            if let Ok(mut cache) = cache.lock() {
                cache.insert(path, (source, Arc::clone(&catalogue)));
            }
            Loaded::Ready(catalogue)
        }
        Err(e) => broken(&path, &source, message(e)),
    }
}

fn builtin() -> Arc<Catalogue> {
    static BUILTIN: OnceLock<Arc<Catalogue>> = OnceLock::new();
    Arc::clone(BUILTIN.get_or_init(|| Arc::new(Catalogue::builtin_only())))
}

/// The error the first time this catalogue text fails in this compiler process; nothing after.
/// A macro can only point at its own annotation, so the message says the fault is elsewhere.
fn broken(path: &Path, source: &str, message: String) -> Loaded {
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    let message = format!(
        "{message}\n= note: shown at the first annotation that reads {file}: the fault is in {file}, not in this annotation"
    );
    static REPORTED: OnceLock<Mutex<BTreeSet<(PathBuf, u64)>>> = OnceLock::new();
    let key = (path.to_path_buf(), fingerprint(source));
    let first = REPORTED
        .get_or_init(Default::default)
        .lock()
        .map(|mut r| r.insert(key))
        .unwrap_or(true);
    Loaded::Broken(first.then_some(message))
}

fn fingerprint(text: &str) -> u64 {
    // FNV-1a: stable, and enough to tell one version of a file from the next.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every diagnostic of `error`, without the `error: ` prefix the compiler adds itself.
fn message(error: Error) -> String {
    let bodies: Vec<String> = error.diagnostics().iter().map(|d| d.body()).collect();
    bodies.join("\n\n")
}

/// `path` (a catalogue in `dir` or a directory above it) relative to `dir`.
fn relative_to(dir: &Path, path: &Path) -> PathBuf {
    let Some(parent) = path.parent() else {
        return path.to_path_buf();
    };
    let ups = dir
        .ancestors()
        .position(|a| a == parent)
        .unwrap_or_default();
    let mut out = PathBuf::new();
    for _ in 0..ups {
        out.push("..");
    }
    out.join(path.file_name().unwrap_or_default())
}

/// Which catalogues a compiler process has already tracked: one include per crate is all cargo
/// needs to rebuild it when the file changes, so only the first expansion that can carry one
/// does.
#[derive(Default)]
pub(crate) struct Tracker(Mutex<BTreeSet<PathBuf>>);

impl Tracker {
    /// The tracker of this compiler process.
    pub(crate) fn process() -> &'static Tracker {
        static TRACKER: OnceLock<Tracker> = OnceLock::new();
        TRACKER.get_or_init(Tracker::default)
    }

    /// The item that tracks `catalogue`'s file, the first time it is asked for that file; none
    /// after that, and none for the built-in catalogue alone.
    pub(crate) fn item(&self, catalogue: &Catalogue) -> Option<TokenStream> {
        let path = tracked_file(catalogue)?;
        let first = self
            .0
            .lock()
            .map(|mut tracked| tracked.insert(path.clone()))
            .unwrap_or(true);
        first.then(|| tracking_item(&path))
    }
}

/// The absolute path of the catalogue `catalogue` was read from; none for the built-in
/// catalogue alone.
fn tracked_file(catalogue: &Catalogue) -> Option<PathBuf> {
    let path = catalogue.path();
    if path.as_os_str().is_empty() {
        return None;
    }
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)?;
    Some(dir.join(path))
}

/// An unused item that includes the catalogue's bytes, so that cargo rebuilds the crate (and the
/// macros check it again) whenever `disclosure.toml` changes. It generates no code.
fn tracking_item(path: &Path) -> TokenStream {
    let path = path.to_string_lossy();
    quote_spanned! {Span::call_site()=>
        const _: &[u8] = ::core::include_bytes!(#path);
    }
}
