//! Start tags in raw HTML (`markdown.unsafe_html`): a small scanner, enough to
//! find images without `alt` and media from other hosts.

/// A start tag in raw HTML (`markdown.unsafe_html`).
pub(super) struct RawTag<'h> {
    /// Byte offset of its `<`.
    pub(super) at: usize,
    /// Lowercased.
    pub(super) name: String,
    /// Names lowercased, values as written (quotes removed).
    pub(super) attributes: Vec<(String, &'h str)>,
}

impl RawTag<'_> {
    pub(super) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| *value)
    }

    /// The `src` of an `<img>` with no `alt` attribute. `alt=""` passes: it is
    /// how HTML marks an image as decoration.
    pub(super) fn image_without_alt(&self) -> Option<&str> {
        (self.name == "img" && self.attribute("alt").is_none())
            .then(|| self.attribute("src").unwrap_or(""))
    }

    /// The URLs the browser fetches for this element (an image, a video and
    /// its poster, a frame, a script, a style sheet…).
    pub(super) fn media_sources(&self) -> Vec<&str> {
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
pub(super) fn raw_tags(html: &str) -> Vec<RawTag<'_>> {
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
