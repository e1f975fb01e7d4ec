//! The consent panel (`--format consent`): it lists exactly the units the gate decides by, each
//! with the words the notice prints for its transmissions, in every language; its markup is pinned
//! once, on the browser test's fixture.

use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::render::view::View;
use disclosure_core::render::{self, Format, Layout, Options};

use crate::common::{decode_entities, html_text, root};

fn load(manifest: &std::path::Path) -> Notice {
    disclosure_core::pipeline::notice(Some(manifest))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn panel(notice: &Notice, langs: &[Lang]) -> String {
    let options = Options {
        langs: langs.to_vec(),
        ..Options::new(Format::named("consent"), langs[0])
    };
    render::render_with(notice, &options).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(version: &str) -> Notice {
    load(&root().join(format!(
        "tests/browser/fixtures/project/{version}/Cargo.toml"
    )))
}

/// Every value of `attribute` in `html`, in order.
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            decode_entities(&rest[..rest.find('"').unwrap()])
        })
        .collect()
}

/// The notices the panel is checked on: every example, the every-fact fixture and the browser
/// test's two versions.
fn notices() -> Vec<(String, Notice)> {
    let mut out: Vec<(String, Notice)> = ["door", "hennge", "trvis", "webapp", "shop"]
        .into_iter()
        .map(|ex| (ex.to_string(), load(&crate::common::example_manifest(ex))))
        .collect();
    out.push((
        "every-fact".into(),
        load(&root().join("tests/every-fact/Cargo.toml")),
    ));
    out.push(("fixture v1".into(), fixture("v1")));
    out.push(("fixture v2".into(), fixture("v2")));
    out
}

#[test]
fn the_panel_lists_the_units_the_gate_decides_by() {
    for (name, notice) in notices() {
        let html = panel(&notice, &[Lang::Ja, Lang::En]);
        let units = notice.hosts().units().to_vec();
        let expected: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
        // Each language's dialog lists every unit once.
        let mut listed = attribute_values(&html, "data-provider");
        assert_eq!(listed.len(), 2 * expected.len(), "{name}");
        listed.truncate(expected.len());
        let ids: Vec<String> = attribute_values(&html, "data-transmission")
            .into_iter()
            .filter(|id| expected.contains(id))
            .collect();
        assert_eq!(
            ids.len(),
            4 * expected.len(),
            "{name}: summary and dialog, twice"
        );
        let fingerprints = attribute_values(&html, "data-fingerprint");
        let want: Vec<String> = units.iter().map(|u| u.fingerprint.clone()).collect();
        assert_eq!(fingerprints[..want.len()], want[..], "{name}");
        assert_eq!(fingerprints[want.len()..], want[..], "{name}");
        let switches = attribute_values(&html, "data-dc-switch");
        let switchable: Vec<String> = units
            .iter()
            .filter(|u| u.switchable())
            .map(|u| u.id.clone())
            .collect();
        assert_eq!(switches[..switchable.len()], switchable[..], "{name}");
    }
}

#[test]
fn every_transmission_is_told_in_the_notices_own_words_in_each_language() {
    for (name, notice) in notices() {
        for lang in [Lang::Ja, Lang::En] {
            let Ok(view) = View::new(&notice, lang, Layout::default()) else {
                continue; // a notice in one language only
            };
            let text = html_text(&panel(&notice, &[lang]));
            for r in &view.third_parties {
                for fact in [&r.service, &r.entity].into_iter().chain(&r.country) {
                    assert!(text.contains(fact.as_str()), "{name} {lang}: {fact}");
                }
                for t in &r.transmissions {
                    let words = t
                        .data
                        .iter()
                        .chain(&t.purposes)
                        .map(|i| &i.text)
                        .chain(&t.conditions)
                        .chain(&t.reason);
                    for w in words {
                        assert!(text.contains(w.as_str()), "{name} {lang} {}: {w}", r.id);
                    }
                }
            }
        }
    }
}

#[test]
fn the_config_carries_the_notices_version_and_its_log_and_nothing_can_close_the_script() {
    let notice = fixture("v1");
    let html = panel(&notice, &[Lang::Ja]);
    let start = html.find("id=\"disclosure-consent-config\">").unwrap() + 31;
    let config: serde_json::Value =
        serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()])
            .unwrap();
    let json = serde_json::to_string(&notice).unwrap();
    assert_eq!(
        config,
        serde_json::json!({
            "format": 1,
            "cookie": "disclosure_consent",
            "max_age_days": 395,
            "notice": disclosure_core::wire::consent::notice_version(&json),
            "log": "/disclosure/consent",
        })
    );
    assert_eq!(
        attribute_values(&html, "href")[0],
        "/site/notice.html",
        "the notice is linked"
    );
}

#[test]
fn the_fixtures_panel() {
    insta::assert_snapshot!(
        "consent-fixture-v2-ja-en",
        panel(&fixture("v2"), &[Lang::Ja, Lang::En])
    );
}

#[test]
fn a_panel_without_the_notices_address_says_what_is_not_one_operation_away() {
    let consent = Format::named("consent");
    let unlinked = consent.omissions(&load(&crate::common::example_manifest("door")));
    assert_eq!(
        unlinked.iter().map(|d| d.code.id()).collect::<Vec<_>>(),
        ["D0422"]
    );
    assert!(consent.omissions(&fixture("v1")).is_empty());
}
