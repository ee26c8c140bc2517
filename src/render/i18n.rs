//! Language-dependent display: dates, weekdays, file sizes. UI strings
//! themselves live in the theme's `i18n/<lang>.yaml`.

use jiff::civil::Date;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2024年3月1日` / `1 March 2024`.
pub(crate) fn format_date(date: Date, lang: &str) -> String {
    match lang {
        "zh" => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        _ => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month() as usize - 1],
            date.year()
        ),
    }
}

/// `3月4日` / `4 March`: for ranges inside one year.
pub(crate) fn format_day_month(date: Date, lang: &str) -> String {
    match lang {
        "zh" => format!("{}月{}日", date.month(), date.day()),
        _ => format!("{} {}", date.day(), MONTHS_EN[date.month() as usize - 1]),
    }
}

pub(crate) fn weekday(date: Date, lang: &str) -> &'static str {
    let index = date.weekday().to_monday_zero_offset() as usize;
    match lang {
        "zh" => [
            "星期一",
            "星期二",
            "星期三",
            "星期四",
            "星期五",
            "星期六",
            "星期日",
        ][index],
        _ => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][index],
    }
}

/// `第1周（3月4日—3月10日）` / `Week 1 (4 March – 10 March)`.
pub(crate) fn week_label(number: usize, monday: Date, lang: &str) -> String {
    let sunday = monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(monday);
    let (from, to) = (
        format_day_month(monday, lang),
        format_day_month(sunday, lang),
    );
    match lang {
        "zh" => format!("第{number}周（{from}—{to}）"),
        _ => format!("Week {number} ({from} – {to})"),
    }
}

/// `850 B`, `12.3 KB`, `1.4 MB`.
pub(crate) fn file_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_per_language() {
        let date = Date::constant(2024, 3, 1);
        assert_eq!(format_date(date, "zh"), "2024年3月1日");
        assert_eq!(format_date(date, "en"), "1 March 2024");
        assert_eq!(weekday(date, "zh"), "星期五");
    }
}
