//! `cargo disclosure generate`.

use std::path::PathBuf;

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::pipeline::outputs::write_all;
use disclosure_core::pipeline::{CheckOptions, Output, Project, check, render_all};
use disclosure_core::render::{Format, Layout, Options, UserTemplate};

use super::policy::Today;
use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    one: OneOutput,
    /// Write declared outputs even where they lie outside the workspace.
    #[arg(long)]
    allow_outside_workspace: bool,
    /// Build the notice from these declarations files (`cargo disclosure extract`) instead of
    /// reading the sources.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    declarations: Vec<PathBuf>,
    #[command(flatten)]
    today: Today,
}

impl Args {
    /// The project it generates for.
    pub(crate) fn project(&self) -> &ProjectArgs {
        &self.project
    }

    /// The one output given on the command line, if any.
    pub(crate) fn one(&self) -> &OneOutput {
        &self.one
    }
}

fn format_help() -> String {
    let formats: Vec<String> = Format::all()
        .map(|f| format!("{} ({})", f.id(), f.summary()))
        .collect();
    format!(
        "The format: {}. Default: {}.",
        formats.join("; "),
        Format::default()
    )
}

/// One output, given by flags instead of the declared `[[output]]` tables.
#[derive(Debug, clap::Args)]
pub(crate) struct OneOutput {
    /// Languages, in order: `ja`, `en`, or both (`ja,en`). Default: ja.
    #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
    pub(crate) lang: Option<Vec<Lang>>,
    #[arg(long, value_parser = parse_format, help = format_help())]
    pub(crate) format: Option<Format>,
    /// HTML: only the notice's content, to embed in an existing page.
    #[arg(long)]
    pub(crate) fragment: bool,
    #[arg(long, value_parser = parse_layout, help = layout_help())]
    pub(crate) layout: Option<Layout>,
    /// Render with this template instead of the built-in one (see docs/output.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) template: Option<PathBuf>,
    /// Write to this file (through a temporary file and a rename) instead of standard output;
    /// `-` is standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn layout_help() -> String {
    let layouts: Vec<String> = Layout::all()
        .map(|l| format!("{} ({})", l.id(), l.summary()))
        .collect();
    format!(
        "How the notice is laid out (formats that lay it out): {}. Default: {}.",
        layouts.join("; "),
        Layout::default()
    )
}

fn parse_layout(s: &str) -> Result<Layout, String> {
    s.parse()
}

impl OneOutput {
    /// Whether any flag asks for a one-off output.
    pub(crate) fn given(&self) -> bool {
        self.lang.is_some()
            || self.format.is_some()
            || self.fragment
            || self.layout.is_some()
            || self.template.is_some()
            || self.out.is_some()
    }

    /// The render options the flags ask for.
    pub(crate) fn options(&self) -> Result<Options, Error> {
        let format = self.format.unwrap_or_default();
        let invalid = |message: String, help: &str| -> Error {
            Diagnostic::error(Code::FlagInvalid, message)
                .help(help.to_string())
                .into()
        };
        let takes = format.takes();
        let takers = |has: fn(disclosure_core::render::Takes) -> bool| -> String {
            Format::all()
                .filter(|f| has(f.takes()))
                .map(|f| format!("--format {f}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.fragment && !takes.fragment {
            return Err(invalid(
                format!("--fragment does not apply to --format {format}"),
                &format!("drop --fragment, or use {}", takers(|t| t.fragment)),
            ));
        }
        if self.layout.is_some() && !takes.layout {
            return Err(invalid(
                format!("--layout does not apply to --format {format}"),
                &format!("drop --layout; only {} are laid out", takers(|t| t.layout)),
            ));
        }
        if self.template.is_some() && !takes.template {
            return Err(invalid(
                format!("--template does not apply to --format {format}"),
                &format!("templates render {}", takers(|t| t.template)),
            ));
        }
        let langs = self.lang.clone().unwrap_or_else(|| vec![Lang::Ja]);
        for (i, lang) in langs.iter().enumerate() {
            if langs[..i].contains(lang) {
                return Err(invalid(
                    format!("--lang lists `{lang}` twice"),
                    "list each language once: --lang ja,en",
                ));
            }
        }
        Ok(Options {
            format,
            langs,
            fragment: self.fragment,
            layout: self.layout.unwrap_or_default(),
            template: self
                .template
                .as_deref()
                .map(UserTemplate::load)
                .transpose()?,
        })
    }
}

/// The project's notice and the outputs to produce: the flags' one, or every declared one. An
/// empty list means: the flags' output, on standard output.
/// The outputs to render: the one given by flags, else the declared ones.
pub(crate) fn plan(project: &Project, one: &OneOutput) -> Result<Vec<Output>, Error> {
    if one.given() {
        Ok(match &one.out {
            Some(path) => vec![Output {
                path: path.clone(),
                options: one.options()?,
                declared_at: None,
            }],
            None => Vec::new(),
        })
    } else {
        project.declared_outputs()
    }
}

/// What the format cannot carry of the notice (a platform's form), one warning each.
pub(crate) fn report_unmapped(
    notice: &Notice,
    format: Format,
    report: &mut Report,
) -> Result<(), Error> {
    report.warnings(format.omissions(notice))
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load_declared(&args.declarations, report)?;
    report.warnings(warnings)?;
    let mut outputs = plan(&project, &args.one)?;
    if outputs.is_empty() {
        // No --out and nothing declared: the notice on standard output.
        outputs.push(Output {
            path: PathBuf::from("-"),
            options: args.one.options()?,
            declared_at: None,
        });
    }
    project.guard_outputs(&outputs, args.allow_outside_workspace)?;
    // The organisation's rules first: a `deny` rule publishes nothing.
    let (checked, warnings) = check(&project, &CheckOptions::new(args.today.get()?))?;
    report.warnings(warnings)?;
    if report.findings(checked.findings) {
        return Ok(Outcome::Failed);
    }
    let notice = checked.notice;
    for output in &outputs {
        report_unmapped(&notice, output.options.format, report)?;
    }
    let (rendered, warnings) = render_all(&notice, &outputs)?;
    report.warnings(warnings)?;
    for path in write_all(&rendered)? {
        if path != std::path::Path::new("-") {
            report.status(&format!("wrote {}", path.display()));
        }
    }
    Ok(Outcome::Done)
}
