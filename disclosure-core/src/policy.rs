//! Policy as code: the organisation's rules about transmissions, in `[policy]` of
//! `disclosure.toml`, checked on every change.
//!
//! * provider allow- and deny-lists;
//! * rules over data items (and groups of them), purposes, providers and the recipient's country,
//!   each at a level `deny`, `warn` or `allow` (as cargo-deny), optionally requiring a legal-review
//!   reference (`review = "…"` on the annotation) instead of forbidding;
//! * exceptions for one rule with a reason and an expiry date: an expired exception is a violation
//!   again, and one that matches nothing is reported as unused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// How serious a rule is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A violation fails `check` (exit status 1).
    #[default]
    Deny,
    /// A violation is printed; `check` passes.
    Warn,
    /// Matches are allowed (the rule documents a decision, or is switched off).
    Allow,
}

/// `[policy]`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The country transmissions count as abroad from (ISO 3166-1 alpha-2). Default: `JP`.
    pub home_country: Option<String>,
    /// Provider allow- and deny-lists.
    #[serde(default)]
    pub providers: ProviderLists,
    /// Named groups of data items and purposes, usable in rules as `@name`.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    /// Rules over combinations.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Exceptions to rules, each with a reason and an expiry date.
    #[serde(default, rename = "exception")]
    pub exceptions: Vec<Exception>,
}

/// `[policy.providers]`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderLists {
    /// Only these providers may receive data (when given).
    #[cfg_attr(feature = "engine", schemars(with = "Option<Vec<String>>"))]
    pub allow: Option<Spanned<Vec<String>>>,
    /// These providers may not.
    #[cfg_attr(feature = "engine", schemars(with = "Option<Vec<String>>"))]
    pub deny: Option<Spanned<Vec<String>>>,
    /// The level of a list violation. Default: `deny`.
    #[serde(default)]
    pub level: Level,
}

/// `[[policy.rule]]`: a transmission matches when it matches every filter given; data and purpose
/// filters match when any of the transmission's items is listed.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The rule's id (kebab-case), named in diagnostics and exceptions.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// `deny` (default), `warn` or `allow`.
    #[serde(default)]
    pub level: Level,
    /// What the diagnostic says.
    pub message: Option<String>,
    /// Data items or `@groups`.
    #[serde(default)]
    pub data: Vec<String>,
    /// Purposes or `@groups`.
    #[serde(default)]
    pub purpose: Vec<String>,
    /// Providers.
    #[serde(default)]
    pub provider: Vec<String>,
    /// Recipient countries (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Vec<String>,
    /// Only transmissions to a recipient outside `home_country` (true) or inside it (false).
    pub abroad: Option<bool>,
    /// Instead of forbidding a match, require a legal-review reference (`review = "…"`) on it.
    #[serde(default)]
    pub require_review: bool,
}

/// `[[policy.exception]]`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// The rule excepted from (`providers.allow` and `providers.deny` for the lists).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub rule: Spanned<String>,
    /// Only transmissions to this provider.
    pub provider: Option<String>,
    /// Only the transmission declared on this item (`module::function`, as in the JSON notice).
    pub item: Option<String>,
    /// Why the exception is granted.
    pub reason: String,
    /// The last day it holds (a TOML date).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub expires: Spanned<toml::value::Datetime>,
}

#[cfg(feature = "engine")]
pub use evaluate::{Violation, evaluate};

#[cfg(feature = "engine")]
mod evaluate {
    use std::collections::BTreeSet;

    use schemars::JsonSchema;
    use serde::Serialize;

    use super::{Level, Rule};
    use crate::catalogue::Catalogue;
    use crate::diagnostic::Location;
    use crate::scan::Found;

    /// A location in a file, for the JSON form.
    #[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
    pub struct Place {
        /// The file.
        pub file: String,
        /// 1-based line.
        pub line: usize,
        /// 1-based column.
        pub column: usize,
    }

    impl From<&Location> for Place {
        fn from(l: &Location) -> Place {
            Place {
                file: l.file.to_string_lossy().replace('\\', "/"),
                line: l.line,
                column: l.column,
            }
        }
    }

    /// One finding of the policy check.
    #[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
    pub struct Violation {
        /// `deny` or `warn`; `unused` for an exception that matches nothing.
        pub level: String,
        /// The rule (`providers.allow`, `providers.deny`, or a rule id).
        pub rule: String,
        /// What is wrong.
        pub message: String,
        /// The annotation (absent for an unused exception).
        pub at: Option<Place>,
        /// The rule's (or the exception's) line in disclosure.toml.
        pub rule_at: Place,
        /// The provider of the transmission.
        pub provider: Option<String>,
        /// The annotated item.
        pub item: Option<String>,
        /// About an expired exception.
        pub note: Option<String>,
    }

    /// Every violation of `catalogue`'s policy by the annotations `found`, on `today`
    /// (YYYY-MM-DD), in annotation order; then unused exceptions.
    pub fn evaluate(catalogue: &Catalogue, found: &[Found], today: &str) -> Vec<Violation> {
        let Some(policy) = &catalogue.policy else {
            return Vec::new();
        };
        let home = policy.home_country.as_deref().unwrap_or("JP");
        let expand = |ids: &[String]| -> BTreeSet<String> {
            ids.iter()
                .flat_map(|id| match id.strip_prefix('@') {
                    Some(group) => policy.groups.get(group).cloned().unwrap_or_default(),
                    None => vec![id.clone()],
                })
                .collect()
        };
        let mut raw: Vec<(Violation, Level)> = Vec::new();
        for f in found {
            let a = &f.annotation;
            let provider_id = a.provider.value.as_str();
            let country = catalogue
                .provider(provider_id)
                .and_then(|p| p.country.as_ref().map(|c| c.get_ref().clone()));
            let base = |rule: String, message: String, rule_at: Location| Violation {
                level: String::new(),
                rule,
                message,
                at: Some((&f.location).into()),
                rule_at: (&rule_at).into(),
                provider: Some(provider_id.to_string()),
                item: Some(f.item.clone()),
                note: None,
            };
            if let Some(allow) = &policy.providers.allow
                && !allow.get_ref().iter().any(|p| p == provider_id)
            {
                raw.push((
                    base(
                        "providers.allow".into(),
                        format!("`{provider_id}` is not an allowed provider"),
                        catalogue.location(allow.span()),
                    ),
                    policy.providers.level,
                ));
            }
            if let Some(deny) = &policy.providers.deny
                && deny.get_ref().iter().any(|p| p == provider_id)
            {
                raw.push((
                    base(
                        "providers.deny".into(),
                        format!("`{provider_id}` is a denied provider"),
                        catalogue.location(deny.span()),
                    ),
                    policy.providers.level,
                ));
            }
            for rule in &policy.rules {
                if rule.level == Level::Allow
                    || !matches(rule, f, country.as_deref(), home, &expand)
                {
                    continue;
                }
                if rule.require_review && a.review.is_some() {
                    continue;
                }
                let what = describe(f);
                let message = match (&rule.message, rule.require_review) {
                    (Some(m), _) => format!("{m}: {what}"),
                    (None, true) => {
                        format!("{what} needs a legal review reference (`review = \"…\"`)")
                    }
                    (None, false) => format!("{what} is not allowed"),
                };
                raw.push((
                    base(
                        rule.id.get_ref().clone(),
                        message,
                        catalogue.location(rule.id.span()),
                    ),
                    rule.level,
                ));
            }
        }
        // Exceptions.
        let mut used = vec![false; policy.exceptions.len()];
        let mut out = Vec::new();
        for (mut v, level) in raw {
            let excepted = policy.exceptions.iter().enumerate().find(|(_, e)| {
                e.rule.get_ref() == &v.rule
                    && e.provider
                        .as_ref()
                        .is_none_or(|p| Some(p) == v.provider.as_ref())
                    && e.item.as_ref().is_none_or(|i| Some(i) == v.item.as_ref())
            });
            if let Some((i, e)) = excepted {
                used[i] = true;
                let expires = e.expires.get_ref().to_string();
                if expires.as_str() >= today {
                    continue;
                }
                v.note = Some(format!(
                    "the exception at {} expired on {expires} (reason: {})",
                    catalogue.location(e.rule.span()),
                    e.reason
                ));
            }
            v.level = match level {
                Level::Deny => "deny",
                Level::Warn => "warn",
                Level::Allow => continue,
            }
            .to_string();
            out.push(v);
        }
        for (e, used) in policy.exceptions.iter().zip(used) {
            if !used {
                out.push(Violation {
                    level: "unused".into(),
                    rule: e.rule.get_ref().clone(),
                    message: format!(
                        "the exception to `{}` matches no transmission; remove it",
                        e.rule.get_ref()
                    ),
                    at: None,
                    rule_at: (&catalogue.location(e.rule.span())).into(),
                    provider: e.provider.clone(),
                    item: e.item.clone(),
                    note: None,
                });
            }
        }
        out
    }

    fn describe(f: &Found) -> String {
        let a = &f.annotation;
        let list = |ids: &[crate::syntax::Spanned<String>]| {
            ids.iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "`{}` sends [{}] to `{}` for [{}]",
            f.item,
            list(&a.data),
            a.provider.value,
            list(&a.purposes)
        )
    }

    fn matches(
        rule: &Rule,
        f: &Found,
        country: Option<&str>,
        home: &str,
        expand: &dyn Fn(&[String]) -> BTreeSet<String>,
    ) -> bool {
        let a = &f.annotation;
        let any = |filter: &[String], ids: &[crate::syntax::Spanned<String>]| {
            filter.is_empty() || {
                let set = expand(filter);
                ids.iter().any(|id| set.contains(&id.value))
            }
        };
        any(&rule.data, &a.data)
            && any(&rule.purpose, &a.purposes)
            && (rule.provider.is_empty() || rule.provider.contains(&a.provider.value))
            && (rule.country.is_empty()
                || country.is_some_and(|c| rule.country.iter().any(|r| r == c)))
            && rule
                .abroad
                .is_none_or(|abroad| country.is_some_and(|c| (c != home) == abroad))
    }
}
