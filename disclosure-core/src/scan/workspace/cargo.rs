//! Running `cargo metadata` so that it runs nothing the project names and writes nothing.
//!
//! `cargo metadata` itself reads manifests and resolves the graph; to learn the target's
//! configuration it also runs the Rust compiler (`rustc -vV`, `rustc --print cfg`). A repository's
//! `.cargo/config.toml` can name a compiler wrapper (`build.rustc-wrapper`,
//! `build.rustc-workspace-wrapper`) or another compiler (`build.rustc`), and its
//! `rust-toolchain.toml` can name a toolchain directory of its own. Here the wrappers are turned
//! off through the environment variables that take precedence over the configuration, the compiler
//! is the one installed beside the `cargo` that runs (when that is a real toolchain directory), and
//! so is the toolchain rustup selects. An existing `Cargo.lock` is used as it is (`--locked`); where
//! there is none, cargo's freshly resolved one is removed again, so the project's files are as they
//! were.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use cargo_metadata::{CargoOpt, Metadata, MetadataCommand};

use super::GraphOptions;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The `cargo` to run: the one that started this program (`CARGO`), else the one on `PATH`,
/// found here so that its own `rustc` beside it is named as `RUSTC` (a configuration's
/// `build.rustc` is then never run, on either route).
fn cargo_program() -> PathBuf {
    if let Some(cargo) = std::env::var_os("CARGO").filter(|c| !c.is_empty()) {
        return PathBuf::from(cargo);
    }
    let name = format!("cargo{}", std::env::consts::EXE_SUFFIX);
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .filter(|dir| dir.is_absolute())
                .map(|dir| dir.join(&name))
                .find(|candidate| candidate.is_file())
        })
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// The variables that name a compiler wrapper.
const WRAPPER_VARIABLES: [&str; 4] = [
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_BUILD_RUSTC_WRAPPER",
    "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
];

/// Whether a wrapper could be in force: a variable names one, or a configuration file cargo
/// would read from `dirs` (or from cargo's home) mentions one.
pub(crate) fn wrapper_named<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> bool {
    if WRAPPER_VARIABLES
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
    {
        return true;
    }
    config_files(dirs).iter().any(|f| {
        crate::foundation::files::read_bounded(f, 8 << 20)
            .is_ok_and(|bytes| bytes.windows(7).any(|w| w == b"wrapper"))
    })
}

/// The configuration files cargo may read for a run in any of `dirs`: `.cargo/config[.toml]` in
/// each directory and its ancestors, and those of cargo's home.
pub(super) fn config_files<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        for ancestor in dir.ancestors() {
            files.push(ancestor.join(".cargo/config"));
            files.push(ancestor.join(".cargo/config.toml"));
        }
    }
    let home = std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = home {
        files.push(home.join("config"));
        files.push(home.join("config.toml"));
    }
    files.sort();
    files.dedup();
    files
}

/// The environment `cargo metadata` runs with: every variable that would let the project choose
/// a program, set to the value that chooses none (or the toolchain's own). The wrappers are
/// turned off where one could be in force (`wrapper_in_force`): an empty wrapper variable also
/// turns off cargo's cache of the compiler's answers, which would cost every run the compiler's
/// probes.
pub(crate) fn neutral_environment(
    cargo: &Path,
    wrapper_in_force: bool,
) -> Vec<(&'static str, OsString)> {
    let mut env: Vec<(&'static str, OsString)> = if wrapper_in_force {
        WRAPPER_VARIABLES
            .into_iter()
            .map(|k| (k, OsString::new()))
            .collect()
    } else {
        Vec::new()
    };
    // A cargo inside a rustup toolchain (`…/toolchains/<name>/bin/cargo`): its own rustc, and that
    // toolchain for anything rustup resolves, whatever `rust-toolchain.toml` says.
    if let Some(bin) = cargo.parent()
        && cargo.is_absolute()
    {
        let rustc = bin.join(format!("rustc{}", std::env::consts::EXE_SUFFIX));
        if rustc.is_file() {
            env.push(("RUSTC", rustc.into_os_string()));
            env.push(("CARGO_BUILD_RUSTC", bin.join("rustc").into_os_string()));
        }
        let toolchain = bin.parent();
        if let (Some(toolchain), Some(toolchains)) = (toolchain, toolchain.and_then(Path::parent))
            && toolchains.file_name().is_some_and(|n| n == "toolchains")
            && let Some(name) = toolchain.file_name()
        {
            env.push(("RUSTUP_TOOLCHAIN", name.to_os_string()));
        }
    }
    env
}

/// Runs `cargo metadata` for `manifest_path` with `options`, in the neutral environment.
/// `workspace_root` is where the lock file would be (the nearest manifest with `[workspace]`).
pub(super) fn metadata(
    manifest_path: &Path,
    workspace_root: &Path,
    options: &GraphOptions,
) -> Result<Metadata, Error> {
    let cargo = cargo_program();
    let mut command = MetadataCommand::new();
    command.cargo_path(&cargo).manifest_path(manifest_path);
    let cwd = std::env::current_dir().unwrap_or_default();
    let wrapper = wrapper_named([
        cwd.as_path(),
        manifest_path.parent().unwrap_or(workspace_root),
    ]);
    for (key, value) in neutral_environment(&cargo, wrapper) {
        command.env(key, value);
    }
    if options.all_features {
        command.features(CargoOpt::AllFeatures);
    }
    if options.no_default_features {
        command.features(CargoOpt::NoDefaultFeatures);
    }
    if !options.features.is_empty() {
        command.features(CargoOpt::SomeFeatures(options.features.clone()));
    }
    let lock = workspace_root.join("Cargo.lock");
    let run = |locked: bool| {
        let mut command = command.clone();
        let mut other = Vec::new();
        if locked {
            other.push("--locked".to_string());
        }
        if let Some(target) = &options.target {
            other.extend(["--filter-platform".to_string(), target.clone()]);
        }
        command.other_options(other);
        let result = command.exec();
        if !locked {
            // Cargo resolved the graph and wrote a lock file the project did not have: remove it.
            let _ = std::fs::remove_file(&lock);
        }
        result
    };
    let had_lock = lock.is_file();
    let mut result = run(had_lock);
    if had_lock && result.is_err() && !lock.is_file() {
        // The lock file went away while cargo read it: another run over a project without one
        // removed the file it had let cargo write. Read the graph as that run did.
        result = run(false);
    }
    result.map_err(|e| failed(manifest_path, &e))
}

/// Cargo's own message, with what to do.
fn failed(manifest_path: &Path, e: &cargo_metadata::Error) -> Error {
    let (message, stderr) = match e {
        cargo_metadata::Error::CargoMetadata { stderr } => (
            "`cargo metadata` failed".to_string(),
            stderr.trim().to_string(),
        ),
        other => (
            format!("cannot run `cargo metadata`: {other}"),
            String::new(),
        ),
    };
    let help = if stderr.contains("toolchain") && stderr.contains("not installed") {
        "the project pins a toolchain (rust-toolchain.toml) that is not installed: install it with \
         `rustup toolchain install`, or run with an installed one (`cargo +stable disclosure …`)"
    } else if stderr.contains("lock file") && stderr.contains("--locked") {
        "Cargo.lock is out of date, and it is read as it is (`--locked`), never rewritten: run \
         `cargo update -w` (or any cargo build) to refresh it, then run again"
    } else if stderr.contains("could not find") || stderr.contains("failed to parse manifest") {
        "fix what cargo reports in the manifest, then run again"
    } else {
        "what failed is cargo's own step (its message is above): fix what it says, or run the same \
         `cargo metadata --manifest-path …` to see it, then run again"
    };
    // Cargo's advice to drop `--locked` is for whoever typed it; here the tool passes it, and the
    // help says what to do instead.
    let stderr: String = stderr
        .lines()
        .filter(|l| !l.contains("remove the --locked flag"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = if stderr.is_empty() {
        format!("{message} for {}", manifest_path.display())
    } else {
        format!(
            "{message} for {}; cargo said:\n{}",
            manifest_path.display(),
            crate::foundation::report::clean(&stderr)
        )
    };
    Diagnostic::error(Code::CargoFailed, text).help(help).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_out_of_date_lock_file_gets_the_fix_and_not_cargos_advice_to_drop_locked() {
        let e = cargo_metadata::Error::CargoMetadata {
            stderr: "error: the lock file /p/Cargo.lock needs to be updated but --locked was passed to prevent this\nIf you want to try to generate the lock file without accessing the network, remove the --locked flag and use --offline instead.\n".into(),
        };
        let text = failed(Path::new("/p/Cargo.toml"), &e).to_string();
        assert!(text.contains("needs to be updated"), "{text}");
        assert!(text.contains("`cargo update -w`"), "{text}");
        assert!(!text.contains("remove the --locked flag"), "{text}");
    }

    #[test]
    fn wrappers_are_turned_off_wherever_one_is_named() {
        let env = neutral_environment(Path::new("cargo"), true);
        for key in WRAPPER_VARIABLES {
            assert!(env.iter().any(|(k, v)| *k == key && v.is_empty()), "{key}");
        }
        assert!(
            !env.iter().any(|(k, _)| *k == "RUSTC"),
            "no toolchain known"
        );
        // Where none is named, cargo keeps its cache of the compiler's answers.
        assert!(neutral_environment(Path::new("cargo"), false).is_empty());
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p");
        std::fs::create_dir_all(project.join(".cargo")).unwrap();
        std::fs::write(
            project.join(".cargo/config.toml"),
            "[net]\noffline = true\n",
        )
        .unwrap();
        let named_elsewhere = wrapper_named([]);
        assert_eq!(wrapper_named([project.as_path()]), named_elsewhere);
        std::fs::write(
            project.join(".cargo/config.toml"),
            "[build]\nrustc-wrapper = \"/bin/sh\"\n",
        )
        .unwrap();
        assert!(wrapper_named([project.join("src").as_path()]));
    }

    #[test]
    fn a_toolchain_cargo_brings_its_own_rustc_and_toolchain() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("toolchains/stable-x/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("rustc"), "").unwrap();
        let env = neutral_environment(&bin.join("cargo"), false);
        let get = |key: &str| env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        assert_eq!(get("RUSTC"), Some(bin.join("rustc").into_os_string()));
        assert_eq!(get("RUSTUP_TOOLCHAIN"), Some("stable-x".into()));
    }
}
