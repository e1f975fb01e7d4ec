//! Art. 27-12 completeness: per transmission, the three items the ordinance requires (施行規則
//! 第22条の2の29) stated concretely, and what the chosen basis requires. Each finding is one
//! diagnostic at the place to fix it, however many recipients share the fault.
//!
//! * the information sent and the purposes: a Japanese label leaning on 「等」「その他」「など」
//!   「や」, or 「…に関する情報」 without examples, is vague (MIC guidance);
//! * the recipient: a legal entity in Japanese, not a brand;
//! * the purposes: a Japanese label for each, and the recipient's own use (the guidance asks for
//!   both the operator's and the recipient's purposes), stated or linked;
//! * an `opt_out` basis: how to opt out and what stops (第4号);
//! * the notice itself: a revision date and a contact;
//! * three or more recipients receiving exactly the same data list: copied boilerplate, rarely
//!   true of each.

use std::collections::BTreeMap;

use crate::catalogue::{Catalogue, Provenance};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::vocab::Basis;
use crate::model::{Notice, OptOutStatement};

/// How many recipients may share one data list before it reads as boilerplate.
const REPEATED_LIST: usize = 3;

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
        if p.declared_by == Provenance::Project {
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
    let users = |purpose: bool, id: &str| -> String {
        let names: Vec<String> = notice
            .recipients
            .iter()
            .filter(|r| {
                if purpose {
                    r.purpose_ids().contains(&id)
                } else {
                    r.data_ids().contains(&id)
                }
            })
            .map(|r| format!("`{}`", r.id))
            .collect();
        format!("used for {}", names.join(", "))
    };
    for item in &notice.data_items {
        if item.not_sent.is_some() {
            continue;
        }
        if let Some(why) = vague(&item.label, item.examples.is_some()) {
            let ja = item.label.get(Lang::Ja).unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    Code::VagueLabel,
                    format!(
                        "data item `{}` is not concrete: 「{ja}」 {why} ({})",
                        item.id,
                        users(false, &item.id)
                    ),
                )
                .at_opt(term_at(IdKind::DataItem, &item.id))
                .help("name each kind of information it covers (one [[data]] item per kind), or give the item `examples = { ja = \"…\", en = \"…\" }` that say what it is"),
            );
        }
    }
    for purpose in &notice.purposes {
        if purpose.label.get(Lang::Ja).is_none() {
            out.push(
                Diagnostic::warning(
                    Code::PurposeLanguage,
                    format!(
                        "purpose `{}` has no Japanese label ({})",
                        purpose.id,
                        users(true, &purpose.id)
                    ),
                )
                .at_opt(term_at(IdKind::Purpose, &purpose.id))
                .help("add `ja = \"…\"` to its label; the notice must be published in Japanese"),
            );
        } else if let Some(why) = vague(&purpose.label, purpose.description.is_some()) {
            let ja = purpose.label.get(Lang::Ja).unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    Code::VagueLabel,
                    format!(
                        "purpose `{}` is not concrete: 「{ja}」 {why} ({})",
                        purpose.id,
                        users(true, &purpose.id)
                    ),
                )
                .at_opt(term_at(IdKind::Purpose, &purpose.id))
                .help("say what the information is used for, one purpose per [[purpose]], or give it a `description` that does"),
            );
        }
    }
    for r in &notice.recipients {
        if r.transmissions.is_empty() {
            continue;
        }
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
        if r.entity_brand_only {
            out.push(
                Diagnostic::warning(
                    Code::EntityBrandOnly,
                    format!(
                        "recipient `{}` is named by its brand, not by the legal entity that handles the information",
                        r.id
                    ),
                )
                .at_opt(provider_at(&r.id))
                .help("find the legal name (the recipient's terms or privacy policy state it) and remove `entity_brand_only`"),
            );
        }
        let only_essential = r.transmissions.iter().all(|t| t.basis == Basis::Essential);
        if !r.first_party
            && !only_essential
            && r.role != Some(crate::foundation::vocab::Role::Processor)
            && r.recipient_use.is_none()
            && r.recipient_use_url.is_none()
        {
            out.push(
                Diagnostic::warning(
                    Code::RecipientUseMissing,
                    format!(
                        "recipient `{}`: its own use of the information (送信先における利用目的) is not stated",
                        r.id
                    ),
                )
                .at_opt(provider_at(&r.id))
                .help("add `recipient_use = { ja = \"…\", en = \"…\" }` to the provider, or `recipient_use_url` naming the recipient's page that states it"),
            );
        }
        // The project states the recipient's own use while the built-in catalogue says it is a
        // processor: one of the two may be false, and only the project knows which.
        let stated_by_project = |fact: &str| r.provenance.get(fact) == Some(&Provenance::Project);
        if r.role == Some(crate::foundation::vocab::Role::Processor)
            && r.provenance.get("role") == Some(&Provenance::Builtin)
            && (stated_by_project("recipient_use") || stated_by_project("recipient_use_url"))
        {
            out.push(
                Diagnostic::warning(
                    Code::RoleConflict,
                    format!(
                        "recipient `{}` is a processor (it handles the information only for you), yet the notice states a use of its own",
                        r.id
                    ),
                )
                .at_opt(provider_at(&r.id))
                .help("if the recipient also uses the information for itself (an ads or data-sharing setting, its own product improvement), say `role = \"controller\"`; if it acts only for you, say `role = \"processor\"` and make sure `recipient_use` says so"),
            );
        }
        for t in &r.transmissions {
            if t.basis != Basis::OptOut {
                continue;
            }
            let published = matches!(
                &t.opt_out,
                OptOutStatement::Possible { url, steps, stops: Some(s), .. }
                    if (url.is_some() || steps.is_some()) && s.is_opt_out()
            );
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
                    .help("give the provider (or the [[opt_out]] the annotation names) `url = \"https://…\"` or `steps`, and `stops = \"sending\"` (or use, or both); stopping only personalisation is not an opt-out of the transmission"),
                );
            }
        }
    }
    repeated_lists(notice, &provider_at, &mut out);
    let meta = &notice.metadata;
    let dated = meta.last_updated.is_some()
        || meta.effective.is_some()
        || meta.published.is_some()
        || !meta.revisions.is_empty();
    let notice_at = catalogue.notice.at.clone();
    if !dated {
        out.push(
            Diagnostic::warning(
                Code::NoticeMetadataMissing,
                "the notice carries no date: readers cannot tell which version they read",
            )
            .at_opt(notice_at.clone())
            .help("add `last_updated = 2026-04-01` (or `effective`, or a [[notice.revision]]) under [notice]"),
        );
    }
    if notice.texts.contact.is_none() {
        out.push(
            Diagnostic::warning(
                Code::NoticeMetadataMissing,
                "the notice says nowhere whom to ask about it",
            )
            .at_opt(notice_at)
            .help("add `contact = { ja = \"…\", en = \"…\" }` under [notice]: an address, a form or a desk"),
        );
    }
    out
}

/// Why a label is vague, if it is: it leans on 「等」「その他」「など」 or a listing 「や」, or it
/// is 「…に関する情報」 without examples.
pub fn vague(label: &Localized, explained: bool) -> Option<&'static str> {
    let ja = label.get(Lang::Ja)?;
    if ja.contains('等') || ja.contains("その他") || ja.contains("など") {
        return Some("leans on 「等」, 「その他」 or 「など」");
    }
    if listing_ya(ja) {
        return Some("lists with 「や」, which leaves the list open");
    }
    if !explained && ja.contains("に関する情報") {
        return Some("says only what the information is about (「…に関する情報」), not what it is");
    }
    None
}

/// Whether 「や」 joins two nouns (氏名や住所): a particle between two non-hiragana characters.
fn listing_ya(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let nounish = |c: char| {
        !matches!(c, '\u{3041}'..='\u{309F}')
            && !c.is_whitespace()
            && !c.is_ascii_punctuation()
            && !matches!(c, '、' | '。' | '・' | '（' | '）' | '「' | '」')
    };
    chars
        .windows(3)
        .any(|w| w[1] == 'や' && nounish(w[0]) && nounish(w[2]))
}

/// Three or more recipients receiving exactly the same list: one warning per list.
fn repeated_lists(
    notice: &Notice,
    provider_at: &dyn Fn(&str) -> Option<Location>,
    out: &mut Vec<Diagnostic>,
) {
    let mut lists: BTreeMap<Vec<&str>, Vec<&str>> = BTreeMap::new();
    for r in notice.recipients.iter().filter(|r| !r.first_party) {
        let mut ids = r.data_ids();
        if ids.len() < 2 {
            continue;
        }
        ids.sort_unstable();
        lists.entry(ids).or_default().push(&r.id);
    }
    for (items, recipients) in lists {
        if recipients.len() < REPEATED_LIST {
            continue;
        }
        let names: Vec<String> = recipients.iter().map(|r| format!("`{r}`")).collect();
        out.push(
            Diagnostic::warning(
                Code::RepeatedDataList,
                format!(
                    "{} recipients receive exactly the same data items ({}): {}",
                    recipients.len(),
                    items.join(", "),
                    names.join(", ")
                ),
            )
            .at_opt(recipients.iter().find_map(|r| provider_at(r)))
            .help("a list copied onto every recipient is rarely true of each: check what each SDK or tag really sends and annotate that"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ja(text: &str) -> Localized {
        Localized::new(text, "x")
    }

    #[test]
    fn vague_wording_is_named() {
        assert!(vague(&ja("閲覧履歴等"), false).is_some());
        assert!(vague(&ja("氏名などの情報"), false).is_some());
        assert!(vague(&ja("氏名や住所"), false).is_some());
        assert!(vague(&ja("端末に関する情報"), false).is_some());
        assert!(vague(&ja("端末に関する情報"), true).is_none());
        // 「や」 inside a word, or after hiragana, is not a listing.
        assert!(vague(&ja("はやさの計測値"), false).is_none());
        assert!(vague(&ja("メールアドレス"), false).is_none());
    }
}
