//! The built-in vocabulary: data items, purposes and countries, each with a stable id and Japanese
//! and English labels (`data/vocabulary.toml`); the platforms' published identifiers
//! ([`platforms`]); and the notice's built-in wording ([`texts`]). Each lives in a data file under
//! `data/`, embedded at compile time.

pub mod platforms;
pub mod texts;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::catalogue::raw::TermDecl;
use crate::catalogue::{Provenance, Term};
use crate::foundation::choice::Choice;
use crate::foundation::ids::IdKind;
use crate::foundation::vocab::{Collection, Exemption, Identifier};

/// The built-in data items, purposes and countries.
#[derive(Debug)]
pub struct Vocabulary {
    /// Data items, in notice order.
    pub data_items: Vec<Term>,
    /// Purposes, in notice order.
    pub purposes: Vec<Term>,
    /// Countries, then regions of several countries (which only `storage` may name).
    pub countries: Vec<Term>,
    /// How many of `countries`, from the end, are regions.
    regions: usize,
    /// Recipient categories (`category = "analytics"`).
    pub categories: Vec<Term>,
}

impl Vocabulary {
    /// Whether the country code `id` names a region of several countries (`EU`).
    pub fn is_region(&self, id: &str) -> bool {
        self.countries[self.countries.len() - self.regions..]
            .iter()
            .any(|t| t.id == id)
    }

    /// The terms of one kind (providers and conditions are never built in).
    pub fn terms(&self, kind: IdKind) -> &[Term] {
        match kind {
            IdKind::DataItem => &self.data_items,
            IdKind::Purpose => &self.purposes,
            IdKind::Country => &self.countries,
            IdKind::Provider | IdKind::Condition | IdKind::OptOut | IdKind::PurposeGroup => &[],
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    data: Vec<TermDecl>,
    purpose: Vec<TermDecl>,
    country: Vec<TermDecl>,
    region: Vec<TermDecl>,
    category: Vec<TermDecl>,
}

/// The source of the built-in vocabulary.
pub const SOURCE: &str = include_str!("../../../data/vocabulary.toml");

/// The built-in vocabulary, parsed once per process.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        // The file is part of this crate and a unit test parses it, so this cannot fail at run time.
        let file: File = toml::from_str(SOURCE).expect("data/vocabulary.toml is valid");
        let terms = |decls: Vec<TermDecl>| {
            decls
                .into_iter()
                .map(|d| Term {
                    id: d.id.into_inner(),
                    label: d.label,
                    apple: d.apple.map(|a| a.into_inner()),
                    play: d.play.map(|p| p.into_inner()),
                    examples: d.examples,
                    description: d.description,
                    personal: d.personal,
                    identifier: d.identifier.and_then(|i| Identifier::from_id(i.get_ref())),
                    not_sent: d.not_sent,
                    collection: d.collected.and_then(|c| Collection::from_id(c.get_ref())),
                    purposes: Vec::new(),
                    group: None,
                    exemption: d.exemption.and_then(|e| Exemption::from_id(e.get_ref())),
                    at: None,
                    declared_by: Provenance::Builtin,
                })
                .collect()
        };
        let regions = file.region.len();
        let mut countries: Vec<Term> = terms(file.country);
        countries.extend(terms(file.region));
        Vocabulary {
            data_items: terms(file.data),
            purposes: terms(file.purpose),
            countries,
            regions,
            categories: terms(file.category),
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalogue::vocabulary::platforms;
    use crate::foundation::localized::Lang;

    #[test]
    fn every_term_has_a_unique_well_formed_id_and_both_labels() {
        let v = vocabulary();
        for kind in [IdKind::DataItem, IdKind::Purpose, IdKind::Country] {
            let mut seen = BTreeSet::new();
            for term in v.terms(kind) {
                assert!(
                    seen.insert(term.id()),
                    "duplicate {} `{}`",
                    kind.noun(),
                    term.id()
                );
                // Regions (`EU`, `EEA`) are named by their own short codes, not ISO 3166-1.
                let region = kind == IdKind::Country && v.is_region(term.id());
                assert!(
                    region || kind.check_form(term.id()).is_ok(),
                    "malformed id `{}`",
                    term.id()
                );
                for lang in Lang::ALL {
                    assert!(
                        term.label.get(lang).is_some(),
                        "`{}` lacks {lang}",
                        term.id()
                    );
                }
            }
        }
    }

    #[test]
    fn the_crosswalk_uses_only_published_identifiers() {
        let v = vocabulary();
        for (terms, purpose) in [(&v.data_items, false), (&v.purposes, true)] {
            for t in terms {
                if let Some(a) = &t.apple {
                    assert!(platforms::is_apple_id(a, purpose), "{}: {a}", t.id());
                }
                if let Some(p) = &t.play {
                    assert!(platforms::is_play_id(p, purpose), "{}: {p}", t.id());
                }
            }
        }
    }

    #[test]
    fn japanese_labels_name_things_concretely() {
        // 解説 on 施行規則 22条の2の29: do not lean on 「等」 or 「その他」.
        for term in vocabulary().data_items.iter().chain(&vocabulary().purposes) {
            let ja = term.label.get(Lang::Ja).unwrap();
            assert!(
                !ja.contains('等') && !ja.contains("その他"),
                "`{}`: {ja}",
                term.id()
            );
        }
    }

    #[test]
    fn covers_every_item_the_seed_notices_list() {
        let ids: BTreeSet<_> = vocabulary().data_items.iter().map(Term::id).collect();
        for id in [
            "ip_address",
            "page_url",
            "referrer",
            "device_type",
            "os_type",
            "browser_type",
            "language",
            "usage_history",
            "access_history",
            "device_info",
            "browser_info",
            "app_info",
            "network_info",
            "os_info",
            "screen_settings",
            "language_settings",
            "login_provider_id",
        ] {
            assert!(ids.contains(id), "missing `{id}`");
        }
    }
}
