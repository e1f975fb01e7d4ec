//! Diagnostics as data: every code documented (and every documented code real), JSON lines that
//! validate against the published schema on every subcommand, and `--deny` / `--allow`.

use std::collections::BTreeSet;
use std::fs;

use crate::common::*;
use disclosure_core::foundation::diagnostic::Code;

/// The codes `docs/diagnostics.md` documents (its `## Dxxxx` headings).
fn documented() -> BTreeSet<String> {
    let doc = fs::read_to_string(repo_root().join("docs/diagnostics.md")).unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| id.starts_with('D') && id.len() == 5)
        .map(String::from)
        .collect()
}

/// Every `Code::Variant` written in the project's sources.
fn used_in_source() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut stack = vec![
        repo_root().join("disclosure-core/src"),
        repo_root().join("cargo-disclosure/src"),
        repo_root().join("disclosure-macros/src"),
        repo_root().join("src"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("code.rs") {
                let text = fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("Code::") {
                    let name: String = text[i + 6..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    used.insert(name);
                }
            }
        }
    }
    used
}

#[test]
fn every_code_is_documented_used_and_every_documented_code_exists() {
    let ids: BTreeSet<String> = Code::ALL.iter().map(|c| c.id().to_string()).collect();
    let documented = documented();
    let undocumented: Vec<&String> = ids.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "not in docs/diagnostics.md: {undocumented:?}"
    );
    let unknown: Vec<&String> = documented.difference(&ids).collect();
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md documents codes that do not exist: {unknown:?}"
    );
    let used = used_in_source();
    let unused: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("{c:?}"))
        .filter(|name| !used.contains(name))
        .collect();
    assert!(unused.is_empty(), "codes no diagnostic uses: {unused:?}");
}

#[test]
fn explain_names_each_code() {
    let out = run(&repo_root(), &["explain", "D0206"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("D0206 (unknown-id): An id names nothing"),
        "{text}"
    );
    // The whole section, offline: run outside any project, the failing example is there.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(elsewhere.path(), &["explain", "D0206"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
    assert!(text.contains("```rust"), "{text}");
    let out = run(&repo_root(), &["explain", "unknown-id"]);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("D0206"));
    let out = run(&repo_root(), &["explain"]);
    let listing = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listing.lines().count(), Code::ALL.len());
    let out = run(&repo_root(), &["explain", "D9999"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Every line of standard error as JSON, each valid against the published schema.
fn json_lines(stderr: &str) -> Vec<serde_json::Value> {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("docs/schema/diagnostic.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    stderr
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{line}: {errors:?}");
            value
        })
        .collect()
}

#[test]
fn json_messages_on_every_subcommand_validate_against_the_schema() {
    let catalogue = format!(
        "{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n\n[policy.providers]\ndeny = [\"google-analytics\"]\nlevel = \"warn\"\n"
    );
    let source = format!(
        "{SOURCE}\n#[disclose(provider = \"sentry\", data = [crash_log], purpose = [error_monitoring])]\npub fn crash() {{}}\n"
    );
    let fixture = Fixture::new(&catalogue, &source);
    for (args, code) in [
        (vec!["generate"], "D0420"),
        (vec!["check"], "D0420"),
        (vec!["policy"], "D0502"),
        (vec!["coverage"], "D0602"),
    ] {
        let mut all = args.clone();
        all.extend(["--message-format", "json"]);
        let out = run(fixture.path(), &all);
        let lines = json_lines(&stderr(&out));
        assert!(
            lines.iter().any(|d| d["code"] == code),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // An error, too.
    let broken = Fixture::new(&CATALOGUE.replace("[operator]", "[operator"), SOURCE);
    let out = run(broken.path(), &["generate", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&stderr(&out));
    assert_eq!(lines[0]["code"], "D0101");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["location"]["file"], "disclosure.toml");
    assert_eq!(lines[0]["location"]["line"], 1);
}

#[test]
fn deny_makes_warnings_errors_and_allow_silences_them() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(fixture.path(), &["generate"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("warning[D0412]"));
    let out = run(fixture.path(), &["generate", "--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[D0412]"), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing is written");
    let out = run(
        fixture.path(),
        &["generate", "--deny", "notice-metadata-missing"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(fixture.path(), &["generate", "--deny", "D0402"]);
    assert!(out.status.success(), "another code is not denied");
    let out = run(fixture.path(), &["generate", "--allow", "D0412"]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains("D0412"), "{}", stderr(&out));
    // The specific code wins over the group, in either order (as rustc's `-D warnings -A lint`).
    for args in [
        ["--deny", "warnings", "--allow", "D0412"],
        ["--allow", "D0412", "--deny", "warnings"],
    ] {
        let mut all = vec!["generate"];
        all.extend(args);
        let out = run(fixture.path(), &all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("D0412"), "{}", stderr(&out));
    }
    // An error the rule requires is lowered only where the operator allows it.
    let without_use = Fixture::new(
        &CATALOGUE.replace(
            "recipient_use_url = \"https://policies.google.com/technologies/partner-sites\"\n",
            "",
        ),
        SOURCE,
    );
    let out = run(without_use.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[D0405]"), "{}", stderr(&out));
    let out = run(without_use.path(), &["generate", "--allow", "D0405"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(fixture.path(), &["generate", "--deny", "D9999"]);
    assert_eq!(out.status.code(), Some(2), "an unknown code is a bad flag");
}

#[test]
fn when_cargo_itself_fails_its_own_message_is_shown() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::write(
        fixture.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\nnot-a-crate-anywhere = { path = \"missing\" }\n",
    )
    .unwrap();
    let out = run(fixture.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error[D0301]: `cargo metadata` failed"),
        "{err}"
    );
    assert!(err.contains("cargo said:"), "{err}");
    assert!(err.contains("missing"), "cargo's own words: {err}");
    assert!(!err.contains("fix the manifest so that"), "{err}");
}

#[test]
fn generate_help_lists_every_format() {
    let out = run(&repo_root(), &["generate", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for format in [
        "markdown",
        "html",
        "mermaid",
        "json",
        "xcprivacy",
        "play-data-safety-csv",
    ] {
        assert!(help.contains(format), "{format}: {help}");
    }
}

#[test]
fn outputs_keep_their_permissions_and_new_ones_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let catalogue =
        format!("{CATALOGUE}\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\n");
    let fixture = Fixture::new(&catalogue, SOURCE);
    let notice = fixture.path().join("notice.md");
    assert!(run(fixture.path(), &["generate"]).status.success());
    let mode = fs::metadata(&notice).unwrap().permissions().mode() & 0o777;
    let umask = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        let line = s.lines().find(|l| l.starts_with("Umask:"))?;
        u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).ok()
    });
    match umask {
        // The test runs the binary as this process's child, with the same umask.
        Some(umask) => assert_eq!(mode, 0o666 & !umask, "a new notice follows the umask"),
        None => assert_ne!(mode, 0o600, "a new notice is not made private"),
    }
    fs::set_permissions(&notice, fs::Permissions::from_mode(0o640)).unwrap();
    fs::write(&notice, "old").unwrap();
    assert!(run(fixture.path(), &["generate"]).status.success());
    let mode = fs::metadata(&notice).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "an existing file keeps its mode");
}

#[test]
fn a_snippet_shows_the_projects_file_wherever_the_tool_runs_from() {
    let fixture = Fixture::new(
        CATALOGUE,
        r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, bogus_item], purpose = [analytics])]
pub fn page_view() {}
"#,
    );
    // Another directory with a file of the same relative path: its text must not be shown.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir(elsewhere.path().join("src")).unwrap();
    fs::write(
        elsewhere.path().join("src/lib.rs"),
        "// line one\n// line two\n// line three of a DECOY file, much longer than the annotation is\n",
    )
    .unwrap();
    let manifest = fixture.path().join("Cargo.toml");
    let out = run(
        elsewhere.path(),
        &["check", "--manifest-path", manifest.to_str().unwrap()],
    );
    let err = stderr(&out);
    assert!(!err.contains("DECOY"), "{err}");
    assert!(
        err.contains("data = [ip_address, bogus_item]"),
        "the annotation is shown: {err}"
    );
    // Named so that it leads to the file from where the tool ran.
    let named = fixture.path().join("src/lib.rs");
    assert!(
        err.contains(&format!("--> {}:3:", named.display())),
        "{err}"
    );
}
