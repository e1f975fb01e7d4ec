//! The transmissions of an application-hosting service for businesses, modelled on 200stack's
//! 外部送信ポリシー: billing through Stripe, delivery through Cloudflare from the user's browser;
//! e-mail through Amazon SES, monitoring on Google Cloud and repository sync with GitHub from the
//! operator's own servers. Each has its own way to stop or manage it.

use disclosure::disclose;

/// Stripe Checkout and the customer portal, opened in the user's browser.
#[disclose(
    provider = "stripe-billing",
    data = [payment_meta, billing_amount, currency, card_type, email_address],
    purpose = [payment_processing, invoicing],
    opt_out = "stripe-settings",
    mechanism = tag
)]
pub fn open_checkout(session: &str) -> String {
    format!("https://checkout.stripe.com/c/pay/{session}")
}

/// The usage meter, reported by the operator's servers.
#[disclose(
    provider = "stripe-billing",
    data = [usage_counts],
    purpose = [usage_metering],
    opt_out = "stripe-settings",
    origin = server,
    mechanism = server_api
)]
pub fn report_usage(count: u64) -> u64 {
    count
}

/// Every page and asset, served through Cloudflare's edge.
#[disclose(
    provider = "cloudflare-cdn",
    data = [ip_address, user_agent, request_meta, response_metrics],
    purpose = [delivery, ddos_protection, performance, edge_metrics],
    opt_out = "browser-or-policy"
)]
pub fn edge_request() {}

/// System notices by e-mail: required.
#[disclose(
    provider = "aws-ses",
    data = [email_address, delivery_result, send_meta],
    purpose = [transactional_notices],
    opt_out = "required-notices",
    origin = server,
    mechanism = server_api
)]
pub fn send_system_notice(to: &str) -> usize {
    to.len()
}

/// Announcements by e-mail: as the user's settings say.
#[disclose(
    provider = "aws-ses",
    data = [email_address, delivery_result, send_meta],
    purpose = [announcements],
    opt_out = "mail-settings",
    origin = server,
    mechanism = server_api
)]
pub fn send_announcement(to: &str) -> usize {
    to.len()
}

/// Monitoring data and log fragments of the hosted workloads.
#[disclose(
    provider = "google-cloud",
    data = [monitoring_meta, log_fragments],
    purpose = [availability, incident_analysis],
    opt_out = "provider-policy",
    origin = server,
    mechanism = server_api
)]
pub fn ship_logs() {}

/// Repository sync through the customer's GitHub App installation.
#[disclose(
    provider = "github-app",
    data = [installation_id, access_token, sync_metadata],
    purpose = [fetch_repository, source_sync],
    opt_out = "github-app-settings",
    origin = server,
    mechanism = server_api
)]
pub fn sync_repository() {}
