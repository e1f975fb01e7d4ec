//! Web assets and templates: HTML and its template languages (askama, tera, minijinja,
//! handlebars, …, Trunk's `index.html`), JavaScript and TypeScript. The providers' hosts they load
//! from or allow (a script, a pixel, an iframe, a Content-Security-Policy source), and the
//! transmissions their comments declare ([`super::comments`]).
//!
//! In markup, a host counts where something is loaded or allowed: a tag's attributes (not a link
//! the user may follow, `<a href>`), an inline script, a Content-Security-Policy meta tag. Text
//! that only mentions a host, and comments, do not.

use std::path::Path;

use super::{Context, Discovered, Discoverer, FileScan, comments};
use crate::declaration::{Covering, Sighting, SightingContext, SightingKind};
use crate::foundation::diagnostic::Location;

/// A kind of place in a web asset: a declaration in (or for) its file covers it.
const fn kind(id: &'static str, description: &'static str) -> SightingKind {
    SightingKind {
        id,
        description,
        covered_by: Covering::File,
    }
}

/// `<script src>`, an inline script, or a URL in a script.
pub const SCRIPT: SightingKind = kind("script", "script");
/// `<img>`: a pixel.
pub const PIXEL: SightingKind = kind("pixel", "pixel (img)");
/// `<iframe>`.
pub const FRAME: SightingKind = kind("frame", "iframe");
/// `<link>` (a stylesheet, a preconnect).
pub const LINK: SightingKind = kind("link", "link tag");
/// A Content-Security-Policy source (a meta tag, a header, Tauri's `csp`).
pub const CSP: SightingKind = kind("csp", "Content-Security-Policy source");
/// Another URL in a tag of a web asset or template.
pub const URL: SightingKind = kind("url", "URL in a web asset");

/// Markup and scripts.
pub(super) struct Web;

impl Discoverer for Web {
    fn id(&self) -> &'static str {
        "web"
    }

    fn kinds(&self) -> &'static [SightingKind] {
        &[SCRIPT, PIXEL, FRAME, LINK, CSP, URL]
    }

    fn reads(&self, path: &Path) -> bool {
        markup(path) || script(path)
    }

    fn scan(&self, file: &FileScan<'_>, cx: &Context<'_>, out: &mut Discovered) {
        let text = file.text;
        if text.contains("disclose(") {
            comments::comment_annotations(file, cx.catalogue, out);
        }
        if !cx.hosts.may_match(text.as_bytes()) {
            return;
        }
        let is_markup = markup(file.shown);
        // Lower case once (ASCII only, so byte offsets stay): tags and attributes are found
        // without case.
        let lower = text.to_ascii_lowercase();
        for hit in cx.hosts.hosts(text) {
            let kind = if is_markup {
                match markup_context(&lower, hit.start) {
                    Some(k) => k,
                    None => continue,
                }
            } else {
                SCRIPT
            };
            out.found.push(Sighting {
                kind,
                what: hit.host,
                providers: hit.providers,
                at: Location::of_span(file.shown, text, hit.start..hit.end),
                package: file.package.to_string(),
                context: SightingContext::Other,
            });
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// HTML or a template.
fn markup(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "html"
            | "htm"
            | "xhtml"
            | "j2"
            | "jinja"
            | "jinja2"
            | "tera"
            | "hbs"
            | "handlebars"
            | "mustache"
            | "liquid"
            | "askama"
            | "vue"
            | "svelte"
    )
}

/// JavaScript or TypeScript.
fn script(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx"
    )
}

/// What a host at `offset` of markup (lower-cased) is part of, or `None` when it is only
/// mentioned (text, a comment, a link to follow).
fn markup_context(lower: &str, offset: usize) -> Option<SightingKind> {
    let before = &lower[..offset];
    let last = |needle: &str| before.rfind(needle);
    let after = |open: Option<usize>, close: Option<usize>| {
        open.is_some_and(|o| close.is_none_or(|c| c < o))
    };
    if after(last("<!--"), last("-->")) {
        return None;
    }
    // An inline script (its tag or its body): `<` in its code is no tag.
    if after(last("<script"), last("</script")) {
        return Some(SCRIPT);
    }
    // Inside a tag: its name decides.
    if after(last("<"), last(">")) {
        let lt = last("<").unwrap_or_default();
        let tag = &lower[lt + 1..offset];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        return match name.as_str() {
            "a" | "" => None,
            "img" | "picture" | "source" => Some(PIXEL),
            "iframe" | "frame" | "embed" | "object" => Some(FRAME),
            "link" => Some(LINK),
            "meta" if tag.contains("content-security-policy") => Some(CSP),
            _ => Some(URL),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_counts_what_loads_not_what_mentions() {
        let page = r#"<html><head>
<meta http-equiv="Content-Security-Policy" content="script-src https://a.example">
<script async src="https://a.example/x.js"></script>
<SCRIPT>if (a < b) fetch("https://a.example/c")</SCRIPT>
<!-- https://a.example in a comment -->
</head><body><a href="https://a.example/privacy">privacy</a> a.example
<img src="https://a.example/p.gif"><iframe src="https://a.example/f"></iframe>
</body></html>"#;
        let lower = page.to_ascii_lowercase();
        let kinds: Vec<Option<SightingKind>> = page
            .match_indices("a.example")
            .map(|(i, _)| markup_context(&lower, i))
            .collect();
        assert_eq!(
            kinds,
            [
                Some(CSP),
                Some(SCRIPT),
                Some(SCRIPT),
                None,
                None,
                None,
                Some(PIXEL),
                Some(FRAME),
            ]
        );
    }

}
