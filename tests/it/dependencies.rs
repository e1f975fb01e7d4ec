//! Declarations travel with libraries: the shop's notice carries what `analytics-sdk` declares,
//! naming the library, only when the feature that enables it is on.

use disclosure_core::pipeline::Project;
use disclosure_core::scan::GraphOptions;

fn recipients(options: &GraphOptions) -> Vec<(String, Vec<String>)> {
    let (project, _) =
        Project::load_with(Some(&crate::common::example_manifest("shop")), options).unwrap();
    let (notice, _) = project.notice().unwrap();
    notice
        .recipients
        .iter()
        .map(|r| {
            let mut packages: Vec<String> = project
                .declarations
                .iter()
                .filter(|d| d.provider.value == r.id)
                .map(|d| d.package.clone())
                .collect();
            packages.dedup();
            (r.id.clone(), packages)
        })
        .collect()
}

#[test]
fn a_librarys_declaration_joins_the_application_notice_naming_the_library() {
    let found = recipients(&GraphOptions::default());
    assert_eq!(
        found,
        [
            ("google-analytics".to_string(), vec!["shop".to_string()]),
            ("mixpanel".to_string(), vec!["analytics-sdk".to_string()]),
        ]
    );
    let (project, _) = Project::load(Some(&crate::common::example_manifest("shop"))).unwrap();
    let (notice, _) = project.notice().unwrap();
    let mixpanel = notice
        .recipients
        .iter()
        .find(|r| r.id == "mixpanel")
        .unwrap();
    assert!(
        mixpanel.data_ids().contains(&"sdk_install_id"),
        "the library's own catalogue merged in"
    );
    assert_eq!(
        mixpanel
            .facts
            .entity()
            .and_then(|e| e.get(disclosure_core::foundation::localized::Lang::En)),
        Some("Mixpanel, Inc.")
    );
}

#[test]
fn turning_the_librarys_feature_off_removes_it() {
    let mut off = GraphOptions::default();
    off.no_default_features = true;
    let found = recipients(&off);
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["google-analytics"]);
    let mut on_again = GraphOptions::default();
    on_again.no_default_features = true;
    on_again.features = vec!["shop/analytics".into()];
    assert_eq!(recipients(&on_again).len(), 2);
}
