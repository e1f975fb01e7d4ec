//! `cargo disclosure catalogue`: the built-in recipients and the project's own.

use disclosure_core::catalogue::builtin::providers::{BuiltinEntry, FactRecord};
use disclosure_core::catalogue::builtin::recheck;
use disclosure_core::catalogue::{self, Catalogue, Provenance, Provider, builtin};
use disclosure_core::foundation::choice::Choice;
use disclosure_core::foundation::date::Date;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::files;
use disclosure_core::foundation::localized::{Lang, Localized};
use serde::Serialize;

use crate::Outcome;
use crate::commands::policy::Today;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// `table` for people, `json` for tools (every fact with its evidence).
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
    /// List the built-in facts whose source was checked more than DAYS days ago (exit status 1
    /// when there are any).
    #[arg(long, value_name = "DAYS", conflicts_with_all = ["recheck", "check_file"])]
    stale: Option<i64>,
    #[command(flatten)]
    today: Today,
    /// Fetch each source of the built-in catalogue (over https) and confirm its quote is still
    /// there (exit status 1 when one is missing).
    #[arg(long, conflicts_with = "check_file")]
    recheck: bool,
    /// With --recheck: only this provider.
    #[arg(long, value_name = "ID", requires = "recheck")]
    provider: Option<String>,
    /// Check provider files in the built-in catalogue's shape (`data/providers/<id>.toml`: quotes,
    /// https sources, candidates, hosts shared with the other built-in providers) instead of
    /// listing: for contributors editing the built-in catalogue.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    check_file: Vec<std::path::PathBuf>,
}

/// One provider as `--format json` prints it: the facts the notice would use, who stated each, and
/// (for a built-in provider) every fact of its entry with its evidence.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    declared_by: &'a Provenance,
    service: &'a Localized,
    entity: &'a Localized,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_unconfirmed: Option<&'a [String]>,
    country: Option<&'a str>,
    role: Option<&'static str>,
    privacy_policy: Option<&'a str>,
    opt_out: Option<&'a str>,
    packages: &'a catalogue::Packages,
    domains: &'a [String],
    stated_by: Vec<(&'static str, &'a Provenance)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<FactRecord>,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    if !args.check_file.is_empty() {
        return check_files(&args.check_file, report);
    }
    if let Some(days) = args.stale {
        return stale(days, args.today.get()?, &args.format);
    }
    if args.recheck {
        return recheck(args.provider.as_deref(), &args.format, report);
    }
    // The project's catalogue, when there is one: its providers come first and override.
    let project = project_catalogue(args, report)?;
    let mut rows: Vec<&Provider> = project.iter().flat_map(|c| c.providers.iter()).collect();
    for p in builtin::providers() {
        if !rows.iter().any(|r| r.id() == p.id()) {
            rows.push(p);
        }
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|p| Row {
            id: p.id(),
            declared_by: &p.declared_by,
            service: &p.service,
            entity: &p.entity,
            entity_unconfirmed: p.entity_unconfirmed.as_deref(),
            country: p.country.as_deref(),
            role: p.role.map(Choice::id),
            privacy_policy: p.privacy_policy.as_deref(),
            opt_out: p.opt_out.as_ref().and_then(|o| o.url.as_deref()),
            packages: &p.packages,
            domains: &p.domains,
            stated_by: p.provenance.iter().map(|(f, o)| (*f, o)).collect(),
            facts: builtin::providers::entries()
                .iter()
                .find(|e| e.id == p.id() && p.declared_by != Provenance::Project)
                .map(BuiltinEntry::facts)
                .unwrap_or_default(),
        })
        .collect();
    if args.format == "json" {
        return json(&rows);
    }
    let mut out = String::new();
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rows {
        let origin = match r.declared_by {
            Provenance::Project => "project",
            Provenance::Builtin => "built-in",
            Provenance::Dependency { .. } => "dependency",
        };
        let unverified = r.facts.iter().filter(|f| !f.verified).count();
        let entity = match r.entity_unconfirmed {
            Some(_) => "entity depends on your contract".to_string(),
            None => r.entity.get(Lang::En).unwrap_or_default().to_string(),
        };
        let mut line = format!(
            "{:width$}  {:10}  {:10}  {:2}  {} ({entity})",
            r.id,
            origin,
            r.role.unwrap_or("--"),
            r.country.unwrap_or("--"),
            r.service.get(Lang::En).unwrap_or_default(),
        );
        if unverified > 0 {
            line.push_str(&format!("  [{unverified} unverified]"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    terminal::write_stdout(&terminal::clean(&out))?;
    Ok(Outcome::Done)
}

fn json(value: &impl Serialize) -> Result<Outcome, Error> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| {
        Diagnostic::error(
            Code::Environment,
            format!("cannot serialise the catalogue: {e}"),
        )
    })?;
    text.push('\n');
    terminal::write_stdout(&text)?;
    Ok(Outcome::Done)
}

fn stale(days: i64, today: Date, format: &str) -> Result<Outcome, Error> {
    if days < 0 {
        return Err(Diagnostic::error(
            Code::FlagInvalid,
            "--stale takes a number of days, 0 or more",
        )
        .into());
    }
    let found = recheck::stale(builtin::providers::entries(), days, today);
    if format == "json" {
        json(&found)?;
    } else {
        let mut out = String::new();
        for f in &found {
            out.push_str(&format!(
                "{} {}: checked {} ({} days ago) at {}\n",
                f.provider, f.fact, f.checked, f.days, f.url
            ));
        }
        out.push_str(&format!(
            "{} built-in facts were checked more than {days} days before {today}\n",
            found.len()
        ));
        terminal::write_stdout(&terminal::clean(&out))?;
    }
    Ok(if found.is_empty() {
        Outcome::Done
    } else {
        Outcome::Failed
    })
}

fn recheck(only: Option<&str>, format: &str, report: &mut Report) -> Result<Outcome, Error> {
    if let Some(id) = only
        && !builtin::providers::entries().iter().any(|e| e.id == id)
    {
        return Err(Diagnostic::error(
            Code::UnknownId,
            format!("`{id}` is not a built-in provider"),
        )
        .help("`cargo disclosure catalogue` lists them")
        .into());
    }
    report.status("fetching each source of the built-in catalogue; this takes a while");
    let results = recheck::recheck(
        builtin::providers::entries(),
        only,
        &crate::fetch::Https::new(),
    );
    outcome(&results, format)
}

/// Prints re-check results; a missing quote fails the run.
pub(crate) fn outcome(results: &[recheck::Rechecked], format: &str) -> Result<Outcome, Error> {
    if format == "json" {
        json(&results)?;
    } else {
        let mut out = String::new();
        for r in results {
            let status = match &r.outcome {
                recheck::Outcome::Found => "found".to_string(),
                recheck::Outcome::Missing => "MISSING".to_string(),
                recheck::Outcome::Unreachable { reason } => format!("unreachable ({reason})"),
            };
            out.push_str(&format!("{} {}: {status}: {}\n", r.provider, r.fact, r.url));
        }
        let missing = results
            .iter()
            .filter(|r| r.outcome == recheck::Outcome::Missing)
            .count();
        out.push_str(&format!(
            "{} quotes re-checked, {missing} missing\n",
            results.len()
        ));
        terminal::write_stdout(&terminal::clean(&out))?;
    }
    Ok(
        if results
            .iter()
            .any(|r| r.outcome == recheck::Outcome::Missing)
        {
            Outcome::Failed
        } else {
            Outcome::Done
        },
    )
}

fn check_files(paths: &[std::path::PathBuf], report: &mut Report) -> Result<Outcome, Error> {
    let mut files = Vec::new();
    for path in paths {
        let source = files::read_bounded_text(path, 64 << 20).map_err(|e| {
            Diagnostic::error(
                Code::CatalogueUnreadable,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        files.push((path.clone(), source));
    }
    let problems = builtin::providers::validate_with_builtin(&files);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(Diagnostic::is_error);
    report.warnings(warnings)?;
    if !errors.is_empty() {
        return Err(Error::from_diagnostics(errors));
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    report.status(&format!("{}: every fact is well formed", names.join(", ")));
    Ok(Outcome::Done)
}

/// The catalogue of the package named (or of the current directory's), when it has one.
fn project_catalogue(args: &Args, report: &mut Report) -> Result<Option<Catalogue>, Error> {
    let start = match &args.project.manifest_path {
        Some(p) => {
            std::path::absolute(p.parent().unwrap_or(std::path::Path::new("."))).unwrap_or_default()
        }
        None => std::env::current_dir().unwrap_or_default(),
    };
    let manifest_dir = disclosure_core::scan::locate_manifest(&start)
        .ok()
        .and_then(|m| m.parent().map(|p| p.to_path_buf()))
        .unwrap_or(start);
    match catalogue::locate::for_package(&manifest_dir).found {
        Some(path) => {
            let (catalogue, warnings) = Catalogue::load(&path)?;
            report.warnings(warnings)?;
            Ok(Some(catalogue))
        }
        None => Ok(None),
    }
}
