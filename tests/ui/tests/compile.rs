//! Compile tests of the macros: every diagnostic (`fail/`), every supported item shape (`pass/`),
//! a broken catalogue reported once (`catalogue/`), and a crate with no catalogue, checked against
//! the built-in one alone (`no-catalogue/`).
//!
//! trybuild compiles the cases as binaries of one generated package in
//! `<target>/tests/trybuild/disclosure-ui/`. The macros find that package's catalogue by the rule
//! every build follows (the nearest `disclosure.toml` up to the workspace root, which for the
//! generated package is its own directory), so each batch writes the catalogue it needs there: no
//! process-wide environment variable decides what a macro reads, and cargo rebuilds a case
//! whenever the catalogue's bytes change (the expansion includes them).

use std::path::{Path, PathBuf};

/// The generated package's directory.
fn project_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the temporary directory is inside the target directory")
        .to_path_buf();
    target.join("tests/trybuild/disclosure-ui")
}

/// Runs one batch of cases with `catalogue` (or none) as the generated package's catalogue.
fn batch(catalogue: Option<&str>, run: impl FnOnce(&trybuild::TestCases)) {
    let dir = project_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("disclosure.toml");
    match catalogue {
        Some(text) => std::fs::write(&file, text).unwrap(),
        None => {
            let _ = std::fs::remove_file(&file);
        }
    }
    let cases = trybuild::TestCases::new();
    run(&cases);
    drop(cases); // Runs the batch.
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn ui() {
    // trybuild counts a case for which cargo printed no diagnostic as one that compiled. A failed
    // compiler probe that cargo caches in the generated package's target directory would make
    // every later case print none; so no probe is cached, and a stale cache from an earlier run
    // is removed.
    let target = project_dir().join("../..");
    let _ = std::fs::remove_file(target.join("trybuild/.rustc_info.json"));
    set_env("CARGO_CACHE_RUSTC_INFO", "0");

    batch(Some(&read("disclosure.toml")), |t| {
        t.pass("pass/*.rs");
        t.compile_fail("fail/*.rs");
    });
    batch(Some(&read("catalogue/disclosure.toml")), |t| {
        t.compile_fail("catalogue/*.rs");
    });
    batch(None, |t| {
        t.pass("no-catalogue/pass/*.rs");
        t.compile_fail("no-catalogue/fail/*.rs");
    });
}

#[allow(unsafe_code)]
fn set_env(key: &str, value: &str) {
    // SAFETY: `set_var` is unsafe only because another thread could read the environment at the
    // same time; this binary has one test, which sets it before any thread is started.
    unsafe { std::env::set_var(key, value) };
}
