//! docs/output.md documents the template context exactly: every field a template can read is
//! named in its table, and every field the table names at the top level exists.

use std::collections::BTreeSet;

use disclosure_core::foundation::localized::Lang;
use disclosure_core::render::Layout;
use disclosure_core::render::view::View;

/// Every object key in `value`, at any depth.
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// The table of the template context in docs/output.md: its rows.
fn context_table() -> Vec<String> {
    let doc = std::fs::read_to_string(crate::common::root().join("docs/output.md")).unwrap();
    let start = doc
        .find("| name | what it is |")
        .expect("docs/output.md has the context table");
    doc[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(String::from)
        .collect()
}

fn backticked(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.split('.').next_back().unwrap_or(s).to_string())
        .collect()
}

#[test]
fn every_field_of_the_context_is_documented_and_every_documented_field_exists() {
    let mut fields = BTreeSet::new();
    // The context adds these to the view.
    fields.extend(["model", "anchor_prefix", "layout_template"].map(String::from));
    for example in ["door", "hennge", "trvis", "centermobile", "b2b-hosting"] {
        let (notice, _) =
            disclosure_core::pipeline::notice(Some(&crate::common::example_manifest(example)))
                .unwrap();
        for layout in Layout::all() {
            let view = View::new(&notice, Lang::Ja, layout).unwrap();
            let mut value = serde_json::to_value(&view).unwrap();
            // `t` holds the labels, documented as a whole by its key.
            value.as_object_mut().unwrap().remove("t");
            fields.insert("t".into());
            keys(&value, &mut fields);
        }
    }
    let rows = context_table();
    let documented: BTreeSet<String> = rows.iter().flat_map(|r| backticked(r)).collect();
    let undocumented: Vec<&String> = fields.iter().filter(|f| !documented.contains(*f)).collect();
    assert!(
        undocumented.is_empty(),
        "fields templates can read that docs/output.md does not name: {undocumented:?}"
    );
    // The names a row starts with are fields of the context.
    let named: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.starts_with("| `"))
        .flat_map(|r| backticked(r.split(" | ").next().unwrap_or_default()))
        .collect();
    let missing: Vec<&String> = named.iter().filter(|n| !fields.contains(*n)).collect();
    assert!(
        missing.is_empty(),
        "docs/output.md names fields that do not exist: {missing:?}"
    );
}
