use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct PageView {
    #[disclose(data = page_url)]
    url: String,
    #[disclose(skip)]
    cache: Vec<u8>,
}

fn main() {}
