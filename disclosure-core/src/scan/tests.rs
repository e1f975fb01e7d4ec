use std::collections::BTreeSet;
use std::path::Path;

use super::*;

fn catalogue() -> Catalogue {
    let src = r#"
[operator]
name = "Example K.K."

[[provider]]
id = "google-analytics"
service = "Google Analytics"
entity = "Google LLC"
"#;
    Catalogue::parse(Path::new("disclosure.toml"), src.into())
        .unwrap()
        .0
}

fn scan(src: &str) -> Result<Vec<Declaration>, Error> {
    scan_with(src, &BTreeSet::new())
}

fn scan_with(src: &str, features: &BTreeSet<String>) -> Result<Vec<Declaration>, Error> {
    scan_text(
        src,
        Path::new("app/src/lib.rs"),
        "app",
        features,
        &catalogue(),
    )
    .map(|(d, _)| d)
}

#[test]
fn finds_functions_methods_and_trait_methods_with_their_paths() {
    let found = scan(
        r#"
#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
fn page_view() {}

struct Client;
impl Client {
    #[disclosure::disclose(provider = "google-analytics", data = page_url, purpose = analytics)]
    async fn send(&self) {}
}

mod inner {
    trait Track {
        #[disclose(provider = "google-analytics", data = referrer, purpose = analytics)]
        fn track(&self);
    }
}
"#,
    )
    .unwrap();
    let items: Vec<_> = found
        .iter()
        .map(|f| format!("{} {}", f.item, f.at))
        .collect();
    assert_eq!(
        items,
        [
            "page_view app/src/lib.rs:2:1",
            "Client::send app/src/lib.rs:7:5",
            "inner::Track::track app/src/lib.rs:13:9",
        ]
    );
}

#[test]
fn unknown_ids_are_reported_at_their_tokens_with_their_code() {
    let err = scan(
        r#"
#[disclose(provider = "google-analytic", data = [ip_adress], purpose = [analytics])]
fn page_view() {}
"#,
    )
    .unwrap_err();
    assert!(err.diagnostics().iter().all(|d| d.code == Code::UnknownId));
    let err = err.to_string();
    assert!(
        err.contains("unknown provider `google-analytic`\n  --> app/src/lib.rs:2:23"),
        "{err}"
    );
    assert!(
        err.contains("unknown data item `ip_adress`\n  --> app/src/lib.rs:2:50"),
        "{err}"
    );
    assert!(err.contains("did you mean `ip_address`?"), "{err}");
}

#[test]
fn unparsable_source_names_the_place() {
    let err = scan("fn disclose( {").unwrap_err().to_string();
    assert!(err.contains("does not parse as Rust"), "{err}");
    assert!(err.contains("--> app/src/lib.rs:1:"), "{err}");
}

#[test]
fn derived_types_merge_their_nested_fields_data() {
    let found = scan(
        r#"
#[derive(Disclose)]
struct Device {
    #[disclose(data = [os_type, device_type])]
    os: String,
    #[disclose(skip = "only used on the device")]
    battery: u8,
}

#[derive(Serialize, disclosure::Disclose)]
#[disclose(provider = "google-analytics", purpose = [analytics], mechanism = sdk)]
pub enum Event {
    View { #[disclose(data = page_url)] url: String, #[disclose(nested)] device: Option<Box<Device>> },
    Quit,
}
"#,
    )
    .unwrap();
    assert_eq!(
        found.len(),
        1,
        "the fragment `Device` is not a transmission by itself"
    );
    assert_eq!(found[0].item, "Event");
    let data: Vec<_> = found[0].data_ids().collect();
    assert_eq!(data, ["page_url", "os_type", "device_type"]);
}

#[test]
fn nested_types_resolve_by_path_not_by_bare_name() {
    let found = scan(
        r#"
mod web {
    #[derive(Disclose)]
    pub struct Device { #[disclose(data = browser_type)] pub browser: String }
}
mod app {
    #[derive(Disclose)]
    pub struct Device { #[disclose(data = os_type)] pub os: String }
}
use web::Device;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct PageView { #[disclose(nested)] device: Device }

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct AppOpen { #[disclose(nested)] device: app::Device }

mod inner {
    #[derive(Disclose)]
    #[disclose(provider = "google-analytics", purpose = analytics)]
    struct Launch { #[disclose(nested)] device: super::app::Device }
}
"#,
    )
    .unwrap();
    let data: Vec<(String, Vec<&str>)> = found
        .iter()
        .map(|d| (d.item.clone(), d.data_ids().collect()))
        .collect();
    assert_eq!(
        data,
        [
            ("PageView".to_string(), vec!["browser_type"]),
            ("AppOpen".to_string(), vec!["os_type"]),
            ("inner::Launch".to_string(), vec!["os_type"]),
        ]
    );
    // A bare name two modules share, with no import to decide, is an error naming both.
    let err = scan(
        r#"
mod a { #[derive(Disclose)] pub struct Device { #[disclose(data = os_type)] pub os: String } }
mod b { #[derive(Disclose)] pub struct Device { #[disclose(data = os_type)] pub os: String } }
mod c {
    #[derive(Disclose)]
    #[disclose(provider = "google-analytics", purpose = analytics)]
    struct E { #[disclose(nested)] device: Device }
}
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`Device` could be `app::a::Device` or `app::b::Device`"),
        "{err}"
    );
}

#[test]
fn a_nested_type_nobody_derives_is_an_error_at_the_field() {
    let err = scan(
        r#"
#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct Event { #[disclose(nested)] device: Device }
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("no scanned type `Device` derives Disclose"),
        "{err}"
    );
    assert!(err.contains("app/src/lib.rs:4:36"), "{err}");
}

#[test]
fn unaccounted_fields_and_unsupported_items_are_the_macros_errors() {
    let err = scan(
        r#"
#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct SignUp { email: String }

#[disclose(provider = "google-analytics", data = [ip_address], purpose = analytics)]
const X: u8 = 1;

#[disclose(provider = "google-analytics", purpose = analytics)]
struct NoDerive;
"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("field `email` of `SignUp` is not accounted for"),
        "{err}"
    );
    assert!(err.contains("data = [email_address]"), "{err}");
    assert!(err.contains("cannot describe a const item"), "{err}");
    assert!(
        err.contains("on a struct needs #[derive(Disclose)]"),
        "{err}"
    );
}

#[test]
fn cfg_and_cfg_attr_are_decided_by_features_and_target() {
    let src = r#"
#[cfg(feature = "analytics")]
#[disclose(provider = "google-analytics", data = [ip_address], purpose = analytics)]
fn page_view() {}

#[cfg(all(feature = "analytics", not(test)))]
mod inner {
    #[disclose(provider = "google-analytics", data = [referrer], purpose = analytics)]
    fn referrer() {}
}

#[cfg(debug_assertions)]
#[disclose(provider = "google-analytics", data = [page_url], purpose = analytics)]
fn maybe() {}

#[cfg_attr(feature = "analytics", disclose(provider = "google-analytics", data = [language], purpose = analytics))]
fn conditional() {}

#[cfg(target_os = "no-such-os")]
#[disclose(provider = "google-analytics", data = [timezone], purpose = analytics)]
fn elsewhere() {}
"#;
    let off = scan_with(src, &BTreeSet::new()).unwrap();
    let items: Vec<_> = off.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(items, ["maybe"], "only what might be on stays");
    let on = scan_with(src, &BTreeSet::from(["analytics".to_string()])).unwrap();
    let items: Vec<_> = on.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(
        items,
        ["page_view", "inner::referrer", "maybe", "conditional"]
    );
}

#[test]
fn renamed_imports_are_followed_and_macro_bodies_are_reported() {
    let (found, warnings) = scan_text(
        r#"
use disclosure::{disclose as track, Disclose as Sent};

#[track(provider = "google-analytics", data = [ip_address], purpose = analytics)]
fn page_view() {}

#[derive(Sent)]
#[track(provider = "google-analytics", purpose = analytics)]
struct E { #[track(data = page_url)] url: String }

macro_rules! tracked {
    () => {
        #[disclose(provider = "google-analytics", data = [referrer], purpose = analytics)]
        fn generated() {}
    };
}
"#,
        Path::new("app/src/lib.rs"),
        "app",
        &BTreeSet::new(),
        &catalogue(),
    )
    .unwrap();
    let items: Vec<_> = found.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(items, ["page_view", "E"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, Code::InvisibleAnnotation);
    assert!(warnings[0].to_string().contains("a macro body"));
}

#[test]
fn source_nested_beyond_the_limit_is_a_located_error() {
    let deeper = format!("fn f() {{ {} }}", "(".repeat(100_000));
    let err = scan(&deeper).unwrap_err();
    assert_eq!(err.diagnostics()[0].code, Code::SourceTooDeep);
    assert!(err.to_string().contains("--> app/src/lib.rs:1:"), "{err}");
    let refs = format!("pub type T = {}u8;", "&".repeat(229));
    assert!(
        scan(&refs).is_ok(),
        "229 `&` are far below the limit and must not abort"
    );
}

#[test]
fn a_file_with_more_annotations_than_are_read_is_a_located_error() {
    let one = "#[disclose(provider = \"google-analytics\", data = [page_url], purpose = [analytics])]\nfn f() {}\n";
    let many = one.repeat(super::source::MAX_ANNOTATIONS + 1);
    let err = scan(&many).unwrap_err();
    assert_eq!(err.diagnostics()[0].code, Code::SourceTooManyAnnotations);
    assert!(
        err.to_string().contains(&format!(
            "--> app/src/lib.rs:{}:",
            2 * super::source::MAX_ANNOTATIONS + 1
        )),
        "{err}"
    );
}

#[test]
fn keys_a_helper_sends_are_checked_against_the_map_of_the_annotated_function_that_calls_it() {
    let crate_src = |map: &str| {
        format!(
            r#"
use std::collections::HashMap;

#[disclose(provider = "google-analytics", data = [page_url, os_type], purpose = [analytics], keys = {{ {map} }})]
fn page_view(url: &str) {{
    let mut props = HashMap::new();
    props.insert("url", url);
    telemetry::add_common(&mut props);
}}

mod telemetry {{
    pub fn add_common(props: &mut std::collections::HashMap<&str, &str>) {{
        props.insert("os", "linux");
        self_check();
    }}
    fn self_check() {{}}
}}
"#
        )
    };
    // Mapped in the caller: the helper's key counts as sent, so neither entry is reported.
    let ok = scan(&crate_src(r#""url" = page_url, "os" = os_type"#));
    assert!(ok.is_ok(), "{ok:?}");
    // Not mapped: an error at the helper's key, naming both functions; an entry nothing sends is an
    // error too, although the body calls a helper (the macro leaves that case to the scan).
    let err = scan(&crate_src(r#""url" = page_url, "ref" = page_url"#))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("key `os` is sent by `add_common`, which the annotated `page_view` calls")
            && err.contains("app/src/lib.rs:13:22"),
        "{err}"
    );
    assert!(err.contains("`keys` maps \"ref\", but neither the function nor a function of its crate it calls sends it"), "{err}");
    assert!(!err.contains("maps \"url\""), "{err}");
}

#[test]
fn a_helper_name_the_crate_defines_twice_is_not_followed() {
    let found = scan(
        r#"
#[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics], keys = { "url" = page_url })]
fn page_view(props: &mut std::collections::HashMap<&str, &str>) {
    props.insert("url", "x");
    common(props);
}
mod a { pub fn common(p: &mut std::collections::HashMap<&str, &str>) { p.insert("os", "x"); } }
mod b { pub fn common(p: &mut std::collections::HashMap<&str, &str>) { p.insert("ip", "x"); } }
"#,
    );
    assert!(found.is_ok(), "{found:?}");
}
