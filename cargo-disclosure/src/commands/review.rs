//! `cargo disclosure review`: where each fact and each transmission comes from, for a reviewer.

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::Lang;
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
    /// `markdown` for people, `json` for tools.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
    /// The language of service names.
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load()?;
    let (notice, more) = project.notice()?;
    report.warnings(warnings.into_iter().chain(more).collect())?;
    let review = Review::of(&project, &notice);
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
