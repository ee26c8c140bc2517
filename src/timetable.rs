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

    pub(crate) fn first_day(&self) -> Option<Date> {
        self.sessions.first().map(|s| s.date)
    }
}

impl Training {
    /// The batch a session belongs to, as an index into `batches`: the one it
    /// names, else the first whose dates hold it.
    pub(crate) fn batch_of(&self, session: &Session) -> Option<usize> {
        let batches = &self.batches;
        match &session.batch {
            Some(name) => batches.iter().position(|b| &b.value.name == name),
            None => batches.iter().position(|b| b.value.holds(session.date)),
        }
    }
}

/// The hours of one module scheduled for one batch (or for a course without
/// batches), against the module's `hours`, which are per batch. The build's
/// warning and the page's "≠" are both this `mismatch`, so they agree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tally {
    /// The batch (an index into `batches`); None for a course without batches.
    pub batch: Option<usize>,
    /// Hours of the module's sessions in this batch.
    pub scheduled: f64,
    /// Whether any session of the batch is published (of any module).
    pub published: bool,
    /// The scheduled hours differ from the planned ones in a way worth telling:
    /// a timetable published in part (its sessions stop before the batch's
    /// last week) may schedule fewer, never more; a whole one, exactly them.
    pub mismatch: bool,
}

/// For each module (in order), its [`Tally`] in each batch (in order), or its
/// one tally when the course has no batches. Sessions that end before they
/// start, name no module of the course, or fall in no batch count for none.
pub(crate) fn tallies(training: &Training) -> Vec<Vec<Tally>> {
    let counted: Vec<(&Session, Option<usize>)> = training
        .sessions
        .iter()
        .map(|s| &s.value)
        .filter(|s| s.end > s.start)
        .map(|s| (s, training.batch_of(s)))
        .collect();
    // (batch, its sessions' last date, whether its timetable is whole)
    let groups: Vec<(Option<usize>, Option<Date>, bool)> = if training.batches.is_empty() {
        let last = counted.iter().map(|(s, _)| s.date).max();
        vec![(None, last, true)]
    } else {
        (0..training.batches.len())
            .map(|index| {
                let batch = &training.batches[index].value;
                let last = counted
                    .iter()
                    .filter(|(_, b)| *b == Some(index))
                    .map(|(s, _)| s.date)
                    .max();
                let whole = last.is_some_and(|last| last >= week_start(batch.end));
                (Some(index), last, whole)
            })
            .collect()
    };
    training
        .modules
        .iter()
        .map(|module| {
            let module = &module.value;
            groups
                .iter()
                .map(|&(batch, last, whole)| {
                    let scheduled: f64 = counted
                        .iter()
                        .filter(|(s, b)| s.module == module.id && *b == batch)
                        .map(|(s, _)| s.hours())
                        .sum();
                    let published = last.is_some();
                    let mismatch = published
                        && module.hours.is_some_and(|planned| {
                            let differs = (scheduled - planned).abs() > 0.01;
                            differs && (whole || scheduled > planned)
                        });
                    Tally {
                        batch,
                        scheduled,
                        published,
                        mismatch,
                    }
                })
                .collect()
        })
        .collect()
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
    use crate::content::front_matter::{KindMeta, parse};
    use crate::diagnostics::Diagnostics;

    fn training(yaml: &str) -> Training {
        let text = format!("title: 培训\ndate: 2024-03-01\n{yaml}");
        let diagnostics = Diagnostics::new();
        let parsed = parse(
            &text,
            2,
            std::path::Path::new("x.md"),
            Some("trainings"),
            false,
            &diagnostics,
        );
        match parsed.map(|fm| fm.kind) {
            Some(KindMeta::Training(training)) => training,
            _ => panic!("{:?}", diagnostics.into_sorted()),
        }
    }

    #[test]
    fn hours_are_per_batch_and_a_batch_not_yet_published_is_not_compared() {
        let t = training(
            "batches:
  - { name: 第一期, start: 2024-03-04, end: 2024-03-15 }
  - { name: 第二期, start: 2024-04-08, end: 2024-04-19 }
  - { name: 第三期, start: 2024-05-06, end: 2024-05-10 }
modules:
  - { id: T1, title: 手术, hours: 6 }
sessions:
  - { date: 2024-03-04, start: \"09:00\", end: \"12:00\", module: T1 }
  - { date: 2024-03-11, start: \"09:00\", end: \"12:00\", module: T1 }
  - { date: 2024-04-08, start: \"09:00\", end: \"12:00\", module: T1 }
  - { date: 2024-05-06, start: \"08:00\", end: \"12:00\", module: T1 }
  - { date: 2024-05-07, start: \"08:00\", end: \"12:00\", module: T1, batch: 第三期 }
",
        );
        let found: Vec<(Option<usize>, f64, bool, bool)> = tallies(&t)[0]
            .iter()
            .map(|t| (t.batch, t.scheduled, t.published, t.mismatch))
            .collect();
        assert_eq!(
            found,
            [
                // whole timetable, 6 of 6
                (Some(0), 6.0, true, false),
                // its first week only: fewer hours are not a mismatch
                (Some(1), 3.0, true, false),
                // more hours than planned always are
                (Some(2), 8.0, true, true),
            ]
        );
        let no_sessions = training("modules:\n  - { id: T1, title: 手术, hours: 6 }\n");
        assert_eq!(
            tallies(&no_sessions),
            [[Tally {
                batch: None,
                scheduled: 0.0,
                published: false,
                mismatch: false
            }]]
        );
    }

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
