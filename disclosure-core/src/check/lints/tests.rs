//! The lints against the tool's own words: every built-in text (the notice's wording, the
//! vocabulary's labels, the built-in recipients' categories, own uses, notes and ways to stop) is
//! concrete by the rule the lints apply to the project's texts.

use super::wording::vague_ja;
use crate::catalogue::builtin::providers::providers;
use crate::catalogue::vocabulary::{texts, vocabulary};
use crate::foundation::localized::{Lang, Localized};

#[test]
fn every_built_in_text_passes_the_lints() {
    let mut found = Vec::new();
    let mut check = |what: String, text: &str, explained: bool| {
        if let Some(why) = vague_ja(text, explained) {
            found.push(format!("{what}: 「{text}」 {why}"));
        }
    };
    for (key, text) in texts::every(Lang::Ja) {
        check(format!("texts.toml ja.{key}"), text, false);
    }
    let v = vocabulary();
    for (kind, terms) in [
        ("data", &v.data_items),
        ("purpose", &v.purposes),
        ("category", &v.categories),
        ("country", &v.countries),
    ] {
        for t in terms {
            let explained = t.examples.is_some() || t.description.is_some();
            if let Some(ja) = t.label.get(Lang::Ja) {
                check(format!("vocabulary {kind} `{}`", t.id), ja, explained);
            }
        }
    }
    let mut checked = 0;
    for p in providers() {
        let f = &p.facts;
        let mut texts: Vec<(&str, &Localized)> = Vec::new();
        if let Some(c) = &f.category {
            texts.push(("category", &c.value));
        }
        if let Some(u) = &f.recipient_use {
            texts.push(("recipient_use", &u.value));
        }
        for n in f.notes.iter().flat_map(|n| &n.value) {
            texts.push(("notes", n));
        }
        if let Some(o) = &f.opt_out {
            for (name, t) in [
                ("opt_out.steps", &o.value.steps),
                ("opt_out.not_possible", &o.value.not_possible),
            ] {
                if let Some(t) = t {
                    texts.push((name, t));
                }
            }
        }
        for (name, text) in texts {
            checked += 1;
            if let Some(ja) = text.get(Lang::Ja) {
                check(format!("provider `{}` {name}", p.id), ja, true);
            }
        }
    }
    assert!(checked > 80, "{checked} provider texts");
    assert!(
        found.is_empty(),
        "{} vague built-in texts:\n{}",
        found.len(),
        found.join("\n")
    );
}

const BASE: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]

[notice]
last_updated = 2026-11-01
contact = { ja = "privacy@example.com までご連絡ください。", en = "Write to privacy@example.com." }

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
country = "JP"
role = "processor"
opt_out = { url = "https://analytics.example/opt-out", stops = "sending" }
"#;

const SOURCE: &str =
    r#"#[disclose(provider = "analytics", data = [page_url], purpose = [analytics])] fn a() {}"#;

/// The codes the pipeline reports for the catalogue `BASE` with `extra` and `source`, or the
/// errors' text.
fn codes(extra: &str, source: &str) -> Result<Vec<crate::foundation::diagnostic::Code>, String> {
    crate::test_support::checked(&format!("{BASE}{extra}"), source)
        .map(|(_, ds)| ds.iter().map(|d| d.code).collect())
}

/// `base` passes without `code`; `base` changed by `fail` reports `code` (as a warning, or as an
/// error whose text names it).
fn fails_and_passes(
    code: crate::foundation::diagnostic::Code,
    pass: (&str, &str),
    fail: (&str, &str),
) {
    let passing =
        codes(pass.0, pass.1).unwrap_or_else(|e| panic!("{code}: the passing case fails: {e}"));
    assert!(
        !passing.contains(&code),
        "{code}: the passing case reports it"
    );
    match codes(fail.0, fail.1) {
        Ok(found) => assert!(found.contains(&code), "{code}: not reported: {found:?}"),
        Err(e) => assert!(e.contains(&format!("[{code}]")), "{code}: {e}"),
    }
}

#[test]
fn each_lint_has_a_failing_and_a_passing_case() {
    use crate::foundation::diagnostic::Code;
    // Vague words in a condition.
    let when = r#"#[disclose(provider = "analytics", data = [page_url], purpose = [analytics], when = "signed-in")] fn a() {}"#;
    fails_and_passes(
        Code::VagueLabel,
        (
            "[[condition]]\nid = \"signed-in\"\nlabel = \"ログインした場合\"\n",
            when,
        ),
        (
            "[[condition]]\nid = \"signed-in\"\nlabel = \"ログインした場合等\"\n",
            when,
        ),
    );
    // In the notice's own texts.
    let notice_text = |field: &str, text: &str| {
        BASE.replace("[notice]\n", &format!("[notice]\n{field} = \"{text}\"\n"))
    };
    for field in ["introduction", "essential", "opt_out"] {
        let vague = |text: &str| {
            crate::test_support::checked(&notice_text(field, text), SOURCE)
                .unwrap()
                .1
                .iter()
                .any(|d| d.code == Code::VagueLabel)
        };
        assert!(
            !vague("本サービスの画面の表示に用いる情報を送信します。"),
            "{field}"
        );
        assert!(vague("各種の情報を送信します。"), "{field}");
    }
    // In a recipient's category and notes.
    let x = |fact: &str| {
        format!(
            "\n[[provider]]\nid = \"x\"\nservice = \"X\"\nentity = \"X Inc.\"\ncountry = \"JP\"\nrole = \"processor\"\nopt_out = {{ url = \"https://x.example/o\", stops = \"sending\" }}\n{fact}\n"
        )
    };
    let to_x = r#"#[disclose(provider = "x", data = [page_url], purpose = [analytics])] fn a() {}"#;
    fails_and_passes(
        Code::VagueLabel,
        (
            &x("category = { ja = \"アクセス解析\", en = \"Analytics\" }"),
            to_x,
        ),
        (
            &x("category = { ja = \"アクセス解析、その他\", en = \"Analytics\" }"),
            to_x,
        ),
    );
    fails_and_passes(
        Code::VagueLabel,
        (&x("notes = [\"広告の表示は設定で変えられます。\"]"), to_x),
        (&x("notes = [\"一部の広告は設定で変えられます。\"]"), to_x),
    );
    // The recipient's own use: required of a recipient that is not a processor (an error).
    let ads_provider = "\n[[provider]]\nid = \"ads\"\nservice = \"Ads\"\nentity = \"Ads Inc.\"\ncountry = \"JP\"\nopt_out = { url = \"https://ads.example/o\", stops = \"sending\" }\n";
    let ads =
        r#"#[disclose(provider = "ads", data = [page_url], purpose = [advertising])] fn a() {}"#;
    let own = format!(
        "{ads_provider}role = \"controller\"\nrecipient_use = \"自社の広告の効果測定に利用します。\"\n"
    );
    fails_and_passes(Code::RecipientUseMissing, (&own, ads), (ads_provider, ads));
    // Role and stated use, both ways.
    fails_and_passes(
        Code::RoleConflict,
        (&own, ads),
        (
            &format!(
                "{ads_provider}role = \"controller\"\nrecipient_use = \"本サービスの広告の配信のために利用します。\"\n"
            ),
            ads,
        ),
    );
    // A use stated of the recipient by its name is its own.
    let named = format!(
        "{ads_provider}role = \"controller\"\nrecipient_use = \"Ads は、広告の効果測定に利用します。\"\n"
    );
    assert!(!codes(&named, ads).unwrap().contains(&Code::RoleConflict));
    // The opt-out of every transmission to a third party is stated.
    let without_opt_out = x("").replace(
        "opt_out = { url = \"https://x.example/o\", stops = \"sending\" }\n",
        "",
    );
    let with_reason = format!(
        "{without_opt_out}\n[[opt_out]]\nid = \"kept\"\nnot_possible = \"不具合の原因を調べるために必要なため\"\n"
    );
    let to_x_kept = to_x.replace(
        "purpose = [analytics]",
        "purpose = [analytics], opt_out = \"kept\"",
    );
    fails_and_passes(
        Code::OptOutNotStated,
        (&with_reason, &to_x_kept),
        (&without_opt_out, to_x),
    );
    // An entity without a legal form, or named as its service, looks like a brand.
    let entity = |name: &str| {
        let catalogue = BASE.replace(
            "entity = \"Analytics Inc.\"",
            &format!("entity = \"{name}\""),
        );
        crate::test_support::checked(&catalogue, SOURCE)
            .unwrap()
            .1
            .iter()
            .any(|d| d.code == Code::EntityBrandOnly)
    };
    assert!(!entity("Analytics Inc.") && !entity("株式会社アナリティクス"));
    assert!(entity("Analytics") && entity("AnalyticsCo"));
    // The essential section holds only essential transmissions.
    let house = "\n[[provider]]\nid = \"house\"\nservice = \"House\"\nentity = \"例株式会社\"\ncountry = \"JP\"\nfirst_party = true\n";
    let with_text = BASE.replace(
        "[notice]\n",
        "[notice]\nessential = \"次の情報は、本サービスの提供に欠かせないものです。\"\n",
    );
    let section = |source: &str| {
        crate::test_support::checked(
            &format!("{with_text}{house}"),
            &format!("{SOURCE}\n{source}"),
        )
        .unwrap()
        .1
        .iter()
        .any(|d| d.code == Code::EssentialSection)
    };
    assert!(!section(
        r#"#[disclose(provider = "house", data = [ip_address], purpose = [security], basis = essential, reason = "不正なログインを防ぐために必要なため")] fn b() {}"#
    ));
    assert!(section(
        r#"#[disclose(provider = "house", data = [page_url], purpose = [personalization])] fn b() {}"#
    ));
}

#[test]
fn an_exemption_claim_names_the_exempt_function_and_no_other_aim() {
    use crate::foundation::diagnostic::Code;
    let purpose = |label: &str| {
        format!("\n[[purpose]]\nid = \"guard\"\nlabel = \"{label}\"\nexemption = \"security\"\n")
    };
    let src = r#"#[disclose(provider = "analytics", data = [ip_address], purpose = [guard], basis = essential, reason = "不正なログインを防ぐために必要なため")] fn a() {}"#;
    assert!(codes(&purpose("不正なログインの防止"), src).is_ok());
    for label in ["広告配信のためのセキュリティの確保", "サービスの品質管理"]
    {
        let err = codes(&purpose(label), src).unwrap_err();
        assert!(
            err.contains(&format!("[{}]", Code::ExemptionClaim)),
            "{label}: {err}"
        );
    }
}

#[test]
fn blank_texts_and_future_dates_are_refused() {
    let blank = codes(
        "\n[[condition]]\nid = \"c\"\nlabel = { ja = \" \", en = \"x\" }\n",
        SOURCE,
    )
    .unwrap_err();
    assert!(blank.contains("this text is blank"), "{blank}");
    let future = crate::test_support::checked(
        &BASE.replace("last_updated = 2026-11-01", "last_updated = 2999-01-01"),
        SOURCE,
    )
    .unwrap_err();
    assert!(
        future.contains("[D0112]") && future.contains("is in the future"),
        "{future}"
    );
    // A version may take effect later than it is published.
    let effective = BASE.replace(
        "last_updated = 2026-11-01",
        "last_updated = 2026-11-01\neffective = 2999-01-01",
    );
    assert!(crate::test_support::checked(&effective, SOURCE).is_ok());
}
