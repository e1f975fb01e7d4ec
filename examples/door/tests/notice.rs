//! The notice as a snapshot (`disclosure::testing`): a change to where DOOR's data goes appears in
//! `cargo insta review`, where a reviewer accepts it or rejects it. (The published Markdown, HTML
//! and JSON are committed beside the example and checked by `cargo disclosure check`.)

#[test]
fn where_each_kind_of_data_goes() {
    disclosure::testing::assert_notice_snapshot!(format = "mermaid", lang = "ja");
}
