//! From [`raw::Document`] to [`Catalogue`]: every id, link, choice and date checked, every problem
//! reported at its place (all of them, not only the first), every declared provider resolved over
//! the built-in entry of the same id.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::builtin::{self, platforms};
use super::link::{HttpLinks, check_link_with};
use super::raw::{self, Document};
use super::{
    Catalogue, Link, NamedOptOut, NoticeSettings, Operator, OptOut, OutputSpec, Provenance,
    Provider, Revision, Term,
};
use crate::foundation::choice::Choice;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{
    Code, Diagnostic, Diagnostics, Error, LineIndex, Located, Location,
};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::suggest;
use crate::foundation::vocab::{Exemption, Identifier, Mechanism, Origin, Reach, Stops};

/// Positions in one catalogue file, and how it treats `http:` links (`[notice] allow_http_links`).
pub(super) struct Places<'a> {
    pub path: &'a Path,
    pub source: &'a str,
    pub http_links: HttpLinks,
    /// Line starts, so that every entry of a large catalogue is located in logarithmic time.
    pub lines: LineIndex,
}

impl Places<'_> {
    pub fn at(&self, span: Range<usize>) -> Location {
        self.lines.of_span(self.path, self.source, span)
    }

    pub fn of<T>(&self, value: &Spanned<T>) -> Location {
        self.at(value.span())
    }
}

/// Where a TOML error is: the parser reports some (an unclosed table header, a missing value) at
/// the end of the line, where it noticed; the fault is the line's text, so point at that.
fn fault(source: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let at_end = source[start..line_end].trim().is_empty();
    let text = &source[line_start..line_end];
    if at_end && !text.trim().is_empty() {
        let indent = text.len() - text.trim_start().len();
        line_start + indent..line_start + text.trim_end().len()
    } else {
        span
    }
}

/// Parses and validates `source`, the text of the catalogue at `path`.
pub(super) fn parse(path: &Path, source: &str) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
    let mut places = Places {
        path,
        source,
        http_links: HttpLinks::Refused,
        lines: LineIndex::new(source),
    };
    let document: Document = toml::from_str(source).map_err(|e| syntax_error(&places, &e))?;
    if document.notice.allow_http_links {
        places.http_links = HttpLinks::Warned;
    }
    let mut out = Diagnostics::new();
    super::characters::check(path, source, &mut out);
    let catalogue = validate(&places, document, &mut out);
    out.finish(catalogue)
}

fn syntax_error(places: &Places<'_>, e: &toml::de::Error) -> Error {
    let mut d = Diagnostic::error(
        Code::CatalogueSyntax,
        format!(
            "{} is not a valid catalogue: {}",
            places.path.display(),
            e.message().trim()
        ),
    )
    .help(
        "fix the TOML at this position; `cargo disclosure schema catalogue` describes every table",
    );
    if let Some(span) = e.span() {
        d = d.at(places.at(fault(places.source, span)));
    } else {
        // Some errors (a value nested too deep) carry no position: the file is all we know.
        d = d.at(Location::new(places.path, 1, 1));
    }
    d.into()
}

fn validate(places: &Places<'_>, doc: Document, out: &mut Diagnostics) -> Catalogue {
    let Document {
        notice,
        operator,
        providers,
        data_items,
        purposes,
        conditions,
        purpose_groups,
        opt_outs,
        parameters,
        transmissions,
        discovery,
        outputs,
        policy,
    } = doc;
    let data_items = terms(places, IdKind::DataItem, data_items, out);
    let purpose_groups = terms(places, IdKind::PurposeGroup, purpose_groups, out);
    let purposes = terms(places, IdKind::Purpose, purposes, out);
    check_groups(&purposes, &purpose_groups, out);
    let conditions = terms(places, IdKind::Condition, conditions, out);
    let opt_outs = named_opt_outs(places, opt_outs, out);
    let operator = operator.map(|o| self::operator(places, o, out));
    let notice = notice_settings(places, notice, out);
    let providers = self::providers(places, providers, out);
    let outputs = self::outputs(places, outputs, out);
    let parameters = parameters
        .into_iter()
        .map(|p| super::Parameter {
            provider: p.provider.get_ref().clone(),
            key: p.key,
            place: p
                .r#in
                .as_ref()
                .and_then(|i| choice::<super::Place>(places, i, out))
                .unwrap_or_default(),
            prefix: p.prefix,
            data: p.data.iter().map(|d| d.get_ref().clone()).collect(),
            evidence: Vec::new(),
            at: Some(places.of(&p.provider)),
        })
        .collect();
    let mut catalogue = Catalogue {
        path: places.path.to_path_buf(),
        term_index: Default::default(),
        notice,
        operator,
        providers,
        data_items,
        purposes,
        conditions,
        purpose_groups,
        opt_outs,
        parameters,
        transmissions: transmissions
            .into_iter()
            .map(|t| self::transmission(places, t))
            .collect(),
        discovery: super::Discovery {
            key_methods: discovery.key_methods,
            exclude: discovery.exclude,
        },
        outputs,
        policy: None,
    };
    if let Some(policy) = policy {
        catalogue.policy = Some(super::policy::validate(places, policy, &catalogue, out));
    }
    catalogue
}

/// A `[[transmission]]`: its annotation text, and where that text starts in the file (exactly,
/// when the string has no escapes, so that an error in it points at its own characters).
fn transmission(places: &Places<'_>, t: raw::TransmissionDecl) -> super::ForeignTransmission {
    let span = t.disclose.span();
    let raw = places.source.get(span.clone()).unwrap_or_default();
    let text = t.disclose.get_ref().clone();
    let quote = ["\'\'\'", "\"\"\"", "'", "\""]
        .into_iter()
        .find(|q| raw.starts_with(q))
        .map_or(0, str::len);
    let start = span.start + quote;
    let exact = raw.get(quote..quote + text.len()) == Some(text.as_str());
    super::ForeignTransmission {
        source: t.source.get_ref().clone(),
        source_at: places.of(&t.source),
        text,
        text_at: places.at(start..start),
        exact,
    }
}

fn operator(places: &Places<'_>, o: raw::Operator, out: &mut Diagnostics) -> Operator {
    let website = o.website.map(|w| checked_url(places, &w, out));
    let country = match &o.country {
        Some(c) => {
            check_country(places, c, out);
            c.get_ref().clone()
        }
        None => "JP".to_string(),
    };
    // `[operator]` itself has no span of its own in the raw types: point at its name's table.
    let at = places
        .source
        .find("[operator]")
        .map(|i| places.at(i..i + "[operator]".len()))
        .unwrap_or_else(|| Location::new(places.path, 1, 1));
    Operator {
        name: o.name,
        short_name: o.short_name,
        services: o.services,
        website,
        country,
        service_term: o.service_term,
        user_term: o.user_term,
        at,
    }
}

fn notice_settings(
    places: &Places<'_>,
    n: raw::NoticeTexts,
    out: &mut Diagnostics,
) -> NoticeSettings {
    NoticeSettings {
        title: n.title,
        introduction: n.introduction,
        opt_out: n.opt_out,
        essential: n.essential,
        essential_opt_out: n.essential_opt_out,
        revision_policy: n.revision_policy,
        contact: n.contact,
        notes: n.notes,
        version: n.version,
        published: n.published.and_then(|d| date(places, &d, out)),
        effective: n.effective.and_then(|d| date(places, &d, out)),
        last_updated: n.last_updated.and_then(|d| date(places, &d, out)),
        revisions: n
            .revisions
            .into_iter()
            .filter_map(|r| {
                Some(Revision {
                    date: date(places, &r.date, out)?,
                    summary: r.summary,
                })
            })
            .collect(),
        sends_nothing: n.sends_nothing,
        server_section: n.server_section,
        declared_order: match &n.item_order {
            None => false,
            Some(o) if o.get_ref() == "vocabulary" => false,
            Some(o) if o.get_ref() == "declared" => true,
            Some(o) => {
                out.push(
                    Diagnostic::error(
                        Code::UnknownId,
                        format!("unknown item order `{}`", o.get_ref()),
                    )
                    .at(places.of(o))
                    .help("use `vocabulary` (the vocabulary's order) or `declared` (as each annotation writes them)"),
                );
                false
            }
        },
        cross_border: n.cross_border,
        at: places
            .source
            .find("[notice]")
            .map(|i| places.at(i..i + "[notice]".len())),
    }
}

/// A TOML date that is a plain calendar date, or an error at it.
pub(super) fn date(
    places: &Places<'_>,
    value: &raw::RawDate,
    out: &mut Diagnostics,
) -> Option<Date> {
    let date = Date::from_toml(value.get_ref());
    if date.is_none() {
        out.push(
            Diagnostic::error(
                Code::DateInvalid,
                format!("`{}` is not a plain calendar date", value.get_ref()),
            )
            .at(places.of(value))
            .help("write a date without time, such as `2024-04-01`"),
        );
    }
    date
}

fn checked_url(places: &Places<'_>, url: &Spanned<String>, out: &mut Diagnostics) -> String {
    if let Err(d) = check_link_with(url.get_ref(), places.http_links) {
        out.push((*d).at(places.of(url)));
    }
    url.get_ref().clone()
}

/// A choice (`mechanism = "sdk"`), or an error naming every valid id.
pub(super) fn choice<T: Choice>(
    places: &Places<'_>,
    value: &Spanned<String>,
    out: &mut Diagnostics,
) -> Option<T> {
    let given = value.get_ref();
    if let Some(v) = T::from_id(given) {
        return Some(v);
    }
    let ids = T::ids();
    let mut help = format!("use one of: {}", ids.join(", "));
    if let Some(s) = suggest::did_you_mean(given, ids.iter().copied()) {
        help = format!("{s} {help}");
    }
    out.push(
        Diagnostic::error(Code::UnknownId, format!("unknown {} `{given}`", T::NOUN))
            .at(places.of(value))
            .help(help),
    );
    None
}

fn terms(
    places: &Places<'_>,
    kind: IdKind,
    declared: Vec<raw::TermDecl>,
    out: &mut Diagnostics,
) -> Vec<Term> {
    let builtin: std::collections::BTreeSet<&str> = builtin::vocabulary()
        .terms(kind)
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let mut terms: Vec<Term> = Vec::new();
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for decl in declared {
        let id = decl.id.get_ref();
        let at = places.of(&decl.id);
        if let Err((style, fixed)) = kind.check_form(id) {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("{} id `{id}` is not {style}", kind.noun()),
                )
                .at(at.clone())
                .help(format!("write `{fixed}`")),
            );
        }
        if builtin.contains(id.as_str()) {
            out.push(
                Diagnostic::error(
                    Code::BuiltinRedeclared,
                    format!("{} `{id}` is already built in", kind.noun()),
                )
                .at(at.clone())
                .help(format!(
                    "use the built-in `{id}` without declaring it, or give yours another id"
                )),
            );
            continue;
        }
        if let Some(first) = seen.get(id.as_str()).map(|&i| &terms[i]) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("duplicate {} id `{id}`", kind.noun()),
                )
                .at(at.clone())
                .label(
                    first.at.clone().unwrap_or_else(|| at.clone()),
                    "first declared here",
                )
                .help("remove one of the two declarations"),
            );
            continue;
        }
        let purpose = kind == IdKind::Purpose;
        let platform_id = |value: &Option<Spanned<String>>,
                           known: fn(&str, bool) -> bool,
                           platform: &str,
                           out: &mut Diagnostics| {
            let v = value.as_ref()?;
            if kind == IdKind::Condition {
                out.push(
                    Diagnostic::error(
                        Code::UnknownId,
                        format!("a condition has no {platform} identifier"),
                    )
                    .at(places.of(v))
                    .help("remove it: only data items and purposes map to the platforms' forms"),
                );
                return None;
            }
            if known(v.get_ref(), purpose) {
                Some(v.get_ref().clone())
            } else {
                out.push(
                    Diagnostic::error(
                        Code::UnknownId,
                        format!(
                            "`{}` is not one of {platform}'s published {} identifiers",
                            v.get_ref(),
                            if purpose { "purpose" } else { "data type" }
                        ),
                    )
                    .at(places.of(v))
                    .help("use an identifier from the platform's published list (docs/platforms.md), or leave it out so the export reports the item instead of guessing"),
                );
                None
            }
        };
        let apple = platform_id(&decl.apple, platforms::is_apple_id, "Apple", out);
        let play = platform_id(&decl.play, platforms::is_play_id, "Google Play", out);
        misplaced_fields(places, kind, &decl, &at, out);
        seen.insert(id.clone(), terms.len());
        terms.push(Term {
            id: id.clone(),
            label: decl.label,
            apple,
            play,
            examples: decl.examples,
            description: decl.description,
            personal: decl.personal,
            identifier: decl
                .identifier
                .as_ref()
                .and_then(|i| choice::<Identifier>(places, i, out)),
            not_sent: decl.not_sent,
            group: decl.group.map(Spanned::into_inner),
            exemption: decl
                .exemption
                .as_ref()
                .and_then(|e| choice::<Exemption>(places, e, out)),
            at: Some(at),
            declared_by: Provenance::Project,
        });
    }
    terms
}

/// Fields of a term that do not apply to its kind: examples, personal, identifier and not_sent
/// describe data items; group and exemption purposes; description purposes and groups.
fn misplaced_fields(
    places: &Places<'_>,
    kind: IdKind,
    decl: &raw::TermDecl,
    at: &Location,
    out: &mut Diagnostics,
) {
    let data = kind == IdKind::DataItem;
    let purpose = kind == IdKind::Purpose;
    let given = [
        ("examples", decl.examples.is_some(), data),
        ("personal", decl.personal.is_some(), data),
        ("identifier", decl.identifier.is_some(), data),
        ("not_sent", decl.not_sent.is_some(), data),
        ("group", decl.group.is_some(), purpose),
        ("exemption", decl.exemption.is_some(), purpose),
        (
            "description",
            decl.description.is_some(),
            purpose || kind == IdKind::PurposeGroup,
        ),
    ];
    for (field, present, applies) in given {
        if present && !applies {
            let at = match field {
                "group" => decl.group.as_ref().map(|g| places.of(g)),
                "exemption" => decl.exemption.as_ref().map(|e| places.of(e)),
                "identifier" => decl.identifier.as_ref().map(|i| places.of(i)),
                _ => None,
            }
            .unwrap_or_else(|| at.clone());
            out.push(
                Diagnostic::error(
                    Code::TermField,
                    format!("a {} has no `{field}`", kind.noun()),
                )
                .at(at)
                .help(match field {
                    "examples" | "personal" | "identifier" | "not_sent" => {
                        "only a [[data]] item takes it: remove it here"
                    }
                    "group" | "exemption" => "only a [[purpose]] takes it: remove it here",
                    _ => "only a [[purpose]] or [[purpose_group]] takes it: remove it here",
                }),
            );
        }
    }
}

/// Every purpose's `group` names a declared `[[purpose_group]]`.
fn check_groups(purposes: &[Term], groups: &[Term], out: &mut Diagnostics) {
    for p in purposes {
        let Some(group) = &p.group else { continue };
        if groups.iter().any(|g| &g.id == group) {
            continue;
        }
        let mut help = String::from("declare it as a [[purpose_group]] with an id and a label");
        if let Some(s) = suggest::did_you_mean(group, groups.iter().map(Term::id)) {
            help = format!("{s} {help}");
        }
        out.push(
            Diagnostic::error(
                Code::UnknownId,
                format!(
                    "purpose `{}` names an unknown purpose group `{group}`",
                    p.id
                ),
            )
            .at_opt(p.at.clone())
            .help(help),
        );
    }
}

fn named_opt_outs(
    places: &Places<'_>,
    declared: Vec<raw::OptOutEntry>,
    out: &mut Diagnostics,
) -> Vec<NamedOptOut> {
    let mut found: Vec<NamedOptOut> = Vec::new();
    for entry in declared {
        let id = entry.id.get_ref().clone();
        let at = places.of(&entry.id);
        if let Err((_, fixed)) = IdKind::OptOut.check_form(&id) {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("opt-out id `{id}` is not kebab-case"),
                )
                .at(at.clone())
                .help(format!("write `{fixed}`")),
            );
        }
        if let Some(first) = found.iter().find(|o| o.id == id) {
            out.push(
                Diagnostic::error(Code::DuplicateId, format!("duplicate opt-out id `{id}`"))
                    .at(at)
                    .label(
                        first.at.clone().expect("declared opt-outs have a place"),
                        "first declared here",
                    )
                    .help("remove one of the two [[opt_out]] tables or rename one"),
            );
            continue;
        }
        let opt_out = opt_out(places, &format!("opt-out `{id}`"), &at, entry.decl(), out);
        found.push(NamedOptOut {
            id,
            opt_out,
            at: Some(at),
            declared_by: Provenance::Project,
        });
    }
    found
}

fn providers(
    places: &Places<'_>,
    declared: Vec<raw::ProviderDecl>,
    out: &mut Diagnostics,
) -> Vec<Provider> {
    let mut providers: Vec<Provider> = Vec::new();
    let mut first_at: std::collections::BTreeMap<String, Location> =
        std::collections::BTreeMap::new();
    for decl in declared {
        let id = decl.id.get_ref();
        let at = places.of(&decl.id);
        if let Err((_, fixed)) = IdKind::Provider.check_form(id) {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("provider id `{id}` is not kebab-case"),
                )
                .at(at.clone())
                .help(format!("write it in lower case with hyphens: `{fixed}`")),
            );
        }
        if let Some(first) = first_at.get(id.as_str()) {
            out.push(
                Diagnostic::error(Code::DuplicateId, format!("duplicate provider id `{id}`"))
                    .at(at)
                    .label(first.clone(), "first declared here")
                    .help("merge the two `[[provider]]` tables or rename one"),
            );
            continue;
        }
        first_at.insert(id.clone(), at.clone());
        if let Some(provider) = resolve(places, decl, out) {
            providers.push(provider);
        }
    }
    providers
}

/// The facts `remove = [...]` may take away from a built-in entry.
const REMOVABLE: &[&str] = &[
    "country",
    "privacy_policy",
    "opt_out",
    "recipient_use",
    "recipient_use_url",
    "domains",
    "crates",
    "mechanism",
    "category",
    "storage",
];

/// A project's declaration over the built-in entry of the same id, if any. The declaration's
/// fields win; facts it does not state come from the built-in entry, unless it removes them.
fn resolve(
    places: &Places<'_>,
    decl: raw::ProviderDecl,
    out: &mut Diagnostics,
) -> Option<Provider> {
    let id = decl.id.get_ref().clone();
    let at = places.of(&decl.id);
    let base = builtin::providers().iter().find(|p| p.id == id);
    let mut removed: Vec<&str> = Vec::new();
    for fact in &decl.remove {
        let name = fact.get_ref().as_str();
        match REMOVABLE.iter().find(|r| **r == name) {
            Some(r) => removed.push(r),
            None => {
                let (message, help) = if matches!(name, "service" | "entity") {
                    (
                        format!("`{name}` cannot be removed: the notice must name it"),
                        format!("state the right `{name}` instead"),
                    )
                } else {
                    let mut help = format!("removable facts: {}", REMOVABLE.join(", "));
                    if let Some(s) = suggest::did_you_mean(name, REMOVABLE.iter().copied()) {
                        help = format!("{s} {help}");
                    }
                    (
                        format!("`{name}` is not a fact `remove` can take away"),
                        help,
                    )
                };
                out.push(
                    Diagnostic::error(Code::FactRemoval, message)
                        .at(places.of(fact))
                        .help(help),
                );
            }
        }
        if base.is_none() {
            out.push(
                Diagnostic::warning(
                    Code::FactRemoval,
                    format!("provider `{id}` is not built in: `remove` has nothing to take away"),
                )
                .at(places.of(fact))
                .help("remove `remove`; leave out the facts you do not want instead"),
            );
        }
    }
    let base_has = |name: &str, has: bool| has && !removed.contains(&name);
    // Where each fact comes from: the declaration when it states it, else the built-in entry.
    let mut provenance: Vec<(&'static str, Provenance)> = Vec::new();
    let mut record = |name: &'static str, own: bool, in_base: bool| {
        if own {
            provenance.push((name, Provenance::Project));
        } else if base_has(name, in_base) {
            provenance.push((name, Provenance::Builtin));
        }
    };
    let b = base;
    record("service", decl.service.is_some(), b.is_some());
    record("entity", decl.entity.is_some(), b.is_some());
    record(
        "country",
        decl.country.is_some(),
        b.is_some_and(|b| b.country.is_some()),
    );
    record(
        "privacy_policy",
        decl.privacy_policy.is_some(),
        b.is_some_and(|b| b.privacy_policy.is_some()),
    );
    record(
        "opt_out",
        decl.opt_out.is_some(),
        b.is_some_and(|b| b.opt_out.is_some()),
    );
    record(
        "recipient_use",
        decl.recipient_use.is_some(),
        b.is_some_and(|b| b.recipient_use.is_some()),
    );
    record(
        "recipient_use_url",
        decl.recipient_use_url.is_some(),
        b.is_some_and(|b| b.recipient_use_url.is_some()),
    );
    record(
        "domains",
        decl.domains.is_some(),
        b.is_some_and(|b| !b.domains.is_empty()),
    );
    record(
        "mechanism",
        decl.mechanism.is_some(),
        b.is_some_and(|b| b.mechanism.is_some()),
    );
    record(
        "category",
        decl.category.is_some(),
        b.is_some_and(|b| b.category.is_some()),
    );
    record(
        "storage",
        decl.storage.is_some(),
        b.is_some_and(|b| b.storage.is_some()),
    );
    record("relay", decl.relay.is_some(), false);
    record(
        "role",
        decl.role.is_some(),
        b.is_some_and(|b| b.role.is_some()),
    );
    record("origin", decl.origin.is_some(), false);
    let mut required = |field: &'static str, value: Option<Localized>, base: Option<&Localized>| {
        if let Some(v) = &value
            && v.iter().any(|(_, text)| text.trim().is_empty())
        {
            out.push(
                Diagnostic::error(
                    Code::ProviderFactMissing,
                    format!("provider `{id}` has an empty `{field}`"),
                )
                .at(at.clone())
                .help(format!(
                    "write the {} as the recipient publishes it; if only a brand is known, write it and add `entity_brand_only = true`",
                    if field == "entity" { "legal name" } else { "service name" }
                )),
            );
            return None;
        }
        let found = value.or_else(|| base.cloned());
        if found.is_none() {
            out.push(
                Diagnostic::error(
                    Code::ProviderFactMissing,
                    format!("provider `{id}` has no `{field}`"),
                )
                .at(at.clone())
                .help(format!(
                    "add `{field} = {{ ja = \"…\", en = \"…\" }}`; `{id}` is not a built-in provider whose facts could be used"
                )),
            );
        }
        found
    };
    let service = required("service", decl.service, base.map(|b| &b.service));
    let entity_stated = decl.entity.is_some();
    let entity = required("entity", decl.entity, base.map(|b| &b.entity));
    for country in decl.country.iter().chain(&decl.storage) {
        check_country(places, country, out);
    }
    let privacy_policy = decl
        .privacy_policy
        .as_ref()
        .map(|u| checked_url(places, u, out));
    let recipient_use_url = decl
        .recipient_use_url
        .as_ref()
        .map(|u| checked_url(places, u, out));
    let opt_out = decl
        .opt_out
        .map(|o| opt_out(places, &format!("provider `{id}`"), &at, o, out));
    let links: Vec<Link> = decl
        .links
        .iter()
        .map(|l| Link {
            url: checked_url(places, &l.url, out),
            label: l.label.clone(),
        })
        .collect();
    let sources: Vec<String> = decl
        .sources
        .iter()
        .map(|s| checked_url(places, s, out))
        .collect();
    let mechanism = decl
        .mechanism
        .as_ref()
        .and_then(|m| choice::<Mechanism>(places, m, out));
    let origin = decl
        .origin
        .as_ref()
        .and_then(|o| choice::<Origin>(places, o, out));
    let category = decl
        .category
        .as_ref()
        .and_then(|c| category(places, c, out));
    let role = decl
        .role
        .as_ref()
        .and_then(|r| choice::<super::Role>(places, r, out));
    if let Some(relay) = &decl.relay
        && !is_host(relay)
    {
        out.push(
            Diagnostic::error(
                Code::LinkInvalid,
                format!("provider `{id}`: relay `{relay}` is not a host name"),
            )
            .at(at.clone())
            .help("write the host alone, such as `t.example.com` (no scheme, path or port)"),
        );
    }
    let (service, entity) = (service?, entity?);
    let kept = |name: &str| !removed.contains(&name);
    let mut all_sources = sources;
    for url in base.map(|b| b.sources.clone()).unwrap_or_default() {
        if !all_sources.contains(&url) {
            all_sources.push(url);
        }
    }
    Some(Provider {
        id,
        at: Some(at),
        declared_by: Provenance::Project,
        service,
        entity,
        country: decl.country.map(Spanned::into_inner).or_else(|| {
            base.and_then(|b| b.country.clone())
                .filter(|_| kept("country"))
        }),
        privacy_policy: privacy_policy.or_else(|| {
            base.and_then(|b| b.privacy_policy.clone())
                .filter(|_| kept("privacy_policy"))
        }),
        privacy_policy_label: decl.privacy_policy_label,
        opt_out: opt_out.or_else(|| {
            base.and_then(|b| b.opt_out.clone())
                .filter(|_| kept("opt_out"))
        }),
        links,
        recipient_use: decl.recipient_use.or_else(|| {
            base.and_then(|b| b.recipient_use.clone())
                .filter(|_| kept("recipient_use"))
        }),
        recipient_use_url: recipient_use_url.or_else(|| {
            base.and_then(|b| b.recipient_use_url.clone())
                .filter(|_| kept("recipient_use_url"))
        }),
        domains: decl.domains.unwrap_or_else(|| {
            base.filter(|_| kept("domains"))
                .map(|b| b.domains.clone())
                .unwrap_or_default()
        }),
        packages: {
            let mut packages = base
                .filter(|_| kept("crates"))
                .map(|b| b.packages.clone())
                .unwrap_or_default();
            if let Some(crates) = decl.crates {
                packages.crates = crates;
            }
            packages
        },
        role: role.or_else(|| base.and_then(|b| b.role)),
        entity_unconfirmed: if entity_stated {
            None
        } else {
            base.and_then(|b| b.entity_unconfirmed.clone())
        },
        // The evidence of the built-in facts that still stand.
        evidence: base
            .map(|b| {
                b.evidence
                    .iter()
                    .filter(|(name, _)| {
                        provenance
                            .iter()
                            .any(|(n, p)| n == name && *p == Provenance::Builtin)
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        mechanism: mechanism
            .or_else(|| base.and_then(|b| b.mechanism).filter(|_| kept("mechanism"))),
        origin: origin.unwrap_or_default(),
        category: category.or_else(|| {
            base.and_then(|b| b.category.clone())
                .filter(|_| kept("category"))
        }),
        entity_brand_only: decl.entity_brand_only,
        storage: decl.storage.map(Spanned::into_inner).or_else(|| {
            base.and_then(|b| b.storage.clone())
                .filter(|_| kept("storage"))
        }),
        relay: decl.relay,
        first_party: decl.first_party.unwrap_or(false),
        notes: decl.notes,
        sources: all_sources,
        provenance,
    })
}

/// A recipient's category: a built-in id's label, or the project's own text.
fn category(
    places: &Places<'_>,
    value: &Spanned<raw::CategoryRef>,
    out: &mut Diagnostics,
) -> Option<Localized> {
    match value.get_ref() {
        raw::CategoryRef::Text(text) => Some(text.clone()),
        raw::CategoryRef::Id(id) => {
            let categories = &builtin::vocabulary().categories;
            if let Some(term) = categories.iter().find(|t| t.id == *id) {
                return Some(term.label.clone());
            }
            let mut help = format!(
                "use a built-in category ({}), or your own label: `category = {{ ja = \"…\", en = \"…\" }}`",
                categories
                    .iter()
                    .map(Term::id)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(s) = suggest::did_you_mean(id, categories.iter().map(Term::id)) {
                help = format!("{s} {help}");
            }
            out.push(
                Diagnostic::error(Code::UnknownId, format!("unknown category `{id}`"))
                    .at(places.of(value))
                    .help(help),
            );
            None
        }
    }
}

/// A DNS host name: labels of letters, digits and hyphens joined by dots.
fn is_host(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn check_country(places: &Places<'_>, country: &Spanned<String>, out: &mut Diagnostics) {
    let code = country.get_ref();
    if Catalogue::country(code).is_some() {
        return;
    }
    let known = builtin::vocabulary().countries.iter().map(Term::id);
    let mut help = String::from("use an ISO 3166-1 alpha-2 code such as `US`");
    if let Some(s) = suggest::did_you_mean(&code.to_ascii_uppercase(), known) {
        help = format!("{s} {help}");
    }
    out.push(
        Diagnostic::error(
            Code::UnknownCountry,
            format!("unknown country code `{code}`"),
        )
        .at(places.of(country))
        .help(help),
    );
}

/// A way to stop a transmission (or why it cannot be stopped); `what` names it in messages
/// ("provider `x`", "opt-out `y`").
fn opt_out(
    places: &Places<'_>,
    what: &str,
    at: &Location,
    o: raw::OptOutDecl,
    out: &mut Diagnostics,
) -> OptOut {
    let url = o.url.as_ref().map(|u| checked_url(places, u, out));
    let offers_a_way = url.is_some() || o.steps.is_some();
    if o.not_possible.is_some() && offers_a_way {
        out.push(
            Diagnostic::error(
                Code::OptOutInvalid,
                format!("{what}: the opt-out gives both a way to opt out and `not_possible`"),
            )
            .at(at.clone())
            .help("a transmission either can be stopped or cannot: keep `url`/`steps`, or keep only `not_possible` with its reason, and state the other transmission as an [[opt_out]] of its own"),
        );
    } else if o.not_possible.is_none() && !offers_a_way {
        out.push(
            Diagnostic::error(Code::OptOutInvalid, format!("{what}: the opt-out is empty"))
                .at(at.clone())
                .help(
                    "give `url = \"https://…\"`, `steps = { ja = \"…\", en = \"…\" }`, or \
                     `not_possible = { … }` with the reason; to drop a built-in opt-out, write \
                     `remove = [\"opt_out\"]`",
                ),
        );
    }
    let extras = [
        ("stops", o.stops.is_some()),
        ("reach", o.reach.is_some()),
        ("label", o.label.is_some()),
    ];
    if o.not_possible.is_some() {
        for (field, given) in extras {
            if given {
                out.push(
                    Diagnostic::error(
                        Code::OptOutInvalid,
                        format!("{what}: `{field}` describes a way to opt out, but this one is `not_possible`"),
                    )
                    .at(at.clone())
                    .help(format!("remove `{field}`")),
                );
            }
        }
    }
    OptOut {
        url,
        steps: o.steps,
        not_possible: o.not_possible,
        stops: o
            .stops
            .as_ref()
            .and_then(|s| choice::<Stops>(places, s, out)),
        reach: o
            .reach
            .as_ref()
            .and_then(|r| choice::<Reach>(places, r, out)),
        label: o.label,
    }
}

fn outputs(
    places: &Places<'_>,
    declared: Vec<raw::OutputDecl>,
    out: &mut Diagnostics,
) -> Vec<OutputSpec> {
    let mut outputs: Vec<OutputSpec> = Vec::new();
    for decl in declared {
        let at = places.of(&decl.path);
        let langs = match &decl.lang {
            Some(l) => {
                let langs = l.get_ref().to_vec();
                let mut seen: Vec<Lang> = Vec::new();
                for lang in &langs {
                    if seen.contains(lang) {
                        out.push(
                            Diagnostic::error(
                                Code::OutputInvalid,
                                format!("language `{lang}` is listed twice"),
                            )
                            .at(places.of(l))
                            .help("list each language once"),
                        );
                    }
                    seen.push(*lang);
                }
                if langs.is_empty() {
                    out.push(
                        Diagnostic::error(Code::OutputInvalid, "`lang` is an empty list")
                            .at(places.of(l))
                            .help("write `lang = \"ja\"`, `\"en\"` or `[\"ja\", \"en\"]`"),
                    );
                }
                seen
            }
            None => vec![Lang::Ja],
        };
        let normal = normalise(decl.path.get_ref());
        if let Some(first) = outputs.iter().find(|o| normalise(&o.path) == normal) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("output `{}` is declared twice", decl.path.get_ref()),
                )
                .at(at.clone())
                .label(first.at.clone(), "first declared here")
                .help("remove one of the two `[[output]]` tables"),
            );
            continue;
        }
        let located = |v: &Spanned<String>| Located::new(v.get_ref().clone(), places.of(v));
        outputs.push(OutputSpec {
            path: decl.path.get_ref().clone(),
            format: located(&decl.format),
            langs,
            template: decl.template.as_ref().map(located),
            fragment: decl.fragment.then(|| places.of(&decl.format)),
            layout: decl.layout.as_ref().map(located),
            at,
        });
    }
    outputs
}

/// A relative path with `.` and repeated separators removed and `..` applied, for comparing.
pub(crate) fn normalise(path: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in Path::new(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
