use std::path::Path;

use super::*;
use crate::foundation::diagnostic::Error;

const MINIMAL: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }

[[provider]]
id = "google-analytics"
service = { ja = "Google アナリティクス", en = "Google Analytics" }
entity = "Google LLC"
country = "US"
privacy_policy = "https://policies.google.com/privacy"
"#;

fn parse(src: &str) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
    Catalogue::parse(Path::new("disclosure.toml"), src.to_string())
}

fn error_text(src: &str) -> String {
    parse(src).unwrap_err().to_string()
}

#[test]
fn a_minimal_catalogue_loads() {
    let (c, warnings) = parse(MINIMAL).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(c.providers[0].id(), "google-analytics");
    assert_eq!(
        c.providers[0].facts.provenance_of("entity"),
        Some(&Provenance::Project)
    );
    assert!(c.check_id(IdKind::DataItem, "ip_address").is_ok());
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    let err = parse("[operator\nname = 1").unwrap_err();
    assert_eq!(err.diagnostics()[0].code, Code::CatalogueSyntax);
    assert!(err.to_string().contains("--> disclosure.toml:1:1"), "{err}");
}

#[test]
fn a_duplicate_provider_names_both_places() {
    let src = format!(
        "{MINIMAL}\n[[provider]]\nid = \"google-analytics\"\nservice = \"x\"\nentity = \"x\"\n"
    );
    let err = error_text(&src);
    assert!(
        err.contains("duplicate provider id `google-analytics`"),
        "{err}"
    );
    assert!(err.contains("disclosure.toml:13:6"), "{err}");
    assert!(
        err.contains("disclosure.toml:6:6: first declared here"),
        "{err}"
    );
}

#[test]
fn links_must_be_https() {
    let src = MINIMAL.replace("https://policies", "javascript://policies");
    assert!(error_text(&src).contains("is not an https: address"));
}

#[test]
fn unknown_ids_get_the_nearest_suggestion_and_where_to_declare() {
    let (c, _) = parse(MINIMAL).unwrap();
    let err = c.check_id(IdKind::DataItem, "ip_adress").unwrap_err();
    assert_eq!(err.message, "unknown data item `ip_adress`");
    assert!(
        err.help.starts_with("did you mean `ip_address`?"),
        "{}",
        err.help
    );
    assert!(err.help.contains("[[data]]"), "{}", err.help);
    let err = c.check_id(IdKind::Provider, "google-analytic").unwrap_err();
    assert!(err.help.contains("`google-analytics`"), "{}", err.help);
}

#[test]
fn a_parameter_names_known_providers_and_data_items() {
    let parameter = "\n[[parameter]]\nprovider = \"sentry\"\nkey = \"release\"\nin = \"json\"\ndata = [\"app_info\"]\n";
    assert!(parse(&format!("{MINIMAL}{parameter}")).is_ok());
    let err = error_text(&format!(
        "{MINIMAL}{}",
        parameter.replace("app_info", "app_version")
    ));
    assert!(
        err.contains("[[parameter]]: unknown data item `app_version`"),
        "{err}"
    );
    assert!(err.contains("disclosure.toml:16:9"), "{err}");
    assert!(err.contains("did you mean `app_info`?"), "{err}");
    let err = error_text(&format!(
        "{MINIMAL}{}",
        parameter.replace("sentry", "sentri")
    ));
    assert!(
        err.contains("[[parameter]]: unknown provider `sentri`"),
        "{err}"
    );
}

#[test]
fn ids_must_be_well_formed() {
    let src = MINIMAL.replace("id = \"google-analytics\"", "id = \"Google_Analytics\"");
    let err = error_text(&src);
    assert!(
        err.contains("write it in lower case with hyphens: `google-analytics`"),
        "{err}"
    );
    let src = format!("{MINIMAL}\n[[data]]\nid = \"PlayerId\"\nlabel = \"x\"\n");
    assert!(error_text(&src).contains("write `player_id`"));
}

#[test]
fn platform_ids_must_be_published_ones() {
    let src = format!(
        "{MINIMAL}\n[[data]]\nid = \"player_id\"\nlabel = \"x\"\napple = \"NSPrivacyCollectedDataTypePlayer\"\nplay = \"PSL_PLAYER\"\n"
    );
    let err = error_text(&src);
    assert!(
        err.contains("is not one of Apple's published data type identifiers"),
        "{err}"
    );
    assert!(
        err.contains("is not one of Google Play's published data type identifiers"),
        "{err}"
    );
}

#[test]
fn outputs_are_validated_and_compared_as_paths() {
    let src = format!(
        "{MINIMAL}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n\n[[output]]\npath = \"./notice.md\"\nformat = \"markdwn\"\nlang = [\"ja\", \"en\", \"ja\"]\n"
    );
    // The format is checked against the renderer's registry when outputs are planned
    // (`pipeline::outputs`); the catalogue checks the languages and the paths.
    let err = error_text(&src);
    assert!(err.contains("language `ja` is listed twice"), "{err}");
    let src = format!(
        "{MINIMAL}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n\n[[output]]\npath = \"./notice.md\"\nformat = \"html\"\n"
    );
    assert!(error_text(&src).contains("output `./notice.md` is declared twice"));
}

#[test]
fn dates_are_calendar_dates() {
    let src = format!("[notice]\nlast_updated = 2023-02-30\n{MINIMAL}");
    let err = parse(&src).unwrap_err();
    // TOML itself refuses February 30th; a date-time is refused here.
    assert!(
        err.has(Code::CatalogueSyntax) || err.has(Code::DateInvalid),
        "{err}"
    );
    let src = format!("[notice]\nlast_updated = 2023-02-03T10:00:00\n{MINIMAL}");
    let err = error_text(&src);
    assert!(err.contains("is not a plain calendar date"), "{err}");
}

#[test]
fn policy_names_only_what_exists() {
    let src = format!(
        r#"{MINIMAL}
[policy.providers]
allow = ["google-analytics", "google-analytic"]
level = "deni"

[policy.groups]
ids = ["user_id", "usr_id"]

[[policy.rule]]
id = "no-ids"
data = ["@idz", "ip_adress"]
purpose = ["advertsing"]
country = ["XX"]

[[policy.exception]]
rule = "no-idz"
reason = "x"
expires = 2026-02-01T10:00:00
"#
    );
    let err = parse(&src).unwrap_err();
    let text = err.to_string();
    for expected in [
        "unknown provider `google-analytic`",
        "unknown level `deni`",
        "unknown data item or purpose `usr_id`",
        "unknown group `@idz`",
        "unknown data item `ip_adress`",
        "unknown purpose `advertsing`",
        "unknown country `XX`",
        "unknown rule `no-idz`",
        "is not a plain calendar date",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_dependency_adds_and_fills_in_but_never_replaces() {
    let (mut app, _) = parse(MINIMAL).unwrap();
    let lib_src = "[[data]]\nid = \"sdk_id\"\nlabel = \"SDK ID\"\n\n[[provider]]\nid = \"mixpanel\"\nrecipient_use = \"its own analytics\"\nrelay = \"t.example.com\"\n";
    let (lib, _) = Catalogue::parse(Path::new("sdk/disclosure.toml"), lib_src.into()).unwrap();
    let warnings = app.merge_dependency("sdk", lib);
    assert!(app.check_id(IdKind::DataItem, "sdk_id").is_ok());
    let mixpanel = app.provider("mixpanel").unwrap();
    // A fact nobody states is filled in; a legal statement about the recipient is never taken
    // from a library: it is named, and left out.
    assert_eq!(
        mixpanel.facts.provenance_of("relay"),
        Some(&Provenance::Dependency {
            package: "sdk".into()
        })
    );
    assert_ne!(
        mixpanel.facts.provenance_of("recipient_use"),
        Some(&Provenance::Dependency {
            package: "sdk".into()
        })
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let text = warnings[0].to_string();
    assert!(
        text.contains("the catalogue of the dependency `sdk` states `recipient_use` of `mixpanel`, which the notice does not take from a library"),
        "{text}"
    );
    assert_eq!(
        mixpanel.facts.provenance_of("entity"),
        Some(&Provenance::Builtin)
    );

    let (mut app, _) = parse(MINIMAL).unwrap();
    let clash = "[[provider]]\nid = \"google-analytics\"\nprivacy_policy = \"https://evil.example/privacy\"\n";
    let (lib, _) = Catalogue::parse(Path::new("sdk/disclosure.toml"), clash.into()).unwrap();
    let warnings = app.merge_dependency("sdk", lib);
    assert_eq!(warnings.len(), 1);
    let text = warnings[0].to_string();
    assert!(
        text.contains("states provider `google-analytics` (privacy_policy) differently"),
        "{text}"
    );
    assert!(text.contains("--> sdk/disclosure.toml:2:6"), "{text}");
    assert!(
        text.contains("disclosure.toml:6:6: stated here first"),
        "{text}"
    );
    assert_eq!(
        app.provider("google-analytics")
            .unwrap()
            .facts
            .privacy_policy
            .as_ref()
            .map(|f| f.value.as_str()),
        Some("https://policies.google.com/privacy")
    );
}

#[test]
fn term_fields_apply_to_their_kind_and_groups_must_exist() {
    let err = error_text(&format!(
        "{MINIMAL}\n[[condition]]\nid = \"logged-in\"\nlabel = \"x\"\nexamples = \"y\"\n\n[[purpose]]\nid = \"own\"\nlabel = \"z\"\ngroup = \"adz\"\n\n[[purpose_group]]\nid = \"ads\"\nlabel = \"Ads\"\n"
    ));
    assert!(
        err.contains("error[D0117]: a condition has no `examples`"),
        "{err}"
    );
    assert!(
        err.contains("purpose `own` names an unknown purpose group `adz`")
            && err.contains("did you mean `ads`?"),
        "{err}"
    );
}

#[test]
fn data_items_and_purposes_carry_their_attributes() {
    let (c, _) = parse(&format!(
        "{MINIMAL}\n[[data]]\nid = \"player_id\"\nlabel = \"Player ID\"\nexamples = \"P-123\"\npersonal = true\nidentifier = \"account\"\n\n[[purpose]]\nid = \"fraud\"\nlabel = \"Fraud prevention\"\nexemption = \"security\"\ndescription = \"To stop fraud.\"\n"
    ))
    .unwrap();
    let item = &c.data_items[0];
    assert_eq!(item.identifier, Some(Identifier::Account));
    assert_eq!(item.personal, Some(true));
    assert_eq!(c.purposes[0].exemption, Some(Exemption::Security));
    let err = error_text(&format!(
        "{MINIMAL}\n[[data]]\nid = \"x\"\nlabel = \"X\"\nidentifier = \"cookies\"\n"
    ));
    assert!(
        err.contains("unknown identifier kind `cookies`") && err.contains("did you mean `cookie`?"),
        "{err}"
    );
}

#[test]
fn built_in_facts_can_be_removed_but_not_the_required_ones() {
    let (c, _) =
        parse("[[provider]]\nid = \"google-analytics\"\nremove = [\"opt_out\", \"domains\"]\n")
            .unwrap();
    let ga = &c.providers[0].facts;
    assert!(ga.opt_out().is_none() && ga.domains().is_empty());
    assert!(ga.provenance_of("opt_out").is_none());
    assert_eq!(ga.provenance_of("entity"), Some(&Provenance::Builtin));
    let (c, _) = parse("[[provider]]\nid = \"google-analytics\"\ndomains = []\n").unwrap();
    assert!(
        c.providers[0].facts.domains().is_empty(),
        "an explicit empty list replaces the built-in one"
    );
    let err =
        error_text("[[provider]]\nid = \"google-analytics\"\nremove = [\"entity\", \"optout\"]\n");
    assert!(
        err.contains("`entity` cannot be removed: the notice must state it"),
        "{err}"
    );
    assert!(
        err.contains("`optout` is not a fact `remove` can take away")
            && err.contains("did you mean `opt_out`?"),
        "{err}"
    );
}

#[test]
fn provider_origin_category_storage_and_relay() {
    let (c, _) = parse(&format!(
        "{MINIMAL}origin = \"server\"\ncategory = \"analytics\"\nstorage = \"IE\"\nrelay = \"t.example.com\"\nrecipient_use_url = \"https://example.com/use\"\n"
    ))
    .unwrap();
    let p = &c.providers[0].facts;
    assert_eq!(p.origin(), crate::foundation::vocab::Origin::Server);
    assert_eq!(
        p.category.as_ref().unwrap().value.get(Lang::Ja),
        Some("利用状況の分析（アクセス解析）")
    );
    assert_eq!(p.storage().map(|s| s.code.as_str()), Some("IE"));
    assert_eq!(
        p.relay.as_ref().map(|r| r.value.as_str()),
        Some("t.example.com")
    );
    let err = error_text(&format!(
        "{MINIMAL}category = \"analytic\"\nrelay = \"https://t.example.com/x\"\nstorage = \"XX\"\n"
    ));
    assert!(
        err.contains("unknown category `analytic`") && err.contains("did you mean `analytics`?"),
        "{err}"
    );
    assert!(
        err.contains("relay `https://t.example.com/x` is not a host name"),
        "{err}"
    );
    assert!(err.contains("unknown country code `XX`"), "{err}");
}

#[test]
fn named_opt_outs_and_the_notice_settings() {
    let (c, _) = parse(&format!(
        "[notice]\neffective = 2024-04-01\nsends_nothing = false\nitem_order = \"declared\"\n\n[[notice.revision]]\ndate = 2024-04-01\nsummary = \"制定\"\n{MINIMAL}\n[[opt_out]]\nid = \"usage\"\nsteps = \"オフにしてください。\"\nstops = \"sending\"\nreach = \"device\"\n"
    ))
    .unwrap();
    let o = c.opt_out("usage").unwrap();
    assert_eq!(o.opt_out.reach, Some(Reach::Device));
    assert!(c.notice.declared_order);
    assert_eq!(c.notice.revisions.len(), 1);
    let err = error_text(&format!(
        "[notice]\nitem_order = \"random\"\n{MINIMAL}\n[[opt_out]]\nid = \"x\"\nnot_possible = \"必要なため\"\nstops = \"sending\"\n\n[[opt_out]]\nid = \"x\"\nsteps = \"y\"\n"
    ));
    assert!(err.contains("unknown item order `random`"), "{err}");
    assert!(
        err.contains(
            "opt-out `x`: `stops` describes a way to opt out, but this one is `not_possible`"
        ),
        "{err}"
    );
    assert!(err.contains("duplicate opt-out id `x`"), "{err}");
}

#[test]
fn the_notices_arrangement_and_the_kind_of_an_opt_out() {
    let (c, _) = parse(&format!(
        "[notice]\nsections = \"purposes-first\"\ndates_at_top = true\n{MINIMAL}\n[[opt_out]]\nid = \"os\"\nmethod = \"os_setting\"\n"
    ))
    .unwrap();
    assert!(c.notice.purposes_first && c.notice.dates_at_top);
    assert_eq!(
        c.opt_out("os").unwrap().opt_out.method,
        Some(crate::foundation::vocab::OptOutMethod::OsSetting)
    );
    let err = error_text(&format!(
        "[notice]\nsections = \"purpose-first\"\n{MINIMAL}\n[[opt_out]]\nid = \"x\"\nmethod = \"settings\"\n"
    ));
    assert!(
        err.contains("unknown section order `purpose-first`")
            && err.contains("did you mean `purposes-first`?"),
        "{err}"
    );
    assert!(err.contains("settings"), "{err}");
}

#[test]
fn the_notices_address_is_https_or_a_path_on_the_site_and_the_consent_log_a_path() {
    let with = |notice: &str| format!("{MINIMAL}\n[notice]\n{notice}\n");
    let (c, _) = parse(&with(
        "url = \"/privacy/external\"\nconsent_log = \"/disclosure/consent\"",
    ))
    .unwrap();
    assert_eq!(c.notice.url.as_deref(), Some("/privacy/external"));
    assert_eq!(c.notice.consent_log.as_deref(), Some("/disclosure/consent"));
    let (c, _) = parse(&with("url = \"https://example.com/privacy\"")).unwrap();
    assert_eq!(c.notice.url.as_deref(), Some("https://example.com/privacy"));
    for bad in [
        "url = \"//evil.example/notice\"",
        "url = \"javascript:alert(1)\"",
        "url = \"/a b\"",
        "consent_log = \"https://elsewhere.example/log\"",
        "consent_log = \"//elsewhere.example/log\"",
    ] {
        let err = error_text(&with(bad));
        assert!(err.contains("D0108"), "{bad}: {err}");
    }
}

#[test]
fn a_built_in_fact_the_team_checked_is_marked_and_nothing_else_can_be() {
    let checked = |facts: &str, by: &str, date: &str| {
        format!(
            "[[provider]]\nid = \"google-analytics\"\nservice = \"GA\"\nchecked = [{{ facts = [{facts}], by = \"{by}\", date = {date} }}]\n"
        )
    };
    let (c, _) = parse(&checked("\"domains\"", "Legal, A. Sato", "2026-12-01")).unwrap();
    let entries = c.providers[0].facts.each();
    let domains = entries.iter().find(|e| e.name == "domains").unwrap();
    let check = domains.checked.expect("marked");
    assert_eq!(
        (check.by.as_str(), check.date.to_string().as_str()),
        ("Legal, A. Sato", "2026-12-01")
    );
    assert!(!domains.unverified(), "a checked fact is not unverified");
    assert_eq!(
        domains.provenance,
        &Provenance::Builtin,
        "still the built-in fact"
    );
    for (src, expected) in [
        (
            checked("\"service\"", "Legal", "2026-12-01"),
            "`service` of `google-analytics` is not the built-in fact: the project states it",
        ),
        (
            checked("\"domain\"", "Legal", "2026-12-01"),
            "`domain` is not a fact of a provider",
        ),
        (
            checked("\"domains\"", " ", "2026-12-01"),
            "a `checked` entry of `google-analytics` names nobody",
        ),
        (
            checked("\"domains\"", "Legal", "2999-01-01"),
            "`checked date` 2999-01-01 is in the future",
        ),
    ] {
        let err = error_text(&src);
        assert!(err.contains(expected), "{src}\n{err}");
    }
    assert!(
        error_text(&checked("\"domain\"", "Legal", "2026-12-01"))
            .contains("did you mean `domains`?")
    );
}
