//! Builds one language's index files from its pages: tokenises the pages in
//! parallel and gathers postings per term (terms.rs), scores them (BM25 with
//! title and heading boosts, quantised: impacts.rs), and writes the dictionary
//! (shards and long lists), the page files and filter sets (pages.rs), the
//! Traditional → Simplified table and `meta.js`. The formats are described in
//! `search/mod.rs`; `search.js` reads them.

mod corrections;
mod deep;
mod impacts;
mod pages;
mod terms;
#[cfg(test)]
mod tests;
mod update;
#[cfg(test)]
mod update_tests;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::encode::{push_digit, push_json_str, term_hash};
use super::normalize::t2s;
use super::tokenize::is_cjk;
use super::{SearchDoc, SearchFile};
use crate::text::CJK_RANGES;
use deep::Deep;
use impacts::{Impacts, encode_postings};
use pages::{Facet, doc_json, encode_runs, facets, pack_pages};
use terms::{Terms, gather_terms};
pub(crate) use update::{IndexState, SavedState, page_entry, split_page_file, update};

/// Format version, in `meta.js`; `search.js` refuses what it does not know.
pub(super) const FORMAT_VERSION: u32 = 5;

/// BM25 parameters; a title hit adds about what a very frequent body term gives.
pub(super) const K1: f64 = 1.2;
pub(super) const B: f64 = 0.75;
pub(super) const TITLE_WEIGHT: f64 = 2.0;
pub(super) const HEADING_WEIGHT: f64 = 0.6;
pub(super) const MAX_IMPACT: f64 = K1 + 1.0 + TITLE_WEIGHT + HEADING_WEIGHT;
/// Impacts are stored in five bits, 1–31.
pub(super) const IMPACT_LEVELS: f64 = 31.0;

/// A shard holds about this much; a term whose postings alone are bigger than
/// `OWN_FILE_BYTES` gets a file of its own (a long list). 3 KB rather than 2 KB
/// (issue 24): at 100,000 pages a third fewer long lists (7,526 instead of 14,931
/// in Chinese), so 3,600 fewer files and a Bloom filter 10 KB smaller in every first
/// query's `meta.js`; at 20,000 pages 670 fewer files and a largest shard 1.3 KB
/// bigger (docs/search.md, "Packed page files").
pub(super) const SHARD_TARGET_BYTES: usize = 8 * 1024;
pub(super) const OWN_FILE_BYTES: usize = 3 * 1024;

/// Page text kept for excerpts. Matching uses the whole page; only an excerpt for a
/// hit further down falls back to the start of the page.
pub(super) const MAX_TEXT_BYTES: usize = 8 * 1024;

/// Neighbouring pages share a page file up to this size (a page that does not fit
/// starts the next; every page fits alone, its text cut at `MAX_TEXT_BYTES`). A
/// result needs its page's text, so the files a first query loads for its
/// `PAGE_SIZE` results weigh about `PAGE_SIZE` times this: 11 KB keeps the 100,000-page
/// corpus's first query within 150 KB (docs/search.md, "Packed page files"). The
/// corpus's pages weigh 3.5–4 KB in their file: at 20,000 pages this makes 8,410 page
/// files where 8 KB made 12,152.
pub(crate) const PAGE_FILE_BYTES: usize = 11 * 1024;

/// Pages are packed a range at a time (pages `16k` to `16k + 15`), in parallel: a
/// file never spans two ranges, so which file a page is in depends on the pages of
/// its own range only. Of the page files, a page whose text grows, or any edit that
/// keeps the page numbers, rewrites those of its range alone (and `meta.js`'s marks
/// of where files start, when one moved).
pub(super) const PACK_RANGE: usize = 16;

/// Results shown at once, so the page files a first query fetches. Six: a browser
/// sends at most six requests at a time to a host that speaks HTTP/1.1 (a simple
/// static host, or any without TLS), so the files of six results come in one round
/// where ten took two; a phone shows three or four results a screen, and "More results"
/// shows the next six (docs/search.md, "Six results at once").
pub(crate) const PAGE_SIZE: usize = 6;

/// Builds a language's index, handing each file to `emit` as soon as it is made
/// (an index at 20,000 pages is tens of megabytes: none of it waits in memory for
/// the rest), in no particular order. Returns (total bytes, first query bytes).
pub(crate) fn build(
    lang: &str,
    docs: &[SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) + Sync),
) -> (usize, usize) {
    let (total, first, _) = build_with(lang, docs, emit, Keep::Nothing);
    (total, first)
}

/// [`build`], and with `keep` what an edit needs to update the index in place
/// (`update.rs`), as its state.
#[cfg(test)]
pub(crate) fn build_keeping(
    lang: &str,
    docs: &[SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) + Sync),
    keep: bool,
) -> (usize, usize, Option<IndexState>) {
    let keep = if keep { Keep::State } else { Keep::Nothing };
    match build_with(lang, docs, emit, keep) {
        (total, first, Some(Kept::State(state))) => (total, first, Some(*state)),
        (total, first, _) => (total, first, None),
    }
}

/// What a build keeps of an index besides its files, for an edit to update it
/// in place (`update.rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    Nothing,
    /// The state itself (`serve`, which updates it in memory).
    State,
    /// The state as its bytes (`IndexState::to_bytes`), made straight from the
    /// index's own postings (`build`, which keeps it in its cache).
    Bytes,
}

/// What [`Keep`] asked for.
pub(crate) enum Kept {
    State(Box<IndexState>),
    Bytes(Vec<u8>),
}

/// [`build`], keeping what `keep` asks for.
pub(crate) fn build_with(
    lang: &str,
    docs: &[SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) + Sync),
    keep: Keep,
) -> (usize, usize, Option<Kept>) {
    let record = (keep != Keep::Nothing).then(update::Recorder::default);
    let emit = &|f: SearchFile| {
        if let Some(record) = &record {
            record.file(&f);
        }
        emit(f)
    };
    // Page numbers follow section, kind and URL, so a section's pages are one run and
    // the output does not depend on the order the pages came in.
    let mut docs: Vec<&SearchDoc<'_>> = docs.iter().collect();
    docs.sort_by(|a, b| (a.section, a.kind, a.url).cmp(&(b.section, b.kind, b.url)));

    let timings = crate::timings::Timings::from_env("search");
    let terms = gather_terms(&docs);
    timings.lap(&format!("{lang} gather terms"));
    let impacts = Impacts::new(&terms.lens);
    timings.lap(&format!("{lang} impacts"));
    let encoded: Vec<String> = (0..terms.names.len())
        .into_par_iter()
        .map(|t| {
            let (postings, count) = terms.postings_of(t);
            encode_postings(postings, count, &impacts)
        })
        .collect();
    timings.lap(&format!("{lang} encode"));
    let dictionary = Dictionary::lay_out(&terms, &encoded);
    timings.lap(&format!("{lang} lay out"));

    let total = AtomicUsize::new(0);
    let emit = |f: SearchFile| -> usize {
        let size = f.bytes.len();
        total.fetch_add(size, Ordering::Relaxed);
        emit(f);
        size
    };
    let worst_term = dictionary.write(&terms, &encoded, &emit);
    timings.lap(&format!("{lang} dictionary"));
    // The encoded postings are in their files: only their lengths are kept.
    let encoded_lens: Vec<u32> = encoded.iter().map(|e| e.len() as u32).collect();
    drop(encoded);
    // The state's bytes for the build cache are mostly its terms' postings:
    // made while the page files, corrections and filter sets are written, which
    // leave a core idle at the end of a full build (issue 24).
    let (terms_part, written) = rayon::join(
        || (keep == Keep::Bytes).then(|| update::term_part(&terms, &encoded_lens)),
        || {
            let (doc_files, largest_page, page_entries) = write_page_files(&docs, &emit);
            timings.lap(&format!("{lang} page files"));
            let df: Vec<usize> = (0..terms.names.len())
                .map(|t| terms.postings_of(t).1)
                .collect();
            let (corrections, keys) = corrections::write(&terms, &df, &emit);
            drop(df);
            timings.lap(&format!("{lang} corrections"));
            let facets = facets(&docs);
            for (i, f) in facets.iter().enumerate() {
                let mut runs = String::new();
                push_json_str(&mut runs, &encode_runs(&f.docs));
                emit(file(&format!("f/{i}"), &runs));
            }
            let facets: Vec<FacetCount> = facets.iter().map(FacetCount::of).collect();
            timings.lap(&format!("{lang} facets"));
            (
                doc_files,
                largest_page,
                page_entries,
                corrections,
                keys,
                facets,
            )
        },
    );
    let (doc_files, largest_page, page_entries, corrections, keys, facets) = written;
    let meta = Meta {
        lang,
        docs: docs.len(),
        terms: terms.names.len(),
        dictionary: &dictionary,
        doc_files: &doc_files,
        facets: &facets,
        corrections: &corrections,
    };
    let first_query_bytes = emit(meta.file()) + emit(t2s_file(&terms)) + worst_term + largest_page;
    drop(dictionary);
    timings.lap(&format!("{lang} meta"));
    // `terms_part` is there when the state is kept as its bytes.
    let kept = record.map(|record| match terms_part {
        Some(terms_part) => Kept::Bytes(record.into_bytes(
            lang,
            &docs,
            &terms,
            terms_part,
            page_entries,
            &facets,
            &keys,
        )),
        None => Kept::State(Box::new(record.into_state(
            lang,
            &docs,
            terms,
            encoded_lens,
            page_entries,
            facets,
            keys,
        ))),
    });
    timings.lap(&format!("{lang} kept state"));
    (total.into_inner(), first_query_bytes, kept)
}

/// A filter value as meta.js gives it: its field, value and number of pages.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct FacetCount {
    field: &'static str,
    value: String,
    pages: usize,
}

impl FacetCount {
    fn of(f: &Facet) -> FacetCount {
        FacetCount {
            field: f.field,
            value: f.value.clone(),
            pages: f.docs.len(),
        }
    }
}

/// Where each term's postings go. A term whose postings pass `OWN_FILE_BYTES` is a
/// long list: it gets a file of its own, `p/<term_hash as 8 hex digits>.js`, and
/// meta.js holds a Bloom filter of the long lists (`longBits`, `longMarks`), so that
/// the browser asks for a long list in the same round as the shards (not after the
/// shard that named it). An exact key (`=县人口发20243号`) goes to an exact shard,
/// `e/<term_hash % exact shards>.js`, which a query of two terms or more loads beside
/// its terms' files. Every other term goes to its shard.
struct Dictionary {
    long_count: usize,
    /// Bits of the Bloom filter of long lists (a multiple of six; 0 without any).
    bloom_bits: usize,
    shard_count: usize,
    /// The terms of each shard, of each exact shard, and of each long-list file, by
    /// name.
    shards: Vec<Vec<usize>>,
    exact: Vec<Vec<usize>>,
    long_lists: BTreeMap<u32, Vec<usize>>,
}

/// Bits of the long lists' Bloom filter per long list, and bits set per term: about
/// one rare term in forty is taken for a long list (its `p/` file is asked for, does
/// not exist, and its shard comes one round later), for 1.3 bytes of meta.js a list.
const BLOOM_BITS_PER_LIST: usize = 8;
const BLOOM_HASHES: u32 = 3;

/// The bits of the Bloom filter that stand for a term of hash `hash`, of `bits`
/// (search.js: `bloomHas`): double hashing of `term_hash` and its halves swapped.
fn bloom_bits_of(hash: u32, bits: usize) -> impl Iterator<Item = usize> {
    let step = (hash.rotate_left(16) ^ 0x9E37_79B9) | 1;
    (0..BLOOM_HASHES).map(move |j| (hash.wrapping_add(j.wrapping_mul(step)) as usize) % bits)
}

/// Is term `name` an exact key (`terms.rs`: `exact_key`)?
fn is_exact(name: &str) -> bool {
    name.starts_with('=')
}

impl Dictionary {
    fn lay_out(terms: &Terms, encoded: &[String]) -> Dictionary {
        let mut order: Vec<usize> = (0..terms.names.len()).collect();
        order.sort_unstable_by(|&a, &b| terms.names[a].cmp(&terms.names[b]));
        let is_long = |t: usize| is_long_list(&terms.names[t], encoded[t].len());
        let long_count = order.iter().filter(|&&t| is_long(t)).count();
        let bloom_bits = (long_count * BLOOM_BITS_PER_LIST).div_ceil(6) * 6;
        let bytes_of = |exact: bool| -> usize {
            order
                .iter()
                .filter(|&&t| !is_long(t) && is_exact(&terms.names[t]) == exact)
                .map(|&t| entry_bytes(terms, encoded, t))
                .sum()
        };
        let shard_count = shards_for(bytes_of(false));
        let exact_count = shards_for(bytes_of(true));
        let mut shards: Vec<Vec<usize>> = vec![Vec::new(); shard_count];
        let mut exact: Vec<Vec<usize>> = vec![Vec::new(); exact_count];
        let mut long_lists: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for &t in &order {
            let hash = term_hash(&terms.names[t]) as usize;
            if is_exact(&terms.names[t]) {
                exact[hash & (exact_count - 1)].push(t);
            } else if is_long(t) {
                long_lists.entry(hash as u32).or_default().push(t);
            } else {
                shards[hash & (shard_count - 1)].push(t);
            }
        }
        Dictionary {
            long_count,
            bloom_bits,
            shard_count,
            shards,
            exact,
            long_lists,
        }
    }

    /// Writes the shards, exact shards and long-list files; returns what one term
    /// can cost a query: a long list its own file, any other term its shard.
    fn write(
        &self,
        terms: &Terms,
        encoded: &[String],
        emit: &(dyn Fn(SearchFile) -> usize + Sync),
    ) -> usize {
        let postings_file = |key: String, members: &[usize]| {
            let size = members
                .iter()
                .map(|&t| entry_bytes(terms, encoded, t))
                .sum();
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
        let shard_sizes: Vec<usize> = self
            .shards
            .par_iter()
            .enumerate()
            .map(|(s, members)| emit(postings_file(format!("s/{s}"), members)))
            .collect();
        self.exact.par_iter().enumerate().for_each(|(s, members)| {
            emit(postings_file(format!("e/{s}"), members));
        });
        let long_sizes: Vec<usize> = self
            .long_lists
            .par_iter()
            .map(|(&hash, members)| emit(postings_file(format!("p/{hash:08x}"), members)))
            .collect();
        long_sizes.into_iter().chain(shard_sizes).max().unwrap_or(0)
    }

    /// What meta.js says of a dictionary of `shard_count` shards and `exact_count`
    /// exact shards whose long lists have these hashes (their members left out).
    fn summary(
        shard_count: usize,
        exact_count: usize,
        long_hashes: impl Iterator<Item = u32>,
    ) -> Dictionary {
        let mut long_lists: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        let mut long_count = 0;
        for hash in long_hashes {
            long_count += 1;
            long_lists.entry(hash).or_default();
        }
        Dictionary {
            long_count,
            bloom_bits: (long_count * BLOOM_BITS_PER_LIST).div_ceil(6) * 6,
            shard_count,
            shards: Vec::new(),
            exact: vec![Vec::new(); exact_count],
            long_lists,
        }
    }

    /// The Bloom filter of the long lists, six bits a digit of `encode.rs`'s alphabet.
    fn long_marks(&self) -> String {
        let mut bitmap = vec![0u8; self.bloom_bits / 6];
        for &hash in self.long_lists.keys() {
            for bit in bloom_bits_of(hash, self.bloom_bits) {
                bitmap[bit / 6] |= 1 << (bit % 6);
            }
        }
        let mut marks = String::with_capacity(bitmap.len());
        for d in bitmap {
            push_digit(&mut marks, d);
        }
        marks
    }
}

/// A term's bytes in its file: `"name":"postings",`.
fn entry_bytes(terms: &Terms, encoded: &[String], t: usize) -> usize {
    entry_len(&terms.names[t], encoded[t].len())
}

/// The bytes of `"name":"postings",` for a term of postings `encoded_len` long.
fn entry_len(name: &str, encoded_len: usize) -> usize {
    name.len() + encoded_len + 6
}

/// Whether a term of postings `encoded_len` long has a file of its own.
fn is_long_list(name: &str, encoded_len: usize) -> bool {
    encoded_len > OWN_FILE_BYTES && !is_exact(name)
}

/// How many shards hold `bytes` of entries.
fn shards_for(bytes: usize) -> usize {
    bytes
        .div_ceil(SHARD_TARGET_BYTES)
        .max(1)
        .next_power_of_two()
}

/// Page files: `d/<first page>.js`, an array of consecutive pages; meta.js marks
/// the pages that start one (`docFiles`, six pages a digit). Returns those
/// marks, and the bytes of the `PAGE_SIZE` largest files.
fn write_page_files(
    docs: &[&SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> (String, usize, Vec<(u32, Deep)>) {
    let entries = std::sync::Mutex::new(vec![(0u32, Deep::default()); docs.len()]);
    let packed: Vec<Vec<(usize, usize)>> = docs
        .par_chunks(PACK_RANGE)
        .enumerate()
        .map(|(c, chunk)| {
            let first = c * PACK_RANGE;
            let pages: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let deep = deep::write(first + i, d, emit);
                    let json = doc_json(d, deep);
                    entries.lock().expect("page entries")[first + i] = (json.len() as u32, deep);
                    json
                })
                .collect();
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
    let mut page_files = vec![0u8; docs.len().div_ceil(6)];
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
    let entries = entries.into_inner().expect("page entries");
    (doc_files, file_sizes.iter().take(PAGE_SIZE).sum(), entries)
}

/// `t2s.js`: only the Traditional characters whose Simplified form occurs in
/// this language's pages (a query character outside the table cannot match
/// either way).
fn t2s_file(terms: &Terms) -> SearchFile {
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
    file("t2s", &table)
}

/// `[[12293,12293],…]`: the characters indexed one by one and in pairs
/// (`text::CJK_RANGES`), which the browser reads from meta.js rather than
/// keeping a copy.
fn cjk_ranges() -> String {
    let ranges: Vec<String> = CJK_RANGES
        .iter()
        .map(|(first, last)| format!("[{first},{last}]"))
        .collect();
    format!("[{}]", ranges.join(","))
}

/// What `meta.js` says of a language's index.
struct Meta<'a> {
    lang: &'a str,
    docs: usize,
    terms: usize,
    dictionary: &'a Dictionary,
    doc_files: &'a str,
    facets: &'a [FacetCount],
    corrections: &'a corrections::Written,
}

impl Meta<'_> {
    fn file(&self) -> SearchFile {
        let Dictionary {
            long_count,
            bloom_bits,
            shard_count,
            ..
        } = *self.dictionary;
        let (n, terms, doc_files) = (self.docs, self.terms, self.doc_files);
        let long_marks = self.dictionary.long_marks();
        let mut meta = String::new();
        meta.push_str(&format!("{{\"version\":{FORMAT_VERSION},\"lang\":"));
        push_json_str(&mut meta, self.lang);
        meta.push_str(&format!(
            ",\"docs\":{n},\"shards\":{shard_count},\"exactShards\":{},\"terms\":{terms},\"longLists\":{long_count},\"longBits\":{bloom_bits},\"longMarks\":\"{long_marks}\",\"docFiles\":\"{doc_files}\",\"pageSize\":{PAGE_SIZE},\"cjk\":{},\"keyShards\":{},\"pinyin\":{},\"words\":\"{}\",\"facets\":{{",
            self.dictionary.exact.len(),
            cjk_ranges(),
            self.corrections.key_shards,
            self.corrections.pinyin,
            self.corrections.letters,
        ));
        for (fi, field) in ["kind", "section", "year", "tag"].iter().enumerate() {
            if fi > 0 {
                meta.push(',');
            }
            meta.push_str(&format!("\"{field}\":["));
            let mut first = true;
            for (i, f) in self
                .facets
                .iter()
                .enumerate()
                .filter(|(_, f)| f.field == *field)
            {
                if !first {
                    meta.push(',');
                }
                first = false;
                meta.push('[');
                push_json_str(&mut meta, &f.value);
                meta.push_str(&format!(",{},{i}]", f.pages));
            }
            meta.push(']');
        }
        meta.push_str("}}");
        file("meta", &meta)
    }
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
