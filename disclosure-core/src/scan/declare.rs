//! An annotation as a declaration: the one place where the parser's output, with its spans,
//! becomes the neutral [`Declaration`] every later stage reads. The module walk and the
//! declarations written outside Rust (comments, `[[transmission]]`) both come through it.

use crate::annotation::{self, Annotation, Transmission};
use crate::declaration::{DataUse, Declaration, Located};
use crate::foundation::diagnostic::Location;

/// A parsed annotation as a neutral declaration, each span placed by `loc`.
pub(crate) fn declaration_at(
    package: &str,
    item: String,
    at: Location,
    a: &Annotation,
    loc: &dyn Fn(proc_macro2::Span) -> Location,
) -> Declaration {
    let located = |s: &annotation::Spanned<String>| Located::new(s.value.clone(), loc(s.span));
    let t: &Transmission = &a.transmission;
    Declaration {
        package: package.to_string(),
        item,
        at,
        provider: located(&t.provider),
        data: a
            .data
            .iter()
            .map(|d| DataUse {
                id: located(&d.id),
                qualifiers: d.qualifiers.iter().map(|q| q.value).collect(),
                when: d.when.iter().map(located).collect(),
            })
            .collect(),
        purposes: t.purposes.iter().map(located).collect(),
        when: t.when.iter().map(located).collect(),
        mechanism: t
            .mechanism
            .as_ref()
            .map(|m| Located::new(m.value, loc(m.span))),
        basis: t.basis.as_ref().map(|b| Located::new(b.value, loc(b.span))),
        reason: t.reason.as_ref().map(located),
        opt_out: t.opt_out.as_ref().map(located),
        origin: t
            .origin
            .as_ref()
            .map(|o| Located::new(o.value, loc(o.span))),
        review: t.review.as_ref().map(located),
        covers: None,
        targets: Vec::new(),
        keys: a
            .keys
            .iter()
            .map(|(key, item)| (key.value.clone(), item.value.clone()))
            .collect(),
    }
}
