//! Ids: what kind of thing an id names, and how each kind is written.

/// What kind of id something is; used in messages and for lookups.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[non_exhaustive]
pub enum IdKind {
    /// A recipient, declared as `[[provider]]`.
    Provider,
    /// Information sent, built in or declared as `[[data]]`.
    DataItem,
    /// A purpose of use, built in or declared as `[[purpose]]`.
    Purpose,
    /// A condition under which a transmission happens, declared as `[[condition]]`.
    Condition,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A way to stop a transmission, declared as `[[opt_out]]`.
    OptOut,
    /// A group of purposes, declared as `[[purpose_group]]`.
    PurposeGroup,
}

impl IdKind {
    /// How messages name this kind ("data item").
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Provider => "provider",
            IdKind::DataItem => "data item",
            IdKind::Purpose => "purpose",
            IdKind::Condition => "condition",
            IdKind::Country => "country",
            IdKind::OptOut => "opt-out",
            IdKind::PurposeGroup => "purpose group",
        }
    }

    /// The `disclosure.toml` table that declares this kind (`[[data]]`).
    pub fn table(self) -> &'static str {
        match self {
            IdKind::Provider => "[[provider]]",
            IdKind::DataItem => "[[data]]",
            IdKind::Purpose => "[[purpose]]",
            IdKind::Condition => "[[condition]]",
            IdKind::Country => "[[country]]",
            IdKind::OptOut => "[[opt_out]]",
            IdKind::PurposeGroup => "[[purpose_group]]",
        }
    }

    /// Whether an id is well formed for this kind, and the corrected spelling when it is not.
    pub fn check_form(self, id: &str) -> Result<(), (&'static str, String)> {
        match self {
            IdKind::Provider | IdKind::Condition | IdKind::OptOut => {
                if is_kebab_case(id) {
                    Ok(())
                } else {
                    Err(("kebab-case", to_kebab_case(id)))
                }
            }
            IdKind::DataItem | IdKind::Purpose | IdKind::PurposeGroup => {
                if is_snake_case(id) {
                    Ok(())
                } else {
                    Err(("snake_case", to_kebab_case(id).replace('-', "_")))
                }
            }
            IdKind::Country => {
                if id.len() == 2 && id.bytes().all(|b| b.is_ascii_uppercase()) {
                    Ok(())
                } else {
                    Err(("an ISO 3166-1 alpha-2 code", id.to_ascii_uppercase()))
                }
            }
        }
    }
}

/// `google-analytics`: lower-case ASCII words joined by single hyphens.
pub fn is_kebab_case(id: &str) -> bool {
    is_words(id, b'-')
}

/// `ip_address`: lower-case ASCII words joined by single underscores, starting with a letter.
pub fn is_snake_case(id: &str) -> bool {
    is_words(id, b'_') && id.as_bytes()[0].is_ascii_lowercase()
}

fn is_words(id: &str, sep: u8) -> bool {
    !id.is_empty()
        && id.split(sep as char).all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `GoogleAnalytics`, `google_analytics` → `google-analytics`.
pub fn to_kebab_case(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        match c {
            '_' | ' ' | '.' => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion_helpers() {
        assert!(is_kebab_case("d-account"));
        assert!(!is_kebab_case("d_account"));
        assert!(is_snake_case("ip_address"));
        assert!(!is_snake_case("1st"));
        assert_eq!(to_kebab_case("GoogleAnalytics"), "google-analytics");
        assert_eq!(
            IdKind::DataItem.check_form("PlayerId"),
            Err(("snake_case", "player_id".to_string()))
        );
        assert!(IdKind::Country.check_form("JP").is_ok());
    }
}
