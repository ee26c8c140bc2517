//! The body of an official document: its attachment note, its numbered
//! headings and items (`一、`, `（一）`, `1.`), its contact line, and the
//! paragraphs between, as parts of a page.

use super::super::docx::{Align, Block, Inline};
use super::super::numerals::{digit, is_counting};
use super::{
    Contact, LeftOut, Part, Recognised, is_blank, is_rule_text, join_title, next_paragraph,
    paragraph, squeeze,
};

pub(super) fn is_attachment_start(text: &str) -> bool {
    let squeezed = squeeze(text);
    let Some(rest) = squeezed.strip_prefix("附件") else {
        return false;
    };
    let rest = rest.trim_end_matches(['：', ':']);
    rest.chars().all(|c| digit(c).is_some()) && rest.chars().count() <= 2
}

/// Attachments printed after the document: each `附件N` line and the centred
/// title under it become one heading, their text follows as body.
pub(super) fn attachments(
    blocks: &[Block],
    start: usize,
    end: usize,
    found: &mut Recognised,
) -> Vec<Part> {
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

pub(super) fn plain(text: &str) -> Inline {
    Inline::Text(super::super::docx::Span {
        text: text.to_string(),
        ..Default::default()
    })
}

/// `附件：1. 报名表` and its numbered lines under it, before `end`: where the
/// note starts and its items.
pub(super) fn attachment_note(
    blocks: &[Block],
    from: usize,
    end: usize,
) -> Option<(usize, Vec<String>)> {
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
pub(super) enum Number {
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

pub(super) fn numbered(text: &str) -> Option<(Number, usize)> {
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

pub(super) fn is_heading_number(text: &str) -> bool {
    matches!(
        numbered(text),
        Some((
            Number::First | Number::Second | Number::Item(_) | Number::Chapter | Number::Section,
            _
        ))
    )
}

/// A heading's own words: short, and no sentence ends inside them.
pub(super) fn heading_like(rest: &str) -> bool {
    let rest = rest.trim().trim_end_matches(['。', '：', ':']);
    let count = rest.chars().count();
    (1..=30).contains(&count) && !rest.contains(['。', '；', ';', '！', '？', '!', '?'])
}

/// The body between `from` and `end`, classified: headings by their numbers
/// (or by Word's heading styles), list items, paragraphs, tables.
pub(super) fn classify(
    blocks: &[Block],
    from: usize,
    end: usize,
    found: &mut Recognised,
) -> Vec<Part> {
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
pub(super) fn heading_or_split(
    level: u8,
    inlines: &[Inline],
    text: &str,
    prefix: usize,
) -> Vec<Part> {
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
pub(super) fn split_at(inlines: &[Inline], chars: usize) -> (Vec<Inline>, Vec<Inline>) {
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
pub(super) fn trim_start(inlines: &[Inline]) -> Vec<Inline> {
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
pub(super) fn is_page_number(squeezed: &str) -> bool {
    let inner = squeezed.trim_matches(|c| matches!(c, '—' | '-' | '－' | '–' | '―'));
    inner.len() < squeezed.len()
        && !inner.is_empty()
        && inner.chars().count() <= 4
        && inner.chars().all(|c| digit(c).is_some())
}

pub(super) const SEPARATORS: [char; 7] = ['，', ',', '；', ';', '、', ' ', '　'];

/// `（联系人：王林，联系电话：0551-1234567）` and the like: a line that is a contact and nothing else.
pub(super) fn contact(line: &str) -> Option<Contact> {
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
