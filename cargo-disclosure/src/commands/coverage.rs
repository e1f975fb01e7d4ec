//! `cargo disclosure coverage`.

use disclosure_core::check::coverage;
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
    let (project, warnings) = args.project.load()?;
    report.warnings(warnings)?;
    Ok(if self::report(&project, report) {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}

/// Prints the coverage findings; whether a recipient is undeclared or a place uncovered.
pub(crate) fn report(project: &Project, report: &mut Report) -> bool {
    let found = coverage::check(
        &project.catalogue,
        &project.declarations,
        &project.workspace.crates,
        &project.found,
    );
    let failed = report.findings(found.diagnostics());
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    report.status(&format!(
        "coverage: {} undeclared, {} with places no declaration covers, {} stale; {} in the graph, {} found in sources, assets and manifests",
        count(found.undeclared.len(), "recipient"),
        count(found.uncovered.len(), "recipient"),
        count(found.stale.len(), "recipient"),
        count(project.workspace.crates.len(), "crate"),
        count(project.found.len(), "place")
    ));
    failed
}
