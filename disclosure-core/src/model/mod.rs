//! The notice model: one language-neutral [`Notice`] built from the catalogue and the annotations.
//!
//! Ordering rules (never file-system or hash order):
//! * recipients: third parties first, then the operator's own (first-party) entries; within each,
//!   the order of `[[provider]]` tables in `disclosure.toml`;
//! * data items and purposes of a recipient: built-in vocabulary order, then the project's own in
//!   `disclosure.toml` order;
//! * conditions of an item: `[[condition]]` order;
//! * mechanisms: tag, sdk, cookie, server_api.
//!
//! The model says nothing about where in the code a transmission is declared: that is for the
//! reviewer view, so that moving a function never changes the published notice.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::builtin::texts;
use crate::catalogue::{self, Basis, Catalogue, Mechanism, Origin, Stops, Term};
use crate::declaration::Declaration;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};

/// The version of the JSON shape of [`Notice`]; raised on every incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// An external-transmission notice: every recipient of information from users' devices, what each
/// receives, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The version of this JSON shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The notice's title.
    pub title: Localized,
    /// The service operator publishing the notice.
    pub operator: Operator,
    /// The notice's version, as the operator numbers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// First published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Last revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// The texts around the list of recipients.
    pub texts: Texts,
    /// The recipients: third parties first, then the operator's own entries.
    pub recipients: Vec<Recipient>,
    /// Free notes at the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Localized>,
}

/// The service operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Legal name.
    pub name: Localized,
    /// How the notice refers to the operator after the first mention.
    pub short_name: Localized,
    /// The services covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Localized>,
    /// The operator's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// The notice's own texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// The opening paragraph.
    pub introduction: Localized,
    /// How users stop transmissions, in general.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<Localized>,
    /// The introduction of the operator's own (first-party) section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<Localized>,
    /// How to stop the first-party transmissions and what stops working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential_opt_out: Option<Localized>,
    /// How the notice is revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_policy: Option<Localized>,
    /// Where to ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Localized>,
}

/// One recipient and everything sent to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// The provider id.
    pub id: String,
    /// The service name.
    pub service: Localized,
    /// The legal entity handling the information.
    pub entity: Localized,
    /// Where the entity is established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The operator itself (listed in the section on information the service needs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_party: bool,
    /// How the information is sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<Mechanism>,
    /// Why the transmissions may happen (TBA Art. 27-12); empty means published in the notice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<Basis>,
    /// Why the `essential` transmissions are essential, as the code states it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub essential_reasons: Vec<String>,
    /// Host names the information is sent to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// The information sent.
    pub data: Vec<Entry>,
    /// The operator's purposes.
    pub purposes: Vec<Entry>,
    /// What the recipient itself does with the information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_use: Option<Localized>,
    /// How to stop the transmission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<OptOut>,
    /// The recipient's privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy: Option<Link>,
    /// Other pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Further facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Localized>,
    /// Where the facts about the recipient come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fact_sources: Vec<String>,
}

/// A data item or purpose, with the conditions it is limited to (none: always).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The vocabulary id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
    /// Sent only under these conditions; empty when always sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Apple privacy-manifest identifier, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apple: Option<String>,
    /// Google Play Data safety id, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
}

/// A condition a transmission is limited to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The condition id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
}

/// A country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Its name.
    pub name: Localized,
}

/// A labelled `https:` link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The address.
    pub url: String,
    /// What the link says.
    pub label: Localized,
}

/// How to stop a transmission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    /// The recipient's opt-out page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Steps to follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Localized>,
    /// Why it cannot be stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_possible: Option<Localized>,
    /// What opting out stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stops: Option<Stops>,
}

impl Notice {
    /// Builds the notice from the catalogue and the declarations found. A provider that no
    /// declaration names is left out, with a warning.
    pub fn build(
        catalogue: &Catalogue,
        declarations: &[Declaration],
    ) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let mut diagnostics = Diagnostics::new();
        let mut by_provider: BTreeMap<&str, Vec<&Declaration>> = BTreeMap::new();
        for d in declarations {
            by_provider
                .entry(d.provider.value.as_str())
                .or_default()
                .push(d);
        }
        let mut recipients: Vec<Recipient> = Vec::new();
        for provider in &catalogue.providers {
            match by_provider.remove(provider.id()) {
                Some(found) => recipients.push(recipient(catalogue, provider, &found)),
                // A dependency's catalogue may declare more than this build uses.
                None if provider.origin != Origin::Project => {}
                None => diagnostics.push(
                    Diagnostic::warning(
                        Code::ProviderUnused,
                        format!(
                            "provider `{}` is declared but no annotation sends it anything; the notice leaves it out",
                            provider.id()
                        ),
                    )
                    .at_opt(provider.at.clone())
                    .help("annotate the code that sends to it, or remove the `[[provider]]` table"),
                ),
            }
        }
        // Built-in providers the project names without declaring them, after the declared ones, by
        // id. Declarations are resolved against the same catalogue before they get here.
        for (id, found) in by_provider {
            match catalogue.provider(id) {
                Some(provider) => recipients.push(recipient(catalogue, provider, &found)),
                None => {
                    for d in found {
                        diagnostics.push(
                            Diagnostic::error(Code::UnknownId, format!("unknown provider `{id}`"))
                                .at(d.provider.at.clone()),
                        );
                    }
                }
            }
        }
        recipients.sort_by_key(|r| r.first_party);

        let Some(operator) = operator(catalogue) else {
            diagnostics.push(
                Diagnostic::error(
                    Code::OperatorMissing,
                    format!(
                        "{} has no [operator]: the notice must name who publishes it",
                        catalogue.path().display()
                    ),
                )
                .at(Location::new(catalogue.path(), 1, 1))
                .help("add [operator] with `name = { ja = \"…\", en = \"…\" }` (the legal name) and `services`"),
            );
            return diagnostics.finish(Notice::empty());
        };
        let notice = &catalogue.notice;
        let notice = Notice {
            schema_version: SCHEMA_VERSION,
            title: notice
                .title
                .clone()
                .unwrap_or_else(|| texts::localized("title")),
            texts: Texts {
                introduction: notice
                    .introduction
                    .clone()
                    .unwrap_or_else(|| default_introduction(&operator)),
                opt_out: notice.opt_out.clone(),
                essential: notice.essential.clone(),
                essential_opt_out: notice.essential_opt_out.clone(),
                revision_policy: notice.revision_policy.clone(),
                contact: notice.contact.clone(),
            },
            operator,
            version: notice.version.clone(),
            published: notice.published,
            last_updated: notice.last_updated,
            recipients,
            notes: notice.notes.clone(),
        };
        diagnostics.finish(notice)
    }
}

impl Notice {
    /// A notice of nothing (what an error returns alongside its diagnostics).
    fn empty() -> Notice {
        Notice {
            schema_version: SCHEMA_VERSION,
            title: Localized::default(),
            operator: Operator {
                name: Localized::default(),
                short_name: Localized::default(),
                services: Vec::new(),
                website: None,
            },
            version: None,
            published: None,
            last_updated: None,
            texts: Texts {
                introduction: Localized::default(),
                opt_out: None,
                essential: None,
                essential_opt_out: None,
                revision_policy: None,
                contact: None,
            },
            recipients: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A notice with `other`'s texts and no recipient: what a change summary compares with when
    /// there was no notice before.
    pub fn empty_like(other: &Notice) -> Notice {
        Notice {
            recipients: Vec::new(),
            ..other.clone()
        }
    }
}

fn operator(catalogue: &Catalogue) -> Option<Operator> {
    let op = catalogue.operator.as_ref()?;
    Some(Operator {
        name: op.name.clone(),
        short_name: op
            .short_name
            .clone()
            .unwrap_or_else(|| texts::localized("operator_short_name")),
        services: op.services.clone(),
        website: op.website.clone(),
    })
}

fn default_introduction(operator: &Operator) -> Localized {
    let text = |lang: Lang| {
        let name = operator.name.get(lang).unwrap_or_default();
        let short = operator.short_name.get(lang).unwrap_or_default();
        let services: Vec<&str> = operator
            .services
            .iter()
            .filter_map(|s| s.get(lang))
            .collect();
        let key = if services.is_empty() {
            "introduction_without_service"
        } else {
            "introduction"
        };
        let services = services.join(texts::get(lang, "list_separator"));
        texts::fill(
            texts::get(lang, key),
            &[
                ("operator", name),
                ("short_name", short),
                ("services", &services),
            ],
        )
    };
    Localized::new(text(Lang::Ja), text(Lang::En))
}

/// A condition with its position in notice order.
type OrderedCondition = (usize, String, Localized);

/// Entry id → (its notice order, its term, its conditions; `None` once any declaration sends it
/// unconditionally).
type Merged<'a> = BTreeMap<String, (usize, &'a Term, Option<BTreeSet<OrderedCondition>>)>;

fn recipient(
    catalogue: &Catalogue,
    provider: &catalogue::Provider,
    found: &[&Declaration],
) -> Recipient {
    let condition_of = |d: &Declaration| {
        d.when.as_ref().and_then(|w| {
            catalogue
                .term(IdKind::Condition, &w.value)
                .map(|(order, term)| (order, term.id.clone(), term.label.clone()))
        })
    };
    let entries = |kind: IdKind, ids: &dyn Fn(&Declaration) -> Vec<String>| -> Vec<Entry> {
        let mut merged: Merged = BTreeMap::new();
        for d in found {
            let condition = condition_of(d);
            for id in ids(d) {
                let Some((order, term)) = catalogue.term(kind, &id) else {
                    continue;
                };
                let slot = merged
                    .entry(id)
                    .or_insert_with(|| (order, term, Some(BTreeSet::new())));
                match (&condition, &mut slot.2) {
                    (Some(c), Some(conditions)) => {
                        conditions.insert(c.clone());
                    }
                    (None, conditions) => *conditions = None,
                    (Some(_), None) => {}
                }
            }
        }
        let mut entries: Vec<(usize, Entry)> = merged
            .into_iter()
            .map(|(id, (order, term, conditions))| {
                let conditions = conditions
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, id, label)| Condition { id, label })
                    .collect();
                (
                    order,
                    Entry {
                        id,
                        label: term.label.clone(),
                        conditions,
                        apple: term.apple.clone(),
                        play: term.play.clone(),
                    },
                )
            })
            .collect();
        entries.sort_by_key(|(order, _)| *order);
        entries.into_iter().map(|(_, e)| e).collect()
    };
    let data = entries(IdKind::DataItem, &|d| {
        d.data_ids().map(String::from).collect()
    });
    let purposes = entries(IdKind::Purpose, &|d| {
        d.purpose_ids().map(String::from).collect()
    });
    let mechanisms: BTreeSet<Mechanism> = found
        .iter()
        .filter_map(|d| d.mechanism.as_ref().map(|m| m.value).or(provider.mechanism))
        .collect();
    let basis: BTreeSet<Basis> = found
        .iter()
        .map(|d| d.basis())
        .filter(|b| *b != Basis::Notice)
        .collect();
    let essential_reasons: BTreeSet<String> = found
        .iter()
        .filter_map(|d| d.reason.as_ref().map(|r| r.value.clone()))
        .collect();
    let country = provider.country.as_ref().and_then(|c| {
        Catalogue::country(c).map(|t| Country {
            code: t.id.clone(),
            name: t.label.clone(),
        })
    });
    Recipient {
        id: provider.id().to_string(),
        service: provider.service.clone(),
        entity: provider.entity.clone(),
        country,
        first_party: provider.first_party,
        mechanisms: mechanisms.into_iter().collect(),
        basis: basis.into_iter().collect(),
        essential_reasons: essential_reasons.into_iter().collect(),
        domains: provider.domains.clone(),
        data,
        purposes,
        recipient_use: provider.recipient_use.clone(),
        opt_out: provider.opt_out.as_ref().map(|o| OptOut {
            url: o.url.clone(),
            steps: o.steps.clone(),
            not_possible: o.not_possible.clone(),
            stops: o.stops,
        }),
        privacy_policy: provider.privacy_policy.as_ref().map(|url| Link {
            url: url.clone(),
            label: provider
                .privacy_policy_label
                .clone()
                .unwrap_or_else(|| texts::localized("privacy_policy")),
        }),
        links: provider
            .links
            .iter()
            .map(|l| Link {
                url: l.url.clone(),
                label: l.label.clone(),
            })
            .collect(),
        notes: provider.notes.clone(),
        fact_sources: provider.sources.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::scan::scan_text;

    const CATALOGUE: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]

[[provider]]
id = "login"
service = "Login"
entity = "Login Inc."

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
mechanism = "tag"

[[provider]]
id = "unused"
service = "Unused"
entity = "Unused Inc."

[[condition]]
id = "logged-in"
label = { ja = "ログインした場合に限る", en = "only when logged in" }
"#;

    fn build(src: &str) -> (Notice, Vec<Diagnostic>) {
        let (catalogue, _) =
            Catalogue::parse(Path::new("disclosure.toml"), CATALOGUE.into()).unwrap();
        let (found, _) = scan_text(
            src,
            Path::new("src/lib.rs"),
            "app",
            &std::collections::BTreeSet::new(),
            &catalogue,
        )
        .unwrap();
        Notice::build(&catalogue, &found).unwrap()
    }

    #[test]
    fn groups_by_recipient_in_catalogue_order_and_merges_items_in_vocabulary_order() {
        let (notice, warnings) = build(
            r#"
#[disclose(provider = "analytics", data = [page_url], purpose = analytics)]
fn a() {}
#[disclose(provider = "analytics", data = [ip_address, page_url], purpose = [service_improvement])]
fn b() {}
#[disclose(provider = "login", data = [login_provider_id], purpose = login_authentication, when = "logged-in", mechanism = server_api)]
fn c() {}
"#,
        );
        let ids: Vec<_> = notice.recipients.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["login", "analytics"]);
        let analytics = &notice.recipients[1];
        let data: Vec<_> = analytics.data.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(data, ["ip_address", "page_url"]);
        assert_eq!(analytics.mechanisms, [Mechanism::Tag]);
        let login = &notice.recipients[0];
        assert_eq!(login.data[0].conditions[0].id, "logged-in");
        assert_eq!(login.mechanisms, [Mechanism::ServerApi]);
        assert!(
            warnings[0].message.contains("provider `unused`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn an_item_sent_unconditionally_anywhere_has_no_condition() {
        let (notice, _) = build(
            r#"
#[disclose(provider = "login", data = [user_id], purpose = analytics, when = "logged-in")]
fn a() {}
#[disclose(provider = "login", data = [user_id], purpose = analytics)]
fn b() {}
"#,
        );
        assert!(notice.recipients[0].data[0].conditions.is_empty());
    }

    #[test]
    fn the_default_introduction_names_operator_and_service() {
        let (notice, _) = build("");
        let ja = notice.texts.introduction.get(Lang::Ja).unwrap();
        assert!(
            ja.starts_with("例株式会社（以下「当社」といいます。）は、Example"),
            "{ja}"
        );
        let en = notice.texts.introduction.get(Lang::En).unwrap();
        assert!(en.contains("Example K.K."), "{en}");
    }
}
