use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics")]
struct PageView {
    #[disclose(data = page_url)]
    url: String,
}

fn main() {}
