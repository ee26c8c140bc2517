//! A government website's records in the model: index numbers (索引号) of
//! disclosed documents — their shape, one document each, the next free one —
//! the topic (主题分类) of each, and the column type (栏目类型) of each section.

use std::collections::HashMap;
use std::fmt;

use super::{Page, Section, Site};
use crate::content::front_matter::{Disclosure, Kind, KindMeta, Located};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::messages::government as say;

/// The column types (栏目类型, `ColumnType`) of the government website design
/// rules (政府网站网页设计规范); a section's `column_type:` is one of them.
pub(crate) const COLUMN_TYPES: [&str; 21] = [
    "首页",
    "概况信息",
    "机构职能",
    "负责人信息",
    "工作动态",
    "政策文件",
    "政策解读",
    "回应关切",
    "信息公开指南",
    "信息公开制度",
    "信息公开目录",
    "信息公开年报",
    "法定主动公开内容",
    "数据发布",
    "办事服务",
    "互动交流",
    "咨询投诉",
    "征集调查",
    "在线访谈",
    "专题专栏",
    "其他",
];

/// The column type of the disclosure catalogue.
pub(crate) const CATALOGUE_COLUMN_TYPE: &str = "信息公开目录";

/// The kinds of page that are disclosed documents, with an index number.
pub(crate) fn is_disclosed(kind: Kind) -> bool {
    matches!(kind, Kind::Notice | Kind::Plan)
}

/// A page's disclosure fields, if its kind has them.
pub(crate) fn disclosure_of(page: &Page) -> Option<&Disclosure> {
    match &page.meta.kind {
        KindMeta::Notice(notice) => Some(&notice.disclosure),
        KindMeta::Plan(plan) => Some(&plan.disclosure),
        _ => None,
    }
}

/// An index number: the organisation's code, a year, a five-digit serial
/// (`MB1234567/2024-00017`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct IndexNumber {
    pub code: String,
    pub year: i16,
    pub serial: u32,
}

impl IndexNumber {
    /// `CODE/YYYY-NNNNN` (the code letters and digits), else None.
    pub(crate) fn parse(text: &str) -> Option<IndexNumber> {
        let (code, rest) = text.trim().split_once('/')?;
        let (year, serial) = rest.split_once('-')?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        if !digits(year, 4) || !digits(serial, 5) {
            return None;
        }
        let serial = serial.parse().ok()?;
        (serial > 0).then_some(IndexNumber {
            code: code.to_string(),
            year: year.parse().ok()?,
            serial,
        })
    }

    /// The number after the highest of `taken` with `code` and `year` (the
    /// first of the year when there is none): numbers are never reused, so a
    /// gap left by a removed page stays a gap.
    pub(crate) fn next_free<'a>(
        code: &str,
        year: i16,
        taken: impl IntoIterator<Item = &'a IndexNumber>,
    ) -> IndexNumber {
        let highest = taken
            .into_iter()
            .filter(|n| n.code == code && n.year == year)
            .map(|n| n.serial)
            .max()
            .unwrap_or(0);
        IndexNumber {
            code: code.to_string(),
            year,
            serial: highest + 1,
        }
    }
}

impl fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:04}-{:05}", self.code, self.year, self.serial)
    }
}

/// The column type of a section: its `column_type:`, else the default of its
/// kind (the home page 首页; notices and plans 政策文件; trainings 工作动态).
pub(crate) fn column_type(section: &Section) -> &str {
    if let Some(written) = &section.column.column_type {
        return &written.value;
    }
    if section.key.is_empty() {
        return "首页";
    }
    let top = section.key.split('/').next().unwrap_or_default();
    match Kind::from_section(top) {
        Kind::Notice | Kind::Plan => "政策文件",
        Kind::Training => "工作动态",
        Kind::Page => "其他",
    }
}

/// The checks of the records pages and sections carry, in `build`, `check`
/// and `serve` alike: column types, topics, index numbers of the right shape
/// and one document each (a page and its translations are one document).
pub(crate) fn check(site: &Site, diagnostics: &Diagnostics) {
    check_columns(site, diagnostics);
    let topics = site.config.topics();
    let code = site.config.disclosure_code();
    // Index number → the first document (translation key) and page found with it.
    let mut owners: HashMap<IndexNumber, (&str, &Page)> = HashMap::new();
    // Document (translation key) → its number and the page first found with it.
    let mut documents: HashMap<&str, (IndexNumber, &Page)> = HashMap::new();
    let taken = index_numbers(site);
    for page in &site.pages {
        if page.meta.column_type.is_some() {
            let line = page.meta.column_type.as_ref().and_then(|c| c.line);
            diagnostics.push(
                Diagnostic::warning(say::column_type_on_a_page())
                    .in_file(&page.source.path)
                    .at_line(line)
                    .with_hint(say::column_type_on_a_page_hint()),
            );
        }
        let Some(disclosure) = disclosure_of(page) else {
            continue;
        };
        if let Some(topic) = &disclosure.topic {
            check_topic(page, topic, &topics, diagnostics);
        }
        if let (Some(written), Some(date)) = (&disclosure.written, page.date())
            && written.value > date
        {
            diagnostics.push(
                Diagnostic::error(say::written_after_date(
                    &written.value.to_string(),
                    &date.to_string(),
                ))
                .in_file(&page.source.path)
                .at_line(written.line)
                .with_hint(say::written_after_date_hint()),
            );
        }
        let Some(written) = &disclosure.index_number else {
            continue;
        };
        let Some(number) = well_formed(&written.value, code) else {
            let fixed = fixed_index_number(&written.value, code);
            diagnostics.push(
                Diagnostic::error(say::index_number_shape(&written.value, code))
                    .in_file(&page.source.path)
                    .at_line(written.line)
                    .with_hint(say::index_number_shape_hint(fixed.as_deref())),
            );
            continue;
        };
        match documents.get(page.source.key.as_str()) {
            Some((own, other)) if *own != number => {
                // The error goes to a translation: the page of the default
                // language holds the document's number.
                let first = disclosure_of(other).and_then(|d| d.index_number.as_ref());
                let (translation, wrong, document, right) =
                    match (page.lang == site.config.default_language, first) {
                        (true, Some(first)) => (*other, first, page, &number),
                        _ => (page, written, *other, own),
                    };
                diagnostics.push(
                    Diagnostic::error(say::translation_number_differs(
                        &wrong.value,
                        &right.to_string(),
                        &document.source.path.display().to_string(),
                    ))
                    .in_file(&translation.source.path)
                    .at_line(wrong.line)
                    .with_hint(say::translation_number_hint(&right.to_string())),
                );
                continue;
            }
            Some(_) => {}
            None => {
                documents.insert(&page.source.key, (number.clone(), page));
            }
        }
        match owners.get(&number) {
            Some((key, _)) if *key == page.source.key => {}
            Some((_, first)) => {
                let next = IndexNumber::next_free(&number.code, number.year, &taken);
                let (newer, older) = if page.listing_order(first).is_lt() {
                    (page, *first)
                } else {
                    (*first, page)
                };
                let line = disclosure_of(newer)
                    .and_then(|d| d.index_number.as_ref())
                    .and_then(|n| n.line);
                diagnostics.push(
                    Diagnostic::error(say::index_number_taken(
                        &written.value,
                        &older.source.path.display().to_string(),
                    ))
                    .in_file(&newer.source.path)
                    .at_line(line)
                    .with_hint(say::index_number_taken_hint(&next.to_string())),
                );
            }
            None => {
                owners.insert(number, (&page.source.key, page));
            }
        }
    }
}

/// `written` as an index number, if it has the shape and the site's code.
fn well_formed(written: &str, code: Option<&str>) -> Option<IndexNumber> {
    IndexNumber::parse(written).filter(|n| code.is_none_or(|code| n.code == code))
}

/// What an index number of the wrong shape was meant to be, where that is
/// plain: the site's code, a year of four digits and a serial of up to five.
fn fixed_index_number(written: &str, code: Option<&str>) -> Option<String> {
    let (own, rest) = written.trim().split_once('/')?;
    let rest = rest.replace(['—', '－', '_'], "-");
    let (year, serial) = rest.split_once('-')?;
    let year: i16 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1000..=9999).contains(y))?;
    let serial: u32 = serial
        .trim()
        .parse()
        .ok()
        .filter(|s| (1..=99_999).contains(s))?;
    let code = code.unwrap_or(own.trim());
    let number = IndexNumber {
        code: code.to_string(),
        year,
        serial,
    };
    IndexNumber::parse(&number.to_string()).map(|n| n.to_string())
}

fn check_topic(page: &Page, topic: &Located<String>, topics: &[String], diagnostics: &Diagnostics) {
    if topics.contains(&topic.value) {
        return;
    }
    let hint = match suggest(&topic.value, topics.iter().map(String::as_str)) {
        Some(near) => say::did_you_mean(near),
        None => say::topic_list_hint(topics),
    };
    diagnostics.push(
        Diagnostic::error(say::topic_unknown(&topic.value))
            .in_file(&page.source.path)
            .at_line(topic.line)
            .with_hint(hint),
    );
}

/// A section's `column_type:` is one of [`COLUMN_TYPES`].
fn check_columns(site: &Site, diagnostics: &Diagnostics) {
    for section in &site.sections {
        let (Some(written), Some(source)) = (&section.column.column_type, &section.source) else {
            continue;
        };
        if COLUMN_TYPES.contains(&written.value.as_str()) {
            continue;
        }
        let hint = match suggest(&written.value, COLUMN_TYPES) {
            Some(near) => say::did_you_mean(near),
            None => say::column_type_hint(&COLUMN_TYPES),
        };
        diagnostics.push(
            Diagnostic::error(say::column_type_unknown(&written.value))
                .in_file(&source.path)
                .at_line(written.line)
                .with_hint(hint),
        );
    }
}

/// Every well-formed index number the site's pages are written with.
fn index_numbers(site: &Site) -> Vec<IndexNumber> {
    site.pages
        .iter()
        .filter_map(|page| disclosure_of(page)?.index_number.as_ref())
        .filter_map(|written| IndexNumber::parse(&written.value))
        .collect()
}

/// `check`'s warning for each notice and plan without an index number, on a
/// site with a disclosure code; the hint offers each the next free number of
/// its year, one after another.
pub(crate) fn missing_index_numbers(site: &Site, diagnostics: &Diagnostics) {
    let Some(code) = site.config.disclosure_code() else {
        return;
    };
    let mut taken = index_numbers(site);
    // The number of each document that has one in one of its languages.
    let numbered: HashMap<&str, (&str, &Page)> = site
        .pages
        .iter()
        .filter_map(|page| {
            let written = disclosure_of(page)?.index_number.as_ref()?;
            Some((page.source.key.as_str(), (written.value.as_str(), page)))
        })
        .collect();
    // A document without one is warned about once: on its page in the
    // default language, else on one of its translations.
    let mut warned_on: HashMap<&str, &Page> = HashMap::new();
    for page in &site.pages {
        let key = page.source.key.as_str();
        if disclosure_of(page).is_some() && !numbered.contains_key(key) {
            let in_default = page.lang == site.config.default_language;
            let chosen = warned_on.entry(key).or_insert(page);
            if in_default {
                *chosen = page;
            }
        }
    }
    // Oldest first, so that the numbers offered follow the dates.
    for page in site.pages.iter().rev() {
        let Some(disclosure) = disclosure_of(page) else {
            continue;
        };
        if disclosure.index_number.is_some() {
            continue;
        }
        let hint = match numbered.get(page.source.key.as_str()) {
            Some((number, other)) => say::translation_number_missing_hint(
                number,
                &other.source.path.display().to_string(),
            ),
            None if std::ptr::eq(warned_on[page.source.key.as_str()], page) => {
                let year = page.date().unwrap_or(site.today).year();
                let next = IndexNumber::next_free(code, year, &taken);
                let hint = say::index_number_missing_hint(&next.to_string());
                taken.push(next);
                hint
            }
            None => continue,
        };
        diagnostics.push(
            Diagnostic::warning(say::index_number_missing(page.kind().name()))
                .in_file(&page.source.path)
                .at_line(Some(page.meta.line))
                .with_hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_number_is_a_code_a_year_and_five_digits() {
        let number = IndexNumber::parse("MB1234567/2024-00017").unwrap();
        assert_eq!(
            (number.code.as_str(), number.year, number.serial),
            ("MB1234567", 2024, 17)
        );
        assert_eq!(number.to_string(), "MB1234567/2024-00017");
        for wrong in [
            "MB1234567/2024-17",
            "MB1234567-2024-00017",
            "MB1234567/24-00017",
            "/2024-00017",
            "MB-1234567/2024-00017",
            "MB1234567/2024-00000",
            "MB1234567/2024-000017",
        ] {
            assert_eq!(IndexNumber::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_next_free_number_follows_the_highest_of_its_year() {
        let taken: Vec<IndexNumber> = [
            "A1/2024-00001",
            "A1/2024-00007",
            "A1/2025-00003",
            "B2/2024-00020",
        ]
        .iter()
        .filter_map(|t| IndexNumber::parse(t))
        .collect();
        assert_eq!(
            IndexNumber::next_free("A1", 2024, &taken).to_string(),
            "A1/2024-00008"
        );
        assert_eq!(
            IndexNumber::next_free("A1", 2026, &taken).to_string(),
            "A1/2026-00001"
        );
    }

    #[test]
    fn a_number_of_the_wrong_shape_is_fixed_where_that_is_plain() {
        assert_eq!(
            fixed_index_number("MB1234567/2024-17", Some("MB1234567")).as_deref(),
            Some("MB1234567/2024-00017")
        );
        assert_eq!(
            fixed_index_number("XX/2024-00017", Some("MB1234567")).as_deref(),
            Some("MB1234567/2024-00017")
        );
        assert_eq!(fixed_index_number("2024-17", Some("MB1234567")), None);
    }
}
