//! The one parser of `#[disclose(...)]`.
//!
//! The proc macro and the scanner both call [`Annotation::parse`] and [`Annotation::resolve`], so
//! what compiles and what the notice says can never disagree.
//!
//! ```text
//! #[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = analytics,
//!            when = "logged-in", mechanism = tag)]
//! ```

mod field_hint;

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Ident, LitStr, Token, bracketed};

use crate::catalogue::{Basis, Catalogue, Choice, Mechanism};
use crate::foundation::diagnostic::Code;
use crate::foundation::ids::IdKind;
use crate::foundation::suggest;

/// A value together with the source tokens it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A problem in an annotation, at the exact tokens, with what to write instead.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    /// The diagnostic code.
    pub code: Code,
    /// The offending tokens.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl SyntaxError {
    fn new(code: Code, span: Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        SyntaxError {
            code,
            span,
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// The message with its code, as the compiler shows it: `unknown data item `x` [D0206]`.
    pub fn headline(&self) -> String {
        format!("{} [{}]", self.message, self.code)
    }

    /// As a `syn::Error`, the help on its own line, the way rustc prints `= help:`.
    pub fn to_syn_error(&self) -> syn::Error {
        let text = match &self.help {
            Some(help) => format!("{}\n\n= help: {help}", self.headline()),
            None => self.headline(),
        };
        syn::Error::new(self.span, text)
    }
}

impl From<syn::Error> for SyntaxError {
    fn from(e: syn::Error) -> Self {
        SyntaxError {
            code: Code::AnnotationSyntax,
            span: e.span(),
            message: e.to_string(),
            help: None,
        }
    }
}

/// What every transmission states: who receives it, why, under which condition, how, on which
/// basis, and which review approved it. A function's annotation adds the data it sends; a type's
/// container attribute is exactly this (its fields carry the data).
#[derive(Clone, Debug)]
pub struct Transmission {
    /// The recipient's id, declared as `[[provider]]` in `disclosure.toml` (or built in).
    pub provider: Spanned<String>,
    /// The operator's purposes.
    pub purposes: Vec<Spanned<String>>,
    /// The condition the transmission is limited to, declared as `[[condition]]`.
    pub when: Option<Spanned<String>>,
    /// How the information is sent, when it differs from the provider's default.
    pub mechanism: Option<Spanned<Mechanism>>,
    /// Why the transmission may happen (default: published in the notice).
    pub basis: Option<Spanned<Basis>>,
    /// Why an `essential` transmission is essential.
    pub reason: Option<Spanned<String>>,
    /// The legal review that approved the transmission (a link or ticket).
    pub review: Option<Spanned<String>>,
}

/// A parsed `#[disclose(...)]` on a function or method: one transmission and the data it sends.
/// Its [`Transmission`] fields read directly (`annotation.provider`).
#[derive(Clone, Debug)]
pub struct Annotation {
    /// The information sent.
    pub data: Vec<Spanned<String>>,
    /// Who, why, when and how.
    pub transmission: Transmission,
}

impl std::ops::Deref for Annotation {
    type Target = Transmission;

    fn deref(&self) -> &Transmission {
        &self.transmission
    }
}

/// The keys `#[disclose(...)]` accepts on a function, and what each takes.
pub const FUNCTION_KEYS: &[(&str, ValueKind)] = &[
    ("provider", ValueKind::String),
    ("data", ValueKind::Idents),
    ("purpose", ValueKind::Idents),
    ("when", ValueKind::String),
    ("mechanism", ValueKind::Ident),
    ("basis", ValueKind::Ident),
    ("reason", ValueKind::String),
    ("review", ValueKind::String),
];

/// The keys of the container attribute of `#[derive(Disclose)]` (on the struct or enum).
pub const CONTAINER_KEYS: &[(&str, ValueKind)] = &[
    ("provider", ValueKind::String),
    ("purpose", ValueKind::Idents),
    ("when", ValueKind::String),
    ("mechanism", ValueKind::Ident),
    ("basis", ValueKind::Ident),
    ("reason", ValueKind::String),
    ("review", ValueKind::String),
];

/// The keys of a field attribute of `#[derive(Disclose)]`.
pub const FIELD_KEYS: &[(&str, ValueKind)] = &[
    ("data", ValueKind::Idents),
    ("nested", ValueKind::Flag),
    ("skip", ValueKind::String),
];

/// What a key's value must look like.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ValueKind {
    /// `key = "text"`.
    String,
    /// `key = ident`.
    Ident,
    /// `key = ident` or `key = [a, b]`.
    Idents,
    /// A bare `key`.
    Flag,
}

impl ValueKind {
    fn example(self, key: &str) -> String {
        match (self, key) {
            (ValueKind::String, "provider") => r#"provider = "google-analytics""#.into(),
            (ValueKind::String, "when") => r#"when = "logged-in""#.into(),
            (ValueKind::Ident, "mechanism") => {
                let ids = Mechanism::ids();
                format!("mechanism = sdk (one of: {})", ids.join(", "))
            }
            (ValueKind::Ident, "basis") => {
                let ids = Basis::ids();
                format!("basis = consent (one of: {})", ids.join(", "))
            }
            (ValueKind::String, "reason") => r#"reason = "ログイン状態の維持に必要なため""#.into(),
            (ValueKind::Idents, "data") => "data = [ip_address, page_url]".into(),
            (ValueKind::Idents, "purpose") => "purpose = [analytics]".into(),
            (ValueKind::String, "skip") => r#"skip = "why it never leaves the device""#.into(),
            (ValueKind::String, _) => format!(r#"{key} = "…""#),
            (ValueKind::Ident, _) => format!("{key} = name"),
            (ValueKind::Idents, _) => format!("{key} = [a, b]"),
            (ValueKind::Flag, _) => key.to_string(),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ValueKind::String => "a string",
            ValueKind::Ident => "an identifier",
            ValueKind::Idents => "an identifier or a list of identifiers",
            ValueKind::Flag => "no value",
        }
    }
}

/// One `key = value` (or bare `key`) inside the parentheses.
struct Entry {
    key: Ident,
    value: Option<Value>,
}

enum Value {
    Str(LitStr),
    Ident(Ident),
    List(Span, Vec<ListItem>),
}

enum ListItem {
    Ident(Ident),
    Str(LitStr),
}

fn parse_entry(input: ParseStream) -> syn::Result<Entry> {
    let key = input.call(Ident::parse_any)?;
    if !input.peek(Token![=]) {
        return Ok(Entry { key, value: None });
    }
    input.parse::<Token![=]>()?;
    let value = if input.peek(LitStr) {
        Value::Str(input.parse()?)
    } else if input.peek(syn::token::Bracket) {
        let content;
        let bracket = bracketed!(content in input);
        let mut items = Vec::new();
        while !content.is_empty() {
            if content.peek(LitStr) {
                items.push(ListItem::Str(content.parse()?));
            } else if content.peek(Ident::peek_any) {
                items.push(ListItem::Ident(content.call(Ident::parse_any)?));
            } else {
                return Err(content.error("expected an identifier such as `ip_address`"));
            }
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Value::List(bracket.span.join(), items)
    } else if input.peek(Ident::peek_any) {
        Value::Ident(input.call(Ident::parse_any)?)
    } else {
        return Err(input.error(format!(
            "expected a value after `{key} =`: a string, an identifier or a list `[a, b]`"
        )));
    };
    Ok(Entry {
        key,
        value: Some(value),
    })
}

/// Entries by key, each checked once for unknown keys, duplicates and value kinds.
struct Entries {
    entries: Vec<Entry>,
}

impl Entries {
    fn new() -> Entries {
        Entries {
            entries: Vec::new(),
        }
    }

    /// Parses `tokens` (the inside of one `#[disclose(...)]`) and adds its entries, checking each
    /// key against `keys`, against the entries already added, and its value's kind.
    fn add(
        &mut self,
        tokens: TokenStream,
        keys: &[(&str, ValueKind)],
        errors: &mut Vec<SyntaxError>,
    ) {
        let parser = Punctuated::<Entry, Token![,]>::parse_terminated_with;
        let parsed = match (|input: ParseStream| parser(input, parse_entry)).parse2(tokens) {
            Ok(parsed) => parsed,
            Err(e) => {
                errors.extend(e.into_iter().map(SyntaxError::from));
                return;
            }
        };
        for entry in parsed {
            let key = entry.key.to_string();
            let Some(&(_, kind)) = keys.iter().find(|(k, _)| *k == key) else {
                let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                let mut help = format!("the keys here are: {}", names.join(", "));
                if let Some(s) = suggest::did_you_mean(&key, names.iter().copied()) {
                    help = format!("{s} {help}");
                }
                errors.push(SyntaxError::new(
                    Code::UnknownKey,
                    entry.key.span(),
                    format!("unknown key `{key}` in #[disclose(...)]"),
                    help,
                ));
                continue;
            };
            if self.entries.iter().any(|e| e.key == entry.key) {
                let help = match kind {
                    ValueKind::Idents => format!(
                        "give `{key}` once; several values go in one list: {}",
                        kind.example(&key)
                    ),
                    _ => format!("give `{key}` once"),
                };
                errors.push(SyntaxError::new(
                    Code::DuplicateKey,
                    entry.key.span(),
                    format!("duplicate key `{key}`"),
                    help,
                ));
                continue;
            }
            if let Err(e) = check_kind(&entry, kind) {
                errors.push(e);
                continue;
            }
            self.entries.push(entry);
        }
    }

    fn has(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.key.span())
    }

    fn take(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }

    fn string(&mut self, key: &str) -> Option<Spanned<String>> {
        match self.take(key)?.value {
            Some(Value::Str(s)) => Some(Spanned::new(s.value(), s.span())),
            _ => None,
        }
    }

    fn ident(&mut self, key: &str) -> Option<Spanned<String>> {
        match self.take(key)?.value {
            Some(Value::Ident(i)) => Some(Spanned::new(i.unraw().to_string(), i.span())),
            _ => None,
        }
    }

    fn idents(&mut self, key: &str) -> Option<Vec<Spanned<String>>> {
        match self.take(key)?.value {
            Some(Value::Ident(i)) => Some(vec![Spanned::new(i.unraw().to_string(), i.span())]),
            Some(Value::List(_, items)) => Some(
                items
                    .into_iter()
                    .filter_map(|item| match item {
                        ListItem::Ident(i) => Some(Spanned::new(i.unraw().to_string(), i.span())),
                        ListItem::Str(_) => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

fn check_kind(entry: &Entry, kind: ValueKind) -> Result<(), SyntaxError> {
    let key = entry.key.to_string();
    let wrong = |span: Span, found: &str| {
        SyntaxError::new(
            Code::ValueKind,
            span,
            format!("`{key}` takes {}, not {found}", kind.noun()),
            format!("write {}", kind.example(&key)),
        )
    };
    let Some(value) = &entry.value else {
        if kind == ValueKind::Flag {
            return Ok(());
        }
        if key == "skip" {
            return Err(SyntaxError::new(
                Code::FieldConflict,
                entry.key.span(),
                "`skip` needs a reason",
                format!(
                    "say why the field never leaves the device: {}",
                    kind.example(&key)
                ),
            ));
        }
        return Err(SyntaxError::new(
            Code::ValueKind,
            entry.key.span(),
            format!("`{key}` needs a value"),
            format!("write {}", kind.example(&key)),
        ));
    };
    match (kind, value) {
        (ValueKind::Flag, v) => Err(SyntaxError::new(
            Code::ValueKind,
            value_span(v),
            format!("`{key}` takes no value"),
            format!("write just `{key}`"),
        )),
        (ValueKind::String, Value::Str(s)) if s.value().trim().is_empty() => Err(SyntaxError::new(
            Code::ValueKind,
            s.span(),
            format!("`{key}` is empty"),
            format!("write {}", kind.example(&key)),
        )),
        (ValueKind::String, Value::Str(_)) | (ValueKind::Ident, Value::Ident(_)) => Ok(()),
        (ValueKind::Idents, Value::Ident(_)) => Ok(()),
        (ValueKind::Idents, Value::List(span, items)) => {
            if items.is_empty() {
                return Err(SyntaxError::new(
                    Code::ValueKind,
                    *span,
                    format!("`{key}` is an empty list"),
                    format!("name at least one: {}", kind.example(&key)),
                ));
            }
            for item in items {
                if let ListItem::Str(s) = item {
                    return Err(SyntaxError::new(
                        Code::ValueKind,
                        s.span(),
                        format!("`{key}` lists identifiers, not strings"),
                        format!("drop the quotes: `{}`", s.value()),
                    ));
                }
            }
            let mut seen: Vec<&Ident> = Vec::new();
            for item in items {
                if let ListItem::Ident(i) = item {
                    if seen.contains(&i) {
                        return Err(SyntaxError::new(
                            Code::DuplicateKey,
                            i.span(),
                            format!("`{i}` is listed twice in `{key}`"),
                            "remove the second one",
                        ));
                    }
                    seen.push(i);
                }
            }
            Ok(())
        }
        (_, Value::Str(s)) => Err(wrong(s.span(), "a string")),
        (_, Value::Ident(i)) => Err(wrong(i.span(), "an identifier")),
        (_, Value::List(span, _)) => Err(wrong(*span, "a list")),
    }
}

fn value_span(value: &Value) -> Span {
    match value {
        Value::Str(s) => s.span(),
        Value::Ident(i) => i.span(),
        Value::List(span, _) => *span,
    }
}

/// The transmission keys as written, before the required ones are checked.
struct Parts {
    provider: Option<Spanned<String>>,
    purposes: Option<Vec<Spanned<String>>>,
    when: Option<Spanned<String>>,
    mechanism: Option<Spanned<Mechanism>>,
    basis: Option<Spanned<Basis>>,
    reason: Option<Spanned<String>>,
    review: Option<Spanned<String>>,
}

impl Parts {
    /// Takes the transmission keys out of `entries`; a missing `provider` or `purpose` is an error
    /// at `whole`.
    fn take(
        entries: &mut Entries,
        keys: &[(&str, ValueKind)],
        whole: Span,
        errors: &mut Vec<SyntaxError>,
    ) -> Parts {
        let provider = entries.string("provider");
        let purposes = entries.idents("purpose");
        let when = entries.string("when");
        let mechanism = choice::<Mechanism>(entries, "mechanism", errors);
        let basis = choice::<Basis>(entries, "basis", errors);
        let reason = entries.string("reason");
        let review = entries.string("review");
        match (basis.as_ref().map(|b| b.value), &reason) {
            (Some(Basis::Essential), None) => errors.push(SyntaxError::new(
                Code::EssentialReason,
                basis.as_ref().map_or(whole, |b| b.span),
                "an `essential` transmission needs a `reason`",
                r#"say why the service cannot work without it: reason = "ログイン状態の維持に必要なため""#,
            )),
            (Some(Basis::Essential), Some(_)) | (_, None) => {}
            (_, Some(r)) => errors.push(SyntaxError::new(
                Code::EssentialReason,
                r.span,
                "`reason` only applies to `basis = essential`",
                "remove `reason`, or add `basis = essential`",
            )),
        }
        if provider.is_none() {
            errors.push(missing(
                keys,
                "provider",
                "who receives the information",
                whole,
            ));
        }
        if purposes.is_none() {
            errors.push(missing(keys, "purpose", "why it is sent", whole));
        }
        Parts {
            provider,
            purposes,
            when,
            mechanism,
            basis,
            reason,
            review,
        }
    }

    /// The transmission, when its required keys were given.
    fn finish(self) -> Option<Transmission> {
        Some(Transmission {
            provider: self.provider?,
            purposes: self.purposes?,
            when: self.when,
            mechanism: self.mechanism,
            basis: self.basis,
            reason: self.reason,
            review: self.review,
        })
    }
}

/// The value of `key`, one of `T`'s ids; an unknown id is an error with the nearest one.
fn choice<T: Choice>(
    entries: &mut Entries,
    key: &str,
    errors: &mut Vec<SyntaxError>,
) -> Option<Spanned<T>> {
    let given = entries.ident(key)?;
    if let Some(value) = T::from_id(&given.value) {
        return Some(Spanned::new(value, given.span));
    }
    let ids = T::ids();
    let mut help = format!("use one of: {}", ids.join(", "));
    if let Some(s) = suggest::did_you_mean(&given.value, ids.iter().copied()) {
        help = format!("{s} {help}");
    }
    errors.push(SyntaxError::new(
        Code::UnknownId,
        given.span,
        format!("unknown {key} `{}`", given.value),
        help,
    ));
    None
}

fn missing(keys: &[(&str, ValueKind)], key: &str, what: &str, whole: Span) -> SyntaxError {
    let example = keys
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(k, kind)| kind.example(k))
        .unwrap_or_default();
    SyntaxError::new(
        Code::MissingKey,
        whole,
        format!("#[disclose(...)] is missing `{key}`: {what}"),
        format!("add {example}"),
    )
}

/// The tokens inside an attribute's parentheses; an attribute without them is an error.
fn attribute_tokens(attr: &syn::Attribute, example: &str) -> Result<TokenStream, SyntaxError> {
    match &attr.meta {
        syn::Meta::List(list) => Ok(list.tokens.clone()),
        _ => Err(SyntaxError::new(
            Code::AnnotationSyntax,
            attr.span(),
            "#[disclose] needs its details in parentheses",
            format!("write #[disclose({example})]"),
        )),
    }
}

impl Annotation {
    /// Parses the tokens inside `#[disclose(...)]` on a function. `whole` is the span errors about
    /// missing keys point at (the attribute).
    pub fn parse(tokens: TokenStream, whole: Span) -> Result<Annotation, Vec<SyntaxError>> {
        let mut errors = Vec::new();
        let mut entries = Entries::new();
        entries.add(tokens, FUNCTION_KEYS, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let data = entries.idents("data");
        let parts = Parts::take(&mut entries, FUNCTION_KEYS, whole, &mut errors);
        if data.is_none() {
            errors.push(missing(
                FUNCTION_KEYS,
                "data",
                "what information is sent",
                whole,
            ));
        }
        match (parts.finish(), data) {
            (Some(transmission), Some(data)) if errors.is_empty() => {
                Ok(Annotation { data, transmission })
            }
            _ => Err(errors),
        }
    }

    /// Parses a whole attribute, `#[disclose(...)]` or `#[disclosure::disclose(...)]`.
    pub fn from_attribute(attr: &syn::Attribute) -> Result<Annotation, Vec<SyntaxError>> {
        let tokens = attribute_tokens(attr, r#"provider = "…", data = [...], purpose = [...]"#)
            .map_err(|e| vec![e])?;
        Annotation::parse(tokens, attr.span())
    }

    /// Checks every id against the catalogue; each unknown id is an error at its own tokens.
    pub fn resolve(&self, catalogue: &Catalogue) -> Result<(), Vec<SyntaxError>> {
        resolve_ids(
            catalogue,
            Some(&self.provider),
            self.data.iter(),
            &self.purposes,
            self.when.as_ref(),
        )
    }
}

fn resolve_ids<'a>(
    catalogue: &Catalogue,
    provider: Option<&'a Spanned<String>>,
    data: impl Iterator<Item = &'a Spanned<String>>,
    purposes: &'a [Spanned<String>],
    when: Option<&'a Spanned<String>>,
) -> Result<(), Vec<SyntaxError>> {
    let ids = provider
        .map(|p| (IdKind::Provider, p))
        .into_iter()
        .chain(data.map(|d| (IdKind::DataItem, d)))
        .chain(purposes.iter().map(|p| (IdKind::Purpose, p)))
        .chain(when.map(|w| (IdKind::Condition, w)));
    let errors: Vec<SyntaxError> = ids
        .filter_map(|(kind, id)| {
            catalogue
                .check_id(kind, &id.value)
                .err()
                .map(|e| SyntaxError::new(Code::UnknownId, id.span, e.message, e.help))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The container attribute of `#[derive(Disclose)]`: who receives values of the type, and why.
pub type Container = Transmission;

/// What a field of a `#[derive(Disclose)]` type carries.
#[derive(Clone, Debug)]
pub enum FieldDisclosure {
    /// `#[disclose(data = ...)]`: these data items.
    Data(Vec<Spanned<String>>),
    /// `#[disclose(nested)]`: whatever its type (which derives `Disclose`) carries.
    Nested,
    /// `#[disclose(skip = "…")]`, or a field serde never serialises: nothing, for this reason.
    Skip(String),
}

/// One field of a `#[derive(Disclose)]` type.
#[derive(Clone)]
pub struct Field {
    /// The field's name, or its index in a tuple struct or variant.
    pub name: String,
    /// The enum variant it belongs to.
    pub variant: Option<String>,
    /// The field's tokens (its name, or its type for a tuple field).
    pub span: Span,
    /// The field's type.
    pub ty: syn::Type,
    /// What it carries.
    pub disclosure: FieldDisclosure,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name)
            .field("variant", &self.variant)
            .field("disclosure", &self.disclosure)
            .finish_non_exhaustive()
    }
}

/// A parsed `#[derive(Disclose)]` struct or enum.
#[derive(Clone, Debug)]
pub struct TypeDisclosure {
    /// The type's name.
    pub ident: syn::Ident,
    /// The container attribute; `None` for a type only ever sent inside another one (`nested`).
    pub container: Option<Container>,
    /// Every field, each accounted for.
    pub fields: Vec<Field>,
}

/// The reason given for fields serde never serialises.
pub const NOT_SERIALISED: &str = "not serialised";

impl TypeDisclosure {
    /// Parses a type deriving `Disclose`: its container attribute, and one disclosure per field.
    /// Every field must say what it carries (or why it carries nothing); each that does not is an
    /// error at that field.
    pub fn parse(input: &syn::DeriveInput) -> Result<TypeDisclosure, Vec<SyntaxError>> {
        let mut errors = Vec::new();
        let container = parse_container(&input.attrs, &mut errors);
        let type_name = input.ident.to_string();
        let mut fields = Vec::new();
        match &input.data {
            syn::Data::Struct(data) => {
                for (i, field) in data.fields.iter().enumerate() {
                    fields.extend(parse_field(field, i, None, &type_name, &mut errors));
                }
            }
            syn::Data::Enum(data) => {
                for variant in &data.variants {
                    for attr in variant.attrs.iter().filter(|a| is_disclose_attribute(a)) {
                        errors.push(SyntaxError::new(
                Code::UnsupportedItem,
                            attr.span(),
                            "#[disclose(...)] goes on the enum and on fields, not on a variant",
                            "move it to the enum (provider, purpose) or to the variant's fields (data, nested, skip)",
                        ));
                    }
                    let name = variant.ident.to_string();
                    for (i, field) in variant.fields.iter().enumerate() {
                        fields.extend(parse_field(field, i, Some(&name), &type_name, &mut errors));
                    }
                }
            }
            syn::Data::Union(data) => errors.push(SyntaxError::new(
                Code::UnsupportedItem,
                data.union_token.span,
                "Disclose cannot be derived for a union",
                "a union's fields overlap, so what it sends cannot be known; derive Disclose on a struct or enum that holds the data instead",
            )),
        }
        if errors.is_empty() {
            Ok(TypeDisclosure {
                ident: input.ident.clone(),
                container,
                fields,
            })
        } else {
            Err(errors)
        }
    }

    /// The data items of the type's own fields, each once, in field order.
    pub fn data(&self) -> Vec<&Spanned<String>> {
        let mut out: Vec<&Spanned<String>> = Vec::new();
        for field in &self.fields {
            if let FieldDisclosure::Data(items) = &field.disclosure {
                for item in items {
                    if !out.iter().any(|o| o.value == item.value) {
                        out.push(item);
                    }
                }
            }
        }
        out
    }

    /// The fields marked `nested`.
    pub fn nested(&self) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(|f| matches!(f.disclosure, FieldDisclosure::Nested))
    }

    /// Checks every id against the catalogue; each unknown id is an error at its own tokens.
    pub fn resolve(&self, catalogue: &Catalogue) -> Result<(), Vec<SyntaxError>> {
        let data = self.data().into_iter();
        match &self.container {
            Some(c) => resolve_ids(
                catalogue,
                Some(&c.provider),
                data,
                &c.purposes,
                c.when.as_ref(),
            ),
            None => resolve_ids(catalogue, None, data, &[], None),
        }
    }
}

fn parse_container(attrs: &[syn::Attribute], errors: &mut Vec<SyntaxError>) -> Option<Container> {
    let attrs: Vec<&syn::Attribute> = attrs.iter().filter(|a| is_disclose_attribute(a)).collect();
    // The attribute's name: a span the compiler can show on stable Rust (a span joined across the
    // whole attribute shows only its first token).
    let whole = attrs.first()?.path().span();
    let before = errors.len();
    let mut entries = Entries::new();
    for attr in &attrs {
        match attribute_tokens(attr, r#"provider = "…", purpose = [...]"#) {
            Ok(tokens) => entries.add(tokens, CONTAINER_KEYS, errors),
            Err(e) => errors.push(e),
        }
    }
    if errors.len() > before {
        return None;
    }
    Parts::take(&mut entries, CONTAINER_KEYS, whole, errors).finish()
}

fn parse_field(
    field: &syn::Field,
    index: usize,
    variant: Option<&str>,
    type_name: &str,
    errors: &mut Vec<SyntaxError>,
) -> Option<Field> {
    let (name, span) = match &field.ident {
        Some(ident) => (ident.unraw().to_string(), ident.span()),
        None => (index.to_string(), field.ty.span()),
    };
    let before = errors.len();
    let mut entries = Entries::new();
    for attr in field.attrs.iter().filter(|a| is_disclose_attribute(a)) {
        match attribute_tokens(attr, "data = [...]") {
            Ok(tokens) => entries.add(tokens, FIELD_KEYS, errors),
            Err(e) => errors.push(e),
        }
    }
    if errors.len() > before {
        return None;
    }
    let given: Vec<(&str, Span)> = ["data", "nested", "skip"]
        .into_iter()
        .filter_map(|k| entries.has(k).map(|span| (k, span)))
        .collect();
    if let [(first, _), (second, span), ..] = given[..] {
        errors.push(SyntaxError::new(
                Code::FieldConflict,
            span,
            format!("`{second}` cannot be combined with `{first}`"),
            "a field either carries data items (`data = [...]`), carries what its own type discloses \
             (`nested`), or never leaves the device (`skip = \"…\"`): keep one",
        ));
        return None;
    }
    let where_ = match variant {
        Some(v) => format!("field `{name}` of variant `{type_name}::{v}`"),
        None => format!("field `{name}` of `{type_name}`"),
    };
    let disclosure = if let Some(data) = entries.idents("data") {
        FieldDisclosure::Data(data)
    } else if entries.has("nested").is_some() {
        FieldDisclosure::Nested
    } else if let Some(reason) = entries.string("skip") {
        FieldDisclosure::Skip(reason.value)
    } else if serde_skips(&field.attrs) {
        FieldDisclosure::Skip(NOT_SERIALISED.to_string())
    } else {
        errors.push(SyntaxError::new(
            Code::FieldUnaccounted,
            span,
            format!("{where_} is not accounted for in the disclosure"),
            field_hint::help(&name, &field.ty),
        ));
        return None;
    };
    Some(Field {
        name,
        variant: variant.map(str::to_string),
        span,
        ty: field.ty.clone(),
        disclosure,
    })
}

/// Whether serde never serialises the field: `#[serde(skip)]` or `#[serde(skip_serializing)]`.
fn serde_skips(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(list) => Some(list.tokens.clone()),
            _ => None,
        })
        .any(|tokens| {
            let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
            trees.iter().enumerate().any(|(i, tree)| {
                let proc_macro2::TokenTree::Ident(ident) = tree else {
                    return false;
                };
                let ends_entry = match trees.get(i + 1) {
                    None => true,
                    Some(proc_macro2::TokenTree::Punct(p)) => p.as_char() == ',',
                    Some(_) => false,
                };
                (ident == "skip" || ident == "skip_serializing") && ends_entry
            })
        })
}

/// Whether the item's attributes include `#[derive(..., Disclose, ...)]`.
pub fn derives_disclose(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .is_ok_and(|paths| {
                    paths
                        .iter()
                        .any(|p| p.segments.last().is_some_and(|s| s.ident == "Disclose"))
                })
        })
}

/// What kind of item `item` is ("const item"), and the span of its keyword: where an error about
/// an annotation on it points, in the proc macro and the scanner alike.
pub fn item_kind(item: &syn::Item) -> (&'static str, Span) {
    match item {
        syn::Item::Struct(s) => ("struct", s.struct_token.span),
        syn::Item::Enum(e) => ("enum", e.enum_token.span),
        syn::Item::Union(u) => ("union", u.union_token.span),
        syn::Item::Const(c) => ("const item", c.const_token.span),
        syn::Item::Static(s) => ("static item", s.static_token.span),
        syn::Item::Type(t) => ("type alias", t.type_token.span),
        syn::Item::Trait(t) => ("trait", t.trait_token.span),
        syn::Item::Impl(i) => ("impl block", i.impl_token.span),
        syn::Item::Mod(m) => ("module", m.mod_token.span),
        syn::Item::Use(u) => ("use declaration", u.use_token.span),
        syn::Item::ForeignMod(f) => ("extern block", f.abi.span()),
        syn::Item::ExternCrate(e) => ("extern crate", e.extern_token.span),
        syn::Item::Macro(m) => ("macro invocation", m.mac.span()),
        other => ("item", other.span()),
    }
}

/// The error for `#[disclose(...)]` on an item it cannot describe. `kind` names the item
/// ("struct", "const item", …).
pub fn unsupported_item(kind: &str, span: Span) -> SyntaxError {
    if matches!(kind, "struct" | "enum") {
        SyntaxError::new(
            Code::UnsupportedItem,
            span,
            format!("#[disclose(...)] on a {kind} needs #[derive(Disclose)]"),
            format!(
                "write #[derive(Disclose)] above #[disclose(provider = \"…\", purpose = [...])], and mark \
                 each field of the {kind} with data, nested or skip"
            ),
        )
    } else {
        SyntaxError::new(
            Code::UnsupportedItem,
            span,
            format!("#[disclose(...)] cannot describe a {kind}"),
            "put it on the function or method that sends the data, or derive Disclose on the struct \
             or enum that is sent",
        )
    }
}

/// The deepest bracket nesting the scanner parses. Real code stays far below it; deeper text is
/// refused before parsing, because `syn`'s recursive parser would overflow the stack on it (an
/// unoptimised build parses about 160 levels on a 2 MiB thread stack, the default of test threads).
pub const MAX_NESTING: usize = 128;

/// The byte offset where `text` first nests brackets (`(`, `[`, `{`) deeper than [`MAX_NESTING`].
pub fn nesting_too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Whether `attr` is `#[disclose(...)]` (or a path ending in `disclose`, such as
/// `#[disclosure::disclose(...)]`).
pub fn is_disclose_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "disclose")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(tokens: TokenStream) -> Result<Annotation, Vec<SyntaxError>> {
        Annotation::parse(tokens, Span::call_site())
    }

    fn messages(tokens: TokenStream) -> Vec<String> {
        parse(tokens)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{} | {}", e.message, e.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn parses_every_key() {
        let a = parse(quote!(
            provider = "google-analytics",
            data = [ip_address, page_url],
            purpose = analytics,
            when = "logged-in",
            mechanism = tag
        ))
        .unwrap();
        assert_eq!(a.provider.value, "google-analytics");
        let data: Vec<_> = a.data.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(data, ["ip_address", "page_url"]);
        assert_eq!(a.purposes[0].value, "analytics");
        assert_eq!(a.when.as_ref().unwrap().value, "logged-in");
        assert_eq!(a.mechanism.as_ref().unwrap().value, Mechanism::Tag);
    }

    #[test]
    fn trailing_commas_are_fine() {
        assert!(parse(quote!(provider = "x", data = [a,], purpose = [b],)).is_ok());
    }

    #[test]
    fn unknown_keys_get_the_nearest_key() {
        let m = messages(quote!(provider = "x", data = a, purpse = b));
        assert!(m[0].starts_with("unknown key `purpse`"), "{m:?}");
        assert!(m[0].contains("did you mean `purpose`?"), "{m:?}");
    }

    #[test]
    fn duplicate_keys_empty_lists_and_wrong_kinds_are_errors() {
        let m = messages(quote!(
            provider = "x",
            provider = "y",
            data = [],
            purpose = "analytics"
        ));
        assert!(
            m.iter().any(|m| m.starts_with("duplicate key `provider`")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.starts_with("`data` is an empty list")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("`purpose` takes an identifier or a list")),
            "{m:?}"
        );
        let m = messages(quote!(
            provider = google,
            data = ["ip_address"],
            purpose = a
        ));
        assert!(
            m.iter().any(|m| m.starts_with("`provider` takes a string")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.contains("drop the quotes: `ip_address`")),
            "{m:?}"
        );
    }

    #[test]
    fn missing_keys_are_named() {
        let m = messages(quote!(data = [ip_address]));
        assert!(m.iter().any(|m| m.contains("missing `provider`")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("missing `purpose`")), "{m:?}");
    }

    #[test]
    fn unknown_mechanism_is_named() {
        let m = messages(quote!(
            provider = "x",
            data = a,
            purpose = b,
            mechanism = skd
        ));
        assert!(m[0].contains("did you mean `sdk`?"), "{m:?}");
    }

    #[test]
    fn malformed_tokens_are_a_syntax_error_not_a_panic() {
        assert!(parse(quote!(provider = , data)).is_err());
        assert!(parse(quote!(= = =)).is_err());
        assert!(parse(quote!(data = [a b])).is_err());
    }

    fn derive(tokens: TokenStream) -> Result<TypeDisclosure, Vec<String>> {
        let input: syn::DeriveInput = syn::parse2(tokens).unwrap();
        TypeDisclosure::parse(&input).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| format!("{} | {}", e.message, e.help.unwrap_or_default()))
                .collect()
        })
    }

    #[test]
    fn a_struct_with_every_field_accounted_for_parses() {
        let t = derive(quote! {
            #[derive(Disclose, Serialize)]
            #[disclose(provider = "analytics", purpose = [analytics], when = "logged-in")]
            struct PageView<T> {
                #[disclose(data = [page_url, referrer])]
                url: String,
                #[disclose(data = page_url)]
                canonical: String,
                #[disclose(nested)]
                device: T,
                #[disclose(skip = "used to pick the endpoint only")]
                region: u8,
                #[serde(skip)]
                cache: Vec<u8>,
                #[serde(rename = "x", skip_serializing)]
                debug: bool,
            }
        })
        .unwrap();
        let c = t.container.as_ref().unwrap();
        assert_eq!(c.provider.value, "analytics");
        assert_eq!(c.when.as_ref().unwrap().value, "logged-in");
        let data: Vec<_> = t.data().iter().map(|d| d.value.as_str()).collect();
        assert_eq!(data, ["page_url", "referrer"]);
        assert_eq!(t.nested().count(), 1);
        let skipped: Vec<_> = t
            .fields
            .iter()
            .filter_map(|f| match &f.disclosure {
                FieldDisclosure::Skip(reason) => Some(reason.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            skipped,
            [
                "used to pick the endpoint only",
                NOT_SERIALISED,
                NOT_SERIALISED
            ]
        );
    }

    #[test]
    fn a_field_not_accounted_for_is_an_error_naming_it_with_both_fixes() {
        let errors = derive(quote! {
            #[disclose(provider = "a", purpose = b)]
            struct SignUp { #[disclose(data = user_id)] id: u64, email: String }
        })
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("field `email` of `SignUp` is not accounted for"),
            "{errors:?}"
        );
        assert!(
            errors[0].contains("#[disclose(data = ") && errors[0].contains("skip = "),
            "{errors:?}"
        );
    }

    #[test]
    fn enum_variant_fields_and_tuple_fields_are_named() {
        let errors = derive(quote! {
            #[disclose(provider = "a", purpose = b)]
            enum Event { Click(#[disclose(data = usage_history)] u32, String), Quit }
        })
        .unwrap_err();
        assert!(
            errors[0].starts_with("field `1` of variant `Event::Click`"),
            "{errors:?}"
        );
    }

    #[test]
    fn field_attribute_mistakes_are_errors() {
        let errors = derive(quote! {
            struct E {
                #[disclose(skip)] a: u8,
                #[disclose(data = x, skip = "no")] b: u8,
                #[disclose(nested = yes)] c: u8,
                #[disclose(dta = x)] d: u8,
            }
        })
        .unwrap_err();
        let all = errors.join("\n");
        assert!(all.contains("`skip` needs a reason"), "{all}");
        assert!(
            all.contains("`skip` cannot be combined with `data`"),
            "{all}"
        );
        assert!(all.contains("`nested` takes no value"), "{all}");
        assert!(
            all.contains("unknown key `dta`") && all.contains("did you mean `data`?"),
            "{all}"
        );
    }

    #[test]
    fn container_needs_provider_and_purpose_and_a_union_is_refused() {
        let errors = derive(quote! { #[disclose(when = "x")] struct E; }).unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("missing `provider`")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("missing `purpose`")),
            "{errors:?}"
        );
        let errors = derive(quote! { union U { a: u8 } }).unwrap_err();
        assert!(
            errors[0].starts_with("Disclose cannot be derived for a union"),
            "{errors:?}"
        );
    }

    #[test]
    fn recognises_the_derive() {
        let item: syn::ItemStruct = syn::parse2(quote! {
            #[derive(Debug, disclosure::Disclose)] struct S;
        })
        .unwrap();
        assert!(derives_disclose(&item.attrs));
        let item: syn::ItemStruct = syn::parse2(quote! { #[derive(Debug)] struct S; }).unwrap();
        assert!(!derives_disclose(&item.attrs));
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted_and_deeper_is_refused() {
        let at_limit = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(MAX_NESTING - 1),
            ")".repeat(MAX_NESTING - 1)
        );
        assert_eq!(nesting_too_deep(&at_limit), None);
        let deeper = format!("fn f() {{ {}", "[".repeat(MAX_NESTING + 5));
        // `{` at byte 7 is the first level; the 127th `[` (byte 136) the 129th.
        assert_eq!(nesting_too_deep(&deeper), Some(MAX_NESTING + 8));
    }
}
