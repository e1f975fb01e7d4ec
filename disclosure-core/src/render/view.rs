//! The notice in one language: what templates render.
//!
//! Building a [`View`] fails, naming every field, when a text the notice prints is missing in the
//! requested language.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::builtin::texts;
use crate::catalogue::{Choice, Mechanism, Stops};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error};
use crate::foundation::localized::{Lang, Localized};
use crate::model::{self, Notice, Recipient};

/// Every key of the built-in labels (`t.…` in templates).
const LABELS: &[&str] = &[
    "table_field",
    "table_value",
    "summary_heading",
    "summary_service",
    "summary_entity",
    "summary_country",
    "recipients_heading",
    "essential_heading",
    "entity",
    "service",
    "country",
    "mechanism",
    "domains",
    "data_heading",
    "purposes_heading",
    "recipient_use_heading",
    "opt_out_heading",
    "opt_out_page",
    "opt_out_not_possible",
    "links_heading",
    "notes_heading",
    "opt_out_section",
    "revision_heading",
    "contact_heading",
    "notes_section",
    "version",
    "published",
    "last_updated",
    "condition_open",
    "condition_close",
    "condition_separator",
    "basis",
    "essential_reason",
    "opt_out_stops",
];

/// The notice in one language.
#[derive(Debug, Serialize)]
pub struct View {
    /// `ja` or `en`.
    pub lang: Lang,
    /// Built-in labels.
    pub t: BTreeMap<&'static str, &'static str>,
    /// The title.
    pub title: String,
    /// The operator's legal name.
    pub operator: String,
    /// How the notice refers to the operator.
    pub operator_short_name: String,
    /// The services covered.
    pub services: Vec<String>,
    /// The operator's website.
    pub website: Option<String>,
    /// Version, publication and revision dates.
    pub version: Option<String>,
    /// First published.
    pub published: Option<String>,
    /// Last revised.
    pub last_updated: Option<String>,
    /// Opening paragraph.
    pub introduction: String,
    /// General opt-out guidance.
    pub opt_out: Option<String>,
    /// Introduction of the first-party section.
    pub essential: Option<String>,
    /// Opt-out guidance of the first-party section.
    pub essential_opt_out: Option<String>,
    /// Revision policy.
    pub revision_policy: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Third-party recipients.
    pub third_parties: Vec<RecipientView>,
    /// The operator's own entries.
    pub first_party: Vec<RecipientView>,
    /// Notes at the end.
    pub notes: Vec<String>,
    /// Every data item sent to any recipient, each once, in order of first appearance.
    pub all_data: Vec<EntryView>,
    /// Every purpose of any recipient, each once, in order of first appearance.
    pub all_purposes: Vec<EntryView>,
}

/// One recipient in one language.
#[derive(Debug, Serialize)]
pub struct RecipientView {
    /// Provider id (an anchor).
    pub id: String,
    /// Service name.
    pub service: String,
    /// Legal entity.
    pub entity: String,
    /// Country name.
    pub country: Option<String>,
    /// How the information is sent.
    pub mechanisms: Vec<String>,
    /// Why it may be sent, when not (only) by publication in this notice.
    pub basis: Vec<String>,
    /// Why essential transmissions are essential.
    pub essential_reasons: Vec<String>,
    /// What opting out stops.
    pub opt_out_stops: Option<String>,
    /// Destination host names.
    pub domains: Vec<String>,
    /// Information sent.
    pub data: Vec<EntryView>,
    /// Operator's purposes.
    pub purposes: Vec<EntryView>,
    /// Recipient's own use.
    pub recipient_use: Option<String>,
    /// Opt-out page.
    pub opt_out_url: Option<String>,
    /// Opt-out steps.
    pub opt_out_steps: Option<String>,
    /// Why opting out is not possible.
    pub opt_out_not_possible: Option<String>,
    /// Privacy policy and other links.
    pub links: Vec<LinkView>,
    /// Further facts.
    pub notes: Vec<String>,
}

/// A data item or purpose in one language.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    /// Its vocabulary id (snake_case).
    pub id: String,
    /// Its label.
    pub label: String,
    /// The conditions it is limited to.
    pub conditions: Vec<String>,
}

/// A link in one language.
#[derive(Debug, Serialize)]
pub struct LinkView {
    /// The address.
    pub url: String,
    /// Its label.
    pub label: String,
}

struct Localizer {
    lang: Lang,
    diagnostics: Diagnostics,
}

impl Localizer {
    fn text(&mut self, text: &Localized, field: impl FnOnce() -> String) -> String {
        match text.get(self.lang) {
            Some(t) => t.to_string(),
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

    fn entries(&mut self, entries: &[model::Entry], what: &str) -> Vec<EntryView> {
        entries
            .iter()
            .map(|e| EntryView {
                id: e.id.clone(),
                label: self.text(&e.label, || format!("{what} `{}`", e.id)),
                conditions: e
                    .conditions
                    .iter()
                    .map(|c| self.text(&c.label, || format!("condition `{}`", c.id)))
                    .collect(),
            })
            .collect()
    }

    fn recipient(&mut self, r: &Recipient) -> RecipientView {
        let id = r.id.as_str();
        let field = |name: &str| format!("provider `{id}`: `{name}`");
        let mut links = Vec::new();
        if let Some(p) = &r.privacy_policy {
            links.push(LinkView {
                url: p.url.clone(),
                label: self.text(&p.label, || field("privacy_policy_label")),
            });
        }
        for l in &r.links {
            links.push(LinkView {
                url: l.url.clone(),
                label: self.text(&l.label, || field("links.label")),
            });
        }
        RecipientView {
            id: r.id.clone(),
            service: self.text(&r.service, || field("service")),
            entity: self.text(&r.entity, || field("entity")),
            country: r
                .country
                .as_ref()
                .map(|c| self.text(&c.name, || field("country"))),
            mechanisms: r
                .mechanisms
                .iter()
                .map(|m| texts::get(self.lang, mechanism_key(*m)).to_string())
                .collect(),
            basis: r
                .basis
                .iter()
                .map(|b| texts::get(self.lang, &format!("basis_{}", b.id())).to_string())
                .collect(),
            essential_reasons: r.essential_reasons.clone(),
            opt_out_stops: r.opt_out.as_ref().and_then(|o| o.stops).map(|s| {
                let key = match s {
                    Stops::Sending => "stops_sending",
                    Stops::Use => "stops_use",
                    Stops::Both => "stops_both",
                };
                texts::get(self.lang, key).to_string()
            }),
            domains: r.domains.clone(),
            data: self.entries(&r.data, "data item"),
            purposes: self.entries(&r.purposes, "purpose"),
            recipient_use: self.optional(&r.recipient_use, || field("recipient_use")),
            opt_out_url: r.opt_out.as_ref().and_then(|o| o.url.clone()),
            opt_out_steps: r
                .opt_out
                .as_ref()
                .and_then(|o| self.optional(&o.steps, || field("opt_out.steps"))),
            opt_out_not_possible: r
                .opt_out
                .as_ref()
                .and_then(|o| self.optional(&o.not_possible, || field("opt_out.not_possible"))),
            links,
            notes: r
                .notes
                .iter()
                .map(|n| self.text(n, || field("notes")))
                .collect(),
        }
    }
}

fn mechanism_key(m: Mechanism) -> &'static str {
    match m {
        Mechanism::Tag => "mechanism_tag",
        Mechanism::Sdk => "mechanism_sdk",
        Mechanism::Cookie => "mechanism_cookie",
        Mechanism::ServerApi => "mechanism_server_api",
    }
}

impl View {
    /// The notice in `lang`; fails naming every text missing in that language.
    pub fn new(notice: &Notice, lang: Lang) -> Result<View, Error> {
        let mut l = Localizer {
            lang,
            diagnostics: Diagnostics::new(),
        };
        let texts = &notice.texts;
        let notice_field = |name: &str| format!("`[notice] {name}`");
        let (first_party, third_parties): (Vec<&Recipient>, Vec<&Recipient>) =
            notice.recipients.iter().partition(|r| r.first_party);
        let third_parties: Vec<RecipientView> =
            third_parties.into_iter().map(|r| l.recipient(r)).collect();
        let first_party: Vec<RecipientView> =
            first_party.into_iter().map(|r| l.recipient(r)).collect();
        let distinct = |pick: fn(&RecipientView) -> &Vec<EntryView>| {
            let mut out: Vec<EntryView> = Vec::new();
            for entry in third_parties.iter().chain(&first_party).flat_map(pick) {
                if !out.iter().any(|o| o.id == entry.id) {
                    out.push(EntryView {
                        conditions: Vec::new(),
                        ..entry.clone()
                    });
                }
            }
            out
        };
        let all_data = distinct(|r| &r.data);
        let all_purposes = distinct(|r| &r.purposes);
        let view = View {
            lang,
            t: LABELS.iter().map(|k| (*k, texts::get(lang, k))).collect(),
            title: l.text(&notice.title, || notice_field("title")),
            operator: l.text(&notice.operator.name, || "`[operator] name`".into()),
            operator_short_name: l.text(&notice.operator.short_name, || {
                "`[operator] short_name`".into()
            }),
            services: notice
                .operator
                .services
                .iter()
                .map(|s| l.text(s, || "`[operator] services`".into()))
                .collect(),
            website: notice.operator.website.clone(),
            version: notice.version.clone(),
            published: notice.published.map(|d| d.to_string()),
            last_updated: notice.last_updated.map(|d| d.to_string()),
            introduction: l.text(&texts.introduction, || notice_field("introduction")),
            opt_out: l.optional(&texts.opt_out, || notice_field("opt_out")),
            essential: l.optional(&texts.essential, || notice_field("essential")),
            essential_opt_out: l.optional(&texts.essential_opt_out, || {
                notice_field("essential_opt_out")
            }),
            revision_policy: l.optional(&texts.revision_policy, || notice_field("revision_policy")),
            contact: l.optional(&texts.contact, || notice_field("contact")),
            third_parties,
            first_party,
            all_data,
            all_purposes,
            notes: notice
                .notes
                .iter()
                .map(|n| l.text(n, || notice_field("notes")))
                .collect(),
        };
        l.diagnostics.finish(view).map(|(view, _)| view)
    }
}
