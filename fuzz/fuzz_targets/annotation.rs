//! The annotation parser (function attribute and derive) over arbitrary tokens.
#![no_main]

use std::str::FromStr;

use disclosure_core::annotation::{Annotation, TypeDisclosure};
use libfuzzer_sys::fuzz_target;
use proc_macro2::{Span, TokenStream};

fuzz_target!(|data: &[u8]| {
    // The macro's tokens come from rustc, already parsed; the scanner refuses deep text and
    // parses on a large stack. Here, on libFuzzer's thread, keep the nesting small.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text
        .bytes()
        .filter(|b| matches!(b, b'(' | b'[' | b'{'))
        .count()
        > 64
    {
        return;
    }
    if let Ok(tokens) = TokenStream::from_str(text) {
        let _ = Annotation::parse(tokens, Span::call_site());
    }
    if let Ok(input) = syn::parse_str::<syn::DeriveInput>(text) {
        let _ = TypeDisclosure::parse(&input);
    }
});
