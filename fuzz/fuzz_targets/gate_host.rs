//! The host the run-time gate and `verify` read from a URL (`wire::url`), against the `url`
//! crate's own (the WHATWG URL standard a browser and an HTTP client follow): for every text the
//! standard reads as an absolute URL with a host, the gate reads the same host, so no spelling of
//! a provider's URL slips past an opt-out. A scheme-relative URL (`//host/…`) is read as https.
#![no_main]

use disclosure_core::wire::url::{Host, ParseError, Url, host_of};
use libfuzzer_sys::fuzz_target;

fn normalised(url: &Url) -> Option<String> {
    let host = match url.host()? {
        Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
        Host::Ipv4(a) => a.to_string(),
        Host::Ipv6(a) => a.to_string(),
    };
    (!host.is_empty()).then_some(host)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let gate = host_of(text);
    match Url::parse(text) {
        Ok(url) => assert_eq!(gate, normalised(&url), "{text:?}"),
        Err(ParseError::RelativeUrlWithoutBase) => {
            // Scheme-relative: as a browser on an https page reads it.
            let mut start = text.trim_start_matches(|c: char| c <= ' ').chars();
            let scheme_relative = matches!(
                (start.next(), start.next()),
                (Some('/' | '\\'), Some('/' | '\\'))
            );
            if scheme_relative && let Ok(url) = Url::parse(&format!("https:{}", text.trim_start_matches(|c: char| c <= ' '))) {
                assert_eq!(gate, normalised(&url), "{text:?}");
            }
        }
        Err(_) => {}
    }
});
