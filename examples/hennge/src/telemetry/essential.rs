//! What HENNGE's own websites and services receive because they need it to work.

use disclosure::disclose;

use super::Visit;

/// Keeps the user's session and display settings.
#[disclose(
    provider = "hennge",
    data = [os_info, screen_settings, language_settings, browser_info],
    purpose = [service_operation, personalization, website_improvement],
)]
pub fn keep_session(visit: &Visit) {
    let _ = &visit.path;
}
