//! Exports to the platforms' own forms, from the same notice: Apple's privacy manifest
//! (`PrivacyInfo.xcprivacy`) and Google Play's Data safety form (the Play Console's CSV import).
//!
//! Data items and purposes map through the crosswalk in `data/vocabulary.toml` (`apple`, `play`);
//! an item or purpose without a counterpart is reported by [`unmapped`], never guessed. Rules
//! (docs/platforms.md):
//!
//! * a type is **linked** to the user when its recipient also receives an identity item (name,
//!   email, phone, user ID);
//! * a type is used for **tracking** when its recipient's purposes include third-party advertising;
//!   the tracking domains are those recipients' domains;
//! * Play: every type is *collected*; *shared* is left for a person to answer (Play excludes service
//!   providers from sharing, Art. 27-12 does not); a type sent under consent or opt-out is
//!   *optional*, otherwise *required*.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Basis;
use crate::diagnostic::Diagnostic;
use crate::model::{Notice, Recipient};

/// Apple's `NSPrivacyCollectedDataType` identifiers, in Apple's order.
/// Source: <https://developer.apple.com/documentation/bundleresources/describing-data-use-in-privacy-manifests>.
pub const APPLE_DATA_TYPES: [&str; 35] = [
    "NSPrivacyCollectedDataTypeName",
    "NSPrivacyCollectedDataTypeEmailAddress",
    "NSPrivacyCollectedDataTypePhoneNumber",
    "NSPrivacyCollectedDataTypePhysicalAddress",
    "NSPrivacyCollectedDataTypeOtherUserContactInfo",
    "NSPrivacyCollectedDataTypeHealth",
    "NSPrivacyCollectedDataTypeFitness",
    "NSPrivacyCollectedDataTypePaymentInfo",
    "NSPrivacyCollectedDataTypeCreditInfo",
    "NSPrivacyCollectedDataTypeOtherFinancialInfo",
    "NSPrivacyCollectedDataTypePreciseLocation",
    "NSPrivacyCollectedDataTypeCoarseLocation",
    "NSPrivacyCollectedDataTypeSensitiveInfo",
    "NSPrivacyCollectedDataTypeContacts",
    "NSPrivacyCollectedDataTypeEmailsOrTextMessages",
    "NSPrivacyCollectedDataTypePhotosorVideos",
    "NSPrivacyCollectedDataTypeAudioData",
    "NSPrivacyCollectedDataTypeGameplayContent",
    "NSPrivacyCollectedDataTypeCustomerSupport",
    "NSPrivacyCollectedDataTypeOtherUserContent",
    "NSPrivacyCollectedDataTypeBrowsingHistory",
    "NSPrivacyCollectedDataTypeSearchHistory",
    "NSPrivacyCollectedDataTypeUserID",
    "NSPrivacyCollectedDataTypeDeviceID",
    "NSPrivacyCollectedDataTypePurchaseHistory",
    "NSPrivacyCollectedDataTypeProductInteraction",
    "NSPrivacyCollectedDataTypeAdvertisingData",
    "NSPrivacyCollectedDataTypeOtherUsageData",
    "NSPrivacyCollectedDataTypeCrashData",
    "NSPrivacyCollectedDataTypePerformanceData",
    "NSPrivacyCollectedDataTypeOtherDiagnosticData",
    "NSPrivacyCollectedDataTypeEnvironmentScanning",
    "NSPrivacyCollectedDataTypeHands",
    "NSPrivacyCollectedDataTypeHead",
    "NSPrivacyCollectedDataTypeOtherDataTypes",
];

/// Apple's `NSPrivacyCollectedDataTypePurposes` identifiers, in Apple's order.
pub const APPLE_PURPOSES: [&str; 6] = [
    "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
    "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
    "NSPrivacyCollectedDataTypePurposeAnalytics",
    "NSPrivacyCollectedDataTypePurposeProductPersonalization",
    "NSPrivacyCollectedDataTypePurposeAppFunctionality",
    "NSPrivacyCollectedDataTypePurposeOther",
];

const APPLE_OTHER_PURPOSE: &str = "NSPrivacyCollectedDataTypePurposeOther";
const APPLE_ADVERTISING: &str = "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising";
const APPLE_IDENTITY: [&str; 4] = [
    "NSPrivacyCollectedDataTypeName",
    "NSPrivacyCollectedDataTypeEmailAddress",
    "NSPrivacyCollectedDataTypePhoneNumber",
    "NSPrivacyCollectedDataTypeUserID",
];

/// Google Play Data safety data types, in the Play Console's order, with their category question.
/// Source: <https://support.google.com/googleplay/android-developer/answer/10787469>.
pub const PLAY_DATA_TYPES: [(&str, &str); 38] = [
    ("PSL_DATA_TYPES_PERSONAL", "PSL_NAME"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_EMAIL"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_USER_ACCOUNT"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_ADDRESS"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_PHONE"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_RACE_ETHNICITY"),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_POLITICAL_RELIGIOUS"),
    (
        "PSL_DATA_TYPES_PERSONAL",
        "PSL_SEXUAL_ORIENTATION_GENDER_IDENTITY",
    ),
    ("PSL_DATA_TYPES_PERSONAL", "PSL_OTHER_PERSONAL"),
    (
        "PSL_DATA_TYPES_FINANCIAL",
        "PSL_CREDIT_DEBIT_BANK_ACCOUNT_NUMBER",
    ),
    ("PSL_DATA_TYPES_FINANCIAL", "PSL_PURCHASE_HISTORY"),
    ("PSL_DATA_TYPES_FINANCIAL", "PSL_CREDIT_SCORE"),
    ("PSL_DATA_TYPES_FINANCIAL", "PSL_OTHER"),
    ("PSL_DATA_TYPES_LOCATION", "PSL_APPROX_LOCATION"),
    ("PSL_DATA_TYPES_LOCATION", "PSL_PRECISE_LOCATION"),
    (
        "PSL_DATA_TYPES_SEARCH_AND_BROWSING",
        "PSL_WEB_BROWSING_HISTORY",
    ),
    ("PSL_DATA_TYPES_EMAIL_AND_TEXT", "PSL_EMAILS"),
    ("PSL_DATA_TYPES_EMAIL_AND_TEXT", "PSL_SMS_CALL_LOG"),
    ("PSL_DATA_TYPES_EMAIL_AND_TEXT", "PSL_OTHER_MESSAGES"),
    ("PSL_DATA_TYPES_PHOTOS_AND_VIDEOS", "PSL_PHOTOS"),
    ("PSL_DATA_TYPES_PHOTOS_AND_VIDEOS", "PSL_VIDEOS"),
    ("PSL_DATA_TYPES_AUDIO", "PSL_AUDIO"),
    ("PSL_DATA_TYPES_AUDIO", "PSL_MUSIC"),
    ("PSL_DATA_TYPES_AUDIO", "PSL_OTHER_AUDIO"),
    ("PSL_DATA_TYPES_HEALTH_AND_FITNESS", "PSL_HEALTH"),
    ("PSL_DATA_TYPES_HEALTH_AND_FITNESS", "PSL_FITNESS"),
    ("PSL_DATA_TYPES_CONTACTS", "PSL_CONTACTS"),
    ("PSL_DATA_TYPES_CALENDAR", "PSL_CALENDAR"),
    ("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_CRASH_LOGS"),
    (
        "PSL_DATA_TYPES_APP_PERFORMANCE",
        "PSL_PERFORMANCE_DIAGNOSTICS",
    ),
    ("PSL_DATA_TYPES_APP_PERFORMANCE", "PSL_OTHER_PERFORMANCE"),
    ("PSL_DATA_TYPES_FILES_AND_DOCS", "PSL_FILES_AND_DOCS"),
    ("PSL_DATA_TYPES_APP_ACTIVITY", "PSL_USER_INTERACTION"),
    ("PSL_DATA_TYPES_APP_ACTIVITY", "PSL_IN_APP_SEARCH_HISTORY"),
    ("PSL_DATA_TYPES_APP_ACTIVITY", "PSL_APPS_ON_DEVICE"),
    ("PSL_DATA_TYPES_APP_ACTIVITY", "PSL_USER_GENERATED_CONTENT"),
    ("PSL_DATA_TYPES_APP_ACTIVITY", "PSL_OTHER_APP_ACTIVITY"),
    ("PSL_DATA_TYPES_IDENTIFIERS", "PSL_DEVICE_ID"),
];

/// Google Play Data safety purposes.
pub const PLAY_PURPOSES: [&str; 7] = [
    "PSL_APP_FUNCTIONALITY",
    "PSL_ANALYTICS",
    "PSL_DEVELOPER_COMMUNICATIONS",
    "PSL_ADVERTISING",
    "PSL_FRAUD_PREVENTION_SECURITY",
    "PSL_PERSONALIZATION",
    "PSL_ACCOUNT_MANAGEMENT",
];

/// The Play Console's CSV header.
pub const PLAY_CSV_HEADER: &str = "Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label";

/// A platform whose form the notice can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Apple's privacy manifest.
    Apple,
    /// Google Play's Data safety form.
    Play,
}

/// Data items and purposes of `notice` with no counterpart on `platform`: reported, not guessed.
pub fn unmapped(notice: &Notice, platform: Platform) -> Vec<Diagnostic> {
    let name = match platform {
        Platform::Apple => "Apple's privacy manifest",
        Platform::Play => "Google Play's Data safety form",
    };
    let mut items: BTreeSet<&str> = BTreeSet::new();
    let mut purposes: BTreeSet<&str> = BTreeSet::new();
    for r in &notice.recipients {
        for e in &r.data {
            let id = match platform {
                Platform::Apple => &e.apple,
                Platform::Play => &e.play,
            };
            if id.is_none() {
                items.insert(&e.id);
            }
        }
        for e in &r.purposes {
            let id = match platform {
                Platform::Apple => &e.apple,
                Platform::Play => &e.play,
            };
            if id.is_none() {
                purposes.insert(&e.id);
            }
        }
    }
    let mut out = Vec::new();
    let list = |s: &BTreeSet<&str>| {
        s.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !items.is_empty() {
        out.push(
            Diagnostic::warning(format!("data items with no counterpart in {name}: {}", list(&items)))
                .help("they are left out of the export; declare them in the platform's form by hand if they apply, or give your own [[data]] items `apple`/`play` ids"),
        );
    }
    if !purposes.is_empty() {
        out.push(
            Diagnostic::warning(format!("purposes with no counterpart in {name}: {}", list(&purposes)))
                .help("Apple's export uses NSPrivacyCollectedDataTypePurposeOther for them; Play's leaves them out"),
        );
    }
    out
}

/// Per platform data type: its purposes, and whether it is linked, used for tracking, optional.
#[derive(Default)]
struct TypeUse {
    purposes: BTreeSet<&'static str>,
    linked: bool,
    tracking: bool,
    optional: bool,
    required: bool,
}

fn position(list: &[&'static str], id: &str) -> Option<&'static str> {
    list.iter().copied().find(|x| *x == id)
}

fn uses(
    notice: &Notice,
    pick: impl Fn(&crate::model::Entry) -> Option<&str>,
    known_types: &[&'static str],
    known_purposes: &[&'static str],
    other_purpose: Option<&'static str>,
) -> BTreeMap<&'static str, TypeUse> {
    let mut out: BTreeMap<&'static str, TypeUse> = BTreeMap::new();
    for r in &notice.recipients {
        let purposes: BTreeSet<&'static str> = r
            .purposes
            .iter()
            .filter_map(|p| match pick(p) {
                Some(id) => position(known_purposes, id),
                None => other_purpose,
            })
            .collect();
        let linked = r
            .data
            .iter()
            .filter_map(|e| e.apple.as_deref())
            .any(|a| APPLE_IDENTITY.contains(&a));
        let tracking = r
            .purposes
            .iter()
            .any(|p| p.apple.as_deref() == Some(APPLE_ADVERTISING));
        let optional = is_optional(r);
        for e in &r.data {
            let Some(ty) = pick(e).and_then(|id| position(known_types, id)) else {
                continue;
            };
            let u = out.entry(ty).or_default();
            u.purposes.extend(purposes.iter().copied());
            u.linked |= linked;
            u.tracking |= tracking;
            if optional {
                u.optional = true;
            } else {
                u.required = true;
            }
        }
    }
    out
}

fn is_optional(r: &Recipient) -> bool {
    !r.basis.is_empty()
        && r.basis
            .iter()
            .all(|b| matches!(b, Basis::Consent | Basis::OptOut))
}

/// `PrivacyInfo.xcprivacy` for what the notice declares.
pub fn xcprivacy(notice: &Notice) -> String {
    let types = uses(
        notice,
        |e| e.apple.as_deref(),
        &APPLE_DATA_TYPES,
        &APPLE_PURPOSES,
        Some(APPLE_OTHER_PURPOSE),
    );
    let tracking_domains: BTreeSet<&str> = notice
        .recipients
        .iter()
        .filter(|r| {
            r.purposes
                .iter()
                .any(|p| p.apple.as_deref() == Some(APPLE_ADVERTISING))
        })
        .flat_map(|r| r.domains.iter().map(String::as_str))
        .collect();
    let boolean = |b: bool| if b { "<true/>" } else { "<false/>" };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <!-- Generated by `cargo disclosure` from the annotations in the code and disclosure.toml. Do not edit by hand. -->\n\
         <plist version=\"1.0\">\n<dict>\n",
    );
    out.push_str(&format!(
        "\t<key>NSPrivacyTracking</key>\n\t{}\n",
        boolean(types.values().any(|u| u.tracking))
    ));
    out.push_str("\t<key>NSPrivacyTrackingDomains</key>\n");
    if tracking_domains.is_empty() {
        out.push_str("\t<array/>\n");
    } else {
        out.push_str("\t<array>\n");
        for d in &tracking_domains {
            out.push_str(&format!("\t\t<string>{}</string>\n", xml_escape(d)));
        }
        out.push_str("\t</array>\n");
    }
    out.push_str("\t<key>NSPrivacyCollectedDataTypes</key>\n\t<array>\n");
    for ty in APPLE_DATA_TYPES.iter().filter(|t| types.contains_key(*t)) {
        let u = &types[ty];
        out.push_str("\t\t<dict>\n");
        out.push_str(&format!(
            "\t\t\t<key>NSPrivacyCollectedDataType</key>\n\t\t\t<string>{ty}</string>\n"
        ));
        out.push_str(&format!(
            "\t\t\t<key>NSPrivacyCollectedDataTypeLinked</key>\n\t\t\t{}\n",
            boolean(u.linked)
        ));
        out.push_str(&format!(
            "\t\t\t<key>NSPrivacyCollectedDataTypeTracking</key>\n\t\t\t{}\n",
            boolean(u.tracking)
        ));
        out.push_str("\t\t\t<key>NSPrivacyCollectedDataTypePurposes</key>\n\t\t\t<array>\n");
        for p in APPLE_PURPOSES.iter().filter(|p| u.purposes.contains(*p)) {
            out.push_str(&format!("\t\t\t\t<string>{p}</string>\n"));
        }
        out.push_str("\t\t\t</array>\n\t\t</dict>\n");
    }
    out.push_str(
        "\t</array>\n\t<key>NSPrivacyAccessedAPITypes</key>\n\t<array/>\n</dict>\n</plist>\n",
    );
    out
}

/// The Data safety form in the Play Console's CSV import format.
pub fn play_data_safety_csv(notice: &Notice) -> String {
    let types: Vec<&str> = PLAY_DATA_TYPES.iter().map(|(_, t)| *t).collect();
    let used = uses(notice, |e| e.play.as_deref(), &types, &PLAY_PURPOSES, None);
    let mut rows = vec![PLAY_CSV_HEADER.to_string()];
    let row = |q: &str, r: &str, v: &str, req: &str, label: &str| {
        format!("{q},{r},{v},{req},{}", csv_field(label))
    };
    rows.push(row(
        "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
        "",
        if used.is_empty() { "false" } else { "true" },
        "REQUIRED",
        "Does your app collect or share any of the required user data types?",
    ));
    rows.push(row(
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
        "",
        "true",
        "MAYBE_REQUIRED",
        "Is all of the user data collected by your app encrypted in transit?",
    ));
    for (category, ty) in PLAY_DATA_TYPES.iter().filter(|(_, t)| used.contains_key(t)) {
        let u = &used[ty];
        rows.push(row(category, ty, "true", "MULTIPLE_CHOICE", ""));
        let q = |suffix: &str| format!("PSL_DATA_USAGE_RESPONSES:{ty}:{suffix}");
        rows.push(row(
            &q("PSL_DATA_USAGE_COLLECTION_AND_SHARING"),
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "true",
            "MULTIPLE_CHOICE",
            "",
        ));
        rows.push(row(
            &q("PSL_DATA_USAGE_EPHEMERAL"),
            "",
            "false",
            "MAYBE_REQUIRED",
            "",
        ));
        let control = if u.optional && !u.required {
            "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL"
        } else {
            "PSL_DATA_USAGE_USER_CONTROL_REQUIRED"
        };
        rows.push(row(
            &q("DATA_USAGE_USER_CONTROL"),
            control,
            "true",
            "SINGLE_CHOICE",
            "",
        ));
        for p in PLAY_PURPOSES.iter().filter(|p| u.purposes.contains(*p)) {
            rows.push(row(
                &q("DATA_USAGE_COLLECTION_PURPOSE"),
                p,
                "true",
                "MULTIPLE_CHOICE",
                "",
            ));
        }
    }
    let mut out = rows.join("\n");
    out.push('\n');
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary;

    #[test]
    fn the_crosswalk_uses_only_published_identifiers() {
        let v = vocabulary::builtin();
        for t in &v.data_items {
            if let Some(a) = &t.apple {
                assert!(APPLE_DATA_TYPES.contains(&a.as_str()), "{}: {a}", t.id());
            }
            if let Some(p) = &t.play {
                assert!(
                    PLAY_DATA_TYPES.iter().any(|(_, ty)| ty == p),
                    "{}: {p}",
                    t.id()
                );
            }
        }
        for t in &v.purposes {
            if let Some(a) = &t.apple {
                assert!(APPLE_PURPOSES.contains(&a.as_str()), "{}: {a}", t.id());
            }
            if let Some(p) = &t.play {
                assert!(PLAY_PURPOSES.contains(&p.as_str()), "{}: {p}", t.id());
            }
        }
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
