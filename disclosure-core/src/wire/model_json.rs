//! The notice model's JSON as the run-time side reads it: only the fields the gate, the consent
//! units and the panel need; everything else is skipped. The model writes the whole of it
//! (`Notice` in the engine); a unit test in [`super::notice`] checks the two agree on every
//! example.

use serde::Deserialize;

/// The notice model's JSON, as far as hosts go (everything else is skipped).
#[derive(Deserialize)]
pub(super) struct Json {
    pub(super) schema_version: u32,
    #[serde(default)]
    pub(super) recipients: Vec<JsonRecipient>,
}

#[derive(Deserialize)]
pub(super) struct JsonRecipient {
    pub(super) id: String,
    #[serde(default)]
    pub(super) facts: JsonFacts,
    #[serde(default)]
    pub(super) transmissions: Vec<JsonTransmission>,
}

#[derive(Default, Deserialize)]
pub(super) struct JsonFacts {
    #[serde(default)]
    pub(super) domains: Option<JsonFact<Vec<String>>>,
    #[serde(default)]
    pub(super) packages: Option<JsonFact<JsonPackages>>,
    #[serde(default)]
    pub(super) entity: Option<JsonFact<serde_json::Value>>,
    #[serde(default)]
    pub(super) country: Option<JsonFact<JsonCountry>>,
    #[serde(default)]
    pub(super) first_party: Option<JsonFact<bool>>,
}

#[derive(Deserialize)]
pub(super) struct JsonFact<T> {
    pub(super) value: T,
}

#[derive(Deserialize)]
pub(super) struct JsonCountry {
    pub(super) code: String,
}

#[derive(Deserialize)]
pub(super) struct JsonPackages {
    #[serde(default)]
    pub(super) scripts: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct JsonTransmission {
    pub(super) origin: String,
    #[serde(default)]
    pub(super) data: Vec<JsonDataUse>,
    #[serde(default)]
    pub(super) purposes: Vec<String>,
    #[serde(default)]
    pub(super) conditions: Vec<String>,
    #[serde(default = "notice_basis")]
    pub(super) basis: String,
    #[serde(default)]
    pub(super) opt_out: JsonOptOut,
}

fn notice_basis() -> String {
    "notice".to_string()
}

#[derive(Deserialize)]
pub(super) struct JsonDataUse {
    pub(super) id: String,
    #[serde(default)]
    pub(super) qualifiers: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) conditions: Vec<String>,
}

#[derive(Default, Deserialize)]
pub(super) struct JsonOptOut {
    pub(super) kind: String,
    #[serde(default)]
    pub(super) stops: Option<String>,
}
