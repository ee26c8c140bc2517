//! `placard build` on fixture sites: what a reader of the output sees (SPEC §4),
//! and what an author sees when the input is wrong (SPEC §7).

mod support;

use std::fs;

use support::html::{Html, all, attr, html, text};
use support::site::{build_ok, fixture, placard, read, snapshot, stderr};

/// The whole text of a document.
fn doc_text(doc: &Html) -> String {
    doc.root_element().text().collect::<Vec<_>>().join("")
}

#[test]
fn good_site_writes_every_spec_path() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for path in [
        "index.html",
        "en/index.html",
        "notices/index.html",
        "en/notices/index.html",
        "notices/enrolment/index.html",
        "en/notices/enrolment/index.html",
        "notices/enrolment/报名表.txt",
        "plans/untranslated-plan/index.html",
        "trainings/technician-course/index.html",
        "en/trainings/technician-course/index.html",
        "about/index.html",
        "en/about/index.html",
        "tags/index.html",
        "tags/培训/index.html",
        "en/tags/training/index.html",
        "atom.xml",
        "en/atom.xml",
        "sitemap.xml",
        "404.html",
        "style.css",
        "syntax.css",
    ] {
        assert!(out.join(path).is_file(), "missing output/{path}");
    }
    assert!(
        !out.join("en/plans/untranslated-plan").exists(),
        "an untranslated page has no English version"
    );
    assert_eq!(
        fs::read(out.join("notices/enrolment/报名表.txt")).unwrap(),
        fs::read(site.path().join("content/notices/enrolment/报名表.txt")).unwrap(),
        "bundle files are copied beside the page"
    );
}

#[test]
fn pages_carry_language_switcher_and_hreflang() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let zh = html(&out, "notices/enrolment/index.html");
    assert!(attr(&zh, "html", "lang").unwrap().starts_with("zh"));
    let en = html(&out, "en/notices/enrolment/index.html");
    assert_eq!(attr(&en, "html", "lang").as_deref(), Some("en"));

    let alternates: Vec<(String, String)> = all(&zh, "link[rel=alternate][hreflang]")
        .iter()
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        alternates.contains(&(
            "zh".into(),
            "https://example.gov.cn/notices/enrolment/".into()
        )),
        "{alternates:?}"
    );
    assert!(
        alternates.contains(&(
            "en".into(),
            "https://example.gov.cn/en/notices/enrolment/".into()
        )),
        "{alternates:?}"
    );

    // The switcher on the Chinese page goes to the English translation.
    let switch_targets: Vec<String> = all(&zh, "a[hreflang=en]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        switch_targets.contains(&"/en/notices/enrolment/".to_string()),
        "{switch_targets:?}"
    );

    // A page with no translation: switcher to the English section, with a note.
    let lonely = html(&out, "plans/untranslated-plan/index.html");
    let targets: Vec<String> = all(&lonely, "a[hreflang=en]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(targets.contains(&"/en/plans/".to_string()), "{targets:?}");
    assert!(
        doc_text(&lonely).contains("暂无英文版")
            || doc_text(&lonely).contains("Not translated yet")
    );
    assert!(
        all(&lonely, "link[hreflang=en]").is_empty(),
        "no hreflang to a page that does not exist"
    );
}

#[test]
fn dates_are_shown_per_language() {
    let site = fixture("good");
    let out = build_ok(site.path());
    assert!(doc_text(&html(&out, "notices/enrolment/index.html")).contains("2024年3月1日"));
    assert!(doc_text(&html(&out, "en/notices/enrolment/index.html")).contains("1 March 2024"));
}

#[test]
fn front_matter_is_escaped_and_raw_html_stripped() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for (path, bytes) in snapshot(&out) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        assert!(
            !text.contains("<script>alert(1)"),
            "unescaped title in {}",
            path.display()
        );
        assert!(
            !text.contains("<b>加粗"),
            "unescaped tag in {}",
            path.display()
        );
        assert!(
            !text.contains("<script>alert(\"raw\")"),
            "raw script kept in {}",
            path.display()
        );
    }
    let hostile = html(&out, "hostile/index.html");
    let h1 = all(&hostile, "h1")
        .first()
        .map(|h| h.text().collect::<String>())
        .unwrap_or_default();
    assert!(
        h1.contains("<script>alert(1)</script>标题"),
        "title shown as text: {h1}"
    );
    let about = read(&out, "about/index.html");
    assert!(
        !about.contains("class=\"raw-html\""),
        "raw HTML block stripped by default"
    );
}

#[test]
fn unsafe_html_keeps_raw_html_when_the_site_allows_it() {
    let site = fixture("good");
    let config = site.path().join("placard.yaml");
    let mut yaml = fs::read_to_string(&config).unwrap();
    yaml.push_str("\nmarkdown:\n  unsafe_html: true\n");
    fs::write(&config, yaml).unwrap();
    let out = build_ok(site.path());
    assert!(read(&out, "about/index.html").contains("<div class=\"raw-html\">"));
}

#[test]
fn markdown_links_code_and_extensions() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let zh = html(&out, "notices/enrolment/index.html");
    let hrefs: Vec<&str> = all(&zh, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/trainings/technician-course/"),
        "zh link goes to the zh page: {hrefs:?}"
    );
    let en = html(&out, "en/notices/enrolment/index.html");
    let hrefs: Vec<&str> = all(&en, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/en/trainings/technician-course/"),
        "en link goes to the en page: {hrefs:?}"
    );

    let about = html(&out, "about/index.html");
    let code = all(&about, "pre.hl-code");
    assert_eq!(code.len(), 1, "one highlighted block");
    let inner = code[0].html();
    assert!(inner.contains("class=\"hl-"), "{inner}");
    assert!(!inner.contains("style="), "no inline colours: {inner}");
    assert!(
        read(&out, "syntax.css").contains(".hl-"),
        "syntax.css styles the classes"
    );
    assert!(!all(&about, "table").is_empty(), "tables");
    assert!(!all(&about, "del").is_empty(), "strikethrough");
    assert!(
        !all(&about, "input[type=checkbox]").is_empty(),
        "task lists"
    );
    assert!(
        !all(&about, ".footnote-definition, sup.footnote-reference").is_empty(),
        "footnotes"
    );
    assert!(
        !all(&about, "h2[id=机构职能]").is_empty(),
        "Chinese heading anchors"
    );
}

#[test]
fn sitemap_and_feeds_are_valid_xml() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.gov.cn/notices/enrolment/"));
    assert!(locs.contains(&"https://example.gov.cn/en/notices/enrolment/"));
    let xhtml = "http://www.w3.org/1999/xhtml";
    let enrolment = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.children()
                    .any(|c| c.text() == Some("https://example.gov.cn/notices/enrolment/"))
        })
        .unwrap();
    let hreflangs: Vec<&str> = enrolment
        .children()
        .filter(|c| c.has_tag_name((xhtml, "link")))
        .filter_map(|c| c.attribute("hreflang"))
        .collect();
    let mut hreflangs = hreflangs;
    hreflangs.sort();
    assert_eq!(
        hreflangs,
        ["en", "zh"],
        "both languages listed as alternates"
    );

    for (feed, lang) in [("atom.xml", "zh"), ("en/atom.xml", "en")] {
        let xml = read(&out, feed);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let atom = "http://www.w3.org/2005/Atom";
        assert!(doc.root_element().has_tag_name((atom, "feed")));
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .collect();
        let expected = if lang == "zh" { 6 } else { 5 };
        assert_eq!(
            entries.len(),
            expected,
            "{feed}: dated pages of the language"
        );
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name((atom, "title"))
                    && n.parent().is_some_and(|p| p.has_tag_name((atom, "entry")))
            })
            .filter_map(|n| n.text())
            .collect();
        assert!(!titles.is_empty());
    }
}

/// A feed reader shows an entry's whole text, as its page does: the build writes
/// each page as its Markdown is rendered and drops the HTML of the others, and
/// keeps it for the feed's.
#[test]
fn each_feed_entry_holds_the_body_of_its_page() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for feed in ["atom.xml", "en/atom.xml"] {
        let xml = read(&out, feed);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let atom = "http://www.w3.org/2005/Atom";
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .collect();
        assert!(!entries.is_empty(), "{feed}: entries");
        for entry in entries {
            let child = |name: &str| {
                entry
                    .children()
                    .find(|c| c.has_tag_name((atom, name)))
                    .unwrap_or_else(|| panic!("{feed}: an entry without {name}"))
            };
            let link = child("link").attribute("href").expect("href");
            let path = link
                .strip_prefix("https://example.gov.cn/")
                .unwrap_or_else(|| panic!("{feed}: {link} is not the site's"));
            let content = child("content").text().unwrap_or("");
            assert!(
                content.contains("<p>"),
                "{feed}: the entry of {link} has no body: {content:?}"
            );
            let page = read(&out, &format!("{path}index.html"));
            assert!(
                page.contains(content),
                "{feed}: the entry of {link} is not its page's body:\n{content}"
            );
        }
    }
}

// Broken sites (a YAML error, a missing title, an impossible date, two pages
// at one URL, a slug or an attachment that would leave its folder, a template
// that does not parse, errors of every stage together) are cases of the table
// in tests/invalid.rs, their whole stderr compared and the previous output
// checked untouched.

#[test]
fn dangerous_output_folders_are_refused() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    let content = site.path().join("content");
    let before = snapshot(site.path());
    for output in [
        "/",
        root,
        content.to_str().unwrap(),
        site.path().parent().unwrap().to_str().unwrap(),
    ] {
        let run = placard(&["build", "--root", root, "--output", output]);
        assert_eq!(run.status.code(), Some(1), "--output {output}");
        assert!(stderr(&run).contains("refusing to use"), "{}", stderr(&run));
    }
    assert_eq!(
        snapshot(site.path()),
        before,
        "nothing in the site was touched"
    );
}

#[test]
fn a_space_in_a_page_file_name_is_a_hyphen_in_its_url() {
    let site = fixture("good");
    support::write_files(
        site.path(),
        &[
            (
                "content/notices/春季 活动.md",
                "---\ntitle: 春季活动\ndate: 2024-03-01\n---\n见[冬季安排](冬季　安排/index.md)。\n",
            ),
            (
                "content/notices/冬季　安排/index.md",
                "---\ntitle: 冬季安排\ndate: 2024-03-02\nattachments: [ { file: 报名表.txt, title: 报名表 } ]\n---\n见[春季活动](<../春季 活动.md>)。\n",
            ),
            ("content/notices/冬季　安排/报名表.txt", "表\n"),
        ],
    );
    let out = build_ok(site.path());
    assert!(out.join("notices/春季-活动/index.html").is_file());
    assert!(!out.join("notices/春季 活动").exists());
    assert_eq!(read(&out, "notices/冬季-安排/报名表.txt"), "表\n");
    // Links in a page's Markdown are percent-encoded, as a browser sends them; the lists' are not.
    let points_to = |href: &str, path: &str| {
        let encoded = url::Url::parse("http://host/").unwrap().join(path).unwrap();
        href.ends_with(path) || href.ends_with(encoded.path())
    };
    let links = |page: &str| -> Vec<String> {
        let doc = html(&out, page);
        all(&doc, "main a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    assert!(
        links("notices/春季-活动/index.html")
            .iter()
            .any(|href| points_to(href, "notices/冬季-安排/")),
        "{:?}",
        links("notices/春季-活动/index.html")
    );
    assert!(
        links("notices/冬季-安排/index.html")
            .iter()
            .any(|href| points_to(href, "notices/春季-活动/")),
        "{:?}",
        links("notices/冬季-安排/index.html")
    );
    assert!(
        links("notices/index.html")
            .iter()
            .any(|href| points_to(href, "notices/春季-活动/")),
        "{:?}",
        links("notices/index.html")
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(placard(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(placard(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = support::tempdir();
    let root = dir.path().join("site");
    let run = placard(&["init", root.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    // The theme compiled into placard, not a copy that a newer placard
    // would not update.
    assert!(!root.join("themes").exists());
    let out = build_ok(&root);
    assert!(out.join("index.html").is_file() && out.join("en/index.html").is_file());
    // The menu and the headings read as words in each language, not folder names.
    for (home, menu) in [
        ("index.html", ["通知公告", "工作计划", "培训信息"]),
        ("en/index.html", ["Notices", "Plans", "Training"]),
    ] {
        let doc = html(&out, home);
        let items: Vec<String> = all(&doc, ".site-nav a").iter().map(|a| text(*a)).collect();
        for title in menu {
            assert!(items.iter().any(|i| i == title), "{home}: {items:?}");
        }
    }
    assert_eq!(
        text(all(&html(&out, "notices/index.html"), "h1")[0]),
        "通知公告"
    );
    assert_eq!(
        text(all(&html(&out, "en/trainings/index.html"), "h1")[0]),
        "Training"
    );
    assert_eq!(
        text(all(&html(&out, "about/index.html"), "h1")[0]),
        "关于本站"
    );
    assert_eq!(
        text(all(&html(&out, "en/about/index.html"), "h1")[0]),
        "About"
    );
    // And `check` has nothing to say about a new site.
    let run = placard(&["check", "--root", root.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("警告"), "{}", stderr(&run));
    // A second init into the same folder is refused.
    assert_eq!(
        placard(&["init", root.to_str().unwrap()]).status.code(),
        Some(1)
    );
}

#[test]
fn init_with_theme_writes_the_default_theme_to_change_and_the_site_uses_it() {
    let dir = support::tempdir();
    let root = dir.path().join("site");
    let run = placard(&["init", root.to_str().unwrap(), "--theme"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let base = root.join("themes/default/templates/base.html");
    assert!(base.is_file());
    // A change to the copy shows in what is built.
    let changed =
        fs::read_to_string(&base)
            .unwrap()
            .replacen("<body", "<body data-changed-theme=\"yes\"", 1);
    fs::write(&base, changed).unwrap();
    let out = build_ok(&root);
    assert_eq!(
        attr(&html(&out, "index.html"), "body", "data-changed-theme").as_deref(),
        Some("yes")
    );
}

#[test]
fn the_sites_static_folder_is_copied_to_the_output_root() {
    let site = fixture("good");
    support::write_files(
        site.path(),
        &[
            ("static/robots.txt", "User-agent: *\n"),
            ("static/img/logo.svg", "<svg/>"),
        ],
    );
    let out = build_ok(site.path());
    assert_eq!(read(&out, "robots.txt"), "User-agent: *\n");
    assert_eq!(read(&out, "img/logo.svg"), "<svg/>");
}
