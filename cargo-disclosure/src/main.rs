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
use disclosure_core::render::{self, Format};
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
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Path to Cargo.toml (default: the one cargo would use from the current directory).
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Language of the notice.
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
    /// Output format: markdown, or json (the notice model, in both languages).
    #[arg(long, default_value = "markdown", value_parser = parse_format)]
    format: Format,
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
    let text = render::render(&notice, args.format, args.lang)?;
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
