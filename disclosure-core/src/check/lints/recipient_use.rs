//! D0405: a recipient's own use of the information (送信先における利用目的) is not stated, and
//! nothing says it has none (a processor handles the information only for the operator).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::{Basis, Role};

pub(super) struct RecipientUseMissing;

impl Lint for RecipientUseMissing {
    fn code(&self) -> Code {
        Code::RecipientUseMissing
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let only_essential = r.transmissions.iter().all(|t| t.basis == Basis::Essential);
            if r.first_party()
                || only_essential
                || r.facts.role() == Some(Role::Processor)
                || r.facts.own_use_stated()
            {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::RecipientUseMissing,
                    format!(
                        "recipient `{}`: its own use of the information (送信先における利用目的) is not stated",
                        r.id
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("add `recipient_use = { ja = \"…\", en = \"…\" }` to the provider, or `recipient_use_url` naming the recipient's page that states it"),
            );
        }
    }
}
