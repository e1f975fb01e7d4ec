//! What HENNGE's own websites and services receive because they need it to work.

use disclosure::Disclose;

use super::Visit;

/// The display settings a page is rendered with, sent with every request to HENNGE's servers.
#[derive(Disclose)]
#[disclose(
    provider = "hennge",
    purpose = [service_operation, personalization, website_improvement],
)]
pub struct SessionSettings {
    #[disclose(data = os_info)]
    pub os: String,
    #[disclose(data = screen_settings)]
    pub screen: (u32, u32),
    #[disclose(data = language_settings)]
    pub language: String,
    #[disclose(data = browser_info)]
    pub browser: String,
    #[disclose(skip = "kept on the device to restore the last page")]
    pub last_path: String,
}

/// Keeps the user's session and display settings.
pub fn keep_session(visit: &Visit) -> SessionSettings {
    SessionSettings {
        os: "macOS".into(),
        screen: (1440, 900),
        language: "ja".into(),
        browser: "Safari".into(),
        last_path: visit.path.clone(),
    }
}
