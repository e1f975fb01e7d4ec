//! The notice as an insta snapshot in your own tests: a change to what the code sends shows up in
//! `cargo insta review`, where a reviewer accepts or rejects it.
//!
//! ```ignore
//! // tests/notice.rs (with `disclosure = { version = "0.1", features = ["testing"] }` in
//! // [dev-dependencies])
//! #[test]
//! fn notice() {
//!     disclosure::testing::assert_notice_snapshot!();                 // Markdown, Japanese
//!     disclosure::testing::assert_notice_snapshot!(lang = "en");
//!     disclosure::testing::assert_notice_snapshot!(format = "json");
//! }
//! ```
//!
//! Options: `lang` (`"ja"`, `"en"`, `"ja,en"`), `format` (`"markdown"`, `"html"`, `"mermaid"`,
//! `"json"`), `manifest` (another package's `Cargo.toml`, relative to this one's directory).
//!
//! The organisation's `[policy]` is evaluated as `cargo disclosure check` evaluates it: a `deny`
//! rule fails the test.
//!
//! The first run fails on purpose: there is no accepted snapshot yet, so insta writes the rendered
//! notice as `tests/snapshots/*.snap.new`. Review and accept it with `cargo insta review` (from
//! `cargo install cargo-insta`), and commit the `.snap` file; from then on a changed notice fails
//! the test until it is accepted.

use std::path::{Path, PathBuf};

use disclosure_core::foundation::date::Date;
use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::{CheckOptions, Project, check};
use disclosure_core::render::{self, Format, Options};

#[doc(hidden)]
pub use insta;

/// Snapshots the notice of the package under test (or of `manifest = "…"`), rendered as asked.
#[macro_export]
macro_rules! assert_notice_snapshot {
    ($($key:ident = $value:expr),* $(,)?) => {{
        let snapshot = $crate::testing::Snapshot::new(env!("CARGO_MANIFEST_DIR"))$(.$key($value))*;
        let (name, text) = snapshot.render();
        $crate::testing::insta::assert_snapshot!(name, text);
    }};
}

pub use crate::assert_notice_snapshot;

/// What `assert_notice_snapshot!` renders. Use the macro; this is its machinery.
#[derive(Debug)]
pub struct Snapshot {
    dir: PathBuf,
    manifest: PathBuf,
    format: Format,
    langs: Vec<Lang>,
}

impl Snapshot {
    /// The notice of the package in `manifest_dir`, as Markdown in Japanese.
    pub fn new(manifest_dir: &str) -> Snapshot {
        Snapshot {
            dir: PathBuf::from(manifest_dir),
            manifest: Path::new(manifest_dir).join("Cargo.toml"),
            format: Format::default(),
            langs: vec![Lang::Ja],
        }
    }

    /// Another package's manifest, relative to this package's directory.
    pub fn manifest(mut self, path: &str) -> Snapshot {
        self.manifest = self.dir.join(path);
        self
    }

    /// The languages: `"ja"`, `"en"` or `"ja,en"`.
    pub fn lang(mut self, langs: &str) -> Snapshot {
        self.langs = langs
            .split(',')
            .map(|l| {
                l.parse()
                    .unwrap_or_else(|e| panic!("assert_notice_snapshot!: {e}"))
            })
            .collect();
        self
    }

    /// The format: `"markdown"`, `"html"`, `"mermaid"`, `"json"`, or another of
    /// `cargo disclosure generate --help`.
    pub fn format(mut self, format: &str) -> Snapshot {
        self.format = format
            .parse()
            .unwrap_or_else(|e| panic!("assert_notice_snapshot!: {e}"));
        self
    }

    /// The snapshot's name (`notice-markdown-ja`) and text. Panics, with every diagnostic, when
    /// the notice cannot be generated.
    pub fn render(&self) -> (String, String) {
        // The project's `[lints]` levels as the command applies them: a warning made an error
        // (`warnings = "deny"`, or a code denied) fails the snapshot as it fails `check`.
        let generated = Project::load(Some(&self.manifest)).and_then(|(project, loaded)| {
            let (checked, warnings) = check(&project, &CheckOptions::new(Date::today_utc()))?;
            let denied: Vec<_> = project
                .levels
                .apply_all(loaded)
                .into_iter()
                .chain(project.levels.apply_all(warnings))
                .filter(|d| d.is_error())
                .collect();
            if denied.is_empty() {
                Ok(checked)
            } else {
                Err(disclosure_core::foundation::diagnostic::Error::from_diagnostics(denied))
            }
        });
        let checked = generated.unwrap_or_else(|e| {
            panic!(
                "the notice of {} cannot be generated:\n{e}",
                self.manifest.display()
            )
        });
        // The organisation's rules, as `cargo disclosure check` evaluates them.
        if checked.failed() {
            let findings: Vec<String> = checked.findings.iter().map(|d| d.to_string()).collect();
            panic!(
                "the notice of {} breaks the policy:\n{}",
                self.manifest.display(),
                findings.join("\n")
            );
        }
        let notice = checked.notice;
        let options = Options {
            langs: self.langs.clone(),
            ..Options::new(self.format, Lang::Ja)
        };
        let text = render::render_with(&notice, &options)
            .unwrap_or_else(|e| panic!("the notice cannot be rendered:\n{e}"));
        let langs: Vec<&str> = self.langs.iter().map(|l| l.code()).collect();
        let name = if self.format.takes().languages {
            format!("notice-{}-{}", self.format, langs.join("-"))
        } else {
            format!("notice-{}", self.format)
        };
        (name, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deny_rule_of_the_policy_fails_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            std::fs::create_dir_all(dir.path().join(path).parent().unwrap()).unwrap();
            std::fs::write(dir.path().join(path), text).unwrap();
        };
        write(
            "Cargo.toml",
            "[package]\nname = \"snapshot-fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
        );
        write(
            "disclosure.toml",
            "[operator]\nname = \"Example K.K.\"\n\n[policy.providers]\ndeny = [\"google-analytics\"]\n",
        );
        write(
            "src/lib.rs",
            "#[disclosure::disclose(provider = \"google-analytics\", data = [ip_address], purpose = [analytics])]\npub fn page_view() {}\n",
        );
        let snapshot = Snapshot::new(&dir.path().to_string_lossy());
        let panic = std::panic::catch_unwind(|| snapshot.render()).unwrap_err();
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains("breaks the policy"), "{message}");
        assert!(
            message.contains("`google-analytics` is a denied provider"),
            "{message}"
        );
    }

    #[test]
    fn a_denied_warning_fails_the_snapshot_as_it_fails_check() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            std::fs::create_dir_all(dir.path().join(path).parent().unwrap()).unwrap();
            std::fs::write(dir.path().join(path), text).unwrap();
        };
        write(
            "Cargo.toml",
            "[package]\nname = \"snapshot-fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
        );
        write(
            "src/lib.rs",
            "#[disclosure::disclose(provider = \"google-analytics\", data = [ip_address], purpose = [analytics])]\npub fn page_view() {}\n",
        );
        // The notice has no date and no contact (D0412, a warning), denied by `warnings`.
        let catalogue = "[lints]\nwarnings = \"deny\"\n\n[operator]\nname = \"Exemplar K.K.\"\n";
        write("disclosure.toml", catalogue);
        let snapshot = Snapshot::new(&dir.path().to_string_lossy());
        let panic = std::panic::catch_unwind(|| snapshot.render()).unwrap_err();
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains("error[D0412]"), "{message}");
        // The named code, allowed with its reason, wins.
        write(
            "disclosure.toml",
            &catalogue.replace(
                "warnings = \"deny\"\n",
                "warnings = \"deny\"\nD0412 = { level = \"allow\", reason = \"dated on publication\" }\n",
            ),
        );
        let (name, _) = snapshot.render();
        assert!(!name.is_empty());
    }
}
