//! The built-in vocabulary: data items, purposes and countries, each with a stable id and Japanese and
//! English labels. The data lives in `data/vocabulary.toml`, embedded at compile time.

use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::localized::Localized;

/// One entry of a vocabulary: a data item, a purpose, a country or a condition.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The id annotations use (`ip_address`, `analytics`, `US`, `d-account-login`).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// What a notice prints, per language.
    pub label: Localized,
    /// Apple privacy-manifest identifier (`NSPrivacyCollectedDataType…` for a data item,
    /// `NSPrivacyCollectedDataTypePurpose…` for a purpose), where one fits.
    #[serde(default)]
    pub apple: Option<String>,
    /// Google Play Data safety response id (`PSL_…`), where one fits.
    #[serde(default)]
    pub play: Option<String>,
}

impl Term {
    /// The id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

/// What kind of id something is; used in messages and for lookups.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IdKind {
    /// A recipient, declared as `[[provider]]`.
    Provider,
    /// Information sent, built in or declared as `[[data]]`.
    DataItem,
    /// A purpose of use, built in or declared as `[[purpose]]`.
    Purpose,
    /// A condition under which a transmission happens, declared as `[[condition]]`.
    Condition,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
}

impl IdKind {
    /// How messages name this kind ("data item").
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Provider => "provider",
            IdKind::DataItem => "data item",
            IdKind::Purpose => "purpose",
            IdKind::Condition => "condition",
            IdKind::Country => "country",
        }
    }

    /// The `disclosure.toml` table that declares this kind (`[[data]]`).
    pub fn table(self) -> &'static str {
        match self {
            IdKind::Provider => "[[provider]]",
            IdKind::DataItem => "[[data]]",
            IdKind::Purpose => "[[purpose]]",
            IdKind::Condition => "[[condition]]",
            IdKind::Country => "[[country]]",
        }
    }
}

/// The built-in data items, purposes and countries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Data items, in notice order.
    #[serde(rename = "data")]
    pub data_items: Vec<Term>,
    /// Purposes, in notice order.
    #[serde(rename = "purpose")]
    pub purposes: Vec<Term>,
    /// Countries.
    #[serde(rename = "country")]
    pub countries: Vec<Term>,
}

impl Vocabulary {
    /// The terms of one kind (providers and conditions are never built in).
    pub fn terms(&self, kind: IdKind) -> &[Term] {
        match kind {
            IdKind::DataItem => &self.data_items,
            IdKind::Purpose => &self.purposes,
            IdKind::Country => &self.countries,
            IdKind::Provider | IdKind::Condition => &[],
        }
    }
}

/// The source of the built-in vocabulary.
pub const SOURCE: &str = include_str!("../data/vocabulary.toml");

/// The built-in vocabulary, parsed once per process.
pub fn builtin() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        // The file is part of this crate and a unit test parses it, so this cannot fail at run time.
        toml::from_str(SOURCE).expect("data/vocabulary.toml is valid")
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::localized::Lang;

    #[test]
    fn every_term_has_a_unique_well_formed_id_and_both_labels() {
        let v = builtin();
        for (kind, terms) in [
            (IdKind::DataItem, &v.data_items),
            (IdKind::Purpose, &v.purposes),
            (IdKind::Country, &v.countries),
        ] {
            let mut seen = BTreeSet::new();
            for term in terms {
                assert!(
                    seen.insert(term.id()),
                    "duplicate {} `{}`",
                    kind.noun(),
                    term.id()
                );
                let well_formed = match kind {
                    IdKind::Country => {
                        term.id().len() == 2 && term.id().bytes().all(|b| b.is_ascii_uppercase())
                    }
                    _ => crate::catalogue::is_snake_case(term.id()),
                };
                assert!(well_formed, "malformed id `{}`", term.id());
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
    fn japanese_labels_name_things_concretely() {
        // 解説 on 施行規則 22条の2の29: do not lean on 「等」 or 「その他」.
        for term in builtin().data_items.iter().chain(&builtin().purposes) {
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
        let ids: BTreeSet<_> = builtin().data_items.iter().map(Term::id).collect();
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
