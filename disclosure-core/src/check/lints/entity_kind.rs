//! D0410: a recipient named by its brand or only by its kind of business, not by the legal entity
//! that handles the information: marked as such (`entity_kind`), or, unmarked, a name with no
//! legal form (株式会社, Inc., Ltd., GmbH, …) or the same as its service's name (「ドコモ」).

use super::{Context, Lint};
use crate::catalogue::values::EntityKind;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;

/// Words that mark a legal entity's name, in Japanese and in the usual Latin forms.
const LEGAL_FORMS: &[&str] = &[
    "株式会社", "合同会社", "有限会社", "合資会社", "合名会社", "社団法人", "財団法人", "法人",
    "組合", "機構", "協会", "公社", "Inc", "LLC", "L.L.C", "Ltd", "Limited", "Corporation", "Corp",
    "Co.", "Company", "GmbH", "AG", "S.A", "SA", "SAS", "SARL", "B.V", "BV", "N.V", "NV", "Pte",
    "Pty", "K.K", "G.K", "PLC", "plc", "LLP", "LP", "S.r.l", "S.p.A", "AB", "A/S", "ApS", "Oy",
    "AS", "SE", "ULC", "S.L", "d/b/a", "Unlimited",
];

/// Whether `name` carries a legal form: a Japanese one anywhere, a Latin one as a word.
pub(crate) fn has_legal_form(name: &str) -> bool {
    LEGAL_FORMS.iter().any(|form| {
        if !form.is_ascii() {
            return name.contains(form);
        }
        name.match_indices(form).any(|(i, _)| {
            let before = name[..i].chars().next_back();
            let after = name[i + form.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

pub(super) struct EntityNotLegalName;

impl Lint for EntityNotLegalName {
    fn code(&self) -> Code {
        Code::EntityBrandOnly
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let f = &r.facts;
            let what = match f.entity_kind() {
                EntityKind::Brand => "its brand",
                EntityKind::Category => "its kind of business only",
                _ => {
                    let Some(entity) = &f.entity else { continue };
                    let names: Vec<&str> = [Lang::Ja, Lang::En]
                        .iter()
                        .filter_map(|l| entity.value.get(*l))
                        .collect();
                    let service: Vec<&str> = f
                        .service
                        .iter()
                        .flat_map(|s| [Lang::Ja, Lang::En].map(|l| s.value.get(l)))
                        .flatten()
                        .collect();
                    if names.iter().any(|n| service.contains(n)) {
                        "the name of its service, which looks like a brand"
                    } else if !names.iter().any(|n| has_legal_form(n)) {
                        "a name without a legal form (株式会社, Inc., Ltd., …), which looks like a brand"
                    } else {
                        continue;
                    }
                }
            };
            out.push(
                Diagnostic::warning(
                    Code::EntityBrandOnly,
                    format!(
                        "recipient `{}` is named by {what}, not by the legal entity that handles the information",
                        r.id
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("find the legal name (the recipient's terms or privacy policy state it) and write it as `entity`; if only a brand or a kind of business can be named, say so with `entity_kind = \"brand\"` or `\"category\"`, which the notice marks"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_legal_form_is_read_as_a_word() {
        for legal in ["Google LLC", "株式会社NTTドコモ", "Functional Software, Inc. d/b/a Sentry", "Meta Platforms Ireland Limited", "PayPal Pte. Ltd.", "Adjust K.K.", "SAP SE"] {
            assert!(super::has_legal_form(legal), "{legal}");
        }
        for brand in ["ドコモ", "Sentry", "Stripe", "Analytics", "Google"] {
            assert!(!super::has_legal_form(brand), "{brand}");
        }
    }
}
