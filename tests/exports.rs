//! Exports to Apple's privacy manifest and Google Play's Data safety CSV: well-formed, only
//! published identifiers, and what has no counterpart reported instead of guessed.

mod common;

use disclosure_core::export::{self, Platform};
use disclosure_core::localized::Lang;
use disclosure_core::render::{self, Format};

fn notice(example: &str) -> disclosure_core::model::Notice {
    disclosure_core::generate::notice(Some(&common::example_manifest(example)))
        .unwrap()
        .0
}

#[test]
fn the_privacy_manifest_is_a_property_list_of_apples_identifiers() {
    for example in ["door", "shop", "hennge"] {
        let text = render::render(&notice(example), Format::Xcprivacy, Lang::Ja).unwrap();
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
            assert!(export::APPLE_DATA_TYPES.contains(&id), "{example}: {id}");
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
                    export::APPLE_PURPOSES.contains(&p.as_string().unwrap()),
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
        let text = render::render(&notice(example), Format::PlayDataSafetyCsv, Lang::Ja).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(export::PLAY_CSV_HEADER));
        for line in lines {
            let fields: Vec<&str> = line.splitn(5, ',').collect();
            assert_eq!(fields.len(), 5, "{line}");
            let (question, response) = (fields[0], fields[1]);
            let known_question = question.starts_with("PSL_DATA_COLLECTION_")
                || export::PLAY_DATA_TYPES.iter().any(|(c, _)| *c == question)
                || question.starts_with("PSL_DATA_USAGE_RESPONSES:");
            assert!(known_question, "{example}: question {question}");
            if let Some(ty) = question
                .strip_prefix("PSL_DATA_USAGE_RESPONSES:")
                .and_then(|q| q.split(':').next())
            {
                assert!(
                    export::PLAY_DATA_TYPES.iter().any(|(_, t)| *t == ty),
                    "{ty}"
                );
            }
            if question.ends_with("DATA_USAGE_COLLECTION_PURPOSE") {
                assert!(export::PLAY_PURPOSES.contains(&response), "{response}");
            } else if question.starts_with("PSL_DATA_TYPES_") {
                assert!(
                    export::PLAY_DATA_TYPES.iter().any(|(_, t)| *t == response),
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
    let manifest = render::render(&door, Format::Xcprivacy, Lang::Ja).unwrap();
    assert!(
        !manifest.contains("IPAddress"),
        "the IP address is not guessed into a type"
    );
}
