//! What the scanner reads, through the real binary: files reached through the module tree only,
//! `cfg` and `cfg_attr` in this build (features and `--target`), and a published notice that
//! carries no source position.

use std::fs;

use crate::common::*;

/// The declarations the reviewer view lists; none when the build declares no transmission (which
/// `review`, like every command that builds the notice, refuses with D0408).
fn recipients(fixture: &Fixture, args: &[&str]) -> Vec<String> {
    let mut all = vec!["review", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(fixture.path(), &all);
    if out.status.code() == Some(2) && stderr(&out).contains("error[D0408]") {
        return Vec::new();
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let review: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    review["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["declared"].as_array().unwrap().iter())
        .map(|d| {
            format!(
                "{} {}:{}",
                d["item"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect()
}

const PAGE_VIEW: &str = "#[disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics])]\npub fn page_view() {}\n";

#[test]
fn only_files_the_module_tree_reaches_are_read() {
    let fixture = Fixture::new(
        CATALOGUE,
        "mod telemetry;\n#[path = \"elsewhere/tracking.rs\"]\nmod tracking;\n#[cfg(feature = \"off\")]\nmod switched_off;\n",
    );
    let src = fixture.path().join("src");
    fs::create_dir_all(src.join("telemetry")).unwrap();
    fs::create_dir_all(src.join("elsewhere")).unwrap();
    fs::write(src.join("telemetry.rs"), format!("mod web;\n{PAGE_VIEW}")).unwrap();
    fs::write(src.join("telemetry/web.rs"), PAGE_VIEW).unwrap();
    fs::write(src.join("elsewhere/tracking.rs"), PAGE_VIEW).unwrap();
    fs::write(src.join("switched_off.rs"), PAGE_VIEW).unwrap();
    // Not declared by any module: not part of the crate, so not part of the notice.
    fs::write(src.join("orphan.rs"), PAGE_VIEW).unwrap();
    fs::write(src.join("broken_orphan.rs"), "this is { not rust").unwrap();
    assert_eq!(
        recipients(&fixture, &[]),
        [
            "tracking::page_view src/elsewhere/tracking.rs:1",
            "telemetry::web::page_view src/telemetry/web.rs:1",
            "telemetry::page_view src/telemetry.rs:2",
        ]
    );
}

#[test]
fn cfg_attr_is_applied_like_cfg() {
    let source = "#[cfg_attr(feature = \"analytics\", disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics]))]\npub fn page_view() {}\n";
    let fixture = Fixture::new(CATALOGUE, source);
    fs::write(
        fixture.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[features]\nanalytics = []\n\n[workspace]\n",
    )
    .unwrap();
    assert!(recipients(&fixture, &[]).is_empty());
    assert_eq!(
        recipients(&fixture, &["--features", "analytics"]),
        ["page_view src/lib.rs:1"]
    );
}

#[test]
fn target_cfgs_follow_the_target() {
    let source = format!(
        "#[cfg(target_os = \"ios\")]\nmod ios {{\n{PAGE_VIEW}}}\n#[cfg(windows)]\nmod windows {{\n{PAGE_VIEW}}}\n#[cfg(target_arch = \"wasm32\")]\nmod web {{\n{PAGE_VIEW}}}\n"
    );
    let fixture = Fixture::new(CATALOGUE, &source);
    let items = |target: &str| -> Vec<String> {
        recipients(&fixture, &["--target", target])
            .into_iter()
            .map(|r| r.split(' ').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(items("aarch64-apple-ios"), ["ios::page_view"]);
    assert_eq!(items("x86_64-pc-windows-msvc"), ["windows::page_view"]);
    assert_eq!(items("wasm32-unknown-unknown"), ["web::page_view"]);
    assert!(items("x86_64-unknown-linux-gnu").is_empty());
}

#[test]
fn moving_an_annotated_function_leaves_the_published_notice_as_it_is() {
    let catalogue = format!(
        "{CATALOGUE}\n[[output]]\npath = \"notice.json\"\nformat = \"json\"\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n"
    );
    let fixture = Fixture::new(&catalogue, SOURCE);
    assert!(run(fixture.path(), &["generate"]).status.success());
    let json = fs::read_to_string(fixture.path().join("notice.json")).unwrap();
    assert!(
        !json.contains("lib.rs") && !json.contains("\"line\""),
        "{json}"
    );
    fs::write(
        fixture.path().join("src/lib.rs"),
        format!("\n\n// A comment moves the function down.\n\n{SOURCE}"),
    )
    .unwrap();
    let out = run(fixture.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

#[test]
fn one_notice_covers_every_build_the_product_ships() {
    let catalogue = "[notice]\ncontact = \"privacy@example.com\"\nlast_updated = 2026-11-01\n\n[operator]\nname = \"Exemplar K.K.\"\nservices = [\"Example\"]\n";
    let source = "#[cfg(target_arch = \"wasm32\")]\nmod web;\n\n#[disclosure::disclose(provider = \"sentry\", data = [crash_log], purpose = [error_monitoring])]\npub fn native_crash() {}\n";
    let fixture = Fixture::new(catalogue, source);
    fs::write(
        fixture.path().join("src/web.rs"),
        "#[disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics])]\npub fn page_view() {}\n",
    )
    .unwrap();
    // One build (the host): the web version's annotation is named, never dropped silently.
    let out = run(fixture.path(), &["generate", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[D0310]: this item holds annotations, but no build the notice covers compiles it (host)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--> src/web.rs:1:1"),
        "{}",
        stderr(&out)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Google Analytics"));
    // Both builds declared: one notice, the web version's transmission labelled.
    fs::write(
        fixture.path().join("disclosure.toml"),
        format!("{catalogue}\n[[target]]\ntriple = \"x86_64-unknown-linux-gnu\"\nlabel = {{ ja = \"デスクトップ版\", en = \"the desktop version\" }}\n\n[[target]]\ntriple = \"wasm32-unknown-unknown\"\nlabel = {{ ja = \"ウェブ版\", en = \"the web version\" }}\n"),
    )
    .unwrap();
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("D0310"), "{}", stderr(&out));
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    let ga = md
        .split("### Google アナリティクス")
        .nth(1)
        .unwrap_or_default();
    assert!(ga.contains("**送信する製品**: ウェブ版"), "{md}");
    let sentry = md.split("### Sentry").nth(1).unwrap_or_default();
    assert!(
        !sentry.contains("送信する製品"),
        "every build sends the crash reports: {md}"
    );
    // A triple rustc does not know is an error at its place.
    fs::write(
        fixture.path().join("disclosure.toml"),
        format!("{catalogue}\n[[target]]\ntriple = \"nonsense\"\n"),
    )
    .unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--> disclosure.toml:10:10"),
        "{}",
        stderr(&out)
    );
}
