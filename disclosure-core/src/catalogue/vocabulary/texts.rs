//! The notice's built-in wording and labels, per language (`data/texts.toml`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::foundation::localized::{Lang, Localized};

/// The source of the built-in texts.
pub const SOURCE: &str = include_str!("../../../data/texts.toml");

fn all() -> &'static BTreeMap<String, BTreeMap<String, String>> {
    static TEXTS: OnceLock<BTreeMap<String, BTreeMap<String, String>>> = OnceLock::new();
    TEXTS.get_or_init(|| toml::from_str(SOURCE).expect("data/texts.toml is valid"))
}

/// The built-in text `key` in `lang`. Every key exists in both languages (a unit test checks it);
/// asking for one that does not is a bug in the caller.
pub fn get(lang: Lang, key: &str) -> &'static str {
    try_get(lang, key).unwrap_or_else(|| panic!("data/texts.toml lacks {lang}.{key}"))
}

/// The built-in text `key` in `lang`, if there is one.
pub fn try_get(lang: Lang, key: &str) -> Option<&'static str> {
    all()
        .get(lang.code())
        .and_then(|t| t.get(key))
        .map(String::as_str)
}

/// Every built-in text of `lang`, by key, in key order.
pub fn every(lang: Lang) -> Vec<(&'static str, &'static str)> {
    all()
        .get(lang.code())
        .map(|t| t.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
        .unwrap_or_default()
}

/// The built-in text `key` in every language.
pub fn localized(key: &str) -> Localized {
    Localized::new(get(Lang::Ja, key), get(Lang::En, key))
}

/// Fills `{name}` placeholders of `template` in one pass: a value that itself contains a
/// placeholder is inserted as it is, never expanded again.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with the operator's terms filled in (one pass): a built-in label says
/// 「{service_term}の品質向上」, a notice 「本アプリの品質向上」. A language the text lacks stays
/// missing.
pub fn with_terms(text: &Localized, service_term: &Localized, user_term: &Localized) -> Localized {
    let fill_in = |lang: Lang| {
        text.get(lang).map(|t| {
            fill(
                t,
                &[
                    ("service_term", service_term.get(lang).unwrap_or_default()),
                    ("user_term", user_term.get(lang).unwrap_or_default()),
                ],
            )
        })
    };
    Localized {
        ja: fill_in(Lang::Ja),
        en: fill_in(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_texts_exist_in_every_language() {
        let keys = |lang: Lang| all()[lang.code()].keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(Lang::Ja), keys(Lang::En));
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill(
                "{operator} offers {service}.",
                &[("operator", "{service} K.K."), ("service", "X")]
            ),
            "{service} K.K. offers X."
        );
        assert_eq!(fill("a {unknown} b {", &[]), "a {unknown} b {");
    }
}
