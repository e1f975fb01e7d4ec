//! The telemetry of a train-schedule app modelled on TRViS (an iOS, iPadOS, macOS and Android app):
//! what it sends, to whom and why, declared where it is sent. The notice (`notice.ja.md`, laid out
//! by kind of data as the app's own policy is) is generated from these annotations and
//! `disclosure.toml`.

use disclosure::{Disclose, disclose};

pub mod settings;

/// A usage event, sent to Google Analytics unless the user turned 「使用状況の収集を許可する」
/// off.
#[derive(Debug, Disclose)]
#[disclose(
    provider = "google-analytics",
    purpose = [analytics],
    basis = opt_out,
    opt_out = "usage-switch",
    mechanism = sdk
)]
pub struct UsageEvent {
    /// Which screen or feature was used.
    #[disclose(data = [usage_status])]
    pub name: &'static str,
}

/// Sends a usage event.
#[disclose(
    provider = "google-analytics",
    data = [usage_status],
    purpose = [analytics],
    basis = opt_out,
    opt_out = "usage-switch",
    mechanism = sdk
)]
pub fn send_usage(event: &UsageEvent) -> usize {
    event.name.len()
}

/// Reports a crash to Firebase Crashlytics; the app offers no switch for it.
#[disclose(
    provider = "firebase-crashlytics",
    data = [crash_log],
    purpose = [service_improvement],
    opt_out = "crash-log-required",
    mechanism = sdk
)]
pub fn report_crash(log: &str) -> usize {
    log.len()
}

/// On Apple devices: the fact of a crash (and, if the user allows it, its log) to Apple's app
/// analytics, which the user switches off in the Settings app.
#[disclose(
    provider = "apple-app-analytics",
    data = [crash_fact, crash_log],
    purpose = [service_improvement],
    when = "apple-devices",
    opt_out = "apple-settings",
    mechanism = sdk
)]
pub fn apple_crash_report(crashed: bool) -> bool {
    crashed
}

/// On Apple devices: usage through the App Store's services.
#[disclose(
    provider = "apple-app-analytics",
    data = [usage_status],
    purpose = [analytics],
    when = "apple-devices",
    mechanism = sdk
)]
pub fn app_store_usage() {}

/// Whether the user is near the chosen station: computed on the device; the location is never
/// sent (`disclosure.toml` declares it with `not_sent`).
pub fn near_station(distance_m: f64) -> bool {
    distance_m < 200.0
}
