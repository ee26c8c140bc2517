//! What templates see: the site model turned into plain, serialisable views,
//! per language. The fields are documented in docs/templates.md.

use indexmap::IndexMap;
use jiff::civil::Date;
use serde::Serialize;

use super::i18n::{file_size, format_date, week_label, weekday};
use crate::content::front_matter::{Attachment, Contact, KindMeta, Notice, Plan, Target};
use crate::content::markdown::{Rendered, TocEntry};
use crate::model::{Page, Section, Site, disclosure, tag_segment};
use crate::timetable::{Schedule, format_hours, tallies, week_start};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
}

/// A link to another page, in the language it is shown in (the page's own,
/// else another when it has no version in the page's language).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageLink {
    pub title: String,
    pub url: String,
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    pub name: String,
    pub url: String,
}

/// A page as templates see it. `content` and `toc` are left empty in lists.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView<'a> {
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub permalink: String,
    pub lang: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub section: Option<String>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    /// `date` and its time of day, `2024-03-01 09:30` (`00:00` when only
    /// the day is written): the `PubDate` metadata.
    pub pub_date: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub year: Option<i16>,
    /// Its `author:` (the `Author` metadata of a government site).
    pub author: Option<String>,
    pub tags: Vec<TagLink>,
    /// Borrowed from the page: a page's HTML is not copied to render it.
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub show_toc: bool,
    pub word_count: usize,
    pub poster_url: Option<String>,
    /// The first photo the page shows, as its widest copy (for `<meta
    /// name="Image">`, `og:image` and the poster); never the original. Else
    /// the first image of its text (on the page itself, not in lists).
    pub image: Option<ImageView>,
    pub expired: bool,
    pub urgent: bool,
    pub notice: Option<NoticeView>,
    pub plan: Option<PlanView>,
    pub training: Option<TrainingView>,
    /// The policy this page interprets (解读的文件); only on the page itself.
    pub interprets: Option<PageLink>,
    /// The pages that interpret this one (相关解读), newest first; only on
    /// the page itself.
    pub interpretations: Vec<PageLink>,
    /// The disclosure fields of a notice or plan (索引号, 主题分类, 成文日期…).
    pub disclosure: Option<DisclosureView>,
    /// Its `description:`, else its `summary` (`Description`).
    pub description: Option<String>,
}

/// A disclosed document's record, as the disclosure table and the catalogue
/// show it: 索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DisclosureView {
    pub index_number: Option<String>,
    pub topic: Option<String>,
    pub issuer: Option<String>,
    pub written: Option<String>,
    pub written_display: Option<String>,
    pub doc_number: Option<String>,
    /// The year of the index number, else of the date: the catalogue's filter.
    pub year: Option<i16>,
}

/// A section as a column of a government website (its `Column*` metadata).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ColumnView {
    pub name: String,
    pub description: String,
    pub keywords: String,
    /// One of the fixed column types (栏目类型).
    #[serde(rename = "type")]
    pub column_type: String,
}

impl ColumnView {
    /// A section's column: its description (else its title) and its tags
    /// (else its title) as keywords.
    pub(crate) fn of(section: &Section) -> ColumnView {
        let column = &section.column;
        ColumnView {
            name: section.title.clone(),
            description: column
                .description
                .clone()
                .unwrap_or_else(|| section.title.clone()),
            keywords: if column.keywords.is_empty() {
                section.title.clone()
            } else {
                column.keywords.join(",")
            },
            column_type: disclosure::column_type(section).to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoticeView {
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub valid_until: Option<String>,
    pub valid_until_display: Option<String>,
    pub expired: bool,
    pub urgent: bool,
    pub contact: Option<Contact>,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AttachmentView {
    pub title: String,
    pub file: String,
    pub url: String,
    pub ext: String,
    pub size: u64,
    pub size_display: String,
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanView {
    pub issuer: Option<String>,
    pub period: Option<PeriodView>,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    pub targets: Vec<Target>,
    /// The years the plan covers (its period's, else its date's), for filters.
    pub years: Vec<i16>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodView {
    pub start: String,
    pub end: String,
    pub start_display: String,
    pub end_display: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrainingView {
    pub organizer: Option<String>,
    pub audience: Option<String>,
    pub venue: Option<String>,
    pub ics_url: String,
    pub batches: Vec<BatchView>,
    pub modules: Vec<ModuleView>,
    /// The planned hours of all modules: per batch, as `hours` are.
    pub total_hours: String,
    /// The columns of scheduled hours: one per batch (or one for a course
    /// without batches), each with its batch's name and its total.
    pub scheduled_columns: Vec<ScheduledColumn>,
    pub weeks: Vec<WeekView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScheduledColumn {
    /// The batch's name; None for a course without batches.
    pub batch: Option<String>,
    /// Hours scheduled for the batch; None while its timetable is not published.
    pub total: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct BatchView {
    pub name: String,
    pub start: String,
    pub end: String,
    pub start_display: String,
    pub end_display: String,
    pub seats: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ModuleView {
    pub id: String,
    pub title: String,
    /// Planned hours, per batch.
    pub hours: Option<String>,
    pub instructor: Option<String>,
    /// Hours scheduled in each of `scheduled_columns`.
    pub scheduled: Vec<ScheduledView>,
    /// True when the hours scheduled for some batch differ from `hours` (as
    /// the build warns: see [`crate::timetable::Tally`]).
    pub mismatch: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScheduledView {
    /// None while the batch's timetable is not published.
    pub hours: Option<String>,
    pub mismatch: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeekView {
    /// "第一期 · 第1周（3月4日—3月10日）": the batch, where there are batches.
    pub label: String,
    /// The batch the week's sessions belong to.
    pub batch: Option<String>,
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SessionView {
    pub date: String,
    pub date_display: String,
    pub weekday: &'static str,
    pub start: String,
    pub end: String,
    pub module_id: String,
    pub module_title: String,
    pub venue: Option<String>,
    pub instructor: Option<String>,
    pub hours: String,
}

/// A processed copy of a photo, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageView {
    /// Root-relative URL (`/notices/x/photo-1600.jpg`).
    pub url: String,
    /// Absolute URL, for social cards.
    pub permalink: String,
    /// The copy's size; None for an image that is not a processed photo (a
    /// file of `static/`, an image of another host).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Translated label of a key, or the key itself when the theme lacks it.
pub(crate) fn label(t: &indexmap::IndexMap<String, String>, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

impl<'a> PageView<'a> {
    /// `full` includes the body and table of contents (for the page itself).
    pub(crate) fn new(
        site: &Site,
        page: &'a Page,
        t: &indexmap::IndexMap<String, String>,
        full: bool,
    ) -> PageView<'a> {
        PageView::with_markdown(site, page, &page.rendered, t, full)
    }

    /// `new`, with the page's Markdown rendered as `rendered` (a build renders
    /// each page's Markdown as it writes the page, and keeps no HTML in the model).
    pub(crate) fn with_markdown(
        site: &Site,
        page: &Page,
        rendered: &'a Rendered,
        t: &indexmap::IndexMap<String, String>,
        full: bool,
    ) -> PageView<'a> {
        let lang = page.lang.as_str();
        let today = site.today;
        let tag_base = site.tags_url(lang);
        let date = page.date();
        PageView {
            title: page.meta.title.clone(),
            summary: page.meta.summary.clone(),
            url: page.url.clone(),
            permalink: site.permalink(&page.url),
            lang: page.lang.clone(),
            kind: page.kind().name(),
            kind_label: label(t, &format!("kind_{}", page.kind().name())),
            section: page.section.clone(),
            date: date.map(|d| d.to_string()),
            date_display: date.map(|d| format_date(d, lang)),
            pub_date: date.map(|d| {
                let time = page.meta.time.unwrap_or(jiff::civil::Time::midnight());
                format!("{d} {}", time.strftime("%H:%M"))
            }),
            updated: page.meta.updated.map(|d| d.to_string()),
            updated_display: page.meta.updated.map(|d| format_date(d, lang)),
            year: date.map(|d| d.year()),
            author: page.meta.author.clone(),
            tags: page
                .meta
                .tags
                .iter()
                .map(|tag| TagLink {
                    name: tag.clone(),
                    url: format!("{tag_base}{}/", tag_segment(tag)),
                })
                .collect(),
            content: if full { &rendered.html } else { "" },
            toc: if full { &rendered.toc } else { &[] },
            show_toc: rendered.toc.len() >= 3,
            word_count: rendered.word_count,
            poster_url: page.meta.poster.as_ref().map(|_| page.poster_url()),
            image: crate::model::markdown::first_picture(page, rendered, &site.config.images)
                .map(|shown| {
                    let url = format!("{}{}", page.url, shown.src);
                    ImageView {
                        permalink: site.permalink(&url),
                        url,
                        width: Some(shown.width),
                        height: Some(shown.height),
                    }
                })
                .or_else(|| {
                    let permalink = first_image(site, page, rendered).filter(|_| full)?;
                    Some(ImageView {
                        url: permalink.clone(),
                        permalink,
                        width: None,
                        height: None,
                    })
                }),
            expired: page.is_expired(today),
            urgent: page.is_urgent(today),
            notice: match &page.meta.kind {
                KindMeta::Notice(notice) => Some(NoticeView::of(notice, page, today)),
                _ => None,
            },
            plan: match &page.meta.kind {
                KindMeta::Plan(plan) => Some(PlanView::of(plan, date, t, lang)),
                _ => None,
            },
            training: match &page.meta.kind {
                KindMeta::Training(_) => Some(training_view(page, lang)),
                _ => None,
            },
            interprets: page
                .interprets
                .as_ref()
                .filter(|_| full)
                .and_then(|key| page_link(site, key, lang)),
            interpretations: match site.interpreted_by.get(&page.source.key) {
                Some(pages) if full => interpretations(site, pages, lang),
                _ => Vec::new(),
            },
            disclosure: DisclosureView::of(page),
            description: page
                .meta
                .description
                .clone()
                .or_else(|| page.meta.summary.clone()),
        }
    }
}

/// The version of the page `key` in `lang` (else in the default language,
/// else any), as a link.
fn page_link(site: &Site, key: &str, lang: &str) -> Option<PageLink> {
    let versions = site.translations.get(key)?;
    let index = versions
        .get(lang)
        .or_else(|| versions.get(&site.config.default_language))
        .or_else(|| versions.values().next())?;
    let page = &site.pages[*index];
    Some(PageLink {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        lang: page.lang.clone(),
    })
}

/// The interpretations of a policy (pages of every language, newest first),
/// each once, in `lang` where it is translated.
fn interpretations(site: &Site, pages: &[usize], lang: &str) -> Vec<PageLink> {
    let mut seen = std::collections::HashSet::new();
    pages
        .iter()
        .map(|&index| &site.pages[index].source.key)
        .filter(|key| seen.insert(*key))
        .filter_map(|key| page_link(site, key, lang))
        .collect()
}

impl DisclosureView {
    fn of(page: &Page) -> Option<DisclosureView> {
        let fields = disclosure::disclosure_of(page)?;
        let (issuer, doc_number) = match &page.meta.kind {
            KindMeta::Notice(n) => (n.issuer.clone(), n.doc_number.clone()),
            KindMeta::Plan(p) => (p.issuer.clone(), None),
            _ => (None, None),
        };
        let index_number = fields
            .index_number
            .as_ref()
            .map(|n| n.value.trim().to_string());
        let year = index_number
            .as_deref()
            .and_then(disclosure::IndexNumber::parse)
            .map(|n| n.year)
            .or_else(|| page.date().map(|d| d.year()));
        Some(DisclosureView {
            topic: fields
                .topic
                .as_ref()
                .map(|t| crate::config::topic_name(&t.value, &page.lang)),
            written: fields.written.as_ref().map(|w| w.value.to_string()),
            written_display: fields
                .written
                .as_ref()
                .map(|w| format_date(w.value, &page.lang)),
            index_number,
            issuer,
            doc_number,
            year,
        })
    }
}

/// The first image of the page's text as an absolute URL: as written when it
/// is one, else resolved against the page (`a.png`, `./a.png`) or the site
/// (`/a.png`); None for one further up (`../`).
fn first_image(site: &Site, page: &Page, rendered: &Rendered) -> Option<String> {
    let url = &rendered.links.iter().find(|l| l.image)?.url;
    if url.starts_with("https://") || url.starts_with("http://") {
        return Some(url.clone());
    }
    if let Some(rooted) = url.strip_prefix('/') {
        return Some(site.permalink(&format!("{}/{rooted}", site.config.base_path())));
    }
    let relative = url.strip_prefix("./").unwrap_or(url);
    if relative.starts_with("..") || relative.contains(':') {
        return None;
    }
    Some(site.permalink(&format!("{}{relative}", page.url)))
}

impl NoticeView {
    fn of(n: &Notice, page: &Page, today: Date) -> NoticeView {
        let lang = page.lang.as_str();
        NoticeView {
            issuer: n.issuer.clone(),
            doc_number: n.doc_number.clone(),
            valid_until: n.valid_until.as_ref().map(|v| v.value.to_string()),
            valid_until_display: n.valid_until.as_ref().map(|v| format_date(v.value, lang)),
            expired: page.is_expired(today),
            urgent: page.is_urgent(today),
            contact: n.contact.clone(),
            attachments: n
                .attachments
                .iter()
                .map(|a| AttachmentView::of(&a.value, page))
                .collect(),
        }
    }
}

impl AttachmentView {
    /// An attachment, with the size of its file in the bundle (if it is there).
    fn of(attachment: &Attachment, page: &Page) -> AttachmentView {
        let file = &attachment.file;
        let found = page
            .bundle_files
            .iter()
            .find(|f| f.rel.rsplit('/').next() == Some(file));
        let size = found.map_or(0, |f| f.size);
        AttachmentView {
            title: attachment.title.clone().unwrap_or_else(|| file.clone()),
            file: file.clone(),
            url: format!("{}{}", page.url, file),
            ext: file
                .rsplit_once('.')
                .map(|(_, e)| e.to_uppercase())
                .unwrap_or_default(),
            size,
            size_display: file_size(size),
            exists: found.is_some(),
        }
    }
}

impl PlanView {
    fn of(p: &Plan, date: Option<Date>, t: &IndexMap<String, String>, lang: &str) -> PlanView {
        PlanView {
            issuer: p.issuer.clone(),
            period: p.period.as_ref().map(|p| PeriodView {
                start: p.value.start.to_string(),
                end: p.value.end.to_string(),
                start_display: format_date(p.value.start, lang),
                end_display: format_date(p.value.end, lang),
            }),
            status: p.status.map(|s| s.name()),
            status_label: p.status.map(|s| label(t, &format!("status_{}", s.name()))),
            targets: p.targets.clone(),
            years: match &p.period {
                Some(period) => (period.value.start.year()..=period.value.end.year()).collect(),
                None => date.map(|d| d.year()).into_iter().collect(),
            },
        }
    }
}

fn training_view(page: &Page, lang: &str) -> TrainingView {
    let KindMeta::Training(training) = &page.meta.kind else {
        unreachable!("checked by the caller")
    };
    let schedule = Schedule::of(training);
    let tallies = tallies(training);
    let modules: Vec<ModuleView> = training
        .modules
        .iter()
        .zip(&tallies)
        .map(|(m, tallies)| ModuleView {
            id: m.value.id.clone(),
            title: m.value.title.clone(),
            hours: m.value.hours.map(format_hours),
            instructor: m.value.instructor.clone(),
            scheduled: tallies
                .iter()
                .map(|t| ScheduledView {
                    hours: t.published.then(|| format_hours(t.scheduled)),
                    mismatch: t.mismatch,
                })
                .collect(),
            mismatch: tallies.iter().any(|t| t.mismatch),
        })
        .collect();
    let batch_name = |index: Option<usize>| index.map(|i| training.batches[i].value.name.clone());
    let scheduled_columns = if training.batches.is_empty() {
        vec![None]
    } else {
        (0..training.batches.len()).map(Some).collect()
    }
    .into_iter()
    .enumerate()
    .map(|(column, batch)| ScheduledColumn {
        batch: batch_name(batch),
        total: tallies
            .first()
            .is_none_or(|t| t[column].published)
            .then(|| format_hours(tallies.iter().map(|t| t[column].scheduled).sum::<f64>())),
    })
    .collect();
    // Each batch's weeks together, in the order of `batches` (sessions in no
    // batch last), and numbered from 1 in each batch.
    let mut sessions: Vec<(&crate::content::front_matter::Session, Option<usize>)> = schedule
        .sessions
        .iter()
        .map(|s| (*s, training.batch_of(s)))
        .collect();
    sessions.sort_by_key(|(_, batch)| batch.map_or(usize::MAX, |b| b));
    let mut weeks: Vec<WeekView> = Vec::new();
    let mut current_week = None;
    let mut number = 0;
    for (session, batch) in sessions {
        let monday = week_start(session.date);
        if current_week.is_none_or(|(b, _)| b != batch) {
            number = 0;
        }
        if current_week != Some((batch, monday)) {
            current_week = Some((batch, monday));
            number += 1;
            let label = week_label(number, monday, lang);
            weeks.push(WeekView {
                label: match batch_name(batch) {
                    Some(name) => format!("{name} · {label}"),
                    None => label,
                },
                batch: batch_name(batch),
                sessions: Vec::new(),
            });
        }
        let module = training
            .modules
            .iter()
            .find(|m| m.value.id == session.module);
        weeks
            .last_mut()
            .expect("pushed above")
            .sessions
            .push(SessionView {
                date: session.date.to_string(),
                date_display: format_date(session.date, lang),
                weekday: weekday(session.date, lang),
                start: session.start.strftime("%H:%M").to_string(),
                end: session.end.strftime("%H:%M").to_string(),
                module_id: session.module.clone(),
                module_title: module
                    .map(|m| m.value.title.clone())
                    .unwrap_or_else(|| session.module.clone()),
                venue: session.venue.clone().or_else(|| training.venue.clone()),
                instructor: session
                    .instructor
                    .clone()
                    .or_else(|| module.and_then(|m| m.value.instructor.clone())),
                hours: format_hours(session.hours()),
            });
    }
    TrainingView {
        organizer: training.organizer.clone(),
        audience: training.audience.clone(),
        venue: training.venue.clone(),
        ics_url: page.calendar_url(),
        batches: training
            .batches
            .iter()
            .map(|b| BatchView {
                name: b.value.name.clone(),
                start: b.value.start.to_string(),
                end: b.value.end.to_string(),
                start_display: format_date(b.value.start, lang),
                end_display: format_date(b.value.end, lang),
                seats: b.value.seats,
            })
            .collect(),
        total_hours: format_hours(training.modules.iter().filter_map(|m| m.value.hours).sum()),
        scheduled_columns,
        modules,
        weeks,
    }
}
