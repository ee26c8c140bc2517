//! `relative_urls: true`: the site's own links written relative to each page, to
//! the file (`../notices/index.html` for `/notices/`), so that the output can be
//! opened straight from disk (a USB stick, `file://`) and browsed, as Hugo's
//! `relativeURLs` and `uglyURLs` together do. Absolute URLs (feeds, canonical,
//! hreflang alternates, QR codes) are left as they are.

/// `html`, written at `path` (relative to the output root, e.g.
/// `notices/x/index.html`), with every `href`, `src` and `action` (and the target
/// of an alias page's `<meta http-equiv="refresh">`) that is root-relative under
/// `base_path` ("" or "/portal") made relative to `path`.
pub fn relative_links(html: &str, path: &str, base_path: &str) -> String {
    let up = "../".repeat(path.matches('/').count());
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut done = 0;
    // One pass over the attribute values (`="`): each is looked at once.
    for (eq, _) in html.match_indices("=\"") {
        if eq < done {
            continue;
        }
        let mut value_start = eq + 2;
        match attribute_name(&html[..eq]) {
            Some("href" | "src" | "action") => {}
            Some("content") if html[value_start..].starts_with("0; url=") => {
                value_start += "0; url=".len();
            }
            _ => continue,
        }
        let Some(value_len) = html[value_start..].find('"') else {
            break;
        };
        if let Some(target) = relative(&html[value_start..value_start + value_len], base_path) {
            out.push_str(&html[done..value_start]);
            out.push_str(&up);
            out.push_str(&target);
            done = value_start + value_len;
        }
    }
    out.push_str(&html[done..]);
    out
}

/// The attribute name that `before` ends with, when whitespace comes before it
/// (` href` but not `data-href`).
fn attribute_name(before: &str) -> Option<&str> {
    let name_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |i| i + 1);
    let preceded_by_space = before[..name_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_whitespace());
    preceded_by_space.then(|| &before[name_start..])
}

/// `/portal/notices/?q=1#top` → `notices/index.html?q=1#top` (relative to the
/// output root), or None for what is not a root-relative link of the site.
fn relative(value: &str, base_path: &str) -> Option<String> {
    if !value.starts_with('/') || value.starts_with("//") {
        return None;
    }
    let end = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(end);
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
        let out = relative_links(html, "notices/y/index.html", "");
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
            relative_links(html, "old/index.html", ""),
            r#"<link rel="canonical" href="../notices/new/index.html"><meta http-equiv="refresh" content="0; url=../notices/new/index.html"></head><body><a href="../notices/new/index.html">/notices/new/</a>"#
        );
    }

    #[test]
    fn a_base_path_is_the_output_root() {
        let html = r#"<a href="/portal/en/plans/?page=2">p</a> <a href="/portalx/">q</a> <a href="/other/">o</a>"#;
        assert_eq!(
            relative_links(html, "index.html", "/portal"),
            r#"<a href="en/plans/index.html?page=2">p</a> <a href="/portalx/">q</a> <a href="/other/">o</a>"#
        );
    }
}
