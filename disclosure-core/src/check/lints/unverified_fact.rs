//! D0415: a built-in fact the notice prints has no quoted source (an error under `[policy] strict
//! = true` or `check --strict`). The project's own facts are its responsibility and need none.

use super::{Context, Lint};
use crate::catalogue::facts::info;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Origin;

pub(super) struct UnverifiedFact;

impl Lint for UnverifiedFact {
    fn code(&self) -> Code {
        Code::UnverifiedFact
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let strict = cx.catalogue.policy.as_ref().is_some_and(|p| p.strict);
        for r in &cx.notice.recipients {
            let printed = r
                .transmissions
                .iter()
                .any(|t| t.origin == Origin::Device || cx.notice.server_section);
            if !printed {
                continue;
            }
            for entry in r.facts.each() {
                let fact = entry.name;
                let quoted_kind = info(fact).legal || matches!(fact, "domains" | "packages");
                if !entry.unverified() || !quoted_kind {
                    continue;
                }
                let message = format!(
                    "the built-in `{fact}` of `{}` has no quoted source: the notice prints it unverified",
                    r.id
                );
                let d = if strict {
                    Diagnostic::error(Code::UnverifiedFact, message)
                } else {
                    Diagnostic::warning(Code::UnverifiedFact, message)
                };
                out.push(d.help(format!(
                    "state it yourself in `[[provider]] id = \"{}\"` (your own facts need no quote), mark it as checked by your team there (`checked = [{{ facts = [\"{fact}\"], by = \"…\", date = … }}]`), or add its source to the built-in catalogue (docs/catalogue.md)",
                    r.id
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::provenance::{Fact, TeamCheck};
    use crate::test_support;

    const CATALOGUE: &str = r#"
[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "metrics"
service = "Metrics"
entity = "Metrics Inc."
country = "US"
"#;

    const SOURCE: &str =
        r#"#[disclose(provider = "metrics", data = [page_url], purpose = analytics)] fn a() {}"#;

    /// What the lint says of a notice whose recipient has built-in `domains` without a quote.
    fn diagnostics(extra: &str) -> Vec<Diagnostic> {
        checked_by(extra, None)
    }

    /// The same, the fact checked by the project's team or not.
    fn checked_by(extra: &str, checked: Option<TeamCheck>) -> Vec<Diagnostic> {
        let catalogue = test_support::catalogue(&format!("{CATALOGUE}{extra}"));
        let (mut notice, _) = test_support::try_build(&catalogue, SOURCE).unwrap();
        notice.recipients[0].facts.domains = Some(Fact {
            value: vec!["metrics.example.com".into()],
            provenance: crate::catalogue::Provenance::Builtin,
            evidence: Vec::new(),
            note: None,
            checked,
        });
        let cx = Context {
            catalogue: &catalogue,
            notice: &notice,
            declarations: &[],
        };
        let mut out = Vec::new();
        UnverifiedFact.check(&cx, &mut out);
        out
    }

    #[test]
    fn a_built_in_fact_without_a_quote_is_named_and_refused_under_strict() {
        let warned = diagnostics("");
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert_eq!(
            warned[0].message,
            "the built-in `domains` of `metrics` has no quoted source: the notice prints it unverified"
        );
        assert!(!warned[0].is_error());
        let refused = diagnostics("\n[policy]\nstrict = true\n");
        assert!(refused[0].is_error());
    }

    #[test]
    fn a_built_in_fact_the_team_checked_is_not_unverified() {
        let check = TeamCheck {
            by: "Legal".into(),
            date: crate::foundation::date::Date::parse("2026-12-01").unwrap(),
        };
        assert!(checked_by("\n[policy]\nstrict = true\n", Some(check)).is_empty());
    }
}
