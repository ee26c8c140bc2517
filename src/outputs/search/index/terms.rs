//! Gathering a language's terms: each page tokenised in parallel (CJK
//! characters and bigrams counted in a table, words in a hash map), and the
//! postings of every term grouped a batch of pages at a time.

use std::hash::Hasher;

use hashbrown::HashTable;
use rayon::prelude::*;

use super::super::SearchDoc;
use super::super::encode::term_hash;
use super::super::normalize::normalize_into;
use super::super::tokenize::{Segment, WordStemmer, segments};
pub(super) use crate::hashing::{FxHasher, FxMap};

/// How a term occurs in one page.
#[derive(Clone, Copy, Default)]
pub(super) struct Counts {
    pub(super) body: u16,
    pub(super) title: bool,
    pub(super) heading: bool,
}

impl Counts {
    pub(super) fn add(&mut self, field: Field) {
        match field {
            Field::Title => self.title = true,
            Field::Heading => self.heading = true,
            Field::Body => self.body = self.body.saturating_add(1),
        }
    }

    pub(super) fn merge(&mut self, other: Counts) {
        self.body = self.body.saturating_add(other.body);
        self.title |= other.title;
        self.heading |= other.heading;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Heading,
    Body,
}

/// CJK terms are keyed by their characters, so counting them allocates nothing.
pub(super) fn unigram_key(cp: u32) -> u64 {
    cp as u64
}

pub(super) fn bigram_key(a: char, b: char) -> u64 {
    1 << 42 | (a as u64) << 21 | b as u64
}

pub(super) fn key_name(key: u64) -> String {
    let ch = |bits: u64| char::from_u32((bits & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
    if key >> 42 == 0 {
        ch(key).to_string()
    } else {
        [ch(key >> 21), ch(key)].iter().collect()
    }
}

/// A distinct word of a page: its byte span in the page's normalised text (not yet
/// stemmed), its `word_hash`, and its counts.
pub(super) struct Word {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) hash: u64,
    pub(super) counts: Counts,
}

/// One page, tokenised: its normalised text and the distinct terms in it.
pub(super) struct PageTerms {
    pub(super) text: String,
    pub(super) words: Vec<Word>,
    pub(super) cjk: Vec<(u64, Counts)>,
    /// Length of the body in words and CJK characters, for BM25.
    pub(super) len: u32,
}

/// The text of a page that is indexed and shown in excerpts: summary, body, facts,
/// with line breaks between them.
pub(super) fn for_each_text_part(doc: &SearchDoc<'_>, mut f: impl FnMut(&str)) {
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
pub(super) const TABLE_START: u32 = 0x3400;
pub(super) const TABLE_END: u32 = 0xA000;

/// Counting space for one thread, reused from page to page (and from batch to batch:
/// a rayon job's own would make its 110 KB table anew hundreds of times a build).
#[derive(Default)]
pub(super) struct Scratch {
    /// The page's CJK terms so far, in order of first appearance.
    pub(super) terms: Vec<(u64, Counts)>,
    /// Where a character in `TABLE_START..TABLE_END` is in `terms`, plus one, by code
    /// point (0: not yet on this page).
    pub(super) chars: Vec<u32>,
    /// Where a pair, or a character outside the table, is in `terms`.
    pub(super) others: FxMap<u64, u32>,
    /// Where a word is in the page's words, by `word_hash`.
    pub(super) words: HashTable<u32>,
}

thread_local! {
    /// Left empty after every page (`Scratch::take`); placard does not carry on after a
    /// panic, which could leave it otherwise.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Where a code point is in the counting table, if it is in its range.
#[inline]
pub(super) fn table_slot(cp: u32) -> Option<usize> {
    (TABLE_START..TABLE_END)
        .contains(&cp)
        .then(|| (cp - TABLE_START) as usize)
}

impl Scratch {
    #[inline]
    pub(super) fn add_char(&mut self, c: char, field: Field) {
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
    pub(super) fn add_other(&mut self, key: u64, field: Field) {
        let terms = &mut self.terms;
        let at = *self.others.entry(key).or_insert_with(|| {
            terms.push((key, Counts::default()));
            (terms.len() - 1) as u32
        });
        terms[at as usize].1.add(field);
    }

    /// The page's CJK terms with their counts, leaving the scratch space empty.
    pub(super) fn take(&mut self) -> Vec<(u64, Counts)> {
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

pub(super) fn tokenize_page(doc: &SearchDoc<'_>, scratch: &mut Scratch) -> PageTerms {
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
    // Where the last word ended, if it was a number: a number right before a CJK
    // character is also indexed with it (`3月`, `2024年`, `2号`), so that a query for
    // it matches it as a phrase, not `3` and `月` anywhere in the page.
    let mut number_end = None;
    for (at, segment) in segments(&text) {
        let f = field(at);
        match segment {
            Segment::Word(w) => {
                add_word(&mut words, scratch, &text, at..at + w.len(), f);
                len += (f == Field::Body) as u32;
                number_end = w
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then_some((at, at + w.len()));
            }
            Segment::Cjk(run) => {
                if let Some((start, end)) = number_end.take()
                    && end == at
                {
                    let first = run.chars().next().map_or(0, char::len_utf8);
                    add_word(&mut words, scratch, &text, start..at + first, f);
                }
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
    // Exact keys: the title and a document number as one term each, so that a query
    // equal to one ranks its page first whatever the brackets.
    let keys: Vec<String> = std::iter::once(doc.title)
        .chain(
            doc.facts
                .iter()
                .map(String::as_str)
                .filter(|f| is_document_number(f)),
        )
        .filter_map(|value| {
            let mut normalized = String::new();
            normalize_into(value, &mut normalized);
            exact_key(&normalized)
        })
        .collect();
    for key in keys {
        let start = text.len();
        text.push('\n');
        text.push_str(&key);
        add_word(
            &mut words,
            scratch,
            &text,
            start + 1..text.len(),
            Field::Title,
        );
    }
    let cjk = scratch.take();
    PageTerms {
        text,
        words,
        cjk,
        len,
    }
}

/// A front-matter value that reads as a document number: it ends in 号 and has a
/// digit (县人口发〔2024〕3号).
fn is_document_number(value: &str) -> bool {
    value.trim_end().ends_with('号') && value.chars().any(|c| c.is_ascii_digit())
}

/// An exact key of more characters than this is cut to `EXACT_KEY_KEPT` of them and
/// the hash of the whole (a term has at most 40 characters).
pub(crate) const EXACT_KEY_CHARS: usize = 32;
pub(crate) const EXACT_KEY_KEPT: usize = 24;

/// A value's exact key, `=` and its letters, digits and CJK characters (normalised
/// text): `县政办发〔2016〕2号`, `县政办发[2016]2号` and `县政办发 2016 2号` all give
/// `=县政办发20162号`. Past `EXACT_KEY_CHARS`, the first `EXACT_KEY_KEPT`, `~` and
/// `term_hash` of all of them in hex (two long titles that differ only at the end
/// are two keys). `None` under two characters. search.js: `exactKey`.
pub(crate) fn exact_key(normalized: &str) -> Option<String> {
    let kept: String = normalized.chars().filter(|c| c.is_alphanumeric()).collect();
    let count = kept.chars().count();
    if count < 2 {
        None
    } else if count <= EXACT_KEY_CHARS {
        Some(format!("={kept}"))
    } else {
        let start: String = kept.chars().take(EXACT_KEY_KEPT).collect();
        Some(format!("={start}~{:08x}", term_hash(&kept)))
    }
}

/// Counts the word at `span` of `text` once more in `field`.
fn add_word(
    words: &mut Vec<Word>,
    scratch: &mut Scratch,
    text: &str,
    span: std::ops::Range<usize>,
    field: Field,
) {
    let w = &text[span.clone()];
    let hash = word_hash(w);
    let same = |&i: &u32| {
        let word = &words[i as usize];
        word.hash == hash && &text[word.start as usize..word.end as usize] == w
    };
    let i = match scratch.words.find(hash, same) {
        Some(&i) => i as usize,
        None => {
            words.push(Word {
                start: span.start as u32,
                end: span.end as u32,
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
    words[i].counts.add(field);
}

/// A word's hash, for the page's word table and the index's table of surface forms:
/// worked out once per word of the text, and eight bytes at a time.
pub(super) fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::seeded(word.len() as u64);
    h.write(word.as_bytes());
    h.finish()
}

#[derive(Clone, Copy, Default)]
pub(super) struct Posting {
    pub(super) doc: u32,
    pub(super) counts: Counts,
}

/// Every term of a language with its postings, in order of first appearance.
pub(super) struct Terms {
    pub(super) names: Vec<String>,
    /// Postings of words, by term (none for CJK terms, which are `grouped`).
    pub(super) postings: Vec<Vec<Posting>>,
    pub(super) grouped: Grouped,
    /// Distinct CJK characters of all pages, ascending (to cut the t2s table down).
    pub(super) chars: Vec<char>,
    /// Body length of each page, in words and CJK characters.
    pub(super) lens: Vec<u32>,
    /// The words as the pages write them that an English typo is corrected to
    /// ([`is_correction_form`]), with their terms and pages, by spelling.
    pub(super) forms: Vec<Form>,
}

/// A word as pages write it (normalised), its term, and the pages that write it so.
#[derive(Clone)]
pub(super) struct Form {
    pub(super) text: Box<str>,
    pub(super) term: u32,
    pub(super) docs: Vec<u32>,
}

/// Whether a word as written is one an English typo may be corrected to: three
/// letters or more, a–z only (`corrections.rs`, the word files).
pub(super) fn is_correction_form(word: &str) -> bool {
    word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Postings of many terms that come page by page, kept a batch at a time grouped
/// by term (a counting sort), so that no term's list is appended to, grown and
/// copied posting by posting: the grouping was the slowest step of the index.
#[derive(Default)]
pub(super) struct Grouping {
    /// This batch's, as they came.
    pub(super) added: Vec<(u32, InBatch)>,
    /// The first page of this batch.
    pub(super) first: u32,
    /// Scratch space: where each term's postings go in the batch.
    pub(super) next: Vec<u32>,
    pub(super) done: Grouped,
}

/// A posting in its batch, in four bytes where a [`Posting`] takes eight: its
/// page as counted from the batch's first (a batch has at most `BATCH` pages),
/// and its counts. The postings of the CJK terms are most of a language's, and
/// the largest thing an index holds while it is made (at 100,000 pages,
/// hundreds of megabytes).
#[derive(Clone, Copy, Default)]
pub(super) struct InBatch(u32);

const _: () = assert!(BATCH <= 1 << 8, "a page's place in its batch is eight bits");

impl InBatch {
    fn new(offset: u32, counts: Counts) -> InBatch {
        debug_assert!(offset < BATCH as u32);
        InBatch(
            (counts.body as u32) << 16
                | (counts.title as u32) << 9
                | (counts.heading as u32) << 8
                | offset,
        )
    }

    fn posting(self, first: u32) -> Posting {
        Posting {
            doc: first + (self.0 & 0xff),
            counts: Counts {
                body: (self.0 >> 16) as u16,
                title: self.0 & 1 << 9 != 0,
                heading: self.0 & 1 << 8 != 0,
            },
        }
    }
}

/// The postings of the batches grouped so far.
#[derive(Default)]
pub(super) struct Grouped {
    /// Each batch's postings, grouped by term.
    pub(super) batches: Vec<Vec<InBatch>>,
    /// The first page of each batch.
    pub(super) firsts: Vec<u32>,
    /// By term: (batch, start, end) of its postings in each batch that has any.
    pub(super) runs: Vec<Vec<(u32, u32, u32)>>,
}

impl Grouping {
    /// Adds a posting of page `doc`, of this batch.
    pub(super) fn add(&mut self, term: u32, doc: u32, counts: Counts) {
        self.added
            .push((term, InBatch::new(doc - self.first, counts)));
    }

    /// Groups what was added since the last batch (terms are below `terms`); the
    /// next batch starts at page `next_first`.
    pub(super) fn end_batch(&mut self, terms: usize, next_first: u32) {
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
        let mut sorted = vec![InBatch::default(); self.added.len()];
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
        self.done.firsts.push(self.first);
        self.first = next_first;
    }
}

impl Terms {
    /// Term t's postings in page order, and how many there are.
    pub(super) fn postings_of(&self, t: usize) -> (impl Iterator<Item = Posting> + '_, usize) {
        let runs = self.grouped.runs.get(t).map_or(&[][..], |r| &r[..]);
        let count = self.postings[t].len()
            + runs
                .iter()
                .map(|&(_, start, end)| (end - start) as usize)
                .sum::<usize>();
        let grouped = runs.iter().flat_map(|&(b, start, end)| {
            let first = self.grouped.firsts[b as usize];
            self.grouped.batches[b as usize][start as usize..end as usize]
                .iter()
                .map(move |p| p.posting(first))
        });
        (self.postings[t].iter().copied().chain(grouped), count)
    }
}

/// Pages are tokenised in parallel a batch at a time, so that only one batch of
/// per-page term lists is in memory before it is merged into the postings.
pub(super) const BATCH: usize = 256;

/// A surface form that is not in `Terms::forms`.
const NO_FORM: u32 = u32::MAX;

pub(super) fn gather_terms(docs: &[&SearchDoc<'_>]) -> Terms {
    let stemmer = WordStemmer::new();
    let mut cjk_ids: FxMap<u64, u32> = FxMap::default();
    // Surface form → term (stemmed once per form; `None` for words not indexed),
    // and its place in `forms` (`NO_FORM` for a word no typo is corrected to).
    let mut surface_ids: HashTable<(Box<str>, Option<u32>, u32)> = HashTable::new();
    let mut forms: Vec<Form> = Vec::new();
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
                grouping.add(id, doc, counts);
            }
            for &Word {
                start,
                end,
                hash,
                counts,
            } in &page.words
            {
                let word = &page.text[start as usize..end as usize];
                let (id, form) = match surface_ids.find(hash, |(form, ..)| **form == *word) {
                    Some(&(_, id, form)) => (id, form),
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
                        let form = match id {
                            Some(term) if is_correction_form(word) => {
                                forms.push(Form {
                                    text: word.into(),
                                    term,
                                    docs: Vec::new(),
                                });
                                (forms.len() - 1) as u32
                            }
                            _ => NO_FORM,
                        };
                        surface_ids.insert_unique(hash, (word.into(), id, form), |(form, ..)| {
                            word_hash(form)
                        });
                        (id, form)
                    }
                };
                if form != NO_FORM {
                    forms[form as usize].docs.push(doc);
                }
                let Some(id) = id else { continue };
                let list = &mut postings[id as usize];
                match list.last_mut() {
                    // Another surface form of a stem already seen on this page (run, running).
                    Some(last) if last.doc == doc => last.counts.merge(counts),
                    _ => list.push(Posting { doc, counts }),
                }
            }
        }
        grouping.end_batch(postings.len(), lens.len() as u32);
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
    drop(surface_ids);
    forms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    Terms {
        names,
        postings,
        grouped: grouping.done,
        chars,
        lens,
        forms,
    }
}
