//! `cargo disclosure`: generate and check the external-transmission notice of a Rust workspace.
//!
//! Exit status: 0 on success (for `check`: every output is fresh); 1 when a check fails (a stale
//! output, a `deny` rule of the policy, an undeclared recipient); 2 when the input is wrong (a
//! malformed `disclosure.toml`, an unknown id, a source file that does not parse, an unwritable
//! output, a bad flag, a warning made an error by `--deny`). Nothing is written unless everything
//! succeeded.

mod commands;
mod fetch;
mod progress;
mod project;
mod report;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

use crate::report::{Report, ReportArgs};

/// Generate and check the external-transmission notice (Japan TBA Art. 27-12) from
/// `#[disclose(...)]` annotations and disclosure.toml.
#[derive(Debug, Parser)]
#[command(name = "cargo disclosure", bin_name = "cargo disclosure", version)]
struct Cli {
    #[command(subcommand)]
    command: commands::Command,
    #[command(flatten)]
    report: ReportArgs,
}

/// How a command ended, when it did not fail on its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Exit status 0.
    Done,
    /// Exit status 1: a check failed (a stale output, a policy violation, an undeclared recipient).
    Failed,
}

/// Input errors: the notice could not be produced.
const EXIT_INPUT_ERROR: u8 = 2;

fn main() -> ExitCode {
    // `cargo disclosure …` runs `cargo-disclosure disclosure …`.
    let args = std::env::args_os()
        .enumerate()
        .filter(|(i, a)| !(*i == 1 && a == "disclosure"))
        .map(|(_, a)| a);
    let cli = Cli::parse_from(args);
    // Interrupted, a run leaves no temporary file behind; what it had not yet renamed into place
    // is simply not written.
    let _ = ctrlc::set_handler(|| {
        disclosure_core::pipeline::write::remove_temporaries();
        std::process::exit(130);
    });
    let mut report = Report::new(&cli.report);
    let result = commands::run(&cli.command, &mut report);
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            report.errors(&e);
            ExitCode::from(EXIT_INPUT_ERROR)
        }
    }
}
