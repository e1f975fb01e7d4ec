//! Procedural macros of [`disclosure`](https://docs.rs/disclosure). Use them through the
//! `disclosure` crate.
//!
//! `#[disclose(...)]` parses its arguments with the same parser `cargo disclosure` uses
//! (`disclosure_core::syntax`), checks every id against the nearest `disclosure.toml`, and passes
//! the item through unchanged, so a mistake is a compile error at the offending tokens.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use disclosure_core::catalogue::{self, Catalogue};
use disclosure_core::syntax::{Annotation, SyntaxError};
use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{quote, quote_spanned};

/// Declares that a function or method sends user information to a recipient.
///
/// ```ignore
/// #[disclosure::disclose(
///     provider = "google-analytics",
///     data = [ip_address, page_url, referrer],
///     purpose = [analytics, service_improvement],
/// )]
/// fn track_page_view(url: &str) { /* … */ }
/// ```
///
/// Keys: `provider` (a `[[provider]]` id from `disclosure.toml`), `data` (data items), `purpose`
/// (the operator's purposes), `when` (a `[[condition]]` id) and `mechanism` (`tag`, `sdk`, `cookie`,
/// `server_api`).
#[proc_macro_attribute]
pub fn disclose(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(args.into(), item.into()).into()
}

fn expand(args: TokenStream2, item: TokenStream2) -> TokenStream2 {
    let annotation = match Annotation::parse(args, Span::call_site()) {
        Ok(a) => a,
        Err(errors) => return with_errors(item, &errors),
    };
    let catalogue = match load_catalogue() {
        Ok(c) => c,
        Err(message) => {
            let error = syn::Error::new(Span::call_site(), message).to_compile_error();
            return quote!(#error #item);
        }
    };
    if let Err(errors) = annotation.resolve(&catalogue) {
        return with_errors(item, &errors);
    }
    track_catalogue(item, catalogue.path())
}

fn with_errors(item: TokenStream2, errors: &[SyntaxError]) -> TokenStream2 {
    let errors = errors.iter().map(|e| e.to_syn_error().to_compile_error());
    quote!(#(#errors)* #item)
}

/// Puts an `include_bytes!` of the catalogue in the function's body, as an unused item, so that
/// cargo rebuilds the crate (and re-runs this check) when `disclosure.toml` changes. The body's
/// statements are untouched. Items without a body (trait method declarations) pass through as
/// they are.
fn track_catalogue(item: TokenStream2, catalogue: &Path) -> TokenStream2 {
    let Ok(mut function) = syn::parse2::<syn::ItemFn>(item.clone()) else {
        return item;
    };
    let path = catalogue.to_string_lossy();
    let tracked: syn::Stmt = syn::parse_quote_spanned! {Span::call_site()=>
        const _: &[u8] = ::core::include_bytes!(#path);
    };
    function.block.stmts.insert(0, tracked);
    quote_spanned!(Span::call_site()=> #function)
}

type Cache = Mutex<HashMap<PathBuf, (String, Arc<Catalogue>)>>;

/// The catalogue of the crate being compiled, parsed once per macro process and file content.
fn load_catalogue() -> Result<Arc<Catalogue>, String> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or("CARGO_MANIFEST_DIR is not set: build with cargo")?;
    let path = catalogue::find(&dir).map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let cache = CACHE.get_or_init(Default::default);
    if let Some((cached_source, catalogue)) = cache.lock().map_err(|e| e.to_string())?.get(&path)
        && *cached_source == source
    {
        return Ok(Arc::clone(catalogue));
    }
    let (catalogue, _warnings) =
        Catalogue::parse(&path, source.clone()).map_err(|e| e.to_string())?;
    let catalogue = Arc::new(catalogue);
    cache
        .lock()
        .map_err(|e| e.to_string())?
        .insert(path, (source, Arc::clone(&catalogue)));
    Ok(catalogue)
}
