//! The sentences the model composes from built-in wording: the introduction and the sentence on
//! recipients abroad. Each is filled in one pass per language; values are never expanded again.

use super::{Operator, Recipient};
use crate::catalogue::vocabulary::texts::{fill, get};
use crate::foundation::localized::{Lang, Localized};

/// What the recipients printed from users' devices state, so that the introduction claims only
/// what the notice sets out.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Stated {
    /// How many recipients the notice prints.
    pub recipients: usize,
    /// How many of them are named by their legal name (not a brand, a category or nothing).
    pub legal_names: usize,
    /// How many of them have their own use of the information stated (or a page that states it,
    /// or act only for the operator).
    pub recipient_uses: usize,
}

impl Stated {
    /// What `recipients` (those the notice prints from users' devices) state.
    pub fn of<'a>(recipients: impl Iterator<Item = &'a Recipient>) -> Stated {
        let mut out = Stated::default();
        for r in recipients {
            out.recipients += 1;
            let f = &r.facts;
            if f.entity().is_some()
                && f.entity_kind() == crate::catalogue::values::EntityKind::LegalName
            {
                out.legal_names += 1;
            }
            // A processor's own use is none, and the operator's own is the operator's purposes.
            if f.own_use_stated()
                || f.role() == Some(crate::foundation::vocab::Role::Processor)
                || f.is_first_party()
            {
                out.recipient_uses += 1;
            }
        }
        out
    }
}

/// The opening paragraph: who the operator is, which services, that information may be sent from
/// users' devices (to the operator itself too, when it is a recipient), and what follows, claimed
/// only as far as the notice states it: the recipients' own purposes only where some are stated,
/// with a word on the recipients whose name or purposes the notice could not state. An operator
/// whose one service bears its own name is introduced once.
pub(super) fn introduction(
    operator: &Operator,
    to_operator_too: bool,
    sends_nothing: bool,
    stated: Stated,
) -> Localized {
    let text = |lang: Lang| {
        let name = operator.name.get(lang).unwrap_or_default();
        let short = operator.short_name.get(lang).unwrap_or_default();
        let term = operator.service_term.get(lang).unwrap_or_default();
        let services: Vec<&str> = operator
            .services
            .iter()
            .filter_map(|s| s.get(lang))
            .collect();
        let same_name = services.len() == 1 && services[0] == name;
        let key = match (sends_nothing, same_name, services.is_empty()) {
            (true, _, true) => "introduction_sends_nothing_without_service",
            (true, _, false) => "introduction_sends_nothing",
            // An operator whose one service bears its name: the company is defined as the short
            // name, the service as what it provides, never the company as the service.
            (false, true, _) | (false, false, true) => "introduction_without_service",
            (false, false, false) => "introduction",
        };
        let recipients_key = if to_operator_too {
            "recipients_with_operator"
        } else {
            "recipients_external"
        };
        let services = services.join(get(lang, "list_separator"));
        let values = [
            ("operator", name),
            ("short_name", short),
            ("service_term", term),
            (
                "user_term",
                operator.user_term.get(lang).unwrap_or_default(),
            ),
            ("services", services.as_str()),
        ];
        let recipients = fill(get(lang, recipients_key), &values);
        let mut values = values.to_vec();
        values.push(("recipients", recipients.as_str()));
        let mut sentences = vec![fill(get(lang, key), &values)];
        if !sends_nothing {
            let follows = if stated.recipient_uses == 0 {
                "introduction_follows_without_recipient_use"
            } else {
                "introduction_follows"
            };
            sentences.push(fill(get(lang, follows), &values));
            if stated.legal_names < stated.recipients {
                sentences.push(fill(get(lang, "introduction_names_marked"), &values));
            }
            if stated.recipient_uses > 0 && stated.recipient_uses < stated.recipients {
                sentences.push(fill(
                    get(lang, "introduction_recipient_use_marked"),
                    &values,
                ));
            }
        }
        sentences.join(get(lang, "sentence_separator"))
    };
    Localized::new(text(Lang::Ja), text(Lang::En))
}

/// The sentences on recipients abroad: those established outside the operator's country, and,
/// apart, those that store the information outside it (storage is never said to be where a
/// recipient is established); `None` when every recipient the notice prints is at home.
pub(super) fn cross_border(operator: &Operator, recipients: &[Recipient]) -> Option<Localized> {
    let abroad = |of: &dyn Fn(&Recipient) -> Option<&super::Country>| {
        let mut out: Vec<&super::Country> = Vec::new();
        for r in recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            if let Some(c) = of(r)
                && c.code != operator.country.code
                && !out.iter().any(|a| a.code == c.code)
            {
                out.push(c);
            }
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    };
    let established = abroad(&|r| r.facts.country());
    let stored = abroad(&|r| r.facts.storage());
    if established.is_empty() && stored.is_empty() {
        return None;
    }
    let text = |lang: Lang| {
        let sentence = |key: &str, countries: &[&super::Country]| {
            let names: Vec<&str> = countries.iter().filter_map(|c| c.name.get(lang)).collect();
            fill(
                get(lang, key),
                &[
                    (
                        "countries",
                        names.join(get(lang, "list_separator")).as_str(),
                    ),
                    ("home", operator.country.name.get(lang).unwrap_or_default()),
                ],
            )
        };
        let mut sentences = Vec::new();
        if !established.is_empty() {
            sentences.push(sentence("cross_border", &established));
        }
        if !stored.is_empty() {
            sentences.push(sentence("cross_border_storage", &stored));
        }
        sentences.join(get(lang, "sentence_separator"))
    };
    Some(Localized::new(text(Lang::Ja), text(Lang::En)))
}

/// `text` with the operator's terms filled in.
pub(super) fn with_terms(text: &Localized, operator: &Operator) -> Localized {
    crate::catalogue::vocabulary::texts::with_terms(
        text,
        &operator.service_term,
        &operator.user_term,
    )
}
