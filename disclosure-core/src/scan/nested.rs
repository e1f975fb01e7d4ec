//! `#[disclose(nested)]` fields: what their type carries, found by the type's path the way the
//! compiler resolves it (the module's own items, its `use` declarations, `crate::`, `self::`,
//! `super::`, other crates), never by a bare name that two modules may share.

use std::collections::BTreeMap;

use super::visit::{FoundType, NestedField};
use crate::declaration::DataUse;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics};

/// Per module, each name a `use` brings into scope and the path it names.
pub(super) type Imports = BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>;

/// A type deriving `Disclose`, with the package it is in.
pub(super) struct Typed {
    pub package: String,
    pub found: FoundType,
    /// `use` declarations of the type's package, per module.
    pub imports: std::sync::Arc<Imports>,
}

/// The data items of `t`'s own fields and, recursively, of its nested fields' types, each once,
/// in order.
pub(super) fn collect_data(
    all: &[Typed],
    t: &Typed,
    data: &mut Vec<DataUse>,
    visiting: &mut Vec<(String, Vec<String>)>,
    diagnostics: &mut Diagnostics,
) {
    for item in &t.found.own_data {
        if !data.iter().any(|d| d.same_as(item)) {
            data.push(item.clone());
        }
    }
    let name = &t.found.name;
    for field in &t.found.nested {
        let at = field.at.clone();
        let Some(path) = &field.path else {
            diagnostics.push(
                Diagnostic::error(
                    Code::NestedUnresolved,
                    format!("nested field `{}` of `{name}` has a type the scanner cannot follow", field.name),
                )
                .at(at)
                .help("use a named type that derives Disclose, or list what the field carries with #[disclose(data = [...])]"),
            );
            continue;
        };
        if path.len() == 1 && t.found.generic_params.contains(&path[0]) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NestedGeneric,
                    format!(
                        "nested field `{}` of `{name}` has the generic type `{}`: the notice cannot know what it carries",
                        field.name, path[0]
                    ),
                )
                .at(at)
                .help("list the items every instantiation carries with #[disclose(data = [...])] instead of `nested`"),
            );
            continue;
        }
        let inner = match resolve(all, t, path) {
            Ok(inner) => inner,
            Err(candidates) => {
                report_unresolved(field, name, path, &candidates, diagnostics);
                continue;
            }
        };
        let key = (inner.package.clone(), inner.found.path.clone());
        if visiting.contains(&key) {
            continue;
        }
        visiting.push(key);
        collect_data(all, inner, data, visiting, diagnostics);
        visiting.pop();
    }
}

fn report_unresolved(
    field: &NestedField,
    name: &str,
    path: &[String],
    candidates: &[&Typed],
    diagnostics: &mut Diagnostics,
) {
    let written = path.join("::");
    let at = field.at.clone();
    let d = if candidates.len() > 1 {
        let names: Vec<String> = candidates
            .iter()
            .map(|c| {
                format!(
                    "`{}::{}`",
                    c.package.replace('-', "_"),
                    c.found.path.join("::")
                )
            })
            .collect();
        Diagnostic::error(
            Code::NestedUnresolved,
            format!(
                "nested field `{}` of `{name}`: `{written}` could be {}",
                field.name,
                names.join(" or ")
            ),
        )
        .at(at)
        .help("import the type with `use` or write its path (`crate::module::Type`) so it names one type")
    } else {
        Diagnostic::error(
            Code::NestedUnresolved,
            format!("nested field `{}` of `{name}`: no scanned type `{written}` derives Disclose", field.name),
        )
        .at(at)
        .help(format!(
            "derive Disclose on `{written}` (in a package that is scanned), or list what the field carries with #[disclose(data = [...])]"
        ))
    };
    diagnostics.push(d);
}

/// The type `path` names from inside `t`'s module, or the candidates when it names none or
/// several.
fn resolve<'a>(
    all: &'a [Typed],
    t: &'a Typed,
    path: &[String],
) -> Result<&'a Typed, Vec<&'a Typed>> {
    let module = &t.found.module;
    let find = |package: &str, full: &[String]| -> Option<&'a Typed> {
        all.iter()
            .find(|o| o.package == package && o.found.path == full)
    };
    let in_crate = |full: Vec<String>| find(&t.package, &full);
    let extern_crate = |path: &[String]| -> Option<&'a Typed> {
        let (krate, rest) = path.split_first()?;
        all.iter()
            .find(|o| o.package.replace('-', "_") == *krate && o.found.path == rest)
    };
    // A path as written, from inside `module`.
    let absolute = |path: &[String], module: &[String]| -> Option<&'a Typed> {
        match path.first().map(String::as_str) {
            Some("crate") => in_crate(path[1..].to_vec()),
            Some("self") => in_crate([module, &path[1..]].concat()),
            Some("super") => {
                let mut base = module.to_vec();
                let mut rest = path;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                in_crate([&base[..], rest].concat())
            }
            _ => in_crate([module, path].concat())
                .or_else(|| in_crate(path.to_vec()))
                .or_else(|| extern_crate(path)),
        }
    };
    let imports = t.imports.get(module);
    // The first segment may be imported (`use crate::device::Device;`, `use a::b as c;`).
    if let Some(imported) = imports.and_then(|i| i.get(&path[0])) {
        let full: Vec<String> = imported.iter().chain(&path[1..]).cloned().collect();
        if let Some(found) = absolute(&full, module) {
            return Ok(found);
        }
    }
    if let Some(found) = absolute(path, module) {
        return Ok(found);
    }
    // Glob imports (`use super::*;`).
    if let Some(imports) = imports {
        for (local, imported) in imports {
            if local != "*" {
                continue;
            }
            let prefix = &imported[..imported.len() - 1];
            let full: Vec<String> = prefix.iter().chain(path).cloned().collect();
            if let Some(found) = absolute(&full, module) {
                return Ok(found);
            }
        }
    }
    // Last resort for a bare name: the one type of that name in the package, when there is one.
    let last = path.last().expect("a path has a segment");
    let same_name: Vec<&Typed> = all
        .iter()
        .filter(|o| o.found.path.last() == Some(last))
        .collect();
    let in_package: Vec<&Typed> = same_name
        .iter()
        .copied()
        .filter(|o| o.package == t.package)
        .collect();
    match (path.len(), in_package.as_slice(), same_name.as_slice()) {
        (1, [one], _) => Ok(one),
        (1, [], [one]) => Ok(one),
        (_, [], many) if many.len() > 1 => Err(many.to_vec()),
        (_, many, _) => Err(many.to_vec()),
    }
}
