//! The notice in one language: what templates render (`docs/output.md` lists every field).
//!
//! Building a [`View`] fails, naming every field, when a text the notice prints is missing in the
//! requested language, so a notice never silently falls back to another language. Labels come
//! filled in: the operator's own terms (「当社」, 「本サービス」) flow into every built-in label.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::vocabulary::texts;
use crate::catalogue::{Fact, Provenance};
use crate::foundation::choice::Choice;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error};
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::vocab::{Basis, Mechanism, Origin, Qualifier, Role, Stops};
use crate::model::{self, DataItem, Notice, OptOutStatement, Recipient, Transmission};
use crate::render::Layout;

/// Every key of the built-in labels (`t.…` in templates).
const LABELS: &[&str] = &[
    "table_field",
    "table_value",
    "summary_heading",
    "recipients_heading",
    "first_party_heading",
    "server_heading",
    "server_intro",
    "data_section_heading",
    "purposes_section_heading",
    "recipient_list_heading",
    "by_data_heading",
    "not_sent_heading",
    "purpose_groups_heading",
    "website_link",
    "entity",
    "service",
    "category",
    "role",
    "country",
    "storage",
    "relay",
    "mechanism",
    "builds",
    "domains",
    "data_heading",
    "operator_purposes_heading",
    "recipient_use_heading",
    "recipient_use_elsewhere",
    "recipient_use_page",
    "conditions",
    "transmission",
    "opt_out_heading",
    "opt_out_not_possible",
    "opt_out_stops",
    "opt_out_reach",
    "opt_out_method",
    "opt_out_way_not_stated",
    "value_always",
    "joint",
    "links_heading",
    "notes_heading",
    "opt_out_section",
    "revision_heading",
    "revisions_heading",
    "contact_heading",
    "notes_section",
    "version",
    "published",
    "effective",
    "last_updated",
    "condition_open",
    "condition_close",
    "condition_separator",
    "list_separator",
    "personal",
    "basis",
    "essential_reason",
    "col_service",
    "col_entity",
    "col_category",
    "col_data",
    "col_purposes",
    "col_opt_out",
    "col_policy",
    "col_recipient",
    "not_stated",
];

/// The notice in one language.
#[derive(Debug, Serialize)]
pub struct View {
    /// `ja` or `en`.
    pub lang: Lang,
    /// `by-recipient`, `recipient-table` or `by-data`.
    pub layout: Layout,
    /// Built-in labels, with the operator's terms filled in.
    pub t: BTreeMap<&'static str, String>,
    /// The title.
    pub title: String,
    /// The line under the title.
    pub subtitle: Option<String>,
    /// The operator's legal name.
    pub operator: String,
    /// How the notice refers to the operator.
    pub operator_short_name: String,
    /// How the notice names the service.
    pub service_term: String,
    /// The services covered.
    pub services: Vec<String>,
    /// The operator's website.
    pub website: Option<String>,
    /// Version and dates.
    pub version: Option<String>,
    /// First published.
    pub published: Option<DateView>,
    /// Takes effect.
    pub effective: Option<DateView>,
    /// Last revised.
    pub last_updated: Option<DateView>,
    /// The revision history.
    pub revisions: Vec<RevisionView>,
    /// Opening paragraph.
    pub introduction: String,
    /// General opt-out guidance.
    pub opt_out: Option<String>,
    /// Introduction of the section on what the operator itself receives.
    pub essential: Option<String>,
    /// How to stop what the operator itself receives.
    pub essential_opt_out: Option<String>,
    /// The sentence on recipients abroad.
    pub cross_border: Option<String>,
    /// Revision policy.
    pub revision_policy: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// The service sends nothing.
    pub sends_nothing: bool,
    /// The numbered data items the transmissions send.
    pub data_items: Vec<DataItemView>,
    /// Data items declared as never sent.
    pub not_sent: Vec<DataItemView>,
    /// The numbered purposes.
    pub purposes: Vec<PurposeView>,
    /// Purpose groups, each with its purposes; empty when there are none.
    pub purpose_groups: Vec<PurposeGroupView>,
    /// Third-party recipients with transmissions from users' devices.
    pub third_parties: Vec<RecipientView>,
    /// The operator's own entries with transmissions from users' devices.
    pub first_party: Vec<RecipientView>,
    /// Recipients of transmissions from the operator's servers, when the notice prints them.
    pub server: Vec<RecipientView>,
    /// One row per device transmission (the recipient-table layout).
    pub rows: Vec<RowView>,
    /// Per data item, the transmissions that send it (the by-data layout).
    pub by_data: Vec<ByDataView>,
    /// Notes at the end.
    pub notes: Vec<String>,
    /// The paragraph after the introduction.
    pub preface: Option<String>,
    /// The version and dates under the title.
    pub dates_at_top: bool,
    /// The purposes' section before the data's.
    pub purposes_first: bool,
}

/// A date: ISO 8601 for machines, written the way the language writes it for people.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// `2024-03-12`.
    pub iso: String,
    /// 2024年3月12日; March 12, 2024.
    pub text: String,
}

/// One revision.
#[derive(Debug, Serialize)]
pub struct RevisionView {
    /// When.
    pub date: DateView,
    /// What changed.
    pub summary: String,
}

/// A data item of the notice.
#[derive(Clone, Debug, Serialize)]
pub struct DataItemView {
    /// Its number.
    pub number: usize,
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Examples of what it covers.
    pub examples: Option<String>,
    /// Whether it is personal information.
    pub personal: Option<bool>,
    /// What kind of identifier it is, in words.
    pub identifier: Option<String>,
    /// Why it is never sent.
    pub not_sent: Option<String>,
    /// Whether it is personal information, in words, when the catalogue says.
    pub personal_text: Option<String>,
    /// How it is obtained, in words, when the catalogue says.
    pub collection: Option<String>,
    /// The operator's purposes for it, whoever receives it, in words, when the catalogue states
    /// purposes per item.
    pub purposes: Option<String>,
    /// What the notice says of it besides its label: its examples and whether it is personal
    /// information, in one phrase.
    pub explanation: Option<String>,
}

/// A purpose of the notice.
#[derive(Clone, Debug, Serialize)]
pub struct PurposeView {
    /// Its number (within its group when there are groups).
    pub number: usize,
    /// How rows refer to it: `3`, or `(2)-1` under groups.
    pub reference: String,
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// A one-line explanation.
    pub description: Option<String>,
    /// Its group's id.
    pub group: Option<String>,
}

/// A group of purposes.
#[derive(Debug, Serialize)]
pub struct PurposeGroupView {
    /// Its number.
    pub number: usize,
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// A one-line explanation.
    pub description: Option<String>,
    /// Its purposes, in order.
    pub purposes: Vec<PurposeView>,
}

/// One recipient in one language.
#[derive(Debug, Serialize)]
pub struct RecipientView {
    /// Provider id (an anchor).
    pub id: String,
    /// Service name.
    pub service: String,
    /// Legal entity (with a mark when only a brand or a category is known, or the entity is not
    /// stated).
    pub entity: String,
    /// What `entity` is: `legal_name`, `brand` or `category`; `none` when not stated.
    pub entity_kind: &'static str,
    /// What kind of recipient.
    pub category: Option<String>,
    /// What the recipient is to the users' data, in a sentence.
    pub role: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// Where the information is stored, when elsewhere.
    pub storage: Option<String>,
    /// The host users' devices connect to, when not the recipient's own.
    pub relay: Option<String>,
    /// Destination host names.
    pub domains: Vec<String>,
    /// Recipient's own use.
    pub recipient_use: Option<String>,
    /// The recipient's page that states its own use.
    pub recipient_use_url: Option<String>,
    /// Privacy policy and other links.
    pub links: Vec<LinkView>,
    /// The privacy policy alone.
    pub privacy_policy: Option<LinkView>,
    /// Others handling the same transmission together with it.
    pub joint: Vec<String>,
    /// Further facts.
    pub notes: Vec<String>,
    /// The operator itself.
    pub first_party: bool,
    /// Who stated each of its facts (for reviewers; the published notice does not print it).
    pub provenance: BTreeMap<&'static str, Provenance>,
    /// Its transmissions printed in this section, each on its own.
    pub transmissions: Vec<TransmissionView>,
}

/// One transmission in one language.
#[derive(Clone, Debug, Serialize)]
pub struct TransmissionView {
    /// Its number under the recipient (1, 2, …).
    pub number: usize,
    /// Its heading where a recipient has several (「送信の内容（その2）」).
    pub heading: String,
    /// The data items, each with its qualifiers and conditions.
    pub data: Vec<ItemView>,
    /// The operator's purposes.
    pub purposes: Vec<ItemView>,
    /// The conditions it is limited to, stated once.
    pub conditions: Vec<String>,
    /// The basis sentence, when the basis is not publication alone.
    pub basis: Option<String>,
    /// `notice`, `consent`, `opt_out` or `essential`.
    pub basis_id: &'static str,
    /// Why it is essential.
    pub reason: Option<String>,
    /// How it is sent.
    pub mechanism: Option<String>,
    /// Where it leaves from: `device` or `server`.
    pub origin: &'static str,
    /// Whether and how it can be stopped.
    pub opt_out: OptOutView,
    /// The builds of the product that send it, when not all of them do.
    pub builds: Option<String>,
}

/// A data item or purpose as a transmission names it.
#[derive(Clone, Debug, Serialize)]
pub struct ItemView {
    /// Its id.
    pub id: String,
    /// Its number in the notice's list (`3`, `(2)-1`).
    pub reference: String,
    /// Its label.
    pub label: String,
    /// What the transmission does to it (「ハッシュ化して送信」) and its own conditions.
    pub details: Vec<String>,
    /// The label with its details in brackets: what a list item prints.
    pub text: String,
    /// What the notice says of the item itself: a data item's examples (and whether it is personal
    /// information), a purpose's description.
    pub explanation: Option<String>,
    /// The text with the explanation in brackets: what a list item prints where the notice has no
    /// list of the items of its own.
    pub described: String,
}

/// Whether and how a transmission can be stopped.
#[derive(Clone, Debug, Serialize)]
pub struct OptOutView {
    /// `possible`, `not_possible` or `not_stated`.
    pub kind: &'static str,
    /// Its heading: stopping the transmission, or only the recipient's use of it.
    pub heading: String,
    /// The opt-out page.
    pub url: Option<String>,
    /// The page's link text.
    pub label: Option<String>,
    /// Steps to follow.
    pub steps: Option<String>,
    /// What opting out stops.
    pub stops: Option<String>,
    /// How far it reaches.
    pub reach: Option<String>,
    /// What kind of way it is (a setting of the app, of the OS, a form, deleting the account, …).
    pub method: Option<String>,
    /// Whether the way itself is stated (a page or steps); when not, the notice says so.
    pub way_stated: bool,
    /// Why it cannot be stopped (after the sentence that says so).
    pub reason: Option<String>,
    /// One short phrase for a table cell: 「停止できます」 (what stops is stated), 「停止の方法」
    /// (a way whose effect is not stated), 「停止できません」, 「記載なし」.
    pub summary: String,
}

/// A link in one language.
#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    /// The address.
    pub url: String,
    /// Its label.
    pub label: String,
}

/// One row of the recipient table: one device transmission.
#[derive(Debug, Serialize)]
pub struct RowView {
    /// The recipient's id.
    pub recipient: String,
    /// Service name.
    pub service: String,
    /// Legal entity.
    pub entity: String,
    /// What kind of recipient.
    pub category: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// The privacy policy.
    pub privacy_policy: Option<LinkView>,
    /// The transmission.
    pub transmission: TransmissionView,
}

/// One data item and every device transmission that sends it (the by-data layout).
#[derive(Debug, Serialize)]
pub struct ByDataView {
    /// The item.
    pub item: DataItemView,
    /// The transmissions.
    pub rows: Vec<RowView>,
}

/// What a text missing in the requested language becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Missing {
    /// An error naming it: a published notice never falls back to another language.
    Refused,
    /// The text of another language, marked with that language (`[ja] …`): for a reviewer's
    /// summary, which must say what changed whatever the notices' languages.
    Marked,
}

struct Localizer<'a> {
    lang: Lang,
    notice: &'a Notice,
    /// What a missing text becomes: an error naming it (the notice), or the text of the other
    /// language, marked with its language (a reviewer's summary).
    missing: Missing,
    diagnostics: Diagnostics,
    /// The operator's terms, filled into built-in labels.
    terms: Vec<(&'static str, String)>,
}

impl<'a> Localizer<'a> {
    fn new(notice: &'a Notice, lang: Lang, missing: Missing) -> Localizer<'a> {
        let operator = &notice.operator;
        // The operator's terms go into headings and labels: one line each.
        let pick = |l: &Localized| {
            let text = l.get(lang).unwrap_or_default();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        Localizer {
            lang,
            notice,
            missing,
            diagnostics: Diagnostics::new(),
            terms: vec![
                ("operator", pick(&operator.name)),
                ("short_name", pick(&operator.short_name)),
                ("service_term", pick(&operator.service_term)),
                ("user_term", pick(&operator.user_term)),
            ],
        }
    }

    fn text(&mut self, text: &Localized, field: impl FnOnce() -> String) -> String {
        match text.get(self.lang) {
            Some(t) => t.to_string(),
            None if self.missing == Missing::Marked => text.marked(self.lang),
            None => {
                let language = match self.lang {
                    Lang::Ja => "Japanese",
                    Lang::En => "English",
                };
                self.diagnostics.push(
                    Diagnostic::error(Code::TextLanguage, format!("{} has no {language} text", field())).help(format!(
                        "add `{} = \"…\"` to it in disclosure.toml, or render only the languages it has",
                        self.lang
                    )),
                );
                String::new()
            }
        }
    }

    fn optional(
        &mut self,
        text: &Option<Localized>,
        field: impl FnOnce() -> String,
    ) -> Option<String> {
        text.as_ref().map(|t| self.text(t, field))
    }

    /// A built-in label with the operator's terms (and `extra`) filled in.
    fn label(&self, key: &str, extra: &[(&str, &str)]) -> String {
        let mut values: Vec<(&str, &str)> =
            self.terms.iter().map(|(k, v)| (*k, v.as_str())).collect();
        values.extend_from_slice(extra);
        texts::fill(texts::get(self.lang, key), &values)
    }

    fn date(&self, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: date.localized(self.lang),
        }
    }

    fn data_item(&mut self, d: &DataItem) -> DataItemView {
        let field = || format!("data item `{}`", d.id);
        let examples = self.optional(&d.examples, || format!("data item `{}`: `examples`", d.id));
        let personal_text = d.personal.map(|p| {
            self.label(
                if p {
                    "data_personal"
                } else {
                    "data_not_personal"
                },
                &[],
            )
        });
        let collection = d
            .collection
            .map(|c| self.label(&format!("collection_{}", c.id()), &[]));
        let purposes = (!d.purposes.is_empty()).then(|| {
            let labels: Vec<String> = d
                .purposes
                .iter()
                .map(|id| match self.notice.purpose(id) {
                    Some(p) => self.text(&p.label, || format!("purpose `{id}`")),
                    None => id.clone(),
                })
                .collect();
            let list = labels.join(texts::get(self.lang, "list_separator"));
            self.label("data_purposes", &[("purposes", &list)])
        });
        let parts: Vec<String> = examples
            .iter()
            .chain(&collection)
            .chain(&personal_text)
            .chain(&purposes)
            .cloned()
            .collect();
        DataItemView {
            number: d.number,
            id: d.id.clone(),
            label: self.text(&d.label, field),
            explanation: (!parts.is_empty())
                .then(|| parts.join(texts::get(self.lang, "condition_separator"))),
            examples,
            personal: d.personal,
            personal_text,
            collection,
            purposes,
            identifier: d
                .identifier
                .map(|i| self.label(&format!("identifier_{}", i.id()), &[])),
            not_sent: self.optional(&d.not_sent, || format!("data item `{}`: `not_sent`", d.id)),
        }
    }

    fn purpose(&mut self, p: &model::Purpose) -> PurposeView {
        let group = p
            .group
            .as_ref()
            .and_then(|g| self.notice.purpose_groups.iter().find(|x| &x.id == g));
        PurposeView {
            number: p.number,
            reference: match group {
                Some(g) => format!("({})-{}", g.number, p.number),
                None => p.number.to_string(),
            },
            id: p.id.clone(),
            label: self.text(&p.label, || format!("purpose `{}`", p.id)),
            description: self.optional(&p.description, || {
                format!("purpose `{}`: `description`", p.id)
            }),
            group: group.map(|g| g.id.clone()),
        }
    }

    fn condition(&mut self, id: &str) -> String {
        match self.notice.condition(id) {
            Some(c) => self.text(&c.label, || format!("condition `{id}`")),
            None => id.to_string(),
        }
    }

    fn transmission(&mut self, number: usize, r: &Recipient, t: &Transmission) -> TransmissionView {
        let open = texts::get(self.lang, "condition_open");
        let close = texts::get(self.lang, "condition_close");
        let sep = texts::get(self.lang, "condition_separator");
        let bracket = |label: &str, details: &[String]| {
            if details.is_empty() {
                label.to_string()
            } else {
                format!("{label}{open}{}{close}", details.join(sep))
            }
        };
        let data = t
            .data
            .iter()
            .map(|d| {
                let item = self.notice.data_item(&d.id);
                let (label, explanation) = match item {
                    Some(i) => {
                        let view = self.data_item(i);
                        (view.label, view.explanation)
                    }
                    None => (d.id.clone(), None),
                };
                let mut details: Vec<String> = d
                    .qualifiers
                    .iter()
                    .map(|q| self.label(&qualifier_key(*q), &[]))
                    .collect();
                for c in &d.conditions {
                    let c = self.condition(c);
                    details.push(c);
                }
                let text = bracket(&label, &details);
                ItemView {
                    id: d.id.clone(),
                    reference: item.map(|i| i.number.to_string()).unwrap_or_default(),
                    described: bracket(&text, explanation.as_slice()),
                    explanation,
                    text,
                    label,
                    details,
                }
            })
            .collect();
        let purposes = t
            .purposes
            .iter()
            .map(|id| {
                let (label, reference, explanation) = match self.notice.purpose(id) {
                    Some(p) => {
                        let view = self.purpose(p);
                        (view.label, view.reference, view.description)
                    }
                    None => (id.clone(), String::new(), None),
                };
                ItemView {
                    id: id.clone(),
                    reference,
                    text: label.clone(),
                    described: bracket(&label, explanation.as_slice()),
                    explanation,
                    label,
                    details: Vec::new(),
                }
            })
            .collect();
        let conditions = t.conditions.iter().map(|c| self.condition(c)).collect();
        let service = match &r.facts.service {
            Some(s) => self.text(&s.value, || format!("provider `{}`: `service`", r.id)),
            None => r.id.clone(),
        };
        let opt_out = self.opt_out(&t.opt_out, &r.id, &service);
        TransmissionView {
            number,
            heading: self.label("transmission_numbered", &[("number", &number.to_string())]),
            data,
            purposes,
            conditions,
            basis: (t.basis != Basis::Notice)
                .then(|| self.label(&format!("basis_{}", t.basis.id()), &[])),
            basis_id: t.basis.id(),
            reason: t.reason.clone(),
            mechanism: t.mechanism.map(|m| self.label(&mechanism_key(m), &[])),
            origin: t.origin.id(),
            opt_out,
            builds: (!t.builds.is_empty()).then(|| {
                let labels: Vec<String> = t
                    .builds
                    .iter()
                    .map(|id| match self.notice.builds.iter().find(|b| &b.id == id) {
                        Some(b) => self.text(&b.label, || format!("target `{id}`: `label`")),
                        None => id.clone(),
                    })
                    .collect();
                labels.join(texts::get(self.lang, "list_separator"))
            }),
        }
    }

    fn opt_out(&mut self, o: &OptOutStatement, id: &str, service: &str) -> OptOutView {
        let field = |name: &str| format!("provider `{id}`: `opt_out.{name}`");
        match o {
            OptOutStatement::Possible {
                url,
                label,
                steps,
                stops,
                reach,
                method,
                ..
            } => OptOutView {
                kind: "possible",
                heading: self.label(
                    if *stops == Some(Stops::Use) {
                        "opt_out_heading_use"
                    } else {
                        "opt_out_heading"
                    },
                    &[],
                ),
                url: url.clone(),
                label: url.as_ref().map(|_| match label {
                    Some(l) => self.text(l, || field("label")),
                    None => self.label("opt_out_page", &[("service", service)]),
                }),
                steps: self.optional(steps, || field("steps")),
                stops: stops.map(|s| self.label(&format!("stops_{}", s.id()), &[])),
                reach: reach.map(|r| self.label(&format!("reach_{}", r.id()), &[])),
                method: method.map(|m| self.label(&format!("opt_out_method_{}", m.id()), &[])),
                way_stated: url.is_some() || steps.is_some(),
                reason: None,
                summary: self.label(o.summary_key(), &[]),
            },
            OptOutStatement::NotPossible { reason, .. } => OptOutView {
                kind: "not_possible",
                heading: self.label("opt_out_heading", &[]),
                url: None,
                label: None,
                steps: None,
                stops: None,
                reach: None,
                method: None,
                way_stated: false,
                reason: Some(self.text(reason, || field("not_possible"))),
                summary: self.label(o.summary_key(), &[]),
            },
            OptOutStatement::NotStated => OptOutView {
                kind: "not_stated",
                heading: self.label("opt_out_heading", &[]),
                url: None,
                label: None,
                steps: None,
                stops: None,
                reach: None,
                method: None,
                way_stated: false,
                reason: None,
                summary: self.label(o.summary_key(), &[]),
            },
        }
    }

    /// A text of a recipient's fact, with the operator's terms filled in (a built-in text may say
    /// 「{service_term}」).
    fn fact_text(
        &mut self,
        fact: &Option<Fact<Localized>>,
        field: impl FnOnce() -> String,
    ) -> Option<String> {
        let text = fact.as_ref().map(|f| self.text(&f.value, field))?;
        let values: Vec<(&str, &str)> = self.terms.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Some(texts::fill(&text, &values))
    }

    fn recipient(&mut self, r: &Recipient, origin: Option<Origin>) -> RecipientView {
        let id = r.id.as_str();
        let f = &r.facts;
        let field = |name: &str| format!("provider `{id}`: `{name}`");
        let service = f
            .service
            .as_ref()
            .map(|s| self.text(&s.value, || field("service")))
            .unwrap_or_else(|| id.to_string());
        let entity_kind = match (&f.entity, f.entity_kind()) {
            (None, _) => "none",
            (Some(_), kind) => kind.id(),
        };
        let entity = match &f.entity {
            Some(e) => {
                let name = self.text(&e.value, || field("entity"));
                match entity_kind {
                    "brand" => format!("{name}{}", self.label("entity_brand_mark", &[])),
                    "category" => format!("{name}{}", self.label("entity_category_mark", &[])),
                    _ => name,
                }
            }
            None => self.label("entity_not_stated", &[]),
        };
        // The document a notice links, labelled by its kind: the privacy policy, or a processor's
        // terms for the data it handles for its customers.
        let privacy_policy = f.privacy_policy.as_ref().map(|p| LinkView {
            url: p.value.clone(),
            label: match &f.privacy_policy_label {
                Some(l) => self.text(&l.value, || field("privacy_policy_label")),
                None => self.label("privacy_policy", &[]),
            },
        });
        let customer_data = f.customer_data.as_ref().map(|p| LinkView {
            url: p.value.clone(),
            label: self.label("customer_data_terms", &[]),
        });
        let document = privacy_policy.clone().or_else(|| customer_data.clone());
        let mut links: Vec<LinkView> = privacy_policy
            .iter()
            .chain(&customer_data)
            .cloned()
            .collect();
        for l in f.links.iter().flat_map(|l| &l.value) {
            links.push(LinkView {
                url: l.url.clone(),
                label: self.text(&l.label, || field("links.label")),
            });
        }
        let transmissions = r
            .transmissions
            .iter()
            .filter(|t| origin.is_none_or(|o| t.origin == o))
            .enumerate()
            .map(|(i, t)| self.transmission(i + 1, r, t))
            .collect();
        let country = f.country().map(|c| self.text(&c.name, || field("country")));
        let storage = f
            .storage()
            .filter(|s| Some(&s.code) != f.country().map(|c| &c.code))
            .map(|c| self.text(&c.name, || field("storage")));
        // The built-in facts of a recipient describe what users' devices send it: its hosts and
        // what it does with that. Of what the operator's servers send, they say nothing, so the
        // server section prints only what the project states.
        let from_servers = origin == Some(Origin::Server);
        let built_in = |p: Option<&Provenance>| p == Some(&Provenance::Builtin);
        let recipient_use = if from_servers && built_in(f.provenance_of("recipient_use")) {
            None
        } else {
            self.fact_text(&f.recipient_use, || field("recipient_use"))
        };
        RecipientView {
            id: r.id.clone(),
            service,
            entity,
            entity_kind,
            category: f
                .category
                .as_ref()
                .map(|c| self.text(&c.value, || field("category"))),
            role: f
                .role()
                .map(|role| self.label(&format!("role_{}", role.id()), &[])),
            country,
            storage,
            relay: f.relay.as_ref().map(|r| r.value.clone()),
            domains: if from_servers && built_in(f.provenance_of("domains")) {
                Vec::new()
            } else {
                f.domains().to_vec()
            },
            // A processor's own use is none: it handles the information for the operator. A use
            // nobody states is marked so, never left out silently (the introduction says so too).
            recipient_use: recipient_use.or_else(|| {
                if f.role() == Some(Role::Processor) {
                    Some(self.label("recipient_use_processor", &[]))
                } else if f.recipient_use_url.is_none() && !f.is_first_party() && !from_servers {
                    Some(self.label("recipient_use_not_stated", &[]))
                } else {
                    None
                }
            }),
            recipient_use_url: f.recipient_use_url.as_ref().map(|u| u.value.clone()),
            links,
            privacy_policy: document,
            joint: f
                .joint
                .iter()
                .flat_map(|n| &n.value)
                .map(|n| self.text(n, || field("joint")))
                .collect(),
            notes: f
                .notes
                .iter()
                .flat_map(|n| &n.value)
                .map(|n| self.text(n, || field("notes")))
                .collect(),
            first_party: f.is_first_party(),
            provenance: f
                .each()
                .into_iter()
                .map(|e| (e.name, e.provenance.clone()))
                .collect(),
            transmissions,
        }
    }
}

fn qualifier_key(q: Qualifier) -> String {
    format!("qualifier_{}", q.id())
}

fn mechanism_key(m: Mechanism) -> String {
    format!("mechanism_{}", m.id())
}

impl View {
    /// The notice in `lang`, laid out as `layout`; fails naming every text missing in that
    /// language.
    pub fn new(notice: &Notice, lang: Lang, layout: Layout) -> Result<View, Error> {
        let operator = &notice.operator;
        let mut l = Localizer::new(notice, lang, Missing::Refused);
        let texts = &notice.texts;
        let notice_field = |name: &str| format!("`[notice] {name}`");
        let sends_from_device =
            |r: &&Recipient| r.transmissions.iter().any(|t| t.origin == Origin::Device);
        let third_parties: Vec<RecipientView> = notice
            .recipients
            .iter()
            .filter(|r| !r.first_party())
            .filter(sends_from_device)
            .map(|r| l.recipient(r, Some(Origin::Device)))
            .collect();
        let first_party: Vec<RecipientView> = notice
            .recipients
            .iter()
            .filter(|r| r.first_party())
            .filter(sends_from_device)
            .map(|r| l.recipient(r, Some(Origin::Device)))
            .collect();
        let server: Vec<RecipientView> = if notice.server_section {
            notice
                .recipients
                .iter()
                .filter(|r| r.server_transmissions().next().is_some())
                .map(|r| l.recipient(r, Some(Origin::Server)))
                .collect()
        } else {
            Vec::new()
        };
        let row = |r: &RecipientView, t: &TransmissionView| RowView {
            recipient: r.id.clone(),
            service: r.service.clone(),
            entity: r.entity.clone(),
            category: r.category.clone(),
            country: r.country.clone(),
            privacy_policy: r.privacy_policy.clone(),
            transmission: t.clone(),
        };
        let rows: Vec<RowView> = third_parties
            .iter()
            .chain(&first_party)
            .flat_map(|r| r.transmissions.iter().map(move |t| row(r, t)))
            .collect();
        let (items, not_sent): (Vec<&DataItem>, Vec<&DataItem>) =
            notice.data_items.iter().partition(|d| d.not_sent.is_none());
        let data_items: Vec<DataItemView> = items.into_iter().map(|d| l.data_item(d)).collect();
        let not_sent: Vec<DataItemView> = not_sent.into_iter().map(|d| l.data_item(d)).collect();
        let by_data = data_items
            .iter()
            .map(|item| ByDataView {
                item: item.clone(),
                rows: third_parties
                    .iter()
                    .chain(&first_party)
                    .flat_map(|r| {
                        r.transmissions
                            .iter()
                            .filter(|t| t.data.iter().any(|d| d.id == item.id))
                            .map(move |t| row(r, t))
                    })
                    .collect(),
            })
            .collect();
        let purposes: Vec<PurposeView> = notice.purposes.iter().map(|p| l.purpose(p)).collect();
        let purpose_groups = notice
            .purpose_groups
            .iter()
            .map(|g| PurposeGroupView {
                number: g.number,
                id: g.id.clone(),
                label: l.text(&g.label, || format!("purpose group `{}`", g.id)),
                description: l.optional(&g.description, || {
                    format!("purpose group `{}`: `description`", g.id)
                }),
                purposes: purposes
                    .iter()
                    .filter(|p| p.group.as_ref() == Some(&g.id))
                    .cloned()
                    .collect(),
            })
            .collect();
        let meta = &notice.metadata;
        let view = View {
            lang,
            layout,
            t: LABELS.iter().map(|k| (*k, l.label(k, &[]))).collect(),
            title: l.text(&notice.title, || notice_field("title")),
            subtitle: l.optional(&texts.subtitle, || notice_field("subtitle")),
            preface: l.optional(&texts.preface, || notice_field("preface")),
            dates_at_top: notice.presentation.dates_at_top,
            purposes_first: notice.presentation.purposes_first,
            operator: l.text(&operator.name, || "`[operator] name`".into()),
            operator_short_name: l.text(&operator.short_name, || "`[operator] short_name`".into()),
            service_term: l.text(&operator.service_term, || {
                "`[operator] service_term`".into()
            }),
            services: operator
                .services
                .iter()
                .map(|s| l.text(s, || "`[operator] services`".into()))
                .collect(),
            website: operator.website.clone(),
            version: meta.version.clone(),
            published: meta.published.map(|d| l.date(d)),
            effective: meta.effective.map(|d| l.date(d)),
            last_updated: meta.last_updated.map(|d| l.date(d)),
            revisions: meta
                .revisions
                .iter()
                .map(|r| RevisionView {
                    date: l.date(r.date),
                    summary: l.text(&r.summary, || notice_field("revision.summary")),
                })
                .collect(),
            introduction: l.text(&texts.introduction, || notice_field("introduction")),
            opt_out: l.optional(&texts.opt_out, || notice_field("opt_out")),
            essential: l.optional(&texts.essential, || notice_field("essential")),
            essential_opt_out: l.optional(&texts.essential_opt_out, || {
                notice_field("essential_opt_out")
            }),
            cross_border: l.optional(&texts.cross_border, || notice_field("cross_border")),
            revision_policy: l.optional(&texts.revision_policy, || notice_field("revision_policy")),
            contact: l.optional(&texts.contact, || notice_field("contact")),
            sends_nothing: notice.sends_nothing,
            data_items,
            not_sent,
            purposes,
            purpose_groups,
            third_parties,
            first_party,
            server,
            rows,
            by_data,
            notes: notice
                .notes
                .iter()
                .map(|n| l.text(n, || notice_field("notes")))
                .collect(),
        };
        l.diagnostics.finish(view).map(|(view, _)| view)
    }
}

/// The text key of a fact's name: a fact without a label of its own takes the label of the one
/// it is printed with.
fn fact_key(fact: &str) -> String {
    let key = match fact {
        "entity_kind" => "entity",
        "customer_data" | "privacy_policy_label" => "privacy_policy",
        "recipient_use_url" => "recipient_use",
        other => other,
    };
    format!("fact_{key}")
}

/// A notice's words in one language for a reviewer (the change summary, the reviewer's view):
/// every recipient with all its transmissions, its facts as the notice words them, the built-in
/// labels. A text missing in the language is shown in another, marked with that language.
#[derive(Debug)]
pub struct Words {
    /// The language.
    pub lang: Lang,
    /// Every recipient, with every transmission (from users' devices and from the operator's
    /// servers), in the notice's order.
    pub recipients: Vec<RecipientView>,
    terms: Vec<(&'static str, String)>,
    texts: BTreeMap<&'static str, String>,
}

impl Words {
    /// The words of `notice` in `lang`.
    pub fn of(notice: &Notice, lang: Lang) -> Words {
        let mut l = Localizer::new(notice, lang, Missing::Marked);
        let recipients = notice
            .recipients
            .iter()
            .map(|r| l.recipient(r, None))
            .collect();
        let mut texts = BTreeMap::new();
        for (field, text) in notice.texts() {
            let Some(text) = text else { continue };
            let text = l.text(text, || field.to_string());
            texts.insert(field, text);
        }
        Words {
            lang,
            recipients,
            terms: l.terms,
            texts,
        }
    }

    /// The recipient with this id.
    pub fn recipient(&self, id: &str) -> Option<&RecipientView> {
        self.recipients.iter().find(|r| r.id == id)
    }

    /// The name of a recipient fact in a sentence; a fact without a label of its own is named by
    /// the label of the one it is printed with.
    pub fn fact_name(&self, fact: &str) -> String {
        self.label(&fact_key(fact), &[])
    }

    /// The name of a fact in a listing: its label as [`fact_name`](Self::fact_name) gives it,
    /// else, for a fact the notice prints under no name of its own (its packages, domains), its id.
    pub fn fact_name_or_id(&self, fact: &str) -> String {
        let key = fact_key(fact);
        match texts::try_get(self.lang, &key) {
            Some(_) => self.label(&key, &[]),
            None => fact.to_string(),
        }
    }

    /// A built-in label with the operator's terms (and `extra`) filled in.
    pub fn label(&self, key: &str, extra: &[(&str, &str)]) -> String {
        let mut values: Vec<(&str, &str)> =
            self.terms.iter().map(|(k, v)| (*k, v.as_str())).collect();
        values.extend_from_slice(extra);
        texts::fill(texts::get(self.lang, key), &values)
    }

    /// One of the notice's own texts (`introduction`, `contact`, …), when it has it.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.texts.get(field).map(String::as_str)
    }

    /// Who stated a fact, in words.
    pub fn provenance(&self, p: Option<&Provenance>) -> String {
        match p {
            None => self.label("value_none", &[]),
            Some(Provenance::Builtin) => self.label("provenance_builtin", &[]),
            Some(Provenance::Project) => self.label("provenance_project", &[]),
            Some(Provenance::Dependency { package }) => {
                self.label("provenance_dependency", &[("package", package)])
            }
        }
    }
}

impl RecipientView {
    /// The fact `name` as the notice words it (`none` when it is not stated), for a change summary
    /// and a reviewer; `None` for a fact the notice does not print of a recipient (its packages, its
    /// sources, and the defaults of its transmissions, which each transmission states).
    pub fn fact(&self, name: &str, words: &Words) -> Option<String> {
        let none = || words.label("value_none", &[]);
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(none);
        let list = |v: &[String]| {
            if v.is_empty() {
                none()
            } else {
                v.join(&words.label("list_separator", &[]))
            }
        };
        Some(match name {
            "service" => self.service.clone(),
            "entity" | "entity_kind" => self.entity.clone(),
            "country" => or_none(&self.country),
            "storage" => or_none(&self.storage),
            "relay" => or_none(&self.relay),
            "category" => or_none(&self.category),
            "role" => or_none(&self.role),
            "recipient_use" => or_none(&self.recipient_use),
            "recipient_use_url" => or_none(&self.recipient_use_url),
            "privacy_policy" | "customer_data" | "privacy_policy_label" => or_none(
                &self
                    .privacy_policy
                    .as_ref()
                    .map(|l| format!("{} ({})", l.label, l.url)),
            ),
            "links" => list(&self.links.iter().map(|l| l.url.clone()).collect::<Vec<_>>()),
            "domains" => list(&self.domains),
            "joint" => list(&self.joint),
            "notes" => list(&self.notes),
            "first_party" => words.label(
                if self.first_party {
                    "value_yes"
                } else {
                    "value_no"
                },
                &[],
            ),
            _ => return None,
        })
    }
}
