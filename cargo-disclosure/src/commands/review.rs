//! `cargo disclosure review`: where each fact and each transmission comes from, for a reviewer.

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::legal_review;
use disclosure_core::pipeline::review::Review;

use super::generate::parse_lang;
use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// `markdown` for people, `json` for tools; with `--legal`, `html` too.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "html", "json"])]
    format: String,
    /// The language of service names (with `--legal`, of the whole checklist).
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
    /// The checklist a lawyer signs before publication: per transmission, each item Art. 27-12
    /// requires, where the notice states it, the sources of the built-in facts behind it, and
    /// every lint's result. A lint's error is reported in it, not a stop; it exits 1 when a
    /// required item is missing or a lint's error remains.
    #[arg(long)]
    legal: bool,
    /// Captures of the requests made (as for `verify`): each recipient then says whether, and how
    /// often, it was observed.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    observed: Vec<std::path::PathBuf>,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    if args.legal {
        return legal(args, report);
    }
    if args.format == "html" {
        return Err(Diagnostic::error(
            Code::FlagInvalid,
            "`review --format html` is only for the legal checklist",
        )
        .help("add --legal, or use --format markdown or json")
        .into());
    }
    let (project, warnings) = args.project.load(report)?;
    let (notice, more) = project.notice()?;
    report.warnings(warnings.into_iter().chain(more).collect())?;
    let mut review = Review::of(&project, &notice);
    if !args.observed.is_empty() {
        let verification = disclosure_core::check::verify::verify(
            &project.catalogue,
            &notice,
            &project.declarations,
            &args.observed,
            &Default::default(),
        )?;
        review.observe(&verification);
    }
    let text = if args.format == "json" {
        let mut text = serde_json::to_string_pretty(&review).map_err(|e| {
            Diagnostic::error(
                Code::Environment,
                format!("cannot serialise the review: {e}"),
            )
        })?;
        text.push('\n');
        text
    } else {
        review.markdown(args.lang)
    };
    terminal::write_stdout(&text)
}

/// `review --legal`: the pre-publication checklist.
fn legal(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    if !args.observed.is_empty() {
        return Err(Diagnostic::error(
            Code::FlagInvalid,
            "`--observed` is for the reviewer's view, not the legal checklist",
        )
        .help("run `cargo disclosure verify --observed …` beside it")
        .into());
    }
    let (project, warnings) = args.project.load(report)?;
    report.warnings(warnings)?;
    let view = legal_review::of(&project, args.lang)?;
    let text = match args.format.as_str() {
        "json" => {
            let mut text = serde_json::to_string_pretty(&view).map_err(|e| {
                Diagnostic::error(
                    Code::Environment,
                    format!("cannot serialise the checklist: {e}"),
                )
            })?;
            text.push('\n');
            text
        }
        "html" => legal_review::render(&view, "html")?,
        _ => legal_review::render(&view, "md")?,
    };
    terminal::write_stdout(&text)?;
    let failed = view.missing > 0 || view.lints.iter().any(|l| l.failed);
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}
