//! The tokens inside `#[disclose(...)]`: `key = value` pairs (or a bare `key`), each checked once
//! for an unknown key, a duplicate and the kind of its value.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token, bracketed, parenthesized};

use super::{Keys, Spanned, SyntaxError};
use crate::foundation::choice::Choice;
use crate::foundation::diagnostic::Code;
use crate::foundation::suggest;
use crate::foundation::vocab::{Basis, Mechanism, Origin, Qualifier};

/// What a key's value must look like.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ValueKind {
    /// `key = "text"`.
    String,
    /// `key = "text"` or `key = ["a", "b"]`.
    Strings,
    /// `key = ident`.
    Ident,
    /// `key = ident` or `key = [a, b]`.
    Idents,
    /// `key = item` or `key = [a, b(hashed)]`: data items, each with optional qualifiers.
    Items,
    /// A bare `key`.
    Flag,
    /// `key = { "name" = item, "other" = none }`: request keys and the data items they carry.
    Map,
}

impl ValueKind {
    /// An example of the key with a value of this kind.
    pub(super) fn example(self, key: &str) -> String {
        match (self, key) {
            (ValueKind::String, "provider") => r#"provider = "google-analytics""#.into(),
            (ValueKind::Strings, "when") => {
                r#"when = "logged-in" (or ["logged-in", "ads-consented"])"#.into()
            }
            (ValueKind::String, "opt_out") => r#"opt_out = "usage-data-setting""#.into(),
            (ValueKind::Ident, "mechanism") => {
                format!("mechanism = sdk (one of: {})", Mechanism::ids().join(", "))
            }
            (ValueKind::Ident, "basis") => {
                format!("basis = consent (one of: {})", Basis::ids().join(", "))
            }
            (ValueKind::Ident, "origin") => {
                format!("origin = server (one of: {})", Origin::ids().join(", "))
            }
            (ValueKind::String, "reason") => r#"reason = "ログイン状態の維持に必要なため""#.into(),
            (ValueKind::Items, "data") => "data = [ip_address, email_address(hashed)]".into(),
            (ValueKind::Idents, "purpose") => "purpose = [analytics]".into(),
            (ValueKind::String, "skip") => r#"skip = "why it never leaves the device""#.into(),
            (ValueKind::String, "dynamic_keys") => {
                r#"dynamic_keys = "the keys are the names of the form's fields""#.into()
            }
            (ValueKind::Map, _) => format!(r#"{key} = {{ "url" = page_url, "v" = none }}"#),
            (ValueKind::String, _) => format!(r#"{key} = "…""#),
            (ValueKind::Strings, _) => format!(r#"{key} = ["…"]"#),
            (ValueKind::Ident, _) => format!("{key} = name"),
            (ValueKind::Idents | ValueKind::Items, _) => format!("{key} = [a, b]"),
            (ValueKind::Flag, _) => key.to_string(),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ValueKind::String => "a string",
            ValueKind::Strings => "a string or a list of strings",
            ValueKind::Ident => "an identifier",
            ValueKind::Idents | ValueKind::Items => "an identifier or a list of identifiers",
            ValueKind::Flag => "no value",
            ValueKind::Map => "a map `{ \"key\" = item }`",
        }
    }
}

/// One `key = value` (or bare `key`).
pub(super) struct Entry {
    pub key: Ident,
    pub value: Option<Value>,
}

pub(super) enum Value {
    Str(LitStr),
    Ident(Ident),
    List(Span, Vec<ListItem>),
    /// `{ "key" = item, … }`.
    Map(Span, Vec<(LitStr, Ident)>),
}

pub(super) enum ListItem {
    Ident(Ident),
    Str(LitStr),
    /// `item(q1, q2)`: a data item with qualifiers.
    Qualified(Ident, Span, Vec<Ident>),
}

impl ListItem {
    fn span(&self) -> Span {
        match self {
            ListItem::Ident(i) | ListItem::Qualified(i, _, _) => i.span(),
            ListItem::Str(s) => s.span(),
        }
    }
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
                let ident = content.call(Ident::parse_any)?;
                if content.peek(syn::token::Paren) {
                    let inner;
                    let paren = parenthesized!(inner in content);
                    let qualifiers = Punctuated::<Ident, Token![,]>::parse_terminated_with(
                        &inner,
                        Ident::parse_any,
                    )?;
                    items.push(ListItem::Qualified(
                        ident,
                        paren.span.join(),
                        qualifiers.into_iter().collect(),
                    ));
                } else {
                    items.push(ListItem::Ident(ident));
                }
            } else {
                return Err(content.error("expected an identifier such as `ip_address`"));
            }
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Value::List(bracket.span.join(), items)
    } else if input.peek(syn::token::Brace) {
        let content;
        let brace = syn::braced!(content in input);
        let mut pairs = Vec::new();
        while !content.is_empty() {
            let name: LitStr = content.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected a key in quotes, as in `\"url\" = page_url`",
                )
            })?;
            content.parse::<Token![=]>()?;
            if !content.peek(Ident::peek_any) {
                return Err(content.error(
                    "expected the data item the key carries (or `none`), as in `\"url\" = page_url`",
                ));
            }
            pairs.push((name, content.call(Ident::parse_any)?));
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Value::Map(brace.span.join(), pairs)
    } else if input.peek(Ident::peek_any) {
        let ident = input.call(Ident::parse_any)?;
        if input.peek(syn::token::Paren) {
            // `data = page_url(path_only)`: qualifiers belong to an item of a list.
            let inner;
            let paren = parenthesized!(inner in input);
            let written =
                Punctuated::<Ident, Token![,]>::parse_terminated_with(&inner, Ident::parse_any)
                    .map(|q| {
                        q.iter()
                            .map(Ident::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_else(|_| "…".into());
            return Err(syn::Error::new(
                ident
                    .span()
                    .join(paren.span.close())
                    .unwrap_or(ident.span()),
                format!(
                    "a data item with qualifiers is written in a list: `{key} = [{ident}({written})]`"
                ),
            ));
        }
        Value::Ident(ident)
    } else {
        return Err(input.error(format!(
            "expected a value after `{key} =`: a string, an identifier, a list `[a, b]` or a map `{{ \"k\" = a }}`"
        )));
    };
    Ok(Entry {
        key,
        value: Some(value),
    })
}

/// A data item as an annotation writes it: its id, its qualifiers, and (on a field) the
/// conditions it is sent under.
#[derive(Clone, Debug)]
pub struct DataRef {
    /// The data item id.
    pub id: Spanned<String>,
    /// How it is transformed before it is sent (`hashed`, `pseudonymised`, `anonymised`).
    pub qualifiers: Vec<Spanned<Qualifier>>,
    /// Conditions of the field it is on (`#[disclose(data = [...], when = "…")]`).
    pub when: Vec<Spanned<String>>,
}

impl DataRef {
    /// Whether `other` states the same item with the same qualifiers and conditions.
    pub fn same_as(&self, other: &DataRef) -> bool {
        let values = |v: &[Spanned<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        self.id.value == other.id.value
            && self
                .qualifiers
                .iter()
                .map(|q| q.value)
                .eq(other.qualifiers.iter().map(|q| q.value))
            && values(&self.when) == values(&other.when)
    }
}

/// Entries by key, each checked once for unknown keys, duplicates and value kinds.
pub(super) struct Entries {
    entries: Vec<Entry>,
}

impl Entries {
    pub fn new() -> Entries {
        Entries {
            entries: Vec::new(),
        }
    }

    /// Parses `tokens` (the inside of one `#[disclose(...)]`) and adds its entries, checking each
    /// key against `keys`, against the entries already added, and its value's kind.
    pub fn add(&mut self, tokens: TokenStream, keys: Keys, errors: &mut Vec<SyntaxError>) {
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
            let Some(kind) = keys.kind(&key) else {
                let names = keys.names();
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
                    ValueKind::Idents | ValueKind::Items | ValueKind::Strings => format!(
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

    pub fn has(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.key.span())
    }

    fn take(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }

    pub fn string(&mut self, key: &str) -> Option<Spanned<String>> {
        match self.take(key)?.value {
            Some(Value::Str(s)) => Some(Spanned::new(s.value(), s.span())),
            _ => None,
        }
    }

    /// A string, or each string of a list.
    pub fn strings(&mut self, key: &str) -> Vec<Spanned<String>> {
        match self.take(key).and_then(|e| e.value) {
            Some(Value::Str(s)) => vec![Spanned::new(s.value(), s.span())],
            Some(Value::List(_, items)) => items
                .into_iter()
                .filter_map(|item| match item {
                    ListItem::Str(s) => Some(Spanned::new(s.value(), s.span())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn ident(&mut self, key: &str) -> Option<Spanned<String>> {
        match self.take(key)?.value {
            Some(Value::Ident(i)) => Some(Spanned::new(i.unraw().to_string(), i.span())),
            _ => None,
        }
    }

    pub fn idents(&mut self, key: &str) -> Option<Vec<Spanned<String>>> {
        Some(self.items(key)?.into_iter().map(|d| d.id).collect())
    }

    /// Data items with their qualifiers; an unknown qualifier is an error at it.
    pub fn items(&mut self, key: &str) -> Option<Vec<DataRef>> {
        let plain = |i: Ident| DataRef {
            id: Spanned::new(i.unraw().to_string(), i.span()),
            qualifiers: Vec::new(),
            when: Vec::new(),
        };
        match self.take(key)?.value {
            Some(Value::Ident(i)) => Some(vec![plain(i)]),
            Some(Value::List(_, items)) => Some(
                items
                    .into_iter()
                    .filter_map(|item| match item {
                        ListItem::Ident(i) => Some(plain(i)),
                        ListItem::Qualified(i, _, qualifiers) => Some(DataRef {
                            qualifiers: qualifiers
                                .iter()
                                .filter_map(|q| {
                                    Qualifier::from_id(&q.unraw().to_string())
                                        .map(|v| Spanned::new(v, q.span()))
                                })
                                .collect(),
                            ..plain(i)
                        }),
                        ListItem::Str(_) => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// A map's pairs: each key with the item it carries (`none`: nothing about the user).
    pub fn map(&mut self, key: &str) -> Vec<(Spanned<String>, Spanned<String>)> {
        match self.take(key).and_then(|e| e.value) {
            Some(Value::Map(_, pairs)) => pairs
                .into_iter()
                .map(|(k, v)| {
                    (
                        Spanned::new(k.value(), k.span()),
                        Spanned::new(v.unraw().to_string(), v.span()),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The value of `key`, one of `T`'s ids; an unknown id is an error with the nearest one.
    pub fn choice<T: Choice>(
        &mut self,
        key: &str,
        errors: &mut Vec<SyntaxError>,
    ) -> Option<Spanned<T>> {
        let given = self.ident(key)?;
        if let Some(value) = T::from_id(&given.value) {
            return Some(Spanned::new(value, given.span));
        }
        errors.push(unknown_choice::<T>(key, &given.value, given.span));
        None
    }
}

fn unknown_choice<T: Choice>(key: &str, given: &str, span: Span) -> SyntaxError {
    let ids = T::ids();
    let mut help = format!("use one of: {}", ids.join(", "));
    if let Some(s) = suggest::did_you_mean(given, ids.iter().copied()) {
        help = format!("{s} {help}");
    }
    SyntaxError::new(
        Code::UnknownId,
        span,
        format!("unknown {key} `{given}`"),
        help,
    )
}

/// Checks that `entry`'s value is of `kind`: present unless a flag, free of hidden characters,
/// and of the right shape (each shape's own rules below).
fn check_kind(entry: &Entry, kind: ValueKind) -> Result<(), SyntaxError> {
    let key = entry.key.to_string();
    let Some(value) = &entry.value else {
        return check_missing_value(entry, &key, kind);
    };
    check_text_characters(&key, value)?;
    match (kind, value) {
        (ValueKind::Flag, v) => Err(SyntaxError::new(
            Code::ValueKind,
            value_span(v),
            format!("`{key}` takes no value"),
            format!("write just `{key}`"),
        )),
        (ValueKind::String | ValueKind::Strings, Value::Str(s)) if s.value().trim().is_empty() => {
            Err(empty_string(&key, kind, s))
        }
        (ValueKind::String | ValueKind::Strings, Value::Str(_))
        | (ValueKind::Ident | ValueKind::Idents | ValueKind::Items, Value::Ident(_)) => Ok(()),
        (ValueKind::Idents | ValueKind::Items | ValueKind::Strings, Value::List(span, items)) => {
            check_list(&key, kind, *span, items)
        }
        (ValueKind::Map, Value::Map(span, pairs)) => check_map(&key, kind, *span, pairs),
        (_, Value::Map(span, _)) => Err(wrong_kind(&key, kind, *span, "a map")),
        (ValueKind::Map, v) => Err(wrong_kind(
            &key,
            kind,
            value_span(v),
            match v {
                Value::Str(_) => "a string",
                Value::Ident(_) => "an identifier",
                _ => "a list",
            },
        )),
        (_, Value::Str(s)) => Err(wrong_kind(&key, kind, s.span(), "a string")),
        (_, Value::Ident(i)) => Err(wrong_kind(&key, kind, i.span(), "an identifier")),
        (_, Value::List(span, _)) => Err(wrong_kind(&key, kind, *span, "a list")),
    }
}

/// A bare `key`: right for a flag; `skip` needs its reason; any other key needs a value.
fn check_missing_value(entry: &Entry, key: &str, kind: ValueKind) -> Result<(), SyntaxError> {
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
                kind.example(key)
            ),
        ));
    }
    Err(SyntaxError::new(
        Code::ValueKind,
        entry.key.span(),
        format!("`{key}` needs a value"),
        format!("write {}", kind.example(key)),
    ))
}

/// No text of a notice holds a control or bidirectional formatting character: each string of
/// the value (alone or in a list) is checked.
fn check_text_characters(key: &str, value: &Value) -> Result<(), SyntaxError> {
    let strings: Vec<&LitStr> = match value {
        Value::Str(s) => vec![s],
        Value::List(_, items) => items
            .iter()
            .filter_map(|i| match i {
                ListItem::Str(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for s in strings {
        if let Some(c) = crate::foundation::characters::forbidden(&s.value()) {
            return Err(SyntaxError::new(
                Code::TextCharacter,
                s.span(),
                format!(
                    "`{key}` holds {}, which would hide or reorder what the reader sees",
                    crate::foundation::characters::describe(c)
                ),
                "remove the character (write the text as it should read)".to_string(),
            ));
        }
    }
    Ok(())
}

/// A list: not empty, each item of the kind the key lists, and no item twice.
fn check_list(
    key: &str,
    kind: ValueKind,
    span: Span,
    items: &[ListItem],
) -> Result<(), SyntaxError> {
    if items.is_empty() {
        return Err(SyntaxError::new(
            Code::ValueKind,
            span,
            format!("`{key}` is an empty list"),
            format!("name at least one: {}", kind.example(key)),
        ));
    }
    for item in items {
        check_list_item(key, kind, item)?;
    }
    check_list_duplicates(key, items)
}

/// One item of a list: strings where the key lists strings, identifiers elsewhere, and
/// qualifiers only on data items.
fn check_list_item(key: &str, kind: ValueKind, item: &ListItem) -> Result<(), SyntaxError> {
    match (kind, item) {
        (ValueKind::Strings, ListItem::Str(s)) if s.value().trim().is_empty() => {
            Err(empty_string(key, kind, s))
        }
        (ValueKind::Strings, ListItem::Str(_)) => Ok(()),
        (ValueKind::Strings, other) => Err(SyntaxError::new(
            Code::ValueKind,
            other.span(),
            format!("`{key}` lists strings, not identifiers"),
            format!("quote each id: {}", kind.example(key)),
        )),
        (_, ListItem::Str(s)) => Err(SyntaxError::new(
            Code::ValueKind,
            s.span(),
            format!("`{key}` lists identifiers, not strings"),
            format!("drop the quotes: `{}`", s.value()),
        )),
        (ValueKind::Idents, ListItem::Qualified(_, span, _)) => Err(SyntaxError::new(
            Code::ValueKind,
            *span,
            format!("`{key}` takes no qualifiers"),
            "only data items take qualifiers, as in `data = [email_address(hashed)]`",
        )),
        (_, ListItem::Qualified(_, span, qualifiers)) => check_qualifiers(*span, qualifiers),
        (_, ListItem::Ident(_)) => Ok(()),
    }
}

/// A data item's qualifier list (`item(q1, q2)`): not empty, and each a known qualifier.
fn check_qualifiers(span: Span, qualifiers: &[Ident]) -> Result<(), SyntaxError> {
    if qualifiers.is_empty() {
        return Err(SyntaxError::new(
            Code::ValueKind,
            span,
            "empty qualifier list",
            format!(
                "name a qualifier ({}), or drop the parentheses",
                Qualifier::ids().join(", ")
            ),
        ));
    }
    for q in qualifiers {
        if Qualifier::from_id(&q.unraw().to_string()).is_none() {
            return Err(unknown_choice::<Qualifier>(
                "qualifier",
                &q.to_string(),
                q.span(),
            ));
        }
    }
    Ok(())
}

/// No item is listed twice (qualifiers aside).
fn check_list_duplicates(key: &str, items: &[ListItem]) -> Result<(), SyntaxError> {
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let name = match item {
            ListItem::Ident(i) | ListItem::Qualified(i, _, _) => i.unraw().to_string(),
            ListItem::Str(s) => s.value(),
        };
        if seen.contains(&name) {
            return Err(SyntaxError::new(
                Code::DuplicateKey,
                item.span(),
                format!("`{name}` is listed twice in `{key}`"),
                "remove the second one",
            ));
        }
        seen.push(name);
    }
    Ok(())
}

/// A map: not empty, no empty key, and no key twice.
fn check_map(
    key: &str,
    kind: ValueKind,
    span: Span,
    pairs: &[(LitStr, Ident)],
) -> Result<(), SyntaxError> {
    if pairs.is_empty() {
        return Err(SyntaxError::new(
            Code::ValueKind,
            span,
            format!("`{key}` is an empty map"),
            format!("name each key and what it carries: {}", kind.example(key)),
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    for (name, _) in pairs {
        if name.value().is_empty() {
            return Err(SyntaxError::new(
                Code::ValueKind,
                name.span(),
                format!("an empty key in `{key}`"),
                format!("write {}", kind.example(key)),
            ));
        }
        if seen.contains(&name.value()) {
            return Err(SyntaxError::new(
                Code::DuplicateKey,
                name.span(),
                format!("`{}` is mapped twice in `{key}`", name.value()),
                "remove the second one",
            ));
        }
        seen.push(name.value());
    }
    Ok(())
}

/// The error for a value of the wrong shape: `found` where `key` takes `kind`.
fn wrong_kind(key: &str, kind: ValueKind, span: Span, found: &str) -> SyntaxError {
    SyntaxError::new(
        Code::ValueKind,
        span,
        format!("`{key}` takes {}, not {found}", kind.noun()),
        format!("write {}", kind.example(key)),
    )
}

/// The error for an empty (or blank) string where `key` takes text.
fn empty_string(key: &str, kind: ValueKind, s: &LitStr) -> SyntaxError {
    SyntaxError::new(
        Code::ValueKind,
        s.span(),
        format!("`{key}` is empty"),
        format!("write {}", kind.example(key)),
    )
}

/// Where a value is, for an error about it as a whole.
fn value_span(value: &Value) -> Span {
    match value {
        Value::Str(s) => s.span(),
        Value::Ident(i) => i.span(),
        Value::List(span, _) | Value::Map(span, _) => *span,
    }
}
