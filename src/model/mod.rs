//! The model: the site in memory — pages by language, translations, sections,
//! tags and every URL — assembled from the parsed content files (`assemble`),
//! with the checks that need the whole site (`validate`, aliases, tags that
//! would share a folder) and every page's Markdown rendered with its links
//! resolved against it (`markdown`). Pure: it reads no file. (Two outputs at
//! one path are found as they are written: `outputs::Claimed`.)

mod assemble;
pub(crate) mod disclosure;
mod interpretations;
pub(crate) mod markdown;
mod tags;
pub(crate) mod validate;

pub(crate) use tags::tag_segment;

use crate::messages::validate as say;
use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use crate::config::Config;
use crate::content::front_matter::{FrontMatter, Kind, KindMeta, Located};
use crate::content::markdown::Rendered;
use crate::dates::Every;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Asset, Source};
use crate::paths::alias_path;

#[derive(Debug)]
pub(crate) struct Page {
    pub source: Source,
    pub meta: FrontMatter,
    pub lang: String,
    /// Top-level section folder (`notices`), None for pages at the root.
    pub section: Option<String>,
    /// Key of the section the page is listed in (its folder: `notices`, `` for root).
    pub parent: String,
    /// Output folder relative to the output root (`en/notices/x`).
    pub path: String,
    /// Root-relative URL (`/en/notices/x/`, with the base_url path prepended).
    pub url: String,
    /// Files of the page bundle (attachments, images), copied beside the page.
    pub bundle_files: Vec<Asset>,
    pub rendered: Rendered,
    /// Translation key of the policy the page interprets (its `interprets:`,
    /// resolved), None when it names none or one that is not a page.
    pub interprets: Option<String>,
}

impl Page {
    pub(crate) fn kind(&self) -> Kind {
        self.meta.kind.kind()
    }

    pub(crate) fn date(&self) -> Option<Date> {
        self.meta.date.as_ref().map(|d| d.value)
    }

    /// A notice whose `valid_until` has passed.
    pub(crate) fn is_expired(&self, today: Date) -> bool {
        match &self.meta.kind {
            KindMeta::Notice(notice) => {
                notice.valid_until.as_ref().is_some_and(|v| v.value < today)
            }
            _ => false,
        }
    }

    /// Newest first, then by weight and title: the order of every list.
    pub(crate) fn listing_order(&self, other: &Page) -> std::cmp::Ordering {
        (
            other.date(),
            other.meta.weight.checked_neg(),
            &self.meta.title,
            &self.source.rel,
        )
            .cmp(&(
                self.date(),
                self.meta.weight.checked_neg(),
                &other.meta.title,
                &other.source.rel,
            ))
    }

    pub(crate) fn is_urgent(&self, today: Date) -> bool {
        matches!(&self.meta.kind, KindMeta::Notice(n) if n.urgent) && !self.is_expired(today)
    }

    /// Output file of the page's poster, next to the page (`notices/x/poster/index.html`).
    pub(crate) fn poster_file(&self) -> String {
        format!("{}/poster/index.html", self.path)
    }

    /// Root-relative URL of the page's poster (`/notices/x/poster/`).
    pub(crate) fn poster_url(&self) -> String {
        format!("{}poster/", self.url)
    }

    /// Output file of a training's calendar, beside the page (`trainings/x/schedule.ics`).
    pub(crate) fn calendar_file(&self) -> String {
        format!("{}/schedule.ics", self.path)
    }

    /// Root-relative URL of a training's calendar.
    pub(crate) fn calendar_url(&self) -> String {
        format!("{}schedule.ics", self.url)
    }

    /// The line of the page's tag that is `tag` (in any spelling that shares its folder).
    pub(crate) fn tag_line(&self, tag: &str) -> Option<usize> {
        let segment = tag_segment(tag);
        self.meta
            .tags
            .iter()
            .zip(&self.meta.tag_lines)
            .find(|(name, _)| tag_segment(name) == segment)
            .and_then(|(_, line)| *line)
    }
}

#[derive(Debug)]
pub(crate) struct Section {
    /// Folder relative to `content/` (`notices`); `` is the home page.
    pub key: String,
    pub lang: String,
    pub title: String,
    pub weight: i64,
    pub source: Option<Source>,
    /// What its `_index.md` says of it as a column of a government site.
    pub column: Column,
    pub rendered: Rendered,
    pub path: String,
    pub url: String,
    /// Pages listed here (indices into `Site::pages`), newest first.
    pub pages: Vec<usize>,
    /// `update_every:` of its `_index` file: how often the column must be
    /// updated (`check`'s inspection).
    pub update_every: Option<Located<Every>>,
}

/// A section as a column (栏目) of a government website: its metadata.
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    /// `column_type:` as written (checked by `disclosure::check_columns`).
    pub column_type: Option<Located<String>>,
    /// `description:`, else `summary:`.
    pub description: Option<String>,
    /// The `tags:` of its `_index.md`.
    pub keywords: Vec<String>,
}

/// The site in memory: every page and section of every language, with its
/// URL, translations and tags.
#[derive(Debug)]
pub struct Site {
    /// The site's placard.yaml.
    pub config: Config,
    pub(crate) today: Date,
    pub(crate) pages: Vec<Page>,
    pub(crate) sections: Vec<Section>,
    /// Content files outside page bundles, copied as they are.
    pub(crate) assets: Vec<Asset>,
    /// Files of the site's `static/` folder, copied to the output root.
    pub(crate) static_files: Vec<Asset>,
    /// Translation key → (language → page index).
    pub(crate) translations: HashMap<String, BTreeMap<String, usize>>,
    /// (language, section key) → section index.
    pub(crate) section_index: HashMap<(String, String), usize>,
    /// Tags per language: tag → page indices, newest first. Spellings that
    /// differ only in case or spacing are one tag; each tag has a folder
    /// (`tag_segment`) of its own.
    pub(crate) tags: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Translation key of a policy → the pages that interpret it (every
    /// language, newest first).
    pub(crate) interpreted_by: HashMap<String, Vec<usize>>,
    /// Keys of the content files left out for their own errors (unreadable,
    /// broken front matter): a link to one is not reported as broken as well.
    pub(crate) left_out: HashSet<String>,
}

impl Site {
    /// An alias that would leave the output folder is an error.
    fn check_aliases(&self, diagnostics: &Diagnostics) {
        for page in &self.pages {
            for alias in &page.meta.aliases {
                if let Err(why) = alias_path(&alias.value) {
                    diagnostics.push(
                        Diagnostic::error(say::bad_alias(&alias.value, &why))
                            .in_file(&page.source.path)
                            .at_line(alias.line)
                            .with_hint(say::bad_alias_hint()),
                    );
                }
            }
        }
    }

    /// URL of the translation of `key` in `lang`, else in the default language, else any.
    pub(crate) fn url_for_key(&self, key: &str, lang: &str) -> Option<String> {
        if let Some(pages) = self.translations.get(key) {
            let index = pages
                .get(lang)
                .or_else(|| pages.get(&self.config.default_language))
                .or_else(|| pages.values().next())?;
            return Some(self.pages[*index].url.clone());
        }
        self.section(lang, key).map(|s| s.url.clone())
    }

    pub(crate) fn section(&self, lang: &str, key: &str) -> Option<&Section> {
        self.section_index
            .get(&(lang.to_string(), key.to_string()))
            .map(|&i| &self.sections[i])
    }

    pub(crate) fn home(&self, lang: &str) -> &Section {
        self.section(lang, "")
            .expect("every language has a home section")
    }

    /// Translations of a page in other languages (index by language).
    pub(crate) fn translations_of(&self, page: &Page) -> &BTreeMap<String, usize> {
        &self.translations[&page.source.key]
    }

    /// How many pages each language has, in the configured order.
    pub(crate) fn pages_per_language(&self) -> Vec<(String, usize)> {
        self.config
            .languages
            .keys()
            .map(|lang| {
                let pages = self.pages.iter().filter(|p| &p.lang == lang).count();
                (lang.clone(), pages)
            })
            .collect()
    }

    /// The pages' Markdown, taken out of the model, in the order of the pages:
    /// a build renders each page's as it writes the page, then frees it; an
    /// edited build frees what it rendered before the outputs need memory (a
    /// fifth of the model on a large site). `check` and `serve` keep it.
    pub(crate) fn take_bodies(&mut self) -> Vec<String> {
        self.pages
            .iter_mut()
            .map(|page| std::mem::take(&mut page.source.body))
            .collect()
    }

    /// Reads in, in parallel, the Markdown of the pages `which` picks (by
    /// index) whose files load left unread (`Source::read_in`: the build
    /// cache knew all but their body); each that cannot be is an error.
    pub(crate) fn read_unread(
        &mut self,
        which: impl Fn(usize) -> bool + Sync,
        diagnostics: &Diagnostics,
    ) {
        use rayon::prelude::*;
        self.pages
            .par_iter_mut()
            .enumerate()
            .filter(|(index, page)| page.source.unread.is_some() && which(*index))
            .for_each(|(_, page)| {
                if let Err(diagnostic) = page.source.read_in() {
                    diagnostics.push(diagnostic);
                }
            });
    }

    /// Root-relative URL of a language's tag list (`/tags/`, `/en/tags/`).
    pub(crate) fn tags_url(&self, lang: &str) -> String {
        format!(
            "{}{}/tags/",
            self.config.base_path(),
            self.config.lang_prefix(lang)
        )
    }

    /// Absolute URL from a root-relative one.
    pub(crate) fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config.origin(), url)
    }
}

/// Root-relative URL of an output folder.
pub(crate) fn url_of(base: &str, path: &str) -> String {
    if path.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}/{path}/")
    }
}
