//! npm: `package.json` (its `dependencies` and `optionalDependencies`) and `package-lock.json`
//! (its packages that are not `dev`).

use std::path::Path;

use super::packages::{self, file_name};
use super::{Context, Discovered, Discoverer, FileScan};
use crate::declaration::SightingKind;

/// An npm package the app ships.
pub const PACKAGE: SightingKind = packages::kind("npm-package", "npm package");

/// npm's package lists.
pub(super) struct Npm;

impl Discoverer for Npm {
    fn id(&self) -> &'static str {
        "npm"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[PACKAGE]
    }

    fn reads(&self, path: &Path) -> bool {
        matches!(file_name(path), "package.json" | "package-lock.json")
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        let names = if file_name(file.shown) == "package.json" {
            package_json(file.text)
        } else {
            package_lock(file.text)
        };
        packages::report(names, "npm", PACKAGE, file, cx, out);
    }
}

fn package_json(text: &str) -> Result<Vec<String>, String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(["dependencies", "optionalDependencies"]
        .iter()
        .filter_map(|k| doc.get(k).and_then(|d| d.as_object()))
        .flat_map(|d| d.keys().cloned())
        .collect())
}

fn package_lock(text: &str) -> Result<Vec<String>, String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let not_dev = |v: &serde_json::Value| !v.get("dev").and_then(|d| d.as_bool()).unwrap_or(false);
    Ok(match doc.get("packages").and_then(|p| p.as_object()) {
        // Lockfile v2 and v3: "node_modules/@scope/name" (nested under other packages too).
        Some(packages) => packages
            .iter()
            .filter(|(k, v)| !k.is_empty() && not_dev(v))
            .filter_map(|(k, _)| k.rsplit_once("node_modules/").map(|(_, n)| n.to_string()))
            .collect(),
        // Lockfile v1: "dependencies": {"name": {...}}.
        None => doc
            .get("dependencies")
            .and_then(|d| d.as_object())
            .map(|d| {
                d.iter()
                    .filter(|(_, v)| not_dev(v))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_give_the_packages_that_ship() {
        let json = r#"{"dependencies": {"@sentry/browser": "^8"}, "devDependencies": {"@sentry/cli": "2"}}"#;
        assert_eq!(package_json(json).unwrap(), ["@sentry/browser"]);
        let lock = r#"{"lockfileVersion": 3, "packages": {"": {}, "node_modules/posthog-js": {}, "node_modules/vite": {"dev": true}}}"#;
        assert_eq!(package_lock(lock).unwrap(), ["posthog-js"]);
        assert!(package_json("{").is_err());
    }
}
