//! `[policy]`, validated: the organisation's rules about transmissions. Every id a rule, group or
//! list names must exist (a misspelt one would silently never match), every level is one of
//! `deny`, `warn`, `allow`, every expiry a real date. `check::policy` evaluates the rules.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Catalogue;
use super::places::{Places, choice, date};
use super::raw;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::suggest;
use crate::foundation::vocab::Level;

/// `[policy]`.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The country transmissions count as abroad from. Default: `JP`.
    pub home_country: String,
    /// A built-in fact without a quoted source is an error, not a warning.
    pub strict: bool,
    /// Only these providers may receive data (when given), and where the list is.
    pub allow: Option<(Vec<String>, Location)>,
    /// These providers may not, and where the list is.
    pub deny: Option<(Vec<String>, Location)>,
    /// The level of a list violation.
    pub list_level: Level,
    /// Named groups of data items and purposes (`@name` in rules), expanded.
    pub groups: BTreeMap<String, Vec<String>>,
    /// Rules over combinations.
    pub rules: Vec<Rule>,
    /// Exceptions to rules.
    pub exceptions: Vec<Exception>,
}

/// `[[policy.rule]]`, with its groups expanded.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule's id.
    pub id: String,
    /// Where the rule's id is.
    pub at: Location,
    /// `deny`, `warn` or `allow`.
    pub level: Level,
    /// What the diagnostic says.
    pub message: Option<String>,
    /// Data items (groups expanded).
    pub data: Vec<String>,
    /// Purposes (groups expanded).
    pub purpose: Vec<String>,
    /// Providers.
    pub provider: Vec<String>,
    /// Recipient countries.
    pub country: Vec<String>,
    /// Only transmissions abroad (true) or at home (false).
    pub abroad: Option<bool>,
    /// Require a legal-review reference instead of forbidding.
    pub require_review: bool,
}

/// `[[policy.exception]]`.
#[derive(Clone, Debug)]
pub struct Exception {
    /// The rule excepted from (`providers.allow`, `providers.deny` or a rule id).
    pub rule: String,
    /// Where the exception is.
    pub at: Location,
    /// Only transmissions to this provider.
    pub provider: Option<String>,
    /// Only the transmission declared on this item.
    pub item: Option<String>,
    /// Why it is granted.
    pub reason: String,
    /// The last day it holds.
    pub expires: Date,
}

/// The names of the two provider lists, as exceptions name them.
pub const LIST_RULES: [&str; 2] = ["providers.allow", "providers.deny"];

/// Validates `[policy]` against `catalogue`, in the order the section reads: the home country,
/// the groups, the provider lists and their level, the rules, the exceptions.
pub(super) fn validate(
    places: &Places<'_>,
    raw: raw::PolicyDecl,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> Policy {
    let home_country = home_country(places, &raw.home_country, catalogue, out);
    let groups = groups(places, &raw.groups, catalogue, out);
    let allow = provider_list(places, &raw.providers.allow, catalogue, out);
    let deny = provider_list(places, &raw.providers.deny, catalogue, out);
    let list_level = level(places, &raw.providers.level, out);
    let rules = rules(places, raw.rules, &groups, catalogue, out);
    let exceptions = exceptions(places, raw.exceptions, &rules, catalogue, out);
    Policy {
        home_country,
        strict: raw.strict,
        allow,
        deny,
        list_level,
        groups,
        rules,
        exceptions,
    }
}

/// A level (`deny`, `warn`, `allow`), or the default one when none is given or it is unknown.
fn level(places: &Places<'_>, value: &Option<Spanned<String>>, out: &mut Diagnostics) -> Level {
    value
        .as_ref()
        .and_then(|l| choice::<Level>(places, l, out))
        .unwrap_or_default()
}

/// The home country: a known country, `JP` when not given.
fn home_country(
    places: &Places<'_>,
    value: &Option<Spanned<String>>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> String {
    match value {
        Some(c) => {
            known(places, IdKind::Country, c, catalogue, out);
            c.get_ref().clone()
        }
        None => "JP".to_string(),
    }
}

/// `[policy.groups]`: each member is a known data item or purpose (or both, for a rule to pick
/// from).
fn groups(
    places: &Places<'_>,
    raw: &BTreeMap<String, Vec<Spanned<String>>>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> BTreeMap<String, Vec<String>> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, members) in raw {
        let mut ids = Vec::new();
        for member in members {
            let id = member.get_ref();
            let is_known = catalogue.term(IdKind::DataItem, id).is_some()
                || catalogue.term(IdKind::Purpose, id).is_some();
            if !is_known {
                let mut candidates = catalogue.ids(IdKind::DataItem);
                candidates.extend(catalogue.ids(IdKind::Purpose));
                unknown(places, "data item or purpose", member, &candidates, out);
            }
            ids.push(id.clone());
        }
        groups.insert(name.clone(), ids);
    }
    groups
}

/// A provider allow- or deny-list, when given: each entry a known provider; with where the list
/// is.
fn provider_list(
    places: &Places<'_>,
    value: &Option<Spanned<Vec<Spanned<String>>>>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> Option<(Vec<String>, Location)> {
    value.as_ref().map(|l| {
        for p in l.get_ref() {
            known(places, IdKind::Provider, p, catalogue, out);
        }
        let ids = l.get_ref().iter().map(|p| p.get_ref().clone()).collect();
        (ids, places.of(l))
    })
}

/// `[[policy.rule]]`s, each validated in turn against the ones before it.
fn rules(
    places: &Places<'_>,
    raw: Vec<raw::RuleDecl>,
    groups: &BTreeMap<String, Vec<String>>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for r in raw {
        check_rule_id(places, &r.id, &rules, out);
        let data = expand(places, IdKind::DataItem, &r.data, groups, catalogue, out);
        let purpose = expand(places, IdKind::Purpose, &r.purpose, groups, catalogue, out);
        for p in &r.provider {
            known(places, IdKind::Provider, p, catalogue, out);
        }
        for c in &r.country {
            known(places, IdKind::Country, c, catalogue, out);
        }
        rules.push(Rule {
            at: places.of(&r.id),
            id: r.id.get_ref().clone(),
            level: level(places, &r.level, out),
            message: r.message,
            data,
            purpose,
            provider: r.provider.iter().map(|p| p.get_ref().clone()).collect(),
            country: r.country.iter().map(|c| c.get_ref().clone()).collect(),
            abroad: r.abroad,
            require_review: r.require_review,
        });
    }
    rules
}

/// A rule's id is kebab-case and not the id of an earlier rule.
fn check_rule_id(
    places: &Places<'_>,
    spanned: &Spanned<String>,
    earlier: &[Rule],
    out: &mut Diagnostics,
) {
    let id = spanned.get_ref();
    if let Err((style, fixed)) = IdKind::Provider.check_form(id) {
        out.push(
            Diagnostic::error(Code::IdFormat, format!("rule id `{id}` is not {style}"))
                .at(places.of(spanned))
                .help(format!("write `{fixed}`")),
        );
    }
    if let Some(first) = earlier.iter().find(|x| x.id == *id) {
        out.push(
            Diagnostic::error(Code::DuplicateId, format!("duplicate rule id `{id}`"))
                .at(places.of(spanned))
                .label(first.at.clone(), "first declared here")
                .help("give each rule its own id"),
        );
    }
}

/// A rule's data items or purposes with each `@group` replaced by its members: every group
/// declared, every other id a known `kind`.
fn expand(
    places: &Places<'_>,
    kind: IdKind,
    ids: &[Spanned<String>],
    groups: &BTreeMap<String, Vec<String>>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> Vec<String> {
    let mut expanded = Vec::new();
    for id in ids {
        match id.get_ref().strip_prefix('@') {
            Some(group) => match groups.get(group) {
                Some(members) => expanded.extend(members.iter().cloned()),
                None => unknown_group(places, group, id, groups, out),
            },
            None => {
                known(places, kind, id, catalogue, out);
                expanded.push(id.get_ref().clone());
            }
        }
    }
    expanded
}

/// The error for an `@group` no `[policy.groups]` entry declares, with the nearest name.
fn unknown_group(
    places: &Places<'_>,
    group: &str,
    id: &Spanned<String>,
    groups: &BTreeMap<String, Vec<String>>,
    out: &mut Diagnostics,
) {
    let names: Vec<&str> = groups.keys().map(String::as_str).collect();
    let mut help = if names.is_empty() {
        "declare it in [policy.groups]: `name = [\"…\"]`".to_string()
    } else {
        format!("the groups are: {}", names.join(", "))
    };
    if let Some(s) = suggest::did_you_mean(group, names.iter().copied()) {
        help = format!("{s} {help}");
    }
    out.push(
        Diagnostic::error(Code::PolicyUnknownId, format!("unknown group `@{group}`"))
            .at(places.of(id))
            .help(help),
    );
}

/// `[[policy.exception]]`s: each names a provider list or a declared rule, a known provider if
/// any, and a real expiry date (one without is dropped).
fn exceptions(
    places: &Places<'_>,
    raw: Vec<raw::ExceptionDecl>,
    rules: &[Rule],
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) -> Vec<Exception> {
    let mut exceptions = Vec::new();
    for e in raw {
        let rule = e.rule.get_ref();
        if !LIST_RULES.contains(&rule.as_str()) && !rules.iter().any(|r| r.id == *rule) {
            let mut names: Vec<&str> = LIST_RULES.to_vec();
            names.extend(rules.iter().map(|r| r.id.as_str()));
            unknown(places, "rule", &e.rule, &names, out);
        }
        if let Some(p) = &e.provider {
            known(places, IdKind::Provider, p, catalogue, out);
        }
        let Some(expires) = date(places, &e.expires, out) else {
            continue;
        };
        exceptions.push(Exception {
            rule: rule.clone(),
            at: places.of(&e.rule),
            provider: e.provider.map(Spanned::into_inner),
            item: e.item,
            reason: e.reason,
            expires,
        });
    }
    exceptions
}

/// An error unless `id` names a `kind` the catalogue knows (built in or declared).
fn known(
    places: &Places<'_>,
    kind: IdKind,
    id: &Spanned<String>,
    catalogue: &Catalogue,
    out: &mut Diagnostics,
) {
    let exists = match kind {
        IdKind::Provider => catalogue.provider(id.get_ref()).is_some(),
        IdKind::Country => Catalogue::country(id.get_ref()).is_some(),
        _ => catalogue.term(kind, id.get_ref()).is_some(),
    };
    if !exists {
        let candidates = match kind {
            IdKind::Country => super::vocabulary::vocabulary()
                .countries
                .iter()
                .map(|t| t.id.as_str())
                .collect(),
            _ => catalogue.ids(kind),
        };
        unknown(places, kind.noun(), id, &candidates, out);
    }
}

/// The error for an id a rule, group, list or exception names that is not a known `noun`.
fn unknown(
    places: &Places<'_>,
    noun: &str,
    id: &Spanned<String>,
    candidates: &[&str],
    out: &mut Diagnostics,
) {
    let mut help = format!(
        "a rule that names an unknown {noun} never matches; use a declared or built-in one"
    );
    if let Some(s) = suggest::did_you_mean(id.get_ref(), candidates.iter().copied()) {
        help = format!("{s} {help}");
    }
    out.push(
        Diagnostic::error(
            Code::PolicyUnknownId,
            format!("[policy] names unknown {noun} `{}`", id.get_ref()),
        )
        .at(places.of(id))
        .help(help),
    );
}
