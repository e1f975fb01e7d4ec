//! CommonMark, per language, in a layout.

use crate::foundation::diagnostic::Error;
use crate::model::Notice;
use crate::render::format::{OutputFormat, Takes};
use crate::render::{Options, template};

pub(super) struct Markdown;

impl OutputFormat for Markdown {
    fn id(&self) -> &'static str {
        "markdown"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["md"]
    }

    fn summary(&self) -> &'static str {
        "CommonMark, per language, in a layout"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            layout: true,
            fragment: false,
            template: true,
        }
    }

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
        template::render(
            notice,
            options,
            &template::Kind {
                entry: "notice.md.j2",
                separator: "\n\n---\n\n",
                page: None,
                tidy: template::tidy_markdown,
            },
        )
    }
}
