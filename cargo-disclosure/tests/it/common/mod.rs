//! The fixture packages and helpers the integration tests share.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_cargo-disclosure");

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("the binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A package of its own in a temporary directory: `Cargo.toml`, `disclosure.toml`, `src/lib.rs`.
pub struct Fixture {
    pub dir: Place,
}

/// Where a fixture is: a temporary directory it owns, or a directory a test made.
pub enum Place {
    Owned(tempfile::TempDir),
    At(std::path::PathBuf),
}

pub const CATALOGUE: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }
services = ["Example"]

[[provider]]
id = "google-analytics"
service = { ja = "Google アナリティクス", en = "Google Analytics" }
entity = "Google LLC"
country = "US"
privacy_policy = "https://policies.google.com/privacy"
role = "controller"
recipient_use_url = "https://policies.google.com/technologies/partner-sites"
"#;

pub const SOURCE: &str = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
pub fn page_view() {}
"#;

impl Fixture {
    pub fn new(catalogue: &str, source: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
        )
        .unwrap();
        fs::write(dir.path().join("disclosure.toml"), catalogue).unwrap();
        fs::create_dir(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), source).unwrap();
        Fixture {
            dir: Place::Owned(dir),
        }
    }

    /// A fixture a test laid out itself in `dir`.
    pub fn at(dir: &Path) -> Fixture {
        Fixture {
            dir: Place::At(dir.to_path_buf()),
        }
    }

    pub fn path(&self) -> &Path {
        match &self.dir {
            Place::Owned(d) => d.path(),
            Place::At(p) => p,
        }
    }

    /// Runs `generate --out notice.md` over a previous `notice.md`, and checks the run failed with
    /// exit status 2, a message containing every `expected` text, and the previous file intact.
    pub fn fails_without_touching_output(&self, expected: &[&str]) -> String {
        let out_file = self.path().join("notice.md");
        fs::write(&out_file, "previous notice\n").unwrap();
        let out = run(self.path(), &["generate", "--out", "notice.md"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "exit status; stderr:\n{err}");
        for text in expected {
            assert!(err.contains(text), "stderr lacks {text:?}:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(fs::read_to_string(&out_file).unwrap(), "previous notice\n");
        // A first run that fails creates nothing.
        fs::remove_file(&out_file).unwrap();
        let out = run(self.path(), &["generate", "--out", "notice.md"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            !out_file.exists(),
            "a failed run created {}",
            out_file.display()
        );
        let leftovers: Vec<_> = fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        err
    }
}

/// A fenced block of a document: the line its fence opens on, its info string and its text.
pub struct Block {
    pub line: usize,
    pub lang: String,
    pub text: String,
}

/// The fenced blocks of a Markdown document, also those indented under a list item (their text
/// without the fence's indent).
pub fn fenced_blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let indent = line.len() - line.trim_start().len();
        let Some(lang) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let mut text = String::new();
        for (_, line) in lines.by_ref() {
            if line.trim_start().starts_with("```") {
                break;
            }
            let cut = line.len() - line.trim_start().len();
            text.push_str(&line[cut.min(indent)..]);
            text.push('\n');
        }
        out.push(Block {
            line: n + 1,
            lang: lang.trim().to_string(),
            text,
        });
    }
    out
}
