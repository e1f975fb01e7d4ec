//! Links a notice may carry: `https:` addresses with a host, nothing that a renderer could turn
//! into script or markup.

use crate::foundation::diagnostic::{Code, Diagnostic};

/// Checks that `url` is a link a notice may carry: `https:` (or `http:`, with a warning), never
/// `javascript:`, `data:` or anything else. The diagnostic has no location yet.
pub fn check_link(url: &str) -> Result<(), Box<Diagnostic>> {
    let lower = url.trim_start().to_ascii_lowercase();
    let bad_char = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
    if let Some(c) = bad_char {
        return Err(Box::new(
            Diagnostic::error(
                Code::LinkInvalid,
                format!("link `{}` contains {c:?}", url.escape_debug()),
            )
            .help("percent-encode the character (a space is %20)"),
        ));
    }
    if let Some(rest) = lower.strip_prefix("https://") {
        if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
            return Err(Box::new(
                Diagnostic::error(Code::LinkInvalid, format!("link `{url}` has no host"))
                    .help("write a full address such as https://example.com/privacy"),
            ));
        }
        Ok(())
    } else if lower.starts_with("http://") {
        Err(Box::new(
            Diagnostic::warning(Code::LinkInsecure, format!("link `{url}` is not https"))
                .help("use the https address if the site has one"),
        ))
    } else {
        Err(Box::new(Diagnostic::error(
            Code::LinkInvalid,
            format!("link `{url}` is not an https: address"),
        )
        .help("a notice may only link to https: pages (http: with a warning); javascript:, data: and relative links are refused")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_must_be_https_with_a_host() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/privacy",
            "https://",
            "https://?x",
            "https:// example.com",
        ] {
            assert!(check_link(bad).unwrap_err().is_error(), "{bad}");
        }
        assert!(!check_link("http://example.com").unwrap_err().is_error());
        assert!(check_link("https://example.com/a?b=c#d").is_ok());
    }
}
