//! Product analytics: how the services are used, to develop and improve them.

use disclosure::disclose;

use super::Visit;

/// Sends the visit to every product-analytics service.
pub fn send_all(visit: &Visit) {
    amplitude(visit);
    google_analytics(visit);
    productboard(visit);
    satismeter(visit);
}

#[disclose(
    provider = "amplitude",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = sdk,
)]
fn amplitude(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "google-analytics",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = tag,
)]
fn google_analytics(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "productboard",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = tag,
)]
fn productboard(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "satismeter",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = tag,
)]
fn satismeter(visit: &Visit) {
    let _ = &visit.path;
}
