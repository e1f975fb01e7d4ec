//! `cargo disclosure check`: render every output in memory and compare it with its file; check
//! the policy and, if asked, the dependency graph's coverage. Never writes.

use std::fmt::Write as _;

use disclosure_core::check::staleness::Freshness;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::{CheckOptions, Checked, check};

use super::generate::{OneOutput, parse_lang, plan};
use super::policy::Today;
use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal::{self, Style};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// Check one file given by flags (`--out FILE` and its format and languages) instead of the
    /// declared outputs.
    #[command(flatten)]
    one: OneOutput,
    /// Language of the change summary.
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    summary_lang: Lang,
    /// Also check the dependency graph's coverage (`cargo disclosure coverage`); an undeclared
    /// recipient fails the check too.
    #[arg(long)]
    coverage: bool,
    /// Fail on every built-in fact the notice prints without a quoted source (D0415), as
    /// `[policy] strict = true` does.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    today: Today,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    if args.one.given() && args.one.out.is_none() {
        return Err(Diagnostic::error(
            Code::FlagInvalid,
            "check compares files: give --out FILE with the flags",
        )
        .help("or declare the outputs as [[output]] tables in disclosure.toml")
        .into());
    }
    if args.strict {
        report.deny(Code::UnverifiedFact);
    }
    // A warning made an error (`--deny`, `[lints]`) fails the check (exit status 1) but stops
    // nothing: every output is still compared, so a stale one shows its diff beside it.
    let (project, warnings) = args.project.load(report)?;
    let mut failed = report.findings(warnings);
    let today = args.today.get()?;
    let outputs = plan(&project, &args.one)?;
    if outputs.is_empty() {
        return Err(Diagnostic::error(
            Code::NoOutputs,
            format!(
                "{} declares no outputs to check",
                project.catalogue.path().display()
            ),
        )
        .help("declare each published file as an [[output]] table (path, format, lang), or give --out FILE")
        .into());
    }
    // An output that is a symbolic link is refused here as `generate` refuses it, so that a link
    // planted in a pull request is never reported fresh.
    project.guard_outputs(&outputs, true)?;
    let options = CheckOptions::new(today)
        .compare(outputs)
        .coverage(args.coverage)
        .summary_lang(args.summary_lang);
    let (checked, warnings) = check(&project, &options)?;
    failed |= report.findings(warnings);
    if let Some(found) = &checked.coverage {
        report.status(&super::coverage::status(&project, found));
    }
    if checked.stale.is_empty() {
        println!(
            "fresh: {} output{} match the code and disclosure.toml",
            checked.compared,
            if checked.compared == 1 { "" } else { "s" }
        );
    } else {
        terminal::write_stdout(&stale_report(&checked, &args.project, report))?;
    }
    failed |= report.findings(checked.findings);
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}

/// The stale outputs with their diffs, the change summary and how to update them.
fn stale_report(checked: &Checked, project: &ProjectArgs, report: &Report) -> String {
    let style = Style::new(report.colour_stdout());
    let mut out = String::new();
    for s in &checked.stale {
        let path = s.output.path.display().to_string();
        let old = match &s.freshness {
            Freshness::Missing => {
                writeln!(out, "missing: {path}").unwrap();
                Some(String::new())
            }
            Freshness::Stale(old) => {
                writeln!(out, "stale: {path}").unwrap();
                old.clone()
            }
            Freshness::Fresh => None,
        };
        match old {
            Some(old) => {
                let diff = similar::TextDiff::from_lines(old.as_str(), s.expected.as_str());
                let unified = diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string();
                for line in unified.lines() {
                    writeln!(out, "{}", style.diff_line(&terminal::clean(line))).unwrap();
                }
            }
            None => writeln!(out, "(the file is too large to compare line by line)").unwrap(),
        }
        out.push('\n');
    }
    out.push_str(checked.summary.as_deref().unwrap_or_default());
    let manifest = project
        .manifest_path
        .as_ref()
        .map(|p| format!(" --manifest-path {}", p.display()))
        .unwrap_or_default();
    writeln!(
        out,
        "\n{} of {} outputs are stale; to update them, run:\n\n    cargo disclosure generate{manifest}",
        checked.stale.len(),
        checked.compared
    )
    .unwrap();
    out
}
