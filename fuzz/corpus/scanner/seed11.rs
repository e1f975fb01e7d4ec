//! Sending events to Mixpanel (built into the recipient catalogue as `mixpanel`).

use disclosure::disclose;

use crate::Event;

#[disclose(
    provider = "mixpanel",
    data = [sdk_install_id, usage_history, device_type, os_type],
    purpose = [analytics, service_improvement],
)]
pub(crate) fn send(event: &Event) {
    let _ = event.name;
}
