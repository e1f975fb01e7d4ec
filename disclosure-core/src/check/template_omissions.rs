//! A user template must still say what the law requires: for each recipient, the legal entity,
//! the information sent and the purposes. Checked on what the template really rendered, in each
//! language, so a template that drops a field (or prints the wrong one) is found whatever its
//! shape.

use crate::foundation::commonmark;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// What a rendered notice leaves out: each recipient's entity, each data item and each purpose a
/// device transmission states, in each of `langs`. One warning naming every omission.
pub fn omissions(notice: &Notice, langs: &[Lang], rendered: &str) -> Option<Diagnostic> {
    let shows = |text: &str| {
        rendered.contains(text)
            || rendered.contains(&commonmark::escape(text))
            || rendered.contains(&html(text))
    };
    let mut missing: Vec<String> = Vec::new();
    for &lang in langs {
        let mut expect = |what: String, text: Option<&str>| {
            if let Some(text) = text
                && !text.trim().is_empty()
                && !shows(text)
                && !missing.contains(&what)
            {
                missing.push(what);
            }
        };
        for r in &notice.recipients {
            let device: Vec<_> = r.device_transmissions().collect();
            if device.is_empty() {
                continue;
            }
            expect(
                format!("[{lang}] the entity of `{}`", r.id),
                r.facts.entity().and_then(|e| e.get(lang)),
            );
            for t in device {
                for d in &t.data {
                    let label = notice.data_item(&d.id).and_then(|i| i.label.get(lang));
                    expect(format!("[{lang}] data item `{}`", d.id), label);
                }
                for p in &t.purposes {
                    let label = notice.purpose(p).and_then(|x| x.label.get(lang));
                    expect(format!("[{lang}] purpose `{p}`",), label);
                }
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::TemplateOmits,
            format!(
                "the template leaves out what Art. 27-12 requires: {}",
                missing.join(", ")
            ),
        )
        .help("print each recipient's `entity` and each transmission's `data` and `purposes` (docs/output.md lists the template context), or use the built-in template"),
    )
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}
