//! D0410: a recipient named by its brand or only by its kind of business, not by the legal entity
//! that handles the information (the notice marks it as such).

use super::{Context, Lint};
use crate::catalogue::values::EntityKind;
use crate::foundation::diagnostic::{Code, Diagnostic};

pub(super) struct EntityNotLegalName;

impl Lint for EntityNotLegalName {
    fn code(&self) -> Code {
        Code::EntityBrandOnly
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let what = match r.facts.entity_kind() {
                EntityKind::Brand => "its brand",
                EntityKind::Category => "its kind of business only",
                _ => continue,
            };
            out.push(
                Diagnostic::warning(
                    Code::EntityBrandOnly,
                    format!(
                        "recipient `{}` is named by {what}, not by the legal entity that handles the information (the notice marks it)",
                        r.id
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("find the legal name (the recipient's terms or privacy policy state it), write it as `entity` and remove `entity_kind`"),
            );
        }
    }
}
