use disclosure::Disclose;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics])]
struct SignUp {
    #[disclose(data = user_id)]
    user: u64,
    email: String,
}

fn main() {}
