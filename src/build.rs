//! Generate the notice from a build script, so an application can serve the notice of the very
//! code it was built from.
//!
//! ```ignore
//! // build.rs (with `disclosure = { version = "0.1", features = ["build"] }` in [build-dependencies])
//! fn main() {
//!     if let Err(e) = disclosure::build::generate() {
//!         panic!("{e}");
//!     }
//! }
//!
//! // src/main.rs
//! const NOTICE_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.html"));
//! ```
//!
//! Every `[[output]]` that `disclosure.toml` declares is written to `OUT_DIR` under its file name
//! (`public/notice.html` → `$OUT_DIR/notice.html`). The build script re-runs when the catalogue,
//! a template, or any scanned source file or directory changes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::generate::{Project, render_all};
use disclosure_core::write::write_atomic;

/// What a build script generated.
#[derive(Debug)]
pub struct Generated {
    /// The files written in `OUT_DIR`.
    pub files: Vec<PathBuf>,
    /// Warnings (also printed as `cargo:warning=` lines).
    pub warnings: Vec<Diagnostic>,
}

/// Generates every declared output of the package being built into `OUT_DIR`, and tells cargo
/// what to watch. Call it from `build.rs`.
pub fn generate() -> Result<Generated, Error> {
    let env = |name: &str| {
        std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
            Error::from(
                Diagnostic::error(format!("{name} is not set"))
                    .help("call disclosure::build::generate() from a build script (build.rs)"),
            )
        })
    };
    let manifest = env("CARGO_MANIFEST_DIR")?.join("Cargo.toml");
    let out_dir = env("OUT_DIR")?;
    let (project, mut warnings) = Project::load(Some(&manifest))?;
    let (notice, more) = project.notice()?;
    warnings.extend(more);

    let mut watched = vec![project.catalogue.path().to_path_buf()];
    for package in &project.workspace.packages {
        watched.extend(package.source_dirs.iter().cloned());
    }
    watched.extend(project.files.iter().cloned());
    let mut outputs = project.declared_outputs()?;
    if outputs.is_empty() {
        return Err(Diagnostic::error(format!(
            "{} declares no outputs to generate",
            project.catalogue.path().display()
        ))
        .help("declare each file to generate as an [[output]] table (path, format, lang)")
        .into());
    }
    let mut names: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for output in &mut outputs {
        let name = PathBuf::from(output.path.file_name().unwrap_or_default());
        if let Some(first) = names.insert(name.clone(), output.path.clone()) {
            return Err(Diagnostic::error(format!(
                "outputs {} and {} would both be {} in OUT_DIR",
                first.display(),
                output.path.display(),
                name.display()
            ))
            .help("give the declared outputs different file names")
            .into());
        }
        output.path = out_dir.join(name);
    }
    for decl in &project.catalogue.outputs {
        if let Some(template) = &decl.template {
            let base = project
                .catalogue
                .path()
                .parent()
                .unwrap_or(std::path::Path::new(""));
            watched.push(base.join(template.get_ref()));
        }
    }
    let rendered = render_all(&notice, &outputs)?;
    let mut files = Vec::new();
    for (output, text) in rendered {
        write_atomic(&output.path, text.as_bytes())?;
        files.push(output.path);
    }
    for path in watched {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!(
        "cargo:rerun-if-env-changed={}",
        disclosure_core::catalogue::ENV_OVERRIDE
    );
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    for w in &warnings {
        for line in w.to_string().lines() {
            println!("cargo:warning={line}");
        }
    }
    Ok(Generated { files, warnings })
}
