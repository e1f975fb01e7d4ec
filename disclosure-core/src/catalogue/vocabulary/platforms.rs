//! The platforms' published identifiers: Apple's privacy-manifest data types and purposes, and
//! Google Play's Data safety data types and purposes. Data items and purposes name them in their
//! `apple` and `play` fields; an id not in these lists is refused when the catalogue is loaded.

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

/// The purpose Apple's export uses for a purpose with no counterpart.
pub const APPLE_OTHER_PURPOSE: &str = "NSPrivacyCollectedDataTypePurposeOther";
/// Third-party advertising: a data type used for it counts as tracking.
pub const APPLE_ADVERTISING: &str = "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising";
/// The data types that identify the user: a recipient that receives one links the rest to them.
pub const APPLE_IDENTITY: [&str; 4] = [
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

/// Whether `id` is one of Apple's data types (for a data item) or purposes (for a purpose).
pub fn is_apple_id(id: &str, purpose: bool) -> bool {
    if purpose {
        APPLE_PURPOSES.contains(&id)
    } else {
        APPLE_DATA_TYPES.contains(&id)
    }
}

/// Whether `id` is one of Play's data types (for a data item) or purposes (for a purpose).
pub fn is_play_id(id: &str, purpose: bool) -> bool {
    if purpose {
        PLAY_PURPOSES.contains(&id)
    } else {
        PLAY_DATA_TYPES.iter().any(|(_, t)| *t == id)
    }
}
