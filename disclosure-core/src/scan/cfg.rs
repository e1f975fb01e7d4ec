//! `#[cfg(...)]` and `#[cfg_attr(...)]`, decided the way the compiler would for each build the
//! notice describes: `feature = "…"` from the features cargo enables; the target's `target_arch`,
//! `target_os`, `target_family`, `target_env`, `target_vendor`, `target_pointer_width`,
//! `target_endian`, `unix` and `windows` from each target the product ships for (`[[target]]` in
//! `disclosure.toml`, or `--target`; default: the host), so an item gets the set of builds that
//! compile it; `test`, `doc` and `doctest` off (they never ship). Anything else (`debug_assertions`, `target_feature`, a custom
//! `--cfg`) cannot be decided, so the item it guards is kept: a transmission is never dropped on a
//! guess.

use std::collections::BTreeSet;

use crate::foundation::diagnostic::{Code, Diagnostic, Error};

/// The `cfg` values of a compilation target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The triple (`x86_64-unknown-linux-gnu`), or `host`.
    pub triple: String,
    arch: String,
    os: String,
    family: Vec<String>,
    env: String,
    vendor: String,
    pointer_width: String,
    endian: String,
}

impl Target {
    /// The machine this program runs on.
    pub fn host() -> Target {
        Target {
            triple: "host".to_string(),
            arch: std::env::consts::ARCH.to_string(),
            os: std::env::consts::OS.to_string(),
            family: if std::env::consts::FAMILY.is_empty() {
                Vec::new()
            } else {
                vec![std::env::consts::FAMILY.to_string()]
            },
            env: if cfg!(target_env = "gnu") {
                "gnu"
            } else if cfg!(target_env = "musl") {
                "musl"
            } else if cfg!(target_env = "msvc") {
                "msvc"
            } else {
                ""
            }
            .to_string(),
            vendor: if cfg!(target_vendor = "apple") {
                "apple"
            } else if cfg!(target_vendor = "pc") {
                "pc"
            } else {
                "unknown"
            }
            .to_string(),
            pointer_width: (usize::BITS).to_string(),
            endian: if cfg!(target_endian = "big") {
                "big"
            } else {
                "little"
            }
            .to_string(),
        }
    }

    /// The `cfg` values of a target triple (`aarch64-apple-ios`, `wasm32-unknown-unknown`, …).
    pub fn parse(triple: &str) -> Result<Target, Error> {
        let parts: Vec<&str> = triple.split('-').collect();
        if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
            return Err(Diagnostic::error(
                Code::FlagInvalid,
                format!("`{triple}` is not a target triple"),
            )
            .help("give a triple such as x86_64-unknown-linux-gnu, aarch64-apple-ios or wasm32-unknown-unknown (`rustc --print target-list`)")
            .into());
        }
        let raw_arch = parts[0];
        let arch = arch_of(raw_arch);
        let (vendor, rest) = vendor_and_rest(&parts);
        let os_part = rest.first().copied().unwrap_or("none");
        let env = rest.get(1).copied().unwrap_or("");
        let (env, os) = env_and_os(os_part, env);
        Ok(Target {
            triple: triple.to_string(),
            family: family_of(&os, &arch),
            pointer_width: pointer_width_of(&arch),
            endian: endian_of(&arch, raw_arch),
            arch,
            os,
            env,
            vendor: vendor.to_string(),
        })
    }

    /// Whether the target has `key = "value"` (`target_os = "ios"`); `None` for a key it does
    /// not decide.
    fn value(&self, key: &str, value: &str) -> Option<bool> {
        Some(match key {
            "target_arch" => self.arch == value,
            "target_os" => self.os == value,
            "target_family" => self.family.iter().any(|f| f == value),
            "target_env" => self.env == value,
            "target_vendor" => self.vendor == value,
            "target_pointer_width" => self.pointer_width == value,
            "target_endian" => self.endian == value,
            _ => return None,
        })
    }

    /// Whether the target has the bare `cfg` `name` (`unix`); `None` for one it does not decide.
    fn flag(&self, name: &str) -> Option<bool> {
        match name {
            "unix" | "windows" => Some(self.family.iter().any(|f| f == name)),
            "test" | "doc" | "doctest" | "miri" => Some(false),
            _ => None,
        }
    }
}

/// `target_arch` from a triple's first part: the families spelt with a version (`i686`,
/// `armv7`, `thumbv7em`, `riscv64gc`) by their family's name, Apple's `arm64` as `aarch64`.
fn arch_of(raw_arch: &str) -> String {
    match raw_arch {
        a if a.starts_with("i") && a.ends_with("86") => "x86",
        a if a.starts_with("armv7")
            || a.starts_with("thumbv")
            || a == "arm"
            || a.starts_with("armv") =>
        {
            "arm"
        }
        a if a.starts_with("riscv64") => "riscv64",
        a if a.starts_with("riscv32") => "riscv32",
        "arm64" | "arm64e" => "aarch64",
        a => a,
    }
    .to_string()
}

/// The vendor and the parts after it: arch-vendor-os[-env], or arch-os[-env] without one
/// (`aarch64-linux-android`, `wasm32-wasip1`), where the vendor is `unknown`.
fn vendor_and_rest<'p>(parts: &'p [&'p str]) -> (&'p str, &'p [&'p str]) {
    match parts.len() {
        2 => ("unknown", &parts[1..]),
        _ if matches!(parts[1], "linux" | "none") => ("unknown", &parts[1..]),
        _ => (parts[1], &parts[2..]),
    }
}

/// `target_env` and `target_os` from a triple's os and env parts: `darwin` is `macos`, every
/// `wasi…` is `wasi`, `linux-android…` is `android` with no env, and an env is named by its
/// family (`gnueabihf` is `gnu`; a simulator or Catalyst has none).
fn env_and_os(os_part: &str, env: &str) -> (String, String) {
    let os = match os_part {
        "darwin" => "macos",
        o if o.starts_with("wasi") => "wasi",
        "unknown" => "unknown",
        "windows" => "windows",
        o => o,
    }
    .to_string();
    if os == "linux" && env.starts_with("android") {
        (String::new(), "android".to_string())
    } else {
        (
            match env {
                e if e.starts_with("gnu") => "gnu",
                e if e.starts_with("musl") => "musl",
                e if e.starts_with("msvc") => "msvc",
                e if e.starts_with("sim") || e == "macabi" => "",
                e => e,
            }
            .to_string(),
            os,
        )
    }
}

/// `target_family`: `windows`, `unix` for the Unix-like systems, and `wasm` for any wasm arch.
fn family_of(os: &str, arch: &str) -> Vec<String> {
    let family = match os {
        "windows" => vec!["windows".to_string()],
        "linux" | "macos" | "ios" | "tvos" | "watchos" | "visionos" | "android" | "freebsd"
        | "netbsd" | "openbsd" | "dragonfly" | "solaris" | "illumos" | "haiku" | "fuchsia"
        | "redox" | "aix" => vec!["unix".to_string()],
        _ if arch.starts_with("wasm") => vec!["wasm".to_string()],
        _ => Vec::new(),
    };
    if arch.starts_with("wasm") && !family.contains(&"wasm".to_string()) {
        let mut f = family;
        f.push("wasm".to_string());
        f
    } else {
        family
    }
}

/// `target_pointer_width` of an arch: 64, 16 for the small microcontrollers, else 32.
fn pointer_width_of(arch: &str) -> String {
    match arch {
        "x86_64" | "aarch64" | "riscv64" | "powerpc64" | "mips64" | "s390x" | "sparc64"
        | "loongarch64" | "wasm64" => "64",
        "avr" | "msp430" => "16",
        _ => "32",
    }
    .to_string()
}

/// `target_endian` of an arch: big for the big-endian ones (`powerpc64` unless spelt `…le`),
/// else little.
fn endian_of(arch: &str, raw_arch: &str) -> String {
    if matches!(arch, "s390x" | "sparc64" | "mips" | "mips64" | "powerpc")
        || (arch == "powerpc64" && !raw_arch.ends_with("le"))
    {
        "big"
    } else {
        "little"
    }
    .to_string()
}

/// A set of the builds a notice covers, as bits over [`Build::targets`] (at most 64).
pub type TargetSet = u64;

/// The most builds one notice covers.
pub const MAX_TARGETS: usize = 64;

/// What the builds a notice covers turn on: the package's features, and each target the product
/// ships for (one notice for all of them).
#[derive(Clone, Copy, Debug)]
pub struct Build<'a> {
    /// The package's enabled features.
    pub features: &'a BTreeSet<String>,
    /// The targets, in order (each a bit of a [`TargetSet`]).
    pub targets: &'a [Target],
}

impl Build<'_> {
    /// Every target: the set an item without `cfg` is built in.
    pub fn all(&self) -> TargetSet {
        match self.targets.len() {
            n if n >= MAX_TARGETS => TargetSet::MAX,
            n => (1 << n) - 1,
        }
    }

    /// The triples of the targets in `set`, in order.
    pub fn names(&self, set: TargetSet) -> Vec<String> {
        self.targets
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < MAX_TARGETS && set & (1 << i) != 0)
            .map(|(_, t)| t.triple.clone())
            .collect()
    }

    /// The targets whose build may compile an item with `attrs`: every `#[cfg(...)]` may hold.
    pub fn enabled(&self, attrs: &[syn::Attribute]) -> TargetSet {
        let metas: Vec<syn::Meta> = attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .filter_map(|a| a.parse_args::<syn::Meta>().ok())
            .collect();
        let mut set = 0;
        for (i, target) in self.targets.iter().enumerate().take(MAX_TARGETS) {
            if !metas.iter().any(|m| self.eval(target, m) == Some(false)) {
                set |= 1 << i;
            }
        }
        set
    }

    /// Three-valued, for one target: `Some` when the build decides the predicate, `None` when
    /// it cannot.
    pub fn eval(&self, target: &Target, meta: &syn::Meta) -> Option<bool> {
        match meta {
            syn::Meta::NameValue(nv) => {
                let key = nv.path.get_ident()?.to_string();
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                else {
                    return None;
                };
                if key == "feature" {
                    Some(self.features.contains(&s.value()))
                } else {
                    target.value(&key, &s.value())
                }
            }
            syn::Meta::Path(p) => target.flag(&p.get_ident()?.to_string()),
            syn::Meta::List(list) => {
                let args = list
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                    )
                    .ok()?;
                let values: Vec<Option<bool>> = args.iter().map(|m| self.eval(target, m)).collect();
                if list.path.is_ident("not") {
                    if values.len() == 1 {
                        values[0].map(|v| !v)
                    } else {
                        None
                    }
                } else if list.path.is_ident("all") {
                    if values.contains(&Some(false)) {
                        Some(false)
                    } else if values.iter().all(|v| *v == Some(true)) {
                        Some(true)
                    } else {
                        None
                    }
                } else if list.path.is_ident("any") {
                    if values.contains(&Some(true)) {
                        Some(true)
                    } else if values.iter().all(|v| *v == Some(false)) {
                        Some(false)
                    } else {
                        None
                    }
                } else {
                    None
                }
            }
        }
    }

    /// Whether a predicate is certainly off in every target's build.
    fn off_everywhere(&self, meta: &syn::Meta) -> bool {
        self.targets
            .iter()
            .all(|t| self.eval(t, meta) == Some(false))
    }

    /// The attributes as the compiler sees them in some build: each `#[cfg_attr(pred, a, b)]`
    /// whose predicate may hold in one becomes `#[a]` and `#[b]`; one whose predicate is certainly
    /// off in every build is dropped. Nested `cfg_attr`s are expanded too.
    pub fn expand(&self, attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
        let mut out = Vec::new();
        for attr in attrs {
            self.expand_one(attr, &mut out, 0);
        }
        out
    }

    fn expand_one(&self, attr: &syn::Attribute, out: &mut Vec<syn::Attribute>, depth: usize) {
        if !attr.path().is_ident("cfg_attr") || depth > 8 {
            out.push(attr.clone());
            return;
        }
        let Ok(args) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            out.push(attr.clone());
            return;
        };
        let mut args = args.into_iter();
        let Some(predicate) = args.next() else { return };
        if self.off_everywhere(&predicate) {
            return;
        }
        for meta in args {
            let inner = syn::Attribute {
                pound_token: attr.pound_token,
                style: attr.style,
                bracket_token: attr.bracket_token,
                meta,
            };
            self.expand_one(&inner, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(s: &str) -> syn::Meta {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn target_triples_give_their_cfgs() {
        let ios = Target::parse("aarch64-apple-ios").unwrap();
        assert_eq!((ios.arch.as_str(), ios.os.as_str()), ("aarch64", "ios"));
        assert_eq!(ios.family, ["unix"]);
        let win = Target::parse("x86_64-pc-windows-msvc").unwrap();
        assert_eq!((win.os.as_str(), win.env.as_str()), ("windows", "msvc"));
        let wasm = Target::parse("wasm32-unknown-unknown").unwrap();
        assert_eq!(
            (wasm.arch.as_str(), wasm.pointer_width.as_str()),
            ("wasm32", "32")
        );
        assert_eq!(wasm.family, ["wasm"]);
        let android = Target::parse("aarch64-linux-android").unwrap();
        assert_eq!(android.os, "android");
        let linux = Target::parse("x86_64-unknown-linux-gnu").unwrap();
        assert_eq!((linux.os.as_str(), linux.env.as_str()), ("linux", "gnu"));
        assert!(Target::parse("nonsense").is_err());
    }

    #[test]
    fn predicates_are_decided_by_features_and_target_or_left_open() {
        let features = BTreeSet::from(["analytics".to_string()]);
        let target = Target::parse("aarch64-apple-ios").unwrap();
        let targets = [target.clone()];
        let build = Build {
            features: &features,
            targets: &targets,
        };
        let eval = |m: &str| build.eval(&target, &meta(m));
        assert_eq!(eval("feature = \"analytics\""), Some(true));
        assert_eq!(eval("target_os = \"android\""), Some(false));
        assert_eq!(eval("unix"), Some(true));
        assert_eq!(eval("windows"), Some(false));
        assert_eq!(eval("all(unix, not(test))"), Some(true));
        assert_eq!(eval("debug_assertions"), None);
        assert_eq!(
            eval("any(debug_assertions, target_os = \"ios\")"),
            Some(true)
        );
        assert_eq!(
            eval("all(debug_assertions, target_os = \"android\")"),
            Some(false)
        );
    }

    #[test]
    fn cfg_attr_expands_to_what_the_compiler_sees() {
        let features = BTreeSet::from(["analytics".to_string()]);
        let targets = [Target::host()];
        let build = Build {
            features: &features,
            targets: &targets,
        };
        let item: syn::ItemFn = syn::parse_str(
            "#[cfg_attr(feature = \"analytics\", disclose(provider = \"x\"))] \
             #[cfg_attr(feature = \"off\", disclose(provider = \"y\"))] \
             #[cfg_attr(test, cfg_attr(feature = \"analytics\", inline))] fn f() {}",
        )
        .unwrap();
        let attrs = build.expand(&item.attrs);
        assert_eq!(attrs.len(), 1);
        assert!(attrs[0].path().is_ident("disclose"));
    }

    #[test]
    fn each_target_decides_for_itself() {
        let features = BTreeSet::new();
        let targets = [
            Target::parse("x86_64-unknown-linux-gnu").unwrap(),
            Target::parse("wasm32-unknown-unknown").unwrap(),
        ];
        let build = Build {
            features: &features,
            targets: &targets,
        };
        let attrs = |src: &str| syn::parse_str::<syn::ItemFn>(src).unwrap().attrs;
        assert_eq!(build.all(), 0b11);
        assert_eq!(build.enabled(&attrs("fn f() {}")), 0b11);
        assert_eq!(
            build.enabled(&attrs("#[cfg(target_arch = \"wasm32\")] fn f() {}")),
            0b10
        );
        assert_eq!(
            build.enabled(&attrs("#[cfg(target_os = \"ios\")] fn f() {}")),
            0
        );
        assert_eq!(build.names(0b10), ["wasm32-unknown-unknown"]);
    }
}
