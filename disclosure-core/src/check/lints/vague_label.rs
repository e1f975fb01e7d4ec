//! D0402: a data item or purpose worded vaguely (「等」「その他」「など」「や」, or
//! 「…に関する情報」 without examples).

use super::wording::vague;
use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Lang;

pub(super) struct VagueLabel;

impl Lint for VagueLabel {
    fn code(&self) -> Code {
        Code::VagueLabel
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for item in cx.notice.data_items.iter().filter(|d| d.not_sent.is_none()) {
            if let Some(why) = vague(&item.label, item.examples.is_some()) {
                let ja = item.label.get(Lang::Ja).unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        Code::VagueLabel,
                        format!(
                            "data item `{}` is not concrete: 「{ja}」 {why} ({})",
                            item.id,
                            cx.users(false, &item.id)
                        ),
                    )
                    .at_opt(cx.term_at(IdKind::DataItem, &item.id))
                    .help("name each kind of information it covers (one [[data]] item per kind), or give the item `examples = { ja = \"…\", en = \"…\" }` that say what it is"),
                );
            }
        }
        for purpose in &cx.notice.purposes {
            if purpose.label.get(Lang::Ja).is_none() {
                continue;
            }
            if let Some(why) = vague(&purpose.label, purpose.description.is_some()) {
                let ja = purpose.label.get(Lang::Ja).unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        Code::VagueLabel,
                        format!(
                            "purpose `{}` is not concrete: 「{ja}」 {why} ({})",
                            purpose.id,
                            cx.users(true, &purpose.id)
                        ),
                    )
                    .at_opt(cx.term_at(IdKind::Purpose, &purpose.id))
                    .help("say what the information is used for, one purpose per [[purpose]], or give it a `description` that does"),
                );
            }
        }
    }
}
