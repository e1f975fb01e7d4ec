//! `cargo disclosure init`: a commented starter `disclosure.toml`.

use std::path::PathBuf;

use disclosure_core::catalogue::FILE_NAME;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to write disclosure.toml in (default: the current directory; usually the
    /// workspace root).
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

/// The starter catalogue: valid as it is, every table explained.
pub(crate) const STARTER: &str = include_str!("starter.toml");

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let path = args.dir.join(FILE_NAME);
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error(
                Code::FlagInvalid,
                format!("{} already exists", path.display()),
            )
            .help("init never overwrites a catalogue; edit it, or remove it first")
            .into());
        }
        Err(e) => {
            return Err(Diagnostic::error(
                Code::OutputWrite,
                format!("cannot create {}: {e}", path.display()),
            )
            .help("check that the directory exists and is writable")
            .into());
        }
    };
    std::io::Write::write_all(&mut file, STARTER.as_bytes()).map_err(|e| {
        let _ = std::fs::remove_file(&path);
        Diagnostic::error(
            Code::OutputWrite,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    report.status(&format!(
        "wrote {}: fill in [operator], declare each recipient as a [[provider]], then annotate the code (docs/getting-started.md)",
        path.display()
    ));
    Ok(Outcome::Done)
}
