//! Android: a Gradle version catalogue (`gradle/libs.versions.toml`: its libraries) and a Gradle
//! lockfile (`gradle.lockfile`, `gradle/dependency-locks/*.lockfile`: what is not only for tests).

use std::path::Path;

use super::packages::{self, file_name};
use super::{Context, Discovered, Discoverer, FileScan};
use crate::declaration::SightingKind;

/// An Android package the app ships.
pub const PACKAGE: SightingKind = packages::kind("android-package", "Android package");

/// The Gradle package lists.
pub(super) struct Android;

impl Discoverer for Android {
    fn id(&self) -> &'static str {
        "android"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[PACKAGE]
    }

    fn reads(&self, path: &Path) -> bool {
        catalogue(path) || lockfile(path)
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        let names = if catalogue(file.shown) {
            version_catalogue(file.text)
        } else {
            Ok(gradle_lock(file.text))
        };
        packages::report(names, "android", PACKAGE, file, cx, out);
    }
}

fn catalogue(path: &Path) -> bool {
    file_name(path).ends_with(".versions.toml")
}

fn lockfile(path: &Path) -> bool {
    let name = file_name(path);
    name == "gradle.lockfile"
        || name.ends_with(".lockfile")
            && path
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|d| d == "dependency-locks")
}

fn version_catalogue(text: &str) -> Result<Vec<String>, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    Ok(doc
        .get("libraries")
        .and_then(|l| l.as_table())
        .map(|libraries| {
            libraries
                .values()
                .filter_map(|lib| match lib {
                    // `name = "group:artifact:version"`
                    toml::Value::String(s) => Some(coordinate(s)),
                    toml::Value::Table(t) => match (t.get("module"), t.get("group"), t.get("name")) {
                        (Some(toml::Value::String(m)), _, _) => Some(m.clone()),
                        (_, Some(toml::Value::String(g)), Some(toml::Value::String(n))) => {
                            Some(format!("{g}:{n}"))
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default())
}

fn gradle_lock(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("empty="))
        .filter(|l| {
            // `group:artifact:version=configurations`: test configurations do not ship.
            l.split_once('=').is_none_or(|(_, configs)| {
                configs.split(',').any(|c| !c.trim().starts_with("test"))
            })
        })
        .map(|l| coordinate(l.split('=').next().unwrap_or(l)))
        .collect()
}

/// `group:artifact` of a Maven coordinate (`group:artifact:version`).
fn coordinate(text: &str) -> String {
    let mut parts = text.trim().splitn(3, ':');
    match (parts.next(), parts.next()) {
        (Some(g), Some(a)) => format!("{g}:{a}"),
        _ => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_give_the_packages_that_ship() {
        let catalog = "[libraries]\nsentry = { module = \"io.sentry:sentry-android\", version = \"7\" }\nfb = { group = \"com.google.firebase\", name = \"firebase-analytics\" }\nx = \"com.example:x:1\"\n";
        assert_eq!(
            version_catalogue(catalog).unwrap(),
            [
                "com.google.firebase:firebase-analytics",
                "io.sentry:sentry-android",
                "com.example:x"
            ]
        );
        let gradle = "# comment\nio.sentry:sentry-android:7.0.0=releaseRuntimeClasspath\njunit:junit:4.13=testRuntimeClasspath\nempty=\n";
        assert_eq!(gradle_lock(gradle), ["io.sentry:sentry-android"]);
    }
}
