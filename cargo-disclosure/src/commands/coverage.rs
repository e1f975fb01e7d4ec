//! `cargo disclosure coverage`.

use disclosure_core::check::coverage::{self, Coverage};
use disclosure_core::foundation::diagnostic::Error;
use disclosure_core::pipeline::Project;

use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load(report)?;
    report.warnings(warnings)?;
    let found = coverage::check(
        &project.catalogue,
        &project.declarations,
        &project.workspace.crates,
        &project.found,
    );
    let failed = report.findings(found.diagnostics());
    report.status(&status(&project, &found));
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}

/// The coverage in one line: how many recipients are undeclared, uncovered or stale, of what.
pub(crate) fn status(project: &Project, found: &Coverage) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "coverage: {} undeclared, {} with places no declaration covers, {} stale; {} in the graph, {} found in sources, assets and manifests",
        count(found.undeclared.len(), "recipient"),
        count(found.uncovered.len(), "recipient"),
        count(found.stale.len(), "recipient"),
        count(project.workspace.crates.len(), "crate"),
        count(project.found.len(), "place")
    )
}
