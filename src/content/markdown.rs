//! Markdown to HTML: pulldown-cmark's event stream through a chain of iterator
//! adapters — reading (raw HTML policy, links, images), ids (heading anchors,
//! footnotes), labelled task-list boxes, scroll boxes around tables, code
//! highlighting — written out as it flows, so that memory follows the longest
//! heading, table head or code block, not the page. Also yields the table of
//! contents, the plain text for search, every link with its line (for
//! `check`), and the problems a reader would meet (broken links, images without
//! alt text, media from other hosts, heading ids already taken).

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diagnostics::{Diagnostic, Severity};
use crate::text::{escape_html, slugify, word_count};
use crate::urls::{self, Target};

/// Class prefix of highlighted code, shared with the generated syntax.css.
const HIGHLIGHT_CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The Markdown placard reads: CommonMark with tables, footnotes,
/// strikethrough, task lists and `{#id .class}` on headings.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Text without markup, for search and summaries.
    pub plain_text: String,
    /// CJK characters plus Latin words of `plain_text` (`page.word_count`).
    pub word_count: usize,
    /// Every heading's id, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// Every link and image of the Markdown as written, in order, with its line
    /// (`check` follows them).
    pub links: Vec<Link>,
}

/// A link or image target as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// Line in the file.
    pub line: usize,
    pub image: bool,
}

/// Something in the Markdown that fails a reader, with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A link to a content file that does not exist.
    BrokenLink { target: String },
    /// An image with no alt text: a screen reader has nothing to say for it.
    MissingAlt { src: String },
    /// An `<img>` in raw HTML (`markdown.unsafe_html`) with no `alt` attribute.
    RawImageWithoutAlt { src: String },
    /// An image or media file another host would serve (`![](https://…)`,
    /// `<video src="//…">`): the site must request nothing from other hosts.
    OutsideMedia {
        /// `image` for Markdown's `![…](…)`, else the HTML element (`video`).
        element: String,
        src: String,
    },
    /// A heading's `{#id}` that something else on the page already has: the
    /// heading got `given` instead.
    TakenId {
        wanted: String,
        given: String,
        by: IdOwner,
    },
}

/// What holds an id on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdOwner {
    /// An element of the theme's templates (`<main id="main">`).
    Theme,
    /// A heading, on this line of the file.
    Heading(usize),
    /// A footnote, first referred to or defined on this line.
    Footnote(usize),
}

impl Problem {
    /// The diagnostic an author reads, naming `file`. `severity` is what a
    /// problem that breaks the page becomes (a broken link, media from another
    /// host): an error in `check`, a warning in `build` and `serve`.
    pub fn into_diagnostic(self, file: &Path, severity: Severity) -> Diagnostic {
        let diagnostic = match self.kind {
            ProblemKind::BrokenLink { target } => Diagnostic {
                severity,
                ..Diagnostic::error(format!(
                    "link to a content file that does not exist: {target}"
                ))
                .with_hint("links to other pages are relative paths to their .md files")
            },
            // A warning in `build` and in `check` alike: the page still works
            // for readers who can see it.
            ProblemKind::MissingAlt { src } => {
                Diagnostic::warning(format!("image without alt text: {src}")).with_hint(format!(
                    "describe the image between the brackets, e.g. ![县服务站外景]({src})"
                ))
            }
            ProblemKind::RawImageWithoutAlt { src } => {
                Diagnostic::warning(format!("<img> without an alt attribute: {src}")).with_hint(
                    "add alt=\"…\" saying what the image shows (alt=\"\" if it is only decoration)",
                )
            }
            ProblemKind::OutsideMedia { element, src } => {
                let name = file_name_of(&src);
                let (what, example) = match element.as_str() {
                    "image" => ("image".to_string(), format!("![…]({name})")),
                    "object" => (format!("<{element}>"), format!("data=\"{name}\"")),
                    _ => (format!("<{element}>"), format!("src=\"{name}\"")),
                };
                Diagnostic {
                    severity,
                    ..Diagnostic::error(format!(
                        "{what} from another site: {src} (the site must not make readers' browsers ask other hosts for anything)"
                    ))
                    .with_hint(format!(
                        "save the file into the page bundle (the folder that holds the page as index.md) and link it by name, e.g. {example}"
                    ))
                }
            }
            ProblemKind::TakenId { wanted, given, by } => {
                let holder = match by {
                    IdOwner::Theme => "an element of the theme's page layout".to_string(),
                    IdOwner::Heading(line) => format!("the heading on line {line}"),
                    IdOwner::Footnote(line) => format!("the footnote of line {line}"),
                };
                Diagnostic::warning(format!(
                    "heading id `{wanted}` is already used by {holder}; this heading gets `{given}`"
                ))
                .with_hint(format!(
                    "choose an id nothing else on the page has, e.g. {{#{given}}}: a link to `#{wanted}` does not reach this heading"
                ))
            }
        };
        diagnostic.in_file(file).at_line(Some(self.line))
    }
}

/// The last segment of a URL's path (`photo.jpg` of `https://x/a/photo.jpg?s=1`),
/// for a hint; `photo.jpg` when there is none.
fn file_name_of(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("//").map_or(path, |(_, rest)| rest);
    path.rsplit_once('/')
        .map(|(_, name)| name)
        .filter(|name| !name.is_empty())
        .unwrap_or("photo.jpg")
}

/// What the Markdown renderer needs from the site model and the theme.
pub struct Context<'a> {
    /// Folder of the Markdown file, relative to `content/` (`notices/x` for a bundle).
    pub dir: &'a str,
    /// Content path of a `.md` file (`notices/x.md`) → URL in the current language.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub unsafe_html: bool,
    /// Ids the page has before its Markdown: those the theme's templates write
    /// (`main`, the lists' ids). No heading or footnote takes one of them.
    pub taken_ids: &'a BTreeSet<String>,
}

/// `body` (starting on line `body_line` of its file) as HTML, with what was
/// found on the way.
pub fn render(body: &str, body_line: usize, context: &Context<'_>) -> (Rendered, Vec<Problem>) {
    let mut found = Found {
        plain_text: String::with_capacity(body.len()),
        ..Found::default()
    };
    let mut ids = PageIds::new(context.taken_ids);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    {
        let events = Parser::new_ext(body, OPTIONS).into_offset_iter();
        let events = Reading::new(events, body, body_line, context, &mut found);
        let events = Anchors::new(events, body, body_line, &mut ids);
        let events = TaskLabels::new(events);
        let events = TableBoxes::new(events);
        let events = Highlighted { events };
        pulldown_cmark::html::push_html(&mut html, events);
    }
    // Every page's HTML and text stay in memory until the outputs are written:
    // give back what the guesses above over-allocated.
    html.shrink_to_fit();
    let Found {
        mut plain_text,
        mut problems,
        links,
    } = found;
    plain_text.shrink_to_fit();
    problems.append(&mut ids.problems);
    problems.sort_by_key(|p| p.line);
    (
        Rendered {
            html,
            toc: ids.toc,
            word_count: word_count(&plain_text),
            plain_text,
            anchors: ids.anchors,
            links,
        },
        problems,
    )
}

/// What the reading pass collects besides the events it passes on.
#[derive(Default)]
struct Found {
    plain_text: String,
    problems: Vec<Problem>,
    links: Vec<Link>,
}

/// Line numbers of byte offsets in a body, counted from the offset asked for
/// last: asked in document order, the body is counted through once.
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        Lines {
            text: text.as_bytes(),
            offset: 0,
            line: first_line,
        }
    }

    fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
        if offset >= self.offset {
            self.line += newlines(&self.text[self.offset..offset]);
        } else {
            self.line -= newlines(&self.text[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }
}

/// The first pass, over the parser's events and their places: drops raw HTML
/// unless allowed, drops script URLs, resolves `.md` links, keeps only the id
/// and classes of heading attributes, and notes every link, image, missing alt
/// text and outside media with its line, and the plain text.
struct Reading<'a, 'c, 'f, I> {
    events: I,
    lines: Lines<'a>,
    context: &'c Context<'c>,
    found: &'f mut Found,
    /// The image being read: its source, line and alt text so far.
    image: Option<(String, usize, String)>,
    /// The raw HTML block being read (with `unsafe_html`): its text and first line.
    html_block: Option<(String, usize)>,
}

impl<'a, 'c, 'f, I> Reading<'a, 'c, 'f, I> {
    fn new(
        events: I,
        body: &'a str,
        body_line: usize,
        context: &'c Context<'c>,
        found: &'f mut Found,
    ) -> Self {
        Reading {
            events,
            lines: Lines::new(body, body_line),
            context,
            found,
            image: None,
            html_block: None,
        }
    }

    fn problem(&mut self, line: usize, kind: ProblemKind) {
        self.found.problems.push(Problem { line, kind });
    }

    /// Notes what `event` says (text, links, images) and returns it as it is published.
    fn read(&mut self, event: Event<'a>, at: &Range<usize>) -> Event<'a> {
        let unsafe_html = self.context.unsafe_html;
        match &event {
            Event::Text(text) | Event::Code(text) => {
                self.found.plain_text.push_str(text);
                if let Some((_, _, alt)) = &mut self.image {
                    alt.push_str(text);
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => self.found.plain_text.push('\n'),
            _ => {}
        }
        match event {
            Event::Start(Tag::HtmlBlock) if unsafe_html => {
                self.html_block = Some((String::new(), self.lines.at(at.start)));
                event
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, line)) = self.html_block.take() {
                    self.raw_html(&html, line);
                }
                event
            }
            Event::Html(html) | Event::InlineHtml(html) if !unsafe_html => {
                let _ = html;
                Event::Html(CowStr::Borrowed("<!-- raw HTML omitted -->"))
            }
            Event::Html(html) => {
                match &mut self.html_block {
                    Some((block, _)) => block.push_str(&html),
                    None => {
                        let line = self.lines.at(at.start);
                        self.raw_html(&html, line);
                    }
                }
                Event::Html(html)
            }
            Event::InlineHtml(html) => {
                let line = self.lines.at(at.start);
                self.raw_html(&html, line);
                Event::InlineHtml(html)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = self.lines.at(at.start);
                self.found.links.push(Link {
                    url: dest_url.to_string(),
                    line,
                    image: false,
                });
                let dest_url = self.rewrite_link(dest_url, line);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // `{#id .class key=value}` on a heading: any key would do, `onclick`
            // included, so only the id and classes are kept unless raw HTML is allowed.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if !unsafe_html && !attrs.is_empty() => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = self.lines.at(at.start);
                self.found.links.push(Link {
                    url: dest_url.to_string(),
                    line,
                    image: true,
                });
                if self.image.is_none() {
                    self.image = Some((dest_url.to_string(), line, String::new()));
                }
                let dest_url = if !unsafe_html && is_script_url(&dest_url) {
                    "".into()
                } else {
                    dest_url
                };
                if urls::target(&urls::browser_form(&dest_url)).fetches_from_outside() {
                    self.problem(
                        line,
                        ProblemKind::OutsideMedia {
                            element: "image".into(),
                            src: dest_url.to_string(),
                        },
                    );
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, line, alt)) = self.image.take()
                    && alt.trim().is_empty()
                {
                    self.problem(line, ProblemKind::MissingAlt { src });
                }
                event
            }
            event => event,
        }
    }

    /// Relative links to `.md` files become the target page's URL in this
    /// language (a missing one is a problem); script URLs become `#` unless raw
    /// HTML is allowed; anything else is left as written.
    fn rewrite_link(&mut self, url: CowStr<'a>, line: usize) -> CowStr<'a> {
        if !self.context.unsafe_html && is_script_url(&url) {
            return "#".into();
        }
        let form = urls::browser_form(&url);
        let Target::Here {
            path,
            query,
            fragment,
        } = urls::target(&form)
        else {
            return url;
        };
        if path.starts_with('/') || !path.ends_with(".md") {
            return url;
        }
        let page_url = urls::join_content_path(self.context.dir, path)
            .and_then(|target| (self.context.resolve)(&target));
        let Some(mut page_url) = page_url else {
            self.problem(
                line,
                ProblemKind::BrokenLink {
                    target: url.to_string(),
                },
            );
            return url;
        };
        for (mark, part) in [('?', query), ('#', fragment)] {
            if let Some(part) = part {
                page_url.push(mark);
                page_url.push_str(part);
            }
        }
        page_url.into()
    }

    /// Raw HTML (`markdown.unsafe_html`) starting on `line`: images without
    /// `alt`, and media from other hosts.
    fn raw_html(&mut self, html: &str, line: usize) {
        let mut lines = Lines::new(html, line);
        for tag in raw_tags(html) {
            let line = lines.at(tag.at);
            if let Some(src) = tag.image_without_alt() {
                let src = src.to_string();
                self.problem(line, ProblemKind::RawImageWithoutAlt { src });
            }
            for src in tag.media_sources() {
                if urls::target(&urls::browser_form(src)).fetches_from_outside() {
                    self.problem(
                        line,
                        ProblemKind::OutsideMedia {
                            element: tag.name.clone(),
                            src: src.to_string(),
                        },
                    );
                }
            }
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Reading<'a, '_, '_, I> {
    type Item = (Event<'a>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, at) = self.events.next()?;
        Some((self.read(event, &at), at.start))
    }
}

fn is_script_url(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect();
    let lower = lower.to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:")
}

/// The ids of one page: those the theme holds, then every heading's and
/// footnote's in the order they come. An id is never given twice.
struct PageIds<'t> {
    taken: &'t BTreeSet<String>,
    used: HashMap<String, IdOwner>,
    /// Base id → the suffix to try next (`-1`, `-2`, …): ids are only ever
    /// added, so the smallest free suffix never goes down, and each id is
    /// tried at most once per base.
    next_suffix: HashMap<String, usize>,
    /// Footnote label → the id it got.
    footnotes: HashMap<String, String>,
    /// The footnote labels defined so far.
    defined: HashSet<String>,
    toc: Vec<TocEntry>,
    anchors: Vec<String>,
    problems: Vec<Problem>,
}

impl<'t> PageIds<'t> {
    fn new(taken: &'t BTreeSet<String>) -> Self {
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

    fn holder(&self, id: &str) -> Option<IdOwner> {
        if self.taken.contains(id) {
            return Some(IdOwner::Theme);
        }
        self.used.get(id).copied()
    }

    /// `base` if it is free, else `base-1`, `base-2`, … the first that is.
    fn give(&mut self, base: &str, owner: IdOwner) -> String {
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
    fn footnote(&mut self, label: &str, line: usize) -> String {
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
    fn footnote_definition(&mut self, label: &str, line: usize) -> String {
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
struct Anchors<'a, 'i, 't, I> {
    events: I,
    lines: Lines<'a>,
    ids: &'i mut PageIds<'t>,
    /// The heading being held, then handed on.
    held: VecDeque<(Event<'a>, usize)>,
}

impl<'a, 'i, 't, I: Iterator<Item = (Event<'a>, usize)>> Anchors<'a, 'i, 't, I> {
    fn new(events: I, body: &'a str, body_line: usize, ids: &'i mut PageIds<'t>) -> Self {
        Anchors {
            events,
            lines: Lines::new(body, body_line),
            ids,
            held: VecDeque::new(),
        }
    }

    /// Reads a heading from its start to its end into `held`, with its id set.
    fn hold_heading(&mut self, start: Event<'a>, at: usize) {
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
    fn footnote_id(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
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

/// A task-list box is labelled by its item's text (`<label><input …> text</label>`),
/// so a screen reader says what was done, not just "checkbox, checked".
/// The label closes at the first block boundary (end of the line's paragraph,
/// a nested list, the end of the item).
struct TaskLabels<'a, I> {
    events: I,
    open: bool,
    /// The event after a `</label>` just handed on.
    next: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> TaskLabels<'a, I> {
    fn new(events: I) -> Self {
        TaskLabels {
            events,
            open: false,
            next: None,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for TaskLabels<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.next.take() {
            return Some(event);
        }
        let close = || Event::InlineHtml("</label>".into());
        let Some(event) = self.events.next() else {
            return std::mem::take(&mut self.open).then(close);
        };
        if self.open && !is_inline(&event) {
            self.open = false;
            self.next = Some(event);
            return Some(close());
        }
        Some(match event {
            Event::TaskListMarker(checked) => {
                self.open = true;
                let checked = if checked { " checked" } else { "" };
                Event::InlineHtml(
                    format!("<label class=\"task\"><input type=\"checkbox\" disabled{checked}> ")
                        .into(),
                )
            }
            event => event,
        })
    }
}

/// Whether an event stays inside a line of text (may sit inside a `<label>`).
fn is_inline(event: &Event<'_>) -> bool {
    let inline_tag = |tag: &Tag<'_>| {
        matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    };
    match event {
        Event::Start(tag) => inline_tag(tag),
        Event::End(end) => matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        _ => false,
    }
}

/// Every table goes into its own scroll box, reachable by keyboard and named
/// for screen readers: by the heading just before it (the first table under
/// that heading), else by its column headers. A wide table then scrolls
/// sideways inside the box and never widens the page. Only a table's head is
/// held (when its headers name it), never its body.
struct TableBoxes<'a, I> {
    events: I,
    /// The last heading's id, while no table has taken it as its name.
    heading: Option<String>,
    held: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> TableBoxes<'a, I> {
    fn new(events: I) -> Self {
        TableBoxes {
            events,
            heading: None,
            held: VecDeque::new(),
        }
    }

    /// The box's opening tag, named by the heading above or the column headers
    /// (read into `held` up to the end of the table's head).
    fn open_box(&mut self) -> Event<'a> {
        let name = match self.heading.take() {
            Some(id) => format!(" role=\"region\" aria-labelledby=\"{}\"", escape_html(&id)),
            None => {
                for event in self.events.by_ref() {
                    let end = matches!(event, Event::End(TagEnd::TableHead | TagEnd::Table));
                    self.held.push_back(event);
                    if end {
                        break;
                    }
                }
                let headers = column_headers(self.held.iter());
                if headers.is_empty() {
                    String::new()
                } else {
                    format!(" role=\"region\" aria-label=\"{}\"", escape_html(&headers))
                }
            }
        };
        Event::Html(format!("<div class=\"table-wrap\" tabindex=\"0\"{name}>\n").into())
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for TableBoxes<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.held.pop_front() {
            if let Event::End(TagEnd::Table) = event {
                self.held.push_front(Event::Html("</div>\n".into()));
            }
            return Some(event);
        }
        let event = self.events.next()?;
        match &event {
            Event::Start(Tag::Heading { id, .. }) => {
                self.heading = id.as_ref().map(|id| id.to_string());
            }
            Event::Start(Tag::Table(_)) => {
                let open = self.open_box();
                self.held.push_front(event);
                return Some(open);
            }
            Event::End(TagEnd::Table) => self.held.push_front(Event::Html("</div>\n".into())),
            _ => {}
        }
        Some(event)
    }
}

/// The header row's cells of a table, from the events after its start: `部门 / 职责`.
fn column_headers<'e, 'a: 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> String {
    let mut cells: Vec<String> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::TableCell) => cells.push(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(text);
                }
            }
            Event::End(TagEnd::TableHead) => break,
            _ => {}
        }
    }
    let cells: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    cells.join(" / ")
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// CSS for highlighted code (one light theme), written to `syntax.css`.
pub fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(theme, HIGHLIGHT_CLASSES).unwrap_or_default()
}

/// Fenced code blocks with a known language become class-highlighted HTML;
/// a block's text is held until its end.
struct Highlighted<I> {
    events: I,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Highlighted<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self.events.next()? {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if !lang.trim().is_empty() =>
            {
                let lang = lang.split_whitespace().next().unwrap_or("");
                let mut text = String::new();
                for event in self.events.by_ref() {
                    match event {
                        Event::Text(chunk) => text.push_str(&chunk),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                Some(Event::Html(highlight(lang, &text).into()))
            }
            event => Some(event),
        }
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntax_set();
    let lang_attr = escape_html(lang);
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        let escaped = escape_html(code);
        return format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{escaped}</code></pre>\n"
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, HIGHLIGHT_CLASSES);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            break;
        }
    }
    format!(
        "<pre class=\"code hl-code\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// A start tag in raw HTML (`markdown.unsafe_html`).
struct RawTag<'h> {
    /// Byte offset of its `<`.
    at: usize,
    /// Lowercased.
    name: String,
    /// Names lowercased, values as written (quotes removed).
    attributes: Vec<(String, &'h str)>,
}

impl RawTag<'_> {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| *value)
    }

    /// The `src` of an `<img>` with no `alt` attribute. `alt=""` passes: it is
    /// how HTML marks an image as decoration.
    fn image_without_alt(&self) -> Option<&str> {
        (self.name == "img" && self.attribute("alt").is_none())
            .then(|| self.attribute("src").unwrap_or(""))
    }

    /// The URLs the browser fetches for this element (an image, a video and
    /// its poster, a frame, a script, a style sheet…).
    fn media_sources(&self) -> Vec<&str> {
        let attributes: &[&str] = match self.name.as_str() {
            "img" | "source" => &["src", "srcset"],
            "video" => &["src", "poster"],
            "audio" | "track" | "iframe" | "frame" | "embed" | "input" | "script" => &["src"],
            "object" => &["data"],
            "link"
                if self.attribute("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace().any(|r| {
                        ["stylesheet", "icon", "preload", "prefetch", "modulepreload"]
                            .iter()
                            .any(|kind| r.eq_ignore_ascii_case(kind))
                    })
                }) =>
            {
                &["href"]
            }
            _ => &[],
        };
        let mut sources = Vec::new();
        for (name, value) in &self.attributes {
            if !attributes.contains(&name.as_str()) {
                continue;
            }
            if name == "srcset" {
                // `a.jpg 1x, //host/b.jpg 2x`: a URL, then its size.
                sources.extend(
                    value
                        .split(',')
                        .filter_map(|candidate| candidate.split_ascii_whitespace().next()),
                );
            } else {
                sources.push(value);
            }
        }
        sources
    }
}

/// The start tags of a piece of raw HTML, in order; comments skipped. A small
/// scanner (quoted and unquoted values, `>` inside quotes), linear in `html`.
fn raw_tags(html: &str) -> Vec<RawTag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        if html[start..].starts_with("<!--") {
            i = html[start + 4..]
                .find("-->")
                .map_or(html.len(), |end| start + 4 + end + 3);
            continue;
        }
        i = start + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b':'))
        {
            i += 1;
        }
        let name = html[start + 1..i].to_ascii_lowercase();
        if i < bytes.len()
            && !(bytes[i].is_ascii_whitespace() || bytes[i] == b'>' || bytes[i] == b'/')
        {
            continue; // `<img"`: not a tag
        }
        let mut attributes = Vec::new();
        // Attributes up to the `>` that is not inside a quoted value.
        while i < bytes.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < bytes.len()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            // An attribute name starts with anything but `=` (`<a =x>` has one named `=x`).
            if i == name_start {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let value_start = i + 1;
                    i = value_start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = &html[value_start..i];
                    i = (i + 1).min(bytes.len());
                } else {
                    let value_start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &html[value_start..i];
                }
            }
            attributes.push((name, value));
        }
        tags.push(RawTag {
            at: start,
            name,
            attributes,
        });
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_images_without_an_alt_attribute_are_found() {
        let html = "<p><img src='d.png'/> 文字 <img src=\"e.png\" alt></p>\n\
                    <IMG SRC=f.png ALT=\"x\"><img alt=\"\" src=\"g.png\">\n\
                    <img src=\"h.png\" title=\"alt=\"><imgx src=i.png><img\nsrc=\"j.png\">";
        let tags = raw_tags(html);
        let found: Vec<&str> = tags.iter().filter_map(RawTag::image_without_alt).collect();
        assert_eq!(found, ["d.png", "h.png", "j.png"]);
    }

    #[test]
    fn raw_images_without_alt_are_problems_at_their_line_only_with_unsafe_html() {
        let body = "Text.\n\n<div>\n<p>说明</p>\n<img src=\"x.png\">\n</div>\n\nMore <img src=\"y.png\"> inline.\n";
        let (_, problems) = render_simple(body, true);
        let raw: Vec<(usize, &ProblemKind)> = problems.iter().map(|p| (p.line, &p.kind)).collect();
        assert_eq!(
            raw,
            [
                (
                    9,
                    &ProblemKind::RawImageWithoutAlt {
                        src: "x.png".into()
                    }
                ),
                (
                    12,
                    &ProblemKind::RawImageWithoutAlt {
                        src: "y.png".into()
                    }
                ),
            ]
        );
        // Without unsafe_html the HTML is dropped, so there is nothing to check.
        let (_, problems) = render_simple(body, false);
        assert!(problems.is_empty(), "{problems:?}");
    }

    proptest::proptest! {
        #[test]
        fn looking_for_images_in_any_html_does_not_panic(html in "(<img|<IMG| |=|\"|'|>|/|alt|src|a|中|\n)*") {
            for tag in raw_tags(&html) {
                proptest::prop_assert!(html[tag.at..].starts_with('<'));
                proptest::prop_assert!(html[tag.at + 1..].to_ascii_lowercase().starts_with(&tag.name));
            }
        }
    }

    fn render_simple(body: &str, unsafe_html: bool) -> (Rendered, Vec<Problem>) {
        render_with_theme(body, unsafe_html, &[])
    }

    /// `body` rendered in a page whose theme has elements with `theme_ids`.
    fn render_with_theme(
        body: &str,
        unsafe_html: bool,
        theme_ids: &[&str],
    ) -> (Rendered, Vec<Problem>) {
        let resolve = |path: &str| (path == "notices/x.md").then(|| "/notices/x/".to_string());
        let taken_ids = theme_ids.iter().map(|id| id.to_string()).collect();
        render(
            body,
            5,
            &Context {
                dir: "plans",
                resolve: &resolve,
                unsafe_html,
                taken_ids: &taken_ids,
            },
        )
    }

    #[test]
    fn chinese_headings_get_anchors_and_toc() {
        let (r, _) = render_simple("## 机构职能\n\n## 机构职能\n\n### Contact Us!\n", false);
        assert!(r.html.contains("<h2 id=\"机构职能\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"机构职能-1\">"));
        assert_eq!(r.toc[2].id, "contact-us");
    }

    #[test]
    fn md_links_are_rewritten_and_broken_ones_reported_with_line() {
        let (r, broken) = render_simple(
            "a\n\n[x](../notices/x.md#top) [y](../notices/missing.md)\n",
            false,
        );
        assert!(r.html.contains("href=\"/notices/x/#top\""), "{}", r.html);
        assert_eq!(
            broken,
            vec![Problem {
                line: 7,
                kind: ProblemKind::BrokenLink {
                    target: "../notices/missing.md".into()
                }
            }]
        );
    }

    #[test]
    fn raw_html_and_script_urls_are_dropped_by_default() {
        let (r, _) = render_simple(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1)) <b>x</b>\n",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<b>"));
        assert!(!r.html.contains("javascript:"));
        let (r, _) = render_simple("## Heading {#h .c onclick=alert(1)}\n", false);
        assert!(
            r.html.starts_with("<h2 id=\"h\" class=\"c\">"),
            "{}",
            r.html
        );
        let (r, _) = render_simple("<b>x</b>\n", true);
        assert!(r.html.contains("<b>x</b>"));
    }

    #[test]
    fn images_without_alt_text_are_problems_with_their_line() {
        let (r, problems) = render_simple(
            "![县服务站](a.jpg)\n\n![](b.png) and ![ ](c.png)\n\n![`code` alt](d.png)\n",
            false,
        );
        assert!(r.html.contains("alt=\"县服务站\""), "{}", r.html);
        let missing = |src: &str, line| Problem {
            line,
            kind: ProblemKind::MissingAlt { src: src.into() },
        };
        assert_eq!(problems, vec![missing("b.png", 7), missing("c.png", 7)]);
    }

    #[test]
    fn task_list_boxes_are_labelled_by_their_text() {
        let (r, _) = render_simple("- [x] 完成**报名**\n  - [ ] 子项\n- [ ] 待办\n", false);
        assert!(
            r.html.contains(
                "<label class=\"task\"><input type=\"checkbox\" disabled checked> 完成<strong>报名</strong></label>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<input type=\"checkbox\" disabled> 子项</label>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<label").count(), 3);
        assert_eq!(r.html.matches("</label>").count(), 3);
        // a loose list: the box sits in the paragraph, the label ends with it
        let (r, _) = render_simple("- [x] 一\n\n  第二段\n\n- [ ] 二\n", false);
        assert!(
            r.html.contains("disabled checked> 一</label></p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_scroll_in_a_box_named_by_the_heading_above_or_the_column_headers() {
        let table = "| 部门 | 职责 |\n|---|---|\n| 办公室 | 综合 |\n";
        let (r, _) = render_simple(&format!("## 机构职能\n\n{table}\n{table}"), false);
        assert!(
            r.html.contains(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"机构职能\">\n<table>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"部门 / 职责\">\n<table>"
            ),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("</table>\n</div>").count(), 2, "{}", r.html);
        let (r, _) = render_simple("|  |  |\n|---|---|\n| a | b |\n", false);
        assert!(
            r.html.contains("<div class=\"table-wrap\" tabindex=\"0\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn code_is_highlighted_with_classes_only() {
        let (r, _) = render_simple("```rust\nfn main() {}\n```\n", false);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn a_link_with_a_percent_before_a_chinese_character_is_broken_not_a_panic() {
        let (r, problems) = render_simple("[通知](%中.md) [x](../notices/%78.md)\n", false);
        assert_eq!(
            problems,
            [Problem {
                line: 5,
                kind: ProblemKind::BrokenLink {
                    target: "%中.md".into()
                }
            }]
        );
        // `%78` is `x`: the second link resolves.
        assert!(r.html.contains("href=\"/notices/x/\""), "{}", r.html);
    }

    #[test]
    fn links_and_images_are_recorded_as_written_with_their_lines() {
        let body = "# 标题\n\n[a](../notices/x.md#top) and\n![图](map.png)\n\n> - [b](https://example.org/)\n\n[ref]: /y/\n\n[c][ref]\n";
        let (r, _) = render_simple(body, false);
        let links: Vec<(&str, usize, bool)> = r
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.image))
            .collect();
        assert_eq!(
            links,
            [
                ("../notices/x.md#top", 7, false),
                ("map.png", 8, true),
                ("https://example.org/", 10, false),
                ("/y/", 14, false),
            ]
        );
    }

    #[test]
    fn identical_headings_get_the_next_free_suffix() {
        let body = "## 通知\n\n".repeat(4) + "## 通知 1\n\n## 通知\n";
        let (r, problems) = render_simple(&body, false);
        assert_eq!(
            r.anchors,
            ["通知", "通知-1", "通知-2", "通知-3", "通知-1-1", "通知-4"]
        );
        assert!(problems.is_empty(), "{problems:?}");
        // A suffix written by hand is skipped, not given twice.
        let (r, _) = render_simple("## a {#a-2}\n\n## a\n\n## a\n\n## a\n", false);
        assert_eq!(r.anchors, ["a-2", "a", "a-1", "a-3"]);
    }

    #[test]
    fn headings_never_take_an_id_of_the_theme() {
        let (r, problems) = render_with_theme(
            "## Main\n\n## Section pages\n\n## 目录 {#main}\n",
            false,
            &["main", "section-pages", "main-1"],
        );
        assert_eq!(r.anchors, ["main-2", "section-pages-1", "main-3"]);
        assert!(r.html.contains("<h2 id=\"main-2\">Main</h2>"), "{}", r.html);
        // Only the id written by hand is a warning: it no longer does what its author meant.
        assert_eq!(
            problems,
            [Problem {
                line: 9,
                kind: ProblemKind::TakenId {
                    wanted: "main".into(),
                    given: "main-3".into(),
                    by: IdOwner::Theme,
                }
            }]
        );
        let diagnostic = problems[0]
            .clone()
            .into_diagnostic(Path::new("content/a.md"), Severity::Error);
        assert_eq!(
            diagnostic.to_string(),
            Diagnostic::warning("heading id `main` is already used by an element of the theme's page layout; this heading gets `main-3`")
                .in_file("content/a.md")
                .at_line(Some(9))
                .with_hint("choose an id nothing else on the page has, e.g. {#main-3}: a link to `#main` does not reach this heading")
                .to_string()
        );
    }

    #[test]
    fn an_explicit_id_that_another_heading_has_is_a_warning_with_both_lines() {
        let (r, problems) = render_simple("## 机构职能\n\n## 其他 {#机构职能}\n", false);
        assert_eq!(r.anchors, ["机构职能", "机构职能-1"]);
        assert_eq!(
            problems,
            [Problem {
                line: 7,
                kind: ProblemKind::TakenId {
                    wanted: "机构职能".into(),
                    given: "机构职能-1".into(),
                    by: IdOwner::Heading(5),
                }
            }]
        );
    }

    #[test]
    fn footnotes_and_headings_never_share_an_id() {
        // pulldown-cmark writes a footnote's label as its id.
        let body = "## 1\n\n正文[^1]，另见[^main]。\n\n[^1]: 注一。\n[^main]: 注二。\n\n## main\n";
        let (r, problems) = render_with_theme(body, false, &["main"]);
        let ids: Vec<&str> = r
            .html
            .match_indices(" id=\"")
            .map(|(at, a)| {
                let v = &r.html[at + a.len()..];
                &v[..v.find('"').expect("closing quote")]
            })
            .collect();
        assert_eq!(ids, ["1", "1-1", "main-1", "main-2"], "{}", r.html);
        assert!(
            r.html
                .contains("<sup class=\"footnote-reference\"><a href=\"#1-1\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<div class=\"footnote-definition\" id=\"main-1\"><sup class=\"footnote-definition-label\">2</sup>"),
            "{}",
            r.html
        );
        assert!(problems.is_empty(), "{problems:?}");
        // A label defined twice: two ids, and the reference leads to the first.
        let (r, _) = render_simple("a[^1]\n\n[^1]: 一\n\n[^1]: 二\n", false);
        assert!(r.html.contains("<a href=\"#1\">1</a>"), "{}", r.html);
        assert!(
            r.html
                .contains("id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>一"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("id=\"1-1\"><sup class=\"footnote-definition-label\">2</sup>\n<p>二"),
            "{}",
            r.html
        );
        // Without a collision a footnote is written as before.
        let (r, _) = render_simple("a[^n]\n\n[^n]: b\n", false);
        assert!(r.html.contains("<a href=\"#n\">1</a>"), "{}", r.html);
        assert!(r.html.contains("id=\"n\""), "{}", r.html);
    }

    #[test]
    fn images_from_other_hosts_are_problems_with_their_line() {
        let body = "![县](https://example.org/a.png)\n\n![县](//cdn.example/b.png) ![县](<  //cdn.example/c.png>)\n\n![县](d.png) ![县](/e.png) [站](https://example.org/)\n";
        let (_, problems) = render_simple(body, false);
        let outside: Vec<(usize, &str)> = problems
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::OutsideMedia { element, src } if element == "image" => {
                    Some((p.line, src.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            outside,
            [
                (5, "https://example.org/a.png"),
                (7, "//cdn.example/b.png"),
                (7, "  //cdn.example/c.png"),
            ]
        );
        let diagnostic = problems[0]
            .clone()
            .into_diagnostic(Path::new("content/notices/x/index.md"), Severity::Error);
        assert!(diagnostic.is_error());
        assert_eq!(
            diagnostic.to_string(),
            Diagnostic::error("image from another site: https://example.org/a.png (the site must not make readers' browsers ask other hosts for anything)")
                .in_file("content/notices/x/index.md")
                .at_line(Some(5))
                .with_hint("save the file into the page bundle (the folder that holds the page as index.md) and link it by name, e.g. ![…](a.png)")
                .to_string()
        );
        let warning = problems[0]
            .clone()
            .into_diagnostic(Path::new("content/notices/x/index.md"), Severity::Warning);
        assert!(!warning.is_error());
    }

    #[test]
    fn media_from_other_hosts_in_raw_html_are_problems_only_with_unsafe_html() {
        let body = concat!(
            "<video src=\"https://v.example/a.mp4\" poster=\"//v.example/p.jpg\">\n",
            "<source srcset=\"s.webp 1x, https://v.example/s2.webp 2x\">\n",
            "<track src=\"t.vtt\"></video>\n\n",
            "文字 <img alt=\"x\" src=\"HTTPS://i.example/x.png\"> <a href=\"https://example.org/\">站</a>\n\n",
            "<iframe\nsrc=\"//f.example/\"></iframe>\n\n",
            "<object data=\"https://o.example/o.pdf\"></object><embed src=\"e.swf\">\n\n",
            "<audio src='https://a.example/a.mp3'></audio><!-- <img src=\"https://c.example/\"> -->\n",
        );
        let (_, problems) = render_simple(body, true);
        let outside: Vec<(usize, &str, &str)> = problems
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::OutsideMedia { element, src } => {
                    Some((p.line, element.as_str(), src.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            outside,
            [
                (5, "video", "https://v.example/a.mp4"),
                (5, "video", "//v.example/p.jpg"),
                (6, "source", "https://v.example/s2.webp"),
                (9, "img", "HTTPS://i.example/x.png"),
                (11, "iframe", "//f.example/"),
                (14, "object", "https://o.example/o.pdf"),
                (16, "audio", "https://a.example/a.mp3"),
            ]
        );
        // Without unsafe_html the HTML is dropped: nothing is fetched.
        let (_, problems) = render_simple(body, false);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_table_without_body_rows_is_boxed_and_closed() {
        let (r, _) = render_simple("| 部门 | 职责 |\n|---|---|\n\n正文\n", false);
        assert!(
            r.html.starts_with("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"部门 / 职责\">\n<table><thead><tr><th>部门</th><th>职责</th></tr></thead><tbody>\n</tbody></table>\n</div>\n<p>正文</p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn lines_are_counted_forwards_and_backwards() {
        let text = "a\nb\n\nc\n";
        let mut lines = Lines::new(text, 3);
        assert_eq!(lines.at(0), 3);
        assert_eq!(lines.at(5), 6);
        assert_eq!(lines.at(2), 4);
        assert_eq!(lines.at(100), 7);
        assert_eq!(lines.at(1), 3);
    }
}
