//! A capture format of the unit tests only: `METHOD URL` per line. The registry's end-to-end test
//! (`pipeline/registry_tests.rs`) adds it as any capture format is added: this file and one line
//! in `READERS`.

use std::io::BufRead;
use std::path::Path;

use super::{CaptureReader, Request, invalid};
use crate::foundation::diagnostic::Error;

pub(super) struct RegistryTest;

impl CaptureReader for RegistryTest {
    fn id(&self) -> &'static str {
        "registry-test"
    }

    fn summary(&self) -> &'static str {
        "the unit tests' request lines"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["registry-test"]
    }

    fn recognises(&self, _start: &str) -> bool {
        false
    }

    fn read(
        &self,
        path: &Path,
        reader: &mut dyn BufRead,
        each: &mut dyn FnMut(Request),
    ) -> Result<usize, Error> {
        let mut count = 0;
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| invalid(path, i + 1, 1, e))?;
            let Some((method, url)) = line.split_once(' ') else {
                continue;
            };
            count += 1;
            each(Request {
                method: method.to_string(),
                url: url.to_string(),
                entry: i + 1,
                ..Request::default()
            });
        }
        Ok(count)
    }
}
