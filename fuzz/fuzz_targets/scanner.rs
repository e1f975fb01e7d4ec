//! The scanner over arbitrary source text, against a fixed catalogue.
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use disclosure_core::catalogue::Catalogue;
use disclosure_core::scan::scan_text;
use libfuzzer_sys::fuzz_target;

const CATALOGUE: &str = r#"
[operator]
name = "Example K.K."

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."

[[condition]]
id = "logged-in"
label = "only when logged in"
"#;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE_ONCE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE_ONCE.get_or_init(|| {
        Catalogue::parse(Path::new("disclosure.toml"), CATALOGUE.into())
            .expect("the fixed catalogue is valid")
            .0
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let features = BTreeSet::from(["telemetry".to_string()]);
    if let Ok((declarations, _)) =
        scan_text(source, Path::new("src/lib.rs"), "fuzz", &features, catalogue())
    {
        let _ = disclosure_core::model::Notice::build(catalogue(), &declarations);
    }
});
