//! Every fact a reviewer must see changes in plain words.

use super::*;
use crate::test_support::notice;

const CATALOGUE: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
country = "US"

[[opt_out]]
id = "setting"
steps = { ja = "設定でオフにしてください。", en = "Turn it off in the settings." }
stops = "sending"

[[condition]]
id = "logged-in"
label = { ja = "ログインした場合に限る", en = "only when logged in" }
"#;

const BASE: &str =
    r#"#[disclose(provider = "analytics", data = [page_url], purpose = analytics)] fn a() {}"#;

fn summary_of(catalogue: &str, src: &str) -> String {
    let old = notice(CATALOGUE, BASE);
    let new = notice(catalogue, src);
    summary(&old, &new, Lang::En)
}

#[test]
fn no_change_says_so() {
    assert!(summary_of(CATALOGUE, BASE).contains("No change"));
}

#[test]
fn basis_opt_out_conditions_origin_and_mechanism_of_a_transmission() {
    let src = r#"#[disclose(provider = "analytics", data = [page_url], purpose = analytics, basis = opt_out, opt_out = "setting", when = "logged-in", origin = server, mechanism = server_api)] fn a() {}"#;
    let text = summary_of(CATALOGUE, src);
    for expected in [
        "Information sent to **Analytics** (URL of the page viewed): the basis changed (before: Publication (this page); now: Opt-out",
        "how to stop it changed (before: Not stated; now: Can be stopped (Turn it off in the settings.))",
        "the conditions for sending changed (before: Always sent; now: only when logged in)",
        "where it is sent from changed (before: the devices of users; now: the servers of the Company)",
        "how it is sent changed (before: none; now: Direct transmission to the recipient by the Service's own program",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}

#[test]
fn facts_of_a_recipient_and_where_they_come_from() {
    let catalogue = CATALOGUE
        .replace("service = \"Analytics\"", "service = \"Analytics Pro\"")
        .replace(
            "country = \"US\"",
            "country = \"IE\"\nstorage = \"US\"\nfirst_party = true",
        );
    let text = summary_of(&catalogue, BASE);
    for expected in [
        "**Analytics Pro**: the service name changed (before: Analytics; now: Analytics Pro).",
        "the country or region changed (before: United States; now: Ireland)",
        "the country or region where the User Information is stored changed (before: none; now: United States)",
        "whether it is the Company itself changed (before: no; now: yes)",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}

#[test]
fn data_and_purposes_per_transmission_and_new_transmissions() {
    let src = format!(
        "{}\n{}",
        r#"#[disclose(provider = "analytics", data = [page_url, referrer], purpose = [analytics, service_improvement])] fn a() {}"#,
        r#"#[disclose(provider = "analytics", data = [crash_log], purpose = error_monitoring, basis = consent)] fn b() {}"#
    );
    let text = summary_of(CATALOGUE, &src);
    assert!(
        text.contains("Information added to what **Analytics** receives: URL of the page viewed immediately before (the referrer)."),
        "{text}"
    );
    assert!(
        text.contains("Purpose added for the information sent to **Analytics** (URL of the page viewed, URL of the page viewed immediately before (the referrer)): Improving the quality of the Service."),
        "{text}"
    );
    assert!(
        text.contains("New transmission to **Analytics**. Information sent: Crash log (when the app stopped unexpectedly and the state of the program at that moment). Purposes: Detecting errors and analysing their causes (Consent of users (sent only with their consent))."),
        "{text}"
    );
}

/// The summary's blocks, as a CommonMark reader finds them: headings, lists and their items,
/// and anything else that is not text or emphasis.
fn blocks(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_GFM)
        .filter_map(|event| match event {
            Event::Start(Tag::Paragraph | Tag::Strong | Tag::Emphasis) => None,
            Event::Start(tag) => Some(format!("{tag:?}")),
            Event::Html(_) | Event::InlineHtml(_) => Some("html".into()),
            Event::Rule => Some("rule".into()),
            Event::SoftBreak | Event::HardBreak => Some("break".into()),
            _ => None,
        })
        .collect()
}

#[test]
fn no_line_break_in_a_name_starts_a_block_of_the_summary() {
    let harmless = summary_of(
        &CATALOGUE.replace("service = \"Analytics\"", "service = \"Analytics x\""),
        BASE,
    );
    // (Other control characters are refused where the catalogue is read.)
    for br in ["\\r", "\\r\\n", "\\u2028", "\\u2029", "\\n\\n    "] {
        let name = format!("Analytics{br}# heading{br}- item{br}---{br}> quote{br}| a |");
        let text = summary_of(
            &CATALOGUE.replace("service = \"Analytics\"", &format!("service = \"{name}\"")),
            BASE,
        );
        assert_eq!(blocks(&text), blocks(&harmless), "{br}:\n{text:?}");
        assert_eq!(text.lines().count(), harmless.lines().count(), "{br}");
    }
}

#[test]
fn placeholders_in_names_are_not_filled_again() {
    let catalogue = CATALOGUE
        .replace("service = \"Analytics\"", "service = \"{entity}\"")
        .replace("entity = \"Analytics Inc.\"", "entity = \"{recipient}\"");
    let text = summary_of(&catalogue, BASE);
    assert!(
        text.contains("**{entity}**: the service name changed (before: Analytics; now: {entity})."),
        "{text}"
    );
    assert!(
        text.contains(
            "**{entity}**: the entity changed (before: Analytics Inc.; now: {recipient})."
        ),
        "{text}"
    );
}
