//! `#[cfg(...)]` and `#[cfg_attr(...)]`, decided the way the compiler would for the build the
//! notice describes: `feature = "…"` from the features cargo enables; the target's `target_arch`,
//! `target_os`, `target_family`, `target_env`, `target_vendor`, `target_pointer_width`,
//! `target_endian`, `unix` and `windows` from `--target` (default: the host); `test`, `doc` and
//! `doctest` off (they never ship). Anything else (`debug_assertions`, `target_feature`, a custom
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

/// What a build turns on: its features and its target.
#[derive(Clone, Copy, Debug)]
pub struct Build<'a> {
    /// The package's enabled features.
    pub features: &'a BTreeSet<String>,
    /// The target.
    pub target: &'a Target,
}

impl Build<'_> {
    /// Three-valued: `Some` when the build decides the predicate, `None` when it cannot.
    pub fn eval(&self, meta: &syn::Meta) -> Option<bool> {
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
                    self.target.value(&key, &s.value())
                }
            }
            syn::Meta::Path(p) => self.target.flag(&p.get_ident()?.to_string()),
            syn::Meta::List(list) => {
                let args = list
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                    )
                    .ok()?;
                let values: Vec<Option<bool>> = args.iter().map(|m| self.eval(m)).collect();
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

    /// Whether a `#[cfg(...)]` of `attrs` is certainly off in this build.
    pub fn is_off(&self, attrs: &[syn::Attribute]) -> bool {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .filter_map(|a| a.parse_args::<syn::Meta>().ok())
            .any(|meta| self.eval(&meta) == Some(false))
    }

    /// The attributes as the compiler sees them in this build: each `#[cfg_attr(pred, a, b)]`
    /// whose predicate may hold becomes `#[a]` and `#[b]`; one whose predicate is certainly off
    /// is dropped. Nested `cfg_attr`s are expanded too.
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
        if self.eval(&predicate) == Some(false) {
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
        let build = Build {
            features: &features,
            target: &target,
        };
        assert_eq!(build.eval(&meta("feature = \"analytics\"")), Some(true));
        assert_eq!(build.eval(&meta("target_os = \"android\"")), Some(false));
        assert_eq!(build.eval(&meta("unix")), Some(true));
        assert_eq!(build.eval(&meta("windows")), Some(false));
        assert_eq!(build.eval(&meta("all(unix, not(test))")), Some(true));
        assert_eq!(build.eval(&meta("debug_assertions")), None);
        assert_eq!(
            build.eval(&meta("any(debug_assertions, target_os = \"ios\")")),
            Some(true)
        );
        assert_eq!(
            build.eval(&meta("all(debug_assertions, target_os = \"android\")")),
            Some(false)
        );
    }

    #[test]
    fn cfg_attr_expands_to_what_the_compiler_sees() {
        let features = BTreeSet::from(["analytics".to_string()]);
        let target = Target::host();
        let build = Build {
            features: &features,
            target: &target,
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
}
