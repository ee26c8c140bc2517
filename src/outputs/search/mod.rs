//! Site search: a build-time index per language that the browser queries on its own
//! (`themes/default/static/search.js`), from a server or straight from disk.
//!
//! Text is normalised the same way on both sides ([`normalize`]: NFKC, lower case,
//! Traditional → Simplified), so a query in either script finds both. Chinese is
//! indexed as single characters plus overlapping bigrams, so any fragment of running
//! text matches; English words are Snowball-stemmed (`search.js` carries the same
//! stemmer), so `volunteers` finds `volunteer`.
//!
//! # Files (under the language's `search/`, all scripts calling `__placardSearch.load`)
//!
//! - `index/meta.js`: page count, shard count, the results shown at once
//!   (`pageSize`), the CJK ranges (`cjk`, `text.rs`: the browser splits text by
//!   them, keeping no copy), the filter values with their counts,
//!   which pages start a page file, and which terms have a long list (`longBits`,
//!   `longMarks`: a Bloom filter, six bits a digit of the alphabet of `encode.rs`).
//! - `index/t2s.js`: the Traditional → Simplified pairs whose Simplified character the
//!   site uses, as two strings.
//! - `index/s/<n>.js`: shard `n` of the term dictionary, `{term: postings}`, where a term
//!   lands in shard `term_hash(term) % shards`; postings are in the six-bit encoding of
//!   `encode.rs`: per page one character with the BM25 impact (title and heading boosts
//!   included) and a "next page" bit, else followed by the page-number gap as a varint
//!   (`index.rs`, `encode_postings`).
//! - `index/p/<h>.js`: a long list, `{term: postings}`: a term whose postings pass 3 KB
//!   is in a file of its own, named by `term_hash(term)` in eight hex digits, instead
//!   of in its shard. The browser sees from meta.js's Bloom filter that the term may
//!   have one and asks for it together with the other terms' shards, so a query takes
//!   one round of loading for its terms and one for its pages (a term the filter names
//!   by mistake finds no file and takes its shard a round later).
//! - `index/d/<n>.js`: the page file starting at page `n`: an array of consecutive
//!   pages, each with its URL, title, kind, section, date, tags and text (the first
//!   8 KB, for the excerpt and the phrase checks). meta.js marks the pages that start
//!   a file (`docFiles`, six pages a digit).
//!
//!   **How pages are packed** (`index/mod.rs`: `PACK_RANGE`, `PAGE_FILE_BYTES`): the
//!   pages are cut into fixed ranges of sixteen page numbers (0–15, 16–31, …); within
//!   a range, consecutive pages share a file while it stays within 11 KB, and a page
//!   that does not fit starts the next file (a page, its text cut at 8 KB, always
//!   fits alone). A file never spans two ranges, so the page files of a range depend
//!   only on the pages of that range. Of the page files, an edit that keeps the page
//!   numbers (any change but a page added, removed or renamed, which renumbers the
//!   pages after it) rewrites only those of its page's range, and `meta.js`'s
//!   `docFiles` when a file start moved; a page's text growing moves file starts only
//!   within its range. (Its terms' shards and long lists change as ever.) Every
//!   result needs its page's text, so a first
//!   query loads about six files of up to 11 KB: the size is what the 150 KB budget
//!   at 100,000 pages allows (docs/search.md, "Packed page files").
//! - `index/f/<n>.js`: the pages of one filter value (kind, section, year or tag), as runs.
//! - `index/x/<page>-<k>.js` and `index/x/<page>/<h>.js`: a long page's text beyond its
//!   page file, in pieces, and which piece each term is first in (`index/deep.rs`), so
//!   that a result shows its hit however far down the page it is.
//! - `index/py.js`, `index/k/<n>.js`, `index/v/<letter>.js`: what a query that finds
//!   nothing or only partial matches is corrected with (`index/corrections.rs`): the
//!   pinyin of characters, the pairs of characters by pinyin key (full and initials),
//!   and the words of the pages by first letter. `meta.js` says how many key shards
//!   there are (`keyShards`), whether there is a `py.js` (`pinyin`) and which letters
//!   have a word file (`words`).
//!
//! - `index/e/<n>.js`: the exact keys, `{key: postings}`, a key in shard
//!   `term_hash(key) % exactShards`: `=` and the letters, digits and CJK characters of
//!   each page's title and document number (`=县人口发20243号`), so that a query equal
//!   to one, in any brackets, finds its page first. A query of two terms or more loads
//!   the exact shard of its own key beside its terms' files.
//!
//! Besides words and CJK characters and pairs, the dictionary holds a number with the
//! CJK character right after it as one term (`3月`, `2号`).
//!
//! A first query loads `meta.js`, `t2s.js`, the shard or long list of each of its terms,
//! and the files of the six pages it shows; filters add one small file each.

mod documents;
mod encode;
pub(crate) mod index;
mod normalize;
mod tokenize;

pub(crate) use documents::{Search, SearchStates};
pub use documents::{SearchBudget, search_index};
pub(crate) use index::{IndexState, SavedState};
pub use normalize::normalize;

use crate::content::front_matter::KindMeta;

/// One page as the index sees it (already rendered; plain text, no HTML).
pub struct SearchDoc<'a> {
    /// Root-relative, e.g. `/en/notices/x/`.
    pub url: &'a str,
    /// The page's title, boosted in ranking.
    pub title: &'a str,
    /// `notice`, `plan`, `training` or `page`.
    pub kind: &'a str,
    /// Top-level section name, e.g. `notices`.
    pub section: Option<&'a str>,
    /// ISO date, `2024-03-01`.
    pub date: Option<&'a str>,
    /// Its tags, as its tag pages name them (a filter).
    pub tags: &'a [String],
    /// Its headings, boosted in ranking.
    pub headings: &'a [String],
    /// The summary from the front matter, indexed and shown before the body.
    pub summary: Option<&'a str>,
    /// Plain text of the page body.
    pub body: &'a str,
    /// Front matter residents search for that is not in the body ([`facts`]),
    /// indexed and shown after it.
    pub facts: &'a [String],
}

#[cfg(test)]
impl<'a> SearchDoc<'a> {
    /// A notice of the `notices` section dated 2024-01-01, with no tags, headings,
    /// summary or facts: what most tests need.
    pub(crate) fn notice(url: &'a str, title: &'a str, body: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            url,
            title,
            kind: "notice",
            section: Some("notices"),
            date: Some("2024-01-01"),
            tags: &[],
            headings: &[],
            summary: None,
            body,
            facts: &[],
        }
    }
}

/// What of a page's typed front matter belongs in the index, though the body does
/// not say it: issuer and document number (`县人口发〔2024〕3号`), contact and
/// attachments of a notice, a plan's targets, a training's organiser, audience,
/// venues and modules with their instructors.
pub fn facts(kind: &KindMeta) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |value: Option<&String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty())
            && !out.contains(v)
        {
            out.push(v.clone());
        }
    };
    match kind {
        KindMeta::Page => {}
        KindMeta::Notice(notice) => {
            add(notice.issuer.as_ref());
            add(notice.doc_number.as_ref());
            if let Some(c) = &notice.contact {
                for v in [&c.name, &c.phone, &c.address, &c.email] {
                    add(v.as_ref());
                }
            }
            for a in &notice.attachments {
                add(Some(a.value.title.as_ref().unwrap_or(&a.value.file)));
            }
        }
        KindMeta::Plan(plan) => {
            add(plan.issuer.as_ref());
            for t in &plan.targets {
                add(Some(&format!("{} {}", t.indicator, t.target)));
            }
        }
        KindMeta::Training(training) => {
            add(training.organizer.as_ref());
            add(training.audience.as_ref());
            add(training.venue.as_ref());
            for m in &training.modules {
                add(Some(&m.value.title));
                add(m.value.instructor.as_ref());
            }
            for s in &training.sessions {
                add(s.value.title.as_ref());
                add(s.value.venue.as_ref());
                add(s.value.instructor.as_ref());
            }
        }
    }
    out
}

/// One file of the index.
pub struct SearchFile {
    /// Relative to the language's search folder, e.g. `index/meta.js`.
    pub path: String,
    /// Its contents: a script calling `__placardSearch.load`.
    pub bytes: Vec<u8>,
}

/// A language's index, ready to write, with its size budget.
pub struct SearchIndex {
    /// Sorted by path; the same pages always give the same bytes.
    pub files: Vec<SearchFile>,
    /// All the files together.
    pub total_bytes: usize,
    /// The most a one- or two-character query can download: `meta.js`, `t2s.js`, the
    /// largest shard with its long list, and the `PAGE_SIZE` (six) largest page files.
    pub first_query_bytes: usize,
}

/// Builds the index of one language (`lang` as in `placard.yaml`, e.g. `zh`).
pub fn build_index(lang: &str, docs: &[SearchDoc<'_>]) -> SearchIndex {
    let files = std::sync::Mutex::new(Vec::new());
    let (total_bytes, first_query_bytes) = write_index(lang, docs, &|file| {
        files.lock().expect("index files").push(file)
    });
    let mut files = files.into_inner().expect("index files");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    SearchIndex {
        files,
        total_bytes,
        first_query_bytes,
    }
}

/// `build_index`, each file handed to `emit` as soon as it is made (in no
/// particular order) instead of kept: returns (total bytes, first query bytes).
pub fn write_index(
    lang: &str,
    docs: &[SearchDoc<'_>],
    emit: &(dyn Fn(SearchFile) + Sync),
) -> (usize, usize) {
    index::build(lang, docs, emit)
}

#[cfg(test)]
mod tests;
