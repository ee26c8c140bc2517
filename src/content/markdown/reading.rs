//! The first pass over pulldown-cmark's events (`Reading`): what the Markdown
//! says and where — raw HTML dropped unless allowed, script URLs dropped, `.md`
//! links resolved, every link, image, missing alt text and outside media noted
//! with its line, and the plain text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::raw_html::raw_tags;
use super::{Context, Found, Lines, Link, Problem, ProblemKind};
use crate::urls::{self, Target};

/// The first pass, over the parser's events and their places: drops raw HTML
/// unless allowed, drops script URLs, resolves `.md` links, keeps only the id
/// and classes of heading attributes, and notes every link, image, missing alt
/// text and outside media with its line, and the plain text.
pub(super) struct Reading<'a, 'c, 'f, I> {
    pub(super) events: I,
    pub(super) lines: Lines<'a>,
    pub(super) context: &'c Context<'c>,
    pub(super) found: &'f mut Found,
    /// The image being read: its source, line and alt text so far.
    pub(super) image: Option<(String, usize, String)>,
    /// The raw HTML block being read (with `unsafe_html`): its text and first line.
    pub(super) html_block: Option<(String, usize)>,
}

impl<'a, 'c, 'f, I> Reading<'a, 'c, 'f, I> {
    pub(super) fn new(
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

    pub(super) fn problem(&mut self, line: usize, kind: ProblemKind) {
        self.found.problems.push(Problem { line, kind });
    }

    /// Notes what `event` says (text, links, images) and returns it as it is published.
    pub(super) fn read(&mut self, event: Event<'a>, at: &Range<usize>) -> Event<'a> {
        self.note_text(&event);
        match event {
            Event::Start(Tag::HtmlBlock)
            | Event::End(TagEnd::HtmlBlock)
            | Event::Html(_)
            | Event::InlineHtml(_) => self.html(event, at),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = self.note_link(&dest_url, at, false);
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
            }) if !self.context.unsafe_html && !attrs.is_empty() => Event::Start(Tag::Heading {
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
                let dest_url = self.image(dest_url, at);
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

    /// The plain text (for search and word counts), and an image's alt text.
    fn note_text(&mut self, event: &Event<'a>) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                self.found.plain_text.push_str(text);
                if let Some((_, _, alt)) = &mut self.image {
                    alt.push_str(text);
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            )
            | Event::HardBreak => self.found.plain_text.push('\n'),
            // A line break inside a paragraph is a space between English words (a
            // browser shows one), and nothing after a CJK character (it shows none).
            Event::SoftBreak
                if self
                    .found
                    .plain_text
                    .chars()
                    .next_back()
                    .is_some_and(|c| !crate::text::is_cjk(c) && !c.is_whitespace()) =>
            {
                self.found.plain_text.push(' ');
            }
            _ => {}
        }
    }

    /// Raw HTML: dropped unless allowed; when allowed, checked (a block as a
    /// whole, once it ends).
    fn html(&mut self, event: Event<'a>, at: &Range<usize>) -> Event<'a> {
        let unsafe_html = self.context.unsafe_html;
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
            Event::Html(_) | Event::InlineHtml(_) if !unsafe_html => {
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
            event => event,
        }
    }

    /// Records a link or image as written, with its line (returned).
    fn note_link(&mut self, url: &str, at: &Range<usize>, image: bool) -> usize {
        let line = self.lines.at(at.start);
        self.found.links.push(Link {
            url: url.to_string(),
            line,
            image,
        });
        line
    }

    /// An image's source as published (a script URL dropped unless raw HTML is
    /// allowed); its alt text is read until it ends, and one from another host
    /// is a problem.
    fn image(&mut self, dest_url: CowStr<'a>, at: &Range<usize>) -> CowStr<'a> {
        let line = self.note_link(&dest_url, at, true);
        if self.image.is_none() {
            self.image = Some((dest_url.to_string(), line, String::new()));
        }
        let dest_url = if !self.context.unsafe_html && is_script_url(&dest_url) {
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
        dest_url
    }

    /// Relative links to `.md` files become the target page's URL in this
    /// language (a missing one is a problem); script URLs become `#` unless raw
    /// HTML is allowed; anything else is left as written.
    pub(super) fn rewrite_link(&mut self, url: CowStr<'a>, line: usize) -> CowStr<'a> {
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
    pub(super) fn raw_html(&mut self, html: &str, line: usize) {
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

pub(super) fn is_script_url(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect();
    let lower = lower.to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:")
}
