//! One parsed file, seen as the compiler would in this build: `cfg` and `cfg_attr` applied,
//! renamed imports of `disclose` and `Disclose` followed, and every annotation parsed by the one
//! parser. It yields the file's annotated functions and `Disclose` types, its out-of-line module
//! declarations and `include!`s (followed by the module walk), its `use` declarations (for
//! resolving nested types by path), and the places the scanner cannot see into.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use syn::spanned::Spanned as _;
use syn::visit::Visit;

use super::cfg::{Build, TargetSet};
use super::helpers::{FnKeys, KeysMap};
use super::host_search::HostMatcher;
use super::span_location;
use crate::annotation::{self, Annotation, FieldDisclosure, SyntaxError, TypeDisclosure};
use crate::catalogue::Catalogue;
use crate::declaration::{
    Covering, DataUse, Declaration, Located, Sighting, SightingContext, SightingKind,
};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};

/// A URL or host in a Rust string literal: only an annotation of the function it is in covers it.
pub(crate) const ENDPOINT: SightingKind = SightingKind {
    id: "endpoint",
    description: "endpoint in Rust code",
    covered_by: Covering::Function,
};

/// A type deriving `Disclose`, in plain data (no syntax-tree types).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct FoundType {
    /// Its name.
    pub name: String,
    /// Its full module path, from the crate root (`telemetry::Device`).
    pub path: Vec<String>,
    pub generic_params: Vec<String>,
    /// The transmission of its container attribute (with no data yet); none for a type only
    /// ever sent inside another.
    pub container: Option<Declaration>,
    /// The data items of its own fields, each once, in field order.
    pub own_data: Vec<DataUse>,
    /// Its `nested` fields.
    pub nested: Vec<NestedField>,
    /// The module it is in (for resolving its fields' types).
    pub module: Vec<String>,
}

/// A field marked `#[disclose(nested)]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct NestedField {
    /// The field's name.
    pub name: String,
    /// The path its type names (through references, `Option`, `Vec`, …), when it names one.
    pub path: Option<Vec<String>>,
    /// Where the field is.
    pub at: Location,
}

/// An out-of-line module (`mod name;`) or an `include!`d file, to read next.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Child {
    /// The module path of what it declares.
    pub module: Vec<String>,
    /// The files that may hold it, in the compiler's order of preference.
    pub candidates: Vec<PathBuf>,
    /// Whether the file is a "mod-rs" file for its own children (`mod.rs`, or loaded by `#[path]`).
    pub owns_directory: bool,
    /// Where the declaration is.
    pub at: Location,
    /// `include!` rather than `mod`.
    pub include: bool,
    /// The builds that compile it; none: it is read only to report the annotations it holds.
    pub targets: TargetSet,
}

/// What one file holds (kept between runs by [`super::kept_scans`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct FileScan {
    pub functions: Vec<Declaration>,
    /// Every function with a body: the keys it sends and what it calls (`super::helpers`).
    pub fns: Vec<FnKeys>,
    pub types: Vec<FoundType>,
    pub children: Vec<Child>,
    /// Local name → full path, per module (`use crate::a::Device;`, `use super::b::X as Y;`).
    #[serde(with = "module_pairs")]
    pub imports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    /// Providers' hosts in string literals.
    #[serde(with = "endpoints")]
    pub found: Vec<Sighting>,
    /// What is wrong in the file.
    pub diagnostics: Diagnostics,
}

/// The imports map as a list of pairs (its keys are module paths, which JSON cannot key on).
mod module_pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    type Imports = BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>;

    pub(super) fn serialize<S: Serializer>(imports: &Imports, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(imports.iter())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Imports, D::Error> {
        Ok(
            Vec::<(Vec<String>, BTreeMap<String, Vec<String>>)>::deserialize(d)?
                .into_iter()
                .collect(),
        )
    }
}

/// A Rust file's sightings, all of one kind ([`ENDPOINT`]).
mod endpoints {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::ENDPOINT;
    use crate::declaration::Sighting;
    use crate::scan::kept_sighting::{self, KeptSighting};

    pub(super) fn serialize<S: Serializer>(found: &[Sighting], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(found.iter().map(KeptSighting::of))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Sighting>, D::Error> {
        let kept = Vec::<KeptSighting>::deserialize(d)?;
        kept_sighting::sightings(&kept, &[ENDPOINT])
            .ok_or_else(|| D::Error::custom("a Rust file's place of another kind"))
    }
}

/// Where a file sits in its crate.
pub(super) struct Context<'a> {
    /// The file, as read.
    pub path: &'a Path,
    /// The file as shown in messages (relative to the workspace).
    pub shown: &'a Path,
    /// Its module path from the crate root.
    pub module: Vec<String>,
    /// The directory its child modules' files are looked for in.
    pub module_dir: PathBuf,
    /// The builds' features and targets.
    pub build: Build<'a>,
    /// The builds that compile the file.
    pub targets: TargetSet,
    /// The catalogue annotations are checked against.
    pub catalogue: &'a Catalogue,
    /// The package.
    pub package: &'a str,
    /// The catalogue's hosts, when the file names one (a workspace member's file only).
    pub hosts: Option<&'a HostMatcher>,
}

/// Scans one parsed file.
pub(super) fn scan_file(file: &syn::File, cx: Context<'_>) -> FileScan {
    let mut v = Visitor {
        package: cx.package,
        shown: cx.shown,
        file_dir: cx.path.parent().unwrap_or(Path::new("")).to_path_buf(),
        build: cx.build,
        current: cx.targets,
        catalogue: cx.catalogue,
        module: cx.module,
        module_dir: cx.module_dir,
        inline_depth: 0,
        self_ty: None,
        disclose_names: vec!["disclose".to_string()],
        derive_names: vec!["Disclose".to_string()],
        hosts: cx.hosts,
        sending: Vec::new(),
        in_constant: 0,
        out: FileScan::default(),
    };
    // Renamed imports first: `use disclosure::disclose as track;` anywhere in the file.
    for item in &file.items {
        v.note_aliases(item);
    }
    v.visit_file(file);
    v.out
}

struct Visitor<'a> {
    package: &'a str,
    shown: &'a Path,
    file_dir: PathBuf,
    build: Build<'a>,
    /// The builds that compile the item being visited.
    current: TargetSet,
    catalogue: &'a Catalogue,
    module: Vec<String>,
    module_dir: PathBuf,
    inline_depth: usize,
    self_ty: Option<String>,
    /// Names `disclose` is used under in this file.
    disclose_names: Vec<String>,
    /// Names `Disclose` is derived under.
    derive_names: Vec<String>,
    /// The catalogue's hosts, to find in string literals.
    hosts: Option<&'a HostMatcher>,
    /// The providers of the annotated functions being walked, innermost last.
    sending: Vec<Vec<String>>,
    /// How many `const` or `static` items are being walked.
    in_constant: usize,
    out: FileScan,
}

impl Visitor<'_> {
    fn at(&self, span: proc_macro2::Span) -> Location {
        span_location(self.shown, span)
    }

    fn path_to(&self, name: &syn::Ident) -> String {
        let mut path = self.module.clone();
        path.extend(self.self_ty.clone());
        path.push(name.to_string());
        path.join("::")
    }

    fn is_disclose(&self, attr: &syn::Attribute) -> bool {
        let segments = &attr.path().segments;
        match segments.last() {
            Some(last) if segments.len() > 1 => last.ident == "disclose",
            Some(last) => self.disclose_names.iter().any(|n| last.ident == n),
            None => false,
        }
    }

    fn derives_disclose(&self, attrs: &[syn::Attribute]) -> bool {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("derive"))
            .any(|a| {
                a.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                )
                .is_ok_and(|paths| {
                    paths.iter().any(|p| {
                        p.segments.last().is_some_and(|s| {
                            (p.segments.len() > 1 && s.ident == "Disclose")
                                || self.derive_names.iter().any(|n| s.ident == n)
                        })
                    })
                })
            })
    }

    /// `use disclosure::{disclose as track, Disclose as Sent};`
    fn note_aliases(&mut self, item: &syn::Item) {
        let syn::Item::Use(u) = item else { return };
        let mut renames = Vec::new();
        collect_renames(&u.tree, &mut renames);
        for (original, alias) in renames {
            match original.as_str() {
                "disclose" => self.disclose_names.push(alias),
                "Disclose" => self.derive_names.push(alias),
                _ => {}
            }
        }
    }

    /// The attributes as the compiler sees them in this build, `disclose` under any alias
    /// renamed to `disclose`.
    fn attrs(&self, attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
        self.build
            .expand(attrs)
            .into_iter()
            .map(|mut a| {
                if self.is_disclose(&a) {
                    let span = a.path().span();
                    if let syn::Meta::List(list) = &mut a.meta {
                        list.path = syn::Ident::new("disclose", span).into();
                    } else if let syn::Meta::Path(p) = &mut a.meta {
                        *p = syn::Ident::new("disclose", span).into();
                    }
                }
                a
            })
            .collect()
    }

    /// Records each annotation of a function; the providers it declares.
    fn record_fn(
        &mut self,
        attrs: &[syn::Attribute],
        name: &syn::Ident,
        body: Option<&syn::Block>,
    ) -> Vec<String> {
        let mut providers = Vec::new();
        let mut maps = Vec::new();
        for attr in attrs
            .iter()
            .filter(|a| annotation::is_disclose_attribute(a))
        {
            let at = self.at(attr.span());
            let parsed = Annotation::from_attribute(attr).and_then(|a| {
                a.resolve(self.catalogue)?;
                if let Some(body) = body {
                    let errors =
                        annotation::keys::check(&a, body, &self.catalogue.discovery.key_methods);
                    if !errors.is_empty() {
                        return Err(errors);
                    }
                }
                Ok(a)
            });
            match parsed {
                Ok(annotation) => {
                    maps.push(KeysMap {
                        entries: annotation
                            .keys
                            .iter()
                            .map(|(k, _)| (k.value.clone(), self.at(k.span)))
                            .collect(),
                        dynamic: annotation.dynamic_keys.is_some(),
                        data: annotation.data.iter().map(|d| d.id.value.clone()).collect(),
                    });
                    providers.push(annotation.transmission.provider.value.clone());
                    let item = self.path_to(name);
                    let mut d = declaration(self.package, item, at, &annotation);
                    d.targets = self.builds();
                    self.out.functions.push(d);
                }
                Err(errors) => self.errors(errors),
            }
        }
        if let Some(body) = body {
            let methods = &self.catalogue.discovery.key_methods;
            self.out.fns.push(FnKeys {
                name: name.to_string(),
                sent: annotation::keys::keys_in(body, methods)
                    .into_iter()
                    .map(|u| (u.key, self.at(u.span)))
                    .collect(),
                calls: annotation::keys::calls_in(body),
                maps,
            });
        }
        providers
    }

    /// Walks an item's insides, as the body of a function annotated for `sending` (when it is a
    /// function) or of a constant.
    fn walk(
        &mut self,
        sending: Option<Vec<String>>,
        constant: bool,
        inside: impl FnOnce(&mut Self),
    ) {
        // A function without annotations is ordinary code, even inside an annotated one.
        let pushed = sending
            .map(|providers| self.sending.push(providers))
            .is_some();
        self.in_constant += usize::from(constant);
        inside(self);
        self.in_constant -= usize::from(constant);
        if pushed {
            self.sending.pop();
        }
    }

    /// The providers' hosts in a string literal's text.
    fn literal(&mut self, text: &str, span: proc_macro2::Span) {
        let Some(hosts) = self.hosts else { return };
        for hit in hosts.hosts(text) {
            let context = match (self.sending.last(), self.in_constant) {
                (Some(providers), _) if !providers.is_empty() => {
                    SightingContext::Annotated(providers.clone())
                }
                (Some(_), _) | (None, 0) => SightingContext::Other,
                (None, _) => SightingContext::Constant,
            };
            self.out.found.push(Sighting {
                kind: ENDPOINT,
                what: hit.host,
                providers: hit.providers,
                at: self.at(span),
                package: self.package.to_string(),
                context,
            });
        }
    }

    /// String literals in a macro's tokens (`format!`, `html!`, `view!`, `rsx!`).
    fn macro_literals(&mut self, tokens: proc_macro2::TokenStream) {
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Group(g) => self.macro_literals(g.stream()),
                proc_macro2::TokenTree::Literal(l) => {
                    if let syn::Lit::Str(s) = syn::Lit::new(l) {
                        self.literal(&s.value(), s.span());
                    }
                }
                _ => {}
            }
        }
    }

    fn record_type(&mut self, mut input: syn::DeriveInput) {
        // Field attributes are seen through cfg_attr too; fields that are cfg'd out do not exist.
        let build = self.build;
        let current = self.current;
        let built = |attrs: &[syn::Attribute]| build.enabled(attrs) & current != 0;
        let fields_of = |fields: &mut syn::Fields| {
            let kept: syn::punctuated::Punctuated<syn::Field, syn::Token![,]> =
                std::mem::take(match fields {
                    syn::Fields::Named(n) => &mut n.named,
                    syn::Fields::Unnamed(u) => &mut u.unnamed,
                    syn::Fields::Unit => return,
                })
                .into_iter()
                .filter(|f| built(&f.attrs))
                .collect();
            match fields {
                syn::Fields::Named(n) => n.named = kept,
                syn::Fields::Unnamed(u) => u.unnamed = kept,
                syn::Fields::Unit => {}
            }
        };
        match &mut input.data {
            syn::Data::Struct(s) => fields_of(&mut s.fields),
            syn::Data::Enum(e) => {
                e.variants = std::mem::take(&mut e.variants)
                    .into_iter()
                    .filter(|v| built(&v.attrs))
                    .collect();
                for v in e.variants.iter_mut() {
                    fields_of(&mut v.fields);
                }
            }
            syn::Data::Union(u) => {
                u.fields.named = std::mem::take(&mut u.fields.named)
                    .into_iter()
                    .filter(|f| built(&f.attrs))
                    .collect();
            }
        }
        let expand_fields = |fields: &mut syn::Fields, v: &Self| {
            for f in fields.iter_mut() {
                f.attrs = v.attrs(&f.attrs);
            }
        };
        match &mut input.data {
            syn::Data::Struct(s) => expand_fields(&mut s.fields, self),
            syn::Data::Enum(e) => {
                for variant in e.variants.iter_mut() {
                    variant.attrs = self.attrs(&variant.attrs);
                    expand_fields(&mut variant.fields, self);
                }
            }
            syn::Data::Union(_) => {}
        }
        let parsed = TypeDisclosure::parse(&input).and_then(|t| {
            t.resolve(self.catalogue)?;
            Ok(t)
        });
        match parsed {
            Ok(disclosure) => {
                let mut path = self.module.clone();
                path.push(input.ident.to_string());
                let at = self.at(input.ident.span());
                let container = disclosure.container.as_ref().map(|c| {
                    let annotation = Annotation {
                        data: Vec::new(),
                        keys: Vec::new(),
                        dynamic_keys: None,
                        transmission: c.clone(),
                    };
                    declaration(self.package, path.join("::"), at.clone(), &annotation)
                });
                self.out.types.push(FoundType {
                    name: input.ident.to_string(),
                    generic_params: input
                        .generics
                        .type_params()
                        .map(|p| p.ident.to_string())
                        .collect(),
                    container,
                    own_data: disclosure
                        .data()
                        .into_iter()
                        .map(|d| data_use(self.shown, d))
                        .collect(),
                    nested: disclosure
                        .fields
                        .iter()
                        .filter(|f| matches!(f.disclosure, FieldDisclosure::Nested))
                        .map(|f| NestedField {
                            name: f.name.clone(),
                            path: type_path(&f.ty),
                            at: self.at(f.span),
                        })
                        .collect(),
                    path,
                    module: self.module.clone(),
                });
            }
            Err(errors) => self.errors(errors),
        }
    }

    /// `#[disclose(...)]` on an item it cannot describe: the same error, at the same place (the
    /// item's keyword), as the macro gives.
    fn refuse(&mut self, attrs: &[syn::Attribute], item: &syn::Item) {
        let (kind, span) = annotation::item_kind(item);
        self.refuse_at(attrs, kind, span);
    }

    fn refuse_at(&mut self, attrs: &[syn::Attribute], kind: &str, span: proc_macro2::Span) {
        if attrs.iter().any(annotation::is_disclose_attribute) {
            self.errors(vec![annotation::unsupported_item(kind, span)]);
        }
    }

    fn errors(&mut self, errors: Vec<SyntaxError>) {
        for e in errors {
            let mut d = Diagnostic::error(e.code, e.message).at(self.at(e.span));
            if let Some(help) = e.help {
                d = d.help(help);
            }
            self.out.diagnostics.push(d);
        }
    }

    fn module_decl(&mut self, m: &syn::ItemMod, attrs: &[syn::Attribute]) {
        let name = m.ident.to_string();
        let path_attr = attrs.iter().find_map(path_value);
        let mut module = self.module.clone();
        module.push(name.clone());
        let (candidates, owns_directory) = match &path_attr {
            Some(p) => {
                let base = if self.inline_depth > 0 {
                    &self.module_dir
                } else {
                    &self.file_dir
                };
                (vec![base.join(p)], true)
            }
            None => (
                vec![
                    self.module_dir.join(format!("{name}.rs")),
                    self.module_dir.join(&name).join("mod.rs"),
                ],
                false,
            ),
        };
        self.out.children.push(Child {
            module,
            candidates,
            owns_directory,
            at: self.at(m.ident.span()),
            include: false,
            targets: self.current,
        });
    }

    fn include(&mut self, mac: &syn::Macro) {
        let is_include = mac.path.is_ident("include")
            || mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "include" && mac.path.segments.len() == 2);
        if !is_include {
            return;
        }
        let at = self.at(mac.path.span());
        match mac.parse_body::<syn::LitStr>() {
            Ok(lit) => self.out.children.push(Child {
                module: self.module.clone(),
                candidates: vec![self.file_dir.join(lit.value())],
                owns_directory: true,
                at,
                include: true,
                targets: self.current,
            }),
            Err(_) => self.invisible(
                at,
                "an `include!` whose path is not a string literal",
                "write the path as a literal, or declare the transmissions of the included code in the including file",
            ),
        }
    }

    fn invisible(&mut self, at: Location, what: &str, help: &str) {
        self.out.diagnostics.push(
            Diagnostic::warning(
                Code::InvisibleAnnotation,
                format!("the scanner cannot read annotations in {what}; a transmission declared there would be missing from the notice"),
            )
            .at(at)
            .help(help.to_string()),
        );
    }

    fn macro_rules(&mut self, m: &syn::ItemMacro) {
        let mentions = m
            .mac
            .tokens
            .clone()
            .into_iter()
            .any(|t| token_mentions(&t, &self.disclose_names, &self.derive_names));
        if mentions {
            let at = self.at(m.mac.path.span());
            self.invisible(
                at,
                "a macro body",
                "move the annotated function or type out of the macro, or annotate the function that calls what the macro generates",
            );
        }
    }

    fn imports(&mut self, u: &syn::ItemUse) {
        let mut found = Vec::new();
        collect_imports(&u.tree, Vec::new(), &mut found);
        let entry = self.out.imports.entry(self.module.clone()).or_default();
        for (local, path) in found {
            entry.insert(local, path);
        }
    }
}

/// The value of `#[path = "…"]`.
fn path_value(attr: &syn::Attribute) -> Option<String> {
    if !attr.path().is_ident("path") {
        return None;
    }
    match &attr.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn token_mentions(tree: &proc_macro2::TokenTree, names: &[String], derives: &[String]) -> bool {
    match tree {
        proc_macro2::TokenTree::Ident(i) => names.iter().chain(derives).any(|n| i == n),
        proc_macro2::TokenTree::Group(g) => g
            .stream()
            .into_iter()
            .any(|t| token_mentions(&t, names, derives)),
        _ => false,
    }
}

/// `(original, alias)` of every `x as y` in a use tree.
fn collect_renames(tree: &syn::UseTree, out: &mut Vec<(String, String)>) {
    match tree {
        syn::UseTree::Path(p) => collect_renames(&p.tree, out),
        syn::UseTree::Rename(r) => out.push((r.ident.to_string(), r.rename.to_string())),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_renames(t, out)),
        _ => {}
    }
}

/// `(local name, path as written)` of every name a use tree brings into scope.
fn collect_imports(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut prefix = prefix;
            prefix.push(p.ident.to_string());
            collect_imports(&p.tree, prefix, out);
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix;
            path.push(n.ident.to_string());
            out.push((n.ident.to_string(), path));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix;
            path.push(r.ident.to_string());
            out.push((r.rename.to_string(), path));
        }
        syn::UseTree::Group(g) => g
            .items
            .iter()
            .for_each(|t| collect_imports(t, prefix.clone(), out)),
        syn::UseTree::Glob(_) => {
            let mut path = prefix;
            path.push("*".to_string());
            out.push(("*".to_string(), path));
        }
    }
}

fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    Some(match item {
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => return None,
    })
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let Some(raw_attrs) = item_attrs(item) else {
            return syn::visit::visit_item(self, item);
        };
        let built = self.current & self.build.enabled(raw_attrs);
        if built == 0 {
            return self.not_built(item, raw_attrs);
        }
        let outer = std::mem::replace(&mut self.current, built);
        self.visit_built_item(item, raw_attrs);
        self.current = outer;
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let raw = match item {
            syn::ImplItem::Fn(f) => &f.attrs,
            syn::ImplItem::Const(c) => &c.attrs,
            syn::ImplItem::Type(t) => &t.attrs,
            _ => return syn::visit::visit_impl_item(self, item),
        };
        let built = self.current & self.build.enabled(raw);
        if built == 0 {
            use quote::ToTokens as _;
            if item.to_token_stream().to_string().contains("disclose") {
                let at = self.at(item.span());
                self.out
                    .diagnostics
                    .push(self.not_built_warning(at, "this item"));
            }
            return;
        }
        let outer = std::mem::replace(&mut self.current, built);
        let attrs = self.attrs(raw);
        let mut sending = None;
        match item {
            syn::ImplItem::Fn(f) => {
                sending = Some(self.record_fn(&attrs, &f.sig.ident, Some(&f.block)))
            }
            syn::ImplItem::Const(c) => {
                self.refuse_at(&attrs, "associated const", c.const_token.span)
            }
            syn::ImplItem::Type(t) => self.refuse_at(&attrs, "associated type", t.type_token.span),
            _ => {}
        }
        let constant = matches!(item, syn::ImplItem::Const(_));
        self.walk(sending, constant, |v| syn::visit::visit_impl_item(v, item));
        self.current = outer;
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        let raw = match item {
            syn::TraitItem::Fn(f) => &f.attrs,
            syn::TraitItem::Const(c) => &c.attrs,
            syn::TraitItem::Type(t) => &t.attrs,
            _ => return syn::visit::visit_trait_item(self, item),
        };
        let built = self.current & self.build.enabled(raw);
        if built == 0 {
            use quote::ToTokens as _;
            if item.to_token_stream().to_string().contains("disclose") {
                let at = self.at(item.span());
                self.out
                    .diagnostics
                    .push(self.not_built_warning(at, "this item"));
            }
            return;
        }
        let outer = std::mem::replace(&mut self.current, built);
        let attrs = self.attrs(raw);
        let mut sending = None;
        match item {
            syn::TraitItem::Fn(f) => {
                sending = Some(self.record_fn(&attrs, &f.sig.ident, f.default.as_ref()))
            }
            syn::TraitItem::Const(c) => {
                self.refuse_at(&attrs, "associated const", c.const_token.span)
            }
            syn::TraitItem::Type(t) => self.refuse_at(&attrs, "associated type", t.type_token.span),
            _ => {}
        }
        let constant = matches!(item, syn::TraitItem::Const(_));
        self.walk(sending, constant, |v| syn::visit::visit_trait_item(v, item));
        self.current = outer;
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let outer = self.self_ty.replace(type_name(&item.self_ty));
        syn::visit::visit_item_impl(self, item);
        self.self_ty = outer;
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        let outer = self.self_ty.replace(item.ident.to_string());
        syn::visit::visit_item_trait(self, item);
        self.self_ty = outer;
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.literal(&lit.value(), lit.span());
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if self.hosts.is_some() {
            self.macro_literals(mac.tokens.clone());
        }
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {
        // Doc comments and attribute arguments send nothing.
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        // Items inside function bodies are not reachable by path; annotations there are still
        // transmissions.
        syn::visit::visit_block(self, block);
    }
}

impl Visitor<'_> {
    /// An item one of the builds compiles: what it declares, then its insides.
    fn visit_built_item(&mut self, item: &syn::Item, raw_attrs: &[syn::Attribute]) {
        let attrs = self.attrs(raw_attrs);
        let mut sending = None;
        let constant = matches!(item, syn::Item::Const(_) | syn::Item::Static(_));
        match item {
            syn::Item::Fn(f) => {
                sending = Some(self.record_fn(&attrs, &f.sig.ident, Some(&f.block)))
            }
            syn::Item::Struct(s) if self.derives_disclose(&attrs) => {
                let mut s = s.clone();
                s.attrs = attrs;
                self.record_type(s.into())
            }
            syn::Item::Enum(e) if self.derives_disclose(&attrs) => {
                let mut e = e.clone();
                e.attrs = attrs;
                self.record_type(e.into())
            }
            syn::Item::Union(u) if self.derives_disclose(&attrs) => {
                let mut u = u.clone();
                u.attrs = attrs;
                self.record_type(u.into())
            }
            syn::Item::Struct(_) => self.refuse(&attrs, item),
            syn::Item::Enum(_) => self.refuse(&attrs, item),
            syn::Item::Union(_) => self.refuse(&attrs, item),
            syn::Item::Const(_) => self.refuse(&attrs, item),
            syn::Item::Static(_) => self.refuse(&attrs, item),
            syn::Item::Type(_) => self.refuse(&attrs, item),
            syn::Item::Trait(_) => self.refuse(&attrs, item),
            syn::Item::Impl(_) => self.refuse(&attrs, item),
            syn::Item::Use(u) => {
                self.refuse(&attrs, item);
                self.imports(u);
            }
            syn::Item::ForeignMod(_) => self.refuse(&attrs, item),
            syn::Item::ExternCrate(_) => self.refuse(&attrs, item),
            syn::Item::Macro(m) => {
                self.refuse(&attrs, item);
                if m.mac.path.is_ident("macro_rules") {
                    self.macro_rules(m);
                } else {
                    self.include(&m.mac);
                }
            }
            syn::Item::Mod(m) => {
                self.refuse(&attrs, item);
                match &m.content {
                    None => self.module_decl(m, &attrs),
                    Some((_, items)) => {
                        let dir = match attrs.iter().find_map(path_value) {
                            Some(p) => self.module_dir.join(p),
                            None => self.module_dir.join(m.ident.to_string()),
                        };
                        let outer_dir = std::mem::replace(&mut self.module_dir, dir);
                        self.module.push(m.ident.to_string());
                        self.inline_depth += 1;
                        for item in items {
                            self.visit_item(item);
                        }
                        self.inline_depth -= 1;
                        self.module.pop();
                        self.module_dir = outer_dir;
                    }
                }
                return;
            }
            _ => {}
        }
        self.walk(sending, constant, |v| syn::visit::visit_item(v, item));
    }

    /// An item no build the notice covers compiles: its annotations are not in the notice, and a
    /// warning says so, never silently. A module's file is still read, for the same.
    fn not_built(&mut self, item: &syn::Item, raw_attrs: &[syn::Attribute]) {
        use quote::ToTokens as _;
        if let syn::Item::Mod(m) = item
            && m.content.is_none()
        {
            let outer = std::mem::replace(&mut self.current, 0);
            let attrs = self.attrs(raw_attrs);
            self.module_decl(m, &attrs);
            self.current = outer;
            return;
        }
        if item.to_token_stream().to_string().contains("disclose") {
            let at = self.at(item.span());
            let what = match item {
                syn::Item::Mod(m) => format!("module `{}`", m.ident),
                _ => "this item".to_string(),
            };
            self.out.diagnostics.push(self.not_built_warning(at, &what));
        }
    }

    /// The warning for `what`, at `at`, compiled by no build the notice covers.
    pub(super) fn not_built_warning(&self, at: Location, what: &str) -> Diagnostic {
        not_built_warning(&self.build, at, what)
    }

    /// The builds that compile what is being visited, when not all of them do.
    fn builds(&self) -> Vec<String> {
        if self.current == self.build.all() {
            Vec::new()
        } else {
            self.build.names(self.current)
        }
    }
}

/// The warning for `what` (an item, a module's file), at `at`, that no build the notice covers
/// compiles: the annotations it holds are not in the notice.
pub(super) fn not_built_warning(build: &Build<'_>, at: Location, what: &str) -> Diagnostic {
    let builds = build.names(build.all()).join(", ");
    Diagnostic::warning(
        Code::NotBuilt,
        format!(
            "{what} holds annotations, but no build the notice covers compiles it ({builds}): its transmissions are not in the notice"
        ),
    )
    .at(at)
    .help("declare every build the product ships as a [[target]] in disclosure.toml (`triple = \"wasm32-unknown-unknown\"`, with a `label`); the notice then covers all of them, each transmission labelled with the builds that send it")
}

/// A parsed annotation as a neutral declaration, located in `at.file`.
pub(super) fn declaration(
    package: &str,
    item: String,
    at: Location,
    a: &Annotation,
) -> Declaration {
    let file = at.file.clone();
    super::declare::declaration_at(package, item, at, a, &|span| span_location(&file, span))
}

/// The path a nested field's type names, looking through references, `Option`, `Vec`, `Box`,
/// `Rc`, `Arc`, slices and arrays.
fn type_path(ty: &syn::Type) -> Option<Vec<String>> {
    match ty {
        syn::Type::Reference(r) => type_path(&r.elem),
        syn::Type::Slice(s) => type_path(&s.elem),
        syn::Type::Array(a) => type_path(&a.elem),
        syn::Type::Paren(p) => type_path(&p.elem),
        syn::Type::Group(g) => type_path(&g.elem),
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let wrapper = ["Option", "Vec", "Box", "Rc", "Arc", "VecDeque"]
                .contains(&last.ident.to_string().as_str());
            if wrapper
                && let syn::PathArguments::AngleBracketed(args) = &last.arguments
                && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
            {
                return type_path(inner);
            }
            Some(
                p.path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect(),
            )
        }
        _ => None,
    }
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        _ => "_".to_string(),
    }
}

/// A data item of an annotation as a neutral [`DataUse`], located in `file`.
fn data_use(file: &std::path::Path, d: &annotation::DataRef) -> DataUse {
    let located = |s: &annotation::Spanned<String>| {
        Located::new(s.value.clone(), span_location(file, s.span))
    };
    DataUse {
        id: located(&d.id),
        qualifiers: d.qualifiers.iter().map(|q| q.value).collect(),
        when: d.when.iter().map(located).collect(),
    }
}
