//! The catalogue parser over arbitrary text: an error, never a panic.
#![no_main]

use std::path::Path;

use disclosure_core::catalogue::Catalogue;
use disclosure_core::foundation::ids::IdKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok((catalogue, _)) = Catalogue::parse(Path::new("disclosure.toml"), text.to_string())
        {
            // Every lookup the scanner and model make must hold up too.
            for kind in [
                IdKind::Provider,
                IdKind::DataItem,
                IdKind::Purpose,
                IdKind::Condition,
            ] {
                let _ = catalogue.check_id(kind, "ip_adress");
            }
        }
    }
});
