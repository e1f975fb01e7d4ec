//! D0403: a recipient's legal entity without a Japanese text (送信先で情報を取り扱う者の氏名又は名称).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;

pub(super) struct EntityLanguage;

impl Lint for EntityLanguage {
    fn code(&self) -> Code {
        Code::EntityLanguage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let Some(entity) = r.facts.entity() else {
                continue;
            };
            if entity.get(Lang::Ja).is_none_or(|e| e.trim().is_empty()) {
                out.push(
                    Diagnostic::warning(
                        Code::EntityLanguage,
                        format!(
                            "recipient `{}` has no legal entity in Japanese (送信先で情報を取り扱う者の氏名又は名称)",
                            r.id
                        ),
                    )
                    .at_opt(cx.provider_at(&r.id))
                    .help("give `entity` a Japanese text: `entity = { ja = \"…\", en = \"…\" }`, or one string for both"),
                );
            }
        }
    }
}
