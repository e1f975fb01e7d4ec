//! Where a fact comes from: who stated it ([`Provenance`]: the built-in catalogue, the project, a
//! dependency) and, for a built-in fact, the evidence it rests on ([`Evidence`]: the page, the
//! sentence quoted from it, the document's own date, when it was checked, and whether the page is
//! the provider's own). A [`Fact`] carries its value with both, from the catalogue through the
//! notice model to every output that prints it.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::foundation::date::Date;

/// Who stated a fact, a term or a provider.
#[derive(
    Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Provenance {
    /// The built-in catalogue of `disclosure`.
    Builtin,
    /// The application's own `disclosure.toml`.
    Project,
    /// The catalogue of a dependency (or another workspace member) that declares transmissions of
    /// its own.
    Dependency {
        /// The package whose catalogue it is.
        package: String,
    },
}

/// A value, who stated it, and (for a built-in fact) the evidence it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Who stated it.
    pub provenance: Provenance,
    /// What it rests on: for a built-in fact, quotes of its sources (none: unverified).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// A remark on it (a setting that changes it, a limit of its source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The project's own check of a built-in fact (`checked` in its `[[provider]]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<TeamCheck>,
}

/// A check the project's own team made of a built-in fact against the provider's documents
/// (`checked = [{ facts = […], by = "…", date = … }]` in its `[[provider]]`): who, and when. The
/// fact stays the built-in one; the check is the project's word that it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamCheck {
    /// Who checked it.
    pub by: String,
    /// When.
    pub date: Date,
}

impl<T> Fact<T> {
    /// A fact a catalogue states, without evidence of its own.
    pub fn stated(value: T, provenance: Provenance) -> Fact<T> {
        Fact {
            value,
            provenance,
            evidence: Vec::new(),
            note: None,
            checked: None,
        }
    }

    /// A fact of the built-in catalogue, with its evidence.
    pub fn built_in(value: T, evidence: Vec<Evidence>, note: Option<String>) -> Fact<T> {
        Fact {
            value,
            provenance: Provenance::Builtin,
            evidence,
            note,
            checked: None,
        }
    }

    /// Whether it is a built-in fact that no quote supports and the project has not checked.
    pub fn unverified(&self) -> bool {
        unverified(&self.provenance, &self.evidence, self.checked.as_ref())
    }
}

/// Whether a fact so stated and supported is unverified: built in, with no quote, and not checked
/// by the project's team.
pub fn unverified(
    provenance: &Provenance,
    evidence: &[Evidence],
    checked: Option<&TeamCheck>,
) -> bool {
    *provenance == Provenance::Builtin && evidence.is_empty() && checked.is_none()
}

crate::choices! {
    /// What the date of a piece of evidence is.
    pub enum DocumentDate("date kind") {
        /// When the document took effect.
        Effective = "effective",
        /// When the page says it was last updated.
        Updated = "updated",
        /// When the page says it was published.
        Published = "published",
        /// The commit of a repository's file.
        Commit = "commit",
        /// The page states no date: the date of the archived copy read.
        Archived = "archived",
        /// The page states no date and no dated copy exists: when the quote was confirmed.
        Seen = "seen",
    }
}

/// Where a built-in fact was read: the page, the sentence quoted from it, the document's own date,
/// when the quote was checked, and whether the page is the provider's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The page (https).
    pub url: String,
    /// The sentence that states the fact, as the page has it.
    pub quote: String,
    /// When the quote was last confirmed.
    pub checked: Date,
    /// The document's own date (see `date_kind`).
    pub document_date: Date,
    /// What `document_date` is: `effective`, `updated`, `published`, `commit`, `archived` or
    /// `seen`.
    pub date_kind: DocumentDate,
    /// The page is the provider's own (one of its sites, or an archived copy of one): a legal fact
    /// rests only on such pages.
    pub primary: bool,
}

/// One piece of evidence as a built-in provider's file writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// The page.
    pub url: Spanned<String>,
    /// The sentence quoted.
    pub quote: Spanned<String>,
    /// When it was checked.
    pub checked: Spanned<toml::value::Datetime>,
    /// The document's own date.
    pub document_date: Spanned<toml::value::Datetime>,
    /// What that date is.
    pub date_kind: Spanned<String>,
}

impl RawEvidence {
    /// The evidence, judged primary against the provider's `sites`; `None` when a date is not a
    /// plain date or the date kind is unknown (the file's validation says which).
    pub fn resolve(&self, sites: &[String]) -> Option<Evidence> {
        Some(Evidence {
            url: self.url.get_ref().clone(),
            quote: self.quote.get_ref().clone(),
            checked: Date::from_toml(self.checked.get_ref())?,
            document_date: Date::from_toml(self.document_date.get_ref())?,
            date_kind: self.date_kind.get_ref().parse().ok()?,
            primary: is_primary(self.url.get_ref(), sites),
        })
    }
}

/// A fact with its evidence, as a built-in provider's file writes it:
/// `[role] value = "processor"; evidence = [...]; note = "…"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidenced<R> {
    /// The value, in the project's form.
    pub value: R,
    /// Its evidence (`[]`: unverified).
    pub evidence: Vec<RawEvidence>,
    /// A remark on it.
    pub note: Option<String>,
}

/// A built-in file's form of a fact: the value in the project's form, its evidence when given (a
/// fact written without it is not a quoted fact), and its note.
pub trait Split<R> {
    /// The value, the evidence and the note.
    fn split(&self) -> (&R, Option<&[RawEvidence]>, Option<String>);
}

impl<R> Split<R> for Evidenced<R> {
    fn split(&self) -> (&R, Option<&[RawEvidence]>, Option<String>) {
        (&self.value, Some(&self.evidence), self.note.clone())
    }
}

macro_rules! plain {
    ($($ty:ty),*) => {$(
        impl Split<$ty> for $ty {
            fn split(&self) -> (&$ty, Option<&[RawEvidence]>, Option<String>) {
                (self, None, None)
            }
        }
    )*};
}

plain!(
    crate::foundation::localized::Localized,
    Spanned<String>,
    bool,
    Vec<super::raw::LinkDecl>,
    Vec<crate::foundation::localized::Localized>,
    Vec<Spanned<String>>,
    Spanned<super::raw::CategoryRef>
);

/// A fact's properties, from the fact list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactInfo {
    /// Its name (`recipient_use`).
    pub name: &'static str,
    /// A project may take the built-in value away (`remove = ["…"]`).
    pub removable: bool,
    /// It belongs to the legal entity: a project that states another entity does not inherit it.
    pub with_entity: bool,
    /// A legal fact: the built-in catalogue states it only on the provider's own pages.
    pub legal: bool,
}

/// Whether `flags` holds `flag` (in const context: the fact list's properties).
pub(crate) const fn has_flag(flags: &[&str], flag: &str) -> bool {
    let mut i = 0;
    while i < flags.len() {
        if str_eq(flags[i], flag) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `url` is on one of a provider's `sites` (a host and its subdomains, with an optional
/// path prefix: `github.com/firebase`), directly or as an archived copy on the Wayback Machine.
pub fn is_primary(url: &str, sites: &[String]) -> bool {
    let Some((host, path)) = host_and_path(url) else {
        return false;
    };
    if host == "web.archive.org"
        && let Some(rest) = path.strip_prefix("/web/")
        && let Some((_, original)) = rest.split_once('/')
    {
        return is_primary(original, sites);
    }
    sites.iter().any(|site| {
        let (site_host, site_path) = site.split_once('/').unwrap_or((site, ""));
        let site_host = site_host.to_ascii_lowercase();
        (host == site_host || host.ends_with(&format!(".{site_host}")))
            && path.trim_start_matches('/').starts_with(site_path)
    })
}

/// The host (lower case) and path of an `https://` or `http://` URL.
fn host_and_path(url: &str) -> Option<(String, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].rsplit('@').next()?.split(':').next()?;
    let path = rest[end..].split(['?', '#']).next().unwrap_or_default();
    Some((host.to_ascii_lowercase(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_primary_on_the_providers_sites_or_an_archived_copy_of_one() {
        let sites = vec!["google.com".to_string(), "github.com/firebase".to_string()];
        assert!(is_primary(
            "https://support.google.com/analytics/answer/1",
            &sites
        ));
        assert!(is_primary("https://google.com/", &sites));
        assert!(is_primary(
            "https://github.com/firebase/firebase-js-sdk/blob/x/a.ts",
            &sites
        ));
        assert!(!is_primary("https://github.com/someone/firebase", &sites));
        assert!(!is_primary("https://notgoogle.com/x", &sites));
        assert!(!is_primary("https://google.com.evil.example/x", &sites));
        assert!(is_primary(
            "https://web.archive.org/web/20221207161120/https://support.google.com/x",
            &sites
        ));
        assert!(!is_primary(
            "https://web.archive.org/web/20221207161120/https://evil.example/x",
            &sites
        ));
    }
}
