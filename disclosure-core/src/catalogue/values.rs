//! The kinds of value a recipient's facts take (a country or region, what the entity's text is,
//! packages per kind, an entity candidate, a host shared with another provider), and one checker
//! per kind of written value: the fact list (`facts.rs`) names, for each fact, the checker of its
//! form. A checker reports every problem at its place and gives the value, or nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::provenance::RawEvidence;
use crate::foundation::localized::{Lang, Localized};

crate::choices! {
    /// What a recipient's `entity` text is.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum EntityKind("entity kind") {
        /// Its legal name (the default).
        #[default]
        LegalName = "legal_name",
        /// A brand or service name: the legal name is not known.
        Brand = "brand",
        /// Only the kind of business (「広告配信事業者」): the rule asks for the name.
        Category = "category",
    }
}

/// A country (ISO 3166-1 alpha-2) or a region (`EU`, `EEA`), with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// The code.
    pub code: String,
    /// Its name.
    pub name: Localized,
    /// A region of several countries, not a country.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub region: bool,
}

/// What identifies a recipient in code and apps, per kind (`crates`, `npm`, `ios`, `android`,
/// `scripts`): each kind a discovery source reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Packages(pub BTreeMap<String, Vec<String>>);

impl Packages {
    /// The names of one kind (`npm`).
    pub fn of(&self, kind: &str) -> &[String] {
        self.0.get(kind).map_or(&[], Vec::as_slice)
    }
}

/// The kinds of package a recipient can be identified by: Rust crates, a page's script URLs, and
/// each kind of app package discovery reads.
pub const PACKAGE_KINDS: &[&str] = &["crates", "npm", "ios", "android", "scripts"];

/// A host another provider uses too.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SharedHost {
    /// The other provider.
    pub with: String,
    /// The host.
    pub host: String,
    /// Why both use it.
    pub why: String,
}

/// One candidate legal entity of a built-in provider.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The customers' countries it serves (ISO codes), or `*` for everyone else.
    pub serves: Spanned<Vec<String>>,
    /// Its name; `ja` only as the entity publishes it.
    pub name: Localized,
    /// Where it is established.
    pub country: Spanned<String>,
    /// The name, country and what it serves.
    pub evidence: Vec<RawEvidence>,
    /// The Japanese name.
    #[serde(default)]
    pub name_ja_evidence: Vec<RawEvidence>,
}

impl Candidate {
    /// Whether it serves customers in `country` (an ISO code or `*`).
    pub fn serves(&self, country: &str) -> bool {
        self.serves.get_ref().iter().any(|s| s == country)
    }

    /// One line for a diagnostic: `Adjust K.K. (JP; serves JP)`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}; serves {})",
            self.name.get(Lang::En).unwrap_or_default(),
            self.country.get_ref(),
            self.serves.get_ref().join(", ")
        )
    }
}

impl Localized {
    /// Whether two names of an entity are the same name: equal in a language both give, apart
    /// from case, spacing and punctuation (`Amplitude Inc.` is `Amplitude, Inc.`).
    pub fn same_name_as(&self, other: &Localized) -> bool {
        let norm = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        Lang::ALL.iter().any(|lang| {
            matches!((self.get(*lang), other.get(*lang)), (Some(a), Some(b)) if norm(a) == norm(b))
        })
    }
}

/// The checkers, one per written form: each takes the fact's context, its written value and its
/// name (for messages), reports every problem, and gives the value or nothing.
pub(crate) mod check {
    use toml::Spanned;

    use super::{Country, PACKAGE_KINDS, Packages};
    use crate::catalogue::link::check_link_with;
    use crate::catalogue::places::Context;
    use crate::catalogue::places::{Places, checked_url, choice as choose};
    use crate::catalogue::raw::{CategoryRef, LinkDecl, OptOutDecl};
    use crate::catalogue::{Catalogue, Link, OptOut, Term, vocabulary};
    use crate::foundation::choice::Choice;
    use crate::foundation::diagnostic::Location;
    use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics};
    use crate::foundation::localized::Localized;
    use crate::foundation::suggest;
    use crate::foundation::vocab::{OptOutMethod, Reach, Stops};

    /// A name that must say something (a service, an entity).
    pub(crate) fn name(
        cx: &Context<'_>,
        value: &Localized,
        fact: &str,
        out: &mut Diagnostics,
    ) -> Option<Localized> {
        if value.iter().any(|(_, text)| text.trim().is_empty()) {
            out.push(
                Diagnostic::error(
                    Code::ProviderFactMissing,
                    format!("provider `{}` has an empty `{fact}`", cx.id),
                )
                .at(cx.at.clone())
                .help(format!(
                    "write the {} as the recipient publishes it; if only a brand is known, write it and add `entity_kind = \"brand\"`",
                    if fact == "entity" { "legal name" } else { "service name" }
                )),
            );
            return None;
        }
        Some(value.clone())
    }

    /// A text, as written.
    pub(crate) fn text(
        _: &Context<'_>,
        value: &Localized,
        _: &str,
        _: &mut Diagnostics,
    ) -> Option<Localized> {
        Some(value.clone())
    }

    /// Texts, as written.
    pub(crate) fn texts(
        _: &Context<'_>,
        value: &[Localized],
        _: &str,
        _: &mut Diagnostics,
    ) -> Option<Vec<Localized>> {
        (!value.is_empty()).then(|| value.to_vec())
    }

    /// A yes or no.
    pub(crate) fn flag(
        _: &Context<'_>,
        value: &bool,
        _: &str,
        _: &mut Diagnostics,
    ) -> Option<bool> {
        Some(*value)
    }

    /// One of a closed set.
    pub(crate) fn choice<T: Choice>(
        cx: &Context<'_>,
        value: &Spanned<String>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<T> {
        choose::<T>(cx.places, value, out)
    }

    /// A link: `https:` with a host (or `http:` where the catalogue allows it, with a warning).
    pub(crate) fn url(
        cx: &Context<'_>,
        value: &Spanned<String>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<String> {
        if let Err(d) = check_link_with(value.get_ref(), cx.places.http_links) {
            let error = d.is_error();
            out.push((*d).at(cx.places.of(value)));
            if error {
                return None;
            }
        }
        Some(value.get_ref().clone())
    }

    /// Links.
    pub(crate) fn urls(
        cx: &Context<'_>,
        value: &[Spanned<String>],
        fact: &str,
        out: &mut Diagnostics,
    ) -> Option<Vec<String>> {
        let urls: Vec<String> = value.iter().filter_map(|u| url(cx, u, fact, out)).collect();
        (!urls.is_empty()).then_some(urls)
    }

    /// Labelled links.
    pub(crate) fn links(
        cx: &Context<'_>,
        value: &[LinkDecl],
        fact: &str,
        out: &mut Diagnostics,
    ) -> Option<Vec<Link>> {
        let links: Vec<Link> = value
            .iter()
            .filter_map(|l| {
                Some(Link {
                    url: url(cx, &l.url, fact, out)?,
                    label: l.label.clone(),
                })
            })
            .collect();
        (!links.is_empty()).then_some(links)
    }

    /// A country: an ISO 3166-1 alpha-2 code of the vocabulary.
    pub(crate) fn country(
        cx: &Context<'_>,
        value: &Spanned<String>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<Country> {
        match Catalogue::country(value.get_ref()).filter(|t| !is_region(t)) {
            Some(term) => Some(country_of(term)),
            None => {
                unknown_country(cx, value, false, out);
                None
            }
        }
    }

    /// A country or a region of several (`EU`, `EEA`).
    pub(crate) fn region(
        cx: &Context<'_>,
        value: &Spanned<String>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<Country> {
        match Catalogue::country(value.get_ref()) {
            Some(term) => Some(country_of(term)),
            None => {
                unknown_country(cx, value, true, out);
                None
            }
        }
    }

    fn is_region(term: &Term) -> bool {
        vocabulary::vocabulary().is_region(&term.id)
    }

    fn country_of(term: &Term) -> Country {
        Country {
            code: term.id.clone(),
            name: term.label.clone(),
            region: is_region(term),
        }
    }

    fn unknown_country(
        cx: &Context<'_>,
        value: &Spanned<String>,
        regions: bool,
        out: &mut Diagnostics,
    ) {
        let code = value.get_ref();
        let known = vocabulary::vocabulary()
            .countries
            .iter()
            .filter(|t| regions || !is_region(t))
            .map(Term::id);
        let mut help = String::from("use an ISO 3166-1 alpha-2 code such as `US`");
        if regions {
            help.push_str(", or a region: `EU`, `EEA`");
        }
        if let Some(s) = suggest::did_you_mean(&code.to_ascii_uppercase(), known) {
            help = format!("{s} {help}");
        }
        let message = if !regions && Catalogue::country(code).is_some() {
            format!("`{code}` is a region, not a country: an entity is established in one country")
        } else {
            format!("unknown country code `{code}`")
        };
        out.push(
            Diagnostic::error(Code::UnknownCountry, message)
                .at(cx.places.of(value))
                .help(help),
        );
    }

    /// A DNS host name: labels of letters, digits and hyphens joined by dots.
    pub(crate) fn host(
        cx: &Context<'_>,
        value: &Spanned<String>,
        fact: &str,
        out: &mut Diagnostics,
    ) -> Option<String> {
        let text = value.get_ref();
        let valid = !text.is_empty()
            && text.len() <= 253
            && text.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            out.push(
                Diagnostic::error(
                    Code::LinkInvalid,
                    format!("provider `{}`: {fact} `{text}` is not a host name", cx.id),
                )
                .at(cx.places.of(value))
                .help("write the host alone, such as `t.example.com` (no scheme, path or port)"),
            );
            return None;
        }
        Some(text.clone())
    }

    /// Host patterns: hosts, or `*.` and a host for its subdomains.
    pub(crate) fn domains(
        cx: &Context<'_>,
        value: &[Spanned<String>],
        fact: &str,
        out: &mut Diagnostics,
    ) -> Option<Vec<String>> {
        let mut hosts = Vec::new();
        for pattern in value {
            let text = pattern.get_ref();
            // `*.` before a host, or `*` for one label inside it (a region).
            let host = text
                .strip_prefix("*.")
                .unwrap_or(text)
                .split('.')
                .map(|label| if label == "*" { "x" } else { label })
                .collect::<Vec<_>>()
                .join(".");
            let as_host = Spanned::new(pattern.span(), host);
            if self::host(cx, &as_host, fact, out).is_some() {
                hosts.push(text.clone());
            }
        }
        Some(hosts)
    }

    /// Packages per kind; every kind is one discovery reads.
    pub(crate) fn packages(
        cx: &Context<'_>,
        value: &Spanned<Packages>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<Packages> {
        for kind in value.get_ref().0.keys() {
            if !PACKAGE_KINDS.contains(&kind.as_str()) {
                let mut help = format!("kinds: {}", PACKAGE_KINDS.join(", "));
                if let Some(s) = suggest::did_you_mean(kind, PACKAGE_KINDS.iter().copied()) {
                    help = format!("{s} {help}");
                }
                out.push(
                    Diagnostic::error(
                        Code::UnknownId,
                        format!("provider `{}`: unknown kind of package `{kind}`", cx.id),
                    )
                    .at(cx.places.of(value))
                    .help(help),
                );
            }
        }
        let mut packages = value.get_ref().clone();
        packages
            .0
            .retain(|k, v| PACKAGE_KINDS.contains(&k.as_str()) && !v.is_empty());
        Some(packages)
    }

    /// A recipient's category: a built-in id's label, or the project's own text.
    pub(crate) fn category(
        cx: &Context<'_>,
        value: &Spanned<CategoryRef>,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<Localized> {
        match value.get_ref() {
            CategoryRef::Text(text) => Some(text.clone()),
            CategoryRef::Id(id) => {
                let categories = &vocabulary::vocabulary().categories;
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
                        .at(cx.places.of(value))
                        .help(help),
                );
                None
            }
        }
    }

    /// How a user stops a provider's transmissions.
    pub(crate) fn opt_out(
        cx: &Context<'_>,
        value: &OptOutDecl,
        _: &str,
        out: &mut Diagnostics,
    ) -> Option<OptOut> {
        Some(opt_out_decl(
            cx.places,
            &format!("provider `{}`", cx.id),
            &cx.at,
            value.clone(),
            out,
        ))
    }

    /// A way to stop a transmission (or why it cannot be stopped); `what` names it in messages
    /// ("provider `x`", "opt-out `y`").
    pub(crate) fn opt_out_decl(
        places: &Places<'_>,
        what: &str,
        at: &Location,
        o: OptOutDecl,
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
        } else if o.not_possible.is_none()
            && !offers_a_way
            && o.stops.is_none()
            && o.method.is_none()
        {
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
            ("method", o.method.is_some()),
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
                .and_then(|s| choose::<Stops>(places, s, out)),
            reach: o
                .reach
                .as_ref()
                .and_then(|r| choose::<Reach>(places, r, out)),
            method: o
                .method
                .as_ref()
                .and_then(|m| choose::<OptOutMethod>(places, m, out)),
            label: o.label,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::foundation::localized::Localized;

    #[test]
    fn an_entity_is_the_same_name_apart_from_case_spacing_and_punctuation() {
        let name = |en: &str| Localized::same(en);
        assert!(name("Amplitude Inc.").same_name_as(&name("Amplitude, Inc.")));
        assert!(name("GOOGLE  LLC").same_name_as(&name("Google LLC")));
        assert!(!name("Google LLC").same_name_as(&name("Google Ireland Limited")));
        let ja = Localized::new("グーグル合同会社", "Google LLC");
        assert!(ja.same_name_as(&Localized::new("グーグル合同会社", "")));
    }
}
