//! Nothing printed that nobody stated: each way a notice was once found to print a false
//! statement, as a regression. Each case builds a notice from a catalogue and annotations, renders
//! it in every layout in both languages, and shows that the statement is not printed, or that a
//! diagnostic names the problem.

use super::{Format, Layout, Options, render_with};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;
use crate::model::Notice;
use crate::test_support;

const OPERATOR: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]
"#;

fn build(catalogue: &str, source: &str) -> Result<(Notice, Vec<Diagnostic>), String> {
    test_support::checked(&format!("{OPERATOR}{catalogue}"), source)
}

/// The notice in Markdown, every layout, both languages, one after the other.
fn printed(notice: &Notice) -> String {
    let mut out = String::new();
    for layout in Layout::all() {
        for lang in Lang::ALL {
            let options = Options {
                layout,
                ..Options::new(Format::named("markdown"), lang)
            };
            out.push_str(&render_with(notice, &options).unwrap());
        }
    }
    out
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_built_in_entity_is_printed_only_on_the_providers_own_word() {
    // Firebase's analytics once printed Google's Japanese entity for every operator, on no
    // evidence. Its entity now rests on the terms that name the parties; every SDK whose entity
    // depends on the operator's contract is refused until the project states it (D0414).
    let (notice, _) = build(
        "",
        r#"#[disclose(provider = "firebase-analytics", data = [usage_history], purpose = [analytics])] fn a() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(
        !out.contains("Google Japan") && !out.contains("グーグル合同会社"),
        "{out}"
    );
    let entity = notice.recipients[0].facts.entity.as_ref().unwrap();
    assert!(entity.evidence.iter().any(|e| e.primary), "{entity:?}");
    let err = build(
        "",
        r#"#[disclose(provider = "firebase-crashlytics", data = [crash_log], purpose = [error_monitoring])] fn a() {}"#,
    )
    .unwrap_err();
    assert!(err.contains("[D0414]"), "{err}");
}

#[test]
fn changing_the_entity_drops_the_facts_bound_to_the_old_one_and_names_them() {
    let (notice, warnings) = build(
        "[[provider]]\nid = \"sentry\"\nentity = \"Sentry Japan K.K.\"\nrole = \"processor\"\n",
        r#"#[disclose(provider = "sentry", data = [crash_log], purpose = [error_monitoring])] fn a() {}"#,
    )
    .unwrap();
    let out = printed(&notice);
    assert!(
        !out.contains("アメリカ合衆国") && !out.contains("United States"),
        "{out}"
    );
    assert!(!out.contains("Functional Software"), "{out}");
    let d0122 = warnings
        .iter()
        .find(|d| d.code == Code::FactsFollowEntity)
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(d0122.message.contains("country"), "{}", d0122.message);
}

#[test]
fn a_provider_table_for_a_built_in_id_keeps_each_documents_own_label() {
    // An empty table once relabelled Sentry's terms for customer data as its privacy policy.
    let (notice, _) = build(
        "[[provider]]\nid = \"sentry\"\n",
        r#"#[disclose(provider = "sentry", data = [crash_log], purpose = [error_monitoring])] fn a() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(out.contains("https://sentry.io/legal/dpa"), "{out}");
    for line in out
        .lines()
        .filter(|l| l.contains("https://sentry.io/legal/dpa"))
    {
        assert!(
            !line.contains("[プライバシーポリシー]") && !line.contains("[Privacy Policy]"),
            "{line}"
        );
    }
}

const ANALYTICS: &str = r#"
[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
country = "JP"
mechanism = "tag"
domains = ["collect.analytics.example"]
recipient_use = { ja = "自社の広告に利用します。", en = "Used for its own advertising." }
opt_out = { steps = { ja = "アプリ内の設定でOFFにできます。", en = "Switch it off in the app's settings." }, stops = "sending" }

[[opt_out]]
id = "kept"
not_possible = { ja = "不具合の原因を調べるために必要なため", en = "Needed to find the causes of faults" }
"#;

#[test]
fn a_providers_opt_out_is_not_printed_for_a_transmission_that_cannot_be_stopped_or_is_essential() {
    let (notice, _) = build(
        ANALYTICS,
        r#"
#[disclose(provider = "analytics", data = [crash_log], purpose = [error_monitoring], opt_out = "kept")] fn crash() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = [security], basis = essential, reason = "不正なアクセスを防ぐために必要なため")] fn guard() {}
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(
        !out.contains("OFFにできます") && !out.contains("Switch it off"),
        "{out}"
    );
    let r = &notice.recipients[0];
    assert!(
        r.transmissions
            .iter()
            .all(|t| !t.opt_out.stops_transmission())
    );
}

#[test]
fn an_essential_transmission_that_names_a_way_to_stop_it_is_refused() {
    let err = build(
        &format!("{ANALYTICS}\n[[opt_out]]\nid = \"off\"\nsteps = \"設定でOFF\"\nstops = \"sending\"\n"),
        r#"#[disclose(provider = "analytics", data = [ip_address], purpose = [security], basis = essential, reason = "不正なアクセスを防ぐために必要なため", opt_out = "off")] fn guard() {}"#,
    )
    .unwrap_err();
    assert!(err.contains("[D0110]"), "{err}");
}

#[test]
fn a_transmission_from_the_servers_carries_no_device_mechanism_host_use_or_opt_out() {
    // Google Analytics' built-in tag, hosts, own use and opt-out describe what browsers send.
    let (notice, _) = build(
        "[notice]\nserver_section = true\n",
        r#"#[disclose(provider = "google-analytics", data = [email_address], purpose = [customer_support], origin = server)] fn mail() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(out.contains("Google"), "{out}");
    for device_side in [
        "ウェブページに埋め込まれたタグ",
        "A tag embedded in web pages",
        "google-analytics.com",
        "tools.google.com/dlpage/gaoptout",
    ] {
        assert!(!out.contains(device_side), "{device_side}: {out}");
    }
    // The project's own opt-out for the recipient is not said of it either.
    let (notice, _) = build(
        &format!("{ANALYTICS}\n[notice]\nserver_section = true\n"),
        r#"#[disclose(provider = "analytics", data = [email_address], purpose = [customer_support], origin = server)] fn mail() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(
        !out.contains("OFFにできます") && !out.contains("Switch it off"),
        "{out}"
    );
    assert!(!out.contains("ウェブページに埋め込まれたタグ"), "{out}");
    // Said on the annotation, the contradiction is an error.
    let err = build(
        ANALYTICS,
        r#"#[disclose(provider = "analytics", data = [email_address], purpose = [customer_support], origin = server, mechanism = tag)] fn mail() {}"#,
    )
    .unwrap_err();
    assert!(err.contains("[D0216]"), "{err}");
}

#[test]
fn a_region_of_storage_is_accepted_and_never_printed_as_establishment() {
    let (notice, _) = build(
        &ANALYTICS.replace("country = \"JP\"", "country = \"JP\"\nstorage = \"EU\""),
        r#"#[disclose(provider = "analytics", data = [page_url], purpose = [analytics])] fn a() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = printed(&notice);
    assert!(out.contains("欧州連合（EU）"), "{out}");
    assert!(!out.contains("established"), "{out}");
    assert!(!out.contains("所在国: 欧州"), "{out}");
}

#[test]
fn a_qualifier_that_contradicts_the_items_label_is_named() {
    let (_, warnings) = build(
        &format!(
            "{ANALYTICS}\n[[data]]\nid = \"raw_email\"\nlabel = {{ ja = \"メールアドレス（ハッシュ化していないもの）\", en = \"E-mail address (unhashed)\" }}\n"
        ),
        r#"#[disclose(provider = "analytics", data = [raw_email(hashed)], purpose = [analytics])] fn a() {}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        codes(&warnings).contains(&Code::QualifierConflict),
        "{warnings:?}"
    );
}

#[test]
fn a_brand_or_a_kind_of_business_is_never_printed_as_a_legal_entity() {
    for (kind, ja, en) in [
        ("brand", "ブランド名です", "brand name"),
        ("category", "事業者の区分です", "kind of entity"),
    ] {
        let (notice, warnings) = build(
            &ANALYTICS.replace(
                "entity = \"Analytics Inc.\"",
                &format!("entity = \"Analytics\"\nentity_kind = \"{kind}\""),
            ),
            r#"#[disclose(provider = "analytics", data = [page_url], purpose = [analytics])] fn a() {}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let out = printed(&notice);
        // Every line naming the entity in a table cell marks it.
        for line in out
            .lines()
            .filter(|l| l.contains("| Analytics") && l.starts_with('|'))
        {
            if line.contains("Analytics（") || line.contains("Analytics (") {
                assert!(line.contains(ja) || line.contains(en), "{line}");
            }
        }
        assert!(out.contains(ja) && out.contains(en), "{kind}");
        assert!(
            codes(&warnings).contains(&Code::EntityBrandOnly),
            "{warnings:?}"
        );
    }
}
