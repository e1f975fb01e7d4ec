//! The one parser of `#[disclose(...)]`.
//!
//! The proc macro and the scanner both call [`Annotation::parse`] and [`Annotation::resolve`], so
//! what compiles and what the notice says can never disagree.
//!
//! ```text
//! #[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = analytics,
//!            when = "logged-in", mechanism = tag)]
//! ```

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Ident, LitStr, Token, bracketed};

use crate::catalogue::{Catalogue, Mechanism};
use crate::suggest;
use crate::vocabulary::IdKind;

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
    /// The offending tokens.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl SyntaxError {
    fn new(span: Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        SyntaxError {
            span,
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// As a `syn::Error`, the help on its own line, the way rustc prints `= help:`.
    pub fn to_syn_error(&self) -> syn::Error {
        let text = match &self.help {
            Some(help) => format!("{}\n\n= help: {help}", self.message),
            None => self.message.clone(),
        };
        syn::Error::new(self.span, text)
    }
}

impl From<syn::Error> for SyntaxError {
    fn from(e: syn::Error) -> Self {
        SyntaxError {
            span: e.span(),
            message: e.to_string(),
            help: None,
        }
    }
}

/// A parsed `#[disclose(...)]` on a function or method: one transmission.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// The recipient's id, declared as `[[provider]]` in `disclosure.toml`.
    pub provider: Spanned<String>,
    /// The information sent.
    pub data: Vec<Spanned<String>>,
    /// The operator's purposes.
    pub purposes: Vec<Spanned<String>>,
    /// The condition the transmission is limited to, declared as `[[condition]]`.
    pub when: Option<Spanned<String>>,
    /// How the information is sent, when it differs from the provider's default.
    pub mechanism: Option<Spanned<Mechanism>>,
}

/// The keys `#[disclose(...)]` accepts on a function, and what each takes.
pub const FUNCTION_KEYS: &[(&str, ValueKind)] = &[
    ("provider", ValueKind::String),
    ("data", ValueKind::Idents),
    ("purpose", ValueKind::Idents),
    ("when", ValueKind::String),
    ("mechanism", ValueKind::Ident),
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
}

impl ValueKind {
    fn example(self, key: &str) -> String {
        match (self, key) {
            (ValueKind::String, "provider") => r#"provider = "google-analytics""#.into(),
            (ValueKind::String, "when") => r#"when = "logged-in""#.into(),
            (ValueKind::Ident, "mechanism") => {
                let ids: Vec<_> = Mechanism::ALL.iter().map(|m| m.id()).collect();
                format!("mechanism = sdk (one of: {})", ids.join(", "))
            }
            (ValueKind::Idents, "data") => "data = [ip_address, page_url]".into(),
            (ValueKind::Idents, "purpose") => "purpose = [analytics]".into(),
            (ValueKind::String, _) => format!(r#"{key} = "…""#),
            (ValueKind::Ident, _) => format!("{key} = name"),
            (ValueKind::Idents, _) => format!("{key} = [a, b]"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ValueKind::String => "a string",
            ValueKind::Ident => "an identifier",
            ValueKind::Idents => "an identifier or a list of identifiers",
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
    fn parse(tokens: TokenStream, keys: &[(&str, ValueKind)]) -> Result<Entries, Vec<SyntaxError>> {
        let parser = Punctuated::<Entry, Token![,]>::parse_terminated_with;
        let parsed = (|input: ParseStream| parser(input, parse_entry))
            .parse2(tokens)
            .map_err(|e| e.into_iter().map(SyntaxError::from).collect::<Vec<_>>())?;
        let mut errors = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        for entry in parsed {
            let key = entry.key.to_string();
            let Some(&(_, kind)) = keys.iter().find(|(k, _)| *k == key) else {
                let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                let mut help = format!("the keys are: {}", names.join(", "));
                if let Some(s) = suggest::did_you_mean(&key, names.iter().copied()) {
                    help = format!("{s} {help}");
                }
                errors.push(SyntaxError::new(
                    entry.key.span(),
                    format!("unknown key `{key}` in #[disclose(...)]"),
                    help,
                ));
                continue;
            };
            if entries.iter().any(|e| e.key == entry.key) {
                errors.push(SyntaxError::new(
                    entry.key.span(),
                    format!("duplicate key `{key}`"),
                    format!(
                        "give `{key}` once; several values go in one list: {}",
                        kind.example(&key)
                    ),
                ));
                continue;
            }
            if let Err(e) = check_kind(&entry, kind) {
                errors.push(e);
                continue;
            }
            entries.push(entry);
        }
        if errors.is_empty() {
            Ok(Entries { entries })
        } else {
            Err(errors)
        }
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
            span,
            format!("`{key}` takes {}, not {found}", kind.noun()),
            format!("write {}", kind.example(&key)),
        )
    };
    let Some(value) = &entry.value else {
        return Err(SyntaxError::new(
            entry.key.span(),
            format!("`{key}` needs a value"),
            format!("write {}", kind.example(&key)),
        ));
    };
    match (kind, value) {
        (ValueKind::String, Value::Str(_)) | (ValueKind::Ident, Value::Ident(_)) => Ok(()),
        (ValueKind::Idents, Value::Ident(_)) => Ok(()),
        (ValueKind::Idents, Value::List(span, items)) => {
            if items.is_empty() {
                return Err(SyntaxError::new(
                    *span,
                    format!("`{key}` is an empty list"),
                    format!("name at least one: {}", kind.example(&key)),
                ));
            }
            for item in items {
                if let ListItem::Str(s) = item {
                    return Err(SyntaxError::new(
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

impl Annotation {
    /// Parses the tokens inside `#[disclose(...)]`. `whole` is the span errors about missing keys
    /// point at (the attribute).
    pub fn parse(tokens: TokenStream, whole: Span) -> Result<Annotation, Vec<SyntaxError>> {
        let mut entries = Entries::parse(tokens, FUNCTION_KEYS)?;
        let provider = entries.string("provider");
        let data = entries.idents("data");
        let purposes = entries.idents("purpose");
        let when = entries.string("when");
        let mechanism = entries.ident("mechanism");

        let mut errors = Vec::new();
        let mut missing = |key: &str, what: &str| {
            errors.push(SyntaxError::new(
                whole,
                format!("#[disclose(...)] is missing `{key}`: {what}"),
                format!(
                    "add {}",
                    FUNCTION_KEYS
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(k, kind)| kind.example(k))
                        .unwrap_or_default()
                ),
            ))
        };
        if provider.is_none() {
            missing("provider", "who receives the information");
        }
        if data.is_none() {
            missing("data", "what information is sent");
        }
        if purposes.is_none() {
            missing("purpose", "why it is sent");
        }
        let mechanism = match mechanism {
            None => None,
            Some(m) => match Mechanism::from_id(&m.value) {
                Some(value) => Some(Spanned::new(value, m.span)),
                None => {
                    let ids: Vec<&str> = Mechanism::ALL.iter().map(|m| m.id()).collect();
                    let mut help = format!("use one of: {}", ids.join(", "));
                    if let Some(s) = suggest::did_you_mean(&m.value, ids.iter().copied()) {
                        help = format!("{s} {help}");
                    }
                    errors.push(SyntaxError::new(
                        m.span,
                        format!("unknown mechanism `{}`", m.value),
                        help,
                    ));
                    None
                }
            },
        };
        match (provider, data, purposes) {
            (Some(provider), Some(data), Some(purposes)) if errors.is_empty() => Ok(Annotation {
                provider,
                data,
                purposes,
                when,
                mechanism,
            }),
            _ => Err(errors),
        }
    }

    /// Parses a whole attribute, `#[disclose(...)]` or `#[disclosure::disclose(...)]`.
    pub fn from_attribute(attr: &syn::Attribute) -> Result<Annotation, Vec<SyntaxError>> {
        let whole = attr.span();
        match &attr.meta {
            syn::Meta::List(list) => Annotation::parse(list.tokens.clone(), whole),
            _ => Err(vec![SyntaxError::new(
                whole,
                "#[disclose] needs its details in parentheses",
                r#"write #[disclose(provider = "…", data = [...], purpose = [...])]"#,
            )]),
        }
    }

    /// Checks every id against the catalogue; each unknown id is an error at its own tokens.
    pub fn resolve(&self, catalogue: &Catalogue) -> Result<(), Vec<SyntaxError>> {
        let ids = std::iter::once((IdKind::Provider, &self.provider))
            .chain(self.data.iter().map(|d| (IdKind::DataItem, d)))
            .chain(self.purposes.iter().map(|p| (IdKind::Purpose, p)))
            .chain(self.when.iter().map(|w| (IdKind::Condition, w)));
        let errors: Vec<SyntaxError> = ids
            .filter_map(|(kind, id)| {
                catalogue
                    .check_id(kind, &id.value)
                    .err()
                    .map(|e| SyntaxError::new(id.span, e.message, e.help))
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
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
        assert_eq!(a.when.unwrap().value, "logged-in");
        assert_eq!(a.mechanism.unwrap().value, Mechanism::Tag);
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
}
