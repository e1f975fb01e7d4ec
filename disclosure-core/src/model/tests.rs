//! The model's unit tests: what joins one transmission and what never does, numbering, order,
//! the introduction, and the notice's own diagnostics.

use super::*;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::test_support;

const CATALOGUE: &str = r#"
[operator]
name = { ja = "例株式会社", en = "Example K.K." }
services = ["Example"]

[[provider]]
id = "login"
service = "Login"
entity = "Login Inc."
country = "JP"

[[provider]]
id = "analytics"
service = "Analytics"
entity = "Analytics Inc."
mechanism = "sdk"
country = "US"
opt_out = { url = "https://analytics.example/opt-out", stops = "sending" }

[[provider]]
id = "unused"
service = "Unused"
entity = "Unused Inc."

[[condition]]
id = "logged-in"
label = { ja = "ログインした場合に限る", en = "only when logged in" }

[[condition]]
id = "consented"
label = { ja = "同意した場合に限る", en = "only with consent" }

[[opt_out]]
id = "crash-reports"
not_possible = { ja = "クラッシュの原因を調べるために必要なため", en = "Needed to find the causes of crashes" }
"#;

fn try_build(extra: &str, src: &str) -> Result<(Notice, Vec<Diagnostic>), Error> {
    test_support::try_build(
        &test_support::catalogue(&format!("{CATALOGUE}{extra}")),
        src,
    )
}

fn build(src: &str) -> (Notice, Vec<Diagnostic>) {
    try_build("", src).unwrap()
}

fn recipient<'a>(notice: &'a Notice, id: &str) -> &'a Recipient {
    notice.recipients.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn a_not_stoppable_transmission_and_an_opt_out_one_stay_apart() {
    let (notice, _) = build(
        r#"
#[disclose(provider = "analytics", data = [crash_log], purpose = error_monitoring, opt_out = "crash-reports")]
fn crash() {}
#[disclose(provider = "analytics", data = [usage_history], purpose = analytics, basis = opt_out)]
fn event() {}
"#,
    );
    let r = recipient(&notice, "analytics");
    assert_eq!(r.transmissions.len(), 2);
    let crash = r
        .transmissions
        .iter()
        .find(|t| t.data[0].id == "crash_log")
        .unwrap();
    assert!(matches!(crash.opt_out, OptOutStatement::NotPossible { .. }));
    assert_eq!(crash.data.len(), 1, "crash data never joins the event data");
    let event = r
        .transmissions
        .iter()
        .find(|t| t.data[0].id == "usage_history")
        .unwrap();
    assert!(event.opt_out.stops_transmission());
    assert_eq!(event.basis, Basis::OptOut);
}

#[test]
fn identical_statements_join_and_any_difference_keeps_them_apart() {
    let (notice, _) = build(
        r#"
#[disclose(provider = "analytics", data = [page_url], purpose = analytics)]
fn a() {}
#[disclose(provider = "analytics", data = [ip_address, page_url], purpose = [analytics])]
fn b() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = analytics, when = "logged-in")]
fn c() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = analytics, basis = consent)]
fn d() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = analytics, origin = server)]
fn e() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = analytics, mechanism = tag)]
fn f() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = [analytics, service_improvement])]
fn g() {}
"#,
    );
    let r = recipient(&notice, "analytics");
    assert_eq!(r.transmissions.len(), 6, "{:#?}", r.transmissions);
    let joined = &r.transmissions[0];
    let data: Vec<&str> = joined.data.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(data, ["ip_address", "page_url"], "vocabulary order");
    assert_eq!(
        joined.mechanism,
        Some(Mechanism::Sdk),
        "the provider's default"
    );
    assert_eq!(r.server_transmissions().count(), 1);
    assert!(
        r.transmissions.last().unwrap().origin == Origin::Server,
        "server ones last"
    );
}

#[test]
fn several_conditions_qualifiers_and_field_conditions() {
    let (notice, _) = build(
        r#"
#[derive(Disclose)]
#[disclose(provider = "login", purpose = login_authentication, when = ["logged-in", "consented"])]
struct SignIn {
    #[disclose(data = [email_address(hashed)])] email: String,
    #[disclose(data = [user_id], when = "consented")] id: u64,
}
"#,
    );
    let t = &recipient(&notice, "login").transmissions[0];
    assert_eq!(t.conditions, ["logged-in", "consented"]);
    let item = |id: &str| t.data.iter().find(|d| d.id == id).unwrap();
    assert_eq!(item("email_address").qualifiers, [Qualifier::Hashed]);
    assert!(
        item("user_id").conditions.is_empty(),
        "a field condition the whole transmission states is not repeated"
    );
    let (notice, _) = build(
        r#"
#[derive(Disclose)]
#[disclose(provider = "login", purpose = login_authentication)]
struct SignIn {
    #[disclose(data = [user_id], when = "consented")] id: u64,
}
"#,
    );
    let t = &recipient(&notice, "login").transmissions[0];
    assert_eq!(t.data[0].conditions, ["consented"]);
    assert_eq!(notice.conditions.len(), 1);
}

#[test]
fn an_item_sent_with_and_without_its_condition_is_sent_without_one() {
    let (notice, _) = build(
        r#"
#[derive(Disclose)]
#[disclose(provider = "login", purpose = analytics)]
struct A { #[disclose(data = [user_id], when = "logged-in")] a: u64, #[disclose(data = [user_id])] b: u64 }
"#,
    );
    assert!(
        recipient(&notice, "login").transmissions[0].data[0]
            .conditions
            .is_empty()
    );
}

#[test]
fn data_items_and_purposes_are_numbered_once_for_the_notice() {
    let (notice, _) = build(
        r#"
#[disclose(provider = "analytics", data = [page_url, ip_address], purpose = [service_improvement, analytics])]
fn a() {}
#[disclose(provider = "login", data = [user_id], purpose = login_authentication)]
fn b() {}
"#,
    );
    let items: Vec<(usize, &str)> = notice
        .data_items
        .iter()
        .map(|d| (d.number, d.id.as_str()))
        .collect();
    assert_eq!(items, [(1, "ip_address"), (2, "page_url"), (3, "user_id")]);
    let purposes: Vec<(usize, &str)> = notice
        .purposes
        .iter()
        .map(|p| (p.number, p.id.as_str()))
        .collect();
    assert_eq!(
        purposes,
        [
            (1, "analytics"),
            (2, "service_improvement"),
            (3, "login_authentication")
        ]
    );
}

#[test]
fn purposes_are_numbered_within_their_groups() {
    let (notice, _) = try_build(
        r#"
[[purpose_group]]
id = "ads"
label = { ja = "広告", en = "Advertising" }

[[purpose_group]]
id = "analysis"
label = { ja = "分析", en = "Analysis" }

[[purpose]]
id = "own_ads"
label = { ja = "当社の広告配信", en = "Our advertising" }
group = "ads"

[[purpose]]
id = "trends"
label = { ja = "閲覧の傾向の分析", en = "Analysing browsing trends" }
group = "analysis"

[[purpose]]
id = "ad_effect"
label = { ja = "広告の効果の分析", en = "Analysing the effect of advertisements" }
group = "analysis"
"#,
        r#"
#[disclose(provider = "analytics", data = [page_url], purpose = [ad_effect, trends, own_ads])]
fn a() {}
"#,
    )
    .unwrap();
    let numbered: Vec<(Option<&str>, usize, &str)> = notice
        .purposes
        .iter()
        .map(|p| (p.group.as_deref(), p.number, p.id.as_str()))
        .collect();
    assert_eq!(
        numbered,
        [
            (Some("ads"), 1, "own_ads"),
            (Some("analysis"), 1, "trends"),
            (Some("analysis"), 2, "ad_effect")
        ]
    );
    assert_eq!(notice.purpose_groups.len(), 2);
}

#[test]
fn declared_order_keeps_the_annotations_order() {
    let src = r#"
#[disclose(provider = "analytics", data = [page_url, ip_address], purpose = [service_improvement, analytics])]
fn a() {}
"#;
    let (notice, _) = try_build("\n[notice]\nitem_order = \"declared\"\n", src).unwrap();
    let t = &recipient(&notice, "analytics").transmissions[0];
    assert_eq!(t.data[0].id, "page_url");
    assert_eq!(t.purposes[0], "service_improvement");
}

#[test]
fn the_introduction_names_operator_and_service_and_the_operator_when_it_receives() {
    let (notice, _) = build(
        r#"#[disclose(provider = "analytics", data = page_url, purpose = analytics)] fn a() {}"#,
    );
    let ja = notice.texts.introduction.get(Lang::Ja).unwrap();
    assert!(
        ja.starts_with("例株式会社（以下「当社」といいます。）は、Example（以下「本サービス」といいます。）において、利用者の情報（以下「利用者情報」といいます。）を利用者の端末から外部の事業者に"),
        "{ja}"
    );
    assert!(ja.contains("送信することがあります。"), "{ja}");
    assert!(!ja.contains("、および"), "{ja}");
    let en = notice.texts.introduction.get(Lang::En).unwrap();
    assert!(
        en.starts_with("Example K.K. (\"the Company\") may, in providing Example"),
        "{en}"
    );
    let cross = notice.texts.cross_border.as_ref().unwrap();
    assert_eq!(
        cross.get(Lang::Ja).unwrap(),
        "送信先には、日本以外の国又は地域（アメリカ合衆国）に所在する事業者があります。各送信先の所在国・地域は、送信先ごとに記載しています。"
    );
}

#[test]
fn an_operator_named_like_its_one_service_is_introduced_once() {
    let catalogue = CATALOGUE.replace(
        "name = { ja = \"例株式会社\", en = \"Example K.K.\" }\nservices = [\"Example\"]",
        "name = \"TRViS\"\nservices = [\"TRViS\"]\nservice_term = { ja = \"本アプリ\", en = \"App\" }",
    );
    let (notice, _) = test_support::build(
        &catalogue,
        r#"#[disclose(provider = "analytics", data = page_url, purpose = analytics)] fn a() {}"#,
    );
    let ja = notice.texts.introduction.get(Lang::Ja).unwrap();
    assert!(
        ja.starts_with(
            "TRViS（以下「当社」といいます。）は、当社が提供するサービス（以下「本アプリ」といいます。）において"
        ),
        "{ja}"
    );
    assert_eq!(ja.matches("TRViS").count(), 1, "{ja}");
    let en = notice.texts.introduction.get(Lang::En).unwrap();
    assert!(
        en.starts_with("TRViS (\"the Company\") may, in providing its services (the \"App\")"),
        "{en}"
    );
}

#[test]
fn a_notice_without_transmissions_is_an_error_unless_the_service_sends_nothing() {
    let err = try_build("", "").unwrap_err();
    assert!(err.has(Code::NoTransmission), "{err}");
    let (notice, _) = try_build("\n[notice]\nsends_nothing = true\n", "").unwrap();
    assert!(notice.sends_nothing);
    assert!(
        notice
            .texts
            .introduction
            .get(Lang::Ja)
            .unwrap()
            .contains("送信していません")
    );
    let err = try_build(
        "\n[notice]\nsends_nothing = true\n",
        r#"#[disclose(provider = "analytics", data = page_url, purpose = analytics)] fn a() {}"#,
    )
    .unwrap_err();
    assert!(err.has(Code::NoTransmission), "{err}");
}

#[test]
fn server_transmissions_are_named_where_they_go() {
    let src = r#"#[disclose(provider = "analytics", data = page_url, purpose = analytics, origin = server)] fn a() {}
#[disclose(provider = "login", data = user_id, purpose = login_authentication)] fn b() {}"#;
    let (_, warnings) = build(src);
    let server = warnings
        .iter()
        .find(|w| w.code == Code::ServerTransmission)
        .unwrap();
    assert!(
        server.message.contains("`analytics`") && server.message.contains("left out"),
        "{server:?}"
    );
    let (_, warnings) = try_build("\n[notice]\nserver_section = true\n", src).unwrap();
    let server = warnings
        .iter()
        .find(|w| w.code == Code::ServerTransmission)
        .unwrap();
    assert!(server.message.contains("printed apart"), "{server:?}");
}

#[test]
fn a_declared_provider_nobody_sends_to_is_left_out_with_a_warning() {
    let (notice, warnings) = build(
        r#"#[disclose(provider = "analytics", data = page_url, purpose = analytics)] fn a() {}"#,
    );
    assert!(notice.recipients.iter().all(|r| r.id != "unused"));
    assert!(
        warnings
            .iter()
            .any(|w| w.code == Code::ProviderUnused && w.message.contains("`unused`"))
    );
}

#[test]
fn the_gate_reads_from_the_json_the_hosts_the_model_holds() {
    let mut with_domains = 0;
    for (name, notice) in test_support::examples() {
        let json = serde_json::to_string_pretty(&notice).unwrap();
        let read =
            crate::wire::NoticeHosts::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.recipients().len(), notice.recipients.len(), "{name}");
        for (hosts, r) in read.recipients().iter().zip(&notice.recipients) {
            let claim = r.facts.claim(&r.id);
            assert_eq!(hosts.id, r.id, "{name}");
            assert_eq!(hosts.domains, claim.patterns, "{name}: {}", r.id);
            assert_eq!(hosts.scripts, claim.scripts, "{name}: {}", r.id);
            let stoppable: Vec<bool> = r
                .transmissions
                .iter()
                .map(|t| t.opt_out.stops_sending())
                .collect();
            let read_stoppable: Vec<bool> =
                hosts.transmissions.iter().map(|t| t.stoppable).collect();
            assert_eq!(read_stoppable, stoppable, "{name}: {}", r.id);
            let bases: Vec<&str> = r
                .transmissions
                .iter()
                .map(|t| crate::foundation::choice::Choice::id(t.basis))
                .collect();
            let read_bases: Vec<&str> = hosts
                .transmissions
                .iter()
                .map(|t| t.basis.as_str())
                .collect();
            assert_eq!(read_bases, bases, "{name}: {}", r.id);
        }
        with_domains += read
            .recipients()
            .iter()
            .filter(|r| !r.domains.is_empty())
            .count();
    }
    assert!(with_domains >= 10, "{with_domains} recipients with domains");
}

#[test]
fn a_recipient_default_flows_into_a_transmission_only_where_it_fits() {
    let (notice, _) = build(
        r#"
#[disclose(provider = "analytics", data = [page_url], purpose = analytics)] fn a() {}
#[disclose(provider = "analytics", data = [ip_address], purpose = security, basis = essential, reason = "不正なアクセスを防ぐために必要なため")] fn b() {}
#[disclose(provider = "analytics", data = [email_address], purpose = customer_support, origin = server)] fn c() {}
"#,
    );
    let r = recipient(&notice, "analytics");
    let of = |item: &str| {
        r.transmissions
            .iter()
            .find(|t| t.data.iter().any(|d| d.id == item))
            .unwrap()
    };
    // The recipient's opt-out and its SDK fit a transmission from users' devices.
    assert!(matches!(
        of("page_url").opt_out,
        OptOutStatement::Possible { .. }
    ));
    assert_eq!(of("page_url").mechanism, Some(Mechanism::Sdk));
    // An essential transmission is not stopped by the recipient's opt-out.
    assert_eq!(of("ip_address").opt_out, OptOutStatement::NotStated);
    // An SDK does not send from the operator's servers.
    assert_eq!(of("email_address").mechanism, None);
}

#[test]
fn storage_abroad_is_never_said_to_be_where_a_recipient_is_established() {
    let (notice, _) = try_build(
        "",
        r#"#[disclose(provider = "login", data = [ip_address], purpose = security)] fn a() {}"#,
    )
    .unwrap();
    assert_eq!(notice.texts.cross_border, None, "at home");
    let catalogue = CATALOGUE.replace(
        "entity = \"Login Inc.\"\ncountry = \"JP\"",
        "entity = \"Login Inc.\"\ncountry = \"JP\"\nstorage = \"EU\"",
    );
    let (notice, _) = test_support::build(
        &catalogue,
        r#"#[disclose(provider = "login", data = [ip_address], purpose = security)] fn a() {}"#,
    );
    let en = notice.texts.cross_border.unwrap();
    let en = en.get(Lang::En).unwrap();
    assert!(!en.contains("established"), "{en}");
    assert!(
        en.contains(
            "Some recipients store User Information in countries or regions other than Japan (the European Union)"
        ),
        "{en}"
    );
}

#[test]
fn the_introduction_claims_only_what_the_notice_states() {
    let src =
        r#"#[disclose(provider = "login", data = [ip_address], purpose = security)] fn a() {}"#;
    let intro = |catalogue: &str| {
        let (notice, _) = test_support::build(catalogue, src);
        notice.texts.introduction.get(Lang::En).unwrap().to_string()
    };
    // No recipient states a use of its own: the introduction claims the operator's purposes only.
    let none = intro(CATALOGUE);
    assert!(
        none.ends_with("and the purposes for which the Company uses it."),
        "{none}"
    );
    assert!(!none.contains("by each recipient"), "{none}");
    // It states one: both, and no mark is needed.
    let stated = intro(&CATALOGUE.replace(
        "entity = \"Login Inc.\"\ncountry = \"JP\"",
        "entity = \"Login Inc.\"\ncountry = \"JP\"\nrecipient_use = { ja = \"自社の不正検知に利用します。\", en = \"Used for its own fraud detection.\" }",
    ));
    assert!(stated.contains("by each recipient"), "{stated}");
    assert!(!stated.contains("marked"), "{stated}");
    // A brand instead of a legal name: the introduction says such names are marked.
    let brand = intro(&CATALOGUE.replace(
        "entity = \"Login Inc.\"",
        "entity = \"Login\"\nentity_kind = \"brand\"",
    ));
    assert!(
        brand.contains("Where a recipient's legal name is not stated, this is marked"),
        "{brand}"
    );
}
