//! A discovery source of the unit tests only: a `*.registry-test` file lists one host per line.
//! The registry's end-to-end test (`pipeline/registry_tests.rs`) adds it as any source is added:
//! this file and one line in `DISCOVERERS`.

use std::path::Path;

use super::{Context, Discovered, Discoverer, FileScan};
use crate::declaration::{Covering, Sighting, SightingContext, SightingKind};
use crate::foundation::diagnostic::Location;

/// A host listed in a `*.registry-test` file: a declaration for the file covers it.
pub const LISTED_HOST: SightingKind = SightingKind {
    id: "registry-test-host",
    description: "host listed in a registry-test file",
    covered_by: Covering::File,
};

pub(super) struct RegistryTest;

impl Discoverer for RegistryTest {
    fn id(&self) -> &'static str {
        "registry-test"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[LISTED_HOST]
    }

    fn reads(&self, path: &Path) -> bool {
        path.extension().is_some_and(|e| e == "registry-test")
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        for hit in cx.hosts.hosts(file.text) {
            out.found.push(Sighting {
                kind: LISTED_HOST,
                what: hit.host,
                providers: hit.providers,
                at: Location::of_span(file.shown, file.text, hit.start..hit.end),
                package: file.package.to_string(),
                context: SightingContext::Other,
            });
        }
    }
}
