//! The notice model: one language-neutral [`Notice`] built from the catalogue and the declarations.
//!
//! The unit is the [`Transmission`]: one recipient, the data items sent (with qualifiers and
//! per-item conditions), the operator's purposes, the conditions, the legal basis, how it can be
//! stopped, where it leaves from and how. Declarations that state the same values join one
//! transmission; declarations that differ in any of them stay apart, so the notice never says of
//! one transmission what holds only for another. Grouping under a recipient is presentation.
//!
//! Ordering rules (never file-system or hash order, never the place in the code):
//! * recipients: the order of `[[provider]]` tables (after a dependency's, built-in providers the
//!   project names without declaring them, by id), third parties before the operator's own;
//! * data items and purposes: built-in vocabulary order, then the project's own in
//!   `disclosure.toml` order (or, with `item_order = "declared"`, as the annotation writes them);
//! * transmissions of a recipient: device before server, then by their first purpose, conditions,
//!   basis, opt-out, mechanism and data;
//! * the notice's numbered lists of data items and purposes: vocabulary order (purposes grouped
//!   under their `[[purpose_group]]` when there are groups).

mod build;
mod texts;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::catalogue::values::Country;
use crate::catalogue::{Facts, Provenance};
use crate::foundation::date::Date;
use crate::foundation::localized::Localized;
use crate::foundation::vocab::{Basis, Exemption, Identifier, Mechanism, Origin, Qualifier};
use crate::foundation::vocab::{Collection, OptOutMethod, Reach, Stops};

pub use crate::wire::SCHEMA_VERSION;

/// An external-transmission notice: every transmission of information from users' devices, what
/// each sends, to whom, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Notice {
    /// The version of this JSON shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The notice's title.
    pub title: Localized,
    /// The service operator publishing the notice.
    pub operator: Operator,
    /// Version, dates and revision history.
    pub metadata: Metadata,
    /// The texts around the transmissions.
    pub texts: Texts,
    /// Every data item a transmission sends (and those declared as never sent), numbered.
    pub data_items: Vec<DataItem>,
    /// Every purpose a transmission has, numbered.
    pub purposes: Vec<Purpose>,
    /// The groups purposes are listed under, numbered; empty when the project declares none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purpose_groups: Vec<PurposeGroup>,
    /// Every condition a transmission or data item is limited to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The builds of the product the notice covers, when it names them (`[[target]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds: Vec<Build>,
    /// The recipients, each with its transmissions: third parties first, then the operator's own.
    pub recipients: Vec<Recipient>,
    /// The operator states that the service sends nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sends_nothing: bool,
    /// Transmissions from the operator's servers are printed in a section of their own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub server_section: bool,
    /// Free notes at the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Localized>,
    /// Where the version and dates are printed, and the order of numbered sections.
    #[serde(default, skip_serializing_if = "Presentation::is_default")]
    pub presentation: Presentation,
}

/// How the notice arranges what it prints (never what it says).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Presentation {
    /// The version and dates under the title, not at the end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dates_at_top: bool,
    /// The purposes' section before the data's, where a layout numbers them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub purposes_first: bool,
}

impl Presentation {
    fn is_default(&self) -> bool {
        *self == Presentation::default()
    }
}

impl Notice {
    /// The notice's own texts by field name (`title`, `introduction`, …), in the order the notice
    /// prints them, each when it has it.
    pub fn texts(&self) -> [(&'static str, Option<&Localized>); 10] {
        let t = &self.texts;
        [
            ("title", Some(&self.title)),
            ("subtitle", t.subtitle.as_ref()),
            ("introduction", Some(&t.introduction)),
            ("preface", t.preface.as_ref()),
            ("cross_border", t.cross_border.as_ref()),
            ("opt_out", t.opt_out.as_ref()),
            ("essential", t.essential.as_ref()),
            ("essential_opt_out", t.essential_opt_out.as_ref()),
            ("revision_policy", t.revision_policy.as_ref()),
            ("contact", t.contact.as_ref()),
        ]
    }
}

/// The service operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Operator {
    /// Legal name.
    pub name: Localized,
    /// How the notice refers to the operator after the first mention.
    pub short_name: Localized,
    /// The services covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Localized>,
    /// How built-in wording names the service (「本サービス」).
    pub service_term: Localized,
    /// How built-in wording names the users (「利用者」).
    pub user_term: Localized,
    /// The operator's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Where the operator is established.
    pub country: Country,
}

/// The notice's version and dates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Metadata {
    /// The notice's version, as the operator numbers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Where the notice is published: an https: address, or a path on the operator's site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the consent panel records each choice (a path on the operator's site).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_log: Option<String>,
    /// First published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// The current version takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// Last revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// The revision history, as the operator writes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// One revision of the notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// When.
    pub date: Date,
    /// What changed.
    pub summary: Localized,
}

/// The notice's own texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Texts {
    /// The line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Localized>,
    /// The opening paragraph.
    pub introduction: Localized,
    /// The paragraph after the introduction, before the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preface: Option<Localized>,
    /// How users stop transmissions, in general.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<Localized>,
    /// The introduction of the section on what the operator itself receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<Localized>,
    /// How to stop what the operator itself receives, and what stops working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential_opt_out: Option<Localized>,
    /// The sentence on recipients abroad, when there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_border: Option<Localized>,
    /// How the notice is revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_policy: Option<Localized>,
    /// Where to ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Localized>,
}

/// A data item, declared once for the whole notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataItem {
    /// Its number in the notice (1, 2, …).
    pub number: usize,
    /// The vocabulary id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
    /// Examples of what it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Localized>,
    /// Whether it is personal information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<bool>,
    /// What kind of identifier it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
    /// Never sent: why (the item is listed so the notice can say so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_sent: Option<Localized>,
    /// How it is obtained, when the catalogue says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
    /// The operator's purposes for it, whoever receives it (ids of [`Notice::purposes`]), when the
    /// catalogue states purposes per item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Apple privacy-manifest identifier, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apple: Option<String>,
    /// Google Play Data safety id, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
    /// Who declared it.
    pub provenance: Provenance,
}

/// A purpose of the operator, declared once for the whole notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Purpose {
    /// Its number in the notice (1, 2, …; within its group when there are groups).
    pub number: usize,
    /// The vocabulary id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
    /// A one-line explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    /// The group it is listed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The exemption for essential information it falls under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
    /// Apple privacy-manifest identifier, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apple: Option<String>,
    /// Google Play Data safety id, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
    /// Who declared it.
    pub provenance: Provenance,
}

/// A group of purposes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PurposeGroup {
    /// Its number in the notice ((1), (2), …).
    pub number: usize,
    /// The group id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
    /// A one-line explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    /// Who declared it.
    pub provenance: Provenance,
}

/// A condition a transmission or data item is limited to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Condition {
    /// The condition id.
    pub id: String,
    /// What the notice prints.
    pub label: Localized,
    /// Who declared it.
    pub provenance: Provenance,
}

/// One recipient and every transmission to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Recipient {
    /// The provider id.
    pub id: String,
    /// What is known about it (the entity, the service, its country, its role, its documents, its
    /// own use, how to stop its transmissions, its hosts), each fact with who stated it and, for a
    /// built-in fact, the evidence it rests on.
    pub facts: Facts,
    /// Every transmission to it, each stated on its own.
    pub transmissions: Vec<Transmission>,
}

/// One transmission: everything in it holds for every data item in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Transmission {
    /// The data items sent.
    pub data: Vec<DataUse>,
    /// The operator's purposes (ids of [`Notice::purposes`]).
    pub purposes: Vec<String>,
    /// The conditions it is limited to, all of them holding (ids of [`Notice::conditions`]);
    /// empty when it always happens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// Why it may happen.
    pub basis: Basis,
    /// Why an `essential` transmission is essential, as the code states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether and how the user can stop it.
    pub opt_out: OptOutStatement,
    /// Where it leaves from.
    pub origin: Origin,
    /// How the information is sent, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Mechanism>,
    /// The builds that send it (ids of [`Notice::builds`]), when not every build the notice
    /// covers does; empty: every one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds: Vec<String>,
}

/// A build of the product the notice covers (`[[target]]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Build {
    /// Its id: the target triple.
    pub id: String,
    /// What the notice calls it.
    pub label: Localized,
}

/// A data item as one transmission sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataUse {
    /// The data item (an id of [`Notice::data_items`]).
    pub id: String,
    /// How it is transformed before it is sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifiers: Vec<Qualifier>,
    /// Conditions that hold for this item only (ids of [`Notice::conditions`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
}

impl OptOutStatement {
    /// Whether the notice says the user can stop the transmission itself: an opt-out that stops
    /// the sending (or the sending and the recipient's use), not only the recipient's use or
    /// personalisation.
    pub fn stops_sending(&self) -> bool {
        matches!(
            self,
            OptOutStatement::Possible {
                stops: Some(Stops::Sending | Stops::Both),
                ..
            }
        )
    }
}

/// Whether and how a transmission can be stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum OptOutStatement {
    /// The user can stop it.
    Possible {
        /// The opt-out page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        /// How the link is labelled, when the operator says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<Localized>,
        /// Steps to follow.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        steps: Option<Localized>,
        /// What opting out stops.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stops: Option<Stops>,
        /// How far it reaches.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reach: Option<Reach>,
        /// What kind of way it is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<OptOutMethod>,
        /// The `[[opt_out]]` it is, when an annotation names one (else the provider's own).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        named: Option<String>,
    },
    /// It cannot be stopped.
    NotPossible {
        /// Why.
        reason: Localized,
        /// The `[[opt_out]]` it is, when an annotation names one (else the provider's own).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        named: Option<String>,
    },
    /// Nobody says.
    NotStated,
}

impl OptOutStatement {
    /// Whether it states a way to stop the transmission itself (or the recipient's use of it),
    /// not only personalisation. A way whose effect is not stated does not count.
    pub fn stops_transmission(&self) -> bool {
        match self {
            OptOutStatement::Possible { stops, .. } => stops.is_some_and(|s| s.is_opt_out()),
            _ => false,
        }
    }
}

impl OptOutStatement {
    /// The built-in text that sums it up in a table cell: what stops is stated (「停止できます」),
    /// a way whose effect is not stated (「停止の方法」), only personalisation or nothing can
    /// be stopped (「停止できません」), nobody says (「記載なし」).
    pub fn summary_key(&self) -> &'static str {
        match self {
            OptOutStatement::Possible { stops: None, .. } => "stoppable_see",
            OptOutStatement::Possible {
                stops: Some(Stops::Use),
                ..
            } => "stoppable_use",
            OptOutStatement::Possible { .. } if self.stops_transmission() => "stoppable_yes",
            OptOutStatement::Possible { .. } | OptOutStatement::NotPossible { .. } => {
                "stoppable_no"
            }
            OptOutStatement::NotStated => "not_stated",
        }
    }
}

impl Recipient {
    /// Whether it is the operator itself.
    pub fn first_party(&self) -> bool {
        self.facts.is_first_party()
    }

    /// Its transmissions from the user's device (the Art. 27-12 notice).
    pub fn device_transmissions(&self) -> impl Iterator<Item = &Transmission> {
        self.transmissions
            .iter()
            .filter(|t| t.origin == Origin::Device)
    }

    /// Its transmissions from the operator's servers.
    pub fn server_transmissions(&self) -> impl Iterator<Item = &Transmission> {
        self.transmissions
            .iter()
            .filter(|t| t.origin == Origin::Server)
    }

    /// Every data item id it receives, each once, in order.
    pub fn data_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for id in self
            .transmissions
            .iter()
            .flat_map(|t| t.data.iter().map(|d| d.id.as_str()))
        {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Every purpose id of its transmissions, each once, in order.
    pub fn purpose_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for id in self
            .transmissions
            .iter()
            .flat_map(|t| t.purposes.iter().map(String::as_str))
        {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

impl Notice {
    /// The data item with this id.
    pub fn data_item(&self, id: &str) -> Option<&DataItem> {
        self.data_items.iter().find(|d| d.id == id)
    }

    /// The purpose with this id.
    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    /// The condition with this id.
    pub fn condition(&self, id: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.id == id)
    }

    /// The hosts of its recipients and its consent units, read from its JSON exactly as the
    /// consent gate reads them ([`NoticeHosts::from_json`](crate::wire::NoticeHosts::from_json)):
    /// one reading, so `verify`, the consent panel and the gate cannot disagree.
    pub fn hosts(&self) -> crate::wire::NoticeHosts {
        let json = serde_json::to_string(self).expect("a notice model always serialises");
        crate::wire::NoticeHosts::from_json(&json)
            .expect("the notice model's own JSON is of the schema the gate reads")
    }

    /// A notice with `other`'s texts and no recipient: what a change summary compares with when
    /// there was no notice before.
    pub fn empty_like(other: &Notice) -> Notice {
        Notice {
            recipients: Vec::new(),
            data_items: Vec::new(),
            purposes: Vec::new(),
            purpose_groups: Vec::new(),
            conditions: Vec::new(),
            ..other.clone()
        }
    }
}

#[cfg(test)]
mod tests;
