//! Exports to the platforms' own forms, from the same notice: Apple's privacy manifest
//! (`PrivacyInfo.xcprivacy`) and Google Play's Data safety form (the Play Console's CSV import).
//!
//! Data items and purposes map through the crosswalk in `data/vocabulary.toml` (`apple`, `play`);
//! an item without a counterpart is reported by [`unmapped`], never guessed. A value the export
//! cannot derive is never stated: when a recipient's purpose has no platform counterpart (so
//! whether its data is used for tracking, or for which purposes, is unknown), or it receives a
//! project data item with none (so whether its data is linked to the user is unknown), the export
//! is refused with an error naming what to map. Written through the `plist` and `csv` crates.
//! Rules (docs/platforms.md):
//!
//! * a type is **linked** to the user when its recipient also receives an identity item (name,
//!   email, phone, user ID);
//! * a type is used for **tracking** when its recipient's purposes include third-party advertising;
//!   the tracking domains are those recipients' domains;
//! * Play: every type is *collected*; *shared* is left for a person to answer (Play excludes service
//!   providers from sharing, Art. 27-12 does not); a type sent under consent or opt-out is
//!   *optional*, otherwise *required*.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::vocabulary::platforms::{
    APPLE_ADVERTISING, APPLE_DATA_TYPES, APPLE_IDENTITY, APPLE_PURPOSES, PLAY_DATA_TYPES,
    PLAY_PURPOSES,
};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error};
use crate::foundation::vocab::Basis;
use crate::model::{Notice, Transmission};

/// The Play Console's CSV header.
pub const PLAY_CSV_HEADER: [&str; 5] = [
    "Question ID (machine readable)",
    "Response ID (machine readable)",
    "Response value",
    "Answer requirement",
    "Human-friendly question label",
];

/// A platform whose form the notice can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Platform {
    /// Apple's privacy manifest.
    Apple,
    /// Google Play's Data safety form.
    Play,
}

impl Platform {
    fn name(self) -> &'static str {
        match self {
            Platform::Apple => "Apple's privacy manifest",
            Platform::Play => "Google Play's Data safety form",
        }
    }

    fn pick(self, apple: &Option<String>, play: &Option<String>) -> Option<String> {
        match self {
            Platform::Apple => apple.clone(),
            Platform::Play => play.clone(),
        }
    }

    /// The platform's id of the data item `id` of `notice`.
    fn data_id(self, notice: &Notice, id: &str) -> Option<String> {
        notice
            .data_item(id)
            .and_then(|d| self.pick(&d.apple, &d.play))
    }

    /// The platform's id of the purpose `id` of `notice`.
    fn purpose_id(self, notice: &Notice, id: &str) -> Option<String> {
        notice
            .purpose(id)
            .and_then(|p| self.pick(&p.apple, &p.play))
    }
}

fn apple_data(notice: &Notice, id: &str) -> Option<String> {
    Platform::Apple.data_id(notice, id)
}

/// Every transmission, with its recipient's id.
fn transmissions(notice: &Notice) -> impl Iterator<Item = (&str, &Transmission)> {
    notice
        .recipients
        .iter()
        .flat_map(|r| r.transmissions.iter().map(move |t| (r.id.as_str(), t)))
}

/// Whether any transmission to `recipient` sends an identity item (name, email, phone, user ID):
/// then everything it receives is linked to the user.
fn linked(notice: &Notice, recipient: &str) -> bool {
    transmissions(notice)
        .filter(|(r, _)| *r == recipient)
        .flat_map(|(_, t)| &t.data)
        .filter_map(|d| apple_data(notice, &d.id))
        .any(|a| APPLE_IDENTITY.contains(&a.as_str()))
}

fn advertises(notice: &Notice, t: &Transmission) -> bool {
    t.purposes
        .iter()
        .any(|p| Platform::Apple.purpose_id(notice, p).as_deref() == Some(APPLE_ADVERTISING))
}

/// Data items of `notice` with no counterpart on `platform`: left out of the export, reported.
pub fn unmapped(notice: &Notice, platform: Platform) -> Vec<Diagnostic> {
    let items: BTreeSet<&str> = transmissions(notice)
        .flat_map(|(_, t)| &t.data)
        .filter(|d| platform.data_id(notice, &d.id).is_none())
        .map(|d| d.id.as_str())
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let list: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    vec![
        Diagnostic::warning(
            Code::ExportUnmapped,
            format!(
                "data items with no counterpart in {}: {}",
                platform.name(),
                list.join(", ")
            ),
        )
        .help("they are left out of the export; declare them in the platform's form by hand if they apply, or give your own [[data]] items `apple`/`play` ids"),
    ]
}

/// Refuses the export when a value it must state cannot be derived.
fn derivable(
    notice: &Notice,
    platform: Platform,
    project_items: &BTreeSet<String>,
) -> Result<(), Error> {
    let mut out = Diagnostics::new();
    for r in &notice.recipients {
        let sends = |t: &&Transmission| {
            t.data
                .iter()
                .any(|d| platform.data_id(notice, &d.id).is_some())
        };
        let mapped: Vec<&Transmission> = r.transmissions.iter().filter(sends).collect();
        if mapped.is_empty() {
            continue;
        }
        let mut purposes: Vec<String> = Vec::new();
        for p in mapped.iter().flat_map(|t| &t.purposes) {
            let p = format!("`{p}`");
            if platform.purpose_id(notice, &p[1..p.len() - 1]).is_none() && !purposes.contains(&p) {
                purposes.push(p);
            }
        }
        if !purposes.is_empty() {
            out.push(
                Diagnostic::error(
                    Code::ExportUnmapped,
                    format!(
                        "{}: the purposes {} of `{}` have no counterpart, so what its data is used for (and whether for tracking) cannot be stated",
                        platform.name(),
                        purposes.join(", "),
                        r.id
                    ),
                )
                .help("give each such [[purpose]] an `apple` and a `play` id (docs/platforms.md lists them; `NSPrivacyCollectedDataTypePurposeOther` where none fits)"),
            );
        }
        if platform == Platform::Apple {
            let mut items: Vec<String> = Vec::new();
            for d in r.transmissions.iter().flat_map(|t| &t.data) {
                let item = format!("`{}`", d.id);
                if apple_data(notice, &d.id).is_none()
                    && project_items.contains(&d.id)
                    && !items.contains(&item)
                {
                    items.push(item);
                }
            }
            if !items.is_empty() {
                out.push(
                    Diagnostic::error(
                        Code::ExportUnmapped,
                        format!(
                            "{}: `{}` receives {} with no counterpart, so whether its data is linked to the user cannot be stated",
                            platform.name(),
                            r.id,
                            items.join(", ")
                        ),
                    )
                    .help("give each such [[data]] item an `apple` id (`NSPrivacyCollectedDataTypeUserID` for an account identifier)"),
                );
            }
        }
    }
    out.finish(()).map(|_| ())
}

/// Per platform data type: its purposes, and whether it is linked, used for tracking, optional.
#[derive(Default)]
struct TypeUse {
    purposes: BTreeSet<&'static str>,
    linked: bool,
    tracking: bool,
    optional: bool,
    required: bool,
}

fn known(list: &[&'static str], id: &str) -> Option<&'static str> {
    list.iter().copied().find(|x| *x == id)
}

fn uses(
    notice: &Notice,
    platform: Platform,
    known_types: &[&'static str],
    known_purposes: &[&'static str],
) -> BTreeMap<&'static str, TypeUse> {
    let mut out: BTreeMap<&'static str, TypeUse> = BTreeMap::new();
    for (recipient, t) in transmissions(notice) {
        let purposes: BTreeSet<&'static str> = t
            .purposes
            .iter()
            .filter_map(|p| {
                platform
                    .purpose_id(notice, p)
                    .and_then(|id| known(known_purposes, &id))
            })
            .collect();
        let linked = linked(notice, recipient);
        let tracking = advertises(notice, t);
        let optional = matches!(t.basis, Basis::Consent | Basis::OptOut);
        for d in &t.data {
            let Some(ty) = platform
                .data_id(notice, &d.id)
                .and_then(|id| known(known_types, &id))
            else {
                continue;
            };
            let u = out.entry(ty).or_default();
            u.purposes.extend(purposes.iter().copied());
            u.linked |= linked;
            u.tracking |= tracking;
            if optional {
                u.optional = true;
            } else {
                u.required = true;
            }
        }
    }
    out
}

/// The project's own data items (not built in), whose platform mapping the project decides.
fn project_items(notice: &Notice) -> BTreeSet<String> {
    let builtin = crate::catalogue::vocabulary::vocabulary();
    notice
        .data_items
        .iter()
        .filter(|d| !builtin.data_items.iter().any(|t| t.id == d.id))
        .map(|d| d.id.clone())
        .collect()
}

fn export_error(what: &str, e: impl std::fmt::Display) -> Error {
    Diagnostic::error(Code::TemplateError, format!("cannot write {what}: {e}")).into()
}

/// `PrivacyInfo.xcprivacy` for what the notice declares.
pub fn xcprivacy(notice: &Notice) -> Result<String, Error> {
    derivable(notice, Platform::Apple, &project_items(notice))?;
    let types = uses(notice, Platform::Apple, &APPLE_DATA_TYPES, &APPLE_PURPOSES);
    let tracking_domains: BTreeSet<&str> = notice
        .recipients
        .iter()
        .filter(|r| r.transmissions.iter().any(|t| advertises(notice, t)))
        .flat_map(|r| r.facts.domains().iter().map(String::as_str))
        .collect();
    let mut root = plist::Dictionary::new();
    root.insert(
        "NSPrivacyTracking".into(),
        plist::Value::Boolean(types.values().any(|u| u.tracking)),
    );
    root.insert(
        "NSPrivacyTrackingDomains".into(),
        plist::Value::Array(
            tracking_domains
                .iter()
                .map(|d| plist::Value::String((*d).to_string()))
                .collect(),
        ),
    );
    let collected: Vec<plist::Value> = APPLE_DATA_TYPES
        .iter()
        .filter_map(|ty| types.get(ty).map(|u| (ty, u)))
        .map(|(ty, u)| {
            let mut d = plist::Dictionary::new();
            d.insert(
                "NSPrivacyCollectedDataType".into(),
                plist::Value::String((*ty).to_string()),
            );
            d.insert(
                "NSPrivacyCollectedDataTypeLinked".into(),
                plist::Value::Boolean(u.linked),
            );
            d.insert(
                "NSPrivacyCollectedDataTypeTracking".into(),
                plist::Value::Boolean(u.tracking),
            );
            d.insert(
                "NSPrivacyCollectedDataTypePurposes".into(),
                plist::Value::Array(
                    APPLE_PURPOSES
                        .iter()
                        .filter(|p| u.purposes.contains(*p))
                        .map(|p| plist::Value::String((*p).to_string()))
                        .collect(),
                ),
            );
            plist::Value::Dictionary(d)
        })
        .collect();
    root.insert(
        "NSPrivacyCollectedDataTypes".into(),
        plist::Value::Array(collected),
    );
    root.insert(
        "NSPrivacyAccessedAPITypes".into(),
        plist::Value::Array(Vec::new()),
    );
    let mut bytes = Vec::new();
    plist::to_writer_xml(&mut bytes, &plist::Value::Dictionary(root))
        .map_err(|e| export_error("the privacy manifest", e))?;
    let xml = String::from_utf8(bytes).map_err(|e| export_error("the privacy manifest", e))?;
    // The generator's mark, after the prolog.
    let marked = match xml.find("<plist") {
        Some(i) => format!(
            "{}<!-- Generated by `cargo disclosure` from the annotations in the code and disclosure.toml. Do not edit by hand. -->\n{}",
            &xml[..i],
            &xml[i..]
        ),
        None => xml,
    };
    Ok(format!("{}\n", marked.trim_end()))
}

/// The Data safety form in the Play Console's CSV import format.
pub fn play_data_safety_csv(notice: &Notice) -> Result<String, Error> {
    derivable(notice, Platform::Play, &project_items(notice))?;
    let types: Vec<&str> = PLAY_DATA_TYPES.iter().map(|(_, t)| *t).collect();
    let used = uses(notice, Platform::Play, &types, &PLAY_PURPOSES);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut row = |cells: [&str; 5]| w.write_record(cells);
    let result = (|| -> csv::Result<()> {
        row(PLAY_CSV_HEADER)?;
        row([
            "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
            "",
            if used.is_empty() { "false" } else { "true" },
            "REQUIRED",
            "Does your app collect or share any of the required user data types?",
        ])?;
        row([
            "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
            "",
            "true",
            "MAYBE_REQUIRED",
            "Is all of the user data collected by your app encrypted in transit?",
        ])?;
        for (category, ty) in PLAY_DATA_TYPES.iter().filter(|(_, t)| used.contains_key(t)) {
            let u = &used[ty];
            row([category, ty, "true", "MULTIPLE_CHOICE", ""])?;
            let q = |suffix: &str| format!("PSL_DATA_USAGE_RESPONSES:{ty}:{suffix}");
            row([
                &q("PSL_DATA_USAGE_COLLECTION_AND_SHARING"),
                "PSL_DATA_USAGE_ONLY_COLLECTED",
                "true",
                "MULTIPLE_CHOICE",
                "",
            ])?;
            row([
                &q("PSL_DATA_USAGE_EPHEMERAL"),
                "",
                "false",
                "MAYBE_REQUIRED",
                "",
            ])?;
            let control = if u.optional && !u.required {
                "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL"
            } else {
                "PSL_DATA_USAGE_USER_CONTROL_REQUIRED"
            };
            row([
                &q("DATA_USAGE_USER_CONTROL"),
                control,
                "true",
                "SINGLE_CHOICE",
                "",
            ])?;
            for p in PLAY_PURPOSES.iter().filter(|p| u.purposes.contains(*p)) {
                row([
                    &q("DATA_USAGE_COLLECTION_PURPOSE"),
                    p,
                    "true",
                    "MULTIPLE_CHOICE",
                    "",
                ])?;
            }
        }
        Ok(())
    })();
    result.map_err(|e| export_error("the Data safety form", e))?;
    let bytes = w
        .into_inner()
        .map_err(|e| export_error("the Data safety form", e))?;
    String::from_utf8(bytes).map_err(|e| export_error("the Data safety form", e))
}
