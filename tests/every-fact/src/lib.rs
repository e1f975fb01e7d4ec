//! Every shape of transmission the notice model holds.

use disclosure::Disclose;

/// An ad request: one item hashed, one sent only when the user allowed it.
#[derive(Disclose)]
#[disclose(provider = "ads", purpose = [advertising, route_suggestions], when = "signed-in", basis = consent)]
pub struct AdRequest {
    #[disclose(data = [cookie_id])]
    pub cookie: String,
    #[disclose(data = [page_url(hashed)])]
    pub page: String,
    #[disclose(data = [favourite_stations], when = "opted-in")]
    pub stations: Vec<String>,
}

#[disclosure::disclose(provider = "ads", data = [ip_address], purpose = [advertising], basis = opt_out, opt_out = "settings", mechanism = sdk)]
pub fn ad_measurement() {}

#[disclosure::disclose(provider = "crashes", data = [crash_log], purpose = [error_monitoring], opt_out = "crashes-kept")]
pub fn crash_report() {}

#[disclosure::disclose(provider = "agency", data = [usage_history], purpose = [analytics])]
pub fn agency_report() {}

#[disclosure::disclose(provider = "exemplar", data = [ip_address], purpose = [security], basis = essential, reason = "不正なアクセスを防ぐために欠かせないため")]
pub fn guard() {}

#[disclosure::disclose(provider = "mailer", data = [email_address], purpose = [customer_support], origin = server)]
pub fn send_receipt() {}

#[disclosure::disclose(provider = "sharing", data = [page_url], purpose = [analytics])]
pub fn share_button() {}

#[cfg(target_arch = "wasm32")]
#[disclosure::disclose(provider = "agency", data = [page_url], purpose = [analytics])]
pub fn web_report() {}
