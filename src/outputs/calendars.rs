//! `schedule.ics` beside every training page: its timetable as an RFC 5545
//! calendar, one VEVENT per session.
//!
//! Times are written as local times of the site's `timezone` (`TZID=`), with a
//! VTIMEZONE block built from the time-zone database for the span of the
//! sessions, so calendar programs show the course in the time the page shows.
//! Everything is derived from the content alone (UIDs from the page and the
//! session, DTSTAMP from the page's date): the same content gives the same
//! bytes on every build.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Dst, Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::content::front_matter::{KindMeta, Session};
use crate::model::{Page, Site};
use rayon::prelude::*;

use super::{Context, Output, Sink, page_origin};
use crate::render::views::label;
use crate::timetable::Schedule;

pub(crate) struct Calendars;

impl Output for Calendars {
    fn name(&self) -> &'static str {
        "calendars"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let pages: Vec<&Page> = cx.pages().map(|(_, page)| page).collect();
        pages.par_iter().for_each(|page| {
            let strings = &cx.theme.strings[&page.lang];
            if let Some((path, ics)) = schedule_ics(cx.site, page, strings) {
                let origin = page_origin(page, crate::messages::outputs::calendar_of_page());
                cx.report(sink.put(&path, ics.into_bytes(), origin));
            }
        });
    }
}

/// UI strings of the page's language (the theme's `t`), for the event descriptions.
pub(crate) type Strings = indexmap::IndexMap<String, String>;

/// The calendar of a training page, as (output path, file text); None for other kinds.
pub(crate) fn schedule_ics(site: &Site, page: &Page, t: &Strings) -> Option<(String, String)> {
    let KindMeta::Training(training) = &page.meta.kind else {
        return None;
    };
    let schedule = Schedule::of(training);
    let timezone = &site.config.timezone;
    let tz = TimeZone::get(timezone).unwrap_or(TimeZone::UTC);
    let permalink = site.permalink(&page.url);
    let stamp = page.meta.updated.or(page.date()).unwrap_or(Date::ZERO);

    let mut ics = Writer::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line(
        "PRODID",
        &format!(
            "-//placard//placard {}//{}",
            env!("CARGO_PKG_VERSION"),
            page.lang.to_uppercase()
        ),
    );
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("METHOD", "PUBLISH");
    ics.text("X-WR-CALNAME", &page.meta.title);
    ics.text("X-WR-TIMEZONE", timezone);
    let span = span_of(&schedule, page, &tz);
    write_vtimezone(&mut ics, timezone, &tz, span);

    let host = host_of(&site.config.base_url);
    let mut uids: Vec<String> = Vec::new();
    for session in &schedule.sessions {
        let module = training
            .modules
            .iter()
            .map(|m| &m.value)
            .find(|m| m.id == session.module);
        let module_title = module.map_or(session.module.as_str(), |m| m.title.as_str());
        let venue = session.venue.as_ref().or(training.venue.as_ref());
        let instructor = session
            .instructor
            .as_ref()
            .or_else(|| module?.instructor.as_ref());

        // Two sessions with the same date, start and module (parallel groups)
        // are told apart by their order.
        let base = session_uid(&page.source.key, session, &host);
        let repeats = uids.iter().filter(|u| **u == base).count();
        let uid = match repeats {
            0 => base.clone(),
            n => base.replacen('@', &format!("-{}@", n + 1), 1),
        };
        uids.push(base);

        let batch = training
            .batch_of(session)
            .map(|index| training.batches[index].value.name.as_str())
            .or(session.batch.as_deref());
        let mut summary = format!("{} — {}", page.meta.title, module_title);
        if let Some(title) = &session.title {
            summary.push_str(&format!(": {title}"));
        }
        // Which batch: two batches take the same course at different times.
        if let Some(batch) = batch {
            summary.push_str(&if page.lang.starts_with("zh") {
                format!("（{batch}）")
            } else {
                format!(" ({batch})")
            });
        }
        let colon = label(t, "colon");
        let mut description = vec![format!(
            "{}{colon}{} {module_title}",
            label(t, "module"),
            session.module
        )];
        if let Some(instructor) = instructor {
            description.push(format!("{}{colon}{instructor}", label(t, "instructor")));
        }
        if let Some(batch) = batch {
            description.push(format!("{}{colon}{batch}", label(t, "batch")));
        }
        description.push(permalink.clone());

        ics.line("BEGIN", "VEVENT");
        ics.text("UID", &uid);
        ics.line("DTSTAMP", &format!("{}T000000Z", stamp.strftime("%Y%m%d")));
        ics.line(
            &format!("DTSTART;TZID={}", param(timezone)),
            &local(session.date, session.start),
        );
        ics.line(
            &format!("DTEND;TZID={}", param(timezone)),
            &local(session.date, session.end),
        );
        ics.text("SUMMARY", &summary);
        if let Some(venue) = venue {
            ics.text("LOCATION", venue);
        }
        ics.text("DESCRIPTION", &description.join("\n"));
        ics.text("URL", &permalink);
        ics.line("END", "VEVENT");
    }
    ics.line("END", "VCALENDAR");
    Some((page.calendar_file(), ics.out))
}

/// A content line writer: CRLF endings, long lines folded.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// `NAME:value` with the value written as it is (dates, fixed words).
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// `NAME:value` with the value escaped as TEXT (RFC 5545 §3.3.11).
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape_text(value));
    }
}

/// TEXT escaping: `\`, `;` and `,` get a backslash, a line break becomes `\n`.
/// Other control characters are dropped, so no value can start a line of its own.
pub(crate) fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, quoted when it holds characters that end one.
fn param(value: &str) -> String {
    let value: String = value
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if value.contains([':', ';', ',']) {
        format!("\"{value}\"")
    } else {
        value
    }
}

/// Appends `line` + CRLF, folded so that no line is longer than 75 octets
/// (a continuation line starts with one space) and no UTF-8 character is split.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut limit = LIMIT;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Not just before a space: some readers drop all leading white space
        // of a continuation line instead of exactly one character.
        while rest[cut..].starts_with(' ') && cut > 1 {
            cut = rest[..cut].char_indices().last().map_or(0, |(i, _)| i);
        }
        if cut == 0 {
            cut = limit.min(rest.len());
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LIMIT - 1;
    }
}

/// `20240304T090000`: a local time of the site's time zone.
fn local(date: Date, time: Time) -> String {
    DateTime::from_parts(date, time)
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

/// A UID that stays the same from build to build and across languages (the
/// same session in the zh and en calendar is the same event): the page's
/// translation key, the session's date, start and module.
fn session_uid(key: &str, session: &Session, host: &str) -> String {
    let module: String = session
        .module
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let identity = format!(
        "{key}|{}|{}|{}",
        session.date,
        clock(session.start),
        session.module
    );
    format!(
        "{}T{}-{module}-{:016x}@{host}",
        session.date.strftime("%Y%m%d"),
        session.start.strftime("%H%M"),
        fnv1a(identity.as_bytes())
    )
}

fn clock(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The host of the site's base URL, for UIDs (`example.gov.cn`).
fn host_of(base_url: &str) -> String {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("");
    if host.is_empty() {
        "placard.invalid".to_string()
    } else {
        host.to_string()
    }
}

/// The instants the calendar covers: its sessions, or the page's date when
/// no session is scheduled yet.
fn span_of(schedule: &Schedule, page: &Page, tz: &TimeZone) -> (Timestamp, Timestamp) {
    let instant = |date: Date, time: Time| {
        DateTime::from_parts(date, time)
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    };
    let first = schedule
        .sessions
        .iter()
        .map(|s| instant(s.date, s.start))
        .min();
    let last = schedule
        .sessions
        .iter()
        .map(|s| instant(s.date, s.end.max(s.start)))
        .max();
    match (first, last) {
        (Some(first), Some(last)) => (first, last),
        _ => {
            let day = instant(page.date().unwrap_or(Date::ZERO), Time::midnight());
            (day, day)
        }
    }
}

/// One observance of a VTIMEZONE: from `onset` on, `to` applies.
struct Observance {
    onset: Timestamp,
    from: Offset,
    to: Offset,
    name: String,
    dst: bool,
}

/// The observances that apply between `span.0` and `span.1`: the one in force
/// at the start and every transition up to the end.
fn observances(tz: &TimeZone, (start, end): (Timestamp, Timestamp)) -> Vec<Observance> {
    let before = |instant: Timestamp| {
        tz.to_offset(
            instant
                .checked_sub(SignedDuration::from_secs(1))
                .unwrap_or(instant),
        )
    };
    let just_after = start
        .checked_add(SignedDuration::from_secs(1))
        .unwrap_or(start);
    let mut list = Vec::new();
    match tz.preceding(just_after).next() {
        Some(transition) => list.push(Observance {
            onset: transition.timestamp(),
            from: before(transition.timestamp()),
            to: transition.offset(),
            name: transition.abbreviation().to_string(),
            dst: transition.dst() == Dst::Yes,
        }),
        None => {
            let info = tz.to_offset_info(start);
            list.push(Observance {
                onset: Timestamp::UNIX_EPOCH,
                from: info.offset(),
                to: info.offset(),
                name: info.abbreviation().to_string(),
                dst: info.dst() == Dst::Yes,
            });
        }
    }
    for transition in tz.following(start) {
        if transition.timestamp() > end {
            break;
        }
        list.push(Observance {
            onset: transition.timestamp(),
            from: before(transition.timestamp()),
            to: transition.offset(),
            name: transition.abbreviation().to_string(),
            dst: transition.dst() == Dst::Yes,
        });
    }
    list
}

fn write_vtimezone(ics: &mut Writer, tzid: &str, tz: &TimeZone, span: (Timestamp, Timestamp)) {
    ics.line("BEGIN", "VTIMEZONE");
    ics.line("TZID", &param(tzid));
    for observance in observances(tz, span) {
        let kind = if observance.dst {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        ics.line("BEGIN", kind);
        // An observance's onset is a local time in the offset it replaces.
        let onset = observance.from.to_datetime(observance.onset);
        ics.line("DTSTART", &onset.strftime("%Y%m%dT%H%M%S").to_string());
        ics.line("TZOFFSETFROM", &utc_offset(observance.from));
        ics.line("TZOFFSETTO", &utc_offset(observance.to));
        if !observance.name.is_empty() {
            ics.text("TZNAME", &observance.name);
        }
        ics.line("END", kind);
    }
    ics.line("END", "VTIMEZONE");
}

/// `+0800`, `-0330`, `+053328` (seconds only when there are any).
fn utc_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let line = format!("SUMMARY:{}", "乡级计划生育技术服务人员进修培训".repeat(5));
        let mut out = String::new();
        fold_into(&mut out, &line);
        for physical in out.split_terminator("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        assert!(out.ends_with("\r\n") && !out.ends_with("\r\n\r\n"));
    }

    #[test]
    fn no_continuation_line_starts_with_a_space_of_the_text() {
        let line = format!("DESCRIPTION:{}", "Instructor: Wang Lin ".repeat(10));
        let mut out = String::new();
        fold_into(&mut out, &line);
        assert!(!out.contains("\r\n  "), "{out}");
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= 75);
        }
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        fold_into(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_cannot_break_out_of_its_property() {
        assert_eq!(
            escape_text("a,b;c\\d\nEND:VEVENT\r\nBEGIN:VEVENT"),
            "a\\,b\\;c\\\\d\\nEND:VEVENT\\nBEGIN:VEVENT"
        );
    }

    #[test]
    fn shanghai_has_one_standard_observance_in_2024() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let at = |d: Date| d.to_zoned_datetime(tz.clone()).unwrap().timestamp();
        let list = observances(
            &tz,
            (
                at(Date::constant(2024, 3, 4)),
                at(Date::constant(2024, 5, 31)),
            ),
        );
        assert_eq!(list.len(), 1);
        assert_eq!(utc_offset(list[0].to), "+0800");
        assert!(!list[0].dst);
    }

    #[test]
    fn a_dst_change_inside_the_span_is_listed() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let at = |d: Date| d.to_zoned_datetime(tz.clone()).unwrap().timestamp();
        let list = observances(
            &tz,
            (
                at(Date::constant(2024, 3, 4)),
                at(Date::constant(2024, 4, 30)),
            ),
        );
        assert_eq!(list.len(), 2);
        assert_eq!(
            (utc_offset(list[1].from), utc_offset(list[1].to)),
            ("+0100".to_string(), "+0200".to_string())
        );
        assert!(list[1].dst);
        assert_eq!(
            list[1].from.to_datetime(list[1].onset).to_string(),
            "2024-03-31T02:00:00"
        );
    }

    #[test]
    fn uids_are_stable_and_distinct() {
        let session = |date: Date, module: &str| Session {
            date,
            start: Time::constant(9, 0, 0, 0),
            end: Time::constant(12, 0, 0, 0),
            module: module.to_string(),
            venue: None,
            instructor: None,
            batch: None,
            title: None,
        };
        let a = session_uid(
            "trainings/x",
            &session(Date::constant(2024, 3, 4), "T1"),
            "example.gov.cn",
        );
        assert_eq!(
            a,
            session_uid(
                "trainings/x",
                &session(Date::constant(2024, 3, 4), "T1"),
                "example.gov.cn"
            )
        );
        assert!(a.starts_with("20240304T0900-T1-") && a.ends_with("@example.gov.cn"));
        assert_ne!(
            a,
            session_uid(
                "trainings/x",
                &session(Date::constant(2024, 3, 4), "U1"),
                "example.gov.cn"
            )
        );
        assert_ne!(
            a,
            session_uid(
                "trainings/y",
                &session(Date::constant(2024, 3, 4), "T1"),
                "example.gov.cn"
            )
        );
    }
}
