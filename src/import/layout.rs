//! The official document layout (GB/T 9704-2012) recognised in a [`Document`]:
//! the header zone (copy number, classification, urgency, the red
//! `XX文件` line, the document number, the red rule), the title, the main
//! recipients, the body with its numbered headings, the attachment note, the
//! signature and written date, notes after it, attachments printed after the
//! document, and the colophon (抄送, 印发). Kind-independent: what a kind of
//! page keeps of it is decided when the page is written.

use jiff::civil::Date;

use super::docx::{Align, Block, Document, Inline, Paragraph, Table};
use super::numerals::{self, digit, is_counting};

/// What the layout says, each field with where it was read.
#[derive(Debug, Default)]
pub struct Recognised {
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
pub struct Found<T> {
    pub value: T,
    pub source: Source,
}

/// Where a field was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
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
pub enum LeftOut {
    CopyNumber,
    RedHeader,
    Rule,
    Signer,
    Signature,
    PageNumber,
    Colophon,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// A piece of the body, classified.
#[derive(Debug, Clone)]
pub enum Part {
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
pub fn recognise(doc: &Document) -> Recognised {
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
pub fn doc_number(line: &str) -> Option<(String, String)> {
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

fn is_attachment_start(text: &str) -> bool {
    let squeezed = squeeze(text);
    let Some(rest) = squeezed.strip_prefix("附件") else {
        return false;
    };
    let rest = rest.trim_end_matches(['：', ':']);
    rest.chars().all(|c| digit(c).is_some()) && rest.chars().count() <= 2
}

/// Attachments printed after the document: each `附件N` line and the centred
/// title under it become one heading, their text follows as body.
fn attachments(blocks: &[Block], start: usize, end: usize, found: &mut Recognised) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut index = start;
    while index < end {
        let Some(p) = paragraph(blocks, index) else {
            break;
        };
        let label = squeeze(&p.text()).trim_end_matches(['：', ':']).to_string();
        let mut section_start = index + 1;
        let mut heading = label;
        if let Some((title_index, title)) = next_paragraph(blocks, index + 1)
            && title_index < end
            && title.align == Align::Center
            && !is_attachment_start(&title.text())
        {
            heading = format!("{heading}　{}", join_title(&[title.text()]));
            section_start = title_index + 1;
        }
        let section_end = (section_start..end)
            .find(|&i| paragraph(blocks, i).is_some_and(|p| is_attachment_start(&p.text())))
            .unwrap_or(end);
        parts.push(Part::Heading(2, vec![plain(&heading)]));
        parts.extend(classify(blocks, section_start, section_end, found));
        index = section_end;
    }
    parts
}

fn plain(text: &str) -> Inline {
    Inline::Text(super::docx::Span {
        text: text.to_string(),
        ..Default::default()
    })
}

/// `附件：1. 报名表` and its numbered lines under it, before `end`: where the
/// note starts and its items.
fn attachment_note(blocks: &[Block], from: usize, end: usize) -> Option<(usize, Vec<String>)> {
    let start = (from..end).rev().find(|&i| {
        paragraph(blocks, i).is_some_and(|p| {
            let squeezed = squeeze(&p.text());
            squeezed.starts_with("附件：") || squeezed.starts_with("附件:")
        })
    })?;
    let mut items = Vec::new();
    let first = paragraph(blocks, start)?.text();
    let after_colon = first.split_once(['：', ':']).map_or("", |(_, rest)| rest);
    items.extend(
        after_colon
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    );
    for index in start + 1..end {
        let p = paragraph(blocks, index)?;
        if is_blank(p) {
            continue;
        }
        let text = p.text();
        if !matches!(numbered(text.trim()), Some((Number::Item(_), _))) {
            // Only numbered lines continue the note; anything else means it
            // was not the note at the end of the body.
            return None;
        }
        items.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
    }
    let items: Vec<String> = items
        .iter()
        .map(|item| {
            let item = match numbered(item) {
                Some((Number::Item(_), prefix)) => item.chars().skip(prefix).collect::<String>(),
                _ => item.clone(),
            };
            item.trim()
                .trim_end_matches(['；', ';', '。', '，', ','])
                .trim()
                .to_string()
        })
        .filter(|item| !item.is_empty())
        .collect();
    (!items.is_empty()).then_some((start, items))
}

/// How a paragraph is numbered, and how many characters the number takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    /// `一、`
    First,
    /// `（一）`
    Second,
    /// `1.`, `1．`, `1、`
    Item(u32),
    /// `（1）`
    Sub,
    /// `第一章`
    Chapter,
    /// `第一节`
    Section,
}

pub fn numbered(text: &str) -> Option<(Number, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let counted = chars.iter().take_while(|c| is_counting(**c)).count();
    if counted > 0 && matches!(chars.get(counted), Some('、' | '．' | '.')) {
        return Some((Number::First, counted + 1));
    }
    if matches!(chars.first(), Some('（' | '(')) {
        let inner = chars[1..].iter().take_while(|c| is_counting(**c)).count();
        if inner > 0 && matches!(chars.get(inner + 1), Some('）' | ')')) {
            let mut len = inner + 2;
            if matches!(chars.get(len), Some('、')) {
                len += 1;
            }
            return Some((Number::Second, len));
        }
        let digits = chars[1..]
            .iter()
            .take_while(|c| digit(**c).is_some())
            .count();
        if (1..=3).contains(&digits) && matches!(chars.get(digits + 1), Some('）' | ')')) {
            return Some((Number::Sub, digits + 2));
        }
    }
    let digits = chars.iter().take_while(|c| digit(**c).is_some()).count();
    if (1..=3).contains(&digits)
        && matches!(chars.get(digits), Some('.' | '．' | '、'))
        && chars.get(digits + 1).is_none_or(|c| digit(*c).is_none())
    {
        let n = chars[..digits]
            .iter()
            .fold(0, |n, c| n * 10 + digit(*c).unwrap_or(0));
        return Some((Number::Item(n), digits + 1));
    }
    if chars.first() == Some(&'第') {
        let counted = chars[1..].iter().take_while(|c| is_counting(**c)).count();
        match chars.get(counted + 1) {
            Some('章') if counted > 0 => return Some((Number::Chapter, counted + 2)),
            Some('节') if counted > 0 => return Some((Number::Section, counted + 2)),
            _ => {}
        }
    }
    None
}

fn is_heading_number(text: &str) -> bool {
    matches!(
        numbered(text),
        Some((
            Number::First | Number::Second | Number::Item(_) | Number::Chapter | Number::Section,
            _
        ))
    )
}

/// A heading's own words: short, and no sentence ends inside them.
fn heading_like(rest: &str) -> bool {
    let rest = rest.trim().trim_end_matches(['。', '：', ':']);
    let count = rest.chars().count();
    (1..=30).contains(&count) && !rest.contains(['。', '；', ';', '！', '？', '!', '?'])
}

/// The body between `from` and `end`, classified: headings by their numbers
/// (or by Word's heading styles), list items, paragraphs, tables.
fn classify(blocks: &[Block], from: usize, end: usize, found: &mut Recognised) -> Vec<Part> {
    let mut parts = Vec::new();
    for index in from..end.min(blocks.len()) {
        let p = match &blocks[index] {
            Block::Table(table) => {
                parts.push(Part::Table(table.clone()));
                continue;
            }
            Block::Paragraph(p) => p,
        };
        if is_blank(p) {
            continue;
        }
        let text = p.text();
        let trimmed = text.trim();
        let squeezed = squeeze(trimmed);
        if is_page_number(&squeezed) {
            found.left_out.push(LeftOut::PageNumber);
            continue;
        }
        if is_rule_text(&squeezed) && !p.has_image() {
            found.left_out.push(LeftOut::Rule);
            continue;
        }
        if let Some(contact) = contact(trimmed) {
            if found.contact.is_none() {
                found.contact = Some(contact);
            }
            parts.push(Part::Contact(p.inlines.clone()));
            continue;
        }
        let inlines = trim_start(&p.inlines);
        match numbered(trimmed) {
            Some((Number::First | Number::Chapter, prefix)) => {
                parts.extend(heading_or_split(2, &inlines, trimmed, prefix));
            }
            Some((Number::Second | Number::Section, prefix)) => {
                parts.extend(heading_or_split(3, &inlines, trimmed, prefix));
            }
            Some((Number::Item(n), prefix)) => {
                let rest: String = trimmed.chars().skip(prefix).collect();
                let next_is_item = next_paragraph(blocks, index + 1)
                    .filter(|(i, _)| *i < end)
                    .is_some_and(|(_, next)| {
                        matches!(numbered(next.text().trim()), Some((Number::Item(_), _)))
                    });
                // A standalone `1.` heading ends no sentence: `2．…留存。` is an item.
                let ends_sentence = rest.trim_end().ends_with(['。', '；', ';']);
                if heading_like(&rest) && ((!next_is_item && !ends_sentence) || p.bold) {
                    parts.push(Part::Heading(4, inlines));
                } else {
                    let (_, item) = split_at(&inlines, prefix);
                    parts.push(Part::Item(n, trim_start(&item)));
                }
            }
            _ if p.bullet => parts.push(Part::Bullet(inlines)),
            _ => match p.outline {
                Some(level) if heading_like(trimmed) => {
                    parts.push(Part::Heading((level + 2).min(6), inlines));
                }
                _ => parts.push(Part::Paragraph(inlines)),
            },
        }
    }
    parts
}

/// A numbered heading; a long paragraph that starts with one (`一、总体要求。全县…`)
/// is split into the heading and a paragraph, or kept whole when its first
/// sentence is no heading.
fn heading_or_split(level: u8, inlines: &[Inline], text: &str, prefix: usize) -> Vec<Part> {
    let rest: String = text.chars().skip(prefix).collect();
    if heading_like(&rest) {
        return vec![Part::Heading(level, inlines.to_vec())];
    }
    let head_len = text.chars().position(|c| matches!(c, '。' | '：' | ':'));
    if let Some(head_len) = head_len
        && heading_like(
            &text
                .chars()
                .skip(prefix)
                .take(head_len - prefix)
                .collect::<String>(),
        )
    {
        let (head, rest) = split_at(inlines, head_len + 1);
        let head = split_at(&head, head_len).0;
        return vec![
            Part::Heading(level, head),
            Part::Paragraph(trim_start(&rest)),
        ];
    }
    vec![Part::Paragraph(inlines.to_vec())]
}

/// The inlines split after `chars` characters of text.
pub fn split_at(inlines: &[Inline], chars: usize) -> (Vec<Inline>, Vec<Inline>) {
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    let mut left = chars;
    for inline in inlines {
        if left == 0 {
            tail.push(inline.clone());
            continue;
        }
        match inline {
            Inline::Text(span) => {
                let count = span.text.chars().count();
                if count <= left {
                    head.push(inline.clone());
                    left -= count;
                } else {
                    let at = span
                        .text
                        .char_indices()
                        .nth(left)
                        .map_or(span.text.len(), |(i, _)| i);
                    let mut first = span.clone();
                    first.text = span.text[..at].to_string();
                    let mut second = span.clone();
                    second.text = span.text[at..].to_string();
                    head.push(Inline::Text(first));
                    tail.push(Inline::Text(second));
                    left = 0;
                }
            }
            Inline::Break => {
                head.push(Inline::Break);
                left = left.saturating_sub(1);
            }
            other => head.push(other.clone()),
        }
    }
    (head, tail)
}

/// The inlines without white space (ideographic spaces too) before the first text.
fn trim_start(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut started = false;
    for inline in inlines {
        if started {
            out.push(inline.clone());
            continue;
        }
        match inline {
            Inline::Text(span) => {
                let trimmed = span.text.trim_start();
                if trimmed.is_empty() {
                    continue;
                }
                let mut span = span.clone();
                span.text = trimmed.to_string();
                out.push(Inline::Text(span));
                started = true;
            }
            Inline::Break => continue,
            other => {
                out.push(other.clone());
                started = true;
            }
        }
    }
    out
}

/// `— 1 —`, `- 2 -`: a page number typed into the text.
fn is_page_number(squeezed: &str) -> bool {
    let inner = squeezed.trim_matches(|c| matches!(c, '—' | '-' | '－' | '–' | '―'));
    inner.len() < squeezed.len()
        && !inner.is_empty()
        && inner.chars().count() <= 4
        && inner.chars().all(|c| digit(c).is_some())
}

const SEPARATORS: [char; 7] = ['，', ',', '；', ';', '、', ' ', '　'];

/// `（联系人：王林，联系电话：0551-1234567）` and the like: a line that is a contact and nothing else.
pub fn contact(line: &str) -> Option<Contact> {
    let line = line
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')', '。', '.'])
        .trim();
    let rest = line
        .strip_prefix("联系人")?
        .trim_start_matches(['：', ':'])
        .trim_start();
    let name_end = rest.find(SEPARATORS)?;
    let name = rest[..name_end].trim().to_string();
    let after = rest[name_end..].trim_start_matches(SEPARATORS);
    let phone_at = after.find("电话")?;
    if !matches!(&after[..phone_at], "" | "联系" | "办公") {
        return None;
    }
    let phone = after[phone_at + "电话".len()..]
        .trim_start_matches(['：', ':'])
        .trim();
    let phone_ok = !phone.is_empty()
        && phone.chars().count() <= 40
        && phone.chars().all(|c| {
            digit(c).is_some()
                || matches!(
                    c,
                    '-' | '－'
                        | '—'
                        | ' '
                        | '、'
                        | '，'
                        | ','
                        | '（'
                        | '）'
                        | '('
                        | ')'
                        | '/'
                        | '转'
                )
        });
    if name.is_empty() || name.chars().count() > 10 || !phone_ok {
        return None;
    }
    let phone: String = phone
        .chars()
        .map(|c| match c {
            '－' | '—' => '-',
            c => digit(c).and_then(|d| char::from_digit(d, 10)).unwrap_or(c),
        })
        .collect();
    Some(Contact {
        name: Some(name),
        phone: Some(phone),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::Span;

    fn paragraph_of(text: &str, align: Align) -> Paragraph {
        let mut inlines = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                inlines.push(Inline::Break);
            }
            inlines.push(Inline::Text(Span {
                text: line.to_string(),
                ..Span::default()
            }));
        }
        Paragraph {
            inlines,
            align,
            ..Paragraph::default()
        }
    }

    fn p(text: &str) -> Block {
        Block::Paragraph(paragraph_of(text, Align::Left))
    }

    fn centred(text: &str) -> Block {
        Block::Paragraph(paragraph_of(text, Align::Center))
    }

    fn right(text: &str) -> Block {
        Block::Paragraph(paragraph_of(text, Align::Right))
    }

    fn red(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            red: true,
            size: Some(72),
            ..paragraph_of(text, Align::Center)
        })
    }

    fn recognised(blocks: Vec<Block>) -> Recognised {
        recognise(&Document {
            blocks,
            ..Document::default()
        })
    }

    fn texts(parts: &[Part]) -> Vec<String> {
        parts
            .iter()
            .map(|part| match part {
                Part::Heading(level, inlines) => {
                    format!("{} {}", "#".repeat(usize::from(*level)), flat(inlines))
                }
                Part::Item(n, inlines) => format!("{n}. {}", flat(inlines)),
                Part::Bullet(inlines) => format!("- {}", flat(inlines)),
                Part::Paragraph(inlines) | Part::Contact(inlines) => flat(inlines),
                Part::Table(_) => "<table>".to_string(),
                Part::AttachmentNote(items) => format!("附件：{}", items.join("|")),
            })
            .collect()
    }

    fn flat(inlines: &[Inline]) -> String {
        Paragraph {
            inlines: inlines.to_vec(),
            ..Paragraph::default()
        }
        .text()
    }

    #[test]
    fn the_issuer_may_be_in_the_page_header() {
        let found = recognise(&Document {
            blocks: vec![
                centred("关于做好防汛工作的通知"),
                p("各乡镇："),
                p("请做好防汛工作。"),
            ],
            header_lines: vec!["某某县人民政府 文件".to_string()],
            ..Document::default()
        });
        let issuer = found.issuer.unwrap();
        assert_eq!(issuer.value, "某某县人民政府");
        assert_eq!(
            issuer.source,
            Source::PageHeader("某某县人民政府文件".into())
        );
    }

    #[test]
    fn a_red_header_pasted_as_a_picture_is_layout() {
        let picture = Block::Paragraph(Paragraph {
            inlines: vec![Inline::Image {
                index: 0,
                alt: String::new(),
            }],
            align: Align::Center,
            ..Paragraph::default()
        });
        let found = recognised(vec![
            picture,
            centred("县人口发〔2024〕5号"),
            centred("关于落实奖励扶助资金的通知"),
            p("各乡镇："),
            p("请按时发放。"),
        ]);
        assert_eq!(found.doc_number.unwrap().value, "县人口发〔2024〕5号");
        assert_eq!(texts(&found.body), ["请按时发放。"]);
    }

    #[test]
    fn joint_documents_name_every_organ() {
        let found = recognised(vec![
            red("县人口计生委"),
            red("县财政局"),
            red("文件"),
            centred("县人口发〔2024〕5号"),
            centred("关于落实奖励扶助资金的通知"),
            p("各乡镇："),
            p("请按时发放。"),
        ]);
        assert_eq!(found.issuer.unwrap().value, "县人口计生委、县财政局");
        assert_eq!(found.doc_number.unwrap().value, "县人口发〔2024〕5号");
        assert_eq!(found.title.unwrap().value, "关于落实奖励扶助资金的通知");
    }

    #[test]
    fn signature_and_date_in_one_paragraph() {
        let found = recognised(vec![
            centred("关于做好防汛工作的通知"),
            p("各乡镇："),
            p("请做好防汛工作。"),
            right("某某县人民政府\n2024年7月1日"),
        ]);
        assert_eq!(found.date.unwrap().value, Date::constant(2024, 7, 1));
        assert_eq!(found.issuer.unwrap().source, Source::Signature);
        assert_eq!(texts(&found.body), ["请做好防汛工作。"]);
    }

    #[test]
    fn a_date_in_the_text_does_not_take_the_place_of_the_written_date() {
        let found = recognised(vec![
            centred("关于召开防汛会议的通知"),
            p("各乡镇："),
            p("会议时间："),
            p("2024年3月12日"),
            p("请准时参加。"),
            right("某某县人民政府"),
            right("2024年3月8日"),
        ]);
        assert_eq!(found.date.unwrap().value, Date::constant(2024, 3, 8));
        assert_eq!(
            texts(&found.body),
            ["会议时间：", "2024年3月12日", "请准时参加。"]
        );
    }

    #[test]
    fn attachments_printed_after_the_document_become_sections() {
        let found = recognised(vec![
            centred("关于报送名单的通知"),
            p("各乡镇："),
            p("请报送名单。"),
            p("附件：参训人员名单"),
            right("某某县人口和计划生育委员会"),
            right("2024年3月8日"),
            p("附件1"),
            centred("参训人员名单"),
            Block::Table(Table::default()),
            p("抄送：县卫生局。"),
        ]);
        assert_eq!(found.attachment_note, ["参训人员名单"]);
        assert_eq!(
            texts(&found.body),
            [
                "请报送名单。",
                "附件：参训人员名单",
                "## 附件1　参训人员名单",
                "<table>"
            ]
        );
        assert!(found.left_out.contains(&LeftOut::Colophon));
    }

    #[test]
    fn a_classified_document_is_marked_and_the_printing_date_is_a_fallback() {
        let found = recognised(vec![
            p("秘密★1年"),
            red("某某县人口和计划生育委员会文件"),
            centred("关于核查数据的通知"),
            p("各乡镇："),
            p("请核查。"),
            p("— 2 —"),
            p("抄送：县统计局。"),
            p("县人口计生委办公室      2024年3月10日印发"),
        ]);
        assert_eq!(found.classification.as_deref(), Some("秘密★1年"));
        let date = found.date.unwrap();
        assert_eq!(date.value, Date::constant(2024, 3, 10));
        assert!(matches!(date.source, Source::PrintedDate(_)));
        assert_eq!(texts(&found.body), ["请核查。"]);
        assert!(found.left_out.contains(&LeftOut::PageNumber));
    }

    #[test]
    fn inline_headings_are_split_from_their_text() {
        let found = recognised(vec![
            centred("工作要点"),
            p("一、总体要求。全县人口计生工作继续以稳定低生育水平为核心。"),
            p("（一）完善三项机制"),
            p("1．注重过程"),
            p("计生工作责任在乡镇。"),
            p("一是加强环测，二是紧盯孕情。"),
        ]);
        assert_eq!(
            texts(&found.body),
            [
                "## 一、总体要求",
                "全县人口计生工作继续以稳定低生育水平为核心。",
                "### （一）完善三项机制",
                "#### 1．注重过程",
                "计生工作责任在乡镇。",
                "一是加强环测，二是紧盯孕情。"
            ]
        );
    }

    #[test]
    fn document_numbers_in_every_bracket() {
        for written in [
            "县人口发〔2024〕3号",
            "县人口发[2024]3号",
            "县人口发［2024］3号",
            "县人口发（2024）3号",
            "县人口发(2024)3号",
            "县人口发【2024】3号",
            "县人口发〔２０２４〕３号",
            " 县人口发 〔2024〕 3 号 ",
        ] {
            assert_eq!(
                doc_number(written).map(|(n, _)| n).as_deref(),
                Some("县人口发〔2024〕3号"),
                "{written}"
            );
        }
        assert_eq!(
            doc_number("县人口发〔2024〕3号          签发人：张三")
                .unwrap()
                .0,
            "县人口发〔2024〕3号"
        );
        for not_one in [
            "关于做好2024年工作的通知",
            "〔2024〕3号",
            "县人口发〔24〕3号",
            "根据县人口发〔2024〕3号文件精神",
        ] {
            assert_eq!(doc_number(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn numbers_of_headings_and_items() {
        assert_eq!(numbered("一、总体要求"), Some((Number::First, 2)));
        assert_eq!(numbered("十二、其他"), Some((Number::First, 3)));
        assert_eq!(numbered("（一）完善三项机制"), Some((Number::Second, 3)));
        assert_eq!(numbered("（十二）、其他"), Some((Number::Second, 5)));
        assert_eq!(numbered("(三)突出重点"), Some((Number::Second, 3)));
        assert_eq!(numbered("1．注重过程"), Some((Number::Item(1), 2)));
        assert_eq!(numbered("12、网上报名"), Some((Number::Item(12), 3)));
        assert_eq!(numbered("（1）加强环测"), Some((Number::Sub, 3)));
        assert_eq!(numbered("第二章 总则"), Some((Number::Chapter, 3)));
        assert_eq!(numbered("1.5万元补助"), None);
        assert_eq!(numbered("2024年"), None);
        assert_eq!(numbered("一是加强环测"), None);
    }

    #[test]
    fn contact_lines() {
        assert_eq!(
            contact("（联系人：王林，联系电话：0551－1234567）"),
            Some(Contact {
                name: Some("王林".into()),
                phone: Some("0551-1234567".into())
            })
        );
        assert_eq!(
            contact("联系人：刘洋；电话：0551-1234589。").and_then(|c| c.phone),
            Some("0551-1234589".into())
        );
        assert_eq!(contact("联系人要及时向上级报告情况，电话：无"), None);
        assert_eq!(contact("请各单位确定一名联系人"), None);
    }

    #[test]
    fn headings_are_short_and_end_no_sentence_inside() {
        assert!(heading_like("总体要求"));
        assert!(heading_like("注重过程，完善经常性工作机制。"));
        assert!(!heading_like("注重过程。计生工作责任在乡镇"));
        assert!(!heading_like(""));
    }
}
