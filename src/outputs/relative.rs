//! `relative_urls: true`: the site's own links written relative to each page, to
//! the file (`../notices/index.html` for `/notices/`), so that the output can be
//! opened straight from disk (a USB stick, `file://`) and browsed, as Hugo's
//! `relativeURLs` and `uglyURLs` together do. Absolute URLs (feeds, canonical,
//! hreflang alternates, QR codes) are left as they are.

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{RewriteStrSettings, element, text};

use std::borrow::Cow;

use super::{Origin, Picture, Sink};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Asset;
use crate::urls::{self, Target};

/// `relative_urls: true`: the sink in front of `inner` that makes the site's
/// links in every HTML output relative to it ([`relative_links`]).
pub(crate) struct Relative<'a> {
    pub inner: &'a dyn Sink,
    /// The path of `base_url` ("" or "/portal"), under which links are the site's.
    pub base_path: &'a str,
}

impl<'a> Relative<'a> {
    /// `inner` behind a `Relative` when the site asks for `relative_urls`
    /// (`build` only: `serve` serves the links as they are).
    pub(crate) fn when_asked(inner: &'a dyn Sink, config: &'a Config) -> Option<Relative<'a>> {
        config.relative_urls.then(|| Relative {
            inner,
            base_path: config.base_path(),
        })
    }
}

impl Sink for Relative<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        if !path.ends_with(".html") {
            return self.inner.put(path, bytes, origin);
        }
        let bytes = match String::from_utf8(bytes) {
            Ok(html) => relative_links(&html, path, self.base_path)?.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        self.inner.put(path, bytes, origin)
    }

    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic> {
        self.inner.copy(path, file, origin)
    }

    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        self.inner.image(picture, origin)
    }

    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<crate::images::Variant>, Diagnostic> {
        self.inner.widest_copy(picture, origin)
    }
}

/// `html`, written at `path` (relative to the output root, e.g.
/// `notices/x/index.html`), with every `href`, `src` and `action` attribute
/// (and the target of an alias page's `<meta http-equiv="refresh">`) that is
/// root-relative under `base_path` ("" or "/portal") made relative to `path`.
/// Attributes only: an HTML parser (lol_html) finds them, so `href="/x"`
/// written as text or in code is left as it is, and the rest of the page comes
/// out byte for byte.
pub(crate) fn relative_links(
    html: &str,
    path: &str,
    base_path: &str,
) -> Result<String, Diagnostic> {
    let up = "../".repeat(path.matches('/').count());
    // The value made relative, or None when it is left as it is.
    let rewrite = |value: &str| relative(value, base_path).map(|target| format!("{up}{target}"));
    let links = |element: &mut Element| {
        for name in ["href", "src", "action"] {
            if let Some(new) = element.get_attribute(name).and_then(|v| rewrite(&v)) {
                element.set_attribute(name, &new)?;
            }
        }
        Ok(())
    };
    let refresh = |element: &mut Element| {
        let refresh = element
            .get_attribute("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
        if let Some(content) = element.get_attribute("content").filter(|_| refresh)
            && let Some(url_at) = content.find("url=").map(|at| at + "url=".len())
            && let Some(new) = rewrite(&content[url_at..])
        {
            element.set_attribute("content", &format!("{}{new}", &content[..url_at]))?;
        }
        Ok(())
    };
    // An HTML parser reads `<noscript>` as text (script runs in browsers), but
    // a browser without script, or a page opened from disk with script off,
    // shows its links: they are rewritten as a page of their own.
    let mut noscript = String::new();
    let noscript_links = |chunk: &mut TextChunk| {
        noscript.push_str(chunk.as_str());
        if chunk.last_in_text_node() {
            let inner = relative_links(&noscript, path, base_path)
                .map_err(|d| d.message.en().to_string())?;
            chunk.replace(&inner, ContentType::Html);
            noscript.clear();
        } else {
            chunk.remove();
        }
        Ok(())
    };
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("[href], [src], [action]", links))
        .append_element_content_handler(element!("meta[http-equiv][content]", refresh))
        .append_element_content_handler(text!("noscript", noscript_links));
    lol_html::rewrite_str(html, settings).map_err(|err| {
        Diagnostic::error(crate::messages::outputs::relative_urls_failed(
            path,
            &err.to_string(),
        ))
        .with_hint(crate::messages::outputs::relative_urls_failed_hint())
    })
}

/// `/portal/notices/?q=1#top` → `notices/index.html?q=1#top` (relative to the
/// output root), or None for what is not a root-relative link of the site.
pub(crate) fn relative(value: &str, base_path: &str) -> Option<String> {
    if !value.starts_with('/') || !matches!(urls::target(value), Target::Here { .. }) {
        return None; // relative already, or `//host/…`
    }
    let end = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(end);
    let path = without_dot_segments(path);
    let path = path.as_ref();
    let path = if base_path.is_empty() {
        path
    } else {
        let inner = path.strip_prefix(base_path)?;
        if !(inner.is_empty() || inner.starts_with('/')) {
            return None;
        }
        inner
    };
    let mut target = path.trim_start_matches('/').to_string();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    target.push_str(tail);
    Some(target)
}

/// A root-relative path with its `.` and `..` segments resolved as a browser
/// resolves them (`%2e` is a dot; `..` stops at the root): `/a/../%2e%2e/b` is
/// `/b`. Made relative to a file on disk, an unresolved `..` would climb out of
/// the output folder.
fn without_dot_segments(path: &str) -> Cow<'_, str> {
    let dots = |segment: &str| match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
        "." => Some(false),
        ".." => Some(true),
        _ => None,
    };
    let segments = || path.split('/').skip(1);
    if segments().all(|segment| dots(segment).is_none()) {
        return Cow::Borrowed(path);
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut ends_in_folder = false;
    for segment in segments() {
        ends_in_folder = true;
        match dots(segment) {
            Some(true) => {
                kept.pop();
            }
            Some(false) => {}
            None => {
                kept.push(segment);
                ends_in_folder = false;
            }
        }
    }
    let mut resolved = format!("/{}", kept.join("/"));
    if ends_in_folder && !resolved.ends_with('/') {
        resolved.push('/');
    }
    Cow::Owned(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_links_become_relative_files() {
        let html = r##"<a href="/">首页</a> <a href="/notices/">通知</a> <link href="/atom.xml">
<a href="/notices/x/#attachments">附件</a> <img src="/notices/x/map.png" alt="">
<form action="/search/"><a href="https://example.gov.cn/notices/">外</a>
<a href="//cdn.example/x">x</a> <a href="#main">跳</a> <a href="../style.css">s</a>
<a data-href="/nope/">d</a>"##;
        let out = relative_links(html, "notices/y/index.html", "").expect("rewritten");
        assert_eq!(
            out,
            r##"<a href="../../index.html">首页</a> <a href="../../notices/index.html">通知</a> <link href="../../atom.xml">
<a href="../../notices/x/index.html#attachments">附件</a> <img src="../../notices/x/map.png" alt="">
<form action="../../search/index.html"><a href="https://example.gov.cn/notices/">外</a>
<a href="//cdn.example/x">x</a> <a href="#main">跳</a> <a href="../style.css">s</a>
<a data-href="/nope/">d</a>"##
        );
    }

    #[test]
    fn an_alias_page_sends_on_to_the_file() {
        let html = r#"<link rel="canonical" href="/notices/new/"><meta http-equiv="refresh" content="0; url=/notices/new/"></head><body><a href="/notices/new/">/notices/new/</a>"#;
        assert_eq!(
            relative_links(html, "old/index.html", "").expect("rewritten"),
            r#"<link rel="canonical" href="../notices/new/index.html"><meta http-equiv="refresh" content="0; url=../notices/new/index.html"></head><body><a href="../notices/new/index.html">/notices/new/</a>"#
        );
    }

    #[test]
    fn a_base_path_is_the_output_root() {
        let html = r#"<a href="/portal/en/plans/?page=2">p</a> <a href="/portalx/">q</a> <a href="/other/">o</a>"#;
        assert_eq!(
            relative_links(html, "index.html", "/portal").expect("rewritten"),
            r#"<a href="en/plans/index.html?page=2">p</a> <a href="/portalx/">q</a> <a href="/other/">o</a>"#
        );
    }

    #[test]
    fn text_and_code_that_look_like_links_are_left_alone() {
        let html = concat!(
            "<p>Write <code>href=\"/notices/\"</code> or src=\"/a.png\" in text.</p>\n",
            "<pre><code>&lt;a href=\"/x/\"&gt;</code></pre>\n",
            "<script>var a = '<a href=\"/y/\">';</script>\n",
            "<a title=\"/t/\" href='/notices/'>q</a><!-- <a href=\"/c/\"> -->\n",
            "<noscript><a href=\"/n/\">n</a> href=\"/m/\"</noscript>\n",
        );
        assert_eq!(
            relative_links(html, "notices/index.html", "").expect("rewritten"),
            concat!(
                "<p>Write <code>href=\"/notices/\"</code> or src=\"/a.png\" in text.</p>\n",
                "<pre><code>&lt;a href=\"/x/\"&gt;</code></pre>\n",
                "<script>var a = '<a href=\"/y/\">';</script>\n",
                "<a title=\"/t/\" href=\"../notices/index.html\">q</a><!-- <a href=\"/c/\"> -->\n",
                "<noscript><a href=\"../n/index.html\">n</a> href=\"/m/\"</noscript>\n",
            )
        );
    }

    #[test]
    fn dot_segments_never_climb_out_of_the_output_folder() {
        let html = concat!(
            "<a href=\"/../../etc/passwd\">a</a>",
            "<a href=\"/%2e%2e/%2E%2e/x\">b</a>",
            "<a href=\"/notices/./x/..\">c</a>",
            "<a href=\"/portal/../other/\">d</a>",
            "<a href=\"/\\cdn.example/x\">e</a>",
        );
        assert_eq!(
            relative_links(html, "notices/x/index.html", "/portal").expect("rewritten"),
            concat!(
                "<a href=\"/../../etc/passwd\">a</a>",
                "<a href=\"/%2e%2e/%2E%2e/x\">b</a>",
                "<a href=\"/notices/./x/..\">c</a>",
                "<a href=\"/portal/../other/\">d</a>",
                "<a href=\"/\\cdn.example/x\">e</a>",
            )
        );
        assert_eq!(
            relative_links(html, "notices/x/index.html", "").expect("rewritten"),
            concat!(
                "<a href=\"../../etc/passwd\">a</a>",
                "<a href=\"../../x\">b</a>",
                "<a href=\"../../notices/index.html\">c</a>",
                "<a href=\"../../other/index.html\">d</a>",
                "<a href=\"/\\cdn.example/x\">e</a>",
            )
        );
    }
}
