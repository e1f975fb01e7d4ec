//! D0421: a text the notice prints is still a placeholder: the texts `cargo disclosure init`
//! writes for the operator to replace (「例株式会社」, "Example K.K.", 「例サービス」), or a
//! drafting mark (「〇〇」, 「●●」, TODO, TBD, FIXME, XXX, `<…>`). A notice that names its
//! operator 「例株式会社」 is published by no one.

use super::printed;
use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;

/// The texts `init` writes for the operator to replace (`cargo-disclosure`'s starter catalogue;
/// its test generates the starter's notice and sees each reported).
pub const STARTER: &[&str] = &["例株式会社", "Example K.K.", "例サービス", "Example Service"];

/// Marks a draft leaves where a text is still to be written.
const MARKS: &[&str] = &[
    "〇〇", "○○", "◯◯", "●●", "××", "ＸＸ", "＊＊", "TODO", "TBD", "FIXME", "XXX", "lorem ipsum",
    "Lorem ipsum",
];

/// The placeholder `text` holds, if any.
pub fn placeholder_in(text: &str) -> Option<&'static str> {
    STARTER
        .iter()
        .chain(MARKS)
        .find(|p| {
            text.match_indices(**p).any(|(i, _)| {
                // A Latin mark counts as a word of its own ("TODO", not "TODOS" or "XXXL").
                !p.is_ascii() || {
                    let before = text[..i].chars().next_back();
                    let after = text[i + p.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                }
            })
        })
        .copied()
        .or_else(|| bracketed(text))
}

/// `<…>` around a word or two: a slot a template left to fill (「<会社名>」, `<company name>`).
fn bracketed(text: &str) -> Option<&'static str> {
    let open = text.find(['<', '＜'])?;
    let rest = &text[open..];
    let close = rest.find(['>', '＞'])?;
    let inner = rest[..close].trim_start_matches(['<', '＜']);
    let slot = !inner.is_empty()
        && inner.chars().count() <= 20
        && !inner.contains(['/', ':', '.', '@', '=', '"']);
    slot.then_some("<…>")
}

pub(super) struct Placeholder;

impl Lint for Placeholder {
    fn code(&self) -> Code {
        Code::Placeholder
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for p in printed::every(cx) {
            let mut found: Vec<String> = [Lang::Ja, Lang::En]
                .iter()
                .filter_map(|l| p.text.get(*l))
                .filter(|t| placeholder_in(t).is_some())
                .map(|t| format!("「{t}」"))
                .collect();
            found.dedup();
            if found.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    format!("{} is still a placeholder: {}", p.what, found.join(" / ")),
                )
                .at_opt(p.at)
                .help("write the real text before publishing; `cargo disclosure init` leaves its examples for you to replace"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder_in;

    #[test]
    fn marks_and_starter_texts_are_found_and_ordinary_words_are_not() {
        for text in [
            "例株式会社",
            "Example K.K.",
            "〇〇株式会社",
            "TODO: write the contact",
            "お問い合わせは<メールアドレス>まで",
        ] {
            assert!(placeholder_in(text).is_some(), "{text}");
        }
        for text in [
            "例示株式会社",
            "TODOS app",
            "XXXL size",
            "Write to <privacy@example.com>.",
            "<https://example.com/privacy>",
            "株式会社ドコモ",
        ] {
            assert_eq!(placeholder_in(text), None, "{text}");
        }
    }
}
