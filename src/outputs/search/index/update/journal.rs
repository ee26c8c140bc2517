//! The state kept as a base and the edits since (`build`'s cache): after an
//! edit, `build` writes what the edit changed in the state — a record of a few
//! kilobytes — instead of the whole state (tens of megabytes at 20,000 pages),
//! and reads the base with the records played over it again. Once the records
//! weigh more than a sixteenth of the base, the state is written whole again
//! (`IndexState::saved`), so that reading them costs little beside the base.
//!
//! A record holds, for each edited page, its length, the length of its entry
//! in its page file and every term it has now with its counts (by name), with
//! the words of it an English typo is corrected to; the terms whose encoded
//! postings changed length; the sizes of the files the update wrote, the
//! digests of those it makes again from the state that changed, and the key
//! lists that changed. Played over the state the update started from, it gives
//! the state the update left (`update_tests.rs` checks they are the same
//! bytes); a record amiss makes the whole state untrusted (None).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::super::terms::{Counts, Posting};
use super::{Edited, IndexState, update_forms};
use crate::binary::{Reader, put_bytes, put_num};

/// The records may weigh this fraction of the base before the state is
/// written whole again.
const FOLD_AT: usize = 16;

/// The records played over a state read from its base, and the base's size.
pub(super) struct Journal {
    base_len: usize,
    records: Vec<u8>,
}

/// A state as `build` saves it.
pub(crate) enum SavedState {
    /// The whole state (`IndexState::to_bytes`), which starts a new base.
    Whole(Vec<u8>),
    /// The records of the edits since the base the state was read from
    /// (`IndexState::from_saved`), the base staying as it is.
    Edits(Vec<u8>),
}

/// What an update changed in the state besides the edited pages.
pub(super) struct Changes<'a> {
    /// The terms whose postings were encoded again.
    pub(super) relisted: &'a [u32],
    /// The files written, by key, with their sizes.
    pub(super) sizes: &'a [(String, usize)],
    /// The files made again from the state whose bytes changed.
    pub(super) kept: &'a [String],
    /// The keys whose lists changed.
    pub(super) keys: &'a BTreeSet<String>,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_counts(out: &mut Vec<u8>, c: Counts) {
    put_num(
        out,
        (c.body as u64) << 2 | (c.title as u64) << 1 | c.heading as u64,
    );
}

fn counts(r: &mut Reader<'_>) -> Option<Counts> {
    let c = r.num()?;
    Some(Counts {
        body: u16::try_from(c >> 2).ok()?,
        title: c & 2 != 0,
        heading: c & 1 != 0,
    })
}

fn num32(r: &mut Reader<'_>) -> Option<u32> {
    u32::try_from(r.num()?).ok()
}

fn put_best(out: &mut Vec<u8>, best: &[(usize, String)]) {
    put_num(out, best.len() as u64);
    for (pages, name) in best {
        put_num(out, *pages as u64);
        put_str(out, name);
    }
}

fn best(r: &mut Reader<'_>) -> Option<Vec<(usize, String)>> {
    (0..r.len()?)
        .map(|_| Some((r.num()? as usize, r.str()?.to_string())))
        .collect()
}

impl IndexState {
    /// The state saved as `base` (`to_bytes`) with the `records` of the edits
    /// since played over it (`saved`'s `Edits`); None for anything amiss.
    pub(crate) fn from_saved(base: &[u8], records: &[u8]) -> Option<IndexState> {
        let mut state = IndexState::from_bytes(base)?;
        let mut r = Reader(records);
        while !r.is_empty() {
            state.replay(r.bytes()?)?;
        }
        state.journal = Some(Journal {
            base_len: base.len(),
            records: records.to_vec(),
        });
        Some(state)
    }

    /// What `build` saves of the state: the records of the edits since its
    /// base when it was read from one and they are still light beside it, else
    /// the whole state.
    pub(crate) fn saved(&self) -> SavedState {
        match &self.journal {
            Some(journal) if journal.records.len() * FOLD_AT <= journal.base_len => {
                SavedState::Edits(journal.records.clone())
            }
            _ => SavedState::Whole(self.to_bytes()),
        }
    }

    /// Notes an update that left the state as it is now (a state not read
    /// from a base keeps no records: `serve`'s, or one made in full).
    pub(super) fn record(&mut self, edited: &[Edited], changes: &Changes<'_>) {
        if self.journal.is_none() {
            return;
        }
        let mut out = Vec::new();
        let names = &self.terms.names;
        put_num(&mut out, edited.len() as u64);
        for e in edited {
            put_num(&mut out, e.page as u64);
            put_num(&mut out, e.len as u64);
            put_num(&mut out, e.json.len() as u64);
            put_num(&mut out, e.terms.len() as u64);
            for (&t, &c) in &e.terms {
                put_str(&mut out, &names[t as usize]);
                put_counts(&mut out, c);
            }
            put_num(&mut out, e.forms.len() as u64);
            for (word, &t) in &e.forms {
                put_str(&mut out, word);
                put_str(&mut out, &names[t as usize]);
            }
        }
        put_num(&mut out, changes.relisted.len() as u64);
        for &t in changes.relisted {
            put_str(&mut out, &names[t as usize]);
            put_num(&mut out, self.encoded_lens[t as usize] as u64);
        }
        put_num(&mut out, changes.sizes.len() as u64);
        for (key, size) in changes.sizes {
            put_str(&mut out, key);
            put_num(&mut out, *size as u64);
        }
        put_num(&mut out, changes.kept.len() as u64);
        for key in changes.kept {
            put_str(&mut out, key);
            put_bytes(&mut out, &self.kept[key]);
        }
        put_num(&mut out, changes.keys.len() as u64);
        for key in changes.keys {
            put_str(&mut out, key);
            match self.keys.get(key) {
                None => put_num(&mut out, 0),
                Some(best) => {
                    put_num(&mut out, 1);
                    put_best(&mut out, best);
                }
            }
        }
        if let Some(journal) = &mut self.journal {
            put_bytes(&mut journal.records, &out);
        }
    }

    /// Plays one record (`record`) over the state.
    fn replay(&mut self, record: &[u8]) -> Option<()> {
        let mut r = Reader(record);
        let n = self.pages.len();
        // The edited pages: their lengths, terms and forms.
        let mut pages = Vec::new();
        for _ in 0..r.len()? {
            let page = num32(&mut r).filter(|&p| (p as usize) < n)?;
            let (len, json_len) = (num32(&mut r)?, num32(&mut r)?);
            let terms = (0..r.len()?)
                .map(|_| Some((r.str()?.to_string(), counts(&mut r)?)))
                .collect::<Option<Vec<_>>>()?;
            let forms = (0..r.len()?)
                .map(|_| Some((r.str()?.to_string(), r.str()?.to_string())))
                .collect::<Option<Vec<_>>>()?;
            pages.push((page, len, json_len, terms, forms));
        }
        let set: BTreeSet<u32> = pages.iter().map(|p| p.0).collect();
        if set.len() != pages.len() {
            return None;
        }
        let mut forms = Vec::new();
        for (page, len, json_len, terms, words) in pages {
            // Its postings as they are now: counts changed in place, postings
            // taken out of the terms it no longer has and put in those it has
            // now (a list shifted only where the page came or went).
            let mut now: HashMap<u32, Counts> = HashMap::with_capacity(terms.len());
            for (name, counts) in terms {
                if now.insert(self.id(&name), counts).is_some() {
                    return None;
                }
            }
            for (t, list) in self.terms.postings.iter_mut().enumerate() {
                match (
                    list.binary_search_by_key(&page, |p| p.doc),
                    now.remove(&(t as u32)),
                ) {
                    (Ok(at), Some(counts)) => list[at].counts = counts,
                    (Ok(at), None) => {
                        list.remove(at);
                    }
                    (Err(at), Some(counts)) => list.insert(at, Posting { doc: page, counts }),
                    (Err(_), None) => {}
                }
            }
            self.terms.lens[page as usize] = len;
            self.pages[page as usize].json_len = json_len;
            let words = words
                .into_iter()
                .map(|(word, name)| Some((word, self.find(&name)?)))
                .collect::<Option<BTreeMap<String, u32>>>()?;
            forms.push((page, words));
        }
        let edited = forms.iter().map(|(page, words)| (*page, words));
        update_forms(&mut self.terms.forms, &set, edited);
        for _ in 0..r.len()? {
            let t = self.find(r.str()?)?;
            self.encoded_lens[t as usize] = num32(&mut r)?;
        }
        for _ in 0..r.len()? {
            let key = r.str()?.to_string();
            self.sizes.insert(key, r.num()? as usize);
        }
        for _ in 0..r.len()? {
            let key = r.str()?.to_string();
            self.kept.insert(key, r.bytes()?.try_into().ok()?);
        }
        for _ in 0..r.len()? {
            let key = r.str()?.to_string();
            match r.num()? {
                0 => self.keys.remove(&key),
                1 => self.keys.insert(key, best(&mut r)?),
                _ => return None,
            };
        }
        self.terms.chars = super::chars_of(&self.terms.names, &self.terms.postings);
        r.is_empty().then_some(())
    }
}
