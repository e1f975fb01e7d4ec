//! Keys sent by helpers: an annotated function often leaves part of its request to functions of
//! its crate (`add_common(&mut props)`, `self.base_props()`). The proc macro sees one body; the
//! scan sees the crate, so here each annotated function's `keys` map is checked against every key
//! the functions it calls send, through calls of calls: a key a helper sends that the map does not
//! name is an error at the key (D0214), and a map entry that neither the function nor its helpers
//! send is an error at the entry (D0217; the macro reports it only for a body that calls nothing
//! of its crate).
//!
//! A helper is a function of the same crate, found by its name (`helper(..)`, `module::helper(..)`,
//! `Self::helper(..)`, `self.helper(..)`), with no annotation of its own (an annotated function is
//! a transmission of its own, checked on its own). A name several functions of the crate share is
//! not followed: which one is called is for the compiler to know.

use std::collections::{BTreeMap, BTreeSet};

use crate::annotation::keys;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};

/// How deep calls of calls are followed.
const DEPTH: usize = 4;

/// One function of a crate, in plain data: the keys its body sends and the functions it calls.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct FnKeys {
    /// Its name.
    pub name: String,
    /// Each key its body sends (`None`: not a literal), with where.
    pub sent: Vec<(Option<String>, Location)>,
    /// The names of the functions of its crate it may call.
    pub calls: Vec<String>,
    /// The `keys` maps of its annotations (none: a helper).
    pub maps: Vec<KeysMap>,
}

/// An annotation's `keys` map, in plain data.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct KeysMap {
    /// Each entry's key, with where it is written.
    pub entries: Vec<(String, Location)>,
    /// `dynamic_keys` is given.
    pub dynamic: bool,
    /// The items of `data`, for the help.
    pub data: Vec<String>,
}

/// Checks each annotated function of one crate against the keys its helpers send.
pub(super) fn check(functions: &[FnKeys], diagnostics: &mut Diagnostics) {
    let mut by_name: BTreeMap<&str, Vec<&FnKeys>> = BTreeMap::new();
    for f in functions {
        by_name.entry(f.name.as_str()).or_default().push(f);
    }
    // A helper: the one function of the crate with that name, not annotated.
    let helper = |name: &str| match by_name.get(name).map(Vec::as_slice) {
        Some([f]) if f.maps.is_empty() => Some(*f),
        _ => None,
    };
    for f in functions
        .iter()
        .filter(|f| !f.maps.is_empty() && !f.calls.is_empty())
    {
        let helpers = reachable(f, &helper);
        for map in &f.maps {
            let entries: Vec<&str> = map.entries.iter().map(|(k, _)| k.as_str()).collect();
            for h in &helpers {
                for (key, at) in &h.sent {
                    match key {
                        Some(key) if keys::entries_map(&entries, key) => {}
                        Some(key) => diagnostics.push(
                            Diagnostic::error(
                                Code::KeyUnmapped,
                                format!(
                                    "key `{key}` is sent by `{}`, which the annotated `{}` calls, but its `keys` does not say what it carries",
                                    h.name, f.name
                                ),
                            )
                            .at(at.clone())
                            .help(format!(
                                "map it in the annotation of `{}`: keys = {{ \"{key}\" = … }} (one of `data`: {}; or `{}` when it carries nothing about the user)",
                                f.name,
                                map.data.join(", "),
                                keys::NOTHING
                            )),
                        ),
                        None if map.dynamic => {}
                        None => diagnostics.push(
                            Diagnostic::error(
                                Code::KeyDynamic,
                                format!(
                                    "`{}`, which the annotated `{}` calls, sends a key that is not a string literal: what it carries cannot be checked",
                                    h.name, f.name
                                ),
                            )
                            .at(at.clone())
                            .help(format!(
                                "write the key as a literal and map it in the annotation of `{}`, or say why its keys are only known at run time: dynamic_keys = \"…\"",
                                f.name
                            )),
                        ),
                    }
                }
            }
            let sent = std::iter::once(f)
                .chain(helpers.iter().copied())
                .flat_map(|g| g.sent.iter().map(|(k, _)| k.as_deref()));
            for i in keys::unsent_entries(&entries, map.dynamic, sent) {
                let (key, at) = &map.entries[i];
                diagnostics.push(
                    Diagnostic::error(Code::KeyUnsent, keys::unsent_message(key))
                        .at(at.clone())
                        .help(keys::UNSENT_HELP),
                );
            }
        }
    }
}

/// The helpers `f` reaches, through calls of calls up to [`DEPTH`], each once, in the order they
/// are first called.
fn reachable<'a>(f: &'a FnKeys, helper: &impl Fn(&str) -> Option<&'a FnKeys>) -> Vec<&'a FnKeys> {
    let mut seen: BTreeSet<&str> = BTreeSet::from([f.name.as_str()]);
    let mut out = Vec::new();
    let mut level = vec![f];
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for g in level {
            for name in &g.calls {
                if let Some(h) = helper(name)
                    && seen.insert(h.name.as_str())
                {
                    out.push(h);
                    next.push(h);
                }
            }
        }
        level = next;
    }
    out
}
