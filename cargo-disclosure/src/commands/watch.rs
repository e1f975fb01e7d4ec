//! `cargo disclosure watch`: `generate` again whenever a source, a template, a script or a
//! catalogue of the project changes, until interrupted. A run that fails prints its diagnostics and
//! writes nothing, as `generate` does; the next change is tried again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use notify::{RecursiveMode, Watcher};

use super::generate;
use crate::Outcome;
use crate::report::Report;

#[derive(Debug, clap::Args)]
#[group(skip)]
pub(crate) struct Args {
    #[command(flatten)]
    generate: generate::Args,
    /// Quiet time after a change before generating, so that a save of many files is one run.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    debounce: u64,
}

pub(crate) fn run(args: &Args, report: &mut Report) -> Result<Outcome, Error> {
    // Where to watch, and what never to react to: the project as it loads now (or, when it does
    // not, the directory of its manifest).
    let (root, ignored) = match args.generate.project().load(report) {
        Ok((project, _)) => {
            let outputs = generate::plan(&project, args.generate.one())
                .unwrap_or_default()
                .into_iter()
                .map(|o| absolute(&o.path))
                .collect();
            (project.workspace.root.clone(), outputs)
        }
        Err(e) => {
            report.errors(&e);
            let manifest = args
                .generate
                .project()
                .manifest_path
                .clone()
                .unwrap_or_else(|| PathBuf::from("Cargo.toml"));
            let dir = absolute(manifest.parent().unwrap_or(Path::new(".")));
            (dir, BTreeSet::new())
        }
    };
    generate_once(args, report);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| cannot_watch(&root, &e))?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| cannot_watch(&root, &e))?;
    report.status(&format!("watching {} (Ctrl-C to stop)", root.display()));
    let quiet = Duration::from_millis(args.debounce);
    while let Ok(first) = rx.recv() {
        let mut changed: BTreeSet<PathBuf> = relevant(&first, &root, &ignored);
        // Gather the rest of the burst.
        while let Ok(next) = rx.recv_timeout(quiet) {
            changed.extend(relevant(&next, &root, &ignored));
        }
        if let Some(path) = changed.first() {
            let shown = path.strip_prefix(&root).unwrap_or(path);
            let more = changed.len() - 1;
            report.status(&match more {
                0 => format!("changed: {}", shown.display()),
                n => format!("changed: {} and {n} more", shown.display()),
            });
            generate_once(args, report);
        }
    }
    Ok(Outcome::Done)
}

/// One `generate`, its failure printed, not returned: watching goes on.
fn generate_once(args: &Args, report: &mut Report) {
    if let Err(e) = generate::run(&args.generate, report) {
        report.errors(&e);
    }
}

/// The paths of an event that can change the notice: not the outputs it writes, nothing under
/// `target/` or a hidden directory (`.git`), no hidden or temporary file.
fn relevant(
    event: &notify::Result<notify::Event>,
    root: &Path,
    ignored: &BTreeSet<PathBuf>,
) -> BTreeSet<PathBuf> {
    let Ok(event) = event else {
        return BTreeSet::new();
    };
    if event.kind.is_access() {
        return BTreeSet::new();
    }
    event
        .paths
        .iter()
        .filter(|p| !ignored.contains(*p))
        .filter(|p| {
            let inside = p.strip_prefix(root).unwrap_or(p);
            !inside.components().any(|c| {
                let part = c.as_os_str().to_string_lossy();
                part == "target" || part.starts_with('.') || part.ends_with('~')
            })
        })
        .cloned()
        .collect()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn cannot_watch(root: &Path, e: &notify::Error) -> Error {
    Diagnostic::error(
        Code::Environment,
        format!("cannot watch {}: {e}", root.display()),
    )
    .help("on Linux, raise fs.inotify.max_user_watches; or run `cargo disclosure generate` after each change")
    .into()
}
