//! `cargo disclosure explain`: what a diagnostic code means. `docs/diagnostics.md` shows each one
//! with a failing example and its fix.

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;
use crate::terminal;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The code (`D0206`) or its name (`unknown-id`); none lists every code.
    code: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let Some(given) = &args.code else {
        let mut out = String::new();
        for code in Code::ALL {
            out.push_str(&format!(
                "{}  {:28}  {}\n",
                code.id(),
                code.name(),
                code.summary()
            ));
        }
        return terminal::write_stdout(&out);
    };
    let code: Code = given.parse().map_err(|e: String| {
        Error::from(
            Diagnostic::error(Code::FlagInvalid, e)
                .help("`cargo disclosure explain` lists every code"),
        )
    })?;
    terminal::write_stdout(&format!(
        "{} ({}): {}\n\nA failing example and its fix: docs/diagnostics.md#{}\n",
        code.id(),
        code.name(),
        code.summary(),
        code.id().to_ascii_lowercase()
    ))
}
