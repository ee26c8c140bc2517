//! Numbers as Chinese documents write them: `十二` and `二〇二四` read, `一`–`九十九`
//! written (Word's Chinese list numbering), full-width digits, and the written
//! date of a document (`2024年3月8日`, `二〇二四年三月八日`).

use jiff::civil::Date;

/// The value of an ASCII or full-width digit.
pub(super) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of one Chinese numeral character, as in a year written digit by digit.
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' | 'O' | 'o' | '0' | '０' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '两' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return digit(c),
    })
}

/// True for the characters of a Chinese counting number, as headings are
/// numbered (`一` … `九`, `十`, `百`, `零`).
pub(super) fn is_counting(c: char) -> bool {
    "〇零一二三四五六七八九十百".contains(c)
}

/// `十二` → 12, `二十` → 20, `一百零五` → 105, `廿一` → 21. Below 1000.
pub(super) fn counting_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let (mut total, mut current, mut seen) = (0u32, 0u32, false);
    for c in text.chars() {
        match c {
            '百' | '佰' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '十' | '拾' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '廿' => total += 20,
            _ => current = current.checked_mul(10)?.checked_add(chinese_digit(c)?)?,
        }
        seen = true;
        if total + current >= 1000 {
            return None;
        }
    }
    seen.then_some(total + current)
}

/// A year, month or day written in digits (`2024`, `０３`) or in Chinese: digit
/// by digit for a year (`二〇二四`), counted for a month or day (`十二`, `二十一`).
fn number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 4 {
        return None;
    }
    if text.chars().all(|c| digit(c).is_some()) {
        return text.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?));
    }
    if text.chars().any(|c| matches!(c, '十' | '拾' | '百' | '廿')) {
        return counting_value(text);
    }
    text.chars()
        .try_fold(0u32, |n, c| Some(n * 10 + chinese_digit(c)?))
}

/// A paragraph that is a date and nothing else: `2024年3月8日`, `二〇二四年三月八日`,
/// `2024 年 03 月 08 日`, `2024.3.8`, `2024-03-08`. Impossible dates are `None`.
pub(super) fn written_date(text: &str) -> Option<Date> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let (year, month, day) = if let Some((year, rest)) = text.split_once('年') {
        let (month, rest) = rest.split_once('月')?;
        let day = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))?;
        (year, month, day)
    } else {
        let mut parts = text.split(['.', '-', '/', '．', '－', '／']);
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.chars().count() != 4 {
            return None;
        }
        if ![year, month, day]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| digit(c).is_some()))
        {
            return None;
        }
        (year, month, day)
    };
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    if !(1949..=2200).contains(&year) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// A date found inside a longer line, such as the printing line of the
/// colophon (`县人口计生委办公室  2024年3月10日印发`): the first one that parses.
pub(super) fn date_within(text: &str) -> Option<Date> {
    let chars: Vec<char> = text.chars().collect();
    for end in chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '日')
        .map(|(i, _)| i)
    {
        for start in end.saturating_sub(16)..end {
            if let Some(date) = written_date(&chars[start..=end].iter().collect::<String>()) {
                return Some(date);
            }
        }
    }
    None
}

/// `n` in Chinese counting (`一` … `九十九`, then `一百` …), as Word numbers lists
/// in the `chineseCounting` format.
pub(super) fn chinese_counting(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n > 10 {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if !n.is_multiple_of(10) {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese_counting(rest)),
                _ => chinese_counting(rest),
            };
            format!("{}百{tail}", DIGITS[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_in_every_form() {
        let march_8 = Date::constant(2024, 3, 8);
        for text in [
            "2024年3月8日",
            "2024年03月08日",
            " 2024 年 3 月 8 日 ",
            "２０２４年３月８日",
            "二〇二四年三月八日",
            "二○二四年三月八日",
            "二零二四年三月八日",
            "2024.3.8",
            "2024-03-08",
            "2024/3/8",
        ] {
            assert_eq!(written_date(text), Some(march_8), "{text}");
        }
        assert_eq!(
            written_date("二〇二四年十二月二十一日"),
            Some(Date::constant(2024, 12, 21))
        );
        assert_eq!(
            written_date("二〇二四年十月三十一日"),
            Some(Date::constant(2024, 10, 31))
        );
        for not_a_date in [
            "2024年2月30日",
            "2024年3月",
            "3月8日",
            "会议于2024年3月8日召开",
            "1.5",
            "12.3.4",
            "二〇二四年十三月一日",
        ] {
            assert_eq!(written_date(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn dates_inside_a_line() {
        assert_eq!(
            date_within("县人口计生委办公室          2024年3月10日印发"),
            Some(Date::constant(2024, 3, 10))
        );
        assert_eq!(date_within("抄送：县委办公室"), None);
    }

    #[test]
    fn counting_both_ways() {
        for n in [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115, 999] {
            assert_eq!(counting_value(&chinese_counting(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_counting(12), "十二");
        assert_eq!(chinese_counting(105), "一百零五");
        assert_eq!(counting_value("廿一"), Some(21));
        assert_eq!(counting_value("十x"), None);
    }
}
