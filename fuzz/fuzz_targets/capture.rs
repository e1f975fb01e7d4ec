//! The capture readers (HAR and the recorder's JSON lines) and the key and URL readers behind
//! `verify`, over arbitrary bytes: never a panic, and no query value in the evidence.
#![no_main]

use std::path::Path;

use disclosure_core::check::verify::capture;
use disclosure_core::check::verify::request_keys;
use disclosure_core::check::verify::request_url::RequestUrl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let id = if first % 2 == 0 { "har" } else { "recorder" };
    let format = capture::reader(id).expect("a capture format");
    let _ = capture::read_from(format, Path::new("fuzz.capture"), rest, &mut |request| {
        let Some(url) = RequestUrl::parse(&request.url) else {
            return;
        };
        let redacted = url.redacted();
        // Evidence keeps keys, never values: each part of the shown query is `key=…` or `…`.
        let host = if url.host.contains(':') { format!("[{}]", url.host) } else { url.host.clone() };
        let start = format!("{}://{host}{}", url.scheme, url.path);
        let shown = redacted.strip_prefix(&start).expect("scheme, host and path come first");
        if let Some(query) = shown.strip_prefix('?') {
            for part in query.split('&') {
                assert!(part == "…" || part.ends_with("=…"), "{redacted}");
            }
        } else {
            assert!(shown.is_empty(), "{redacted}");
        }
        let _ = request_keys::keys(&url, &request);
    });
});
