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
        c.providers[0].provenance_of("entity"),
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
    let err = error_text(&src);
    assert!(err.contains("unknown format `markdwn`"), "{err}");
    assert!(err.contains("did you mean `markdown`?"), "{err}");
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
    let lib_src = "[[data]]\nid = \"sdk_id\"\nlabel = \"SDK ID\"\n\n[[provider]]\nid = \"mixpanel\"\nrecipient_use = \"its own analytics\"\n";
    let (lib, _) = Catalogue::parse(Path::new("sdk/disclosure.toml"), lib_src.into()).unwrap();
    let warnings = app.merge_dependency("sdk", lib);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(app.check_id(IdKind::DataItem, "sdk_id").is_ok());
    let mixpanel = app.provider("mixpanel").unwrap();
    assert_eq!(
        mixpanel.provenance_of("recipient_use"),
        Some(&Provenance::Dependency {
            package: "sdk".into()
        })
    );
    assert_eq!(mixpanel.provenance_of("entity"), Some(&Provenance::Builtin));

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
            .privacy_policy
            .as_deref(),
        Some("https://policies.google.com/privacy")
    );
}
