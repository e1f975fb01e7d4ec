//! Evaluates `[policy]` (validated by [`crate::catalogue::policy`]) against the declarations: the
//! provider lists, the rules with their levels and review requirements, and the exceptions, which
//! hold until they expire and are reported when they match nothing.

use crate::catalogue::Catalogue;
use crate::catalogue::policy_config::{Exception, Rule};
use crate::declaration::Declaration;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::vocab::Level;

/// Every violation of `catalogue`'s policy by the `declarations` on `today`, in declaration order
/// (`deny` rules as errors, `warn` rules as warnings), then every exception that matched nothing.
pub fn evaluate(
    catalogue: &Catalogue,
    declarations: &[Declaration],
    today: Date,
) -> Vec<Diagnostic> {
    let Some(policy) = &catalogue.policy else {
        return Vec::new();
    };
    let mut used = vec![false; policy.exceptions.len()];
    let mut out = Vec::new();
    for d in declarations {
        let provider = d.provider.value.as_str();
        let country = catalogue
            .provider(provider)
            .and_then(|p| p.facts.country().map(|c| c.code.clone()));
        let mut findings: Vec<(String, String, Level, Location, String)> = Vec::new();
        if let Some((allow, at)) = &policy.allow
            && !allow.iter().any(|p| p == provider)
        {
            findings.push((
                "providers.allow".into(),
                format!("`{provider}` is not an allowed provider"),
                policy.list_level,
                at.clone(),
                "the allow list".into(),
            ));
        }
        if let Some((deny, at)) = &policy.deny
            && deny.iter().any(|p| p == provider)
        {
            findings.push((
                "providers.deny".into(),
                format!("`{provider}` is a denied provider"),
                policy.list_level,
                at.clone(),
                "the deny list".into(),
            ));
        }
        for rule in &policy.rules {
            if rule.level == Level::Allow
                || !matches(rule, d, country.as_deref(), &policy.home_country)
                || (rule.require_review && d.review.is_some())
            {
                continue;
            }
            let what = describe(d);
            let message = match (&rule.message, rule.require_review) {
                (Some(m), _) => format!("{m}: {what}"),
                (None, true) => format!("{what} needs a legal review reference (`review = \"…\"`)"),
                (None, false) => format!("{what} is not allowed"),
            };
            findings.push((
                rule.id.clone(),
                message,
                rule.level,
                rule.at.clone(),
                format!("rule `{}`", rule.id),
            ));
        }
        for (rule, message, level, rule_at, rule_name) in findings {
            let exception = policy.exceptions.iter().enumerate().find(|(_, e)| {
                e.rule == rule
                    && e.provider.as_ref().is_none_or(|p| p == provider)
                    && e.item.as_ref().is_none_or(|i| *i == d.item)
            });
            let mut help = match level {
                Level::Deny => format!(
                    "change the transmission, or add a [[policy.exception]] for `{rule}` with a reason and an expiry date"
                ),
                _ => format!("this rule warns; `{rule}` does not fail the check"),
            };
            if let Some((i, e)) = exception {
                used[i] = true;
                if today <= e.expires {
                    continue;
                }
                help = expired(e);
            }
            let diagnostic = match level {
                Level::Deny => Diagnostic::error(Code::PolicyDenied, format!("[{rule}] {message}")),
                Level::Warn => {
                    Diagnostic::warning(Code::PolicyWarned, format!("[{rule}] {message}"))
                }
                Level::Allow => continue,
            };
            out.push(
                diagnostic
                    .at(d.at.clone())
                    .label(rule_at, rule_name)
                    .help(help),
            );
        }
    }
    for (e, used) in policy.exceptions.iter().zip(used) {
        if !used {
            out.push(
                Diagnostic::warning(
                    Code::PolicyExceptionUnused,
                    format!("the exception to `{}` matches no transmission", e.rule),
                )
                .at(e.at.clone())
                .help("remove it: an exception that matches nothing hides nothing, and would hide the next transmission that matched it"),
            );
        }
    }
    out
}

fn expired(e: &Exception) -> String {
    format!(
        "the exception at {} expired on {} (reason: {}); renew it with a new date, or change the transmission",
        e.at, e.expires, e.reason
    )
}

fn describe(d: &Declaration) -> String {
    let list = |ids: &mut dyn Iterator<Item = &str>| ids.collect::<Vec<_>>().join(", ");
    format!(
        "`{}` sends [{}] to `{}` for [{}]",
        d.item,
        list(&mut d.data_ids()),
        d.provider.value,
        list(&mut d.purpose_ids())
    )
}

fn matches(rule: &Rule, d: &Declaration, country: Option<&str>, home: &str) -> bool {
    let any = |filter: &[String], ids: Vec<&str>| {
        filter.is_empty() || ids.iter().any(|id| filter.iter().any(|f| f == id))
    };
    any(&rule.data, d.data_ids().collect())
        && any(&rule.purpose, d.purpose_ids().collect())
        && (rule.provider.is_empty() || rule.provider.contains(&d.provider.value))
        && (rule.country.is_empty() || country.is_some_and(|c| rule.country.iter().any(|r| r == c)))
        && rule
            .abroad
            .is_none_or(|abroad| country.is_some_and(|c| (c != home) == abroad))
}
