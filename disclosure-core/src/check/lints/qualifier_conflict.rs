//! D0418: a data item sent with a qualifier (`hashed`, `pseudonymised`, `anonymised`) whose own
//! label or examples say the opposite (「ハッシュ化前のメールアドレス」 sent hashed): the line the
//! notice prints would contradict itself.

use super::{Context, Lint};
use crate::foundation::choice::Choice;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Lang;
use crate::foundation::vocab::Qualifier;

pub(super) struct QualifierConflict;

/// Words that say a value is not transformed as `q` says it is, per language.
fn contrary(q: Qualifier) -> (&'static [&'static str], &'static [&'static str]) {
    match q {
        Qualifier::Hashed => (
            &["ハッシュ化前", "ハッシュ化されていない", "ハッシュ化しない", "平文", "生の値"],
            &["unhashed", "not hashed", "plain text", "plaintext", "in the clear", "raw value"],
        ),
        Qualifier::Pseudonymised | Qualifier::Anonymised => (
            &["実名", "そのまま", "加工前", "加工していない"],
            &["real name", "as entered", "unprocessed", "not anonymised", "not pseudonymised"],
        ),
    }
}

impl Lint for QualifierConflict {
    fn code(&self) -> Code {
        Code::QualifierConflict
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut seen: Vec<(String, Qualifier)> = Vec::new();
        for r in &cx.notice.recipients {
            for t in &r.transmissions {
                for d in &t.data {
                    let Some(item) = cx.notice.data_item(&d.id) else {
                        continue;
                    };
                    for &q in &d.qualifiers {
                        if seen.contains(&(d.id.clone(), q)) {
                            continue;
                        }
                        let (ja, en) = contrary(q);
                        let says = |lang: Lang, words: &'static [&'static str]| -> Option<&'static str> {
                            [Some(&item.label), item.examples.as_ref()]
                                .into_iter()
                                .flatten()
                                .filter_map(|t| t.get(lang))
                                .find_map(|text| {
                                    let lower = text.to_lowercase();
                                    words.iter().find(|w| lower.contains(*w)).copied()
                                })
                        };
                        let Some(word) = says(Lang::Ja, ja).or_else(|| says(Lang::En, en)) else {
                            continue;
                        };
                        seen.push((d.id.clone(), q));
                        out.push(
                            Diagnostic::warning(
                                Code::QualifierConflict,
                                format!(
                                    "data item `{}` is sent {} (to `{}`), but its label or examples say 「{word}」",
                                    d.id,
                                    q.id(),
                                    r.id
                                ),
                            )
                            .at_opt(cx.term_at(IdKind::DataItem, &d.id))
                            .help("word the item as what it is before it is sent (「メールアドレス」), and let the qualifier say how it is sent; or remove the qualifier if it is sent as it is"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    fn findings(label: &str) -> Vec<Diagnostic> {
        let catalogue = test_support::catalogue(&format!(
            r#"
[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "ads"
service = "Ads"
entity = "Ads Inc."

[[data]]
id = "login_email"
label = {{ ja = "{label}", en = "E-mail address" }}
"#
        ));
        let (notice, _) = test_support::try_build(
            &catalogue,
            r#"#[disclose(provider = "ads", data = [login_email(hashed)], purpose = advertising)] fn a() {}"#,
        )
        .unwrap();
        let cx = Context {
            catalogue: &catalogue,
            notice: &notice,
            declarations: &[],
        };
        let mut out = Vec::new();
        QualifierConflict.check(&cx, &mut out);
        out
    }

    #[test]
    fn a_label_that_says_the_opposite_of_its_qualifier_is_named() {
        let conflict = findings("ハッシュ化前のメールアドレス");
        assert_eq!(conflict.len(), 1);
        assert!(conflict[0].message.contains("is sent hashed (to `ads`), but its label or examples say 「ハッシュ化前」"));
        assert!(findings("メールアドレス").is_empty());
    }
}
