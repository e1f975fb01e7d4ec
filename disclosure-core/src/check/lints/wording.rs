//! What makes a Japanese text vague (MIC guidance on 施行規則 第22条の2の29): the words that leave a
//! list open or say only what information is about. One rule for every lint that reads a text.

use crate::foundation::localized::{Lang, Localized};

/// Why a label is vague, if it is: it leans on 「等」「その他」「など」 or a listing 「や」, or it
/// is 「…に関する情報」 without examples.
pub fn vague(label: &Localized, explained: bool) -> Option<&'static str> {
    let ja = label.get(Lang::Ja)?;
    if ja.contains('等') || ja.contains("その他") || ja.contains("など") {
        return Some("leans on 「等」, 「その他」 or 「など」");
    }
    if listing_ya(ja) {
        return Some("lists with 「や」, which leaves the list open");
    }
    if !explained && ja.contains("に関する情報") {
        return Some("says only what the information is about (「…に関する情報」), not what it is");
    }
    None
}

/// Whether 「や」 joins two nouns (氏名や住所): a particle between two non-hiragana characters.
fn listing_ya(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let nounish = |c: char| {
        !matches!(c, '\u{3041}'..='\u{309F}')
            && !c.is_whitespace()
            && !c.is_ascii_punctuation()
            && !matches!(c, '、' | '。' | '・' | '（' | '）' | '「' | '」')
    };
    chars
        .windows(3)
        .any(|w| w[1] == 'や' && nounish(w[0]) && nounish(w[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ja(text: &str) -> Localized {
        Localized::new(text, "x")
    }

    #[test]
    fn vague_wording_is_named() {
        assert!(vague(&ja("閲覧履歴等"), false).is_some());
        assert!(vague(&ja("氏名などの情報"), false).is_some());
        assert!(vague(&ja("氏名や住所"), false).is_some());
        assert!(vague(&ja("端末に関する情報"), false).is_some());
        assert!(vague(&ja("端末に関する情報"), true).is_none());
        // 「や」 inside a word, or after hiragana, is not a listing.
        assert!(vague(&ja("はやさの計測値"), false).is_none());
        assert!(vague(&ja("メールアドレス"), false).is_none());
    }
}
