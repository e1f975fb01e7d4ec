//! What makes a Japanese text vague (MIC guidance on 施行規則 第22条の2の29): the words that leave a
//! list open, say only what information is about or how it relates, or hide how much is meant. One
//! rule for every text the notice prints, built-in ones included.

use crate::foundation::localized::{Lang, Localized};

/// Words that contain 「等」 without leaving a list open.
const WORDS_WITH_TO: &[&str] = &[
    "平等",
    "等級",
    "同等",
    "対等",
    "高等",
    "均等",
    "等しい",
    "等しく",
    "上等",
    "劣等",
    "優等",
    "等価",
];

/// Why a text is vague, if it is: it leans on 「等」「など」「各種」「一部」, an open 「その他」
/// (「Aその他のB」, where A illustrates B, is correct legal drafting and passes), a listing 「や」,
/// 「含む」 or 「関連」, which say what a thing touches rather than what it is, or it is
/// 「…に関する情報」／「…に係る情報」 without examples.
pub fn vague(label: &Localized, explained: bool) -> Option<&'static str> {
    vague_ja(label.get(Lang::Ja)?, explained)
}

/// [`vague`] on a Japanese text.
pub fn vague_ja(ja: &str, explained: bool) -> Option<&'static str> {
    if leans_on_to(ja) || ja.contains("など") {
        return Some("leans on 「等」 or 「など」, which leave the list open");
    }
    if open_sonota(ja) {
        return Some("leans on an open 「その他」 (write 「Aその他のB」, or name each thing)");
    }
    if ja.contains("各種") || ja.contains("一部") {
        return Some("says 「各種」 or 「一部」 instead of which ones");
    }
    if ja.contains("含む")
        || ja.contains("含め")
        || ja.contains("関連する")
        || ja.contains("関連した")
    {
        return Some(
            "says what the information includes or relates to (「含む」, 「関連する」), not what it is",
        );
    }
    if listing_ya(ja) {
        return Some("lists with 「や」, which leaves the list open");
    }
    if !explained && (ja.contains("に関する情報") || ja.contains("に係る情報")) {
        return Some(
            "says only what the information is about (「…に関する情報」, 「…に係る情報」), not what it is",
        );
    }
    None
}

/// 「等」 as a suffix that leaves a list open, not inside a word that contains it.
fn leans_on_to(text: &str) -> bool {
    let mut rest = text.to_string();
    for word in WORDS_WITH_TO {
        rest = rest.replace(word, "");
    }
    rest.contains('等')
}

/// 「その他」 that leaves a list open: alone, after a comma or 「、」, or at the end; not
/// 「Aその他のB」 (A directly before it, 「の」 and more after it), which names B's kind by example.
fn open_sonota(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = "その他".chars().collect();
    (0..chars.len().saturating_sub(pattern.len() - 1))
        .filter(|&i| chars[i..].starts_with(&pattern))
        .any(|i| {
            // A space between a Latin word and 「その他」 is typesetting, not a break.
            let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
            let after = &chars[i + pattern.len()..];
            let illustrates = before.is_some_and(|c| !matches!(c, '、' | '，' | ',' | '　' | '・'))
                && after.first() == Some(&'の')
                && after.len() > 1;
            !illustrates
        })
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
        for vague_text in [
            "閲覧履歴等",
            "氏名などの情報",
            "氏名や住所",
            "端末に関する情報",
            "決済に係る情報",
            "各種情報の配信",
            "一部の機能",
            "IPアドレスを含むネットワーク情報",
            "購入に関連する情報",
            "氏名、住所、その他",
            "氏名、その他の情報",
        ] {
            assert!(vague(&ja(vague_text), false).is_some(), "{vague_text}");
        }
        for concrete in [
            "端末の機種名及びOSのバージョン",
            "メールアドレス",
            // 「や」 inside a word, or after hiragana, is not a listing.
            "はやさの計測値",
            // 「Aその他のB」: A illustrates B.
            "スマートフォンその他の端末の設定",
            "AdSense その他の Google の広告サービス",
            // Words that contain 「等」.
            "平等な取扱い",
            "等級の判定",
        ] {
            assert!(vague(&ja(concrete), false).is_none(), "{concrete}");
        }
        // Examples say what 「…に関する情報」 is.
        assert!(vague(&ja("端末に関する情報"), true).is_none());
    }
}
