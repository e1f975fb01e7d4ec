use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics], keys = { "url" = page_url, "ref" = referrer })]
fn page_view() {}

fn main() {
    page_view();
}
