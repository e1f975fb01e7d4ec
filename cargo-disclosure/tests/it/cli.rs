//! The real `cargo-disclosure` binary: the README's first command, `--out`, and every bad input of
//! the foundation issue, each checked for its message, exit status 2, and an output file left as it
//! was (or never created).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::*;

#[test]
fn the_readme_command_prints_the_door_notice_in_japanese() {
    let out = run(
        &repo_root(),
        &[
            "disclosure",
            "generate",
            "--manifest-path",
            "examples/door/Cargo.toml",
            "--lang",
            "ja",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let committed = fs::read_to_string(repo_root().join("examples/door/notice.ja.md")).unwrap();
    assert_eq!(stdout, committed);
    assert!(stdout.contains("# 利用者情報の外部送信について"));
}

#[test]
fn out_writes_the_file_and_says_so() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(
        fixture.path(),
        &["generate", "--lang", "en", "--out", "notice.en.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote notice.en.md"));
    let notice = fs::read_to_string(fixture.path().join("notice.en.md")).unwrap();
    assert!(notice.contains("### Google Analytics"), "{notice}");
    assert!(
        notice.contains("- IP address\n- URL of the page viewed\n"),
        "{notice}"
    );
}

#[test]
fn quiet_prints_no_status_line_but_every_diagnostic() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(
        fixture.path(),
        &[
            "generate",
            "--quiet",
            "--lang",
            "en",
            "--out",
            "notice.en.md",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("wrote"), "{}", stderr(&out));
    assert!(fixture.path().join("notice.en.md").is_file());
    // A diagnostic still shows.
    fs::write(
        fixture.path().join("src/lib.rs"),
        SOURCE.replace("google-analytics", "google-analytic"),
    )
    .unwrap();
    let out = run(fixture.path(), &["extract", "-q", "--out", "d.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown provider `google-analytic`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn runs_from_a_subdirectory_of_the_package() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(&fixture.path().join("src"), &["review", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains("\"file\": \"src/lib.rs\""), "{json}");
}

#[test]
fn malformed_catalogue_names_file_line_and_column() {
    let fixture = Fixture::new(&CATALOGUE.replace("[operator]", "[operator"), SOURCE);
    fixture.fails_without_touching_output(&["--> disclosure.toml:1:1", "is not a valid catalogue"]);
}

#[test]
fn wrong_type_in_catalogue_names_the_place() {
    let fixture = Fixture::new(
        &CATALOGUE.replace("country = \"US\"", "country = 1"),
        SOURCE,
    );
    fixture.fails_without_touching_output(&["disclosure.toml:9:11", "invalid type"]);
}

#[test]
fn unknown_provider_gets_a_suggestion_at_its_place() {
    let fixture = Fixture::new(
        CATALOGUE,
        &SOURCE.replace("\"google-analytics\"", "\"google-analytic\""),
    );
    fixture.fails_without_touching_output(&[
        "unknown provider `google-analytic`",
        "src/lib.rs:3:23",
        "did you mean `google-analytics`?",
        "[[provider]]",
    ]);
}

#[test]
fn unknown_data_item_and_purpose_get_suggestions() {
    let source = SOURCE
        .replace("ip_address", "ip_adress")
        .replace("[analytics]", "[analytic]");
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&[
        "unknown data item `ip_adress`",
        "did you mean `ip_address`?",
        "unknown purpose `analytic`",
        "did you mean `analytics`?",
    ]);
}

#[test]
fn duplicate_provider_id_names_both_declarations() {
    let catalogue = format!(
        "{CATALOGUE}\n[[provider]]\nid = \"google-analytics\"\nservice = \"GA\"\nentity = \"Google LLC\"\n"
    );
    let fixture = Fixture::new(&catalogue, SOURCE);
    fixture.fails_without_touching_output(&[
        "duplicate provider id `google-analytics`",
        "disclosure.toml:15:6",
        "::: disclosure.toml:6:6",
        "first declared here",
    ]);
}

#[test]
fn javascript_and_data_links_are_refused() {
    for bad in ["javascript:alert(1)", "data:text/html,hi"] {
        let catalogue = CATALOGUE.replace("https://policies.google.com/privacy", bad);
        let fixture = Fixture::new(&catalogue, SOURCE);
        fixture
            .fails_without_touching_output(&["is not an https: address", "disclosure.toml:10:18"]);
    }
}

#[test]
fn an_http_link_is_an_error_unless_the_catalogue_allows_it() {
    let catalogue = CATALOGUE.replace("https://policies", "http://policies");
    let fixture = Fixture::new(&catalogue, SOURCE);
    fixture.fails_without_touching_output(&[
        "error[D0109]: link `http://policies.google.com/privacy` is not https",
        "allow_http_links = true",
    ]);
    // Allowed, it is a warning and the notice is written.
    let allowed = format!("[notice]\nallow_http_links = true\n\n{catalogue}");
    let fixture = Fixture::new(&allowed, SOURCE);
    let out = run(fixture.path(), &["generate", "--out", "notice.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning[D0109]: link `http://policies.google.com/privacy` is not https")
    );
    assert!(fixture.path().join("notice.md").exists());
}

#[test]
fn an_annotation_the_parser_rejects_is_reported_at_its_tokens() {
    let source = SOURCE.replace("data = [ip_address, page_url]", "data = []");
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&["`data` is an empty list", "src/lib.rs:3:50"]);
    let source = SOURCE.replace("purpose = [analytics]", "purpse = [analytics]");
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&["unknown key `purpse`", "did you mean `purpose`?"]);
}

#[test]
fn a_source_file_that_does_not_parse_names_the_place() {
    let source = format!("{SOURCE}\nfn broken( {{\n");
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&["src/lib.rs does not parse as Rust", "src/lib.rs:6:"]);
}

#[test]
fn a_non_utf8_source_file_is_an_error_naming_it() {
    let fixture = Fixture::new(CATALOGUE, &format!("mod latin1;\n{SOURCE}"));
    fs::write(fixture.path().join("src/latin1.rs"), b"// disclose \xff\n").unwrap();
    fixture.fails_without_touching_output(&["src/latin1.rs is not UTF-8", "src/latin1.rs:1:13"]);
}

#[test]
fn a_missing_catalogue_lists_the_directories_searched() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::remove_file(fixture.path().join("disclosure.toml")).unwrap();
    fixture.fails_without_touching_output(&["no `disclosure.toml` found", "searched:"]);
}

#[test]
fn an_output_directory_that_does_not_exist_is_an_input_error() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(fixture.path(), &["generate", "--out", "missing/notice.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("directory missing does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_flag_is_exit_status_2() {
    let out = run(&repo_root(), &["generate", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown language `fr`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn vocabulary_lists_built_in_ids_with_both_labels() {
    let out = run(&repo_root(), &["vocabulary"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ip_address"), "{stdout}");
    assert!(stdout.contains("IPアドレス / IP address"), "{stdout}");
}

#[test]
fn both_languages_render_into_one_document() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(fixture.path(), &["generate", "--lang", "ja,en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    let ja = md
        .find("# 利用者情報の外部送信について")
        .expect("Japanese first");
    let en = md
        .find("# External Transmission of User Information")
        .expect("then English");
    assert!(ja < en);
    assert!(md.contains("\n\n---\n\n"), "the languages are separated");

    let out = run(
        fixture.path(),
        &["generate", "--lang", "ja,en", "--format", "html"],
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<html lang=\"ja\">"), "{html}");
    assert!(html.contains("<article class=\"disclosure-notice\" lang=\"en\">"));
    assert!(
        html.contains("id=\"en-recipient_google-analytics\""),
        "anchors are per language"
    );
}

#[test]
fn html_fragment_and_mermaid_formats() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let out = run(
        fixture.path(),
        &["generate", "--format", "html", "--fragment", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let fragment = String::from_utf8(out.stdout).unwrap();
    assert!(
        fragment.starts_with("<article class=\"disclosure-notice\" lang=\"en\">"),
        "{fragment}"
    );
    assert!(!fragment.contains("<html") && !fragment.contains("<style"));

    let out = run(fixture.path(), &["generate", "--format", "mermaid"]);
    let mermaid = String::from_utf8(out.stdout).unwrap();
    assert!(mermaid.starts_with("```mermaid\n"), "{mermaid}");
    assert!(mermaid.contains("d_ip_address --> r1"), "{mermaid}");

    let out = run(
        fixture.path(),
        &["generate", "--format", "markdown", "--fragment"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--fragment does not apply to --format markdown"));
}

#[test]
fn a_user_template_renders_the_same_context() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::write(
        fixture.path().join("house.md.j2"),
        "# {{ title }}\n{% for r in third_parties %}{% for tr in r.transmissions %}* {{ r.service }} ({{ r.entity }}): {{ tr.data | map(attribute=\"label\") | join(\", \") }} for {{ tr.purposes | map(attribute=\"label\") | join(\", \") }}\n{% endfor %}{% endfor %}schema {{ model.schema_version }}\n",
    )
    .unwrap();
    let out = run(
        fixture.path(),
        &["generate", "--lang", "en", "--template", "house.md.j2"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "# External Transmission of User Information\n* Google Analytics (Google LLC): IP address, URL of the page viewed for Analysing how the Service is used\nschema {}\n",
            disclosure_core::model::SCHEMA_VERSION
        )
    );
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    fs::write(
        fixture.path().join("broken.md.j2"),
        "# {{ title }}\n\n{% for r in %}\n",
    )
    .unwrap();
    fixture_fails(
        &fixture,
        &["--template", "broken.md.j2"],
        &["template broken.md.j2:3"],
    );
    fs::write(
        fixture.path().join("unknown.md.j2"),
        "# {{ title }}\n{{ no_such_field }}\n",
    )
    .unwrap();
    fixture_fails(
        &fixture,
        &["--template", "unknown.md.j2"],
        &["template unknown.md.j2:2", "undefined"],
    );
}

#[test]
fn a_custom_item_without_a_label_in_a_requested_language_is_an_error() {
    let catalogue =
        format!("{CATALOGUE}\n[[data]]\nid = \"player_id\"\nlabel = {{ ja = \"プレイヤーID\" }}\n");
    let source = SOURCE.replace("data = [ip_address, page_url]", "data = [player_id]");
    let fixture = Fixture::new(&catalogue, &source);
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "Japanese is there: {}", stderr(&out));
    fixture_fails(
        &fixture,
        &["--lang", "en"],
        &[
            "data item `player_id` has no English text",
            "add `en = \"…\"`",
        ],
    );
}

#[test]
fn source_date_epoch_dates_the_notice_only_when_the_catalogue_does_not() {
    let fixture = Fixture::new(CATALOGUE, SOURCE);
    let dated = |epoch: Option<&str>, dir: &Path| {
        let mut cmd = Command::new(BIN);
        cmd.args(["generate", "--lang", "en"]).current_dir(dir);
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        cmd.output().unwrap()
    };
    let plain = String::from_utf8(dated(None, fixture.path()).stdout).unwrap();
    assert!(
        !plain.contains("Last revised"),
        "no date unless asked: {plain}"
    );
    let out = dated(Some("1686873600"), fixture.path());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("- Last revised: June 16, 2023\n")
    );
    let out = dated(Some("yesterday"), fixture.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("SOURCE_DATE_EPOCH is `yesterday`"));

    let catalogue = CATALOGUE.replace(
        "[operator]",
        "[notice]\nlast_updated = 2024-04-01\n\n[operator]",
    );
    let fixture = Fixture::new(&catalogue, SOURCE);
    let out = dated(Some("1686873600"), fixture.path());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("- Last revised: April 1, 2024\n")
    );
}

/// Runs `generate --out notice.md` with `args` over a previous file; it must fail with exit
/// status 2, every `expected` text, and the file unchanged.
fn fixture_fails(fixture: &Fixture, args: &[&str], expected: &[&str]) {
    let out_file = fixture.path().join("notice.md");
    fs::write(&out_file, "previous notice\n").unwrap();
    let mut all = vec!["generate", "--out", "notice.md"];
    all.extend_from_slice(args);
    let out = run(fixture.path(), &all);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for text in expected {
        assert!(err.contains(text), "stderr lacks {text:?}:\n{err}");
    }
    assert_eq!(fs::read_to_string(&out_file).unwrap(), "previous notice\n");
}

#[test]
fn completeness_findings_name_the_place_to_fix() {
    let catalogue = format!(
        "{CATALOGUE}\n[[data]]\nid = \"profile\"\nlabel = {{ ja = \"プロフィール情報等\", en = \"Profile information\" }}\n"
    );
    let source = SOURCE.replace(
        "data = [ip_address, page_url]",
        "data = [ip_address, profile]",
    );
    let fixture = Fixture::new(&catalogue, &source);
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "warnings only: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning[D0402]: data item `profile` (used for `google-analytics`) is not concrete: 「プロフィール情報等」 leans on 「等」 or 「など」, which leave the list open\n  --> disclosure.toml:15:6"),
        "{err}"
    );
    // A required item left out is an error, at the provider that must state it.
    let without_use = catalogue.replace(
        "recipient_use_url = \"https://policies.google.com/technologies/partner-sites\"\n",
        "",
    );
    Fixture::new(&without_use, &source).fails_without_touching_output(&[
        "error[D0405]: recipient `google-analytics`: its own use of the information (送信先における利用目的), which the notice must state, is not stated\n --> disclosure.toml:6:6",
    ]);
}

#[test]
fn an_opt_out_basis_needs_the_published_opt_out_and_what_stops() {
    let source = SOURCE.replace(
        "purpose = [analytics]",
        "purpose = [analytics], basis = opt_out",
    );
    // Without the built-in opt-out, nothing says how to opt out.
    let without = format!("{CATALOGUE}remove = [\"opt_out\"]\n");
    let fixture = Fixture::new(&without, &source);
    fixture.fails_without_touching_output(&[
        "`google-analytics` is sent under an opt-out measure, but the notice does not say how to opt out and what stops",
        "--> src/lib.rs:3:1",
    ]);
    let catalogue = CATALOGUE.replace(
        "privacy_policy = \"https://policies.google.com/privacy\"",
        "privacy_policy = \"https://policies.google.com/privacy\"\nopt_out = { url = \"https://tools.google.com/dlpage/gaoptout\", stops = \"sending\" }",
    );
    let fixture = Fixture::new(&catalogue, &source);
    let out = run(fixture.path(), &["generate", "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains(
            "**送信の根拠**: オプトアウト措置（利用者の求めに応じて送信又は送信先における利用を停止する措置です。停止の方法は下記のとおりです。）"
        ),
        "{md}"
    );
    assert!(md.contains("停止の対象: 利用者情報の送信"), "{md}");
}

#[test]
fn an_essential_basis_needs_a_reason_and_shows_it() {
    let source = SOURCE.replace(
        "purpose = [analytics]",
        "purpose = [analytics], basis = essential",
    );
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&["an `essential` transmission needs a `reason`"]);
    // Only a purpose the exemption covers may be sent as essential: an error at the purpose.
    let source = SOURCE.replace(
        "purpose = [analytics]",
        "purpose = [analytics], basis = essential, reason = \"不正アクセスの検知に必要なため\"",
    );
    let fixture = Fixture::new(CATALOGUE, &source);
    fixture.fails_without_touching_output(&[
        "error[D0213]: purpose `analytics` is not one the exemption for essential information covers",
        "--> src/lib.rs:3:",
    ]);
    let source = SOURCE.replace(
        "purpose = [analytics]",
        "purpose = [security], basis = essential, reason = \"不正アクセスの検知に必要なため\"",
    );
    let fixture = Fixture::new(CATALOGUE, &source);
    let out = run(
        fixture.path(),
        &["generate", "--lang", "ja", "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains("\"basis\": \"essential\""), "{json}");
    assert!(json.contains("不正アクセスの検知に必要なため"), "{json}");
}
