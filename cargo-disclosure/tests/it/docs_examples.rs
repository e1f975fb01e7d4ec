//! The examples a reader copies are true as written (the pages of `docs/`, the README, and the
//! crates' front rustdoc, which docs.rs shows):
//! - every annotation that names a provider the recorded capture covers (Google Analytics' GA4
//!   collect, Google sign-in, a Sentry envelope with an exception and a session), alone in a
//!   package, passes `verify` against that capture: it publishes what the provider's real
//!   requests carry, not less;
//! - every TOML block that belongs in `disclosure.toml` reads without an error: no id that does
//!   not exist, no key the file does not take.
//!
//! Left out here, each tested where it is: the blocks that show a mistake on purpose,
//! `diagnostics.md` (each code's failing example) and the cookbook of `policy.md` (each rule's
//! rejected example, `policy::every_cookbook_rule_in_docs_catches_its_example`); and
//! `getting-started.md`, whose test runs the guide as written, with its own catalogue, and ends
//! with the same `verify` against the same capture.

use std::fs;
use std::path::Path;

use crate::common::{Block, Fixture, fenced_blocks, repo_root, run, stderr, stdout};
use crate::policy::PROVIDERS;

/// The providers `captures/requests.har` records requests to.
const CAPTURED: [&str; 3] = ["google-analytics", "google-sign-in", "sentry"];

/// What the docs' examples name besides built-in ids: the guide's opt-outs and conditions, and
/// `acme-analytics`, the recipient a project declares itself.
const CATALOGUE: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }
services = ["Example"]

[[provider]]
id = "acme-analytics"
service = "Acme Analytics"
entity = { ja = "アクメ解析株式会社", en = "Acme Analytics K.K." }
country = "JP"
recipient_use = { ja = "利用状況の集計のみに利用します。", en = "Used only to count usage." }

[[condition]]
id = "logged-in"
label = { ja = "ログインしている場合", en = "when logged in" }

[[condition]]
id = "consented"
label = { ja = "同意した場合", en = "when the user has agreed" }

[[opt_out]]
id = "analytics-setting"
steps = { ja = "「設定」画面の「分析」をオフにしてください。", en = "Turn off “Analytics” in Settings." }
stops = "sending"

[[opt_out]]
id = "sign-in"
not_possible = { ja = "Google でログインするボタンの表示に必要なため、停止できません。", en = "It cannot be stopped: the Sign in with Google button cannot be shown without it." }

[[opt_out]]
id = "error-reports"
steps = { ja = "「設定」画面の「エラーレポートを送信する」をオフにしてください。", en = "Turn off “Send error reports” in Settings." }
stops = "sending"
"#;

/// The documents' fenced blocks, each with its place (`docs/x.md:LINE`): every page of `docs/`, the
/// README, and the crates' front rustdoc (docs.rs), but for those tested where they are:
/// `diagnostics.md`'s failing examples, the cookbook of `policy.md`, and `getting-started.md`, run
/// as written.
fn doc_blocks() -> Vec<(String, Block)> {
    let root = repo_root();
    let mut pages: Vec<String> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| format!("docs/{}", e.unwrap().file_name().into_string().unwrap()))
        .filter(|n| {
            n.ends_with(".md")
                && !["docs/diagnostics.md", "docs/getting-started.md"].contains(&n.as_str())
        })
        .collect();
    pages.sort();
    pages.extend(["README.md", "src/lib.rs", "disclosure-macros/src/lib.rs"].map(String::from));
    let mut out = Vec::new();
    for page in pages {
        let text = fs::read_to_string(root.join(&page)).unwrap();
        let doc = match page.as_str() {
            "docs/policy.md" => text[..text.find("## Cookbook").unwrap()].to_string(),
            rust if rust.ends_with(".rs") => rustdoc_of(&text),
            _ => text,
        };
        for block in fenced_blocks(&doc) {
            out.push((format!("{page}:{}", block.line), block));
        }
    }
    out
}

/// The Markdown of a Rust file's doc comments (`//!`, `///`), line for line (other lines blank).
fn rustdoc_of(source: &str) -> String {
    source
        .lines()
        .map(|line| {
            let line = line.trim_start();
            let doc = line
                .strip_prefix("//!")
                .or_else(|| line.strip_prefix("///"));
            doc.map_or("", |d| d.strip_prefix(' ').unwrap_or(d))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The blocks that hold an annotation naming a captured provider, with the providers it names.
fn annotated_blocks() -> Vec<(String, Block, Vec<&'static str>)> {
    doc_blocks()
        .into_iter()
        .filter(|(_, block)| block.text.contains("disclose("))
        .filter_map(|(place, block)| {
            let named: Vec<&str> = CAPTURED
                .into_iter()
                .filter(|p| block.text.contains(&format!("provider = \"{p}\"")))
                .collect();
            (!named.is_empty()).then_some((place, block, named))
        })
        .collect()
}

/// Lays the block out in the fixture as what it is: Rust source (in rustdoc, a block with no
/// language, `ignore` or `no_run`), or a page's template.
fn lay_out(fixture: &Path, block: &Block) {
    if block.lang.starts_with("rust") || ["", "ignore", "no_run"].contains(&block.lang.as_str()) {
        fs::write(fixture.join("src/lib.rs"), &block.text).unwrap();
    } else {
        assert!(
            matches!(block.lang.as_str(), "html" | "js" | "javascript"),
            "an annotation in a `{}` block: lay it out as its file",
            block.lang
        );
        let ext = if block.lang == "html" { "html" } else { "js" };
        fs::create_dir_all(fixture.join("templates")).unwrap();
        fs::write(fixture.join(format!("templates/page.{ext}")), &block.text).unwrap();
    }
}

#[test]
fn every_annotation_in_the_docs_passes_verify_against_the_providers_real_requests() {
    let capture = repo_root().join("cargo-disclosure/tests/it/captures/requests.har");
    let annotated = annotated_blocks();
    // The consent page's Google Analytics page view, discovery's comment beside `gtag.js`, the
    // README's page view and those of the facade's and the attribute's rustdoc.
    assert!(annotated.len() >= 5, "{} blocks found", annotated.len());
    let mut failures = Vec::new();
    for (place, block, providers) in &annotated {
        let fixture = Fixture::new(CATALOGUE, "");
        lay_out(fixture.path(), block);
        let out = run(
            fixture.path(),
            &[
                "disclosure",
                "verify",
                "--observed",
                capture.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{place}: the example does not read as a declaration:\n{}",
            stderr(&out)
        );
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        for provider in providers {
            assert!(
                report["observed"][provider]["requests"].as_u64() > Some(0),
                "{place}: the capture holds no request to `{provider}`"
            );
            let contradicted: Vec<String> = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| {
                    f["recipient"].as_str().or(f["provider"].as_str()) == Some(provider)
                        && !matches!(f["kind"].as_str(), Some("unmapped_key" | "never_observed"))
                })
                .map(|f| match f["kind"].as_str() {
                    Some("undeclared_data") => format!("`{}` carries {}", f["key"], f["data"]),
                    _ => f.to_string(),
                })
                .collect();
            if !contradicted.is_empty() {
                failures.push(format!("{place} ({provider}): {}", contradicted.join("; ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "annotations in the docs that the provider's real requests contradict:\n{}",
        failures.join("\n")
    );
}

/// Every TOML block of `docs/` that belongs in `disclosure.toml`, added to a catalogue of its own,
/// reads without an error: a reader who copies one gets no id that does not exist, no key the
/// file does not take. (`Cargo.toml` fragments and `#:schema` lines are not catalogue.)
#[test]
fn every_catalogue_fragment_in_the_docs_reads_without_an_error() {
    let fragments: Vec<(String, Block)> = doc_blocks()
        .into_iter()
        .filter(|(_, b)| b.lang == "toml")
        .filter(|(_, b)| {
            let first = b
                .text
                .lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
            first.is_some_and(|l| !l.ends_with("dependencies]"))
        })
        .collect();
    // Targets, outputs, lints, the consent panel's settings, discovery, a manifest's
    // transmission, parameter maps and the policy reference.
    assert!(fragments.len() >= 9, "{} fragments found", fragments.len());
    let mut failures = Vec::new();
    for (place, block) in &fragments {
        let fixture = Fixture::new(&format!("{PROVIDERS}\n{}", block.text), FRAGMENT_CODE);
        // A transmission declared in a manifest's directory names a file that is there.
        for source in block.text.lines().filter_map(|l| {
            l.strip_prefix("source = \"")
                .and_then(|r| r.split('"').next())
        }) {
            let path = fixture.path().join(source);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let out = run(
            fixture.path(),
            &["disclosure", "generate", "--out", "notice.md"],
        );
        let text = stderr(&out);
        // A `[policy]` rule denying the transmission (D0501, exit status 1) is the rule at work,
        // not a misread.
        let misread = text
            .match_indices("error[")
            .any(|(i, _)| !text[i..].starts_with("error[D0501]"));
        if misread || !matches!(out.status.code(), Some(0 | 1)) {
            failures.push(format!(
                "{place} (exit status {:?}):\n{text}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A transmission for the catalogue fragments to stand on, to a recipient of the policy tests'
/// catalogue (which the policy reference names).
const FRAGMENT_CODE: &str = r#"#[disclose(provider = "ad-network", data = [page_url], purpose = [advertising])]
pub fn ad_request() {}
"#;
