//! `[notice]` and `[operator]`.

use toml::Spanned;

use super::super::places::{Places, checked_url, date};
use super::super::raw;
use super::super::{Catalogue, NoticeSettings, Operator, Revision, Term, vocabulary};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::foundation::suggest;

pub(super) fn operator(places: &Places<'_>, o: raw::Operator, out: &mut Diagnostics) -> Operator {
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

pub(super) fn notice_settings(
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

pub(crate) fn check_country(places: &Places<'_>, country: &Spanned<String>, out: &mut Diagnostics) {
    let code = country.get_ref();
    if Catalogue::country(code).is_some() {
        return;
    }
    let known = vocabulary::vocabulary().countries.iter().map(Term::id);
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
