//! The notice as a snapshot: a change to what DOOR sends appears in `cargo insta review`, where a
//! reviewer accepts it (and the notice is regenerated) or rejects it.

#[test]
fn notice_in_japanese_and_english() {
    disclosure::testing::assert_notice_snapshot!();
    disclosure::testing::assert_notice_snapshot!(lang = "en");
}

#[test]
fn where_each_kind_of_data_goes() {
    disclosure::testing::assert_notice_snapshot!(format = "mermaid", lang = "ja");
}
