//! Updating a language's index in place after some of its pages were edited
//! (`serve`, and `build` with its cache), making only the files whose bytes
//! change, and exactly the bytes a clean build makes.
//!
//! What a page's edit can change, and how each is found without the other pages'
//! text:
//!
//! - a posting's impact depends only on its own counts, its page's length and the
//!   average length (`impacts.rs`, rounded to five significant bits): as long as
//!   the average stays, the postings that change are those of the edited pages, so
//!   the files that change are the shards, exact shards and long lists of the terms
//!   the pages had before or have now ([`IndexState`] keeps every term's postings
//!   with their counts, and every page's length);
//! - the page file that holds an edited page, and its deep text (`deep.rs`);
//! - the corrections (`corrections.rs`), `t2s.js` and `meta.js`, which are made
//!   again from the state and written when their bytes changed.
//!
//! Anything else — the average length moves, the shards or the key shards are
//! counted again, a long list, a word file or a page file would go away, a page's
//! filter values or deep text change shape — makes the whole index again
//! ([`update`] returns None and writes nothing).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use super::super::encode::term_hash;
use super::super::tokenize::WordStemmer;
use super::super::{SearchDoc, SearchFile};
use super::deep::{self, Deep};
use super::impacts::{Impacts, average_length, encode_postings};
use super::pages::{doc_json, pack_lengths};
use super::terms::{
    Counts, Form, Posting, Scratch, Terms, is_correction_form, key_name, tokenize_page,
};
use super::{
    Dictionary, FacetCount, Meta, PACK_RANGE, PAGE_SIZE, corrections, entry_len, file_with,
    is_exact, is_long_list, shards_for, t2s_file,
};

mod journal;

pub(crate) use journal::SavedState;

/// What updating a language's index needs, kept from the build that made it.
pub(crate) struct IndexState {
    lang: String,
    /// In page-number order.
    pages: Vec<PageState>,
    /// Page number by URL.
    by_url: HashMap<String, u32>,
    /// Every term with its postings (one list per term, `grouped` empty); a term
    /// no page has any more keeps its place with no postings.
    terms: Terms,
    /// The first `sorted` terms are in the order of their names; the others (new
    /// since) are found by name in `added`.
    sorted: usize,
    added: HashMap<String, u32>,
    /// The length of each term's encoded postings (0 without postings).
    encoded_lens: Vec<u32>,
    facets: Vec<FacetCount>,
    /// Every file of the index, by key (`s/3`), with its size.
    sizes: BTreeMap<String, usize>,
    /// The files made again from the state on every update, with the digests
    /// of their bytes, to write only those that changed: meta, t2s, py, k/, v/.
    kept: Kept,
    /// The best pairs of each pinyin key (the key shards).
    keys: corrections::Keys,
    /// The edits since the base the state was read from, when it was read
    /// from one (`build`'s cache: `journal.rs`).
    journal: Option<journal::Journal>,
}

/// What the index says of one page apart from its terms.
#[derive(Clone, PartialEq, Eq)]
struct PageState {
    url: String,
    /// Kind, section, year and tags: its filter values.
    filters: (String, Option<String>, Option<String>, Vec<String>),
    /// The length of its entry in its page file.
    json_len: u32,
    more: usize,
    maps: usize,
}

fn filters_of(doc: &SearchDoc<'_>) -> (String, Option<String>, Option<String>, Vec<String>) {
    let year = doc
        .date
        .and_then(|date| date.get(..4))
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    (
        doc.kind.to_string(),
        doc.section.map(str::to_string),
        year,
        doc.tags.to_vec(),
    )
}

/// Whether a file is made again from the state on every update.
fn is_kept(key: &str) -> bool {
    matches!(key, "meta" | "t2s" | "py") || key.starts_with("k/") || key.starts_with("v/")
}

/// A file's key: its path without `index/` and `.js`.
fn key_of(path: &str) -> &str {
    path.trim_start_matches("index/").trim_end_matches(".js")
}

/// Every file of an index, by key, with its size.
type Sizes = BTreeMap<String, usize>;

/// The files made again on every update, by key, with the digests of their
/// bytes (SHA-256: two files of different bytes never have the same). The
/// bytes themselves were a twentieth of the Chinese state at 20,000 pages,
/// and most of what an edit changed in it.
type Kept = BTreeMap<String, Digest>;

/// The SHA-256 digest of a file's bytes.
type Digest = [u8; 32];

fn digest(bytes: &[u8]) -> Digest {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

pub(super) use bytes::{TermPart, term_part};

/// What a full build records of the files it makes.
#[derive(Default)]
pub(super) struct Recorder {
    files: Mutex<(Sizes, Kept)>,
}

impl Recorder {
    pub(super) fn file(&self, file: &SearchFile) {
        let key = key_of(&file.path).to_string();
        let mut files = self.files.lock().expect("recorder");
        if is_kept(&key) {
            files.1.insert(key.clone(), digest(&file.bytes));
        }
        files.0.insert(key, file.bytes.len());
    }

    /// The files recorded: every file's size by key, and the digests of
    /// those made again on every update.
    fn into_files(self) -> (Sizes, Kept) {
        self.files.into_inner().expect("recorder")
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn into_state(
        self,
        lang: &str,
        docs: &[&SearchDoc<'_>],
        mut terms: Terms,
        encoded_lens: Vec<u32>,
        entries: Vec<(u32, Deep)>,
        facets: Vec<FacetCount>,
        keys: corrections::Keys,
    ) -> IndexState {
        let (sizes, kept) = self.into_files();
        // One list per term.
        let lists: Vec<Vec<Posting>> = (0..terms.names.len())
            .into_par_iter()
            .map(|t| {
                let (postings, count) = terms.postings_of(t);
                let mut list = Vec::with_capacity(count);
                list.extend(postings);
                list
            })
            .collect();
        terms.grouped = Default::default();
        // Terms in the order of their names, so that they are found by name.
        let mut order: Vec<usize> = (0..terms.names.len()).collect();
        order.par_sort_unstable_by(|&a, &b| terms.names[a].cmp(&terms.names[b]));
        let mut new_id = vec![0u32; order.len()];
        for (i, &t) in order.iter().enumerate() {
            new_id[t] = i as u32;
        }
        let mut lists: Vec<Option<Vec<Posting>>> = lists.into_iter().map(Some).collect();
        terms.postings = order
            .iter()
            .map(|&t| lists[t].take().unwrap_or_default())
            .collect();
        let mut names: Vec<Option<String>> = std::mem::take(&mut terms.names)
            .into_iter()
            .map(Some)
            .collect();
        terms.names = order
            .iter()
            .map(|&t| names[t].take().unwrap_or_default())
            .collect();
        let encoded_lens = order.iter().map(|&t| encoded_lens[t]).collect();
        for form in &mut terms.forms {
            form.term = new_id[form.term as usize];
        }
        let pages = page_states(docs, entries);
        let mut state = IndexState::new(
            lang.to_string(),
            pages,
            terms,
            encoded_lens,
            facets,
            sizes,
            kept,
        );
        state.keys = keys;
        state
    }

    /// What `into_state` makes, straight as the bytes `IndexState::to_bytes`
    /// would give it, for a build that keeps the state only in its cache: the
    /// postings are read where the index grouped them, not copied term by term
    /// into a state first (at 100,000 pages they are hundreds of megabytes).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn into_bytes(
        self,
        lang: &str,
        docs: &[&SearchDoc<'_>],
        terms: &Terms,
        terms_part: TermPart,
        entries: Vec<(u32, Deep)>,
        facets: &[FacetCount],
        keys: &corrections::Keys,
    ) -> Vec<u8> {
        let (sizes, kept) = self.into_files();
        let pages = page_states(docs, entries);
        let parts = bytes::Parts {
            lang,
            pages: &pages,
            terms,
            facets,
            sizes: &sizes,
            kept: &kept,
            keys,
        };
        parts.to_bytes(terms_part)
    }
}

/// What the index says of each page apart from its terms, in page order.
fn page_states(docs: &[&SearchDoc<'_>], entries: Vec<(u32, Deep)>) -> Vec<PageState> {
    docs.iter()
        .zip(entries)
        .map(|(doc, (json_len, deep))| PageState {
            url: doc.url.to_string(),
            filters: filters_of(doc),
            json_len,
            more: deep.more,
            maps: deep.maps,
        })
        .collect()
}

impl IndexState {
    fn new(
        lang: String,
        pages: Vec<PageState>,
        terms: Terms,
        encoded_lens: Vec<u32>,
        facets: Vec<FacetCount>,
        sizes: BTreeMap<String, usize>,
        kept: Kept,
    ) -> IndexState {
        let by_url = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), i as u32))
            .collect();
        let sorted = terms.names.len();
        debug_assert!(terms.names.is_sorted());
        IndexState {
            lang,
            pages,
            by_url,
            terms,
            sorted,
            added: HashMap::new(),
            encoded_lens,
            facets,
            sizes,
            kept,
            keys: BTreeMap::new(),
            journal: None,
        }
    }

    /// The language, as in placard.yaml.
    pub(crate) fn lang(&self) -> &str {
        &self.lang
    }

    /// How many pages the index holds.
    pub(crate) fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The id of term `name`, if the state has it.
    fn find(&self, name: &str) -> Option<u32> {
        match self.terms.names[..self.sorted].binary_search_by(|n| n.as_str().cmp(name)) {
            Ok(at) => Some(at as u32),
            Err(_) => self.added.get(name).copied(),
        }
    }

    /// The id of term `name`, made if new.
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = self.terms.names.len() as u32;
        self.terms.names.push(name.to_string());
        self.terms.postings.push(Vec::new());
        self.encoded_lens.push(0);
        self.added.insert(name.to_string(), id);
        id
    }
}

/// An edited page, tokenised against the state's terms.
struct Edited {
    page: u32,
    len: u32,
    /// Its terms with their counts, by term id.
    terms: BTreeMap<u32, Counts>,
    /// Its words an English typo is corrected to, with their terms.
    forms: BTreeMap<String, u32>,
    json: String,
}

/// Where a term's postings are written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Shard(usize),
    Exact(usize),
    Long(u32),
}

impl Place {
    fn key(self) -> String {
        match self {
            Place::Shard(s) => format!("s/{s}"),
            Place::Exact(s) => format!("e/{s}"),
            Place::Long(hash) => format!("p/{hash:08x}"),
        }
    }
}

/// The place of a term of `encoded_len` bytes of postings, among `shards` shards
/// and `exact` exact shards.
fn place(name: &str, encoded_len: usize, shards: usize, exact: usize) -> Place {
    let hash = term_hash(name);
    if is_exact(name) {
        Place::Exact(hash as usize & (exact - 1))
    } else if is_long_list(name, encoded_len) {
        Place::Long(hash)
    } else {
        Place::Shard(hash as usize & (shards - 1))
    }
}

/// The shard and exact-shard counts for terms of these encoded lengths.
fn shard_counts(names: &[String], lens: &[u32]) -> (usize, usize) {
    let (mut normal, mut exact) = (0, 0);
    for (name, &len) in names.iter().zip(lens) {
        if len == 0 {
            continue;
        }
        if is_exact(name) {
            exact += entry_len(name, len as usize);
        } else if !is_long_list(name, len as usize) {
            normal += entry_len(name, len as usize);
        }
    }
    (shards_for(normal), shards_for(exact))
}

/// Updates `state`'s index for the edited pages `changed` (the other pages being
/// as they were), handing the files whose bytes change to `emit`; `page_entry(state,
/// n)` is the entry of unchanged page `n` in its page file, as the last build wrote
/// it. Returns (total bytes, first query bytes), or None when the index must be
/// made again in full (then nothing was emitted, and `state` is spent).
pub(crate) fn update(
    state: &mut IndexState,
    changed: &[SearchDoc<'_>],
    page_entry: &dyn Fn(&IndexState, usize) -> Option<String>,
    emit: &dyn Fn(SearchFile),
) -> Option<(usize, usize)> {
    let timings = crate::timings::Timings::from_env("update");
    let mut out: Vec<SearchFile> = Vec::new();
    let collect = Mutex::new(Vec::new());
    let keep = |f: SearchFile| -> usize {
        let size = f.bytes.len();
        collect.lock().expect("files").push(f);
        size
    };

    // The edited pages, tokenised; their deep text and entries made.
    let stemmer = WordStemmer::new();
    let mut scratch = Scratch::default();
    let mut edited: Vec<Edited> = Vec::new();
    for doc in changed {
        let Some(&page) = state.by_url.get(doc.url) else {
            return full("a page the index does not have");
        };
        let old = &state.pages[page as usize];
        if old.filters != filters_of(doc) || edited.iter().any(|e| e.page == page) {
            return full("a page's filter values changed");
        }
        let deep = deep::write(page as usize, doc, &keep);
        if (deep.more, deep.maps) != (old.more, old.maps) {
            return full("its deep text changed shape");
        }
        let json = doc_json(doc, deep);
        let tokens = tokenize_page(doc, &mut scratch);
        let mut terms: BTreeMap<u32, Counts> = BTreeMap::new();
        for &(key, counts) in &tokens.cjk {
            let id = state.id(&key_name(key));
            terms.entry(id).or_default().merge(counts);
        }
        let mut forms = BTreeMap::new();
        for w in &tokens.words {
            let word = &tokens.text[w.start as usize..w.end as usize];
            let Some(stem) = stemmer.term(word) else {
                continue;
            };
            let id = state.id(&stem);
            terms.entry(id).or_default().merge(w.counts);
            if is_correction_form(word) {
                forms.insert(word.to_string(), id);
            }
        }
        edited.push(Edited {
            page,
            len: tokens.len,
            terms,
            forms,
            json,
        });
    }
    out.extend(collect.lock().expect("files").drain(..));

    timings.lap("edited pages tokenised");
    // The average length must stay.
    let old_impacts = Impacts::new(&state.terms.lens);
    let mut lens = state.terms.lens.clone();
    for e in &edited {
        lens[e.page as usize] = e.len;
    }
    if average_length(&lens) != average_length(&state.terms.lens) {
        return full("the average length moved");
    }
    let impacts = Impacts::new(&lens);

    timings.lap("average length");
    // The terms the pages had.
    let pages: BTreeSet<u32> = edited.iter().map(|e| e.page).collect();
    let had: Vec<u32> = state
        .terms
        .postings
        .par_iter()
        .enumerate()
        .filter(|(_, list)| {
            pages
                .iter()
                .any(|&p| list.binary_search_by_key(&p, |x| x.doc).is_ok())
        })
        .map(|(t, _)| t as u32)
        .collect();
    let mut touched: BTreeSet<u32> = had.into_iter().collect();
    for e in &edited {
        touched.extend(e.terms.keys());
    }

    timings.lap("terms the pages had");
    // Their postings now, and where they were and are written.
    let (shards, exact) = shard_counts(&state.terms.names, &state.encoded_lens);
    let mut new_lens = state.encoded_lens.clone();
    let mut places: BTreeSet<Place> = BTreeSet::new();
    let mut new_postings: Vec<(u32, Vec<Posting>)> = Vec::new();
    // The page counts of the terms whose count changed, before.
    let mut old_df: BTreeMap<u32, usize> = BTreeMap::new();
    for &t in &touched {
        let name = &state.terms.names[t as usize];
        let old = &state.terms.postings[t as usize];
        // The postings are written the same when each edited page has the term
        // before and after at the same impact: skipped without encoding them.
        let same = edited.iter().all(|e| {
            let before = old
                .binary_search_by_key(&e.page, |p| p.doc)
                .ok()
                .map(|at| old_impacts.level(&old[at]));
            let after = e.terms.get(&t).map(|&counts| {
                impacts.level(&Posting {
                    doc: e.page,
                    counts,
                })
            });
            before == after
        });
        if same {
            // The state keeps the pages' counts now all the same: a later edit
            // of another page works the impacts out from them again.
            let list = &mut state.terms.postings[t as usize];
            for e in &edited {
                if let (Ok(at), Some(&counts)) = (
                    list.binary_search_by_key(&e.page, |p| p.doc),
                    e.terms.get(&t),
                ) {
                    list[at].counts = counts;
                }
            }
            continue;
        }
        let mut list: Vec<Posting> = old
            .iter()
            .filter(|p| !pages.contains(&p.doc))
            .copied()
            .collect();
        for e in &edited {
            if let Some(&counts) = e.terms.get(&t) {
                let at = list.partition_point(|p| p.doc < e.page);
                list.insert(
                    at,
                    Posting {
                        doc: e.page,
                        counts,
                    },
                );
            }
        }
        // Not the same: a posting came, went, or changed its impact.
        let after = encode_postings(list.iter(), list.len(), &impacts);
        new_lens[t as usize] = after.len() as u32;
        if !old.is_empty() {
            let before = state.encoded_lens[t as usize] as usize;
            places.insert(place(name, before, shards, exact));
        }
        if list.len() != old.len() {
            old_df.insert(t, old.len());
        }
        new_postings.push((t, list));
    }
    let (new_shards, new_exact) = shard_counts(&state.terms.names, &new_lens);
    if (new_shards, new_exact) != (shards, exact) {
        return full("the shards are counted again");
    }
    for (t, list) in &new_postings {
        if !list.is_empty() {
            let t = *t as usize;
            places.insert(place(
                &state.terms.names[t],
                new_lens[t] as usize,
                shards,
                exact,
            ));
        }
    }
    let relisted: Vec<u32> = new_postings.iter().map(|(t, _)| *t).collect();
    for (t, list) in new_postings {
        state.terms.postings[t as usize] = list;
    }
    state.encoded_lens = new_lens;
    state.terms.lens = lens;

    timings.lap("their postings now");
    // The files of those places, with all their members.
    let mut members: BTreeMap<Place, Vec<usize>> =
        places.iter().map(|&p| (p, Vec::new())).collect();
    let names = &state.terms.names;
    let found: Vec<(Place, usize)> = (0..names.len())
        .into_par_iter()
        .filter(|&t| state.encoded_lens[t] > 0)
        .filter_map(|t| {
            let p = place(&names[t], state.encoded_lens[t] as usize, shards, exact);
            places.contains(&p).then_some((p, t))
        })
        .collect();
    for (p, t) in found {
        members.get_mut(&p).expect("a place asked for").push(t);
    }
    for (p, mut terms) in members {
        if terms.is_empty() {
            // A long list no term has any more: its file would stay behind.
            if matches!(p, Place::Long(_)) {
                return full("a long list went");
            }
        }
        terms.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
        let key = p.key();
        let encoded: Vec<(usize, String)> = terms
            .iter()
            .map(|&t| {
                let list = &state.terms.postings[t];
                (t, encode_postings(list.iter(), list.len(), &impacts))
            })
            .collect();
        let size = encoded
            .iter()
            .map(|(t, e)| entry_len(&names[*t], e.len()))
            .sum();
        out.push(file_with(&key, size, |data| {
            data.push('{');
            for (i, (t, e)) in encoded.iter().enumerate() {
                if i > 0 {
                    data.push(',');
                }
                super::push_json_str(data, &names[*t]);
                data.push_str(":\"");
                data.push_str(e);
                data.push('"');
            }
            data.push('}');
        }));
    }

    timings.lap("dictionary files");
    // The page files of the edited pages.
    for e in &edited {
        let mut lens: Vec<usize> = state.pages.iter().map(|p| p.json_len as usize).collect();
        lens[e.page as usize] = e.json.len();
        let Some(file) = page_file(state, &lens, e, &edited, page_entry) else {
            return full("page files packed otherwise");
        };
        out.push(file);
    }
    for e in &edited {
        state.pages[e.page as usize].json_len = e.json.len() as u32;
    }

    timings.lap("page files");
    // The words typos are corrected to, and the characters.
    let forms = edited.iter().map(|e| (e.page, &e.forms));
    update_forms(&mut state.terms.forms, &pages, forms);
    let df: Vec<usize> = state.terms.postings.iter().map(Vec::len).collect();
    // A character comes into the pages, or leaves them.
    for (&t, &before) in &old_df {
        let mut c = state.terms.names[t as usize].chars();
        let (Some(c), None) = (c.next(), c.next()) else {
            continue;
        };
        if !super::is_cjk(c) {
            continue;
        }
        let chars = &mut state.terms.chars;
        match (chars.binary_search(&c), before, df[t as usize]) {
            (Err(at), 0, 1..) => chars.insert(at, c),
            (Ok(at), 1.., 0) => {
                chars.remove(at);
            }
            _ => {}
        }
    }

    timings.lap("forms and characters");
    let readings_of = corrections::readings_of(&state.terms.chars);
    let pinyin = !readings_of.is_empty();
    let mut remade: Vec<SearchFile> = Vec::new();
    let single = |name: &str| {
        let mut c = name.chars();
        matches!((c.next(), c.next()), (Some(c), None) if super::is_cjk(c))
    };
    if pinyin
        && old_df
            .keys()
            .any(|&t| single(&state.terms.names[t as usize]))
    {
        let chars = state.terms.chars.iter().map(|&c| {
            let id = state.find(c.encode_utf8(&mut [0; 4]));
            (c, id.map_or(0, |t| df[t as usize]))
        });
        remade.push(corrections::pinyin_file(chars, &readings_of));
    }
    let old_key_shards = state.kept.keys().filter(|k| k.starts_with("k/")).count();
    // A pair that left the pages is found under its keys though its characters
    // left them too.
    let mut gone: Vec<char> = old_df
        .keys()
        .filter_map(|&t| corrections::pair_of(&state.terms.names[t as usize]))
        .flat_map(|(a, b)| [a, b])
        .filter(|c| !readings_of.contains_key(c))
        .collect();
    gone.sort_unstable();
    gone.dedup();
    let mut pair_readings = corrections::readings_of(&gone);
    pair_readings.extend(readings_of.iter().map(|(c, r)| (*c, r.clone())));
    let changed_keys = update_keys(state, &old_df, &df, &pair_readings, &readings_of);
    let keys = &state.keys;
    let bytes: usize = keys
        .iter()
        .map(|(k, best)| corrections::key_entry_len(k, best))
        .sum();
    let key_shards = corrections::key_shards_for(keys.len(), bytes);
    let only: Option<BTreeSet<usize>> = (key_shards == old_key_shards).then(|| {
        changed_keys
            .iter()
            .map(|k| term_hash(k) as usize & (key_shards.max(1) - 1))
            .collect()
    });
    let collected = Mutex::new(Vec::new());
    let keep_remade = |f: SearchFile| -> usize {
        let size = f.bytes.len();
        collected.lock().expect("files").push(f);
        size
    };
    corrections::write_key_shards(keys, only.as_ref(), &keep_remade);
    let letters = corrections::write_words(&state.terms, &df, &keep_remade);
    remade.extend(collected.into_inner().expect("files"));
    let corrections = corrections::Written {
        key_shards,
        pinyin,
        letters,
    };
    remade.push(t2s_file(&state.terms));
    let long_hashes: Vec<u32> = state
        .terms
        .names
        .iter()
        .zip(&state.encoded_lens)
        .filter(|&(name, &len)| len > 0 && is_long_list(name, len as usize))
        .map(|(name, _)| term_hash(name))
        .collect();
    let dictionary = Dictionary::summary(shards, exact, long_hashes.into_iter());
    let doc_files = doc_files(&state.sizes, state.pages.len());
    let meta = Meta {
        lang: &state.lang,
        docs: state.pages.len(),
        terms: df.iter().filter(|&&n| n > 0).count(),
        dictionary: &dictionary,
        doc_files: &doc_files,
        facets: &state.facets,
        corrections: &corrections,
    };
    timings.lap("corrections, t2s");
    remade.push(meta.file());
    // Those made before and not now would stay behind.
    let now = |key: &str| match key.split_once('/') {
        None => key != "py" || corrections.pinyin,
        Some(("k", n)) => n.parse::<usize>().is_ok_and(|n| n < corrections.key_shards),
        Some(("v", letter)) => corrections.letters.contains(letter),
        Some(_) => false,
    };
    if state.kept.keys().any(|k| !now(k)) {
        return full("a key or word file went");
    }
    let mut kept = Vec::new();
    for f in remade {
        let key = key_of(&f.path).to_string();
        let made = digest(&f.bytes);
        if state.kept.get(&key) != Some(&made) {
            state.kept.insert(key.clone(), made);
            kept.push(key);
            out.push(f);
        }
    }

    // An edited page's file once, though two edited pages share it.
    let out: BTreeMap<String, SearchFile> = out.into_iter().map(|f| (f.path.clone(), f)).collect();
    let sizes: Vec<(String, usize)> = out
        .values()
        .map(|f| (key_of(&f.path).to_string(), f.bytes.len()))
        .collect();
    state.sizes.extend(sizes.iter().cloned());
    let changes = journal::Changes {
        relisted: &relisted,
        sizes: &sizes,
        kept: &kept,
        keys: &changed_keys,
    };
    state.record(&edited, &changes);
    let budget = budget(&state.sizes);
    for f in out.into_values() {
        emit(f);
    }
    Some(budget)
}

/// None, the index being made in full; why is printed with `PLACARD_TIMINGS`.
fn full<T>(why: &str) -> Option<T> {
    if std::env::var_os("PLACARD_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0") {
        eprintln!("timing search   index made in full: {why}");
    }
    None
}

/// The page file that holds edited page `e`, or None when the pages of its chunk
/// are packed otherwise than before (files would move) or an entry of another page
/// is not to be had. The one place that knows how page files are packed besides
/// `write_page_files`.
fn page_file(
    state: &IndexState,
    lens: &[usize],
    e: &Edited,
    edited: &[Edited],
    page_entry: &dyn Fn(&IndexState, usize) -> Option<String>,
) -> Option<SearchFile> {
    let pages = &state.pages;
    let page = e.page as usize;
    let first = page / PACK_RANGE * PACK_RANGE;
    let end = (first + PACK_RANGE).min(pages.len());
    let before = pack_lengths(pages[first..end].iter().map(|p| p.json_len as usize));
    let after = pack_lengths(lens[first..end].iter().copied());
    if before != after {
        return None;
    }
    let range = after.into_iter().find(|r| r.contains(&(page - first)))?;
    let (start, stop) = (first + range.start, first + range.end);
    let mut entries = Vec::new();
    for (n, page) in pages.iter().enumerate().take(stop).skip(start) {
        match edited.iter().find(|x| x.page as usize == n) {
            Some(x) => entries.push(x.json.clone()),
            None => {
                let entry = page_entry(state, n)?;
                if entry.len() != page.json_len as usize {
                    return None;
                }
                entries.push(entry);
            }
        }
    }
    let size = entries.iter().map(|p| p.len() + 1).sum();
    Some(file_with(&format!("d/{start}"), size, |out| {
        out.push('[');
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(entry);
        }
        out.push(']');
    }))
}

/// The entries of the pages in a page file as the last build wrote it (`bytes`),
/// by the lengths the state keeps: page `start` and on.
pub(crate) fn split_page_file(bytes: &[u8], key: &str, lens: &[usize]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut head = String::from("__placardSearch.load(");
    super::push_json_str(&mut head, key);
    head.push_str(",[");
    let mut rest = text.strip_prefix(head.as_str())?.strip_suffix("]);\n")?;
    let mut entries = Vec::new();
    for (i, &len) in lens.iter().enumerate() {
        if i > 0 {
            rest = rest.strip_prefix(',')?;
        }
        if !rest.is_char_boundary(len.min(rest.len())) || rest.len() < len {
            return None;
        }
        entries.push(rest[..len].to_string());
        rest = &rest[len..];
    }
    rest.is_empty().then_some(entries)
}

/// Page `n`'s entry in its page file, made from its document (`serve`, which
/// keeps every page's text).
pub(crate) fn page_entry(state: &IndexState, n: usize, doc: &SearchDoc<'_>) -> String {
    let page = &state.pages[n];
    doc_json(
        doc,
        Deep {
            more: page.more,
            maps: page.maps,
        },
    )
}

impl IndexState {
    /// The URL of page `n`.
    pub(crate) fn url(&self, n: usize) -> &str {
        &self.pages[n].url
    }

    /// The page file (its key, `d/<start>`) that holds page `n`, and the lengths of
    /// its entries: to read the entry of an unchanged page from the last output.
    pub(crate) fn page_file_of(&self, n: usize) -> Option<(String, usize, Vec<usize>)> {
        let first = n / PACK_RANGE * PACK_RANGE;
        let end = (first + PACK_RANGE).min(self.pages.len());
        let range = pack_lengths(self.pages[first..end].iter().map(|p| p.json_len as usize))
            .into_iter()
            .find(|r| r.contains(&(n - first)))?;
        let lens = self.pages[first + range.start..first + range.end]
            .iter()
            .map(|p| p.json_len as usize)
            .collect();
        Some((
            format!("d/{}", first + range.start),
            first + range.start,
            lens,
        ))
    }
}

/// The key lists updated for the pairs whose page counts changed (`old_df`, before;
/// `df`, now; `readings_of` has their characters', `present` those of the
/// characters in the pages); returns the keys whose lists changed. When a pair in a
/// full list lost pages, which pair comes next is not known otherwise: the lists are
/// made again from all pairs, and the keys whose lists are not what they were are
/// those that changed.
fn update_keys(
    state: &mut IndexState,
    old_df: &BTreeMap<u32, usize>,
    df: &[usize],
    readings_of: &super::terms::FxMap<char, Vec<String>>,
    present: &super::terms::FxMap<char, Vec<String>>,
) -> BTreeSet<String> {
    let order = |x: &(usize, String), y: &(usize, String)| y.0.cmp(&x.0).then(x.1.cmp(&y.1));
    let mut changed = BTreeSet::new();
    for (&t, &before) in old_df {
        let name = &state.terms.names[t as usize];
        let Some((a, b)) = corrections::pair_of(name) else {
            continue;
        };
        let now = df[t as usize];
        for (key, cap) in corrections::pair_keys(a, b, readings_of) {
            let best = state.keys.entry(key.clone()).or_default();
            let at = best.iter().position(|(_, n)| n == name);
            if now >= before {
                if let Some(at) = at {
                    best.remove(at);
                }
                best.push((now, name.clone()));
                best.sort_by(order);
                best.truncate(cap);
            } else {
                let Some(at) = at else {
                    // Not a key made for it just now.
                    if best.is_empty() {
                        state.keys.remove(&key);
                    }
                    continue;
                };
                if best.len() == cap {
                    let fresh = corrections::key_lists_of(&state.terms, df, present);
                    // Those not changed above are as they were.
                    let was = std::mem::replace(&mut state.keys, fresh);
                    let now = &state.keys;
                    let differ = |k: &&String| was.get(*k) != now.get(*k);
                    changed.extend(was.keys().chain(now.keys()).filter(differ).cloned());
                    return changed;
                }
                best.remove(at);
                if now > 0 {
                    best.push((now, name.clone()));
                    best.sort_by(order);
                }
            }
            if best.is_empty() {
                state.keys.remove(&key);
            }
            changed.insert(key);
        }
    }
    changed
}

/// The forms of the edited pages' words (each page's words by spelling, with
/// their terms): their pages taken out, then in again where they write them
/// now; forms no page writes any more are dropped.
fn update_forms<'a>(
    forms: &mut Vec<Form>,
    pages: &BTreeSet<u32>,
    edited: impl Iterator<Item = (u32, &'a BTreeMap<String, u32>)>,
) {
    for form in forms.iter_mut() {
        form.docs.retain(|d| !pages.contains(d));
    }
    for (page, words) in edited {
        for (text, &term) in words {
            match forms.binary_search_by(|f| (*f.text).cmp(text.as_str())) {
                Ok(at) => {
                    let docs = &mut forms[at].docs;
                    let i = docs.partition_point(|&d| d < page);
                    docs.insert(i, page);
                }
                Err(at) => forms.insert(
                    at,
                    Form {
                        text: text.as_str().into(),
                        term,
                        docs: vec![page],
                    },
                ),
            }
        }
    }
    forms.retain(|f| !f.docs.is_empty());
}

/// The CJK characters that are terms with postings, ascending.
fn chars_of(names: &[String], postings: &[Vec<Posting>]) -> Vec<char> {
    let mut chars: Vec<char> = names
        .iter()
        .zip(postings)
        .filter(|(_, list)| !list.is_empty())
        .filter_map(|(name, _)| {
            let mut c = name.chars();
            match (c.next(), c.next()) {
                (Some(c), None) if super::is_cjk(c) => Some(c),
                _ => None,
            }
        })
        .collect();
    chars.sort_unstable();
    chars
}

/// meta.js's `docFiles`: the pages that start a page file.
fn doc_files(sizes: &BTreeMap<String, usize>, pages: usize) -> String {
    let mut marks = vec![0u8; pages.div_ceil(6)];
    for key in sizes.keys() {
        if let Some(start) = key.strip_prefix("d/").and_then(|n| n.parse::<usize>().ok()) {
            marks[start / 6] |= 1 << (start % 6);
        }
    }
    let mut out = String::with_capacity(marks.len());
    for d in marks {
        super::push_digit(&mut out, d);
    }
    out
}

/// (total bytes, first query bytes) of an index of files of these sizes.
fn budget(sizes: &BTreeMap<String, usize>) -> (usize, usize) {
    let total = sizes.values().sum();
    let size = |key: &str| sizes.get(key).copied().unwrap_or(0);
    let worst_term = sizes
        .iter()
        .filter(|(k, _)| k.starts_with("s/") || k.starts_with("p/"))
        .map(|(_, &s)| s)
        .max()
        .unwrap_or(0);
    let mut pages: Vec<usize> = sizes
        .iter()
        .filter(|(k, _)| k.starts_with("d/"))
        .map(|(_, &s)| s)
        .collect();
    pages.sort_unstable_by(|a, b| b.cmp(a));
    let largest: usize = pages.iter().take(PAGE_SIZE).sum();
    (total, size("meta") + size("t2s") + worst_term + largest)
}

/// The state as bytes (`build`'s cache), and back: varints and strings, read
/// back with every length checked (None for anything amiss).
mod bytes {
    use super::*;

    const MAGIC: &[u8] = b"placard search state 3\n";

    use crate::binary::{Reader, put_bytes, put_num as push};

    fn push_str(out: &mut Vec<u8>, s: &str) {
        put_bytes(out, s.as_bytes());
    }

    fn push_opt(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            None => push(out, 0),
            Some(s) => {
                push(out, 1);
                push_str(out, s);
            }
        }
    }

    /// What `push_opt` wrote.
    fn opt(r: &mut Reader<'_>) -> Option<Option<String>> {
        match r.num()? {
            0 => Some(None),
            1 => Some(Some(r.str()?.to_string())),
            _ => None,
        }
    }

    const FIELDS: [&str; 4] = ["kind", "section", "year", "tag"];

    /// A body count this large or larger follows on its own.
    const BODY_ESCAPE: u16 = 31;

    /// A posting: the pages it skips since the last one (or since the first
    /// page), and its counts, in one number — one byte for the three in ten
    /// postings that follow the last one's page with a body count under 31
    /// (a fifth of the Chinese state at 20,000 pages, where a number for each
    /// took two bytes) — and the body count after it when it is 31 or more.
    fn push_posting(out: &mut Vec<u8>, skipped: u32, c: Counts) {
        let body = c.body.min(BODY_ESCAPE);
        let flags = (body as u64) << 2 | (c.title as u64) << 1 | c.heading as u64;
        push(out, (skipped as u64) << 7 | flags);
        if body == BODY_ESCAPE {
            push(out, c.body as u64);
        }
    }

    /// What `push_posting` wrote.
    fn posting(r: &mut Reader<'_>) -> Option<(u64, Counts)> {
        let v = r.num()?;
        let mut body = (v >> 2 & 31) as u16;
        if body == BODY_ESCAPE {
            body = u16::try_from(r.num()?).ok().filter(|&b| b >= BODY_ESCAPE)?;
        }
        let counts = Counts {
            body,
            title: v & 2 != 0,
            heading: v & 1 != 0,
        };
        Some((v >> 7, counts))
    }

    /// What a state's bytes are made from: an `IndexState`'s own parts, or a
    /// full build's (its terms in the order they came, their postings where
    /// the index grouped them: `Recorder::into_bytes`). The bytes are the
    /// same either way.
    pub(super) struct Parts<'a> {
        pub(super) lang: &'a str,
        pub(super) pages: &'a [PageState],
        pub(super) terms: &'a Terms,
        pub(super) facets: &'a [FacetCount],
        pub(super) sizes: &'a Sizes,
        pub(super) kept: &'a Kept,
        pub(super) keys: &'a corrections::Keys,
    }

    /// The terms' part of a state's bytes, the largest: every term some page
    /// has, by name, with its postings; and each term's place among them
    /// (`u32::MAX` for a term no page has). Made apart from the rest, so that a
    /// full build makes it while it writes the page files (`build_with`).
    pub(in super::super) struct TermPart {
        bytes: Vec<u8>,
        ids: Vec<u32>,
    }

    pub(in super::super) fn term_part(terms: &Terms, encoded_lens: &[u32]) -> TermPart {
        let mut present: Vec<usize> = (0..terms.names.len())
            .filter(|&t| terms.postings_of(t).1 > 0)
            .collect();
        // By name, so that they are found by name when read back.
        present.par_sort_unstable_by(|&a, &b| terms.names[a].cmp(&terms.names[b]));
        // New term ids, without the terms no page has.
        let mut ids = vec![u32::MAX; terms.names.len()];
        let mut out = Vec::new();
        push(&mut out, present.len() as u64);
        for (i, &t) in present.iter().enumerate() {
            ids[t] = i as u32;
            push_str(&mut out, &terms.names[t]);
            push(&mut out, encoded_lens[t] as u64);
            let (list, count) = terms.postings_of(t);
            push(&mut out, count as u64);
            let mut next = 0;
            for p in list {
                push_posting(&mut out, p.doc - next, p.counts);
                next = p.doc + 1;
            }
        }
        TermPart { bytes: out, ids }
    }

    impl Parts<'_> {
        /// The state's bytes, with its terms' part ([`term_part`]).
        pub(super) fn to_bytes(&self, terms_part: TermPart) -> Vec<u8> {
            let terms = self.terms;
            let mut out = MAGIC.to_vec();
            push_str(&mut out, self.lang);
            push(&mut out, self.pages.len() as u64);
            for (page, len) in self.pages.iter().zip(&terms.lens) {
                push_str(&mut out, &page.url);
                let (kind, section, year, tags) = &page.filters;
                push_str(&mut out, kind);
                push_opt(&mut out, section.as_deref());
                push_opt(&mut out, year.as_deref());
                push(&mut out, tags.len() as u64);
                for t in tags {
                    push_str(&mut out, t);
                }
                for v in [page.json_len as usize, page.more, page.maps, *len as usize] {
                    push(&mut out, v as u64);
                }
            }
            // The pages' part goes before the terms' part, in its buffer: the
            // terms' part is moved along rather than copied, so that its bytes
            // are not held twice.
            let TermPart {
                bytes: mut whole,
                ids,
            } = terms_part;
            let (head, tail) = (out.len(), whole.len());
            whole.resize(head + tail, 0);
            whole.copy_within(..tail, head);
            whole[..head].copy_from_slice(&out);
            drop(out);
            let mut out = whole;
            push(&mut out, terms.forms.len() as u64);
            for form in &terms.forms {
                push_str(&mut out, &form.text);
                push(&mut out, ids[form.term as usize] as u64);
                push(&mut out, form.docs.len() as u64);
                let mut prev = 0;
                for &d in &form.docs {
                    push(&mut out, (d - prev) as u64);
                    prev = d;
                }
            }
            push(&mut out, self.facets.len() as u64);
            for f in self.facets {
                let field = FIELDS.iter().position(|x| *x == f.field).unwrap_or(0);
                push(&mut out, field as u64);
                push_str(&mut out, &f.value);
                push(&mut out, f.pages as u64);
            }
            push(&mut out, self.sizes.len() as u64);
            for (key, &size) in self.sizes {
                push_str(&mut out, key);
                push(&mut out, size as u64);
            }
            push(&mut out, self.kept.len() as u64);
            for (key, digest) in self.kept {
                push_str(&mut out, key);
                put_bytes(&mut out, digest);
            }
            push(&mut out, self.keys.len() as u64);
            for (key, best) in self.keys {
                push_str(&mut out, key);
                push(&mut out, best.len() as u64);
                for (pages, name) in best {
                    push(&mut out, *pages as u64);
                    push_str(&mut out, name);
                }
            }
            out
        }
    }

    impl IndexState {
        pub(crate) fn to_bytes(&self) -> Vec<u8> {
            let parts = Parts {
                lang: &self.lang,
                pages: &self.pages,
                terms: &self.terms,
                facets: &self.facets,
                sizes: &self.sizes,
                kept: &self.kept,
                keys: &self.keys,
            };
            parts.to_bytes(term_part(&self.terms, &self.encoded_lens))
        }

        pub(crate) fn from_bytes(bytes: &[u8]) -> Option<IndexState> {
            let mut r = Reader(bytes.strip_prefix(MAGIC)?);
            let lang = r.str()?.to_string();
            let n = r.len()?;
            let mut pages = Vec::with_capacity(n);
            let mut lens = Vec::with_capacity(n);
            for _ in 0..n {
                let url = r.str()?.to_string();
                let kind = r.str()?.to_string();
                let (section, year) = (opt(&mut r)?, opt(&mut r)?);
                let tags = (0..r.len()?)
                    .map(|_| Some(r.str()?.to_string()))
                    .collect::<Option<Vec<String>>>()?;
                let json_len = u32::try_from(r.num()?).ok()?;
                let (more, maps) = (r.num()? as usize, r.num()? as usize);
                lens.push(u32::try_from(r.num()?).ok()?);
                pages.push(PageState {
                    url,
                    filters: (kind, section, year, tags),
                    json_len,
                    more,
                    maps,
                });
            }
            let terms_count = r.len()?;
            let mut names = Vec::with_capacity(terms_count);
            let mut postings = Vec::with_capacity(terms_count);
            let mut encoded_lens = Vec::with_capacity(terms_count);
            for _ in 0..terms_count {
                let name = r.str()?;
                if names
                    .last()
                    .is_some_and(|last: &String| last.as_str() >= name)
                {
                    return None;
                }
                names.push(name.to_string());
                encoded_lens.push(u32::try_from(r.num()?).ok()?);
                let count = r.len()?;
                let mut list = Vec::with_capacity(count);
                let mut next = 0u64;
                for _ in 0..count {
                    let (skipped, counts) = posting(&mut r)?;
                    let doc = next + skipped;
                    if doc >= n as u64 {
                        return None;
                    }
                    list.push(Posting {
                        doc: doc as u32,
                        counts,
                    });
                    next = doc + 1;
                }
                if list.is_empty() {
                    return None;
                }
                postings.push(list);
            }
            let mut forms = Vec::new();
            for _ in 0..r.len()? {
                let text: Box<str> = r.str()?.into();
                let term = u32::try_from(r.num()?)
                    .ok()
                    .filter(|&t| (t as usize) < terms_count)?;
                let mut docs = Vec::new();
                let mut doc = 0u64;
                for _ in 0..r.len()? {
                    doc += r.num()?;
                    if doc >= n as u64 {
                        return None;
                    }
                    docs.push(doc as u32);
                }
                forms.push(Form { text, term, docs });
            }
            let mut facets = Vec::new();
            for _ in 0..r.len()? {
                let field = *FIELDS.get(r.num()? as usize)?;
                let value = r.str()?.to_string();
                let pages = r.num()? as usize;
                facets.push(FacetCount {
                    field,
                    value,
                    pages,
                });
            }
            let mut sizes = BTreeMap::new();
            for _ in 0..r.len()? {
                let key = r.str()?.to_string();
                sizes.insert(key, r.num()? as usize);
            }
            let mut kept = BTreeMap::new();
            for _ in 0..r.len()? {
                let key = r.str()?.to_string();
                kept.insert(key, r.bytes()?.try_into().ok()?);
            }
            let mut keys = BTreeMap::new();
            for _ in 0..r.len()? {
                let key = r.str()?.to_string();
                let best = (0..r.len()?)
                    .map(|_| Some((r.num()? as usize, r.str()?.to_string())))
                    .collect::<Option<Vec<_>>>()?;
                keys.insert(key, best);
            }
            if !r.0.is_empty() {
                return None;
            }
            let chars = chars_of(&names, &postings);
            let terms = Terms {
                names,
                postings,
                grouped: Default::default(),
                chars,
                lens,
                forms,
            };
            let mut state = IndexState::new(lang, pages, terms, encoded_lens, facets, sizes, kept);
            state.keys = keys;
            Some(state)
        }
    }
}
