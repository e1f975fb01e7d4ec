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
    /// Captures of the requests made (as for `verify`): each recipient then says whether, and how
    /// often, it was observed.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    observed: Vec<std::path::PathBuf>,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
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
