//! An output format of the unit tests only: one line per transmission, its recipient and the
//! data items it sends. The registry's end-to-end test (`pipeline/registry_tests.rs`) adds it as
//! any format is added: this file and one line in `FORMATS`.

use crate::foundation::diagnostic::Error;
use crate::model::Notice;
use crate::render::Options;
use crate::render::format::{OutputFormat, Takes};

pub(super) struct RegistryTest;

impl OutputFormat for RegistryTest {
    fn id(&self) -> &'static str {
        "registry-test"
    }

    fn summary(&self) -> &'static str {
        "one line per transmission (the unit tests' own format)"
    }

    fn takes(&self) -> Takes {
        Takes::default()
    }

    fn render(&self, notice: &Notice, _: &Options) -> Result<String, Error> {
        let mut out = String::new();
        for r in &notice.recipients {
            for t in &r.transmissions {
                let data: Vec<&str> = t.data.iter().map(|d| d.id.as_str()).collect();
                out.push_str(&format!("{}: {}\n", r.id, data.join(", ")));
            }
        }
        Ok(out)
    }
}
