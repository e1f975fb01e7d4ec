//! `cargo disclosure extract`: one package's declarations as a file, which `generate
//! --declarations` builds the notice from without reading a source (a build system's per-crate
//! action, or a sharded pipeline).

use std::path::PathBuf;

use disclosure_core::foundation::diagnostic::Error;
use disclosure_core::pipeline::write::write_path;

use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    /// The package whose declarations to write (default: every package scanned).
    #[arg(long, short = 'p', value_name = "PACKAGE")]
    package: Option<String>,
    /// Where to write them (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (project, warnings) = args.project.load(report)?;
    report.warnings(warnings)?;
    let text = project.extract(args.package.as_deref())?.to_json();
    match &args.out {
        Some(path) => {
            write_path(path, text.as_bytes())?;
            report.status(&format!("wrote {}", path.display()));
            Ok(Outcome::Done)
        }
        None => terminal::write_stdout(&text),
    }
}
