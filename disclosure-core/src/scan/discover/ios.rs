//! iOS: CocoaPods' `Podfile.lock` (its `PODS`) and SwiftPM's `Package.resolved` (its pins).

use std::path::Path;

use super::packages::{self, file_name};
use super::{Context, Discovered, Discoverer, FileScan};
use crate::declaration::SightingKind;

/// An iOS package the app ships.
pub const PACKAGE: SightingKind = packages::kind("ios-package", "iOS package");

/// The iOS package lists.
pub(super) struct Ios;

impl Discoverer for Ios {
    fn id(&self) -> &'static str {
        "ios"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[PACKAGE]
    }

    fn reads(&self, path: &Path) -> bool {
        matches!(file_name(path), "Podfile.lock" | "Package.resolved")
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        let names = if file_name(file.shown) == "Podfile.lock" {
            Ok(podfile_pods(file.text))
        } else {
            package_resolved(file.text)
        };
        packages::report(names, "ios", PACKAGE, file, cx, out);
    }
}

/// The pods of a `Podfile.lock`'s `PODS:` section: `  - FirebaseAnalytics (10.0.0):` and each
/// subspec's root (`Firebase/Analytics` → `Firebase/Analytics` and `Firebase`).
fn podfile_pods(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_pods = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_pods = line.trim_end() == "PODS:";
            continue;
        }
        if !in_pods || !line.starts_with("  - ") {
            continue;
        }
        let name = line[4..]
            .trim_matches('"')
            .split(" (")
            .next()
            .unwrap_or_default()
            .trim_end_matches(':')
            .trim_matches('"')
            .to_string();
        if let Some((root, _)) = name.split_once('/') {
            out.push(root.to_string());
        }
        out.push(name);
    }
    out
}

/// The pins of SwiftPM's `Package.resolved` (versions 1 to 3): identity and location.
fn package_resolved(text: &str) -> Result<Vec<String>, String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let pins = doc
        .get("pins")
        .or_else(|| doc.get("object").and_then(|o| o.get("pins")))
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    Ok(pins
        .iter()
        .flat_map(|pin| {
            ["identity", "package", "location", "repositoryURL"]
                .iter()
                .filter_map(|k| pin.get(k).and_then(|v| v.as_str()).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_give_the_packages_that_ship() {
        let pods = "PODS:\n  - Firebase/Analytics (10.0.0):\n    - FirebaseAnalytics (~> 10.0.0)\n  - Sentry (8.0.0)\n\nDEPENDENCIES:\n  - Other (1)\n";
        assert_eq!(
            podfile_pods(pods),
            ["Firebase", "Firebase/Analytics", "Sentry"]
        );
        let resolved = r#"{"pins": [{"identity": "sentry-cocoa", "location": "https://github.com/getsentry/sentry-cocoa.git"}], "version": 2}"#;
        assert_eq!(
            package_resolved(resolved).unwrap(),
            [
                "sentry-cocoa",
                "https://github.com/getsentry/sentry-cocoa.git"
            ]
        );
    }
}
