//! What every package-list source shares: the catalogue's package names of one ecosystem, and a
//! list's names turned into sightings. A package an app links ships in the whole app, so a
//! declaration anywhere in the app's directory (or a `[[transmission]]` for one of its files)
//! covers it. Development dependencies are left out by each source: they do not ship.

use std::collections::BTreeMap;

use super::{Context, Discovered, FileScan};
use crate::catalogue::{Catalogue, builtin};
use crate::declaration::{Covering, Sighting, SightingContext, SightingKind};
use crate::foundation::diagnostic::{Code, Diagnostic, Location};

/// The kind of a package of `ecosystem` (`npm`), described as `description`.
pub const fn kind(id: &'static str, description: &'static str) -> SightingKind {
    SightingKind {
        id,
        description,
        covered_by: Covering::App,
    }
}

/// Reports each package of `names` (read from `file`, a list of `ecosystem`'s packages) that the
/// catalogue names, as a sighting of `kind`; a list that could not be read is a warning.
pub fn report(
    names: Result<Vec<String>, String>,
    ecosystem: &str,
    kind: SightingKind,
    file: &FileScan<'_>,
    cx: &Context<'_>,
    out: &mut Discovered,
) {
    let names = match names {
        Ok(names) => names,
        Err(why) => {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::DiscoveryUnreadable,
                    format!("{} is not read for packages: {why}", file.shown.display()),
                )
                .at(Location::new(file.shown, 1, 1))
                .help("fix the file (its own tool reports the same), or leave it out with `[discovery] exclude`"),
            );
            return;
        }
    };
    let index = index(cx.catalogue, ecosystem);
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(providers) = index.get(&package_key(&name)) else {
            continue;
        };
        let offset = file.text.find(&name).unwrap_or(0);
        out.found.push(Sighting {
            kind,
            what: name.clone(),
            providers: providers.clone(),
            at: Location::of_span(file.shown, file.text, offset..offset + name.len()),
            package: file.package.to_string(),
            context: SightingContext::Other,
        });
    }
}

/// Package name (lower case) → the providers that name it, for one ecosystem.
fn index(catalogue: &Catalogue, ecosystem: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let declared = catalogue.providers.iter();
    let built_in = builtin::providers()
        .iter()
        .filter(|b| !catalogue.providers.iter().any(|p| p.id == b.id));
    for p in declared.chain(built_in) {
        let names = p
            .facts
            .packages()
            .map_or(&[][..], |packages| packages.of(ecosystem));
        for name in names {
            let ids = out.entry(package_key(name)).or_default();
            if !ids.contains(&p.id) {
                ids.push(p.id.clone());
            }
        }
    }
    out
}

/// How a catalogued package name is compared: lower case, a repository URL without `.git`.
fn package_key(name: &str) -> String {
    name.trim_end_matches(".git")
        .trim_end_matches('/')
        .to_ascii_lowercase()
}

/// The file name of `path`.
pub fn file_name(path: &std::path::Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}
