//! Front matter: YAML parsed into one typed struct per kind of page. Invalid
//! values are rejected here, with the line they are on, so later stages can
//! trust what they get.

use std::fmt;
use std::path::Path;

use jiff::civil::{Date, Time};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::dates::{Every, Refused, parse_date, parse_date_time, parse_time};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::messages::front_matter as say;
use crate::messages::{inspection, publishing};
use crate::yaml;

/// What a page is: chosen by `kind:`, else by its top-level section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A notice (通知公告): dated, with validity, contact and attachments.
    Notice,
    /// A work plan: a period, a status and targets.
    Plan,
    /// A training: batches, modules and a timetable of sessions.
    Training,
    /// Any other page.
    Page,
}

impl Kind {
    /// Every kind, in the order messages list them.
    pub const ALL: [Kind; 4] = [Kind::Notice, Kind::Plan, Kind::Training, Kind::Page];

    /// Its name in front matter (`kind: notice`) and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Notice => "notice",
            Kind::Plan => "plan",
            Kind::Training => "training",
            Kind::Page => "page",
        }
    }

    /// The kind implied by a top-level section folder.
    pub fn from_section(section: &str) -> Kind {
        match section {
            "notices" => Kind::Notice,
            "plans" => Kind::Plan,
            "trainings" => Kind::Training,
            _ => Kind::Page,
        }
    }
}

/// A value with the line of the file it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: Option<usize>,
}

/// Everything a page's front matter may say, typed per kind.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub date: Option<Located<Date>>,
    /// The time of day written after `date` (`date: 2024-03-01 09:30`), if any.
    pub time: Option<Time>,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    /// `author:`: who wrote the page (the `Author` metadata of a government site).
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// The line each of `tags` is written on, in the same order.
    pub tag_lines: Vec<Option<usize>>,
    pub draft: bool,
    pub slug: Option<Located<String>>,
    pub aliases: Vec<Located<String>>,
    pub weight: i64,
    pub template: Option<String>,
    pub poster: Option<Poster>,
    /// The line of `poster:`.
    pub poster_line: Option<usize>,
    pub kind: KindMeta,
    /// A section's column type (`column_type:`, 栏目类型), for `_index.md`.
    pub column_type: Option<Located<String>>,
    /// `description:`: a section's (栏目描述), or a page's (`Description`,
    /// else its summary).
    pub description: Option<String>,
    /// Line of `title:` (or of the front matter), for diagnostics about the page.
    pub line: usize,
    /// `interprets:` — the `.md` file of the policy this page interprets
    /// (解读), as written (resolved like a Markdown link, by the model).
    pub interprets: Option<Located<String>>,
    /// `update_every:` of a section's `_index.md`: how often the column must
    /// be updated (checked by `check`'s inspection).
    pub update_every: Option<Located<Every>>,
}

#[derive(Debug, Clone)]
pub enum KindMeta {
    Page,
    Notice(Notice),
    Plan(Plan),
    Training(Training),
}

impl KindMeta {
    pub fn kind(&self) -> Kind {
        match self {
            KindMeta::Page => Kind::Page,
            KindMeta::Notice(_) => Kind::Notice,
            KindMeta::Plan(_) => Kind::Plan,
            KindMeta::Training(_) => Kind::Training,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub valid_until: Option<Located<Date>>,
    pub urgent: bool,
    pub contact: Option<Contact>,
    pub attachments: Vec<Located<Attachment>>,
    pub disclosure: Disclosure,
}

/// What the disclosure catalogue (政府信息公开目录) knows of a notice or plan.
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    /// 索引号, `disclosure_code/YYYY-NNNNN`: assigned once, never changed.
    pub index_number: Option<Located<String>>,
    /// 主题分类: one of the site's topics.
    pub topic: Option<Located<String>>,
    /// 成文日期: the day the document was signed.
    pub written: Option<Located<Date>>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub issuer: Option<String>,
    pub period: Option<Located<Period>>,
    pub status: Option<PlanStatus>,
    pub targets: Vec<Target>,
    pub disclosure: Disclosure,
}

#[derive(Debug, Clone, Default)]
pub struct Training {
    pub organizer: Option<String>,
    pub audience: Option<String>,
    pub venue: Option<String>,
    pub batches: Vec<Located<Batch>>,
    pub modules: Vec<Located<Module>>,
    pub sessions: Vec<Located<Session>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub file: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(deserialize_with = "date")]
    pub start: Date,
    #[serde(deserialize_with = "date")]
    pub end: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    InForce,
    Completed,
    Superseded,
}

impl PlanStatus {
    pub fn name(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::InForce => "in_force",
            PlanStatus::Completed => "completed",
            PlanStatus::Superseded => "superseded",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub indicator: String,
    /// As written, numbers included (`100`, `0.10`, `≥ 98%`).
    pub target: String,
    pub baseline: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub name: String,
    #[serde(deserialize_with = "date")]
    pub start: Date,
    #[serde(deserialize_with = "date")]
    pub end: Date,
    #[serde(default, deserialize_with = "seats")]
    pub seats: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    pub id: String,
    pub title: String,
    /// Planned hours: more than 0 and at most [`MAX_HOURS`].
    #[serde(default, deserialize_with = "hours")]
    pub hours: Option<f64>,
    pub instructor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    #[serde(deserialize_with = "date")]
    pub date: Date,
    #[serde(deserialize_with = "time")]
    pub start: Time,
    #[serde(deserialize_with = "time")]
    pub end: Time,
    pub module: String,
    pub venue: Option<String>,
    pub instructor: Option<String>,
    pub batch: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Poster {
    #[serde(default)]
    pub size: PosterSize,
    pub slogan: Option<String>,
    pub style: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum PosterSize {
    #[default]
    A4,
    A3,
}

/// The raw shape of front matter: every key of every kind, as written.
#[derive(Debug, Deserialize)]
struct Raw {
    title: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "spanned_date_time")]
    date: Option<Spanned<DateAndTime>>,
    #[serde(default, deserialize_with = "optional_date")]
    updated: Option<Date>,
    summary: Option<String>,
    author: Option<String>,
    tags: Option<Spanned<tags::Written>>,
    #[serde(default)]
    draft: bool,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    weight: i64,
    kind: Option<Spanned<String>>,
    template: Option<String>,
    poster: Option<Spanned<Poster>>,
    // sections
    column_type: Option<Spanned<String>>,
    description: Option<String>,
    // notice and plan: the disclosure catalogue
    index_number: Option<Spanned<String>>,
    topic: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "spanned_date")]
    written: Option<Spanned<Date>>,
    // notice
    issuer: Option<String>,
    doc_number: Option<String>,
    #[serde(default, deserialize_with = "spanned_date")]
    valid_until: Option<Spanned<Date>>,
    urgent: Option<bool>,
    contact: Option<Contact>,
    #[serde(default)]
    attachments: Vec<Spanned<Attachment>>,
    // plan
    period: Option<Spanned<Period>>,
    status: Option<PlanStatus>,
    #[serde(default)]
    targets: Vec<Target>,
    // training
    organizer: Option<String>,
    audience: Option<String>,
    venue: Option<String>,
    #[serde(default)]
    batches: Vec<Spanned<Batch>>,
    #[serde(default)]
    modules: Vec<Spanned<Module>>,
    #[serde(default)]
    sessions: Vec<Spanned<Session>>,
    // interpretations and inspection (issue 21)
    interprets: Option<Spanned<String>>,
    update_every: Option<Spanned<String>>,
}

/// The keys that only some kinds of page have; every other key of [`Raw`] is
/// common to all. Which kind a key belongs to is the one thing serde cannot
/// say; the keys themselves are `Raw`'s fields (a test checks these are).
const KIND_KEYS: [(Kind, &[&str]); 3] = [
    (
        Kind::Notice,
        &[
            "issuer",
            "doc_number",
            "valid_until",
            "urgent",
            "contact",
            "attachments",
            "index_number",
            "topic",
            "written",
        ],
    ),
    (
        Kind::Plan,
        &[
            "issuer",
            "period",
            "status",
            "targets",
            "index_number",
            "topic",
            "written",
        ],
    ),
    (
        Kind::Training,
        &[
            "organizer",
            "audience",
            "venue",
            "batches",
            "modules",
            "sessions",
        ],
    ),
];

/// The keys only a section's `_index.md` has.
const SECTION_KEYS: &[&str] = &["update_every"];

fn keys_of(kind: Kind) -> &'static [&'static str] {
    KIND_KEYS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, keys)| keys)
}

/// Every key front matter may have: the fields of [`Raw`], as serde reads them.
fn all_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    KEYS.get_or_init(yaml::fields_of::<Raw>)
}

/// The keys a page of `kind` may have: the common ones and its kind's.
fn keys_allowed(kind: Kind) -> Vec<&'static str> {
    let of_a_kind = |key: &str| KIND_KEYS.iter().any(|(_, keys)| keys.contains(&key));
    all_keys()
        .iter()
        .copied()
        .filter(|key| !of_a_kind(key) || keys_of(kind).contains(key))
        .filter(|key| !SECTION_KEYS.contains(key))
        .collect()
}

/// Parses front matter. `section` is the page's top-level folder (for its
/// default kind); `is_section` is true for `_index.md` files, which need no date.
pub(crate) fn parse(
    yaml_text: &str,
    first_line: usize,
    file: &Path,
    section: Option<&str>,
    is_section: bool,
    diagnostics: &Diagnostics,
) -> Option<FrontMatter> {
    match read(
        yaml_text,
        first_line,
        file,
        section,
        is_section,
        diagnostics,
    ) {
        Read::Clean(meta) => Some(meta),
        Read::Faulty(_) => None,
    }
}

/// What [`read`] made of a page's front matter.
pub(crate) enum Read {
    /// Front matter without an error.
    Clean(FrontMatter),
    /// Front matter with errors, all reported: the wrong values left at their
    /// defaults, for the checks of its kind that need nothing else (a
    /// training's timetable); None when it is not YAML that can be read.
    Faulty(Option<FrontMatter>),
}

/// [`parse`], with every mistake of the file reported: after an error the
/// text is read again without the wrong values (`yaml::read_every`), and the
/// checks go on with what was read, so that an officer mends them all in one
/// go. A clean file is read once, as by `parse`.
pub(crate) fn read(
    yaml_text: &str,
    first_line: usize,
    file: &Path,
    section: Option<&str>,
    is_section: bool,
    diagnostics: &Diagnostics,
) -> Read {
    let mut faulty = false;
    // The lines with an error of the YAML, and the keys it left unread.
    let (mut error_lines, mut unread) = (Vec::new(), Vec::new());
    let mut raw: Raw = match yaml::parse(yaml_text, file, first_line) {
        Ok(raw) => raw,
        Err(first) => {
            faulty = true;
            let every = yaml::read_every::<Raw>(yaml_text, file, first_line);
            let errors = if every.errors.is_empty() {
                vec![first]
            } else {
                every.errors
            };
            error_lines = errors.iter().filter_map(|e| e.line).collect();
            diagnostics.extend(errors);
            let Some(raw) = every.value else {
                return Read::Faulty(None);
            };
            unread = every.hidden;
            raw
        }
    };
    let yaml_errors = faulty;
    let mut error = |diagnostic: Diagnostic| {
        faulty = true;
        diagnostics.push(diagnostic);
    };
    let at = At { file, first_line };
    // A `kind:` with a wrong value (reported) names no kind, as an unknown one.
    let kind = match unread.iter().any(|key| key == "kind") {
        true => None,
        false => kind_of(&raw, section, &at).map_err(&mut error).ok(),
    };
    // A section's `_index.md` is a page whatever it says.
    let kind = if is_section { Some(Kind::Page) } else { kind };
    report_unknown_keys(
        (yaml_text, first_line, file),
        kind,
        is_section,
        &error_lines,
        diagnostics,
    );
    let kind = kind.unwrap_or_else(|| section.map_or(Kind::Page, Kind::from_section));
    // A title or date with a wrong value, or written after a full-width
    // space, is not missing: its error is reported.
    let reported = |key: &str| {
        yaml_errors && (unread.iter().any(|k| k == key) || after_full_width_space(yaml_text, key))
    };
    let (title, line) = title_of(&raw, &at)
        .map_err(|d| (!reported("title")).then(|| error(d)))
        .unwrap_or((String::new(), first_line));
    if raw.date.is_none() && !is_section && kind != Kind::Page && !reported("date") {
        error(missing_date(kind, &at));
    }
    let update_every = update_every(&raw, &at).map_err(error).unwrap_or_default();
    let tags = tags::read(raw.tags.take(), first_line, file, diagnostics);
    let mut meta = raw.typed(kind, (title, line), tags, first_line);
    meta.update_every = update_every.filter(|_| is_section);
    if let KindMeta::Training(training) = &mut meta.kind
        && unread
            .iter()
            .any(|key| key == "modules" || key == "batches")
    {
        // Sessions are checked against the modules and batches: not against
        // a list left unread for a mistake in it.
        training.sessions.clear();
    }
    if faulty {
        Read::Faulty(Some(meta))
    } else {
        Read::Clean(meta)
    }
}

/// Whether `key` is written at the top of the front matter after a full-width
/// space (`　date:`), which YAML reads as another key and `yaml` reports.
fn after_full_width_space(yaml_text: &str, key: &str) -> bool {
    yaml_text.lines().any(|line| {
        line.starts_with('\u{3000}')
            && line
                .trim_start_matches('\u{3000}')
                .split_once([':', '：'])
                .is_some_and(|(written, _)| written.trim_end() == key)
    })
}

/// A section's `update_every`, read as an interval; an error at its line
/// when it is not one.
fn update_every(raw: &Raw, at: &At<'_>) -> Result<Option<Located<Every>>, Diagnostic> {
    let Some(written) = &raw.update_every else {
        return Ok(None);
    };
    let line = yaml::line_of(&written.referenced, at.first_line);
    match Every::parse(&written.value) {
        Some(every) => Ok(Some(Located { value: every, line })),
        None => Err(
            Diagnostic::error(inspection::update_every_invalid(&written.value))
                .in_file(at.file)
                .at_line(line)
                .with_hint(inspection::update_every_hint()),
        ),
    }
}

/// Where the front matter is: its file, and the line its YAML starts on.
struct At<'a> {
    file: &'a Path,
    first_line: usize,
}

/// The page's kind: its `kind:`, else that of its top-level section.
fn kind_of(raw: &Raw, section: Option<&str>, at: &At<'_>) -> Result<Kind, Diagnostic> {
    let Some(spanned) = &raw.kind else {
        return Ok(section.map_or(Kind::Page, Kind::from_section));
    };
    if let Some(kind) = Kind::ALL.iter().find(|k| k.name() == spanned.value) {
        return Ok(*kind);
    }
    let names = Kind::ALL.map(Kind::name);
    let diagnostic = Diagnostic::error(say::unknown_kind(&spanned.value, &names))
        .in_file(at.file)
        .at_line(yaml::line_of(&spanned.referenced, at.first_line));
    Err(match suggest(&spanned.value, names) {
        Some(near) => diagnostic.with_hint(say::did_you_mean(near)),
        None => diagnostic,
    })
}

/// The page's title and the line it is on (else the front matter's first).
fn title_of(raw: &Raw, at: &At<'_>) -> Result<(String, usize), Diagnostic> {
    let title = raw.title.as_ref();
    let line = title
        .and_then(|t| yaml::line_of(&t.referenced, at.first_line))
        .unwrap_or(at.first_line);
    match title.map(|t| &t.value).filter(|t| !t.trim().is_empty()) {
        Some(title) => Ok((title.clone(), line)),
        None => Err(Diagnostic::error(say::missing_title())
            .in_file(at.file)
            .at_line(Some(at.first_line))
            .with_hint(say::missing_title_hint())),
    }
}

/// The error of a dated kind of page without its date.
fn missing_date(kind: Kind, at: &At<'_>) -> Diagnostic {
    Diagnostic::error(say::missing_date(kind.name()))
        .in_file(at.file)
        .at_line(Some(at.first_line))
        .with_hint(say::missing_date_hint())
}

impl Raw {
    /// The front matter of a page of `kind`, typed, each value with its line.
    fn typed(
        self,
        kind: Kind,
        (title, line): (String, usize),
        (tags, tag_lines): (Vec<String>, Vec<Option<usize>>),
        first_line: usize,
    ) -> FrontMatter {
        let lines = |location: &serde_saphyr::Location| yaml::line_of(location, first_line);
        let disclosure = Disclosure {
            index_number: self.index_number.map(|s| located(s, first_line)),
            topic: self.topic.map(|s| located(s, first_line)),
            written: self.written.map(|s| located(s, first_line)),
        };
        FrontMatter {
            title,
            time: self.date.as_ref().and_then(|s| s.value.1),
            date: self.date.map(|s| Located {
                line: yaml::line_of(&s.referenced, first_line),
                value: s.value.0,
            }),
            updated: self.updated,
            summary: self.summary,
            author: self.author,
            tag_lines,
            tags,
            draft: self.draft,
            slug: self.slug.map(|s| located(s, first_line)),
            aliases: located_all(self.aliases, first_line),
            weight: self.weight,
            template: self.template,
            poster_line: self.poster.as_ref().and_then(|p| lines(&p.referenced)),
            poster: self.poster.map(|p| p.value),
            interprets: self.interprets.map(|s| located(s, first_line)),
            update_every: None,
            kind: match kind {
                Kind::Page => KindMeta::Page,
                Kind::Notice => KindMeta::Notice(Notice {
                    issuer: self.issuer,
                    doc_number: self.doc_number,
                    valid_until: self.valid_until.map(|s| located(s, first_line)),
                    urgent: self.urgent.unwrap_or(false),
                    contact: self.contact,
                    attachments: located_all(self.attachments, first_line),
                    disclosure,
                }),
                Kind::Plan => KindMeta::Plan(Plan {
                    issuer: self.issuer,
                    period: self.period.map(|s| located(s, first_line)),
                    status: self.status,
                    targets: self.targets,
                    disclosure,
                }),
                Kind::Training => KindMeta::Training(Training {
                    organizer: self.organizer,
                    audience: self.audience,
                    venue: self.venue,
                    batches: located_all(self.batches, first_line),
                    modules: located_all(self.modules, first_line),
                    sessions: located_all(self.sessions, first_line),
                }),
            },
            column_type: self.column_type.map(|s| located(s, first_line)),
            description: self.description,
            line,
        }
    }
}

/// Each value with the line it is written on.
fn located_all<T>(values: Vec<Spanned<T>>, first_line: usize) -> Vec<Located<T>> {
    values.into_iter().map(|s| located(s, first_line)).collect()
}

fn located<T>(spanned: Spanned<T>, first_line: usize) -> Located<T> {
    Located {
        line: yaml::line_of(&spanned.referenced, first_line),
        value: spanned.value,
    }
}

/// Warns about keys placard does not know, or that belong to another kind.
/// `kind` is None when `kind:` names none: then a key of any kind is allowed.
/// A key on one of `error_lines` (a line already with an error) is left to that error.
fn report_unknown_keys(
    (yaml_text, first_line, file): (&str, usize, &Path),
    kind: Option<Kind>,
    is_section: bool,
    error_lines: &[usize],
    diagnostics: &Diagnostics,
) {
    let mut allowed = match kind {
        Some(kind) => keys_allowed(kind),
        None => all_keys()
            .iter()
            .copied()
            .filter(|key| !SECTION_KEYS.contains(key))
            .collect(),
    };
    let kind = kind.unwrap_or(Kind::Page);
    if is_section {
        allowed.extend(SECTION_KEYS);
    }
    if only_known_plain_keys(yaml_text, &allowed) {
        return;
    }
    let Ok(TopKeys(keys)) =
        serde_saphyr::from_str_with_options::<TopKeys>(yaml_text, yaml::options())
    else {
        return;
    };
    for (key, key_line) in keys {
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let line = yaml::line_of(&key_line, first_line);
        if line.is_some_and(|line| error_lines.contains(&line)) {
            continue;
        }
        if SECTION_KEYS.contains(&key.as_str()) {
            diagnostics.push(
                Diagnostic::warning(inspection::section_key_on_page(&key))
                    .with_hint(inspection::section_key_on_page_hint(&key))
                    .in_file(file)
                    .at_line(line),
            );
            continue;
        }
        let owner = Kind::ALL
            .into_iter()
            .find(|k| keys_of(*k).contains(&key.as_str()));
        let diagnostic = match owner {
            Some(owner) => Diagnostic::warning(say::key_of_another_kind(
                &key,
                owner.name(),
                if is_section { "section" } else { kind.name() },
            ))
            .with_hint(say::key_of_another_kind_hint(owner.name())),
            None => match unknown::guess(&key, &allowed) {
                Some(guess) => guessed_key(&key, guess, yaml_text, &key_line, kind),
                None => {
                    let diagnostic = Diagnostic::warning(say::unknown_key(&key));
                    match suggest(&key, all_keys().iter().copied()) {
                        Some(near) => diagnostic.with_hint(say::did_you_mean(near)),
                        None => diagnostic,
                    }
                }
            },
        };
        diagnostics.push(diagnostic.in_file(file).at_line(line));
    }
}

/// The diagnostic of an unknown key placard can name: an error when it stands
/// for a key that decides publication, else a warning; either with the line
/// as it should read.
fn guessed_key(
    key: &str,
    guess: unknown::Guess,
    yaml_text: &str,
    key_line: &serde_saphyr::Location,
    kind: Kind,
) -> Diagnostic {
    let field = match guess {
        unknown::Guess::Publication(field) | unknown::Guess::Chinese(field) => field,
    };
    let fixed = unknown::with_key(
        yaml_text,
        (key_line.line() as usize).saturating_sub(1),
        key,
        field,
    );
    let owner = Kind::ALL
        .into_iter()
        .find(|k| keys_of(*k).contains(&field))
        .filter(|owner| *owner != kind);
    match (guess, owner) {
        (unknown::Guess::Publication(near), _) => {
            Diagnostic::error(publishing::misspelt_publication_key(key, near))
                .with_hint(publishing::write_key_as(&fixed))
        }
        (unknown::Guess::Chinese(_), Some(owner)) => Diagnostic::warning(
            publishing::chinese_key_of_another_kind(key, field, owner.name()),
        )
        .with_hint(publishing::set_kind(owner.name())),
        (unknown::Guess::Chinese(_), None) if unknown::is_publication_key(field) => {
            Diagnostic::error(publishing::chinese_publication_key(key, field))
                .with_hint(publishing::write_key_as(&fixed))
        }
        (unknown::Guess::Chinese(_), None) => {
            Diagnostic::warning(publishing::chinese_key(key, field))
                .with_hint(publishing::write_key_as(&fixed))
        }
    }
}

/// True when every line that starts at the left margin is `key:` with a plain key of
/// `allowed` (others are blank, comments, or indented under a key): such a mapping
/// has no other top-level key, and the second parse of the front matter, which looks
/// for unknown keys, can be skipped (it took 6 % of a large build). Anything else (a
/// quoted or flow key, `---`, `? `, anchors, an indented mapping) is left to the parse.
fn only_known_plain_keys(yaml_text: &str, allowed: &[&str]) -> bool {
    let mut saw_key = false;
    for line in yaml_text.lines() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first == '#' || line.trim().is_empty() {
            continue;
        }
        if first == ' ' || first == '\t' {
            if !saw_key {
                return false; // an indented mapping, or text before any key
            }
            continue;
        }
        let Some((key, rest)) = line.split_once(':') else {
            return false;
        };
        let plain = key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !plain || !(rest.is_empty() || rest.starts_with([' ', '\t'])) || !allowed.contains(&key)
        {
            return false;
        }
        saw_key = true;
    }
    true
}

/// The top-level keys of a YAML mapping with their locations.
struct TopKeys(Vec<(String, serde_saphyr::Location)>);

impl<'de> Deserialize<'de> for TopKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = TopKeys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push((key.value, key.referenced));
                }
                Ok(TopKeys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// The error of a date or time the front matter cannot hold, with how to write one.
fn refused<E: de::Error>(refused: Refused) -> E {
    yaml::invalid(refused.message, refused.hint)
}

fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_date(&text).map_err(refused)
}

fn optional_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| parse_date(&text).map_err(refused))
        .transpose()
}

/// A date where a time of day after it means nothing (`valid_until`, `written`).
fn spanned_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<Date>>, D::Error> {
    let written = spanned_date_time(deserializer)?;
    Ok(written.map(|s| Spanned::new(s.value.0, s.referenced, s.defined)))
}

/// A date and the time of day written after it, if any (`2024-03-01 09:30`).
type DateAndTime = (Date, Option<Time>);

/// `date:`, with the time of day written after it, if any.
fn spanned_date_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<DateAndTime>>, D::Error> {
    let Some(spanned) = Option::<Spanned<String>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let written = parse_date_time(&spanned.value).map_err(refused)?;
    Ok(Some(Spanned::new(
        written,
        spanned.referenced,
        spanned.defined,
    )))
}

fn time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_time(&text).map_err(refused)
}

/// The most hours a module may plan: a year has 8,760, so more is a typo, and
/// the totals of a timetable stay finite.
pub(crate) const MAX_HOURS: f64 = 10_000.0;

/// A module's `hours`, read from the number as written so that the message can
/// quote it: YAML would hand `.nan`, `-.inf` and `-3` over as numbers, and a
/// page would show "NaN".
fn hours<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    let Some(written) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    match written.trim().parse::<f64>() {
        Ok(hours) if hours > 0.0 && hours <= MAX_HOURS => Ok(Some(hours)),
        _ => Err(yaml::invalid(
            say::hours_out_of_range(MAX_HOURS, &written),
            say::hours_out_of_range_hint(),
        )),
    }
}

/// A batch's `seats`: 0 would print "0 seats" on the page and the poster.
fn seats<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    match Option::<u32>::deserialize(deserializer)? {
        Some(0) => Err(yaml::invalid(say::no_seats(), say::no_seats_hint())),
        seats => Ok(seats),
    }
}

mod tags;
mod unknown;

#[cfg(test)]
mod tests;
