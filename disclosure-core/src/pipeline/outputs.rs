//! The files a run produces: the `[[output]]`s the catalogue declares (or one given by flags),
//! rendered in memory first, then written all or none.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Project;
use super::write::{Destination, write_atomic};
use crate::catalogue::OutputSpec;
use crate::check::template_omissions;
use crate::foundation::diagnostic::Located;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, Location};
use crate::foundation::suggest;
use crate::model::Notice;
use crate::render::{self, Format, Layout, Options, Takes, UserTemplate};

/// A file to generate: where, how to render it, and where it is declared.
#[derive(Clone, Debug)]
pub struct Output {
    /// Where it goes (relative paths are relative to the current directory).
    pub path: PathBuf,
    /// How to render it.
    pub options: Options,
    /// The `[[output]]` entry that declares it (none for `--out`).
    pub declared_at: Option<Location>,
}

impl Project {
    /// The outputs `disclosure.toml` declares, with paths and templates resolved against the
    /// catalogue's directory, each checked against the renderer's registries: a known format, a
    /// known layout, and only the options its format takes. Empty when none is declared.
    pub fn declared_outputs(&self) -> Result<Vec<Output>, Error> {
        let base = self.catalogue_dir().to_path_buf();
        let mut diagnostics = Diagnostics::new();
        let mut outputs = Vec::new();
        for spec in &self.catalogue.outputs {
            match output(spec, &base) {
                Ok(output) => outputs.push(output),
                Err(e) => diagnostics.extend(e),
            }
        }
        diagnostics.finish(outputs).map(|(outputs, _)| outputs)
    }
}

/// One declared output, checked against the registries.
fn output(spec: &OutputSpec, base: &Path) -> Result<Output, Error> {
    let mut diagnostics = Diagnostics::new();
    let unknown = |kind: &str, given: &Located<String>, ids: Vec<&'static str>| {
        let mut help = format!("use one of: {}", ids.join(", "));
        if let Some(s) = suggest::did_you_mean(&given.value, ids.iter().copied()) {
            help = format!("{s} {help}");
        }
        Diagnostic::error(Code::UnknownId, format!("unknown {kind} `{}`", given.value))
            .at(given.at.clone())
            .help(help)
    };
    let Some(format) = Format::from_id(&spec.format.value) else {
        return Err(unknown("format", &spec.format, Format::ids()).into());
    };
    let takes = format.takes();
    let untaken = |option: &str, at: &Location, help: String| {
        Diagnostic::error(
            Code::OutputInvalid,
            format!("the {format} format does not take `{option}`"),
        )
        .at(at.clone())
        .help(help)
    };
    let takers = |has: fn(Takes) -> bool| -> String {
        Format::all()
            .filter(|f| has(f.takes()))
            .map(Format::id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let layout = match &spec.layout {
        None => Layout::default(),
        Some(l) => {
            if !takes.layout {
                diagnostics.push(untaken(
                    "layout",
                    &l.at,
                    format!(
                        "remove `layout`: only {} are laid out",
                        takers(|t| t.layout)
                    ),
                ));
            }
            match Layout::from_id(&l.value) {
                Some(layout) => layout,
                None => {
                    diagnostics.push(unknown("layout", l, Layout::ids()));
                    Layout::default()
                }
            }
        }
    };
    if let Some(at) = &spec.fragment
        && !takes.fragment
    {
        diagnostics.push(untaken(
            "fragment",
            at,
            format!(
                "remove `fragment = true`, or use a format that takes it ({})",
                takers(|t| t.fragment)
            ),
        ));
    }
    let template = match &spec.template {
        Some(t) if !takes.template => {
            diagnostics.push(untaken(
                "template",
                &t.at,
                format!(
                    "remove `template`, or use a format rendered through a template ({})",
                    takers(|t| t.template)
                ),
            ));
            None
        }
        Some(t) => match UserTemplate::load(&base.join(&t.value)) {
            Ok(loaded) => Some(loaded),
            Err(e) => {
                for d in e.into_diagnostics() {
                    diagnostics.push(d.at(t.at.clone()));
                }
                None
            }
        },
        None => None,
    };
    let output = Output {
        path: base.join(&spec.path),
        options: Options {
            format,
            langs: spec.langs.clone(),
            fragment: spec.fragment.is_some(),
            layout,
            template,
        },
        declared_at: Some(spec.at.clone()),
    };
    diagnostics.finish(output).map(|(output, _)| output)
}

impl Project {
    /// Refuses outputs that are symbolic links (never written or compared through), outputs that
    /// would overwrite one of the run's own inputs (a catalogue, a scanned source file, a
    /// template, a manifest or the lock file), and declared outputs outside the
    /// workspace (`../`, an absolute path, or a symbolic link leading out) unless
    /// `allow_outside`. A path given on the command line (`--out`) may be anywhere but over an
    /// input.
    pub fn guard_outputs(&self, outputs: &[Output], allow_outside: bool) -> Result<(), Error> {
        let root = resolved(&self.workspace.root);
        let targets: Vec<PathBuf> = outputs.iter().map(|o| resolved(&o.path)).collect();
        // Only inputs that share a name with an output can be one: resolve just those.
        let names: BTreeSet<&std::ffi::OsStr> =
            targets.iter().filter_map(|t| t.file_name()).collect();
        let lock = self.workspace.root.join("Cargo.lock");
        let manifests: Vec<PathBuf> = self
            .workspace
            .packages
            .iter()
            .map(|p| p.manifest_dir.join("Cargo.toml"))
            .collect();
        let inputs: BTreeSet<PathBuf> = self
            .files
            .iter()
            .chain(&self.catalogue_files)
            .chain(std::iter::once(&lock))
            .chain(&manifests)
            .chain(
                outputs
                    .iter()
                    .filter_map(|o| o.options.template.as_ref())
                    .map(|t| &t.path),
            )
            .filter(|p| p.file_name().is_some_and(|n| names.contains(n)))
            .map(|p| resolved(p))
            .collect();
        let mut diagnostics = Diagnostics::new();
        for (output, target) in outputs.iter().zip(targets) {
            if output.path == Path::new("-") {
                continue;
            }
            let refused = |what: String, help: &str| {
                let d = Diagnostic::error(Code::OutputInvalid, what).help(help.to_string());
                match &output.declared_at {
                    Some(at) => d.at(at.clone()),
                    None => d,
                }
            };
            if std::fs::symlink_metadata(&output.path).is_ok_and(|m| m.file_type().is_symlink()) {
                diagnostics.push(refused(
                    format!(
                        "the output {} is a symbolic link, and an output is never written through one (a link can lead anywhere, and a dangling one would create its target)",
                        output.path.display()
                    ),
                    "replace the link with the file itself, or declare the file it leads to as the output",
                ));
            } else if inputs.contains(&target) {
                diagnostics.push(refused(
                    format!(
                        "the output {} is one of this run's inputs; writing it would destroy it",
                        output.path.display()
                    ),
                    "choose another path for the output",
                ));
            } else if output.declared_at.is_some() && !allow_outside && !target.starts_with(&root) {
                diagnostics.push(refused(
                    format!(
                        "the output {} is outside the workspace ({})",
                        output.path.display(),
                        self.workspace.root.display()
                    ),
                    "declare a path inside the workspace, or pass --allow-outside-workspace if the catalogue really means it",
                ));
            }
        }
        diagnostics.finish(()).map(|_| ())
    }
}

/// `path` as the file system resolves it: symbolic links followed, `.` and `..` applied, for the
/// part that exists; a name that does not exist yet is kept as it is.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    while let Some(parent) = existing.parent() {
        match existing.file_name() {
            Some(name) => rest.push(name),
            None => break,
        }
        existing = parent;
        if let Ok(base) = std::fs::canonicalize(existing) {
            let mut out = base;
            for name in rest.iter().rev() {
                if *name == ".." {
                    out.pop();
                } else if *name != "." {
                    out.push(name);
                }
            }
            return out;
        }
    }
    absolute
}

/// Rendered outputs, in the order declared.
pub type Rendered = Vec<(Output, String)>;

/// Renders every output in memory; nothing is written, so a failure in any leaves every file as
/// it was. An error names the `[[output]]` entry it comes from. The warnings say what a user
/// template leaves out.
pub fn render_all(
    notice: &Notice,
    outputs: &[Output],
) -> Result<(Rendered, Vec<Diagnostic>), Error> {
    let mut diagnostics = Diagnostics::new();
    let mut rendered = Vec::new();
    for o in outputs {
        match render::render_with(notice, &o.options) {
            Ok(text) => {
                // A user's template of a notice for people must still print what the law
                // requires; a diagram or a form is not the notice.
                if o.options.template.is_some()
                    && o.options.format.takes().layout
                    && let Some(d) = template_omissions::omissions(notice, &o.options.langs, &text)
                {
                    diagnostics.push(d.at_opt(o.declared_at.clone()));
                }
                rendered.push((o.clone(), text));
            }
            Err(e) => {
                for d in e.into_diagnostics() {
                    let d = match (&o.declared_at, d.location.is_some()) {
                        (Some(at), true) => d.label(at.clone(), "in this [[output]]"),
                        (Some(at), false) => d.at(at.clone()),
                        (None, _) => d,
                    };
                    diagnostics.push(d);
                }
            }
        }
    }
    diagnostics.finish(rendered)
}

/// Writes every rendered output: each destination is checked first (a missing directory, a
/// non-regular file, two outputs naming one file), so that a run either changes every output or
/// none; then each is written atomically.
pub fn write_all(rendered: &[(Output, String)]) -> Result<Vec<PathBuf>, Error> {
    let mut diagnostics = Diagnostics::new();
    let mut destinations = Vec::new();
    for (output, _) in rendered {
        match Destination::check(&output.path) {
            Ok(dest) => destinations.push(dest),
            Err(e) => {
                for d in e.into_diagnostics() {
                    diagnostics.push(match (&output.declared_at, d.location.is_some()) {
                        (Some(at), true) => d.label(at.clone(), "declared by this [[output]]"),
                        (Some(at), false) => d.at(at.clone()),
                        (None, _) => d,
                    });
                }
            }
        }
    }
    let (destinations, _) = diagnostics.finish(destinations)?;
    let mut written = Vec::new();
    for (dest, (output, text)) in destinations.iter().zip(rendered) {
        write_atomic(dest, text.as_bytes())?;
        written.push(output.path.clone());
    }
    Ok(written)
}
