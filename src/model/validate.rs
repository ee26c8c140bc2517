//! Checks that typed front matter cannot make by itself: a training's sessions
//! against its modules, batches and each other; a notice's validity; a plan's
//! period; attachments against the files of the page bundle. Every finding
//! points at the line where the value is written, with a hint.

use crate::messages::Text;
use crate::messages::validate::{self as say, Shared};
use std::path::Path;

use rayon::prelude::*;

use super::{Page, Site};
use crate::content::Parsed;
use crate::content::front_matter::{Batch, Located, Notice, Plan, Session, Training};
use crate::content::front_matter::{KindMeta, Module};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::messages::publishing;
use crate::timetable::{format_hours, tallies};
use jiff::civil::Date;

/// Checks every page of the site; errors stop the build, warnings do not.
pub(crate) fn validate(site: &Site, diagnostics: &Diagnostics) {
    site.pages.par_iter().for_each(|page| {
        let file = page.source.path.as_path();
        match &page.meta.kind {
            KindMeta::Notice(notice) => {
                check_validity(notice, page.date(), file, diagnostics);
                check_attachments(notice, page, diagnostics);
            }
            KindMeta::Plan(plan) => check_period(plan, file, diagnostics),
            KindMeta::Training(training) => {
                Timetable::new(training, file, diagnostics).check();
            }
            KindMeta::Page => {}
        }
    });
    super::interpretations::check(site, diagnostics);
    super::disclosure::check(site, diagnostics);
}

/// The checks of its kind that need nothing but the page itself, for a page
/// left out for errors in its front matter (read without its wrong values):
/// its other mistakes are reported in the same run. Attachments, which are
/// checked against the page's bundle in the site, wait for it to be mended.
pub(crate) fn validate_left_out(pages: &[&Parsed], diagnostics: &Diagnostics) {
    for page in pages {
        let file = page.source.path.as_path();
        match &page.meta.kind {
            KindMeta::Notice(notice) => {
                let date = page.meta.date.as_ref().map(|d| d.value);
                check_validity(notice, date, file, diagnostics);
            }
            KindMeta::Plan(plan) => check_period(plan, file, diagnostics),
            KindMeta::Training(training) => {
                Timetable::new(training, file, diagnostics).check();
            }
            KindMeta::Page => {}
        }
    }
}

/// `valid_until` before `date` would make the notice expired on the day it is issued.
fn check_validity(notice: &Notice, date: Option<Date>, file: &Path, diagnostics: &Diagnostics) {
    let (Some(until), Some(date)) = (&notice.valid_until, date) else {
        return;
    };
    if until.value < date {
        diagnostics.push(
            Diagnostic::error(say::valid_until_before_date(
                &until.value.to_string(),
                &date.to_string(),
            ))
            .in_file(file)
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
                if self.same_batch(a, b) {
                    self.report_same_batch(first, second);
                    continue;
                }
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

    /// Whether two sessions are for the same trainees: of one batch, or both
    /// of none (a course without batches is one).
    fn same_batch(&self, a: &Session, b: &Session) -> bool {
        match (self.batch_of(a), self.batch_of(b)) {
            (Some(x), Some(y)) => std::ptr::eq(x, y),
            (None, None) => true,
            _ => false,
        }
    }

    /// Two sessions the same trainees would have to attend at once: reported
    /// where the later-written one is, naming the other's line.
    fn report_same_batch(&self, first: &Located<Session>, second: &Located<Session>) {
        let (here, there) = if second.line >= first.line {
            (second, first)
        } else {
            (first, second)
        };
        let span = |s: &Session| format!("{}–{}", clock(s.start), clock(s.end));
        let batch = self.batch_of(&here.value).map(|b| b.value.name.as_str());
        self.report(
            Diagnostic::error(publishing::sessions_of_one_batch_overlap(
                batch,
                &here.value.date.to_string(),
                &span(&here.value),
                &here.value.module,
                there.line,
                &span(&there.value),
                &there.value.module,
            ))
            .with_hint(publishing::move_one_session()),
            here.line,
        );
    }

    /// The batch a session belongs to: the one it names, else the one whose dates hold it.
    fn batch_of(&self, session: &Session) -> Option<&'a Located<Batch>> {
        let training: &'a Training = self.training;
        training
            .batch_of(session)
            .map(|index| &training.batches[index])
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

    /// Scheduled hours per module and batch against the module's `hours` (per
    /// batch): the same [`tallies`] the page marks "≠", so that the build warns
    /// about what readers see. A batch with no timetable yet is not compared;
    /// one published in part only when it schedules too many hours.
    fn check_hours(&self) {
        for (module, tallies) in self.training.modules.iter().zip(tallies(self.training)) {
            let Some(planned) = module.value.hours else {
                continue;
            };
            let id = &module.value.id;
            for tally in tallies.iter().filter(|t| t.mismatch) {
                let batch = tally
                    .batch
                    .map(|index| self.training.batches[index].value.name.as_str());
                self.report(
                    Diagnostic::warning(say::hours_differ(
                        id,
                        &format_hours(planned),
                        batch,
                        &format_hours(tally.scheduled),
                    ))
                    .with_hint(say::hours_differ_hint(id)),
                    module.line,
                );
            }
        }
    }
}

fn clock(time: jiff::civil::Time) -> String {
    time.strftime("%H:%M").to_string()
}
