//! Word's list numbering: the labels (`1.`, `（一）`, `一、`) a numbered
//! paragraph shows, counted as Word counts them.

use std::collections::HashMap;

use super::super::numerals;

use super::xml::{attr, is_w, val, w_child};

#[derive(Debug, Clone)]
pub(super) struct Level {
    pub(super) start: u32,
    pub(super) format: String,
    pub(super) text: String,
}

#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// abstractNumId → its nine levels.
    pub(super) abstracts: HashMap<String, Vec<Option<Level>>>,
    /// numId → (abstractNumId, start overrides by level).
    pub(super) nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// numId → the counter of each level, `None` before its first item.
    pub(super) counters: HashMap<String, [Option<u32>; 9]>,
}

pub(super) enum Label {
    Bullet,
    Text(String),
}

impl Numbering {
    pub(super) fn parse(xml: &roxmltree::Document) -> Numbering {
        let root = xml.root_element();
        let mut numbering = Numbering::default();
        for abstract_num in root.children().filter(|n| is_w(*n, "abstractNum")) {
            let Some(id) = attr(abstract_num, "abstractNumId") else {
                continue;
            };
            let mut levels = vec![None; 9];
            for level in abstract_num.children().filter(|n| is_w(*n, "lvl")) {
                let Some(index) = attr(level, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if index < 9 {
                    levels[index] = Some(Level {
                        start: w_child(level, "start")
                            .and_then(val)
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                        format: w_child(level, "numFmt")
                            .and_then(val)
                            .unwrap_or("decimal")
                            .to_string(),
                        text: w_child(level, "lvlText")
                            .and_then(val)
                            .unwrap_or("")
                            .to_string(),
                    });
                }
            }
            numbering.abstracts.insert(id.to_string(), levels);
        }
        for num in root.children().filter(|n| is_w(*n, "num")) {
            let (Some(id), Some(abstract_id)) = (
                attr(num, "numId"),
                w_child(num, "abstractNumId").and_then(val),
            ) else {
                continue;
            };
            let overrides = num
                .children()
                .filter(|n| is_w(*n, "lvlOverride"))
                .filter_map(|o| {
                    let level = attr(o, "ilvl")?.parse::<u8>().ok()?;
                    let start = w_child(o, "startOverride").and_then(val)?.parse().ok()?;
                    Some((level, start))
                })
                .collect();
            numbering
                .nums
                .insert(id.to_string(), (abstract_id.to_string(), overrides));
        }
        numbering
    }

    /// The label Word shows for the next item of list `num_id` at `level`.
    pub(super) fn label(&mut self, num_id: &str, level: u8) -> Option<Label> {
        let (abstract_id, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let level = usize::from(level);
        let definition = levels.get(level)?.as_ref()?;
        if definition.format == "bullet" {
            return Some(Label::Bullet);
        }
        let start_of = |l: usize| {
            overrides
                .get(&(l as u8))
                .copied()
                .or_else(|| levels[l].as_ref().map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num_id.to_string()).or_insert([None; 9]);
        counters[level] = Some(match counters[level] {
            Some(n) => n.saturating_add(1),
            None => start_of(level),
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let mut text = String::new();
        let mut chars = definition.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(n) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&n)
            {
                chars.next();
                let l = n as usize - 1;
                let value = counters[l].unwrap_or_else(|| start_of(l));
                let format = levels[l].as_ref().map_or("decimal", |d| d.format.as_str());
                text.push_str(&format_number(value, format));
            } else {
                text.push(c);
            }
        }
        Some(Label::Text(text))
    }
}

/// A list number in one of Word's formats.
pub(super) fn format_number(n: u32, format: &str) -> String {
    let letter = |base: u8| {
        let n = n.max(1) - 1;
        std::iter::repeat_n(char::from(base + (n % 26) as u8), (n / 26 + 1) as usize).collect()
    };
    match format {
        "none" => String::new(),
        "decimalZero" => format!("{n:02}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "chineseLegalSimplified" => numerals::chinese_counting(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(d.to_digit(10).unwrap_or(0) as usize)
                    .unwrap_or('〇')
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(((n.max(1) - 1) % 10) as usize)
            .map_or_else(String::new, String::from),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "upperLetter" => letter(b'A'),
        "lowerLetter" => letter(b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

pub(super) fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, letters) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}
