//! The one parser of `#[disclose(...)]`.
//!
//! The proc macro and the scanner both call [`Annotation::parse`] (or [`TypeDisclosure::parse`])
//! and then `resolve`, so what compiles and what the notice says can never disagree.
//!
//! ```text
//! #[disclose(provider = "google-analytics", data = [ip_address, email_address(hashed)],
//!            purpose = analytics, when = ["logged-in", "consented"], mechanism = tag,
//!            basis = opt_out, opt_out = "analytics-setting", origin = device,
//!            keys = { "url" = page_url, "v" = none })]
//! ```
//!
//! * `entries`: the `key = value` pairs, each checked for unknown keys, duplicates and the kind
//!   of its value;
//! * `transmission`: what a function's annotation (and a type's container attribute) states;
//! * [`derive`]: `#[derive(Disclose)]`, its container attribute and one disclosure per field;
//! * [`keys`]: the property keys a function's body sends (map inserts, `json!` objects, builder
//!   calls), checked against its `keys` map.

mod derive;
mod entries;
mod field_hint;
pub mod keys;
pub mod rustdoc;
mod transmission;

use proc_macro2::Span;
use syn::Token;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;

pub use derive::{Field, FieldDisclosure, NOT_SERIALISED, TypeDisclosure};
pub use entries::{DataRef, ValueKind};
pub use transmission::{Annotation, Transmission};

use crate::foundation::diagnostic::Code;

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

/// The keys an attribute accepts, and what each takes: groups of keys, each declared once and
/// shared by the attributes that take it.
#[derive(Clone, Copy, Debug)]
pub struct Keys(&'static [&'static [(&'static str, ValueKind)]]);

impl Keys {
    /// Every key with its kind, in order.
    pub fn all(self) -> impl Iterator<Item = (&'static str, ValueKind)> {
        self.0.iter().flat_map(|group| group.iter().copied())
    }

    /// What `key` takes, if it is one of these keys.
    pub fn kind(self, key: &str) -> Option<ValueKind> {
        self.all().find(|(k, _)| *k == key).map(|(_, kind)| kind)
    }

    /// Every key's name, in order.
    pub fn names(self) -> Vec<&'static str> {
        self.all().map(|(k, _)| k).collect()
    }
}

/// Who receives the information.
const RECIPIENT_KEYS: &[(&str, ValueKind)] = &[("provider", ValueKind::String)];

/// What is sent.
const DATA_KEYS: &[(&str, ValueKind)] = &[("data", ValueKind::Items)];

/// Why, when and how it is sent: with [`RECIPIENT_KEYS`], a transmission.
const WHY_KEYS: &[(&str, ValueKind)] = &[
    ("purpose", ValueKind::Idents),
    ("when", ValueKind::Strings),
    ("mechanism", ValueKind::Ident),
    ("basis", ValueKind::Ident),
    ("reason", ValueKind::String),
    ("opt_out", ValueKind::String),
    ("origin", ValueKind::Ident),
    ("review", ValueKind::String),
];

/// The request keys a function's body sends.
const BODY_KEYS: &[(&str, ValueKind)] = &[
    ("keys", ValueKind::Map),
    ("dynamic_keys", ValueKind::String),
];

/// The keys `#[disclose(...)]` accepts on a function.
pub const FUNCTION_KEYS: Keys = Keys(&[RECIPIENT_KEYS, DATA_KEYS, WHY_KEYS, BODY_KEYS]);

/// The keys of the container attribute of `#[derive(Disclose)]` (on the struct or enum): a
/// transmission without its data, which the fields give.
pub const CONTAINER_KEYS: Keys = Keys(&[RECIPIENT_KEYS, WHY_KEYS]);

/// The keys of a field attribute of `#[derive(Disclose)]`.
pub const FIELD_KEYS: Keys = Keys(&[&[
    ("data", ValueKind::Items),
    ("nested", ValueKind::Flag),
    ("skip", ValueKind::String),
    ("when", ValueKind::Strings),
]]);

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

/// Whether `attr` is `#[disclose(...)]` (or a path ending in `disclose`, such as
/// `#[disclosure::disclose(...)]`).
pub fn is_disclose_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "disclose")
}

/// The tokens inside an attribute's parentheses; an attribute without them is an error.
fn attribute_tokens(
    attr: &syn::Attribute,
    example: &str,
) -> Result<proc_macro2::TokenStream, SyntaxError> {
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

#[cfg(test)]
mod tests;
