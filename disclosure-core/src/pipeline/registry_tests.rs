//! Each registry, extended end to end. The unit tests register one entry of each kind the way a
//! new one is added (a file and one line in the list): an output format and a layout
//! (`render/format/registry_test.rs`, `templates/layouts/registry-test.j2`), a discovery source
//! (`scan/discover/registry_test.rs`), a capture format (`check/verify/capture/registry_test.rs`)
//! and a lint (`check/lints/registry_test.rs`). This test runs a real project through them: the
//! catalogue names the format and the layout, the scan reads the source's files, the check runs
//! the lint and the coverage, and `verify` reads the capture.

use std::path::Path;

use super::{CheckOptions, Project, check, render_all};
use crate::check::verify::{self, Options as VerifyOptions};
use crate::foundation::date::Date;
use crate::foundation::diagnostic::Code;

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_entry_of_each_registry_works_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "Cargo.toml",
        "[package]\nname = \"registry-fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    );
    write(
        dir,
        "disclosure.toml",
        r#"[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "registry-test"
service = "Registry Test"
entity = "Registry Test Inc."
country = "US"
role = "processor"
domains = ["reg.example.com"]

[[output]]
path = "out/lines.txt"
format = "registry-test"

[[output]]
path = "out/notice.md"
format = "markdown"
layout = "registry-test"
lang = "en"
"#,
    );
    write(
        dir,
        "src/lib.rs",
        "#[disclosure::disclose(provider = \"registry-test\", data = [page_url], purpose = [analytics])]\npub fn page_view() {}\n",
    );
    write(
        dir,
        "web/hosts.registry-test",
        "https://reg.example.com/collect\n",
    );
    write(
        dir,
        "capture.registry-test",
        "GET https://reg.example.com/collect?dl=x\n",
    );

    let (project, _) = Project::load(Some(&dir.join("Cargo.toml"))).unwrap();
    let outputs = project.declared_outputs().unwrap();
    let today = Date::parse("2026-12-07").unwrap();
    let (checked, warnings) = check(&project, &CheckOptions::new(today).coverage(true)).unwrap();

    // The lint ran in the check.
    assert!(
        warnings.iter().any(|d| d.code == Code::RegistryTest),
        "{warnings:#?}"
    );

    // The discovery source read its file: the host it lists is a place no declaration covers.
    let coverage = checked.coverage.as_ref().unwrap();
    let places: Vec<_> = coverage.uncovered.iter().flat_map(|u| &u.places).collect();
    assert!(
        places.iter().any(
            |p| p.kind.id == "registry-test-host" && p.at.file.ends_with("hosts.registry-test")
        ),
        "{places:#?}"
    );

    // The format and the layout, named in `[[output]]`, render.
    let (rendered, _) = render_all(&checked.notice, &outputs).unwrap();
    let text = |name: &str| {
        rendered
            .iter()
            .find(|(o, _)| o.path.ends_with(name))
            .map(|(_, t)| t.clone())
            .unwrap()
    };
    assert_eq!(text("lines.txt"), "registry-test: page_url\n");
    assert!(
        text("notice.md").contains("| Registry Test | URL of the page viewed |"),
        "{}",
        text("notice.md")
    );

    // The capture format is read by `verify`.
    let verification = verify::verify(
        &project.catalogue,
        &checked.notice,
        &project.declarations,
        &[dir.join("capture.registry-test")],
        &VerifyOptions::default(),
    )
    .unwrap();
    assert_eq!(verification.observed["registry-test"].requests, 1);
}
