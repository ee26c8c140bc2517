//! Outputs that are not templates: feeds, sitemap, calendars, the timetable
//! model they share, posters, the search index, and photos made ready for the web.

pub mod calendar;
pub mod feeds;
pub mod images;
pub mod poster;
pub mod relative;
pub mod schedule;
pub mod search;
pub mod sitemap;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
