//! One recipient, two transmissions: crash reports that cannot be stopped, and usage events that
//! can. Every format, layout and language states them apart, and nothing said about the usage
//! events' opt-out is said of the crash reports. And every layout shows the same facts of every
//! recipient in Markdown as in HTML (a layout is written once for both).

use std::fs;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::{Notice, OptOutStatement};
use disclosure_core::render::{self, Format, Layout, Options};

const CATALOGUE: &str = r#"
[notice]
contact = "privacy@example.com"
last_updated = 2026-11-01

[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]

[[provider]]
id = "telemetry"
service = "Telemetry Cloud"
entity = "Telemetry Inc."
country = "US"
recipient_use = { ja = "自社サービスの改善に利用します。", en = "Used to improve its own services." }

[[opt_out]]
id = "usage-setting"
url = "https://example.com/settings/usage"
steps = { ja = "設定画面で「利用状況の送信」をオフにしてください。", en = "Turn off \"Send usage data\" in the settings." }
stops = "sending"

[[opt_out]]
id = "crash-reports"
not_possible = { ja = "クラッシュの原因を調べるために必要なため、停止できません。", en = "Needed to find the causes of crashes; it cannot be stopped." }
"#;

const SOURCE: &str = r#"
#[disclose(provider = "telemetry", data = [crash_log], purpose = [error_monitoring], opt_out = "crash-reports")]
pub fn report_crash() {}

#[disclose(provider = "telemetry", data = [usage_history], purpose = [analytics], basis = opt_out, opt_out = "usage-setting")]
pub fn send_usage() {}
"#;

/// What states the usage events' opt-out; none of it may be said of the crash reports.
const OPT_OUT_CLAIMS: &[&str] = &[
    "https://example.com/settings/usage",
    "利用状況の送信",
    "Send usage data",
    "停止できます",
    "Can be stopped",
    "stops = ",
];

fn notice() -> Notice {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"two\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    fs::write(dir.path().join("disclosure.toml"), CATALOGUE).unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/lib.rs"), SOURCE).unwrap();
    disclosure_core::pipeline::notice(Some(&dir.path().join("Cargo.toml")))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn not_possible(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "クラッシュの原因を調べるために必要なため、停止できません。",
        Lang::En => "Needed to find the causes of crashes; it cannot be stopped.",
    }
}

/// The statements of a rendering: the units a reader takes as one statement. By recipient, each
/// transmission's block (from its heading to the next); by data, each kind of data's section; in
/// the recipient table, each row. The table layouts end with every recipient's details, whose
/// transmission blocks are statements as by recipient.
fn statements(text: &str, format: Format, layout: Layout) -> Vec<String> {
    let marker = if format.id() == "markdown" {
        "\n#### "
    } else {
        "<div class=\"transmission\""
    };
    if layout.id() != "by-recipient" {
        // The details: from the first transmission block on.
        if let Some(at) = text.find(marker) {
            let mut units = statements_before_details(&text[..at], format, layout);
            units.extend(
                split_keep(&text[at..], marker)
                    .into_iter()
                    .map(|u| format!("{marker}{u}")),
            );
            return units;
        }
    }
    match format.id() {
        "markdown" | "html" if layout.id() == "by-recipient" => split_keep(text, marker),
        _ => statements_before_details(text, format, layout),
    }
}

/// The statements of a table layout's own part: by data, each kind of data's section; in the
/// recipient table, each row.
fn statements_before_details(text: &str, format: Format, layout: Layout) -> Vec<String> {
    match (format.id(), layout.id()) {
        // By data: each kind of data's section, with its table of who receives it.
        ("markdown", "by-data") => text
            .split("\n## ")
            .flat_map(|s| s.split("\n### "))
            .map(String::from)
            .collect(),
        ("html", "by-data") => text
            .split("<h2")
            .flat_map(|s| s.split("<h3"))
            .map(String::from)
            .collect(),
        ("markdown", _) => text
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(String::from)
            .collect(),
        ("html", _) => split_keep(text, "<tr>"),
        _ => text.lines().map(String::from).collect(),
    }
}

fn split_keep(text: &str, marker: &str) -> Vec<String> {
    text.split(marker).map(String::from).collect()
}

/// The data cell of a table row (the third column of the recipient table).
fn data_cell(row: &str, format: Format) -> Option<String> {
    match format.id() {
        "markdown" => row.split(" | ").nth(2).map(String::from),
        _ => row
            .split("<td>")
            .nth(3)
            .map(|c| c.split("</td>").next().unwrap_or_default().to_string()),
    }
}

/// Whether `unit` states the data item labelled `label`, numbered `number`: by its label, or, in
/// the recipient table, by its number in the data cell.
fn states(unit: &str, label: &str, number: usize, format: Format, layout: Layout) -> bool {
    let block = unit.starts_with("\n#### ") || unit.starts_with("<div class=\"transmission\"");
    match layout.id() {
        "recipient-table" if !block => {
            data_cell(unit, format).is_some_and(|c| c.trim() == number.to_string())
        }
        _ => unit.contains(label),
    }
}

fn check(notice: &Notice, text: &str, format: Format, layout: Layout, lang: Lang, what: &str) {
    let units = statements(text, format, layout);
    let number = |id: &str| notice.data_item(id).unwrap().number;
    // The items' labels as the notice words them.
    let label = |id: &str| {
        let item = notice.data_item(id).unwrap();
        item.label.get(lang).unwrap().to_string()
    };
    let (crash_label, usage_label) = (label("crash_log"), label("usage_history"));
    let crash: Vec<&String> = units
        .iter()
        .filter(|u| states(u, &crash_label, number("crash_log"), format, layout))
        .collect();
    let usage: Vec<&String> = units
        .iter()
        .filter(|u| states(u, &usage_label, number("usage_history"), format, layout))
        .collect();
    assert!(
        !crash.is_empty(),
        "{what}: no statement of the crash reports:\n{text}"
    );
    assert!(
        !usage.is_empty(),
        "{what}: no statement of the usage events:\n{text}"
    );
    for unit in &crash {
        assert!(
            !states(unit, &usage_label, number("usage_history"), format, layout),
            "{what}: crash reports and usage events are stated together:\n{unit}"
        );
        for claim in OPT_OUT_CLAIMS {
            assert!(
                !unit.contains(claim),
                "{what}: the crash reports' statement says {claim:?}:\n{unit}"
            );
        }
        assert!(
            unit.contains(not_possible(lang))
                || unit.contains("停止できません")
                || unit.contains("Cannot be stopped"),
            "{what}: the crash reports' statement does not say it cannot be stopped:\n{unit}"
        );
    }
    assert!(
        usage
            .iter()
            .any(|u| u.contains("https://example.com/settings/usage")
                || u.contains("停止できます")
                || u.contains("Can be stopped")),
        "{what}: the usage events' statement lost its opt-out"
    );
}

#[test]
fn the_model_holds_two_transmissions() {
    let notice = notice();
    let r = &notice.recipients[0];
    assert_eq!(r.transmissions.len(), 2);
    let crash = r
        .transmissions
        .iter()
        .find(|t| t.data[0].id == "crash_log")
        .unwrap();
    assert!(matches!(crash.opt_out, OptOutStatement::NotPossible { .. }));
    let json = render::render(&notice, Format::named("json"), Lang::Ja).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kinds: Vec<&str> = value["recipients"][0]["transmissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["opt_out"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(
        kinds.contains(&"not_possible") && kinds.contains(&"possible"),
        "{kinds:?}"
    );
}

#[test]
fn every_format_layout_and_language_states_them_apart() {
    let notice = notice();
    for lang in Lang::ALL {
        for layout in Layout::all() {
            for (format, fragment) in [
                (Format::named("markdown"), false),
                (Format::named("html"), false),
                (Format::named("html"), true),
            ] {
                let options = Options {
                    layout,
                    fragment,
                    ..Options::new(format, lang)
                };
                let text = render::render_with(&notice, &options).unwrap();
                check(
                    &notice,
                    &text,
                    format,
                    layout,
                    lang,
                    &format!("{format} {layout:?} {lang} fragment={fragment}"),
                );
            }
        }
        let mermaid = render::render(&notice, Format::named("mermaid"), lang).unwrap();
        let nodes: Vec<&str> = mermaid
            .lines()
            .filter(|l| l.trim_start().starts_with("r1t") && !l.contains("-->"))
            .collect();
        assert_eq!(nodes.len(), 2, "{mermaid}");
        let crash_node = mermaid
            .lines()
            .find(|l| l.contains("d_crash_log -->"))
            .unwrap()
            .rsplit(' ')
            .next()
            .unwrap();
        let crash_line = nodes
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{crash_node}[")))
            .unwrap();
        for claim in OPT_OUT_CLAIMS {
            assert!(!crash_line.contains(claim), "{crash_line}");
        }
    }
}

/// Every one-line text the view gives a recipient (its service, entity, country, category, role,
/// the data items and purposes of its transmissions, their conditions, basis and opt-out): what
/// a layout may show of it.
fn recipient_texts(view: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn strings(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::String(s)
                if !s.contains('\n') && !s.starts_with("http") && s.chars().count() > 2 =>
            {
                out.insert(s.clone());
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    // Ids and kinds are for templates, not for readers.
                    if !matches!(
                        k.as_str(),
                        "id" | "kind" | "basis_id" | "origin" | "provenance" | "entity_kind"
                    ) {
                        strings(v, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for key in ["third_parties", "first_party"] {
        strings(&view[key], &mut out);
    }
    out
}

#[test]
fn markdown_and_html_show_the_same_facts_in_every_layout() {
    for example in ["door", "hennge", "trvis", "b2b-hosting"] {
        let (notice, _) =
            disclosure_core::pipeline::notice(Some(&crate::common::example_manifest(example)))
                .unwrap();
        for layout in Layout::all() {
            for lang in Lang::ALL {
                let render_in = |format: &str| {
                    let options = Options {
                        layout,
                        ..Options::new(Format::named(format), lang)
                    };
                    render::render_with(&notice, &options).unwrap()
                };
                let md = crate::common::markdown_text(&render_in("markdown"));
                let html = crate::common::html_text(&render_in("html"));
                let view = disclosure_core::render::view::View::new(&notice, lang, layout).unwrap();
                let texts = recipient_texts(&serde_json::to_value(&view).unwrap());
                assert!(texts.len() > 10, "{example}: the view gives texts");
                let differ: Vec<&String> = texts
                    .iter()
                    .filter(|t| md.contains(t.as_str()) != html.contains(t.as_str()))
                    .collect();
                assert!(
                    differ.is_empty(),
                    "{example}, {layout}, {lang}: shown in one format only: {differ:#?}"
                );
            }
        }
    }
}
