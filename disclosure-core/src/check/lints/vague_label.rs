//! D0402: a text the notice prints is worded vaguely (`wording::vague`): data items, purposes and
//! their groups, conditions, what is never sent, the recipients' categories, own uses, joint
//! handlers and notes (built-in ones included), the ways to stop a transmission and the reasons it
//! cannot be or is essential, and the notice's own texts.

use super::wording::vague;
use super::{Context, Lint};
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};
use crate::model::OptOutStatement;

pub(super) struct VagueLabel;

impl Lint for VagueLabel {
    fn code(&self) -> Code {
        Code::VagueLabel
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |what: String, text: &Localized, explained: bool, at: Option<Location>, help: &str| {
            if let Some(why) = vague(text, explained) {
                let ja = text.get(Lang::Ja).unwrap_or_default();
                out.push(
                    Diagnostic::warning(Code::VagueLabel, format!("{what} is not concrete: 「{ja}」 {why}"))
                        .at_opt(at)
                        .help(help.to_string()),
                );
            }
        };
        let term = |kind: IdKind, id: &str| cx.term_at(kind, id);
        for item in &cx.notice.data_items {
            let what = match &item.not_sent {
                None => format!("data item `{}` ({})", item.id, cx.users(false, &item.id)),
                Some(_) => format!("data item `{}` (never sent)", item.id),
            };
            report(what, &item.label, item.examples.is_some(), term(IdKind::DataItem, &item.id), ITEM_HELP);
            for (field, text) in [("examples", &item.examples), ("not_sent", &item.not_sent)] {
                if let Some(text) = text {
                    let what = format!("`{field}` of data item `{}`", item.id);
                    report(what, text, true, term(IdKind::DataItem, &item.id), TEXT_HELP);
                }
            }
        }
        for p in &cx.notice.purposes {
            let what = format!("purpose `{}` ({})", p.id, cx.users(true, &p.id));
            report(what, &p.label, p.description.is_some(), term(IdKind::Purpose, &p.id), PURPOSE_HELP);
            if let Some(d) = &p.description {
                report(format!("the description of purpose `{}`", p.id), d, true, term(IdKind::Purpose, &p.id), TEXT_HELP);
            }
        }
        for g in &cx.notice.purpose_groups {
            let at = term(IdKind::PurposeGroup, &g.id);
            report(format!("purpose group `{}`", g.id), &g.label, g.description.is_some(), at.clone(), TEXT_HELP);
            if let Some(d) = &g.description {
                report(format!("the description of purpose group `{}`", g.id), d, true, at, TEXT_HELP);
            }
        }
        for c in &cx.notice.conditions {
            report(format!("condition `{}`", c.id), &c.label, true, term(IdKind::Condition, &c.id), TEXT_HELP);
        }
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let f = &r.facts;
            let at = || match f.provenance_of("recipient_use") {
                Some(Provenance::Project) => cx.provider_at(&r.id),
                _ => None,
            };
            let mut texts: Vec<(&str, &Localized)> = Vec::new();
            if let Some(c) = &f.category {
                texts.push(("category", &c.value));
            }
            if let Some(u) = &f.recipient_use {
                texts.push(("recipient_use", &u.value));
            }
            for (name, list) in [("joint", &f.joint), ("notes", &f.notes)] {
                for text in list.iter().flat_map(|l| &l.value) {
                    texts.push((name, text));
                }
            }
            for (name, text) in texts {
                let what = format!("`{name}` of recipient `{}`", r.id);
                report(what, text, true, at(), TEXT_HELP);
            }
            for t in &r.transmissions {
                let at = || cx.provider_at(&r.id);
                match &t.opt_out {
                    OptOutStatement::Possible { steps: Some(steps), .. } => {
                        report(format!("the way to stop a transmission to `{}`", r.id), steps, true, at(), TEXT_HELP)
                    }
                    OptOutStatement::NotPossible { reason, .. } => {
                        report(format!("why a transmission to `{}` cannot be stopped", r.id), reason, true, at(), TEXT_HELP)
                    }
                    _ => {}
                }
                if let Some(reason) = &t.reason {
                    let what = format!("the reason an essential transmission to `{}` is essential", r.id);
                    report(what, &Localized::new(reason.as_str(), reason.as_str()), true, None, TEXT_HELP);
                }
            }
        }
        let notice_at = cx.notice_at();
        for (field, text) in cx.notice.texts() {
            if let Some(text) = text {
                report(format!("`[notice] {field}`"), text, true, notice_at.clone(), TEXT_HELP);
            }
        }
        for note in &cx.notice.notes {
            report("a note of `[notice]`".into(), note, true, notice_at.clone(), TEXT_HELP);
        }
    }
}

const ITEM_HELP: &str = "name each kind of information it covers (one [[data]] item per kind), or give the item `examples = { ja = \"…\", en = \"…\" }` that say what it is";
const PURPOSE_HELP: &str = "say what the information is used for, one purpose per [[purpose]], or give it a `description` that does";
const TEXT_HELP: &str = "name each thing instead (「A及びB」, or 「Aその他のB」 where A is an example of B); the words that leave a list open (「等」, 「など」, 「その他」, 「や」), say how much without saying which (「各種」, 「一部」) or what a thing touches (「含む」, 「関連する」, 「…に関する情報」) leave readers unable to tell what is sent";
