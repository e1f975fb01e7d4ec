//! Real `cargo build`s of small crates depending on this one: an undisclosed field stops the
//! build; editing `disclosure.toml` makes the next build check the annotations again; a library's
//! catalogue ships in its package, so a published library builds for its users; and a workspace
//! member with its own catalogue is checked against it by the macro and the scanner alike.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Builds the package in `dir` with its own target directory under this workspace's, so the
/// dependencies compile once for every test here.
fn cargo_build(dir: &Path) -> Output {
    let target = crate::common::root().join("target").join("fixture-builds");
    std::process::Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A package named `name` in `dir`, depending on this repository's `disclosure` by path, with
/// this workspace's lock file so no version is resolved anew.
fn write_manifest(dir: &Path, name: &str) {
    let root = crate::common::root();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [dependencies]\ndisclosure = {{ path = {:?} }}\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest: PathBuf = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

#[test]
fn an_undisclosed_field_in_the_door_example_does_not_build() {
    let dir = tempfile::tempdir().unwrap();
    let example = crate::common::root().join("examples/door");
    copy_dir(&example.join("src"), &dir.path().join("src"));
    fs::copy(
        example.join("disclosure.toml"),
        dir.path().join("disclosure.toml"),
    )
    .unwrap();
    write_manifest(dir.path(), "door-example");
    let out = cargo_build(dir.path());
    assert!(
        out.status.success(),
        "the copy builds as it is:\n{}",
        stderr(&out)
    );

    let analytics = dir.path().join("src/analytics.rs");
    let source = fs::read_to_string(&analytics).unwrap();
    let with_email = source.replacen(
        "    pub url: String,\n",
        "    pub url: String,\n    pub email: String,\n",
        1,
    );
    assert_ne!(source, with_email);
    fs::write(&analytics, with_email).unwrap();
    let out = cargo_build(dir.path());
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("field `email` of `PageView` is not accounted for in the disclosure"),
        "{err}"
    );
    assert!(err.contains("src/analytics.rs:28:9"), "{err}");
}

#[test]
fn editing_the_catalogue_rebuilds_and_checks_again() {
    let dir = tempfile::tempdir().unwrap();
    write_manifest(dir.path(), "rebuild-fixture");
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclosure::disclose(provider = \"house-metrics\", data = [page_url], purpose = [analytics])]\n\
         pub fn page_view() {}\n",
    )
    .unwrap();
    let catalogue = |provider: &str| {
        format!(
            "[operator]\nname = \"Example K.K.\"\n\n[[provider]]\nid = \"{provider}\"\nservice = \"GA\"\nentity = \"Google LLC\"\n"
        )
    };
    let toml = dir.path().join("disclosure.toml");
    fs::write(&toml, catalogue("house-metrics")).unwrap();
    let out = cargo_build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));

    // Only the catalogue changes: cargo must still recompile the crate, so the macro sees the
    // provider is gone.
    fs::write(&toml, catalogue("house-stats")).unwrap();
    let out = cargo_build(dir.path());
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "the build missed the catalogue change"
    );
    assert!(err.contains("unknown provider `house-metrics`"), "{err}");
    assert!(
        err.contains("declare it as a `[[provider]]` table in"),
        "{err}"
    );

    fs::write(&toml, catalogue("house-metrics")).unwrap();
    let out = cargo_build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let target = crate::common::root().join("target").join("fixture-builds");
    std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

/// The notice of the package at `manifest`, or its diagnostics.
fn notice_of(manifest: &Path) -> Result<disclosure_core::model::Notice, String> {
    disclosure_core::pipeline::notice(Some(manifest))
        .map(|(n, _)| n)
        .map_err(|e| e.to_string())
}

#[test]
fn a_packaged_library_builds_for_an_application_with_its_own_catalogue_inside() {
    let root = crate::common::root();
    // Packaged with the crates it depends on, which are not published yet: cargo resolves them
    // from the packages it makes alongside.
    let out = cargo(
        &root,
        &[
            "package",
            "-p",
            "disclosure-core",
            "-p",
            "disclosure-macros",
            "-p",
            "disclosure",
            "-p",
            "analytics-sdk",
            "--no-verify",
            "--allow-dirty",
            "--offline",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "cargo package: {}", stderr(&out));
    let crate_file = root.join("target/fixture-builds/package/analytics-sdk-0.1.0.crate");
    let dir = tempfile::tempdir().unwrap();
    let untar = std::process::Command::new("tar")
        .args(["-xzf"])
        .arg(&crate_file)
        .arg("-C")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(untar.status.success(), "{}", stderr(&untar));
    let packaged = dir.path().join("analytics-sdk-0.1.0");
    assert!(
        packaged.join("disclosure.toml").is_file(),
        "the library's catalogue ships inside its package"
    );
    // An application elsewhere, with a catalogue of its own and none above the library.
    let app = dir.path().join("app");
    fs::create_dir_all(app.join("src")).unwrap();
    fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [dependencies]\nanalytics-sdk = {{ path = {:?}, features = [\"telemetry\"] }}\ndisclosure = {{ path = {:?} }}\n\n\
             [patch.crates-io]\ndisclosure = {{ path = {:?} }}\n",
            packaged.display().to_string(),
            root.display().to_string(),
            root.display().to_string(),
        ),
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    fs::write(
        app.join("disclosure.toml"),
        "[operator]\nname = \"Example K.K.\"\n",
    )
    .unwrap();
    fs::write(
        app.join("src/main.rs"),
        "#[disclosure::disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics])]\n\
         fn page_view() {}\nfn main() { page_view(); analytics_sdk::record(&analytics_sdk::Event { name: \"started\" }); }\n",
    )
    .unwrap();
    let out = cargo(&app, &["build", "--offline", "--quiet"]);
    assert!(
        out.status.success(),
        "the application builds: {}",
        stderr(&out)
    );
    let notice = notice_of(&app.join("Cargo.toml")).unwrap();
    let mixpanel = notice
        .recipients
        .iter()
        .find(|r| r.id == "mixpanel")
        .unwrap();
    assert!(
        mixpanel.data_ids().contains(&"sdk_install_id"),
        "the packaged library's own catalogue names its data item"
    );
}

#[test]
fn a_member_with_its_own_catalogue_is_checked_against_it_by_macro_and_scanner() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let root = crate::common::root();
    let dep = format!("disclosure = {{ path = {:?} }}", root.display().to_string());
    fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\", \"telemetry\"]\nresolver = \"3\"\n",
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    fs::write(
        ws.join("disclosure.toml"),
        "[operator]\nname = \"Example K.K.\"\n",
    )
    .unwrap();
    let member = |name: &str, deps: &str, lib: bool, source: &str| {
        let d = ws.join(name);
        fs::create_dir_all(d.join("src")).unwrap();
        fs::write(
            d.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{dep}\n{deps}"),
        )
        .unwrap();
        fs::write(
            d.join(if lib { "src/lib.rs" } else { "src/main.rs" }),
            source,
        )
        .unwrap();
    };
    member(
        "telemetry",
        "",
        true,
        "#[disclosure::disclose(provider = \"acme-metrics\", data = [usage_history], purpose = [analytics])]\npub fn track() {}\n",
    );
    fs::write(
        ws.join("telemetry/disclosure.toml"),
        "[[provider]]\nid = \"acme-metrics\"\nservice = \"Acme Metrics\"\nentity = \"Acme Inc.\"\nrole = \"processor\"\n",
    )
    .unwrap();
    let app_source = |provider: &str| {
        format!(
            "#[disclosure::disclose(provider = \"{provider}\", data = [page_url], purpose = [analytics])]\n\
             fn page_view() {{}}\nfn main() {{ page_view(); telemetry::track(); }}\n"
        )
    };
    member(
        "app",
        "telemetry = { path = \"../telemetry\" }\n",
        false,
        &app_source("google-analytics"),
    );
    let out = cargo(ws, &["build", "--offline", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let notice = notice_of(&ws.join("app/Cargo.toml")).unwrap();
    let ids: Vec<&str> = notice.recipients.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["acme-metrics", "google-analytics"]);

    // The application's own catalogue does not declare the member's provider: the compiler and
    // the scanner refuse it alike, at the same place.
    fs::write(ws.join("app/src/main.rs"), app_source("acme-metrics")).unwrap();
    let out = cargo(ws, &["build", "--offline", "--quiet"]);
    assert!(!out.status.success());
    let compiler = stderr(&out);
    assert!(
        compiler.contains("unknown provider `acme-metrics` [D0206]"),
        "{compiler}"
    );
    assert!(compiler.contains("app/src/main.rs:1:35"), "{compiler}");
    let scanner = notice_of(&ws.join("app/Cargo.toml")).unwrap_err();
    assert!(
        scanner.contains("error[D0206]: unknown provider `acme-metrics`"),
        "{scanner}"
    );
    assert!(scanner.contains("app/src/main.rs:1:35"), "{scanner}");
}

#[test]
fn a_build_script_reports_a_typo_where_it_is_and_fails_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::common::root();
    fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"build-fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [dependencies]\ndisclosure = {{ path = {root:?} }}\n\n\
             [build-dependencies]\ndisclosure = {{ path = {root:?}, features = [\"build\"] }}\n",
            root = root.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    fs::write(
        dir.path().join("disclosure.toml"),
        "[operator]\nname = \"Example K.K.\"\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("build.rs"),
        "fn main() {\n    disclosure::build::run();\n}\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclosure::disclose(provider = \"google-analytics\", data = [ip_adress], purpose = [analytics])]\npub fn page_view() {}\n",
    )
    .unwrap();
    let out = cargo(dir.path(), &["build", "--offline", "--quiet"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("error[D0206]: unknown data item `ip_adress`"),
        "{err}"
    );
    assert!(err.contains("--> src/lib.rs:1:63"), "{err}");
    assert!(err.contains("did you mean `ip_address`?"), "{err}");

    // The typo fixed, the organisation denies the provider: the build fails as `check` does.
    fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclosure::disclose(provider = \"google-analytics\", data = [ip_address], purpose = [analytics])]\npub fn page_view() {}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("disclosure.toml"),
        "[operator]\nname = \"Example K.K.\"\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n\n[policy.providers]\ndeny = [\"google-analytics\"]\n",
    )
    .unwrap();
    let out = cargo(dir.path(), &["build", "--offline", "--quiet"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("`google-analytics` is a denied provider"),
        "{err}"
    );
}
