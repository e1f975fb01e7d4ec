//! Art. 27-12 completeness: per transmission, the three items the ordinance requires (施行規則
//! 第22条の2の29) stated concretely, and what the chosen basis requires. Each finding is one
//! diagnostic at the place to fix it, however many recipients share the fault.
//!
//! * the information sent: a Japanese label leaning on 「等」 or 「その他」 is vague (MIC guidance);
//! * the recipient: a legal entity in Japanese;
//! * the purposes: a Japanese label for each, and the recipient's own use (the guidance asks for
//!   both the operator's and the recipient's purposes);
//! * an `opt_out` basis: the recipient publishes how to opt out and what stops (第4号).

use std::collections::BTreeMap;

use crate::catalogue::{Basis, Catalogue, Origin};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// Every finding for `notice`, built from `catalogue` and the `declarations`: errors for what the
/// law requires outright (an opt-out basis without its published details), warnings for the rest.
pub fn check(
    catalogue: &Catalogue,
    notice: &Notice,
    declarations: &[Declaration],
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let provider_at = |id: &str| -> Option<Location> {
        let p = catalogue.provider(id)?;
        if p.origin == Origin::Project {
            p.at.clone()
        } else {
            None
        }
    };
    let term_at = |kind: IdKind, id: &str| -> Option<Location> {
        catalogue
            .own_terms(kind)
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.at.clone())
    };
    // Labels are checked once each, naming the recipients that use them.
    let mut data_users: BTreeMap<&str, (&crate::model::Entry, Vec<&str>)> = BTreeMap::new();
    let mut purpose_users: BTreeMap<&str, (&crate::model::Entry, Vec<&str>)> = BTreeMap::new();
    for r in &notice.recipients {
        for item in &r.data {
            data_users
                .entry(&item.id)
                .or_insert((item, Vec::new()))
                .1
                .push(&r.id);
        }
        for purpose in &r.purposes {
            purpose_users
                .entry(&purpose.id)
                .or_insert((purpose, Vec::new()))
                .1
                .push(&r.id);
        }
    }
    let used_by = |users: &[&str]| -> String {
        let names: Vec<String> = users.iter().map(|u| format!("`{u}`")).collect();
        format!("used for {}", names.join(", "))
    };
    for (id, (item, users)) in &data_users {
        if let Some(ja) = item.label.get(Lang::Ja)
            && (ja.contains('等') || ja.contains("その他"))
        {
            out.push(
                Diagnostic::warning(
                    Code::VagueLabel,
                    format!("data item `{id}` is not concrete: 「{ja}」 leans on 「等」 or 「その他」 ({})", used_by(users)),
                )
                .at_opt(term_at(IdKind::DataItem, id))
                .help("name each kind of information it covers; declare one [[data]] item per kind"),
            );
        }
    }
    for (id, (purpose, users)) in &purpose_users {
        if purpose.label.get(Lang::Ja).is_none() {
            out.push(
                Diagnostic::warning(
                    Code::PurposeLanguage,
                    format!("purpose `{id}` has no Japanese label ({})", used_by(users)),
                )
                .at_opt(term_at(IdKind::Purpose, id))
                .help("add `ja = \"…\"` to its label; the notice must be published in Japanese"),
            );
        }
    }
    for r in &notice.recipients {
        if r.entity.get(Lang::Ja).is_none_or(|e| e.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    Code::EntityLanguage,
                    format!(
                        "recipient `{}` has no legal entity in Japanese (送信先で情報を取り扱う者の氏名又は名称)",
                        r.id
                    ),
                )
                .at_opt(provider_at(&r.id))
                .help("give `entity` a Japanese text: `entity = { ja = \"…\", en = \"…\" }`, or one string for both"),
            );
        }
        if !r.first_party && r.recipient_use.is_none() && r.basis.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::RecipientUseMissing,
                    format!(
                        "recipient `{}`: its own use of the information (送信先における利用目的) is not stated",
                        r.id
                    ),
                )
                .at_opt(provider_at(&r.id))
                .help("add `recipient_use = { ja = \"…\", en = \"…\" }` to the provider; a link to its privacy policy alone may not state it"),
            );
        }
        if r.basis.contains(&Basis::OptOut) {
            let published = r
                .opt_out
                .as_ref()
                .is_some_and(|o| (o.url.is_some() || o.steps.is_some()) && o.stops.is_some());
            if !published {
                let at = declarations
                    .iter()
                    .find(|d| d.provider.value == r.id && d.basis() == Basis::OptOut)
                    .map(|d| d.at.clone());
                out.push(
                    Diagnostic::error(
                        Code::OptOutUnpublished,
                        format!(
                            "`{}` is sent under an opt-out measure, but the notice does not say how to opt out and what stops",
                            r.id
                        ),
                    )
                    .at_opt(at)
                    .help("give the provider `opt_out = { url = \"https://…\", stops = \"sending\" }` (or `steps`; stops: sending, use or both)"),
                );
            }
        }
    }
    out
}
