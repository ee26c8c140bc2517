//! Pictures of a page bundle shown at the size the reader needs: a Markdown
//! image (`![alt](photo.jpg)`) whose file the model knows as a processed
//! picture becomes one `<img>` with its copies in `srcset`, `sizes`, its
//! `width` and `height` (no layout shift when it arrives), `loading="lazy"` and
//! `decoding="async"`. Any other image is left as pulldown-cmark writes it.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Context;
use crate::text::escape_html;

/// What a picture's `<img>` says, from the model (`model::markdown`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    /// The widest copy, relative to the page (`photo-1600.jpg`).
    pub src: String,
    /// Every copy with its width (`photo-480.jpg 480w, …`).
    pub srcset: String,
    /// The widest copy's width and height.
    pub width: u32,
    pub height: u32,
}

/// The adapter: an image the context shows ([`Context::picture`]) becomes one
/// `<img>` event; its alt text is read from the events between.
pub(super) struct Pictures<'c, I> {
    pub(super) events: I,
    pub(super) context: &'c Context<'c>,
}

impl<'a, I: Iterator<Item = (Event<'a>, usize)>> Iterator for Pictures<'_, I> {
    type Item = (Event<'a>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, at) = self.events.next()?;
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        else {
            return Some((event, at));
        };
        let Some(shown) = (self.context.picture)(dest_url) else {
            return Some((event, at));
        };
        let title = title.to_string();
        // The alt text: the text of every event up to the image's end (an
        // image inside the alt text included, as pulldown-cmark reads it).
        let mut alt = String::new();
        let mut depth = 1;
        for (inner, _) in self.events.by_ref() {
            match inner {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        Some((Event::InlineHtml(img(&shown, &alt, &title).into()), at))
    }
}

/// The `<img>` of a picture. `sizes`: the whole width of a narrow screen, and
/// at most the widest copy's width on a wide one (the theme's column is
/// narrower, and `max-width: 100%` keeps it inside).
fn img(shown: &Shown, alt: &str, title: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_html(title))
    };
    format!(
        "<img src=\"{src}\" srcset=\"{srcset}\" sizes=\"(max-width: {w}px) 100vw, {w}px\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\"{title} loading=\"lazy\" decoding=\"async\">",
        src = escape_html(&shown.src),
        srcset = escape_html(&shown.srcset),
        w = shown.width,
        h = shown.height,
        alt = escape_html(alt),
    )
}
