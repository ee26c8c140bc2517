//! A training's timetable: sessions in order with their hours, shared by the
//! page view, the calendar file and the checks.

use jiff::civil::{Date, Time};

use crate::content::front_matter::{Session, Training};

pub struct Schedule<'a> {
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
    pub fn of(training: &'a Training) -> Schedule<'a> {
        let mut sessions: Vec<&Session> = training.sessions.iter().map(|s| &s.value).collect();
        sessions.sort_by_key(|s| (s.date, s.start));
        Schedule { sessions }
    }

    pub fn hours_of(&self, module: &str) -> f64 {
        self.sessions
            .iter()
            .filter(|s| s.module == module)
            .map(|s| s.hours())
            .sum()
    }

    pub fn total_hours(&self) -> f64 {
        self.sessions.iter().map(|s| s.hours()).sum()
    }

    pub fn first_day(&self) -> Option<Date> {
        self.sessions.first().map(|s| s.date)
    }
}
