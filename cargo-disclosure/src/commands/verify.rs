//! `cargo disclosure verify`: the notice against the requests a program really made.

use std::path::PathBuf;

use disclosure_core::check::verify::{self, Options};
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;
use crate::progress::Progress;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// Captures of the requests made: HAR files (browsers, Chromium through the DevTools protocol,
    /// Playwright, mitmproxy) or the run-time recorder's JSON lines.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    observed: Vec<PathBuf>,
    /// A provider the user had opted out of while the captures were made: any request to it fails.
    #[arg(long, value_name = "PROVIDER")]
    opted_out: Vec<String>,
    /// A host of the operator's own (besides loopback): requests to it are not external
    /// transmissions.
    #[arg(long, value_name = "HOST")]
    own_host: Vec<String>,
    /// Fail, too, when a recipient of the notice was never observed.
    #[arg(long)]
    require_all: bool,
    /// The consent log kept while the captures were made (one record per line, as the consent
    /// panel posts it): any request to a transmission that needs consent sent before the log shows
    /// it given, by the browser the capture shows, fails.
    #[arg(long, value_name = "FILE")]
    consent_log: Option<PathBuf>,
    /// `text` for people, `markdown` for a reviewer, `json` for tools.
    #[arg(long, default_value = "text", value_parser = ["text", "markdown", "json"])]
    format: String,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    verify::check_paths(&args.observed)?;
    let (project, warnings) = args.project.load(report)?;
    let (notice, more) = project.notice()?;
    report.warnings(warnings.into_iter().chain(more).collect())?;
    for id in &args.opted_out {
        if project.catalogue.provider(id).is_none() {
            return Err(Diagnostic::error(
                Code::UnknownId,
                format!("--opted-out names an unknown provider `{id}`"),
            )
            .help("`cargo disclosure catalogue` lists the providers")
            .into());
        }
    }
    let options = Options {
        opted_out: args.opted_out.clone(),
        own_hosts: args.own_host.clone(),
        require_all: args.require_all,
        consent_log: args
            .consent_log
            .as_deref()
            .map(verify::read_log)
            .transpose()?,
    };
    let total = args
        .observed
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let progress = Progress::bytes(report, total, "verify: reading");
    let mut requests_seen = 0usize;
    let result = verify::verify_with_progress(
        &project.catalogue,
        &notice,
        &project.declarations,
        &args.observed,
        &options,
        &mut |p| {
            // A message costs a string: one per thousand requests is enough for the eye.
            if p.requests / 1000 != requests_seen / 1000 || requests_seen == 0 {
                progress.set(p.bytes, || {
                    terminal::clean(&format!(
                        "{} requests ({})",
                        p.requests,
                        p.capture.display()
                    ))
                });
            }
            requests_seen = p.requests;
        },
    );
    progress.finish();
    let result = result?;
    let text = match args.format.as_str() {
        "json" => {
            let mut text = serde_json::to_string_pretty(&result).map_err(|e| {
                Diagnostic::error(Code::Environment, format!("cannot serialise: {e}"))
            })?;
            text.push('\n');
            // Valid JSON whatever a capture held: a hostile character is escaped as JSON escapes it.
            disclosure_core::foundation::report::clean_json(&text)
        }
        "markdown" => terminal::clean(&verify::markdown(&result, &options)),
        _ => terminal::clean(&verify::text(&result, &options)),
    };
    terminal::write_stdout(&text)?;
    Ok(if result.failed(&options) {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}
