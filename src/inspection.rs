//! What `check` adds for the government website inspection (国办秘函〔2019〕19号,
//! 网站检查指标): columns not updated within their interval, empty columns, a
//! home page with nothing new for 2 weeks, and policy interpretations (解读)
//! that name no policy. Warnings, or errors with `check --strict`; "today" is
//! the site's (`Site::today`: its time zone, or `PLACARD_TODAY`).
//!
//! How often a column must be updated: its `update_every:` (in its `_index.md`,
//! else in the default language's), else by its top-level folder's kind —
//! notices, plans and trainings 6 months, `news` 2 weeks (工作动态), the home
//! page 2 weeks — and other columns (概况, 机构职能 …) not at all.

use jiff::civil::Date;

use crate::content::front_matter::{Kind, Located};
use crate::dates::{Every, Unit};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Text, inspection as text};
use crate::model::{Page, Section, Site, disclosure};

/// Every finding of the inspection, as warnings (errors when `strict`).
pub(crate) fn inspect(site: &Site, strict: bool, diagnostics: &Diagnostics) {
    let report = |message: Text, hint: Text, file: String, line: Option<usize>| {
        let diagnostic = if strict {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        diagnostics.push(diagnostic.with_hint(hint).in_file(file).at_line(line));
    };
    for section in &site.sections {
        let column = Column::of(site, section);
        if section.key.is_empty() {
            match column.newest {
                None => report(
                    text::empty_home(column.language),
                    text::stale_home_hint(),
                    column.file,
                    None,
                ),
                Some(newest) => {
                    let (every, line) = column.limit.unwrap_or((TWO_WEEKS, None));
                    if newest < every.oldest_allowed(site.today) {
                        report(
                            text::stale_home(
                                column.language,
                                &newest.to_string(),
                                text::every(every),
                                &site.today.to_string(),
                            ),
                            text::stale_home_hint(),
                            column.file,
                            line,
                        );
                    }
                }
            }
            continue;
        }
        if column.pages == 0 {
            report(
                text::empty_section(&section.title, &column.folder, column.language),
                text::empty_section_hint(),
                column.file,
                None,
            );
            continue;
        }
        let (Some((every, line)), Some(newest)) = (column.limit, column.newest) else {
            continue;
        };
        if newest < every.oldest_allowed(site.today) {
            report(
                text::stale_section(
                    &section.title,
                    &column.folder,
                    column.language,
                    &newest.to_string(),
                    text::every(every),
                    &site.today.to_string(),
                ),
                text::stale_section_hint(&column.index_file),
                column.file,
                line,
            );
        }
    }
    for page in site
        .pages
        .iter()
        .filter(|p| reads_as_interpretation(site, p))
    {
        if page.meta.interprets.is_none() {
            report(
                text::interpretation_not_linked(&page.meta.title),
                text::interpretation_not_linked_hint(),
                page.source.path.display().to_string(),
                Some(page.meta.line),
            );
        }
    }
}

/// The interval the inspection allows the home page and news columns.
const TWO_WEEKS: Every = Every {
    count: 2,
    unit: Unit::Weeks,
};

/// The interval the inspection allows notices and policy documents.
const SIX_MONTHS: Every = Every {
    count: 6,
    unit: Unit::Months,
};

/// A section in one language, as the inspection sees it.
struct Column<'a> {
    /// The language's name (`中文`, `English`).
    language: &'a str,
    /// `content/notices/`.
    folder: String,
    /// The file a finding is reported in: the section's `_index` file in its
    /// language, else in the default language, else the folder.
    file: String,
    /// The `_index.md` where `update_every:` goes.
    index_file: String,
    /// Pages in it and in the sections below it.
    pages: usize,
    /// The date of the newest of those pages.
    newest: Option<Date>,
    /// How often it must be updated, and the line of its `update_every:`.
    limit: Option<(Every, Option<usize>)>,
}

impl<'a> Column<'a> {
    fn of(site: &'a Site, section: &'a Section) -> Column<'a> {
        let default = site.section(&site.config.default_language, &section.key);
        let folder = if section.key.is_empty() {
            "content/".to_string()
        } else {
            format!("content/{}/", section.key)
        };
        let source = section
            .source
            .as_ref()
            .or_else(|| default.and_then(|d| d.source.as_ref()));
        let file = source.map_or(folder.clone(), |s| s.path.display().to_string());
        // The home page lists the newest pages that have not expired.
        let home = section.key.is_empty();
        let pages: Vec<&Page> = site
            .pages
            .iter()
            .filter(|p| p.lang == section.lang && is_below(&p.parent, &section.key))
            .filter(|p| !home || !p.is_expired(site.today))
            .collect();
        let written = [Some(section), default]
            .into_iter()
            .flatten()
            .find_map(|s| s.update_every.as_ref().map(|e| (s, e)));
        let limit = match written {
            Some((s, Located { value, line })) => {
                // The line is that of the file the finding is reported in.
                let same_file = s.source.as_ref().map(|s| s.path.display().to_string());
                let line = line.filter(|_| same_file.as_deref() == Some(file.as_str()));
                Some((*value, line))
            }
            None => default_limit(&section.key).map(|every| (every, None)),
        };
        Column {
            language: site
                .config
                .languages
                .get(&section.lang)
                .map_or(section.lang.as_str(), |l| l.name.as_str()),
            index_file: format!("{folder}_index.md"),
            folder,
            file,
            pages: pages.len(),
            newest: pages.iter().filter_map(|p| p.date()).max(),
            limit,
        }
    }
}

/// Whether a page listed in `parent` is in the section `key` or below it.
fn is_below(parent: &str, key: &str) -> bool {
    key.is_empty()
        || parent == key
        || parent
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The interval a section must be updated in when its `_index.md` says none:
/// the home page and `news` 2 weeks, the top-level folders of notices, plans
/// and trainings 6 months; other columns and nested sections none.
fn default_limit(key: &str) -> Option<Every> {
    if key.is_empty() || key == "news" {
        return Some(TWO_WEEKS);
    }
    if key.contains('/') {
        return None;
    }
    match Kind::from_section(key) {
        Kind::Notice | Kind::Plan | Kind::Training => Some(SIX_MONTHS),
        Kind::Page => None,
    }
}

/// A page taken for a policy interpretation: not a plan or a training, and
/// titled so (`…解读`, `… interpretation`), in the `interpretations` folder,
/// or in a column whose `column_type:` is 政策解读 (in the `_index` file of
/// any of its languages: a translation need not say it again).
fn reads_as_interpretation(site: &Site, page: &Page) -> bool {
    if matches!(page.kind(), Kind::Plan | Kind::Training) {
        return false;
    }
    let title = page.meta.title.to_lowercase();
    title.contains("解读")
        || title.contains("interpretation")
        || page.section.as_deref() == Some("interpretations")
        || site.config.languages.keys().any(|lang| {
            site.section(lang, &page.parent)
                .is_some_and(|column| disclosure::column_type(column) == INTERPRETATIONS)
        })
}

/// The column type of policy interpretations (政府网站网页设计规范).
const INTERPRETATIONS: &str = "政策解读";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_what_is_in_its_folder_and_below() {
        assert!(is_below("notices", "notices"));
        assert!(is_below("notices/2024", "notices"));
        assert!(is_below("notices", ""));
        assert!(!is_below("notices-old", "notices"));
        assert!(!is_below("plans", "notices"));
    }

    #[test]
    fn the_intervals_by_default_are_the_inspections() {
        assert_eq!(default_limit(""), Some(TWO_WEEKS));
        assert_eq!(default_limit("news"), Some(TWO_WEEKS));
        assert_eq!(default_limit("notices"), Some(SIX_MONTHS));
        assert_eq!(default_limit("plans"), Some(SIX_MONTHS));
        assert_eq!(default_limit("trainings"), Some(SIX_MONTHS));
        assert_eq!(default_limit("about"), None);
        assert_eq!(default_limit("notices/2024"), None);
    }
}
