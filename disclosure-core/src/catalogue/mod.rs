//! The catalogue: who the operator is, what the notice says around the list of recipients, the
//! recipients (providers), the data items, purposes and conditions annotations name, the outputs
//! and the policy.
//!
//! `disclosure.toml` is read as a [`document::Document`] (exactly what is written, with positions) and
//! validated into a [`Catalogue`] (every id checked, every link, date and choice parsed, every
//! declared provider resolved over the built-in catalogue). [`locate`] says which file governs a
//! package: the one rule the proc macro and the scanner share.

pub mod builtin;
pub mod document;
pub mod facts;
pub mod link;
pub mod locate;
mod merge;
pub(crate) mod places;
pub mod policy_config;
pub mod provenance;
pub mod raw;
mod validate;
pub mod values;
pub mod vocabulary;
#[cfg(feature = "engine")]
pub(crate) use validate::normalise as normalise_path;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use facts::Facts;
pub use policy_config::Policy;
pub use provenance::{Evidence, Fact, Provenance};

use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Error, Located, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::suggest;
use crate::foundation::vocab::{
    Collection, Exemption, Identifier, OptOutMethod, Place, Reach, Stops,
};
use crate::host::{Claim, Claims};

/// The catalogue's file name.
pub const FILE_NAME: &str = "disclosure.toml";

/// The largest catalogue read (8 MiB): far beyond any real one, small enough to refuse a runaway
/// file.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Every term's position, by kind and id (the first of a repeated id).
#[derive(Clone, Debug, Default)]
struct TermIndex {
    positions: BTreeMap<(IdKind, String), usize>,
    own_lengths: BTreeMap<IdKind, usize>,
}

impl TermIndex {
    fn of(catalogue: &Catalogue) -> TermIndex {
        let mut index = TermIndex::default();
        for kind in [
            IdKind::DataItem,
            IdKind::Purpose,
            IdKind::Condition,
            IdKind::PurposeGroup,
            IdKind::Country,
        ] {
            let own = catalogue.own_terms(kind);
            index.own_lengths.insert(kind, own.len());
            for (i, term) in vocabulary::vocabulary()
                .terms(kind)
                .iter()
                .chain(own)
                .enumerate()
            {
                index.positions.entry((kind, term.id.clone())).or_insert(i);
            }
        }
        index
    }
}

/// A validated catalogue.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    path: PathBuf,
    /// What tells this catalogue's text apart from any other's (0 for the built-in one alone).
    fingerprint: u64,
    /// Each term's position by kind and id, built on the first lookup (a catalogue may declare
    /// many thousands of terms; lookups stay logarithmic).
    term_index: std::sync::OnceLock<TermIndex>,
    /// The notice's own texts, version and dates.
    pub notice: NoticeSettings,
    /// The service operator, when declared.
    pub operator: Option<Operator>,
    /// The providers this catalogue declares (each resolved over the built-in entry of the same
    /// id) and those merged from dependencies' catalogues, in declaration order. Built-in
    /// providers the project does not declare are found through [`Catalogue::provider`].
    pub providers: Vec<Provider>,
    /// The project's own data items (after the built-in ones).
    pub data_items: Vec<Term>,
    /// The project's own purposes (after the built-in ones).
    pub purposes: Vec<Term>,
    /// Conditions a transmission can be limited to.
    pub conditions: Vec<Term>,
    /// Groups of purposes, numbered in the notice.
    pub purpose_groups: Vec<Term>,
    /// Named ways to stop a transmission (or statements that it cannot be stopped).
    pub opt_outs: Vec<NamedOptOut>,
    /// The project's keys of providers' requests (beside the built-in maps).
    pub parameters: Vec<Parameter>,
    /// Transmissions of code that is not Rust, in the annotation syntax.
    pub transmissions: Vec<ForeignTransmission>,
    /// The builds the product ships (`[[target]]`), in order; empty: the machine's own.
    pub targets: Vec<BuildTarget>,
    /// Where the scanner looks beyond annotations.
    pub discovery: Discovery,
    /// The files to generate and check.
    pub outputs: Vec<OutputSpec>,
    /// The organisation's rules.
    pub policy: Option<Policy>,
    /// The lints' levels `[lints]` sets.
    pub levels: crate::foundation::levels::Levels,
}

/// A `[[transmission]]`: code that is not Rust sends this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignTransmission {
    /// The file that pulls the SDK in, relative to the catalogue's directory.
    pub source: String,
    /// Where `source` is written.
    pub source_at: Location,
    /// The annotation, as written.
    pub text: String,
    /// Where the annotation's text starts in the catalogue.
    pub text_at: Location,
    /// Whether the text is in the file character for character (no escapes), so that a position
    /// in it is a position in the file.
    pub exact: bool,
}

/// A build the product ships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildTarget {
    /// Its target triple.
    pub triple: String,
    /// What the notice calls it.
    pub label: Localized,
    /// Where it is declared.
    pub at: Location,
}

/// `[discovery]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Builder methods whose first argument is a property key, beside the built-in ones.
    pub key_methods: Vec<String>,
    /// Paths the scan of assets and manifests leaves out, relative to the catalogue's directory.
    pub exclude: Vec<String>,
}

/// The texts around the list of recipients, and the notice's version and dates.
#[derive(Clone, Debug, Default)]
pub struct NoticeSettings {
    /// The title.
    pub title: Option<Localized>,
    /// The line under the title.
    pub subtitle: Option<Localized>,
    /// The opening paragraph.
    pub introduction: Option<Localized>,
    /// The paragraph after the introduction.
    pub preface: Option<Localized>,
    /// How users stop transmissions, in general.
    pub opt_out: Option<Localized>,
    /// The section on information essential for the service.
    pub essential: Option<Localized>,
    /// How users stop that information.
    pub essential_opt_out: Option<Localized>,
    /// How the notice is revised.
    pub revision_policy: Option<Localized>,
    /// Where to ask.
    pub contact: Option<Localized>,
    /// Free notes at the end.
    pub notes: Vec<Localized>,
    /// The notice's version.
    pub version: Option<String>,
    /// Where the notice is published.
    pub url: Option<String>,
    /// Where the consent panel records each choice.
    pub consent_log: Option<String>,
    /// First published.
    pub published: Option<Date>,
    /// The current version takes effect.
    pub effective: Option<Date>,
    /// Last revised.
    pub last_updated: Option<Date>,
    /// The revision history, as written.
    pub revisions: Vec<Revision>,
    /// The service sends nothing: a notice without transmissions is correct.
    pub sends_nothing: bool,
    /// Print transmissions from the operator's servers in a section of their own.
    pub server_section: bool,
    /// Keep the annotation's order of data items and purposes.
    pub declared_order: bool,
    /// The sentence on recipients abroad, instead of the generated one.
    pub cross_border: Option<Localized>,
    /// Print the version and dates under the title.
    pub dates_at_top: bool,
    /// The purposes' section before the data's, where a layout numbers them.
    pub purposes_first: bool,
    /// Where `[notice]` is, when written.
    pub at: Option<Location>,
}

/// One revision of the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// When.
    pub date: Date,
    /// What changed.
    pub summary: Localized,
}

/// The service operator.
#[derive(Clone, Debug)]
pub struct Operator {
    /// Legal name.
    pub name: Localized,
    /// How the notice refers to the operator after the first mention.
    pub short_name: Option<Localized>,
    /// The services covered.
    pub services: Vec<Localized>,
    /// The operator's website.
    pub website: Option<String>,
    /// Where the operator is established (ISO 3166-1 alpha-2; `JP` unless stated).
    pub country: String,
    /// How built-in wording names the service (「本サービス」).
    pub service_term: Option<Localized>,
    /// How built-in wording names the users (「利用者」).
    pub user_term: Option<Localized>,
    /// Where `[operator]` is.
    pub at: Location,
}

/// A data item, purpose, condition or country: an id and what the notice prints for it.
#[derive(Clone, Debug)]
pub struct Term {
    /// The id annotations use.
    pub id: String,
    /// What the notice prints, per language.
    pub label: Localized,
    /// Apple privacy-manifest identifier, where one fits.
    pub apple: Option<String>,
    /// Google Play Data safety id, where one fits.
    pub play: Option<String>,
    /// A data item: examples of what it covers.
    pub examples: Option<Localized>,
    /// A purpose or group: a one-line explanation.
    pub description: Option<Localized>,
    /// A data item: whether it is personal information.
    pub personal: Option<bool>,
    /// A data item: what kind of identifier it is.
    pub identifier: Option<Identifier>,
    /// A data item never sent: why.
    pub not_sent: Option<Localized>,
    /// A data item: how it is obtained.
    pub collection: Option<Collection>,
    /// A data item: the operator's purposes for it, whoever receives it (purpose ids).
    pub purposes: Vec<String>,
    /// A purpose: the group it is listed under.
    pub group: Option<String>,
    /// A purpose: the exemption for essential information it falls under.
    pub exemption: Option<Exemption>,
    /// Where it is declared (none for a built-in term).
    pub at: Option<Location>,
    /// Who declared it.
    pub declared_by: Provenance,
}

impl Term {
    /// A term with only an id and a label.
    pub fn new(id: impl Into<String>, label: Localized, declared_by: Provenance) -> Term {
        Term {
            id: id.into(),
            label,
            apple: None,
            play: None,
            examples: None,
            description: None,
            personal: None,
            identifier: None,
            not_sent: None,
            collection: None,
            purposes: Vec::new(),
            group: None,
            exemption: None,
            at: None,
            declared_by,
        }
    }

    /// The id as a string.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// An `[[opt_out]]`: a way to stop a transmission, or the statement that it cannot be stopped,
/// that annotations name.
#[derive(Clone, Debug)]
pub struct NamedOptOut {
    /// The id annotations name.
    pub id: String,
    /// What it says.
    pub opt_out: OptOut,
    /// Where it is declared.
    pub at: Option<Location>,
    /// Who declared it.
    pub declared_by: Provenance,
}

/// A recipient with every fact resolved: the project's declaration over the built-in entry, and
/// what dependencies' catalogues add.
#[derive(Clone, Debug)]
pub struct Provider {
    /// The id annotations name.
    pub id: String,
    /// Where its `[[provider]]` table is (none for a built-in provider nobody declares).
    pub at: Option<Location>,
    /// Who declared it.
    pub declared_by: Provenance,
    /// What is known about it, each fact with who stated it and on what evidence.
    pub facts: Facts,
    /// The built-in candidates for its legal entity, to name when the project must choose
    /// (`Adjust K.K. (JP; serves JP)`).
    pub candidates: Vec<String>,
}

impl Provider {
    /// The id as a string.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A key of a provider's requests and the data items it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// The provider.
    pub provider: String,
    /// A query or form key, or a JSON path.
    pub key: String,
    /// Where it travels.
    pub place: Place,
    /// The key is a prefix.
    pub prefix: bool,
    /// The data items it carries.
    pub data: Vec<String>,
    /// Where its meaning was read (built-in maps), empty when unverified or the project's own.
    pub evidence: Vec<KeySource>,
    /// Where it is declared (the project's own).
    pub at: Option<Location>,
    /// The path prefixes the provider's JSON bodies nest events under (`batch[].`), beside the
    /// body itself.
    pub shapes: Vec<String>,
}

impl Parameter {
    /// Whether the request key `key`, found at `place`, is this one (in a JSON body, also under
    /// one of the provider's body shapes).
    pub fn matches(&self, place: Place, key: &str) -> bool {
        let named = |key: &str| key == self.key || (self.prefix && key.starts_with(&self.key));
        (self.place == Place::Any || self.place == place)
            && (named(key)
                || (place == Place::Json
                    && self
                        .shapes
                        .iter()
                        .filter_map(|s| key.strip_prefix(s.as_str()))
                        .any(named)))
    }
}

/// Where the meaning of a request key was read: a page of the provider's documentation or code,
/// the sentence that says what the key is, and when it was checked.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct KeySource {
    /// The page (https).
    pub url: String,
    /// The sentence that says what the key carries.
    pub quote: String,
    /// When it was checked.
    pub checked: Date,
}

/// A labelled link.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// An `https:` URL.
    pub url: String,
    /// What the link says.
    pub label: Localized,
}

/// How a user stops a transmission.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    /// The recipient's opt-out page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Steps to follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Localized>,
    /// Why the transmission cannot be stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_possible: Option<Localized>,
    /// What opting out stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stops: Option<Stops>,
    /// How far it reaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
    /// How the link is labelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Localized>,
    /// What kind of way it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<OptOutMethod>,
}

impl OptOut {
    /// Whether it offers a way to stop something (a page or steps).
    pub fn offers_a_way(&self) -> bool {
        self.url.is_some() || self.steps.is_some()
    }
}

/// A declared output: its path and languages checked here; its format and the options the format
/// takes are checked against the renderer's registry when the outputs are planned.
#[derive(Clone, Debug)]
pub struct OutputSpec {
    /// The path as written, relative to the catalogue's directory.
    pub path: String,
    /// The format's id, as written.
    pub format: Located<String>,
    /// The languages, in order (at least one).
    pub langs: Vec<Lang>,
    /// A user template, relative to the catalogue's directory.
    pub template: Option<Located<String>>,
    /// Only the notice's content, when written (`fragment = true`).
    pub fragment: Option<Location>,
    /// The layout's id, when written.
    pub layout: Option<Located<String>>,
    /// Where the entry's `path` is.
    pub at: Location,
}

/// An id that names nothing declared, with what to write instead.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct UnknownId {
    /// `unknown data item `ip_adress``.
    pub message: String,
    /// The nearest id, and where ids are declared.
    pub help: String,
}

impl Catalogue {
    /// A catalogue with nothing declared: the built-in providers and vocabulary only. What a
    /// package without a `disclosure.toml` is checked against.
    pub fn builtin_only() -> Catalogue {
        Catalogue::default()
    }

    /// Reads, parses and validates the catalogue at `path`. Warnings come back with it.
    pub fn load(path: &Path) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
        let source = read_capped(path)?;
        Catalogue::parse(path, source)
    }

    /// Parses and validates `source` as the catalogue at `path`.
    pub fn parse(path: &Path, source: String) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
        validate::parse(path, &source)
    }

    /// The file this catalogue was read from (empty for [`Catalogue::builtin_only`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A hash of the file's path and text (0 for [`Catalogue::builtin_only`]): equal for the same
    /// text at the same place, so a result made against it can be kept between runs.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The directory outputs and templates are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The provider with this id: declared (or merged), or built in.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers
            .iter()
            .find(|p| p.id == id)
            .or_else(|| builtin::providers().iter().find(|p| p.id == id))
    }

    /// Every provider's claim on hosts: the declared (and merged) ones, then the built-in ones
    /// the project does not declare.
    pub fn claims(&self) -> Claims {
        let mut claims: Vec<Claim> = self
            .providers
            .iter()
            .map(|p| p.facts.claim(&p.id))
            .collect();
        for p in builtin::providers() {
            if !claims.iter().any(|c| c.provider == p.id) {
                claims.push(p.facts.claim(&p.id));
            }
        }
        Claims::new(claims)
    }

    /// The project's own terms of a kind (providers are not terms).
    pub fn own_terms(&self, kind: IdKind) -> &[Term] {
        match kind {
            IdKind::DataItem => &self.data_items,
            IdKind::Purpose => &self.purposes,
            IdKind::Condition => &self.conditions,
            IdKind::PurposeGroup => &self.purpose_groups,
            IdKind::Provider | IdKind::Country | IdKind::OptOut => &[],
        }
    }

    /// The term with this id, built in or the project's own, and its position in notice order.
    pub fn term(&self, kind: IdKind, id: &str) -> Option<(usize, &Term)> {
        let builtin = vocabulary::vocabulary().terms(kind);
        let own = self.own_terms(kind);
        let at = |i: usize| -> Option<&Term> {
            match i.checked_sub(builtin.len()) {
                None => builtin.get(i),
                Some(j) => own.get(j),
            }
        };
        let index = self.term_index.get_or_init(|| TermIndex::of(self));
        if let Some(&i) = index.positions.get(&(kind, id.to_string()))
            && let Some(term) = at(i).filter(|t| t.id == id)
        {
            return Some((i, term));
        }
        if index.own_lengths.get(&kind) == Some(&own.len()) {
            return None;
        }
        // The terms changed after the index was built: look them through.
        builtin
            .iter()
            .chain(own)
            .enumerate()
            .find(|(_, t)| t.id == id)
    }

    /// `text` (a label) with the operator's terms for its service and users filled in, or the
    /// built-in ones when the catalogue declares no operator.
    pub fn with_terms(&self, text: &Localized) -> Localized {
        let op = self.operator.as_ref();
        let term = |own: Option<&Localized>, key: &str| {
            own.cloned()
                .unwrap_or_else(|| vocabulary::texts::localized(key))
        };
        vocabulary::texts::with_terms(
            text,
            &term(op.and_then(|o| o.service_term.as_ref()), "service_term"),
            &term(op.and_then(|o| o.user_term.as_ref()), "user_term"),
        )
    }

    /// The `[[opt_out]]` with this id.
    pub fn opt_out(&self, id: &str) -> Option<&NamedOptOut> {
        self.opt_outs.iter().find(|o| o.id == id)
    }

    /// Every id of a kind that annotations may use.
    pub fn ids(&self, kind: IdKind) -> Vec<&str> {
        match kind {
            IdKind::OptOut => self.opt_outs.iter().map(|o| o.id.as_str()).collect(),
            IdKind::Provider => {
                let mut ids: Vec<&str> = self.providers.iter().map(Provider::id).collect();
                for p in builtin::providers() {
                    if !ids.contains(&p.id()) {
                        ids.push(p.id());
                    }
                }
                ids
            }
            _ => vocabulary::vocabulary()
                .terms(kind)
                .iter()
                .chain(self.own_terms(kind))
                .map(Term::id)
                .collect(),
        }
    }

    /// Checks that `id` names a declared thing of `kind`; the error says what to write instead.
    pub fn check_id(&self, kind: IdKind, id: &str) -> Result<(), UnknownId> {
        let known = match kind {
            IdKind::Provider => self.provider(id).is_some(),
            IdKind::OptOut => self.opt_out(id).is_some(),
            _ => self.term(kind, id).is_some(),
        };
        if known {
            return Ok(());
        }
        let ids = self.ids(kind);
        let mut help = match suggest::did_you_mean(id, ids.iter().copied()) {
            Some(s) => format!("{s} "),
            None => String::new(),
        };
        let declared_in = if self.path.as_os_str().is_empty() {
            format!("a {FILE_NAME} (this package has none)")
        } else {
            self.path.display().to_string()
        };
        match kind {
            IdKind::Provider => help.push_str(&format!(
                "use a built-in provider (`cargo disclosure catalogue` lists them) or declare it as a \
                 `[[provider]]` table in {declared_in}"
            )),
            IdKind::Condition | IdKind::OptOut | IdKind::PurposeGroup => help.push_str(&format!(
                "{}s are declared as `{}` tables in {declared_in}",
                kind.noun(),
                kind.table()
            )),
            _ => help.push_str(&format!(
                "use a built-in {} (`cargo disclosure vocabulary` lists them) or declare your own as \
                 `{}` in {declared_in}",
                kind.noun(),
                kind.table()
            )),
        }
        Err(UnknownId {
            message: format!("unknown {} `{id}`", kind.noun()),
            help,
        })
    }

    /// The country term with this code.
    pub fn country(code: &str) -> Option<&'static Term> {
        vocabulary::vocabulary()
            .countries
            .iter()
            .find(|t| t.id == code)
    }
}

/// Reads `path` as UTF-8 text of at most [`MAX_BYTES`], refusing anything but a regular file.
pub(crate) fn read_capped(path: &Path) -> Result<String, Error> {
    let unreadable = |what: String| -> Error {
        Diagnostic::error(Code::CatalogueUnreadable, what)
            .help("check that the path names a disclosure.toml, a readable regular file")
            .into()
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| unreadable(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(unreadable(format!(
            "{} is not a regular file",
            path.display()
        )));
    }
    if meta.len() > MAX_BYTES {
        return Err(unreadable(format!(
            "{} is {} bytes, more than a catalogue can be ({MAX_BYTES})",
            path.display(),
            meta.len()
        )));
    }
    let bytes = crate::foundation::files::read_bounded(path, MAX_BYTES)
        .map_err(|e| unreadable(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(
            Code::CatalogueUnreadable,
            format!("{} is not UTF-8", path.display()),
        )
        .at(Location::at_offset(path, &text, valid))
        .help("save the file as UTF-8")
        .into()
    })
}

#[cfg(test)]
mod tests;
