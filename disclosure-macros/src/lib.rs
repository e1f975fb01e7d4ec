//! Procedural macros of [`disclosure`](https://docs.rs/disclosure). Use them through the
//! `disclosure` crate.
//!
//! Both macros parse with the parser `cargo disclosure` uses (`disclosure_core::annotation`) and
//! check every id against the package's catalogue, found by the scanner's own rule (the nearest
//! `disclosure.toml` up to the workspace root; the built-in catalogue alone when there is none),
//! so a mistake is a compile error at the offending tokens, and what compiles is what the notice
//! says.

mod catalogue;
mod derive;
mod function;

use proc_macro::TokenStream;

/// Declares that a function or method sends user information to a recipient.
///
/// ```ignore
/// // What a Google Analytics 4 page view carries (`cargo disclosure verify` checks such a list
/// // against recorded requests).
/// #[disclosure::disclose(
///     provider = "google-analytics",
///     data = [ip_address, cookie_id, page_url, referrer, usage_history, access_history, language,
///             screen_settings, device_type, device_info, os_type, os_info, browser_info],
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
/// // An event the application posts to a recipient it declares in `disclosure.toml`.
/// #[derive(disclosure::Disclose)]
/// #[disclose(provider = "acme-analytics", purpose = [analytics])]
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use disclosure_core::catalogue::Catalogue;
    use proc_macro2::TokenStream;
    use quote::quote;

    const CATALOGUE: &str = r#"
[operator]
name = "Example K.K."

[[provider]]
id = "google-analytics"
service = { ja = "Google アナリティクス", en = "Google Analytics" }
entity = "Google LLC"

[[condition]]
id = "logged-in"
label = { ja = "ログインした場合に限る", en = "only when logged in" }
"#;

    fn catalogue() -> Catalogue {
        Catalogue::parse(Path::new("/catalogue/disclosure.toml"), CATALOGUE.into())
            .unwrap()
            .0
    }

    fn pretty(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the expansion is a file"))
    }

    #[test]
    fn a_function_keeps_its_body_and_gains_a_transmits_section() {
        let item = quote! {
            /// Sends a page view.
            pub async fn track_page_view(client: &Client, url: &str) -> Result<(), Error> {
                let body = format!("page={url}");
                client.post("/collect", body).await
            }
        };
        let expanded = crate::function::expand_with(
            quote!(
                provider = "google-analytics",
                data = [ip_address, page_url],
                purpose = [analytics],
                when = "logged-in"
            ),
            item.clone(),
            &catalogue(),
            &crate::catalogue::Tracker::default(),
        );
        let before: syn::ItemFn = syn::parse2(item).unwrap();
        let after: syn::ItemFn = syn::parse2(expanded.clone()).unwrap();
        // Every statement of the body is there, in order, after the one tracking item.
        assert_eq!(after.block.stmts.len(), before.block.stmts.len() + 1);
        assert!(matches!(
            after.block.stmts[0],
            syn::Stmt::Item(syn::Item::Const(_))
        ));
        let unchanged = |f: &syn::ItemFn, skip: usize| {
            f.block.stmts[skip..]
                .iter()
                .map(|s| quote!(#s).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(unchanged(&after, 1), unchanged(&before, 0));
        let (sig_after, sig_before) = (&after.sig, &before.sig);
        assert_eq!(
            quote!(#sig_after).to_string(),
            quote!(#sig_before).to_string()
        );
        insta::assert_snapshot!(pretty(expanded));
    }

    #[test]
    fn a_struct_gets_a_const_impl_with_its_fields_and_nested_types() {
        let expanded = crate::derive::expand_with(
            quote! {
                #[derive(Disclose)]
                #[disclose(provider = "google-analytics", purpose = [analytics])]
                struct PageView<D> {
                    #[disclose(data = [page_url, referrer])]
                    url: String,
                    #[disclose(nested)]
                    device: Option<D>,
                    #[disclose(skip = "picks the endpoint; never sent")]
                    region: u8,
                    #[serde(skip)]
                    cache: Vec<u8>,
                }
            },
            Some(&catalogue()),
            &crate::catalogue::Tracker::default(),
        );
        insta::assert_snapshot!(pretty(expanded));
    }
}
