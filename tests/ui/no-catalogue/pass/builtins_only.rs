//! A crate with no catalogue on its path is checked against the built-in one: built-in providers,
//! data items and purposes compile.

use disclosure::{Disclose, disclose};

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
fn page_view() {}

#[derive(Disclose)]
#[disclose(provider = "sentry", purpose = [error_monitoring])]
struct Crash {
    #[disclose(data = crash_log)]
    report: String,
}

fn main() {
    page_view();
    let _ = Crash { report: String::new() }.report;
}
