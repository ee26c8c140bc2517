//! Checks that typed front matter cannot make by itself: a training's sessions
//! against its modules, batches and each other; a notice's validity; a plan's
//! period; attachments against the files of the page bundle. Every finding
//! points at the line where the value is written, with a hint.

use crate::messages::Text;
use crate::messages::validate::{self as say, Shared};
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
            Diagnostic::error(say::valid_until_before_date(
                &until.value.to_string(),
                &date.to_string(),
            ))
            .in_file(&page.source.path)
            .at_line(until.line)
            .with_hint(say::valid_until_before_date_hint()),
        );
    }
}

fn check_period(plan: &Plan, file: &Path, diagnostics: &Diagnostics) {
    let Some(period) = &plan.period else { return };
    if period.value.end < period.value.start {
        diagnostics.push(
            Diagnostic::error(say::period_reversed(
                &period.value.end.to_string(),
                &period.value.start.to_string(),
            ))
            .in_file(file)
            .at_line(period.line)
            .with_hint(say::period_reversed_hint()),
        );
    }
}

/// An attachment is the name of a file beside `index.md` in the page bundle:
/// nothing else is copied to the output, and nothing may point outside it.
fn check_attachments(notice: &Notice, page: &Page, diagnostics: &Diagnostics) {
    let file = &page.source.path;
    for attachment in &notice.attachments {
        let name = attachment.value.file.as_str();
        let error = |message: Text, hint: Text| {
            diagnostics.push(
                Diagnostic::error(message)
                    .in_file(file)
                    .at_line(attachment.line)
                    .with_hint(hint),
            )
        };
        if name.trim().is_empty() || name.contains("..") || name.contains(['/', '\\']) {
            error(
                say::attachment_not_in_bundle(name),
                say::attachment_not_in_bundle_hint(),
            );
            continue;
        }
        if let Some(problem) = crate::paths::url_segment_problem(name) {
            error(
                say::attachment_unreachable(name, &problem),
                say::attachment_unreachable_hint(),
            );
            continue;
        }
        let Some(bundle) = &page.source.bundle_dir else {
            error(
                say::attachment_without_bundle(name),
                say::attachment_without_bundle_hint(&file.display().to_string(), name),
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
                Some(near) => say::did_you_mean(near),
                None => say::attachment_missing_hint(bundle),
            };
            error(say::attachment_missing(name), hint);
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
                    Diagnostic::error(say::module_id_twice(&module.value.id, earlier.line))
                        .with_hint(say::module_id_twice_hint()),
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
                Some(near) => say::did_you_mean(near),
                None if ids.is_empty() => say::no_modules_hint(),
                None => say::modules_are(&ids),
            };
            self.report(
                Diagnostic::error(say::unknown_module(&s.date.to_string(), &s.module))
                    .with_hint(hint),
                session.line,
            );
        }
        if s.end <= s.start {
            self.report(
                Diagnostic::error(say::session_ends_before_start(
                    &s.date.to_string(),
                    &clock(s.end),
                    &clock(s.start),
                ))
                .with_hint(say::session_ends_before_start_hint()),
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
                    shared.push(Shared::Venue(x));
                }
                if let (Some(x), Some(y)) = (self.instructor_of(a), self.instructor_of(b))
                    && x == y
                {
                    shared.push(Shared::Instructor(x));
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
                    Diagnostic::error(say::sessions_overlap(
                        &here.value.date.to_string(),
                        (&clock(here.value.start), &clock(here.value.end)),
                        there.line,
                        (
                            &clock(there.value.start),
                            &clock(there.value.end),
                            &there.value.module,
                        ),
                        &shared,
                    ))
                    .with_hint(say::sessions_overlap_hint()),
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
                        Some(near) => say::did_you_mean(near),
                        None => say::batches_are(&names),
                    };
                    self.report(
                        Diagnostic::error(say::unknown_batch(&s.date.to_string(), name))
                            .with_hint(hint),
                        session.line,
                    );
                }
                (Some(_), Some(batch)) if !batch.value.holds(s.date) => self.report(
                    Diagnostic::warning(say::session_outside_its_batch(
                        &s.date.to_string(),
                        &batch.value.name,
                        &batch.value.start.to_string(),
                        &batch.value.end.to_string(),
                    ))
                    .with_hint(say::session_outside_its_batch_hint()),
                    session.line,
                ),
                (None, None) => self.report(
                    Diagnostic::warning(say::session_outside_every_batch(
                        &s.date.to_string(),
                        &batches
                            .iter()
                            .map(|b| {
                                format!("{} {} – {}", b.value.name, b.value.start, b.value.end)
                            })
                            .collect::<Vec<_>>(),
                    ))
                    .with_hint(say::session_outside_every_batch_hint()),
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
            self.report(
                Diagnostic::warning(say::hours_differ(
                    id,
                    &format_hours(planned),
                    batch.map(|b| b.name.as_str()),
                    &format_hours(scheduled),
                ))
                .with_hint(say::hours_differ_hint(id)),
                module.line,
            );
        }
    }
}

fn clock(time: jiff::civil::Time) -> String {
    time.strftime("%H:%M").to_string()
}
