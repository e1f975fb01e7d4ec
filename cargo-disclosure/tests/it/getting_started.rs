//! The getting-started guide, run as a newcomer would: every shell command, TOML and Rust block of
//! `docs/getting-started.md`, in order, in a scratch directory. A block's first line names its
//! file: `# disclosure.toml` is the whole file, `# Cargo.toml, under [dependencies]` adds lines
//! there, `// src/lib.rs` adds code to the file. A command is expected to succeed unless its
//! comment says which status it exits with. The install command is not run (it fetches and builds
//! from the network); it is checked to be the documented form, and the built binary stands in.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{BIN, Block, fenced_blocks, repo_root};

fn shell(dir: &Path, line: &str) -> std::process::Output {
    let command = line.replace("cargo disclosure", &format!("'{BIN}' disclosure"));
    Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never")
        .env("GIT_AUTHOR_NAME", "Guide")
        .env("GIT_AUTHOR_EMAIL", "guide@example.com")
        .env("GIT_COMMITTER_NAME", "Guide")
        .env("GIT_COMMITTER_EMAIL", "guide@example.com")
        .output()
        .expect("sh runs")
}

#[test]
fn the_getting_started_guide_runs_as_written() {
    let repo = repo_root();
    let doc = fs::read_to_string(repo.join("docs/getting-started.md")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut dir: PathBuf = scratch.path().to_path_buf();
    let mut ran = 0;
    for Block { lang, text, .. } in fenced_blocks(&doc) {
        match lang.as_str() {
            "sh" => {
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    if line.starts_with("cargo install") {
                        assert!(
                            line.contains("--git https://github.com/disclosure-rs/disclosure")
                                && line.contains("--locked"),
                            "the install command installs from the repository, locked: {line}"
                        );
                        continue;
                    }
                    if let Some(to) = line.strip_prefix("cd ") {
                        dir = dir.join(to.trim());
                        continue;
                    }
                    let expected = line
                        .split_once("# exits ")
                        .and_then(|(_, s)| s.split(':').next()?.trim().parse::<i32>().ok())
                        .unwrap_or(0);
                    if line.contains("--observed requests.har") {
                        // What the reader's browser recorded: a GA4 page view as Chromium exports
                        // it, Google's sign-in script with its button frame, and a Sentry browser
                        // SDK's error envelope.
                        fs::copy(
                            repo.join("cargo-disclosure/tests/it/captures/requests.har"),
                            dir.join("requests.har"),
                        )
                        .unwrap();
                    }
                    let out = shell(&dir, line);
                    assert_eq!(
                        out.status.code(),
                        Some(expected),
                        "`{line}` in {}:\n{}{}",
                        dir.display(),
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
                    ran += 1;
                    if line.starts_with("cargo new") {
                        // The application already has a lock file; this one is seeded from the
                        // repository's so that the guide runs offline.
                        let app = dir.join(line.split_whitespace().last().unwrap());
                        fs::copy(repo.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
                    }
                }
            }
            "toml" | "rust" => {
                let (first, body) = text.split_once('\n').unwrap();
                let name = first.trim_start_matches(['#', '/', ' ']);
                if name == "Cargo.toml, under [dependencies]" {
                    // Until the crates are published the dependency is on the repository; here,
                    // this checkout of it.
                    let body = body.replace(
                        "{ git = \"https://github.com/disclosure-rs/disclosure\" }",
                        &format!("{{ path = {:?} }}", repo.display().to_string()),
                    );
                    assert!(
                        body.contains("path ="),
                        "the dependency is the git one: {body}"
                    );
                    let manifest = dir.join("Cargo.toml");
                    let text = fs::read_to_string(&manifest).unwrap();
                    fs::write(
                        &manifest,
                        text.replace("[dependencies]\n", &format!("[dependencies]\n{body}")),
                    )
                    .unwrap();
                    // Bring the seeded lock file up to date offline, as any build would.
                    let out = shell(
                        &dir,
                        "cargo metadata --offline --format-version 1 > /dev/null",
                    );
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                } else if name == "disclosure.toml" {
                    assert!(dir.join(name).is_file(), "init wrote it first");
                    fs::write(dir.join(name), body).unwrap();
                } else if name.ends_with(".rs") {
                    let path = dir.join(name);
                    let mut code = fs::read_to_string(&path).unwrap_or_default();
                    code.push('\n');
                    code.push_str(body);
                    fs::write(&path, code).unwrap();
                } else if text.starts_with("[") || lang == "rust" {
                    panic!("a {lang} block of the guide names no file: {first}");
                }
            }
            _ => {}
        }
    }
    assert!(ran >= 8, "the guide's commands ran ({ran})");
    // Where the guide leaves the newcomer: a fresh notice that names every recipient and the
    // transmission added last.
    let notice = fs::read_to_string(dir.join("notice.ja.md")).unwrap();
    for expected in [
        "Google アナリティクス",
        "Google でログイン",
        "Acme Chat Inc.",
        "Sentry",
    ] {
        assert!(notice.contains(expected), "{expected} in\n{notice}");
    }
    // And the code it wrote compiles against this checkout: the annotations are real.
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", repo.join("target/getting-started"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
