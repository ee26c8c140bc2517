//! Policy interpretations (政策解读): `interprets: ../plans/x.md` on a page
//! names the policy it explains, resolved as a Markdown link is (from the
//! page's folder, to the page in any language). The model keeps the link both
//! ways — what each page interprets, and which pages interpret each policy —
//! so that both pages show it; a target that is not a published page is an
//! error at the line of `interprets:`.

use std::collections::{BTreeMap, HashMap};

use super::markdown::link_dir;
use super::{Page, Site};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::messages::inspection as text;
use crate::urls::join_content_path;

/// Why an `interprets:` does not name a page of the site.
#[derive(Debug, PartialEq)]
enum Unresolved {
    /// No published page has this key (the key, for a file left out for its own errors).
    Missing { key: String },
    /// A section, a file that is not Markdown, or a path out of `content/`.
    NotAPage,
    /// The page names itself.
    Itself,
}

/// The translation key of the page `page`'s `interprets:` names, if it has one.
fn resolve(
    config: &Config,
    translations: &HashMap<String, BTreeMap<String, usize>>,
    page: &Page,
) -> Option<Result<String, Unresolved>> {
    let written = &page.meta.interprets.as_ref()?.value;
    let dir = link_dir(&page.source);
    let resolved = join_content_path(&dir, written.trim())
        .and_then(|path| crate::load::classify(&path, config))
        .filter(|(_, _, is_section, _)| !is_section);
    let Some((_, key, _, _)) = resolved else {
        return Some(Err(Unresolved::NotAPage));
    };
    Some(if key == page.source.key {
        Err(Unresolved::Itself)
    } else if translations.contains_key(&key) {
        Ok(key)
    } else {
        Err(Unresolved::Missing { key })
    })
}

/// Each page's policy (the key it interprets), and each policy's
/// interpretations (page indices, in listing order, every language).
pub(super) fn link(
    config: &Config,
    pages: &mut [Page],
    translations: &HashMap<String, BTreeMap<String, usize>>,
) -> HashMap<String, Vec<usize>> {
    let mut interpreted_by: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, page) in pages.iter_mut().enumerate() {
        page.interprets = resolve(config, translations, page).and_then(Result::ok);
        if let Some(key) = &page.interprets {
            interpreted_by.entry(key.clone()).or_default().push(index);
        }
    }
    interpreted_by
}

/// An error for every `interprets:` that names no page of the site (except a
/// file left out for its own errors: those say what to fix).
pub(super) fn check(site: &Site, diagnostics: &Diagnostics) {
    for page in &site.pages {
        let Some(Err(why)) = resolve(&site.config, &site.translations, page) else {
            continue;
        };
        let Some(written) = &page.meta.interprets else {
            continue;
        };
        let value = written.value.trim();
        let diagnostic = match why {
            Unresolved::Missing { key } if site.left_out.contains(&key) => continue,
            Unresolved::Missing { key } => Diagnostic::error(text::interprets_missing(value))
                .with_hint(match nearest(site, &key, value) {
                    Some(near) => text::interprets_did_you_mean(&near),
                    None => text::interprets_missing_hint(&link_dir(&page.source)),
                }),
            Unresolved::NotAPage => Diagnostic::error(text::interprets_not_a_page(value))
                .with_hint(text::interprets_not_a_page_hint()),
            Unresolved::Itself => Diagnostic::error(text::interprets_itself(value))
                .with_hint(text::interprets_itself_hint()),
        };
        diagnostics.push(diagnostic.in_file(&page.source.path).at_line(written.line));
    }
}

/// `written` with its file name replaced by that of the page in the same
/// folder nearest to `key` (`../plans/work-point-2024.md` →
/// `../plans/work-points-2024.md`; a page bundle's is `<folder>/index.md`).
fn nearest(site: &Site, key: &str, written: &str) -> Option<String> {
    let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
    let siblings = site.translations.keys().filter_map(|other| {
        let (other_folder, other_name) = other.rsplit_once('/').unwrap_or(("", other));
        (other_folder == folder).then_some(other_name)
    });
    let near = suggest(name, siblings)?;
    let near_key = if folder.is_empty() {
        near.to_string()
    } else {
        format!("{folder}/{near}")
    };
    let index = *site.translations.get(&near_key)?.values().next()?;
    let near_file = if site.pages[index].source.bundle_dir.is_some() {
        format!("{near}/index.md")
    } else {
        format!("{near}.md")
    };
    let written = written.strip_suffix("/index.md").unwrap_or(written);
    Some(match written.rsplit_once('/') {
        Some((up, _)) => format!("{up}/{near_file}"),
        None => near_file,
    })
}
