//! The keys that make a transmission precise: several conditions, qualified data items, a named
//! opt-out, where it leaves from, and a condition on one field.

use disclosure::{Disclose, disclose};

#[disclose(
    provider = "google-analytics",
    data = [email_address(hashed), usage_history],
    purpose = [analytics],
    when = ["logged-in", "consented"],
    basis = opt_out,
    opt_out = "usage-setting",
)]
fn event() {}

#[disclose(provider = "google-analytics", data = [crash_log], purpose = [error_monitoring], opt_out = "crash-reports")]
fn crash() {}

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [security], basis = essential, reason = "不正アクセスの検知に必要なため", origin = server)]
fn audit() {}

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics], when = "consented")]
struct SignIn {
    #[disclose(data = [user_id(pseudonymised)], when = "logged-in")]
    user: u64,
    #[disclose(data = [page_url])]
    page: String,
}

fn main() {
    event();
    crash();
    audit();
    assert_eq!(SignIn::DISCLOSURE.when, ["consented"]);
    assert!(SignIn::DISCLOSURE.sends("user_id"));
    let _ = SignIn { user: 1, page: String::new() };
}
