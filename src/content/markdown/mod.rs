//! Markdown to HTML: pulldown-cmark's event stream through a chain of iterator
//! adapters — reading (raw HTML policy, links, images), ids (heading anchors,
//! footnotes), labelled task-list boxes, scroll boxes around tables, code
//! highlighting — written out as it flows, so that memory follows the longest
//! heading, table head or code block, not the page. A picture of the page's
//! bundle becomes an `<img>` with `srcset`, `width` and `height` (pictures). Also yields the table of
//! contents, the plain text for search, every link with its line (for
//! `check`), and the problems a reader would meet (broken links, images without
//! alt text, media from other hosts, heading ids already taken).

mod blocks;
mod ids;
mod pictures;
mod raw_html;
mod reading;
#[cfg(test)]
mod tests;

use crate::messages::markdown::{self as say, IdHolder};
use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{Options, Parser};
use serde::{Deserialize, Serialize};
use syntect::html::ClassStyle;

pub(crate) use blocks::syntax_css;
use blocks::{Highlighted, TableBoxes, TaskLabels};
use ids::{Anchors, PageIds};
use pictures::Pictures;
pub(crate) use pictures::Shown;
use reading::Reading;

use crate::diagnostics::{Diagnostic, Severity};
use crate::text::word_count;

/// Class prefix of highlighted code, shared with the generated syntax.css.
const HIGHLIGHT_CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The Markdown placard reads: CommonMark with tables, footnotes,
/// strikethrough, task lists and `{#id .class}` on headings.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's Markdown as the outputs use it. In an incremental build, a page
/// whose HTML and text no output of the run shows (`Scope::needs_markdown`)
/// keeps what the build cache saved of it instead: everything but `html` and
/// `plain_text`, which are left empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Link {
    pub url: String,
    /// Line in the file.
    pub line: usize,
    pub image: bool,
}

/// Something in the Markdown that fails a reader, with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub line: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ProblemKind {
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
pub(crate) enum IdOwner {
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
    pub(crate) fn into_diagnostic(self, file: &Path, severity: Severity) -> Diagnostic {
        let diagnostic = match self.kind {
            ProblemKind::BrokenLink { target } => Diagnostic {
                severity,
                ..Diagnostic::error(say::broken_link(&target)).with_hint(say::broken_link_hint())
            },
            // A warning in `build` and in `check` alike: the page still works
            // for readers who can see it.
            ProblemKind::MissingAlt { src } => {
                Diagnostic::warning(say::missing_alt(&src)).with_hint(say::missing_alt_hint(&src))
            }
            ProblemKind::RawImageWithoutAlt { src } => {
                Diagnostic::warning(say::raw_image_without_alt(&src))
                    .with_hint(say::raw_image_without_alt_hint())
            }
            ProblemKind::OutsideMedia { element, src } => {
                let name = file_name_of(&src);
                let example = match element.as_str() {
                    "image" => format!("![…]({name})"),
                    "object" => format!("data=\"{name}\""),
                    _ => format!("src=\"{name}\""),
                };
                Diagnostic {
                    severity,
                    ..Diagnostic::error(say::outside_media(&element, &src))
                        .with_hint(say::outside_media_hint(&example))
                }
            }
            ProblemKind::TakenId { wanted, given, by } => {
                let holder = match by {
                    IdOwner::Theme => IdHolder::Theme,
                    IdOwner::Heading(line) => IdHolder::Heading(line),
                    IdOwner::Footnote(line) => IdHolder::Footnote(line),
                };
                Diagnostic::warning(say::taken_id(&wanted, holder, &given))
                    .with_hint(say::taken_id_hint(&wanted, &given))
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
pub(crate) struct Context<'a> {
    /// Folder of the Markdown file, relative to `content/` (`notices/x` for a bundle).
    pub dir: &'a str,
    /// Content path of a `.md` file (`notices/x.md`) → URL in the current language.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// An image's source as written (`photo.jpg`) → its `<img>`, for a picture
    /// of the page's bundle that is published as resized copies.
    pub picture: &'a (dyn Fn(&str) -> Option<Shown> + Sync),
    pub unsafe_html: bool,
    /// Ids the page has before its Markdown: those the theme's templates write
    /// (`main`, the lists' ids). No heading or footnote takes one of them.
    pub taken_ids: &'a BTreeSet<String>,
}

/// `body` (starting on line `body_line` of its file) as HTML, with what was
/// found on the way.
pub(crate) fn render(
    body: &str,
    body_line: usize,
    context: &Context<'_>,
) -> (Rendered, Vec<Problem>) {
    let mut found = Found {
        plain_text: String::with_capacity(body.len()),
        ..Found::default()
    };
    let mut ids = PageIds::new(context.taken_ids);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    {
        let events = Parser::new_ext(body, OPTIONS).into_offset_iter();
        let events = Reading::new(events, body, body_line, context, &mut found);
        let events = Pictures { events, context };
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
