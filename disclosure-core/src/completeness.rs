//! Art. 27-12 completeness: per transmission, the three items the ordinance requires (施行規則
//! 第22条の2の29) stated concretely, and what the chosen basis requires. Each finding is a
//! diagnostic at the place to fix.
//!
//! * the information sent: a Japanese label leaning on 「等」 or 「その他」 is vague (MIC guidance);
//! * the recipient: a legal entity in Japanese;
//! * the purposes: a Japanese label for each, and the recipient's own use (the guidance asks for
//!   both the operator's and the recipient's purposes);
//! * an `opt_out` basis: the recipient publishes how to opt out and what stops (第4号).

use crate::catalogue::{Basis, Catalogue};
use crate::diagnostic::{Diagnostic, Location};
use crate::localized::Lang;
use crate::model::Notice;
use crate::providers::Origin;
use crate::scan::Found;
use crate::vocabulary::IdKind;

/// Every finding for `notice`, built from `catalogue` and the annotations `found`: errors for what
/// the law requires outright (an opt-out basis without its published details), warnings for the
/// rest.
pub fn check(catalogue: &Catalogue, notice: &Notice, found: &[Found]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let provider_at = |id: &str| -> Option<Location> {
        let p = catalogue.provider(id)?;
        (p.origin == Origin::Project).then(|| catalogue.location(p.id.span()))
    };
    let term_at = |kind: IdKind, id: &str| -> Option<Location> {
        catalogue
            .own_terms(kind)
            .iter()
            .find(|t| t.id() == id)
            .map(|t| catalogue.location(t.id.span()))
    };
    let with = |d: Diagnostic, at: Option<Location>| match at {
        Some(at) => d.at(at),
        None => d,
    };
    for r in &notice.recipients {
        if r.entity.get(Lang::Ja).is_none_or(|e| e.trim().is_empty()) {
            out.push(with(
                Diagnostic::warning(format!(
                    "recipient `{}` has no legal entity in Japanese (送信先で情報を取り扱う者の氏名又は名称)",
                    r.id
                ))
                .help("give `entity` a Japanese text: `entity = { ja = \"…\", en = \"…\" }`, or one string for both"),
                provider_at(&r.id),
            ));
        }
        for item in &r.data {
            if let Some(ja) = item.label.get(Lang::Ja)
                && (ja.contains('等') || ja.contains("その他"))
            {
                out.push(with(
                    Diagnostic::warning(format!(
                        "data item `{}` is not concrete: 「{ja}」 leans on 「等」 or 「その他」",
                        item.id
                    ))
                    .help("name each kind of information it covers; declare one [[data]] item per kind"),
                    term_at(IdKind::DataItem, &item.id),
                ));
            }
        }
        for purpose in &r.purposes {
            if purpose.label.get(Lang::Ja).is_none() {
                out.push(with(
                    Diagnostic::warning(format!("purpose `{}` has no Japanese label", purpose.id))
                        .help("add `ja = \"…\"` to its label; the notice must be published in Japanese"),
                    term_at(IdKind::Purpose, &purpose.id),
                ));
            }
        }
        if !r.first_party && r.recipient_use.is_none() && r.basis.is_empty() {
            out.push(with(
                Diagnostic::warning(format!(
                    "recipient `{}`: its own use of the information (送信先における利用目的) is not stated",
                    r.id
                ))
                .help("add `recipient_use = { ja = \"…\", en = \"…\" }` to the provider; a link to its privacy policy alone may not state it"),
                provider_at(&r.id),
            ));
        }
        if r.basis.contains(&Basis::OptOut) {
            let published = r
                .opt_out
                .as_ref()
                .is_some_and(|o| (o.url.is_some() || o.steps.is_some()) && o.stops.is_some());
            if !published {
                let at = found
                    .iter()
                    .find(|f| {
                        f.annotation.provider.value == r.id
                            && f.annotation
                                .basis
                                .as_ref()
                                .is_some_and(|b| b.value == Basis::OptOut)
                    })
                    .map(|f| f.location.clone());
                out.push(with(
                    Diagnostic::error(format!(
                        "`{}` is sent under an opt-out measure, but the notice does not say how to opt out and what stops",
                        r.id
                    ))
                    .help("give the provider `opt_out = { url = \"https://…\", stops = \"sending\" }` (or `steps`; stops: sending, use or both)"),
                    at,
                ));
            }
        }
    }
    out
}
