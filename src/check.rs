//! What `check` adds to the validations of `build`: links between pages and to
//! files, with their `#anchors`; pages missing a translation; urgent notices
//! past their date; files in page bundles that nothing uses.

use crate::messages::{Text, check as say};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::front_matter::KindMeta;
use crate::content::markdown::{Link, Rendered};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Asset;
use crate::load::{self, Source};
use crate::messages::publishing;
use crate::model::{Page, Site};
use crate::outputs::{Origin, Picture, Sink};
use crate::paths::safe_relative;
use crate::urls::{self, Target, join_content_path};

/// A sink that keeps the path of every output (to check links against) and
/// nothing else, but still refuses paths that would leave the output folder.
#[derive(Default)]
pub(crate) struct Outputs {
    paths: Mutex<HashSet<String>>,
}

impl Outputs {
    fn record(&self, path: &str) -> Result<(), Diagnostic> {
        safe_relative(path)?;
        self.paths
            .lock()
            .expect("outputs lock")
            .insert(path.to_string());
        Ok(())
    }
}

impl Sink for Outputs {
    fn put(&self, path: &str, _: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
        self.record(path)
    }

    fn copy(&self, path: &str, _: &Asset, _: Origin) -> Result<(), Diagnostic> {
        self.record(path)
    }

    /// The paths its copies would have; none is made.
    fn image(&self, picture: &Picture<'_>, _: Origin) -> Result<(), Diagnostic> {
        picture
            .paths()
            .iter()
            .try_for_each(|path| self.record(path))
    }

    /// None: `check` makes no copies (a poster is checked without its photo).
    fn widest_copy(
        &self,
        _: &Picture<'_>,
        _: &Origin,
    ) -> Result<Option<crate::images::Variant>, Diagnostic> {
        Ok(None)
    }
}

/// A file in a page bundle, as (bundle folder, name inside it).
type BundleFile = (String, String);

/// A Markdown file with what its links are resolved against.
struct Document<'a> {
    source: &'a Source,
    rendered: &'a Rendered,
    /// Root-relative URL of the page, without the base path (`/en/notices/x/`).
    url: String,
}

/// Every link and image in every page and section: the `.md` file or the output
/// it points at must exist, and so must its `#anchor`. Also reports the files
/// of page bundles that no link and no attachment uses.
pub(crate) fn links(site: &Site, outputs: &Outputs, diagnostics: &Diagnostics) {
    let outputs = outputs.paths.lock().expect("outputs lock");
    // Where each picture of a bundle would be (`notices/x/photo.jpg`): an
    // image there is shown by its copies, or its problem is reported already.
    let pictures: HashSet<String> = site
        .pages
        .iter()
        .flat_map(|page| {
            bundle_names(page)
                .zip(&page.bundle_files)
                .filter(|(_, file)| file.image.is_some())
                .map(|((name, _), _)| format!("{}/{name}", page.path))
        })
        .collect();
    let base = site.config.base_path();
    let local = |url: &str| url.strip_prefix(base).unwrap_or(url).to_string();
    let mut documents: Vec<Document> = site
        .pages
        .iter()
        .map(|p| Document {
            source: &p.source,
            rendered: &p.rendered,
            url: local(&p.url),
        })
        .collect();
    documents.extend(site.sections.iter().filter_map(|s| {
        Some(Document {
            source: s.source.as_ref()?,
            rendered: &s.rendered,
            url: local(&s.url),
        })
    }));
    // Output file → the headings' anchors of the page written there.
    let anchors: HashMap<String, &Rendered> = documents
        .iter()
        .map(|d| (index_file(d.url.trim_start_matches('/')), d.rendered))
        .collect();
    let bundle_files: HashMap<String, BundleFile> = site
        .pages
        .iter()
        .flat_map(|page| {
            bundle_names(page).map(move |(name, _)| {
                let dir = page.source.bundle_dir.clone().unwrap_or_default();
                (format!("{}/{name}", page.path), (dir, name))
            })
        })
        .collect();

    let used: Vec<BundleFile> = documents
        .par_iter()
        .flat_map_iter(|document| {
            let mut used = Vec::new();
            for link in &document.rendered.links {
                let found = check_link(site, document, link, &outputs, &anchors, &pictures);
                match found {
                    Ok(Some(file)) => used.extend(bundle_files.get(&file).cloned()),
                    Ok(None) => {}
                    Err(diagnostic) => diagnostics.push(
                        diagnostic
                            .in_file(&document.source.path)
                            .at_line(Some(link.line)),
                    ),
                }
            }
            used
        })
        .collect();
    let mut used: HashSet<BundleFile> = used.into_iter().collect();
    for page in &site.pages {
        if let KindMeta::Notice(notice) = &page.meta.kind {
            let dir = page.source.bundle_dir.clone().unwrap_or_default();
            for attachment in &notice.attachments {
                used.insert((dir.clone(), attachment.value.file.clone()));
            }
        }
    }
    unused_bundle_files(site, &used, diagnostics);
}

/// Ok(Some(output file)) for a link to an output of the site, Ok(None) for one
/// not checked here (another site, mail, a broken `.md` link reported already).
fn check_link(
    site: &Site,
    document: &Document,
    link: &Link,
    outputs: &HashSet<String>,
    anchors: &HashMap<String, &Rendered>,
    pictures: &HashSet<String>,
) -> Result<Option<String>, Diagnostic> {
    let url = urls::browser_form(&link.url);
    let url = url.as_ref();
    let Target::Here { path, fragment, .. } = urls::target(url) else {
        return Ok(None);
    };
    if url.is_empty() {
        return Ok(None);
    }
    if path.is_empty() {
        if let Some(fragment) = fragment {
            check_anchor(document.rendered, fragment, url, &say::this_page())?;
        }
        return Ok(None);
    }
    if path.ends_with(".md") && !path.starts_with('/') {
        return check_md_link(site, document, path, fragment, url);
    }
    let base = site.config.base_path();
    let (dir, path) = match path.strip_prefix('/') {
        Some(rooted) => (
            "",
            rooted
                .strip_prefix(base.trim_start_matches('/'))
                .unwrap_or(rooted),
        ),
        None => (document.url.trim_start_matches('/'), path),
    };
    let Some(target) = join_content_path(dir, path) else {
        return Err(
            Diagnostic::error(say::link_leaves_site(url)).with_hint(say::link_leaves_site_hint())
        );
    };
    // An image shown by its copies (the `<img>` names them, not the source).
    if link.image && pictures.contains(&target) {
        return Ok(Some(target));
    }
    let candidates = if path.ends_with('/') || target.is_empty() {
        vec![index_file(&target)]
    } else {
        vec![target.clone(), index_file(&target)]
    };
    let Some(file) = candidates.into_iter().find(|c| outputs.contains(c)) else {
        if pictures.contains(&target) {
            return Err(original_not_published(url));
        }
        let bundle = document.source.bundle_dir.as_deref();
        let hint = if let Some(bundle) = bundle.filter(|_| !path.contains('/')) {
            say::not_in_bundle_hint(path, bundle)
        } else if url.starts_with('/') {
            say::no_such_url_hint()
        } else {
            say::relative_link_hint(&document.url)
        };
        return Err(Diagnostic::error(say::link_target_missing(url)).with_hint(hint));
    };
    if let (Some(fragment), Some(rendered)) = (fragment, anchors.get(&file)) {
        check_anchor(rendered, fragment, url, &Text::verbatim(format!("/{file}")))?;
    }
    Ok(Some(file))
}

/// A `.md` link resolves as the Markdown renderer resolves it: to the target's
/// version in the linking page's language (so the anchor must be in that version).
fn check_md_link(
    site: &Site,
    document: &Document,
    path: &str,
    fragment: Option<&str>,
    url: &str,
) -> Result<Option<String>, Diagnostic> {
    let Some(fragment) = fragment else {
        return Ok(None);
    };
    let dir = crate::model::markdown::link_dir(document.source);
    let Some((_, key, _, _)) =
        join_content_path(&dir, path).and_then(|p| load::classify(&p, &site.config))
    else {
        return Ok(None);
    };
    let lang = &document.source.lang;
    let target: Option<(&Rendered, &std::path::Path)> = match site.translations.get(&key) {
        Some(versions) => versions
            .get(lang)
            .or_else(|| versions.get(&site.config.default_language))
            .or_else(|| versions.values().next())
            .map(|&i| (&site.pages[i].rendered, site.pages[i].source.path.as_path())),
        None => site
            .section(lang, &key)
            .and_then(|s| Some((&s.rendered, s.source.as_ref()?.path.as_path()))),
    };
    if let Some((rendered, file)) = target {
        check_anchor(
            rendered,
            fragment,
            url,
            &Text::verbatim(file.display().to_string()),
        )?;
    }
    Ok(None)
}

/// A link (not an image) to a picture of the bundle, whose original is not
/// published without `images.keep_original`.
fn original_not_published(url: &str) -> Diagnostic {
    Diagnostic::error(crate::messages::images::original_not_published(url))
        .with_hint(crate::messages::images::original_not_published_hint())
}

fn check_anchor(
    rendered: &Rendered,
    fragment: &str,
    url: &str,
    target: &Text,
) -> Result<(), Diagnostic> {
    let fragment = urls::percent_decode(fragment);
    let fragment = fragment.as_ref();
    if fragment.is_empty() || rendered.anchors.iter().any(|a| a == fragment) {
        return Ok(());
    }
    let known = if rendered.anchors.is_empty() {
        say::has_no_headings(target)
    } else {
        let suggestion =
            crate::diagnostics::suggest(fragment, rendered.anchors.iter().map(String::as_str));
        match suggestion {
            Some(near) => say::did_you_mean_heading(near, target),
            None => say::headings_are(
                target,
                &rendered
                    .anchors
                    .iter()
                    .map(|a| format!("#{a}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    };
    Err(Diagnostic::error(say::no_heading(url, fragment)).with_hint(known))
}

/// `notices/x` → `notices/x/index.html`; `` → `index.html`.
fn index_file(dir: &str) -> String {
    let dir = dir.trim_matches('/');
    if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    }
}

/// A page's bundle files as (name inside the bundle, path relative to the site root).
fn bundle_names(page: &Page) -> impl Iterator<Item = (String, std::path::PathBuf)> + '_ {
    let dir = page.source.bundle_dir.as_deref().unwrap_or("");
    page.bundle_files.iter().map(move |file| {
        let name = file.rel.strip_prefix(dir).unwrap_or(&file.rel);
        (
            name.trim_start_matches('/').to_string(),
            std::path::Path::new(load::CONTENT_DIR).join(&file.rel),
        )
    })
}

fn unused_bundle_files(site: &Site, used: &HashSet<BundleFile>, diagnostics: &Diagnostics) {
    let mut reported = HashSet::new();
    for page in &site.pages {
        let dir = page.source.bundle_dir.clone().unwrap_or_default();
        for (name, path) in bundle_names(page) {
            if used.contains(&(dir.clone(), name.clone())) || !reported.insert(path.clone()) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(say::unused_bundle_file(&name))
                    .in_file(path)
                    .with_hint(say::unused_bundle_file_hint(
                        &page.source.path.display().to_string(),
                    )),
            );
        }
    }
}

/// Checks of the content model alone: missing translations, urgent notices
/// that have expired, disclosed documents without an index number.
pub(crate) fn content(site: &Site, diagnostics: &Diagnostics) {
    missing_translations(site, diagnostics);
    untitled_sections(site, diagnostics);
    expired_urgent(site, diagnostics);
    crate::model::disclosure::missing_index_numbers(site, diagnostics);
}

/// A section without an `_index` file in a language is titled by its folder's
/// name (`notices`) in that language's menu, breadcrumbs and heading.
fn untitled_sections(site: &Site, diagnostics: &Diagnostics) {
    for section in &site.sections {
        if section.key.is_empty() || section.source.is_some() {
            continue;
        }
        let lang = section.lang.as_str();
        let Some(language) = site.config.languages.get(lang) else {
            continue;
        };
        let suffix = if lang == site.config.default_language {
            ".md".to_string()
        } else {
            format!(".{lang}.md")
        };
        let file = format!("content/{}/_index{suffix}", section.key);
        let title = publishing::section_title_in(&section.key, lang);
        diagnostics.push(
            Diagnostic::warning(publishing::section_without_title(
                &section.key,
                &language.name,
                lang,
            ))
            .in_file(format!("content/{}/", section.key))
            .with_hint(publishing::give_section_a_title(&file, &title)),
        );
    }
}

/// One warning per section and language, counting the pages that have no
/// version in that language.
fn missing_translations(site: &Site, diagnostics: &Diagnostics) {
    // (section key, language) → files of the pages without a version in it.
    let mut missing: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for versions in site.translations.values() {
        let Some(&any) = versions.values().next() else {
            continue;
        };
        let page = &site.pages[any];
        for lang in site.config.languages.keys() {
            if !versions.contains_key(lang) {
                let name = page
                    .source
                    .rel
                    .rsplit_once('/')
                    .map_or(page.source.rel.as_str(), |(_, n)| n);
                let name = match &page.source.bundle_dir {
                    Some(dir) => format!("{}/{name}", dir.rsplit('/').next().unwrap_or(dir)),
                    None => name.to_string(),
                };
                missing
                    .entry((page.parent.as_str(), lang.as_str()))
                    .or_default()
                    .push(name);
            }
        }
    }
    for ((section, lang), mut names) in missing {
        names.sort();
        let language = &site.config.languages[lang].name;
        let folder = if section.is_empty() {
            "content/".to_string()
        } else {
            format!("content/{section}/")
        };
        let file = site
            .section(&site.config.default_language, section)
            .and_then(|s| s.source.as_ref())
            .map(|s| s.path.clone())
            .unwrap_or_else(|| folder.clone().into());
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = names.len().saturating_sub(shown.len());
        let list = if more > 0 {
            say::and_more(&shown, more)
        } else {
            Text::verbatim(shown.join(", "))
        };
        diagnostics.push(
            Diagnostic::warning(say::not_translated(
                names.len(),
                &folder,
                language,
                lang,
                &list,
            ))
            .in_file(file)
            .with_hint(say::not_translated_hint(lang, language)),
        );
    }
}

fn expired_urgent(site: &Site, diagnostics: &Diagnostics) {
    for page in &site.pages {
        let KindMeta::Notice(notice) = &page.meta.kind else {
            continue;
        };
        let Some(until) = notice.valid_until.as_ref().filter(|_| notice.urgent) else {
            continue;
        };
        if page.is_expired(site.today) {
            diagnostics.push(
                Diagnostic::warning(say::urgent_expired(
                    &until.value.to_string(),
                    &site.today.to_string(),
                ))
                .in_file(&page.source.path)
                .at_line(until.line)
                .with_hint(say::urgent_expired_hint()),
            );
        }
    }
}
