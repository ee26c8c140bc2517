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
