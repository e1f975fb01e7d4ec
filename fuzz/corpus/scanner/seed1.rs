//! Measurement through the Google Analytics tag. The events are types that say, field by field,
//! what they carry; adding a field that does not say so does not compile.

use disclosure::{Disclose, disclose};

/// The device a page was viewed on. Sent only inside other events.
#[derive(Debug, Disclose)]
pub struct Device {
    #[disclose(data = device_type)]
    pub kind: String,
    #[disclose(data = os_type)]
    pub os: String,
    #[disclose(data = browser_type)]
    pub browser: String,
    #[disclose(data = language)]
    pub language: String,
}

/// A page the user viewed.
#[derive(Debug, Disclose)]
#[disclose(
    provider = "google-analytics",
    purpose = [service_improvement, surveys, content_provider_statistics],
)]
pub struct PageView {
    #[disclose(data = page_url)]
    pub url: String,
    #[disclose(data = referrer)]
    pub referrer: Option<String>,
    #[disclose(nested)]
    pub device: Device,
}

/// Something the user did in the app (a room entered, a button pressed).
#[derive(Debug, Disclose)]
#[disclose(
    provider = "google-analytics",
    purpose = [service_improvement, surveys, content_provider_statistics],
)]
pub struct AppEvent {
    #[disclose(data = usage_history)]
    pub name: String,
    #[disclose(skip = "orders events on the device; never sent")]
    pub sequence: u64,
}

/// Sends an event through the tag. Every request from the user's device carries its IP address.
#[disclose(
    provider = "google-analytics",
    data = [ip_address],
    purpose = [service_improvement, surveys, content_provider_statistics],
)]
pub fn send<T: Disclose + std::fmt::Debug>(event: &T, consented: &[&str]) -> Option<String> {
    // What the event carries, and to whom, is a constant: no allocation, no reflection.
    let allowed = T::DISCLOSURE
        .provider
        .is_some_and(|provider| consented.contains(&provider));
    allowed.then(|| format!("{event:?}"))
}
