//! Serves the notice of the code it was built from: `build.rs` generates it into OUT_DIR and the
//! binary embeds it, so the published notice can never be older than the code that sends the data.
//!
//! ```text
//! cargo run -p notice-server                       # http://127.0.0.1:8080/
//! cargo run -p notice-server -- --print            # the Japanese notice on standard output
//! cargo run -p notice-server -- --addr 127.0.0.1:0 # any free port (printed on the first line)
//! ```

use disclosure::disclose;

const NOTICE_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.html"));
const NOTICE_JA_MD: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.ja.md"));
const NOTICE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.json"));

/// The page-view tag every page of the service carries.
#[disclose(
    provider = "google-analytics",
    data = [ip_address, page_url, referrer, browser_type],
    purpose = [analytics],
)]
fn analytics_tag() -> &'static str {
    r#"<script async src="https://www.googletagmanager.com/gtag/js"></script>"#
}

/// The response to a request for `path`: status, content type, body.
fn respond(path: &str) -> (u16, &'static str, String) {
    match path {
        "/" | "/notice.html" => (200, "text/html; charset=utf-8", NOTICE_HTML.to_string()),
        "/notice.ja.md" => (
            200,
            "text/markdown; charset=utf-8",
            NOTICE_JA_MD.to_string(),
        ),
        "/notice.json" => (200, "application/json", NOTICE_JSON.to_string()),
        "/page" => (
            200,
            "text/html; charset=utf-8",
            format!(
                "<!DOCTYPE html><html lang=\"ja\"><head><title>page</title>{}</head><body><a href=\"/\">外部送信について</a></body></html>",
                analytics_tag()
            ),
        ),
        _ => (404, "text/plain; charset=utf-8", "not found\n".to_string()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--print") {
        print!("{NOTICE_JA_MD}");
        return;
    }
    let addr = args
        .iter()
        .position(|a| a == "--addr")
        .and_then(|i| args.get(i + 1))
        .map_or("127.0.0.1:8080", String::as_str);
    let server = tiny_http::Server::http(addr).unwrap_or_else(|e| {
        eprintln!("cannot listen on {addr}: {e}");
        std::process::exit(2);
    });
    match server.server_addr().to_ip() {
        Some(bound) => println!("listening on http://{bound}/"),
        None => println!("listening on {addr}"),
    }
    for request in server.incoming_requests() {
        let (status, content_type, body) = respond(request.url());
        let header =
            tiny_http::Header::from_bytes("Content-Type", content_type).expect("a valid header");
        let response = tiny_http::Response::from_string(body)
            .with_status_code(status)
            .with_header(header);
        if let Err(e) = request.respond(response) {
            eprintln!("cannot respond: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_embedded_notice() {
        let (status, content_type, body) = respond("/");
        assert_eq!((status, content_type), (200, "text/html; charset=utf-8"));
        assert!(body.contains("<html lang=\"ja\">"));
        assert!(body.contains("Google アナリティクス"));
        assert_eq!(respond("/nope").0, 404);
    }
}
