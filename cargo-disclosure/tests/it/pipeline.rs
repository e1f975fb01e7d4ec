//! The pipeline through the real binary: declared outputs, `check` (fresh, stale, missing, bad
//! input), the change summary of `diff` in Japanese and English, `init`, and writes that are
//! atomic under concurrency and leave the previous files intact on failure.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::*;

const OUTPUTS: &str = r#"
[[output]]
path = "notice.ja.md"
format = "markdown"
lang = "ja"

[[output]]
path = "public/notice.html"
format = "html"
lang = ["ja", "en"]

[[output]]
path = "notice.json"
format = "json"
"#;

/// A fixture declaring three outputs (one in a subdirectory), generated once.
fn generated() -> Fixture {
    let fixture = Fixture::new(&format!("{CATALOGUE}{OUTPUTS}"), SOURCE);
    fs::create_dir(fixture.path().join("public")).unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for file in ["notice.ja.md", "public/notice.html", "notice.json"] {
        assert!(err.contains(&format!("wrote {file}")), "{err}");
    }
    fixture
}

/// Every file of the fixture (but the build's), with its bytes.
fn snapshot_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    // What the tool keeps for its next run (the graph, each source file's result) is its own, and
    // any run may replace it whole; everything else is the user's.
    let kept = dir.join("target/disclosure");
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path == kept {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn check_of_fresh_outputs_is_one_line_and_exit_0() {
    let fixture = generated();
    let before = snapshot_files(fixture.path());
    let out = run(fixture.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "fresh: 3 outputs match the code and disclosure.toml\n"
    );
    assert_eq!(snapshot_files(fixture.path()), before, "check never writes");
}

#[test]
fn check_of_stale_outputs_shows_diffs_the_summary_and_the_fix() {
    let fixture = generated();
    fs::write(
        fixture.path().join("src/lib.rs"),
        SOURCE.replace(
            "data = [ip_address, page_url]",
            "data = [ip_address, page_url, referrer]",
        ),
    )
    .unwrap();
    let before = snapshot_files(fixture.path());
    let out = run(fixture.path(), &["check", "--summary-lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("stale: notice.ja.md\n--- a/notice.ja.md\n+++ b/notice.ja.md\n"),
        "{text}"
    );
    assert!(
        text.contains("\n+- 直前に閲覧していたページのURL（リファラー）\n"),
        "{text}"
    );
    assert!(text.contains("stale: public/notice.html"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when piped");
    assert!(
        text.contains("## Changes to the external transmission notice\n\n- Information added to what **Google Analytics** receives: URL of the page viewed immediately before (the referrer). Purposes: Analysing how the Service is used.\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "3 of 3 outputs are stale; to update them, run:\n\n    cargo disclosure generate\n"
        ),
        "{text}"
    );
    assert_eq!(snapshot_files(fixture.path()), before, "check never writes");

    let out = run(fixture.path(), &["generate"]);
    assert!(out.status.success());
    assert_eq!(run(fixture.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn check_reports_a_missing_output() {
    let fixture = generated();
    fs::remove_file(fixture.path().join("public/notice.html")).unwrap();
    let before = snapshot_files(fixture.path());
    let out = run(fixture.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("missing: public/notice.html\n"), "{text}");
    assert!(text.contains("1 of 3 outputs are stale"), "{text}");
    assert!(
        text.contains(
            "外部送信の変更点\n\n送信先、送信される利用者情報の内容、利用目的その他の本ページに記載する事項に変更はありません。"
        ),
        "{text}"
    );
    assert_eq!(snapshot_files(fixture.path()), before);
}

#[test]
fn check_with_bad_input_is_exit_2_and_touches_nothing() {
    let fixture = generated();
    fs::write(
        fixture.path().join("src/lib.rs"),
        SOURCE.replace("ip_address", "ip_adress"),
    )
    .unwrap();
    let before = snapshot_files(fixture.path());
    let out = run(fixture.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown data item `ip_adress`"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    assert_eq!(snapshot_files(fixture.path()), before);

    let bare = Fixture::new(CATALOGUE, SOURCE);
    let out = run(bare.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("declares no outputs to check"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_undeclared_format_in_an_output_is_named() {
    let fixture = Fixture::new(
        &format!("{CATALOGUE}\n[[output]]\npath = \"n.pdf\"\nformat = \"pdf\"\n"),
        SOURCE,
    );
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[D0206]: unknown format `pdf`\n  --> disclosure.toml:16:10"),
        "{}",
        stderr(&out)
    );
}

/// The notice JSON of the fixture with `catalogue` and `source`.
fn notice_json(catalogue: &str, source: &str) -> String {
    let fixture = Fixture::new(catalogue, source);
    let out = run(fixture.path(), &["generate", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_change_summary_of_a_new_recipient_data_item_and_purpose() {
    let old = notice_json(CATALOGUE, SOURCE);
    let catalogue = format!(
        "{CATALOGUE}\n[[provider]]\nid = \"sentry\"\nservice = \"Sentry\"\nentity = \"Functional Software, Inc.\"\ncountry = \"US\"\nprivacy_policy = \"https://sentry.io/privacy/\"\nrole = \"processor\"\n"
    );
    let source = format!(
        "{}\n#[disclose(provider = \"sentry\", data = [crash_log, device_type], purpose = [error_monitoring])]\npub fn report_crash() {{}}\n",
        SOURCE
            .replace(
                "data = [ip_address, page_url]",
                "data = [ip_address, page_url, referrer]"
            )
            .replace(
                "purpose = [analytics]",
                "purpose = [analytics, service_improvement]"
            )
    );
    let new = notice_json(&catalogue, &source);
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.json"), old).unwrap();
    fs::write(dir.path().join("new.json"), new).unwrap();
    for lang in ["ja", "en"] {
        let out = run(
            dir.path(),
            &["diff", "old.json", "new.json", "--lang", lang],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        insta::assert_snapshot!(format!("change-summary-{lang}"), stdout(&out));
    }
    let out = run(
        dir.path(),
        &["diff", "new.json", "new.json", "--lang", "en"],
    );
    assert_eq!(
        stdout(&out),
        "## Changes to the external transmission notice\n\nNo change to the recipients, the User Information transmitted, the purposes or anything else this page states.\n"
    );
}

#[test]
fn diff_of_a_file_that_is_not_a_notice_names_the_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.json"),
        "{\n  \"schema_version\": \"one\"\n}\n",
    )
    .unwrap();
    let out = run(dir.path(), &["diff", "a.json", "a.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a.json is not a notice"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--> a.json:2:"), "{}", stderr(&out));
}

/// Makes the fixture a git repository with one commit of what it holds.
fn commit_all(fixture: &Fixture) {
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(fixture.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
}

#[test]
fn diff_since_builds_the_old_notice_with_the_same_features() {
    let source = SOURCE.replace(
        "#[disclose(",
        "#[cfg(feature = \"analytics\")]\n#[disclose(",
    );
    let fixture = Fixture::new(CATALOGUE, &source);
    fs::write(
        fixture.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[features]\nanalytics = []\n\n[workspace]\n",
    )
    .unwrap();
    commit_all(&fixture);
    let out = run(
        fixture.path(),
        &[
            "diff",
            "--since",
            "HEAD",
            "--features",
            "analytics",
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("No change to the recipients"),
        "the old tree is read with the same features: {}",
        stdout(&out)
    );
}

#[test]
fn diff_since_follows_a_path_dependency_outside_the_repository() {
    let outer = tempfile::tempdir().unwrap();
    let lib = outer.path().join("shared-lib");
    fs::create_dir_all(lib.join("src")).unwrap();
    fs::write(
        lib.join("Cargo.toml"),
        "[package]\nname = \"shared-lib\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    fs::write(lib.join("src/lib.rs"), "").unwrap();
    let repo = outer.path().join("repo");
    fs::create_dir_all(repo.join("src")).unwrap();
    fs::write(
        repo.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\nshared-lib = { path = \"../shared-lib\" }\n",
    )
    .unwrap();
    fs::write(repo.join("disclosure.toml"), CATALOGUE).unwrap();
    fs::write(repo.join("src/lib.rs"), SOURCE).unwrap();
    let fixture = Fixture::at(&repo);
    commit_all(&fixture);
    let out = run(&repo, &["diff", "--since", "HEAD", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("No change"), "{}", stdout(&out));
}

#[test]
fn diff_since_a_git_revision_reads_the_old_code_and_catalogue() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    commit_all(&fixture);
    fs::write(
        fixture.path().join("src/lib.rs"),
        SOURCE.replace("data = [ip_address, page_url]", "data = [ip_address]"),
    )
    .unwrap();
    let out = run(fixture.path(), &["diff", "--since", "HEAD", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "## Changes to the external transmission notice\n\n- Information no longer sent to **Google Analytics**: URL of the page viewed. It was sent for: Analysing how the Service is used.\n"
    );
    let out = run(fixture.path(), &["diff", "--since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[D0805]: `no-such-rev` is not a revision"),
        "{}",
        stderr(&out)
    );
    // A revision is never taken for an option of git's.
    let keep = fixture.path().join("keep.txt");
    fs::write(&keep, "kept").unwrap();
    let out = run(fixture.path(), &["diff", "--since=--output=keep.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&keep).unwrap(), "kept");
}

#[test]
fn init_writes_a_starter_that_generates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"fresh\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    let out = run(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let starter = fs::read_to_string(dir.path().join("disclosure.toml")).unwrap();
    assert!(starter.starts_with("#:schema https://"), "{starter}");
    // The starter is valid, but a notice of no transmission is refused, not written empty.
    let out = run(dir.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[D0408]"), "{}", stderr(&out));
    assert!(!dir.path().join("notice.ja.md").exists());
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = analytics)]\npub fn page_view() {}\n",
    )
    .unwrap();
    let out = run(dir.path(), &["generate"]);
    assert!(
        out.status.success(),
        "the starter generates once something is annotated: {}",
        stderr(&out)
    );
    assert!(dir.path().join("notice.ja.md").exists());
    assert_eq!(run(dir.path(), &["check"]).status.code(), Some(0));
    // Each text the starter leaves to replace is reported until it is replaced (D0421).
    let err = stderr(&out);
    for placeholder in disclosure_core::check::lints::STARTER_PLACEHOLDERS {
        assert!(
            err.contains(&format!("「{placeholder}」")),
            "{placeholder}: {err}"
        );
    }
    assert!(
        err.contains("warning[D0421]: the operator's name is still a placeholder: 「例株式会社」 / 「Example K.K.」"),
        "{err}"
    );
    assert!(
        err.contains("--> disclosure.toml:10:1"),
        "at [operator]: {err}"
    );

    fs::write(dir.path().join("disclosure.toml"), "# mine\n").unwrap();
    let out = run(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("disclosure.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn concurrent_runs_leave_one_complete_file() {
    let fixture = generated();
    let expected = fs::read(fixture.path().join("public/notice.html")).unwrap();
    for _ in 0..4 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(BIN)
                    .arg("generate")
                    .current_dir(fixture.path())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        assert_eq!(
            fs::read(fixture.path().join("public/notice.html")).unwrap(),
            expected
        );
    }
    let leftovers: Vec<_> = snapshot_files(fixture.path())
        .into_keys()
        .filter(|f| f.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_run_leaves_every_previous_file_byte_identical() {
    let fixture = generated();
    // The last output's template fails half-way through rendering; the first outputs render fine.
    fs::write(
        fixture.path().join("broken.md.j2"),
        "# {{ title }}\n{% for r in third_parties %}{{ r.no_such_field }}{% endfor %}\n",
    )
    .unwrap();
    let catalogue = format!(
        "{CATALOGUE}{OUTPUTS}\n[[output]]\npath = \"house.md\"\nformat = \"markdown\"\ntemplate = \"broken.md.j2\"\n"
    );
    fs::write(fixture.path().join("disclosure.toml"), catalogue).unwrap();
    fs::write(
        fixture.path().join("src/lib.rs"),
        SOURCE.replace("data = [ip_address, page_url]", "data = [ip_address]"),
    )
    .unwrap();
    let before = snapshot_files(fixture.path());
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("template broken.md.j2:2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        snapshot_files(fixture.path()),
        before,
        "no output was written, not even the good ones"
    );
}

/// The fixture with a local crate named `sentry` (as the catalogue knows it) in its dependencies.
fn with_sentry_dependency(source: &str) -> Fixture {
    let fixture = Fixture::new(CATALOGUE, source);
    let vendor = fixture.path().join("vendor/sentry");
    fs::create_dir_all(vendor.join("src")).unwrap();
    fs::write(
        vendor.join("Cargo.toml"),
        "[package]\nname = \"sentry\"\nversion = \"0.99.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    fs::write(vendor.join("src/lib.rs"), "").unwrap();
    fs::write(
        fixture.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\nsentry = { path = \"vendor/sentry\" }\n",
    )
    .unwrap();
    fixture
}

#[test]
fn coverage_names_a_catalogued_crate_nobody_declares() {
    let fixture = with_sentry_dependency(SOURCE);
    let out = run(fixture.path(), &["coverage"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("error[D0601]: `sentry` (Sentry, Functional Software, Inc. d/b/a Sentry) receives data through `sentry` 0.99.0, but nothing declares a transmission to it"),
        "{text}"
    );
    assert!(text.contains("#[disclose(provider = \"sentry\""), "{text}");
    assert!(text.contains("coverage: 1 recipient undeclared"), "{text}");

    let declared = format!(
        "{SOURCE}\n#[disclose(provider = \"sentry\", data = [crash_log], purpose = [error_monitoring])]\npub fn crash() {{}}\n"
    );
    let fixture = with_sentry_dependency(&declared);
    let out = run(fixture.path(), &["coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn coverage_warns_of_a_declared_recipient_whose_crate_left_the_graph() {
    let declared = format!(
        "{SOURCE}\n#[disclose(provider = \"sentry\", data = [crash_log], purpose = [error_monitoring])]\npub fn crash() {{}}\n"
    );
    let fixture = Fixture::new(CATALOGUE, &declared);
    let out = run(fixture.path(), &["coverage"]);
    assert_eq!(out.status.code(), Some(0), "stale is a warning");
    let text = stderr(&out);
    assert!(
        text.contains("warning[D0602]: recipient `sentry` is declared, but none of its crates"),
        "{text}"
    );
    assert!(text.contains("--> src/lib.rs:6:1"), "{text}");
    assert!(text.contains("`mechanism = server_api`"), "{text}");
    // Sent over HTTP without the SDK, as the annotation says: nothing stale.
    let over_http = declared.replace(
        "purpose = [error_monitoring])",
        "purpose = [error_monitoring], mechanism = server_api)",
    );
    let fixture = Fixture::new(CATALOGUE, &over_http);
    let out = run(fixture.path(), &["coverage"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("D0602"), "{}", stderr(&out));
}

#[test]
fn dependency_catalogues_are_attributed_and_their_warnings_kept() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let root = repo_root();
    let lib = |name: &str, catalogue: &str| {
        let dir = fixture.path().join(name);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ndisclosure = {{ path = {:?} }}\n",
                root.display().to_string()
            ),
        )
        .unwrap();
        fs::write(dir.join("disclosure.toml"), catalogue).unwrap();
        fs::write(
            dir.join("src/lib.rs"),
            "#[disclosure::disclose(provider = \"acme\", data = [usage_history], purpose = [analytics])]\npub fn track() {}\n",
        )
        .unwrap();
    };
    lib(
        "lib-a",
        "[[provider]]\nid = \"acme\"\nservice = \"Acme\"\nentity = \"Acme Inc.\"\n",
    );
    lib(
        "lib-b",
        // An http link is refused unless its catalogue allows it; allowed, it is a warning.
        "[[provider]]\nid = \"acme\"\nservice = \"Acme\"\nentity = \"Acme GmbH\"\nprivacy_policy = \"http://acme.example/privacy\"\n\n[notice]\nallow_http_links = true\n",
    );
    fs::write(
        fixture.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\nlib-a = { path = \"lib-a\" }\nlib-b = { path = \"lib-b\" }\n",
    )
    .unwrap();
    // The repository's lock file as a seed, brought up to date offline as any cargo build would:
    // the tool reads a lock file as it is (`--locked`) and never rewrites it.
    fs::copy(root.join("Cargo.lock"), fixture.path().join("Cargo.lock")).unwrap();
    let refreshed = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--offline", "--format-version", "1"])
        .current_dir(fixture.path())
        .output()
        .unwrap();
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    // Neither library says what Acme does with the data for itself; this test is about whose
    // statement is used, so that required item is allowed.
    let out = run(
        fixture.path(),
        &["generate", "--lang", "en", "--allow", "D0405"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning[D0115]: the catalogue of `lib-b` states provider `acme` (entity) differently; its statement is ignored"),
        "{err}"
    );
    assert!(err.contains("--> lib-b/disclosure.toml:2:6"), "{err}");
    assert!(
        err.contains("::: lib-a/disclosure.toml:2:6"),
        "the label points into the right file: {err}"
    );
    assert!(
        err.contains("warning[D0109]: link `http://acme.example/privacy` is not https"),
        "{err}"
    );
    let notice = stdout(&out);
    assert!(
        notice.contains("Acme Inc.") && !notice.contains("Acme GmbH"),
        "{notice}"
    );
    // The reviewer view says which catalogue stated what.
    let out = run(
        fixture.path(),
        &["review", "--format", "json", "--allow", "D0405"],
    );
    let review: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let acme = &review["recipients"][1];
    assert_eq!(acme["id"], "acme");
    assert!(
        acme["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "entity" && f["origin"]["package"] == "lib-a"),
        "{acme}"
    );
}

#[test]
fn an_output_that_cannot_be_written_names_its_output_entry() {
    let fixture = Fixture::new(
        &format!(
            "{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n\n[[output]]\npath = \"no-such-dir/notice.html\"\nformat = \"html\"\n"
        ),
        SOURCE,
    );
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[D0801]: cannot write"), "{err}");
    assert!(
        err.contains("--> disclosure.toml:19:8"),
        "the [[output]] entry: {err}"
    );
    assert!(!err.contains("--out"), "{err}");
    assert!(
        !fixture.path().join("notice.md").exists(),
        "no output is written when one of them cannot be"
    );
}

/// `watch` generates at once, then again when a source changes; a change that breaks the project
/// prints its error and leaves the output as it was, and the next good change is written.
#[test]
fn watch_regenerates_on_each_change_and_survives_a_broken_one() {
    use std::io::{BufRead, BufReader};
    use std::time::{Duration, Instant};

    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let mut child = std::process::Command::new(BIN)
        .args([
            "watch",
            "--out",
            "notice.md",
            "--lang",
            "en",
            "--debounce",
            "100",
        ])
        .current_dir(fixture.path())
        .env("CARGO_TERM_COLOR", "never")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let mut wait_for = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
                let hit = line.contains(what);
                seen.push(line);
                if hit {
                    return;
                }
            }
        }
        panic!("no `{what}` from watch:\n{}", seen.join("\n"));
    };
    wait_for("watching");
    let notice = fixture.path().join("notice.md");
    assert!(
        fs::read_to_string(&notice)
            .unwrap()
            .contains("Google Analytics")
    );

    let source = fixture.path().join("src/lib.rs");
    fs::write(
        &source,
        SOURCE.replace("page_url]", "page_url, bogus_item]"),
    )
    .unwrap();
    wait_for("unknown data item `bogus_item`");
    let before = fs::read_to_string(&notice).unwrap();
    assert!(!before.contains("Referrer"), "{before}");

    fs::write(&source, SOURCE.replace("page_url]", "page_url, referrer]")).unwrap();
    wait_for("wrote notice.md");
    let after = fs::read_to_string(&notice).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        after.contains("Referrer") || after.contains("referrer"),
        "{after}"
    );
}

/// `extract` then `generate --declarations` gives, byte for byte, what `generate` gives from the
/// sources, on every example (the model as JSON, and the Markdown notice in both languages).
#[test]
fn extracted_declarations_give_the_same_notice_on_every_example() {
    let repo = repo_root();
    let scratch = tempfile::tempdir().unwrap();
    let mut examples: Vec<_> = fs::read_dir(repo.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // Applications: a library's catalogue publishes no notice of its own.
        .filter(|p| {
            fs::read_to_string(p.join("disclosure.toml"))
                .is_ok_and(|t| t.lines().any(|l| l.trim() == "[operator]"))
        })
        .collect();
    examples.sort();
    assert!(examples.len() >= 7, "{examples:?}");
    for example in &examples {
        let manifest = example.join("Cargo.toml");
        let manifest = manifest.to_str().unwrap();
        let declarations = scratch.path().join(format!(
            "{}.json",
            example.file_name().unwrap().to_string_lossy()
        ));
        let declarations = declarations.to_str().unwrap();
        let out = run(
            &repo,
            &[
                "extract",
                "--manifest-path",
                manifest,
                "--out",
                declarations,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        for format in [
            &["--format", "json"][..],
            &["--format", "markdown", "--lang", "ja,en"],
        ] {
            let mut args = vec!["generate", "--manifest-path", manifest];
            args.extend_from_slice(format);
            let scanned = run(&repo, &args);
            args.extend(["--declarations", declarations]);
            let extracted = run(&repo, &args);
            assert!(scanned.status.success(), "{}", stderr(&scanned));
            assert!(extracted.status.success(), "{}", stderr(&extracted));
            assert!(
                scanned.stdout == extracted.stdout && !scanned.stdout.is_empty(),
                "{} {format:?}: the notice differs",
                example.display()
            );
        }
    }
    // A file that is not one is refused, naming it.
    let bogus = scratch.path().join("bogus.json");
    fs::write(&bogus, "{\"format\": 9}").unwrap();
    let out = run(
        &repo,
        &[
            "generate",
            "--manifest-path",
            repo.join("examples/door/Cargo.toml").to_str().unwrap(),
            "--declarations",
            bogus.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bogus.json is not a declarations file"),
        "{}",
        stderr(&out)
    );
}
