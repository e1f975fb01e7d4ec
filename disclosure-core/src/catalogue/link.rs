//! Links a notice may carry: `https:` addresses with a host, nothing that a renderer could turn
//! into script or markup.

use crate::foundation::diagnostic::{Code, Diagnostic};

/// What an `http:` link is: refused (the default), or a warning where the catalogue that states it
/// says `[notice] allow_http_links = true`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HttpLinks {
    /// An `http:` link is an error.
    #[default]
    Refused,
    /// An `http:` link is a warning.
    Warned,
}

/// Checks that `url` is a link a notice may carry: `https:` with a host (`http:` is an error), never
/// `javascript:`, `data:` or anything else. The diagnostic has no location yet.
pub fn check_link(url: &str) -> Result<(), Box<Diagnostic>> {
    check_link_with(url, HttpLinks::Refused)
}

/// [`check_link`], with `http:` links refused or warned of as `http` says.
///
/// A link is `https://` (or `http://`) and a host, optionally a port, then anything from the first
/// `/`, `?` or `#`. Refused: no host (`https://?x`, `https://:443`), user information
/// (`https://user@host`, which reads as another host), a backslash (browsers read it as `/`, and
/// in Markdown it escapes the `)` that ends the link), whitespace, control characters, `<`, `>`,
/// `"` and `` ` ``.
pub fn check_link_with(url: &str, http: HttpLinks) -> Result<(), Box<Diagnostic>> {
    let invalid = |message: String, help: &str| {
        Err(Box::new(
            Diagnostic::error(Code::LinkInvalid, message).help(help.to_string()),
        ))
    };
    let bad_char = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\'));
    if let Some(c) = bad_char {
        let help = if c == '\\' {
            "write `/`, or percent-encode the backslash as %5C"
        } else {
            "percent-encode the character (a space is %20)"
        };
        return invalid(
            format!("link `{}` contains {c:?}", url.escape_debug()),
            help,
        );
    }
    let lower = url.to_ascii_lowercase();
    let (rest, secure) = if let Some(rest) = lower.strip_prefix("https://") {
        (&url[url.len() - rest.len()..], true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (&url[url.len() - rest.len()..], false)
    } else {
        return invalid(
            format!("link `{url}` is not an https: address"),
            "a notice may only link to https: pages (http: where `[notice] allow_http_links` allows it); javascript:, data: and relative links are refused",
        );
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return invalid(
            format!("link `{url}` has user information before its host"),
            "drop the `…@` part: a reader would take what precedes `@` for the site",
        );
    }
    if !has_host(authority) {
        return invalid(
            format!("link `{url}` has no host"),
            "write a full address such as https://example.com/privacy",
        );
    }
    if secure {
        return Ok(());
    }
    let message = format!("link `{url}` is not https");
    Err(Box::new(match http {
        HttpLinks::Refused => Diagnostic::error(Code::LinkInsecure, message).help(
            "use the https address; if the site has none, `allow_http_links = true` under `[notice]` makes this a warning",
        ),
        HttpLinks::Warned => Diagnostic::warning(Code::LinkInsecure, message)
            .help("use the https address if the site has one"),
    }))
}

/// Whether `authority` (what lies between `//` and the path) is a host, optionally with a port:
/// a name of letters, digits, `-`, `_` and non-empty dot-separated labels, or a bracketed IPv6
/// address; a port is 1 to 5 digits.
fn has_host(authority: &str) -> bool {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return false;
        };
        let address = &inner[..close];
        if address.is_empty()
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return false;
        }
        match &inner[close + 1..] {
            "" => ("ipv6", None),
            after => match after.strip_prefix(':') {
                Some(port) => ("ipv6", Some(port)),
                None => return false,
            },
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        })
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
            "https://#x",
            "https://:443",
            "https://:443/path",
            "https://@x",
            "https://user:pass@example.com/",
            "https://example.com:/",
            "https://example.com:99999999/",
            "https://./",
            "https://a..b/",
            "https://[/",
            "https://[::1]x/",
            "https://exa%6dple.com/",
            "https:// example.com",
            "https:/example.com",
            "https://example.com/a\\",
            "https://example.com\\@evil.example/",
        ] {
            let d = check_link(bad).unwrap_err();
            assert!(d.is_error(), "{bad}");
            assert_eq!(d.code, Code::LinkInvalid, "{bad}");
        }
        for good in [
            "https://example.com/a?b=c#d",
            "HTTPS://Example.COM/",
            "https://example.com:8443/x",
            "https://example.com./",
            "https://[2001:db8::1]:443/",
            "https://例え.jp/",
            "https://a_b.example.com",
            "https://example.com/@user",
            "https://example.com/a_(b)",
        ] {
            assert!(check_link(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn http_is_an_error_unless_allowed() {
        let d = check_link("http://example.com").unwrap_err();
        assert!(d.is_error());
        assert_eq!(d.code, Code::LinkInsecure);
        let d = check_link_with("http://example.com", HttpLinks::Warned).unwrap_err();
        assert!(!d.is_error());
        assert_eq!(d.code, Code::LinkInsecure);
        // Allowed or not, an http link still needs a host.
        let d = check_link_with("http://?x", HttpLinks::Warned).unwrap_err();
        assert!(d.is_error());
    }
}
