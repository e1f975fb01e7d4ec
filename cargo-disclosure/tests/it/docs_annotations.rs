//! Every annotation in `docs/` that names a provider the recorded capture covers (Google
//! Analytics' GA4 collect, Google sign-in, a Sentry envelope with an exception and a session),
//! alone in a package, passes `verify` against that capture: a reader who copies it publishes
//! what the provider's real requests carry, not less.
//!
//! Left out here, each tested where it is: the blocks that show a mistake on purpose,
//! `diagnostics.md` (each code's failing example) and the cookbook of `policy.md` (each rule's
//! rejected example, `policy::every_cookbook_rule_in_docs_catches_its_example`); and
//! `getting-started.md`, whose test runs the guide as written, with its own catalogue, and ends
//! with the same `verify` against the same capture.

use std::fs;
use std::path::Path;

use crate::common::{Fixture, repo_root, run, stderr, stdout};

/// The providers `captures/requests.har` records requests to.
const CAPTURED: [&str; 3] = ["google-analytics", "google-sign-in", "sentry"];

/// What the docs' examples name besides built-in ids: the guide's opt-outs and conditions.
const CATALOGUE: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }
services = ["Example"]

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

/// A fenced block of a document: the line its fence opens on, its info string and its text.
struct Block {
    line: usize,
    lang: String,
    text: String,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(lang) = line.strip_prefix("```") else {
            continue;
        };
        let mut text = String::new();
        for (_, line) in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            text.push_str(line);
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

/// The documents' blocks that hold an annotation naming a captured provider, each with its place
/// (`docs/x.md:LINE`) and the providers it names.
fn annotated_blocks() -> Vec<(String, Block, Vec<&'static str>)> {
    let docs = repo_root().join("docs");
    let mut names: Vec<_> = fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            n.ends_with(".md") && !["diagnostics.md", "getting-started.md"].contains(&n.as_str())
        })
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let doc = fs::read_to_string(docs.join(&name)).unwrap();
        let doc = match name.as_str() {
            "policy.md" => &doc[..doc.find("## Cookbook").unwrap()],
            _ => &doc[..],
        };
        for block in blocks(doc) {
            if !block.text.contains("disclose(") {
                continue;
            }
            let named: Vec<&str> = CAPTURED
                .into_iter()
                .filter(|p| block.text.contains(&format!("provider = \"{p}\"")))
                .collect();
            if !named.is_empty() {
                out.push((format!("docs/{name}:{}", block.line), block, named));
            }
        }
    }
    out
}

/// Lays the block out in the fixture as what it is: Rust source, or a page's template.
fn lay_out(fixture: &Path, block: &Block) {
    if block.lang.starts_with("rust") {
        fs::write(fixture.join("src/lib.rs"), &block.text).unwrap();
    } else {
        assert!(
            matches!(block.lang.as_str(), "html" | "jinja" | "js" | "javascript"),
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
    // The consent page's Google Analytics page view and discovery's comment beside `gtag.js`.
    assert!(annotated.len() >= 2, "{} blocks found", annotated.len());
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
