//! Evaluates `[policy]` (validated by [`crate::catalogue::policy_config`]) against the declarations: the
//! provider lists, the rules with their levels and review requirements, and the exceptions, which
//! hold until they expire and are reported when they match nothing.

use crate::catalogue::Catalogue;
use crate::catalogue::policy_config::{Exception, Policy, Rule};
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
        let mut findings = list_findings(policy, provider);
        findings.extend(rule_findings(policy, d, country.as_deref()));
        for finding in findings {
            out.extend(report(policy, d, finding, today, &mut used));
        }
    }
    out.extend(unused_exceptions(policy, &used));
    out
}

/// What one declaration does against one rule or list, before exceptions.
struct Finding {
    /// The rule's id, or the list's name (`providers.allow`, `providers.deny`).
    rule: String,
    /// What the diagnostic says after the rule's name.
    message: String,
    /// `deny`, `warn` or `allow`.
    level: Level,
    /// Where the rule or list is.
    rule_at: Location,
    /// The rule or list, as the label at it names it.
    rule_name: String,
}

/// The provider lists: a provider off the allow list, or on the deny list.
fn list_findings(policy: &Policy, provider: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some((allow, at)) = &policy.allow
        && !allow.iter().any(|p| p == provider)
    {
        findings.push(Finding {
            rule: "providers.allow".into(),
            message: format!("`{provider}` is not an allowed provider"),
            level: policy.list_level,
            rule_at: at.clone(),
            rule_name: "the allow list".into(),
        });
    }
    if let Some((deny, at)) = &policy.deny
        && deny.iter().any(|p| p == provider)
    {
        findings.push(Finding {
            rule: "providers.deny".into(),
            message: format!("`{provider}` is a denied provider"),
            level: policy.list_level,
            rule_at: at.clone(),
            rule_name: "the deny list".into(),
        });
    }
    findings
}

/// The rules, in order: each `deny` or `warn` rule the declaration matches, unless the rule only
/// asks for a review and the declaration names one.
fn rule_findings(policy: &Policy, d: &Declaration, country: Option<&str>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in &policy.rules {
        if rule.level == Level::Allow
            || !matches(rule, d, country, &policy.home_country)
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
        findings.push(Finding {
            rule: rule.id.clone(),
            message,
            level: rule.level,
            rule_at: rule.at.clone(),
            rule_name: format!("rule `{}`", rule.id),
        });
    }
    findings
}

/// The diagnostic of one finding at the declaration `d`, unless an exception that has not
/// expired covers it; the first exception that matches is marked `used`, expired or not.
fn report(
    policy: &Policy,
    d: &Declaration,
    finding: Finding,
    today: Date,
    used: &mut [bool],
) -> Option<Diagnostic> {
    let Finding {
        rule,
        message,
        level,
        rule_at,
        rule_name,
    } = finding;
    let provider = d.provider.value.as_str();
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
            return None;
        }
        help = expired(e);
    }
    let diagnostic = match level {
        Level::Deny => Diagnostic::error(Code::PolicyDenied, format!("[{rule}] {message}")),
        Level::Warn => Diagnostic::warning(Code::PolicyWarned, format!("[{rule}] {message}")),
        Level::Allow => return None,
    };
    Some(
        diagnostic
            .at(d.at.clone())
            .label(rule_at, rule_name)
            .help(help),
    )
}

/// A warning at each exception that matched no transmission.
fn unused_exceptions(policy: &Policy, used: &[bool]) -> Vec<Diagnostic> {
    policy
        .exceptions
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(e, _)| {
            Diagnostic::warning(
                Code::PolicyExceptionUnused,
                format!("the exception to `{}` matches no transmission", e.rule),
            )
            .at(e.at.clone())
            .help("remove it: an exception that matches nothing hides nothing, and would hide the next transmission that matched it")
        })
        .collect()
}

/// The help at a finding whose exception has expired.
fn expired(e: &Exception) -> String {
    format!(
        "the exception at {} expired on {} (reason: {}); renew it with a new date, or change the transmission",
        e.at, e.expires, e.reason
    )
}

/// A declaration as a finding names it: the item, what it sends, to whom, for what.
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

/// Whether `rule` applies to `d`: each filter it gives (data, purpose, provider, country, abroad)
/// holds.
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
