//! The facts about a recipient, each declared once. From the one list in `provider_facts!` come
//! the fields of a `[[provider]]` table ([`ProviderDecl`], the published schema), the fields of a
//! built-in provider's file ([`BuiltinDecl`]), the validated [`Facts`] (each value a [`Fact`]
//! carrying who stated it and on what evidence), which facts a project may `remove`, which travel
//! with the legal entity, which are legal facts (resting on the provider's own pages only), and
//! how a declaration lies over the built-in entry of the same id.
//!
//! Adding a fact is one entry here, its wording in the view (`render/view.rs`) and its labels in
//! `data/texts.toml`.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::places::Context;
use super::raw::{CategoryRef, LinkDecl, OptOutDecl};
use super::{Evidence, Link, OptOut, Provenance};
use crate::foundation::diagnostic::Diagnostics;
use crate::foundation::localized::Localized;
use crate::foundation::vocab::{Mechanism, Origin, Role};
use crate::host::Claim;

pub use super::provenance::{Evidenced, Fact, FactInfo, RawEvidence, TeamCheck};
pub use super::values::{Country, EntityKind, Packages, SharedHost};

macro_rules! provider_facts {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $model:ty {
            raw: $raw:ty, schema: $schema:literal, builtin: $builtin:ty, check: $check:path
            $(, $flag:ident)* $(,)?
        }
    )*) => {
        /// A recipient as `disclosure.toml` declares it: every fact is optional when the provider is
        /// built in (`cargo disclosure catalogue`), and then overrides the built-in fact.
        #[derive(Debug, Deserialize)]
        #[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct ProviderDecl {
            /// The id annotations name (`provider = "google-analytics"`), kebab-case.
            #[cfg_attr(feature = "engine", schemars(with = "String"))]
            pub id: Spanned<String>,
            $(
                $(#[doc = $doc])*
                #[cfg_attr(feature = "engine", schemars(with = $schema))]
                pub $name: Option<$raw>,
            )*
            /// Built-in facts to leave out (those that can be: `cargo disclosure explain D0118`).
            #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
            #[serde(default)]
            pub remove: Vec<Spanned<String>>,
            /// Built-in facts the project's team has checked itself against the provider's own
            /// documents: `checked = [{ facts = ["domains"], by = "Legal, A. Sato", date = 2026-12-01 }]`.
            /// The notice still prints the built-in fact; it is no longer unverified (D0415).
            #[serde(default)]
            pub checked: Vec<super::raw::CheckedDecl>,
        }

        /// A built-in provider's file (`data/providers/<id>.toml`): each fact in the project's form,
        /// or as a table with its evidence (`[role] value = "processor"; evidence = [...]`); the
        /// legal entity per customers' country as candidates; the provider's own sites.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct BuiltinDecl {
            /// The provider's own web sites and repositories (`google.com`, `github.com/firebase`):
            /// evidence read there is primary.
            pub sites: Vec<String>,
            /// Hosts another provider uses too, and why.
            #[serde(default)]
            pub shared_hosts: Vec<SharedHost>,
            /// The legal entity for the customers of the countries each serves.
            #[serde(default, rename = "candidate")]
            pub candidates: Vec<super::values::Candidate>,
            $($(#[doc = $doc])* pub $name: Option<$builtin>,)*
        }

        impl BuiltinDecl {
            /// Each fact's evidence as the file writes it, with the fact's name (facts written
            /// without evidence are left out).
            pub fn written_evidence(&self) -> Vec<(&'static str, &[RawEvidence])> {
                let mut out = Vec::new();
                $(
                    if let Some(b) = &self.$name
                        && let (_, Some(evidence), _) = <$builtin as super::provenance::Split<$raw>>::split(b)
                    {
                        out.push((stringify!($name), evidence));
                    }
                )*
                out
            }

            /// The facts the file gives directly.
            pub fn given(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(
                    if self.$name.is_some() {
                        out.push(stringify!($name));
                    }
                )*
                out
            }
        }

        /// Every fact of a recipient, validated, each with who stated it.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct Facts {
            $(
                $(#[doc = $doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $name: Option<Fact<$model>>,
            )*
        }

        /// Every fact, in declaration order, with its properties.
        pub const FACTS: &[FactInfo] = &[$(FactInfo {
            name: stringify!($name),
            removable: super::provenance::has_flag(&[$(stringify!($flag)),*], "removable"),
            with_entity: super::provenance::has_flag(&[$(stringify!($flag)),*], "with_entity"),
            legal: super::provenance::has_flag(&[$(stringify!($flag)),*], "legal"),
        }),*];

        impl Facts {
            /// The facts a declaration states, each checked and located.
            pub(crate) fn declared(
                decl: &ProviderDecl,
                cx: &Context<'_>,
                provenance: &Provenance,
                out: &mut Diagnostics,
            ) -> Facts {
                Facts {$(
                    $name: decl
                        .$name
                        .as_ref()
                        .and_then(|raw| $check(cx, raw, stringify!($name), out))
                        .map(|value| Fact::stated(value, provenance.clone())),
                )*}
            }

            /// The facts of a built-in provider's file, each with its evidence (the candidates'
            /// facts are chosen apart).
            pub(crate) fn built_in(
                decl: &BuiltinDecl,
                cx: &Context<'_>,
                out: &mut Diagnostics,
            ) -> Facts {
                Facts {$(
                    $name: decl.$name.as_ref().and_then(|b| {
                        let (raw, evidence, note) = <$builtin as super::provenance::Split<$raw>>::split(b);
                        let evidence: Vec<Evidence> = evidence
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|e| e.resolve(cx.sites))
                            .collect();
                        $check(cx, raw, stringify!($name), out)
                            .map(|value| Fact::built_in(value, evidence, note))
                    }),
                )*}
            }

            /// `self` (what a project states) over `base` (the built-in entry): each fact is the
            /// project's, else the base's, unless the project removes it, or it travels with the
            /// entity and the project states another entity. The base's facts left out for that
            /// reason come back as the second value.
            pub(crate) fn over(self, base: &Facts, removed: &[&str], entity_changed: bool) -> (Facts, Vec<&'static str>) {
                let mut dropped = Vec::new();
                let facts = Facts {$(
                    $name: match self.$name {
                        Some(own) => Some(own),
                        None if removed.contains(&stringify!($name)) => None,
                        None if entity_changed && info(stringify!($name)).with_entity => {
                            if base.$name.is_some() {
                                dropped.push(stringify!($name));
                            }
                            None
                        }
                        None => base.$name.clone(),
                    },
                )*};
                (facts, dropped)
            }

            /// Fills in what a dependency's catalogue states and `self` does not, keeping every fact
            /// `self` has; the facts both state differently come back (a conflict), and the legal
            /// facts a dependency alone states come back apart (a library's word is never silently
            /// a legal statement).
            pub(crate) fn fill_in(&mut self, theirs: &Facts, origin: &Provenance) -> (Vec<&'static str>, Vec<&'static str>) {
                let mut differs = Vec::new();
                let mut legal = Vec::new();
                $(
                    if let Some(t) = theirs.$name.as_ref().filter(|t| t.provenance != Provenance::Builtin) {
                        match &self.$name {
                            Some(mine) if mine.value != t.value => differs.push(stringify!($name)),
                            Some(_) => {}
                            None if info(stringify!($name)).legal => legal.push(stringify!($name)),
                            None => {
                                self.$name = Some(Fact {
                                    provenance: origin.clone(),
                                    ..t.clone()
                                })
                            }
                        }
                    }
                )*
                (differs, legal)
            }

            /// Each fact that is stated: its name, who stated it, its evidence and its value as
            /// JSON (for comparisons and listings; the view words values).
            pub fn each(&self) -> Vec<FactEntry<'_>> {
                let mut out = Vec::new();
                $(
                    if let Some(f) = &self.$name {
                        out.push(FactEntry {
                            name: stringify!($name),
                            provenance: &f.provenance,
                            evidence: &f.evidence,
                            note: f.note.as_deref(),
                            checked: f.checked.as_ref(),
                            #[cfg(feature = "engine")]
                            value: serde_json::to_value(&f.value).unwrap_or_default(),
                        });
                    }
                )*
                out
            }

            /// Marks the built-in fact `name` as checked by the project's team: `Some(true)` when
            /// marked, `Some(false)` when the fact is not the built-in one (the project or a
            /// dependency states it), `None` when no such fact is stated.
            pub(crate) fn mark_checked(&mut self, name: &str, check: &TeamCheck) -> Option<bool> {
                $(
                    if name == stringify!($name) {
                        let f = self.$name.as_mut()?;
                        if f.provenance != Provenance::Builtin {
                            return Some(false);
                        }
                        f.checked = Some(check.clone());
                        return Some(true);
                    }
                )*
                None
            }

            /// Sets the provenance of every fact (a dependency's catalogue, merged).
            pub(crate) fn stated_by(&mut self, provenance: &Provenance) {
                $(
                    if let Some(f) = &mut self.$name {
                        f.provenance = provenance.clone();
                    }
                )*
            }
        }
    };
}

/// A stated fact, for listings: its name, provenance, evidence and value.
#[derive(Clone, Debug)]
pub struct FactEntry<'a> {
    /// The fact's name (`recipient_use`).
    pub name: &'static str,
    /// Who stated it.
    pub provenance: &'a Provenance,
    /// Its evidence (built-in facts; empty: unverified).
    pub evidence: &'a [Evidence],
    /// A remark on it.
    pub note: Option<&'a str>,
    /// The project team's check of it, for a built-in fact.
    pub checked: Option<&'a TeamCheck>,
    /// Its value (with the engine, which words and compares values).
    #[cfg(feature = "engine")]
    pub value: serde_json::Value,
}

impl FactEntry<'_> {
    /// Whether it is a built-in fact that no quote supports and the project has not checked.
    pub fn unverified(&self) -> bool {
        super::provenance::unverified(self.provenance, self.evidence, self.checked)
    }
}

/// The properties of the fact `name`.
pub fn info(name: &str) -> FactInfo {
    FACTS
        .iter()
        .copied()
        .find(|f| f.name == name)
        .unwrap_or(FactInfo {
            name: "",
            removable: false,
            with_entity: false,
            legal: false,
        })
}

use super::values::check;

provider_facts! {
    /// The service name (「Google アナリティクス」).
    service: Localized {
        raw: Localized, schema: "Option<Localized>", builtin: Localized, check: check::name,
    }
    /// The legal entity that handles the information (「Google LLC」). Required by Art. 27-12.
    entity: Localized {
        raw: Localized, schema: "Option<Localized>", builtin: Evidenced<Localized>, check: check::name,
        legal,
    }
    /// What `entity` is: `legal_name` (the default), `brand` (a brand or service name: the legal name
    /// is not known) or `category` (only the kind of business, 「広告配信事業者」: the rule asks for
    /// the name). A brand or a category is marked as such in the notice.
    entity_kind: EntityKind {
        raw: Spanned<String>, schema: "Option<String>", builtin: Spanned<String>, check: check::choice,
    }
    /// Where the entity is established: an ISO 3166-1 alpha-2 code (`US`).
    country: Country {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::country,
        removable, with_entity, legal,
    }
    /// Where the information is stored, when that differs from where the entity is established: a
    /// country (ISO 3166-1 alpha-2) or a region (`EU`, `EEA`). Storage is never printed as
    /// establishment.
    storage: Country {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::region,
        removable,
    }
    /// The host the user's device actually sends to, when it is not the recipient's own (an
    /// operator's proxy in front of it).
    relay: String {
        raw: Spanned<String>, schema: "Option<String>", builtin: Spanned<String>, check: check::host,
    }
    /// What kind of recipient it is, as the notice labels it: a built-in id (`analytics`,
    /// `advertising`, … `cargo disclosure vocabulary` lists them) or your own text.
    category: Localized {
        raw: Spanned<CategoryRef>, schema: "Option<CategoryRef>", builtin: Spanned<CategoryRef>, check: check::category,
        removable,
    }
    /// What the recipient is to the users' data: `processor` (it handles the information only for
    /// the operator) or `controller` (it also uses it for its own purposes).
    role: Role {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::choice,
        removable, with_entity, legal,
    }
    /// The legal entity serving Japan depends on the operator's contract with the recipient: the
    /// project states it (built-in catalogue only).
    entity_depends_on_contract: bool {
        raw: bool, schema: "Option<bool>", builtin: Evidenced<bool>, check: check::flag,
        legal,
    }
    /// The recipient's privacy policy.
    privacy_policy: String {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::url,
        removable, with_entity, legal,
    }
    /// How the link to the privacy policy is labelled. Default: 「プライバシーポリシー」 /
    /// "Privacy Policy".
    privacy_policy_label: Localized {
        raw: Localized, schema: "Option<Localized>", builtin: Localized, check: check::text,
        with_entity,
    }
    /// The recipient's terms for the data it handles for its customers (a processor's data-processing
    /// terms), linked under their own label.
    customer_data: String {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::url,
        removable, with_entity, legal,
    }
    /// What the recipient itself does with the information (its own purposes).
    recipient_use: Localized {
        raw: Localized, schema: "Option<Localized>", builtin: Evidenced<Localized>, check: check::text,
        removable, with_entity, legal,
    }
    /// A page of the recipient's that states its own use of the information.
    recipient_use_url: String {
        raw: Spanned<String>, schema: "Option<String>", builtin: Evidenced<Spanned<String>>, check: check::url,
        removable, with_entity, legal,
    }
    /// How a user stops the transmission.
    opt_out: OptOut {
        raw: OptOutDecl, schema: "Option<OptOutDecl>", builtin: Evidenced<OptOutDecl>, check: check::opt_out,
        removable, legal,
    }
    /// Other pages about the recipient's handling of the information.
    links: Vec<Link> {
        raw: Vec<LinkDecl>, schema: "Option<Vec<LinkDecl>>", builtin: Vec<LinkDecl>, check: check::links,
    }
    /// Host names the information is sent to (`*.` for subdomains; `[]`: none, replacing the
    /// built-in ones).
    domains: Vec<String> {
        raw: Vec<Spanned<String>>, schema: "Option<Vec<String>>", builtin: Evidenced<Vec<Spanned<String>>>, check: check::domains,
        removable,
    }
    /// What identifies the recipient in code and apps, per kind: `crates`, `npm`, `ios`, `android`,
    /// `scripts` (URL prefixes a page loads).
    packages: Packages {
        raw: Spanned<Packages>, schema: "Option<Packages>", builtin: Evidenced<Spanned<Packages>>, check: check::packages,
        removable,
    }
    /// How the information is sent, unless an annotation says otherwise: `tag`, `sdk`, `cookie`,
    /// `server_api` or `social_plugin`.
    mechanism: Mechanism {
        raw: Spanned<String>, schema: "Option<String>", builtin: Spanned<String>, check: check::choice,
        removable,
    }
    /// Where transmissions to it leave from, unless an annotation says otherwise: `device` (the
    /// default) or `server` (the operator's servers; not an external transmission).
    origin: Origin {
        raw: Spanned<String>, schema: "Option<String>", builtin: Spanned<String>, check: check::choice,
    }
    /// The operator itself: the notice lists what is sent to it in a section of its own.
    first_party: bool {
        raw: bool, schema: "Option<bool>", builtin: bool, check: check::flag,
    }
    /// Others who receive the same transmission and handle it together with this recipient (the
    /// operator's contractor, a joint controller), as the notice names them: each is printed with
    /// the recipient, never as a recipient of its own.
    joint: Vec<Localized> {
        raw: Vec<Localized>, schema: "Option<Vec<Localized>>", builtin: Vec<Localized>, check: check::texts,
    }
    /// Further facts the notice prints under this recipient (enabled features, …).
    notes: Vec<Localized> {
        raw: Vec<Localized>, schema: "Option<Vec<Localized>>", builtin: Vec<Localized>, check: check::texts,
    }
    /// Where the facts above come from (the recipient's own pages), for reviewers.
    sources: Vec<String> {
        raw: Vec<Spanned<String>>, schema: "Option<Vec<String>>", builtin: Vec<Spanned<String>>, check: check::urls,
    }
}

impl Facts {
    /// Whether the recipient's own use of the information is stated, in words or on a page.
    pub fn own_use_stated(&self) -> bool {
        self.recipient_use.is_some() || self.recipient_use_url.is_some()
    }

    /// The role, when stated.
    pub fn role(&self) -> Option<Role> {
        self.role.as_ref().map(|f| f.value)
    }

    /// Whether the recipient is the operator itself.
    pub fn is_first_party(&self) -> bool {
        self.first_party.as_ref().is_some_and(|f| f.value)
    }

    /// Where transmissions to it leave from unless an annotation says otherwise.
    pub fn origin(&self) -> Origin {
        self.origin.as_ref().map_or(Origin::Device, |f| f.value)
    }

    /// The mechanism of its transmissions unless an annotation says otherwise.
    pub fn mechanism(&self) -> Option<Mechanism> {
        self.mechanism.as_ref().map(|f| f.value)
    }

    /// The service name.
    pub fn service(&self) -> Option<&Localized> {
        self.service.as_ref().map(|f| &f.value)
    }

    /// The legal entity, when known.
    pub fn entity(&self) -> Option<&Localized> {
        self.entity.as_ref().map(|f| &f.value)
    }

    /// What the entity's text is.
    pub fn entity_kind(&self) -> EntityKind {
        self.entity_kind
            .as_ref()
            .map_or(EntityKind::LegalName, |f| f.value)
    }

    /// Where the entity is established, when known.
    pub fn country(&self) -> Option<&Country> {
        self.country.as_ref().map(|f| &f.value)
    }

    /// Where the information is stored, when that is said apart.
    pub fn storage(&self) -> Option<&Country> {
        self.storage.as_ref().map(|f| &f.value)
    }

    /// The host names it receives at.
    pub fn domains(&self) -> &[String] {
        self.domains.as_ref().map_or(&[], |f| &f.value)
    }

    /// What identifies it in code and apps.
    pub fn packages(&self) -> Option<&Packages> {
        self.packages.as_ref().map(|f| &f.value)
    }

    /// The entity depends on the operator's contract.
    pub fn entity_depends_on_contract(&self) -> bool {
        self.entity_depends_on_contract
            .as_ref()
            .is_some_and(|f| f.value)
    }

    /// How a user stops its transmissions, as the recipient says.
    pub fn opt_out(&self) -> Option<&Fact<OptOut>> {
        self.opt_out.as_ref()
    }

    /// The recipient `id`'s claim on hosts: its domains, and the URLs its scripts are served
    /// from (which tell two recipients on one host apart).
    pub fn claim(&self, id: &str) -> Claim {
        Claim {
            provider: id.to_string(),
            patterns: self.domains().to_vec(),
            scripts: self
                .packages()
                .map(|p| p.of("scripts").to_vec())
                .unwrap_or_default(),
        }
    }

    /// The provenance of the fact `name`, when it is stated.
    pub fn provenance_of(&self, name: &str) -> Option<&Provenance> {
        self.each()
            .into_iter()
            .find(|e| e.name == name)
            .map(|e| e.provenance)
    }

    /// The evidence of the fact `name`, when it is a built-in fact (empty: unverified).
    pub fn evidence_of(&self, name: &str) -> Option<Vec<Evidence>> {
        self.each()
            .into_iter()
            .find(|e| e.name == name && *e.provenance == Provenance::Builtin)
            .map(|e| e.evidence.to_vec())
    }

    /// The entity and its country, chosen among a built-in entry's candidates.
    pub(crate) fn set_entity(&mut self, entity: Fact<Localized>, country: Option<Fact<Country>>) {
        self.entity = Some(entity);
        self.country = country;
    }

    /// Whether `self` names another legal entity than the one `base`'s facts belong to.
    pub(crate) fn entity_differs(&self, base: &Facts) -> bool {
        // Where `base` names no entity (it depends on the operator's contract, or no candidate
        // serves Japan), its facts are the provider's and hold for the entity the project names.
        match (&self.entity, &base.entity) {
            (Some(own), Some(b)) => !own.value.same_name_as(&b.value),
            _ => false,
        }
    }

    /// The facts every recipient of a notice must have: the service name, and (unless its entity
    /// is left to the operator's contract) the legal entity.
    pub(crate) fn missing_required(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.service.is_none() {
            missing.push("service");
        }
        if self.entity.is_none() && !self.entity_depends_on_contract() {
            missing.push("entity");
        }
        missing
    }
}
