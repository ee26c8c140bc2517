//! What templates see: the site model turned into plain, serialisable views,
//! per language. The fields are documented in docs/templates.md.

use indexmap::IndexMap;
use jiff::civil::Date;
use serde::Serialize;

use super::i18n::{file_size, format_date, week_label, weekday};
use crate::content::front_matter::{Attachment, Contact, KindMeta, Notice, Plan, Target};
use crate::content::markdown::TocEntry;
use crate::model::{Page, Site, tag_segment};
use crate::timetable::{Schedule, format_hours, week_start};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
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
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub year: Option<i16>,
    pub tags: Vec<TagLink>,
    /// Borrowed from the page: a page's HTML is not copied to render it.
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub show_toc: bool,
    pub word_count: usize,
    pub poster_url: Option<String>,
    /// The first photo the page shows, as its widest copy (for `<meta
    /// name="Image">`, `og:image` and the poster); never the original.
    pub image: Option<ImageView>,
    pub expired: bool,
    pub urgent: bool,
    pub notice: Option<NoticeView>,
    pub plan: Option<PlanView>,
    pub training: Option<TrainingView>,
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
    pub total_hours: String,
    pub total_scheduled_hours: String,
    pub weeks: Vec<WeekView>,
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
    pub hours: Option<String>,
    pub instructor: Option<String>,
    pub scheduled_hours: String,
    /// True when the timetable's hours differ from the module's `hours`.
    pub mismatch: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeekView {
    pub label: String,
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
    pub width: u32,
    pub height: u32,
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
            updated: page.meta.updated.map(|d| d.to_string()),
            updated_display: page.meta.updated.map(|d| format_date(d, lang)),
            year: date.map(|d| d.year()),
            tags: page
                .meta
                .tags
                .iter()
                .map(|tag| TagLink {
                    name: tag.clone(),
                    url: format!("{tag_base}{}/", tag_segment(tag)),
                })
                .collect(),
            content: if full { &page.rendered.html } else { "" },
            toc: if full { &page.rendered.toc } else { &[] },
            show_toc: page.rendered.toc.len() >= 3,
            word_count: page.rendered.word_count,
            poster_url: page.meta.poster.as_ref().map(|_| page.poster_url()),
            image: crate::model::markdown::first_picture(page, &site.config.images).map(|shown| {
                let url = format!("{}{}", page.url, shown.src);
                ImageView {
                    permalink: site.permalink(&url),
                    url,
                    width: shown.width,
                    height: shown.height,
                }
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
        }
    }
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
    let modules: Vec<ModuleView> = training
        .modules
        .iter()
        .map(|m| {
            let scheduled = schedule.hours_of(&m.value.id);
            ModuleView {
                id: m.value.id.clone(),
                title: m.value.title.clone(),
                hours: m.value.hours.map(format_hours),
                instructor: m.value.instructor.clone(),
                scheduled_hours: format_hours(scheduled),
                mismatch: m.value.hours.is_some_and(|h| (h - scheduled).abs() > 0.01),
            }
        })
        .collect();
    let mut weeks: Vec<WeekView> = Vec::new();
    let mut current_week = None;
    for session in &schedule.sessions {
        let monday = week_start(session.date);
        if current_week != Some(monday) {
            current_week = Some(monday);
            weeks.push(WeekView {
                label: week_label(weeks.len() + 1, monday, lang),
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
        total_scheduled_hours: format_hours(schedule.total_hours()),
        modules,
        weeks,
    }
}
