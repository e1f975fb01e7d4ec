//! `cargo disclosure diff`: what changed between two notices, in plain words.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use disclosure_core::changes;
use disclosure_core::diagnostic::{Diagnostic, Error, Location};
use disclosure_core::generate::Project;
use disclosure_core::localized::Lang;
use disclosure_core::model::Notice;

use crate::{Outcome, ProjectArgs, parse_lang, print_warnings, terminal};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["files", "since"])))]
pub(crate) struct Args {
    /// Two notices as JSON (`--format json` output): the old one, then the new one.
    #[arg(num_args = 2, value_names = ["OLD", "NEW"])]
    files: Vec<PathBuf>,
    /// Compare the notice the code and disclosure.toml had at this git revision with the working
    /// tree's.
    #[arg(long, value_name = "REV", conflicts_with = "files")]
    since: Option<String>,
    #[command(flatten)]
    project: ProjectArgs,
    /// Language of the summary.
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let (old, new) = match &args.since {
        Some(rev) => since(rev, &args.project)?,
        None => (read_notice(&args.files[0])?, read_notice(&args.files[1])?),
    };
    terminal::write_stdout(&changes::summary(&changes::changes(&old, &new), args.lang))
}

fn read_notice(path: &Path) -> Result<Notice, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {}: {e}", path.display()))
            .help("give the paths of two notices written with --format json")
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(format!("{} is not a notice: {e}", path.display()))
            .at(Location::new(path, e.line(), e.column()))
            .help("give a file written by `cargo disclosure generate --format json`")
            .into()
    })
}

/// The notice at `rev` (from `git archive`) and the working tree's.
fn since(rev: &str, project: &ProjectArgs) -> Result<(Notice, Notice), Error> {
    let (current, mut warnings) = project.load()?;
    let (new, more) = current.notice()?;
    warnings.extend(more);
    print_warnings(&warnings);

    let manifest = std::path::absolute(&current.workspace.manifest_path)
        .unwrap_or_else(|_| current.workspace.manifest_path.clone());
    let dir = manifest.parent().unwrap_or(Path::new("/"));
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim());
    let relative = manifest.strip_prefix(&top).map_err(|_| {
        Diagnostic::error(format!(
            "{} is not inside the git repository at {}",
            manifest.display(),
            top.display()
        ))
    })?;
    let old_tree = tempfile::tempdir()
        .map_err(|e| Diagnostic::error(format!("cannot create a temporary directory: {e}")))?;
    extract(&top, rev, old_tree.path())?;
    let old_manifest = old_tree.path().join(relative);
    if !old_manifest.is_file() {
        return Err(Diagnostic::error(format!(
            "{} does not exist at revision {rev}",
            relative.display()
        ))
        .help("choose a revision where the package existed")
        .into());
    }
    let (old_project, _) = Project::load(Some(&old_manifest)).map_err(|e| {
        Diagnostic::error(format!(
            "the notice at revision {rev} cannot be built:\n{e}"
        ))
    })?;
    let (old, _) = old_project.notice()?;
    Ok((old, new))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| Diagnostic::error(format!("cannot run git: {e}")).help("install git"))?;
    if !out.status.success() {
        return Err(Diagnostic::error(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The tree of `rev` in `to`: `git archive rev | tar -x -C to`.
fn extract(top: &Path, rev: &str, to: &Path) -> Result<(), Error> {
    let failed = |what: String| -> Error {
        Diagnostic::error(format!("cannot read revision {rev}: {what}"))
            .help("give a revision `git rev-parse` knows, such as HEAD~1 or origin/main")
            .into()
    };
    let mut archive = Command::new("git")
        .args(["archive", "--format=tar", rev])
        .current_dir(top)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    let tar_in = archive.stdout.take().expect("piped");
    let tar = Command::new("tar")
        .args(["-x", "-f", "-", "-C"])
        .arg(to)
        .stdin(tar_in)
        .output()
        .map_err(|e| failed(format!("cannot run tar: {e}")))?;
    let archived = archive
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !archived.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&archived.stderr).trim().to_string(),
        ));
    }
    if !tar.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&tar.stderr).trim().to_string(),
        ));
    }
    Ok(())
}
