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
//! - `index/meta.js`: page count, shard count and the filter values with their counts.
//! - `index/t2s.js`: the Traditional → Simplified pairs whose Simplified character the
//!   site uses, as two strings.
//! - `index/s/<n>.js`: shard `n` of the term dictionary, `{term: postings}`, where a term
//!   lands in shard `term_hash(term) % shards`; postings are in the six-bit encoding of
//!   `encode.rs`: per page one character with the BM25 impact (title and heading boosts
//!   included) and a "next page" bit, else followed by the page-number gap as a varint
//!   (`index.rs`, `encode_postings`). A long list is a number `k` instead, naming
//!   `index/p/<k>.js`.
//! - `index/d/<n>.js`: page `n`'s URL, title, kind, section, date, tags and text (for
//!   the excerpt).
//! - `index/f/<n>.js`: the pages of one filter value (kind, section, year or tag), as runs.
//!
//! A first query loads `meta.js`, `t2s.js`, the shards of its terms (plus a long list
//! for a very common term), and the ten pages it shows; filters add one small file each.

mod encode;
mod index;
mod normalize;
mod tokenize;

pub use normalize::normalize;

/// One page as the index sees it (already rendered; plain text, no HTML).
pub struct SearchDoc<'a> {
    /// Root-relative, e.g. `/en/notices/x/`.
    pub url: &'a str,
    pub title: &'a str,
    /// `notice`, `plan`, `training` or `page`.
    pub kind: &'a str,
    /// Top-level section name, e.g. `notices`.
    pub section: Option<&'a str>,
    /// ISO date, `2024-03-01`.
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    pub headings: &'a [String],
    /// Plain text of the page body.
    pub body: &'a str,
}

/// One file of the index.
pub struct SearchFile {
    /// Relative to the language's search folder, e.g. `index/meta.js`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A language's index, ready to write, with its size budget.
pub struct SearchIndex {
    /// Sorted by path; the same pages always give the same bytes.
    pub files: Vec<SearchFile>,
    pub total_bytes: usize,
    /// The most a one- or two-character query can download: `meta.js`, `t2s.js`, the
    /// largest shard with its long list, and the ten largest page files.
    pub first_query_bytes: usize,
}

/// Builds the index of one language (`lang` as in `placard.yaml`, e.g. `zh`).
pub fn build_index(lang: &str, docs: &[SearchDoc<'_>]) -> SearchIndex {
    index::build(lang, docs)
}

#[cfg(test)]
mod tests;
