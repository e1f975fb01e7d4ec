//! `cargo disclosure`: generate the external-transmission notice of a Rust workspace.
//!
//! Exit status: 0 on success; 2 when the input is wrong (a malformed `disclosure.toml`, an unknown id,
//! a source file that does not parse, an unwritable output, a bad flag). Nothing is written unless
//! everything succeeded.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_core::diagnostic::{Diagnostic, Error};
use disclosure_core::localized::Lang;
use disclosure_core::render::{self, Format, Options, UserTemplate};
use disclosure_core::schema;
use disclosure_core::vocabulary;
use disclosure_core::write::write_atomic;

/// Generate the external-transmission notice (Japan TBA Art. 27-12) from `#[disclose(...)]`
/// annotations and `disclosure.toml`.
#[derive(Debug, Parser)]
#[command(name = "cargo disclosure", bin_name = "cargo disclosure", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan the package's sources and print (or write) the notice.
    Generate(GenerateArgs),
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
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Path to Cargo.toml (default: the one cargo would use from the current directory).
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Languages of the notice, in order: `ja`, `en`, or both (`ja,en`).
    #[arg(long, default_value = "ja", value_delimiter = ',', value_parser = parse_lang)]
    lang: Vec<Lang>,
    /// Output format: markdown, html, mermaid (a diagram for reviewers), or json (the notice
    /// model, in both languages).
    #[arg(long, default_value = "markdown", value_parser = parse_format)]
    format: Format,
    /// HTML: only the notice's content, to embed in an existing page.
    #[arg(long)]
    fragment: bool,
    /// Render with this template instead of the built-in one (see docs/output.md).
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Write to this file (through a temporary file and a rename) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
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
        Command::Generate(args) => generate(&args),
        Command::Vocabulary => vocabulary_table(),
        Command::Schema { of } => write_stdout(&match of {
            SchemaOf::Notice => schema::notice(),
            SchemaOf::Catalogue => schema::catalogue(),
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INPUT_ERROR)
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}\n");
    }
}

fn generate(args: &GenerateArgs) -> Result<(), Error> {
    let (notice, warnings) = disclosure_core::generate::notice(args.manifest_path.as_deref())?;
    print_warnings(&warnings);
    if args.fragment && args.format != Format::Html {
        return Err(
            Diagnostic::error("--fragment only applies to --format html")
                .help("drop --fragment, or add --format html")
                .into(),
        );
    }
    let template = args
        .template
        .as_deref()
        .map(UserTemplate::load)
        .transpose()?;
    let mut langs = args.lang.clone();
    langs.dedup();
    let options = Options {
        format: args.format,
        langs,
        fragment: args.fragment,
        template,
    };
    let text = render::render_with(&notice, &options)?;
    match &args.out {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
        None => write_stdout(&text),
    }
}

fn vocabulary_table() -> Result<(), Error> {
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
    write_stdout(&out)
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Diagnostic::error(format!("cannot write to standard output: {e}")).into())
}
