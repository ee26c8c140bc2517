//! How dates and times are written in front matter (`2024-03-01`, `08:30`),
//! and today in the site's time zone. A leaf: front matter, the model, `new`
//! and `import` ask it.

use jiff::civil::{Date, Time};

/// A date written `2024-03-01` (a time after it, `2024-03-01 10:00`, is allowed
/// and ignored). Impossible dates such as 2024-02-30 are errors.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    day.parse::<Date>().map_err(|err| {
        format!("`{text}` is not a valid date ({err})").replace("failed to parse ", "")
    })
}

pub(crate) fn parse_time(text: &str) -> Result<Time, String> {
    let text = text.trim();
    let padded = if text.len() == 4 && text.as_bytes()[1] == b':' {
        format!("0{text}")
    } else {
        text.to_string()
    };
    padded
        .parse::<Time>()
        .map_err(|_| format!("`{text}` is not a valid time"))
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
