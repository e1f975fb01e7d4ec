//! `cargo disclosure catalogue`: the built-in recipients and the project's own.

use disclosure_core::catalogue::{self, Catalogue};
use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::localized::Lang;
use disclosure_core::providers::{self, Origin, Provider};
use serde::Serialize;

use crate::{Outcome, ProjectArgs, terminal};

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
    origin: &'static str,
    service: &'a disclosure_core::localized::Localized,
    entity: &'a disclosure_core::localized::Localized,
    country: Option<&'a str>,
    privacy_policy: Option<&'a str>,
    opt_out: Option<&'a str>,
    crates: &'a [String],
    domains: &'a [String],
    sources: &'a [String],
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    // The project's catalogue, when there is one: its providers come first and override.
    let project = project_catalogue(args)?;
    let mut rows: Vec<&Provider> = project.iter().flat_map(|c| c.providers.iter()).collect();
    for p in providers::builtin() {
        if !rows.iter().any(|r| r.id() == p.id()) {
            rows.push(p);
        }
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|p| Row {
            id: p.id(),
            origin: match p.origin {
                Origin::Project => "project",
                Origin::Builtin => "built-in",
                Origin::Dependency => "dependency",
            },
            service: &p.service,
            entity: &p.entity,
            country: p.country.as_ref().map(|c| c.get_ref().as_str()),
            privacy_policy: p.privacy_policy.as_ref().map(|u| u.get_ref().as_str()),
            opt_out: p
                .opt_out
                .as_ref()
                .and_then(|o| o.url.as_ref())
                .map(|u| u.get_ref().as_str()),
            crates: &p.crates,
            domains: &p.domains,
            sources: &p.sources,
        })
        .collect();
    if args.format == "json" {
        let mut text = serde_json::to_string_pretty(&rows)
            .map_err(|e| Diagnostic::error(format!("cannot serialise the catalogue: {e}")))?;
        text.push('\n');
        return terminal::write_stdout(&text);
    }
    let mut out = String::new();
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rows {
        let mut line = format!(
            "{:width$}  {:8}  {:2}  {} ({})",
            r.id,
            r.origin,
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
    terminal::write_stdout(&out)
}

fn project_catalogue(args: &Args) -> Result<Option<Catalogue>, Error> {
    let start = match &args.project.manifest_path {
        Some(p) => {
            std::path::absolute(p.parent().unwrap_or(std::path::Path::new("."))).unwrap_or_default()
        }
        None => std::env::current_dir().unwrap_or_default(),
    };
    match catalogue::locate(&start) {
        Ok(path) => Ok(Some(Catalogue::load(&path)?.0)),
        Err(_) => Ok(None),
    }
}
