//! One way for unit tests to build a notice from a catalogue's text and a source file's text, as
//! the pipeline does (parse, scan, build), so every stage's tests start from the same notice.

use std::collections::BTreeSet;
use std::path::Path;

use crate::catalogue::Catalogue;
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Diagnostic, Error};
use crate::model::Notice;
use crate::scan::scan_text;

/// The catalogue `disclosure.toml` of text `catalogue`; panics on an error (a test's own fixture).
pub(crate) fn catalogue(catalogue: &str) -> Catalogue {
    Catalogue::parse(Path::new("disclosure.toml"), catalogue.to_string())
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// What `source` (as `src/lib.rs` of package `app`, no features) declares.
pub(crate) fn declarations(catalogue: &Catalogue, source: &str) -> Vec<Declaration> {
    scan_text(
        source,
        Path::new("src/lib.rs"),
        "app",
        &BTreeSet::new(),
        catalogue,
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .0
}

/// The notice of `catalogue` and `source`, or the error that stops it.
pub(crate) fn try_build(
    catalogue: &Catalogue,
    source: &str,
) -> Result<(Notice, Vec<Diagnostic>), Error> {
    Notice::build(catalogue, &declarations(catalogue, source))
}

/// The notice of `catalogue` and `source`, with its warnings; panics on an error.
pub(crate) fn build(catalogue_text: &str, source: &str) -> (Notice, Vec<Diagnostic>) {
    try_build(&catalogue(catalogue_text), source).unwrap_or_else(|e| panic!("{e}"))
}

/// The notice of `catalogue` and `source`; panics on an error.
pub(crate) fn notice(catalogue_text: &str, source: &str) -> Notice {
    build(catalogue_text, source).0
}

/// The bundled examples' committed notices (`examples/*/notice.json`), each with its path.
pub(crate) fn examples() -> Vec<(String, Notice)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let path = dir.join("notice.json");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let notice =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path.display().to_string(), notice));
        }
    }
    assert!(out.len() >= 5, "the examples' notices");
    out
}

/// The notice of `catalogue` and `source` (`src/lib.rs`) with every warning the pipeline gives
/// (the catalogue's, the scan's, the model's and the lints'), or every error, as text.
pub(crate) fn checked(catalogue: &str, source: &str) -> Result<(Notice, Vec<Diagnostic>), String> {
    use crate::foundation::diagnostic::Severity;
    let (catalogue, mut all) =
        Catalogue::parse(Path::new("disclosure.toml"), catalogue.to_string())
            .map_err(|e| e.to_string())?;
    let (declarations, warnings) = scan_text(
        source,
        Path::new("src/lib.rs"),
        "app",
        &BTreeSet::new(),
        &catalogue,
    )
    .map_err(|e| e.to_string())?;
    all.extend(warnings);
    let (notice, warnings) = Notice::build(&catalogue, &declarations).map_err(|e| e.to_string())?;
    all.extend(warnings);
    all.extend(crate::check::lints::run(&catalogue, &notice, &declarations));
    let errors: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    if errors.is_empty() {
        Ok((notice, all))
    } else {
        Err(errors.join("\n"))
    }
}

/// A workspace member `app` in `root`, whose crate root is `src/lib.rs`.
pub(crate) fn package_at(root: &Path) -> crate::scan::PackageSources {
    crate::scan::PackageSources {
        name: "app".into(),
        version: "0.1.0".into(),
        is_dependency: false,
        features: Default::default(),
        manifest_dir: root.to_path_buf(),
        roots: vec![root.join("src/lib.rs")],
    }
}
