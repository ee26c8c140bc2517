//! The text of a long page beyond what its page file holds, so that a result shows
//! where it matched however far down (a 300 KB compendium): the rest of the text in
//! pieces of `MAX_TEXT_BYTES`, `x/<page>-<k>.js` (piece 0 is the page file's text),
//! and which piece each term is first in, for the terms not in the page file's text:
//! `x/<page>/<h>.js`, `{term: piece}`, a term in file `term_hash(term) % maps`. The
//! page file says how many pieces there are (`more`) and map files (`maps`). search.js
//! loads the map file of a term the page file's text does not have, then that piece.

use super::super::SearchDoc;
use super::super::encode::{push_json_chars, push_json_str, term_hash};
use super::terms::{Scratch, for_each_text_part, key_name, tokenize_page};
use super::{MAX_TEXT_BYTES, file_with};
use crate::outputs::search::SearchFile;
use crate::outputs::search::tokenize::WordStemmer;

/// Terms a map file holds, about (so about 8 KB).
const TERMS_PER_MAP: usize = 800;

/// What the page file says of a long page's deep text: pieces after the first, and
/// map files.
#[derive(Clone, Copy, Default)]
pub(super) struct Deep {
    pub(super) more: usize,
    pub(super) maps: usize,
}

/// The page's text (summary, body, facts) cut in pieces of at most `MAX_TEXT_BYTES`
/// on character boundaries; the first is what the page file holds.
pub(super) fn pieces(doc: &SearchDoc<'_>) -> Vec<String> {
    let mut all = String::new();
    for_each_text_part(doc, |part| all.push_str(part));
    let mut out = Vec::new();
    let mut rest = all.as_str();
    while !rest.is_empty() {
        let mut cut = rest.len().min(MAX_TEXT_BYTES);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    out
}

/// Writes the deep text of page `page` when it has any; returns what its page file
/// says of it.
pub(super) fn write(
    page: usize,
    doc: &SearchDoc<'_>,
    emit: &(dyn Fn(SearchFile) -> usize + Sync),
) -> Deep {
    let pieces = pieces(doc);
    if pieces.len() < 2 {
        return Deep::default();
    }
    let stemmer = WordStemmer::new();
    let mut scratch = Scratch::default();
    let mut seen: std::collections::HashSet<String> = Default::default();
    let mut firsts: Vec<(String, usize)> = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let one = SearchDoc {
            title: "",
            headings: &[],
            tags: &[],
            summary: None,
            facts: &[],
            body: piece,
            ..*doc
        };
        let terms = tokenize_page(&one, &mut scratch);
        let words = terms.words.iter().filter_map(|w| {
            stemmer
                .term(&terms.text[w.start as usize..w.end as usize])
                .map(|t| t.into_owned())
        });
        let cjk = terms.cjk.iter().map(|&(key, _)| key_name(key));
        for term in words.chain(cjk) {
            if seen.insert(term.clone()) && k > 0 {
                firsts.push((term, k));
            }
        }
    }
    for (k, piece) in pieces.iter().enumerate().skip(1) {
        emit(file_with(
            &format!("x/{page}-{k}"),
            piece.len() + 8,
            |out| {
                out.push('"');
                push_json_chars(out, piece);
                out.push('"');
            },
        ));
    }
    let maps = firsts
        .len()
        .div_ceil(TERMS_PER_MAP)
        .max(1)
        .next_power_of_two();
    let mut by_map: Vec<Vec<&(String, usize)>> = vec![Vec::new(); maps];
    for entry in &firsts {
        by_map[term_hash(&entry.0) as usize & (maps - 1)].push(entry);
    }
    for (h, entries) in by_map.iter().enumerate() {
        emit(file_with(
            &format!("x/{page}/{h}"),
            entries.len() * 10,
            |out| {
                out.push('{');
                for (i, (term, k)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_str(out, term);
                    out.push_str(&format!(":{k}"));
                }
                out.push('}');
            },
        ));
    }
    Deep {
        more: pieces.len() - 1,
        maps,
    }
}
