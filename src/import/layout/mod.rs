//! The official document layout (GB/T 9704-2012) recognised in a [`Document`]:
//! the header zone (copy number, classification, urgency, the red
//! `XX文件` line, the document number, the red rule), the title, the main
//! recipients, the body with its numbered headings, the attachment note, the
//! signature and written date, notes after it, attachments printed after the
//! document, and the colophon (抄送, 印发). Kind-independent: what a kind of
//! page keeps of it is decided when the page is written.

mod body;

use jiff::civil::Date;

use super::docx::{Align, Block, Document, Inline, Paragraph, Table};
use super::numerals::{self, digit};
use body::{attachment_note, attachments, classify, is_attachment_start, is_heading_number};

/// What the layout says, each field with where it was read.
#[derive(Debug, Default)]
pub(crate) struct Recognised {
    pub title: Option<Found<String>>,
    pub doc_number: Option<Found<String>>,
    pub issuer: Option<Found<String>>,
    pub date: Option<Found<Date>>,
    /// The printing date of the colophon: the date when no written date is found.
    pub printed: Option<Found<Date>>,
    /// `特急` or `加急`, as written.
    pub urgency: Option<String>,
    /// `秘密★1年` and the like, as written: such a document is not for a website.
    pub classification: Option<String>,
    pub recipients: Option<Paragraph>,
    pub body: Vec<Part>,
    /// The items of the attachment note (`附件：1. 报名表`), numbers taken off.
    pub attachment_note: Vec<String>,
    pub contact: Option<Contact>,
    /// The lines that are layout, not text, in the order met.
    pub left_out: Vec<LeftOut>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found<T> {
    pub value: T,
    pub source: Source,
}

/// Where a field was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// The red header line (`县人口和计划生育委员会文件`), as written.
    RedHeader(String),
    /// A line of the page header, as written.
    PageHeader(String),
    /// The signature above the date.
    Signature,
    /// The document number line, as written (brackets may have been changed).
    NumberLine(String),
    /// The written date, as written.
    WrittenDate(String),
    /// The printing date of the colophon (`…2024年3月10日印发`), as written.
    PrintedDate(String),
    /// The centred title, in so many lines.
    CentredTitle(usize),
    /// The first line, not centred: a guess.
    FirstLine,
    /// The title of the document's properties (File → Info): a guess.
    Properties,
    /// The file name: a guess.
    FileName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LeftOut {
    CopyNumber,
    RedHeader,
    Rule,
    Signer,
    Signature,
    PageNumber,
    Colophon,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// A piece of the body, classified.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// A heading: 2 for `一、`, 3 for `（一）`, 4 for a standalone `1.`.
    Heading(u8, Vec<Inline>),
    /// A numbered list item (`1.` followed by more of its list), number taken off.
    Item(u32, Vec<Inline>),
    Bullet(Vec<Inline>),
    Paragraph(Vec<Inline>),
    Table(Table),
    /// The contact line (`（联系人：王林，电话：0551-1234567）`): a notice takes it
    /// into its front matter, other kinds keep the paragraph.
    Contact(Vec<Inline>),
    /// The attachment note when it is kept in the body: `附件：` and its items.
    AttachmentNote(Vec<String>),
}

/// Reads the layout of a whole document.
pub(super) fn recognise(doc: &Document) -> Recognised {
    let mut found = Recognised::default();
    let blocks = &doc.blocks;
    let mut at = header_zone(blocks, &mut found);
    if found.issuer.is_none()
        && let Some(line) = doc
            .header_lines
            .iter()
            .map(|l| squeeze(l))
            .find(|l| l.ends_with("文件") && l.chars().count() > 2)
    {
        found.issuer = Some(Found {
            value: line.trim_end_matches("文件").to_string(),
            source: Source::PageHeader(line.clone()),
        });
    }
    at = title(blocks, at, &mut found);
    // The recipients: the first paragraph after the title, ending in a colon.
    if let Some((index, p)) = next_paragraph(blocks, at)
        && is_recipients(p)
    {
        found.recipients = Some(p.clone());
        at = index + 1;
    }
    let mut end = colophon(blocks, at, &mut found);
    // Attachments printed after the document: from `附件1` on, to the colophon.
    let mut appended: Vec<Part> = Vec::new();
    // The written date: the first paragraph that is a date and nothing else,
    // the first right-aligned one when the text has such dates of its own too.
    let dates: Vec<usize> = (at..end)
        .filter(|&i| paragraph(blocks, i).is_some_and(ends_in_date))
        .collect();
    let date_at = dates
        .iter()
        .copied()
        .find(|&i| paragraph(blocks, i).is_some_and(|p| p.align == Align::Right))
        .or(dates.first().copied());
    if let Some(date_index) = date_at {
        let signature_start = signature(blocks, at, date_index, &mut found);
        let after = date_index + 1;
        let attachments_at = (after..end)
            .find(|&i| paragraph(blocks, i).is_some_and(|p| is_attachment_start(&p.text())));
        let notes_end = attachments_at.unwrap_or(end);
        // Notes after the date (附注): the contact line, `（此件公开发布）`.
        let notes = classify(blocks, after, notes_end, &mut found);
        if let Some(start) = attachments_at {
            appended = attachments(blocks, start, end, &mut found);
        }
        appended.splice(0..0, notes);
        end = signature_start;
    }
    // The attachment note: `附件：` before the signature, with its numbered lines.
    if let Some((note_at, items)) = attachment_note(blocks, at, end) {
        found.attachment_note = items;
        end = note_at;
    }
    let mut body = classify(blocks, at, end, &mut found);
    if !found.attachment_note.is_empty() {
        body.push(Part::AttachmentNote(found.attachment_note.clone()));
    }
    body.extend(appended);
    found.body = body;
    if found.date.is_none() {
        found.date = found.printed.clone();
    }
    found
}

fn paragraph(blocks: &[Block], index: usize) -> Option<&Paragraph> {
    match blocks.get(index) {
        Some(Block::Paragraph(p)) => Some(p),
        _ => None,
    }
}

/// The next paragraph with text or an image from `from`, with its index.
fn next_paragraph(blocks: &[Block], from: usize) -> Option<(usize, &Paragraph)> {
    for (index, block) in blocks.iter().enumerate().skip(from) {
        match block {
            Block::Paragraph(p) if is_blank(p) => continue,
            Block::Paragraph(p) => return Some((index, p)),
            Block::Table(_) => return None,
        }
    }
    None
}

fn is_blank(p: &Paragraph) -> bool {
    p.text().trim().is_empty() && !p.has_image()
}

/// Text without any white space, for lines whose characters may be spaced out.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The header zone, up to the title: returns where the title may start.
fn header_zone(blocks: &[Block], found: &mut Recognised) -> usize {
    let mut header: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(Block::Paragraph(p)) = blocks.get(at) {
        let text = p.text();
        let squeezed = squeeze(&text);
        if squeezed.is_empty() {
            if p.rule {
                found.left_out.push(LeftOut::Rule);
            }
            at += 1;
            continue;
        }
        if squeezed.chars().count() == 6 && squeezed.chars().all(|c| digit(c).is_some()) {
            found.left_out.push(LeftOut::CopyNumber);
        } else if is_classification(&squeezed) {
            found.classification = Some(text.trim().to_string());
        } else if matches!(squeezed.as_str(), "特急" | "加急" | "特提" | "平急") {
            found.urgency = Some(squeezed);
        } else if let Some((number, written)) = doc_number(&text) {
            found.doc_number = Some(Found {
                value: number,
                source: Source::NumberLine(written),
            });
            if text.contains("签发人") {
                found.left_out.push(LeftOut::Signer);
            }
        } else if squeezed.starts_with("签发人") {
            found.left_out.push(LeftOut::Signer);
        } else if is_rule_text(&squeezed) {
            found.left_out.push(LeftOut::Rule);
        } else if found.doc_number.is_none()
            && (p.red || p.size.is_some_and(|s| s >= 52))
            && p.align != Align::Left
            && !is_heading_number(&squeezed)
        {
            header.push(squeezed);
            if p.rule {
                found.left_out.push(LeftOut::Rule);
            }
        } else {
            break;
        }
        if p.rule && !found.left_out.contains(&LeftOut::Rule) {
            found.left_out.push(LeftOut::Rule);
        }
        at += 1;
    }
    if !header.is_empty() {
        found.left_out.push(LeftOut::RedHeader);
        let written = header.concat();
        // A joint document stacks its organs, with one `文件` beside them.
        let organs: Vec<&str> = header
            .iter()
            .map(|line| line.trim_end_matches("文件"))
            .filter(|line| !line.is_empty())
            .collect();
        found.issuer = Some(Found {
            value: organs.join("、"),
            source: Source::RedHeader(written),
        });
    }
    at
}

fn is_classification(squeezed: &str) -> bool {
    ["绝密", "机密", "秘密"]
        .iter()
        .any(|level| squeezed.starts_with(level))
        && squeezed.chars().count() <= 12
        && (squeezed.chars().count() == 2 || squeezed.contains(['★', '☆', '*']))
}

/// A line made only of rule characters: the red line typed rather than drawn.
fn is_rule_text(squeezed: &str) -> bool {
    squeezed.chars().count() >= 3
        && squeezed.chars().all(|c| {
            matches!(
                c,
                '─' | '━' | '—' | '-' | '_' | '＿' | '=' | '═' | '－' | '―' | '☆' | '★'
            )
        })
}

/// `县人口发〔2024〕3号` (or with `[ ]`, `（ ）`, `【 】`, `［ ］`), possibly followed by
/// `签发人：…`: the number with GB/T 9704's `〔 〕`, and as written.
pub(super) fn doc_number(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let written = match line.find("签发人") {
        Some(at) => line[..at].trim_end(),
        None => line,
    };
    let squeezed = squeeze(written);
    let chars: Vec<char> = squeezed.chars().collect();
    let open = chars
        .iter()
        .position(|c| matches!(c, '〔' | '[' | '（' | '(' | '【' | '［' | '{' | '｛'))?;
    let close = chars
        .iter()
        .position(|c| matches!(c, '〕' | ']' | '）' | ')' | '】' | '］' | '}' | '｝'))?;
    if open == 0 || open > 20 || close != open + 5 || chars.last() != Some(&'号') {
        return None;
    }
    let prefix: String = chars[..open].iter().collect();
    let year: String = chars[open + 1..close]
        .iter()
        .map(|c| digit(*c).and_then(|d| char::from_digit(d, 10)))
        .collect::<Option<String>>()?;
    let number: String = chars[close + 1..chars.len() - 1]
        .iter()
        .map(|c| digit(*c).and_then(|d| char::from_digit(d, 10)))
        .collect::<Option<String>>()?;
    let plausible_prefix = prefix
        .chars()
        .all(|c| !c.is_ascii_punctuation() && !c.is_whitespace());
    if number.is_empty() || number.len() > 5 || !plausible_prefix {
        return None;
    }
    Some((format!("{prefix}〔{year}〕{number}号"), written.to_string()))
}

/// The title: centred lines after the header zone (or Word's Title style), or
/// a short first line as a guess. Returns where the text after it starts.
fn title(blocks: &[Block], from: usize, found: &mut Recognised) -> usize {
    let Some((start, first)) = next_paragraph(blocks, from) else {
        return from;
    };
    let first_text = first.text();
    let centred = first.align == Align::Center || first.title_style;
    if !centred {
        let short = first_text.trim().chars().count() <= 60;
        let sentence = first_text.contains(['。', '；']);
        if short && !sentence && !is_recipients(first) && !is_heading_number(first_text.trim()) {
            found.title = Some(Found {
                value: join_title(&[first_text]),
                source: Source::FirstLine,
            });
            return start + 1;
        }
        return from;
    }
    let mut lines = vec![first_text];
    let mut end = start + 1;
    while lines.len() < 4 {
        let Some((index, next)) = next_paragraph(blocks, end) else {
            break;
        };
        let text = next.text();
        let trimmed = text.trim();
        let same_look = next.align == first.align
            && (next.size == first.size || next.size.is_none() || first.size.is_none());
        if index != end
            || !same_look
            || is_recipients(next)
            || trimmed.starts_with(['（', '('])
            || numerals::written_date(trimmed).is_some()
        {
            break;
        }
        lines.push(text);
        end = index + 1;
    }
    found.title = Some(Found {
        value: join_title(&lines),
        source: Source::CentredTitle(lines.len()),
    });
    end
}

/// Title lines joined into one: no space between Chinese characters (titles are
/// often spaced out or broken across lines), one space between words.
fn join_title(lines: &[String]) -> String {
    let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    let mut title = String::new();
    for word in words {
        let join_with_space = title
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if join_with_space {
            title.push(' ');
        }
        title.push_str(word);
    }
    title
}

fn is_recipients(p: &Paragraph) -> bool {
    let text = p.text();
    let text = text.trim();
    p.align != Align::Center
        && (text.ends_with('：') || text.ends_with(':'))
        && text.chars().count() <= 150
        && !is_heading_number(text)
        && !text.starts_with("附件")
}

/// The colophon at the end (抄送, 印发, the lines between them): left out,
/// its printing date kept as a fallback. Returns where it starts.
fn colophon(blocks: &[Block], from: usize, found: &mut Recognised) -> usize {
    let mut start = blocks.len();
    let mut any = false;
    for index in (from..blocks.len()).rev() {
        let Some(p) = paragraph(blocks, index) else {
            break;
        };
        // A picture at the end is text of the page, not a blank line.
        if p.has_image() {
            break;
        }
        let squeezed = squeeze(&p.text());
        let is_colophon_line = squeezed.is_empty()
            || is_rule_text(&squeezed)
            || ["抄送", "抄报", "分送", "印送", "主送"]
                .iter()
                .any(|w| squeezed.starts_with(w) && squeezed.contains(['：', ':']))
            || squeezed.ends_with("印发");
        if !is_colophon_line {
            break;
        }
        if squeezed.ends_with("印发")
            && let Some(date) = numerals::date_within(&squeezed)
        {
            found.printed = Some(Found {
                value: date,
                source: Source::PrintedDate(squeezed.clone()),
            });
        }
        any |= !squeezed.is_empty();
        start = index;
    }
    if any {
        found.left_out.push(LeftOut::Colophon);
    }
    start
}

/// A paragraph that is a date, or whose last line is one (signature and date
/// in one paragraph, broken by line breaks).
fn ends_in_date(p: &Paragraph) -> bool {
    p.text()
        .lines()
        .last()
        .is_some_and(|line| numerals::written_date(line).is_some())
}

/// The signature above the written date at `date_index`: records the date and
/// the signature, and returns where the signature starts.
fn signature(blocks: &[Block], from: usize, date_index: usize, found: &mut Recognised) -> usize {
    let Some(date_paragraph) = paragraph(blocks, date_index) else {
        return date_index;
    };
    let text = date_paragraph.text();
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let written = lines.pop().unwrap_or("");
    if let Some(date) = numerals::written_date(written) {
        found.date = Some(Found {
            value: date,
            source: Source::WrittenDate(written.to_string()),
        });
    }
    let mut organs: Vec<String> = lines.iter().map(|l| squeeze(l)).collect();
    let mut start = date_index;
    let mut index = date_index;
    while index > from && organs.len() < 3 {
        index -= 1;
        let Some(p) = paragraph(blocks, index) else {
            break;
        };
        if is_blank(p) {
            continue;
        }
        if !is_signature_line(p) {
            break;
        }
        organs.insert(0, squeeze(&p.text()));
        start = index;
    }
    // Blank lines before the signature belong to it.
    while start > from && paragraph(blocks, start - 1).is_some_and(is_blank) {
        start -= 1;
    }
    if !organs.is_empty() {
        found.left_out.push(LeftOut::Signature);
        if found.issuer.is_none() {
            found.issuer = Some(Found {
                value: organs.join("、"),
                source: Source::Signature,
            });
        }
    }
    start
}

const ORGAN_ENDINGS: &[&str] = &[
    "委员会",
    "政府",
    "委",
    "局",
    "办公室",
    "办",
    "厅",
    "部",
    "中心",
    "站",
    "院",
    "所",
    "处",
    "科",
    "会",
    "事处",
    "公司",
    "学校",
    "小组",
    "队",
    "团",
    "社",
    "司",
    "署",
];

fn is_signature_line(p: &Paragraph) -> bool {
    let text = p.text();
    let squeezed = squeeze(&text);
    let count = squeezed.chars().count();
    (2..=40).contains(&count)
        && !squeezed.contains(['。', '；', '：', ':', '，', ','])
        && !is_heading_number(&squeezed)
        && !text.trim().starts_with("附件")
        && (p.align == Align::Right
            || p.align == Align::Center
            || ORGAN_ENDINGS.iter().any(|e| squeezed.ends_with(e)))
}

#[cfg(test)]
mod tests;
