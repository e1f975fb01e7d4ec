use disclosure::disclose;

/// Stands in for `serde_json::json!`: the macro reads the object's keys either way.
macro_rules! json {
    ($($tokens:tt)*) => {
        ()
    };
}

#[disclose(provider = "google-analytics", data = [page_url, os_type], purpose = [analytics], keys = { "url" = page_url, "v" = none })]
fn page_view(_url: &str) {
    let _body = json!({
        "v": 2,
        "url": _url,
        "device": { "os": std::env::consts::OS },
    });
}

fn main() {
    page_view("/");
}
