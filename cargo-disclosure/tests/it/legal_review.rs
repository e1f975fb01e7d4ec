//! `review --legal`, the checklist a lawyer signs before publication: a snapshot of DOOR's, and
//! each item the rule requires removed in turn from a complete notice and seen reported, either
//! as a row marked ✗ (a lint's error, which the checklist reports instead of stopping on) or as
//! the input error that keeps the notice from being built at all.

use std::process::Output;

use crate::common::*;

const COMPLETE: &str = r#"[operator]
name = { ja = "例示株式会社", en = "Exemplar K.K." }
services = ["Exemplar"]

[notice]
last_updated = 2026-11-01
contact = "privacy@exemplar.example"

[[provider]]
id = "house"
service = "House Metrics"
entity = "House Metrics Inc."
country = "JP"
role = "controller"
recipient_use = { ja = "House Metrics は、自社の製品の改善に利用します。", en = "House Metrics uses it to improve its own products." }
opt_out = { url = "https://house.example/opt-out", stops = "sending" }
domains = ["in.house.example"]
"#;

const SENDS: &str = r#"use disclosure::disclose;

#[disclose(provider = "house", data = [page_url], purpose = [analytics], basis = opt_out)]
pub fn send() {}
"#;

fn legal(fixture: &Fixture, lang: &str) -> Output {
    run(
        fixture.path(),
        &["review", "--legal", "--lang", lang, "--format", "markdown"],
    )
}

/// The checklist's row of `item` (its first cell) in `markdown`.
fn row<'a>(markdown: &'a str, item: &str) -> &'a str {
    markdown
        .lines()
        .find(|l| l.starts_with(&format!("| {item} |")))
        .unwrap_or_else(|| panic!("no row {item}:\n{markdown}"))
}

#[test]
fn the_checklist_of_a_published_notice() {
    let door = ["--manifest-path", "examples/door/Cargo.toml"];
    let out = run(
        &repo_root(),
        &[&["review", "--legal", "--lang", "ja"][..], &door].concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!("door-legal-ja", stdout(&out));
    let out = run(
        &repo_root(),
        &[
            &["review", "--legal", "--lang", "en", "--format", "html"][..],
            &door,
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    for item in [
        "The user information sent",
        "The name of the entity that handles it at the recipient",
        "The recipient&#x27;s own purposes",
        "Enforcement Regulations, Art. 22-2-29, item 2",
        "Sources of the built-in facts",
        "Results of the checks",
    ] {
        assert!(html.contains(item), "{item}: {html}");
    }
    assert!(!html.contains('✗'), "{html}");
}

#[test]
fn a_complete_notice_passes_every_item() {
    let out = legal(&Fixture::new(COMPLETE, SENDS), "ja");
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("全ての送信について、必要な事項が記載されています。"),
        "{md}"
    );
    assert!(!md.contains('✗'), "{md}");
    assert!(
        row(&md, "オプトアウト措置の内容（停止の方法及び停止の対象）").contains("| ✓ 記載あり |"),
        "{md}"
    );
}

#[test]
fn each_required_item_removed_is_reported() {
    // A lint's error: the checklist marks the row and the check, and exits 1.
    let marked = |catalogue: &str, source: &str, item: &str, code: &str| {
        let out = legal(&Fixture::new(catalogue, source), "ja");
        assert_eq!(out.status.code(), Some(1), "{item}: {}", stderr(&out));
        let md = stdout(&out);
        assert!(row(&md, item).contains("| ✗ "), "{item}: {md}");
        assert!(row(&md, code).contains("✗ 1件（エラー）"), "{code}: {md}");
        assert!(
            md.contains("必要な事項のうち1件が記載されていません"),
            "{md}"
        );
        md
    };
    let without_use = COMPLETE.replace(
        "recipient_use = { ja = \"House Metrics は、自社の製品の改善に利用します。\", en = \"House Metrics uses it to improve its own products.\" }\n",
        "",
    );
    marked(&without_use, SENDS, "送信先における利用目的", "D0405");
    let without_opt_out = COMPLETE.replace(
        "opt_out = { url = \"https://house.example/opt-out\", stops = \"sending\" }\n",
        "",
    );
    marked(
        &without_opt_out,
        SENDS,
        "オプトアウト措置の内容（停止の方法及び停止の対象）",
        "D0406",
    );
    // Allowed with a reason: still marked, with the reason, and no longer a failure of the check.
    let allowed = format!(
        "[lints]\nD0405 = {{ level = \"allow\", reason = \"the terms are being negotiated\" }}\n\n{without_use}"
    );
    let out = legal(&Fixture::new(&allowed, SENDS), "ja");
    let md = stdout(&out);
    assert!(
        row(&md, "送信先における利用目的")
            .contains("で許容。理由：the terms are being negotiated）"),
        "{md}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a required item is still missing"
    );
    // A brand for the entity: stated only in part.
    let brand = COMPLETE.replace(
        "entity = \"House Metrics Inc.\"",
        "entity = \"House Metrics\"\nentity_kind = \"brand\"",
    );
    let out = legal(&Fixture::new(&brand, SENDS), "ja");
    let md = stdout(&out);
    assert!(
        row(&md, "送信先で利用者情報を取り扱う事業者の名称").contains("| △ ブランド名のみ"),
        "{md}"
    );
    // The items without which no notice is built: the command names them and exits 2.
    let refused = |catalogue: &str, source: &str, expected: &str| {
        let out = legal(&Fixture::new(catalogue, source), "ja");
        assert_eq!(out.status.code(), Some(2), "{expected}: {}", stdout(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    };
    refused(
        &COMPLETE.replace("entity = \"House Metrics Inc.\"\n", ""),
        SENDS,
        "error[D0114]: provider `house` has no `entity`",
    );
    refused(
        COMPLETE,
        &SENDS.replace("data = [page_url], ", ""),
        "error[D0205]: #[disclose(...)] is missing `data`",
    );
    refused(
        COMPLETE,
        &SENDS.replace("purpose = [analytics], ", ""),
        "error[D0205]: #[disclose(...)] is missing `purpose`",
    );
    refused(
        COMPLETE,
        &SENDS.replace("basis = opt_out", "basis = essential"),
        "error[D0209]",
    );
}
