//! Procedural macros of [`disclosure`](https://docs.rs/disclosure). Use them through the
//! `disclosure` crate.
//!
//! Both macros parse with the parser `cargo disclosure` uses (`disclosure_core::syntax`) and check
//! every id against the package's `disclosure.toml`, so a mistake is a compile error at the
//! offending tokens, and what compiles is what the notice says.

mod catalogue;
mod derive;
mod function;

use proc_macro::TokenStream;

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
/// `server_api`). The function's statements are untouched; its rustdoc gains a "Transmits" section.
#[proc_macro_attribute]
pub fn disclose(args: TokenStream, item: TokenStream) -> TokenStream {
    function::expand(args.into(), item.into()).into()
}

/// Declares what a struct or enum carries when it is sent, field by field, and implements
/// `disclosure::Disclose` for it.
///
/// ```ignore
/// #[derive(disclosure::Disclose)]
/// #[disclose(provider = "google-analytics", purpose = [analytics])]
/// struct PageView {
///     #[disclose(data = [page_url])]
///     url: String,
///     #[disclose(nested)]
///     device: Device,
///     #[disclose(skip = "picks the endpoint; never sent")]
///     region: Region,
/// }
/// ```
///
/// Every field must say what it carries (`data`), that its type discloses itself (`nested`), or why
/// it never leaves the device (`skip = "…"`); fields serde never serialises count as skipped.
#[proc_macro_derive(Disclose, attributes(disclose))]
pub fn derive_disclose(item: TokenStream) -> TokenStream {
    derive::expand(item.into()).into()
}
