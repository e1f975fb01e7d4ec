//! D0404: a purpose without a Japanese label (the notice must be published in Japanese).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Lang;

pub(super) struct PurposeLanguage;

impl Lint for PurposeLanguage {
    fn code(&self) -> Code {
        Code::PurposeLanguage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for purpose in cx.notice.purposes.iter().filter(|p| p.label.get(Lang::Ja).is_none()) {
            out.push(
                Diagnostic::warning(
                    Code::PurposeLanguage,
                    format!(
                        "purpose `{}` has no Japanese label ({})",
                        purpose.id,
                        cx.users(true, &purpose.id)
                    ),
                )
                .at_opt(cx.term_at(IdKind::Purpose, &purpose.id))
                .help("add `ja = \"…\"` to its label; the notice must be published in Japanese"),
            );
        }
    }
}
