//! Every diagnostic's stable code, with a name and a one-line summary. `docs/diagnostics.md`
//! documents each one with a failing example and its fix; a test keeps the two in step.
//!
//! Codes are grouped by the pipeline stage that finds them: `D01xx` the catalogue
//! (`disclosure.toml`), `D02xx` annotations, `D03xx` reading the workspace and its sources, `D04xx`
//! the notice's completeness, `D05xx` the policy, `D06xx` coverage and discovery, `D07xx`
//! rendering and exports, `D08xx` outputs and the command line, `D09xx` observed traffic. A code is
//! never reused for another meaning.

use std::fmt;
use std::str::FromStr;

macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident = $id:literal, $name:literal, $summary:literal;)*) => {
        /// A diagnostic's stable code.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[$meta])* #[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$($(#[$meta])* Code::$variant,)*];

            /// The code as printed: `D0206`.
            pub const fn id(self) -> &'static str {
                match self { $($(#[$meta])* Code::$variant => $id,)* }
            }

            /// A short kebab-case name: `unknown-id`.
            pub const fn name(self) -> &'static str {
                match self { $($(#[$meta])* Code::$variant => $name,)* }
            }

            /// What the code means, in one sentence.
            pub const fn summary(self) -> &'static str {
                match self { $($(#[$meta])* Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    // The catalogue: disclosure.toml.
    CatalogueSyntax = "D0101", "catalogue-syntax",
        "`disclosure.toml` is not valid TOML, or a value has the wrong type or an unknown key.";
    CatalogueUnreadable = "D0102", "catalogue-unreadable",
        "A catalogue file cannot be read: missing, not a regular file, too large, or not UTF-8.";
    CatalogueMissing = "D0103", "catalogue-missing",
        "A catalogue the command needs (the application's own) is missing.";
    IdFormat = "D0104", "id-format",
        "An id is not written in its case (providers and conditions kebab-case, data items and purposes snake_case).";
    DuplicateId = "D0105", "duplicate-id",
        "The same id is declared twice.";
    BuiltinRedeclared = "D0106", "builtin-redeclared",
        "A project declares a data item or purpose that is already built in.";
    UnknownCountry = "D0107", "unknown-country",
        "A country code is not ISO 3166-1 alpha-2.";
    LinkInvalid = "D0108", "link-invalid",
        "A link is not an `https:` address with a host, or contains a character a link cannot hold.";
    LinkInsecure = "D0109", "link-insecure",
        "A link is `http:`.";
    OptOutInvalid = "D0110", "opt-out-invalid",
        "An opt-out is described both as possible and as not possible, or not at all.";
    OutputInvalid = "D0111", "output-invalid",
        "An `[[output]]` names an unknown format or an option its format does not take.";
    DateInvalid = "D0112", "date-invalid",
        "A date is not a calendar date.";
    OperatorMissing = "D0113", "operator-missing",
        "The catalogue has no `[operator]`, which a notice must name.";
    ProviderFactMissing = "D0114", "provider-fact-missing",
        "A provider that is not built in lacks a fact the notice needs (service, entity).";
    DependencyConflict = "D0115", "dependency-conflict",
        "A dependency's catalogue states a fact differently from the application's or the built-in catalogue, or tries to replace one.";
    TermField = "D0117", "term-field",
        "A `[[data]]`, `[[purpose]]` or `[[condition]]` field that does not apply to that kind of term.";
    FactRemoval = "D0118", "fact-removal",
        "`remove` names a fact that is not a provider's, or one a recipient cannot be without.";
    TextCharacter = "D0121", "text-character",
        "A text holds a control character or an invisible bidirectional formatting character.";
    EvidenceOld = "D0123", "evidence-old",
        "A legal fact of the built-in catalogue rests on a document more than three years older than its check: probably superseded.";
    FactCheck = "D0127", "fact-check",
        "A `checked` entry of a `[[provider]]` names a fact that is not a built-in fact of that provider, names nobody, or is dated in the future.";
    LintLevel = "D0126", "lint-level",
        "A `[lints]` entry names no known code, gives no known level, or allows a lint without saying why.";
    ExemptionClaim = "D0125", "exemption-claim",
        "A project purpose claims the exemption for essential information without naming the exempt function it serves, or names an aim the exemption does not cover.";
    FactsFollowEntity = "D0122", "facts-follow-entity",
        "A project names another legal entity than the built-in one: the built-in facts of that entity (its country, role, documents, own use) are not used.";
    TransmissionSource = "D0120", "transmission-source",
        "A `[[transmission]]`'s `source` is not a file of the project.";
    EvidenceInvalid = "D0119", "evidence-invalid",
        "A fact of the provider catalogue has evidence that is not a quote of its https source, or candidates that overlap.";
    PolicyUnknownId = "D0116", "policy-unknown-id",
        "`[policy]` names an id, group or list entry that does not exist.";

    // Annotations: #[disclose(...)] and #[derive(Disclose)].
    AnnotationSyntax = "D0201", "annotation-syntax",
        "The tokens of an annotation do not parse.";
    UnknownKey = "D0202", "unknown-key",
        "An annotation has a key that the item does not take.";
    DuplicateKey = "D0203", "duplicate-key",
        "A key is given twice, or an id twice in one list.";
    ValueKind = "D0204", "value-kind",
        "A key's value is of the wrong kind (a string where an identifier is expected, an empty list, …).";
    MissingKey = "D0205", "missing-key",
        "A required key (`provider`, `data`, `purpose`) is missing.";
    UnknownId = "D0206", "unknown-id",
        "An id names nothing the catalogue declares or builds in.";
    FieldUnaccounted = "D0207", "field-unaccounted",
        "A field of a `#[derive(Disclose)]` type does not say what it carries.";
    UnsupportedItem = "D0208", "unsupported-item",
        "`#[disclose(...)]` sits on an item it cannot describe.";
    EssentialReason = "D0209", "essential-reason",
        "`basis = essential` without a `reason`, or a `reason` on another basis.";
    FieldConflict = "D0210", "field-conflict",
        "A field attribute combines `data`, `nested` and `skip`, or `skip` has no reason.";
    NestedUnresolved = "D0211", "nested-unresolved",
        "A `nested` field's type cannot be found among the scanned types deriving `Disclose`.";
    EssentialPurpose = "D0213", "essential-purpose",
        "`basis = essential` with a purpose the exemption for essential information does not cover.";
    NestedGeneric = "D0212", "nested-generic",
        "A `nested` field's type is a generic parameter: what it carries cannot be known.";
    KeyUnmapped = "D0214", "key-unmapped",
        "A property key an annotated function sends is not in its `keys` map, or the map names an item `data` does not list.";
    KeyDynamic = "D0215", "key-dynamic",
        "An annotated function sends a key that is not a literal, without `dynamic_keys` saying why.";
    KeyUnsent = "D0217", "key-unsent",
        "An annotation's `keys` map names a key the function never sends.";
    OriginMechanism = "D0216", "origin-mechanism",
        "An annotation says a transmission leaves from the operator's servers (`origin = server`) but is sent by a device-side mechanism (a tag, an SDK, a cookie).";

    // The workspace and its sources.
    CargoFailed = "D0301", "cargo-failed",
        "`cargo` failed while listing the workspace and its dependency graph.";
    ManifestMissing = "D0302", "manifest-missing",
        "No `Cargo.toml` where one was expected.";
    SourceUnreadable = "D0303", "source-unreadable",
        "A source file cannot be read.";
    SourceNotUtf8 = "D0304", "source-not-utf8",
        "A source file is not UTF-8.";
    SourceSyntax = "D0305", "source-syntax",
        "A source file does not parse as Rust.";
    SourceTooDeep = "D0306", "source-too-deep",
        "A source file nests deeper than the scanner parses.";
    InvisibleAnnotation = "D0307", "invisible-annotation",
        "An annotation sits where the scanner cannot read it (a macro body, an `include!`d file, a renamed import); the notice may miss it.";
    ModuleFileMissing = "D0308", "module-file-missing",
        "A module declared with `mod name;` has no file.";
    RustProjectInvalid = "D0309", "rust-project-invalid",
        "The `rust-project.json` given with `--rust-project` cannot be read as a crate graph.";
    NotBuilt = "D0310", "not-built",
        "Annotations sit behind a `cfg` that no build the notice covers compiles: their transmissions are not in the notice.";
    SourceTooManyAnnotations = "D0311", "source-too-many-annotations",
        "A source file holds more annotations than the scanner reads from one file.";

    // The notice: Art. 27-12 completeness.
    ProviderUnused = "D0401", "provider-unused",
        "A declared provider receives nothing; the notice leaves it out.";
    VagueLabel = "D0402", "vague-label",
        "A data item or purpose is worded vaguely (「等」「その他」「など」「や」, or 「…に関する情報」 without examples).";
    EntityLanguage = "D0403", "entity-language",
        "A recipient's legal entity has no Japanese text.";
    PurposeLanguage = "D0404", "purpose-language",
        "A purpose has no Japanese label.";
    RecipientUseMissing = "D0405", "recipient-use-missing",
        "A recipient's own use of the information is not stated.";
    OptOutUnpublished = "D0406", "opt-out-unpublished",
        "A transmission under an opt-out measure does not say how to opt out and what stops.";
    TextLanguage = "D0407", "text-language",
        "A text the notice prints is missing in a language it is rendered in.";
    NoTransmission = "D0408", "no-transmission",
        "The notice lists no transmission, or says the service sends nothing while it does.";
    ServerTransmission = "D0409", "server-transmission",
        "Transmissions from the operator's servers are not external transmissions: the notice leaves them out or prints them apart.";
    EntityBrandOnly = "D0410", "entity-brand-only",
        "A recipient is named by its brand, not its legal entity.";
    RepeatedDataList = "D0411", "repeated-data-list",
        "Three or more recipients receive exactly the same data list: a sign of copied boilerplate.";
    NoticeMetadataMissing = "D0412", "notice-metadata-missing",
        "The notice has no revision date or no contact.";
    EntityUnconfirmed = "D0414", "entity-unconfirmed",
        "A built-in recipient's legal entity for Japan depends on the operator's contract, and the project has not stated it.";
    UnverifiedFact = "D0415", "unverified-fact",
        "A built-in fact the notice prints has no quoted source.";
    RoleConflict = "D0416", "role-conflict",
        "The built-in catalogue says a recipient is a processor, yet the project states a use of its own.";
    OptOutSpread = "D0417", "opt-out-spread",
        "A recipient's own opt-out, stated by the project, is printed for several transmissions that send different things.";
    QualifierConflict = "D0418", "qualifier-conflict",
        "A data item is sent with a qualifier (hashed, pseudonymised, anonymised) that its own label or examples contradict.";
    EssentialSection = "D0419", "essential-section",
        "The section on what the operator itself receives because the service needs it holds a transmission that is not `basis = essential`.";
    OptOutNotStated = "D0420", "opt-out-not-stated",
        "The notice does not say whether or how the user can stop a transmission to a third party.";
    Placeholder = "D0421", "placeholder",
        "A text the notice prints is still a placeholder (`init`'s 「例株式会社」, 「〇〇」, TODO).";
    TemplateOmits = "D0413", "template-omits",
        "A user template leaves out an item the law requires (entity, data or purposes).";
    PanelUnlinked = "D0422", "panel-unlinked",
        "The consent panel links no published notice (`[notice] url`), so what it does not print itself is not one operation away.";

    // The policy.
    PolicyDenied = "D0501", "policy-denied",
        "A transmission violates a `deny` rule of `[policy]`.";
    PolicyWarned = "D0502", "policy-warned",
        "A transmission matches a `warn` rule of `[policy]`.";
    PolicyExceptionUnused = "D0503", "policy-exception-unused",
        "An exception of `[policy]` matches no transmission.";

    // Coverage.
    UndeclaredRecipient = "D0601", "undeclared-recipient",
        "A recipient the code sends to (a crate, an endpoint, a tag, an app's package) that nothing declares.";
    StaleRecipient = "D0602", "stale-recipient",
        "A declared recipient none of whose crates is in the dependency graph.";
    UncoveredPlace = "D0603", "uncovered-place",
        "A declared recipient is sent to from a place no declaration covers (an endpoint outside annotated code, a tag in a file without a comment annotation, an app's package without a `[[transmission]]`).";
    DiscoveryUnreadable = "D0604", "discovery-unreadable",
        "A web asset, template or app manifest cannot be read or parsed: it is left out of discovery.";

    // Rendering and exports.
    ExportUnmapped = "D0701", "export-unmapped",
        "A data item or purpose has no counterpart in a platform's form and is left out of it.";
    TemplateError = "D0702", "template-error",
        "A template does not parse or fails to render.";

    // Outputs and the command line.
    OutputWrite = "D0801", "output-write",
        "An output cannot be written.";
    OutputStale = "D0802", "output-stale",
        "A declared output differs from what the code and catalogue produce.";
    NoOutputs = "D0803", "no-outputs",
        "Nothing is declared to generate or check.";
    SourceDateEpoch = "D0804", "source-date-epoch",
        "`SOURCE_DATE_EPOCH` is not a number of seconds.";
    GitFailed = "D0805", "git-failed",
        "`git` failed while reading an earlier revision.";
    NoticeFileInvalid = "D0806", "notice-file-invalid",
        "A file given as a notice (JSON) is not one.";
    Environment = "D0807", "environment",
        "The environment refused something the command needs (the current directory, a temporary directory, standard output, a build script's variables).";
    FlagInvalid = "D0808", "flag-invalid",
        "Flags that do not go together, or a flag's value that is not valid.";

    // Observed traffic.
    CaptureInvalid = "D0901", "capture-invalid",
        "A capture of requests (HAR or the recorder's JSON lines) cannot be read or is malformed.";
    CaptureEmpty = "D0902", "capture-empty",
        "A capture holds no request, or none was given: it proves nothing.";
    HostAmbiguous = "D0903", "host-ambiguous",
        "A host two recipients of the notice claim: which one a request goes to cannot be told.";

    // The unit tests' own lint (`check/lints/registry_test.rs`).
    #[cfg(test)]
    RegistryTest = "D0999", "registry-test",
        "A recipient named `registry-test` (the unit tests' own lint).";
}

impl Code {
    /// The code with this id (`D0206`) or name (`unknown-id`).
    pub fn find(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.id().eq_ignore_ascii_case(text) || c.name() == text)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::find(s.trim()).ok_or_else(|| {
            format!("unknown diagnostic code `{s}` (`cargo disclosure explain` lists them)")
        })
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(feature = "engine")]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "engine")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        schemars::json_schema!({
            "description": "The diagnostic's stable code (docs/diagnostics.md).",
            "type": "string",
            "enum": ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids = BTreeSet::new();
        let mut names = BTreeSet::new();
        for code in Code::ALL {
            let id = code.id();
            assert!(
                id.len() == 5 && id.starts_with('D') && id[1..].bytes().all(|b| b.is_ascii_digit()),
                "{id}"
            );
            assert!(ids.insert(id), "duplicate {id}");
            assert!(names.insert(code.name()), "duplicate {}", code.name());
            assert_eq!(Code::find(id), Some(*code));
            assert_eq!(Code::find(code.name()), Some(*code));
        }
        assert_eq!("d0206".parse::<Code>(), Ok(Code::UnknownId));
    }
}
