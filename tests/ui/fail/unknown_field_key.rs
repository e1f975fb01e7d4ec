use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct PageView {
    #[disclose(dat = page_url)]
    url: String,
}

fn main() {}
