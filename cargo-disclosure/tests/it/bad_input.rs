//! A catalogue of bad and hostile input, through the real binary: each is a clear error naming the
//! input, exit status 2, no panic, and no output written or changed.

use std::fs;

use crate::common::*;

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

#[test]
fn control_and_bidi_characters_in_a_catalogue_text_are_refused_at_their_place() {
    for (escape, named) in [
        ("\\u202E", "U+202E"),
        ("\\u0000", "U+0000"),
        ("\\u001b[2J", "U+001B"),
        ("\\u2066", "U+2066"),
    ] {
        let hostile = CATALOGUE.replace(
            "entity = \"Google LLC\"",
            &format!("entity = \"Google {escape}LLC\""),
        );
        let err = Fixture::new(&hostile, SOURCE).fails_without_touching_output(&[
            "error[D0121]",
            named,
            "disclosure.toml:8:10",
        ]);
        assert!(
            !err.contains('\u{1b}'),
            "the terminal gets no escape: {err:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn special_and_sparse_files_are_refused_without_reading_them() {
    // A catalogue that is a device: refused at once, not read without end.
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::remove_file(fixture.path().join("disclosure.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", fixture.path().join("disclosure.toml")).unwrap();
    fixture.fails_without_touching_output(&["disclosure.toml", "not a regular file"]);
    // A sparse source file of 3 GB: refused by its size, in no time and no memory.
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::OpenOptions::new()
        .append(true)
        .open(fixture.path().join("src/lib.rs"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    fixture.fails_without_touching_output(&["src/lib.rs", "larger than"]);
    // `check` against a sparse 3 GB "notice": stale, said at once.
    let fixture = Fixture::new(
        &format!("{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n"),
        SOURCE,
    );
    let notice = fs::File::create(fixture.path().join("notice.md")).unwrap();
    notice.set_len(3 << 30).unwrap();
    let out = run(fixture.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        fs::metadata(fixture.path().join("notice.md"))
            .unwrap()
            .len(),
        3 << 30,
        "never written"
    );
}

/// H1: an output that is a symbolic link, dangling (as a pull request can commit one) or not, is
/// never written through, by `generate`, `--out` or the build; `check` refuses it too, so it is
/// never reported fresh.
#[test]
#[cfg(unix)]
fn an_output_that_is_a_symbolic_link_is_never_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let planted = outside.path().join("authorized_keys");
    let fixture = Fixture::new(
        &format!("{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n"),
        SOURCE,
    );
    let link = fixture.path().join("notice.md");
    std::os::unix::fs::symlink(&planted, &link).unwrap();
    for args in [
        &["generate"][..],
        &["check"],
        &["generate", "--out", "notice.md"],
    ] {
        let out = run(fixture.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is a symbolic link"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!planted.exists(), "{args:?} created the link's target");
    }
    // A link to an existing file inside the workspace is refused as well: the file is unchanged.
    fs::write(fixture.path().join("real.md"), "mine\n").unwrap();
    fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(fixture.path().join("real.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn outputs_over_an_input_or_outside_the_workspace_are_refused() {
    for (path, expected) in [
        ("disclosure.toml", "is one of this run's inputs"),
        ("src/lib.rs", "is one of this run's inputs"),
        ("./src/../Cargo.toml", "is one of this run's inputs"),
        ("../outside.md", "is outside the workspace"),
        ("/tmp/disclosure-outside.md", "is outside the workspace"),
    ] {
        let fixture = Fixture::new(
            &format!("{CATALOGUE}\n[[output]]\npath = {path:?}\nformat = \"markdown\"\n"),
            SOURCE,
        );
        let before = fs::read(fixture.path().join("disclosure.toml")).unwrap();
        let out = run(fixture.path(), &["generate"]);
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{path}: {}", stderr(&out));
        assert!(stderr(&out).contains("error[D0"), "{}", stderr(&out));
        assert_eq!(
            fs::read(fixture.path().join("disclosure.toml")).unwrap(),
            before
        );
        assert!(!fixture.path().join("../outside.md").exists());
    }
    // Outside, when the run says it means it.
    let fixture = Fixture::new(
        &format!("{CATALOGUE}\n[[output]]\npath = \"../outside.md\"\nformat = \"markdown\"\n"),
        SOURCE,
    );
    let out = run(fixture.path(), &["generate", "--allow-outside-workspace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let outside = fixture.path().parent().unwrap().join("outside.md");
    assert!(outside.is_file());
    fs::remove_file(outside).unwrap();
    // `--out` is the user's own choice, but never over an input.
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(fixture.path(), &["generate", "--out", "src/lib.rs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        fs::read_to_string(fixture.path().join("src/lib.rs"))
            .unwrap()
            .contains("#[disclose(")
    );
}

#[test]
fn small_valid_sources_that_nest_deeply_parse_or_get_a_located_error() {
    // Each crashed the scanner once (a stack overflow, exit 134), or made valid Rust fail.
    for (name, body) in [
        (
            "references",
            format!("pub type T = {}u8;\n", "&".repeat(229)),
        ),
        (
            "brackets in a string",
            format!("pub fn f() -> &'static str {{ \"{}\" }}\n", "(".repeat(129)),
        ),
        (
            "closers in a string and a comment",
            "pub fn f() { let s = \")\"; /*)*/ let t = [[1]]; }\n".to_string(),
        ),
        (
            "unary minus",
            format!("pub fn f() -> i32 {{ {}1 }}\n", "-".repeat(300)),
        ),
        (
            "generics",
            format!(
                "pub type T = {}u8{};\n",
                "Vec<".repeat(150),
                ">".repeat(150)
            ),
        ),
    ] {
        let fixture = Fixture::new(CATALOGUE, &format!("{SOURCE}\n{body}"));
        let out = run(fixture.path(), &["generate", "--lang", "en"]);
        let code = out.status.code();
        assert!(
            code == Some(0) || (code == Some(2) && stderr(&out).contains("src/lib.rs:")),
            "{name}: exit {code:?}\n{}",
            stderr(&out)
        );
        if name.contains("string") {
            assert_eq!(
                code,
                Some(0),
                "{name}: valid Rust is scanned: {}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn catalogues_with_tens_of_thousands_of_entries_load() {
    // Were quadratic (20,000 providers took over a minute); each lookup is now logarithmic, and
    // each of the 20,000 "unused provider" warnings renders its own lines, not the whole file.
    let mut catalogue = String::from(CATALOGUE);
    for i in 0..20_000 {
        catalogue.push_str(&format!(
            "\n[[provider]]\nid = \"p{i}\"\nservice = \"S{i}\"\nentity = \"E{i} Inc.\"\ncountry = \"US\"\n\n[[data]]\nid = \"item_{i}\"\nlabel = \"Item {i}\"\n"
        ));
    }
    let fixture = Fixture::new(&catalogue, SOURCE);
    let out = run(fixture.path(), &["generate", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("warning[D0401]").count(),
        20_000,
        "one warning each"
    );
    assert!(err.contains("--> disclosure.toml:"), "each located");
}
