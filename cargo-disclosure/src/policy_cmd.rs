//! `cargo disclosure policy`: the organisation's rules, as rustc-style diagnostics or JSON.

use std::fmt::Write as _;
use std::path::Path;

use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::generate::Project;
use disclosure_core::policy::{self, Violation};

use crate::{Outcome, ProjectArgs, print_warnings, terminal};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) project: ProjectArgs,
    /// `text` (rustc-style diagnostics) or `json` (for tools; schema: docs/schema/policy.schema.json).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    #[command(flatten)]
    pub(crate) today: Today,
}

/// The date exceptions expire against.
#[derive(Debug, clap::Args)]
pub(crate) struct Today {
    /// The date exceptions are checked against (YYYY-MM-DD). Default: today (UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) today: Option<String>,
}

impl Today {
    pub(crate) fn get(&self) -> Result<String, Error> {
        match &self.today {
            Some(d) if d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-' => {
                Ok(d.clone())
            }
            Some(d) => Err(Diagnostic::error(format!("--today {d} is not a date"))
                .help("write it as YYYY-MM-DD")
                .into()),
            None => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                Ok(disclosure_core::generate::date_of_unix_time(now))
            }
        }
    }
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load()?;
    print_warnings(&warnings);
    let today = args.today.get()?;
    if args.format == "json" {
        let violations = policy::evaluate(&project.catalogue, &project.found, &today);
        let mut text = serde_json::to_string_pretty(&violations)
            .map_err(|e| Diagnostic::error(format!("cannot serialise the diagnostics: {e}")))?;
        text.push('\n');
        terminal::write_stdout(&text)?;
        return Ok(outcome(&violations));
    }
    report(&project, &today)
}

fn outcome(violations: &[Violation]) -> Outcome {
    if violations.iter().any(|v| v.level == "deny") {
        Outcome::Stale
    } else {
        Outcome::Done
    }
}

/// Prints the policy's diagnostics; `Stale` (exit status 1) when a `deny` rule is violated.
pub(crate) fn report(project: &Project, today: &str) -> Result<Outcome, Error> {
    let violations = policy::evaluate(&project.catalogue, &project.found, today);
    if project.catalogue.policy.is_none() {
        return Ok(Outcome::Done);
    }
    let colour = terminal::colour();
    let mut out = String::new();
    for v in &violations {
        render(&mut out, v, project, colour);
    }
    let errors = violations.iter().filter(|v| v.level == "deny").count();
    let warnings = violations.len() - errors;
    writeln!(
        out,
        "policy: {errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    )
    .unwrap();
    terminal::write_stdout(&out)?;
    Ok(outcome(&violations))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One diagnostic in the style of rustc and cargo-deny: the annotation's line, then the rule's.
fn render(out: &mut String, v: &Violation, project: &Project, colour: bool) {
    let (level, code) = match v.level.as_str() {
        "deny" => ("error", "31"),
        _ => ("warning", "33"),
    };
    let head = format!("{level}[{}]", v.rule);
    if colour {
        writeln!(
            out,
            "\x1b[1;{code}m{head}\x1b[0m\x1b[1m: {}\x1b[0m",
            v.message
        )
        .unwrap();
    } else {
        writeln!(out, "{head}: {}", v.message).unwrap();
    }
    let width = [v.at.as_ref().map(|a| a.line), Some(v.rule_at.line)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let pad = " ".repeat(width);
    if let Some(at) = &v.at {
        writeln!(out, "{pad}--> {}:{}:{}", at.file, at.line, at.column).unwrap();
        let text = line_of(&project.workspace.root.join(&at.file), at.line);
        snippet(out, &pad, at.line, at.column, &text, '^', "");
        writeln!(out, "{pad}:::").unwrap();
    }
    writeln!(
        out,
        "{pad}--> {}:{}:{}",
        v.rule_at.file, v.rule_at.line, v.rule_at.column
    )
    .unwrap();
    let rule_text = project
        .catalogue
        .source()
        .lines()
        .nth(v.rule_at.line.saturating_sub(1))
        .unwrap_or_default()
        .to_string();
    let what = if v.level == "unused" {
        "exception declared here"
    } else {
        "rule declared here"
    };
    snippet(
        out,
        &pad,
        v.rule_at.line,
        v.rule_at.column,
        &rule_text,
        '-',
        what,
    );
    if let Some(note) = &v.note {
        writeln!(out, "{pad} = note: {note}").unwrap();
    }
    out.push('\n');
}

fn snippet(
    out: &mut String,
    pad: &str,
    line: usize,
    column: usize,
    text: &str,
    mark: char,
    label: &str,
) {
    writeln!(out, "{pad} |").unwrap();
    writeln!(out, "{line:>width$} | {text}", width = pad.len()).unwrap();
    let indent: String = text
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let label = if label.is_empty() {
        String::new()
    } else {
        format!(" {label}")
    };
    writeln!(out, "{pad} | {indent}{mark}{label}").unwrap();
}

fn line_of(path: &Path, line: usize) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.lines().nth(line.saturating_sub(1)).map(str::to_string))
        .unwrap_or_default()
}
