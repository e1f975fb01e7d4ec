//! Where the crate graph comes from: cargo, run so that it executes nothing the project names and
//! writes no lock file; the graph cached under `target/disclosure/` and refreshed whenever an
//! input changes; and rust-analyzer's `rust-project.json` for builds without cargo.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{BIN, CATALOGUE, Fixture, stderr};

const FEATURED: &str = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
pub fn page_view() {}

#[cfg(feature = "web")]
#[disclose(provider = "google-analytics", data = [ip_address, device_info], purpose = [analytics])]
pub fn web_vitals() {}
"#;

/// Runs the binary as cargo would (`CARGO` set), with the cache in the fixture's own `target/`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("the binary runs")
}

fn json_notice(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["generate", "--format", "json", "--out", "-"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn cache_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir.join("target/disclosure"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("graph-"))
                })
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries
}

fn only_entry(dir: &Path) -> (PathBuf, String) {
    let entries = cache_entries(dir);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let text = fs::read_to_string(&entries[0]).unwrap();
    (entries[0].clone(), text)
}

/// Sets the manifest's time an hour back: long settled, so that every entry written records its
/// stamp (an entry written within the timestamp granularity of a recent change records none), and
/// an entry rebuilt later is the same however slow the machine.
fn settle(dir: &Path) {
    fs::File::options()
        .write(true)
        .open(dir.join("Cargo.toml"))
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
}

fn with_feature(fixture: &Fixture, default: &str) {
    fs::write(
        fixture.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[features]\ndefault = [{default}]\nweb = []\n"
        ),
    )
    .unwrap();
}

#[test]
fn the_cached_graph_is_used_until_an_input_changes() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    with_feature(&fixture, "");
    let dir = fixture.path();
    let without = json_notice(dir, &[]);
    assert!(!without.contains("device_info"), "feature off");
    let (path, first) = only_entry(dir);
    // Nothing changed: the entry is read, not rewritten.
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(json_notice(dir, &[]), without);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    // The manifest turns the feature on: the graph is asked for again, and the notice follows.
    with_feature(&fixture, "\"web\"");
    let with = json_notice(dir, &[]);
    assert!(with.contains("device_info"), "feature on after the change");
    let (_, second) = only_entry(dir);
    assert_ne!(first, second, "the entry was rewritten");
    // Each other input refreshes it too: a lock file appearing (as any cargo build writes it) and
    // going, a configuration file, a toolchain file.
    let mut last = second;
    let mut refreshed = |what: &str| {
        let _ = json_notice(dir, &[]);
        let (_, now) = only_entry(dir);
        assert_ne!(now, last, "{what}: the entry was refreshed");
        last = now;
    };
    let locked = Command::new(env!("CARGO"))
        .args(["generate-lockfile", "--offline"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(locked.status.success(), "{}", stderr(&locked));
    refreshed("Cargo.lock written");
    fs::remove_file(dir.join("Cargo.lock")).unwrap();
    refreshed("Cargo.lock removed");
    for (file, content) in [
        (".cargo/config.toml", "[net]\noffline = true\n"),
        ("rust-toolchain.toml", "[toolchain]\nchannel = \"stable\"\n"),
    ] {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        refreshed(file);
    }
    // Another feature flag is another entry.
    let _ = json_notice(dir, &["--no-default-features"]);
    assert_eq!(cache_entries(dir).len(), 2);
}

#[test]
fn no_cache_bypasses_it_and_a_corrupt_entry_is_ignored() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    let dir = fixture.path();
    settle(dir);
    let expected = json_notice(dir, &["--no-cache"]);
    assert!(cache_entries(dir).is_empty(), "--no-cache writes no entry");
    assert_eq!(json_notice(dir, &[]), expected);
    let (path, good) = only_entry(dir);
    for corrupt in [
        &good[..good.len() / 3],
        "",
        "{\"format\": 1}",
        "\u{0}\u{1}not json",
    ] {
        fs::write(&path, corrupt).unwrap();
        assert_eq!(json_notice(dir, &[]), expected, "{corrupt:?}");
        assert_eq!(only_entry(dir).1, good, "rebuilt");
    }
}

/// H2: the cache is an input a pull request (a force-added file) or a shared CI cache can write.
/// An entry edited by anyone but the user who wrote it is ignored: removing the package (and so
/// its recipients) or pointing a root at a file outside changes nothing; `DISCLOSURE_NO_CACHE=1`
/// skips the cache, as the CI integrations can.
#[test]
fn a_graph_cache_entry_edited_by_anyone_else_is_ignored() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    let dir = fixture.path();
    settle(dir);
    let expected = json_notice(dir, &[]);
    let (path, good) = only_entry(dir);
    let (mac, json) = good.split_once('\n').expect("a signed entry");
    let mut entry: serde_json::Value = serde_json::from_str(json).unwrap();
    entry["graph"]["packages"] = serde_json::json!([]);
    fs::write(&path, format!("{mac}\n{entry}")).unwrap();
    assert_eq!(json_notice(dir, &[]), expected, "a package removed");
    let mut entry: serde_json::Value = serde_json::from_str(json).unwrap();
    entry["graph"]["packages"][0]["roots"] = serde_json::json!(["/etc/hostname"]);
    fs::write(&path, format!("{mac}\n{entry}")).unwrap();
    assert_eq!(json_notice(dir, &[]), expected, "a root outside");
    assert_eq!(only_entry(dir).1, good, "rebuilt");
    // Without the cache, on request from the environment.
    fs::remove_dir_all(dir.join("target/disclosure")).unwrap();
    let out = Command::new(BIN)
        .args(["generate", "--format", "json", "--out", "-"])
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env("DISCLOSURE_NO_CACHE", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    assert!(
        cache_entries(dir).is_empty(),
        "DISCLOSURE_NO_CACHE writes no entry"
    );
}

#[test]
fn cargo_runs_no_program_the_project_names_and_writes_no_lock_file() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    let dir = fixture.path();
    let marker = dir.join("executed");
    let script = dir.join("tool.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$0 $*\" >> '{}'\nexit 1\n",
            marker.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join(".cargo/config.toml"),
        format!(
            "[build]\nrustc-wrapper = '{0}'\nrustc-workspace-wrapper = '{0}'\nrustc = '{0}'\n",
            script.display()
        ),
    )
    .unwrap();
    let toolchain = dir.join("toolchain/bin");
    fs::create_dir_all(&toolchain).unwrap();
    for tool in ["cargo", "rustc"] {
        fs::copy(&script, toolchain.join(tool)).unwrap();
    }
    fs::write(
        dir.join("rust-toolchain.toml"),
        format!(
            "[toolchain]\npath = '{}'\n",
            toolchain.parent().unwrap().display()
        ),
    )
    .unwrap();
    for command in ["generate", "check", "coverage"] {
        let out = run(dir, &[command, "--no-cache"]);
        assert!(
            !stderr(&out).contains("cargo-failed"),
            "{command}: {}",
            stderr(&out)
        );
        assert!(
            !marker.exists(),
            "{command} ran {}",
            fs::read_to_string(&marker).unwrap_or_default()
        );
        assert!(
            !dir.join("Cargo.lock").exists(),
            "{command} wrote a lock file"
        );
    }
}

/// M9: run directly (no `CARGO` set, as an editor or a script may), a configuration's
/// `build.rustc` is not run either: the `rustc` beside the `cargo` found on `PATH` is named.
#[test]
#[cfg(unix)]
fn run_directly_the_configured_rustc_is_not_run() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    let dir = fixture.path();
    let marker = dir.join("executed");
    let script = dir.join("w.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$0 $*\" >> '{}'\nexit 1\n",
            marker.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join(".cargo/config.toml"),
        "[build]\nrustc = \"./w.sh\"\n",
    )
    .unwrap();
    // The directory of the cargo that runs these tests, first on PATH, as a shell would have it.
    let cargo_dir = Path::new(env!("CARGO")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(cargo_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new(BIN)
        .args(["generate", "--no-cache", "--format", "json", "--out", "-"])
        .current_dir(dir)
        .env_remove("CARGO")
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !marker.exists(),
        "ran {}",
        fs::read_to_string(&marker).unwrap_or_default()
    );
}

#[test]
fn rust_project_json_gives_the_same_notice_as_cargo() {
    let fixture = Fixture::new(CATALOGUE, FEATURED);
    with_feature(&fixture, "");
    let dir = fixture.path();
    // What rules_rust or Buck2 would write for this package, by hand: one crate, feature `web` on.
    fs::write(
        dir.join("rust-project.json"),
        r#"{
  "sysroot_src": "/nonexistent/library",
  "crates": [
    {
      "display_name": "fixture",
      "root_module": "src/lib.rs",
      "edition": "2024",
      "version": "0.1.0",
      "deps": [],
      "cfg": ["feature=\"web\"", "unix"],
      "is_workspace_member": true
    }
  ]
}
"#,
    )
    .unwrap();
    let cargo = json_notice(dir, &["--features", "web"]);
    let bazel = json_notice(dir, &["--rust-project", "rust-project.json"]);
    assert!(cargo.contains("device_info"));
    assert_eq!(bazel, cargo);
    // The same notice in every other format too.
    for format in ["markdown", "html"] {
        let a = run(dir, &["generate", "--format", format, "--features", "web"]);
        let b = run(
            dir,
            &[
                "generate",
                "--format",
                format,
                "--rust-project",
                "rust-project.json",
            ],
        );
        assert!(a.status.success() && b.status.success(), "{}", stderr(&b));
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
    // A broken file is an error at its place.
    fs::write(
        dir.join("broken.json"),
        "{\"crates\": [\n  {\"root_module\": 3}\n]}",
    )
    .unwrap();
    let out = run(dir, &["generate", "--rust-project", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[D0309]"), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.json:2:"), "{}", stderr(&out));
}

/// A Bazel workspace: the catalogue at its root, a crate in a directory of its own with its build
/// file, a provider only the catalogue declares.
const MONOREPO_CATALOGUE: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }
services = ["Example"]

[[provider]]
id = "acme-metrics"
service = { ja = "Acme メトリクス", en = "Acme Metrics" }
entity = "Acme Inc."
country = "US"
privacy_policy = "https://acme.example/privacy"
role = "processor"
"#;

const MONOREPO_SOURCE: &str = r#"use disclosure::disclose;

#[disclose(provider = "acme-metrics", data = [ip_address], purpose = [analytics])]
pub fn report() {}
"#;

const ONE_CRATE: &str = r#"{"crates": [{"display_name": "app", "root_module": "app/src/lib.rs", "edition": "2021", "deps": [], "cfg": [], "is_workspace_member": true}]}"#;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Through a rust-project.json, a crate below the file's directory is checked against the
/// catalogue in that directory (no Cargo manifest says where the workspace ends); and a build
/// action's own tree (the file, the catalogue and the sources under an output directory, whose
/// workspace has a build file above) gives the same declarations file, naming the same paths.
#[test]
fn a_rust_project_crate_finds_the_catalogue_of_the_files_directory() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    write(&ws.join("WORKSPACE"), "");
    write(&ws.join("BUILD.bazel"), "");
    write(&ws.join("disclosure.toml"), MONOREPO_CATALOGUE);
    write(&ws.join("app/BUILD.bazel"), "");
    write(&ws.join("app/src/lib.rs"), MONOREPO_SOURCE);
    write(&ws.join("rust-project.json"), ONE_CRATE);
    let extract = |project: &str| {
        let out = run(&ws, &["extract", "--rust-project", project]);
        assert!(out.status.success(), "{project}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let from_root = extract("rust-project.json");
    assert!(from_root.contains("\"app/src/lib.rs\""), "{from_root}");
    assert!(from_root.contains("acme-metrics"), "{from_root}");
    // What the Bazel rules give the action: the same crate under an output directory, its
    // catalogue beside the rust-project.json, no build file of its own.
    let tree = ws.join("bazel-out/bin/app/app.disclosure");
    write(&tree.join("disclosure.toml"), MONOREPO_CATALOGUE);
    write(&tree.join("app/src/lib.rs"), MONOREPO_SOURCE);
    write(&tree.join("rust-project.json"), ONE_CRATE);
    assert_eq!(
        extract("bazel-out/bin/app/app.disclosure/rust-project.json"),
        from_root
    );
    // Without the catalogue beside the file, none above its directory is read instead.
    fs::remove_file(tree.join("disclosure.toml")).unwrap();
    let out = run(
        &ws,
        &[
            "extract",
            "--rust-project",
            "bazel-out/bin/app/app.disclosure/rust-project.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[D0103]")
            && stderr(&out).contains("searched: bazel-out/bin/app/app.disclosure\n"),
        "{}",
        stderr(&out)
    );
}
