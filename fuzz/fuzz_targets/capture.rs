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
        // Evidence keeps keys, never values: the scheme comes first, and each part of the shown
        // query is `key=…`, `…`, or the count of keys not shown. (The path, redacted and cut,
        // holds no `?`: a URL's path never does.)
        assert!(redacted.starts_with(&format!("{}://", url.scheme)), "{redacted}");
        if let Some((_, query)) = redacted.split_once('?') {
            for part in query.split('&') {
                assert!(
                    part == "…" || part.ends_with("=…") || (part.starts_with("…(") && part.ends_with(" more keys)")),
                    "{redacted}"
                );
            }
        }
        let _ = request_keys::keys(&url, &request);
    });
});
