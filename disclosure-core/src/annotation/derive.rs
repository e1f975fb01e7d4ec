//! `#[derive(Disclose)]`: the container attribute (who receives values of the type, and why) and
//! one disclosure per field (the data items it carries, the type it nests, or why it is never
//! sent).

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned as _;

use super::entries::{DataRef, Entries};
use super::transmission::{Parts, Transmission, resolve_data};
use super::{
    CONTAINER_KEYS, FIELD_KEYS, SyntaxError, attribute_tokens, field_hint, is_disclose_attribute,
};
use crate::catalogue::Catalogue;
use crate::foundation::diagnostic::Code;

/// What a field of a `#[derive(Disclose)]` type carries.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum FieldDisclosure {
    /// `#[disclose(data = ...)]`: these data items (each with the field's `when`, if any).
    Data(Vec<DataRef>),
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
    pub container: Option<Transmission>,
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

    /// The data items of the type's own fields, in field order; an item two fields carry alike
    /// (same qualifiers, same conditions) once.
    pub fn data(&self) -> Vec<&DataRef> {
        let mut out: Vec<&DataRef> = Vec::new();
        for field in &self.fields {
            if let FieldDisclosure::Data(items) = &field.disclosure {
                for item in items {
                    if !out.iter().any(|o| o.same_as(item)) {
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
        let mut errors = Vec::new();
        if let Some(c) = &self.container {
            c.resolve(catalogue, &mut errors);
        }
        resolve_data(catalogue, self.data(), &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn parse_container(
    attrs: &[syn::Attribute],
    errors: &mut Vec<SyntaxError>,
) -> Option<Transmission> {
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
    let when = entries.strings("when");
    if let (Some(first), false) = (when.first(), entries.has("data").is_some()) {
        errors.push(SyntaxError::new(
            Code::FieldConflict,
            first.span,
            "`when` on a field limits the data items it carries, so it needs `data`",
            "write #[disclose(data = [...], when = \"…\")]; a condition on the whole type goes on the \
             type's own #[disclose(...)]",
        ));
        return None;
    }
    let disclosure = if let Some(mut data) = entries.items("data") {
        for item in &mut data {
            item.when = when.clone();
        }
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
