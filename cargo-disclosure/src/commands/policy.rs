//! `cargo disclosure policy`: the organisation's rules, as diagnostics (rustc-style, or JSON lines
//! with `--message-format json`).

use disclosure_core::check;
use disclosure_core::foundation::date::Date;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    today: Today,
}

/// The date exceptions expire against.
#[derive(Debug, clap::Args)]
pub(crate) struct Today {
    /// The date exceptions are checked against (YYYY-MM-DD). Default: today (UTC).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

impl Today {
    pub(crate) fn get(&self) -> Result<Date, Error> {
        match &self.today {
            Some(text) => Date::parse(text).ok_or_else(|| {
                Diagnostic::error(Code::FlagInvalid, format!("--today {text} is not a date"))
                    .help("write a calendar date as YYYY-MM-DD")
                    .into()
            }),
            None => Ok(Date::today_utc()),
        }
    }
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load(report)?;
    report.warnings(warnings)?;
    let today = args.today.get()?;
    let findings = check::policy::evaluate(&project.catalogue, &project.declarations, today);
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let failed = report.findings(findings);
    if project.catalogue.policy.is_some() {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        report.status(&format!(
            "policy: {errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        ));
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}
