//! Adapters that shape blocks as the stream flows: task-list boxes labelled by
//! their text, tables in named scroll boxes, fenced code highlighted.

use std::collections::VecDeque;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use syntect::html::ClassedHTMLGenerator;
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::HIGHLIGHT_CLASSES;
use crate::text::escape_html;

/// A task-list box is labelled by its item's text (`<label><input …> text</label>`),
/// so a screen reader says what was done, not just "checkbox, checked".
/// The label closes at the first block boundary (end of the line's paragraph,
/// a nested list, the end of the item).
pub(super) struct TaskLabels<'a, I> {
    pub(super) events: I,
    pub(super) open: bool,
    /// The event after a `</label>` just handed on.
    pub(super) next: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> TaskLabels<'a, I> {
    pub(super) fn new(events: I) -> Self {
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
pub(super) fn is_inline(event: &Event<'_>) -> bool {
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
pub(super) struct TableBoxes<'a, I> {
    pub(super) events: I,
    /// The last heading's id, while no table has taken it as its name.
    pub(super) heading: Option<String>,
    pub(super) held: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> TableBoxes<'a, I> {
    pub(super) fn new(events: I) -> Self {
        TableBoxes {
            events,
            heading: None,
            held: VecDeque::new(),
        }
    }

    /// The box's opening tag, named by the heading above or the column headers
    /// (read into `held` up to the end of the table's head).
    pub(super) fn open_box(&mut self) -> Event<'a> {
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
pub(super) fn column_headers<'e, 'a: 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> String {
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

pub(super) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// CSS for highlighted code (one light theme), written to `syntax.css`.
pub(crate) fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(theme, HIGHLIGHT_CLASSES).unwrap_or_default()
}

/// Fenced code blocks with a known language become class-highlighted HTML;
/// a block's text is held until its end.
pub(super) struct Highlighted<I> {
    pub(super) events: I,
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

pub(super) fn highlight(lang: &str, code: &str) -> String {
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
