//! D0405: a recipient's own use of the information (送信先における利用目的), an item the rule
//! requires, is not stated, and nothing says it has none (a processor handles the information
//! only for the operator). An error: the notice would leave out a required item (`--allow
//! recipient-use-missing`, or `[lints]`, with a reason, where the operator accepts that).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::{Basis, Origin, Role};

pub(super) struct RecipientUseMissing;

impl Lint for RecipientUseMissing {
    fn code(&self) -> Code {
        Code::RecipientUseMissing
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter() {
            // Only what users' devices send is an external transmission the rule covers.
            let device: Vec<_> = r
                .transmissions
                .iter()
                .filter(|t| t.origin == Origin::Device)
                .collect();
            let only_essential = device.iter().all(|t| t.basis == Basis::Essential);
            if device.is_empty()
                || r.first_party()
                || only_essential
                || r.facts.role() == Some(Role::Processor)
                || r.facts.own_use_stated()
            {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::RecipientUseMissing,
                    format!(
                        "recipient `{}`: its own use of the information (送信先における利用目的), which the notice must state, is not stated",
                        r.id
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("add `recipient_use = { ja = \"…\", en = \"…\" }` to the provider (what the recipient itself does with the information, from its own terms), `recipient_use_url` naming the recipient's page that states it, or `role = \"processor\"` if it handles the information only for you"),
            );
        }
    }
}
