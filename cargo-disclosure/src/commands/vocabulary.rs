//! `cargo disclosure vocabulary`: the built-in data items and purposes.

use disclosure_core::catalogue::vocabulary::vocabulary;
use disclosure_core::foundation::diagnostic::Error;
use disclosure_core::foundation::localized::Lang;

use crate::Outcome;
use crate::terminal;

pub(crate) fn run() -> Result<Outcome, Error> {
    let v = vocabulary();
    let mut out = String::new();
    for (heading, terms) in [("Data items", &v.data_items), ("Purposes", &v.purposes)] {
        out.push_str(&format!("{heading}:\n"));
        let width = terms.iter().map(|t| t.id.len()).max().unwrap_or(0);
        for t in terms {
            out.push_str(&format!(
                "  {:width$}  {} / {}\n",
                t.id,
                t.label.get(Lang::Ja).unwrap_or_default(),
                t.label.get(Lang::En).unwrap_or_default(),
            ));
        }
        out.push('\n');
    }
    terminal::write_stdout(&out)
}
