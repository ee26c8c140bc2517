//! Entry points for the cargo-fuzz targets in `fuzz/` (not part of the API):
//! each runs one stage on arbitrary input exactly as `build` does, and panics
//! when a promise of SPEC §7 is broken, so the fuzzer reports it as a crash.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::markdown::ProblemKind;
use crate::content::{front_matter, markdown};
use crate::diagnostics::Diagnostics;
use crate::load::content::{decode, split_front_matter};
use crate::outputs::relative;
use crate::urls::{self, Target};

/// A content file's bytes → decoded text → front matter split → typed front
/// matter. Errors must name the file and a line the file has.
pub fn front_matter(bytes: &[u8]) {
    let Some((&selector, bytes)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = decode(bytes) else {
        return;
    };
    let Ok((yaml, yaml_line, body, body_line)) = split_front_matter(&text) else {
        return;
    };
    let lines = text.lines().count().max(1);
    assert!(
        body_line <= lines + 1,
        "body starts on line {body_line} of {lines}"
    );
    assert!(text.ends_with(&body), "the body is the end of the file");
    let section = [None, Some("notices"), Some("plans"), Some("trainings")][selector as usize % 4];
    let diagnostics = Diagnostics::new();
    let file = Path::new("content/fuzz.md");
    front_matter::parse(
        &yaml,
        yaml_line,
        file,
        section,
        selector & 4 != 0,
        &diagnostics,
    );
    for diagnostic in diagnostics.into_sorted() {
        assert_eq!(diagnostic.file.as_deref(), Some(file));
        // SPEC §7: every error names the file and the line.
        assert!(
            diagnostic.line.is_some() || !diagnostic.is_error(),
            "an error without a line: {diagnostic}"
        );
        if let Some(line) = diagnostic.line {
            assert!(
                (1..=lines + 1).contains(&line),
                "diagnostic on line {line} of a {lines}-line file: {diagnostic}"
            );
        }
    }
}

/// Markdown → HTML with links resolved as in a site. With raw HTML off (the
/// default) no script may come out: no `<script>`, no event handler attribute,
/// no `javascript:`/`vbscript:`/`data:` URL.
pub fn markdown(bytes: &[u8]) {
    let Some((&selector, bytes)) = bytes.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(bytes) else {
        return;
    };
    let unsafe_html = selector & 1 != 0;
    let resolve = |path: &str| path.ends_with("x.md").then(|| "/notices/x/".to_string());
    let theme_ids = BTreeSet::from(["main".to_string(), "section-pages".to_string()]);
    let picture = |src: &str| {
        src.ends_with(".jpg").then(|| markdown::Shown {
            src: "a-480.jpg".to_string(),
            srcset: format!("{src} 480w"),
            width: 480,
            height: 360,
        })
    };
    let context = markdown::Context {
        dir: "notices/bundle",
        resolve: &resolve,
        picture: &picture,
        unsafe_html,
        taken_ids: &theme_ids,
    };
    let lines = body.lines().count() + 5;
    let (rendered, broken) = markdown::render(body, 5, &context);
    for link in &broken {
        assert!(
            (5..=lines).contains(&link.line),
            "broken link on line {}",
            link.line
        );
    }
    if !unsafe_html && let Some(problem) = script_in_html(&rendered.html) {
        panic!("{problem} in:\n{}", rendered.html);
    }
    // Every id of a heading or footnote once, and none the theme has.
    let mut ids = BTreeSet::new();
    for id in ids_in_html(&rendered.html)
        .into_iter()
        .filter(|_| !unsafe_html)
    {
        assert!(
            !theme_ids.contains(&id),
            "the theme's id `{id}` in:\n{}",
            rendered.html
        );
        assert!(
            ids.insert(id.clone()),
            "id `{id}` twice in:\n{}",
            rendered.html
        );
    }
}

/// The ids of the headings and footnotes in HTML that pulldown-cmark wrote
/// (text cannot hold `<h2 `; raw HTML, which may, is not looked at).
fn ids_in_html(html: &str) -> Vec<String> {
    let starts = [
        "<h1 id=\"",
        "<h2 id=\"",
        "<h3 id=\"",
        "<h4 id=\"",
        "<h5 id=\"",
        "<h6 id=\"",
        "<div class=\"footnote-definition\" id=\"",
    ];
    starts
        .iter()
        .flat_map(|start| html.match_indices(start))
        .filter_map(|(at, start)| {
            let value = &html[at + start.len()..];
            Some(value[..value.find('"')?].to_string())
        })
        .collect()
}

/// A link target as authors write it, through everything that reads one:
/// where it points (`urls::target`), percent-decoding, joining to the page's
/// folder, the rendered `[…](url)` and `![…](url)` (the `.md` rewriting, the
/// recorded link and its line, media from other hosts), and `relative_urls`.
/// No panic; a joined path never climbs out of `content/`; a link made
/// relative never climbs out of the output folder.
pub fn link(bytes: &[u8]) {
    let Some((&selector, bytes)) = bytes.split_first() else {
        return;
    };
    let Ok(url) = std::str::from_utf8(bytes) else {
        return;
    };
    let form = urls::browser_form(url);
    let target = urls::target(&form);

    // Decoding: never longer than the text; undoes percent-encoding exactly.
    let decoded = urls::percent_decode(url);
    assert!(decoded.len() <= url.len(), "{url:?} decoded to {decoded:?}");
    if !url.contains('%') {
        assert_eq!(decoded, url);
    }
    let encoded: String = url.bytes().map(|b| format!("%{b:02x}")).collect();
    assert_eq!(urls::percent_decode(&encoded), url);

    // Joining stays inside the root and leaves no `.`, `..` or empty segment.
    let dir = ["", "notices", "notices/bundle/deeper"][selector as usize % 3];
    if let Some(joined) = urls::join_content_path(dir, url) {
        assert!(
            joined.is_empty() || joined.split('/').all(|s| !matches!(s, "" | "." | "..")),
            "{dir} + {url:?} joined as {joined:?}"
        );
    }

    // The Markdown renderer: a link to `x.md` resolves, the rest stays as written.
    let unsafe_html = selector & 4 != 0;
    let resolve = |path: &str| path.ends_with("x.md").then(|| "/notices/x/".to_string());
    let theme_ids = BTreeSet::new();
    let picture = |_: &str| None;
    let context = markdown::Context {
        dir,
        resolve: &resolve,
        picture: &picture,
        unsafe_html,
        taken_ids: &theme_ids,
    };
    // Between `<…>` a destination is taken as written, but for these.
    let verbatim = !url.contains(['<', '>', '\\', '&', '`', '\n', '\r']);
    let body = if verbatim {
        format!("a\n\n[l](<{url}>) ![i](<{url}>)\n")
    } else {
        format!("a\n\n[l]({url}) ![i]({url})\n")
    };
    let (rendered, problems) = markdown::render(&body, 10, &context);
    if verbatim {
        let written: Vec<(&str, usize, bool)> = rendered
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.image))
            .collect();
        assert_eq!(written, [(url, 12, false), (url, 12, true)], "{body:?}");
        let outside = problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::OutsideMedia { .. }));
        assert_eq!(
            outside,
            target.fetches_from_outside(),
            "{url:?}: {problems:?}"
        );
    }
    let last_line = 10 + body.matches('\n').count();
    for problem in &problems {
        assert!(
            (10..=last_line).contains(&problem.line),
            "{problem:?} of {body:?}"
        );
    }

    // relative_urls: a link of the site made relative to the page stays
    // inside the output folder, and only attributes change.
    let page = ["index.html", "notices/index.html", "notices/x/index.html"][selector as usize % 3];
    let html = relative::relative_links(&rendered.html, page, "").expect("rewritten");
    if !rendered.html.contains("=\"/") {
        assert_eq!(html, rendered.html);
    }
    if let Target::Here { .. } = target
        && let Some(relative) = relative::relative(&form, "")
    {
        let path = relative.split(['?', '#']).next().unwrap_or("");
        assert!(
            urls::join_content_path("", path).is_some(),
            "{url:?} made relative as {relative:?}, which climbs out of the output folder"
        );
    }
}

/// A Word document → the page `placard import` writes for it; see
/// `src/import/fuzz.rs` for how the bytes are read and what must hold.
pub fn docx(bytes: &[u8]) {
    crate::import::fuzz(bytes);
}

/// The first tag of `html` that could run script, if any. A small tag scanner
/// over the HTML pulldown-cmark writes (quoted attribute values, no comments
/// but ours).
pub fn script_in_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(at) = lower[i..].find('<') {
        let start = i + at + 1;
        i = start;
        let name_end = lower[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(lower.len(), |n| start + n);
        let name = &lower[start..name_end];
        if name.is_empty() {
            continue;
        }
        if matches!(
            name,
            "script" | "iframe" | "object" | "embed" | "base" | "style"
        ) {
            return Some(format!("<{name}> element"));
        }
        // Attributes up to the closing `>`.
        let mut j = name_end;
        loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' || bytes[j] == b'/' {
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !b" \t\n\r=>/".contains(&bytes[j]) {
                j += 1;
            }
            let attr = &lower[attr_start..j];
            let mut value = "";
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let value_start = j + 1;
                    let value_end = bytes[value_start..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(bytes.len(), |n| value_start + n);
                    value = &lower[value_start..value_end];
                    j = (value_end + 1).min(bytes.len());
                } else {
                    return Some(format!("unquoted value of `{attr}` in <{name}>"));
                }
            }
            if attr.starts_with("on") {
                return Some(format!("event handler `{attr}` on <{name}>"));
            }
            if matches!(attr, "href" | "src") {
                let url = value.trim_start();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme))
                {
                    return Some(format!("{attr}=\"{value}\" on <{name}>"));
                }
            }
        }
        i = j.max(start);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanner_finds_script() {
        assert!(script_in_html("<p>a <a href=\"/x\" title=\"on\">b</a></p>").is_none());
        assert!(script_in_html("<p><img src=\"x\" onerror=\"alert(1)\"></p>").is_some());
        assert!(script_in_html("<a href=\" JavaScript:alert(1)\">").is_some());
        assert!(script_in_html("<SCRIPT>alert(1)</SCRIPT>").is_some());
        assert!(script_in_html("<p>1 &lt; 2 <br /></p>").is_none());
    }
}
