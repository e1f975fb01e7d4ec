//! The JSON Schemas committed under docs/schema are what schemars generates today, and the JSON
//! notices of both examples validate against the notice schema.

use disclosure_core::foundation::localized::Lang;
use disclosure_core::pipeline::schema;
use disclosure_core::render::{self, Format};

fn committed(name: &str) -> String {
    std::fs::read_to_string(crate::common::root().join("docs/schema").join(name))
        .unwrap_or_default()
}

#[test]
fn committed_schemas_are_fresh() {
    for (file, generated, of) in [
        ("notice.schema.json", schema::notice(), "notice"),
        ("disclosure.schema.json", schema::catalogue(), "catalogue"),
        ("diagnostic.schema.json", schema::diagnostic(), "diagnostic"),
    ] {
        assert!(
            committed(file) == generated,
            "docs/schema/{file} is stale: run `cargo run -p cargo-disclosure -- schema {of} > docs/schema/{file}`"
        );
    }
}

#[test]
fn example_notices_validate_against_the_notice_schema() {
    let schema: serde_json::Value = serde_json::from_str(&committed("notice.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    for example in ["door", "hennge"] {
        let (notice, _) =
            disclosure_core::pipeline::notice(Some(&crate::common::example_manifest(example)))
                .unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &render::render(&notice, Format::named("json"), Lang::Ja).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{example}: {errors:#?}");
        // And the schema is not vacuous: a notice without recipients is refused.
        let mut broken = json.clone();
        broken.as_object_mut().unwrap().remove("recipients");
        assert!(
            !validator.is_valid(&broken),
            "{example}: the schema accepts a notice without recipients"
        );
    }
}

#[test]
fn example_catalogues_validate_against_the_catalogue_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&committed("disclosure.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    for example in ["door", "hennge"] {
        let text = std::fs::read_to_string(
            crate::common::root()
                .join("examples")
                .join(example)
                .join("disclosure.toml"),
        )
        .unwrap();
        let toml: toml::Value = toml::from_str(&text).unwrap();
        let json = json_of(toml);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{example}: {errors:#?}");
    }
}

/// A TOML document as the JSON an editor's schema support reads: a date is its RFC 3339 string.
fn json_of(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(json_of).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, json_of(v))).collect(),
        other => serde_json::to_value(other).unwrap(),
    }
}
