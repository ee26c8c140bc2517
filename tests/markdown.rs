//! What authors write in Markdown, as readers get it in the built site: links
//! made relative only where they are links, and heading ids that no other
//! element of the page has.

mod support;

use std::collections::BTreeMap;

use support::html::{all, attr, html, one, text};
use support::site::{build_ok, placard, stderr};
use support::*;

const CONFIG: &str = "title: 测试站点\nbase_url: https://example.gov.cn\ndefault_language: zh\nlanguages:\n  zh: { name: 中文, title: 测试站点 }\ntimezone: Asia/Shanghai\n";

#[test]
fn relative_urls_rewrites_links_not_text_that_reads_like_one() {
    let site = tempdir();
    let config = format!("{CONFIG}relative_urls: true\n");
    write_files(
        site.path(),
        &[
            ("placard.yaml", &config),
            ("content/_index.md", "---\ntitle: 首页\n---\n"),
            ("content/notices/_index.md", "---\ntitle: 通知公告\n---\n"),
            (
                "content/notices/links.md",
                concat!(
                    "---\ntitle: 链接写法\ndate: 2024-03-01\n---\n\n",
                    "在模板里写 href=\"/notices/\" 即可链接到通知栏目。\n\n",
                    "图片写成 `<img src=\"/logo.png\">`。\n\n",
                    "```html\n<a href=\"/plans/\">工作计划</a>\n```\n\n",
                    "[通知公告](/notices/)\n",
                ),
            ),
        ],
    );
    let out = build_ok(site.path());
    let doc = html(&out, "notices/links/index.html");
    let paragraphs: Vec<String> = all(&doc, "main p").into_iter().map(text).collect();
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "在模板里写 href=\"/notices/\" 即可链接到通知栏目。"),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "图片写成 <img src=\"/logo.png\">。"),
        "{paragraphs:?}"
    );
    let code = text(one(&doc, "main pre code"));
    assert_eq!(code, "<a href=\"/plans/\">工作计划</a>");
    // The link itself is made relative to the page's file.
    let links: Vec<String> = all(&doc, "main p a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(links, ["../../notices/index.html"]);
}

#[test]
fn heading_ids_are_unique_on_the_built_page_theme_ids_included() {
    let site = tempdir();
    write_files(
        site.path(),
        &[
            ("placard.yaml", CONFIG),
            ("content/_index.md", "---\ntitle: 首页\n---\n"),
            (
                "content/plans/_index.md",
                concat!(
                    "---\ntitle: 工作计划\n---\n\n",
                    "## Section pages\n\n本栏目的计划如下。\n\n",
                    "## Main\n\n## Main\n",
                ),
            ),
            (
                "content/plans/2023.md",
                "---\ntitle: 2023年工作要点\ndate: 2023-01-10\nperiod: { start: 2023-01-01, end: 2023-12-31 }\nstatus: completed\n---\n\n## Section pages\n",
            ),
            (
                "content/plans/2024.md",
                concat!(
                    "---\ntitle: 2024年工作要点\ndate: 2024-01-10\nperiod: { start: 2024-01-01, end: 2024-12-31 }\nstatus: in_force\n---\n\n",
                    "## Main\n\n要点[^main]。\n\n",
                    "## 目录 {#toc-title}\n\n",
                    "## 1\n\n",
                    "[^main]: 注释。\n",
                ),
            ),
        ],
    );
    let run = placard(&["build", "--root", site.path().to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = site.path().join("output");
    // The heading that asked for the theme's id by name is told so, at its line.
    let printed = stderr(&run);
    assert!(
        printed.contains(concat!(
            "warning: heading id `toc-title` is already used by an element of the theme's page layout; this heading gets `toc-title-1`\n",
            "  --> content/plans/2024.md:12\n",
            "  = hint: choose an id nothing else on the page has, e.g. {#toc-title-1}: a link to `#toc-title` does not reach this heading\n",
        )),
        "{printed}"
    );
    for page in ["plans/index.html", "plans/2024/index.html"] {
        let doc = html(&out, page);
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        for element in all(&doc, "[id]") {
            *ids.entry(element.value().attr("id").unwrap_or_default().to_string())
                .or_default() += 1;
        }
        let twice: Vec<&String> = ids
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(id, _)| id)
            .collect();
        assert!(twice.is_empty(), "{page}: ids given twice: {twice:?}");
        // The skip link and the plan filter still find the theme's elements.
        assert_eq!(one(&doc, "#main").value().name(), "main", "{page}");
    }
    let list = html(&out, "plans/index.html");
    assert_eq!(one(&list, "#section-pages").value().name(), "div");
    assert_eq!(
        attr(&list, "form[data-list-filter]", "data-list-filter").as_deref(),
        Some("section-pages")
    );
    let headings: Vec<String> = all(&list, "main h2[id]")
        .into_iter()
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect();
    assert!(
        headings.contains(&"section-pages-1".to_string()),
        "{headings:?}"
    );
    assert!(headings.contains(&"main-1".to_string()), "{headings:?}");
    assert!(headings.contains(&"main-2".to_string()), "{headings:?}");
    // A footnote labelled like the theme's element gets an id of its own, and
    // its reference leads to it.
    let page = html(&out, "plans/2024/index.html");
    let reference = attr(&page, "sup.footnote-reference a", "href").expect("a footnote reference");
    let definition = attr(&page, ".footnote-definition", "id").expect("a footnote definition");
    assert_eq!(reference, format!("#{definition}"));
    assert_ne!(definition, "main");
}
