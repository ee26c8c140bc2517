//! The site's structure: which pages there are, in which order, at which URL,
//! in which lists, tags and translations. Two builds whose structure is the
//! same differ only in what some pages say; the outputs that show those pages
//! (`outputs::Scope::edited`) are then all that can differ.

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::content::front_matter::FrontMatter;
use crate::model::Site;

/// A hash of everything that places the site's pages: each page's file, URL,
/// folder, section, slug, aliases, tags, draft, poster, kind and whether it
/// expired, in the order of `Site::pages`; each section's list (which orders
/// its pages); every tag's pages; the translations; the files left out.
pub(super) fn structure(site: &Site) -> String {
    let mut hash = Sha256::new();
    let mut add = |part: String| {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    };
    add(format!("today {}", site.today));
    // Each page's part made in parallel (most of the time), added in order.
    let pages: Vec<String> = site
        .pages
        .par_iter()
        .map(|page| {
            let meta: &FrontMatter = &page.meta;
            let aliases: Vec<&String> = meta.aliases.iter().map(|a| &a.value).collect();
            format!(
                "page {:?} {:?}",
                (
                    &page.source.rel,
                    &page.lang,
                    &page.section,
                    &page.parent,
                    &page.path,
                    &page.url,
                ),
                (
                    meta.slug.as_ref().map(|s| &s.value),
                    aliases,
                    &meta.tags,
                    meta.draft,
                    meta.poster.is_some(),
                    meta.kind.kind().name(),
                    page.is_expired(site.today),
                )
            )
        })
        .collect();
    pages.into_iter().for_each(&mut add);
    for section in &site.sections {
        add(format!(
            "section {:?}",
            (
                &section.key,
                &section.lang,
                &section.path,
                &section.url,
                &section.pages
            )
        ));
    }
    add(format!("tags {:?}", site.tags));
    let mut translations: Vec<_> = site.translations.iter().collect();
    translations.sort();
    add(format!("translations {translations:?}"));
    let mut left_out: Vec<_> = site.left_out.iter().collect();
    left_out.sort();
    add(format!("left out {left_out:?}"));
    crate::hashing::hex(&hash.finalize())
}
