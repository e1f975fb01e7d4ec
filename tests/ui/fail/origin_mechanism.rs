use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics], origin = server, mechanism = tag)]
fn measure_on_the_server() {}

fn main() {}
