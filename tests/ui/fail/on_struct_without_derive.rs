use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
struct PageView {
    url: String,
}

fn main() {}
