//! Every text the notice prints, once, each with what it is and where the project wrote it: the
//! lints that read wording (vague words, placeholders) read this list, so a text the notice gains
//! is read by all of them as soon as it is added here.

use super::Context;
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::Location;
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Localized;
use crate::model::OptOutStatement;

/// What a printed text is, which decides how strictly its wording is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A data item's label: 「…に関する情報」 needs examples.
    ItemLabel,
    /// A purpose's label: 「…に関する」 needs a description.
    PurposeLabel,
    /// A sentence or phrase of prose.
    Text,
    /// A name (the operator's, a service's, a recipient's): not prose, but may still be a
    /// placeholder.
    Name,
}

/// One printed text.
pub(super) struct Printed<'a> {
    /// What it is, for the message: "data item `profile` (used for `ga`)".
    pub what: String,
    pub text: std::borrow::Cow<'a, Localized>,
    pub kind: Kind,
    /// Whether something beside it explains it (a label's examples or description).
    pub explained: bool,
    pub at: Option<Location>,
}

/// Every text the notice prints, in the order the notice prints them.
pub(super) fn every<'a>(cx: &'a Context<'a>) -> Vec<Printed<'a>> {
    use std::borrow::Cow::{Borrowed, Owned};
    let mut out = Vec::new();
    let mut push = |what: String,
                    text: std::borrow::Cow<'a, Localized>,
                    kind: Kind,
                    explained: bool,
                    at: Option<Location>| {
        out.push(Printed {
            what,
            text,
            kind,
            explained,
            at,
        })
    };
    let notice = cx.notice;
    let notice_at = cx.notice_at();
    let op = &notice.operator;
    let op_at = cx.catalogue.operator.as_ref().map(|o| o.at.clone());
    push(
        "the operator's name".into(),
        Borrowed(&op.name),
        Kind::Name,
        true,
        op_at.clone(),
    );
    push(
        "the operator's short name".into(),
        Borrowed(&op.short_name),
        Kind::Name,
        true,
        op_at.clone(),
    );
    for s in &op.services {
        push(
            "a service's name".into(),
            Borrowed(s),
            Kind::Name,
            true,
            op_at.clone(),
        );
    }
    for (field, text) in notice.texts() {
        if let Some(text) = text {
            push(
                format!("`[notice] {field}`"),
                Borrowed(text),
                Kind::Text,
                true,
                notice_at.clone(),
            );
        }
    }
    for note in &notice.notes {
        push(
            "a note of `[notice]`".into(),
            Borrowed(note),
            Kind::Text,
            true,
            notice_at.clone(),
        );
    }
    let term = |kind: IdKind, id: &str| cx.term_at(kind, id);
    for item in &notice.data_items {
        let what = match &item.not_sent {
            None => format!("data item `{}` ({})", item.id, cx.users(false, &item.id)),
            Some(_) => format!("data item `{}` (never sent)", item.id),
        };
        let at = term(IdKind::DataItem, &item.id);
        push(
            what,
            Borrowed(&item.label),
            Kind::ItemLabel,
            item.examples.is_some(),
            at.clone(),
        );
        for (field, text) in [("examples", &item.examples), ("not_sent", &item.not_sent)] {
            if let Some(text) = text {
                push(
                    format!("`{field}` of data item `{}`", item.id),
                    Borrowed(text),
                    Kind::Text,
                    true,
                    at.clone(),
                );
            }
        }
    }
    for p in &notice.purposes {
        let at = term(IdKind::Purpose, &p.id);
        let what = format!("purpose `{}` ({})", p.id, cx.users(true, &p.id));
        push(
            what,
            Borrowed(&p.label),
            Kind::PurposeLabel,
            p.description.is_some(),
            at.clone(),
        );
        if let Some(d) = &p.description {
            push(
                format!("the description of purpose `{}`", p.id),
                Borrowed(d),
                Kind::Text,
                true,
                at,
            );
        }
    }
    for g in &notice.purpose_groups {
        let at = term(IdKind::PurposeGroup, &g.id);
        push(
            format!("purpose group `{}`", g.id),
            Borrowed(&g.label),
            Kind::PurposeLabel,
            g.description.is_some(),
            at.clone(),
        );
        if let Some(d) = &g.description {
            push(
                format!("the description of purpose group `{}`", g.id),
                Borrowed(d),
                Kind::Text,
                true,
                at,
            );
        }
    }
    for c in &notice.conditions {
        push(
            format!("condition `{}`", c.id),
            Borrowed(&c.label),
            Kind::Text,
            true,
            term(IdKind::Condition, &c.id),
        );
    }
    for r in notice
        .recipients
        .iter()
        .filter(|r| !r.transmissions.is_empty())
    {
        let f = &r.facts;
        let at = |fact: &str| match f.provenance_of(fact) {
            Some(Provenance::Project) => cx.provider_at(&r.id),
            _ => None,
        };
        for (name, fact) in [("service", &f.service), ("entity", &f.entity)] {
            if let Some(fact) = fact {
                push(
                    format!("`{name}` of recipient `{}`", r.id),
                    Borrowed(&fact.value),
                    Kind::Name,
                    true,
                    at(name),
                );
            }
        }
        for (name, fact) in [
            ("category", &f.category),
            ("recipient_use", &f.recipient_use),
        ] {
            if let Some(fact) = fact {
                push(
                    format!("`{name}` of recipient `{}`", r.id),
                    Borrowed(&fact.value),
                    Kind::Text,
                    true,
                    at(name),
                );
            }
        }
        for (name, list) in [("joint", &f.joint), ("notes", &f.notes)] {
            for text in list.iter().flat_map(|l| &l.value) {
                push(
                    format!("`{name}` of recipient `{}`", r.id),
                    Borrowed(text),
                    Kind::Text,
                    true,
                    at(name),
                );
            }
        }
        for t in &r.transmissions {
            let at = cx.provider_at(&r.id);
            match &t.opt_out {
                OptOutStatement::Possible {
                    steps: Some(steps), ..
                } => push(
                    format!("the way to stop a transmission to `{}`", r.id),
                    Borrowed(steps),
                    Kind::Text,
                    true,
                    at,
                ),
                OptOutStatement::NotPossible { reason, .. } => push(
                    format!("why a transmission to `{}` cannot be stopped", r.id),
                    Borrowed(reason),
                    Kind::Text,
                    true,
                    at,
                ),
                _ => {}
            }
            if let Some(reason) = &t.reason {
                let what = format!(
                    "the reason an essential transmission to `{}` is essential",
                    r.id
                );
                push(
                    what,
                    Owned(Localized::new(reason.as_str(), reason.as_str())),
                    Kind::Text,
                    true,
                    None,
                );
            }
        }
    }
    out
}
