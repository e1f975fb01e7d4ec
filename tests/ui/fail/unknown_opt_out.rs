use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [usage_history], purpose = [analytics], opt_out = "usage-settings")]
fn event() {}

fn main() {}
