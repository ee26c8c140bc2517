//! Timetable arithmetic shared by the checks of a training, its page, its
//! calendar and its poster: a session's hours, the sessions in order, the week
//! a date falls in, whether a batch holds a date. A leaf: no display, no files.

use jiff::civil::{Date, Time, Weekday};

use crate::content::front_matter::{Batch, Session, Training};

pub(crate) struct Schedule<'a> {
    /// Sessions sorted by date and start time.
    pub sessions: Vec<&'a Session>,
}

impl Session {
    /// Length in hours (0 for a session that ends before it starts).
    pub fn hours(&self) -> f64 {
        let minutes = |t: Time| t.hour() as f64 * 60.0 + t.minute() as f64;
        ((minutes(self.end) - minutes(self.start)) / 60.0).max(0.0)
    }
}

impl<'a> Schedule<'a> {
    pub(crate) fn of(training: &'a Training) -> Schedule<'a> {
        let mut sessions: Vec<&Session> = training.sessions.iter().map(|s| &s.value).collect();
        sessions.sort_by_key(|s| (s.date, s.start));
        Schedule { sessions }
    }

    pub(crate) fn hours_of(&self, module: &str) -> f64 {
        self.sessions
            .iter()
            .filter(|s| s.module == module)
            .map(|s| s.hours())
            .sum()
    }

    pub(crate) fn total_hours(&self) -> f64 {
        self.sessions.iter().map(|s| s.hours()).sum()
    }

    pub(crate) fn first_day(&self) -> Option<Date> {
        self.sessions.first().map(|s| s.date)
    }
}

/// The Monday of the week a date falls in.
pub(crate) fn week_start(date: Date) -> Date {
    let back = date.weekday().since(Weekday::Monday);
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

impl Batch {
    /// Whether `date` falls between the batch's start and end (both included).
    pub(crate) fn holds(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Hours as shown in tables: `3`, `1.5`.
pub(crate) fn format_hours(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_hours_show_as_tables_do() {
        assert_eq!(
            week_start(Date::constant(2024, 3, 1)),
            Date::constant(2024, 2, 26)
        );
        assert_eq!(format_hours(3.0), "3");
        assert_eq!(format_hours(1.5), "1.5");
        assert_eq!(format_hours(2.0 / 3.0), "0.67");
    }
}
