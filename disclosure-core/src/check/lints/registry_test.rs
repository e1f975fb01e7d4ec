//! A lint of the unit tests only: it names every recipient called `registry-test`. The registry's
//! end-to-end test (`pipeline/registry_tests.rs`) adds it as any lint is added: this file, one
//! line in `LINTS` and its code.

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};

pub(super) struct RegistryTest;

impl Lint for RegistryTest {
    fn code(&self) -> Code {
        Code::RegistryTest
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| r.id == "registry-test") {
            out.push(
                Diagnostic::warning(Code::RegistryTest, format!("recipient `{}` is the unit tests' own", r.id))
                    .at_opt(cx.provider_at(&r.id)),
            );
        }
    }
}
