//! How dates and times are written in front matter (`2024-03-01`, `08:30`),
//! and today in the site's time zone. A leaf: front matter, the model, `new`
//! and `import` ask it. A date or time written another common way
//! (`2026/12/7`, `2026年12月7日`, `09：00`) is refused with the exact fix.

use jiff::civil::{Date, Time};

use crate::messages::{Text, dates as say};

/// Why a date or time was refused, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub message: Text,
    pub hint: Text,
}

/// A date written `2024-03-01` (a time of day after it, `2024-03-01 10:00` or
/// `2024-03-01T10:00:00+08:00`, is allowed and ignored; anything else after
/// it is an error, with the fix). Impossible dates such as 2024-02-30 are
/// errors; a date written another way (`2026-12-7`, `2026/12/7`,
/// `2026年12月7日`, `2026.12.7`) is an error that names the date as it should
/// be written.
pub(crate) fn parse_date(text: &str) -> Result<Date, Refused> {
    parse_date_time(text).map(|(date, _)| date)
}

/// `parse_date`, with the time of day written after the date, if there is
/// one (`2024-03-01 09:30` → 09:30), as its clock reads: a zone after it is
/// set aside.
pub(crate) fn parse_date_time(text: &str) -> Result<(Date, Option<Time>), Refused> {
    let text = text.trim();
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    if let Ok(date) = day.parse::<Date>() {
        let after = text[day.len()..].trim_start_matches(['T', ' ']).trim();
        if after.is_empty() {
            return Ok((date, None));
        }
        if let Some(time) = time_of_day(after) {
            return Ok((date, Some(time)));
        }
        let fixed = near_miss_time(after).map_or(day.to_string(), |time| format!("{day} {time}"));
        return Err(Refused {
            message: say::not_a_time_after_date(after),
            hint: say::write_date_as(&fixed),
        });
    }
    match near_miss_date(text) {
        Some((year, month, day, time)) => match Date::new(year, month, day) {
            Ok(_) => {
                let fixed = format!("{year:04}-{month:02}-{day:02}{time}");
                Err(Refused {
                    message: say::date_written_otherwise(text),
                    hint: say::write_date_as(&fixed),
                })
            }
            Err(_) => Err(impossible(text)),
        },
        None if looks_like_iso(day) => Err(impossible(text)),
        None => Err(Refused {
            message: say::not_a_date(text),
            hint: say::how_to_write_dates(),
        }),
    }
}

fn impossible(text: &str) -> Refused {
    Refused {
        message: say::no_such_day(text),
        hint: say::no_such_day_hint(),
    }
}

/// `2024-02-30`: written right, but not a day of the calendar.
fn looks_like_iso(day: &str) -> bool {
    let b = day.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Year, month, day and what follows (a time, as `" 09:00"`) of a date written
/// with other separators or unpadded numbers: `2026-12-7`, `2026/12/7`,
/// `2026.12.7`, `2026年12月7日`, full-width digits, with or without a time.
fn near_miss_date(text: &str) -> Option<(i16, i8, i8, String)> {
    let text: String = text.chars().map(half_width).collect();
    let mut rest = text.as_str();
    let year = number(&mut rest, 4, 4)?;
    rest = rest.trim_start();
    let separator = rest.chars().next()?;
    if !matches!(separator, '-' | '/' | '.' | '年') {
        return None;
    }
    rest = rest[separator.len_utf8()..].trim_start();
    let month = number(&mut rest, 1, 2)?;
    rest = rest.trim_start();
    let second = rest.chars().next()?;
    let expected = if separator == '年' { '月' } else { separator };
    if second != expected {
        return None;
    }
    rest = rest[second.len_utf8()..].trim_start();
    let day = number(&mut rest, 1, 2)?;
    if separator == '年' {
        rest = rest.trim_start();
        rest = rest.strip_prefix(['日', '号']).unwrap_or(rest);
    }
    // A time that is neither right nor near is left out of the fix.
    let time = match rest.trim() {
        "" => String::new(),
        time => match near_miss_time(time) {
            Some(fixed) => format!(" {fixed}"),
            None if time_of_day(time).is_some() => format!(" {time}"),
            None => String::new(),
        },
    };
    Some((year as i16, month as i8, day as i8, time))
}

/// Digits at the start of `rest` (between `min` and `max` of them), taken off it.
fn number(rest: &mut &str, min: usize, max: usize) -> Option<u32> {
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits < min || digits > max {
        return None;
    }
    let value = rest[..digits].parse().ok()?;
    *rest = &rest[digits..];
    Some(value)
}

/// `０９：００` → `09:00`: full-width digits and punctuation, as ASCII.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '：' => ':',
        '－' => '-',
        '／' => '/',
        '．' | '。' => '.',
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A time of day as it may follow a date: `09:30`, `9:30`, `09:30:00`, with
/// an offset from UTC or `Z` after it (`09:30:00+08:00`).
fn time_of_day(text: &str) -> Option<Time> {
    let clock = text
        .strip_suffix('Z')
        .or_else(|| {
            let (clock, zone) = text.split_at(text.rfind(['+', '-'])?);
            zone[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
                .then_some(clock)
        })
        .unwrap_or(text);
    parse_time(clock).ok()
}

/// A time on a 24-hour clock, `08:30` (or `8:30`). A time written another way
/// (`09：00`, `9点`, `14点30分`, `9.30`) is an error naming the fix.
pub(crate) fn parse_time(text: &str) -> Result<Time, Refused> {
    let text = text.trim();
    let padded = if text.len() == 4 && text.as_bytes()[1] == b':' {
        format!("0{text}")
    } else {
        text.to_string()
    };
    if let Ok(time) = padded.parse::<Time>() {
        return Ok(time);
    }
    Err(match near_miss_time(text) {
        Some(fixed) => Refused {
            message: say::time_written_otherwise(text),
            hint: say::write_time_as(&fixed),
        },
        None => Refused {
            message: say::not_a_time(text),
            hint: say::how_to_write_times(),
        },
    })
}

/// `09：00`, `9点`, `9点30分`, `9.30`, `9:5` → `09:00`, `09:30`, `09:05`.
fn near_miss_time(text: &str) -> Option<String> {
    let text: String = text.chars().map(half_width).collect();
    let mut rest = text.trim();
    let hour = number(&mut rest, 1, 2)?;
    let minute = if rest.is_empty() {
        return None;
    } else if let Some(after) = rest.strip_prefix(['点', '时']) {
        rest = after;
        if rest.is_empty() || rest == "整" {
            rest = "";
            0
        } else if let Some(after) = rest.strip_prefix('半') {
            rest = after;
            30
        } else {
            let minute = number(&mut rest, 1, 2)?;
            rest = rest.strip_prefix('分').unwrap_or(rest);
            minute
        }
    } else {
        rest = rest.strip_prefix([':', '.'])?;
        let minute = number(&mut rest, 1, 2)?;
        if rest.starts_with(':') {
            let mut seconds = &rest[1..];
            number(&mut seconds, 2, 2)?;
            rest = seconds;
        }
        minute
    };
    (rest.is_empty() && hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

/// Today in the site's time zone; `PLACARD_TODAY=YYYY-MM-DD` fixes it (for
/// reproducible builds and tests of expiry).
pub(crate) fn today(timezone: &str) -> Date {
    if let Ok(fixed) = std::env::var("PLACARD_TODAY")
        && let Ok(date) = parse_date(&fixed)
    {
        return date;
    }
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}

/// How often a column must be updated (`update_every: 6 months` in a
/// section's `_index.md`): a number of days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Every {
    pub count: u16,
    pub unit: Unit,
}

/// The unit of an [`Every`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Every {
    /// `6 months`, `2 weeks`, `14 days`, `1 year`, or in Chinese `6个月`,
    /// `2周`, `14天`, `1年`, `半年` (spaces anywhere). None for anything else, zero
    /// included: a column cannot be due every 0 days.
    pub(crate) fn parse(text: &str) -> Option<Every> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if text == "半年" {
            return Some(Every {
                count: 6,
                unit: Unit::Months,
            });
        }
        let digits = text.find(|c: char| !c.is_ascii_digit())?;
        let count: u16 = text[..digits].parse().ok().filter(|&n| n > 0)?;
        let unit = match text[digits..].to_lowercase().as_str() {
            "day" | "days" | "天" | "日" => Unit::Days,
            "week" | "weeks" | "周" | "星期" | "个星期" => Unit::Weeks,
            "month" | "months" | "个月" | "月" => Unit::Months,
            "year" | "years" | "年" => Unit::Years,
            _ => return None,
        };
        Some(Every { count, unit })
    }

    /// The earliest date a page may have on `today` for its column to be
    /// up to date (`today` less the interval; a month before 31 March is
    /// 28 or 29 February).
    pub(crate) fn oldest_allowed(self, today: Date) -> Date {
        let n = i64::from(self.count);
        let span = match self.unit {
            Unit::Days => jiff::Span::new().days(n),
            Unit::Weeks => jiff::Span::new().weeks(n),
            Unit::Months => jiff::Span::new().months(n),
            Unit::Years => jiff::Span::new().years(n),
        };
        today.checked_sub(span).unwrap_or(Date::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix_of_date(text: &str) -> String {
        parse_date(text).expect_err(text).hint.en().to_string()
    }

    #[test]
    fn a_date_written_another_common_way_names_the_exact_fix() {
        for written in [
            "2026-12-7",
            "2026/12/7",
            "2026年12月7日",
            "2026.12.7",
            "２０２６－１２－０７",
            "2026 年 12 月 7 日",
        ] {
            assert_eq!(
                fix_of_date(written),
                "write the date as 2026-12-07",
                "{written}"
            );
            let refused = parse_date(written).unwrap_err();
            assert_eq!(refused.hint.zh(), "日期请写成 2026-12-07", "{written}");
        }
        assert_eq!(
            fix_of_date("2026/12/7 9:00"),
            "write the date as 2026-12-07 09:00"
        );
        assert_eq!(
            fix_of_date("2026年12月7日 上午"),
            "write the date as 2026-12-07"
        );
    }

    #[test]
    fn the_time_written_after_a_date_is_kept_as_its_clock_reads() {
        let day = jiff::civil::date(2024, 3, 1);
        for (written, time) in [
            ("2024-03-01", None),
            ("2024-03-01 09:30", Some(jiff::civil::time(9, 30, 0, 0))),
            ("2024-03-01 9:30", Some(jiff::civil::time(9, 30, 0, 0))),
            (
                "2024-03-01T10:00:00+08:00",
                Some(jiff::civil::time(10, 0, 0, 0)),
            ),
            ("2024-03-01T23:05:00Z", Some(jiff::civil::time(23, 5, 0, 0))),
        ] {
            assert_eq!(parse_date_time(written), Ok((day, time)), "{written}");
        }
        assert!(parse_date_time("2024-03-01 9点").is_err());
    }

    #[test]
    fn a_day_the_calendar_does_not_have_is_named_whichever_way_it_is_written() {
        for written in ["2024-02-30", "2024/2/30", "2024年2月30日"] {
            let refused = parse_date(written).unwrap_err();
            assert_eq!(
                refused.message.en(),
                format!("there is no day `{written}` in the calendar")
            );
        }
    }

    #[test]
    fn what_is_not_a_date_says_how_dates_are_written() {
        let refused = parse_date("下周一").unwrap_err();
        assert_eq!(refused.message.zh(), "`下周一` 不是日期");
        assert_eq!(refused.hint.zh(), "日期请写成 年-月-日，如 2026-12-07");
        assert_eq!(
            parse_date("2026-12-07 10:00"),
            Ok(Date::constant(2026, 12, 7))
        );
    }

    #[test]
    fn what_follows_a_date_is_a_time_of_day_or_an_error_with_the_fix() {
        for written in [
            "2026-12-07 09:30",
            "2026-12-07 9:30",
            "2026-12-07T09:30:00",
            "2026-12-07T09:30:00+08:00",
            "2026-12-07T01:30:00Z",
        ] {
            assert_eq!(
                parse_date(written),
                Ok(Date::constant(2026, 12, 7)),
                "{written}"
            );
        }
        for (written, fixed) in [
            ("2026-12-07 9点半", "2026-12-07 09:30"),
            ("2026-12-07 上午", "2026-12-07"),
            ("2026-12-07 25:00", "2026-12-07"),
            ("2026-12-07 第二期", "2026-12-07"),
        ] {
            let refused = parse_date(written).expect_err(written);
            assert_eq!(
                refused.hint.en(),
                format!("write the date as {fixed}"),
                "{written}"
            );
        }
        assert_eq!(
            parse_date("2026-12-07 上午").unwrap_err().message.zh(),
            "日期后面的 `上午` 不是时间"
        );
    }

    #[test]
    fn a_time_written_another_common_way_names_the_exact_fix() {
        for (written, fixed) in [
            ("09：00", "09:00"),
            ("9点", "09:00"),
            ("14点30分", "14:30"),
            ("8点半", "08:30"),
            ("9.30", "09:30"),
            ("９:００", "09:00"),
        ] {
            let refused = parse_time(written).expect_err(written);
            assert_eq!(
                refused.hint.en(),
                format!("write the time as \"{fixed}\""),
                "{written}"
            );
        }
        assert_eq!(parse_time("8:30"), Ok(Time::constant(8, 30, 0, 0)));
        assert_eq!(
            parse_time("25:00").unwrap_err().hint.en(),
            "write times as HH:MM on a 24-hour clock, like \"08:30\""
        );
    }

    #[test]
    fn an_interval_is_a_number_and_a_unit_in_english_or_chinese() {
        let every = |count, unit| Some(Every { count, unit });
        assert_eq!(Every::parse("6 months"), every(6, Unit::Months));
        assert_eq!(Every::parse("1 month"), every(1, Unit::Months));
        assert_eq!(Every::parse("2 weeks"), every(2, Unit::Weeks));
        assert_eq!(Every::parse("14 days"), every(14, Unit::Days));
        assert_eq!(Every::parse("1 Year"), every(1, Unit::Years));
        assert_eq!(Every::parse("6个月"), every(6, Unit::Months));
        assert_eq!(Every::parse("2 周"), every(2, Unit::Weeks));
        assert_eq!(Every::parse("14天"), every(14, Unit::Days));
        assert_eq!(Every::parse("半年"), every(6, Unit::Months));
        for wrong in [
            "",
            "6",
            "months",
            "0 days",
            "-2 weeks",
            "half a year",
            "6 mons",
            "1.5 months",
        ] {
            assert_eq!(Every::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_oldest_date_allowed_counts_back_from_today() {
        let day = |s: &str| s.parse::<Date>().unwrap();
        let six_months = Every::parse("6 months").unwrap();
        assert_eq!(
            six_months.oldest_allowed(day("2025-01-15")),
            day("2024-07-15")
        );
        let month = Every::parse("1 month").unwrap();
        assert_eq!(month.oldest_allowed(day("2025-03-31")), day("2025-02-28"));
        let two_weeks = Every::parse("2 weeks").unwrap();
        assert_eq!(
            two_weeks.oldest_allowed(day("2025-01-15")),
            day("2025-01-01")
        );
    }
}
