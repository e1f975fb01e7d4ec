//! Positions in one catalogue file, and the checks every part of a catalogue shares: a date, a
//! choice from a closed set, a link. A leaf: the validation of each part (`validate/`), the policy
//! and the fact list use it.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::link::{HttpLinks, check_link_with};
use super::raw;
use crate::foundation::choice::Choice;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, LineIndex, Location};
use crate::foundation::suggest;

/// Positions in one catalogue file, and how it treats `http:` links (`[notice] allow_http_links`).
pub(crate) struct Places<'a> {
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

/// A TOML date that is a plain calendar date, or an error at it.
pub(crate) fn date(
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

/// A link as written, checked (an error, or a warning for an allowed `http:` link, at its place).
pub(crate) fn checked_url(
    places: &Places<'_>,
    url: &Spanned<String>,
    out: &mut Diagnostics,
) -> String {
    if let Err(d) = check_link_with(url.get_ref(), places.http_links) {
        out.push((*d).at(places.of(url)));
    }
    url.get_ref().clone()
}

/// A choice (`mechanism = "sdk"`), or an error naming every valid id.
pub(crate) fn choice<T: Choice>(
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

/// What a fact's checker gets besides the value: where it is, and whose it is.
pub(crate) struct Context<'a> {
    /// The file's positions.
    pub places: &'a Places<'a>,
    /// The provider's id.
    pub id: &'a str,
    /// Where the provider is declared.
    pub at: Location,
    /// A built-in provider's own sites (its evidence there is primary).
    pub sites: &'a [String],
}

/// A date that says when something already happened (published, revised): one later than
/// tomorrow (the notice's readers may be a day ahead of UTC) is an error, as a date that does
/// not exist is.
pub(crate) fn past(
    places: &Places<'_>,
    value: &raw::RawDate,
    what: &str,
    out: &mut Diagnostics,
) -> Option<Date> {
    let d = date(places, value, out)?;
    let today = Date::today_utc();
    if today.days_until(d) > 1 {
        out.push(
            Diagnostic::error(
                Code::DateInvalid,
                format!("`{what}` {} is in the future", value.get_ref()),
            )
            .at(places.of(value))
            .help("write the day it happened; a version that takes effect later says so with `effective`"),
        );
        return None;
    }
    Some(d)
}
