//! An app's package lists: npm (`package.json`, `package-lock.json`), iOS (`Podfile.lock`,
//! SwiftPM's `Package.resolved`) and Android (a Gradle version catalogue, `gradle.lockfile`). A
//! package the catalogue names (`[provider.packages]`) is a place the app sends from. Development
//! dependencies are left out: they do not ship.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Discovered, FileScan};
use crate::catalogue::{Catalogue, builtin};
use crate::declaration::{Found, FoundContext, FoundKind};
use crate::foundation::diagnostic::{Code, Diagnostic, Location};

/// A package list discovery reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Manifest {
    /// `package.json`: `dependencies` and `optionalDependencies`.
    PackageJson,
    /// `package-lock.json`: its packages that are not `dev`.
    PackageLock,
    /// CocoaPods' `Podfile.lock`: its `PODS`.
    PodfileLock,
    /// SwiftPM's `Package.resolved`: its pins.
    PackageResolved,
    /// A Gradle version catalogue (`gradle/libs.versions.toml`): its libraries.
    GradleCatalog,
    /// A Gradle lockfile (`gradle.lockfile`, `gradle/dependency-locks/*.lockfile`).
    GradleLock,
}

impl Manifest {
    /// The package list at `path`, if it is one.
    pub fn of(path: &Path) -> Option<Manifest> {
        let name = path.file_name()?.to_str()?;
        Some(match name {
            "package.json" => Manifest::PackageJson,
            "package-lock.json" => Manifest::PackageLock,
            "Podfile.lock" => Manifest::PodfileLock,
            "Package.resolved" => Manifest::PackageResolved,
            "gradle.lockfile" => Manifest::GradleLock,
            _ if name.ends_with(".versions.toml") => Manifest::GradleCatalog,
            _ if name.ends_with(".lockfile")
                && path
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|d| d == "dependency-locks") =>
            {
                Manifest::GradleLock
            }
            _ => return None,
        })
    }

    fn kind(self) -> FoundKind {
        match self {
            Manifest::PackageJson | Manifest::PackageLock => FoundKind::Npm,
            Manifest::PodfileLock | Manifest::PackageResolved => FoundKind::Ios,
            Manifest::GradleCatalog | Manifest::GradleLock => FoundKind::Android,
        }
    }
}

/// Reads one package list into `out`.
pub fn scan(manifest: Manifest, file: &FileScan<'_>, catalogue: &Catalogue, out: &mut Discovered) {
    let names = match packages(manifest, file.text) {
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
    let kind = manifest.kind();
    let index = index(catalogue, kind);
    for name in names {
        let Some(providers) = index.get(&package_key(&name)) else {
            continue;
        };
        let offset = file.text.find(&name).unwrap_or(0);
        out.found.push(Found {
            kind,
            what: name.clone(),
            providers: providers.clone(),
            at: Location::of_span(file.shown, file.text, offset..offset + name.len()),
            package: file.package.to_string(),
            context: FoundContext::Other,
        });
    }
}

/// Package name (lower case) → the providers that name it, for one kind of package.
fn index(catalogue: &Catalogue, kind: FoundKind) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let declared = catalogue.providers.iter();
    let built_in = builtin::providers()
        .iter()
        .filter(|b| !catalogue.providers.iter().any(|p| p.id == b.id));
    for p in declared.chain(built_in) {
        let names = p.facts.packages().map_or(&[][..], |packages| {
            packages.of(match kind {
                FoundKind::Npm => "npm",
                FoundKind::Ios => "ios",
                _ => "android",
            })
        });
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

/// The package names (as written) a package list ships, in order, each once.
fn packages(manifest: Manifest, text: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = match manifest {
        Manifest::PackageJson => {
            let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            ["dependencies", "optionalDependencies"]
                .iter()
                .filter_map(|k| doc.get(k).and_then(|d| d.as_object()))
                .flat_map(|d| d.keys().cloned())
                .collect()
        }
        Manifest::PackageLock => {
            let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let not_dev =
                |v: &serde_json::Value| !v.get("dev").and_then(|d| d.as_bool()).unwrap_or(false);
            match doc.get("packages").and_then(|p| p.as_object()) {
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
            }
        }
        Manifest::PodfileLock => podfile_pods(text),
        Manifest::PackageResolved => {
            let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let pins = doc
                .get("pins")
                .or_else(|| doc.get("object").and_then(|o| o.get("pins")))
                .and_then(|p| p.as_array())
                .cloned()
                .unwrap_or_default();
            pins.iter()
                .flat_map(|pin| {
                    ["identity", "package", "location", "repositoryURL"]
                        .iter()
                        .filter_map(|k| pin.get(k).and_then(|v| v.as_str()).map(str::to_string))
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        Manifest::GradleCatalog => {
            let doc: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
            doc.get("libraries")
                .and_then(|l| l.as_table())
                .map(|libraries| {
                    libraries
                        .values()
                        .filter_map(|lib| match lib {
                            // `name = "group:artifact:version"`
                            toml::Value::String(s) => Some(coordinate(s)),
                            toml::Value::Table(t) => {
                                match (t.get("module"), t.get("group"), t.get("name")) {
                                    (Some(toml::Value::String(m)), _, _) => Some(m.clone()),
                                    (
                                        _,
                                        Some(toml::Value::String(g)),
                                        Some(toml::Value::String(n)),
                                    ) => Some(format!("{g}:{n}")),
                                    _ => None,
                                }
                            }
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        Manifest::GradleLock => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("empty="))
            .filter(|l| {
                // `group:artifact:version=configurations`: test configurations do not ship.
                l.split_once('=').is_none_or(|(_, configs)| {
                    configs.split(',').any(|c| !c.trim().starts_with("test"))
                })
            })
            .map(|l| coordinate(l.split('=').next().unwrap_or(l)))
            .collect(),
    };
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    Ok(names)
}

/// `group:artifact` of a Maven coordinate (`group:artifact:version`).
fn coordinate(text: &str) -> String {
    let mut parts = text.trim().splitn(3, ':');
    match (parts.next(), parts.next()) {
        (Some(g), Some(a)) => format!("{g}:{a}"),
        _ => text.trim().to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_gives_the_packages_it_ships() {
        let json = r#"{"dependencies": {"@sentry/browser": "^8"}, "devDependencies": {"@sentry/cli": "2"}}"#;
        assert_eq!(
            packages(Manifest::PackageJson, json).unwrap(),
            ["@sentry/browser"]
        );
        let lock = r#"{"lockfileVersion": 3, "packages": {"": {}, "node_modules/posthog-js": {}, "node_modules/vite": {"dev": true}}}"#;
        assert_eq!(
            packages(Manifest::PackageLock, lock).unwrap(),
            ["posthog-js"]
        );
        let pods = "PODS:\n  - Firebase/Analytics (10.0.0):\n    - FirebaseAnalytics (~> 10.0.0)\n  - Sentry (8.0.0)\n\nDEPENDENCIES:\n  - Other (1)\n";
        assert_eq!(
            podfile_pods(pods),
            ["Firebase", "Firebase/Analytics", "Sentry"]
        );
        let resolved = r#"{"pins": [{"identity": "sentry-cocoa", "location": "https://github.com/getsentry/sentry-cocoa.git"}], "version": 2}"#;
        assert_eq!(
            packages(Manifest::PackageResolved, resolved).unwrap(),
            [
                "sentry-cocoa",
                "https://github.com/getsentry/sentry-cocoa.git"
            ]
        );
        let catalog = "[libraries]\nsentry = { module = \"io.sentry:sentry-android\", version = \"7\" }\nfb = { group = \"com.google.firebase\", name = \"firebase-analytics\" }\nx = \"com.example:x:1\"\n";
        assert_eq!(
            packages(Manifest::GradleCatalog, catalog).unwrap(),
            [
                "com.google.firebase:firebase-analytics",
                "io.sentry:sentry-android",
                "com.example:x"
            ]
        );
        let gradle = "# comment\nio.sentry:sentry-android:7.0.0=releaseRuntimeClasspath\njunit:junit:4.13=testRuntimeClasspath\nempty=\n";
        assert_eq!(
            packages(Manifest::GradleLock, gradle).unwrap(),
            ["io.sentry:sentry-android"]
        );
        assert!(packages(Manifest::PackageJson, "{").is_err());
    }
}
