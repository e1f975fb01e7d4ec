//! `cargo disclosure coverage`.

use disclosure_core::coverage;
use disclosure_core::diagnostic::Error;

use crate::{Outcome, ProjectArgs, print_warnings};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) project: ProjectArgs,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load()?;
    print_warnings(&warnings);
    report(&project)
}

/// Prints the coverage findings; `Stale` (exit status 1) when a crate is undeclared.
pub(crate) fn report(project: &disclosure_core::generate::Project) -> Result<Outcome, Error> {
    let found = coverage::check(project);
    for d in found.diagnostics() {
        println!("{d}\n");
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    println!(
        "coverage: {} undeclared, {} stale, {} in the graph",
        count(found.undeclared.len(), "crate"),
        count(found.stale.len(), "recipient"),
        count(project.workspace.crates.len(), "crate")
    );
    Ok(if found.undeclared.is_empty() {
        Outcome::Done
    } else {
        Outcome::Stale
    })
}
