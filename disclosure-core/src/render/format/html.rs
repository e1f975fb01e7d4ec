//! HTML5, per language, in a layout: a standalone page, or with `fragment` only the notice's
//! content to embed in a page.

use crate::foundation::diagnostic::Error;
use crate::model::Notice;
use crate::render::format::{OutputFormat, Takes};
use crate::render::{Options, template};

pub(super) struct Html;

impl OutputFormat for Html {
    fn id(&self) -> &'static str {
        "html"
    }

    fn summary(&self) -> &'static str {
        "an HTML5 page (or with `fragment` the notice alone, to embed), per language, in a layout"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            layout: true,
            fragment: true,
            template: true,
        }
    }

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
        template::render(
            notice,
            options,
            &template::Kind {
                entry: "notice.html.j2",
                separator: "\n\n",
                page: Some("page.html.j2"),
                tidy: template::tidy_html,
            },
        )
    }
}
