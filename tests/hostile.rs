//! SPEC §7 under attack (issue 8), hostile content: what an author (or an
//! attacker with write access to content/) writes that would run script in
//! readers' browsers or break the page, and what the build makes of it. The
//! other attacks (encodings, limits, paths, crashes) are in hardening.rs.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::Duration;

use scraper::{ElementRef, Html};
use support::html::all;
use support::site::{
    add_to_config, assert_mentions, build_fails_keeping_output, build_ok, fixture, read, snapshot,
};
use support::write_files;

// ───────────────────────────── hostile content ─────────────────────────────

/// What the default theme runs: the scripts in its static/ folder (copied to
/// the output root), and the inline scripts and event handlers written in its
/// templates. Nothing else may run.
#[derive(Default)]
struct ThemeScripts {
    files: std::collections::BTreeMap<String, Vec<u8>>,
    inline: BTreeSet<String>,
    handlers: BTreeSet<(String, String)>,
}

impl ThemeScripts {
    fn of_default_theme() -> ThemeScripts {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut scripts = ThemeScripts::default();
        for entry in fs::read_dir(theme.join("static")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".js") {
                scripts.files.insert(name, fs::read(&path).unwrap());
            }
        }
        for entry in fs::read_dir(theme.join("templates")).unwrap() {
            let template =
                Html::parse_document(&fs::read_to_string(entry.unwrap().path()).unwrap());
            for element in template
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
            {
                if element.value().name() == "script" && element.value().attr("src").is_none() {
                    scripts
                        .inline
                        .insert(element.text().collect::<String>().trim().to_string());
                }
                for (attr, value) in element.value().attrs() {
                    if attr.starts_with("on") && !value.contains("{{") {
                        scripts
                            .handlers
                            .insert((attr.to_string(), value.to_string()));
                    }
                }
            }
        }
        scripts
    }

    /// `src` of a script in output file `page`: one of the theme's files at the
    /// output root, as the theme wrote it.
    fn is_theme_file(&self, out: &Path, page: &Path, src: &str) -> bool {
        let src = src.split(['?', '#']).next().unwrap_or("");
        if src.is_empty() || src.contains(':') {
            return false;
        }
        let mut parts: Vec<String> = if src.starts_with('/') {
            Vec::new()
        } else {
            page.parent()
                .into_iter()
                .flat_map(|p| p.iter())
                .map(|p| p.to_string_lossy().into_owned())
                .collect()
        };
        for part in src.split('/') {
            match part {
                "" | "." => {}
                // As in URLs: `..` at the root stays at the root.
                ".." => {
                    parts.pop();
                }
                other => parts.push(other.to_string()),
            }
        }
        let [name] = parts.as_slice() else {
            return false;
        };
        self.files
            .get(name)
            .is_some_and(|bytes| fs::read(out.join(name)).ok().as_ref() == Some(bytes))
    }
}

/// `javascript:`, `vbscript:` or `data:` as a browser reads a URL (it ignores
/// leading spaces and control characters, and tabs and newlines anywhere).
fn is_script_url(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| url.starts_with(s))
}

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcset",
    "cite",
    "ping",
];

/// Every way the HTML of output file `page` could run script that is not the theme's.
fn script_problems(doc: &Html, out: &Path, page: &Path, theme: &ThemeScripts) -> Vec<String> {
    let mut problems = Vec::new();
    for node in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let element = node.value();
        let name = element.name();
        match name {
            "script" => match element.attr("src") {
                Some(src) if theme.is_theme_file(out, page, src) => {}
                Some(src) => problems.push(format!("<script src={src:?}>")),
                None => {
                    let text = node.text().collect::<String>();
                    if !theme.inline.contains(text.trim()) {
                        problems.push(format!("inline <script>{text}</script>"));
                    }
                }
            },
            "iframe" | "frame" | "object" | "embed" | "applet" | "base" => {
                problems.push(format!("<{name}> element"));
            }
            "meta"
                if element
                    .attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh")) =>
            {
                let content = element.attr("content").unwrap_or("");
                let target = content.split_once('=').map_or("", |(_, url)| url);
                if is_script_url(target) {
                    problems.push(format!("<meta refresh {content:?}>"));
                }
            }
            _ => {}
        }
        for (attr, value) in element.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on")
                && !theme.handlers.contains(&(attr.clone(), value.to_string()))
            {
                problems.push(format!("<{name} {attr}={value:?}>"));
            }
            // An empty `data:,` icon (posters ask for no favicon) runs nothing.
            let empty_icon =
                name == "link" && element.attr("rel") == Some("icon") && value == "data:,";
            if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(value) && !empty_icon {
                problems.push(format!("<{name} {attr}={value:?}>"));
            }
            if attr == "style"
                && (value.contains("expression(")
                    || value.to_ascii_lowercase().contains("javascript:"))
            {
                problems.push(format!("<{name} style={value:?}>"));
            }
        }
    }
    problems
}

/// Unfolded iCalendar lines, checking the folding on the way (CRLF, ≤ 75 octets).
fn ics_lines(ics: &str, file: &Path) -> Vec<String> {
    assert!(
        ics.ends_with("\r\n"),
        "{}: lines end in CRLF",
        file.display()
    );
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(
            !physical.contains('\n') && !physical.contains('\r'),
            "{}: bare line break in {physical:?}",
            file.display()
        );
        assert!(
            physical.len() <= 75,
            "{}: line longer than 75 octets: {physical:?}",
            file.display()
        );
        match physical
            .strip_prefix(' ')
            .or_else(|| physical.strip_prefix('\t'))
        {
            Some(rest) => lines
                .last_mut()
                .expect("a folded line follows a line")
                .push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// Problems in an iCalendar file: text values must escape `\`, `;`, `,` and
/// line breaks, so no author value can start a property or an event of its own.
fn ics_problems(ics: &str, file: &Path, sessions: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let lines = ics_lines(ics, file);
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    if events != sessions {
        problems.push(format!("{events} events for {sessions} sessions"));
    }
    for line in &lines {
        let Some((name, value)) = line.split_once(':') else {
            problems.push(format!("line without a property name: {line:?}"));
            continue;
        };
        let name = name.split(';').next().unwrap_or(name);
        if !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("odd property name {name:?} in {line:?}"));
        }
        if matches!(
            name,
            "SUMMARY" | "LOCATION" | "DESCRIPTION" | "X-WR-CALNAME" | "X-WR-CALDESC" | "COMMENT"
        ) {
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if !matches!(chars.next(), Some('\\' | ';' | ',' | 'n' | 'N')) => {
                        problems.push(format!("bad escape in {line:?}"));
                    }
                    ';' | ',' => problems.push(format!("unescaped `{c}` in {line:?}")),
                    _ => {}
                }
            }
        }
    }
    problems
}

/// `__placardSearch.load("key", DATA);` where DATA must be plain JSON.
fn search_script_problem(js: &str) -> Option<String> {
    let Some(inner) = js
        .trim_end()
        .strip_prefix("__placardSearch.load(")
        .and_then(|r| r.strip_suffix(");"))
    else {
        return Some(format!(
            "not a search index call: {}",
            js.chars().take(80).collect::<String>()
        ));
    };
    match serde_json::from_str::<serde_json::Value>(&format!("[{inner}]")) {
        Ok(_) => None,
        Err(err) => Some(format!("arguments are not JSON ({err})")),
    }
}

#[test]
fn hostile_values_never_become_script() {
    let site = fixture("xss");
    let out = build_ok(site.path());
    let theme = ThemeScripts::of_default_theme();
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    let mut problems = Vec::new();
    for (path, bytes) in snapshot(&out) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = String::from_utf8_lossy(&bytes);
        let mut report = |what: String| problems.push(format!("{}: {what}", path.display()));
        match ext {
            "html" => {
                for problem in script_problems(&Html::parse_document(&text), &out, &path, &theme) {
                    report(problem);
                }
            }
            "xml" => match roxmltree::Document::parse(&text) {
                Err(err) => report(format!("not well-formed XML: {err}")),
                Ok(doc) => {
                    for node in doc.descendants().filter(|n| n.is_element()) {
                        for attr in node.attributes() {
                            if attr.name() == "href" && is_script_url(attr.value()) {
                                report(format!("href {:?}", attr.value()));
                            }
                        }
                        if node.has_tag_name("loc")
                            && !node
                                .text()
                                .unwrap_or("")
                                .starts_with("https://example.gov.cn/")
                        {
                            report(format!("sitemap <loc> {:?}", node.text()));
                        }
                        // Feed readers render `type="html"` content as HTML.
                        if node.attribute("type") == Some("html") {
                            let html = Html::parse_fragment(node.text().unwrap_or(""));
                            for problem in
                                script_problems(&html, &out, &path, &ThemeScripts::default())
                            {
                                report(format!("in feed HTML: {problem}"));
                            }
                        }
                    }
                }
            },
            "ics" => {
                for problem in ics_problems(&text, &path, 1) {
                    report(problem);
                }
            }
            "js" if theme.is_theme_file(&out, Path::new("index.html"), &path.to_string_lossy()) => {
            }
            "js" => {
                if let Some(problem) = search_script_problem(&text) {
                    report(problem);
                }
                *checked.entry("search index").or_default() += 1;
            }
            "json" => {
                if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                    report("not JSON".to_string());
                }
            }
            "css" | "txt" => {}
            // The mark of a placard build: the same text on every site.
            "" if path == Path::new(support::site::MARK) => {
                if !text.starts_with(support::site::MARK_FIRST_LINE) {
                    report("the mark holds something else".to_string());
                }
            }
            other => report(format!(
                "an output of type `{other}` that this test does not check yet"
            )),
        }
        *checked
            .entry(match ext {
                "js" => "js",
                "html" => "html",
                "xml" => "xml",
                "ics" => "ics",
                _ => "other",
            })
            .or_default() += 1;
    }
    assert!(
        problems.is_empty(),
        "script could run:\n{}",
        problems.join("\n")
    );
    assert!(
        checked["html"] >= 20
            && checked["xml"] >= 3
            && checked["ics"] >= 1
            && checked.get("search index").copied().unwrap_or(0) >= 6,
        "{checked:?}"
    );
}

#[test]
fn files_that_would_run_script_are_not_published() {
    let site = fixture("good");
    write_files(
        site.path(),
        &[
            (
                "content/notices/enrolment/form.html",
                "<script>alert(1)</script>",
            ),
            ("content/notices/enrolment/helper.js", "alert(1)"),
            (
                "content/chart.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            ),
            (
                "content/logo.svg",
                "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            ),
            (
                "content/plain.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"10\" fill=\"red\"/><text>onward</text></svg>",
            ),
        ],
    );
    let message = build_fails_keeping_output(
        site.path(),
        &[
            "could run script in readers' browsers",
            "markdown.unsafe_html",
        ],
    );
    for file in [
        "content/notices/enrolment/form.html",
        "content/notices/enrolment/helper.js",
        "content/chart.svg:1",
        "content/logo.svg:1",
    ] {
        assert_mentions(&message, &[&format!("--> {file}\n")]);
    }
    assert!(
        !message.contains("plain.svg"),
        "a plain SVG is fine:\n{message}"
    );

    // A site whose authors are all trusted may publish them.
    add_to_config(site.path(), "markdown:\n  unsafe_html: true\n");
    let out = build_ok(site.path());
    assert!(out.join("notices/enrolment/form.html").is_file());
    assert!(out.join("chart.svg").is_file() && out.join("plain.svg").is_file());
}

/// SVG images as drawing programs save them (Illustrator's DOCTYPE with
/// entities, Inkscape's namespaces and an animation, links inside the image and
/// to pages, UTF-16 and GBK) are not taken for script.
#[test]
fn plain_svg_images_are_published_as_they_are() {
    let site = fixture("svg-plain");
    let out = build_ok(site.path());
    let images = site.path().join("content/images");
    let mut published = 0;
    for entry in fs::read_dir(&images).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            fs::read(out.join("images").join(&name)).ok(),
            Some(fs::read(images.join(&name)).unwrap()),
            "{name:?} is published byte for byte"
        );
        published += 1;
    }
    assert_eq!(published, 6);
}

/// The SVG fixtures that `tests/invalid.rs` shows refused are real attacks:
/// served as a static host serves them and opened in Chromium, each runs its
/// script on the site's origin (on load, or on a click where noted). Others
/// there (an upper-case `ONCLICK`, a prefix bound to another namespace) run
/// in no browser we know and are refused to be safe.
#[test]
fn refused_svg_fixtures_run_script_when_opened_in_a_browser() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let host = support::StaticServer::serve(&cases);
    let browser = support::Browser::launch();
    for (svg, click) in [
        ("svg-namespaced-script/content/notices/chart.svg", None),
        ("svg-namespaced-script/content/diagram.svg", None),
        ("svg-utf16-script/content/map.svg", None),
        ("svg-utf16-script/content/map-without-bom.svg", None),
        ("svg-utf16-script/content/map-said-utf16.svg", None),
        ("svg-encodings/content/iso-2022-jp-script.svg", None),
        ("svg-event-handlers/content/onload.svg", None),
        ("svg-event-handlers/content/xhtml-image.svg", None),
        ("svg-dtd-tricks/content/default-attribute.svg", None),
        ("svg-dtd-tricks/content/entity-markup.svg", None),
        ("svg-script-urls/content/javascript.svg", Some("circle")),
        ("svg-script-urls/content/entity.svg", Some("circle")),
    ] {
        browser.goto(&host.url(svg));
        if let Some(css) = click {
            browser.click(css);
        }
        browser.wait_until(
            "document.documentElement.getAttribute('data-ran') === 'yes'",
            Duration::from_secs(5),
        );
    }
}

#[test]
fn hostile_values_are_shown_as_text() {
    let site = fixture("xss");
    let out = build_ok(site.path());
    let notice_dir = "notices/'onmouseover='alert(1)";
    let notice = Html::parse_document(&read(&out, &format!("{notice_dir}/index.html")));
    let page_text: String = notice.root_element().text().collect();
    for shown in [
        "通知标题<script>alert(1)</script>\"onmouseover=\"alert(1)'onfocus='alert(1)]]>javascript:alert(1)",
        "发文机关<script>alert(1)</script>\"onmouseover=\"alert(1)]]>",
        "文号<script>alert(1)</script>\"onmouseover=\"alert(1)]]>",
        "联系人<script>alert(1)</script>\"onmouseover=\"alert(1)",
        "地址<script>alert(1)</script>]]>",
        "附件标题<script>alert(1)</script>\"onmouseover=\"alert(1)]]>javascript:alert(1)",
        "标签<script>alert(1)</script>",
    ] {
        assert!(page_text.contains(shown), "`{shown}` is not shown as text");
    }
    let title: String = all(&notice, "title")[0].text().collect();
    assert!(
        title.contains("通知标题<script>alert(1)</script>"),
        "{title}"
    );
    let description = all(&notice, "meta[name=description]")[0]
        .value()
        .attr("content")
        .unwrap();
    assert!(
        description.contains("\"onmouseover=\"alert(1)]]></textarea><img src=x onerror=alert(1)>")
    );
    // Markdown: script links lead nowhere, raw HTML is gone, heading attributes
    // keep only id and class.
    let prose = all(&notice, ".prose a");
    assert!(
        prose
            .iter()
            .any(|a| a.text().collect::<String>() == "脚本链接"
                && a.value().attr("href") == Some("#"))
    );
    let heading = all(&notice, ".prose h2")[0];
    assert_eq!(
        heading
            .value()
            .attrs()
            .map(|(k, _)| k)
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["id", "class"])
    );

    let poster = Html::parse_document(&read(&out, &format!("{notice_dir}/poster/index.html")));
    let poster_text: String = poster.root_element().text().collect();
    assert!(poster_text.contains("标语<script>alert(1)</script>\"onmouseover=\"alert(1)]]>"));

    let training: String = Html::parse_document(&read(&out, "trainings/hostile-course/index.html"))
        .root_element()
        .text()
        .collect();
    assert!(
        training.contains("教室<script>alert(1)</script>"),
        "session venue shown"
    );
    assert!(
        training.contains("讲师<script>alert(1)</script>\"onmouseover=\"alert(1)"),
        "instructor shown"
    );

    let ics_path = out.join("trainings/hostile-course/schedule.ics");
    let lines = ics_lines(&fs::read_to_string(&ics_path).unwrap(), &ics_path);
    let location = lines
        .iter()
        .find(|l| l.starts_with("LOCATION"))
        .expect("LOCATION");
    assert!(
        location.ends_with("教室<script>alert(1)</script>\\nEND:VEVENT\\nBEGIN:VEVENT\\nDTSTART:20990101T000000Z\\nSUMMARY:injected"),
        "the venue is one escaped value: {location}"
    );

    let feed = read(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("通知标题<script>alert(1)</script>\"onmouseover=")),
        "{titles:?}"
    );
}
