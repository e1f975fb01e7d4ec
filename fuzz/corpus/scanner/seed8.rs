//! Monitoring, hosting and reporting.

use disclosure::disclose;

use super::Visit;

/// Sends the visit to every operations service.
pub fn send_all(visit: &Visit) {
    datadog(visit);
    azure(visit);
    wingarc1st(visit);
    workspace(visit);
}

#[disclose(
    provider = "datadog",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = sdk,
)]
fn datadog(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "microsoft-azure",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = server_api,
)]
fn azure(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "wingarc1st",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = server_api,
)]
fn wingarc1st(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "google-workspace",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = server_api,
)]
fn workspace(visit: &Visit) {
    let _ = &visit.path;
}
