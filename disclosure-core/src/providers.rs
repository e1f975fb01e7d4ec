//! Recipients: the built-in catalogue (`data/providers.toml`, embedded at compile time) and the
//! resolution of a project's `[[provider]]` declarations over it.

use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::catalogue::{Link, Mechanism, OptOut, ProviderDecl};
use crate::diagnostic::Diagnostic;
use crate::localized::Localized;

/// A recipient with every fact resolved: the project's declaration over the built-in entry.
#[derive(Clone, Debug)]
pub struct Provider {
    /// The id annotations name.
    pub id: Spanned<String>,
    /// Where it was declared.
    pub origin: Origin,
    /// The service name.
    pub service: Localized,
    /// The legal entity handling the information.
    pub entity: Localized,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<Spanned<String>>,
    /// The privacy policy.
    pub privacy_policy: Option<Spanned<String>>,
    /// The privacy policy's link label.
    pub privacy_policy_label: Option<Localized>,
    /// How to stop the transmission.
    pub opt_out: Option<OptOut>,
    /// Other links.
    pub links: Vec<Link>,
    /// What the recipient itself does with the information.
    pub recipient_use: Option<Localized>,
    /// Destination host names.
    pub domains: Vec<String>,
    /// Crates that identify the recipient in a dependency graph.
    pub crates: Vec<String>,
    /// The default mechanism.
    pub mechanism: Option<Mechanism>,
    /// The operator itself.
    pub first_party: bool,
    /// Further facts.
    pub notes: Vec<Localized>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

impl Provider {
    /// The id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

/// Where a provider's facts were declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// In the project's `disclosure.toml` (possibly over a built-in entry).
    Project,
    /// Only in the built-in catalogue.
    Builtin,
    /// In the catalogue of a dependency that declares transmissions of its own.
    Dependency,
}

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
    pub opt_out: Option<OptOut>,
    /// How it is usually sent.
    pub mechanism: Mechanism,
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
pub const SOURCE: &str = include_str!("../data/providers.toml");

/// The built-in entries, as written.
pub fn builtin_entries() -> &'static [BuiltinEntry] {
    static ENTRIES: OnceLock<Vec<BuiltinEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        // The file is part of this crate and its unit tests parse it.
        toml::from_str::<BuiltinFile>(SOURCE)
            .expect("data/providers.toml is valid")
            .provider
    })
}

/// The built-in providers, resolved.
pub fn builtin() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| {
        builtin_entries()
            .iter()
            .map(|e| Provider {
                id: e.id.clone(),
                origin: Origin::Builtin,
                service: e.service.clone(),
                entity: e.entity.clone(),
                country: Some(e.country.clone()),
                privacy_policy: Some(e.privacy_policy.clone()),
                privacy_policy_label: None,
                opt_out: e.opt_out.clone(),
                links: Vec::new(),
                recipient_use: None,
                domains: e.domains.clone(),
                crates: e.crates.clone(),
                mechanism: Some(e.mechanism),
                first_party: false,
                notes: Vec::new(),
                sources: {
                    let mut urls: Vec<String> = e.sources.iter().map(|s| s.url.clone()).collect();
                    urls.dedup();
                    urls
                },
            })
            .collect()
    })
}

/// A project's declaration over the built-in entry of the same id, if any. The declaration's
/// fields win; lists it leaves empty come from the built-in entry.
pub fn resolve(decl: &ProviderDecl) -> Result<Provider, Diagnostic> {
    let base = builtin().iter().find(|p| p.id() == decl.id());
    let required = |field: &str, value: Option<&Localized>, base: Option<&Localized>| {
        value.or(base).cloned().ok_or_else(|| {
            Diagnostic::error(format!("provider `{}` has no `{field}`", decl.id())).help(format!(
                "add `{field} = {{ ja = \"…\", en = \"…\" }}`; `{}` is not a built-in provider whose facts could be used",
                decl.id()
            ))
        })
    };
    let list = |own: &Vec<String>, base: Option<&Vec<String>>| {
        if own.is_empty() {
            base.cloned().unwrap_or_default()
        } else {
            own.clone()
        }
    };
    let mut sources: Vec<String> = decl.sources.iter().map(|s| s.get_ref().clone()).collect();
    for url in base.map(|b| b.sources.clone()).unwrap_or_default() {
        if !sources.contains(&url) {
            sources.push(url);
        }
    }
    Ok(Provider {
        id: decl.id.clone(),
        origin: Origin::Project,
        service: required("service", decl.service.as_ref(), base.map(|b| &b.service))?,
        entity: required("entity", decl.entity.as_ref(), base.map(|b| &b.entity))?,
        country: decl
            .country
            .clone()
            .or_else(|| base.and_then(|b| b.country.clone())),
        privacy_policy: decl
            .privacy_policy
            .clone()
            .or_else(|| base.and_then(|b| b.privacy_policy.clone())),
        privacy_policy_label: decl.privacy_policy_label.clone(),
        opt_out: decl
            .opt_out
            .clone()
            .or_else(|| base.and_then(|b| b.opt_out.clone())),
        links: decl.links.clone(),
        recipient_use: decl.recipient_use.clone(),
        domains: list(&decl.domains, base.map(|b| &b.domains)),
        crates: list(&decl.crates, base.map(|b| &b.crates)),
        mechanism: decl.mechanism.or_else(|| base.and_then(|b| b.mechanism)),
        first_party: decl.first_party.unwrap_or(false),
        notes: decl.notes.clone(),
        sources,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalogue::{check_link, is_kebab_case};
    use crate::localized::Lang;
    use crate::vocabulary;

    #[test]
    fn at_least_forty_complete_entries_each_fact_sourced_and_dated() {
        let entries = builtin_entries();
        assert!(entries.len() >= 40, "{} entries", entries.len());
        let mut ids = BTreeSet::new();
        for e in entries {
            let id = e.id.get_ref();
            assert!(is_kebab_case(id), "{id}");
            assert!(ids.insert(id.clone()), "duplicate {id}");
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
                vocabulary::builtin()
                    .countries
                    .iter()
                    .any(|c| c.id() == e.country.get_ref()),
                "{id}: country {}",
                e.country.get_ref()
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
            let mut facts = vec!["entity", "country", "privacy_policy"];
            if e.opt_out.is_some() {
                facts.push("opt_out");
            }
            for fact in facts {
                let source = e.sources.iter().find(|s| s.facts.iter().any(|f| f == fact));
                let source = source.unwrap_or_else(|| panic!("{id}: `{fact}` has no source"));
                assert!(source.recorded.date.is_some(), "{id}: `{fact}` has no date");
            }
        }
        for id in [
            "google-analytics",
            "amplitude",
            "datadog",
            "salesforce",
            "intercom",
            "microsoft-azure",
            "productboard",
            "satismeter",
            "slack",
            "google-workspace",
            "d-account",
            "sentry",
        ] {
            assert!(ids.contains(id), "missing {id}");
        }
    }

    #[test]
    fn a_declaration_overrides_a_built_in_entry_field_by_field() {
        let decl: ProviderDecl = toml::from_str(
            "id = \"sentry\"\nentity = \"Sentry (Functional Software, Inc.)\"\ncountry = \"DE\"\n",
        )
        .unwrap();
        let p = resolve(&decl).unwrap();
        assert_eq!(
            p.entity.get(Lang::En),
            Some("Sentry (Functional Software, Inc.)")
        );
        assert_eq!(p.country.as_ref().unwrap().get_ref(), "DE");
        assert_eq!(p.service.get(Lang::Ja), Some("Sentry"));
        assert!(p.crates.contains(&"sentry".to_string()));
        let unknown: ProviderDecl = toml::from_str("id = \"mine\"\nservice = \"Mine\"\n").unwrap();
        let err = resolve(&unknown).unwrap_err();
        assert!(err.message.contains("has no `entity`"), "{}", err.message);
    }
}
