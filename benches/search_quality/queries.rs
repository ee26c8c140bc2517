//! The query set and its ground truth, made from the pages' sources with a fixed seed.
//!
//! **Ground truth.** Each query has the phrase the reader means (`means`: 计划生育 for the
//! homophone typo 计化生育, `volunteer` for `volunter`, the Chinese word for its pinyin).
//! A page is relevant when its own text (title, summary, tags, the front-matter values
//! the page shows, body; [`Page::folded`]) contains that phrase, after folding both
//! ([`Fold`]: NFKC, lower case, Traditional → Simplified):
//!
//! - a phrase with a CJK character is found as it is, characters next to each other;
//!   where it starts or ends with a Latin letter or digit, the text has none just before
//!   or after it (`3月` is not in `13月`, `2024年` not in `12024年`);
//! - a phrase of words is found as its Snowball stems one after the other, with only
//!   spaces or hyphens between them (`volunteers` finds `volunteer`; `electronic register`
//!   is not in `electronic. Register`).
//!
//! The pages judged are those of the search page's language, except for cross-language
//! queries, which are words found only in the other language's pages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use pinyin::ToPinyin;

use super::sources::{Fold, Lang, Page, is_cjk, word_runs};

/// The seed of every category's random choices (the number).
pub(crate) const SEED: u64 = 22;

/// A query of the set (committed in `queries-<pages>.json`, its relevant pages by number).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub id: String,
    pub category: String,
    /// The search page it is typed into.
    pub site: Lang,
    /// What the reader types.
    pub q: String,
    /// The phrase the reader means, correctly spelled.
    pub means: String,
    /// Whose pages are judged: the site's, or the other language's (cross-language).
    pub judged: Lang,
    /// How the query was made from the pages.
    pub how: String,
    /// The relevant pages' URLs, sorted.
    pub relevant: Vec<String>,
}

/// The categories in the order they are reported, with the number of queries of each.
pub(crate) const CATEGORIES: &[(&str, usize, &str)] = &[
    ("title", 12, "a page's full title (8 zh, 4 en)"),
    (
        "docnum",
        6,
        "a document number as written: 县政办发〔2016〕2号 (4 zh, 2 en)",
    ),
    (
        "docnum-halfwidth",
        5,
        "with half-width brackets: 县政办发[2016]2号",
    ),
    (
        "docnum-plain",
        5,
        "without brackets: 县政办发2016 2号, 县政办发20162号",
    ),
    ("zh-phrase", 8, "5–8 characters of a page's running text"),
    ("zh-word", 10, "a single Chinese word of the pages"),
    (
        "traditional",
        8,
        "Traditional script: words, phrases and titles of Traditional pages",
    ),
    (
        "en-word",
        8,
        "an English word in another form than the pages' usual one",
    ),
    (
        "en-phrase",
        6,
        "two or three English words next to each other in a page",
    ),
    (
        "en-typo",
        10,
        "an English word with 1 (6) or 2 (4) typing errors",
    ),
    (
        "zh-homophone",
        12,
        "a Chinese word with one character replaced by a homophone",
    ),
    ("pinyin", 6, "full pinyin without spaces: jihuashengyu"),
    (
        "pinyin-spaced",
        6,
        "full pinyin with spaces: ji hua sheng yu",
    ),
    ("pinyin-initials", 6, "pinyin initials: jhsy"),
    ("digits", 8, "digits with a character: 3月, 2024年"),
    (
        "cross-language",
        6,
        "an English word on the zh site (4), a Chinese word on the en site (2)",
    ),
];

/// Categories reported together as "typos", as the issue does.
pub(crate) const TYPOS: &[&str] = &["en-typo", "zh-homophone"];

/// Categories (by prefix) of what issue 22 asks placard to learn; the others are
/// what it did before, reported together to compare with the hand-made figures.
pub(crate) const UNSUPPORTED: &[&str] = &["en-typo", "zh-homophone", "pinyin", "cross-language"];

/// How a phrase is found in a page's text (see the module's documentation).
pub(crate) enum Matcher {
    /// Folded text with a CJK character, found as a substring.
    Text(String),
    /// Runs of stems, each found within one run of the page.
    Words(Vec<Vec<String>>),
}

impl Matcher {
    pub(crate) fn new(fold: &Fold, means: &str) -> Matcher {
        let folded = fold.text(means);
        if folded.chars().any(is_cjk) {
            Matcher::Text(folded)
        } else {
            Matcher::Words(fold.word_runs(&folded))
        }
    }

    pub(crate) fn matches(&self, page: &Page) -> bool {
        match self {
            Matcher::Text(phrase) => contains_phrase(&page.folded, phrase),
            Matcher::Words(runs) => {
                !runs.is_empty()
                    && runs.iter().all(|want| {
                        page.runs
                            .iter()
                            .any(|run| run.windows(want.len()).any(|w| w == want.as_slice()))
                    })
            }
        }
    }
}

/// `phrase` in `text`, not glued to a Latin letter or digit at an end that is one.
pub(crate) fn contains_phrase(text: &str, phrase: &str) -> bool {
    let starts_alnum = phrase
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ends_alnum = phrase
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(phrase).any(|(at, _)| {
        let before_ok = !starts_alnum
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        let after_ok = !ends_alnum
            || !text[at + phrase.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        before_ok && after_ok
    })
}

/// The URLs of the pages of `judged` that contain `means`.
pub(crate) fn relevant(pages: &[Page], fold: &Fold, means: &str, judged: Lang) -> Vec<String> {
    let matcher = Matcher::new(fold, means);
    let mut urls: Vec<String> = pages
        .iter()
        .filter(|p| p.lang == judged && matcher.matches(p))
        .map(|p| p.url.clone())
        .collect();
    urls.sort();
    urls
}

// ---- Random choices: SplitMix64, one stream per category ----

pub(crate) struct Rng(u64);

impl Rng {
    /// The stream of `name` (a category), the same whatever the other categories do.
    pub(crate) fn new(seed: u64, name: &str) -> Rng {
        // FNV-1a of the name.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index of `weights`, each as likely as its weight.
    pub(crate) fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut at = self.next() % total;
        for (i, &w) in weights.iter().enumerate() {
            if at < w {
                return i;
            }
            at -= w;
        }
        weights.len() - 1
    }
}

// ---- Pinyin ----

/// Common characters with more than one reading even without tones (多音字): the
/// pinyin table gives one reading a character, the most common, which is wrong for
/// some words (银行 is yinhang, not yinxing). Words with these characters are not made
/// into pinyin or homophone queries, and they are not used as homophones.
const POLYPHONES: &str = "行长重会和都还得地的着了藏差参曾朝传大弹调度给将降角解觉卡乐露率落没模便强亲区色省石识属\
    数说似宿提校约扎择综合否系奇单折薄剥柏伯秘尾塞厦沈扁卜车恶咖壳娜屏曝茄殷叶粘殖膀刨绿咳核吓嚼\
    称仇伺囤藉贾见俩乘朴佛泊期哪仔畜巷凿埋蔓那弄炮铅雀刹什盛汤拓咋爪琢";

/// The toneless pinyin of a character as typed (ü as v), if it has one reading.
pub(crate) fn syllable(c: char) -> Option<String> {
    if POLYPHONES.contains(c) {
        return None;
    }
    c.to_pinyin().map(|p| p.plain().replace('ü', "v"))
}

/// The syllables of a word of CJK characters, if every character has one reading.
fn syllables(word: &str) -> Option<Vec<String>> {
    word.chars().map(syllable).collect()
}

/// The first reading's syllable, for any character (what an engine with this table
/// would make of it).
fn any_syllable(c: char) -> Option<String> {
    c.to_pinyin().map(|p| p.plain().replace('ü', "v"))
}

// ---- What the pages hold ----

/// Characters that do not start or end a word.
const STOP_CHARS: &str =
    "的了和与及是在对为等把被将从以并或也都而其之这那有个各每要就向于由到让使给所";

/// English words that do not start or end a phrase, and are not made into queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "so", "that", "the", "their", "them", "they", "this", "to",
    "who", "will", "with", "within", "which", "while", "than", "more", "all", "each", "every",
    "any", "can", "may", "must", "shall", "been", "per", "below", "above", "our", "your", "there",
    "where", "when", "after", "before", "into", "out", "over", "under", "up", "least",
];

/// Counts over the pages that the queries are made from.
pub(crate) struct Corpus<'a> {
    pub pages: &'a [Page],
    pub fold: &'a Fold,
    /// Chinese n-grams (1–4 characters of a CJK run) of the zh pages → pages holding them.
    zh_df: HashMap<String, u32>,
    /// Words of the pages (2–4 characters, see [`Corpus::new`]), sorted.
    terms: Vec<String>,
    /// English surface words of the en pages → pages holding them.
    en_df: BTreeMap<String, u32>,
    /// Stem → pages holding a word of it (en pages).
    en_stem_df: HashMap<String, u32>,
    /// Stems of every word of the zh pages.
    zh_stems: HashSet<String>,
}

/// Words are the 2–4-character n-grams of the zh pages found on at least this many
/// pages,
const TERM_MIN_PAGES: u32 = 3;
/// whose characters stick together: for every way of cutting the n-gram in two, it
/// occurs at least this many times as often as the two parts would meet by chance
/// (occurrences × all characters / (occurrences of one part × of the other)),
const TERM_MIN_COHESION: f64 = 12.0;
/// and which are used in varied places: the entropy (in nats) of the characters just
/// before them, and of those just after them (a run's start or end counting as one
/// character), is at least this. 计划生 is always followed by 育 (0), 计划生育 by many.
const TERM_MIN_ENTROPY: f64 = 0.9;

impl<'a> Corpus<'a> {
    pub(crate) fn new(pages: &'a [Page], fold: &'a Fold) -> Corpus<'a> {
        let zh: Vec<&Page> = pages.iter().filter(|p| p.lang == Lang::Zh).collect();
        // Pages and occurrences of every n-gram of 1–4 characters of a CJK run.
        let mut zh_df: HashMap<String, u32> = HashMap::new();
        let mut occurrences: HashMap<String, u64> = HashMap::new();
        let mut characters: u64 = 0;
        for page in &zh {
            let mut seen: HashSet<&str> = HashSet::new();
            for run in cjk_runs(&page.folded) {
                let idx: Vec<usize> = run
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([run.len()])
                    .collect();
                characters += idx.len() as u64 - 1;
                for n in 1..=4 {
                    for w in idx.windows(n + 1) {
                        let g = &run[w[0]..w[n]];
                        seen.insert(g);
                        match occurrences.get_mut(g) {
                            Some(count) => *count += 1,
                            None => {
                                occurrences.insert(g.to_string(), 1);
                            }
                        }
                    }
                }
            }
            for g in seen {
                *zh_df.entry(g.to_string()).or_default() += 1;
            }
        }
        let cohesion = |g: &str| -> f64 {
            let count = |s: &str| occurrences.get(s).copied().unwrap_or(0) as f64;
            g.char_indices()
                .skip(1)
                .map(|(at, _)| count(g) * characters as f64 / (count(&g[..at]) * count(&g[at..])))
                .fold(f64::INFINITY, f64::min)
        };
        // The characters before and after each candidate, over every occurrence.
        type Neighbours = (HashMap<char, u32>, HashMap<char, u32>);
        let mut neighbours: HashMap<&str, Neighbours> = HashMap::new();
        for page in &zh {
            for run in cjk_runs(&page.folded) {
                let chars: Vec<(usize, char)> = run.char_indices().collect();
                for n in 2..=4 {
                    for s in 0..chars.len().saturating_sub(n - 1) {
                        let start = chars[s].0;
                        let end = chars.get(s + n).map_or(run.len(), |c| c.0);
                        let Some((key, df)) = zh_df.get_key_value(&run[start..end]) else {
                            continue;
                        };
                        if *df < TERM_MIN_PAGES {
                            continue;
                        }
                        let e = neighbours.entry(key.as_str()).or_default();
                        *e.0.entry(if s == 0 { '^' } else { chars[s - 1].1 })
                            .or_default() += 1;
                        *e.1.entry(chars.get(s + n).map_or('$', |c| c.1))
                            .or_default() += 1;
                    }
                }
            }
        }
        let mut terms: Vec<String> = neighbours
            .iter()
            .filter(|(g, (before, after))| {
                !STOP_CHARS.contains(g.chars().next().unwrap())
                    && !STOP_CHARS.contains(g.chars().last().unwrap())
                    && entropy(before) >= TERM_MIN_ENTROPY
                    && entropy(after) >= TERM_MIN_ENTROPY
                    && cohesion(g) >= TERM_MIN_COHESION
            })
            .map(|(g, _)| g.to_string())
            .collect();
        terms.sort();

        let mut en_df: BTreeMap<String, u32> = BTreeMap::new();
        let mut en_stem_df: HashMap<String, u32> = HashMap::new();
        let mut zh_stems = HashSet::new();
        for page in pages {
            match page.lang {
                Lang::En => {
                    let words: BTreeSet<String> = surface_words(&page.folded).into_iter().collect();
                    let stems: BTreeSet<String> = words.iter().map(|w| fold.stem(w)).collect();
                    for w in words {
                        *en_df.entry(w).or_default() += 1;
                    }
                    for s in stems {
                        *en_stem_df.entry(s).or_default() += 1;
                    }
                }
                Lang::Zh => zh_stems.extend(page.runs.iter().flatten().cloned()),
            }
        }
        Corpus {
            pages,
            fold,
            zh_df,
            terms,
            en_df,
            en_stem_df,
            zh_stems,
        }
    }

    fn df(&self, gram: &str) -> u32 {
        self.zh_df.get(gram).copied().unwrap_or(0)
    }

    fn terms(
        &self,
        len: std::ops::RangeInclusive<usize>,
        df: std::ops::RangeInclusive<u32>,
    ) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| len.contains(&t.chars().count()) && df.contains(&self.df(t)))
            .map(String::as_str)
            .collect()
    }

    /// Whether any page of either language holds `folded`.
    fn anywhere(&self, folded: &str) -> bool {
        self.pages.iter().any(|p| p.folded.contains(folded))
    }

    fn lang(&self, lang: Lang) -> Vec<&'a Page> {
        self.pages.iter().filter(|p| p.lang == lang).collect()
    }

    /// The n-grams of 1–4 characters by their key (`key_of`: a word's pinyin or its
    /// initials), each with the pages it is on, most first.
    fn by_key(&self, key_of: KeyOf) -> HashMap<String, Vec<(u32, &str)>> {
        let mut keys: HashMap<String, Vec<(u32, &str)>> = HashMap::new();
        for (g, &df) in &self.zh_df {
            if let Some(key) = key_of(g) {
                keys.entry(key).or_default().push((df, g.as_str()));
            }
        }
        for list in keys.values_mut() {
            list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        }
        keys
    }
}

/// A word's key: its pinyin, or its initials.
type KeyOf = fn(&str) -> Option<String>;

/// Whether `word` owns its key in `keys` ([`Corpus::by_key`]): it is on at least three
/// times as many pages as any other n-gram with the same key, so that a reader typing
/// the key most likely means it.
fn owns_key(keys: &HashMap<String, Vec<(u32, &str)>>, word: &str, key: &str) -> bool {
    match keys.get(key).map(Vec::as_slice) {
        Some([(_, first)]) => *first == word,
        Some([(df, first), (next, _), ..]) => *first == word && *df >= 3 * *next,
        _ => false,
    }
}

/// The entropy of a distribution given by counts, in nats.
fn entropy(counts: &HashMap<char, u32>) -> f64 {
    let total: f64 = counts.values().map(|&c| f64::from(c)).sum();
    -counts
        .values()
        .map(|&c| f64::from(c) / total)
        .map(|p| p * p.ln())
        .sum::<f64>()
}

fn cjk_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_cjk(c)).filter(|r| !r.is_empty())
}

/// The words of folded text as written (not stemmed).
fn surface_words(text: &str) -> Vec<String> {
    word_runs(text).into_iter().flatten().collect()
}

/// Whether two words are inflections of one (`course`, `courses`; `monitor`,
/// `monitoring`; `study`, `studies`), not words made from one another (`public`,
/// `publicity`), which the stemmer also puts together.
fn inflected(a: &str, b: &str) -> bool {
    const ENDINGS: &[&str] = &["", "s", "es", "d", "ed", "ing", "e", "y", "ies", "ied"];
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    common >= 3 && ENDINGS.contains(&&a[common..]) && ENDINGS.contains(&&b[common..])
}

fn is_plain_word(w: &str) -> bool {
    w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()) && !STOP_WORDS.contains(&w)
}

// ---- The set ----

/// The whole query set, category by category ([`CATEGORIES`]), or what is missing.
pub(crate) fn generate(corpus: &Corpus<'_>) -> Result<Vec<Query>, String> {
    let mut set = QuerySet {
        corpus,
        queries: Vec::new(),
        typed: HashSet::new(),
    };
    for &(category, count, _) in CATEGORIES {
        let mut rng = Rng::new(SEED, category);
        let before = set.queries.len();
        match category {
            "title" => set.titles(&mut rng),
            "docnum" => set.doc_numbers(&mut rng, category),
            "docnum-halfwidth" => set.doc_numbers(&mut rng, category),
            "docnum-plain" => set.doc_numbers(&mut rng, category),
            "zh-phrase" => set.zh_phrases(&mut rng, count),
            "zh-word" => set.zh_words(&mut rng, count),
            "traditional" => set.traditional(&mut rng),
            "en-word" => set.en_words(&mut rng, count),
            "en-phrase" => set.en_phrases(&mut rng, count),
            "en-typo" => set.en_typos(&mut rng),
            "zh-homophone" => set.homophones(&mut rng, count),
            "pinyin" | "pinyin-spaced" | "pinyin-initials" => set.pinyin(&mut rng, category, count),
            "digits" => set.digits(&mut rng),
            "cross-language" => set.cross_language(&mut rng),
            _ => unreachable!("category {category}"),
        }
        let made = set.queries.len() - before;
        if made != count {
            return Err(format!(
                "{category}: made {made} queries of {count}: the corpus has too few candidates (a smaller corpus than 1,000 pages a language?)"
            ));
        }
    }
    Ok(set.queries)
}

struct QuerySet<'c, 'a> {
    corpus: &'c Corpus<'a>,
    queries: Vec<Query>,
    /// (site, query) already in the set.
    typed: HashSet<(Lang, String)>,
}

/// Chinese queries are made of words and phrases on at most this many pages (of 1,000),
/// so that ten results can tell a good engine from a bad one (the issue's own examples,
/// 计划生育 and 志愿, are on more), and so are English phrases. English words are not:
/// the English pages are made from templates with a vocabulary of some 400 words, most
/// of them on hundreds of pages.
const MAX_PAGES: u32 = 200;

/// Tries to make a query this many times a wanted query at most.
const ATTEMPTS: usize = 2000;

impl QuerySet<'_, '_> {
    /// Adds the query if it is new and some page is relevant to it.
    fn add(
        &mut self,
        category: &str,
        site: Lang,
        q: &str,
        means: &str,
        judged: Lang,
        how: String,
    ) -> bool {
        if self.typed.contains(&(site, q.to_string())) {
            return false;
        }
        let relevant = relevant(self.corpus.pages, self.corpus.fold, means, judged);
        if relevant.is_empty() {
            return false;
        }
        self.typed.insert((site, q.to_string()));
        let n = self
            .queries
            .iter()
            .filter(|x| x.category == category)
            .count()
            + 1;
        self.queries.push(Query {
            id: format!("{category}-{n:02}"),
            category: category.to_string(),
            site,
            q: q.to_string(),
            means: means.to_string(),
            judged,
            how,
            relevant,
        });
        true
    }

    /// Calls `make` until it has added `count` queries (or given up).
    fn repeat(&mut self, count: usize, mut make: impl FnMut(&mut Self) -> bool) {
        let mut made = 0;
        for _ in 0..count * ATTEMPTS {
            if made == count {
                break;
            }
            if make(self) {
                made += 1;
            }
        }
    }

    fn titles(&mut self, rng: &mut Rng) {
        let corpus = self.corpus;
        for (lang, count) in [(Lang::Zh, 8), (Lang::En, 4)] {
            let pages: Vec<&Page> = corpus
                .lang(lang)
                .into_iter()
                .filter(|p| !p.traditional)
                .collect();
            self.repeat(count, |set| {
                let page = rng.pick(&pages);
                set.add(
                    "title",
                    lang,
                    &page.title,
                    &page.title,
                    lang,
                    format!("the title of {}", page.url),
                )
            });
        }
    }

    fn doc_numbers(&mut self, rng: &mut Rng, category: &str) {
        let corpus = self.corpus;
        let plan: &[(Lang, usize)] = if category == "docnum" {
            &[(Lang::Zh, 4), (Lang::En, 2)]
        } else {
            &[(Lang::Zh, 5)]
        };
        for &(lang, count) in plan {
            let notices: Vec<&Page> = corpus
                .lang(lang)
                .into_iter()
                .filter(|p| p.doc_number.is_some())
                .collect();
            let mut k = 0;
            self.repeat(count, |set| {
                let page = rng.pick(&notices);
                let doc = page.doc_number.as_deref().expect("a notice");
                let (q, how) = match category {
                    "docnum" => (doc.to_string(), "as written".to_string()),
                    "docnum-halfwidth" => (
                        doc.replace('〔', "[").replace('〕', "]"),
                        "〔〕 as []".to_string(),
                    ),
                    _ if k % 2 == 0 => (
                        doc.replace('〔', "").replace('〕', " "),
                        "〔〕 left out, a space".to_string(),
                    ),
                    _ => (doc.replace(['〔', '〕'], ""), "〔〕 left out".to_string()),
                };
                let added = set.add(
                    category,
                    lang,
                    &q,
                    doc,
                    lang,
                    format!("{how}; the number of {}", page.url),
                );
                k += usize::from(added);
                added
            });
        }
    }

    /// 5–8 characters of a page's text that start with a word and end with one, on at
    /// most [`MAX_PAGES`] pages, as the page writes them (in its own script).
    fn zh_phrases(&mut self, rng: &mut Rng, count: usize) {
        let corpus = self.corpus;
        let terms: HashSet<&str> = corpus
            .terms(2..=4, TERM_MIN_PAGES..=u32::MAX)
            .into_iter()
            .collect();
        let pages: Vec<&Page> = corpus
            .lang(Lang::Zh)
            .into_iter()
            .filter(|p| !p.traditional)
            .collect();
        self.repeat(count, |set| {
            let page = rng.pick(&pages);
            let Some(phrase) = phrase_of(corpus, &terms, rng, page) else {
                return false;
            };
            set.add(
                "zh-phrase",
                Lang::Zh,
                &phrase,
                &phrase,
                Lang::Zh,
                format!("from the text of {}", page.url),
            )
        });
    }

    fn zh_words(&mut self, rng: &mut Rng, count: usize) {
        let terms = self.corpus.terms(2..=4, 3..=MAX_PAGES);
        self.repeat(count, |set| {
            let term = rng.pick(&terms).to_string();
            let how = format!("a word on {} zh pages", set.corpus.df(&term));
            set.add("zh-word", Lang::Zh, &term, &term, Lang::Zh, how)
        });
    }

    fn traditional(&mut self, rng: &mut Rng) {
        let corpus = self.corpus;
        let fold = corpus.fold;
        let pages: Vec<&Page> = corpus
            .lang(Lang::Zh)
            .into_iter()
            .filter(|p| p.traditional)
            .collect();
        let terms: HashSet<&str> = corpus.terms(2..=4, 3..=MAX_PAGES).into_iter().collect();
        // Words as the Traditional pages write them.
        let mut words: BTreeSet<String> = BTreeSet::new();
        for page in &pages {
            for block in page.body.iter().chain([&page.title]) {
                let script = fold.script(block);
                for run in cjk_runs(&script) {
                    let chars: Vec<char> = run.chars().collect();
                    for n in 2..=4 {
                        for w in chars.windows(n) {
                            let written: String = w.iter().collect();
                            if w.iter().any(|&c| fold.is_traditional(c))
                                && terms.contains(fold.text(&written).as_str())
                            {
                                words.insert(written);
                            }
                        }
                    }
                }
            }
        }
        let words: Vec<String> = words.into_iter().collect();
        self.repeat(3, |set| {
            let word = rng.pick(&words);
            set.add(
                "traditional",
                Lang::Zh,
                word,
                &fold.text(word),
                Lang::Zh,
                "a word as Traditional pages write it".into(),
            )
        });
        let all_terms: HashSet<&str> = corpus
            .terms(2..=4, TERM_MIN_PAGES..=u32::MAX)
            .into_iter()
            .collect();
        self.repeat(3, |set| {
            let page = rng.pick(&pages);
            let Some(phrase) = phrase_of(corpus, &all_terms, rng, page) else {
                return false;
            };
            if !phrase.chars().any(|c| fold.is_traditional(c)) {
                return false;
            }
            set.add(
                "traditional",
                Lang::Zh,
                &phrase,
                &fold.text(&phrase),
                Lang::Zh,
                format!("from the text of {}", page.url),
            )
        });
        self.repeat(2, |set| {
            let page = rng.pick(&pages);
            if !page.title.chars().any(|c| fold.is_traditional(c)) {
                return false;
            }
            set.add(
                "traditional",
                Lang::Zh,
                &page.title,
                &fold.text(&page.title),
                Lang::Zh,
                format!("the title of {}", page.url),
            )
        });
    }

    /// Inflected forms of a word that are not the pages' most usual one: `volunteers`
    /// where the pages mostly say `volunteer`, `monitoring` for `monitor`.
    fn en_words(&mut self, rng: &mut Rng, count: usize) {
        let corpus = self.corpus;
        let mut forms: BTreeMap<String, Vec<(&str, u32)>> = BTreeMap::new();
        for (w, &df) in &corpus.en_df {
            if is_plain_word(w) && w.len() >= 4 {
                forms
                    .entry(corpus.fold.stem(w))
                    .or_default()
                    .push((w.as_str(), df));
            }
        }
        let mut candidates: Vec<(&str, &str)> = Vec::new(); // (form, usual form)
        for (stem, list) in &forms {
            if list.len() < 2 || corpus.en_stem_df.get(stem).is_none_or(|&df| df < 5) {
                continue;
            }
            let usual = list
                .iter()
                .max_by_key(|(w, df)| (*df, std::cmp::Reverse(*w)))
                .expect("two forms")
                .0;
            candidates.extend(
                list.iter()
                    .filter(|(w, _)| *w != usual && inflected(w, usual))
                    .map(|(w, _)| (*w, usual)),
            );
        }
        self.repeat(count, |set| {
            let &(form, usual) = rng.pick(&candidates);
            set.add(
                "en-word",
                Lang::En,
                form,
                form,
                Lang::En,
                format!("the pages mostly say {usual}"),
            )
        });
    }

    fn en_phrases(&mut self, rng: &mut Rng, count: usize) {
        let corpus = self.corpus;
        let pages = corpus.lang(Lang::En);
        self.repeat(count, |set| {
            let page = rng.pick(&pages);
            let runs: Vec<Vec<String>> = word_runs(&page.folded)
                .into_iter()
                .filter(|r| r.len() >= 3)
                .collect();
            if runs.is_empty() {
                return false;
            }
            let run = rng.pick(&runs);
            let len = 2 + rng.below(2);
            if run.len() < len {
                return false;
            }
            let at = rng.below(run.len() - len + 1);
            let words = &run[at..at + len];
            if !is_plain_word(&words[0])
                || !is_plain_word(&words[len - 1])
                || !words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            {
                return false;
            }
            let phrase = words.join(" ");
            let n = relevant(corpus.pages, corpus.fold, &phrase, Lang::En).len();
            if !(2..=MAX_PAGES as usize).contains(&n) {
                return false;
            }
            set.add(
                "en-phrase",
                Lang::En,
                &phrase,
                &phrase,
                Lang::En,
                format!("from the text of {}", page.url),
            )
        });
    }

    fn en_typos(&mut self, rng: &mut Rng) {
        let corpus = self.corpus;
        let stems: HashSet<&String> = corpus.en_stem_df.keys().collect();
        for (edits, count) in [(1, 6), (2, 4)] {
            let words: Vec<&str> = corpus
                .en_df
                .iter()
                .filter(|(w, df)| is_plain_word(w) && w.len() >= 5 + edits && **df >= 5)
                .map(|(w, _)| w.as_str())
                .collect();
            self.repeat(count, |set| {
                let word = *rng.pick(&words);
                let (typo, how) = misspell(rng, word, edits);
                if strsim::osa_distance(word, &typo) != edits
                    || corpus.en_df.contains_key(&typo)
                    || stems.contains(&corpus.fold.stem(&typo))
                {
                    return false;
                }
                set.add(
                    "en-typo",
                    Lang::En,
                    &typo,
                    word,
                    Lang::En,
                    format!("{word}: {how}"),
                )
            });
        }
    }

    fn homophones(&mut self, rng: &mut Rng, count: usize) {
        let corpus = self.corpus;
        // The issue's own examples first, where the pages have the words.
        for (typo, word) in [("计化生育", "计划生育"), ("志原", "志愿")] {
            if corpus.df(word) > 0 && !corpus.anywhere(typo) {
                let (from, to) = word
                    .chars()
                    .zip(typo.chars())
                    .find(|(a, b)| a != b)
                    .expect("differ");
                let how = format!(
                    "{from}→{to} ({}), the issue's example",
                    syllable(from).unwrap_or_default()
                );
                self.add("zh-homophone", Lang::Zh, typo, word, Lang::Zh, how);
            }
        }
        // Characters a pinyin keyboard offers for a syllable: the pages' characters on
        // 30 pages or more, by syllable, each as likely as the pages it is on.
        let mut offered: BTreeMap<String, Vec<(char, u32)>> = BTreeMap::new();
        for (g, &df) in &corpus.zh_df {
            let mut chars = g.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && df >= 30
                && let Some(s) = syllable(c)
            {
                offered.entry(s).or_default().push((c, df));
            }
        }
        for list in offered.values_mut() {
            list.sort();
        }
        let terms: Vec<&str> = corpus
            .terms(2..=4, 5..=MAX_PAGES)
            .into_iter()
            .filter(|t| syllables(t).is_some())
            .collect();
        let left = count
            - self
                .queries
                .iter()
                .filter(|q| q.category == "zh-homophone")
                .count();
        self.repeat(left, |set| {
            let term = *rng.pick(&terms);
            let chars: Vec<char> = term.chars().collect();
            let k = rng.below(chars.len());
            let s = syllable(chars[k]).expect("checked");
            let Some(list) = offered.get(&s) else {
                return false;
            };
            let others: Vec<(char, u32)> = list
                .iter()
                .copied()
                .filter(|&(c, _)| c != chars[k])
                .collect();
            if others.is_empty() {
                return false;
            }
            let weights: Vec<u64> = others.iter().map(|&(_, df)| u64::from(df)).collect();
            let with = others[rng.weighted(&weights)].0;
            let mut typo = chars.clone();
            typo[k] = with;
            let typo: String = typo.into_iter().collect();
            if corpus.anywhere(&typo) {
                return false;
            }
            let how = format!("{}→{with} ({s})", chars[k]);
            set.add("zh-homophone", Lang::Zh, &typo, term, Lang::Zh, how)
        });
    }

    fn pinyin(&mut self, rng: &mut Rng, category: &str, count: usize) {
        let corpus = self.corpus;
        let (len, key_of): (std::ops::RangeInclusive<usize>, KeyOf) = match category {
            "pinyin-initials" => (3..=4, |w| {
                w.chars()
                    .map(|c| any_syllable(c).map(|s| s[..1].to_string()))
                    .collect()
            }),
            _ => (2..=4, |w| w.chars().map(any_syllable).collect()),
        };
        let terms: Vec<&str> = corpus
            .terms(len, 5..=MAX_PAGES)
            .into_iter()
            .filter(|t| syllables(t).is_some())
            .collect();
        let keys = corpus.by_key(key_of);
        self.repeat(count, |set| {
            let term = *rng.pick(&terms);
            if !key_of(term).is_some_and(|key| owns_key(&keys, term, &key)) {
                return false;
            }
            let parts = syllables(term).expect("checked");
            let q = match category {
                "pinyin" => parts.concat(),
                "pinyin-spaced" => parts.join(" "),
                _ => parts.iter().map(|s| &s[..1]).collect(),
            };
            let how = format!("{term}, on {} zh pages", corpus.df(term));
            set.add(category, Lang::Zh, &q, term, Lang::Zh, how)
        });
    }

    fn digits(&mut self, rng: &mut Rng) {
        let corpus = self.corpus;
        // Digits not after another digit, and the character after them.
        let mut found: BTreeMap<String, u32> = BTreeMap::new();
        for page in corpus.lang(Lang::Zh) {
            let mut seen = BTreeSet::new();
            let chars: Vec<char> = page.folded.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
                    let start = i;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i < chars.len() && is_cjk(chars[i]) && i - start <= 4 {
                        seen.insert(chars[start..=i].iter().collect::<String>());
                    }
                } else {
                    i += 1;
                }
            }
            for s in seen {
                *found.entry(s).or_default() += 1;
            }
        }
        // What the digits count, how many queries of each, which strings are of it.
        type Kind = (&'static str, usize, fn(&str) -> bool);
        let kinds: [Kind; 3] = [
            ("a month", 3, |s| s.ends_with('月') && s.len() <= 5),
            ("a year", 3, |s| s.ends_with('年') && s.chars().count() == 5),
            ("another count", 2, |s| !s.ends_with(['月', '年', '号'])),
        ];
        for (kind, count, is) in kinds {
            let list: Vec<&str> = found
                .iter()
                .filter(|(s, df)| is(s) && (2..=MAX_PAGES).contains(*df))
                .map(|(s, _)| s.as_str())
                .collect();
            self.repeat(count, |set| {
                let s = *rng.pick(&list);
                set.add(
                    "digits",
                    Lang::Zh,
                    s,
                    s,
                    Lang::Zh,
                    format!("{kind}, on {} zh pages", found[s]),
                )
            });
        }
    }

    fn cross_language(&mut self, rng: &mut Rng) {
        let corpus = self.corpus;
        let words: Vec<&str> = corpus
            .en_df
            .iter()
            .filter(|(w, df)| is_plain_word(w) && w.len() >= 5 && **df >= 5)
            .filter(|(w, _)| !corpus.zh_stems.contains(&corpus.fold.stem(w)))
            .map(|(w, _)| w.as_str())
            .collect();
        self.repeat(4, |set| {
            let w = *rng.pick(&words);
            set.add(
                "cross-language",
                Lang::Zh,
                w,
                w,
                Lang::En,
                "an English word no zh page has".into(),
            )
        });
        let en_pages = corpus.lang(Lang::En);
        let terms: Vec<&str> = corpus
            .terms(2..=4, 5..=MAX_PAGES)
            .into_iter()
            .filter(|t| !en_pages.iter().any(|p| p.folded.contains(t)))
            .collect();
        self.repeat(2, |set| {
            let t = *rng.pick(&terms);
            set.add(
                "cross-language",
                Lang::En,
                t,
                t,
                Lang::Zh,
                "a Chinese word no en page has".into(),
            )
        });
    }
}

/// 5–8 characters of a CJK run of a block of `page`, in the page's script, that start
/// with a word of `terms` and end with one (folded), on at most [`MAX_PAGES`] pages.
fn phrase_of(
    corpus: &Corpus<'_>,
    terms: &HashSet<&str>,
    rng: &mut Rng,
    page: &Page,
) -> Option<String> {
    let fold = corpus.fold;
    let script = fold.script(rng.pick::<String>(&page.body));
    let runs: Vec<&str> = cjk_runs(&script)
        .filter(|r| r.chars().count() >= 10)
        .collect();
    if runs.is_empty() {
        return None;
    }
    let run: Vec<char> = rng.pick(&runs).chars().collect();
    let folded: Vec<char> = fold.text(&run.iter().collect::<String>()).chars().collect();
    if folded.len() != run.len() {
        return None;
    }
    let word = |from: usize, to: usize| {
        terms.contains(folded[from..to].iter().collect::<String>().as_str())
    };
    let len = 5 + rng.below(4);
    let at = rng.below(run.len() - len + 1);
    let end = at + len;
    if !(2..=4).any(|n| word(at, at + n)) || !(2..=4).any(|n| word(end - n, end)) {
        return None;
    }
    let phrase: String = run[at..end].iter().collect();
    (relevant(corpus.pages, fold, &phrase, Lang::Zh).len() <= MAX_PAGES as usize).then_some(phrase)
}

/// Keys next to each key on a QWERTY keyboard.
const NEIGHBOURS: [&str; 26] = [
    "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn",
    "jiolm", "kop", "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb",
    "qase", "zsdc", "tghu", "asx",
];

/// `word` with `edits` typing errors (a letter left out, doubled, swapped with the next,
/// or hit next to the right key), never at the first letter.
pub(crate) fn misspell(rng: &mut Rng, word: &str, edits: usize) -> (String, String) {
    let mut w: Vec<char> = word.chars().collect();
    let mut hows = Vec::new();
    for _ in 0..edits {
        let at = 1 + rng.below(w.len() - 1);
        match rng.below(4) {
            0 => {
                hows.push(format!("'{}' left out", w[at]));
                w.remove(at);
            }
            1 => {
                hows.push(format!("'{}' doubled", w[at]));
                w.insert(at, w[at]);
            }
            2 if at + 1 < w.len() => {
                hows.push(format!("'{}{}' swapped", w[at], w[at + 1]));
                w.swap(at, at + 1);
            }
            _ => {
                let near = NEIGHBOURS[(w[at] as u8 - b'a') as usize].as_bytes();
                let c = near[rng.below(near.len())] as char;
                hows.push(format!("'{}' as '{c}'", w[at]));
                w[at] = c;
            }
        }
    }
    (w.into_iter().collect(), hows.join(", "))
}
