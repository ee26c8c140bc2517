//! What the browser needs to correct a query that finds nothing or little, worked out
//! at build time and looked up offline (search.js: `Engine.correct`):
//!
//! - `py.js`: the toneless pinyin of every CJK character of the language's pages,
//!   `{syllable: "characters|others"}`, each syllable's characters most used first,
//!   then the other common characters (GB 2312) with that reading. A
//!   character is under its first (commonest) reading in the `pinyin` crate, toneless,
//!   ü typed as v; a common polyphone (多音字: 行 xing/hang, `POLYPHONES`) under each
//!   of its readings, up to `READINGS`.
//! - `k/<n>.js`: the pairs of characters the index holds, by pinyin key: `"ji hua"`
//!   (the two syllables) and `"#jh"` (their initials), each with the `PAIRS_PER_KEY`
//!   (or `PAIRS_PER_INITIALS`) pairs on most pages and their page counts; a key lands
//!   in shard `term_hash(key) % keyShards`. A homophone (计化生育) and typed pinyin
//!   (`jihuashengyu`, `ji hua`, `jhsy`) are turned into the chain of pairs with the
//!   most pages (计划, 划生, 生育).
//! - `v/<letter>.js`: the words of the pages (as written, normalised, three letters or
//!   more, a–z only) by first letter, `{word: pages}`, the `WORDS_PER_LETTER` on most
//!   pages: an English word that finds nothing is corrected to the nearest of these
//!   (one or two edits).

use std::cmp::Reverse;
use std::collections::BTreeMap;

use pinyin::{ToPinyin, ToPinyinMulti};

use super::super::encode::{push_json_str, term_hash};
use super::super::tokenize::is_cjk;
use super::terms::{FxMap, Terms};
use super::{SHARD_TARGET_BYTES, file_with};
use crate::outputs::search::SearchFile;

/// Readings kept of a common polyphone (in the `pinyin` crate's order, the commonest
/// first).
const READINGS: usize = 3;

/// Common characters read differently in different words even without tones (多音字:
/// 银行 yinhang, 行动 xingdong). These are under each of their readings; every other
/// character under its first (commonest) reading only: the table's rare readings
/// (服 bi, 不 fou) would otherwise turn typed pinyin into the wrong words.
const POLYPHONES: &str = "行长重会和都还得地的着了藏差参曾朝传大弹调度给将降角解觉卡乐露率落没模便强亲区色省石识属\
    数说似宿提校约扎择综合否系奇单折薄剥柏伯秘尾塞厦沈扁卜车恶咖壳娜屏曝茄殷叶粘殖膀刨绿咳核吓嚼\
    称仇伺囤藉贾见俩乘朴佛泊期哪仔畜巷凿埋蔓那弄炮铅雀刹什盛汤拓咋爪琢";
/// Pairs kept for a key of two full syllables, and of two initials.
const PAIRS_PER_KEY: usize = 4;
const PAIRS_PER_INITIALS: usize = 8;
/// Words kept for one first letter.
const WORDS_PER_LETTER: usize = 1500;

/// The toneless readings of a character, ü as v (how it is typed): the first, or for
/// a common polyphone up to `READINGS`.
pub(crate) fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !POLYPHONES.contains(c) {
        out.extend(c.to_pinyin().map(|p| p.plain().replace('ü', "v")));
    } else if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let plain = p.plain().replace('ü', "v");
            if !out.contains(&plain) {
                out.push(plain);
            }
            if out.len() == READINGS {
                break;
            }
        }
    }
    out
}

/// What meta.js says of the files written: the number of key shards (0: none),
/// whether there is a `py.js`, and the letters that have a word file.
pub(super) struct Written {
    pub(super) key_shards: usize,
    pub(super) pinyin: bool,
    pub(super) letters: String,
}

/// The best pairs of each pinyin key, (pages, pair), most pages first: what the key
/// shards hold, kept to update them after an edit (`update.rs`).
pub(super) type Keys = BTreeMap<String, Vec<(usize, String)>>;

/// Writes `py.js`, the key shards and the word files; returns what meta.js says of
/// them and the keys.
pub(super) fn write(
    terms: &Terms,
    df: &[usize],
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> (Written, Keys) {
    let readings_of = readings_of(&terms.chars);
    let pinyin = !readings_of.is_empty();
    if pinyin {
        let chars = terms.names.iter().zip(df).filter_map(|(name, &n)| {
            let mut chars = name.chars();
            match (chars.next(), chars.next(), n) {
                (Some(c), None, 1..) => Some((c, n)),
                _ => None,
            }
        });
        emit(pinyin_file(chars, &readings_of));
    }
    let keys = key_lists_of(terms, df, &readings_of);
    let key_shards = write_key_shards(&keys, None, emit);
    let letters = write_words(terms, df, emit);
    let written = Written {
        key_shards,
        pinyin,
        letters,
    };
    (written, keys)
}

/// The readings of each of `chars` that has any.
pub(super) fn readings_of(chars: &[char]) -> FxMap<char, Vec<String>> {
    let mut readings_of: FxMap<char, Vec<String>> = FxMap::default();
    for &c in chars {
        let r = readings(c);
        if !r.is_empty() {
            readings_of.insert(c, r);
        }
    }
    readings_of
}

/// `py.js`: `{syllable: "characters|others"}`: the characters of the pages, most used
/// first, then after `|` the other common characters (GB 2312's 6,763) with that
/// reading, which a query may hold though no page does (化 typed for 划).
/// `chars` are the characters of the pages with their page counts.
pub(super) fn pinyin_file(
    chars: impl Iterator<Item = (char, usize)>,
    readings_of: &FxMap<char, Vec<String>>,
) -> SearchFile {
    let mut by_syllable: BTreeMap<String, (Vec<(usize, char)>, String)> = BTreeMap::new();
    for (c, pages) in chars {
        for r in readings_of.get(&c).into_iter().flatten() {
            by_syllable.entry(r.clone()).or_default().0.push((pages, c));
        }
    }
    for &c in common_characters() {
        if readings_of.contains_key(&c) {
            continue;
        }
        for r in readings(c) {
            by_syllable.entry(r).or_default().1.push(c);
        }
    }
    file_with("py", 32 * 1024, |out| {
        out.push('{');
        for (i, (syllable, (chars, others))) in by_syllable.iter_mut().enumerate() {
            chars.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            if i > 0 {
                out.push(',');
            }
            push_json_str(out, syllable);
            out.push(':');
            let mut all: String = chars.iter().map(|&(_, c)| c).collect();
            all.push('|');
            all.push_str(others);
            push_json_str(out, &all);
        }
        out.push('}');
    })
}

/// The 6,763 characters of GB 2312 (levels 1 and 2): those a Chinese keyboard offers
/// for a syllable before rarer ones.
fn common_characters() -> &'static [char] {
    static COMMON: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    COMMON.get_or_init(|| {
        (0x4E00..=0x9FA5u32)
            .filter_map(char::from_u32)
            .filter(|c| {
                let mut buf = [0u8; 4];
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
                !unmappable
                    && bytes.len() == 2
                    && (0xB0..=0xF7).contains(&bytes[0])
                    && (0xA1..=0xFE).contains(&bytes[1])
            })
            .collect()
    })
}

/// The keys of a pair of characters `a`, `b`: the full ones (`ji hua`) and the
/// initials (`#jh`), with how many pairs each keeps.
pub(super) fn pair_keys(
    a: char,
    b: char,
    readings_of: &FxMap<char, Vec<String>>,
) -> Vec<(String, usize)> {
    let (Some(ra), Some(rb)) = (readings_of.get(&a), readings_of.get(&b)) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut initials: Vec<String> = Vec::new();
    for x in ra {
        for y in rb {
            keys.push((format!("{x} {y}"), PAIRS_PER_KEY));
            let i = format!("#{}{}", &x[..1], &y[..1]);
            if !initials.contains(&i) {
                initials.push(i);
            }
        }
    }
    keys.extend(initials.into_iter().map(|i| (i, PAIRS_PER_INITIALS)));
    keys
}

/// The two characters of a pair term, both CJK.
pub(super) fn pair_of(name: &str) -> Option<(char, char)> {
    let mut chars = name.chars();
    let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
        return None;
    };
    (is_cjk(a) && is_cjk(b)).then_some((a, b))
}

/// Each key's best pairs: those on most pages, of those on as many the first in
/// Unicode order (whatever order the pairs came in, so that an edit updates the
/// index to these same bytes).
pub(super) fn key_lists_of(
    terms: &Terms,
    df: &[usize],
    readings_of: &FxMap<char, Vec<String>>,
) -> Keys {
    // key -> the best pairs so far, at most `cap`.
    let mut keys: FxMap<String, Vec<(usize, Reverse<&str>)>> = FxMap::default();
    for (t, name) in terms.names.iter().enumerate() {
        let Some((a, b)) = pair_of(name).filter(|_| df[t] > 0) else {
            continue;
        };
        for (key, cap) in pair_keys(a, b, readings_of) {
            let entry = (df[t], Reverse(name.as_str()));
            let best = keys.entry(key).or_default();
            if best.len() < cap {
                best.push(entry);
            } else if let Some(min) = best.iter_mut().min()
                && *min < entry
            {
                *min = entry;
            }
        }
    }
    keys.into_iter()
        .map(|(key, mut best)| {
            best.sort_unstable_by(|a, b| b.cmp(a));
            let best = best
                .into_iter()
                .map(|(pages, Reverse(name))| (pages, name.to_string()))
                .collect();
            (key, best)
        })
        .collect()
}

/// Where a key is: `key_list`'s list as JSON.
pub(super) fn key_list(best: &[(usize, String)]) -> String {
    let mut list = String::from("[");
    for (i, (pages, name)) in best.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push('[');
        push_json_str(&mut list, name);
        list.push_str(&format!(",{pages}]"));
    }
    list.push(']');
    list
}

/// The bytes of a key's entry in its shard.
pub(super) fn key_entry_len(key: &str, best: &[(usize, String)]) -> usize {
    key.len() + key_list(best).len() + 4
}

/// How many key shards hold keys of `bytes` (0 without keys).
pub(super) fn key_shards_for(keys: usize, bytes: usize) -> usize {
    match keys {
        0 => 0,
        _ => bytes
            .div_ceil(SHARD_TARGET_BYTES)
            .max(1)
            .next_power_of_two(),
    }
}

/// Writes the key shards (only those in `only`, when given); returns how many
/// there are (0 when the pages have no pairs).
pub(super) fn write_key_shards(
    keys: &Keys,
    only: Option<&std::collections::BTreeSet<usize>>,
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> usize {
    let bytes: usize = keys.iter().map(|(k, best)| key_entry_len(k, best)).sum();
    let shards = key_shards_for(keys.len(), bytes);
    if shards == 0 {
        return 0;
    }
    type Entry<'a> = (&'a String, &'a Vec<(usize, String)>);
    let mut by_shard: Vec<Vec<Entry>> = vec![Vec::new(); shards];
    for (key, best) in keys {
        by_shard[term_hash(key) as usize & (shards - 1)].push((key, best));
    }
    for (s, members) in by_shard.iter().enumerate() {
        if only.is_some_and(|only| !only.contains(&s)) {
            continue;
        }
        emit(file_with(&format!("k/{s}"), SHARD_TARGET_BYTES, |out| {
            out.push('{');
            for (i, (key, best)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_str(out, key);
                out.push(':');
                out.push_str(&key_list(best));
            }
            out.push('}');
        }));
    }
    shards
}

/// The word files; returns their letters.
pub(super) fn write_words(
    terms: &Terms,
    df: &[usize],
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> String {
    let mut by_letter: BTreeMap<u8, Vec<(usize, &str)>> = BTreeMap::new();
    for form in &terms.forms {
        by_letter
            .entry(form.text.as_bytes()[0])
            .or_default()
            .push((df[form.term as usize], &form.text));
    }
    let mut letters = String::new();
    for (letter, mut words) in by_letter {
        words.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        words.truncate(WORDS_PER_LETTER);
        letters.push(letter as char);
        emit(file_with(
            &format!("v/{}", letter as char),
            words.len() * 12,
            |out| {
                out.push('{');
                for (i, (pages, word)) in words.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_str(out, word);
                    out.push_str(&format!(":{pages}"));
                }
                out.push('}');
            },
        ));
    }
    letters
}
