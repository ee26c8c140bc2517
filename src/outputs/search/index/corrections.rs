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

/// Writes `py.js`, the key shards and the word files.
pub(super) fn write(
    terms: &Terms,
    df: &[usize],
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> Written {
    let mut readings_of: FxMap<char, Vec<String>> = FxMap::default();
    for &c in &terms.chars {
        let r = readings(c);
        if !r.is_empty() {
            readings_of.insert(c, r);
        }
    }
    let pinyin = !readings_of.is_empty();
    if pinyin {
        emit(pinyin_file(terms, df, &readings_of));
    }
    let key_shards = write_keys(terms, df, &readings_of, emit);
    let letters = write_words(terms, df, emit);
    Written {
        key_shards,
        pinyin,
        letters,
    }
}

/// `py.js`: `{syllable: "characters|others"}`: the characters of the pages, most used
/// first, then after `|` the other common characters (GB 2312's 6,763) with that
/// reading, which a query may hold though no page does (化 typed for 划).
fn pinyin_file(terms: &Terms, df: &[usize], readings_of: &FxMap<char, Vec<String>>) -> SearchFile {
    let mut by_syllable: BTreeMap<String, (Vec<(usize, char)>, String)> = BTreeMap::new();
    for (t, name) in terms.names.iter().enumerate() {
        let mut chars = name.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            continue;
        };
        for r in readings_of.get(&c).into_iter().flatten() {
            by_syllable.entry(r.clone()).or_default().0.push((df[t], c));
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

/// The key shards; returns how many (0 when the pages have no pairs).
fn write_keys(
    terms: &Terms,
    df: &[usize],
    readings_of: &FxMap<char, Vec<String>>,
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> usize {
    // key -> the best pairs so far, (pages, term), at most `cap`.
    let mut keys: FxMap<String, Vec<(usize, usize)>> = FxMap::default();
    let mut keep = |key: String, cap: usize, entry: (usize, usize)| {
        let best = keys.entry(key).or_default();
        if best.len() < cap {
            best.push(entry);
        } else if let Some(min) = best.iter_mut().min()
            && *min < entry
        {
            *min = entry;
        }
    };
    for (t, name) in terms.names.iter().enumerate() {
        let mut chars = name.chars();
        let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
            continue;
        };
        if !is_cjk(a) || !is_cjk(b) {
            continue;
        }
        let (Some(ra), Some(rb)) = (readings_of.get(&a), readings_of.get(&b)) else {
            continue;
        };
        let mut initials: Vec<String> = Vec::new();
        for x in ra {
            for y in rb {
                keep(format!("{x} {y}"), PAIRS_PER_KEY, (df[t], t));
                let i = format!("#{}{}", &x[..1], &y[..1]);
                if !initials.contains(&i) {
                    initials.push(i);
                }
            }
        }
        for i in initials {
            keep(i, PAIRS_PER_INITIALS, (df[t], t));
        }
    }
    if keys.is_empty() {
        return 0;
    }
    let mut entries: Vec<(String, String)> = keys
        .into_iter()
        .map(|(key, mut best)| {
            best.sort_unstable_by(|a, b| b.cmp(a));
            let mut list = String::from("[");
            for (i, &(pages, t)) in best.iter().enumerate() {
                if i > 0 {
                    list.push(',');
                }
                list.push('[');
                push_json_str(&mut list, &terms.names[t]);
                list.push_str(&format!(",{pages}]"));
            }
            list.push(']');
            (key, list)
        })
        .collect();
    entries.sort_unstable();
    let bytes: usize = entries.iter().map(|(k, l)| k.len() + l.len() + 4).sum();
    let shards = bytes
        .div_ceil(SHARD_TARGET_BYTES)
        .max(1)
        .next_power_of_two();
    let mut by_shard: Vec<Vec<&(String, String)>> = vec![Vec::new(); shards];
    for e in &entries {
        by_shard[term_hash(&e.0) as usize & (shards - 1)].push(e);
    }
    for (s, members) in by_shard.iter().enumerate() {
        emit(file_with(&format!("k/{s}"), SHARD_TARGET_BYTES, |out| {
            out.push('{');
            for (i, (key, list)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_str(out, key);
                out.push(':');
                out.push_str(list);
            }
            out.push('}');
        }));
    }
    shards
}

/// The word files; returns their letters.
fn write_words(terms: &Terms, df: &[usize], emit: &(dyn Fn(SearchFile) -> usize + Sync)) -> String {
    let mut by_letter: BTreeMap<u8, Vec<(usize, &str)>> = BTreeMap::new();
    for (form, t) in &terms.forms {
        if form.len() >= 3 && form.bytes().all(|b| b.is_ascii_lowercase()) {
            by_letter
                .entry(form.as_bytes()[0])
                .or_default()
                .push((df[*t as usize], form));
        }
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
