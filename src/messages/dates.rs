//! What placard says about a date or a time it cannot read.

use super::Text;

/// `2026/12/7`, `2026年12月7日`: a date, written another way.
pub(crate) fn date_written_otherwise(text: &str) -> Text {
    Text::new(
        format!("日期 `{text}` 的写法不对"),
        format!("the date `{text}` is not written as placard reads dates"),
    )
}

/// The date as it should be written.
pub(crate) fn write_date_as(fixed: &str) -> Text {
    Text::new(
        format!("日期请写成 {fixed}"),
        format!("write the date as {fixed}"),
    )
}

/// `2026-12-07 上午`: something after the date that is not a time of day.
pub(crate) fn not_a_time_after_date(after: &str) -> Text {
    Text::new(
        format!("日期后面的 `{after}` 不是时间"),
        format!("`{after}` after the date is not a time of day"),
    )
}

pub(crate) fn not_a_date(text: &str) -> Text {
    Text::new(
        format!("`{text}` 不是日期"),
        format!("`{text}` is not a date"),
    )
}

pub(crate) fn how_to_write_dates() -> Text {
    Text::new(
        "日期请写成 年-月-日，如 2026-12-07",
        "write dates as YYYY-MM-DD, like 2026-12-07",
    )
}

/// `2024-02-30`.
pub(crate) fn no_such_day(text: &str) -> Text {
    Text::new(
        format!("日历上没有 `{text}` 这一天"),
        format!("there is no day `{text}` in the calendar"),
    )
}

pub(crate) fn no_such_day_hint() -> Text {
    Text::new(
        "检查月份和日子（如二月只有 28 或 29 天），日期写成 年-月-日，如 2026-12-07",
        "check the month and the day (February has 28 or 29 days); write dates as YYYY-MM-DD, like 2026-12-07",
    )
}

/// `09：00`, `9点`: a time, written another way.
pub(crate) fn time_written_otherwise(text: &str) -> Text {
    Text::new(
        format!("时间 `{text}` 的写法不对"),
        format!("the time `{text}` is not written as placard reads times"),
    )
}

pub(crate) fn write_time_as(fixed: &str) -> Text {
    Text::new(
        format!("时间请写成 \"{fixed}\"（半角冒号，24 小时制）"),
        format!("write the time as \"{fixed}\""),
    )
}

pub(crate) fn not_a_time(text: &str) -> Text {
    Text::new(
        format!("`{text}` 不是时间"),
        format!("`{text}` is not a valid time"),
    )
}

pub(crate) fn how_to_write_times() -> Text {
    Text::new(
        "时间请写成 24 小时制的 时:分，如 \"08:30\"",
        "write times as HH:MM on a 24-hour clock, like \"08:30\"",
    )
}
