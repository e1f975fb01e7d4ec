//! Exports to Apple's privacy manifest and Google Play's Data safety CSV: well-formed, only
//! published identifiers, and what has no counterpart reported instead of guessed.

use disclosure_core::catalogue::vocabulary::platforms;
use disclosure_core::foundation::localized::Lang;
use disclosure_core::render::export::{self, Platform};
use disclosure_core::render::{self, Format};

fn notice(example: &str) -> disclosure_core::model::Notice {
    disclosure_core::pipeline::notice(Some(&crate::common::example_manifest(example)))
        .unwrap()
        .0
}

#[test]
fn the_privacy_manifest_is_a_property_list_of_apples_identifiers() {
    for example in ["door", "shop", "hennge"] {
        let text = render::render(&notice(example), Format::named("xcprivacy"), Lang::Ja).unwrap();
        let value: plist::Value = plist::from_bytes(text.as_bytes())
            .unwrap_or_else(|e| panic!("{example}: not a property list: {e}\n{text}"));
        let dict = value.as_dictionary().unwrap();
        assert!(
            dict.get("NSPrivacyTracking")
                .unwrap()
                .as_boolean()
                .is_some()
        );
        assert!(
            dict.get("NSPrivacyAccessedAPITypes")
                .unwrap()
                .as_array()
                .is_some()
        );
        let types = dict
            .get("NSPrivacyCollectedDataTypes")
            .unwrap()
            .as_array()
            .unwrap();
        assert!(!types.is_empty(), "{example}");
        for ty in types {
            let ty = ty.as_dictionary().unwrap();
            let id = ty
                .get("NSPrivacyCollectedDataType")
                .unwrap()
                .as_string()
                .unwrap();
            assert!(platforms::APPLE_DATA_TYPES.contains(&id), "{example}: {id}");
            assert!(
                ty.get("NSPrivacyCollectedDataTypeLinked")
                    .unwrap()
                    .as_boolean()
                    .is_some()
            );
            assert!(
                ty.get("NSPrivacyCollectedDataTypeTracking")
                    .unwrap()
                    .as_boolean()
                    .is_some()
            );
            let purposes = ty
                .get("NSPrivacyCollectedDataTypePurposes")
                .unwrap()
                .as_array()
                .unwrap();
            assert!(!purposes.is_empty(), "{example}: {id} has no purpose");
            for p in purposes {
                assert!(
                    platforms::APPLE_PURPOSES.contains(&p.as_string().unwrap()),
                    "{example}: {p:?}"
                );
            }
        }
        insta::assert_snapshot!(format!("{example}-xcprivacy"), text);
    }
}

#[test]
fn the_data_safety_csv_has_the_play_consoles_header_and_ids() {
    for example in ["door", "shop"] {
        let text = render::render(
            &notice(example),
            Format::named("play-data-safety-csv"),
            Lang::Ja,
        )
        .unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, export::PLAY_CSV_HEADER);
        for record in reader.records() {
            let record = record.unwrap();
            let fields: Vec<&str> = record.iter().collect();
            assert_eq!(fields.len(), 5, "{record:?}");
            let (question, response) = (fields[0], fields[1]);
            let known_question = question.starts_with("PSL_DATA_COLLECTION_")
                || platforms::PLAY_DATA_TYPES
                    .iter()
                    .any(|(c, _)| *c == question)
                || question.starts_with("PSL_DATA_USAGE_RESPONSES:");
            assert!(known_question, "{example}: question {question}");
            if let Some(ty) = question
                .strip_prefix("PSL_DATA_USAGE_RESPONSES:")
                .and_then(|q| q.split(':').next())
            {
                assert!(
                    platforms::PLAY_DATA_TYPES.iter().any(|(_, t)| *t == ty),
                    "{ty}"
                );
            }
            if question.ends_with("DATA_USAGE_COLLECTION_PURPOSE") {
                assert!(platforms::PLAY_PURPOSES.contains(&response), "{response}");
            } else if question.starts_with("PSL_DATA_TYPES_") {
                assert!(
                    platforms::PLAY_DATA_TYPES
                        .iter()
                        .any(|(_, t)| *t == response),
                    "{response}"
                );
            }
            assert!(
                [
                    "REQUIRED",
                    "MAYBE_REQUIRED",
                    "MULTIPLE_CHOICE",
                    "SINGLE_CHOICE"
                ]
                .contains(&fields[3])
            );
        }
        insta::assert_snapshot!(format!("{example}-play-data-safety"), text);
    }
}

#[test]
fn items_without_a_platform_counterpart_are_reported() {
    let door = notice("door");
    let apple: Vec<String> = export::unmapped(&door, Platform::Apple)
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(
        apple[0].starts_with("data items with no counterpart in Apple's privacy manifest: `browser_type`, `device_type`, `ip_address`, `language`, `os_type`"),
        "{apple:?}"
    );
    let manifest = render::render(&door, Format::named("xcprivacy"), Lang::Ja).unwrap();
    assert!(
        !manifest.contains("IPAddress"),
        "the IP address is not guessed into a type"
    );
}

#[test]
fn a_value_the_export_cannot_derive_is_refused_not_guessed() {
    // An advertising identifier sent for a purpose with no platform counterpart: whether it is
    // used for tracking cannot be known, so the export must not say "not tracking".
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"ads\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("disclosure.toml"),
        "[operator]\nname = \"Example K.K.\"\n\n[[provider]]\nid = \"google-ads\"\nentity = \"Google Asia Pacific Pte. Ltd.\"\n\n[[purpose]]\nid = \"campaign_reach\"\nlabel = \"x\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "#[disclose(provider = \"google-ads\", data = [advertising_id], purpose = [campaign_reach])]\nfn ad() {}\n",
    )
    .unwrap();
    let notice = disclosure_core::pipeline::notice(Some(&dir.path().join("Cargo.toml")))
        .unwrap()
        .0;
    for format in [
        Format::named("xcprivacy"),
        Format::named("play-data-safety-csv"),
    ] {
        let err = render::render(&notice, format, Lang::Ja).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(
            d.code,
            disclosure_core::foundation::diagnostic::Code::ExportUnmapped
        );
        assert!(d.message.contains("`campaign_reach`"), "{}", d.message);
    }
}
