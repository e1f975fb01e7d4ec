//! The notice's lints and the bad input of the transmission model, through the real binary: each
//! lint fires on what it names and stays quiet once fixed; each bad input is a located error with
//! exit status 2 and nothing written.

use std::fs;

use crate::common::*;

/// A catalogue with a date and a contact, so that only the lint under test speaks.
fn dated(extra: &str) -> String {
    format!(
        "[notice]\ncontact = \"privacy@example.com\"\nlast_updated = 2026-11-01\n\n{CATALOGUE}{extra}"
    )
}

const RECIPIENT_USE: &str =
    "recipient_use = { ja = \"分析結果を当社に提供します。\", en = \"Reports to us.\" }\n";

fn warnings(fixture: &Fixture) -> String {
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn vague_wording_on_data_items_and_purposes() {
    let catalogue = dated(&format!(
        "{RECIPIENT_USE}\n[[data]]\nid = \"profile\"\nlabel = {{ ja = \"氏名や住所\", en = \"Name and address\" }}\n\n[[data]]\nid = \"device_facts\"\nlabel = {{ ja = \"端末に関する情報\", en = \"Device facts\" }}\n\n[[purpose]]\nid = \"marketing\"\nlabel = {{ ja = \"マーケティングなど\", en = \"Marketing\" }}\n"
    ));
    let source = SOURCE.replace(
        "data = [ip_address, page_url], purpose = [analytics]",
        "data = [profile, device_facts], purpose = [marketing]",
    );
    let err = warnings(&Fixture::new(&catalogue, &source));
    assert!(
        err.contains(
            "warning[D0402]: data item `profile` (used for `google-analytics`) is not concrete: 「氏名や住所」 lists with 「や」"
        ),
        "{err}"
    );
    assert!(err.contains("warning[D0402]: data item `device_facts` (used for `google-analytics`) is not concrete: 「端末に関する情報」 says only what the information is about"), "{err}");
    assert!(
        err.contains(
            "warning[D0402]: purpose `marketing` (used for `google-analytics`) is not concrete: 「マーケティングなど」 leans on"
        ),
        "{err}"
    );
    // Examples say what 「…に関する情報」 is.
    let catalogue = catalogue.replace(
        "label = { ja = \"端末に関する情報\", en = \"Device facts\" }",
        "label = { ja = \"端末に関する情報\", en = \"Device facts\" }\nexamples = { ja = \"OSの種類\", en = \"OS type\" }",
    );
    let err = warnings(&Fixture::new(&catalogue, &source));
    assert!(!err.contains("`device_facts` is not concrete"), "{err}");
}

#[test]
fn the_same_data_list_on_three_recipients_is_named_once() {
    let mut catalogue = dated(RECIPIENT_USE);
    let mut source = SOURCE.to_string();
    for id in ["amplitude", "mixpanel"] {
        catalogue.push_str(&format!(
            "\n[[provider]]\nid = \"{id}\"\n{RECIPIENT_USE}remove = [\"opt_out\"]\n"
        ));
        source.push_str(&format!(
            "#[disclose(provider = \"{id}\", data = [page_url, ip_address], purpose = [analytics])]\npub fn to_{id}() {{}}\n"
        ));
    }
    let err = warnings(&Fixture::new(&catalogue, &source));
    assert!(
        err.contains("warning[D0411]: 3 recipients receive exactly the same data items (ip_address, page_url): `google-analytics`, `amplitude`, `mixpanel`"),
        "{err}"
    );
    assert_eq!(err.matches("D0411").count(), 1, "{err}");
}

#[test]
fn a_missing_recipient_purpose_unless_its_page_is_named() {
    // The common fixture names the recipient's page; without it the item is missing.
    let page = "recipient_use_url = \"https://policies.google.com/technologies/partner-sites\"\n";
    let err = warnings(&Fixture::new(&dated(""), SOURCE));
    assert!(!err.contains("D0405"), "{err}");
    let without = dated("").replace(page, "");
    Fixture::new(&without, SOURCE)
        .fails_without_touching_output(&["error[D0405]: recipient `google-analytics`"]);
    // Allowed, with the operator's reason, in `[lints]`.
    let allowed = without.replace(
        "[notice]",
        "[lints]\nD0405 = { level = \"allow\", reason = \"the recipient's terms are being negotiated\" }\n\n[notice]",
    );
    let err = warnings(&Fixture::new(&allowed, SOURCE));
    assert!(!err.contains("D0405"), "{err}");
}

#[test]
fn a_notice_without_a_date_or_a_contact() {
    let catalogue = format!("{CATALOGUE}{RECIPIENT_USE}");
    let err = warnings(&Fixture::new(&catalogue, SOURCE));
    assert!(
        err.contains("warning[D0412]: the notice carries no date"),
        "{err}"
    );
    assert!(
        err.contains("warning[D0412]: the notice says nowhere whom to ask about it"),
        "{err}"
    );
    let err = warnings(&Fixture::new(&dated(RECIPIENT_USE), SOURCE));
    assert!(!err.contains("D0412"), "{err}");
}

#[test]
fn a_brand_only_entity_is_named_and_an_empty_one_refused() {
    let catalogue = dated(RECIPIENT_USE).replace(
        "entity = \"Google LLC\"",
        "entity = \"Google\"\nentity_kind = \"brand\"",
    );
    let err = warnings(&Fixture::new(&catalogue, SOURCE));
    assert!(
        err.contains("warning[D0410]: recipient `google-analytics` is named by its brand"),
        "{err}"
    );
    let catalogue = dated(RECIPIENT_USE).replace("entity = \"Google LLC\"", "entity = \"\"");
    Fixture::new(&catalogue, SOURCE).fails_without_touching_output(&[
        "error[D0101]: disclosure.toml is not a valid catalogue: this text is blank",
        "--> disclosure.toml:",
        "entity = \"\"",
    ]);
    // A provider that is not built in and names no entity at all.
    let catalogue = dated("")
        .replace("id = \"google-analytics\"", "id = \"house-metrics\"")
        .replace("entity = \"Google LLC\"\n", "");
    let source = SOURCE.replace("google-analytics", "house-metrics");
    Fixture::new(&catalogue, &source)
        .fails_without_touching_output(&["error[D0114]: provider `house-metrics` has no `entity`"]);
}

#[test]
fn a_user_template_that_leaves_out_the_entity_data_or_purposes() {
    let fixture = Fixture::new(&dated(RECIPIENT_USE), SOURCE);
    fs::write(
        fixture.path().join("short.md.j2"),
        "# {{ title }}\n{% for r in third_parties %}- {{ r.service }}\n{% endfor %}",
    )
    .unwrap();
    let out = run(fixture.path(), &["generate", "--template", "short.md.j2"]);
    assert!(
        out.status.success(),
        "a warning, not an error: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("warning[D0413]: the template leaves out what Art. 27-12 requires: [ja] the entity of `google-analytics`, [ja] data item `ip_address`, [ja] data item `page_url`, [ja] purpose `analytics`"), "{err}");
    fs::write(
        fixture.path().join("full.md.j2"),
        "{% for r in third_parties %}{{ r.entity }}{% for tr in r.transmissions %}{% for d in tr.data %} {{ d.label }}{% endfor %}{% for p in tr.purposes %} {{ p.label }}{% endfor %}{% endfor %}\n{% endfor %}",
    )
    .unwrap();
    let out = run(fixture.path(), &["generate", "--template", "full.md.j2"]);
    assert!(!stderr(&out).contains("D0413"), "{}", stderr(&out));
}

#[test]
fn server_transmissions_are_named_and_printed_apart_when_asked() {
    let source = SOURCE.replace(
        "purpose = [analytics]",
        "purpose = [analytics], origin = server",
    );
    let fixture = Fixture::new(
        &format!(
            "{}\n[[provider]]\nid = \"sentry\"\n{RECIPIENT_USE}",
            dated(RECIPIENT_USE)
        ),
        &format!(
            "{source}\n#[disclose(provider = \"sentry\", data = [crash_log], purpose = [error_monitoring])]\npub fn crash() {{}}\n"
        ),
    );
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[D0409]: transmissions from the operator's servers to `google-analytics` are left out of the notice"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Google アナリティクス"));
    let catalogue = fs::read_to_string(fixture.path().join("disclosure.toml"))
        .unwrap()
        .replace("[notice]\n", "[notice]\nserver_section = true\n");
    fs::write(fixture.path().join("disclosure.toml"), catalogue).unwrap();
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(
        stderr(&out).contains("are printed apart"),
        "{}",
        stderr(&out)
    );
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    let apart = md
        .split("## 当社のサーバーからの送信（参考）")
        .nth(1)
        .unwrap_or_default();
    assert!(apart.contains("### Google アナリティクス"), "{md}");
}

#[test]
fn bad_input_of_the_transmission_model_is_located() {
    // An opt-out that both offers a way and says it is not possible.
    let catalogue = dated(&format!(
        "{RECIPIENT_USE}\n[[opt_out]]\nid = \"both\"\nurl = \"https://example.com/opt-out\"\nnot_possible = \"必要なため\"\n"
    ));
    Fixture::new(&catalogue, SOURCE).fails_without_touching_output(&[
        "error[D0110]: opt-out `both`: the opt-out gives both a way to opt out and `not_possible`",
        "--> disclosure.toml:",
    ]);
    // An unknown layout.
    let catalogue = dated(&format!(
        "{RECIPIENT_USE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\nlayout = \"by-recipent\"\n"
    ));
    let fixture = Fixture::new(&catalogue, SOURCE);
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[D0206]: unknown layout `by-recipent`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("did you mean `by-recipient`?"),
        "{}",
        stderr(&out)
    );
    let out = run(fixture.path(), &["generate", "--layout", "tabular"]);
    assert_eq!(out.status.code(), Some(2));
    // A condition that is not declared, a qualifier on an item that is not declared.
    for (from, to, expected) in [
        (
            "purpose = [analytics]",
            "purpose = [analytics], when = \"loged-in\"",
            "unknown condition `loged-in`",
        ),
        (
            "data = [ip_address, page_url]",
            "data = [ip_adress(hashed)]",
            "unknown data item `ip_adress`",
        ),
        (
            "data = [ip_address, page_url]",
            "data = [ip_address(hasshed)]",
            "unknown qualifier `hasshed`",
        ),
    ] {
        let source = SOURCE.replace(from, to);
        Fixture::new(&dated(RECIPIENT_USE), &source)
            .fails_without_touching_output(&[expected, "--> src/lib.rs:3:"]);
    }
    // A built-in fact removed; a fact that cannot be.
    let catalogue = dated(&format!("{RECIPIENT_USE}remove = [\"entity\"]\n"));
    Fixture::new(&catalogue, SOURCE).fails_without_touching_output(&[
        "error[D0118]: `entity` cannot be removed: the notice must state it",
    ]);
}

/// A new application on four common built-in providers (analytics, sign-in, error reports,
/// payments) passes the strict check a pipeline runs once it states what only it can know (the
/// entity its payment contract names) and says, in one `[lints]` entry with its reason, that it
/// relies on publication rather than an opt-out measure.
#[test]
fn a_new_application_on_four_common_providers_passes_the_strict_check() {
    let catalogue = r#"[operator]
name = { ja = "例ショップ株式会社", en = "Rei Shop K.K." }
services = [{ ja = "例ショップ", en = "Rei Shop" }]

[notice]
contact = { ja = "privacy@rei-shop.jp までご連絡ください。", en = "Write to privacy@rei-shop.jp." }
last_updated = 2026-12-01

[[output]]
path = "notice.ja.md"
format = "markdown"
lang = ["ja"]

# The entity our payment contract names.
[[provider]]
id = "stripe"
entity = { ja = "ストライプジャパン株式会社", en = "Stripe Japan K.K." }
country = "JP"

[lints]
D0420 = { level = "allow", reason = "these transmissions are published (公表), not offered as an opt-out measure" }
"#;
    let source = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url, cookie_id, usage_history], purpose = [analytics])]
pub fn page_view() {}

#[disclose(provider = "google-sign-in", data = [ip_address, email_address, name, login_provider_id], purpose = [login_authentication])]
pub fn sign_in() {}

#[disclose(provider = "sentry", data = [error_log, ip_address], purpose = [error_monitoring])]
pub fn report_error() {}

#[disclose(provider = "stripe", data = [ip_address, email_address], purpose = [payment])]
pub fn pay() {}
"#;
    let fixture = Fixture::new(catalogue, source);
    let generated = run(fixture.path(), &["generate"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let checked = run(fixture.path(), &["check", "--deny", "warnings"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(
        !stderr(&checked).contains("warning") && !stderr(&checked).contains("error"),
        "{}",
        stderr(&checked)
    );
    // Without the lint entry, the same application is told, per recipient, what to state.
    let without = catalogue.split("\n[lints]\n").next().unwrap();
    fs::write(fixture.path().join("disclosure.toml"), without).unwrap();
    let strict = run(fixture.path(), &["check", "--deny", "warnings"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("error[D0420]"),
        "{}",
        stderr(&strict)
    );
}
