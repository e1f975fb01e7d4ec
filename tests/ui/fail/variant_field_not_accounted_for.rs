use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
enum Event {
    Click(#[disclose(data = usage_history)] u32, String),
    Quit,
}

fn main() {}
