//! Text given in Japanese and English.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A language the notice can be rendered in.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese (日本語): the language Art. 27-12 notices must be published in.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, in rendering order.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 code (`ja`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" => Ok(Lang::Ja),
            "en" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}`: use `ja` or `en`")),
        }
    }
}

/// A text in Japanese and English.
///
/// In `disclosure.toml` it is written either as a table, `{ ja = "…", en = "…" }`, or as one string
/// that stands for every language (for proper nouns such as `"Google LLC"`).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
pub struct Localized {
    /// Japanese text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
    /// English text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    /// The same text in every language.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Localized {
            ja: Some(text.clone()),
            en: Some(text),
        }
    }

    /// A text given per language.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            ja: Some(ja.into()),
            en: Some(en.into()),
        }
    }

    /// The text in `lang`, if given.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.ja.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }

    /// Every (language, text) pair that is given.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL
            .into_iter()
            .filter_map(move |lang| self.get(lang).map(|text| (lang, text)))
    }

    /// The text in `lang`; where it has none, the text of another language marked with that
    /// language (`[ja] …`), never silently another language's words. The one policy of every
    /// output for people that must say something whatever the languages (a reviewer's summary,
    /// rustdoc); a published notice refuses a missing text instead.
    pub fn marked(&self, lang: Lang) -> String {
        match self.get(lang) {
            Some(text) => text.to_string(),
            None => self
                .iter()
                .next()
                .map(|(other, text)| format!("[{other}] {text}"))
                .unwrap_or_default(),
        }
    }

    /// Whether no language is given.
    pub fn is_empty(&self) -> bool {
        self.ja.is_none() && self.en.is_none()
    }
}

/// A text the notice would print as nothing is refused where it is written.
fn not_blank<E: de::Error>(text: &str) -> Result<(), E> {
    if text.trim().is_empty() {
        return Err(E::custom(
            "this text is blank: write what the notice should say, or remove the key",
        ));
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocalizedVisitor;

        impl<'de> Visitor<'de> for LocalizedVisitor {
            type Value = Localized;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a string, or a table `{ ja = "…", en = "…" }`"#)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Localized, E> {
                not_blank(v)?;
                Ok(Localized::same(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = Localized::default();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "ja" => &mut out.ja,
                        "en" => &mut out.en,
                        other => {
                            return Err(de::Error::unknown_field(other, &["ja", "en"]));
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field("language"));
                    }
                    let text: String = map.next_value()?;
                    not_blank(&text)?;
                    *slot = Some(text);
                }
                if out.is_empty() {
                    return Err(de::Error::custom(
                        "a text table needs at least one of `ja` and `en`",
                    ));
                }
                Ok(out)
            }
        }

        deserializer.deserialize_any(LocalizedVisitor)
    }
}

/// In the notice (serialised), a text is always a `{ ja, en }` object; in `disclosure.toml`
/// (deserialised), it may also be one string that stands for every language.
#[cfg(feature = "engine")]
impl schemars::JsonSchema for Localized {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Localized".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let table = schemars::json_schema!({
            "type": "object",
            "description": "A text per language.",
            "properties": {
                "ja": { "type": "string", "description": "Japanese." },
                "en": { "type": "string", "description": "English." }
            },
            "additionalProperties": false,
            "minProperties": 1
        });
        if generator.contract().is_deserialize() {
            schemars::json_schema!({
                "description": "A text: one string for every language, or `{ ja = \"…\", en = \"…\" }`.",
                "anyOf": [
                    { "type": "string" },
                    table
                ]
            })
        } else {
            table
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        t: Localized,
    }

    #[test]
    fn a_plain_string_stands_for_every_language() {
        let doc: Doc = toml::from_str(r#"t = "Google LLC""#).unwrap();
        assert_eq!(doc.t.get(Lang::Ja), Some("Google LLC"));
        assert_eq!(doc.t.get(Lang::En), Some("Google LLC"));
    }

    #[test]
    fn a_table_gives_each_language() {
        let doc: Doc = toml::from_str(r#"t = { ja = "当社", en = "we" }"#).unwrap();
        assert_eq!(doc.t, Localized::new("当社", "we"));
    }

    #[test]
    fn an_unknown_language_key_is_rejected() {
        let err = toml::from_str::<Doc>(r#"t = { ja = "当社", fr = "nous" }"#)
            .err()
            .unwrap();
        assert!(err.to_string().contains("unknown field `fr`"), "{err}");
    }

    #[test]
    fn lang_parses_common_spellings() {
        assert_eq!("JA".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
