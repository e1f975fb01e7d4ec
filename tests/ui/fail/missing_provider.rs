use disclosure::disclose;

#[disclose(data = [ip_address], purpose = [analytics])]
fn page_view() {}

fn main() {}
