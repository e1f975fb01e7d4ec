//! The built-in recipient catalogue (`data/providers/<id>.toml`, one file per provider): the
//! services a project may name without declaring them. Each file writes the facts of the fact list
//! (`catalogue/facts.rs`) in the project's form, each with the evidence it rests on (the page, the
//! sentence quoted from it, the document's own date, when it was checked); the legal entity per
//! customers' country as candidates; the provider's own sites, which tell primary evidence from
//! secondary. A fact without evidence is unverified. [`validate`] checks files of this shape and
//! reports every problem at its place; [`entries`] and [`providers`] read the built-in ones.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::catalogue::facts::{BuiltinDecl, Fact, Facts, info};
use crate::catalogue::link::{HttpLinks, check_link};
use crate::catalogue::places::Context;
use crate::catalogue::places::Places;
use crate::catalogue::provenance::{DocumentDate, RawEvidence};
use crate::catalogue::values::{Candidate, Country};
use crate::catalogue::{Catalogue, Evidence, Provenance, Provider};
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, LineIndex, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};

/// The longest quote: one or two sentences, never a page.
pub const MAX_QUOTE_CHARS: usize = 600;

/// How old a document may be when a legal fact is checked against it before it is flagged: a
/// document older than this is probably superseded.
pub const DOCUMENT_YEARS: i64 = 3;

/// The country whose customers' entity the notice names.
pub const HOME: &str = "JP";

/// One built-in provider's file, parsed.
#[derive(Debug)]
pub struct BuiltinEntry {
    /// The id: the file's name.
    pub id: String,
    /// The file as written.
    pub decl: BuiltinDecl,
    /// The provider, resolved: every fact with its evidence, the entity chosen for Japan.
    pub provider: Provider,
}

impl BuiltinEntry {
    /// The entry of the provider file `source` (its id, its path for messages).
    pub fn parse(id: &str, path: &Path, source: &str) -> Result<BuiltinEntry, String> {
        let decl: BuiltinDecl =
            toml::from_str(source).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
        let mut diagnostics = Diagnostics::new();
        let provider = resolve(id, &decl, path, source, &mut diagnostics);
        Ok(BuiltinEntry {
            id: id.to_string(),
            decl,
            provider,
        })
    }

    /// Every fact with its evidence: what `cargo disclosure catalogue --format json` prints and
    /// what `--stale` and `--recheck` read. The entity candidates come as `entity[JP]` (and
    /// `entity[JP].name.ja`) whichever is chosen.
    #[cfg(feature = "engine")]
    pub fn facts(&self) -> Vec<FactRecord> {
        let sites = &self.decl.sites;
        let mut out: Vec<FactRecord> = self
            .provider
            .facts
            .each()
            .into_iter()
            .filter(|e| {
                *e.provenance == Provenance::Builtin && !matches!(e.name, "entity" | "country")
            })
            .map(|e| FactRecord {
                fact: e.name.to_string(),
                value: e.value,
                verified: !e.evidence.is_empty(),
                legal: info(e.name).legal,
                note: e.note.map(str::to_string),
                evidence: e.evidence.to_vec(),
            })
            .collect();
        for c in &self.decl.candidates {
            let serves = c.serves.get_ref().join(",");
            let evidence: Vec<Evidence> =
                c.evidence.iter().filter_map(|e| e.resolve(sites)).collect();
            out.push(FactRecord {
                fact: format!("entity[{serves}]"),
                value: serde_json::json!({
                    "name": c.name.get(Lang::En),
                    "country": c.country.get_ref(),
                    "serves": c.serves.get_ref(),
                }),
                verified: !evidence.is_empty(),
                legal: true,
                note: None,
                evidence,
            });
            if let Some(ja) = c.name.get(Lang::Ja) {
                let evidence: Vec<Evidence> = c
                    .name_ja_evidence
                    .iter()
                    .filter_map(|e| e.resolve(sites))
                    .collect();
                out.push(FactRecord {
                    fact: format!("entity[{serves}].name.ja"),
                    value: serde_json::json!(ja),
                    verified: !evidence.is_empty(),
                    legal: true,
                    note: None,
                    evidence,
                });
            }
        }
        out
    }
}

/// One fact of a built-in provider, with its evidence.
#[cfg(feature = "engine")]
#[derive(Clone, Debug, serde::Serialize)]
pub struct FactRecord {
    /// Which fact (`role`, `entity[JP]`, `entity[JP].name.ja`, `privacy_policy`, …).
    pub fact: String,
    /// Its value.
    pub value: serde_json::Value,
    /// Whether a quote supports it.
    pub verified: bool,
    /// A legal fact, which rests only on the provider's own pages.
    pub legal: bool,
    /// A remark on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The quotes, each with its document's date and whether its page is the provider's own.
    pub evidence: Vec<Evidence>,
}

/// The built-in entries, parsed, in id order.
pub fn entries() -> &'static [BuiltinEntry] {
    static ENTRIES: OnceLock<Vec<BuiltinEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        // The files are part of this crate and its unit tests validate them.
        super::provider_files::FILES
            .iter()
            .map(|(id, source)| {
                let path = PathBuf::from(format!("data/providers/{id}.toml"));
                BuiltinEntry::parse(id, &path, source).unwrap_or_else(|e| panic!("{e}"))
            })
            .collect()
    })
}

/// The built-in providers, resolved: every fact with its evidence, the entity that serves Japan.
pub fn providers() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| entries().iter().map(|e| e.provider.clone()).collect())
}

/// The provider a built-in file declares: its facts, and the entity and country of the candidate
/// that serves Japan (the one that names Japan, else, unless the entity depends on the operator's
/// contract, the one that serves everyone else).
fn resolve(
    id: &str,
    decl: &BuiltinDecl,
    path: &Path,
    source: &str,
    out: &mut Diagnostics,
) -> Provider {
    let places = Places {
        path,
        source,
        http_links: HttpLinks::Refused,
        lines: LineIndex::new(source),
    };
    let cx = Context {
        places: &places,
        id,
        at: Location::new(path, 1, 1),
        sites: &decl.sites,
    };
    let mut facts = Facts::built_in(decl, &cx, out);
    if let Some(c) = chosen(decl, &facts) {
        let (name, country) = candidate_facts(decl, c);
        facts.set_entity(name, country);
    }
    Provider {
        id: id.to_string(),
        at: None,
        declared_by: Provenance::Builtin,
        facts,
        candidates: decl.candidates.iter().map(Candidate::describe).collect(),
    }
}

/// A candidate's name and country as facts, with the candidate's evidence. The Japanese name only
/// as the entity publishes it; otherwise its name in every language.
fn candidate_facts(decl: &BuiltinDecl, c: &Candidate) -> (Fact<Localized>, Option<Fact<Country>>) {
    let resolve = |items: &[RawEvidence]| -> Vec<Evidence> {
        items
            .iter()
            .filter_map(|e| e.resolve(&decl.sites))
            .collect()
    };
    let evidence = resolve(&c.evidence);
    let name_evidence: Vec<Evidence> = evidence
        .iter()
        .cloned()
        .chain(resolve(&c.name_ja_evidence))
        .collect();
    let name = match c.name.get(Lang::Ja) {
        Some(_) if !c.name_ja_evidence.is_empty() => c.name.clone(),
        _ => Localized::same(c.name.get(Lang::En).unwrap_or_default()),
    };
    let country = Catalogue::country(c.country.get_ref()).map(|t| {
        Fact::built_in(
            Country {
                code: t.id.clone(),
                name: t.label.clone(),
                region: false,
            },
            evidence,
            None,
        )
    });
    (Fact::built_in(name, name_evidence, None), country)
}

/// The built-in facts of provider `id` as they hold for the candidate entity named `name`: the
/// provider's facts with that candidate's name and country, if the file lists it.
pub(crate) fn facts_for_entity(id: &str, name: &Localized) -> Option<Facts> {
    let entry = entries().iter().find(|e| e.id == id)?;
    let c = entry
        .decl
        .candidates
        .iter()
        .find(|c| c.name.same_name_as(name))?;
    let mut facts = entry.provider.facts.clone();
    let (name, country) = candidate_facts(&entry.decl, c);
    facts.set_entity(name, country);
    Some(facts)
}

/// The candidate that serves customers in Japan, if the file names one.
fn chosen<'a>(decl: &'a BuiltinDecl, facts: &Facts) -> Option<&'a Candidate> {
    decl.candidates.iter().find(|c| c.serves(HOME)).or_else(|| {
        if facts.entity_depends_on_contract() {
            None
        } else {
            decl.candidates.iter().find(|c| c.serves("*"))
        }
    })
}

/// Checks files of the built-in catalogue's shape (`data/providers/<id>.toml`, the id being the
/// file's name): every fact well formed, every quote present and at most a paragraph, every source
/// https and dated, every legal fact on the provider's own pages only, every Japanese entity name
/// backed by the entity's own page, no two candidates serving one country, no two providers
/// claiming one host without saying why. Each problem is located in its file. A legal fact resting
/// on a document more than three years older than its check is a warning.
pub fn validate(files: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let mut out = Diagnostics::new();
    let mut parsed: Vec<(String, BuiltinDecl, Location)> = Vec::new();
    for (path, source) in files {
        let lines = LineIndex::new(source);
        let at = |span: Range<usize>| lines.of_span(path, source, span);
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let decl: BuiltinDecl = match toml::from_str(source) {
            Ok(d) => d,
            Err(e) => {
                out.push(
                    Diagnostic::error(
                        Code::CatalogueSyntax,
                        format!(
                            "{} is not a valid provider file: {}",
                            path.display(),
                            e.message().trim()
                        ),
                    )
                    .at_opt(e.span().map(&at)),
                );
                continue;
            }
        };
        if IdKind::Provider.check_form(&id).is_err() {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("provider id `{id}` (the file's name) is not kebab-case"),
                )
                .at(Location::new(path, 1, 1))
                .help("name the file after the provider's id: `data/providers/<id>.toml`, lower case with hyphens"),
            );
        }
        // The facts themselves, as a project's would be checked.
        resolve(&id, &decl, path, source, &mut out);
        check_file(&id, &decl, path, &at, &mut out);
        let domains_at = source
            .find("[domains]")
            .or_else(|| source.find("domains ="))
            .map_or_else(|| Location::new(path, 1, 1), |i| at(i..i + "domains".len()));
        parsed.push((id, decl, domains_at));
    }
    out.append(shared_hosts(&parsed));
    out.into_vec()
}

/// The rules of a built-in file beyond its facts' forms.
fn check_file(
    id: &str,
    decl: &BuiltinDecl,
    path: &Path,
    at: &dyn Fn(Range<usize>) -> Location,
    out: &mut Diagnostics,
) {
    if decl.sites.is_empty() {
        out.push(
            Diagnostic::error(
                Code::EvidenceInvalid,
                format!("`{id}`: `sites` is empty: which pages are the provider's own cannot be told"),
            )
            .at(Location::new(path, 1, 1))
            .help("list the provider's own web sites and repositories: `sites = [\"example.com\", \"github.com/example\"]`"),
        );
    }
    for fact in decl.given() {
        if matches!(fact, "entity" | "country") {
            out.push(
                Diagnostic::error(
                    Code::EvidenceInvalid,
                    format!("`{id}`: the built-in catalogue states `{fact}` through a `[[candidate]]`"),
                )
                .at(Location::new(path, 1, 1))
                .help("write the legal entity as a [[candidate]] with the countries it `serves`, its `country` and its evidence"),
            );
        }
    }
    for (fact, list) in decl.written_evidence() {
        evidence(id, fact, list, &decl.sites, at, out);
    }
    let mut served: Vec<&str> = Vec::new();
    for c in &decl.candidates {
        evidence(id, "entity", &c.evidence, &decl.sites, at, out);
        evidence(id, "entity", &c.name_ja_evidence, &decl.sites, at, out);
        for code in c.serves.get_ref() {
            if served.contains(&code.as_str()) {
                out.push(
                    Diagnostic::error(
                        Code::EvidenceInvalid,
                        format!("`{id}`: two entity candidates serve `{code}`"),
                    )
                    .at(at(c.serves.span()))
                    .help("each country (and `*`, everyone else) is served by one candidate"),
                );
            }
            served.push(code);
        }
        if Catalogue::country(c.country.get_ref()).is_none() {
            out.push(
                Diagnostic::error(
                    Code::UnknownCountry,
                    format!("`{id}`: unknown country code `{}`", c.country.get_ref()),
                )
                .at(at(c.country.span())),
            );
        }
        if c.name.get(Lang::Ja).is_some() && c.name_ja_evidence.is_empty() {
            out.push(
                Diagnostic::error(Code::EvidenceInvalid, format!("`{id}`: a Japanese entity name without the entity's own page"))
                    .at(at(c.serves.span()))
                    .help("give `name_ja_evidence` (the entity's page showing the name), or write the name as the entity writes it in English only"),
            );
        }
    }
}

/// The rules of one fact's evidence: a quote of at most a paragraph, an https source, a document
/// date no later than the check; for a legal fact, only the provider's own pages, and a warning
/// when the document is more than three years older than its check.
fn evidence(
    id: &str,
    fact: &str,
    list: &[RawEvidence],
    sites: &[String],
    at: &dyn Fn(Range<usize>) -> Location,
    out: &mut Diagnostics,
) {
    let legal = info(fact).legal;
    for ev in list {
        let quote = ev.quote.get_ref();
        if quote.trim().is_empty() {
            out.push(
                Diagnostic::error(Code::EvidenceInvalid, format!("`{id}`: the quote for `{fact}` is empty"))
                    .at(at(ev.quote.span()))
                    .help("copy the sentence that states the fact from the page, or make the evidence list empty (unverified)"),
            );
        } else if quote.chars().count() > MAX_QUOTE_CHARS || quote.contains("\n\n") {
            out.push(
                Diagnostic::error(Code::EvidenceInvalid, format!("`{id}`: the quote for `{fact}` is longer than a paragraph"))
                    .at(at(ev.quote.span()))
                    .help(format!("quote the one or two sentences that state the fact (at most {MAX_QUOTE_CHARS} characters)")),
            );
        }
        let url = ev.url.get_ref();
        if !url.starts_with("https://") || check_link(url).is_err() {
            out.push(
                Diagnostic::error(
                    Code::EvidenceInvalid,
                    format!("`{id}`: the source of `{fact}` is not an https address: `{url}`"),
                )
                .at(at(ev.url.span()))
                .help("cite the https page the quote was read from"),
            );
        } else if legal && !crate::catalogue::provenance::is_primary(url, sites) {
            out.push(
                Diagnostic::error(
                    Code::EvidenceInvalid,
                    format!("`{id}`: the legal fact `{fact}` rests on `{url}`, which is not one of the provider's own sites"),
                )
                .at(at(ev.url.span()))
                .help("quote the provider's own page or repository (`sites` lists them), or make the fact unverified (`evidence = []`); a copy elsewhere may support hosts and packages, never a legal fact"),
            );
        }
        let checked = Date::from_toml(ev.checked.get_ref());
        let dated = Date::from_toml(ev.document_date.get_ref());
        for (name, date, span) in [
            ("checked", checked, ev.checked.span()),
            ("document_date", dated, ev.document_date.span()),
        ] {
            if date.is_none() {
                out.push(
                    Diagnostic::error(
                        Code::DateInvalid,
                        format!("`{id}`: `{name}` of `{fact}` is not a plain date"),
                    )
                    .at(at(span)),
                );
            }
        }
        if ev.date_kind.get_ref().parse::<DocumentDate>().is_err() {
            out.push(
                Diagnostic::error(
                    Code::EvidenceInvalid,
                    format!(
                        "`{id}`: unknown date kind `{}` of `{fact}`",
                        ev.date_kind.get_ref()
                    ),
                )
                .at(at(ev.date_kind.span()))
                .help("use effective, updated, published, commit, archived or seen"),
            );
        }
        if let (Some(checked), Some(dated)) = (checked, dated) {
            if dated > checked {
                out.push(
                    Diagnostic::error(
                        Code::DateInvalid,
                        format!("`{id}`: the document of `{fact}` is dated after it was checked"),
                    )
                    .at(at(ev.document_date.span())),
                );
            } else if legal && dated.days_until(checked) > DOCUMENT_YEARS * 365 {
                out.push(
                    Diagnostic::warning(
                        Code::EvidenceOld,
                        format!(
                            "`{id}`: the legal fact `{fact}` rests on a document of {dated}, more than {DOCUMENT_YEARS} years before it was checked"
                        ),
                    )
                    .at(at(ev.document_date.span()))
                    .help("find the current version of the document and quote it; keep an old one only where none newer exists, and say so in a comment"),
                );
            }
        }
    }
}

/// Two providers naming one host must each say why (`shared_hosts`).
fn shared_hosts(providers: &[(String, BuiltinDecl, Location)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let hosts = |d: &BuiltinDecl| -> Vec<String> {
        d.domains
            .as_ref()
            .map(|f| f.value.iter().map(|h| h.get_ref().clone()).collect())
            .unwrap_or_default()
    };
    for (i, (a, da, _)) in providers.iter().enumerate() {
        let ha = hosts(da);
        for (b, db, b_at) in &providers[i + 1..] {
            let hb = hosts(db);
            for host in ha.iter().filter(|h| hb.contains(h)) {
                // Each says the host is shared, and why (naming one of the providers it shares it
                // with: a family of SDKs on one host names one).
                let explained = |d: &BuiltinDecl| d.shared_hosts.iter().any(|s| s.host == *host);
                if !explained(da) || !explained(db) {
                    out.push(
                        Diagnostic::error(
                            Code::EvidenceInvalid,
                            format!("`{a}` and `{b}` both claim `{host}` without saying why"),
                        )
                        .at(b_at.clone())
                        .help("add `shared_hosts = [{ with = \"…\", host = \"…\", why = \"…\" }]` to both providers"),
                    );
                }
            }
        }
    }
    out
}

/// [`validate`] for `files`, each beside the built-in providers it does not replace (so that a host
/// another built-in provider claims is found): what `cargo disclosure catalogue --check-file`
/// runs. Problems of the built-in files themselves are not reported.
pub fn validate_with_builtin(files: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let given: Vec<String> = files
        .iter()
        .filter_map(|(p, _)| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let mut all = files.to_vec();
    for (id, source) in super::provider_files::FILES {
        if !given.iter().any(|g| g == id) {
            all.push((
                PathBuf::from(format!("data/providers/{id}.toml")),
                (*source).to_string(),
            ));
        }
    }
    validate(&all)
        .into_iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_none_or(|l| files.iter().any(|(p, _)| *p == l.file))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::foundation::diagnostic::Severity;
    use crate::foundation::vocab::Role;

    fn files() -> Vec<(PathBuf, String)> {
        super::super::provider_files::FILES
            .iter()
            .map(|(id, source)| {
                (
                    PathBuf::from(format!("data/providers/{id}.toml")),
                    source.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_built_in_files_are_valid_and_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/providers");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::super::provider_files::FILES
            .iter()
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(
            on_disk, listed,
            "provider_files.rs lists every file of data/providers, in order"
        );
        let errors: Vec<String> = validate(&files())
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn every_legal_fact_rests_on_the_providers_own_pages_and_every_item_is_dated() {
        let mut unverified = Vec::new();
        for e in entries() {
            for record in e.facts() {
                if record.legal {
                    assert!(
                        record.evidence.iter().all(|ev| ev.primary),
                        "{}: {} rests on a secondary source",
                        e.id,
                        record.fact
                    );
                }
                if !record.verified
                    && (record.legal || matches!(record.fact.as_str(), "domains" | "packages"))
                {
                    unverified.push(format!("{}: {}", e.id, record.fact));
                }
                for ev in &record.evidence {
                    assert!(ev.document_date <= ev.checked, "{}: {}", e.id, record.fact);
                }
            }
        }
        assert!(
            unverified.len() <= 15,
            "{} unverified: {unverified:#?}",
            unverified.len()
        );
    }

    #[test]
    fn at_least_eighty_providers_each_with_a_service_and_a_document_per_role() {
        let entries = entries();
        assert!(entries.len() >= 80, "{} providers", entries.len());
        let mut ids = BTreeSet::new();
        for e in entries {
            assert!(ids.insert(e.id.clone()));
            let facts = &e.provider.facts;
            for lang in Lang::ALL {
                assert!(
                    facts
                        .service()
                        .and_then(|s| s.get(lang))
                        .is_some_and(|s| !s.is_empty()),
                    "{}: service {lang}",
                    e.id
                );
            }
            // A processor links the document that covers customer data, or its file says why
            // it cannot (no page of the provider's own names it), so the project links its own.
            if facts.role() == Some(Role::Processor)
                && facts.customer_data.is_none()
                && facts.privacy_policy.is_none()
            {
                let source = super::super::provider_files::FILES
                    .iter()
                    .find(|(id, _)| *id == e.id)
                    .map(|(_, s)| *s)
                    .unwrap_or_default();
                assert!(
                    source
                        .lines()
                        .any(|l| l.starts_with('#') && l.contains("customer_data")),
                    "{}: a processor links the document that covers customer data or says why not",
                    e.id
                );
            }
        }
    }

    #[test]
    fn the_entities_that_serve_japan() {
        let entity = |id: &str| {
            let p = providers().iter().find(|p| p.id == id).unwrap();
            (
                p.facts
                    .entity()
                    .and_then(|e| e.get(Lang::En))
                    .unwrap_or_default()
                    .to_string(),
                p.facts
                    .country()
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
            )
        };
        assert_eq!(entity("paypal"), ("PayPal Pte. Ltd.".into(), "SG".into()));
        assert_eq!(
            entity("sign-in-with-apple"),
            ("iTunes K.K.".into(), "JP".into())
        );
        assert_eq!(
            entity("google-analytics"),
            ("Google LLC".into(), "US".into())
        );
        assert_eq!(
            entity("firebase-analytics"),
            ("Google LLC".into(), "US".into())
        );
        for id in ["paypal", "sign-in-with-apple", "google-analytics"] {
            let p = providers().iter().find(|p| p.id == id).unwrap();
            assert!(
                p.facts.evidence_of("entity").is_some_and(|e| !e.is_empty()),
                "{id}: the entity is quoted from its source"
            );
        }
        for id in ["slack", "stripe", "firebase-crashlytics"] {
            let p = providers().iter().find(|p| p.id == id).unwrap();
            assert!(
                p.facts.entity_depends_on_contract(),
                "{id}: the entity depends on the operator's contract"
            );
        }
    }
}
