//! Full-width punctuation where YAML needs ASCII: a Chinese input method
//! writes `title：通知`, `[甲，乙]`, `“时间: 上午”` and indents with `　`.
//! YAML reads these as text, so the mistake shows up as a strange key, one
//! merged list item or a syntax error somewhere else; this finds it on its
//! line and writes the line as it should be. Full-width punctuation inside a
//! value is Chinese text, and left alone.

use crate::messages::{Text, yaml as say};

/// A line with full-width punctuation in YAML's syntax: what is wrong, and the
/// line written with ASCII punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The line in the YAML text, from 1.
    pub line: usize,
    pub kind: Mark,
    pub message: Text,
    pub fixed: String,
}

/// Which punctuation is full-width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `　` in a line's indentation.
    Space,
    /// `：` after a key.
    Colon,
    /// `，` between the items of `[ ]` or `{ }`.
    Comma,
    /// `“ ”` around a value.
    Quotes,
}

const COLON: char = '：';
const COMMA: char = '，';
const SPACE: char = '\u{3000}';

/// The first line at or before `error_line` whose full-width punctuation
/// explains a syntax error there: the error's own line first, else an earlier
/// line whose key is written with a full-width colon or indented with a
/// full-width space (YAML often notices those a line or two later).
pub(crate) fn explaining(text: &str, error_line: usize) -> Option<Finding> {
    let lines: Vec<&str> = text.lines().collect();
    let at = error_line.checked_sub(1)?;
    if let Some(finding) = lines
        .get(at)
        .and_then(|line| in_line(line, error_line, &lines[..at]))
    {
        return Some(finding);
    }
    (0..at.min(lines.len()))
        .filter_map(|i| in_line(lines[i], i + 1, &lines[..i]))
        .find(|finding| matches!(finding.kind, Mark::Space | Mark::Colon))
}

/// In YAML that was read without error: keys written with a full-width colon
/// or indented with a full-width space (which YAML took for part of the key),
/// and lists in brackets whose items are separated by full-width commas
/// (which YAML took for one item). `tags` is left to the tags' own rule.
/// `keys` gives the lines of keys that hold full-width punctuation, as YAML
/// read them (asked only when a line looks like one).
pub(crate) fn in_parsed(text: &str, keys: impl Fn() -> Vec<usize>) -> Option<Finding> {
    if !text.contains([COLON, COMMA, SPACE]) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut strange_keys: Option<Vec<usize>> = None;
    lines.iter().enumerate().find_map(|(i, line)| {
        let finding = in_line(line, i + 1, &lines[..i])?;
        let wanted = match finding.kind {
            Mark::Comma => key_of(line).map(|(key, _)| key) != Some("tags"),
            Mark::Quotes => false,
            Mark::Space | Mark::Colon => strange_keys.get_or_insert_with(&keys).contains(&(i + 1)),
        };
        wanted.then_some(finding)
    })
}

/// What is wrong with `line` (line number `number`, after the lines `before`).
fn in_line(line: &str, number: usize, before: &[&str]) -> Option<Finding> {
    if line.trim_start().starts_with('#') || in_block_text(line, before) {
        return None;
    }
    let finding = |kind: Mark, message: Text, fixed: String| {
        Some(Finding {
            line: number,
            kind,
            message,
            fixed,
        })
    };
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == SPACE)
        .collect();
    let rest = line.trim_start_matches([' ', SPACE]);
    if indent.contains(SPACE) && key_of(rest).is_some() {
        let opens_block = before
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_end().ends_with(':'));
        let ascii = indent.replace(SPACE, "");
        let indent = if ascii.is_empty() && opens_block {
            "  ".to_string()
        } else {
            ascii
        };
        let fixed = fix_rest(&format!("{indent}{rest}"));
        return finding(Mark::Space, say::full_width_space(), fixed);
    }
    if let Some((key, rest)) = key_with_full_width_colon(line, before) {
        let head = &line[..line.len() - line.trim_start().len()];
        let dash = if line.trim_start().starts_with("- ") {
            "- "
        } else {
            ""
        };
        let rest = rest.trim_start_matches([' ', SPACE]);
        let fixed = fix_rest(&format!("{head}{dash}{key}: {rest}"));
        return finding(
            Mark::Colon,
            say::full_width_colon(key),
            fixed.trim_end().to_string(),
        );
    }
    let (key, value) = key_of(line)?;
    let value = value.trim();
    let head = &line[..line.find(key).unwrap_or(0)];
    if separates_items(value) {
        return finding(
            Mark::Comma,
            say::full_width_comma(),
            format!("{head}{key}: {}", fix_flow(value)),
        );
    }
    if value.starts_with('{') && value.contains(COLON) {
        let fixed = fix_flow(value);
        return (fixed != value).then(|| Finding {
            line: number,
            kind: Mark::Colon,
            message: say::full_width_colon(inner_key(value).unwrap_or(key)),
            fixed: format!("{head}{key}: {fixed}"),
        });
    }
    if value.starts_with('“') && value.ends_with('”') && value.chars().count() > 1 {
        let inner = &value['“'.len_utf8()..value.len() - '”'.len_utf8()];
        let escaped = inner.replace('\\', "\\\\").replace('"', "\\\"");
        return finding(
            Mark::Quotes,
            say::full_width_quotes(),
            format!("{head}{key}: \"{escaped}\""),
        );
    }
    None
}

/// Whether `line` is a line of a block of text (`summary: |` and the lines
/// indented under it), where a paragraph may well start with `　　`.
fn in_block_text(line: &str, before: &[&str]) -> bool {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    before
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .find(|l| indent(l) < indent(line))
        .is_some_and(|opener| {
            let opener = opener.trim_end();
            ["|", ">", "|-", ">-", "|+", ">+"]
                .iter()
                .any(|mark| opener.ends_with(&format!(": {mark}")) || opener == format!("- {mark}"))
        })
}

/// Whether a `，` in `[ … ]` or `{ … }` stands where YAML needs the comma
/// between items, and not in an item's text: in braces, one followed by the
/// next key (`{ name: 王林，phone: 1 }`); in brackets, one between items that
/// are not Chinese text (`[/old/a，/old/b]`), since `[稳定低生育水平，提高出生人口素质]`
/// may well be one item.
fn separates_items(flow: &str) -> bool {
    if !flow.contains(COMMA) {
        return false;
    }
    if flow.starts_with('{') {
        return flow.split(COMMA).skip(1).any(|after| {
            let after = after.trim_start_matches([' ', SPACE]);
            let key_end = after.find([':', COLON]).unwrap_or(0);
            key_end > 0 && is_key(&after[..key_end])
        });
    }
    flow.starts_with('[') && !flow.chars().any(crate::text::is_cjk)
}

/// `key: value` on a line (after its indentation and a list's `- `).
fn key_of(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, value) = body
        .split_once(": ")
        .or_else(|| body.strip_suffix(':').map(|k| (k, "")))?;
    is_key(key).then_some((key, value))
}

/// `title：通知` or `- start：09:00`: a key, then a full-width colon. A line
/// indented further than the key line above it, without that line opening a
/// block, is the continuation of a text and is left alone.
fn key_with_full_width_colon<'a>(line: &'a str, before: &[&str]) -> Option<(&'a str, &'a str)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, rest) = body.split_once(COLON)?;
    if !is_key(key) || key.contains(':') {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    if let Some(above) = before
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    {
        let continues = indent(line) > indent(above)
            && !above.trim_end().ends_with(':')
            && !line.trim_start().starts_with("- ");
        if continues {
            return None;
        }
    }
    Some((key, rest))
}

/// A key as authors write them: a word, Latin or Chinese, no spaces or quotes.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= 30
        && key
            .chars()
            .all(|c| !c.is_whitespace() && c != SPACE && !"\"'[]{}#,，：&*!|>%@`".contains(c))
}

/// The first key inside `{ … }`.
fn inner_key(flow: &str) -> Option<&str> {
    let inner = flow.trim_start_matches('{').trim_start();
    let end = inner.find([':', COLON])?;
    Some(inner[..end].trim())
}

/// What follows a key, with full-width syntax in brackets written in ASCII.
fn fix_rest(rest: &str) -> String {
    match key_of(rest) {
        Some((key, value)) if value.trim().starts_with(['[', '{']) => {
            let head = &rest[..rest.find(key).unwrap_or(0)];
            format!("{head}{key}: {}", fix_flow(value.trim()))
        }
        _ => rest.to_string(),
    }
}

/// `[甲，乙]` → `[甲, 乙]`, `{ name：王林，phone: 1 }` → `{ name: 王林, phone: 1 }`:
/// full-width commas between items, and a full-width colon right after an
/// item's key (a colon inside a value stays).
fn fix_flow(flow: &str) -> String {
    let mut fixed = String::new();
    let mut item_start = true;
    let mut in_key = flow.starts_with('{');
    let mut chars = flow.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            COMMA => {
                fixed.push_str(", ");
                while chars.peek().is_some_and(|c| *c == ' ' || *c == SPACE) {
                    chars.next();
                }
                item_start = true;
                in_key = flow.starts_with('{');
                continue;
            }
            ',' | '{' | '[' => {
                item_start = true;
                in_key = flow.starts_with('{');
                fixed.push(c);
            }
            COLON if in_key && !item_start => {
                fixed.push_str(": ");
                while chars.peek().is_some_and(|c| *c == ' ' || *c == SPACE) {
                    chars.next();
                }
                in_key = false;
                continue;
            }
            ':' => {
                in_key = false;
                fixed.push(c);
            }
            c if c.is_whitespace() => fixed.push(c),
            c => {
                item_start = false;
                fixed.push(c);
            }
        }
    }
    fixed
}
