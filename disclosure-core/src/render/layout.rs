//! How a notice is laid out: one template per layout under `templates/layouts/`, listed once in
//! [`LAYOUTS`]. A layout is written once for every laid-out format: it calls the format's leaves
//! (`leaves.md.j2`, `leaves.html.j2`) and the shared parts, so Markdown and HTML cannot disagree
//! about what a layout shows. Its first comment is its summary.

use std::fmt;

/// A layout of the registry.
#[derive(Debug)]
pub(crate) struct LayoutDef {
    id: &'static str,
    source: &'static str,
}

/// Declares the layouts, one line each: the id, which is also the template's file name.
macro_rules! layouts {
    ($($(#[$meta:meta])* $id:literal),+ $(,)?) => {
        /// Every layout, in the order `--help` lists them; the first is the default.
        pub(crate) static LAYOUTS: &[LayoutDef] = &[$($(#[$meta])* LayoutDef {
            id: $id,
            source: include_str!(concat!("../../templates/layouts/", $id, ".j2")),
        }),+];
    };
}

layouts![
    "by-recipient",
    "recipient-table",
    "by-data",
    // A layout of the unit tests only: the registry's end-to-end test adds it as any layout is
    // added (`pipeline/registry_tests.rs`).
    #[cfg(test)]
    "registry-test",
];

/// A layout: cheap to copy and compare (by id).
#[derive(Clone, Copy)]
pub struct Layout(&'static LayoutDef);

impl Layout {
    /// Every layout, in order.
    pub fn all() -> impl Iterator<Item = Layout> {
        LAYOUTS.iter().map(Layout)
    }

    /// The layout with this id.
    pub fn from_id(id: &str) -> Option<Layout> {
        Layout::all().find(|l| l.id() == id)
    }

    /// Every id, in order.
    pub fn ids() -> Vec<&'static str> {
        Layout::all().map(|l| l.id()).collect()
    }

    /// The layout with this id, for ids fixed in code (tests, examples).
    ///
    /// # Panics
    ///
    /// When no layout has that id.
    #[track_caller]
    pub fn named(id: &str) -> Layout {
        Layout::from_id(id).unwrap_or_else(|| panic!("no layout `{id}`"))
    }

    /// The id (`by-recipient`).
    pub fn id(self) -> &'static str {
        self.0.id
    }

    /// What it shows, in one sentence: the first comment of its template.
    pub fn summary(self) -> String {
        let source = self.0.source;
        let body = source
            .strip_prefix("{#-")
            .and_then(|s| s.split_once("-#}"))
            .map_or("", |(comment, _)| comment);
        let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
        text.strip_prefix(&format!("{}:", self.id()))
            .unwrap_or(&text)
            .trim()
            .to_string()
    }

    /// The template's text.
    pub(crate) fn source(self) -> &'static str {
        self.0.source
    }
}

impl Default for Layout {
    fn default() -> Layout {
        Layout(&LAYOUTS[0])
    }
}

impl PartialEq for Layout {
    fn eq(&self, other: &Layout) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Layout {}

impl fmt::Debug for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Layout({})", self.id())
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Layout, String> {
        Layout::from_id(s).ok_or_else(|| {
            let ids = Layout::ids();
            let mut text = format!("unknown layout `{s}`: use one of {}", ids.join(", "));
            if let Some(hint) = crate::foundation::suggest::did_you_mean(s, ids.iter().copied()) {
                text = format!("{text} ({hint})");
            }
            text
        })
    }
}

impl serde::Serialize for Layout {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_has_a_summary_and_parses_by_its_id() {
        for layout in Layout::all() {
            assert_eq!(layout.id().parse::<Layout>(), Ok(layout));
            assert!(!layout.summary().is_empty(), "{layout}");
            assert!(!layout.summary().starts_with(layout.id()), "{layout}");
        }
        assert!(
            "by-recipent"
                .parse::<Layout>()
                .unwrap_err()
                .contains("by-recipient")
        );
    }
}
