//! `cargo disclosure diff`: what changed between two notices, in plain words.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use disclosure_core::changes;
use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error, Location};
use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::pipeline::Project;

use super::generate::parse_lang;
use crate::Outcome;
use crate::project::ProjectArgs;
use crate::report::Report;
use crate::terminal;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["files", "since"])))]
pub(crate) struct Args {
    /// Two notices as JSON (`--format json` output): the old one, then the new one.
    #[arg(num_args = 2, value_names = ["OLD", "NEW"])]
    files: Vec<PathBuf>,
    /// Compare the notice the code and disclosure.toml had at this git revision with the working
    /// tree's (same features and target).
    #[arg(long, value_name = "REV", conflicts_with = "files")]
    since: Option<String>,
    #[command(flatten)]
    project: ProjectArgs,
    /// Language of the summary.
    #[arg(long, default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    let (old, new) = match &args.since {
        Some(rev) => since(rev, &args.project, report)?,
        None => (read_notice(&args.files[0])?, read_notice(&args.files[1])?),
    };
    terminal::write_stdout(&changes::summary(&old, &new, args.lang))
}

fn read_notice(path: &Path) -> Result<Notice, Error> {
    // A notice is a few hundred kilobytes; the bound keeps a wrong path (a device, a huge file)
    // from costing memory.
    let text =
        disclosure_core::foundation::files::read_bounded_text(path, 64 << 20).map_err(|e| {
            Diagnostic::error(
                Code::NoticeFileInvalid,
                format!("cannot read {}: {e}", path.display()),
            )
            .help("give the paths of two notices written with --format json")
        })?;
    serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(
            Code::NoticeFileInvalid,
            format!("{} is not a notice: {e}", path.display()),
        )
        .at(Location::new(path, e.line(), e.column()))
        .help("give a file written by `cargo disclosure generate --format json`")
        .into()
    })
}

/// The notice at `rev` (from `git archive`) and the working tree's.
fn since(rev: &str, project: &ProjectArgs, report: &mut Report) -> Result<(Notice, Notice), Error> {
    let (current, warnings) = project.load(report)?;
    let (new, more) = current.notice()?;
    report.warnings(warnings.into_iter().chain(more).collect())?;

    let manifest = std::path::absolute(&current.workspace.manifest_path)
        .unwrap_or_else(|_| current.workspace.manifest_path.clone());
    let dir = manifest.parent().unwrap_or(Path::new("/"));
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim());
    let relative = manifest.strip_prefix(&top).map_err(|_| {
        Diagnostic::error(
            Code::GitFailed,
            format!(
                "{} is not inside the git repository at {}",
                manifest.display(),
                top.display()
            ),
        )
    })?;
    // The revision, validated and resolved before anything else sees it: never an option.
    let tree = resolve(&top, rev)?;
    // Beside the repository, so that path dependencies outside it (`../disclosure`) resolve as
    // they do from the working tree; in the system's temporary directory if that is not writable.
    let old_tree = top
        .parent()
        .and_then(|parent| {
            tempfile::Builder::new()
                .prefix(".disclosure-since-")
                .tempdir_in(parent)
                .ok()
        })
        .map_or_else(tempfile::tempdir, Ok)
        .map_err(|e| {
            Diagnostic::error(
                Code::Environment,
                format!("cannot create a temporary directory: {e}"),
            )
        })?;
    extract(&top, &tree, rev, old_tree.path())?;
    let old_manifest = old_tree.path().join(relative);
    if !old_manifest.is_file() {
        return Err(Diagnostic::error(
            Code::GitFailed,
            format!("{} does not exist at revision {rev}", relative.display()),
        )
        .help("choose a revision where the package existed")
        .into());
    }
    let (old_project, _) =
        Project::load_with(Some(&old_manifest), &project.graph()).map_err(|e| {
            let mut all = vec![
                Diagnostic::error(
                    Code::GitFailed,
                    format!("the notice at revision {rev} cannot be built"),
                )
                .help("the diagnostics below are those of the project at that revision"),
            ];
            all.extend(e.into_diagnostics());
            Error::from_diagnostics(all)
        })?;
    let (old, _) = old_project.notice()?;
    Ok((old, new))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| {
            Diagnostic::error(Code::GitFailed, format!("cannot run git: {e}")).help("install git")
        })?;
    if !out.status.success() {
        return Err(Diagnostic::error(
            Code::GitFailed,
            format!(
                "`git {}` failed: {}",
                args.join(" "),
                terminal::clean(String::from_utf8_lossy(&out.stderr).trim())
            ),
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The tree object `rev` names, or an error; `rev` is never taken for an option.
fn resolve(top: &Path, rev: &str) -> Result<String, Error> {
    let bad = || -> Error {
        Diagnostic::error(
            Code::GitFailed,
            format!("`{}` is not a revision", terminal::clean(rev)),
        )
        .help("give a revision `git rev-parse` knows, such as HEAD~1 or origin/main")
        .into()
    };
    if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n']) {
        return Err(bad());
    }
    let spec = format!("{rev}^{{tree}}");
    let tree = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .map_err(|_| bad())?;
    let tree = tree.trim().to_string();
    if tree.is_empty() || !tree.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok(tree)
}

/// The tree `tree` (of revision `rev`) in `to`: `git archive tree | tar -x -C to`.
fn extract(top: &Path, tree: &str, rev: &str, to: &Path) -> Result<(), Error> {
    let failed = |what: String| -> Error {
        Diagnostic::error(
            Code::GitFailed,
            format!("cannot read revision {rev}: {what}"),
        )
        .help("give a revision `git rev-parse` knows, such as HEAD~1 or origin/main")
        .into()
    };
    let mut archive = Command::new("git")
        .args(["archive", "--format=tar", tree])
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
        return Err(failed(terminal::clean(
            String::from_utf8_lossy(&archived.stderr).trim(),
        )));
    }
    if !tar.status.success() {
        return Err(failed(terminal::clean(
            String::from_utf8_lossy(&tar.stderr).trim(),
        )));
    }
    Ok(())
}
