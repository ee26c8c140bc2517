//! `Site::assemble`: the parsed content files given their places — each page
//! its URL, bundle files, translations and section; every folder a section in
//! every language; tags collected — in that order.

use crate::messages::validate as say;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use super::{Column, Page, Section, Site, interpretations, tags, url_of};
use crate::config::Config;
use crate::content::Parsed;
use crate::content::markdown::Rendered;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Asset, Source};
use crate::paths::check_slug;

/// Bundle folder (relative to `content/`) → the files in it.
type Bundles = HashMap<String, Vec<Asset>>;

impl Site {
    /// The site of the `parsed` content files (drafts left out unless
    /// `drafts`), with the other files of `content/` (`assets`) and of
    /// `static/`. Slugs and aliases that would leave the output folder and
    /// tags that would share one are reported.
    pub(crate) fn assemble(
        config: Config,
        today: Date,
        parsed: Vec<Parsed>,
        assets: Vec<Asset>,
        static_files: Vec<Asset>,
        drafts: bool,
        diagnostics: &Diagnostics,
    ) -> Site {
        // The sections taken out, the pages left where they are: no second
        // vector of every page's front matter (19 MB at 20,000 pages).
        let mut page_files = parsed;
        let section_files: Vec<Parsed> =
            page_files.extract_if(.., |p| p.source.is_section).collect();
        let (bundles, assets) = bundles_and_assets(&page_files, assets);
        let mut pages = place_pages(&config, page_files, &bundles, drafts, diagnostics);
        let translations = translations(&pages);
        let interpreted_by = interpretations::link(&config, &mut pages, &translations);
        let (sections, section_index) = sections(&config, &pages, section_files);
        let tags = tags::collect_tags(&pages, diagnostics);
        let site = Site {
            config,
            today,
            pages,
            sections,
            assets,
            static_files,
            translations,
            section_index,
            tags,
            interpreted_by,
            left_out: HashSet::new(),
        };
        site.check_aliases(diagnostics);
        site
    }
}

/// Bundle files go with the bundle's pages; the rest are plain assets.
fn bundles_and_assets(pages: &[Parsed], assets: Vec<Asset>) -> (Bundles, Vec<Asset>) {
    let bundle_dirs: HashSet<String> = pages
        .iter()
        .filter_map(|p| p.source.bundle_dir.clone())
        .collect();
    let mut bundles = Bundles::new();
    let mut plain = Vec::new();
    for asset in assets {
        match bundle_of(&asset.rel, &bundle_dirs) {
            Some(dir) => bundles.entry(dir).or_default().push(asset),
            None => plain.push(asset),
        }
    }
    (bundles, plain)
}

/// Every page that is published, with its URL and bundle files, in listing order.
fn place_pages(
    config: &Config,
    files: Vec<Parsed>,
    bundles: &Bundles,
    drafts: bool,
    diagnostics: &Diagnostics,
) -> Vec<Page> {
    // Room for every page at once: grown by doubling, the vector of pages
    // (1.2 KB each) took 41 MB at 20,000 pages beside the front matter.
    let mut pages: Vec<Page> = Vec::with_capacity(files.len());
    pages.extend(
        files
            .into_iter()
            .filter(|parsed| drafts || !parsed.meta.draft)
            .filter_map(|parsed| place_page(config, parsed, bundles, diagnostics)),
    );
    // In place: `listing_order` is a total order (each page's file is its
    // own), so no two pages are equal and the order is a stable sort's.
    pages.sort_unstable_by(Page::listing_order);
    // The model is kept to the end of a build: no room for pages that were left out.
    pages.shrink_to_fit();
    pages
}

/// A page in its folder: `<language>/<parent folders>/<slug>/`; None when its
/// slug is refused.
fn place_page(
    config: &Config,
    Parsed { source, meta }: Parsed,
    bundles: &Bundles,
    diagnostics: &Diagnostics,
) -> Option<Page> {
    let (parent, default_slug) = match source.key.rsplit_once('/') {
        Some((parent, slug)) => (parent.to_string(), slug.to_string()),
        None => (String::new(), source.key.clone()),
    };
    let slug = match &meta.slug {
        Some(slug) => checked_slug(&source, &slug.value, slug.line, diagnostics)?,
        None => url_name(&default_slug),
    };
    let prefix = config.lang_prefix(&source.lang);
    let path = join_path(&[prefix.trim_start_matches('/'), &parent, &slug]);
    let bundle_files = source
        .bundle_dir
        .as_ref()
        .and_then(|d| bundles.get(d))
        .cloned()
        .unwrap_or_default();
    Some(Page {
        url: url_of(config.base_path(), &path),
        lang: source.lang.clone(),
        section: source.key.split_once('/').map(|(top, _)| top.to_string()),
        parent,
        path,
        bundle_files,
        rendered: Rendered::default(),
        interprets: None,
        source,
        meta,
    })
}

/// A page's file (or bundle folder) name as its URL segment: each run of
/// spaces, half- or full-width, one `-` (`春季 活动.md` → `春季-活动/`), as Hugo
/// and Zola make it; a URL with a space is written `%20` and breaks where it
/// is pasted as text. Everything else stays as the officer named it.
fn url_name(name: &str) -> String {
    name.split([' ', '\u{3000}'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The `slug:` of a page if it is one safe URL segment; else an error at its line.
fn checked_slug(
    source: &Source,
    slug: &str,
    line: Option<usize>,
    diagnostics: &Diagnostics,
) -> Option<String> {
    match check_slug(slug) {
        Ok(()) => Some(slug.to_string()),
        Err(why) => {
            diagnostics.push(
                Diagnostic::error(say::bad_slug(slug, &why))
                    .in_file(&source.path)
                    .at_line(line)
                    .with_hint(say::bad_slug_hint()),
            );
            None
        }
    }
}

/// Translation key → (language → page index).
fn translations(pages: &[Page]) -> HashMap<String, BTreeMap<String, usize>> {
    let mut translations: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        translations
            .entry(page.source.key.clone())
            .or_default()
            .insert(page.lang.clone(), index);
    }
    translations
}

/// The sections of every language, each listing its pages, and where each is
/// in the list by (language, key).
fn sections(
    config: &Config,
    pages: &[Page],
    files: Vec<Parsed>,
) -> (Vec<Section>, HashMap<(String, String), usize>) {
    let keys = section_keys(pages, &files);
    let mut files: HashMap<(String, String), Parsed> = files
        .into_iter()
        .map(|parsed| {
            let at = (parsed.source.lang.clone(), parsed.source.key.clone());
            (at, parsed)
        })
        .collect();
    let mut sections = Vec::new();
    let mut index = HashMap::new();
    for lang in config.languages.keys() {
        for key in &keys {
            let file = files.remove(&(lang.clone(), key.clone()));
            index.insert((lang.clone(), key.clone()), sections.len());
            sections.push(section(config, lang, key, file));
        }
    }
    for (page_index, page) in pages.iter().enumerate() {
        if let Some(&section) = index.get(&(page.lang.clone(), page.parent.clone())) {
            sections[section].pages.push(page_index);
        }
    }
    (sections, index)
}

/// Every folder that holds a page or an `_index.md` (and every folder above
/// one) is a section, in every language; the home page is the section ``.
fn section_keys(pages: &[Page], files: &[Parsed]) -> BTreeSet<String> {
    let mut keys = BTreeSet::from([String::new()]);
    for page in pages {
        let mut key = page.parent.as_str();
        loop {
            keys.insert(key.to_string());
            match key.rsplit_once('/') {
                Some((up, _)) => key = up,
                None if !key.is_empty() => key = "",
                None => break,
            }
        }
    }
    keys.extend(files.iter().map(|parsed| parsed.source.key.clone()));
    keys
}

/// The section `key` in `lang`: titled by its `_index` file when it has one,
/// else by the site's title (the home page) or its folder's name.
fn section(config: &Config, lang: &str, key: &str, file: Option<Parsed>) -> Section {
    let prefix = config.lang_prefix(lang);
    let path = join_path(&[prefix.trim_start_matches('/'), key]);
    let (title, weight, source, update_every, column) = match file {
        Some(Parsed { source, meta }) => {
            let column = Column {
                column_type: meta.column_type,
                description: meta.description.or(meta.summary),
                keywords: meta.tags,
            };
            (
                meta.title,
                meta.weight,
                Some(source),
                meta.update_every,
                column,
            )
        }
        None if key.is_empty() => (
            config.title_in(lang).to_string(),
            0,
            None,
            None,
            Column::default(),
        ),
        None => (
            key.rsplit('/').next().unwrap_or(key).to_string(),
            0,
            None,
            None,
            Column::default(),
        ),
    };
    Section {
        key: key.to_string(),
        lang: lang.to_string(),
        title,
        weight,
        source,
        column,
        rendered: Rendered::default(),
        url: url_of(config.base_path(), &path),
        path,
        pages: Vec::new(),
        update_every,
    }
}

/// The bundle folder an asset lives in, if any (the deepest one).
fn bundle_of(rel: &str, bundle_dirs: &HashSet<String>) -> Option<String> {
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
