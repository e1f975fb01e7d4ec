//! Customer relations: CRM, support chat and messaging.

use disclosure::disclose;

use super::Visit;

/// Sends the visit to every customer-relations service.
pub fn send_all(visit: &Visit) {
    let chat = SupportChat;
    chat.open(visit);
    salesforce(visit);
    slack(visit);
}

/// The support chat widget.
struct SupportChat;

impl SupportChat {
    #[disclose(
        provider = "intercom",
        data = [access_history, device_info, browser_info, app_info, network_info],
        purpose = [analytics, service_development],
        mechanism = tag,
    )]
    fn open(&self, visit: &Visit) {
        let _ = &visit.path;
    }
}

#[disclose(
    provider = "salesforce",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = tag,
)]
fn salesforce(visit: &Visit) {
    let _ = &visit.path;
}

#[disclose(
    provider = "slack",
    data = [access_history, device_info, browser_info, app_info, network_info],
    purpose = [analytics, service_development],
    mechanism = server_api,
)]
fn slack(visit: &Visit) {
    let _ = &visit.path;
}
