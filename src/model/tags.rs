//! Tags: one per spelling that shares a folder (`Health`, `health`), and an
//! error for two that differ otherwise but would share one.

use crate::messages::validate as say;
use std::collections::BTreeMap;

use super::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Tags per language → tag → page indices (in the order of `pages`). Spellings
/// that differ only in case or spacing (`Health`, `health`) are one tag, named
/// as most of its pages write it, as Hugo lowercases them into one. Two tags
/// that differ otherwise but share a folder (`health care`, `health-care`) are
/// an error naming a page of each; the first by name keeps the folder.
pub(super) fn collect_tags(
    pages: &[Page],
    diagnostics: &Diagnostics,
) -> BTreeMap<String, BTreeMap<String, Vec<usize>>> {
    #[derive(Default)]
    struct Term<'p> {
        /// Spelling → how many pages use it.
        spellings: BTreeMap<&'p str, usize>,
        pages: Vec<usize>,
        /// The first page with the tag, and the tag's line there.
        first: Option<(&'p Page, &'p str, Option<usize>)>,
    }
    // (language, folder) → the tag folded to one spelling → its pages.
    let mut folders: BTreeMap<(&str, String), BTreeMap<String, Term>> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        for (tag, line) in page.meta.tags.iter().zip(&page.meta.tag_lines) {
            let folded = tag
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let term = folders
                .entry((page.lang.as_str(), tag_segment(tag)))
                .or_default()
                .entry(folded)
                .or_default();
            *term.spellings.entry(tag.as_str()).or_default() += 1;
            if term.pages.last() != Some(&index) {
                term.pages.push(index);
            }
            term.first.get_or_insert((page, tag.as_str(), *line));
        }
    }
    let mut tags: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    for ((lang, segment), terms) in folders {
        let mut terms = terms.into_values();
        let Some(kept) = terms.next() else { continue };
        for other in terms {
            let (Some((page, tag, line)), Some((kept_page, kept_tag, kept_line))) =
                (other.first, kept.first)
            else {
                continue;
            };
            let kept_at = match kept_line {
                Some(l) => format!("{}:{l}", kept_page.source.path.display()),
                None => kept_page.source.path.display().to_string(),
            };
            diagnostics.push(
                Diagnostic::error(say::tags_collide(
                    tag,
                    kept_tag,
                    &kept_at.to_string(),
                    &segment.to_string(),
                ))
                .in_file(&page.source.path)
                .at_line(line)
                .with_hint(say::tags_collide_hint(kept_tag)),
            );
        }
        // Ties go to the first spelling in sort order (capitals first).
        let name = kept
            .spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(segment.clone(), |(spelling, _)| spelling.to_string());
        tags.entry(lang.to_string())
            .or_default()
            .insert(name, kept.pages);
    }
    tags
}

/// A tag as one URL segment (its folder under `tags/`): lowercased, spaces to
/// `-`, unsafe characters dropped.
pub(crate) fn tag_segment(tag: &str) -> String {
    let mut segment = String::new();
    for c in tag.trim().chars() {
        if c.is_whitespace() || c == '/' || c == '\\' {
            if !segment.ends_with('-') {
                segment.push('-');
            }
        } else if !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%' | '.')
            && !c.is_control()
        {
            segment.extend(c.to_lowercase());
        }
    }
    let segment = segment.trim_matches('-').to_string();
    if segment.is_empty() {
        "tag".to_string()
    } else {
        segment
    }
}
