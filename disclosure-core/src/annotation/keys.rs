//! The property keys a function sends, checked against its annotation's `keys` map.
//!
//! Telemetry is often a map, not a struct: `props.insert("os", os)`, `json!({"url": url})`,
//! `event.property("plan", plan)`. Inside an annotated function (or method), every string-literal
//! key given to a map insert (two arguments), to a builder method of [`DEFAULT_METHODS`] or of the
//! catalogue's `[discovery] key_methods` (or its optional form, `set_tag_opt`), to a free key
//! builder of [`DEFAULT_FUNCTIONS`] (`attr("id", v)`), as the first of a pair in an array or
//! `vec![]` of pairs (`HashMap::from([("k", v), …])`, `[("k", v)].into()`) or in a `json!` object
//! must be in the annotation's `keys` map, which says what each carries, and every entry of the map
//! must be sent:
//!
//! ```text
//! #[disclose(provider = "sentry", data = [error_log, os_type], purpose = [error_monitoring],
//!            keys = { "message" = error_log, "contexts.os.name" = os_type, "platform" = none })]
//! ```
//!
//! A nested `json!` key is named by its path (`contexts.os.name`, `events[].name`) or by its own
//! name; only keys with a value of their own count (an object or a list of objects is a path on the
//! way). A key that is not a literal cannot be checked: it needs `dynamic_keys = "why"`. The proc
//! macro and the scanner both call [`check`], so they agree.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::visit::Visit;

use super::{Annotation, SyntaxError};
use crate::foundation::diagnostic::Code;

/// The builder methods whose first argument is a key (beside a map's two-argument `insert`), each
/// also with the suffixes of its optional form (`set_tag_opt`, `property_if_some`).
pub const DEFAULT_METHODS: &[&str] = &[
    "property",
    "insert_prop",
    "set_property",
    "add_property",
    "set_tag",
    "set_extra",
    "set",
    "attr",
];

/// The suffixes of a key method's optional form, which inserts only when the value is there.
const OPTIONAL_SUFFIXES: &[&str] = &["_opt", "_optional", "_if_some", "_maybe"];

/// The free functions whose first argument is a key: `attr("id", v)`, `kv("k", v)`.
pub const DEFAULT_FUNCTIONS: &[&str] = &[
    "attr", "kv", "field", "param", "prop", "property", "pair", "tag",
];

/// The word a `keys` entry uses for a key that carries nothing about the user.
pub const NOTHING: &str = "none";

/// A key the body sends: its name (a path for nested `json!` keys), or `None` when it is not a
/// literal; and where it is written.
#[derive(Clone, Debug)]
pub struct KeyUse {
    /// The key, or its path.
    pub key: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// Every key `block` sends, in source order. `methods` are the builder methods beside
/// [`DEFAULT_METHODS`]. Items nested in the block are not walked: they are functions of their
/// own.
pub fn keys_in(block: &syn::Block, methods: &[String]) -> Vec<KeyUse> {
    let mut walker = Walker {
        methods,
        found: Vec::new(),
    };
    walker.visit_block(block);
    walker.found
}

/// Checks the keys `block` sends against `annotation`'s `keys` map and `dynamic_keys`: each
/// unmapped literal key, and each key that is not a literal without `dynamic_keys`, is an error at
/// the key.
pub fn check(annotation: &Annotation, block: &syn::Block, methods: &[String]) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let used = keys_in(block, methods);
    // A map entry for a key the body never sends says the transmission carries what it does not.
    // When the body calls a function of its own crate, that function may send it: the scan, which
    // sees the whole crate, decides ([`unsent`] over the keys the helpers send too).
    if calls_in(block).is_empty() {
        errors.extend(unsent(annotation, used.iter().map(|u| u.key.as_deref())));
    }
    for used in used {
        match &used.key {
            Some(key) if maps(annotation, key) => {}
            Some(key) => errors.push(unmapped(annotation, key, used.span)),
            None if annotation.dynamic_keys.is_some() => {}
            None => errors.push(SyntaxError::new(
                Code::KeyDynamic,
                used.span,
                "this key is not a string literal: what it carries cannot be checked",
                "write the key as a literal and map it in `keys`, or say why the keys are only known at run time: \
                 dynamic_keys = \"…\"",
            )),
        }
    }
    errors
}

/// The entries of `annotation`'s `keys` map that none of the keys `sent` names (`None`: a key that
/// is not a literal, which may be any of them; then, or with `dynamic_keys`, nothing is reported).
pub fn unsent<'k>(
    annotation: &Annotation,
    sent: impl IntoIterator<Item = Option<&'k str>>,
) -> Vec<SyntaxError> {
    let entries: Vec<&str> = annotation
        .keys
        .iter()
        .map(|(k, _)| k.value.as_str())
        .collect();
    unsent_entries(&entries, annotation.dynamic_keys.is_some(), sent)
        .into_iter()
        .map(|i| {
            let key = &annotation.keys[i].0;
            SyntaxError::new(
                Code::KeyUnsent,
                key.span,
                unsent_message(&key.value),
                UNSENT_HELP,
            )
        })
        .collect()
}

/// The indices of the `entries` of a `keys` map that none of the keys `sent` names (none when a
/// key sent is not a literal, or the keys are `dynamic`).
pub fn unsent_entries<'k>(
    entries: &[&str],
    dynamic: bool,
    sent: impl IntoIterator<Item = Option<&'k str>>,
) -> Vec<usize> {
    let sent: Option<Vec<&str>> = sent.into_iter().collect();
    match sent {
        Some(sent) if !dynamic => (0..entries.len())
            .filter(|&i| !sent.iter().any(|k| names(entries[i], k)))
            .collect(),
        _ => Vec::new(),
    }
}

/// What D0217 says of a `keys` entry nothing sends.
pub fn unsent_message(key: &str) -> String {
    format!(
        "`keys` maps \"{key}\", but neither the function nor a function of its crate it calls sends it"
    )
}

/// How to mend D0217.
pub const UNSENT_HELP: &str =
    "remove the entry, or say why the keys are only known at run time: dynamic_keys = \"…\"";

/// Whether one of a `keys` map's `entries` names `key` (the whole path, or its last name).
pub fn entries_map(entries: &[&str], key: &str) -> bool {
    entries.iter().any(|e| names(e, key))
}

/// Whether a `keys` entry maps `key`, sent by the function or a helper it calls.
pub fn maps(annotation: &Annotation, key: &str) -> bool {
    annotation.keys.iter().any(|(k, _)| names(&k.value, key))
}

/// The functions of the crate `block` may call that could send keys for it: free functions called
/// by a path that does not start with a type (`helper(..)`, `telemetry::common(..)`,
/// `Self::common(..)`), and methods called on `self`; by name, in source order. Key builders
/// ([`DEFAULT_FUNCTIONS`]) are not among them: their keys are read where they are called.
pub fn calls_in(block: &syn::Block) -> Vec<String> {
    struct Calls(Vec<String>);
    impl<'ast> Visit<'ast> for Calls {
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && p.qself.is_none()
                && let (Some(first), Some(last)) = (p.path.segments.first(), p.path.segments.last())
            {
                let first = first.ident.to_string();
                let name = last.ident.to_string();
                let by_type = first.starts_with(char::is_uppercase) && first != "Self";
                if !by_type && !DEFAULT_FUNCTIONS.contains(&name.as_str()) {
                    self.0.push(name);
                }
            }
            syn::visit::visit_expr_call(self, call);
        }
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            if let syn::Expr::Path(p) = &*call.receiver
                && p.path.is_ident("self")
            {
                self.0.push(call.method.to_string());
            }
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            // Arguments of formatting and collection macros are expressions too.
            if let Ok(args) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            ) {
                args.iter().for_each(|a| self.visit_expr(a));
            }
        }
    }
    let mut calls = Calls(Vec::new());
    calls.visit_block(block);
    calls.0
}

/// Whether a `keys` entry names the key at `path`: the whole path, or its last name.
fn names(entry: &str, path: &str) -> bool {
    entry == path || path.rsplit(['.']).next().map(|l| l.trim_end_matches("[]")) == Some(entry)
}

fn unmapped(annotation: &Annotation, key: &str, span: Span) -> SyntaxError {
    let items: Vec<&str> = annotation
        .data
        .iter()
        .map(|d| d.id.value.as_str())
        .collect();
    // The item closest to the key's own name (`os` → `os_type`), else the first.
    let leaf = key.rsplit('.').next().unwrap_or(key).trim_end_matches("[]");
    let example = items
        .iter()
        .copied()
        .max_by(|a, b| {
            strsim::jaro_winkler(leaf, a)
                .partial_cmp(&strsim::jaro_winkler(leaf, b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| b.cmp(a))
        })
        .unwrap_or(NOTHING);
    SyntaxError::new(
        Code::KeyUnmapped,
        span,
        format!("key `{key}` is sent, but `keys` does not say what it carries"),
        format!(
            "map it in the annotation: keys = {{ \"{key}\" = {example} }} (one of `data`: {}; or `{NOTHING}` \
             when it carries nothing about the user)",
            items.join(", ")
        ),
    )
}

/// The errors of a `keys` map that names a data item `data` does not list.
pub(super) fn check_map(annotation: &Annotation) -> Vec<SyntaxError> {
    annotation
        .keys
        .iter()
        .filter(|(_, item)| {
            item.value != NOTHING && !annotation.data.iter().any(|d| d.id.value == item.value)
        })
        .map(|(key, item)| {
            SyntaxError::new(
                Code::KeyUnmapped,
                item.span,
                format!(
                    "`keys` says \"{}\" carries `{}`, which `data` does not list",
                    key.value, item.value
                ),
                format!(
                    "add `{}` to `data`, or map the key to an item `data` lists (`{NOTHING}` when it carries nothing about the user)",
                    item.value
                ),
            )
        })
        .collect()
}

struct Walker<'a> {
    methods: &'a [String],
    found: Vec<KeyUse>,
}

impl Walker<'_> {
    fn is_key_method(&self, name: &str, args: usize) -> bool {
        let base = OPTIONAL_SUFFIXES
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name);
        match base {
            "insert" => args == 2,
            // `set` and `attr` alone are common words: a key only with a value beside it.
            "set" | "attr" => args == 2,
            _ => {
                args >= 1
                    && (DEFAULT_METHODS.contains(&base)
                        || self.methods.iter().any(|m| m == base || m == name))
            }
        }
    }

    /// The first element of each `("k", v)` pair of an array or `vec![]` of pairs: a property
    /// list however it is built (`[("k", v)].into()`, `.extend([("k", v)])`).
    fn pairs(&mut self, elems: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>) {
        for element in elems {
            if let syn::Expr::Tuple(t) = element
                && t.elems.len() == 2
                && literal(&t.elems[0]).is_some()
            {
                self.key(&t.elems[0]);
            }
        }
    }

    fn key(&mut self, expr: &syn::Expr) {
        self.found.push(KeyUse {
            key: literal(expr),
            span: syn::spanned::Spanned::span(expr),
        });
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        // The receiver first, so that a chain's keys come in source order.
        self.visit_expr(&call.receiver);
        if self.is_key_method(&call.method.to_string(), call.args.len())
            && let Some(first) = call.args.first()
        {
            self.key(first);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        // `HashMap::from([("k", v), …])`, `BTreeMap::from(…)`: every pair's key, literal or not.
        if let syn::Expr::Path(p) = &*call.func
            && let [.., map, from] = p.path.segments.iter().collect::<Vec<_>>()[..]
            && from.ident == "from"
            && map.ident.to_string().ends_with("Map")
            && let Some(syn::Expr::Array(array)) = call.args.first()
        {
            for element in &array.elems {
                match element {
                    syn::Expr::Tuple(t) if t.elems.len() == 2 => {
                        self.key(&t.elems[0]);
                        self.visit_expr(&t.elems[1]);
                    }
                    other => self.visit_expr(other),
                }
            }
            return;
        }
        // A free key builder: `attr("id", v)`, `kv("k", v)`.
        if let syn::Expr::Path(p) = &*call.func
            && let Some(last) = p.path.segments.last()
            && p.path.segments.len() == 1
            && DEFAULT_FUNCTIONS.contains(&last.ident.to_string().as_str())
            && call.args.len() >= 2
            && let Some(first) = call.args.first()
            && literal(first).is_some()
        {
            self.key(first);
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_array(&mut self, array: &'ast syn::ExprArray) {
        // `HashMap::from([("k", v), …])`, `[("k", v)].into()`, `.extend([("k", v)])`.
        self.pairs(&array.elems);
        syn::visit::visit_expr_array(self, array);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if name.as_deref() == Some("json") {
            json_value(
                &mac.tokens.clone().into_iter().collect::<Vec<_>>(),
                "",
                &mut self.found,
            );
        } else if name.as_deref() == Some("vec")
            && let Ok(elems) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            )
        {
            // `vec![("k", v), …]`.
            self.pairs(&elems);
        }
    }
}

/// The text of a key written as a literal: `"k"`, `"k".to_string()`, `"k".into()`,
/// `String::from("k")`, `&"k"`.
fn literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Reference(r) => literal(&r.expr),
        syn::Expr::Paren(p) => literal(&p.expr),
        syn::Expr::Group(g) => literal(&g.expr),
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into" | "to_lowercase"
                ) =>
        {
            literal(&m.receiver)
        }
        syn::Expr::Call(c)
            if c.args.len() == 1
                && matches!(&*c.func, syn::Expr::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "from")) =>
        {
            literal(&c.args[0])
        }
        _ => None,
    }
}

/// The keys of a `json!` value: an object's keys (recursively, by path), the objects of a list.
fn json_value(tokens: &[TokenTree], path: &str, out: &mut Vec<KeyUse>) -> bool {
    match tokens {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
            json_object(g.stream(), path, out);
            true
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            let mut nested = false;
            for element in split_commas(g.stream()) {
                nested |= json_value(&element, &format!("{path}[]"), out);
            }
            nested
        }
        _ => false,
    }
}

fn json_object(stream: TokenStream, path: &str, out: &mut Vec<KeyUse>) {
    for entry in split_commas(stream) {
        let Some(colon) = key_colon(&entry) else {
            continue;
        };
        let key_tokens = &entry[..colon];
        let span = key_tokens
            .first()
            .map_or(Span::call_site(), TokenTree::span);
        let key = match key_tokens {
            [TokenTree::Literal(l)] => match syn::Lit::new(l.clone()) {
                syn::Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        };
        let Some(key) = key else {
            out.push(KeyUse { key: None, span });
            continue;
        };
        let full = if path.is_empty() {
            key
        } else {
            format!("{path}.{key}")
        };
        if !json_value(&entry[colon + 1..], &full, out) {
            out.push(KeyUse {
                key: Some(full),
                span,
            });
        }
    }
}

/// The position of the `:` between a `json!` key and its value (not a `::` path separator).
fn key_colon(tokens: &[TokenTree]) -> Option<usize> {
    let is_colon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    (0..tokens.len()).find(|&i| {
        is_colon(tokens.get(i))
            && !is_colon(tokens.get(i + 1))
            && !(i > 0 && is_colon(tokens.get(i - 1)))
    })
}

/// The tokens of `stream` split at its top-level commas, empty pieces dropped.
fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for tree in stream {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => out.last_mut().map_or((), |v| v.push(tree)),
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn keys(body: TokenStream) -> Vec<Option<String>> {
        let block: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        keys_in(&block, &["track".to_string()])
            .into_iter()
            .map(|k| k.key)
            .collect()
    }

    #[test]
    fn inserts_builders_maps_and_json_objects() {
        let found = keys(quote! {
            let mut props = HashMap::new();
            props.insert("os", os);
            props.insert("arch".to_string(), arch);
            props.insert(name, value);
            set.insert(only_one);
            event.property("plan", plan).track("custom", x);
            let m = BTreeMap::from([("a", 1), (b, 2)]);
            let body = serde_json::json!({
                "message": m,
                "contexts": { "os": { "name": os } },
                "events": [{ "name": "view" }],
                "tags": ["a", "b"],
                (dynamic): 1,
            });
            fn inner() { props.insert("nested-item", 1); }
        });
        let some = |k: &str| Some(k.to_string());
        assert_eq!(
            found,
            [
                some("os"),
                some("arch"),
                None,
                some("plan"),
                some("custom"),
                some("a"),
                None,
                some("message"),
                some("contexts.os.name"),
                some("events[].name"),
                some("tags"),
                None,
            ]
        );
    }

    #[test]
    fn entries_name_a_path_or_its_last_key() {
        assert!(names("contexts.os.name", "contexts.os.name"));
        assert!(names("name", "contexts.os.name"));
        assert!(names("name", "events[].name"));
        assert!(!names("os", "contexts.os.name"));
    }
}
