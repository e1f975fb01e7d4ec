//! A Mermaid flow diagram (data items → transmissions → purposes) in a fenced block, per language.

use crate::foundation::diagnostic::Error;
use crate::model::Notice;
use crate::render::format::{OutputFormat, Takes};
use crate::render::{Options, template};

pub(super) struct Mermaid;

impl OutputFormat for Mermaid {
    fn id(&self) -> &'static str {
        "mermaid"
    }

    fn summary(&self) -> &'static str {
        "a Mermaid diagram of where each kind of data goes, per language"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            layout: false,
            fragment: false,
            template: true,
        }
    }

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
        template::render(
            notice,
            options,
            &template::Kind {
                entry: "notice.mmd.j2",
                separator: "\n\n",
                page: None,
                tidy: template::untouched,
            },
        )
    }
}
