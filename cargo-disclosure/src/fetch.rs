//! Fetching the built-in catalogue's sources for `catalogue --recheck`: https only, with a timeout
//! and a cap on what is read. A test serves pages from the loopback address through `Https::via`,
//! so no test reaches the internet. The network code (an HTTP client and TLS) is compiled only
//! with the `recheck` feature: the default install needs none of it.

#[cfg(feature = "recheck")]
use std::io::Read;
#[cfg(feature = "recheck")]
use std::time::Duration;

use disclosure_core::catalogue::builtin::recheck::Fetch;
use disclosure_core::foundation::diagnostic::Error;
#[cfg(not(feature = "recheck"))]
use disclosure_core::foundation::diagnostic::{Code, Diagnostic};

/// What fetches the pages: an https client, in a build with the `recheck` feature.
pub(crate) fn https() -> Result<Box<dyn Fetch>, Error> {
    #[cfg(feature = "recheck")]
    {
        Ok(Box::new(Https::new()))
    }
    #[cfg(not(feature = "recheck"))]
    {
        Err(Diagnostic::error(
            Code::Environment,
            "this cargo-disclosure was built without network access, which `catalogue --recheck` needs",
        )
        .help("install it with the feature that fetches pages: `cargo install cargo-disclosure --locked --features recheck` (or `cargo run -p cargo-disclosure --features recheck -- catalogue --recheck` in the repository)")
        .into())
    }
}

/// The most read of one page (8 MiB).
#[cfg(feature = "recheck")]
const MAX_PAGE: u64 = 8 * 1024 * 1024;

/// Fetches `https:` pages.
#[cfg(feature = "recheck")]
pub(crate) struct Https {
    agent: ureq::Agent,
    /// Where requests really go: `https://host/path` is fetched as `{base}/host/path` (tests).
    base: Option<String>,
}

#[cfg(feature = "recheck")]
impl Https {
    pub(crate) fn new() -> Https {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(true)
            .user_agent("cargo-disclosure catalogue --recheck")
            .build()
            .into();
        Https { agent, base: None }
    }

    /// Fetches every `https://host/path` from `{base}/host/path` instead (a local test server).
    #[cfg(test)]
    pub(crate) fn via(base: &str) -> Https {
        Https {
            base: Some(base.trim_end_matches('/').to_string()),
            ..Https::new()
        }
    }
}

#[cfg(feature = "recheck")]
impl Fetch for Https {
    fn fetch(&self, url: &str) -> Result<String, String> {
        let Some(rest) = url.strip_prefix("https://") else {
            return Err("not an https address".into());
        };
        let target = match &self.base {
            Some(base) => format!("{base}/{rest}"),
            None => url.to_string(),
        };
        let response = self.agent.get(&target).call().map_err(|e| e.to_string())?;
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(MAX_PAGE)
            .read_to_end(&mut body)
            .map_err(|e| e.to_string())?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

#[cfg(all(test, feature = "recheck"))]
mod tests {
    use super::*;
    use disclosure_core::catalogue::builtin::providers::entries;
    use disclosure_core::catalogue::builtin::recheck::{Outcome, recheck};

    /// A server on 127.0.0.1 that answers every request for one page with `body`, any other with
    /// 404, until dropped.
    fn serve(page: &'static str, body: &'static str) -> (String, std::thread::JoinHandle<()>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let base = format!("http://{}", server.server_addr());
        let handle = std::thread::spawn(move || {
            for request in server.incoming_requests() {
                if request.url() == "/stop" {
                    let _ = request.respond(tiny_http::Response::empty(200));
                    break;
                }
                let response = if request.url() == page {
                    tiny_http::Response::from_string(body).with_status_code(200)
                } else {
                    tiny_http::Response::from_string("gone").with_status_code(404)
                };
                let _ = request.respond(response);
            }
        });
        (base, handle)
    }

    #[test]
    fn quotes_are_confirmed_from_a_server_on_the_loopback_address() {
        let paypal = entries().iter().find(|e| e.id == "paypal").unwrap();
        let entity = paypal
            .decl
            .candidates
            .iter()
            .find(|c| c.serves("JP"))
            .unwrap();
        let evidence = &entity.evidence[0];
        let url = evidence.url.get_ref();
        let path: &'static str =
            Box::leak(format!("/{}", url.strip_prefix("https://").unwrap()).into_boxed_str());
        let body: &'static str = Box::leak(
            format!(
                "<html><body><p>{}</p></body></html>",
                evidence.quote.get_ref()
            )
            .into_boxed_str(),
        );
        let (base, handle) = serve(path, body);
        let fetch = Https::via(&base);
        let results = recheck(entries(), Some("paypal"), &fetch);
        let mine = results
            .iter()
            .find(|r| r.url == *url && r.quote == *evidence.quote.get_ref())
            .unwrap();
        assert_eq!(mine.outcome, Outcome::Found);
        assert!(
            results
                .iter()
                .filter(|r| r.url != *url)
                .all(|r| matches!(r.outcome, Outcome::Unreachable { .. })),
            "every other page is a 404 from the local server, never the internet"
        );
        // --update-checked: the confirmed quote gets the day's date in a copy of the file.
        let dir = tempfile::tempdir().unwrap();
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../disclosure-core/data/providers/paypal.toml");
        std::fs::copy(&file, dir.path().join("paypal.toml")).unwrap();
        let written =
            crate::commands::catalogue::update_checked(dir.path(), &results, "2099-01-01").unwrap();
        assert_eq!(written.len(), 1);
        let updated = std::fs::read_to_string(dir.path().join("paypal.toml")).unwrap();
        let line = updated
            .lines()
            .find(|l| l.contains(url.as_str()) && l.contains("checked = 2099-01-01"))
            .expect("the confirmed quote's line carries the new date");
        assert!(line.contains("document_date"), "{line}");
        assert_eq!(
            updated.matches("2099-01-01").count(),
            written[0].1,
            "only the confirmed quotes changed"
        );
        assert!(Https::via(&base).fetch("http://example.com/").is_err());
        let _ = fetch.fetch("https://stop");
        let _ = ureq::get(&format!("{base}/stop")).call();
        handle.join().unwrap();
    }
}
