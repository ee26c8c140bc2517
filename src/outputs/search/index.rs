//! Builds one language's index files from its pages: tokenises the pages in
//! parallel, gathers postings per term, scores them (BM25 with title and heading
//! boosts, quantised) and writes shards, per-page files, filter sets and metadata.
//! The formats are described in `mod.rs`; `search.js` reads them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use hashbrown::HashTable;
use rayon::prelude::*;

use super::encode::{push_digit, push_json_chars, push_json_str, push_varint, term_hash};
use super::normalize::{normalize_into, t2s};
use super::tokenize::{Segment, WordStemmer, is_cjk, segments};
use super::{SearchDoc, SearchFile};

/// Format version, in `meta.js`; `search.js` refuses what it does not know.
const FORMAT_VERSION: u32 = 3;

/// BM25 parameters; a title hit adds about what a very frequent body term gives.
const K1: f64 = 1.2;
const B: f64 = 0.75;
const TITLE_WEIGHT: f64 = 2.0;
const HEADING_WEIGHT: f64 = 0.6;
const MAX_IMPACT: f64 = K1 + 1.0 + TITLE_WEIGHT + HEADING_WEIGHT;
/// Impacts are stored in five bits, 1–31.
const IMPACT_LEVELS: f64 = 31.0;

/// A shard holds about this much; a term whose postings alone are bigger than
/// `OWN_FILE_BYTES` gets a file of its own that the shard points to.
const SHARD_TARGET_BYTES: usize = 8 * 1024;
const OWN_FILE_BYTES: usize = 2 * 1024;

/// Page text kept for excerpts. Matching uses the whole page; only an excerpt for a
/// hit further down falls back to the start of the page.
const MAX_TEXT_BYTES: usize = 8 * 1024;

/// Neighbouring pages share a page file up to this size (a longer page has one of its
/// own): about half as many files to write as pages, while the files a first query
/// loads for its `PAGE_SIZE` results weigh no more than as many long pages would.
pub(crate) const PAGE_FILE_BYTES: usize = MAX_TEXT_BYTES;

/// Pages are packed a chunk at a time, in parallel; a file never spans two chunks.
const PACK_CHUNK: usize = 256;

/// Results shown at once, so the page files a first query fetches. Six: a browser
/// sends at most six requests at a time to a host that speaks HTTP/1.1 (a simple
/// static host, or any without TLS), so the files of six results come in one round
/// where ten took two; a phone shows three or four results a screen, and "More results"
/// shows the next six (docs/search.md, "Six results at once").
pub(crate) const PAGE_SIZE: usize = 6;

/// How a term occurs in one page.
#[derive(Clone, Copy, Default)]
struct Counts {
    body: u16,
    title: bool,
    heading: bool,
}

impl Counts {
    fn add(&mut self, field: Field) {
        match field {
            Field::Title => self.title = true,
            Field::Heading => self.heading = true,
            Field::Body => self.body = self.body.saturating_add(1),
        }
    }

    fn merge(&mut self, other: Counts) {
        self.body = self.body.saturating_add(other.body);
        self.title |= other.title;
        self.heading |= other.heading;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Heading,
    Body,
}

/// CJK terms are keyed by their characters, so counting them allocates nothing.
fn unigram_key(cp: u32) -> u64 {
    cp as u64
}

fn bigram_key(a: char, b: char) -> u64 {
    1 << 42 | (a as u64) << 21 | b as u64
}

fn key_name(key: u64) -> String {
    let ch = |bits: u64| char::from_u32((bits & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
    if key >> 42 == 0 {
        ch(key).to_string()
    } else {
        [ch(key >> 21), ch(key)].iter().collect()
    }
}

/// A distinct word of a page: its byte span in the page's normalised text (not yet
/// stemmed), its `word_hash`, and its counts.
struct Word {
    start: u32,
    end: u32,
    hash: u64,
    counts: Counts,
}

/// One page, tokenised: its normalised text and the distinct terms in it.
struct PageTerms {
    text: String,
    words: Vec<Word>,
    cjk: Vec<(u64, Counts)>,
    /// Length of the body in words and CJK characters, for BM25.
    len: u32,
}

/// The text of a page that is indexed and shown in excerpts: summary, body, facts,
/// with line breaks between them.
fn for_each_text_part(doc: &SearchDoc<'_>, mut f: impl FnMut(&str)) {
    if let Some(summary) = doc.summary {
        f(summary);
        f("\n");
    }
    f(doc.body);
    for fact in doc.facts {
        f("\n");
        f(fact);
    }
}

/// The characters counted in a table rather than in the hash map: the unified
/// ideographs and extension A, nearly every CJK character of a page.
const TABLE_START: u32 = 0x3400;
const TABLE_END: u32 = 0xA000;

/// Counting space for one thread, reused from page to page (and from batch to batch:
/// a rayon job's own would make its 110 KB table anew hundreds of times a build).
#[derive(Default)]
struct Scratch {
    /// The page's CJK terms so far, in order of first appearance.
    terms: Vec<(u64, Counts)>,
    /// Where a character in `TABLE_START..TABLE_END` is in `terms`, plus one, by code
    /// point (0: not yet on this page).
    chars: Vec<u32>,
    /// Where a pair, or a character outside the table, is in `terms`.
    others: FxMap<u64, u32>,
    /// Where a word is in the page's words, by `word_hash`.
    words: HashTable<u32>,
}

thread_local! {
    /// Left empty after every page (`Scratch::take`); placard does not carry on after a
    /// panic, which could leave it otherwise.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Where a code point is in the counting table, if it is in its range.
#[inline]
fn table_slot(cp: u32) -> Option<usize> {
    (TABLE_START..TABLE_END)
        .contains(&cp)
        .then(|| (cp - TABLE_START) as usize)
}

impl Scratch {
    #[inline]
    fn add_char(&mut self, c: char, field: Field) {
        match table_slot(c as u32) {
            Some(i) => {
                if self.chars.is_empty() {
                    self.chars = vec![0; (TABLE_END - TABLE_START) as usize];
                }
                let slot = &mut self.chars[i];
                if *slot == 0 {
                    self.terms.push((unigram_key(c as u32), Counts::default()));
                    *slot = self.terms.len() as u32;
                }
                self.terms[*slot as usize - 1].1.add(field);
            }
            _ => self.add_other(unigram_key(c as u32), field),
        }
    }

    #[inline]
    fn add_other(&mut self, key: u64, field: Field) {
        let terms = &mut self.terms;
        let at = *self.others.entry(key).or_insert_with(|| {
            terms.push((key, Counts::default()));
            (terms.len() - 1) as u32
        });
        terms[at as usize].1.add(field);
    }

    /// The page's CJK terms with their counts, leaving the scratch space empty.
    fn take(&mut self) -> Vec<(u64, Counts)> {
        for &(key, _) in &self.terms {
            // Pairs have bits above 32 set, so never land in the table.
            if let Some(i) = u32::try_from(key).ok().and_then(table_slot) {
                self.chars[i] = 0;
            }
        }
        self.others.clear();
        self.words.clear();
        let capacity = self.terms.len();
        std::mem::replace(&mut self.terms, Vec::with_capacity(capacity))
    }
}

fn tokenize_page(doc: &SearchDoc<'_>, scratch: &mut Scratch) -> PageTerms {
    let mut text = String::with_capacity(doc.body.len() + doc.title.len() + 64);
    normalize_into(doc.title, &mut text);
    text.push('\n');
    let title_end = text.len();
    for h in doc.headings.iter().chain(doc.tags) {
        normalize_into(h, &mut text);
        text.push('\n');
    }
    let heading_end = text.len();
    for_each_text_part(doc, |part| normalize_into(part, &mut text));
    let field = |at: usize| {
        if at < title_end {
            Field::Title
        } else if at < heading_end {
            Field::Heading
        } else {
            Field::Body
        }
    };

    let mut words: Vec<Word> = Vec::new();
    let mut len = 0u32;
    for (at, segment) in segments(&text) {
        let f = field(at);
        match segment {
            Segment::Word(w) => {
                let hash = word_hash(w);
                let same = |&i: &u32| {
                    let word = &words[i as usize];
                    word.hash == hash && &text[word.start as usize..word.end as usize] == w
                };
                let i = match scratch.words.find(hash, same) {
                    Some(&i) => i as usize,
                    None => {
                        words.push(Word {
                            start: at as u32,
                            end: (at + w.len()) as u32,
                            hash,
                            counts: Counts::default(),
                        });
                        let i = words.len() - 1;
                        scratch
                            .words
                            .insert_unique(hash, i as u32, |&i| words[i as usize].hash);
                        i
                    }
                };
                words[i].counts.add(f);
                len += (f == Field::Body) as u32;
            }
            Segment::Cjk(run) => {
                let mut prev = None;
                for c in run.chars() {
                    scratch.add_char(c, f);
                    if let Some(p) = prev {
                        scratch.add_other(bigram_key(p, c), f);
                    }
                    prev = Some(c);
                    len += (f == Field::Body) as u32;
                }
            }
        }
    }
    let cjk = scratch.take();
    PageTerms {
        text,
        words,
        cjk,
        len,
    }
}

/// A word's hash, for the page's word table and the index's table of surface forms:
/// worked out once per word of the text, and eight bytes at a time.
fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher(word.len() as u64);
    h.write(word.as_bytes());
    h.finish()
}

/// The multiply-rotate hash rustc uses: fast for the short keys here. Only used for
/// lookups; nothing is ever written in a hash map's order.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    /// Eight bytes at a time, the last piece padded with zeros.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    /// A product's low bits depend only on the key's low bits, and a hash table
    /// picks its bucket from the low bits: without the rotation every pair of
    /// characters with the same second character (the low 21 bits of its key) would
    /// probe the same buckets. The high bits depend on the whole key.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Clone, Copy, Default)]
struct Posting {
    doc: u32,
    counts: Counts,
}

/// Every term of a language with its postings, in order of first appearance.
struct Terms {
    names: Vec<String>,
    /// Postings of words, by term (none for CJK terms, which are `grouped`).
    postings: Vec<Vec<Posting>>,
    grouped: Grouped,
    /// Distinct CJK characters of all pages, ascending (to cut the t2s table down).
    chars: Vec<char>,
    /// Body length of each page, in words and CJK characters.
    lens: Vec<u32>,
}

/// Postings of many terms that come page by page, kept a batch at a time grouped
/// by term (a counting sort), so that no term's list is appended to, grown and
/// copied posting by posting: the grouping was the slowest step of the index.
#[derive(Default)]
struct Grouping {
    /// This batch's, as they came.
    added: Vec<(u32, Posting)>,
    /// Scratch space: where each term's postings go in the batch.
    next: Vec<u32>,
    done: Grouped,
}

/// The postings of the batches grouped so far.
#[derive(Default)]
struct Grouped {
    /// Each batch's postings, grouped by term.
    batches: Vec<Vec<Posting>>,
    /// By term: (batch, start, end) of its postings in each batch that has any.
    runs: Vec<Vec<(u32, u32, u32)>>,
}

impl Grouping {
    fn add(&mut self, term: u32, posting: Posting) {
        self.added.push((term, posting));
    }

    /// Groups what was added since the last batch (terms are below `terms`).
    fn end_batch(&mut self, terms: usize) {
        // A counting sort by term: stable, and linear in what was added. `next[t]`
        // starts where term t's postings start, and ends where they end.
        self.next.clear();
        self.next.resize(terms, 0);
        for &(term, _) in &self.added {
            self.next[term as usize] += 1;
        }
        let mut start = 0;
        for next in &mut self.next {
            (start, *next) = (start + *next, start);
        }
        let mut sorted = vec![Posting::default(); self.added.len()];
        for &(term, posting) in &self.added {
            let at = &mut self.next[term as usize];
            sorted[*at as usize] = posting;
            *at += 1;
        }
        self.added.clear();
        let batch = self.done.batches.len() as u32;
        self.done.runs.resize_with(terms, Vec::new);
        let mut start = 0;
        for (runs, &end) in self.done.runs.iter_mut().zip(&self.next) {
            if end > start {
                runs.push((batch, start, end));
            }
            start = end;
        }
        self.done.batches.push(sorted);
    }
}

impl Terms {
    /// Term t's postings in page order, and how many there are.
    fn postings_of(&self, t: usize) -> (impl Iterator<Item = &Posting>, usize) {
        let runs = self.grouped.runs.get(t).map_or(&[][..], |r| &r[..]);
        let count = self.postings[t].len()
            + runs
                .iter()
                .map(|&(_, start, end)| (end - start) as usize)
                .sum::<usize>();
        let grouped = runs.iter().flat_map(|&(b, start, end)| {
            &self.grouped.batches[b as usize][start as usize..end as usize]
        });
        (self.postings[t].iter().chain(grouped), count)
    }
}

/// Pages are tokenised in parallel a batch at a time, so that only one batch of
/// per-page term lists is in memory before it is merged into the postings.
const BATCH: usize = 256;

fn gather_terms(docs: &[&SearchDoc<'_>]) -> Terms {
    let stemmer = WordStemmer::new();
    let mut cjk_ids: FxMap<u64, u32> = FxMap::default();
    // Surface form → term (stemmed once per form); `None` for words not indexed.
    let mut surface_ids: HashTable<(Box<str>, Option<u32>)> = HashTable::new();
    let mut stem_ids: FxMap<String, u32> = FxMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut postings: Vec<Vec<Posting>> = Vec::new();
    let mut lens: Vec<u32> = Vec::with_capacity(docs.len());

    // A batch's CJK postings (most of them), gathered by term before they are
    // appended: pushing them one by one onto thousands of lists was the slowest step
    // of the index.
    let mut grouping = Grouping::default();
    let mut merge = |pages: &[PageTerms]| {
        for page in pages {
            let doc = lens.len() as u32;
            lens.push(page.len);
            for &(key, counts) in &page.cjk {
                let id = *cjk_ids.entry(key).or_insert_with(|| {
                    names.push(key_name(key));
                    postings.push(Vec::new());
                    (names.len() - 1) as u32
                });
                grouping.add(id, Posting { doc, counts });
            }
            for &Word {
                start,
                end,
                hash,
                counts,
            } in &page.words
            {
                let word = &page.text[start as usize..end as usize];
                let id = match surface_ids.find(hash, |(form, _)| **form == *word) {
                    Some(&(_, id)) => id,
                    None => {
                        let id = stemmer.term(word).map(|stem| {
                            *stem_ids
                                .entry(stem.into_owned())
                                .or_insert_with_key(|stem| {
                                    names.push(stem.clone());
                                    postings.push(Vec::new());
                                    (names.len() - 1) as u32
                                })
                        });
                        surface_ids
                            .insert_unique(hash, (word.into(), id), |(form, _)| word_hash(form));
                        id
                    }
                };
                let Some(id) = id else { continue };
                let list = &mut postings[id as usize];
                match list.last_mut() {
                    // Another surface form of a stem already seen on this page (run, running).
                    Some(last) if last.doc == doc => last.counts.merge(counts),
                    _ => list.push(Posting { doc, counts }),
                }
            }
        }
        grouping.end_batch(postings.len());
    };
    let tokenize = |batch: &[&SearchDoc<'_>]| -> Vec<PageTerms> {
        batch
            .par_iter()
            .map(|d| SCRATCH.with_borrow_mut(|scratch| tokenize_page(d, scratch)))
            .collect()
    };
    // Merging is sequential (page numbers are given in order): the next batch is
    // tokenised while this one is merged.
    let mut batches = docs.chunks(BATCH);
    let mut pages = batches.next().map(tokenize).unwrap_or_default();
    loop {
        let next_batch = batches.next();
        let (next, ()) = rayon::join(|| next_batch.map(tokenize), || merge(&pages));
        match next {
            Some(next) => pages = next,
            None => break,
        }
    }

    let mut chars: Vec<char> = cjk_ids
        .keys()
        .filter(|&&k| k >> 42 == 0)
        .filter_map(|&k| char::from_u32(k as u32))
        .collect();
    chars.sort_unstable();
    Terms {
        names,
        postings,
        grouped: grouping.done,
        chars,
        lens,
    }
}

/// `x.round()` for `0 <= x < 2^32`, without the call into the maths library that
/// `round` is on a processor not known to have SSE4.1 (one per posting). The same
/// result: `x - t` is exact, as `t <= x < t + 1 <= 2t` (or `t` is 0).
fn round_positive(x: f64) -> f64 {
    let t = x as u32 as f64;
    if x - t >= 0.5 { t + 1.0 } else { t }
}

/// The quantised BM25 impact of a term on a page, with its title and heading boosts.
fn impact(counts: Counts, norm: f64) -> u8 {
    let tf = counts.body as f64;
    let body = if tf > 0.0 {
        tf * (K1 + 1.0) / (tf + norm)
    } else {
        0.0
    };
    let title = if counts.title { TITLE_WEIGHT } else { 0.0 };
    let heading = if counts.heading { HEADING_WEIGHT } else { 0.0 };
    round_positive((body + title + heading) / MAX_IMPACT * IMPACT_LEVELS).clamp(1.0, IMPACT_LEVELS)
        as u8
}

/// Impacts by page: BM25's length normalisation of each page, and the impacts of
/// the commonest postings (one to four times in the body, not in the title or a
/// heading) worked out once a page instead of once a posting.
struct Impacts {
    norms: Vec<f64>,
    common: Vec<[u8; COMMON_TF]>,
}

const COMMON_TF: usize = 4;

impl Impacts {
    fn new(lens: &[u32]) -> Impacts {
        let n = lens.len();
        let avg_len = (lens.iter().map(|&l| l as f64).sum::<f64>() / n.max(1) as f64).max(1.0);
        let norms: Vec<f64> = lens
            .iter()
            .map(|&len| K1 * (1.0 - B + B * len as f64 / avg_len))
            .collect();
        let common = norms
            .iter()
            .map(|&norm| {
                std::array::from_fn(|i| {
                    let body = (i + 1) as u16;
                    impact(
                        Counts {
                            body,
                            title: false,
                            heading: false,
                        },
                        norm,
                    )
                })
            })
            .collect();
        Impacts { norms, common }
    }

    #[inline]
    fn level(&self, p: &Posting) -> u8 {
        let Counts {
            body,
            title,
            heading,
        } = p.counts;
        match body as usize {
            tf @ 1..=COMMON_TF if !title && !heading => self.common[p.doc as usize][tf - 1],
            _ => impact(p.counts, self.norms[p.doc as usize]),
        }
    }
}

/// Postings, one page after another: a character whose low five bits are the
/// quantised BM25 impact and whose sixth bit says "the next page number"; without that
/// bit, the gap to the previous page number (the first counted from -1) follows as a
/// varint. A term on most pages so costs about one byte a page.
fn encode_postings<'a>(
    postings: impl Iterator<Item = &'a Posting>,
    count: usize,
    impacts: &Impacts,
) -> String {
    let mut out = String::with_capacity(count * 2);
    let mut prev: i64 = -1;
    for p in postings {
        let level = impacts.level(p);
        let gap = (p.doc as i64 - prev) as u32;
        prev = p.doc as i64;
        if gap == 1 {
            push_digit(&mut out, 32 | level);
        } else {
            push_digit(&mut out, level);
            push_varint(&mut out, gap);
        }
    }
    out
}

/// A script that hands data (JSON, which `data` writes) to the page:
/// `__placardSearch.load("s/3",{…});`. `size` is about how much `data` writes.
fn file_with(key: &str, size: usize, data: impl FnOnce(&mut String)) -> SearchFile {
    let mut out = String::with_capacity(size + key.len() + 32);
    out.push_str("__placardSearch.load(");
    push_json_str(&mut out, key);
    out.push(',');
    data(&mut out);
    out.push_str(");\n");
    SearchFile {
        path: format!("index/{key}.js"),
        bytes: out.into_bytes(),
    }
}

fn file(key: &str, data: &str) -> SearchFile {
    file_with(key, data.len(), |out| out.push_str(data))
}

/// One filter value and the pages that have it.
struct Facet {
    field: &'static str,
    value: String,
    docs: Vec<u32>,
}

fn facets(docs: &[&SearchDoc<'_>]) -> Vec<Facet> {
    let mut by_value: std::collections::BTreeMap<(&'static str, String), Vec<u32>> =
        Default::default();
    for (i, d) in docs.iter().enumerate() {
        let i = i as u32;
        by_value
            .entry(("kind", d.kind.to_string()))
            .or_default()
            .push(i);
        if let Some(s) = d.section {
            by_value
                .entry(("section", s.to_string()))
                .or_default()
                .push(i);
        }
        if let Some(year) = d
            .date
            .and_then(|date| date.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        {
            by_value
                .entry(("year", year.to_string()))
                .or_default()
                .push(i);
        }
        for tag in d.tags {
            let ids = by_value.entry(("tag", tag.clone())).or_default();
            if ids.last() != Some(&i) {
                ids.push(i);
            }
        }
    }
    let mut list: Vec<Facet> = by_value
        .into_iter()
        .map(|((field, value), docs)| Facet { field, value, docs })
        .collect();
    // Kinds in their usual order, newest years first, most used tags first.
    let kind_rank = |v: &str| {
        ["notice", "plan", "training", "page"]
            .iter()
            .position(|k| *k == v)
            .unwrap_or(4)
    };
    let field_rank = |f: &str| {
        ["kind", "section", "year", "tag"]
            .iter()
            .position(|k| *k == f)
            .unwrap_or(4)
    };
    list.sort_by(|a, b| {
        field_rank(a.field)
            .cmp(&field_rank(b.field))
            .then_with(|| match a.field {
                "kind" => kind_rank(&a.value)
                    .cmp(&kind_rank(&b.value))
                    .then_with(|| a.value.cmp(&b.value)),
                "year" => b.value.cmp(&a.value),
                "tag" => b
                    .docs
                    .len()
                    .cmp(&a.docs.len())
                    .then_with(|| a.value.cmp(&b.value)),
                _ => a.value.cmp(&b.value),
            })
    });
    list
}

/// A set of page numbers as runs: `gap length` varint pairs, the gap counted from the
/// end of the previous run.
fn encode_runs(docs: &[u32]) -> String {
    let mut out = String::new();
    let mut end = 0u32;
    let mut i = 0;
    while i < docs.len() {
        let start = docs[i];
        let mut j = i + 1;
        while j < docs.len() && docs[j] == docs[j - 1] + 1 {
            j += 1;
        }
        push_varint(&mut out, start - end);
        push_varint(&mut out, (j - i) as u32);
        end = start + (j - i) as u32;
        i = j;
    }
    out
}

/// Consecutive pages (their JSON) grouped into files of at most `PAGE_FILE_BYTES`,
/// a longer page alone: the index ranges of each file, in order.
fn pack_pages(pages: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut files = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, page) in pages.iter().enumerate() {
        if i > start && bytes + 1 + page.len() > PAGE_FILE_BYTES {
            files.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += page.len() + 1;
    }
    if start < pages.len() {
        files.push(start..pages.len());
    }
    files
}

/// A page in its page file: what a result shows, and its text for the excerpt (the
/// first `MAX_TEXT_BYTES`, cut on a character boundary).
fn doc_json(d: &SearchDoc<'_>) -> String {
    let mut out = String::with_capacity(d.body.len().min(MAX_TEXT_BYTES) + 512);
    out.push_str("{\"url\":");
    push_json_str(&mut out, d.url);
    out.push_str(",\"title\":");
    push_json_str(&mut out, d.title);
    out.push_str(",\"kind\":");
    push_json_str(&mut out, d.kind);
    out.push_str(",\"section\":");
    match d.section {
        Some(s) => push_json_str(&mut out, s),
        None => out.push_str("null"),
    }
    out.push_str(",\"date\":");
    match d.date {
        Some(s) => push_json_str(&mut out, s),
        None => out.push_str("null"),
    }
    out.push_str(",\"tags\":[");
    for (i, t) in d.tags.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(&mut out, t);
    }
    out.push_str("],\"text\":\"");
    let mut room = MAX_TEXT_BYTES;
    for_each_text_part(d, |part| {
        let mut cut = part.len().min(room);
        while !part.is_char_boundary(cut) {
            cut -= 1;
        }
        push_json_chars(&mut out, &part[..cut]);
        // A character cut in two ends the text, as it would have in one piece.
        room = if cut < part.len() { 0 } else { room - cut };
    });
    out.push_str("\"}");
    out
}

/// Builds a language's index, handing each file to `emit` as soon as it is made
/// (an index at 20,000 pages is tens of megabytes: none of it waits in memory for
/// the rest), in no particular order. Returns (total bytes, first query bytes).
pub(crate) fn build(
    lang: &str,
    docs: &[SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) + Sync),
) -> (usize, usize) {
    // Page numbers follow section, kind and URL, so a section's pages are one run and
    // the output does not depend on the order the pages came in.
    let mut docs: Vec<&SearchDoc<'_>> = docs.iter().collect();
    docs.sort_by(|a, b| (a.section, a.kind, a.url).cmp(&(b.section, b.kind, b.url)));
    let n = docs.len();

    let terms = gather_terms(&docs);
    let impacts = Impacts::new(&terms.lens);
    let encoded: Vec<String> = (0..terms.names.len())
        .into_par_iter()
        .map(|t| {
            let (postings, count) = terms.postings_of(t);
            encode_postings(postings, count, &impacts)
        })
        .collect();

    // A term whose postings pass OWN_FILE_BYTES is a long list: it goes to the long-list
    // file of its bucket, `p/<term_hash % buckets>.js`, and meta.js marks the buckets
    // that have one, so that the browser loads a long list in the same round as the
    // shards (not after the shard that named it). Every other term goes to its shard.
    let mut order: Vec<usize> = (0..terms.names.len()).collect();
    order.sort_unstable_by(|&a, &b| terms.names[a].cmp(&terms.names[b]));
    let is_long = |t: usize| encoded[t].len() > OWN_FILE_BYTES;
    let long_count = order.iter().filter(|&&t| is_long(t)).count();
    // Sixteen buckets a long list: a rare term's bucket is marked, and its long-list
    // file loaded for nothing, one time in sixteen or less.
    let buckets = if long_count == 0 {
        0
    } else {
        (long_count * 16).next_power_of_two()
    };
    // A term's bytes in its file: `"name":"postings",`.
    let entry_bytes = |t: usize| terms.names[t].len() + encoded[t].len() + 6;
    let inline_bytes: usize = order
        .iter()
        .filter(|&&t| !is_long(t))
        .map(|&t| entry_bytes(t))
        .sum();
    let shard_count = inline_bytes
        .div_ceil(SHARD_TARGET_BYTES)
        .max(1)
        .next_power_of_two();
    let mut shards: Vec<Vec<usize>> = vec![Vec::new(); shard_count];
    let mut long_lists: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &t in &order {
        let hash = term_hash(&terms.names[t]) as usize;
        if is_long(t) {
            long_lists.entry(hash & (buckets - 1)).or_default().push(t);
        } else {
            shards[hash & (shard_count - 1)].push(t);
        }
    }
    let postings_file = |key: String, members: &[usize]| {
        let size = members.iter().map(|&t| entry_bytes(t)).sum();
        file_with(&key, size, |data| {
            data.push('{');
            for (i, &t) in members.iter().enumerate() {
                if i > 0 {
                    data.push(',');
                }
                push_json_str(data, &terms.names[t]);
                data.push(':');
                // Postings are digits of encode.rs's alphabet: nothing to escape.
                data.push('"');
                data.push_str(&encoded[t]);
                data.push('"');
            }
            data.push('}');
        })
    };

    let total = AtomicUsize::new(0);
    let emit = |f: SearchFile| -> usize {
        let size = f.bytes.len();
        total.fetch_add(size, Ordering::Relaxed);
        emit(f);
        size
    };
    let shard_sizes: Vec<usize> = shards
        .par_iter()
        .enumerate()
        .map(|(s, members)| emit(postings_file(format!("s/{s}"), members)))
        .collect();
    let bucket_sizes: FxMap<usize, usize> = long_lists
        .par_iter()
        .map(|(&b, members)| (b, emit(postings_file(format!("p/{b}"), members))))
        .collect();
    let mut bitmap = vec![0u8; buckets.div_ceil(6)];
    for &b in long_lists.keys() {
        bitmap[b / 6] |= 1 << (b % 6);
    }
    let mut long_buckets = String::with_capacity(bitmap.len());
    for d in bitmap {
        push_digit(&mut long_buckets, d);
    }
    // What one term can cost: a long list its bucket's file; any other term its shard,
    // and its bucket's file too when that bucket is marked.
    let worst_term = order
        .iter()
        .map(|&t| {
            let hash = term_hash(&terms.names[t]) as usize;
            let bucket = (buckets > 0)
                .then(|| bucket_sizes.get(&(hash & (buckets - 1))).copied())
                .flatten()
                .unwrap_or(0);
            if is_long(t) {
                bucket
            } else {
                shard_sizes[hash & (shard_count - 1)] + bucket
            }
        })
        .max()
        .unwrap_or(shard_sizes[0]);

    // Page files: `d/<first page>.js`, an array of consecutive pages; meta.js marks
    // the pages that start one (`docFiles`, six pages a digit).
    let packed: Vec<Vec<(usize, usize)>> = docs
        .par_chunks(PACK_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let first = c * PACK_CHUNK;
            let pages: Vec<String> = chunk.iter().map(|d| doc_json(d)).collect();
            pack_pages(&pages)
                .into_iter()
                .map(|range| {
                    let start = first + range.start;
                    let size = pages[range.clone()].iter().map(|p| p.len() + 1).sum();
                    let file = file_with(&format!("d/{start}"), size, |out| {
                        out.push('[');
                        for (i, page) in pages[range].iter().enumerate() {
                            if i > 0 {
                                out.push(',');
                            }
                            out.push_str(page);
                        }
                        out.push(']');
                    });
                    (start, emit(file))
                })
                .collect()
        })
        .collect();
    let mut page_files = vec![0u8; n.div_ceil(6)];
    let mut file_sizes: Vec<usize> = Vec::new();
    for &(start, size) in packed.iter().flatten() {
        page_files[start / 6] |= 1 << (start % 6);
        file_sizes.push(size);
    }
    let mut doc_files = String::with_capacity(page_files.len());
    for d in page_files {
        push_digit(&mut doc_files, d);
    }
    file_sizes.sort_unstable_by(|a, b| b.cmp(a));
    let largest_page: usize = file_sizes.iter().take(PAGE_SIZE).sum();

    let facets = facets(&docs);
    for (i, f) in facets.iter().enumerate() {
        let mut runs = String::new();
        push_json_str(&mut runs, &encode_runs(&f.docs));
        emit(file(&format!("f/{i}"), &runs));
    }

    // Only the Traditional characters whose Simplified form occurs in this language's
    // pages: a query character outside the table cannot match either way.
    let (mut from, mut to) = (String::new(), String::new());
    for &(t, s) in t2s().pairs() {
        if !is_cjk(s) || terms.chars.binary_search(&s).is_ok() {
            from.push(t);
            to.push(s);
        }
    }
    let mut table = String::from("[");
    push_json_str(&mut table, &from);
    table.push(',');
    push_json_str(&mut table, &to);
    table.push(']');
    let t2s_file = file("t2s", &table);

    let mut meta = String::new();
    meta.push_str(&format!("{{\"version\":{FORMAT_VERSION},\"lang\":"));
    push_json_str(&mut meta, lang);
    meta.push_str(&format!(
        ",\"docs\":{n},\"shards\":{shard_count},\"terms\":{},\"longLists\":{long_count},\"longBuckets\":{buckets},\"longMarks\":\"{long_buckets}\",\"docFiles\":\"{doc_files}\",\"pageSize\":{PAGE_SIZE},\"facets\":{{",
        terms.names.len()
    ));
    for (fi, field) in ["kind", "section", "year", "tag"].iter().enumerate() {
        if fi > 0 {
            meta.push(',');
        }
        meta.push_str(&format!("\"{field}\":["));
        let mut first = true;
        for (i, f) in facets.iter().enumerate().filter(|(_, f)| f.field == *field) {
            if !first {
                meta.push(',');
            }
            first = false;
            meta.push('[');
            push_json_str(&mut meta, &f.value);
            meta.push_str(&format!(",{},{i}]", f.docs.len()));
        }
        meta.push(']');
    }
    meta.push_str("}}");
    let meta_file = file("meta", &meta);

    let first_query_bytes = emit(meta_file) + emit(t2s_file) + worst_term + largest_page;
    (total.into_inner(), first_query_bytes)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Pages over several batches (so several groupings) and many counting-space
    /// reuses: every term's postings are every page that has it, in page order, with
    /// its counts, as counted the slow way.
    #[test]
    fn postings_are_every_page_in_order_across_batches() {
        let pieces = [
            "计划生育",
            "培训",
            "流动人口",
            "幸福工程",
            "臺灣",
            "中",
            "ㄅ",
            "가나",
            "volunteers",
            "volunteer",
            "run",
            "running",
            "2024",
            "b超",
        ];
        let mut seed = 11u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 8) as usize
        };
        let mut bodies: Vec<String> = (0..BATCH * 2 + 37)
            .map(|_| {
                let words: Vec<&str> = (0..next() % 12)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect();
                words.join(" ")
            })
            .collect();
        // Terms on one page only: a batch with a single posting of them.
        bodies[3].push_str(" 罕见");
        bodies[BATCH + 1].push_str(" 罕");
        let urls: Vec<String> = (0..bodies.len()).map(|i| format!("/{i:04}/")).collect();
        let docs: Vec<SearchDoc<'_>> = bodies
            .iter()
            .zip(&urls)
            .map(|(body, url)| SearchDoc::notice(url, "Notice", body))
            .collect();
        let refs: Vec<&SearchDoc<'_>> = docs.iter().collect();
        let terms = gather_terms(&refs);

        // term → [(page, body count, in the title)]
        let stemmer = WordStemmer::new();
        let mut expected: BTreeMap<String, Vec<(u32, u16, bool)>> = BTreeMap::new();
        for (page, body) in bodies.iter().enumerate() {
            let mut counts: BTreeMap<String, (u16, bool)> = BTreeMap::new();
            counts.entry("notic".to_string()).or_default().1 = true;
            for (_, segment) in segments(&crate::outputs::search::normalize(body)) {
                let mut add = |term: String| counts.entry(term).or_default().0 += 1;
                match segment {
                    Segment::Word(w) => add(stemmer.term(w).unwrap().into_owned()),
                    Segment::Cjk(run) => {
                        let chars: Vec<char> = run.chars().collect();
                        chars.iter().for_each(|c| add(c.to_string()));
                        chars.windows(2).for_each(|p| add(p.iter().collect()));
                    }
                }
            }
            for (term, (body, title)) in counts {
                expected
                    .entry(term)
                    .or_default()
                    .push((page as u32, body, title));
            }
        }
        let got: BTreeMap<String, Vec<(u32, u16, bool)>> = terms
            .names
            .iter()
            .enumerate()
            .map(|(t, name)| {
                let (postings, count) = terms.postings_of(t);
                let list: Vec<_> = postings
                    .map(|p| (p.doc, p.counts.body, p.counts.title))
                    .collect();
                assert_eq!(list.len(), count, "{name}");
                (name.clone(), list)
            })
            .collect();
        assert!(expected.contains_key("台湾") && expected.contains_key("volunt"));
        assert_eq!(got, expected);
    }

    /// The impact's rounding is `f64::round`'s, at the halves and just below them.
    #[test]
    fn impacts_round_as_round_does() {
        let mut values = vec![0.0, 0.5, 1.5, 2.5, 30.5, 31.0, 0.49999999999999994];
        for k in 0..40u32 {
            let half = k as f64 + 0.5;
            values.extend([half, half.next_down(), half.next_up(), k as f64]);
        }
        for x in values {
            assert_eq!(round_positive(x), x.round(), "{x:e}");
        }
        proptest::proptest!(|(x in 0.0..40.0f64)| {
            proptest::prop_assert_eq!(round_positive(x), x.round());
        });
    }

    /// The impacts worked out once a page are those of the formula, posting by posting.
    #[test]
    fn common_impacts_are_the_formulas() {
        let lens = [1, 7, 40, 300, 2_000, 0];
        let impacts = Impacts::new(&lens);
        for doc in 0..lens.len() as u32 {
            for body in 0..8u16 {
                for (title, heading) in [(false, false), (true, false), (false, true), (true, true)]
                {
                    let counts = Counts {
                        body,
                        title,
                        heading,
                    };
                    let p = Posting { doc, counts };
                    let expected = impact(counts, impacts.norms[doc as usize]);
                    assert_eq!(impacts.level(&p), expected, "page {doc}, {body} times");
                }
            }
        }
        assert_ne!(
            impacts.common[0], impacts.common[4],
            "norms differ by length"
        );
    }
}
