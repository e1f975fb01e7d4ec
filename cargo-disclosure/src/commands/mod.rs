//! One module per subcommand.

pub(crate) mod catalogue;
mod check;
mod coverage;
mod diff;
mod explain;
mod extract;
mod generate;
mod init;
mod policy;
mod review;
mod schema;
mod verify;
mod vocabulary;
mod watch;

use disclosure_core::foundation::diagnostic::Error;

use crate::Outcome;
use crate::report::Report;

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Write every output disclosure.toml declares, or, with flags, one output (standard output by
    /// default).
    Generate(generate::Args),
    /// Check that every declared output is what the code and disclosure.toml produce today; never
    /// writes. Exit status 1 when one is stale or missing.
    Check(check::Args),
    /// Find transmissions no annotation declares (exit status 1): crates of the dependency graph
    /// that send to a recipient, catalogued hosts in the source's strings, tags in templates and
    /// scripts, a Tauri app's configuration, and an app's npm, iOS and Android packages; and
    /// declared recipients whose crates left the graph (docs/discovery.md).
    Coverage(coverage::Args),
    /// Summarise, in plain words, what changed between two notices (JSON files, or a git revision
    /// and the working tree).
    Diff(diff::Args),
    /// Check the organisation's rules in `[policy]` (exit status 1 when a `deny` rule is violated).
    Policy(policy::Args),
    /// For reviewers: where each fact and each transmission comes from (files, lines, catalogues),
    /// and, with captures, whether each was observed.
    Review(review::Args),
    /// Check the notice against the requests a program really made (HAR files, the recorder's
    /// captures): exit status 1 on a request to an undeclared host, undeclared data, a provider
    /// contacted after the user opted out.
    Verify(verify::Args),
    /// Write a commented starter disclosure.toml (never overwrites one).
    Init(init::Args),
    /// List the recipients a project can name: its own and the built-in ones.
    Catalogue(catalogue::Args),
    /// List the built-in data items and purposes, with their labels.
    Vocabulary,
    /// Print a JSON Schema: of the notice model, of disclosure.toml, or of a diagnostic.
    Schema(schema::Args),
    /// Explain a diagnostic code (`D0206`), or list them all.
    Explain(explain::Args),
    /// Write one package's declarations as a file (JSON, naming the files read), for `generate
    /// --declarations` to build the notice from without reading the sources.
    Extract(extract::Args),
    /// Generate the declared outputs again whenever a source, template, script or catalogue of
    /// the project changes, until interrupted.
    Watch(watch::Args),
}

/// Runs `command`, printing its diagnostics through `report`.
pub(crate) fn run(command: &Command, report: &mut Report) -> Result<Outcome, Error> {
    match command {
        Command::Generate(args) => generate::run(args, report),
        Command::Check(args) => check::run(args, report),
        Command::Coverage(args) => coverage::run(args, report),
        Command::Diff(args) => diff::run(args, report),
        Command::Policy(args) => policy::run(args, report),
        Command::Review(args) => review::run(args, report),
        Command::Verify(args) => verify::run(args, report),
        Command::Init(args) => init::run(args, report),
        Command::Catalogue(args) => catalogue::run(args, report),
        Command::Vocabulary => vocabulary::run(),
        Command::Schema(args) => schema::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Extract(args) => extract::run(args, report),
        Command::Watch(args) => watch::run(args, report),
    }
}
