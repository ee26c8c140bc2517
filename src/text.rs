//! Text classes and small text rules that several stages share: which
//! characters are CJK (one table, also written into each search index's
//! `meta.js` for the browser), reading length, heading slugs, and escaping for
//! HTML and XML. A leaf: it knows nothing of pages or files.

/// Characters of Chinese, Japanese and Korean running text: counted one by one
/// as words (`word_count`) and indexed one by one and in pairs by search. The
/// browser gets the same table from the search index's `meta.js`.
pub(crate) const CJK_RANGES: [(u32, u32); 12] = [
    (0x3005, 0x3005),   // 々
    (0x3007, 0x3007),   // 〇
    (0x3041, 0x3096),   // hiragana
    (0x309D, 0x309F),   // hiragana iteration marks
    (0x30A1, 0x30FA),   // katakana
    (0x30FC, 0x30FF),   // katakana prolonged sound mark, iteration marks
    (0x31F0, 0x31FF),   // katakana phonetic extensions
    (0x3400, 0x4DBF),   // CJK extension A
    (0x4E00, 0x9FFF),   // CJK unified ideographs
    (0xAC00, 0xD7A3),   // Hangul syllables
    (0xF900, 0xFAFF),   // CJK compatibility ideographs
    (0x20000, 0x323AF), // CJK extensions B–H
];

/// Whether `c` is in [`CJK_RANGES`] (the main block of ideographs answered first).
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    (0x4E00..=0x9FFF).contains(&cp)
        || (cp >= 0x3005 && CJK_RANGES.iter().any(|&(lo, hi)| lo <= cp && cp <= hi))
}

/// Number of CJK characters plus Latin words: a reading-length measure.
/// A word is a stretch between spaces and CJK characters with a letter or digit in
/// it. One pass; a character's class is looked up only until its word has a letter.
pub(crate) fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut word_has_letter = false;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if cjk || c.is_whitespace() {
            count += word_has_letter as usize + cjk as usize;
            word_has_letter = false;
        } else if !word_has_letter {
            word_has_letter = c.is_alphanumeric();
        }
    }
    count + word_has_letter as usize
}

/// Heading text → anchor: letters and digits of any script kept (so Chinese
/// headings keep their characters), ASCII lowercased, the rest become `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Escapes text for XML content and attribute values.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn word_count_is_cjk_characters_plus_words(text in "[a-z0-9 \t\n中文字，。、é’\u{3000}\u{20000}々あ한-]{0,40}") {
            let cjk = text.chars().filter(|c| is_cjk(*c)).count();
            let words = text
                .split(|c: char| c.is_whitespace() || is_cjk(c))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(word_count(&text), cjk + words);
        }
    }

    #[test]
    fn kana_hangul_and_the_newest_extensions_are_cjk() {
        for c in ['中', '々', 'あ', 'カ', '한', '\u{31350}', '\u{F900}'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '，', '。', '\u{3000}', 'é', '\u{3004}'] {
            assert!(!is_cjk(c), "{c}");
        }
        assert_eq!(word_count("ひらがな と 한국어"), 8);
    }
}
