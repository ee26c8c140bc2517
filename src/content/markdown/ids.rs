//! Ids on a page: every heading's and footnote's, none twice and none the
//! theme's (`PageIds`), given as the events flow (`Anchors`), with the table
//! of contents.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::{IdOwner, Lines, Problem, ProblemKind, TocEntry};
use crate::text::slugify;

/// The ids of one page: those the theme holds, then every heading's and
/// footnote's in the order they come. An id is never given twice.
pub(super) struct PageIds<'t> {
    pub(super) taken: &'t BTreeSet<String>,
    pub(super) used: HashMap<String, IdOwner>,
    /// Base id → the suffix to try next (`-1`, `-2`, …): ids are only ever
    /// added, so the smallest free suffix never goes down, and each id is
    /// tried at most once per base.
    pub(super) next_suffix: HashMap<String, usize>,
    /// Footnote label → the id it got.
    pub(super) footnotes: HashMap<String, String>,
    /// The footnote labels defined so far.
    pub(super) defined: HashSet<String>,
    pub(super) toc: Vec<TocEntry>,
    pub(super) anchors: Vec<String>,
    pub(super) problems: Vec<Problem>,
}

impl<'t> PageIds<'t> {
    pub(super) fn new(taken: &'t BTreeSet<String>) -> Self {
        PageIds {
            taken,
            used: HashMap::new(),
            next_suffix: HashMap::new(),
            footnotes: HashMap::new(),
            defined: HashSet::new(),
            toc: Vec::new(),
            anchors: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn holder(&self, id: &str) -> Option<IdOwner> {
        if self.taken.contains(id) {
            return Some(IdOwner::Theme);
        }
        self.used.get(id).copied()
    }

    /// `base` if it is free, else `base-1`, `base-2`, … the first that is.
    pub(super) fn give(&mut self, base: &str, owner: IdOwner) -> String {
        let mut id = base.to_string();
        if self.holder(&id).is_some() {
            let next = self.next_suffix.entry(base.to_string()).or_insert(1);
            loop {
                id = format!("{base}-{next}");
                *next += 1;
                if !(self.taken.contains(&id) || self.used.contains_key(&id)) {
                    break;
                }
            }
        }
        self.used.insert(id.clone(), owner);
        id
    }

    /// The id of a footnote label, given the first time the label is seen.
    pub(super) fn footnote(&mut self, label: &str, line: usize) -> String {
        if let Some(id) = self.footnotes.get(label) {
            return id.clone();
        }
        let id = self.give(label, IdOwner::Footnote(line));
        self.footnotes.insert(label.to_string(), id.clone());
        id
    }

    /// The id of a footnote's definition: its label's, but a second definition
    /// of a label (pulldown-cmark writes both) gets one of its own, and the
    /// references lead to the first.
    pub(super) fn footnote_definition(&mut self, label: &str, line: usize) -> String {
        if self.defined.insert(label.to_string()) {
            self.footnote(label, line)
        } else {
            self.give(label, IdOwner::Footnote(line))
        }
    }
}

/// Gives every heading an id (from `{#id}` or its text; Chinese kept as is)
/// and every footnote one (from its label), none twice and none the theme
/// has, and collects h2–h4 for the table of contents. Holds a heading's
/// events until its end, to know its text.
pub(super) struct Anchors<'a, 'i, 't, I> {
    pub(super) events: I,
    pub(super) lines: Lines<'a>,
    pub(super) ids: &'i mut PageIds<'t>,
    /// The heading being held, then handed on.
    pub(super) held: VecDeque<(Event<'a>, usize)>,
}

impl<'a, 'i, 't, I: Iterator<Item = (Event<'a>, usize)>> Anchors<'a, 'i, 't, I> {
    pub(super) fn new(
        events: I,
        body: &'a str,
        body_line: usize,
        ids: &'i mut PageIds<'t>,
    ) -> Self {
        Anchors {
            events,
            lines: Lines::new(body, body_line),
            ids,
            held: VecDeque::new(),
        }
    }

    /// Reads a heading from its start to its end into `held`, with its id set.
    pub(super) fn hold_heading(&mut self, start: Event<'a>, at: usize) {
        let mut title = String::new();
        let mut ended = false;
        while !ended && let Some((event, offset)) = self.events.next() {
            match &event {
                Event::Text(text) | Event::Code(text) => title.push_str(text),
                Event::End(TagEnd::Heading(_)) => ended = true,
                _ => {}
            }
            self.held.push_back((event, offset));
        }
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = start
        else {
            return;
        };
        let line = self.lines.at(at);
        let explicit = id.as_ref().map(|id| id.to_string());
        let base = explicit.clone().unwrap_or_else(|| slugify(&title));
        let holder = self.ids.holder(&base);
        let anchor = self.ids.give(&base, IdOwner::Heading(line));
        if let (Some(wanted), Some(by)) = (explicit, holder) {
            self.ids.problems.push(Problem {
                line,
                kind: ProblemKind::TakenId {
                    wanted,
                    given: anchor.clone(),
                    by,
                },
            });
        }
        if matches!(
            level,
            HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4
        ) {
            self.ids.toc.push(TocEntry {
                level: level as u8,
                id: anchor.clone(),
                title: title.trim().to_string(),
            });
        }
        self.ids.anchors.push(anchor.clone());
        self.held.push_front((
            Event::Start(Tag::Heading {
                level,
                id: Some(anchor.into()),
                classes,
                attrs,
            }),
            at,
        ));
    }

    /// A footnote's label replaced by its id: pulldown-cmark writes the label
    /// as the id (`[^main]` would be `id="main"`).
    pub(super) fn footnote_id(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
        match event {
            Event::FootnoteReference(label) => {
                let line = self.lines.at(at);
                Event::FootnoteReference(self.ids.footnote(&label, line).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let line = self.lines.at(at);
                Event::Start(Tag::FootnoteDefinition(
                    self.ids.footnote_definition(&label, line).into(),
                ))
            }
            event => event,
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, usize)>> Iterator for Anchors<'a, '_, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, at) = match self.held.pop_front() {
            Some(held) => held,
            None => match self.events.next()? {
                (start @ Event::Start(Tag::Heading { .. }), at) => {
                    self.hold_heading(start, at);
                    self.held.pop_front()?
                }
                other => other,
            },
        };
        Some(self.footnote_id(event, at))
    }
}
