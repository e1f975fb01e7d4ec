//! Real `cargo build`s of small crates depending on this one: an undisclosed field stops the
//! build, and editing `disclosure.toml` makes the next build check the annotations again.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Builds the package in `dir` with its own target directory under this workspace's, so the
/// dependencies compile once for every test here.
fn cargo_build(dir: &Path) -> Output {
    let target = common::root().join("target").join("fixture-builds");
    std::process::Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("DISCLOSURE_CATALOGUE")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A package named `name` in `dir`, depending on this repository's `disclosure` by path, with
/// this workspace's lock file so no version is resolved anew.
fn write_manifest(dir: &Path, name: &str) {
    let root = common::root();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [dependencies]\ndisclosure = {{ path = {:?} }}\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest: PathBuf = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

#[test]
fn an_undisclosed_field_in_the_door_example_does_not_build() {
    let dir = tempfile::tempdir().unwrap();
    let example = common::root().join("examples/door");
    copy_dir(&example.join("src"), &dir.path().join("src"));
    fs::copy(
        example.join("disclosure.toml"),
        dir.path().join("disclosure.toml"),
    )
    .unwrap();
    write_manifest(dir.path(), "door-example");
    let out = cargo_build(dir.path());
    assert!(
        out.status.success(),
        "the copy builds as it is:\n{}",
        stderr(&out)
    );

    let analytics = dir.path().join("src/analytics.rs");
    let source = fs::read_to_string(&analytics).unwrap();
    let with_email = source.replacen(
        "    pub url: String,\n",
        "    pub url: String,\n    pub email: String,\n",
        1,
    );
    assert_ne!(source, with_email);
    fs::write(&analytics, with_email).unwrap();
    let out = cargo_build(dir.path());
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("field `email` of `PageView` is not accounted for in the disclosure"),
        "{err}"
    );
    assert!(err.contains("src/analytics.rs:28:9"), "{err}");
}

#[test]
fn editing_the_catalogue_rebuilds_and_checks_again() {
    let dir = tempfile::tempdir().unwrap();
    write_manifest(dir.path(), "rebuild-fixture");
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclosure::disclose(provider = \"house-metrics\", data = [page_url], purpose = [analytics])]\n\
         pub fn page_view() {}\n",
    )
    .unwrap();
    let catalogue = |provider: &str| {
        format!(
            "[operator]\nname = \"Example K.K.\"\n\n[[provider]]\nid = \"{provider}\"\nservice = \"GA\"\nentity = \"Google LLC\"\n"
        )
    };
    let toml = dir.path().join("disclosure.toml");
    fs::write(&toml, catalogue("house-metrics")).unwrap();
    let out = cargo_build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));

    // Only the catalogue changes: cargo must still recompile the crate, so the macro sees the
    // provider is gone.
    fs::write(&toml, catalogue("house-stats")).unwrap();
    let out = cargo_build(dir.path());
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "the build missed the catalogue change"
    );
    assert!(err.contains("unknown provider `house-metrics`"), "{err}");
    assert!(
        err.contains("declare it as a `[[provider]]` table in"),
        "{err}"
    );

    fs::write(&toml, catalogue("house-metrics")).unwrap();
    let out = cargo_build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}
