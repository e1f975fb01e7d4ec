//! Generate the notice from a build script, so an application can serve the notice of the very
//! code it was built from.
//!
//! ```ignore
//! // build.rs (with `disclosure = { version = "0.1", features = ["build"] }` in [build-dependencies])
//! fn main() {
//!     disclosure::build::run();
//! }
//!
//! // src/main.rs
//! const NOTICE_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.html"));
//! ```
//!
//! Every `[[output]]` that `disclosure.toml` declares is written to `OUT_DIR` under its file name
//! (`public/notice.html` → `$OUT_DIR/notice.html`). The build script re-runs when a catalogue, a
//! template, or any source file the scan read changes. A problem (a misspelt id in an annotation,
//! a broken catalogue) is printed with its file, line and column, as `cargo disclosure` prints it,
//! and fails the build script with exit status 1, without a panic. The organisation's `[policy]`
//! is evaluated as `cargo disclosure check` evaluates it: a `deny` rule fails the build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use disclosure_core::foundation::date::Date;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::report::Reporter;
use disclosure_core::pipeline::outputs::write_all;
use disclosure_core::pipeline::{CheckOptions, Project, check, render_all};

/// What a build script generated.
#[derive(Debug)]
#[non_exhaustive]
pub struct Generated {
    /// The files written in `OUT_DIR`.
    pub files: Vec<PathBuf>,
    /// Warnings (also printed as `cargo::warning=` lines).
    pub warnings: Vec<Diagnostic>,
}

/// Generates the outputs and reports any problem to cargo: call it as the whole of a build
/// script's `main`. On a problem, each diagnostic is printed to standard error as
/// `cargo disclosure` prints it (with the file, line and column, and a snippet of the source;
/// cargo shows it under `--- stderr`), and the build script exits with status 1: no panic.
pub fn run() {
    if let Err(e) = generate() {
        let mut reporter = Reporter::new(false);
        if let Some(root) = e.root() {
            reporter.set_root(root);
        }
        for d in e.diagnostics() {
            eprintln!("{}", reporter.render(d));
        }
        std::process::exit(1);
    }
}

/// Generates every declared output of the package being built into `OUT_DIR`, and tells cargo
/// what to watch. Warnings are printed as `cargo::warning=`; errors come back.
pub fn generate() -> Result<Generated, Error> {
    let env = |name: &str| {
        std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
            Error::from(
                Diagnostic::error(Code::Environment, format!("{name} is not set"))
                    .help("call disclosure::build::run() from a build script (build.rs)"),
            )
        })
    };
    let manifest = env("CARGO_MANIFEST_DIR")?.join("Cargo.toml");
    let out_dir = env("OUT_DIR")?;
    generate_into(&manifest, &out_dir)
}

/// [`generate`] for the package of `manifest`, into `out_dir`.
fn generate_into(manifest: &Path, out_dir: &Path) -> Result<Generated, Error> {
    let (project, mut warnings) = Project::load(Some(manifest))?;
    // Watch what was read before anything can fail below, so that a fix re-runs the script.
    let mut watched: Vec<PathBuf> = project.catalogue_files.clone();
    watched.extend(project.files.iter().cloned());
    for spec in &project.catalogue.outputs {
        if let Some(template) = &spec.template {
            watched.push(project.catalogue_dir().join(&template.value));
        }
    }
    for path in &watched {
        println!("cargo::rerun-if-changed={}", directive_path(path)?);
    }
    println!("cargo::rerun-if-env-changed=SOURCE_DATE_EPOCH");
    // The organisation's rules, as `cargo disclosure check` evaluates them: a `deny` rule fails
    // the build.
    let (checked, more) = check(&project, &CheckOptions::new(Date::today_utc()))?;
    warnings.extend(more);
    if checked.failed() {
        return Err(Error::from_diagnostics(checked.findings));
    }
    warnings.extend(checked.findings);
    let notice = checked.notice;
    let mut outputs = project.declared_outputs()?;
    if outputs.is_empty() {
        return Err(Diagnostic::error(
            Code::NoOutputs,
            format!(
                "{} declares no outputs to generate",
                project.catalogue.path().display()
            ),
        )
        .help("declare each file to generate as an [[output]] table (path, format, lang)")
        .into());
    }
    let mut names: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for output in &mut outputs {
        let name = PathBuf::from(output.path.file_name().unwrap_or_default());
        if let Some(first) = names.insert(name.clone(), output.path.clone()) {
            return Err(Diagnostic::error(
                Code::OutputInvalid,
                format!(
                    "outputs {} and {} would both be {} in OUT_DIR",
                    first.display(),
                    output.path.display(),
                    name.display()
                ),
            )
            .at_opt(output.declared_at.clone())
            .help("give the declared outputs different file names")
            .into());
        }
        output.path = out_dir.join(name);
    }
    let (rendered, more) = render_all(&notice, &outputs)?;
    warnings.extend(more);
    // `[lints]` levels, as `cargo disclosure` applies them: a denied warning fails the build, an
    // allowed one is not printed.
    let (denied, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = project
        .levels
        .apply_all(warnings)
        .into_iter()
        .partition(Diagnostic::is_error);
    if !denied.is_empty() {
        return Err(Error::from_diagnostics(denied));
    }
    let files = write_all(&rendered)?;
    for w in &warnings {
        println!("cargo::warning={}", one_line(&w.to_string()));
    }
    Ok(Generated { files, warnings })
}

/// A path as a directive's value: refused if it holds a line break, which would end the
/// directive and let the rest of the name be read as another.
fn directive_path(path: &Path) -> Result<String, Error> {
    let text = path.to_string_lossy();
    if text.contains(['\n', '\r']) {
        return Err(Diagnostic::error(
            Code::SourceUnreadable,
            format!("the file name {:?} holds a line break", text),
        )
        .help("rename the file: a build script cannot tell cargo to watch it")
        .into());
    }
    Ok(text.into_owned())
}

/// A message as one directive line: line breaks become ` | `, control characters are escaped.
fn one_line(text: &str) -> String {
    disclosure_core::foundation::report::clean(
        &text.replace("\r\n", "\n").replace(['\n', '\r'], " | "),
    )
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn directives_never_carry_a_line_break() {
        assert!(directive_path(Path::new("src/a\ncargo::rustc-link-arg=-evil.rs")).is_err());
        assert_eq!(directive_path(Path::new("src/a.rs")).unwrap(), "src/a.rs");
        assert_eq!(one_line("a\nb\r\nc\u{1b}"), "a | b | c\\u{1b}");
    }

    /// A package with one transmission and one output; its notice has no date, a warning (D0412).
    fn package(lints: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
        )
        .unwrap();
        fs::create_dir(dir.path().join("src")).unwrap();
        fs::write(
            dir.path().join("src/lib.rs"),
            "#[disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics])]\npub fn page_view() {}\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("disclosure.toml"),
            format!(
                "{lints}\n[operator]\nname = \"Exemplar K.K.\"\nservices = [\"Exemplar\"]\n\n[notice]\ncontact = \"privacy@exemplar.example\"\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\nlang = \"ja\"\n"
            ),
        )
        .unwrap();
        dir
    }

    #[test]
    fn the_build_applies_lint_levels_as_the_command_does() {
        let out = tempfile::tempdir().unwrap();
        let run = |lints: &str| {
            let dir = package(lints);
            generate_into(&dir.path().join("Cargo.toml"), out.path())
        };
        let generated = run("").unwrap();
        assert!(
            generated
                .warnings
                .iter()
                .any(|w| w.code == Code::NoticeMetadataMissing)
        );
        // `warnings = "deny"` fails the build on it, as `--deny warnings` fails the command.
        let err = run("[lints]\nwarnings = \"deny\"\n").unwrap_err();
        assert!(err.to_string().contains("D0412"), "{err}");
        // The named code wins over `warnings`: allowed with its reason, the build passes.
        let generated = run(
            "[lints]\nwarnings = \"deny\"\nD0412 = { level = \"allow\", reason = \"dated by the release process\" }\n",
        )
        .unwrap();
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
        assert!(out.path().join("notice.md").is_file());
    }
}
