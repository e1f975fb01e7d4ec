//! What to suggest for a field that does not say what it carries: a data item guessed from the
//! field's name and type, or a placeholder that does not compile, so that pasting the suggestion
//! never publishes a guess.

use crate::catalogue::vocabulary::vocabulary;

/// Common field names and the data item they usually carry.
const SYNONYMS: &[(&str, &str)] = &[
    ("email", "email_address"),
    ("mail", "email_address"),
    ("url", "page_url"),
    ("page", "page_url"),
    ("path", "page_url"),
    ("ip", "ip_address"),
    ("os", "os_type"),
    ("platform", "os_type"),
    ("lang", "language"),
    ("locale", "language"),
    ("referer", "referrer"),
    ("user", "user_id"),
    ("uid", "user_id"),
    ("account", "user_id"),
    ("phone", "phone_number"),
    ("tel", "phone_number"),
    ("tz", "timezone"),
    ("ua", "user_agent"),
    ("agent", "user_agent"),
    ("browser", "browser_type"),
    ("device", "device_type"),
    ("screen", "screen_settings"),
    ("crash", "crash_log"),
    ("error", "error_log"),
    ("query", "search_history"),
    ("search", "search_history"),
    ("company", "company_name"),
    ("organisation", "company_name"),
    ("organization", "company_name"),
    ("message", "message_content"),
    ("feedback", "feedback_content"),
    ("event", "usage_history"),
    ("action", "usage_history"),
    ("latitude", "location_precise"),
    ("longitude", "location_precise"),
    ("lat", "location_precise"),
    ("lng", "location_precise"),
    ("country", "location_coarse"),
    ("region", "location_coarse"),
    ("city", "location_coarse"),
    ("idfa", "advertising_id"),
    ("gaid", "advertising_id"),
    ("cookie", "cookie_id"),
];

/// Items that a number or a flag cannot be.
const TEXTUAL: &[&str] = &[
    "email_address",
    "page_url",
    "referrer",
    "phone_number",
    "name",
    "company_name",
    "message_content",
    "user_agent",
];

/// The data item a field named `name` of type `ty` most likely carries, if any is likely.
pub(super) fn guess(name: &str, ty: &syn::Type) -> Option<&'static str> {
    let name = name.trim_start_matches("r#").to_ascii_lowercase();
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    let items = &vocabulary().data_items;
    let exact = items.iter().find(|t| t.id == name).map(|t| t.id.as_str());
    let guess = exact.or_else(|| {
        // The last word names the thing (`user_email` → email); then any other.
        words.iter().rev().find_map(|w| {
            SYNONYMS
                .iter()
                .find(|(k, _)| k == w)
                .map(|(_, v)| *v)
                .or_else(|| items.iter().find(|t| t.id == *w).map(|t| t.id.as_str()))
        })
    })?;
    let guess = items.iter().find(|t| t.id == guess)?.id.as_str();
    if TEXTUAL.contains(&guess) && is_number_or_flag(ty) {
        return None;
    }
    Some(guess)
}

fn is_number_or_flag(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    p.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "bool"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "u128"
                | "usize"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "i128"
                | "isize"
                | "f32"
                | "f64"
        )
    })
}

/// The help for an unaccounted field.
pub(super) fn help(name: &str, ty: &syn::Type) -> String {
    let data = match guess(name, ty) {
        Some(id) => format!(
            "#[disclose(data = [{id}])] if it carries {id} (check: `cargo disclosure vocabulary` lists every id)"
        ),
        None => "#[disclose(data = [<data item>])] with the data items it carries (`cargo disclosure vocabulary` lists them)".to_string(),
    };
    format!(
        "say what it carries: {data}, or #[disclose(nested)] if its type derives Disclose;\nor why it never leaves the device: #[disclose(skip = \"…\")]"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> syn::Type {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn guesses_from_the_name_and_refuses_what_the_type_contradicts() {
        assert_eq!(guess("email", &ty("String")), Some("email_address"));
        assert_eq!(guess("user_email", &ty("String")), Some("email_address"));
        assert_eq!(guess("referrer", &ty("Option<String>")), Some("referrer"));
        assert_eq!(guess("page_url", &ty("Url")), Some("page_url"));
        assert_eq!(guess("email", &ty("u64")), None);
        assert_eq!(guess("retries", &ty("u8")), None);
        assert!(help("retries", &ty("u8")).contains("<data item>"));
    }
}
