//! Measurement through the Google Analytics tag.

use disclosure::disclose;

/// A page the user viewed.
pub struct PageView {
    pub url: String,
    pub referrer: Option<String>,
}

/// Sends a page view. The tag also sends the device, OS and browser the page was viewed with.
#[disclose(
    provider = "google-analytics",
    data = [ip_address, page_url, referrer, device_type, os_type, browser_type, language],
    purpose = [service_improvement, surveys, content_provider_statistics],
)]
pub fn track_page_view(view: &PageView) {
    let _ = (&view.url, &view.referrer);
}

/// Sends an in-app event (a button pressed, a room entered).
#[disclose(
    provider = "google-analytics",
    data = [ip_address, usage_history],
    purpose = [service_improvement, surveys, content_provider_statistics],
)]
pub fn track_event(name: &str) {
    let _ = name;
}
