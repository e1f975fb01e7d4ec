//! A catalogue of bad and hostile input, through the real binary: each is a clear error naming the
//! input, exit status 2, no panic, and no output written or changed.

mod common;

use std::fs;

use common::*;

/// `generate --out notice.md` over a previous file must fail with exit 2, say every `expected`
/// text, and leave the file as it was.
fn refused(fixture: &Fixture, expected: &[&str]) {
    fixture.fails_without_touching_output(expected);
}

#[test]
fn catalogue_nested_too_deep() {
    let deep = format!(
        "[operator]\nname = \"x\"\nnotes = {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    refused(
        &Fixture::new(&deep, SOURCE),
        &["disclosure.toml is not a valid catalogue", "recursion"],
    );
}

#[test]
fn catalogue_larger_than_any_real_one() {
    let huge = format!(
        "{CATALOGUE}\n[notice]\nintroduction = \"{}\"\n",
        "あ".repeat(3_000_000)
    );
    refused(
        &Fixture::new(&huge, SOURCE),
        &["disclosure.toml is", "more than a catalogue can be"],
    );
}

#[test]
fn catalogue_with_a_long_but_reasonable_text_works() {
    let long = format!(
        "{CATALOGUE}\n[notice]\nintroduction = \"{}\"\n",
        "長い説明。".repeat(20_000)
    );
    let fixture = Fixture::new(&long, SOURCE);
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn catalogue_with_duplicate_keys() {
    let dup = CATALOGUE.replace(
        "entity = \"Google LLC\"",
        "entity = \"Google LLC\"\nentity = \"Someone\"",
    );
    refused(
        &Fixture::new(&dup, SOURCE),
        &[
            "disclosure.toml is not a valid catalogue",
            "duplicate key",
            "disclosure.toml:9:1",
        ],
    );
}

#[test]
fn catalogue_with_wrong_types() {
    for (from, to, what) in [
        ("country = \"US\"", "country = [\"US\"]", "invalid type"),
        ("[operator]", "operator = 3\n[x]", "invalid type"),
        (
            "entity = \"Google LLC\"",
            "entity = { fr = \"Google\" }",
            "unknown field `fr`",
        ),
    ] {
        refused(
            &Fixture::new(&CATALOGUE.replace(from, to), SOURCE),
            &["disclosure.toml", what],
        );
    }
}

#[test]
fn source_nested_too_deep() {
    let source = format!(
        "{SOURCE}\npub fn g() {{ let x = {}1{}; }}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    refused(
        &Fixture::new(CATALOGUE, &source),
        &[
            "error[D0306]: src/lib.rs nests more than 1024 levels deep",
            "--> src/lib.rs:6:",
        ],
    );
}

#[test]
fn source_that_is_not_rust_or_not_utf8() {
    refused(
        &Fixture::new(CATALOGUE, "disclose { this is not rust"),
        &["src/lib.rs does not parse as Rust"],
    );
    let fixture = Fixture::new(CATALOGUE, &format!("mod bytes;\n{SOURCE}"));
    fs::write(
        fixture.path().join("src/bytes.rs"),
        [
            b'/', b'/', b' ', b'd', b'i', b's', b'c', b'l', b'o', b's', b'e', 0xc3, 0x28,
        ],
    )
    .unwrap();
    refused(&fixture, &["src/bytes.rs is not UTF-8"]);
}

#[test]
fn a_symlink_loop_in_the_sources_is_not_followed() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    std::os::unix::fs::symlink("..", fixture.path().join("src/loop")).unwrap();
    let out = run(fixture.path(), &["generate", "--lang", "en"]);
    assert!(
        out.status.success(),
        "the link is skipped, not walked forever: {}",
        stderr(&out)
    );
    let notice = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        notice.matches("### Google Analytics").count(),
        1,
        "{notice}"
    );
}

#[test]
fn a_missing_manifest_or_directory() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(
        fixture.path(),
        &["generate", "--manifest-path", "nowhere/Cargo.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("manifest nowhere/Cargo.toml does not exist"),
        "{}",
        stderr(&out)
    );
    fs::remove_dir_all(fixture.path().join("src")).unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn an_output_that_cannot_be_written() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    for (out_path, expected) in [
        ("/dev/full", "/dev/full: it is not a regular file"),
        (
            "/proc/disclosure-notice.md",
            "cannot write /proc/disclosure-notice.md",
        ),
        (
            "missing-dir/notice.md",
            "directory missing-dir does not exist",
        ),
        (".", "it is a directory"),
    ] {
        let out = run(fixture.path(), &["generate", "--out", out_path]);
        assert_eq!(out.status.code(), Some(2), "{out_path}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{out_path}: {}",
            stderr(&out)
        );
    }
}
