//! The site model: pages by language, translations, sections, taxonomies and
//! every URL, built from parsed content. Checks what needs the whole site:
//! aliases that would leave the output folder, tags that would share a folder.
//! (Two outputs at one path are found as they are written: `write::Claimed`.)

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::front_matter::{FrontMatter, Kind, KindMeta};
use crate::content::markdown::Rendered;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Asset, Source};
use crate::paths::{alias_path, check_slug};

#[derive(Debug)]
pub struct Page {
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
}

impl Page {
    pub fn kind(&self) -> Kind {
        self.meta.kind.kind()
    }

    pub fn date(&self) -> Option<Date> {
        self.meta.date.as_ref().map(|d| d.value)
    }

    /// A notice whose `valid_until` has passed.
    pub fn is_expired(&self, today: Date) -> bool {
        match &self.meta.kind {
            KindMeta::Notice(notice) => {
                notice.valid_until.as_ref().is_some_and(|v| v.value < today)
            }
            _ => false,
        }
    }

    /// Newest first, then by weight and title: the order of every list.
    pub fn listing_order(&self, other: &Page) -> std::cmp::Ordering {
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

    pub fn is_urgent(&self, today: Date) -> bool {
        matches!(&self.meta.kind, KindMeta::Notice(n) if n.urgent) && !self.is_expired(today)
    }

    /// The line of the page's tag that is `tag` (in any spelling that shares its folder).
    pub fn tag_line(&self, tag: &str) -> Option<usize> {
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
pub struct Section {
    /// Folder relative to `content/` (`notices`); `` is the home page.
    pub key: String,
    pub lang: String,
    pub title: String,
    pub weight: i64,
    pub source: Option<Source>,
    pub rendered: Rendered,
    pub path: String,
    pub url: String,
    /// Pages listed here (indices into `Site::pages`), newest first.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    pub today: Date,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Content files outside page bundles, copied as they are.
    pub assets: Vec<Asset>,
    /// Files of the site's `static/` folder, copied to the output root.
    pub static_files: Vec<Asset>,
    /// Translation key → (language → page index).
    pub translations: HashMap<String, BTreeMap<String, usize>>,
    /// (language, section key) → section index.
    pub section_index: HashMap<(String, String), usize>,
    /// Tags per language: tag → page indices, newest first. Spellings that
    /// differ only in case or spacing are one tag; each tag has a folder
    /// (`tag_segment`) of its own.
    pub tags: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Keys of the content files left out for their own errors (unreadable,
    /// broken front matter): a link to one is not reported as broken as well.
    pub left_out: HashSet<String>,
}

/// A parsed page before it has a place in the site.
pub struct Parsed {
    pub source: Source,
    pub meta: FrontMatter,
}

impl Site {
    pub fn assemble(
        config: Config,
        root: PathBuf,
        today: Date,
        parsed: Vec<Parsed>,
        assets: Vec<Asset>,
        static_files: Vec<Asset>,
        drafts: bool,
        diagnostics: &Diagnostics,
    ) -> Site {
        let base = config.base_path().to_string();
        let (section_sources, page_sources): (Vec<Parsed>, Vec<Parsed>) =
            parsed.into_iter().partition(|p| p.source.is_section);

        // Bundle files go with the bundle's pages; the rest are plain assets.
        let mut bundles: HashMap<String, Vec<Asset>> = HashMap::new();
        let bundle_dirs: std::collections::HashSet<String> = page_sources
            .iter()
            .filter_map(|p| p.source.bundle_dir.clone())
            .collect();
        let mut plain_assets = Vec::new();
        for asset in assets {
            match bundle_of(&asset.rel, &bundle_dirs) {
                Some(dir) => bundles.entry(dir).or_default().push(asset),
                None => plain_assets.push(asset),
            }
        }

        let mut pages = Vec::new();
        for Parsed { source, meta } in page_sources {
            if meta.draft && !drafts {
                continue;
            }
            let (parent, default_slug) = match source.key.rsplit_once('/') {
                Some((parent, slug)) => (parent.to_string(), slug.to_string()),
                None => (String::new(), source.key.clone()),
            };
            let slug = match &meta.slug {
                Some(slug) => match check_slug(&slug.value) {
                    Ok(()) => slug.value.clone(),
                    Err(why) => {
                        diagnostics.push(
                            Diagnostic::error(format!("slug `{}` {why}", slug.value))
                                .in_file(&source.path)
                                .at_line(slug.line)
                                .with_hint(
                                    "a slug is one path segment: letters, digits, `-` or `_`",
                                ),
                        );
                        continue;
                    }
                },
                None => default_slug,
            };
            let lang_dir = config
                .lang_prefix(&source.lang)
                .trim_start_matches('/')
                .to_string();
            let path = join_path(&[&lang_dir, &parent, &slug]);
            let section = source.key.split_once('/').map(|(top, _)| top.to_string());
            let bundle_files = source
                .bundle_dir
                .as_ref()
                .and_then(|d| bundles.get(d))
                .cloned()
                .unwrap_or_default();
            pages.push(Page {
                url: url_of(&base, &path),
                lang: source.lang.clone(),
                section,
                parent,
                path,
                bundle_files,
                rendered: Rendered::default(),
                source,
                meta,
            });
        }
        pages.sort_by(Page::listing_order);

        let mut translations: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            translations
                .entry(page.source.key.clone())
                .or_default()
                .insert(page.lang.clone(), index);
        }

        // Every folder that holds a page or an _index.md is a section, in every language.
        let mut section_keys: std::collections::BTreeSet<String> =
            std::collections::BTreeSet::new();
        section_keys.insert(String::new());
        for page in &pages {
            let mut key = page.parent.as_str();
            loop {
                section_keys.insert(key.to_string());
                match key.rsplit_once('/') {
                    Some((up, _)) => key = up,
                    None if !key.is_empty() => key = "",
                    None => break,
                }
            }
        }
        for parsed in &section_sources {
            section_keys.insert(parsed.source.key.clone());
        }
        let mut section_files: HashMap<(String, String), Parsed> = HashMap::new();
        for parsed in section_sources {
            section_files.insert(
                (parsed.source.lang.clone(), parsed.source.key.clone()),
                parsed,
            );
        }
        let mut sections = Vec::new();
        let mut section_index = HashMap::new();
        for lang in config.languages.keys() {
            for key in &section_keys {
                let file = section_files.remove(&(lang.clone(), key.clone()));
                let fallback_title = if key.is_empty() {
                    config.title_in(lang).to_string()
                } else {
                    key.rsplit('/').next().unwrap_or(key).to_string()
                };
                let lang_dir = config.lang_prefix(lang).trim_start_matches('/').to_string();
                let path = join_path(&[&lang_dir, key]);
                let (title, weight, source) = match file {
                    Some(Parsed { source, meta }) => (meta.title, meta.weight, Some(source)),
                    None => (fallback_title, 0, None),
                };
                section_index.insert((lang.clone(), key.clone()), sections.len());
                sections.push(Section {
                    key: key.clone(),
                    lang: lang.clone(),
                    title,
                    weight,
                    source,
                    rendered: Rendered::default(),
                    url: url_of(&base, &path),
                    path,
                    pages: Vec::new(),
                });
            }
        }
        for (index, page) in pages.iter().enumerate() {
            if let Some(&section) = section_index.get(&(page.lang.clone(), page.parent.clone())) {
                sections[section].pages.push(index);
            }
        }
        let tags = collect_tags(&pages, diagnostics);

        let site = Site {
            config,
            root,
            today,
            pages,
            sections,
            assets: plain_assets,
            static_files,
            translations,
            section_index,
            tags,
            left_out: HashSet::new(),
        };
        site.check_aliases(diagnostics);
        site
    }

    /// An alias that would leave the output folder is an error.
    fn check_aliases(&self, diagnostics: &Diagnostics) {
        for page in &self.pages {
            for alias in &page.meta.aliases {
                if let Err(why) = alias_path(&alias.value) {
                    diagnostics.push(
                        Diagnostic::error(format!("alias `{}` {why}", alias.value))
                            .in_file(&page.source.path)
                            .at_line(alias.line)
                            .with_hint("an alias is a path inside the site, like /old/notice/"),
                    );
                }
            }
        }
    }

    /// URL of the translation of `key` in `lang`, else in the default language, else any.
    pub fn url_for_key(&self, key: &str, lang: &str) -> Option<String> {
        if let Some(pages) = self.translations.get(key) {
            let index = pages
                .get(lang)
                .or_else(|| pages.get(&self.config.default_language))
                .or_else(|| pages.values().next())?;
            return Some(self.pages[*index].url.clone());
        }
        self.section(lang, key).map(|s| s.url.clone())
    }

    pub fn section(&self, lang: &str, key: &str) -> Option<&Section> {
        self.section_index
            .get(&(lang.to_string(), key.to_string()))
            .map(|&i| &self.sections[i])
    }

    pub fn home(&self, lang: &str) -> &Section {
        self.section(lang, "")
            .expect("every language has a home section")
    }

    /// Translations of a page in other languages (index by language).
    pub fn translations_of(&self, page: &Page) -> &BTreeMap<String, usize> {
        &self.translations[&page.source.key]
    }

    /// Absolute URL from a root-relative one.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config.origin(), url)
    }
}

/// Tags per language → tag → page indices (in the order of `pages`). Spellings
/// that differ only in case or spacing (`Health`, `health`) are one tag, named
/// as most of its pages write it, as Hugo lowercases them into one. Two tags
/// that differ otherwise but share a folder (`health care`, `health-care`) are
/// an error naming a page of each; the first by name keeps the folder.
fn collect_tags(
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
                Diagnostic::error(format!(
                    "tags `{tag}` and `{kept_tag}` (in {kept_at}) would both have the tag page tags/{segment}/"
                ))
                .in_file(&page.source.path)
                .at_line(line)
                .with_hint(format!(
                    "a tag's folder is the tag lowercased, with spaces as `-` and `.#%:?*` left \
                     out: write `{kept_tag}` on both pages if they are one tag, or choose names \
                     that differ in more than that"
                )),
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
pub fn tag_segment(tag: &str) -> String {
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

/// The bundle folder an asset lives in, if any (the deepest one).
fn bundle_of(rel: &str, bundle_dirs: &std::collections::HashSet<String>) -> Option<String> {
    let mut dir = rel;
    while let Some((up, _)) = dir.rsplit_once('/') {
        if bundle_dirs.contains(up) {
            return Some(up.to_string());
        }
        dir = up;
    }
    None
}

fn join_path(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/")
}

/// Root-relative URL of an output folder.
pub fn url_of(base: &str, path: &str) -> String {
    if path.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}/{path}/")
    }
}
