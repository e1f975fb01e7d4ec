//! `#[disclose(...)]` on functions and methods.

use disclosure_core::annotation::{self, Annotation, SyntaxError};
use disclosure_core::catalogue::Catalogue;
use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::catalogue::{Loaded, Tracker};

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    match crate::catalogue::load() {
        Loaded::Ready(catalogue) => expand_with(args, item, &catalogue, Tracker::process()),
        // The catalogue's own error, once; the item stays as it is.
        Loaded::Broken(first) => {
            let error = first.map(|m| syn::Error::new(Span::call_site(), m).to_compile_error());
            quote!(#error #item)
        }
    }
}

/// The expansion against a given catalogue, tracking its file through `tracker`.
pub(crate) fn expand_with(
    args: TokenStream,
    item: TokenStream,
    catalogue: &Catalogue,
    tracker: &Tracker,
) -> TokenStream {
    let mut function = match parse_function(item.clone()) {
        Ok(Some(f)) => f,
        // Not Rust yet (mid-edit): pass it through, and let the compiler say what is wrong.
        Ok(None) => return item,
        Err(e) => return with_errors(item, &[e]),
    };
    let annotation = match Annotation::parse(args, Span::call_site()) {
        Ok(a) => a,
        Err(errors) => return with_errors(item, &errors),
    };
    if let Err(errors) = annotation.resolve(catalogue) {
        return with_errors(item, &errors);
    }
    if let Some(block) = &function.block {
        let errors = annotation::keys::check(&annotation, block, &catalogue.discovery.key_methods);
        if !errors.is_empty() {
            return with_errors(item, &errors);
        }
    }
    // The section as one attribute (rustdoc joins `///` lines the same way), made without a parse.
    let docs: Vec<String> = annotation::rustdoc::transmits(&annotation, catalogue)
        .into_iter()
        .map(|line| {
            // A leading space, as `///` comments have.
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect();
    if !docs.is_empty() {
        let text = docs.join("\n");
        function.attrs.push(syn::parse_quote!(#[doc = #text]));
    }
    if let Some(block) = &mut function.block
        && let Some(tracking) = tracker.item(catalogue)
    {
        block.stmts.insert(0, syn::parse_quote!(#tracking));
    }
    function.into_tokens()
}

fn with_errors(item: TokenStream, errors: &[SyntaxError]) -> TokenStream {
    let errors = errors.iter().map(|e| e.to_syn_error().to_compile_error());
    quote!(#(#errors)* #item)
}

/// A function or method: a free function, a method in an impl block, or a trait method with or
/// without a default body.
struct Function {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    sig: syn::Signature,
    block: Option<Box<syn::Block>>,
}

impl Function {
    fn into_tokens(self) -> TokenStream {
        let Function {
            attrs,
            vis,
            sig,
            block,
        } = self;
        let body = match block {
            Some(block) => quote!(#block),
            None => quote!(;),
        };
        quote!(#(#attrs)* #vis #sig #body)
    }
}

/// Parses the annotated item: a function, `None` when it does not parse at all (the compiler
/// reports that), or an error naming what else it is.
fn parse_function(item: TokenStream) -> Result<Option<Function>, SyntaxError> {
    // The common case first: a function or method with a body, with or without visibility.
    if let Ok(f) = syn::parse2::<syn::ItemFn>(item.clone()) {
        return Ok(Some(Function {
            attrs: f.attrs,
            vis: f.vis,
            sig: f.sig,
            block: Some(f.block),
        }));
    }
    if let Ok(f) = syn::parse2::<syn::TraitItemFn>(item.clone()) {
        // A trait method without a default body.
        return Ok(Some(Function {
            attrs: f.attrs,
            vis: syn::Visibility::Inherited,
            sig: f.sig,
            block: f.default.map(Box::new),
        }));
    }
    let (kind, span) = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Verbatim(_)) => return Ok(None),
        Ok(item) => annotation::item_kind(&item),
        Err(_) => match syn::parse2::<syn::ImplItem>(item) {
            Ok(syn::ImplItem::Const(c)) => ("associated const", c.const_token.span),
            Ok(syn::ImplItem::Type(t)) => ("associated type", t.type_token.span),
            _ => return Ok(None),
        },
    };
    Err(annotation::unsupported_item(kind, span))
}
