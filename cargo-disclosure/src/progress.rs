//! Progress on long work, drawn on standard error only when it is a terminal and the messages are
//! for people: piped, in a CI log or with `--message-format json`, nothing is printed.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::Report;

/// A progress bar, or nothing where none is drawn.
#[derive(Debug)]
pub(crate) struct Progress(Option<ProgressBar>);

impl Progress {
    /// Progress through `total` bytes, labelled `what`.
    pub(crate) fn bytes(report: &Report, total: u64, what: &str) -> Progress {
        Progress::new(report, total, "{bytes}/{total_bytes}", what)
    }

    /// Progress through `total` things, labelled `what`.
    pub(crate) fn count(report: &Report, total: u64, what: &str) -> Progress {
        Progress::new(report, total, "{pos}/{len}", what)
    }

    fn new(report: &Report, total: u64, amount: &str, what: &str) -> Progress {
        let target = ProgressDrawTarget::stderr();
        if !report.for_people() || target.is_hidden() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total), target);
        bar.set_style(
            ProgressStyle::with_template(&format!("{{prefix}} {{wide_bar}} {amount} {{msg}}"))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_prefix(what.to_string());
        Progress(Some(bar))
    }

    /// Moves to `position`, with `message` after the bar.
    pub(crate) fn set(&self, position: u64, message: impl FnOnce() -> String) {
        if let Some(bar) = &self.0 {
            bar.set_position(position);
            if bar.is_finished() {
                return;
            }
            bar.set_message(message());
        }
    }

    /// Sets how much there is to do, once it is known.
    pub(crate) fn set_length(&self, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
        }
    }

    /// Clears the bar: what follows prints as if it had never been there.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
