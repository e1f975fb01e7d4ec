//! D0411: three or more recipients receive exactly the same data list: copied boilerplate, rarely
//! true of each.

use std::collections::BTreeMap;

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};

/// How many recipients may share one data list before it reads as boilerplate.
const REPEATED_LIST: usize = 3;

pub(super) struct RepeatedDataList;

impl Lint for RepeatedDataList {
    fn code(&self) -> Code {
        Code::RepeatedDataList
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut lists: BTreeMap<Vec<&str>, Vec<&str>> = BTreeMap::new();
        for r in cx.notice.recipients.iter().filter(|r| !r.first_party()) {
            let mut ids = r.data_ids();
            if ids.len() < 2 {
                continue;
            }
            ids.sort_unstable();
            lists.entry(ids).or_default().push(&r.id);
        }
        for (items, recipients) in lists {
            if recipients.len() < REPEATED_LIST {
                continue;
            }
            let names: Vec<String> = recipients.iter().map(|r| format!("`{r}`")).collect();
            out.push(
                Diagnostic::warning(
                    Code::RepeatedDataList,
                    format!(
                        "{} recipients receive exactly the same data items ({}): {}",
                        recipients.len(),
                        items.join(", "),
                        names.join(", ")
                    ),
                )
                .at_opt(recipients.iter().find_map(|r| cx.provider_at(r)))
                .help("a list copied onto every recipient is rarely true of each: check what each SDK or tag really sends and annotate that"),
            );
        }
    }
}
