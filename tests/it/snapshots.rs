//! Renderings that no committed file pins, as insta snapshots: the Mermaid diagram and the
//! embeddable HTML fragment. The published formats (Markdown, the HTML page, JSON) are pinned once,
//! by the examples' committed notices (`facts::committed_example_notices_are_fresh`). Run
//! `cargo insta review` after a change to the templates.

use disclosure_core::foundation::localized::Lang;
use disclosure_core::render::{self, Format, Options};

fn notice(example: &str) -> disclosure_core::model::Notice {
    disclosure_core::pipeline::notice(Some(&crate::common::example_manifest(example)))
        .unwrap()
        .0
}

#[test]
fn the_diagram_in_english() {
    let out = render::render(&notice("door"), Format::named("mermaid"), Lang::En).unwrap();
    insta::assert_snapshot!("door-mermaid-en", out);
}

#[test]
fn an_embeddable_fragment() {
    let fragment = Options {
        fragment: true,
        ..Options::new(Format::named("html"), Lang::En)
    };
    insta::assert_snapshot!(
        "door-html-fragment-en",
        render::render_with(&notice("door"), &fragment).unwrap()
    );
}
