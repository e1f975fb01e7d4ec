//! `[notice]` and `[operator]`.

use toml::Spanned;

use super::super::places::{Places, checked_url, date, past};
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
        subtitle: n.subtitle,
        introduction: n.introduction,
        preface: n.preface,
        opt_out: n.opt_out,
        essential: n.essential,
        essential_opt_out: n.essential_opt_out,
        revision_policy: n.revision_policy,
        contact: n.contact,
        notes: n.notes,
        version: n.version,
        url: n.url.map(|u| notice_url(places, &u, out)),
        consent_log: n.consent_log.and_then(|u| site_path(places, &u, out)),
        published: n.published.and_then(|d| past(places, &d, "published", out)),
        // A notice may be published before the version it states takes effect.
        effective: n.effective.and_then(|d| date(places, &d, out)),
        last_updated: n
            .last_updated
            .and_then(|d| past(places, &d, "last_updated", out)),
        revisions: n
            .revisions
            .into_iter()
            .filter_map(|r| {
                Some(Revision {
                    date: past(places, &r.date, "revision date", out)?,
                    summary: r.summary,
                })
            })
            .collect(),
        sends_nothing: n.sends_nothing,
        server_section: n.server_section,
        declared_order: switch(
            places,
            n.item_order.as_ref(),
            "item order",
            ("vocabulary", "declared"),
            "use `vocabulary` (the vocabulary's order) or `declared` (as each annotation writes them)",
            out,
        ),
        cross_border: n.cross_border,
        dates_at_top: n.dates_at_top,
        purposes_first: switch(
            places,
            n.sections.as_ref(),
            "section order",
            ("data-first", "purposes-first"),
            "use `data-first` (1. the information sent, 2. the purposes) or `purposes-first`",
            out,
        ),
        at: places
            .source
            .find("[notice]")
            .map(|i| places.at(i..i + "[notice]".len())),
    }
}

/// A setting with two values: whether it is the second (`off`, `on`); an unknown value is an
/// error, with the closest known one suggested.
fn switch(
    places: &Places<'_>,
    value: Option<&Spanned<String>>,
    what: &str,
    (off, on): (&str, &str),
    help: &str,
    out: &mut Diagnostics,
) -> bool {
    let Some(v) = value else { return false };
    match v.get_ref().as_str() {
        x if x == off => false,
        x if x == on => true,
        other => {
            let mut help = help.to_string();
            if let Some(s) = suggest::did_you_mean(other, [off, on]) {
                help = format!("{s} {help}");
            }
            out.push(
                Diagnostic::error(Code::UnknownId, format!("unknown {what} `{other}`"))
                    .at(places.of(v))
                    .help(help),
            );
            false
        }
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

/// Where the notice is published: an https: address, or a path on the operator's own site
/// (`/privacy/external`), which pages of that site (the consent panel) link to as it is.
fn notice_url(places: &Places<'_>, url: &Spanned<String>, out: &mut Diagnostics) -> String {
    if is_site_path(url.get_ref()) {
        site_path(places, url, out);
        return url.get_ref().clone();
    }
    checked_url(places, url, out)
}

fn is_site_path(text: &str) -> bool {
    text.starts_with('/') && !text.starts_with("//")
}

/// A path on the operator's own site (`/disclosure/consent`), checked as a link on it is.
fn site_path(places: &Places<'_>, path: &Spanned<String>, out: &mut Diagnostics) -> Option<String> {
    let text = path.get_ref();
    let absolute = format!("https://site.invalid{text}");
    let checked = if is_site_path(text) {
        crate::catalogue::link::check_link_with(&absolute, places.http_links)
    } else {
        Err(Box::new(
            Diagnostic::error(
                Code::LinkInvalid,
                format!("`{}` is not a path on the site", text.escape_debug()),
            )
            .help("write the path from the site's root: `/disclosure/consent`"),
        ))
    };
    match checked {
        Ok(()) => Some(text.clone()),
        Err(d) => {
            out.push((*d).at(places.of(path)));
            None
        }
    }
}
