//! `cargo disclosure schema`: the JSON Schemas, embedded in the binary.

use disclosure_core::foundation::diagnostic::Error;
use disclosure_core::pipeline::schema;

use crate::Outcome;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Which schema.
    #[arg(value_enum)]
    of: SchemaOf,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum SchemaOf {
    /// The notice model: what `--format json` writes.
    Notice,
    /// The catalogue: what disclosure.toml may hold.
    Catalogue,
    /// One line of `--message-format json`.
    Diagnostic,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    terminal::write_stdout(&match args.of {
        SchemaOf::Notice => schema::notice(),
        SchemaOf::Catalogue => schema::catalogue(),
        SchemaOf::Diagnostic => schema::diagnostic(),
    })
}
