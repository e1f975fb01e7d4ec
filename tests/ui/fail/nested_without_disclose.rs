use disclosure::Disclose;

struct Device {
    os: String,
}

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct PageView {
    #[disclose(nested)]
    device: Device,
}

fn main() {}
