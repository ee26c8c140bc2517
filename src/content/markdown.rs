//! Markdown to HTML: pulldown-cmark's event stream, transformed in order —
//! raw HTML policy, link rewriting, heading anchors, labelled task-list boxes,
//! scroll boxes around tables, code highlighting — then written out. Also
//! yields the table of contents, the plain text for search, and the problems
//! a reader would meet (broken links, images without alt text).

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of highlighted code, shared with the generated syntax.css.
const HIGHLIGHT_CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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
}

/// What the Markdown renderer needs from the site model.
pub struct LinkContext<'a> {
    /// Folder of the Markdown file, relative to `content/` (`notices/x` for a bundle).
    pub dir: &'a str,
    /// Content path of a `.md` file (`notices/x.md`) → URL in the current language.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub unsafe_html: bool,
}

pub fn render(body: &str, body_line: usize, links: &LinkContext<'_>) -> (Rendered, Vec<Problem>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let line_of = |offset: usize| {
        body_line
            + body[..offset.min(body.len())]
                .bytes()
                .filter(|b| *b == b'\n')
                .count()
    };
    let mut problems = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut plain_text = String::with_capacity(body.len());
    // The image being read: its source, line and alt text so far.
    let mut image: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match &event {
            Event::Text(text) | Event::Code(text) => {
                plain_text.push_str(text);
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(text);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) if image.is_none() => {
                image = Some((dest_url.to_string(), line_of(range.start), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, line, alt)) = image.take()
                    && alt.trim().is_empty()
                {
                    problems.push(Problem {
                        line,
                        kind: ProblemKind::MissingAlt { src },
                    });
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => plain_text.push('\n'),
            _ => {}
        }
        if let Event::Html(html) | Event::InlineHtml(html) = &event
            && links.unsafe_html
        {
            for (at, src) in images_without_alt(html) {
                problems.push(Problem {
                    line: line_of(range.start + at),
                    kind: ProblemKind::RawImageWithoutAlt { src },
                });
            }
        }
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) if !links.unsafe_html => {
                let _ = html;
                Event::Html(CowStr::Borrowed("<!-- raw HTML omitted -->"))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_link(&dest_url, links, line_of(range.start), &mut problems);
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
            }) if !links.unsafe_html && !attrs.is_empty() => Event::Start(Tag::Heading {
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
                let dest_url = if !links.unsafe_html && is_script_url(&dest_url) {
                    "".into()
                } else {
                    dest_url
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        events.push(event);
    }
    let (toc, anchors) = add_heading_anchors(&mut events);
    let events = label_task_boxes(events);
    let events = wrap_tables(events);
    let events = highlight_code(events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Every page's HTML and text stay in memory until the outputs are written:
    // give back what the guesses above over-allocated.
    html.shrink_to_fit();
    plain_text.shrink_to_fit();
    (
        Rendered {
            html,
            toc,
            word_count: word_count(&plain_text),
            plain_text,
            anchors,
        },
        problems,
    )
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

/// Relative links to `.md` files become the target page's URL in this language;
/// script URLs are dropped unless raw HTML is allowed.
fn rewrite_link<'a>(
    url: &CowStr<'a>,
    links: &LinkContext<'_>,
    line: usize,
    problems: &mut Vec<Problem>,
) -> CowStr<'a> {
    if !links.unsafe_html && is_script_url(url) {
        return "#".into();
    }
    if url.contains("://")
        || url.starts_with('/')
        || url.starts_with('#')
        || url.starts_with("mailto:")
    {
        return url.clone();
    }
    let (path, fragment) = url
        .split_once('#')
        .map_or((url.as_ref(), None), |(p, f)| (p, Some(f)));
    if !path.ends_with(".md") {
        return url.clone();
    }
    let broken = || Problem {
        line,
        kind: ProblemKind::BrokenLink {
            target: url.to_string(),
        },
    };
    let Some(target) = join_content_path(links.dir, path) else {
        problems.push(broken());
        return url.clone();
    };
    match (links.resolve)(&target) {
        Some(page_url) => match fragment {
            Some(fragment) => format!("{page_url}#{fragment}").into(),
            None => page_url.into(),
        },
        None => {
            problems.push(broken());
            url.clone()
        }
    }
}

/// `dir` + relative `path` → a normalised path inside `content/`, or None if it leaves it.
pub fn join_content_path(dir: &str, path: &str) -> Option<String> {
    let path = percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Gives every heading an id (from `{#id}` or its text; Chinese kept as is) and
/// collects h2–h4 for the table of contents.
fn add_heading_anchors(events: &mut [Event<'_>]) -> (Vec<TocEntry>, Vec<String>) {
    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut anchors = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|id| id.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(text) | Event::Code(text) = &events[j] {
                    title.push_str(text);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| slugify(&title));
            let mut anchor = base.clone();
            let mut n = 1;
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(anchor.clone().into());
            }
            if matches!(
                level,
                HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4
            ) {
                toc.push(TocEntry {
                    level: level as u8,
                    id: anchor.clone(),
                    title: title.trim().to_string(),
                });
            }
            anchors.push(anchor);
            i = j;
        }
        i += 1;
    }
    (toc, anchors)
}

/// Heading text → anchor: letters and digits of any script kept (so Chinese
/// headings keep their characters), ASCII lowercased, the rest become `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// A task-list box is labelled by its item's text (`<label><input …> text</label>`),
/// so a screen reader says what was done, not just "checkbox, checked".
/// The label closes at the first block boundary (end of the line's paragraph,
/// a nested list, the end of the item).
fn label_task_boxes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut open = false;
    for event in events {
        if open && !is_inline(&event) {
            out.push(Event::InlineHtml("</label>".into()));
            open = false;
        }
        match event {
            Event::TaskListMarker(checked) => {
                let checked = if checked { " checked" } else { "" };
                out.push(Event::InlineHtml(
                    format!("<label class=\"task\"><input type=\"checkbox\" disabled{checked}> ")
                        .into(),
                ));
                open = true;
            }
            event => out.push(event),
        }
    }
    if open {
        out.push(Event::InlineHtml("</label>".into()));
    }
    out
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
/// sideways inside the box and never widens the page.
fn wrap_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    // The last heading's id, while no table has taken it as its name.
    let mut heading: Option<String> = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = id.as_ref().map(|id| id.to_string());
            }
            Event::Start(Tag::Table(_)) => {
                let headers = column_headers(&events[i..]);
                let name = match heading.take() {
                    Some(id) => {
                        format!(" role=\"region\" aria-labelledby=\"{}\"", escape_html(&id))
                    }
                    None if !headers.is_empty() => {
                        format!(" role=\"region\" aria-label=\"{}\"", escape_html(&headers))
                    }
                    None => String::new(),
                };
                out.push(Event::Html(
                    format!("<div class=\"table-wrap\" tabindex=\"0\"{name}>\n").into(),
                ));
            }
            _ => {}
        }
        out.push(event.clone());
        if let Event::End(TagEnd::Table) = event {
            out.push(Event::Html("</div>\n".into()));
        }
    }
    out
}

/// The header row's cells of the table starting at `events[0]`: `部门 / 职责`.
fn column_headers(events: &[Event<'_>]) -> String {
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

/// Fenced code blocks with a known language become class-highlighted HTML.
fn highlight_code(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    for event in events {
        match (&mut code, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))))
                if !lang.trim().is_empty() =>
            {
                code = Some((
                    lang.split_whitespace().next().unwrap_or("").to_string(),
                    String::new(),
                ));
            }
            (Some((_, text)), Event::Text(chunk)) => text.push_str(&chunk),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (lang, text) = code.take().expect("inside a code block");
                out.push(Event::Html(highlight(&lang, &text).into()));
            }
            (_, event) => out.push(event),
        }
    }
    out
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntax_set();
    let lang_attr = pulldown_cmark_escape_attr(lang);
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

fn pulldown_cmark_escape_attr(text: &str) -> String {
    escape_html(text)
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The `<img>` tags of raw HTML with no `alt` attribute, as (byte offset in
/// `html`, `src`). `alt=""` passes: it is how HTML marks an image as decoration.
fn images_without_alt(html: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(at) = find_ascii_caseless(&html[from..], "<img") {
        let start = from + at;
        let mut i = start + 4;
        from = i;
        if i < bytes.len()
            && !(bytes[i].is_ascii_whitespace() || bytes[i] == b'>' || bytes[i] == b'/')
        {
            continue; // <imgx>, not an image
        }
        let (mut has_alt, mut src) = (false, String::new());
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
                let value_start;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    value_start = i + 1;
                    i = value_start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = &html[value_start..i];
                    i = (i + 1).min(bytes.len());
                } else {
                    value_start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &html[value_start..i];
                }
            }
            match name.as_str() {
                "alt" => has_alt = true,
                "src" => src = value.to_string(),
                _ => {}
            }
        }
        if !has_alt {
            found.push((start, src));
        }
        from = i;
    }
    found
}

fn find_ascii_caseless(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Number of CJK characters plus Latin words: a reading-length measure.
/// A word is a stretch between spaces and CJK characters with a letter or digit in
/// it. One pass; a character's class is looked up only until its word has a letter.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut word_has_letter = false;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if cjk || c.is_whitespace() {
            count += word_has_letter as usize + cjk as usize;
            word_has_letter = false;
        } else if !word_has_letter {
            word_has_letter = c.is_alphanumeric();
        }
    }
    count + word_has_letter as usize
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_images_without_an_alt_attribute_are_found() {
        let html = "<p><img src='d.png'/> 文字 <img src=\"e.png\" alt></p>\n\
                    <IMG SRC=f.png ALT=\"x\"><img alt=\"\" src=\"g.png\">\n\
                    <img src=\"h.png\" title=\"alt=\"><imgx src=i.png><img\nsrc=\"j.png\">";
        let found: Vec<String> = images_without_alt(html)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
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
            for (at, _) in images_without_alt(&html) {
                proptest::prop_assert!(html[at..].to_ascii_lowercase().starts_with("<img"));
            }
        }

        #[test]
        fn word_count_is_cjk_characters_plus_words(text in "[a-z0-9 \t\n中文字，。、é’\u{3000}\u{20000}-]{0,40}") {
            let cjk = text.chars().filter(|c| is_cjk(*c)).count();
            let words = text
                .split(|c: char| c.is_whitespace() || is_cjk(c))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(word_count(&text), cjk + words);
        }
    }

    fn render_simple(body: &str, unsafe_html: bool) -> (Rendered, Vec<Problem>) {
        let resolve = |path: &str| (path == "notices/x.md").then(|| "/notices/x/".to_string());
        render(
            body,
            5,
            &LinkContext {
                dir: "plans",
                resolve: &resolve,
                unsafe_html,
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
}
