//! `cargo disclosure catalogue`: the built-in recipients and the project's own.

use disclosure_core::catalogue::builtin::providers::{BuiltinEntry, FactRecord};
use disclosure_core::catalogue::builtin::recheck;
use disclosure_core::catalogue::{self, Catalogue, Facts, Provenance, Provider, builtin};
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
    /// Show one recipient in full: every fact, who states it, and for a built-in fact each source
    /// with the sentence quoted from it, the document's date, the date checked, and whether the
    /// page is the provider's own.
    #[arg(value_name = "ID", conflicts_with_all = ["stale", "recheck", "check_file"])]
    id: Option<String>,
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
    /// With --recheck: set `checked` to today on every quote found again, in the provider files of
    /// DIR (`disclosure-core/data/providers`), so that the change shows the evidence re-checked;
    /// the missing ones are left as they are, for a person to read the page again.
    #[arg(long, value_name = "DIR", requires = "recheck")]
    update_checked: Option<std::path::PathBuf>,
    /// Check provider files in the built-in catalogue's shape (`data/providers/<id>.toml`: quotes,
    /// https sources, candidates, hosts shared with the other built-in providers) instead of
    /// listing: for contributors editing the built-in catalogue.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    check_file: Vec<std::path::PathBuf>,
}

/// One provider as `--format json` prints it: every fact the notice would use, with who stated it
/// and the evidence of each built-in one; the built-in entry's candidates and every fact of its
/// file with its evidence.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    declared_by: &'a Provenance,
    facts: &'a Facts,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    built_in: Vec<FactRecord>,
}

impl<'a> Row<'a> {
    fn of(p: &'a Provider) -> Row<'a> {
        Row {
            id: p.id(),
            declared_by: &p.declared_by,
            facts: &p.facts,
            candidates: &p.candidates,
            built_in: builtin::providers::entries()
                .iter()
                .find(|e| e.id == p.id() && p.declared_by != Provenance::Project)
                .map(BuiltinEntry::facts)
                .unwrap_or_default(),
        }
    }
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    if !args.check_file.is_empty() {
        return check_files(&args.check_file, report);
    }
    if let Some(days) = args.stale {
        return stale(days, args.today.get()?, &args.format);
    }
    if args.recheck {
        return recheck(args, report);
    }
    // The project's catalogue, when there is one: its providers come first and override.
    let project = project_catalogue(args, report)?;
    let mut providers: Vec<&Provider> = project.iter().flat_map(|c| c.providers.iter()).collect();
    for p in builtin::providers() {
        if !providers.iter().any(|r| r.id() == p.id()) {
            providers.push(p);
        }
    }
    if let Some(id) = &args.id {
        let Some(provider) = providers.iter().find(|p| p.id() == id) else {
            let ids: Vec<&str> = providers.iter().map(|p| p.id()).collect();
            let mut help = "`cargo disclosure catalogue` lists them".to_string();
            if let Some(s) =
                disclosure_core::foundation::suggest::did_you_mean(id, ids.iter().copied())
            {
                help = format!("{s} {help}");
            }
            return Err(
                Diagnostic::error(Code::UnknownId, format!("unknown provider `{id}`"))
                    .help(help)
                    .into(),
            );
        };
        let row = Row::of(provider);
        if args.format == "json" {
            return json(&row);
        }
        terminal::write_stdout(&terminal::clean(&detail(&row)))?;
        return Ok(Outcome::Done);
    }
    let rows: Vec<Row> = providers.into_iter().map(Row::of).collect();
    if args.format == "json" {
        return json(&rows);
    }
    let mut out = String::new();
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rows {
        let origin = origin(r.declared_by);
        let unverified = r
            .facts
            .each()
            .iter()
            .filter(|e| {
                e.provenance == &Provenance::Builtin
                    && e.evidence.is_empty()
                    && disclosure_core::catalogue::facts::info(e.name).legal
            })
            .count();
        let en = |l: Option<&Localized>| {
            l.and_then(|l| l.get(Lang::En))
                .unwrap_or_default()
                .to_string()
        };
        let entity = if r.facts.entity_depends_on_contract()
            && r.facts.provenance_of("entity") != Some(&Provenance::Project)
        {
            "entity depends on your contract".to_string()
        } else if r.facts.entity().is_none() {
            "entity not stated".to_string()
        } else {
            en(r.facts.entity())
        };
        let mut line = format!(
            "{:width$}  {:10}  {:10}  {:2}  {} ({entity})",
            r.id,
            origin,
            r.facts.role().map_or("--", Choice::id),
            r.facts.country().map_or("--", |c| c.code.as_str()),
            en(r.facts.service()),
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

fn origin(p: &Provenance) -> String {
    match p {
        Provenance::Project => "project".to_string(),
        Provenance::Builtin => "built-in".to_string(),
        Provenance::Dependency { package } => format!("dependency {package}"),
    }
}

/// One provider in full, for people: each fact, who states it, and the evidence of each built-in
/// one (a quote, its page, the document's date, the date checked, whether the page is the
/// provider's own); then the candidates for its entity.
fn detail(row: &Row<'_>) -> String {
    let mut out = format!("{} ({})\n", row.id, origin(row.declared_by));
    let evidence = |out: &mut String, list: &[disclosure_core::catalogue::Evidence]| {
        for e in list {
            out.push_str(&format!(
                "    - \"{}\"\n      {} ({}; document {} {}, checked {})\n",
                e.quote.split_whitespace().collect::<Vec<_>>().join(" "),
                e.url,
                if e.primary {
                    "the provider's own page"
                } else {
                    "secondary source"
                },
                e.date_kind,
                e.document_date,
                e.checked
            ));
        }
    };
    for entry in row.facts.each() {
        let value = match &entry.value {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        out.push_str(&format!(
            "  {}: {value}\n    stated by: {}",
            entry.name,
            origin(entry.provenance)
        ));
        if *entry.provenance == Provenance::Builtin {
            if entry.evidence.is_empty() {
                out.push_str(" (unverified: no quoted source)");
            }
            out.push('\n');
            if let Some(note) = entry.note {
                out.push_str(&format!("    note: {note}\n"));
            }
            evidence(&mut out, entry.evidence);
        } else {
            out.push('\n');
        }
    }
    if !row.candidates.is_empty() {
        out.push_str("  entity candidates (by the customer's country):\n");
        for c in row.candidates {
            out.push_str(&format!("    - {c}\n"));
        }
    }
    out
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

fn recheck(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let only = args.provider.as_deref();
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
    let fetch = crate::fetch::https()?;
    report.status("fetching each source of the built-in catalogue; this takes a while");
    let progress = crate::progress::Progress::count(report, 0, "catalogue: re-checking");
    let results = recheck::recheck_with_progress(
        builtin::providers::entries(),
        only,
        fetch.as_ref(),
        &mut |done, total, provider| {
            progress.set_length(total as u64);
            progress.set(done as u64, || crate::terminal::clean(provider));
        },
    );
    progress.finish();
    if let Some(dir) = &args.update_checked {
        for (path, changed) in update_checked(dir, &results, &args.today.get()?.to_string())? {
            report.status(&format!(
                "{}: {changed} quote(s) re-checked",
                path.display()
            ));
        }
    }
    outcome(&results, &args.format)
}

/// Writes `today` onto each quote found again, provider file by provider file; each file changed
/// comes back with how many quotes it had re-checked.
pub(crate) fn update_checked(
    dir: &std::path::Path,
    results: &[recheck::Rechecked],
    today: &str,
) -> Result<Vec<(std::path::PathBuf, usize)>, Error> {
    let mut written = Vec::new();
    let mut by_provider: std::collections::BTreeMap<&str, Vec<&recheck::Rechecked>> =
        std::collections::BTreeMap::new();
    for r in results
        .iter()
        .filter(|r| r.outcome == recheck::Outcome::Found)
    {
        by_provider.entry(&r.provider).or_default().push(r);
    }
    for (provider, found) in by_provider {
        let path = dir.join(format!("{provider}.toml"));
        let mut source = files::read_bounded_text(&path, 8 << 20).map_err(|e| {
            Diagnostic::error(
                Code::CatalogueUnreadable,
                format!("cannot read {}: {e}", path.display()),
            )
            .help(
                "give the directory of the built-in provider files: disclosure-core/data/providers",
            )
        })?;
        let mut changed = 0;
        for r in found {
            let (updated, n) = recheck::with_checked(&source, &r.url, &r.quote, today);
            source = updated;
            changed += n;
        }
        if changed > 0 {
            disclosure_core::pipeline::write::write_path(&path, source.as_bytes())?;
            written.push((path, changed));
        }
    }
    Ok(written)
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
