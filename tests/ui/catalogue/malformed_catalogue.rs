//! A broken catalogue is one fault: it is reported once, by the first macro that reads it, not at
//! every annotation.

use disclosure::{Disclose, disclose};

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
fn page_view() {}

#[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
fn page_url() {}

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct Visit {
    #[disclose(data = referrer)]
    referrer: String,
}

fn main() {}
