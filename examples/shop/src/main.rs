//! An online shop. It measures page views with Google Analytics itself, and records product events
//! through `analytics-sdk`, whose own declaration joins this notice when the `analytics` feature is
//! on (the default): `cargo disclosure generate --manifest-path examples/shop/Cargo.toml`, and
//! with `--no-default-features` it is gone.

use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
fn page_view(url: &str) -> usize {
    url.len()
}

fn main() {
    let sent = analytics_sdk::record(&analytics_sdk::Event { name: "checkout" });
    println!(
        "page view of {} bytes; event sent: {sent}",
        page_view("/cart")
    );
}
