use super::raw_html::{RawTag, raw_tags};
use super::*;

#[test]
fn raw_images_without_an_alt_attribute_are_found() {
    let html = "<p><img src='d.png'/> 文字 <img src=\"e.png\" alt></p>\n\
                    <IMG SRC=f.png ALT=\"x\"><img alt=\"\" src=\"g.png\">\n\
                    <img src=\"h.png\" title=\"alt=\"><imgx src=i.png><img\nsrc=\"j.png\">";
    let tags = raw_tags(html);
    let found: Vec<&str> = tags.iter().filter_map(RawTag::image_without_alt).collect();
    assert_eq!(found, ["d.png", "h.png", "j.png"]);
}

#[test]
fn raw_images_without_alt_are_problems_at_their_line_only_with_unsafe_html() {
    let body = "Text.\n\n<div>\n<p>说明</p>\n<img src=\"x.png\">\n</div>\n\nMore <img src=\"y.png\"> inline.\n";
    let (_, problems) = render_simple(body, true);
    let raw: Vec<(usize, &ProblemKind)> = problems.iter().map(|p| (p.line, &p.kind)).collect();
    assert_eq!(
        raw,
        [
            (
                9,
                &ProblemKind::RawImageWithoutAlt {
                    src: "x.png".into()
                }
            ),
            (
                12,
                &ProblemKind::RawImageWithoutAlt {
                    src: "y.png".into()
                }
            ),
        ]
    );
    // Without unsafe_html the HTML is dropped, so there is nothing to check.
    let (_, problems) = render_simple(body, false);
    assert!(problems.is_empty(), "{problems:?}");
}

proptest::proptest! {
    #[test]
    fn looking_for_images_in_any_html_does_not_panic(html in "(<img|<IMG| |=|\"|'|>|/|alt|src|a|中|\n)*") {
        for tag in raw_tags(&html) {
            proptest::prop_assert!(html[tag.at..].starts_with('<'));
            proptest::prop_assert!(html[tag.at + 1..].to_ascii_lowercase().starts_with(&tag.name));
        }
    }
}

fn render_simple(body: &str, unsafe_html: bool) -> (Rendered, Vec<Problem>) {
    render_with_theme(body, unsafe_html, &[])
}

/// `body` rendered in a page whose theme has elements with `theme_ids`.
fn render_with_theme(
    body: &str,
    unsafe_html: bool,
    theme_ids: &[&str],
) -> (Rendered, Vec<Problem>) {
    let resolve = |path: &str| (path == "notices/x.md").then(|| "/notices/x/".to_string());
    let picture = |src: &str| (src == "photo.jpg").then(photo_shown);
    let taken_ids = theme_ids.iter().map(|id| id.to_string()).collect();
    render(
        body,
        5,
        &Context {
            dir: "plans",
            resolve: &resolve,
            picture: &picture,
            unsafe_html,
            taken_ids: &taken_ids,
        },
    )
}

#[test]
fn chinese_headings_get_anchors_and_toc() {
    let (r, _) = render_simple("## 机构职能\n\n## 机构职能\n\n### Contact Us!\n", false);
    assert!(r.html.contains("<h2 id=\"机构职能\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"机构职能-1\">"));
    assert_eq!(r.toc[2].id, "contact-us");
}

#[test]
fn md_links_are_rewritten_and_broken_ones_reported_with_line() {
    let (r, broken) = render_simple(
        "a\n\n[x](../notices/x.md#top) [y](../notices/missing.md)\n",
        false,
    );
    assert!(r.html.contains("href=\"/notices/x/#top\""), "{}", r.html);
    assert_eq!(
        broken,
        vec![Problem {
            line: 7,
            kind: ProblemKind::BrokenLink {
                target: "../notices/missing.md".into()
            }
        }]
    );
}

#[test]
fn raw_html_and_script_urls_are_dropped_by_default() {
    let (r, _) = render_simple(
        "<script>alert(1)</script>\n\n[a](javascript:alert(1)) <b>x</b>\n",
        false,
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("<b>"));
    assert!(!r.html.contains("javascript:"));
    let (r, _) = render_simple("## Heading {#h .c onclick=alert(1)}\n", false);
    assert!(
        r.html.starts_with("<h2 id=\"h\" class=\"c\">"),
        "{}",
        r.html
    );
    let (r, _) = render_simple("<b>x</b>\n", true);
    assert!(r.html.contains("<b>x</b>"));
}

#[test]
fn images_without_alt_text_are_problems_with_their_line() {
    let (r, problems) = render_simple(
        "![县服务站](a.jpg)\n\n![](b.png) and ![ ](c.png)\n\n![`code` alt](d.png)\n",
        false,
    );
    assert!(r.html.contains("alt=\"县服务站\""), "{}", r.html);
    let missing = |src: &str, line| Problem {
        line,
        kind: ProblemKind::MissingAlt { src: src.into() },
    };
    assert_eq!(problems, vec![missing("b.png", 7), missing("c.png", 7)]);
}

#[test]
fn task_list_boxes_are_labelled_by_their_text() {
    let (r, _) = render_simple("- [x] 完成**报名**\n  - [ ] 子项\n- [ ] 待办\n", false);
    assert!(
            r.html.contains(
                "<label class=\"task\"><input type=\"checkbox\" disabled checked> 完成<strong>报名</strong></label>"
            ),
            "{}",
            r.html
        );
    assert!(
        r.html
            .contains("<input type=\"checkbox\" disabled> 子项</label>"),
        "{}",
        r.html
    );
    assert_eq!(r.html.matches("<label").count(), 3);
    assert_eq!(r.html.matches("</label>").count(), 3);
    // a loose list: the box sits in the paragraph, the label ends with it
    let (r, _) = render_simple("- [x] 一\n\n  第二段\n\n- [ ] 二\n", false);
    assert!(
        r.html.contains("disabled checked> 一</label></p>"),
        "{}",
        r.html
    );
}

#[test]
fn tables_scroll_in_a_box_named_by_the_heading_above_or_the_column_headers() {
    let table = "| 部门 | 职责 |\n|---|---|\n| 办公室 | 综合 |\n";
    let (r, _) = render_simple(&format!("## 机构职能\n\n{table}\n{table}"), false);
    assert!(
            r.html.contains(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"机构职能\">\n<table>"
            ),
            "{}",
            r.html
        );
    assert!(
            r.html.contains(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"部门 / 职责\">\n<table>"
            ),
            "{}",
            r.html
        );
    assert_eq!(r.html.matches("</table>\n</div>").count(), 2, "{}", r.html);
    let (r, _) = render_simple("|  |  |\n|---|---|\n| a | b |\n", false);
    assert!(
        r.html.contains("<div class=\"table-wrap\" tabindex=\"0\">"),
        "{}",
        r.html
    );
}

#[test]
fn code_is_highlighted_with_classes_only() {
    let (r, _) = render_simple("```rust\nfn main() {}\n```\n", false);
    assert!(r.html.contains("class=\"hl-"), "{}", r.html);
    assert!(!r.html.contains("style="));
}

#[test]
fn a_link_with_a_percent_before_a_chinese_character_is_broken_not_a_panic() {
    let (r, problems) = render_simple("[通知](%中.md) [x](../notices/%78.md)\n", false);
    assert_eq!(
        problems,
        [Problem {
            line: 5,
            kind: ProblemKind::BrokenLink {
                target: "%中.md".into()
            }
        }]
    );
    // `%78` is `x`: the second link resolves.
    assert!(r.html.contains("href=\"/notices/x/\""), "{}", r.html);
}

#[test]
fn links_and_images_are_recorded_as_written_with_their_lines() {
    let body = "# 标题\n\n[a](../notices/x.md#top) and\n![图](map.png)\n\n> - [b](https://example.org/)\n\n[ref]: /y/\n\n[c][ref]\n";
    let (r, _) = render_simple(body, false);
    let links: Vec<(&str, usize, bool)> = r
        .links
        .iter()
        .map(|l| (l.url.as_str(), l.line, l.image))
        .collect();
    assert_eq!(
        links,
        [
            ("../notices/x.md#top", 7, false),
            ("map.png", 8, true),
            ("https://example.org/", 10, false),
            ("/y/", 14, false),
        ]
    );
}

#[test]
fn identical_headings_get_the_next_free_suffix() {
    let body = "## 通知\n\n".repeat(4) + "## 通知 1\n\n## 通知\n";
    let (r, problems) = render_simple(&body, false);
    assert_eq!(
        r.anchors,
        ["通知", "通知-1", "通知-2", "通知-3", "通知-1-1", "通知-4"]
    );
    assert!(problems.is_empty(), "{problems:?}");
    // A suffix written by hand is skipped, not given twice.
    let (r, _) = render_simple("## a {#a-2}\n\n## a\n\n## a\n\n## a\n", false);
    assert_eq!(r.anchors, ["a-2", "a", "a-1", "a-3"]);
}

#[test]
fn headings_never_take_an_id_of_the_theme() {
    let (r, problems) = render_with_theme(
        "## Main\n\n## Section pages\n\n## 目录 {#main}\n",
        false,
        &["main", "section-pages", "main-1"],
    );
    assert_eq!(r.anchors, ["main-2", "section-pages-1", "main-3"]);
    assert!(r.html.contains("<h2 id=\"main-2\">Main</h2>"), "{}", r.html);
    // Only the id written by hand is a warning: it no longer does what its author meant.
    assert_eq!(
        problems,
        [Problem {
            line: 9,
            kind: ProblemKind::TakenId {
                wanted: "main".into(),
                given: "main-3".into(),
                by: IdOwner::Theme,
            }
        }]
    );
    let diagnostic = problems[0]
        .clone()
        .into_diagnostic(Path::new("content/a.md"), Severity::Error);
    assert_eq!(
        diagnostic.to_string(),
        "warning: heading id `main` is already used by an element of the theme's page layout; this heading gets `main-3`\n  --> content/a.md:9\n  = hint: choose an id nothing else on the page has, e.g. {#main-3}: a link to `#main` does not reach this heading\n"
    );
}

#[test]
fn an_explicit_id_that_another_heading_has_is_a_warning_with_both_lines() {
    let (r, problems) = render_simple("## 机构职能\n\n## 其他 {#机构职能}\n", false);
    assert_eq!(r.anchors, ["机构职能", "机构职能-1"]);
    assert_eq!(
        problems,
        [Problem {
            line: 7,
            kind: ProblemKind::TakenId {
                wanted: "机构职能".into(),
                given: "机构职能-1".into(),
                by: IdOwner::Heading(5),
            }
        }]
    );
}

#[test]
fn footnotes_and_headings_never_share_an_id() {
    // pulldown-cmark writes a footnote's label as its id.
    let body = "## 1\n\n正文[^1]，另见[^main]。\n\n[^1]: 注一。\n[^main]: 注二。\n\n## main\n";
    let (r, problems) = render_with_theme(body, false, &["main"]);
    let ids: Vec<&str> = r
        .html
        .match_indices(" id=\"")
        .map(|(at, a)| {
            let v = &r.html[at + a.len()..];
            &v[..v.find('"').expect("closing quote")]
        })
        .collect();
    assert_eq!(ids, ["1", "1-1", "main-1", "main-2"], "{}", r.html);
    assert!(
        r.html
            .contains("<sup class=\"footnote-reference\"><a href=\"#1-1\">1</a></sup>"),
        "{}",
        r.html
    );
    assert!(
            r.html.contains("<div class=\"footnote-definition\" id=\"main-1\"><sup class=\"footnote-definition-label\">2</sup>"),
            "{}",
            r.html
        );
    assert!(problems.is_empty(), "{problems:?}");
    // A label defined twice: two ids, and the reference leads to the first.
    let (r, _) = render_simple("a[^1]\n\n[^1]: 一\n\n[^1]: 二\n", false);
    assert!(r.html.contains("<a href=\"#1\">1</a>"), "{}", r.html);
    assert!(
        r.html
            .contains("id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>一"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("id=\"1-1\"><sup class=\"footnote-definition-label\">2</sup>\n<p>二"),
        "{}",
        r.html
    );
    // Without a collision a footnote is written as before.
    let (r, _) = render_simple("a[^n]\n\n[^n]: b\n", false);
    assert!(r.html.contains("<a href=\"#n\">1</a>"), "{}", r.html);
    assert!(r.html.contains("id=\"n\""), "{}", r.html);
}

#[test]
fn images_from_other_hosts_are_problems_with_their_line() {
    let body = "![县](https://example.org/a.png)\n\n![县](//cdn.example/b.png) ![县](<  //cdn.example/c.png>)\n\n![县](d.png) ![县](/e.png) [站](https://example.org/)\n";
    let (_, problems) = render_simple(body, false);
    let outside: Vec<(usize, &str)> = problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::OutsideMedia { element, src } if element == "image" => {
                Some((p.line, src.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        outside,
        [
            (5, "https://example.org/a.png"),
            (7, "//cdn.example/b.png"),
            (7, "  //cdn.example/c.png"),
        ]
    );
    let diagnostic = problems[0]
        .clone()
        .into_diagnostic(Path::new("content/notices/x/index.md"), Severity::Error);
    assert!(diagnostic.is_error());
    assert_eq!(
        diagnostic.to_string(),
        "error: image from another site: https://example.org/a.png (the site must not make readers' browsers ask other hosts for anything)\n  --> content/notices/x/index.md:5\n  = hint: save the file into the page bundle (the folder that holds the page as index.md) and link it by name, e.g. ![…](a.png)\n"
    );
    let warning = problems[0]
        .clone()
        .into_diagnostic(Path::new("content/notices/x/index.md"), Severity::Warning);
    assert!(!warning.is_error());
}

#[test]
fn media_from_other_hosts_in_raw_html_are_problems_only_with_unsafe_html() {
    let body = concat!(
        "<video src=\"https://v.example/a.mp4\" poster=\"//v.example/p.jpg\">\n",
        "<source srcset=\"s.webp 1x, https://v.example/s2.webp 2x\">\n",
        "<track src=\"t.vtt\"></video>\n\n",
        "文字 <img alt=\"x\" src=\"HTTPS://i.example/x.png\"> <a href=\"https://example.org/\">站</a>\n\n",
        "<iframe\nsrc=\"//f.example/\"></iframe>\n\n",
        "<object data=\"https://o.example/o.pdf\"></object><embed src=\"e.swf\">\n\n",
        "<audio src='https://a.example/a.mp3'></audio><!-- <img src=\"https://c.example/\"> -->\n",
    );
    let (_, problems) = render_simple(body, true);
    let outside: Vec<(usize, &str, &str)> = problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::OutsideMedia { element, src } => {
                Some((p.line, element.as_str(), src.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        outside,
        [
            (5, "video", "https://v.example/a.mp4"),
            (5, "video", "//v.example/p.jpg"),
            (6, "source", "https://v.example/s2.webp"),
            (9, "img", "HTTPS://i.example/x.png"),
            (11, "iframe", "//f.example/"),
            (14, "object", "https://o.example/o.pdf"),
            (16, "audio", "https://a.example/a.mp3"),
        ]
    );
    // Without unsafe_html the HTML is dropped: nothing is fetched.
    let (_, problems) = render_simple(body, false);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_table_without_body_rows_is_boxed_and_closed() {
    let (r, _) = render_simple("| 部门 | 职责 |\n|---|---|\n\n正文\n", false);
    assert!(
            r.html.starts_with("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"部门 / 职责\">\n<table><thead><tr><th>部门</th><th>职责</th></tr></thead><tbody>\n</tbody></table>\n</div>\n<p>正文</p>"),
            "{}",
            r.html
        );
}

#[test]
fn lines_are_counted_forwards_and_backwards() {
    let text = "a\nb\n\nc\n";
    let mut lines = Lines::new(text, 3);
    assert_eq!(lines.at(0), 3);
    assert_eq!(lines.at(5), 6);
    assert_eq!(lines.at(2), 4);
    assert_eq!(lines.at(100), 7);
    assert_eq!(lines.at(1), 3);
}

/// What the model says of `photo.jpg` in these tests.
fn photo_shown() -> Shown {
    Shown {
        src: "photo-960.jpg".to_string(),
        srcset: "photo-480.jpg 480w, photo-960.jpg 960w".to_string(),
        width: 960,
        height: 720,
    }
}

#[test]
fn a_picture_of_the_bundle_gets_its_copies_its_size_and_lazy_loading() {
    let (r, problems) = render_simple(
        "Before ![县城 *集市* \"一角\"](photo.jpg \"The fair\") after ![logo](logo.svg)\n",
        false,
    );
    assert!(
        r.html.contains(
            "<p>Before <img src=\"photo-960.jpg\" srcset=\"photo-480.jpg 480w, photo-960.jpg 960w\" \
             sizes=\"(max-width: 960px) 100vw, 960px\" width=\"960\" height=\"720\" \
             alt=\"县城 集市 &quot;一角&quot;\" title=\"The fair\" loading=\"lazy\" decoding=\"async\"> after \
             <img src=\"logo.svg\" alt=\"logo\" /></p>"
        ),
        "{}",
        r.html
    );
    assert!(problems.is_empty(), "{problems:?}");
    // Its alt text is still the page's text, and the link is still recorded.
    assert!(r.plain_text.contains("县城 集市"), "{}", r.plain_text);
    assert!(r.links.iter().any(|l| l.url == "photo.jpg" && l.image));
}
