//! The built-in parameter maps (`data/parameters.toml`): which keys of a provider's requests carry
//! which data items, each key with its evidence. `cargo disclosure verify` reads them.

use std::sync::OnceLock;

use serde::Deserialize;

use toml::Spanned;

use crate::catalogue::{KeySource, Parameter};
use crate::foundation::choice::Choice;
use crate::foundation::date::Date;
use crate::foundation::vocab::Place;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    provider: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    /// The path prefixes the provider's JSON bodies nest events under.
    #[serde(default)]
    shape: Vec<Shape>,
    parameter: Vec<Key>,
}

/// A body shape: the prefix events sit under, and where it is described.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Shape {
    prefix: String,
    /// Read by the unit test that requires every shape to be sourced.
    #[cfg_attr(not(test), allow(dead_code))]
    evidence: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Key {
    key: String,
    r#in: String,
    data: Vec<String>,
    prefix: bool,
    evidence: Vec<RawSource>,
}

/// Where a key's meaning was read, as the file writes it: the page, the sentence, when it was
/// checked and, where the entry gives it, the document's own date and what that date is (as a
/// provider file's evidence writes them).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    url: Spanned<String>,
    quote: Spanned<String>,
    checked: Spanned<toml::value::Datetime>,
    /// Read by the unit test that checks the dates.
    #[cfg_attr(not(test), allow(dead_code))]
    document_date: Option<toml::value::Datetime>,
    /// Read by the unit test that checks the dates.
    #[cfg_attr(not(test), allow(dead_code))]
    date_kind: Option<String>,
}

/// The source of the built-in maps.
pub const SOURCE: &str = include_str!("../../../data/parameters.toml");

/// Every built-in key, of every provider.
pub fn parameters() -> &'static [Parameter] {
    static PARAMETERS: OnceLock<Vec<Parameter>> = OnceLock::new();
    PARAMETERS.get_or_init(|| {
        let file: File = toml::from_str(SOURCE)
            .unwrap_or_else(|e| panic!("data/parameters.toml: {}", e.message()));
        file.provider
            .into_iter()
            .flat_map(|p| {
                let provider = p.id;
                let shapes: Vec<String> = p.shape.iter().map(|s| s.prefix.clone()).collect();
                p.parameter.into_iter().map(move |k| Parameter {
                    shapes: shapes.clone(),
                    provider: provider.clone(),
                    key: k.key,
                    place: Place::from_id(&k.r#in).unwrap_or_default(),
                    prefix: k.prefix,
                    data: k.data,
                    evidence: k
                        .evidence
                        .iter()
                        .filter_map(|e| {
                            Some(KeySource {
                                url: e.url.get_ref().clone(),
                                quote: e.quote.get_ref().clone(),
                                checked: Date::from_toml(e.checked.get_ref())?,
                            })
                        })
                        .collect(),
                    at: None,
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalogue::builtin::providers;
    use crate::catalogue::provenance::DocumentDate;
    use crate::catalogue::vocabulary::vocabulary;
    use crate::foundation::ids::IdKind;

    #[test]
    fn six_or_more_providers_each_key_a_known_item_and_sourced_or_unverified() {
        let all = parameters();
        let providers_with_maps: BTreeSet<&str> = all.iter().map(|p| p.provider.as_str()).collect();
        assert!(providers_with_maps.len() >= 6, "{providers_with_maps:?}");
        for id in &providers_with_maps {
            assert!(
                providers().iter().any(|p| p.id == *id),
                "`{id}` is a built-in provider"
            );
        }
        let file: File = toml::from_str(SOURCE).unwrap();
        for p in &file.provider {
            for shape in &p.shape {
                assert!(
                    shape.prefix.ends_with('.') && !shape.evidence.is_empty(),
                    "{}: the shape `{}` is a path prefix with its source",
                    p.id,
                    shape.prefix
                );
            }
            for k in &p.parameter {
                assert!(Place::from_id(&k.r#in).is_some(), "{}: {}", p.id, k.r#in);
                for item in &k.data {
                    assert!(
                        vocabulary()
                            .terms(IdKind::DataItem)
                            .iter()
                            .any(|t| t.id == *item),
                        "{} {}: unknown data item {item}",
                        p.id,
                        k.key
                    );
                }
                for e in &k.evidence {
                    assert!(
                        e.url.get_ref().starts_with("https://"),
                        "{}",
                        e.url.get_ref()
                    );
                    assert!(!e.quote.get_ref().trim().is_empty());
                    // A document date comes with its kind, and is no later than the check.
                    assert_eq!(
                        e.document_date.is_some(),
                        e.date_kind.is_some(),
                        "{} {}: document_date and date_kind go together",
                        p.id,
                        k.key
                    );
                    if let (Some(date), Some(kind)) = (&e.document_date, &e.date_kind) {
                        assert!(
                            kind.parse::<DocumentDate>().is_ok(),
                            "{} {}: date kind `{kind}`",
                            p.id,
                            k.key
                        );
                        let date = Date::from_toml(date).expect("a plain date");
                        let checked = Date::from_toml(e.checked.get_ref()).expect("a plain date");
                        assert!(
                            date <= checked,
                            "{} {}: {date} after {checked}",
                            p.id,
                            k.key
                        );
                    }
                }
            }
        }
        let verified = all.iter().filter(|p| !p.evidence.is_empty()).count();
        assert!(
            verified * 10 >= all.len() * 8,
            "{verified} of {} keys sourced",
            all.len()
        );
    }
}
