use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [crash_log], purpose = [error_monitoring], basis = opt_out, opt_out = "crash-reports")]
fn crash() {}

fn main() {}
