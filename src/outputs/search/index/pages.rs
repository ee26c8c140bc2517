//! The page side of the index: each page as its result shows it (page files,
//! packed by neighbours), and the filter values with their pages.

use super::super::SearchDoc;
use super::super::encode::{push_json_chars, push_json_str, push_varint};
use super::deep::Deep;
use super::terms::for_each_text_part;
use super::{MAX_TEXT_BYTES, PAGE_FILE_BYTES};

/// One filter value and the pages that have it.
pub(super) struct Facet {
    pub(super) field: &'static str,
    pub(super) value: String,
    pub(super) docs: Vec<u32>,
}

pub(super) fn facets(docs: &[&SearchDoc<'_>]) -> Vec<Facet> {
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
pub(super) fn encode_runs(docs: &[u32]) -> String {
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
pub(super) fn pack_pages(pages: &[String]) -> Vec<std::ops::Range<usize>> {
    pack_lengths(pages.iter().map(String::len))
}

/// [`pack_pages`] of pages of these lengths.
pub(super) fn pack_lengths(
    lengths: impl ExactSizeIterator<Item = usize>,
) -> Vec<std::ops::Range<usize>> {
    let count = lengths.len();
    let mut files = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, len) in lengths.enumerate() {
        if i > start && bytes + 1 + len > PAGE_FILE_BYTES {
            files.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += len + 1;
    }
    if start < count {
        files.push(start..count);
    }
    files
}

/// A page in its page file: what a result shows, and its text for the excerpt (the
/// first `MAX_TEXT_BYTES`, cut on a character boundary); for a longer page, how many
/// more pieces of text and term maps it has (`deep.rs`).
pub(super) fn doc_json(d: &SearchDoc<'_>, deep: Deep) -> String {
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
    out.push('"');
    if deep.more > 0 {
        out.push_str(&format!(",\"more\":{},\"maps\":{}", deep.more, deep.maps));
    }
    out.push('}');
    out
}
