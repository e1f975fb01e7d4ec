//! Every output format × language × example, as insta snapshots: the reviewer's view of a change.
//! Run `cargo insta review` after a change to the notice, the catalogue or the templates.

mod common;

use disclosure_core::localized::Lang;
use disclosure_core::render::{self, Format, Options};

fn notice(example: &str) -> disclosure_core::model::Notice {
    disclosure_core::generate::notice(Some(&common::example_manifest(example)))
        .unwrap()
        .0
}

#[test]
fn every_format_language_and_example() {
    for example in ["door", "hennge"] {
        let notice = notice(example);
        for format in [Format::Markdown, Format::Html, Format::Mermaid] {
            for lang in Lang::ALL {
                let out = render::render(&notice, format, lang).unwrap();
                insta::assert_snapshot!(format!("{example}-{format}-{lang}"), out);
            }
        }
        let json = render::render(&notice, Format::Json, Lang::Ja).unwrap();
        insta::assert_snapshot!(format!("{example}-json"), json);
    }
}

#[test]
fn both_languages_in_one_page_and_an_embeddable_fragment() {
    let notice = notice("door");
    let both = Options {
        langs: vec![Lang::Ja, Lang::En],
        ..Options::new(Format::Html, Lang::Ja)
    };
    insta::assert_snapshot!(
        "door-html-ja-en",
        render::render_with(&notice, &both).unwrap()
    );
    let fragment = Options {
        fragment: true,
        ..Options::new(Format::Html, Lang::En)
    };
    insta::assert_snapshot!(
        "door-html-fragment-en",
        render::render_with(&notice, &fragment).unwrap()
    );
}
