//! What the build cache keeps of each page's Markdown (`.placard-cache/markdown.bin`):
//! all that the outputs read of a page whose HTML and text a run does not show
//! (its word count, headings, anchors and links), and the diagnostics its
//! Markdown gave. An incremental build renders only the pages an output of its
//! scope shows (`Scope::needs_markdown`), restores the others from here, and so
//! reports every page's warnings in the words a clean build does.
//!
//! An entry is used only when it was made from the same bytes of the page's
//! file and of its bundle's files (their hashes in `inputs`), and with the same
//! everything else a page's Markdown depends on (its `context`): placard and the
//! build's options (the cache's key), the site's structure (links resolve to
//! pages' URLs, or are broken), placard.yaml (images, raw HTML, languages), and
//! the ids the theme's templates take. Anything else, and the page is rendered.

use std::collections::BTreeSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::codec::{Code, Reader, coded, put_num};
use super::inputs::Inputs;
use super::{Read, SavedWarning, read_checked, write_checked};
use crate::config::CONFIG_FILE;
use crate::content::markdown::{Link, Rendered, TocEntry};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::hex;
use crate::load::CONTENT_DIR;
use crate::model::{Page, Site};

/// The file, in the cache folder.
const FILE: &str = "markdown.bin";
/// Its first line, followed by the hash of the rest (in the compact form of
/// `codec.rs`).
const FORMAT: &str = "placard markdown cache 2";

/// What the last build saved: an entry for each page of `Site::pages`, in
/// its order (the site's structure, in the context, fixes which pages and in
/// which order), None for a page it could not keep.
pub(super) struct Saved {
    context: String,
    pages: Vec<Option<Entry>>,
}

/// What a page's Markdown gave, but its HTML and text.
struct Entry {
    /// The page's path in `content/`.
    rel: String,
    /// The hash of the page's file and its bundle's files.
    source: String,
    word_count: usize,
    toc: Vec<TocEntry>,
    /// None when they are the table of contents' ids (every heading is one
    /// of levels 2 to 4, as on most pages).
    anchors: Option<Vec<String>>,
    links: Vec<Link>,
    reported: Vec<SavedWarning>,
}

coded!(Saved { context, pages });
coded!(Entry {
    rel,
    source,
    word_count,
    toc,
    anchors,
    links,
    reported,
});
coded!(TocEntry { level, id, title });
coded!(Link { url, line, image });

/// What this build's pages' Markdown gave besides `Page::rendered`, kept
/// until the build's state is saved.
pub(super) struct Made {
    context: String,
    /// Each page's source hash (None: a file was not hashed) and warnings
    /// (None: its Markdown gave an error), in the order of `Site::pages`.
    pages: Vec<(Option<String>, Option<Vec<SavedWarning>>)>,
}

/// The hash of everything but the page's own files that its Markdown depends
/// on: `key` (placard, its options, the folders, today), the site's
/// `structure`, placard.yaml, and the ids the theme takes.
pub(super) fn context(
    key: &str,
    structure: &str,
    inputs: &Inputs,
    theme_ids: &BTreeSet<String>,
) -> String {
    let mut hash = Sha256::new();
    let mut add = |part: &str| {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    };
    add(FORMAT);
    add(key);
    add(structure);
    add(inputs.get(CONFIG_FILE).map_or("", |input| &input.hash));
    for id in theme_ids {
        add(id);
    }
    hex(&hash.finalize())
}

/// The hash of the files a page's Markdown is made from: its own and its
/// bundle's (their pictures' sizes); None when one of them was not hashed.
fn source(inputs: &Inputs, page: &Page) -> Option<String> {
    let hash_of = |rel: &str| {
        inputs
            .get(&format!("{CONTENT_DIR}/{rel}"))
            .map(|input| input.hash.as_str())
    };
    let own = hash_of(&page.source.rel)?;
    if page.bundle_files.is_empty() {
        return Some(own.to_string());
    }
    let mut hash = Sha256::new();
    hash.update(own.as_bytes());
    for file in &page.bundle_files {
        hash.update(b"\n");
        hash.update(file.rel.as_bytes());
        hash.update(b" ");
        hash.update(hash_of(&file.rel)?.as_bytes());
    }
    Some(hex(&hash.finalize()))
}

/// Renders the Markdown of every section and of the pages `needs` picks and of every page the `previous` entries made in
/// `context` do not cover; the other pages get their entry's values, their
/// warnings pushed into `diagnostics` as if rendered. Returns, besides, which
/// pages were rendered (by index into `Site::pages`): the others' HTML and
/// text are not in the model.
pub(super) fn render(
    site: &mut Site,
    theme_ids: &BTreeSet<String>,
    inputs: &Inputs,
    context: String,
    previous: Option<Saved>,
    needs: &[bool],
    diagnostics: &Diagnostics,
) -> (Made, Vec<bool>) {
    let sources: Vec<Option<String>> = site.pages.iter().map(|p| source(inputs, p)).collect();
    let mut previous = previous
        .filter(|saved| saved.context == context && saved.pages.len() == site.pages.len())
        .map(|saved| saved.pages)
        .unwrap_or_default();
    // The entries that may stand for a page's rendering.
    let mut usable: Vec<Option<Entry>> = (0..site.pages.len())
        .map(|index| {
            if needs[index] {
                return None;
            }
            let entry = previous.get_mut(index)?.take()?;
            let page = &site.pages[index];
            (entry.rel == page.source.rel && sources[index].as_ref() == Some(&entry.source))
                .then_some(entry)
        })
        .collect();
    let rendered: Vec<bool> = usable.iter().map(Option::is_none).collect();
    site.read_unread(|index| rendered[index], diagnostics);
    let reported =
        crate::model::markdown::render_pages(site, theme_ids, false, diagnostics, |i| rendered[i]);
    let pages = site
        .pages
        .iter_mut()
        .zip(reported)
        .zip(sources)
        .enumerate()
        .map(|(index, ((page, own), source))| {
            let reported = match own {
                Some(own) => saved(&own),
                None => {
                    let entry = usable[index]
                        .take()
                        .expect("a page not rendered has its entry");
                    diagnostics.extend(entry.reported.iter().map(SavedWarning::to_diagnostic));
                    let anchors = entry
                        .anchors
                        .unwrap_or_else(|| entry.toc.iter().map(|t| t.id.clone()).collect());
                    page.rendered = Rendered {
                        html: String::new(),
                        plain_text: String::new(),
                        word_count: entry.word_count,
                        toc: entry.toc,
                        anchors,
                        links: entry.links,
                    };
                    Some(entry.reported)
                }
            };
            (source, reported)
        })
        .collect();
    (Made { context, pages }, rendered)
}

/// What a build that rendered every page's Markdown as it wrote it (`reported`:
/// what each page's Markdown reported, in the order of `Site::pages`) keeps
/// for saving.
pub(super) fn made(
    site: &Site,
    inputs: &Inputs,
    context: String,
    reported: Vec<Vec<Diagnostic>>,
) -> Made {
    let pages = site
        .pages
        .iter()
        .zip(reported)
        .map(|(page, own)| (source(inputs, page), saved(&own)))
        .collect();
    Made { context, pages }
}

/// What a page's Markdown reported (`own`), as its entry keeps it: its
/// warnings, or None after an error (such a page is rendered again).
fn saved(own: &[Diagnostic]) -> Option<Vec<SavedWarning>> {
    (!own.iter().any(Diagnostic::is_error)).then(|| own.iter().map(SavedWarning::of).collect())
}

/// The entries the last build saved in the cache folder `dir`, if any can be
/// trusted (a damaged file is left for the next build to replace).
pub(super) fn read(dir: &Path) -> Option<Saved> {
    match read_checked(dir, FILE, FORMAT) {
        Read::State(body) => {
            let mut r = Reader(&body);
            Saved::take(&mut r).filter(|_| r.is_empty())
        }
        Read::Missing | Read::Damaged(_) => None,
    }
}

/// Saves in the cache folder `dir` what `made` and the pages of `site` say
/// of each page's Markdown.
pub(super) fn write(dir: &Path, site: &Site, made: &Made) -> std::io::Result<()> {
    // As `Saved` reads it back, written from the site's pages without a copy.
    let mut out = Vec::with_capacity(1 << 20);
    made.context.put(&mut out);
    put_num(&mut out, site.pages.len() as u64);
    for (page, (source, reported)) in site.pages.iter().zip(&made.pages) {
        let (Some(source), Some(reported)) = (source, reported) else {
            None::<Entry>.put(&mut out);
            continue;
        };
        let rendered = &page.rendered;
        let toc_ids = rendered.toc.iter().map(|t| &t.id);
        out.push(1);
        page.source.rel.put(&mut out);
        source.put(&mut out);
        rendered.word_count.put(&mut out);
        rendered.toc.put(&mut out);
        if rendered.anchors.iter().eq(toc_ids) {
            out.push(0);
        } else {
            out.push(1);
            rendered.anchors.put(&mut out);
        }
        rendered.links.put(&mut out);
        put_num(&mut out, reported.len() as u64);
        for warning in reported {
            warning.put(&mut out);
        }
    }
    write_checked(dir, FILE, FORMAT, &out)
}
