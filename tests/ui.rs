//! Compile tests of the macros: every diagnostic (tests/ui/fail), every supported item shape
//! (tests/ui/pass), and the two catalogue failures (no catalogue, a malformed one).
//!
//! The cases are checked against `tests/ui/disclosure.toml`, named by `DISCLOSURE_CATALOGUE`. The
//! batches run one after another in one test, because the variable is process-wide.

use std::path::Path;

fn with_catalogue(catalogue: Option<&Path>, run: impl FnOnce(&trybuild::TestCases)) {
    match catalogue {
        Some(path) => set_env(path.as_os_str()),
        None => set_env("".as_ref()),
    }
    let cases = trybuild::TestCases::new();
    run(&cases);
    drop(cases); // Runs the batch.
}

#[allow(unsafe_code)]
fn set_env(value: &std::ffi::OsStr) {
    // SAFETY: `set_var` is unsafe only because another thread could read the environment at the
    // same time; this binary has one test, which runs the batches one after another.
    unsafe { std::env::set_var("DISCLOSURE_CATALOGUE", value) };
}

#[test]
fn ui() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    with_catalogue(Some(&ui.join("disclosure.toml")), |t| {
        t.pass("tests/ui/pass/*.rs");
        t.compile_fail("tests/ui/fail/*.rs");
    });
    with_catalogue(Some(&ui.join("catalogue/disclosure.toml")), |t| {
        t.compile_fail("tests/ui/catalogue/*.rs");
    });
    with_catalogue(None, |t| {
        t.compile_fail("tests/ui/no-catalogue/*.rs");
    });
}
