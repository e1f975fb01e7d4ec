//! The tags and SDKs of a media site and its apps, modelled on 株式会社センターモバイル's notice
//! (外部送信ポリシー): access analysis with Google Analytics, and advertising through AppLovin, AdMob
//! and AppDriver. The published notice numbers its data categories (1–5) and its purposes
//! ((1)–(3)) once and lists the recipients; which category and purpose each recipient receives
//! is this example's annotation (the published notice says they differ per recipient without
//! mapping them).

use disclosure::disclose;

/// The Google Analytics tag on every page.
#[disclose(
    provider = "google-analytics",
    data = [browsing_history, viewer_identifiers, device_location],
    purpose = [browsing_analysis],
    mechanism = tag
)]
pub fn analytics_tag(page: &str) -> String {
    format!("<!-- ga: {page} -->")
}

/// An AppLovin ad slot in the apps.
#[disclose(
    provider = "applovin",
    data = [browsed_content, viewer_identifiers, device_location],
    purpose = [partner_ads, ad_effect, fraud_monitoring],
    mechanism = sdk
)]
pub fn applovin_slot() {}

/// An AdMob ad slot in the apps.
#[disclose(
    provider = "admob",
    data = [browsed_content, viewer_identifiers, device_location],
    purpose = [ad_placement, ad_effect, fraud_monitoring],
    mechanism = sdk
)]
pub fn admob_slot() {}

/// An AppDriver reward offer: what the user did, to credit the reward and measure the campaign.
#[disclose(
    provider = "appdriver",
    data = [purchase_action_history, viewer_identifiers],
    purpose = [own_ads, ad_effect],
    mechanism = sdk
)]
pub fn appdriver_offer() {}
