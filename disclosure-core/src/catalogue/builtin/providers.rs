//! The built-in recipient catalogue (`data/providers.toml`): common services a project may name
//! without declaring them. Each fact cites the page it was taken from.

use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::catalogue::raw::OptOutDecl;
use crate::catalogue::{Choice, Mechanism, OptOut, Origin, Provenance, Provider, Reach, Stops};
use crate::foundation::localized::Localized;

/// One built-in entry, as `data/providers.toml` writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinEntry {
    /// The id.
    pub id: Spanned<String>,
    /// The service name.
    pub service: Localized,
    /// The legal entity.
    pub entity: Localized,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Spanned<String>,
    /// The privacy policy.
    pub privacy_policy: Spanned<String>,
    /// The opt-out page, where one exists.
    pub opt_out: Option<OptOutDecl>,
    /// How it is usually sent.
    pub mechanism: String,
    /// Crates that identify it.
    pub crates: Vec<String>,
    /// Host names it receives data on.
    pub domains: Vec<String>,
    /// Where each fact comes from.
    #[serde(rename = "source")]
    pub sources: Vec<FactSource>,
}

/// A page some facts were taken from, and when.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// The page.
    pub url: String,
    /// When the facts were recorded from it.
    pub recorded: toml::value::Datetime,
    /// Which facts (`entity`, `country`, `privacy_policy`, `opt_out`).
    pub facts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinFile {
    provider: Vec<BuiltinEntry>,
}

/// The source of the built-in catalogue.
pub const SOURCE: &str = include_str!("../../../data/providers.toml");

/// The built-in entries, as written.
pub fn entries() -> &'static [BuiltinEntry] {
    static ENTRIES: OnceLock<Vec<BuiltinEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        // The file is part of this crate and its unit tests parse it.
        toml::from_str::<BuiltinFile>(SOURCE)
            .expect("data/providers.toml is valid")
            .provider
    })
}

/// The built-in providers, resolved.
pub fn providers() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| {
        entries()
            .iter()
            .map(|e| {
                let mut sources: Vec<String> = e.sources.iter().map(|s| s.url.clone()).collect();
                sources.dedup();
                let provenance = [
                    "service",
                    "entity",
                    "country",
                    "privacy_policy",
                    "opt_out",
                    "domains",
                ]
                .into_iter()
                .filter(|f| *f != "opt_out" || e.opt_out.is_some())
                .map(|f| (f, Provenance::Builtin))
                .collect();
                Provider {
                    id: e.id.get_ref().clone(),
                    at: None,
                    declared_by: Provenance::Builtin,
                    service: e.service.clone(),
                    entity: e.entity.clone(),
                    country: Some(e.country.get_ref().clone()),
                    privacy_policy: Some(e.privacy_policy.get_ref().clone()),
                    privacy_policy_label: None,
                    opt_out: e.opt_out.as_ref().map(|o| OptOut {
                        url: o.url.as_ref().map(|u| u.get_ref().clone()),
                        steps: o.steps.clone(),
                        not_possible: o.not_possible.clone(),
                        stops: o.stops.as_ref().and_then(|s| Stops::from_id(s.get_ref())),
                        reach: o.reach.as_ref().and_then(|r| Reach::from_id(r.get_ref())),
                        label: o.label.clone(),
                    }),
                    links: Vec::new(),
                    recipient_use: None,
                    recipient_use_url: None,
                    origin: Origin::Device,
                    category: None,
                    entity_brand_only: false,
                    storage: None,
                    relay: None,
                    domains: e.domains.clone(),
                    crates: e.crates.clone(),
                    mechanism: Mechanism::from_id(&e.mechanism),
                    first_party: false,
                    notes: Vec::new(),
                    sources,
                    provenance,
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::catalogue::link::check_link;
    use crate::foundation::ids::IdKind;
    use crate::foundation::localized::Lang;

    #[test]
    fn at_least_forty_complete_entries_each_fact_sourced_and_dated() {
        let entries = entries();
        assert!(entries.len() >= 40, "{} entries", entries.len());
        let mut ids = BTreeSet::new();
        for e in entries {
            let id = e.id.get_ref();
            assert!(IdKind::Provider.check_form(id).is_ok(), "{id}");
            assert!(ids.insert(id.clone()), "duplicate {id}");
            assert!(
                Mechanism::from_id(&e.mechanism).is_some(),
                "{id}: {}",
                e.mechanism
            );
            for lang in Lang::ALL {
                assert!(
                    e.service.get(lang).is_some_and(|s| !s.is_empty()),
                    "{id}: service {lang}"
                );
                assert!(
                    e.entity.get(lang).is_some_and(|s| !s.is_empty()),
                    "{id}: entity {lang}"
                );
            }
            assert!(
                Catalogue::country(e.country.get_ref()).is_some(),
                "{id}: country"
            );
            assert!(!e.domains.is_empty(), "{id}: no domains");
            let mut urls = vec![e.privacy_policy.get_ref().as_str()];
            urls.extend(
                e.opt_out
                    .iter()
                    .flat_map(|o| o.url.as_ref())
                    .map(|u| u.get_ref().as_str()),
            );
            urls.extend(e.sources.iter().map(|s| s.url.as_str()));
            for url in urls {
                assert!(
                    url.starts_with("https://") && check_link(url).is_ok(),
                    "{id}: {url}"
                );
            }
        }
    }
}
