//! Link targets as authors write them: where one points (this site or another),
//! its path, query and fragment, percent-decoding, and a relative path joined
//! to the folder it starts from. A shared leaf: the Markdown renderer, `check`
//! and `serve` read links the same way, and it knows nothing of pages.

use std::borrow::Cow;

/// Where a link or image target points, read as a browser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    /// Another site or program: a scheme (`https:`, `mailto:`, `data:`) or a
    /// host (`//cdn.example/x.png`).
    Elsewhere {
        /// The scheme, lowercased; None for `//host/…`.
        scheme: Option<String>,
    },
    /// A place in this site: `/notices/`, `../a.md?x=1#top`, `photo.jpg`,
    /// `#top`, or nothing at all. The parts are as written (percent-encoded).
    Here {
        path: &'a str,
        query: Option<&'a str>,
        fragment: Option<&'a str>,
    },
}

impl Target<'_> {
    /// Whether a browser would fetch this from another host (as an image,
    /// video, frame…): anything elsewhere but what holds its bytes inline or
    /// fetches nothing (`data:`, `blob:`, `about:`, script URLs).
    pub(crate) fn fetches_from_outside(&self) -> bool {
        match self {
            Target::Elsewhere { scheme } => !matches!(
                scheme.as_deref(),
                Some("data" | "blob" | "about" | "javascript" | "vbscript")
            ),
            Target::Here { .. } => false,
        }
    }
}

/// `url` as a browser reads it: spaces and control characters at either end
/// dropped, tabs and line breaks inside removed. (So ` //host/x` and
/// `ht\ttps://host/` are links to another host, as they are for a browser.)
pub(crate) fn browser_form(url: &str) -> Cow<'_, str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Where `url` points. `url` should be in [`browser_form`].
pub(crate) fn target(url: &str) -> Target<'_> {
    // A browser reads `\` as `/` in web addresses: `/\host/` is `//host/`.
    let mut start = url.chars().take(2);
    if start.next().is_some_and(|c| c == '/' || c == '\\')
        && start.next().is_some_and(|c| c == '/' || c == '\\')
    {
        return Target::Elsewhere { scheme: None };
    }
    if let Some(scheme) = scheme(url) {
        return Target::Elsewhere {
            scheme: Some(scheme.to_ascii_lowercase()),
        };
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (url, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    Target::Here {
        path,
        query,
        fragment,
    }
}

/// The scheme of an absolute URL (`https` of `https://…`, `mailto` of
/// `mailto:x@y`): a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `%XX` (two hex digits) decoded as a byte; other `%` kept as written; byte
/// sequences that are not UTF-8 after decoding become U+FFFD. Never splits a
/// character: `%中` stays `%中`.
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex_digit(b)),
                bytes.get(i + 2).and_then(|&b| hex_digit(b)),
            )
        {
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    match String::from_utf8(out) {
        Ok(text) => Cow::Owned(text),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// A relative path as a URL that stays one in any attribute, `srcset`
/// included: spaces, commas, `%`, `#`, `?`, quotes and controls percent-encoded;
/// the rest (letters of any script, `/`) as it is.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                ' ' | ',' | '%' | '#' | '?' | '"' | '\'' | '<' | '>' | '\\'
            )
        {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// `dir` + relative `path` (percent-decoded) → a normalised path below the root
/// `dir` is relative to, without `.`, `..` or empty segments; None if it climbs
/// above that root. A `path` starting with `/` starts from the root.
pub(crate) fn join_content_path(dir: &str, path: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn here<'a>(path: &'a str, query: Option<&'a str>, fragment: Option<&'a str>) -> Target<'a> {
        Target::Here {
            path,
            query,
            fragment,
        }
    }

    #[test]
    fn percent_decoding_never_splits_a_character() {
        assert_eq!(percent_decode("%中.md"), "%中.md");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%%41"), "%A");
        assert_eq!(percent_decode("%e4%b8%ad%E6%96%87.md"), "中文.md");
        assert_eq!(percent_decode("%2e%2e/x"), "../x");
        // An invalid sequence is a replacement character, never a panic.
        assert_eq!(percent_decode("%e4%b8"), "\u{FFFD}");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn joined_paths_stay_inside_the_root() {
        assert_eq!(
            join_content_path("plans", "../notices/x.md").as_deref(),
            Some("notices/x.md")
        );
        assert_eq!(
            join_content_path("a/b", "./c//d.md").as_deref(),
            Some("a/b/c/d.md")
        );
        assert_eq!(join_content_path("a/b", "/x/y").as_deref(), Some("x/y"));
        assert_eq!(join_content_path("a", "../../x.md"), None);
        assert_eq!(join_content_path("a", "%2e%2e/%2e%2e/x.md"), None);
        assert_eq!(join_content_path("", "%中.md").as_deref(), Some("%中.md"));
    }

    #[test]
    fn targets_are_read_as_a_browser_reads_them() {
        let elsewhere = |scheme: Option<&str>| Target::Elsewhere {
            scheme: scheme.map(str::to_string),
        };
        assert_eq!(
            target("https://example.org/a.png"),
            elsewhere(Some("https"))
        );
        assert_eq!(target("HTTP://example.org/"), elsewhere(Some("http")));
        assert_eq!(target("mailto:a@b.cn"), elsewhere(Some("mailto")));
        assert_eq!(target("//cdn.example/x.png"), elsewhere(None));
        assert_eq!(target("/\\cdn.example/x.png"), elsewhere(None));
        assert_eq!(
            target(&browser_form(" \t//cdn.example/x.png")),
            elsewhere(None)
        );
        assert_eq!(
            target(&browser_form("ht\ntps://x/")),
            elsewhere(Some("https"))
        );
        assert_eq!(
            target("../a.md?x=1#top"),
            here("../a.md", Some("x=1"), Some("top"))
        );
        assert_eq!(target("/notices/"), here("/notices/", None, None));
        assert_eq!(target("#top"), here("", None, Some("top")));
        assert_eq!(target(""), here("", None, None));
        // A colon after a slash or a question mark is part of a path or query.
        assert_eq!(target("a/b:c.md"), here("a/b:c.md", None, None));
        assert_eq!(target("a.md?t=1:2"), here("a.md", Some("t=1:2"), None));
        assert!(target("https://x/a.png").fetches_from_outside());
        assert!(target("//x/a.png").fetches_from_outside());
        assert!(!target("data:image/png;base64,AAAA").fetches_from_outside());
        assert!(!target("JavaScript:alert(1)").fetches_from_outside());
        assert!(!target("photo.jpg").fetches_from_outside());
    }

    proptest::proptest! {
        #[test]
        fn decoding_and_joining_any_text_does_not_panic(text in "(%|[0-9a-fA-F]|中|é|/|\\.|\\.\\.|a|#|\\?)*") {
            let decoded = percent_decode(&text);
            if !text.contains('%') {
                proptest::prop_assert_eq!(decoded.as_ref(), text.as_str());
            }
            if let Some(joined) = join_content_path("a/b", &text) {
                proptest::prop_assert!(!joined.starts_with('/'));
                proptest::prop_assert!(joined.split('/').all(|s| s != ".." && s != "."));
            }
            let _ = target(&browser_form(&text));
        }
    }
}
