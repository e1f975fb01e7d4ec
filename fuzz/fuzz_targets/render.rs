//! Every renderer, in every language, over arbitrary notice models (mutated from real ones).
#![no_main]

use disclosure_core::foundation::localized::Lang;
use disclosure_core::model::Notice;
use disclosure_core::render::{self, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(notice) = serde_json::from_slice::<Notice>(data) else {
        return;
    };
    for format in Format::all() {
        for langs in [vec![Lang::Ja], vec![Lang::En], vec![Lang::Ja, Lang::En]] {
            for fragment in [false, true] {
                if fragment && !format.takes().fragment {
                    continue;
                }
                let options = Options {
                    langs: langs.clone(),
                    fragment,
                    ..Options::new(format, Lang::Ja)
                };
                // A missing text or an unsafe link is an error; anything else renders.
                let _ = render::render_with(&notice, &options);
            }
        }
    }
});
