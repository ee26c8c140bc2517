//! Splits normalised text into what the index stores: Chinese (and Japanese, Korean)
//! runs become single characters plus overlapping bigrams, so any fragment of running
//! text matches without a dictionary; everything else alphanumeric becomes words,
//! English-stemmed when they are plain a–z. `normalize.js` mirrors these rules.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::normalize::is_ideograph;
pub(crate) use crate::text::is_cjk;

/// Longer "words" are hashes, data or runaway URLs, not something anyone types.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// A maximal run of one class of character in normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Segment<'a> {
    Word(&'a str),
    Cjk(&'a str),
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Class {
    Other,
    Word,
    Cjk,
}

#[inline]
fn class(c: char) -> Class {
    let cp = c as u32;
    // Chinese text has punctuation every few characters, and `is_alphanumeric` is a
    // search of Unicode's tables each time: the BMP beyond ASCII and the main block of
    // ideographs (which `class_of` answers at once) is looked up in a table, a block
    // of 256 characters made when the first is met.
    if (0x80..0x1_0000).contains(&cp) && !(0x4E00..=0x9FFF).contains(&cp) {
        BMP_CLASSES[(cp >> 8) as usize].get_or_init(|| bmp_block(cp >> 8))[(cp & 0xff) as usize]
    } else {
        class_of(c)
    }
}

/// What `class` gives, from Unicode's tables.
#[inline]
fn class_of(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        }
    } else if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

static BMP_CLASSES: [OnceLock<[Class; 256]>; 256] = [const { OnceLock::new() }; 256];

/// The classes of the 256 characters U+bb00–U+bbFF (surrogates: `Other`).
fn bmp_block(block: u32) -> [Class; 256] {
    std::array::from_fn(|i| char::from_u32(block << 8 | i as u32).map_or(Class::Other, class_of))
}

/// The character at byte `i` and its length.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or('\0');
        (c, c.len_utf8())
    }
}

/// An apostrophe between two letters belongs to the word (county's, don't), so that
/// the stemmer sees possessives whole.
#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The word and CJK runs of `text` with their byte offsets; everything else separates.
pub(crate) fn segments(text: &str) -> impl Iterator<Item = (usize, Segment<'_>)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let (start, kind) = loop {
            if pos >= text.len() {
                return None;
            }
            let (c, len) = char_at(text, pos);
            let kind = class(c);
            if kind != Class::Other {
                break (pos, kind);
            }
            pos += len;
        };
        let bytes = text.as_bytes();
        while pos < text.len() {
            // The commonest character of each kind of run, without decoding it.
            match kind {
                Class::Cjk if is_ideograph(bytes, pos) => {
                    pos += 3;
                    continue;
                }
                Class::Word if bytes[pos].is_ascii_alphanumeric() => {
                    pos += 1;
                    continue;
                }
                _ => {}
            }
            let (c, len) = char_at(text, pos);
            if class(c) != kind
                && !(kind == Class::Word
                    && is_apostrophe(c)
                    && pos + len < text.len()
                    && class(char_at(text, pos + len).0) == Class::Word)
            {
                break;
            }
            pos += len;
        }
        let run = &text[start..pos];
        Some((
            start,
            if kind == Class::Word {
                Segment::Word(run)
            } else {
                Segment::Cjk(run)
            },
        ))
    })
}

/// Turns words into index terms: Snowball English stems for plain a–z words, with
/// apostrophes or not (`volunteers` → `volunt`, `county's` → `counti`), other words
/// (numbers, codes, accented words) as they are.
pub(crate) struct WordStemmer(Stemmer);

impl WordStemmer {
    pub(crate) fn new() -> WordStemmer {
        WordStemmer(Stemmer::create(Algorithm::English))
    }

    /// `None` for words too long to be worth indexing.
    pub(crate) fn term<'a>(&self, word: &'a str) -> Option<Cow<'a, str>> {
        if word.len() > MAX_WORD_CHARS && word.chars().count() > MAX_WORD_CHARS {
            return None;
        }
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            Some(self.0.stem(word))
        } else if word
            .chars()
            .all(|c| c.is_ascii_lowercase() || is_apostrophe(c))
        {
            // The stemmer knows the straight apostrophe only (and drops a final 's).
            Some(Cow::Owned(
                self.0.stem(&word.replace('\u{2019}', "'")).into_owned(),
            ))
        } else {
            Some(Cow::Borrowed(word))
        }
    }
}

/// The terms a query looks up, in order of first appearance, without repeats. A CJK
/// run of one character is looked up as that character; longer runs as their bigrams
/// only (every document containing the run contains all of them). The browser does
/// this (`queryTerms` in normalize.js); this statement of it is what tests compare with.
#[cfg(test)]
pub(crate) fn query_terms(normalized: &str, stemmer: &WordStemmer) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        if !terms.iter().any(|x| x == t) {
            terms.push(t.to_string());
        }
    };
    let segs: Vec<(usize, Segment<'_>)> = segments(normalized).collect();
    // A number right before a CJK run is looked up with the run's first character.
    let joined = |i: usize| match (segs.get(i), segs.get(i + 1)) {
        (Some(&(at, Segment::Word(w))), Some(&(next, Segment::Cjk(_)))) => {
            next == at + w.len() && w.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    for (i, &(_, segment)) in segs.iter().enumerate() {
        match segment {
            Segment::Word(w) => {
                if joined(i) {
                    let (next, _) = segs[i + 1];
                    let first = normalized[next..].chars().next().map_or(0, char::len_utf8);
                    add(&format!("{w}{}", &normalized[next..next + first]));
                } else if let Some(t) = stemmer.term(w) {
                    add(&t);
                }
            }
            Segment::Cjk(run) => {
                let chars: Vec<(usize, char)> = run.char_indices().collect();
                if chars.len() == 1 && !(i > 0 && joined(i - 1)) {
                    add(run);
                }
                for pair in chars.windows(2) {
                    let ((i, _), (j, d)) = (pair[0], pair[1]);
                    add(&run[i..j + d.len_utf8()]);
                }
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<Segment<'_>> {
        segments(text).map(|(_, s)| s).collect()
    }

    #[test]
    fn splits_scripts_and_punctuation() {
        use Segment::*;
        assert_eq!(
            segs(
                "查环查孕及b超操作, 2024年 t1-r1 〔2024〕3号 café🙂x county's 'quoted' students' o\u{2019}clock"
            ),
            vec![
                Cjk("查环查孕及"),
                Word("b"),
                Cjk("超操作"),
                Word("2024"),
                Cjk("年"),
                Word("t1"),
                Word("r1"),
                Word("2024"),
                Word("3"),
                Cjk("号"),
                Word("café"),
                Word("x"),
                Word("county's"),
                Word("quoted"),
                Word("students"),
                Word("o\u{2019}clock"),
            ]
        );
    }

    #[test]
    fn the_class_table_is_the_definition() {
        // From the top of each block down, so that a block is made for a character
        // that is not its first.
        for c in (0..=char::MAX as u32).rev().filter_map(char::from_u32) {
            assert_eq!(class(c), class_of(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn stems_plain_english_words_only() {
        let s = WordStemmer::new();
        assert_eq!(s.term("volunteers").as_deref(), Some("volunt"));
        assert_eq!(s.term("volunteer").as_deref(), Some("volunt"));
        assert_eq!(s.term("running").as_deref(), Some("run"));
        assert_eq!(s.term("run").as_deref(), Some("run"));
        assert_eq!(s.term("covid19").as_deref(), Some("covid19"));
        assert_eq!(s.term("2024").as_deref(), Some("2024"));
        assert_eq!(s.term(&"x".repeat(41)), None);
        assert_eq!(s.term("county's").as_deref(), Some("counti"));
        assert_eq!(s.term("county\u{2019}s").as_deref(), Some("counti"));
        assert_eq!(
            s.term("children's").as_deref(),
            s.term("children").as_deref()
        );
    }

    #[test]
    fn query_terms_use_bigrams_for_runs() {
        let s = WordStemmer::new();
        assert_eq!(query_terms("段简", &s), vec!["段简"]);
        assert_eq!(query_terms("一段简单", &s), vec!["一段", "段简", "简单"]);
        assert_eq!(query_terms("b超", &s), vec!["b", "超"]);
        assert_eq!(
            query_terms("running volunteers run", &s),
            vec!["run", "volunt"]
        );
        // A number right before a CJK character goes with it, as the index holds it.
        assert_eq!(query_terms("〔2024〕3号", &s), vec!["2024", "3号"]);
        assert_eq!(
            query_terms("2024年计划", &s),
            vec!["2024年", "年计", "计划"]
        );
        assert_eq!(query_terms("10月 3", &s), vec!["10月", "3"]);
        assert!(query_terms(" ,. 🙂", &s).is_empty());
    }
}
