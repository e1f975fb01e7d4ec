//! Apple's privacy manifest, `PrivacyInfo.xcprivacy` (through the crosswalk in the vocabulary).

use crate::foundation::diagnostic::{Diagnostic, Error};
use crate::model::Notice;
use crate::render::Options;
use crate::render::export::{self, Platform};
use crate::render::format::{OutputFormat, Takes};

pub(super) struct Xcprivacy;

impl OutputFormat for Xcprivacy {
    fn id(&self) -> &'static str {
        "xcprivacy"
    }

    fn summary(&self) -> &'static str {
        "Apple's privacy manifest (PrivacyInfo.xcprivacy)"
    }

    fn takes(&self) -> Takes {
        Takes::default()
    }

    fn render(&self, notice: &Notice, _: &Options) -> Result<String, Error> {
        export::xcprivacy(notice)
    }

    fn omissions(&self, notice: &Notice) -> Vec<Diagnostic> {
        export::unmapped(notice, Platform::Apple)
    }
}
