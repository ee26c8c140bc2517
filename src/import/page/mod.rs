//! The page written from what was recognised: front matter with the keys of
//! its kind, then the body in Markdown. What a kind has no key for stays in
//! the body, so nothing the document says is lost.

use jiff::civil::Date;

use super::docx::{Document, Inline, Paragraph, Span, Table};
use super::layout::{Contact, Found, Part, Recognised};
use super::markdown::{self, Names};
use super::numerals::digit;
use crate::content::front_matter::Kind;

/// What the page is made with besides the document.
pub(super) struct Choices<'a> {
    pub kind: Kind,
    /// The kind the page's top-level section gives: `kind:` is written when it differs.
    pub section_kind: Kind,
    pub today: Date,
    /// The title when the layout shows none: the document properties', else
    /// the file name.
    pub fallback_title: Found<String>,
    /// The names of the files given with `--attach`, in order.
    pub attach: &'a [String],
    /// The document's file name, for the comment at the top of the front matter.
    pub source_name: &'a str,
}

/// A file of the page bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BundleFile {
    /// The document's image of this index.
    Image(usize),
    /// The `--attach` file of this index.
    Attachment(usize),
}

/// The page, and what went into it, for the report.
#[derive(Debug)]
pub(super) struct Composed {
    /// The whole file: front matter and body.
    pub text: String,
    /// The files beside it (a bundle when there are any), by name.
    pub files: Vec<(String, BundleFile)>,
    pub title: Found<String>,
    /// The date written, if any.
    pub date: Option<Date>,
    /// No date was found, and the kind needs one: today's was written.
    pub dated_today: bool,
    /// Keys of the front matter this kind has no place for, kept in the body.
    pub kept_in_body: Vec<&'static str>,
    pub counts: Counts,
    /// `(file, title, title from the attachment note)` of each attachment.
    pub attachments: Vec<(String, String, bool)>,
    /// Items of the attachment note no `--attach` file was given for.
    pub unmatched_items: Vec<String>,
    /// The targets table taken into the front matter: its rows and its head.
    pub targets: Option<(usize, String)>,
    /// The plan's period, from the years in the title.
    pub period: Option<(Date, Date)>,
    pub contact: Option<Contact>,
    /// Image files without alt text.
    pub without_alt: Vec<String>,
    pub urgent: bool,
    pub draft: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Counts {
    /// Headings by level: `##`, `###`, `####` and deeper.
    pub headings: [usize; 3],
    pub items: usize,
    pub tables: usize,
    pub images: usize,
    pub notes: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Target {
    indicator: String,
    target: String,
    baseline: Option<String>,
    note: Option<String>,
}

pub(super) fn compose(doc: &Document, found: &Recognised, choices: &Choices) -> Composed {
    let kind = choices.kind;
    let title = found
        .title
        .clone()
        .filter(|t| !t.value.trim().is_empty())
        .unwrap_or_else(|| choices.fallback_title.clone());
    let dated = kind != Kind::Page;
    let dated_today = dated && found.date.is_none();
    let date = found
        .date
        .as_ref()
        .map(|d| d.value)
        .or(dated.then_some(choices.today));
    let Bundle {
        files,
        image_names,
        shown,
    } = bundle_files(doc, found, choices.attach);
    let names = Names {
        images: &image_names,
    };
    let (attachments, unmatched_items) = match_attachments(&found.attachment_note, choices.attach);
    let facts = Facts {
        kind,
        date,
        targets: if kind == Kind::Plan {
            found.body.iter().find_map(|part| match part {
                Part::Table(table) => targets_of(table).map(|t| (t, table_head(table))),
                _ => None,
            })
        } else {
            None
        },
        period: if kind == Kind::Plan {
            period_in(&title.value)
        } else {
            None
        },
        contact: found.contact.clone().filter(|_| kind == Kind::Notice),
        urgent: kind == Kind::Notice && found.urgency.is_some(),
        draft: found.classification.is_some(),
        issuer: found.issuer.as_ref().map(|i| i.value.clone()),
        doc_number: found.doc_number.as_ref().map(|d| d.value.clone()),
        attachments,
        unmatched_items,
    };
    let (yaml, kept_in_body) = facts.front_matter(&title.value, choices);
    let mut body = Body::default();
    body.write(doc, found, &facts, &kept_in_body, &names);
    body.counts.images = shown.len();
    let without_alt = alt_missing(found, doc, &image_names);

    let mut text = yaml.join("\n");
    text.push_str("\n\n");
    text.push_str(&body.blocks.join("\n\n"));
    text.push('\n');
    let Facts {
        targets,
        period,
        contact,
        urgent,
        draft,
        attachments,
        unmatched_items,
        ..
    } = facts;
    Composed {
        text,
        files,
        title,
        date,
        dated_today,
        kept_in_body,
        counts: body.counts,
        attachments,
        unmatched_items,
        targets: targets.map(|(rows, head)| (rows.len(), head)),
        period,
        contact,
        without_alt,
        urgent,
        draft,
    }
}

/// The files beside a page, and which images it shows.
struct Bundle {
    /// The images shown, then the attachments.
    files: Vec<(String, BundleFile)>,
    /// Each image's name; None for an image the page does not show.
    image_names: Vec<Option<String>>,
    /// The images shown.
    shown: Vec<usize>,
}

/// Files beside the page: the images shown, then the attachments.
fn bundle_files(doc: &Document, found: &Recognised, attach: &[String]) -> Bundle {
    let mut files: Vec<(String, BundleFile)> = Vec::new();
    let mut image_names: Vec<Option<String>> = vec![None; doc.images.len()];
    let taken = |name: &str| attach.iter().any(|a| a.eq_ignore_ascii_case(name));
    let mut n = 0;
    // Only the images the page shows: a picture in the header zone (a red
    // header pasted as an image) is layout, like the header itself.
    let shown: Vec<usize> = all_images(found, doc);
    for &index in &shown {
        let image = &doc.images[index];
        let name = loop {
            n += 1;
            let name = format!("image-{n}.{}", image.extension);
            if !taken(&name) {
                break name;
            }
        };
        image_names[index] = Some(name.clone());
        files.push((name, BundleFile::Image(index)));
    }
    for (index, name) in attach.iter().enumerate() {
        files.push((name.clone(), BundleFile::Attachment(index)));
    }
    Bundle {
        files,
        image_names,
        shown,
    }
}

/// What the page says of itself besides its title, as recognised for its kind.
struct Facts {
    kind: Kind,
    date: Option<Date>,
    /// A plan's targets table, and its head row.
    targets: Option<(Vec<Target>, String)>,
    period: Option<(Date, Date)>,
    contact: Option<Contact>,
    urgent: bool,
    draft: bool,
    issuer: Option<String>,
    doc_number: Option<String>,
    /// (file, title, whether the title came from the 附件 note).
    attachments: Vec<(String, String, bool)>,
    unmatched_items: Vec<String>,
}

impl Facts {
    /// The front matter's lines, and the keys its kind has no place for (kept
    /// in the body instead).
    fn front_matter(&self, title: &str, choices: &Choices) -> (Vec<String>, Vec<&'static str>) {
        let mut yaml = vec![
            "---".to_string(),
            format!(
                "# {} ← placard import, {}",
                choices.source_name.replace(['\n', '\r'], " "),
                choices.today
            ),
            format!("title: {}", quoted(title)),
        ];
        if let Some(date) = self.date {
            yaml.push(format!("date: {date}"));
        }
        if choices.section_kind != self.kind {
            yaml.push(format!("kind: {}", self.kind.name()));
        }
        if self.draft {
            yaml.push("draft: true".to_string());
        }
        let kept_in_body = match self.kind {
            Kind::Notice => self.notice_keys(&mut yaml),
            Kind::Plan => self.plan_keys(&mut yaml),
            Kind::Training => {
                if let Some(issuer) = &self.issuer {
                    yaml.push(format!("organizer: {}", quoted(issuer)));
                }
                self.doc_number.iter().map(|_| "doc_number").collect()
            }
            Kind::Page => {
                let mut kept = Vec::new();
                if self.doc_number.is_some() {
                    kept.push("doc_number");
                }
                if self.issuer.is_some() {
                    kept.push("issuer");
                }
                kept
            }
        };
        yaml.push("---".to_string());
        (yaml, kept_in_body)
    }

    fn notice_keys(&self, yaml: &mut Vec<String>) -> Vec<&'static str> {
        if let Some(issuer) = &self.issuer {
            yaml.push(format!("issuer: {}", quoted(issuer)));
        }
        if let Some(number) = &self.doc_number {
            yaml.push(format!("doc_number: {}", quoted(number)));
        }
        if self.urgent {
            yaml.push("urgent: true".to_string());
        }
        if let Some(contact) = &self.contact {
            let mut fields = Vec::new();
            if let Some(name) = &contact.name {
                fields.push(format!("name: {}", quoted(name)));
            }
            if let Some(phone) = &contact.phone {
                fields.push(format!("phone: {}", quoted(phone)));
            }
            yaml.push(format!("contact: {{ {} }}", fields.join(", ")));
        }
        if !self.attachments.is_empty() {
            yaml.push("attachments:".to_string());
            for (file, title, _) in &self.attachments {
                yaml.push(format!(
                    "  - {{ file: {}, title: {} }}",
                    quoted(file),
                    quoted(title)
                ));
            }
        }
        Vec::new()
    }

    fn plan_keys(&self, yaml: &mut Vec<String>) -> Vec<&'static str> {
        if let Some(issuer) = &self.issuer {
            yaml.push(format!("issuer: {}", quoted(issuer)));
        }
        if let Some((start, end)) = self.period {
            yaml.push(format!("period: {{ start: {start}, end: {end} }}"));
        }
        if let Some((rows, _)) = &self.targets {
            yaml.push("targets:".to_string());
            for target in rows {
                let mut fields = vec![
                    format!("indicator: {}", quoted(&target.indicator)),
                    format!("target: {}", quoted(&target.target)),
                ];
                if let Some(baseline) = &target.baseline {
                    fields.push(format!("baseline: {}", quoted(baseline)));
                }
                if let Some(note) = &target.note {
                    fields.push(format!("note: {}", quoted(note)));
                }
                yaml.push(format!("  - {{ {} }}", fields.join(", ")));
            }
        }
        self.doc_number.iter().map(|_| "doc_number").collect()
    }
}

/// The body as Markdown blocks, and what it holds.
#[derive(Default)]
struct Body {
    blocks: Vec<String>,
    /// The last block is a list item (the next item joins it).
    last_was_item: bool,
    counts: Counts,
}

impl Body {
    /// A block; items one after another make one list.
    fn push(&mut self, text: String, item: bool) {
        if text.trim().is_empty() {
            return;
        }
        if item
            && self.last_was_item
            && let Some(last) = self.blocks.last_mut()
        {
            last.push('\n');
            last.push_str(&text);
        } else {
            self.blocks.push(text);
        }
        self.last_was_item = item;
    }

    /// The document's text in order: a number or issuer the front matter has
    /// no place for, the recipients, the body's parts, an attachment list,
    /// then the footnotes.
    fn write(
        &mut self,
        doc: &Document,
        found: &Recognised,
        facts: &Facts,
        kept_in_body: &[&str],
        names: &Names,
    ) {
        if kept_in_body.contains(&"doc_number")
            && let Some(number) = &facts.doc_number
        {
            self.push(markdown::inlines(&[plain(number)], names, 0), false);
        }
        if let Some(recipients) = &found.recipients {
            self.push(markdown::inlines(&recipients.inlines, names, 0), false);
        }
        let mut targets_skipped = false;
        for part in &found.body {
            self.part(part, facts, names, &mut targets_skipped);
        }
        if found.attachment_note.is_empty()
            && facts.kind != Kind::Notice
            && !facts.attachments.is_empty()
        {
            self.push("附件：".to_string(), false);
            let list = facts
                .attachments
                .iter()
                .enumerate()
                .map(|(i, (file, title, _))| {
                    format!("{}. [{}](<{file}>)", i + 1, markdown::escape(title))
                })
                .collect::<Vec<_>>()
                .join("\n");
            self.push(list, false);
        }
        if kept_in_body.contains(&"issuer")
            && let Some(issuer) = &facts.issuer
        {
            self.push(markdown::inlines(&[plain(issuer)], names, 0), false);
        }
        // Footnotes at the end, numbered as referred to.
        for (index, note) in doc.notes.iter().enumerate() {
            let text = markdown::inlines(&without_breaks(note), names, 0);
            self.counts.notes += 1;
            let text = if text.is_empty() {
                "\\-".to_string()
            } else {
                text
            };
            self.push(format!("[^{}]: {text}", index + 1), false);
        }
    }

    /// One part of the body. A plan's targets table, in the front matter
    /// already, is left out once.
    fn part(&mut self, part: &Part, facts: &Facts, names: &Names, targets_skipped: &mut bool) {
        match part {
            Part::Heading(level, inlines) => {
                let flat = without_breaks(inlines);
                self.counts.headings[usize::from(level.clamp(&2, &4) - 2)] += 1;
                let hashes = "#".repeat(usize::from(*level));
                let text = format!("{hashes} {}", markdown::inlines(&flat, names, 0));
                self.push(text, false);
            }
            Part::Item(number, inlines) => {
                self.counts.items += 1;
                let marker = format!("{number}. ");
                let text = markdown::inlines(inlines, names, marker.len());
                self.push(format!("{marker}{text}"), true);
            }
            Part::Bullet(inlines) => {
                self.counts.items += 1;
                self.push(format!("- {}", markdown::inlines(inlines, names, 2)), true);
            }
            Part::Paragraph(inlines) => self.push(markdown::inlines(inlines, names, 0), false),
            Part::Contact(inlines) => {
                if facts.contact.is_none() {
                    self.push(markdown::inlines(inlines, names, 0), false);
                }
            }
            Part::Table(table) => {
                if !*targets_skipped
                    && let Some((rows, _)) = &facts.targets
                    && targets_of(table).as_ref() == Some(rows)
                {
                    *targets_skipped = true;
                    return;
                }
                if let Some(paragraphs) = framed_text(table) {
                    for p in paragraphs {
                        self.push(markdown::inlines(&p.inlines, names, 0), false);
                    }
                    return;
                }
                self.counts.tables += 1;
                self.push(markdown::table(table, names), false);
            }
            Part::AttachmentNote(items) => {
                let listed = attachment_list(
                    facts.kind,
                    items,
                    &facts.attachments,
                    &facts.unmatched_items,
                );
                if let Some(list) = listed {
                    self.push("附件：".to_string(), false);
                    self.push(list, false);
                }
            }
        }
    }
}

/// The section a kind of page goes to when `--section` is not given.
pub(super) fn section_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Notice => "notices",
        Kind::Plan => "plans",
        Kind::Training => "trainings",
        Kind::Page => "",
    }
}

fn plain(text: &str) -> Inline {
    Inline::Text(Span {
        text: text.to_string(),
        ..Span::default()
    })
}

fn without_breaks(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Break => plain(" "),
            other => other.clone(),
        })
        .collect()
}

/// A one-cell table is a frame drawn around text, not a table.
fn framed_text(table: &Table) -> Option<Vec<&Paragraph>> {
    match table.rows.as_slice() {
        [row] if row.cells.len() == 1 => Some(row.cells[0].paragraphs.iter().collect()),
        _ => None,
    }
}

/// A YAML double-quoted string.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{85}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Pairs the `--attach` files with the items of the attachment note: by name
/// where an item names a file, else in order. Returns `(file, title, title from
/// the note)` per file, and the items left without a file.
fn match_attachments(
    items: &[String],
    files: &[String],
) -> (Vec<(String, String, bool)>, Vec<String>) {
    let stem = |file: &str| file.rsplit_once('.').map_or(file, |(s, _)| s).to_string();
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '“' | '”'))
            .collect()
    };
    let mut used = vec![false; items.len()];
    let mut titles: Vec<Option<usize>> = vec![None; files.len()];
    for (f, file) in files.iter().enumerate() {
        let s = squeeze(&stem(file));
        if let Some(i) = (0..items.len()).find(|&i| {
            let item = squeeze(&items[i]);
            !used[i] && !s.is_empty() && (item == s || item.contains(&s) || s.contains(&item))
        }) {
            used[i] = true;
            titles[f] = Some(i);
        }
    }
    for title in titles.iter_mut().filter(|t| t.is_none()) {
        if let Some(i) = (0..items.len()).find(|&i| !used[i]) {
            used[i] = true;
            *title = Some(i);
        }
    }
    let attachments = files
        .iter()
        .zip(&titles)
        .map(|(file, title)| match title {
            Some(i) => (file.clone(), items[*i].clone(), true),
            None => (file.clone(), stem(file), false),
        })
        .collect();
    let unmatched = if files.is_empty() {
        Vec::new()
    } else {
        items
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(item, _)| item.clone())
            .collect()
    };
    (attachments, unmatched)
}

/// The attachment note as it stays in the body: a notice lists only the items
/// no file was given for (the others are its `attachments:`), other kinds link
/// each item to its file.
fn attachment_list(
    kind: Kind,
    items: &[String],
    attachments: &[(String, String, bool)],
    unmatched: &[String],
) -> Option<String> {
    let lines: Vec<String> = if attachments.is_empty() {
        items.iter().map(|i| markdown::escape(i)).collect()
    } else if kind == Kind::Notice {
        unmatched.iter().map(|i| markdown::escape(i)).collect()
    } else {
        attachments
            .iter()
            .map(|(file, title, _)| format!("[{}](<{file}>)", markdown::escape(title)))
            .chain(unmatched.iter().map(|i| markdown::escape(i)))
            .collect()
    };
    (!lines.is_empty()).then(|| {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{}. {line}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The text of each cell of a row, white space squeezed.
fn row_texts(table: &Table, row: usize) -> Vec<String> {
    table.rows[row]
        .cells
        .iter()
        .map(|c| {
            c.paragraphs
                .iter()
                .map(Paragraph::text)
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn table_head(table: &Table) -> String {
    row_texts(table, 0).join(" | ")
}

/// A plan's targets table: a head with an indicator column (`指标`, `项目`) and a
/// target column (`目标`, `目标值`), optionally a baseline (`基数`, `现状`) and a
/// note (`备注`), and no merged cells.
fn targets_of(table: &Table) -> Option<Vec<Target>> {
    if table.rows.len() < 2
        || table
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.span != 1 || c.continued))
    {
        return None;
    }
    let head: Vec<String> = row_texts(table, 0)
        .iter()
        .map(|h| h.replace(' ', ""))
        .collect();
    let column = |words: &[&str], not: &[&str]| {
        head.iter()
            .position(|h| words.iter().any(|w| h.contains(w)) && !not.iter().any(|n| h.contains(n)))
    };
    let target = column(&["目标", "指标值", "预期"], &[])?;
    let indicator = column(&["指标", "项目", "名称", "内容"], &["指标值", "目标"])?;
    let baseline = column(&["基数", "基期", "基准", "现状", "上年"], &[]);
    let note = column(&["备注", "说明"], &[]);
    let mut rows = Vec::new();
    for index in 1..table.rows.len() {
        let cells = row_texts(table, index);
        let cell = |c: Option<usize>| {
            c.and_then(|c| cells.get(c))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        match (cell(Some(indicator)), cell(Some(target))) {
            (Some(indicator), Some(target)) => rows.push(Target {
                indicator,
                target,
                baseline: cell(baseline),
                note: cell(note),
            }),
            (None, None) => continue,
            _ => return None,
        }
    }
    (!rows.is_empty()).then_some(rows)
}

/// `2024年…计划` → all of 2024; `2025—2027年…规划` → 2025-01-01 to 2027-12-31.
fn period_in(title: &str) -> Option<(Date, Date)> {
    let chars: Vec<char> = title.chars().collect();
    let mut years: Vec<(usize, usize, i16)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| digit(**c).is_some())
            .count();
        if run == 4 {
            let year = chars[i..i + 4]
                .iter()
                .fold(0i16, |n, c| n * 10 + digit(*c).unwrap_or(0) as i16);
            if (1949..=2200).contains(&year) {
                years.push((i, i + 4, year));
            }
        }
        i += run.max(1);
    }
    let year_end = |end: usize| chars.get(end) == Some(&'年');
    let (start, end) = match years.as_slice() {
        [(_, end, year)] if year_end(*end) => (*year, *year),
        [
            (_, first_end, first),
            (second_start, second_end, second),
            ..,
        ] if year_end(*second_end)
            && chars[*first_end..*second_start].iter().all(|c| {
                matches!(
                    c,
                    '—' | '–' | '-' | '－' | '至' | '到' | '~' | '～' | '年' | ' '
                )
            })
            && first < second =>
        {
            (*first, *second)
        }
        _ => return None,
    };
    Some((Date::new(start, 1, 1).ok()?, Date::new(end, 12, 31).ok()?))
}

/// The images the page shows (each once).
fn all_images(found: &Recognised, doc: &Document) -> Vec<usize> {
    let mut shown: Vec<usize> = Vec::new();
    let mut see = |inlines: &[Inline]| {
        for inline in inlines {
            if let Inline::Image { index, .. } = inline
                && !shown.contains(index)
            {
                shown.push(*index);
            }
        }
    };
    for_each_inlines(found, doc, &mut see);
    shown
}

/// Image files shown somewhere without alt text.
fn alt_missing(found: &Recognised, doc: &Document, names: &[Option<String>]) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    let mut see = |inlines: &[Inline]| {
        for inline in inlines {
            if let Inline::Image { index, alt } = inline
                && alt.trim().is_empty()
                && let Some(Some(name)) = names.get(*index)
                && !missing.contains(name)
            {
                missing.push(name.clone());
            }
        }
    };
    for_each_inlines(found, doc, &mut see);
    missing
}

fn for_each_inlines(found: &Recognised, doc: &Document, see: &mut dyn FnMut(&[Inline])) {
    if let Some(p) = &found.recipients {
        see(&p.inlines);
    }
    for part in &found.body {
        match part {
            Part::Heading(_, inlines)
            | Part::Item(_, inlines)
            | Part::Bullet(inlines)
            | Part::Paragraph(inlines)
            | Part::Contact(inlines) => see(inlines),
            Part::Table(table) => {
                for cell in table.rows.iter().flat_map(|r| &r.cells) {
                    for p in &cell.paragraphs {
                        see(&p.inlines);
                    }
                }
            }
            Part::AttachmentNote(_) => {}
        }
    }
    for note in &doc.notes {
        see(note);
    }
}

#[cfg(test)]
mod tests;
