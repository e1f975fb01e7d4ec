//! `cargo disclosure check`: render every output in memory and compare it with its file; check
//! the policy and, if asked, the dependency graph's coverage. Never writes.

use std::fmt::Write as _;

use disclosure_core::changes;
use disclosure_core::check::staleness::{self, Existing, Freshness};
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::pipeline::{Output, render_all};

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
    let (project, warnings) = args.project.load()?;
    let today = args.today.get()?;
    let (notice, outputs) = plan(&project, warnings, &args.one, report)?;
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
    let (rendered, warnings) = render_all(&notice, &outputs)?;
    report.warnings(warnings)?;
    let mut stale = Vec::new();
    for (output, new) in &rendered {
        let freshness = staleness::compare(&output.path, new)?;
        if freshness != Freshness::Fresh {
            stale.push((output, freshness, new.as_str()));
        }
    }
    // The organisation's rules and, if asked, the dependency graph's coverage.
    let mut failed = report.findings(super::policy::findings(&project, today));
    if args.coverage {
        failed |= super::coverage::report(&project, report);
    }
    let failed = if failed {
        Outcome::Failed
    } else {
        Outcome::Done
    };
    if stale.is_empty() {
        println!(
            "fresh: {} output{} match the code and disclosure.toml",
            rendered.len(),
            if rendered.len() == 1 { "" } else { "s" }
        );
        return Ok(failed);
    }
    let style = Style::new(report.colour_stdout());
    let mut out = String::new();
    let mut findings = Vec::new();
    for (output, freshness, new) in &stale {
        let path = output.path.display().to_string();
        let old = match freshness {
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
        findings.push(
            Diagnostic::error(
                Code::OutputStale,
                format!(
                    "{path} is {}",
                    if matches!(freshness, Freshness::Missing) {
                        "missing"
                    } else {
                        "stale"
                    }
                ),
            )
            .at_opt(output.declared_at.clone())
            .help("run `cargo disclosure generate` and commit the result"),
        );
        match old {
            Some(old) => {
                let diff = similar::TextDiff::from_lines(old.as_str(), *new);
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
    out.push_str(&summary(&notice, &rendered, args.summary_lang)?);
    let manifest = args
        .project
        .manifest_path
        .as_ref()
        .map(|p| format!(" --manifest-path {}", p.display()))
        .unwrap_or_default();
    writeln!(
        out,
        "\n{} of {} outputs are stale; to update them, run:\n\n    cargo disclosure generate{manifest}",
        stale.len(),
        rendered.len()
    )
    .unwrap();
    terminal::write_stdout(&out)?;
    report.findings(findings);
    Ok(Outcome::Failed)
}

/// The change summary against the committed JSON notice, when one is declared; otherwise a hint.
fn summary(notice: &Notice, rendered: &[(Output, String)], lang: Lang) -> Result<String, Error> {
    let committed_json = rendered
        .iter()
        .find(|(o, _)| o.options.format.is_model() && o.options.template.is_none())
        .map(|(o, _)| &o.path);
    let Some(path) = committed_json else {
        return Ok(
            "(declare a json [[output]] to get a summary of what changed, in plain words)\n".into(),
        );
    };
    let old = match staleness::read(path)? {
        Existing::Bytes(bytes) => match serde_json::from_slice::<Notice>(&bytes) {
            Ok(old) => old,
            Err(e) => {
                return Ok(format!(
                    "({} is not a notice this version reads ({e}); no change summary)\n",
                    path.display()
                ));
            }
        },
        Existing::Missing | Existing::TooLarge => Notice::empty_like(notice),
    };
    Ok(changes::summary(&old, notice, lang))
}
