//! D0412: the notice carries no date, or says nowhere whom to ask about it.

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};

pub(super) struct NoticeMetadataMissing;

impl Lint for NoticeMetadataMissing {
    fn code(&self) -> Code {
        Code::NoticeMetadataMissing
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let meta = &cx.notice.metadata;
        let dated = meta.last_updated.is_some()
            || meta.effective.is_some()
            || meta.published.is_some()
            || !meta.revisions.is_empty();
        if !dated {
            out.push(
                Diagnostic::warning(
                    Code::NoticeMetadataMissing,
                    "the notice carries no date: readers cannot tell which version they read",
                )
                .at_opt(cx.notice_at())
                .help("add `last_updated = 2026-04-01` (or `effective`, or a [[notice.revision]]) under [notice]"),
            );
        }
        if cx.notice.texts.contact.is_none() {
            out.push(
                Diagnostic::warning(
                    Code::NoticeMetadataMissing,
                    "the notice says nowhere whom to ask about it",
                )
                .at_opt(cx.notice_at())
                .help("add `contact = { ja = \"…\", en = \"…\" }` under [notice]: an address, a form or a desk"),
            );
        }
    }
}
