//! `cargo disclosure check`: render every output in memory and compare it with the file. Never
//! writes.

use std::fmt::Write as _;
use std::path::Path;

use disclosure_core::changes;
use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::generate::{self, Output};
use disclosure_core::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::render::Format;

use crate::generate::{OneOutput, plan};
use crate::terminal::{self, Style};
use crate::{Outcome, ProjectArgs, parse_lang};

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
    /// crate fails the check too.
    #[arg(long)]
    coverage: bool,
    #[command(flatten)]
    today: crate::policy_cmd::Today,
}

/// An output whose file differs from what would be generated.
struct Stale<'a> {
    output: &'a Output,
    old: Option<String>,
    new: &'a str,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    if args.one.given() && args.one.out.is_none() {
        return Err(
            Diagnostic::error("check compares files: give --out FILE with the flags")
                .help("or declare the outputs as [[output]] tables in disclosure.toml")
                .into(),
        );
    }
    let (project, warnings) = args.project.load()?;
    let (notice, outputs) = plan(&project, warnings, &args.one)?;
    if outputs.is_empty() {
        return Err(Diagnostic::error(format!(
            "{} declares no outputs to check",
            project.catalogue.path().display()
        ))
        .help("declare each published file as an [[output]] table (path, format, lang), or give --out FILE")
        .into());
    }
    let rendered = generate::render_all(&notice, &outputs)?;
    let mut stale = Vec::new();
    for (output, new) in &rendered {
        let old = read_existing(&output.path)?;
        if old.as_deref() != Some(new.as_str()) {
            stale.push(Stale { output, old, new });
        }
    }
    // The organisation's rules and, if asked, the dependency graph's coverage.
    let violated = matches!(
        crate::policy_cmd::report(&project, &args.today.get()?)?,
        Outcome::Stale
    );
    let uncovered =
        args.coverage && matches!(crate::coverage_cmd::report(&project)?, Outcome::Stale);
    let failed = if violated || uncovered {
        Outcome::Stale
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
    let style = Style::new(terminal::colour());
    let mut report = String::new();
    for s in &stale {
        let path = s.output.path.display().to_string();
        match &s.old {
            None => writeln!(report, "missing: {path}").unwrap(),
            Some(_) => writeln!(report, "stale: {path}").unwrap(),
        }
        let old = s.old.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(old, s.new);
        let unified = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        for line in unified.lines() {
            writeln!(report, "{}", style.diff_line(line)).unwrap();
        }
        report.push('\n');
    }
    report.push_str(&summary(&notice, &rendered, args.summary_lang)?);
    let manifest = args
        .project
        .manifest_path
        .as_ref()
        .map(|p| format!(" --manifest-path {}", p.display()))
        .unwrap_or_default();
    writeln!(
        report,
        "\n{} of {} outputs are stale; to update them, run:\n\n    cargo disclosure generate{manifest}",
        stale.len(),
        rendered.len()
    )
    .unwrap();
    terminal::write_stdout(&report)?;
    Ok(Outcome::Stale)
}

fn read_existing(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .help("make the file readable")
                .into(),
        ),
    }
}

/// The change summary against the committed JSON notice, when one is declared; otherwise a hint.
fn summary(notice: &Notice, rendered: &[(Output, String)], lang: Lang) -> Result<String, Error> {
    let committed_json = rendered
        .iter()
        .find(|(o, _)| o.options.format == Format::Json && o.options.template.is_none())
        .map(|(o, _)| &o.path);
    let Some(path) = committed_json else {
        return Ok(
            "(declare a json [[output]] to get a summary of what changed, in plain words)\n".into(),
        );
    };
    let old = match read_existing(path)? {
        Some(text) => match serde_json::from_str::<Notice>(&text) {
            Ok(old) => old,
            Err(e) => {
                return Ok(format!(
                    "({} is not a notice this version reads ({e}); no change summary)\n",
                    path.display()
                ));
            }
        },
        None => Notice::empty_like(notice),
    };
    Ok(changes::summary(&changes::changes(&old, notice), lang))
}
