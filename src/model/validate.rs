//! Checks that typed front matter cannot make by itself: a training's sessions
//! against its modules, batches and each other; a notice's validity; a plan's
//! period; attachments against the files of the page bundle. Every finding
//! points at the line where the value is written, with a hint.

use std::path::Path;

use rayon::prelude::*;

use super::{Page, Site};
use crate::content::front_matter::{Batch, Located, Notice, Plan, Session, Training};
use crate::content::front_matter::{KindMeta, Module};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::timetable::{format_hours, week_start};

/// Checks every page of the site; errors stop the build, warnings do not.
pub(crate) fn validate(site: &Site, diagnostics: &Diagnostics) {
    site.pages.par_iter().for_each(|page| {
        let file = page.source.path.as_path();
        match &page.meta.kind {
            KindMeta::Notice(notice) => {
                check_validity(notice, page, diagnostics);
                check_attachments(notice, page, diagnostics);
            }
            KindMeta::Plan(plan) => check_period(plan, file, diagnostics),
            KindMeta::Training(training) => {
                Timetable::new(training, file, diagnostics).check();
            }
            KindMeta::Page => {}
        }
    });
}

/// `valid_until` before `date` would make the notice expired on the day it is issued.
fn check_validity(notice: &Notice, page: &Page, diagnostics: &Diagnostics) {
    let (Some(until), Some(date)) = (&notice.valid_until, page.date()) else {
        return;
    };
    if until.value < date {
        diagnostics.push(
            Diagnostic::error(format!(
                "`valid_until` {} is before the notice's `date` {date}",
                until.value
            ))
            .in_file(&page.source.path)
            .at_line(until.line)
            .with_hint("a notice is valid from its date until valid_until; check the year"),
        );
    }
}

fn check_period(plan: &Plan, file: &Path, diagnostics: &Diagnostics) {
    let Some(period) = &plan.period else { return };
    if period.value.end < period.value.start {
        diagnostics.push(
            Diagnostic::error(format!(
                "the plan's `period` ends on {} before it starts on {}",
                period.value.end, period.value.start
            ))
            .in_file(file)
            .at_line(period.line)
            .with_hint("write `period: { start: YYYY-MM-DD, end: YYYY-MM-DD }` with the earlier date as start"),
        );
    }
}

/// An attachment is the name of a file beside `index.md` in the page bundle:
/// nothing else is copied to the output, and nothing may point outside it.
fn check_attachments(notice: &Notice, page: &Page, diagnostics: &Diagnostics) {
    let file = &page.source.path;
    for attachment in &notice.attachments {
        let name = attachment.value.file.as_str();
        let error = |message: String, hint: String| {
            diagnostics.push(
                Diagnostic::error(message)
                    .in_file(file)
                    .at_line(attachment.line)
                    .with_hint(hint),
            )
        };
        if name.trim().is_empty() || name.contains("..") || name.contains(['/', '\\']) {
            error(
                format!("attachment `{name}` is not a file inside the page bundle"),
                "name a file that lies beside index.md, like `报名表.docx`: no folders, no `..`"
                    .to_string(),
            );
            continue;
        }
        if let Some(problem) = crate::paths::url_segment_problem(name) {
            error(
                format!("attachment `{name}` {problem}: no link would reach the file"),
                "rename the file and the attachment with letters, digits, `-` or `_` \
                 (Chinese is fine)"
                    .to_string(),
            );
            continue;
        }
        let Some(bundle) = &page.source.bundle_dir else {
            error(
                format!("attachment `{name}` cannot be found: this notice is not a page bundle"),
                format!(
                    "move {} to a folder of its own as index.md and put {name} beside it",
                    file.display()
                ),
            );
            continue;
        };
        let beside: Vec<&str> = page
            .bundle_files
            .iter()
            .filter_map(|f| f.rel.strip_prefix(bundle.as_str())?.strip_prefix('/'))
            .filter(|rest| !rest.contains('/'))
            .collect();
        if !beside.contains(&name) {
            let hint = match suggest(name, beside.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("put the file in content/{bundle}/, beside index.md"),
            };
            error(
                format!("attachment `{name}` does not exist in the page bundle"),
                hint,
            );
        }
    }
}

/// A training's sessions checked against its modules, its batches and each other.
struct Timetable<'a> {
    training: &'a Training,
    file: &'a Path,
    diagnostics: &'a Diagnostics,
    /// Sessions in time order (date, start), with the lines they are written on.
    sessions: Vec<&'a Located<Session>>,
}

impl<'a> Timetable<'a> {
    fn new(training: &'a Training, file: &'a Path, diagnostics: &'a Diagnostics) -> Self {
        let mut sessions: Vec<&Located<Session>> = training.sessions.iter().collect();
        sessions.sort_by_key(|s| (s.value.date, s.value.start, s.line));
        Timetable {
            training,
            file,
            diagnostics,
            sessions,
        }
    }

    fn check(&self) {
        self.check_module_ids();
        for session in &self.sessions {
            self.check_session(session);
        }
        self.check_overlaps();
        self.check_batches();
        self.check_hours();
    }

    fn report(&self, diagnostic: Diagnostic, line: Option<usize>) {
        self.diagnostics
            .push(diagnostic.in_file(self.file).at_line(line));
    }

    fn module(&self, id: &str) -> Option<&'a Located<Module>> {
        self.training.modules.iter().find(|m| m.value.id == id)
    }

    fn check_module_ids(&self) {
        for (index, module) in self.training.modules.iter().enumerate() {
            let earlier = self.training.modules[..index]
                .iter()
                .find(|m| m.value.id == module.value.id);
            if let Some(earlier) = earlier {
                self.report(
                    Diagnostic::error(format!(
                        "module id `{}` is used twice (first on {})",
                        module.value.id,
                        line_name(earlier.line)
                    ))
                    .with_hint("give every module its own `id`; sessions refer to modules by id"),
                    module.line,
                );
            }
        }
    }

    fn check_session(&self, session: &Located<Session>) {
        let s = &session.value;
        if self.module(&s.module).is_none() {
            let ids: Vec<&str> = self
                .training
                .modules
                .iter()
                .map(|m| m.value.id.as_str())
                .collect();
            let hint = match suggest(&s.module, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if ids.is_empty() => {
                    "list the course's modules under `modules:` with an `id` each".to_string()
                }
                None => format!("the modules are {}", ids.join(", ")),
            };
            self.report(
                Diagnostic::error(format!(
                    "session on {} refers to unknown module `{}`",
                    s.date, s.module
                ))
                .with_hint(hint),
                session.line,
            );
        }
        if s.end <= s.start {
            self.report(
                Diagnostic::error(format!(
                    "session on {} ends at {} before it starts at {}",
                    s.date,
                    clock(s.end),
                    clock(s.start)
                ))
                .with_hint(
                    "times are HH:MM on a 24-hour clock, like start: \"14:30\", end: \"17:30\"",
                ),
                session.line,
            );
        }
    }

    /// The venue a session is held in: its own, else the course's.
    fn venue_of(&self, session: &'a Session) -> Option<&'a str> {
        session
            .venue
            .as_deref()
            .or(self.training.venue.as_deref())
            .filter(|v| !v.trim().is_empty())
    }

    /// Who teaches a session: its own instructor, else its module's.
    fn instructor_of(&self, session: &'a Session) -> Option<&'a str> {
        session
            .instructor
            .as_deref()
            .or_else(|| self.module(&session.module)?.value.instructor.as_deref())
            .filter(|i| !i.trim().is_empty())
    }

    /// Two sessions at the same time cannot share a room or a teacher.
    fn check_overlaps(&self) {
        let valid: Vec<&Located<Session>> = self
            .sessions
            .iter()
            .copied()
            .filter(|s| s.value.end > s.value.start)
            .collect();
        for (index, first) in valid.iter().enumerate() {
            let a = &first.value;
            let overlapping = valid[index + 1..]
                .iter()
                .take_while(|b| b.value.date == a.date && b.value.start < a.end);
            for second in overlapping {
                let b = &second.value;
                let mut shared = Vec::new();
                if let (Some(x), Some(y)) = (self.venue_of(a), self.venue_of(b))
                    && x == y
                {
                    shared.push(format!("the same venue `{x}`"));
                }
                if let (Some(x), Some(y)) = (self.instructor_of(a), self.instructor_of(b))
                    && x == y
                {
                    shared.push(format!("the same instructor `{x}`"));
                }
                if shared.is_empty() {
                    continue;
                }
                // Reported where the later-written one is, naming the other.
                let (here, there) = if second.line >= first.line {
                    (second, first)
                } else {
                    (first, second)
                };
                self.report(
                    Diagnostic::error(format!(
                        "session on {} {}–{} overlaps the session on {} ({}–{}, {}) with {}",
                        here.value.date,
                        clock(here.value.start),
                        clock(here.value.end),
                        line_name(there.line),
                        clock(there.value.start),
                        clock(there.value.end),
                        there.value.module,
                        shared.join(" and ")
                    ))
                    .with_hint(
                        "move one of the two sessions, or give it another venue or instructor",
                    ),
                    here.line,
                );
            }
        }
    }

    /// The batch a session belongs to: the one it names, else the one whose dates hold it.
    fn batch_of(&self, session: &Session) -> Option<&'a Located<Batch>> {
        let batches = &self.training.batches;
        match &session.batch {
            Some(name) => batches.iter().find(|b| &b.value.name == name),
            None => batches.iter().find(|b| b.value.holds(session.date)),
        }
    }

    fn check_batches(&self) {
        let batches = &self.training.batches;
        if batches.is_empty() {
            return;
        }
        let names: Vec<&str> = batches.iter().map(|b| b.value.name.as_str()).collect();
        for session in &self.sessions {
            let s = &session.value;
            match (&s.batch, self.batch_of(s)) {
                (Some(name), None) => {
                    let hint = match suggest(name, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the batches are {}", names.join(", ")),
                    };
                    self.report(
                        Diagnostic::error(format!(
                            "session on {} names unknown batch `{name}`",
                            s.date
                        ))
                        .with_hint(hint),
                        session.line,
                    );
                }
                (Some(_), Some(batch)) if !batch.value.holds(s.date) => self.report(
                    Diagnostic::warning(format!(
                        "session on {} is outside the dates of its batch {} ({} – {})",
                        s.date, batch.value.name, batch.value.start, batch.value.end
                    ))
                    .with_hint("fix the session's date, or the batch's start and end"),
                    session.line,
                ),
                (None, None) => self.report(
                    Diagnostic::warning(format!(
                        "session on {} is outside the dates of every batch ({})",
                        s.date,
                        batches
                            .iter()
                            .map(|b| format!(
                                "{} {} – {}",
                                b.value.name, b.value.start, b.value.end
                            ))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))
                    .with_hint("fix the session's date, or add or extend a batch under `batches:`"),
                    session.line,
                ),
                _ => {}
            }
        }
    }

    /// Scheduled hours per module (and batch) against the module's `hours`.
    ///
    /// Timetables are often published a few weeks at a time, so a batch whose
    /// sessions stop before its last week is taken as not fully scheduled yet:
    /// only too many hours are reported for it. A course without batches, or
    /// a batch whose timetable reaches its last week, must add up exactly.
    fn check_hours(&self) {
        let counted: Vec<&Session> = self
            .sessions
            .iter()
            .map(|s| &s.value)
            .filter(|s| s.end > s.start && self.module(&s.module).is_some())
            .collect();
        if self.training.batches.is_empty() {
            self.compare_hours(&counted, None, true);
            return;
        }
        for batch in &self.training.batches {
            let in_batch: Vec<&Session> = counted
                .iter()
                .copied()
                .filter(|s| self.batch_of(s).is_some_and(|b| std::ptr::eq(b, batch)))
                .collect();
            let Some(last) = in_batch.iter().map(|s| s.date).max() else {
                continue; // no timetable for this batch yet
            };
            let complete = last >= week_start(batch.value.end);
            self.compare_hours(&in_batch, Some(&batch.value), complete);
        }
    }

    fn compare_hours(&self, sessions: &[&Session], batch: Option<&Batch>, complete: bool) {
        for module in &self.training.modules {
            let Some(planned) = module.value.hours else {
                continue;
            };
            let id = &module.value.id;
            let scheduled: f64 = sessions
                .iter()
                .filter(|s| &s.module == id)
                .map(|s| s.hours())
                .sum();
            let differs = (scheduled - planned).abs() > 0.01;
            if !differs || (!complete && scheduled < planned) {
                continue;
            }
            let timetable = match batch {
                Some(batch) => format!("the timetable of batch {}", batch.name),
                None => "the timetable".to_string(),
            };
            self.report(
                Diagnostic::warning(format!(
                    "module {id} plans {} hours but {timetable} schedules {}",
                    format_hours(planned),
                    format_hours(scheduled)
                ))
                .with_hint(format!(
                    "change the module's `hours` or the sessions of {id}; a session counts from its start to its end"
                )),
                module.line,
            );
        }
    }
}

fn clock(time: jiff::civil::Time) -> String {
    time.strftime("%H:%M").to_string()
}

fn line_name(line: Option<usize>) -> String {
    match line {
        Some(line) => format!("line {line}"),
        None => "another line".to_string(),
    }
}
