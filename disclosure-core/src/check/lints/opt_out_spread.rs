//! D0417: a way to stop transmissions that the project states for a recipient as a whole (its
//! `opt_out`) is printed for each of its transmissions that names none of its own, though they
//! send different things for different purposes: a crash report may not stop with the usage
//! events. The built-in opt-outs are the providers' own, for all of their transmissions.

use super::{Context, Lint};
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Origin;
use crate::model::{OptOutStatement, Transmission};

pub(super) struct OptOutSpread;

/// Whether `t` states the recipient's own opt-out (its annotation names none).
fn inherits(t: &Transmission) -> bool {
    matches!(
        &t.opt_out,
        OptOutStatement::Possible { named: None, .. } | OptOutStatement::NotPossible { named: None, .. }
    )
}

impl Lint for OptOutSpread {
    fn code(&self) -> Code {
        Code::OptOutSpread
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in &cx.notice.recipients {
            let stated_by_project = r
                .facts
                .opt_out()
                .is_some_and(|f| f.provenance != Provenance::Builtin);
            let device: Vec<&Transmission> = r
                .transmissions
                .iter()
                .filter(|t| t.origin == Origin::Device)
                .collect();
            let inheriting: Vec<&&Transmission> = device.iter().filter(|t| inherits(t)).collect();
            if !stated_by_project || device.len() < 2 || inheriting.is_empty() {
                continue;
            }
            let sent: Vec<String> = inheriting
                .iter()
                .map(|t| {
                    let data: Vec<&str> = t.data.iter().map(|d| d.id.as_str()).collect();
                    format!("[{}]", data.join(", "))
                })
                .collect();
            out.push(
                Diagnostic::warning(
                    Code::OptOutSpread,
                    format!(
                        "the opt-out stated for `{}` as a whole is printed for each of its transmissions that names none: {}",
                        r.id,
                        sent.join(", ")
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("if one of them is stopped otherwise, or cannot be stopped, name its own [[opt_out]] on its annotation (`opt_out = \"…\"`, with `not_possible` for one that cannot be stopped)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    const CATALOGUE: &str = r#"
[operator]
name = "Example K.K."
services = ["Example"]

[[provider]]
id = "telemetry"
service = "Telemetry"
entity = "Telemetry Inc."
opt_out = { steps = "Turn it off in the settings.", stops = "sending" }

[[opt_out]]
id = "crash-never"
not_possible = "Needed to find the causes of crashes"
"#;

    fn findings(source: &str) -> Vec<Diagnostic> {
        let catalogue = test_support::catalogue(CATALOGUE);
        let (notice, _) = test_support::try_build(&catalogue, source).unwrap();
        let cx = Context {
            catalogue: &catalogue,
            notice: &notice,
            declarations: &[],
        };
        let mut out = Vec::new();
        OptOutSpread.check(&cx, &mut out);
        out
    }

    #[test]
    fn a_recipient_wide_opt_out_over_several_transmissions_is_named() {
        let both = findings(
            r#"#[disclose(provider = "telemetry", data = [usage_history], purpose = analytics)] fn a() {}
#[disclose(provider = "telemetry", data = [crash_log], purpose = error_monitoring)] fn b() {}"#,
        );
        assert_eq!(both.len(), 1, "{both:?}");
        assert!(both[0].message.contains("[usage_history], [crash_log]"), "{}", both[0].message);
        // The crash report names its own: only one transmission takes the recipient's, which is
        // still named (the other two differ).
        let named = findings(
            r#"#[disclose(provider = "telemetry", data = [usage_history], purpose = analytics)] fn a() {}
#[disclose(provider = "telemetry", data = [crash_log], purpose = error_monitoring, opt_out = "crash-never")] fn b() {}"#,
        );
        assert!(named[0].message.ends_with("names none: [usage_history]"), "{}", named[0].message);
        // One transmission: the recipient's opt-out is its own.
        let one = findings(
            r#"#[disclose(provider = "telemetry", data = [usage_history], purpose = analytics)] fn a() {}"#,
        );
        assert!(one.is_empty(), "{one:?}");
    }
}
