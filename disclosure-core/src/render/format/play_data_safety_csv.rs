//! Google Play's Data safety form, in the Play Console's CSV import format.

use crate::foundation::diagnostic::{Diagnostic, Error};
use crate::model::Notice;
use crate::render::Options;
use crate::render::export::{self, Platform};
use crate::render::format::{OutputFormat, Takes};

pub(super) struct PlayDataSafetyCsv;

impl OutputFormat for PlayDataSafetyCsv {
    fn id(&self) -> &'static str {
        "play-data-safety-csv"
    }

    fn summary(&self) -> &'static str {
        "Google Play's Data safety form (the Play Console's CSV import)"
    }

    fn takes(&self) -> Takes {
        Takes::default()
    }

    fn render(&self, notice: &Notice, _: &Options) -> Result<String, Error> {
        export::play_data_safety_csv(notice)
    }

    fn omissions(&self, notice: &Notice) -> Vec<Diagnostic> {
        export::unmapped(notice, Platform::Play)
    }
}
