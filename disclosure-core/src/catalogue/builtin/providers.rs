//! The built-in recipient catalogue (`data/providers/<id>.toml`, one file per provider): the services a project may name without
//! declaring them. Every fact carries its evidence (the page, the sentence quoted from it, the date
//! it was checked); a fact without is unverified. [`validate`] checks a file of this shape and reports
//! every problem at its place; [`entries`] and [`providers`] read the built-in one.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::catalogue::link::check_link;
use crate::catalogue::{Evidence, OptOut, Packages, Provenance, Provider};
use crate::foundation::choice::Choice;
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::Localized;
use crate::foundation::vocab::{Mechanism, Origin, Reach, Role, Stops};

/// The longest quote: one or two sentences, never a page.
pub const MAX_QUOTE_CHARS: usize = 600;

/// One piece of evidence, as the file writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// The page.
    pub url: Spanned<String>,
    /// The sentence quoted.
    pub quote: Spanned<String>,
    /// When it was checked.
    pub checked: Spanned<toml::value::Datetime>,
    /// The document's own date (when it took effect, was last updated or published; a
    /// repository file's commit; an archived copy's date when the page states none).
    pub document_date: Option<Spanned<toml::value::Datetime>>,
    /// What `document_date` is: `effective`, `updated`, `published`, `commit`, `archived` or `seen`.
    pub date_kind: Option<Spanned<String>>,
}

impl RawEvidence {
    fn resolve(&self) -> Option<Evidence> {
        Some(Evidence {
            url: self.url.get_ref().clone(),
            quote: self.quote.get_ref().clone(),
            checked: Date::from_toml(self.checked.get_ref())?,
        })
    }
}

fn resolve(evidence: &[RawEvidence]) -> Vec<Evidence> {
    evidence.iter().filter_map(RawEvidence::resolve).collect()
}

/// `role`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleFact {
    /// `processor` or `controller`.
    pub value: Spanned<String>,
    /// A nuance of the role (a setting that makes the processor a controller for part of the data).
    pub note: Option<String>,
    /// Its evidence.
    pub evidence: Vec<RawEvidence>,
}

/// One candidate legal entity.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityCandidate {
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

/// A yes/no fact.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagFact {
    /// The value.
    pub value: bool,
    /// Its evidence.
    pub evidence: Vec<RawEvidence>,
}

/// A page.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFact {
    /// The page.
    pub url: Spanned<String>,
    /// What it covers.
    pub evidence: Vec<RawEvidence>,
}

/// The recipient's own use.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseFact {
    /// In English.
    pub en: String,
    /// In Japanese.
    pub ja: String,
    /// In the recipient's own words.
    pub evidence: Vec<RawEvidence>,
}

/// One opt-out.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOutFact {
    /// The page.
    pub url: Spanned<String>,
    /// `browser`, `device` or `account`.
    pub reach: Spanned<String>,
    /// `sending`, `use`, `both` or `personalisation`.
    pub stops: Spanned<String>,
    /// Its evidence.
    pub evidence: Vec<RawEvidence>,
}

/// A host another provider uses too.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SharedHost {
    /// The other provider.
    pub with: String,
    /// The host.
    pub host: String,
    /// Why both use it.
    pub why: String,
}

/// Hosts users' devices send to.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainsFact {
    /// The hosts (`*.` for subdomains).
    pub value: Vec<String>,
    /// Hosts another provider uses too.
    #[serde(default)]
    pub shared: Vec<SharedHost>,
    /// Their evidence.
    pub evidence: Vec<RawEvidence>,
}

/// What identifies the provider in code.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesFact {
    /// Rust crates.
    #[serde(default)]
    pub crates: Vec<String>,
    /// npm packages.
    #[serde(default)]
    pub npm: Vec<String>,
    /// iOS pods or Swift packages.
    #[serde(default)]
    pub ios: Vec<String>,
    /// Android `group:artifact`s.
    #[serde(default)]
    pub android: Vec<String>,
    /// Script URL prefixes.
    #[serde(default)]
    pub scripts: Vec<String>,
    /// Their evidence.
    pub evidence: Vec<RawEvidence>,
}

/// One built-in entry, as its file `data/providers/<id>.toml` writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinEntry {
    /// The id: the file's name.
    #[serde(skip)]
    pub id: String,
    /// The provider's own web sites and repositories (`google.com`, `github.com/firebase`): evidence
    /// read there is primary; anywhere else, secondary.
    #[serde(default)]
    pub sites: Vec<String>,
    /// The service name.
    pub service: Localized,
    /// A vocabulary category.
    pub category: Spanned<String>,
    /// How it usually reaches users' devices.
    pub mechanism: Spanned<String>,
    /// Processor or controller.
    pub role: RoleFact,
    /// The candidate legal entities.
    #[serde(default)]
    pub entity: Vec<EntityCandidate>,
    /// The entity for Japan depends on the operator's contract.
    pub entity_depends_on_contract: Option<FlagFact>,
    /// Controllers: the policy that covers the data.
    pub privacy_policy: Option<PageFact>,
    /// Processors: the document that covers customer data.
    pub customer_data: Option<PageFact>,
    /// Controllers: the recipient's own use.
    pub recipient_use: Option<UseFact>,
    /// Genuine opt-outs.
    #[serde(default)]
    pub opt_out: Vec<OptOutFact>,
    /// Hosts.
    pub domains: Option<DomainsFact>,
    /// Packages.
    pub packages: Option<PackagesFact>,
}

/// The country whose customers' entity the notice names.
pub const HOME: &str = "JP";

impl BuiltinEntry {
    /// The candidate that serves customers in Japan: the one that names Japan, else (when the
    /// entity does not depend on the operator's contract) the one that serves everyone else.
    pub fn entity_for_japan(&self) -> Option<&EntityCandidate> {
        let serves =
            |c: &&EntityCandidate, code: &str| c.serves.get_ref().iter().any(|s| s == code);
        self.entity.iter().find(|c| serves(c, HOME)).or_else(|| {
            if self.depends_on_contract() {
                None
            } else {
                self.entity.iter().find(|c| serves(c, "*"))
            }
        })
    }

    /// Whether the entity serving Japan depends on the operator's contract.
    pub fn depends_on_contract(&self) -> bool {
        self.entity_depends_on_contract
            .as_ref()
            .is_some_and(|f| f.value)
    }

    /// The role.
    pub fn role(&self) -> Option<Role> {
        Role::from_id(self.role.value.get_ref())
    }

    /// Every fact with its evidence: what `cargo disclosure catalogue --format json` prints and
    /// what `--stale` and `--recheck` read.
    #[cfg(feature = "engine")]
    pub fn facts(&self) -> Vec<FactRecord> {
        let mut out = Vec::new();
        let mut push = |fact: String, value: serde_json::Value, evidence: &[RawEvidence]| {
            let evidence = resolve(evidence);
            out.push(FactRecord {
                fact,
                verified: !evidence.is_empty(),
                value,
                evidence,
            });
        };
        push(
            "role".into(),
            serde_json::json!({ "value": self.role.value.get_ref(), "note": self.role.note }),
            &self.role.evidence,
        );
        for c in &self.entity {
            let serves = c.serves.get_ref().join(",");
            push(
                format!("entity[{serves}]"),
                serde_json::json!({ "name": c.name.get(crate::foundation::localized::Lang::En), "country": c.country.get_ref(), "serves": c.serves.get_ref() }),
                &c.evidence,
            );
            if let Some(ja) = c.name.get(crate::foundation::localized::Lang::Ja) {
                push(
                    format!("entity[{serves}].name.ja"),
                    serde_json::json!(ja),
                    &c.name_ja_evidence,
                );
            }
        }
        if let Some(f) = &self.entity_depends_on_contract {
            push(
                "entity_depends_on_contract".into(),
                serde_json::json!(f.value),
                &f.evidence,
            );
        }
        for (name, page) in [
            ("privacy_policy", &self.privacy_policy),
            ("customer_data", &self.customer_data),
        ] {
            if let Some(p) = page {
                push(name.into(), serde_json::json!(p.url.get_ref()), &p.evidence);
            }
        }
        if let Some(u) = &self.recipient_use {
            push(
                "recipient_use".into(),
                serde_json::json!({ "ja": u.ja, "en": u.en }),
                &u.evidence,
            );
        }
        for o in &self.opt_out {
            push(
                "opt_out".into(),
                serde_json::json!({ "url": o.url.get_ref(), "reach": o.reach.get_ref(), "stops": o.stops.get_ref() }),
                &o.evidence,
            );
        }
        if let Some(d) = &self.domains {
            push(
                "domains".into(),
                serde_json::json!({ "value": d.value, "shared": d.shared }),
                &d.evidence,
            );
        }
        if let Some(p) = &self.packages {
            push(
                "packages".into(),
                serde_json::json!({ "crates": p.crates, "npm": p.npm, "ios": p.ios, "android": p.android, "scripts": p.scripts }),
                &p.evidence,
            );
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
    /// The quotes.
    pub evidence: Vec<Evidence>,
}

/// The built-in entries, as written, in id order.
pub fn entries() -> &'static [BuiltinEntry] {
    static ENTRIES: OnceLock<Vec<BuiltinEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        // The files are part of this crate and its unit tests validate them.
        super::provider_files::FILES
            .iter()
            .map(|(id, source)| {
                let mut entry = toml::from_str::<BuiltinEntry>(source)
                    .unwrap_or_else(|e| panic!("data/providers/{id}.toml: {}", e.message()));
                entry.id = (*id).to_string();
                entry
            })
            .collect()
    })
}

/// The built-in providers, resolved: the entity that serves Japan, the document a notice links
/// (a controller's privacy policy, a processor's terms for customer data), genuine opt-outs first.
pub fn providers() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| entries().iter().map(provider).collect())
}

fn provider(e: &BuiltinEntry) -> Provider {
    let role = e.role();
    let chosen = e.entity_for_japan();
    let entity = chosen
        .map(
            |c| match c.name.get(crate::foundation::localized::Lang::Ja) {
                Some(_) => c.name.clone(),
                None => Localized::same(
                    c.name
                        .get(crate::foundation::localized::Lang::En)
                        .unwrap_or_default(),
                ),
            },
        )
        .unwrap_or_else(|| e.service.clone());
    let entity_unconfirmed = chosen.is_none().then(|| {
        e.entity
            .iter()
            .map(|c| {
                format!(
                    "{} ({}; serves {})",
                    c.name
                        .get(crate::foundation::localized::Lang::En)
                        .unwrap_or_default(),
                    c.country.get_ref(),
                    c.serves.get_ref().join(", ")
                )
            })
            .collect()
    });
    // A processor's notice links the document that covers customer data, not the consumer policy.
    let (document, label) = match (role, &e.customer_data, &e.privacy_policy) {
        (Some(Role::Processor), Some(c), _) => (
            Some(c),
            Some(super::texts::localized("customer_data_terms")),
        ),
        (_, _, Some(p)) => (Some(p), None),
        (_, Some(c), None) => (
            Some(c),
            Some(super::texts::localized("customer_data_terms")),
        ),
        (_, None, None) => (None, None),
    };
    // A genuine opt-out first; one that only stops personalisation is stated as such.
    let mut opt_outs: Vec<&OptOutFact> = e.opt_out.iter().collect();
    opt_outs.sort_by_key(|o| Stops::from_id(o.stops.get_ref()).is_none_or(|s| !s.is_opt_out()));
    let opt_out = opt_outs.first().map(|o| OptOut {
        url: Some(o.url.get_ref().clone()),
        steps: None,
        not_possible: None,
        stops: Stops::from_id(o.stops.get_ref()),
        reach: Reach::from_id(o.reach.get_ref()),
        label: None,
    });
    let mut evidence: Vec<(&'static str, Vec<Evidence>)> = vec![
        ("role", resolve(&e.role.evidence)),
        (
            "entity",
            chosen.map(|c| resolve(&c.evidence)).unwrap_or_default(),
        ),
        (
            "country",
            chosen.map(|c| resolve(&c.evidence)).unwrap_or_default(),
        ),
    ];
    if let Some(d) = document {
        evidence.push(("privacy_policy", resolve(&d.evidence)));
    }
    if let Some(u) = &e.recipient_use {
        evidence.push(("recipient_use", resolve(&u.evidence)));
    }
    if let Some(o) = opt_outs.first() {
        evidence.push(("opt_out", resolve(&o.evidence)));
    }
    if let Some(d) = &e.domains {
        evidence.push(("domains", resolve(&d.evidence)));
    }
    let packages = e.packages.clone().unwrap_or_default();
    let provenance = [
        "service",
        "entity",
        "country",
        "role",
        "category",
        "mechanism",
    ]
    .into_iter()
    .chain(document.map(|_| "privacy_policy"))
    .chain(e.recipient_use.as_ref().map(|_| "recipient_use"))
    .chain(opt_out.as_ref().map(|_| "opt_out"))
    .chain(e.domains.as_ref().map(|_| "domains"))
    .map(|f| (f, Provenance::Builtin))
    .collect();
    Provider {
        id: e.id.clone(),
        at: None,
        declared_by: Provenance::Builtin,
        service: e.service.clone(),
        entity,
        country: chosen.map(|c| c.country.get_ref().clone()),
        privacy_policy: document.map(|d| d.url.get_ref().clone()),
        privacy_policy_label: label,
        opt_out,
        links: Vec::new(),
        recipient_use: e
            .recipient_use
            .as_ref()
            .map(|u| Localized::new(u.ja.clone(), u.en.clone())),
        recipient_use_url: None,
        origin: Origin::Device,
        category: super::vocabulary()
            .categories
            .iter()
            .find(|c| c.id == *e.category.get_ref())
            .map(|c| c.label.clone()),
        entity_brand_only: false,
        storage: None,
        relay: None,
        domains: e
            .domains
            .as_ref()
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        packages: Packages {
            crates: packages.crates,
            npm: packages.npm,
            ios: packages.ios,
            android: packages.android,
            scripts: packages.scripts,
        },
        role,
        entity_unconfirmed,
        evidence,
        mechanism: Mechanism::from_id(e.mechanism.get_ref()),
        first_party: false,
        notes: Vec::new(),
        sources: Vec::new(),
        provenance,
    }
}

/// Checks files of the built-in catalogue's shape (`data/providers/<id>.toml`, the id being the
/// file's name): every quote present and at most a paragraph, every source and link https, every
/// choice known, every Japanese entity name backed by the entity's own page, no two candidates
/// serving one country, no two providers claiming one host without saying why. Each problem is
/// located in its file.
pub fn validate(files: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut parsed: Vec<(BuiltinEntry, Location)> = Vec::new();
    for (path, source) in files {
        let lines = crate::foundation::diagnostic::LineIndex::new(source);
        let at = |span: Range<usize>| lines.of_span(path, source, span);
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut e: BuiltinEntry = match toml::from_str(source) {
            Ok(e) => e,
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
        e.id = id.clone();
        let id = id.as_str();
        if IdKind::Provider.check_form(id).is_err() {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("provider id `{id}` (the file's name) is not kebab-case"),
                )
                .at(Location::new(path, 1, 1))
                .help("name the file after the provider's id: `data/providers/<id>.toml`, lower case with hyphens"),
            );
        }
        let evidence = |list: &[RawEvidence], fact: &str, out: &mut Vec<Diagnostic>| {
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
                            format!(
                                "`{id}`: the source of `{fact}` is not an https address: `{url}`"
                            ),
                        )
                        .at(at(ev.url.span()))
                        .help("cite the https page the quote was read from"),
                    );
                }
                if Date::from_toml(ev.checked.get_ref()).is_none() {
                    out.push(
                        Diagnostic::error(
                            Code::DateInvalid,
                            format!("`{id}`: `checked` of `{fact}` is not a plain date"),
                        )
                        .at(at(ev.checked.span())),
                    );
                }
            }
        };
        evidence(&e.role.evidence, "role", &mut out);
        if e.role().is_none() {
            out.push(
                Diagnostic::error(
                    Code::UnknownId,
                    format!("`{id}`: unknown role `{}`", e.role.value.get_ref()),
                )
                .at(at(e.role.value.span()))
                .help("use processor or controller"),
            );
        }
        if Mechanism::from_id(e.mechanism.get_ref()).is_none() {
            out.push(
                Diagnostic::error(
                    Code::UnknownId,
                    format!("`{id}`: unknown mechanism `{}`", e.mechanism.get_ref()),
                )
                .at(at(e.mechanism.span())),
            );
        }
        if !super::vocabulary()
            .categories
            .iter()
            .any(|c| c.id == *e.category.get_ref())
        {
            out.push(
                Diagnostic::error(
                    Code::UnknownId,
                    format!("`{id}`: unknown category `{}`", e.category.get_ref()),
                )
                .at(at(e.category.span())),
            );
        }
        let mut served: Vec<&str> = Vec::new();
        for c in &e.entity {
            evidence(&c.evidence, "entity", &mut out);
            evidence(&c.name_ja_evidence, "entity name (ja)", &mut out);
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
            if c.name.get(crate::foundation::localized::Lang::Ja).is_some()
                && c.name_ja_evidence.is_empty()
            {
                out.push(
                    Diagnostic::error(Code::EvidenceInvalid, format!("`{id}`: a Japanese entity name without the entity's own page"))
                        .at(at(c.serves.span()))
                        .help("give `name_ja_evidence` (the entity's page showing the name), or write the name as the entity writes it in English only"),
                );
            }
        }
        if let Some(f) = &e.entity_depends_on_contract {
            evidence(&f.evidence, "entity_depends_on_contract", &mut out);
        }
        for (fact, page) in [
            ("privacy_policy", &e.privacy_policy),
            ("customer_data", &e.customer_data),
        ] {
            if let Some(p) = page {
                evidence(&p.evidence, fact, &mut out);
                if check_link(p.url.get_ref()).is_err() || !p.url.get_ref().starts_with("https://")
                {
                    out.push(
                        Diagnostic::error(
                            Code::LinkInvalid,
                            format!("`{id}`: `{fact}` is not an https address"),
                        )
                        .at(at(p.url.span())),
                    );
                }
            }
        }
        if let Some(u) = &e.recipient_use {
            evidence(&u.evidence, "recipient_use", &mut out);
        }
        for o in &e.opt_out {
            evidence(&o.evidence, "opt_out", &mut out);
            if Stops::from_id(o.stops.get_ref()).is_none()
                || Reach::from_id(o.reach.get_ref()).is_none()
            {
                out.push(
                    Diagnostic::error(
                        Code::UnknownId,
                        format!("`{id}`: an opt-out's `reach` or `stops` is unknown"),
                    )
                    .at(at(o.stops.span())),
                );
            }
        }
        if let Some(d) = &e.domains {
            evidence(&d.evidence, "domains", &mut out);
        }
        if let Some(p) = &e.packages {
            evidence(&p.evidence, "packages", &mut out);
        }
        let domains_at = source.find("[domains]").map_or_else(
            || Location::new(path, 1, 1),
            |i| at(i..i + "[domains]".len()),
        );
        parsed.push((e, domains_at));
    }
    out.extend(shared_hosts(&parsed));
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

/// Two providers naming one host must each say why (`shared`).
fn shared_hosts(providers: &[(BuiltinEntry, Location)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, (a, _)) in providers.iter().enumerate() {
        let Some(da) = &a.domains else { continue };
        for (b, b_at) in &providers[i + 1..] {
            let Some(db) = &b.domains else { continue };
            for host in da.value.iter().filter(|h| db.value.contains(h)) {
                // Each says the host is shared, and why (naming one of the providers it shares it
                // with: a family of SDKs on one host names one).
                let explained = |d: &DomainsFact| d.shared.iter().any(|s| s.host == *host);
                if !explained(da) || !explained(db) {
                    out.push(
                        Diagnostic::error(
                            Code::EvidenceInvalid,
                            format!(
                                "`{}` and `{}` both claim `{host}` without saying why",
                                a.id,
                                b.id
                            ),
                        )
                        .at(b_at.clone())
                        .help("add `shared = [{ with = \"…\", host = \"…\", why = \"…\" }]` to both providers' domains"),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::foundation::localized::Lang;

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
        let files: Vec<(PathBuf, String)> = super::super::provider_files::FILES
            .iter()
            .map(|(id, source)| {
                (
                    PathBuf::from(format!("data/providers/{id}.toml")),
                    source.to_string(),
                )
            })
            .collect();
        let problems = validate(&files);
        let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert!(text.is_empty(), "{}", text.join("\n"));
    }

    #[test]
    fn at_least_eighty_providers_each_role_with_its_document_or_use() {
        let entries = entries();
        assert!(entries.len() >= 80, "{} providers", entries.len());
        let mut ids = BTreeSet::new();
        for e in entries {
            let id = &e.id;
            assert!(ids.insert(id.clone()));
            match e.role() {
                Some(Role::Controller) => assert!(
                    e.recipient_use.is_some(),
                    "{id}: a controller states its own use"
                ),
                Some(Role::Processor) => assert!(
                    e.customer_data.is_some(),
                    "{id}: a processor links the document that covers customer data"
                ),
                None => panic!("{id}: no role"),
            }
            for lang in Lang::ALL {
                assert!(
                    e.service.get(lang).is_some_and(|s| !s.is_empty()),
                    "{id}: service {lang}"
                );
            }
        }
    }

    #[test]
    fn the_entities_that_serve_japan() {
        let entity = |id: &str| {
            let p = providers().iter().find(|p| p.id == id).unwrap();
            (
                p.entity.get(Lang::En).unwrap().to_string(),
                p.country.clone().unwrap_or_default(),
            )
        };
        assert_eq!(entity("paypal"), ("PayPal Pte. Ltd.".into(), "SG".into()));
        assert_eq!(
            entity("sign-in-with-apple"),
            ("iTunes K.K.".into(), "JP".into())
        );
        assert_eq!(
            entity("intercom"),
            ("Intercom R&D Unlimited Company".into(), "IE".into())
        );
        assert_eq!(entity("adjust").0, "Adjust K.K.");
        for id in ["paypal", "sign-in-with-apple", "intercom", "adjust"] {
            let p = providers().iter().find(|p| p.id == id).unwrap();
            assert!(
                p.evidence_of("entity").is_some_and(|e| !e.is_empty()),
                "{id}: the entity is quoted from its source"
            );
        }
        let slack = providers().iter().find(|p| p.id == "slack").unwrap();
        assert!(
            slack.entity_unconfirmed.is_some(),
            "Slack's entity depends on the contract"
        );
    }
}
