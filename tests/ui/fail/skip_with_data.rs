use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct PageView {
    #[disclose(data = page_url, skip = "never sent")]
    url: String,
}

fn main() {}
