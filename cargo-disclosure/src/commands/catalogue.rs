//! `cargo disclosure catalogue`: the built-in recipients and the project's own.

use disclosure_core::catalogue::{self, Catalogue, Provenance, Provider, builtin};
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::localized::{Lang, Localized};
use serde::Serialize;

use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// `table` for people, `json` for tools.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    origin: &'a Provenance,
    service: &'a Localized,
    entity: &'a Localized,
    country: Option<&'a str>,
    privacy_policy: Option<&'a str>,
    opt_out: Option<&'a str>,
    crates: &'a [String],
    domains: &'a [String],
    sources: &'a [String],
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
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
            origin: &p.declared_by,
            service: &p.service,
            entity: &p.entity,
            country: p.country.as_deref(),
            privacy_policy: p.privacy_policy.as_deref(),
            opt_out: p.opt_out.as_ref().and_then(|o| o.url.as_deref()),
            crates: &p.crates,
            domains: &p.domains,
            sources: &p.sources,
        })
        .collect();
    if args.format == "json" {
        let mut text = serde_json::to_string_pretty(&rows).map_err(|e| {
            Diagnostic::error(
                Code::Environment,
                format!("cannot serialise the catalogue: {e}"),
            )
        })?;
        text.push('\n');
        return terminal::write_stdout(&text);
    }
    let mut out = String::new();
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rows {
        let origin = match r.origin {
            Provenance::Project => "project",
            Provenance::Builtin => "built-in",
            Provenance::Dependency { .. } => "dependency",
        };
        let mut line = format!(
            "{:width$}  {:10}  {:2}  {} ({})",
            r.id,
            origin,
            r.country.unwrap_or("--"),
            r.service.get(Lang::En).unwrap_or_default(),
            r.entity.get(Lang::En).unwrap_or_default(),
        );
        if !r.crates.is_empty() {
            line.push_str(&format!("  crates: {}", r.crates.join(", ")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    terminal::write_stdout(&terminal::clean(&out))
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
