use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct Event {
    #[disclose(data = [usage_history])]
    name: String,
    #[disclose(skip = "used on the device only", when = "logged-in")]
    draft: String,
}

fn main() {}
