//! `cargo disclosure generate`.

use std::path::PathBuf;

use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::export;
use disclosure_core::generate::{self, Output};
use disclosure_core::localized::Lang;
use disclosure_core::render::{self, Format, Options, UserTemplate};
use disclosure_core::write::write_atomic;

use crate::{Outcome, ProjectArgs, parse_format, parse_lang, print_warnings, terminal};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    one: OneOutput,
}

/// One output, given by flags instead of the declared `[[output]]` tables.
#[derive(Debug, clap::Args)]
pub(crate) struct OneOutput {
    /// Languages, in order: `ja`, `en`, or both (`ja,en`). Default: ja.
    #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
    pub(crate) lang: Option<Vec<Lang>>,
    /// Format: markdown, html, mermaid (a diagram for reviewers), or json (the notice model, in
    /// both languages). Default: markdown.
    #[arg(long, value_parser = parse_format)]
    pub(crate) format: Option<Format>,
    /// HTML: only the notice's content, to embed in an existing page.
    #[arg(long)]
    pub(crate) fragment: bool,
    /// Render with this template instead of the built-in one (see docs/output.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) template: Option<PathBuf>,
    /// Write to this file (through a temporary file and a rename) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

impl OneOutput {
    /// Whether any flag asks for a one-off output.
    pub(crate) fn given(&self) -> bool {
        self.lang.is_some()
            || self.format.is_some()
            || self.fragment
            || self.template.is_some()
            || self.out.is_some()
    }

    /// The render options the flags ask for.
    pub(crate) fn options(&self) -> Result<Options, Error> {
        let format = self.format.unwrap_or(Format::Markdown);
        if self.fragment && format != Format::Html {
            return Err(
                Diagnostic::error("--fragment only applies to --format html")
                    .help("drop --fragment, or add --format html")
                    .into(),
            );
        }
        let mut langs = self.lang.clone().unwrap_or_else(|| vec![Lang::Ja]);
        langs.dedup();
        Ok(Options {
            format,
            langs,
            fragment: self.fragment,
            template: self
                .template
                .as_deref()
                .map(UserTemplate::load)
                .transpose()?,
        })
    }
}

/// The project's notice and the outputs to produce: the flags' one, or every declared one.
pub(crate) fn plan(
    project: &disclosure_core::generate::Project,
    warnings: Vec<Diagnostic>,
    one: &OneOutput,
) -> Result<(disclosure_core::model::Notice, Vec<Output>), Error> {
    let (notice, more) = project.notice()?;
    let mut warnings = warnings;
    warnings.extend(more);
    print_warnings(&warnings);
    let outputs = if one.given() {
        match &one.out {
            Some(path) => vec![Output {
                path: path.clone(),
                options: one.options()?,
            }],
            None => Vec::new(),
        }
    } else {
        project.declared_outputs()?
    };
    Ok((notice, outputs))
}

/// For an export to a platform's form, what has no counterpart there.
pub(crate) fn report_unmapped(notice: &disclosure_core::model::Notice, format: Format) {
    let platform = match format {
        Format::Xcprivacy => export::Platform::Apple,
        Format::PlayDataSafetyCsv => export::Platform::Play,
        _ => return,
    };
    crate::print_warnings(&export::unmapped(notice, platform));
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load()?;
    let (notice, outputs) = plan(&project, warnings, &args.one)?;
    if outputs.is_empty() {
        // No --out and nothing declared: the notice on standard output.
        let options = args.one.options()?;
        report_unmapped(&notice, options.format);
        let text = render::render_with(&notice, &options)?;
        return terminal::write_stdout(&text);
    }
    for output in &outputs {
        report_unmapped(&notice, output.options.format);
    }
    let rendered = generate::render_all(&notice, &outputs)?;
    for (output, text) in &rendered {
        write_atomic(&output.path, text.as_bytes())?;
        eprintln!("wrote {}", output.path.display());
    }
    Ok(Outcome::Done)
}
