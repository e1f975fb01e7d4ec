//! A SaaS modelled on HENNGE's services. Its telemetry goes to eleven external services (product
//! analytics, monitoring, CRM, support chat, cloud hosting, reporting, feedback and messaging), and
//! its own websites receive what the service needs to work. Each sending function is annotated;
//! `cargo disclosure generate` turns the annotations into the notice (see `notice.en.md`).

mod telemetry;

fn main() {
    let visit = telemetry::Visit {
        path: "/console".into(),
    };
    telemetry::product::send_all(&visit);
    telemetry::operations::send_all(&visit);
    telemetry::customer::send_all(&visit);
    let settings = telemetry::essential::keep_session(&visit);
    println!(
        "recorded a visit to {} ({}, {}x{}, {}, {})",
        settings.last_path,
        settings.os,
        settings.screen.0,
        settings.screen.1,
        settings.language,
        settings.browser
    );
}
