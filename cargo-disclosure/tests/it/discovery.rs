//! Discovery through the real binary: each kind of place a transmission lives (an endpoint in Rust
//! code, a template's tag, a static script, a pixel in Trunk's `index.html`, a
//! Content-Security-Policy, a Tauri app's configuration, npm, iOS and Android packages) makes
//! `coverage` fail with the kind, the file and line and the provider; declaring it where it lives
//! makes `coverage` pass. One recipient is one finding, whatever the number of its places.

use std::fs;
use std::path::Path;

use crate::common::*;

/// A fixture with extra files (path, text).
fn fixture(source: &str, files: &[(&str, &str)]) -> Fixture {
    let fixture = Fixture::new(CATALOGUE, source);
    for (path, text) in files {
        write(fixture.path(), path, text);
    }
    fixture
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs `coverage`: (exit status, standard error).
fn coverage(fixture: &Fixture) -> (i32, String) {
    let out = run(fixture.path(), &["coverage"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

/// `coverage` fails, and its message says each of `expected`.
fn fails_with(fixture: &Fixture, expected: &[&str]) -> String {
    let (code, err) = coverage(fixture);
    assert_eq!(code, 1, "{err}");
    for e in expected {
        assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
    }
    err
}

fn passes(fixture: &Fixture) {
    let (code, err) = coverage(fixture);
    assert_eq!(code, 0, "{err}");
}

const SENTRY_CALL: &str = r#"
pub fn report(body: &str) -> String {
    format!("POST https://o1.ingest.sentry.io/api/1/store/ {body}")
}
"#;

#[test]
fn an_endpoint_in_rust_code_outside_any_annotation() {
    let source = format!("{SOURCE}{SENTRY_CALL}");
    let f = fixture(&source, &[]);
    fails_with(
        &f,
        &[
            "error[D0601]: `sentry` (Sentry, Functional Software, Inc. d/b/a Sentry) receives data through endpoint in Rust code `o1.ingest.sentry.io` (src/lib.rs:7), but nothing declares a transmission to it",
            "--> src/lib.rs:7:13",
        ],
    );
    // Annotated where it is sent: covered.
    let declared = source.replace(
        "pub fn report",
        "#[disclose(provider = \"sentry\", data = [error_log], purpose = [error_monitoring])]\npub fn report",
    );
    passes(&fixture(&declared, &[]));
}

#[test]
fn a_declared_recipient_sent_to_from_unannotated_code_is_an_uncovered_place() {
    let source = format!(
        "{SOURCE}{SENTRY_CALL}\n#[disclose(provider = \"sentry\", data = [error_log], purpose = [error_monitoring])]\npub fn crash() {{}}\n\n/// A name for the endpoint: not a transmission by itself.\npub const INGEST: &str = \"https://o1.ingest.sentry.io\";\n"
    );
    let err = fails_with(
        &fixture(&source, &[]),
        &[
            "error[D0603]: `sentry` is declared, but endpoint in Rust code `o1.ingest.sentry.io` (src/lib.rs:7) sends to it outside any declaration",
        ],
    );
    assert!(
        !err.contains("src/lib.rs:14"),
        "a constant is covered: {err}"
    );
}

#[test]
fn a_tag_in_a_macro_body_counts_as_rust_code() {
    let source = format!(
        "{SOURCE}\npub fn head() -> String {{\n    html! {{ <script src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script> }}\n}}\n"
    );
    fails_with(
        &fixture(&source, &[]),
        &[
            "error[D0603]: `google-analytics` is declared, but endpoint in Rust code `www.googletagmanager.com` (src/lib.rs:7)",
        ],
    );
}

const TAG: &str = r#"<!DOCTYPE html>
<html><head>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
</head><body><a href="https://www.google-analytics.com/about">not a transmission</a></body></html>
"#;

#[test]
fn a_tag_in_a_template_is_declared_by_a_comment_beside_it() {
    let f = fixture(SOURCE, &[("templates/base.html.j2", TAG)]);
    let err = fails_with(
        &f,
        &[
            "error[D0603]: `google-analytics` is declared, but script `www.googletagmanager.com` (templates/base.html.j2:3) sends to it outside any declaration",
        ],
    );
    assert!(
        err.contains("<!-- disclose(provider = \"google-analytics\""),
        "{err}"
    );
    let declared = TAG.replace(
        "<script async",
        "{# disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics]) #}\n<script async",
    );
    let f = fixture(SOURCE, &[("templates/base.html.j2", &declared)]);
    passes(&f);
    // The comment declares a transmission of the notice, like an annotation.
    let out = run(f.path(), &["review"]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("- `templates/base.html.j2` in `fixture` (templates/base.html.j2:3): [page_url] for [analytics]"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_static_script_and_trunks_index_html() {
    let script = "export function track(e) {\n  return fetch(\"https://api.segment.io/v1/t\", { method: \"POST\", body: e });\n}\n";
    let index = "<!DOCTYPE html>\n<html><body>\n<img height=\"1\" width=\"1\" src=\"https://www.facebook.com/tr?id=1&ev=PageView\">\n</body></html>\n";
    let f = fixture(
        SOURCE,
        &[("static/track.js", script), ("index.html", index)],
    );
    fails_with(
        &f,
        &[
            // Two providers share the host, and nothing in the URL tells them apart.
            "error[D0601]: `facebook-login` or `meta-pixel`",
            "receive data through pixel (img) `www.facebook.com` (index.html:3)",
            "error[D0601]: `segment`",
            "receives data through script `api.segment.io` (static/track.js:2)",
        ],
    );
    let script = script.replace(
        "export",
        "// disclose(provider = \"segment\", data = [usage_history], purpose = [analytics])\nexport",
    );
    let index = index.replace(
        "<img",
        "<!-- disclose(provider = \"meta-pixel\", data = [page_url], purpose = [ad_measurement]) -->\n<img",
    );
    passes(&fixture(
        SOURCE,
        &[("static/track.js", &script), ("index.html", &index)],
    ));
}

#[test]
fn content_security_policy_sources_in_markup_and_in_rust() {
    let page = "<html><head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; connect-src https://*.ingest.sentry.io\">\n</head></html>\n";
    let source = format!(
        "{SOURCE}\npub fn headers() -> (&'static str, &'static str) {{\n    (\"Content-Security-Policy\", \"script-src https://cdn.segment.com\")\n}}\n"
    );
    fails_with(
        &fixture(&source, &[("assets/index.html", page)]),
        &[
            "Content-Security-Policy source `*.ingest.sentry.io` (assets/index.html:2)",
            "endpoint in Rust code `cdn.segment.com` (src/lib.rs:7)",
        ],
    );
}

#[test]
fn a_tauri_apps_configuration_and_capabilities() {
    let conf = r#"{
  "app": { "security": { "csp": "default-src 'self'; connect-src https://eu.i.posthog.com" } }
}
"#;
    let capability = r#"{
  "identifier": "default",
  "permissions": [{ "identifier": "http:default", "allow": [{ "url": "https://api.mixpanel.com/*" }] }]
}
"#;
    let f = fixture(
        SOURCE,
        &[
            ("src-tauri/tauri.conf.json", conf),
            ("src-tauri/capabilities/default.json", capability),
        ],
    );
    fails_with(
        &f,
        &[
            "`mixpanel`",
            "Tauri capability `api.mixpanel.com` (src-tauri/capabilities/default.json:3)",
            "`posthog`",
            "Content-Security-Policy source `eu.i.posthog.com` (src-tauri/tauri.conf.json:2)",
        ],
    );
    // Declared in disclosure.toml, for the files that send.
    let catalogue = format!(
        "{CATALOGUE}\n[[transmission]]\nsource = \"src-tauri/tauri.conf.json\"\ndisclose = 'provider = \"posthog\", data = [usage_history], purpose = [analytics]'\n\n[[transmission]]\nsource = \"src-tauri/capabilities/default.json\"\ndisclose = 'provider = \"mixpanel\", data = [usage_history], purpose = [analytics]'\n"
    );
    fs::write(f.path().join("disclosure.toml"), catalogue).unwrap();
    passes(&f);
}

#[test]
fn an_apps_npm_ios_and_android_packages() {
    let f = fixture(
        SOURCE,
        &[
            (
                "web/package.json",
                "{\n  \"name\": \"web\",\n  \"dependencies\": {\n    \"posthog-js\": \"^1\"\n  },\n  \"devDependencies\": { \"@sentry/browser\": \"8\" }\n}\n",
            ),
            (
                "web/package-lock.json",
                "{\"lockfileVersion\": 3, \"packages\": {\"\": {}, \"node_modules/posthog-js\": {}, \"node_modules/@sentry/browser\": {\"dev\": true}}}\n",
            ),
            (
                "ios/Podfile.lock",
                "PODS:\n  - FirebaseAnalytics (10.0.0)\n\nCOCOAPODS: 1.15.2\n",
            ),
            (
                "android/gradle/libs.versions.toml",
                "[versions]\nsentry = \"7.0.0\"\n\n[libraries]\nsentry = { module = \"io.sentry:sentry-android\", version.ref = \"sentry\" }\n",
            ),
        ],
    );
    let err = fails_with(
        &f,
        &[
            "`posthog`",
            "npm package `posthog-js` (web/package.json:4)",
            "iOS package `FirebaseAnalytics` (ios/Podfile.lock:2)",
            "Android package `io.sentry:sentry-android` (android/gradle/libs.versions.toml:5)",
            "source = \"web/package.json\"",
        ],
    );
    assert!(
        !err.contains("npm package `@sentry/browser`"),
        "a dev dependency does not ship: {err}"
    );
    let catalogue = format!(
        "{CATALOGUE}\n[[transmission]]\nsource = \"web/package.json\"\ndisclose = 'provider = \"posthog\", data = [usage_history], purpose = [analytics]'\n\n[[transmission]]\nsource = \"ios/Podfile.lock\"\ndisclose = 'provider = \"firebase-analytics\", data = [device_id], purpose = [analytics]'\n\n[[transmission]]\nsource = \"android/gradle/libs.versions.toml\"\ndisclose = 'provider = \"sentry\", data = [crash_log], purpose = [error_monitoring]'\n"
    );
    fs::write(f.path().join("disclosure.toml"), catalogue).unwrap();
    passes(&f);
}

#[test]
fn one_recipient_is_one_finding_listing_every_place() {
    let f = fixture(
        &format!("{SOURCE}{SENTRY_CALL}"),
        &[
            (
                "web/package.json",
                "{\"dependencies\": {\"@sentry/browser\": \"8\"}}\n",
            ),
            (
                "web/index.html",
                "<script src=\"https://js.sentry-cdn.com/abc.min.js\"></script>\n",
            ),
            (
                "android/gradle.lockfile",
                "io.sentry:sentry-android:7.0.0=releaseRuntimeClasspath\n",
            ),
        ],
    );
    let err = fails_with(&f, &["coverage: 1 recipient undeclared"]);
    assert_eq!(err.matches("error[D0601]").count(), 1, "{err}");
    for place in [
        "Android package `io.sentry:sentry-android` (android/gradle.lockfile:1)",
        "endpoint in Rust code `o1.ingest.sentry.io` (src/lib.rs:7)",
        "npm package `@sentry/browser` (web/package.json:1)",
        "script `js.sentry-cdn.com` (web/index.html:1)",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_a_warning_and_the_scan_goes_on() {
    let f = fixture(
        &format!("{SOURCE}{SENTRY_CALL}"),
        &[("web/package.json", "{ not json")],
    );
    fs::write(f.path().join("templates/page.html"), b"<p>\xff</p>").unwrap_or_else(|_| {
        fs::create_dir_all(f.path().join("templates")).unwrap();
        fs::write(f.path().join("templates/page.html"), b"<p>\xff</p>").unwrap();
    });
    let err = fails_with(
        &f,
        &[
            "warning[D0604]: web/package.json is not read for packages",
            "warning[D0604]: templates/page.html is not read for transmissions: it is not UTF-8",
            "error[D0601]: `sentry`",
        ],
    );
    assert!(err.contains("--> web/package.json:1:1"), "{err}");
}

#[test]
fn a_comment_annotation_with_a_mistake_is_the_same_located_error_as_in_rust() {
    let page = "<html>\n<!-- disclose(provider = \"google-analytics\", data = [page_ur], purpose = [analytics]) -->\n</html>\n";
    let f = fixture(SOURCE, &[("templates/page.html", page)]);
    let out = run(f.path(), &["coverage"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error[D0206]: unknown data item `page_ur`"),
        "{err}"
    );
    assert!(err.contains("--> templates/page.html:2:54"), "{err}");
    assert!(err.contains("did you mean `page_url`?"), "{err}");

    let f = fixture(
        SOURCE,
        &[(
            "templates/page.html",
            "<!-- disclose(provider = \"x\", data = [a -->\n",
        )],
    );
    let out = run(f.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--> templates/page.html:1:6"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_transmission_whose_source_is_not_a_file_is_refused() {
    let catalogue = format!(
        "{CATALOGUE}\n[[transmission]]\nsource = \"ios/Podfile.lok\"\ndisclose = 'provider = \"sentry\", data = [crash_log], purpose = [error_monitoring]'\n"
    );
    let f = Fixture::new(&catalogue, SOURCE);
    let out = run(f.path(), &["generate"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error[D0120]: `source = \"ios/Podfile.lok\"` is not a file"),
        "{err}"
    );
    assert!(err.contains("--> disclosure.toml:15:10"), "{err}");
}

#[test]
fn an_error_in_a_transmissions_text_points_into_the_catalogue() {
    let catalogue = format!(
        "{CATALOGUE}\n[[transmission]]\nsource = \"src/lib.rs\"\ndisclose = 'provider = \"sentry\", data = [crash_lg], purpose = [error_monitoring]'\n"
    );
    let f = Fixture::new(&catalogue, SOURCE);
    let out = run(f.path(), &["generate"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error[D0206]: unknown data item `crash_lg`"),
        "{err}"
    );
    assert!(err.contains("--> disclosure.toml:16:42"), "{err}");
}

/// M7: a symbolic link to a page that loads a tag is not followed, and not passed over in
/// silence either.
#[test]
#[cfg(unix)]
fn a_linked_page_is_named_not_skipped_in_silence() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let outside = tempfile::tempdir().unwrap();
    let page = outside.path().join("index.html");
    std::fs::write(
        &page,
        "<script async src=\"https://static.hotjar.com/c/hotjar-1.js?sv=6\"></script>\n",
    )
    .unwrap();
    std::fs::create_dir_all(fixture.path().join("web")).unwrap();
    std::os::unix::fs::symlink(&page, fixture.path().join("web/index.html")).unwrap();
    let out = run(fixture.path(), &["coverage"]);
    let err = stderr(&out);
    assert!(
        err.contains(
            "warning[D0604]: web/index.html is not read for transmissions: it is a symbolic link"
        ),
        "{err}"
    );
}
