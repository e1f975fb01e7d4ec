//! From [`Document`] to [`Catalogue`]: every id, link, choice and date checked, every problem
//! reported at its place (all of them, not only the first), every declared provider resolved over
//! the built-in entry of the same id. One file per part: the notice and the operator
//! (`notice`), the terms (`terms`), the named opt-outs (`opt_outs`), the providers (`providers`),
//! the outputs (`outputs`).

mod lints;
mod notice;
mod opt_outs;
mod outputs;
mod providers;
mod terms;
mod text_characters;

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::Catalogue;
use super::document::Document;
use super::link::HttpLinks;
use super::places::{Places, choice};
use super::raw;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, LineIndex, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Localized;

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
    text_characters::check(path, source, &mut out);
    let mut catalogue = validate(&places, document, &mut out);
    catalogue.fingerprint = fingerprint(path, source);
    out.finish(catalogue)
}

/// What tells one catalogue text apart from another (its path and its text), for results kept
/// between runs.
fn fingerprint(path: &Path, source: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    source.hash(&mut h);
    h.finish()
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
        targets,
        discovery,
        outputs,
        policy,
        lints,
    } = doc;
    let data_items = terms::terms(places, IdKind::DataItem, data_items, out);
    let purpose_groups = terms::terms(places, IdKind::PurposeGroup, purpose_groups, out);
    let purposes = terms::terms(places, IdKind::Purpose, purposes, out);
    terms::check_groups(&purposes, &purpose_groups, out);
    let conditions = terms::terms(places, IdKind::Condition, conditions, out);
    let opt_outs = opt_outs::named_opt_outs(places, opt_outs, out);
    let operator = operator.map(|o| notice::operator(places, o, out));
    let notice = notice::notice_settings(places, notice, out);
    let providers = providers::providers(places, providers, out);
    let outputs = outputs::outputs(places, outputs, out);
    let parameter_refs: Vec<IdRef> = parameters
        .iter()
        .flat_map(|p| {
            std::iter::once((IdKind::Provider, &p.provider))
                .chain(p.data.iter().map(|d| (IdKind::DataItem, d)))
        })
        .map(|(kind, id)| IdRef {
            whose: "[[parameter]]".into(),
            kind,
            id: id.get_ref().clone(),
            at: Some(places.of(id)),
        })
        .collect();
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
            shapes: Vec::new(),
        })
        .collect();
    let mut catalogue = Catalogue {
        path: places.path.to_path_buf(),
        fingerprint: 0,
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
        targets: build_targets(places, targets, out),
        discovery: super::Discovery {
            key_methods: discovery.key_methods,
            exclude: discovery.exclude,
        },
        outputs,
        policy: None,
        levels: self::lints::levels(places, lints, out),
    };
    if let Some(policy) = policy {
        catalogue.policy = Some(super::policy_config::validate(
            places, policy, &catalogue, out,
        ));
    }
    let item_purposes = catalogue.data_items.iter().flat_map(|item| {
        item.purposes.iter().map(|id| IdRef {
            whose: format!("data item `{}`", item.id),
            kind: IdKind::Purpose,
            id: id.clone(),
            at: item.at.clone(),
        })
    });
    let refs: Vec<IdRef> = item_purposes.chain(parameter_refs).collect();
    known_ids(&catalogue, &refs, out);
    catalogue
}

/// An id one table of the catalogue names of another: a data item's own purposes, a
/// `[[parameter]]`'s provider and data items.
struct IdRef {
    /// What names it, as messages say (`data item `player_id``, `[[parameter]]`).
    whose: String,
    kind: IdKind,
    id: String,
    at: Option<Location>,
}

/// Each id `refs` names is one the catalogue declares or builds in (a `[[parameter]]` mapping a
/// key to an item no transmission can declare would fail `verify` on every request carrying it).
fn known_ids(catalogue: &Catalogue, refs: &[IdRef], out: &mut Diagnostics) {
    for r in refs {
        if let Err(e) = catalogue.check_id(r.kind, &r.id) {
            out.push(
                Diagnostic::error(Code::UnknownId, format!("{}: {}", r.whose, e.message))
                    .at_opt(r.at.clone())
                    .help(e.help),
            );
        }
    }
}

/// The `[[target]]`s: each triple once (whether it is a target `rustc` knows is checked where the
/// scan reads it), labelled by the project or by the triple itself.
fn build_targets(
    places: &Places<'_>,
    targets: Vec<raw::TargetDecl>,
    out: &mut Diagnostics,
) -> Vec<super::BuildTarget> {
    let mut built: Vec<super::BuildTarget> = Vec::new();
    for t in targets {
        let triple = t.triple.get_ref().trim().to_string();
        let at = places.of(&t.triple);
        if built.iter().any(|b| b.triple == triple) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("target `{triple}` is declared twice"),
                )
                .at(at)
                .help("declare each build the product ships once"),
            );
            continue;
        }
        built.push(super::BuildTarget {
            label: t.label.unwrap_or_else(|| Localized::same(triple.clone())),
            triple,
            at,
        });
    }
    built
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
