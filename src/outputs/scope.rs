//! What one render covers: the whole site (`build`, `check`, a full rebuild in
//! `serve`), or only the outputs that show a few edited pages (`serve`'s
//! incremental rebuild, in two parts: the pages and the short lists first, the
//! tag pages, which can list thousands of pages, after). Every output loop asks
//! the scope before rendering, so both cases run the same code.

use std::collections::HashSet;

use crate::model::Site;

#[derive(Debug)]
pub(crate) enum Scope {
    All,
    Edited(Edited),
}

/// Pages whose content changed but whose place in the site did not (same URL,
/// same position in every list, same tags): see `serve`.
#[derive(Debug, Clone)]
pub(crate) struct Edited {
    part: Part,
    /// The edited pages (indices into `Site::pages`).
    edited: HashSet<usize>,
    /// The edited pages and their translations (whose switchers point at them).
    pages: HashSet<usize>,
    /// Languages of the edited pages: their home, feed and lists may show them.
    langs: HashSet<String>,
    /// The sitemap's `lastmod` of an edited page changed.
    sitemap: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The edited pages, their translations, the section list pages, home
    /// pages and feeds that show them, and the sitemap.
    Pages,
    /// The tag pages that list them.
    Tags,
}

impl Scope {
    /// The first part of an incremental rebuild; `tags()` gives the second.
    pub(crate) fn edited(site: &Site, edited: &[usize], sitemap: bool) -> Scope {
        let mut pages = HashSet::new();
        let mut langs = HashSet::new();
        for &index in edited {
            let page = &site.pages[index];
            langs.insert(page.lang.clone());
            pages.extend(site.translations_of(page).values().copied());
            pages.insert(index);
        }
        Scope::Edited(Edited {
            part: Part::Pages,
            edited: edited.iter().copied().collect(),
            pages,
            langs,
            sitemap,
        })
    }

    /// The tag pages of the same edited pages.
    pub(crate) fn tags(&self) -> Scope {
        match self {
            Scope::All => Scope::All,
            Scope::Edited(e) => Scope::Edited(Edited {
                part: Part::Tags,
                ..e.clone()
            }),
        }
    }

    /// Outputs that no page's content changes: static files, assets, search and
    /// 404 pages, the list of all tags.
    pub(crate) fn everything(&self) -> bool {
        matches!(self, Scope::All)
    }

    /// A page's own outputs: its HTML, poster, calendar, bundle files, aliases.
    pub(crate) fn page(&self, index: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Edited(e) => e.part == Part::Pages && e.pages.contains(&index),
        }
    }

    /// The home page, feed and section lists of a language.
    pub(crate) fn lists(&self, lang: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Edited(e) => e.part == Part::Pages && e.langs.contains(lang),
        }
    }

    /// The tag pages of a language.
    pub(crate) fn tag_lists(&self, lang: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Edited(e) => e.part == Part::Tags && e.langs.contains(lang),
        }
    }

    /// Whether a list (one page of a section, a tag's page) shows an edited page.
    pub(crate) fn shows_any(&self, indices: &[usize]) -> bool {
        match self {
            Scope::All => true,
            Scope::Edited(e) => indices.iter().any(|i| e.edited.contains(i)),
        }
    }

    /// The pages (by index into `Site::pages`) whose Markdown, as HTML or as
    /// text, an output of this scope (of both its parts) shows: the pages it
    /// makes and the entries of the feeds it makes (each carries its HTML).
    /// The other outputs read only what the build cache keeps of a page's
    /// Markdown: its word count, headings and links
    /// (`content::markdown::Rendered`). The search index reads only the text
    /// of the edited pages when it is updated in place; when it is made in
    /// full, it renders the text of the pages the model lacks
    /// (`search::SearchStates::with_markdown`).
    pub(crate) fn needs_markdown(&self, site: &Site) -> Vec<bool> {
        let Scope::Edited(e) = self else {
            return vec![true; site.pages.len()];
        };
        let mut needs = vec![false; site.pages.len()];
        for &index in &e.pages {
            needs[index] = true;
        }
        for lang in &e.langs {
            for (index, _) in super::feeds::entries(site, lang) {
                needs[index] = true;
            }
        }
        needs
    }

    /// The edited pages (indices into `Site::pages`), when only they changed.
    pub(crate) fn edited_pages(&self) -> Option<&HashSet<usize>> {
        match self {
            Scope::All => None,
            Scope::Edited(e) => Some(&e.edited),
        }
    }

    pub(crate) fn sitemap(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Edited(e) => e.part == Part::Pages && e.sitemap,
        }
    }
}
