//! `cargo disclosure`: generate and check the external-transmission notice of a Rust workspace.
//!
//! Exit status: 0 on success (for `check`: every output is fresh); 1 when `check` finds an output
//! stale or missing; 2 when the input is wrong (a malformed `disclosure.toml`, an unknown id, a
//! source file that does not parse, an unwritable output, a bad flag). Nothing is written unless
//! everything succeeded.

mod catalogue_cmd;
mod check;
mod coverage_cmd;
mod diff;
mod generate;
mod init;
mod policy_cmd;
mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::localized::Lang;
use disclosure_core::render::Format;
use disclosure_core::{schema, vocabulary};

/// Generate and check the external-transmission notice (Japan TBA Art. 27-12) from
/// `#[disclose(...)]` annotations and `disclosure.toml`.
#[derive(Debug, Parser)]
#[command(name = "cargo disclosure", bin_name = "cargo disclosure", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write every output disclosure.toml declares, or, with flags, one output (standard output by
    /// default).
    Generate(generate::Args),
    /// Check that every declared output is what the code and disclosure.toml produce today; never
    /// writes. Exit status 1 when one is stale or missing.
    Check(check::Args),
    /// Find crates in the dependency graph that send to a recipient no annotation declares (exit
    /// status 1), and declared recipients whose crates left the graph.
    Coverage(coverage_cmd::Args),
    /// Summarise, in plain words, what changed between two notices (JSON files, or a git revision
    /// and the working tree).
    Diff(diff::Args),
    /// Check the organisation's rules in `[policy]` (exit status 1 when a `deny` rule is violated).
    Policy(policy_cmd::Args),
    /// Write a commented starter disclosure.toml (never overwrites one).
    Init(init::Args),
    /// List the recipients a project can name: its own and the built-in ones.
    Catalogue(catalogue_cmd::Args),
    /// List the built-in data items and purposes, with their labels.
    Vocabulary,
    /// Print a JSON Schema: of the notice model (`--format json` output) or of disclosure.toml.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        of: SchemaOf,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum SchemaOf {
    /// The notice model: what `--format json` writes.
    Notice,
    /// The catalogue: what disclosure.toml may hold.
    Catalogue,
    /// The JSON form of `cargo disclosure policy --format json`.
    Policy,
}

/// Options every command that reads a project takes.
#[derive(Debug, clap::Args)]
struct ProjectArgs {
    /// Path to Cargo.toml (default: the one cargo would use from the current directory).
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Features to activate, as for cargo (the dependency graph, and `#[cfg(feature)]`).
    #[arg(long, short = 'F', value_delimiter = ',')]
    features: Vec<String>,
    /// Activate every feature.
    #[arg(long)]
    all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long)]
    no_default_features: bool,
    /// Only the dependencies of this target triple.
    #[arg(long, value_name = "TRIPLE")]
    target: Option<String>,
}

impl ProjectArgs {
    /// Loads the project these options name.
    pub(crate) fn load(
        &self,
    ) -> Result<
        (
            disclosure_core::generate::Project,
            Vec<disclosure_core::diagnostic::Diagnostic>,
        ),
        Error,
    > {
        let options = disclosure_core::scan::GraphOptions {
            features: self.features.clone(),
            all_features: self.all_features,
            no_default_features: self.no_default_features,
            target: self.target.clone(),
        };
        disclosure_core::generate::Project::load_with(self.manifest_path.as_deref(), &options)
    }
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

pub(crate) fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// How a command ended, when it did not fail on its input.
pub(crate) enum Outcome {
    /// Exit status 0.
    Done,
    /// Exit status 1: `check` found an output stale or missing.
    Stale,
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
    let result = match cli.command {
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Coverage(args) => coverage_cmd::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Policy(args) => policy_cmd::run(&args),
        Command::Catalogue(args) => catalogue_cmd::run(&args),
        Command::Vocabulary => vocabulary_table(),
        Command::Schema { of } => terminal::write_stdout(&match of {
            SchemaOf::Notice => schema::notice(),
            SchemaOf::Catalogue => schema::catalogue(),
            SchemaOf::Policy => schema::policy(),
        }),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Stale) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INPUT_ERROR)
        }
    }
}

pub(crate) fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}\n");
    }
}

fn vocabulary_table() -> Result<Outcome, Error> {
    let v = vocabulary::builtin();
    let mut out = String::new();
    for (heading, terms) in [("Data items", &v.data_items), ("Purposes", &v.purposes)] {
        out.push_str(&format!("{heading}:\n"));
        let width = terms.iter().map(|t| t.id().len()).max().unwrap_or(0);
        for t in terms {
            out.push_str(&format!(
                "  {:width$}  {} / {}\n",
                t.id(),
                t.label.get(Lang::Ja).unwrap_or_default(),
                t.label.get(Lang::En).unwrap_or_default(),
            ));
        }
        out.push('\n');
    }
    terminal::write_stdout(&out)
}
