//! `#[derive(Disclose)]`.

use disclosure_core::annotation::{SyntaxError, TypeDisclosure};
use disclosure_core::catalogue::Catalogue;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::catalogue::{self, Loaded, Tracker};

pub(crate) fn expand(item: TokenStream) -> TokenStream {
    match catalogue::load() {
        Loaded::Ready(catalogue) => expand_with(item, Some(&catalogue), Tracker::process()),
        // The catalogue's own error, once; the impl is still written, its ids unchecked.
        Loaded::Broken(first) => {
            let error = first.map(|m| syn::Error::new(Span::call_site(), m).to_compile_error());
            let expanded = expand_with(item, None, Tracker::process());
            quote!(#error #expanded)
        }
    }
}

/// The expansion, checking every id against `catalogue` when there is one.
pub(crate) fn expand_with(
    item: TokenStream,
    catalogue: Option<&Catalogue>,
    tracker: &Tracker,
) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(item) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let disclosure = match TypeDisclosure::parse(&input) {
        Ok(d) => d,
        Err(errors) => return errors_of(&errors),
    };
    if let Some(catalogue) = catalogue
        && let Err(errors) = disclosure.resolve(catalogue)
    {
        return errors_of(&errors);
    }
    let tracking = catalogue.and_then(|c| tracker.item(c));
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    let nested: Vec<&syn::Type> = disclosure.nested().map(|f| &f.ty).collect();
    {
        let where_clause = generics.make_where_clause();
        for ty in &nested {
            where_clause
                .predicates
                .push(syn::parse_quote_spanned! {ty.span()=>
                    #ty: ::disclosure::Disclose
                });
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let option = |value: Option<&str>| match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let container = disclosure.container.as_ref();
    let provider = option(container.map(|c| c.provider.value.as_str()));
    let when: Vec<&str> = container
        .map(|c| c.when.iter().map(|w| w.value.as_str()).collect())
        .unwrap_or_default();
    let purposes: Vec<&str> = container
        .map(|c| c.purposes.iter().map(|p| p.value.as_str()).collect())
        .unwrap_or_default();
    let mut data: Vec<&str> = Vec::new();
    for d in disclosure.data() {
        if !data.contains(&d.id.value.as_str()) {
            data.push(&d.id.value);
        }
    }
    let nested = nested.iter().map(|ty| {
        quote_spanned! {ty.span()=> &<#ty as ::disclosure::Disclose>::DISCLOSURE }
    });
    quote! {
        const _: () = {
            #tracking
            #[automatically_derived]
            impl #impl_generics ::disclosure::Disclose for #ident #ty_generics #where_clause {
                const DISCLOSURE: ::disclosure::Disclosure = ::disclosure::Disclosure {
                    provider: #provider,
                    data: &[#(#data),*],
                    purposes: &[#(#purposes),*],
                    when: &[#(#when),*],
                    nested: &[#(#nested),*],
                };
            }
        };
    }
}

fn errors_of(errors: &[SyntaxError]) -> TokenStream {
    let errors = errors.iter().map(|e| e.to_syn_error().to_compile_error());
    quote!(#(#errors)*)
}
