//! The parser's unit tests: every key, every mistake, both item kinds.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use super::*;
use crate::foundation::vocab::{Mechanism, Qualifier};

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
    assert_eq!(a.transmission.provider.value, "google-analytics");
    let data: Vec<_> = a.data.iter().map(|d| d.id.value.as_str()).collect();
    assert_eq!(data, ["ip_address", "page_url"]);
    assert_eq!(a.transmission.purposes[0].value, "analytics");
    assert_eq!(a.transmission.when[0].value, "logged-in");
    assert_eq!(
        a.transmission.mechanism.as_ref().unwrap().value,
        Mechanism::Tag
    );
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

fn derive(tokens: TokenStream) -> Result<TypeDisclosure, Vec<String>> {
    let input: syn::DeriveInput = syn::parse2(tokens).unwrap();
    TypeDisclosure::parse(&input).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| format!("{} | {}", e.message, e.help.unwrap_or_default()))
            .collect()
    })
}

#[test]
fn a_struct_with_every_field_accounted_for_parses() {
    let t = derive(quote! {
        #[derive(Disclose, Serialize)]
        #[disclose(provider = "analytics", purpose = [analytics], when = "logged-in")]
        struct PageView<T> {
            #[disclose(data = [page_url, referrer])]
            url: String,
            #[disclose(data = page_url)]
            canonical: String,
            #[disclose(nested)]
            device: T,
            #[disclose(skip = "used to pick the endpoint only")]
            region: u8,
            #[serde(skip)]
            cache: Vec<u8>,
            #[serde(rename = "x", skip_serializing)]
            debug: bool,
        }
    })
    .unwrap();
    let c = t.container.as_ref().unwrap();
    assert_eq!(c.provider.value, "analytics");
    assert_eq!(c.when[0].value, "logged-in");
    let data: Vec<_> = t.data().iter().map(|d| d.id.value.as_str()).collect();
    assert_eq!(data, ["page_url", "referrer"]);
    assert_eq!(t.nested().count(), 1);
    let skipped: Vec<_> = t
        .fields
        .iter()
        .filter_map(|f| match &f.disclosure {
            FieldDisclosure::Skip(reason) => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "used to pick the endpoint only",
            NOT_SERIALISED,
            NOT_SERIALISED
        ]
    );
}

#[test]
fn a_field_not_accounted_for_is_an_error_naming_it_with_both_fixes() {
    let errors = derive(quote! {
        #[disclose(provider = "a", purpose = b)]
        struct SignUp { #[disclose(data = user_id)] id: u64, email: String }
    })
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("field `email` of `SignUp` is not accounted for"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("#[disclose(data = ") && errors[0].contains("skip = "),
        "{errors:?}"
    );
}

#[test]
fn enum_variant_fields_and_tuple_fields_are_named() {
    let errors = derive(quote! {
        #[disclose(provider = "a", purpose = b)]
        enum Event { Click(#[disclose(data = usage_history)] u32, String), Quit }
    })
    .unwrap_err();
    assert!(
        errors[0].starts_with("field `1` of variant `Event::Click`"),
        "{errors:?}"
    );
}

#[test]
fn field_attribute_mistakes_are_errors() {
    let errors = derive(quote! {
        struct E {
            #[disclose(skip)] a: u8,
            #[disclose(data = x, skip = "no")] b: u8,
            #[disclose(nested = yes)] c: u8,
            #[disclose(dta = x)] d: u8,
        }
    })
    .unwrap_err();
    let all = errors.join("\n");
    assert!(all.contains("`skip` needs a reason"), "{all}");
    assert!(
        all.contains("`skip` cannot be combined with `data`"),
        "{all}"
    );
    assert!(all.contains("`nested` takes no value"), "{all}");
    assert!(
        all.contains("unknown key `dta`") && all.contains("did you mean `data`?"),
        "{all}"
    );
}

#[test]
fn container_needs_provider_and_purpose_and_a_union_is_refused() {
    let errors = derive(quote! { #[disclose(when = "x")] struct E; }).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("missing `provider`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("missing `purpose`")),
        "{errors:?}"
    );
    let errors = derive(quote! { union U { a: u8 } }).unwrap_err();
    assert!(
        errors[0].starts_with("Disclose cannot be derived for a union"),
        "{errors:?}"
    );
}

#[test]
fn recognises_the_derive() {
    let item: syn::ItemStruct = syn::parse2(quote! {
        #[derive(Debug, disclosure::Disclose)] struct S;
    })
    .unwrap();
    assert!(derives_disclose(&item.attrs));
    let item: syn::ItemStruct = syn::parse2(quote! { #[derive(Debug)] struct S; }).unwrap();
    assert!(!derives_disclose(&item.attrs));
}

#[test]
fn conditions_qualifiers_opt_out_and_origin_parse() {
    let a = parse(quote!(
        provider = "x",
        data = [email_address(hashed), ip_address],
        purpose = analytics,
        when = ["logged-in", "ads-consented"],
        opt_out = "usage-setting",
        origin = server
    ))
    .unwrap();
    let when: Vec<_> = a
        .transmission
        .when
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(when, ["logged-in", "ads-consented"]);
    assert_eq!(a.data[0].qualifiers[0].value, Qualifier::Hashed);
    assert!(a.data[1].qualifiers.is_empty());
    assert_eq!(
        a.transmission.opt_out.as_ref().unwrap().value,
        "usage-setting"
    );
    assert_eq!(
        a.transmission.origin.as_ref().unwrap().value,
        crate::foundation::vocab::Origin::Server
    );
}

#[test]
fn qualifier_mistakes_are_errors_at_the_qualifier() {
    let m = messages(quote!(
        provider = "x",
        data = [email_address(hashd)],
        purpose = a
    ));
    assert!(m[0].starts_with("unknown qualifier `hashd`"), "{m:?}");
    assert!(m[0].contains("did you mean `hashed`?"), "{m:?}");
    let m = messages(quote!(
        provider = "x",
        data = [email_address()],
        purpose = a
    ));
    assert!(m[0].starts_with("empty qualifier list"), "{m:?}");
    let m = messages(quote!(
        provider = "x",
        data = a,
        purpose = [analytics(hashed)]
    ));
    assert!(m[0].starts_with("`purpose` takes no qualifiers"), "{m:?}");
    let m = messages(quote!(
        provider = "x",
        data = a,
        purpose = b,
        when = [logged_in]
    ));
    assert!(m[0].starts_with("`when` lists strings"), "{m:?}");
}

#[test]
fn a_field_condition_applies_to_its_items_and_needs_data() {
    let t = derive(quote! {
        #[disclose(provider = "a", purpose = b)]
        struct E {
            #[disclose(data = [email_address(hashed)], when = "logged-in")] email: String,
            #[disclose(data = email_address)] plain: String,
        }
    })
    .unwrap();
    let data = t.data();
    assert_eq!(
        data.len(),
        2,
        "the qualified, conditional item and the plain one differ"
    );
    assert_eq!(data[0].when[0].value, "logged-in");
    assert_eq!(data[0].qualifiers[0].value, Qualifier::Hashed);
    let errors = derive(quote! {
        struct E { #[disclose(nested, when = "x")] a: u8 }
    })
    .unwrap_err();
    assert!(errors[0].contains("`when` on a field"), "{errors:?}");
}
