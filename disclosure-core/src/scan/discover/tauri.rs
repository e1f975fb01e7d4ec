//! A Tauri app's configuration: the hosts its Content-Security-Policy allows
//! (`tauri.conf.json`, `tauri.<platform>.conf.json`) and its capabilities' permissions
//! (`capabilities/*.json`, `*.toml`).

use std::path::Path;

use super::{Context, Discovered, Discoverer, FileScan};
use crate::declaration::{Covering, Sighting, SightingContext, SightingKind};
use crate::foundation::diagnostic::Location;

/// A host a Tauri capability permits.
pub const CAPABILITY: SightingKind = SightingKind {
    id: "tauri-capability",
    description: "Tauri capability",
    covered_by: Covering::File,
};

/// Tauri's configuration and capabilities.
pub(super) struct Tauri;

impl Discoverer for Tauri {
    fn id(&self) -> &'static str {
        "tauri"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[super::web::CSP, CAPABILITY]
    }

    fn reads(&self, path: &Path) -> bool {
        config(path) || capability(path)
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        if !cx.hosts.may_match(file.text.as_bytes()) {
            return;
        }
        let kind = if config(file.shown) {
            super::web::CSP
        } else {
            CAPABILITY
        };
        for hit in cx.hosts.hosts(file.text) {
            out.found.push(Sighting {
                kind,
                what: hit.host,
                providers: hit.providers,
                at: Location::of_span(file.shown, file.text, hit.start..hit.end),
                package: file.package.to_string(),
                context: SightingContext::Other,
            });
        }
    }
}

/// `tauri.conf.json` or `tauri.<platform>.conf.json`.
fn config(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name == "tauri.conf.json" || (name.starts_with("tauri.") && name.ends_with(".conf.json"))
}

/// A JSON or TOML file in a `capabilities` directory.
fn capability(path: &Path) -> bool {
    let in_capabilities = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|d| d == "capabilities");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    in_capabilities && matches!(ext.as_str(), "json" | "toml")
}
