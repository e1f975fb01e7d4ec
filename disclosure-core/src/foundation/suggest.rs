//! "Did you mean …?" for unknown ids and keys.

/// The candidate closest to `unknown`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let unknown_norm = normalise(unknown);
    let budget = 1 + unknown_norm.chars().count() / 4;
    candidates
        .into_iter()
        .filter_map(|c| {
            let norm = normalise(c);
            let distance = strsim::osa_distance(&unknown_norm, &norm);
            let similarity = strsim::jaro_winkler(&unknown_norm, &norm);
            (distance <= budget || similarity >= 0.85).then_some((distance, similarity, c))
        })
        // Fewest edits wins, then highest similarity, then the alphabetically first: stable output.
        .min_by(|(da, sa, ca), (db, sb, cb)| {
            da.cmp(db)
                .then_with(|| sb.total_cmp(sa))
                .then_with(|| ca.cmp(cb))
        })
        .map(|(_, _, c)| c)
}

/// `Did you mean `x`?` or an empty string.
pub fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(unknown, candidates).map(|c| format!("did you mean `{c}`?"))
}

fn normalise(s: &str) -> String {
    s.to_ascii_lowercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_or_separator_slips() {
        let ids = ["ip_address", "page_url", "referrer"];
        assert_eq!(nearest("ip_adress", ids), Some("ip_address"));
        assert_eq!(nearest("Page-URL", ids), Some("page_url"));
        assert_eq!(nearest("referer", ids), Some("referrer"));
    }

    #[test]
    fn suggests_nothing_for_unrelated_words() {
        assert_eq!(nearest("zzz", ["ip_address", "page_url"]), None);
    }
}
