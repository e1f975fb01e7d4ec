//! The sentences the model composes from built-in wording: the introduction and the sentence on
//! recipients abroad. Each is filled in one pass per language; values are never expanded again.

use super::{Operator, Recipient};
use crate::catalogue::vocabulary::texts::{fill, get};
use crate::foundation::localized::{Lang, Localized};

/// The opening paragraph: who the operator is, which services, that information may be sent from
/// users' devices (to the operator itself too, when it is a recipient), and that what, to whom
/// and why follow. An operator whose one service bears its own name is introduced once.
pub(super) fn introduction(
    operator: &Operator,
    to_operator_too: bool,
    sends_nothing: bool,
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
            (false, true, _) => "introduction_same_name",
            (false, false, true) => "introduction_without_service",
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
        fill(get(lang, key), &values)
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
                    ("countries", names.join(get(lang, "list_separator")).as_str()),
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
