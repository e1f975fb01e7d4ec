use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytic])]
struct PageView {
    #[disclose(data = page_url)]
    url: String,
}

fn main() {}
