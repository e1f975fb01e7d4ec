//! From [`raw::Document`] to [`Catalogue`]: every id, link, choice and date checked, every problem
//! reported at its place (all of them, not only the first), every declared provider resolved over
//! the built-in entry of the same id.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::builtin::{self, platforms};
use super::link::check_link;
use super::raw::{self, Document};
use super::{
    Catalogue, Choice, Format, Link, Mechanism, NoticeSettings, Operator, OptOut, Origin,
    OutputSpec, Provider, Stops, Term,
};
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::suggest;

/// Positions in one catalogue file.
pub(super) struct Places<'a> {
    pub path: &'a Path,
    pub source: &'a str,
}

impl Places<'_> {
    pub fn at(&self, span: Range<usize>) -> Location {
        Location::of_span(self.path, self.source, span)
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
    let places = Places { path, source };
    let document: Document = toml::from_str(source).map_err(|e| syntax_error(&places, &e))?;
    let mut out = Diagnostics::new();
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
        outputs,
        policy,
    } = doc;
    let data_items = terms(places, IdKind::DataItem, data_items, out);
    let purposes = terms(places, IdKind::Purpose, purposes, out);
    let conditions = terms(places, IdKind::Condition, conditions, out);
    let operator = operator.map(|o| self::operator(places, o, out));
    let notice = notice_settings(places, notice, out);
    let providers = self::providers(places, providers, out);
    let outputs = self::outputs(places, outputs, out);
    let mut catalogue = Catalogue {
        path: places.path.to_path_buf(),
        notice,
        operator,
        providers,
        data_items,
        purposes,
        conditions,
        outputs,
        policy: None,
    };
    if let Some(policy) = policy {
        catalogue.policy = Some(super::policy::validate(places, policy, &catalogue, out));
    }
    catalogue
}

fn operator(places: &Places<'_>, o: raw::Operator, out: &mut Diagnostics) -> Operator {
    let website = o.website.map(|w| checked_url(places, &w, out));
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
        last_updated: n.last_updated.and_then(|d| date(places, &d, out)),
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
    if let Err(d) = check_link(url.get_ref()) {
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
    let builtin = builtin::vocabulary().terms(kind);
    let mut terms: Vec<Term> = Vec::new();
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
        if builtin.iter().any(|t| t.id == *id) {
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
        if let Some(first) = terms.iter().find(|t| t.id == *id) {
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
        terms.push(Term {
            id: id.clone(),
            label: decl.label,
            apple,
            play,
            at: Some(at),
            origin: Origin::Project,
        });
    }
    terms
}

fn providers(
    places: &Places<'_>,
    declared: Vec<raw::ProviderDecl>,
    out: &mut Diagnostics,
) -> Vec<Provider> {
    let mut providers: Vec<Provider> = Vec::new();
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
        if let Some(first) = providers.iter().find(|p| p.id == *id) {
            out.push(
                Diagnostic::error(Code::DuplicateId, format!("duplicate provider id `{id}`"))
                    .at(at)
                    .label(
                        first.at.clone().expect("declared providers have a place"),
                        "first declared here",
                    )
                    .help("merge the two `[[provider]]` tables or rename one"),
            );
            continue;
        }
        if let Some(provider) = resolve(places, decl, out) {
            providers.push(provider);
        }
    }
    providers
}

/// A project's declaration over the built-in entry of the same id, if any. The declaration's
/// fields win; lists it leaves empty come from the built-in entry.
fn resolve(
    places: &Places<'_>,
    decl: raw::ProviderDecl,
    out: &mut Diagnostics,
) -> Option<Provider> {
    let id = decl.id.get_ref().clone();
    let at = places.of(&decl.id);
    let base = builtin::providers().iter().find(|p| p.id == id);
    // Where each fact comes from: the declaration when it states it, else the built-in entry.
    let mut provenance: Vec<(&'static str, Origin)> = Vec::new();
    let mut record = |name: &'static str, own: bool, base_has: bool| {
        if own {
            provenance.push((name, Origin::Project));
        } else if base_has {
            provenance.push((name, Origin::Builtin));
        }
    };
    record("service", decl.service.is_some(), base.is_some());
    record("entity", decl.entity.is_some(), base.is_some());
    record(
        "country",
        decl.country.is_some(),
        base.is_some_and(|b| b.country.is_some()),
    );
    record(
        "privacy_policy",
        decl.privacy_policy.is_some(),
        base.is_some_and(|b| b.privacy_policy.is_some()),
    );
    record(
        "opt_out",
        decl.opt_out.is_some(),
        base.is_some_and(|b| b.opt_out.is_some()),
    );
    record(
        "recipient_use",
        decl.recipient_use.is_some(),
        base.is_some_and(|b| b.recipient_use.is_some()),
    );
    record(
        "domains",
        !decl.domains.is_empty(),
        base.is_some_and(|b| !b.domains.is_empty()),
    );
    let mut required = |field: &'static str, value: Option<Localized>, base: Option<&Localized>| {
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
    let entity = required("entity", decl.entity, base.map(|b| &b.entity));
    if let Some(country) = &decl.country {
        check_country(places, country, out);
    }
    let privacy_policy = decl
        .privacy_policy
        .as_ref()
        .map(|u| checked_url(places, u, out));
    let opt_out = decl.opt_out.map(|o| opt_out(places, &id, &at, o, out));
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
    let (service, entity) = (service?, entity?);
    let list = |own: Vec<String>, base: Option<&Vec<String>>| {
        if own.is_empty() {
            base.cloned().unwrap_or_default()
        } else {
            own
        }
    };
    let mut all_sources = sources;
    for url in base.map(|b| b.sources.clone()).unwrap_or_default() {
        if !all_sources.contains(&url) {
            all_sources.push(url);
        }
    }
    Some(Provider {
        id,
        at: Some(at),
        origin: Origin::Project,
        service,
        entity,
        country: decl
            .country
            .map(|c| c.into_inner())
            .or_else(|| base.and_then(|b| b.country.clone())),
        privacy_policy: privacy_policy.or_else(|| base.and_then(|b| b.privacy_policy.clone())),
        privacy_policy_label: decl.privacy_policy_label,
        opt_out: opt_out.or_else(|| base.and_then(|b| b.opt_out.clone())),
        links,
        recipient_use: decl
            .recipient_use
            .or_else(|| base.and_then(|b| b.recipient_use.clone())),
        domains: list(decl.domains, base.map(|b| &b.domains)),
        crates: list(decl.crates, base.map(|b| &b.crates)),
        mechanism: mechanism.or_else(|| base.and_then(|b| b.mechanism)),
        first_party: decl.first_party.unwrap_or(false),
        notes: decl.notes,
        sources: all_sources,
        provenance,
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

fn opt_out(
    places: &Places<'_>,
    id: &str,
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
                format!(
                    "provider `{id}`: `opt_out` gives both a way to opt out and `not_possible`"
                ),
            )
            .at(at.clone())
            .help("keep `url`/`steps`, or keep only `not_possible` with its reason"),
        );
    } else if o.not_possible.is_none() && !offers_a_way {
        out.push(
            Diagnostic::error(
                Code::OptOutInvalid,
                format!("provider `{id}`: `opt_out` is empty"),
            )
            .at(at.clone())
            .help(
                "give `url = \"https://…\"`, `steps = { ja = \"…\", en = \"…\" }`, or \
                     `not_possible = { … }` with the reason",
            ),
        );
    }
    OptOut {
        url,
        steps: o.steps,
        not_possible: o.not_possible,
        stops: o
            .stops
            .as_ref()
            .and_then(|s| choice::<Stops>(places, s, out)),
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
        let format = match decl.format.get_ref().parse::<Format>() {
            Ok(f) => Some(f),
            Err(_) => choice::<Format>(places, &decl.format, out),
        };
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
        let Some(format) = format else { continue };
        if decl.fragment && format != Format::Html {
            out.push(
                Diagnostic::error(
                    Code::OutputInvalid,
                    "`fragment` only applies to `format = \"html\"`",
                )
                .at(places.of(&decl.format))
                .help("remove `fragment = true`, or use the html format"),
            );
        }
        if let Some(template) = &decl.template
            && !format.is_templated()
        {
            out.push(
                Diagnostic::error(
                    Code::OutputInvalid,
                    format!("the {format} format is not rendered through a template"),
                )
                .at(places.of(template))
                .help("remove `template`, or use markdown, html or mermaid"),
            );
        }
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
        outputs.push(OutputSpec {
            path: decl.path.get_ref().clone(),
            format,
            langs,
            template_at: decl.template.as_ref().map(|t| places.of(t)),
            template: decl.template.map(Spanned::into_inner),
            fragment: decl.fragment,
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
