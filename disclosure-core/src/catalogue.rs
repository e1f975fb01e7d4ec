//! `disclosure.toml`: who the operator is, what the notice says around the list of recipients, the
//! recipients (providers), and the project's own data items, purposes and conditions.
//!
//! The catalogue is found by walking up from a package's directory ([`find`]); loading it
//! ([`Catalogue::load`]) parses and validates it, reporting every problem with its file:line:column.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Error, Location};
use crate::localized::{Lang, Localized};
pub use crate::providers::{self, Provider};
use crate::suggest;
use crate::vocabulary::{self, IdKind, Term};

/// The catalogue's file name.
pub const FILE_NAME: &str = "disclosure.toml";

/// The largest catalogue read (8 MiB): far beyond any real one, small enough to refuse a runaway file.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed and validated `disclosure.toml`.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The notice's own texts, version and dates.
    #[serde(default)]
    pub notice: NoticeTexts,
    /// The service operator publishing the notice. Required to build a notice; a library's own
    /// catalogue, which only declares what the library sends, has none.
    pub operator: Option<Operator>,
    /// The recipients this project declares (or whose built-in facts it overrides), in the order
    /// the notice lists them.
    #[serde(default, rename = "provider")]
    pub declared: Vec<ProviderDecl>,
    /// The declared recipients, merged with the built-in facts of the same id.
    #[serde(skip)]
    pub providers: Vec<Provider>,
    /// The project's own data items (after the built-in ones).
    #[serde(default, rename = "data")]
    pub data_items: Vec<Term>,
    /// The project's own purposes (after the built-in ones).
    #[serde(default, rename = "purpose")]
    pub purposes: Vec<Term>,
    /// Conditions a transmission can be limited to (`when = "…"`).
    #[serde(default, rename = "condition")]
    pub conditions: Vec<Term>,
    /// The files `cargo disclosure generate` writes and `cargo disclosure check` checks.
    #[serde(default, rename = "output")]
    pub outputs: Vec<OutputDecl>,
    /// The organisation's rules about transmissions (`cargo disclosure policy`).
    pub policy: Option<crate::policy::Policy>,
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    source: String,
}

/// The texts around the list of recipients, and the notice's version and dates.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeTexts {
    /// The title. Default: 「利用者情報の外部送信について」 / "External Transmission of User Information".
    pub title: Option<Localized>,
    /// The opening paragraph. Default: a sentence naming the operator and its services.
    pub introduction: Option<Localized>,
    /// How users stop transmissions, in general (after the recipients).
    pub opt_out: Option<Localized>,
    /// The section on information the operator itself receives because the service needs it.
    pub essential: Option<Localized>,
    /// How users stop that information, and what stops working if they do.
    pub essential_opt_out: Option<Localized>,
    /// How and when the notice is revised.
    pub revision_policy: Option<Localized>,
    /// Where to ask questions.
    pub contact: Option<Localized>,
    /// Free notes printed at the end, where no other field fits.
    #[serde(default)]
    pub notes: Vec<Localized>,
    /// The notice's version, as the operator numbers it.
    pub version: Option<String>,
    /// The date the notice was first published (a TOML date: `2023-06-16`).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub published: Option<Spanned<toml::value::Datetime>>,
    /// The date of the last revision (a TOML date). Output carries no other date.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub last_updated: Option<Spanned<toml::value::Datetime>>,
}

/// The service operator: who publishes the notice.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Legal name (「エヌ・ティ・ティ・コノキュー株式会社」 / "NTT QONOQ, INC.").
    pub name: Localized,
    /// How the notice refers to the operator after the first mention (「当社」, "NTT QONOQ").
    pub short_name: Option<Localized>,
    /// The services the notice covers.
    #[serde(default)]
    pub services: Vec<Localized>,
    /// The operator's website.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub website: Option<Spanned<String>>,
}

/// A generated file, declared once: `[[output]]`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutputDecl {
    /// Where to write it, relative to the directory of `disclosure.toml`.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub path: Spanned<String>,
    /// `markdown`, `html`, `mermaid` or `json`.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub format: Spanned<String>,
    /// The languages, in order: `"ja"`, `"en"` or `["ja", "en"]` (default: `"ja"`).
    #[serde(default)]
    pub lang: Option<Langs>,
    /// A template instead of the built-in one, relative to the directory of `disclosure.toml`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub template: Option<Spanned<String>>,
    /// HTML: only the notice, to embed in a page.
    #[serde(default)]
    pub fragment: bool,
}

/// One language or several.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Langs {
    /// `"ja"`.
    One(Lang),
    /// `["ja", "en"]`.
    Many(Vec<Lang>),
}

impl Langs {
    /// The languages, in order.
    pub fn to_vec(&self) -> Vec<Lang> {
        match self {
            Langs::One(lang) => vec![*lang],
            Langs::Many(langs) => langs.clone(),
        }
    }
}

/// Why a transmission may happen (TBA Art. 27-12): published in the notice (the default), with
/// the user's consent, under an opt-out measure, or as information essential for the service.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Made known in the notice (法27条の12 本文).
    Notice,
    /// Sent with the user's consent (第3号).
    Consent,
    /// An opt-out measure is in place, and its details are published (第4号).
    OptOut,
    /// Essential for providing the service (第1号, 施行規則 第22条の2の28); needs a reason.
    Essential,
}

impl Basis {
    /// Every basis.
    pub const ALL: [Basis; 4] = [
        Basis::Notice,
        Basis::Consent,
        Basis::OptOut,
        Basis::Essential,
    ];

    /// The id used in annotations.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Notice => "notice",
            Basis::Consent => "consent",
            Basis::OptOut => "opt_out",
            Basis::Essential => "essential",
        }
    }
}

/// What an opt-out stops.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stops {
    /// The sending itself.
    Sending,
    /// The recipient's use of what was sent.
    Use,
    /// Both.
    Both,
}

/// How information leaves the user's device.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// A script or tag embedded in a web page.
    Tag,
    /// A software development kit (information-collection module) built into an app.
    Sdk,
    /// A cookie set for the recipient.
    Cookie,
    /// A request from the user's device to the recipient's API.
    ServerApi,
}

impl Mechanism {
    /// Every mechanism, in notice order.
    pub const ALL: [Mechanism; 4] = [
        Mechanism::Tag,
        Mechanism::Sdk,
        Mechanism::Cookie,
        Mechanism::ServerApi,
    ];

    /// The id used in `disclosure.toml` and annotations.
    pub fn id(self) -> &'static str {
        match self {
            Mechanism::Tag => "tag",
            Mechanism::Sdk => "sdk",
            Mechanism::Cookie => "cookie",
            Mechanism::ServerApi => "server_api",
        }
    }
}

/// A recipient as `disclosure.toml` declares it: every field is optional when the provider is
/// built in (`cargo disclosure catalogue`), and then overrides the built-in fact.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderDecl {
    /// The id annotations name (`provider = "google-analytics"`), kebab-case.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// The service name (「Google アナリティクス」).
    pub service: Option<Localized>,
    /// The legal entity that handles the information (「Google LLC」). Required by Art. 27-12.
    pub entity: Option<Localized>,
    /// Where the entity is established: an ISO 3166-1 alpha-2 code (`US`).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub country: Option<Spanned<String>>,
    /// The recipient's privacy policy.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub privacy_policy: Option<Spanned<String>>,
    /// How the link to the privacy policy is labelled. Default: 「プライバシーポリシー」 / "Privacy Policy".
    pub privacy_policy_label: Option<Localized>,
    /// How a user stops the transmission.
    pub opt_out: Option<OptOut>,
    /// Other pages about the recipient's handling of the information.
    #[serde(default)]
    pub links: Vec<Link>,
    /// What the recipient itself does with the information (its own purposes).
    pub recipient_use: Option<Localized>,
    /// Host names the information is sent to.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Crates whose presence in the dependency graph means this recipient receives data.
    #[serde(default)]
    pub crates: Vec<String>,
    /// How the information is sent, unless an annotation says otherwise.
    pub mechanism: Option<Mechanism>,
    /// The operator itself: its section lists information the service needs to work.
    pub first_party: Option<bool>,
    /// Further facts the notice prints under this recipient (enabled features, …).
    #[serde(default)]
    pub notes: Vec<Localized>,
    /// Where the facts above come from (the recipient's own pages), for reviewers.
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

impl ProviderDecl {
    /// The id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

/// A labelled link.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// An `https:` URL.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub url: Spanned<String>,
    /// What the link says.
    pub label: Localized,
}

/// How a user stops a transmission: a page, steps to follow, or the reason it is not possible.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    /// The recipient's opt-out page.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub url: Option<Spanned<String>>,
    /// Steps to follow (device or browser settings, …).
    pub steps: Option<Localized>,
    /// Why the transmission cannot be stopped, when it cannot.
    pub not_possible: Option<Localized>,
    /// What opting out stops: `sending`, `use` (by the recipient) or `both`. Required for a
    /// transmission whose basis is `opt_out`.
    pub stops: Option<Stops>,
}

/// The environment variable that names the catalogue to use instead of searching for one.
pub const ENV_OVERRIDE: &str = "DISCLOSURE_CATALOGUE";

/// The catalogue for a package whose directory is `start`: the file `DISCLOSURE_CATALOGUE` names
/// when it is set, else the nearest `disclosure.toml` walking up ([`find`]). The proc macro and
/// the scanner both call this, so they always read the same file.
pub fn locate(start: &Path) -> Result<PathBuf, Error> {
    match std::env::var_os(ENV_OVERRIDE) {
        Some(path) if !path.is_empty() => {
            let path = PathBuf::from(path);
            if path.is_file() {
                Ok(path)
            } else {
                Err(Diagnostic::error(format!(
                    "{ENV_OVERRIDE} names {}, which is not a file",
                    path.display()
                ))
                .help(format!(
                    "point {ENV_OVERRIDE} at a disclosure.toml, or unset it to use the nearest one"
                ))
                .into())
            }
        }
        _ => find(start),
    }
}

/// Where to look for a catalogue: `start` and each directory above it, up to the repository root
/// (the first directory holding `.git`) or, outside a repository, the file system root.
pub fn search_path(start: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for dir in start.ancestors() {
        dirs.push(dir.to_path_buf());
        if dir.join(".git").exists() {
            break;
        }
    }
    dirs
}

/// The nearest `disclosure.toml` on the [`search_path`] from `start` (a package's directory).
pub fn find(start: &Path) -> Result<PathBuf, Error> {
    let dirs = search_path(start);
    for dir in &dirs {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    let searched: Vec<String> = dirs
        .iter()
        .map(|d| {
            let shown = d.display().to_string();
            if shown.ends_with(std::path::MAIN_SEPARATOR) {
                shown
            } else {
                format!("{shown}{}", std::path::MAIN_SEPARATOR)
            }
        })
        .collect();
    Err(Diagnostic::error(format!(
        "no `{FILE_NAME}` found in {} or any directory above it, up to the repository root",
        start.display()
    ))
    .help(format!(
        "create `{FILE_NAME}` at the root of your workspace with an `[operator]` table and one \
         `[[provider]]` per recipient (see docs/getting-started.md)\nsearched: {}",
        searched.join(", ")
    ))
    .into())
}

impl Catalogue {
    /// Reads, parses and validates the catalogue at `path`. Warnings come back with it.
    pub fn load(path: &Path) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
        if let Ok(meta) = fs::metadata(path)
            && meta.len() > MAX_BYTES
        {
            return Err(Diagnostic::error(format!(
                "{} is {} bytes, more than a catalogue can be ({MAX_BYTES})",
                path.display(),
                meta.len()
            ))
            .help("a catalogue holds a few hundred providers at most; check that the right file is named")
            .into());
        }
        let bytes = fs::read(path).map_err(|e| {
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .help("check that the file exists and is readable")
        })?;
        let source = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(format!("{} is not UTF-8", path.display()))
                .at(Location::at_offset(path, "", e.utf8_error().valid_up_to()))
                .help("save the file as UTF-8")
        })?;
        Catalogue::parse(path, source)
    }

    /// Parses and validates `source` as the catalogue at `path`.
    pub fn parse(path: &Path, source: String) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
        let mut catalogue: Catalogue = match toml::from_str(&source) {
            Ok(c) => c,
            Err(e) => {
                let mut d = Diagnostic::error(format!(
                    "{} is not a valid catalogue: {}",
                    path.display(),
                    e.message()
                ))
                .help("fix the TOML at this position; docs/getting-started.md shows every table");
                if let Some(span) = e.span() {
                    d = d.at(Location::at_offset(path, &source, span.start));
                }
                return Err(d.into());
            }
        };
        catalogue.path = path.to_path_buf();
        catalogue.source = source;
        let mut diagnostics = Diagnostics::new();
        catalogue.validate(&mut diagnostics);
        for decl in &catalogue.declared {
            match providers::resolve(decl) {
                Ok(provider) => catalogue.providers.push(provider),
                Err(d) => diagnostics.push(d.at(catalogue.location(decl.id.span()))),
            }
        }
        diagnostics.finish(catalogue)
    }

    /// Adds the providers, data items, purposes and conditions of a dependency's own catalogue.
    /// The same id in both with different facts is an error naming both files; the same facts are
    /// fine.
    pub fn merge_dependency(&mut self, other: Catalogue) -> Result<(), Error> {
        let mut diagnostics = Diagnostics::new();
        let conflict = |what: String, here: Location, there: Location| {
            Diagnostic::error(format!("{what} is declared differently in two catalogues"))
                .at(there)
                .help(format!(
                    "the application's declaration is at {here}; make the two agree, or remove the one in the dependency's catalogue"
                ))
        };
        for provider in &other.providers {
            match self.providers.iter().find(|p| p.id() == provider.id()) {
                Some(mine) if !same_facts(mine, provider) => diagnostics.push(conflict(
                    format!("provider `{}`", provider.id()),
                    self.location(mine.id.span()),
                    other.location(provider.id.span()),
                )),
                Some(_) => {}
                None => {
                    let mut provider = provider.clone();
                    provider.origin = providers::Origin::Dependency;
                    self.providers.push(provider);
                }
            }
        }
        for kind in [IdKind::DataItem, IdKind::Purpose, IdKind::Condition] {
            for term in other.own_terms(kind) {
                let mine = self.own_terms(kind).iter().find(|t| t.id() == term.id());
                match mine {
                    Some(mine) if mine.label != term.label => diagnostics.push(conflict(
                        format!("{} `{}`", kind.noun(), term.id()),
                        self.location(mine.id.span()),
                        other.location(term.id.span()),
                    )),
                    Some(_) => {}
                    None => {
                        let term = term.clone();
                        match kind {
                            IdKind::DataItem => self.data_items.push(term),
                            IdKind::Purpose => self.purposes.push(term),
                            _ => self.conditions.push(term),
                        }
                    }
                }
            }
        }
        diagnostics.finish(()).map(|_| ())
    }

    /// The file this catalogue was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text of the catalogue file.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The location of a byte range of the catalogue file.
    pub fn location(&self, span: Range<usize>) -> Location {
        Location::at_offset(&self.path, &self.source, span.start)
    }

    /// The provider with this id: declared in this catalogue, or built in.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers
            .iter()
            .find(|p| p.id() == id)
            .or_else(|| providers::builtin().iter().find(|p| p.id() == id))
    }

    /// The project's own terms of a kind (providers are not terms).
    pub fn own_terms(&self, kind: IdKind) -> &[Term] {
        match kind {
            IdKind::DataItem => &self.data_items,
            IdKind::Purpose => &self.purposes,
            IdKind::Condition => &self.conditions,
            IdKind::Provider | IdKind::Country => &[],
        }
    }

    /// The term with this id, built in or the project's own, and its position in notice order.
    pub fn term(&self, kind: IdKind, id: &str) -> Option<(usize, &Term)> {
        let builtin = vocabulary::builtin().terms(kind);
        builtin
            .iter()
            .chain(self.own_terms(kind))
            .enumerate()
            .find(|(_, t)| t.id() == id)
    }

    /// Every id of a kind that annotations may use.
    pub fn ids(&self, kind: IdKind) -> Vec<&str> {
        match kind {
            IdKind::Provider => {
                let mut ids: Vec<&str> = self.providers.iter().map(Provider::id).collect();
                for p in providers::builtin() {
                    if !ids.contains(&p.id()) {
                        ids.push(p.id());
                    }
                }
                ids
            }
            _ => vocabulary::builtin()
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
        let declared_in = self.path.display();
        match kind {
            IdKind::Provider => help.push_str(&format!(
                "use a built-in provider (`cargo disclosure catalogue` lists them) or declare it as a \
                 `[[provider]]` table in {declared_in}"
            )),
            IdKind::Condition => help.push_str(&format!(
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

    fn validate(&self, out: &mut Diagnostics) {
        let mut seen_providers: Vec<&Spanned<String>> = Vec::new();
        for provider in &self.declared {
            let id = &provider.id;
            if !is_kebab_case(id.get_ref()) {
                out.push(
                    Diagnostic::error(format!("provider id `{}` is not kebab-case", id.get_ref()))
                        .at(self.location(id.span()))
                        .help(format!(
                            "write it in lower case with hyphens: `{}`",
                            to_kebab_case(id.get_ref())
                        )),
                );
            }
            if let Some(first) = seen_providers.iter().find(|p| p.get_ref() == id.get_ref()) {
                let first_at = self.location(first.span());
                out.push(
                    Diagnostic::error(format!("duplicate provider id `{}`", id.get_ref()))
                        .at(self.location(id.span()))
                        .help(format!(
                            "`{}` is first declared at {first_at}; merge the two `[[provider]]` \
                             tables or rename one",
                            id.get_ref()
                        )),
                );
            } else {
                seen_providers.push(id);
            }
            if let Some(country) = &provider.country {
                let code = country.get_ref();
                if vocabulary::builtin()
                    .countries
                    .iter()
                    .all(|t| t.id() != code)
                {
                    let known = vocabulary::builtin().countries.iter().map(Term::id);
                    let mut help = String::from("use an ISO 3166-1 alpha-2 code such as `US`");
                    if let Some(s) = suggest::did_you_mean(&code.to_ascii_uppercase(), known) {
                        help = format!("{s} {help}");
                    }
                    out.push(
                        Diagnostic::error(format!("unknown country code `{code}`"))
                            .at(self.location(country.span()))
                            .help(help),
                    );
                }
            }
            let urls = provider
                .privacy_policy
                .iter()
                .chain(provider.opt_out.iter().flat_map(|o| &o.url))
                .chain(provider.links.iter().map(|l| &l.url))
                .chain(&provider.sources);
            for url in urls {
                self.check_url(url, out);
            }
            if let Some(opt_out) = &provider.opt_out {
                let offers_a_way = opt_out.url.is_some() || opt_out.steps.is_some();
                if opt_out.not_possible.is_some() && offers_a_way {
                    out.push(
                        Diagnostic::error(format!(
                            "provider `{}`: `opt_out` gives both a way to opt out and \
                             `not_possible`",
                            provider.id()
                        ))
                        .at(self.location(provider.id.span()))
                        .help("keep `url`/`steps`, or keep only `not_possible` with its reason"),
                    );
                } else if opt_out.not_possible.is_none() && !offers_a_way {
                    out.push(
                        Diagnostic::error(format!(
                            "provider `{}`: `opt_out` is empty",
                            provider.id()
                        ))
                        .at(self.location(provider.id.span()))
                        .help(
                            "give `url = \"https://…\"`, `steps = { ja = \"…\", en = \"…\" }`, or \
                             `not_possible = { … }` with the reason",
                        ),
                    );
                }
            }
        }
        if let Some(website) = self.operator.as_ref().and_then(|o| o.website.as_ref()) {
            self.check_url(website, out);
        }
        for kind in [IdKind::DataItem, IdKind::Purpose, IdKind::Condition] {
            self.validate_terms(kind, out);
        }
        for (i, output) in self.outputs.iter().enumerate() {
            const FORMATS: [&str; 6] = [
                "markdown",
                "html",
                "mermaid",
                "json",
                "xcprivacy",
                "play-data-safety-csv",
            ];
            let format = output.format.get_ref();
            if !FORMATS.contains(&format.as_str()) {
                let mut help = format!("use one of: {}", FORMATS.join(", "));
                if let Some(s) = suggest::did_you_mean(format, FORMATS) {
                    help = format!("{s} {help}");
                }
                out.push(
                    Diagnostic::error(format!("unknown output format `{format}`"))
                        .at(self.location(output.format.span()))
                        .help(help),
                );
            }
            if output.fragment && format != "html" {
                out.push(
                    Diagnostic::error("`fragment` only applies to `format = \"html\"`")
                        .at(self.location(output.format.span()))
                        .help("remove `fragment = true`, or use the html format"),
                );
            }
            if let Some(first) = self.outputs[..i]
                .iter()
                .find(|o| o.path.get_ref() == output.path.get_ref())
            {
                out.push(
                    Diagnostic::error(format!(
                        "output `{}` is declared twice",
                        output.path.get_ref()
                    ))
                    .at(self.location(output.path.span()))
                    .help(format!(
                        "it is first declared at {}; remove one",
                        self.location(first.path.span())
                    )),
                );
            }
        }
        for date in [&self.notice.published, &self.notice.last_updated]
            .into_iter()
            .flatten()
        {
            let value = date.get_ref();
            if value.date.is_none() || value.time.is_some() || value.offset.is_some() {
                out.push(
                    Diagnostic::error(format!("`{value}` is not a plain date"))
                        .at(self.location(date.span()))
                        .help("write a date without time, e.g. `last_updated = 2024-04-01`"),
                );
            }
        }
    }

    fn validate_terms(&self, kind: IdKind, out: &mut Diagnostics) {
        let builtin = vocabulary::builtin().terms(kind);
        let own = self.own_terms(kind);
        for (i, term) in own.iter().enumerate() {
            let id = term.id();
            let (well_formed, style, fixed) = match kind {
                IdKind::Condition => (is_kebab_case(id), "kebab-case", to_kebab_case(id)),
                _ => (
                    is_snake_case(id),
                    "snake_case",
                    to_kebab_case(id).replace('-', "_"),
                ),
            };
            if !well_formed {
                out.push(
                    Diagnostic::error(format!("{} id `{id}` is not {style}", kind.noun()))
                        .at(self.location(term.id.span()))
                        .help(format!("write `{fixed}`")),
                );
            }
            if builtin.iter().any(|t| t.id() == id) {
                out.push(
                    Diagnostic::error(format!("{} `{id}` is already built in", kind.noun()))
                        .at(self.location(term.id.span()))
                        .help(format!(
                            "use the built-in `{id}` without declaring it, or give yours another id"
                        )),
                );
            } else if let Some(first) = own[..i].iter().find(|t| t.id() == id) {
                out.push(
                    Diagnostic::error(format!("duplicate {} id `{id}`", kind.noun()))
                        .at(self.location(term.id.span()))
                        .help(format!(
                            "`{id}` is first declared at {}; remove one",
                            self.location(first.id.span())
                        )),
                );
            }
        }
    }

    fn check_url(&self, url: &Spanned<String>, out: &mut Diagnostics) {
        if let Err(d) = check_link(url.get_ref()) {
            out.push(d.at(self.location(url.span())));
        }
    }
}

fn same_facts(a: &Provider, b: &Provider) -> bool {
    let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.get_ref().clone());
    a.service == b.service
        && a.entity == b.entity
        && text(&a.country) == text(&b.country)
        && text(&a.privacy_policy) == text(&b.privacy_policy)
}

/// An id that names nothing declared, with what to write instead.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct UnknownId {
    /// `unknown data item `ip_adress``.
    pub message: String,
    /// The nearest id, and where ids are declared.
    pub help: String,
}

/// Checks that `url` is a link a notice may carry: `https:` (or `http:`, with a warning), never
/// `javascript:`, `data:` or anything else. The diagnostic has no location yet.
pub fn check_link(url: &str) -> Result<(), Diagnostic> {
    let lower = url.trim_start().to_ascii_lowercase();
    let bad_char = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
    if let Some(c) = bad_char {
        return Err(
            Diagnostic::error(format!("link `{}` contains {c:?}", url.escape_debug()))
                .help("percent-encode the character (a space is %20)"),
        );
    }
    if let Some(rest) = lower.strip_prefix("https://") {
        if rest.is_empty() || rest.starts_with('/') {
            return Err(Diagnostic::error(format!("link `{url}` has no host"))
                .help("write a full address such as https://example.com/privacy"));
        }
        Ok(())
    } else if lower.starts_with("http://") {
        Err(Diagnostic::warning(format!("link `{url}` is not https"))
            .help("use the https address if the site has one"))
    } else {
        Err(Diagnostic::error(format!("link `{url}` is not an https: address"))
            .help("a notice may only link to https: pages (http: with a warning); javascript:, data: and relative links are refused"))
    }
}

/// `google-analytics`: lower-case ASCII words joined by single hyphens.
pub fn is_kebab_case(id: &str) -> bool {
    is_words(id, b'-')
}

/// `ip_address`: lower-case ASCII words joined by single underscores.
pub fn is_snake_case(id: &str) -> bool {
    is_words(id, b'_') && id.as_bytes()[0].is_ascii_lowercase()
}

fn is_words(id: &str, sep: u8) -> bool {
    !id.is_empty()
        && id.split(sep as char).all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn to_kebab_case(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        match c {
            '_' | ' ' | '.' => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }

[[provider]]
id = "google-analytics"
service = { ja = "Google アナリティクス", en = "Google Analytics" }
entity = "Google LLC"
country = "US"
privacy_policy = "https://policies.google.com/privacy"
"#;

    fn parse(src: &str) -> Result<(Catalogue, Vec<Diagnostic>), Error> {
        Catalogue::parse(Path::new("disclosure.toml"), src.to_string())
    }

    fn error_text(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    #[test]
    fn a_minimal_catalogue_loads() {
        let (c, warnings) = parse(MINIMAL).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(c.providers[0].id(), "google-analytics");
        assert!(c.check_id(IdKind::DataItem, "ip_address").is_ok());
    }

    #[test]
    fn malformed_toml_names_file_line_and_column() {
        let err = error_text("[operator\nname = 1");
        assert!(err.contains("--> disclosure.toml:1:10"), "{err}");
    }

    #[test]
    fn a_duplicate_provider_names_both_places() {
        let src = format!(
            "{MINIMAL}\n[[provider]]\nid = \"google-analytics\"\nservice = \"x\"\nentity = \"x\"\n"
        );
        let err = error_text(&src);
        assert!(
            err.contains("duplicate provider id `google-analytics`"),
            "{err}"
        );
        assert!(err.contains("disclosure.toml:13:6"), "{err}");
        assert!(
            err.contains("first declared at disclosure.toml:6:6"),
            "{err}"
        );
    }

    #[test]
    fn links_must_be_https() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/privacy",
            "https://",
        ] {
            assert!(check_link(bad).unwrap_err().is_error(), "{bad}");
        }
        assert!(!check_link("http://example.com").unwrap_err().is_error());
        assert!(check_link("https://example.com/a?b=c#d").is_ok());
        let src = MINIMAL.replace("https://policies", "javascript://policies");
        assert!(error_text(&src).contains("is not an https: address"));
    }

    #[test]
    fn unknown_ids_get_the_nearest_suggestion_and_where_to_declare() {
        let (c, _) = parse(MINIMAL).unwrap();
        let err = c.check_id(IdKind::DataItem, "ip_adress").unwrap_err();
        assert_eq!(err.message, "unknown data item `ip_adress`");
        assert!(
            err.help.starts_with("did you mean `ip_address`?"),
            "{}",
            err.help
        );
        assert!(err.help.contains("[[data]]"), "{}", err.help);
        let err = c.check_id(IdKind::Provider, "google-analytic").unwrap_err();
        assert!(err.help.contains("`google-analytics`"), "{}", err.help);
    }

    #[test]
    fn ids_must_be_well_formed() {
        let src = MINIMAL.replace("id = \"google-analytics\"", "id = \"Google_Analytics\"");
        let err = error_text(&src);
        assert!(
            err.contains("write it in lower case with hyphens: `google-analytics`"),
            "{err}"
        );
        let src = format!("{MINIMAL}\n[[data]]\nid = \"PlayerId\"\nlabel = \"x\"\n");
        assert!(error_text(&src).contains("write `player_id`"));
    }

    #[test]
    fn finds_the_nearest_catalogue_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        fs::create_dir_all(&nested).unwrap();
        fs::write(dir.path().join(FILE_NAME), MINIMAL).unwrap();
        assert_eq!(find(&nested).unwrap(), dir.path().join(FILE_NAME));
        let empty = tempfile::tempdir().unwrap();
        let err = find(empty.path()).unwrap_err().to_string();
        assert!(err.contains("searched:"), "{err}");
    }

    #[test]
    fn case_conversion_helpers() {
        assert!(is_kebab_case("d-account"));
        assert!(!is_kebab_case("d_account"));
        assert!(is_snake_case("ip_address"));
        assert!(!is_snake_case("1st"));
        assert_eq!(to_kebab_case("GoogleAnalytics"), "google-analytics");
    }

    #[test]
    fn a_dependency_catalogue_merges_and_a_conflict_names_both_files() {
        let (mut app, _) = parse(MINIMAL).unwrap();
        let lib_src =
            "[[data]]\nid = \"sdk_id\"\nlabel = \"SDK ID\"\n\n[[provider]]\nid = \"mixpanel\"\n";
        let (lib, _) = Catalogue::parse(Path::new("sdk/disclosure.toml"), lib_src.into()).unwrap();
        app.merge_dependency(lib).unwrap();
        assert!(app.check_id(IdKind::DataItem, "sdk_id").is_ok());
        assert!(app.provider("mixpanel").is_some());

        let (mut app, _) = parse(MINIMAL).unwrap();
        let clash = "[[provider]]\nid = \"google-analytics\"\nentity = \"Someone Else\"\n";
        let (lib, _) = Catalogue::parse(Path::new("sdk/disclosure.toml"), clash.into()).unwrap();
        let err = app.merge_dependency(lib).unwrap_err().to_string();
        assert!(
            err.contains("provider `google-analytics` is declared differently in two catalogues"),
            "{err}"
        );
        assert!(err.contains("--> sdk/disclosure.toml:2:6"), "{err}");
        assert!(err.contains("disclosure.toml:6:6"), "{err}");
    }
}
