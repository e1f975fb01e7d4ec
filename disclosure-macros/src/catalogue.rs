//! The package's catalogue, parsed once per macro process (and again only when the file changes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use disclosure_core::catalogue::{self, Catalogue};
use disclosure_core::diagnostic::Error;
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

type Cache = Mutex<HashMap<PathBuf, (String, Arc<Catalogue>)>>;

/// The catalogue of the crate being compiled.
pub(crate) fn load() -> Result<Arc<Catalogue>, String> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or("CARGO_MANIFEST_DIR is not set: build with cargo")?;
    let path = catalogue::locate(&dir).map_err(message)?;
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let cache = CACHE.get_or_init(Default::default);
    if let Some((cached_source, catalogue)) = cache.lock().map_err(|e| e.to_string())?.get(&path)
        && *cached_source == source
    {
        return Ok(Arc::clone(catalogue));
    }
    let (catalogue, _warnings) = Catalogue::parse(&path, source.clone()).map_err(message)?;
    let catalogue = Arc::new(catalogue);
    cache
        .lock()
        .map_err(|e| e.to_string())?
        .insert(path, (source, Arc::clone(&catalogue)));
    Ok(catalogue)
}

/// Every diagnostic of `error`, without the `error: ` prefix the compiler adds itself.
fn message(error: Error) -> String {
    let bodies: Vec<String> = error.diagnostics().iter().map(|d| d.body()).collect();
    bodies.join("\n\n")
}

/// An unused item that includes the catalogue's bytes, so that cargo rebuilds the crate (and the
/// macros check it again) whenever `disclosure.toml` changes. It generates no code.
pub(crate) fn tracking_item(path: &Path) -> TokenStream {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let path = path.to_string_lossy();
    quote_spanned! {Span::call_site()=>
        const _: &[u8] = ::core::include_bytes!(#path);
    }
}
