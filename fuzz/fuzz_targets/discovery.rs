//! Discovery over arbitrary text: markup, scripts, Tauri files and every kind of package list,
//! with comment annotations and hosts anywhere. Never a panic; every place found is inside the
//! text, on a line it has.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use disclosure_core::catalogue::Catalogue;
use disclosure_core::scan::discover::{self, Context, Discovered, FileScan};
use disclosure_core::scan::host_search::HostMatcher;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 11] = [
    "index.html",
    "page.html.j2",
    "app.js",
    "src-tauri/tauri.conf.json",
    "src-tauri/capabilities/default.json",
    "package.json",
    "package-lock.json",
    "Podfile.lock",
    "Package.resolved",
    "gradle/libs.versions.toml",
    "gradle.lockfile",
];

fn setup() -> &'static (Catalogue, HostMatcher) {
    static SETUP: OnceLock<(Catalogue, HostMatcher)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let catalogue = Catalogue::builtin_only();
        let matcher = HostMatcher::new(catalogue.claims());
        (catalogue, matcher)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = Path::new(NAMES[usize::from(first) % NAMES.len()]);
    let Some(discoverer) = discover::discoverer_of(name) else {
        return;
    };
    let (catalogue, matcher) = setup();
    let file = FileScan {
        text,
        shown: name,
        package: "fuzz",
    };
    let mut out = Discovered::default();
    let cx = Context {
        catalogue,
        hosts: matcher,
    };
    discoverer.scan(&file, &cx, &mut out);
    let lines = text.lines().count().max(1);
    for found in &out.found {
        assert!(found.at.line <= lines + 1, "{found:?} past the text's {lines} lines");
        assert!(!found.providers.is_empty());
    }
});
