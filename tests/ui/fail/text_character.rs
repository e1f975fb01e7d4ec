use disclosure::disclose;

// A right-to-left override would make the published reason read differently from its source.
#[disclose(
    provider = "google-analytics",
    data = [ip_address],
    purpose = [security],
    basis = essential,
    reason = "crash reports \u{202E}are never sold"
)]
fn report_crash() {}

fn main() {
    report_crash();
}
