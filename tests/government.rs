//! A government website by the rules (issue 21): the metadata of the design
//! rules (政府网站网页设计规范) on home, column and article pages, with and
//! without a `government:` block; the footer's records; the disclosure table
//! of a disclosed document; the disclosure catalogue and its filters in
//! Chromium; `placard new` giving the next free index number. The broken
//! records are cases of tests/invalid.rs (`config-government`,
//! `government-disclosure`, `government-disclosure-check`).

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use support::html::{Html, all, html, one, select, text, texts};
use support::site::{build_ok, fixture, placard, placard_on, stderr};
use support::{Browser, StaticServer};

/// Every meta name the design rules define.
const SITE: [&str; 3] = ["SiteName", "SiteDomain", "SiteIDCode"];
const COLUMN: [&str; 4] = [
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
];
const ARTICLE: [&str; 8] = [
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Description",
    "Image",
    "Url",
    "Author",
];

/// The page's metadata by name; a name written twice fails.
fn metas(doc: &Html) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for meta in all(doc, "head meta[name]") {
        let name = meta.value().attr("name").unwrap().to_string();
        if !SITE.contains(&name.as_str())
            && !COLUMN.contains(&name.as_str())
            && !ARTICLE.contains(&name.as_str())
        {
            continue;
        }
        let content = meta.value().attr("content").unwrap_or_default().to_string();
        assert!(
            found.insert(name.clone(), content).is_none(),
            "meta {name} is written twice"
        );
    }
    found
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_government_site_carries_the_metadata_of_the_design_rules_on_every_page() {
    let site = fixture("government");
    let out = build_ok(site.path());
    let site_metas = [
        ("SiteName", "龙湖街道办事处"),
        ("SiteDomain", "www.longhu.gov.cn"),
        ("SiteIDCode", "3601230017"),
    ];

    let home = metas(&html(&out, "index.html"));
    let mut wanted = expect(&site_metas);
    wanted.extend(expect(&[
        ("ColumnName", "龙湖街道办事处"),
        ("ColumnDescription", "龙湖街道办事处的通知公告和工作计划。"),
        ("ColumnKeywords", "龙湖街道办事处"),
        ("ColumnType", "首页"),
    ]));
    assert_eq!(home, wanted, "the home page");

    let notices = metas(&html(&out, "notices/index.html"));
    let mut column = expect(&site_metas);
    column.extend(expect(&[
        ("ColumnName", "通知公告"),
        ("ColumnDescription", "街道各办公室发布的通知和公告。"),
        ("ColumnKeywords", "通知,公告"),
        ("ColumnType", "工作动态"),
    ]));
    assert_eq!(
        notices, column,
        "a section with column_type and description"
    );

    // A section without _index.md: the default column type of plans.
    let plans = metas(&html(&out, "plans/index.html"));
    assert_eq!(plans["ColumnType"], "政策文件");
    assert_eq!(plans["ColumnName"], "plans");

    let article = metas(&html(&out, "notices/flu/index.html"));
    let mut wanted = column.clone();
    wanted.extend(expect(&[
        ("ArticleTitle", "关于开展2024年流感疫苗接种工作的通知"),
        ("PubDate", "2024-10-08 00:00"),
        ("ContentSource", "龙湖街道卫生健康办公室"),
        ("Keywords", "流感,疫苗"),
        ("Description", "10月起为辖区60岁以上老人免费接种流感疫苗。"),
        // The photo's processed copy (narrower than every width: one copy,
        // stripped), never the original.
        (
            "Image",
            "https://www.longhu.gov.cn/portal/notices/flu/map-1.png",
        ),
        ("Url", "https://www.longhu.gov.cn/portal/notices/flu/"),
    ]));
    assert_eq!(article, wanted, "an article page");

    // Where nothing more is known, the source is the organiser; a column
    // type without _index.md's help comes from the section's kind.
    let meeting = metas(&html(&out, "notices/meeting/index.html"));
    assert_eq!(meeting["ContentSource"], "龙湖街道党政办公室");
    assert_eq!(meeting["PubDate"], "2024-12-02 00:00");
    assert!(!meeting.contains_key("Image") && !meeting.contains_key("Keywords"));
    assert_eq!(
        meeting["Description"],
        "街道工作会议的时间、地点和参会人员。"
    );

    let english = metas(&html(&out, "en/notices/flu/index.html"));
    assert_eq!(english["SiteName"], "Longhu Sub-district Office");
    assert_eq!(english["ColumnName"], "Notices");
    assert_eq!(
        english["ColumnDescription"],
        "Notices of the sub-district's offices."
    );
    assert_eq!(
        english["Url"],
        "https://www.longhu.gov.cn/portal/en/notices/flu/"
    );

    let catalogue = metas(&html(&out, "disclosure/index.html"));
    assert_eq!(catalogue["ColumnType"], "信息公开目录");
    assert_eq!(catalogue["ColumnName"], "政府信息公开目录");
    assert_eq!(catalogue["SiteIDCode"], "3601230017");

    // Pages that are no column (search, tags) carry the site's metadata.
    let search = metas(&html(&out, "search/index.html"));
    assert_eq!(search, expect(&site_metas));
}

#[test]
fn the_footer_shows_the_records_of_the_site_in_both_languages() {
    let site = fixture("government");
    let out = build_ok(site.path());
    for (file, wanted) in [
        (
            "notices/flu/index.html",
            [
                "主办单位：龙湖街道办事处",
                "网站标识码：3601230017",
                "ICP备案号：赣ICP备20240017号",
                "公安机关备案号：赣公网安备36012302000177号",
            ],
        ),
        (
            "en/index.html",
            [
                "Run by: 龙湖街道办事处",
                "Site ID code: 3601230017",
                "ICP licence: 赣ICP备20240017号",
                "Public security record: 赣公网安备36012302000177号",
            ],
        ),
    ] {
        let doc = html(&out, file);
        assert_eq!(
            texts(one(&doc, "footer"), ".gov-records li"),
            wanted,
            "{file}"
        );
    }
}

#[test]
fn an_ordinary_site_has_no_government_records() {
    let site = fixture("government");
    let config = site.path().join("placard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let ordinary = text.split("government:").next().unwrap().to_string();
    fs::write(&config, ordinary).unwrap();
    let out = build_ok(site.path());

    for list in ["index.html", "notices/index.html", "en/index.html"] {
        assert_eq!(metas(&html(&out, list)), BTreeMap::new(), "{list}");
    }
    let article = metas(&html(&out, "notices/flu/index.html"));
    assert_eq!(
        article,
        expect(&[
            ("SiteName", "龙湖街道办事处"),
            ("ColumnName", "通知公告"),
            ("ArticleTitle", "关于开展2024年流感疫苗接种工作的通知"),
            ("PubDate", "2024-10-08 00:00"),
            ("ContentSource", "龙湖街道卫生健康办公室"),
            ("Keywords", "流感,疫苗"),
            ("Description", "10月起为辖区60岁以上老人免费接种流感疫苗。"),
        ])
    );
    let doc = html(&out, "notices/flu/index.html");
    assert!(
        all(&doc, ".gov-records").is_empty(),
        "no records in the footer"
    );
    assert!(!out.join("disclosure").exists(), "no catalogue");
    assert!(!out.join("en/disclosure").exists(), "no catalogue");
}

#[test]
fn an_article_names_its_author_and_the_time_of_day_it_was_published() {
    let site = fixture("government");
    let flu = site.path().join("content/notices/flu/index.md");
    let text = fs::read_to_string(&flu).unwrap();
    let text = text.replace(
        "date: 2024-10-08\n",
        "date: 2024-10-08 09:30\nauthor: 王林 & 李梅\n",
    );
    fs::write(&flu, text).unwrap();
    let out = build_ok(site.path());

    let article = metas(&html(&out, "notices/flu/index.html"));
    assert_eq!(article["Author"], "王林 & 李梅");
    assert_eq!(article["PubDate"], "2024-10-08 09:30");
    let head = fs::read_to_string(out.join("notices/flu/index.html")).unwrap();
    assert!(
        head.contains(r#"<meta name="Author" content="王林 &amp; 李梅">"#),
        "the author is escaped in the head"
    );
    // The translation says no author and no time: none, and midnight.
    let english = metas(&html(&out, "en/notices/flu/index.html"));
    assert!(!english.contains_key("Author"), "{english:?}");
    assert_eq!(english["PubDate"], "2024-10-08 00:00");

    // An ordinary site keeps the time, and has no Author (a record of the
    // government rules, as Image and Url are).
    let config = site.path().join("placard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, text.split("government:").next().unwrap()).unwrap();
    let out = build_ok(site.path());
    let article = metas(&html(&out, "notices/flu/index.html"));
    assert!(!article.contains_key("Author"), "{article:?}");
    assert_eq!(article["PubDate"], "2024-10-08 09:30");
}

/// The labels and values of a disclosure table, in reading order.
fn disclosure_table(out: &Path, file: &str) -> Vec<(String, String)> {
    let doc = html(out, file);
    let table = one(&doc, "article table.disclosure-table");
    let labels = texts(table, "th");
    let values = texts(table, "td");
    assert_eq!(labels.len(), values.len());
    labels.into_iter().zip(values).collect()
}

#[test]
fn a_disclosed_document_opens_with_the_standard_disclosure_table() {
    let site = fixture("government");
    let out = build_ok(site.path());
    let pairs = |rows: [(&str, &str); 7]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(l, v)| (l.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        disclosure_table(&out, "notices/flu/index.html"),
        pairs([
            ("索引号", "MB1234567/2024-00012"),
            ("主题分类", "卫生、体育"),
            ("发文机关", "龙湖街道卫生健康办公室"),
            ("成文日期", "2024年9月30日"),
            ("标题", "关于开展2024年流感疫苗接种工作的通知"),
            ("发文字号", "龙街卫发〔2024〕5号"),
            ("发布日期", "2024年10月8日"),
        ])
    );
    assert_eq!(
        disclosure_table(&out, "en/notices/flu/index.html"),
        pairs([
            ("Index No.", "MB1234567/2024-00012"),
            ("Topic", "Health and sport"),
            ("Issued by", "Longhu Health Office"),
            ("Date written", "30 September 2024"),
            ("Title", "Notice on the 2024 Flu Vaccination"),
            ("Document No.", "龙街卫发〔2024〕5号"),
            ("Published", "8 October 2024"),
        ])
    );
    let plan = disclosure_table(&out, "plans/work-points/index.html");
    assert_eq!(plan[0], ("索引号".into(), "MB1234567/2024-00003".into()));
    assert_eq!(
        plan[5],
        ("发文字号".into(), String::new()),
        "a plan has no document number"
    );

    // The table is the first thing of the document, before its title; the
    // box below it does not repeat what the table says.
    let doc = html(&out, "notices/flu/index.html");
    let article = one(&doc, "article");
    let first = article
        .children()
        .filter_map(support::html::ElementRef::wrap)
        .next()
        .unwrap();
    assert_eq!(first.value().name(), "table");
    let labels = texts(article, ".disclosure dt");
    assert!(
        !labels.iter().any(|l| l == "发文机关" || l == "发布日期"),
        "{labels:?}"
    );

    // Where the table says all there is, there is no box.
    let rabies = html(&out, "notices/rabies/index.html");
    assert_eq!(all(&rabies, ".disclosure-table").len(), 1);
    assert!(all(&rabies, "section.disclosure").is_empty());

    // A notice without an index number is not a disclosed document.
    let meeting = html(&out, "notices/meeting/index.html");
    assert!(all(&meeting, ".disclosure-table").is_empty());
    let labels = texts(one(&meeting, "article"), ".disclosure dt");
    assert!(labels.iter().any(|l| l == "发文机关"), "{labels:?}");
}

#[test]
fn the_catalogue_lists_every_document_with_an_index_number_without_javascript() {
    let site = fixture("government");
    let out = build_ok(site.path());
    let doc = html(&out, "disclosure/index.html");
    let table = one(&doc, "table.catalogue-table");
    assert_eq!(
        texts(table, "thead th"),
        [
            "索引号",
            "标题",
            "发文机关",
            "成文日期",
            "发布日期",
            "主题分类"
        ]
    );
    let rows = select(table, "tbody tr");
    let cells: Vec<Vec<String>> = rows.iter().map(|row| texts(*row, "td, th")).collect();
    assert_eq!(
        cells,
        [
            [
                "MB1234567/2024-00012",
                "关于开展2024年流感疫苗接种工作的通知",
                "龙湖街道卫生健康办公室",
                "2024年9月30日",
                "2024年10月8日",
                "卫生、体育"
            ],
            [
                "MB1234567/2024-00003",
                "龙湖街道2024年卫生健康工作要点",
                "龙湖街道卫生健康办公室",
                "2024年1月10日",
                "2024年1月15日",
                "卫生、体育"
            ],
            [
                "MB1234567/2023-00031",
                "关于做好狂犬病防控工作的通知",
                "龙湖街道农业服务中心",
                "2023年11月15日",
                "2023年11月20日",
                "农业、林业、水利"
            ],
        ]
    );
    assert!(rows.iter().all(|r| r.value().attr("hidden").is_none()));
    let link = select(rows[0], "a")[0];
    assert_eq!(link.value().attr("href"), Some("/portal/notices/flu/"));
    // The filters offer what the documents have, in the list's order.
    let options = |name: &str| -> Vec<String> {
        all(&doc, &format!("select[name={name}] option"))
            .into_iter()
            .map(text)
            .collect()
    };
    assert_eq!(options("topic"), ["全部", "农业、林业、水利", "卫生、体育"]);
    assert_eq!(
        options("issuer"),
        ["全部", "龙湖街道农业服务中心", "龙湖街道卫生健康办公室"]
    );
    assert_eq!(options("year"), ["全部", "2024", "2023"]);
    // An English catalogue names the national topics in English, as its pages do.
    let english = html(&out, "en/disclosure/index.html");
    let topics: Vec<String> = all(&english, "select[name=topic] option")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        topics,
        ["Any", "Agriculture, forestry and water", "Health and sport"]
    );
    let english_rows = all(&english, "tr.page-item");
    assert_eq!(
        english_rows[0].value().attr("data-topic"),
        Some("Health and sport")
    );
    // The footer of every page leads to it.
    let home = html(&out, "en/index.html");
    let footer_links: Vec<_> = all(&home, "footer a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        footer_links.contains(&"/portal/en/disclosure/"),
        "{footer_links:?}"
    );
    // And the sitemap lists it in each language, each naming the other.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let sitemap = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
    for loc in [
        "https://www.longhu.gov.cn/portal/disclosure/",
        "https://www.longhu.gov.cn/portal/en/disclosure/",
    ] {
        let url = sitemap
            .descendants()
            .find(|n| n.has_tag_name("url") && n.children().any(|c| c.text() == Some(loc)))
            .unwrap_or_else(|| panic!("{loc} is not in sitemap.xml"));
        let alternates: Vec<&str> = url.children().filter_map(|c| c.attribute("href")).collect();
        assert_eq!(
            alternates,
            [
                "https://www.longhu.gov.cn/portal/disclosure/",
                "https://www.longhu.gov.cn/portal/en/disclosure/"
            ]
        );
    }
}

#[test]
fn new_gives_a_disclosed_document_the_next_free_index_number_of_the_year() {
    let site = fixture("government");
    let root = site.path();
    // Numbers written anywhere count: in a draft, and in a page that does not build.
    support::write_files(
        root,
        &[
            (
                "content/notices/draft.md",
                "---\ntitle: 草稿\ndate: 2024-12-01\ndraft: true\nindex_number: \"MB1234567/2024-00020\"\n---\n",
            ),
            (
                "content/notices/broken.md",
                "---\ntitle: 坏的\ndate: 2024-12-01\nindex_number: 'MB1234567/2024-00025'  # 已分配\ntags: [unclosed\n---\n",
            ),
        ],
    );
    let root_arg = root.to_str().unwrap();
    let new = |target: &str, today: &str, extra: &[&str]| -> Option<String> {
        let mut args = vec!["new", target, "--root", root_arg];
        args.extend(extra);
        let run = placard_on(&args, today);
        assert!(run.status.success(), "new {target}: {}", stderr(&run));
        let suffix = if extra.contains(&"en") {
            ".en.md"
        } else {
            ".md"
        };
        let written = fs::read_to_string(root.join(format!("content/{target}{suffix}")))
            .unwrap_or_else(|e| panic!("new {target} wrote nothing ({e}): {}", stderr(&run)));
        written
            .lines()
            .find_map(|l| l.strip_prefix("index_number: "))
            .map(|v| v.split("  #").next().unwrap().trim_matches('"').to_string())
    };
    assert_eq!(
        new("notices/measles", "2024-12-10", &[]).as_deref(),
        Some("MB1234567/2024-00026")
    );
    assert_eq!(
        new("plans/work-points-2025", "2024-12-11", &["--lang", "en"]).as_deref(),
        Some("MB1234567/2024-00027"),
        "the next one; never one already taken"
    );
    assert_eq!(
        new("notices/new-year", "2025-01-02", &[]).as_deref(),
        Some("MB1234567/2025-00001"),
        "a new year starts at 1"
    );
    assert_eq!(
        new("notices/measles", "2025-01-03", &["--lang", "en"]).as_deref(),
        Some("MB1234567/2024-00026"),
        "a translation has the number of its document"
    );
    assert_eq!(
        new("trainings/first-aid", "2024-12-10", &[]),
        None,
        "a training is not disclosed"
    );
    assert_eq!(
        new("about/history", "2024-12-10", &[]),
        None,
        "nor is a page"
    );

    // The new notice builds and is in the catalogue once it is there.
    fs::remove_file(root.join("content/notices/broken.md")).unwrap();
    let out = build_ok(root);
    let doc = html(&out, "disclosure/index.html");
    let numbers: Vec<String> = all(&doc, "tbody tr td.catalogue-number")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        numbers.contains(&"MB1234567/2024-00026".to_string()),
        "{numbers:?}"
    );

    // A site without a disclosure code numbers nothing.
    let plain = fixture("government");
    let config = plain.path().join("placard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("  disclosure_code: \"MB1234567\"\n", ""),
    )
    .unwrap();
    let run = placard(&["new", "notices/x", "--root", plain.path().to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let written = fs::read_to_string(plain.path().join("content/notices/x.md")).unwrap();
    assert!(!written.contains("\nindex_number:"), "{written}");
}

#[test]
fn the_catalogue_filters_and_the_disclosure_table_on_a_phone_in_chromium() {
    let site = fixture("government");
    let root = site.path().to_str().unwrap();
    let run = placard(&[
        "build",
        "--root",
        root,
        "--base-url",
        "https://www.longhu.gov.cn",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let server = StaticServer::serve(&site.path().join("output"));
    let browser = Browser::launch();
    let wait = Duration::from_secs(10);
    let shown = "Array.from(document.querySelectorAll('#catalogue-documents tr'))\
        .filter(r => !r.hidden).map(r => r.querySelector('td').textContent)";
    let count = "document.querySelector('.list-filter-count').textContent";

    // Every document, until a filter is chosen.
    browser.goto(&server.url("/disclosure/"));
    browser.wait_until(&format!("{count} !== ''"), wait);
    assert_eq!(
        browser.eval(shown),
        serde_json::json!([
            "MB1234567/2024-00012",
            "MB1234567/2024-00003",
            "MB1234567/2023-00031"
        ])
    );

    // A topic chosen: the table narrows and the address keeps the choice.
    browser.eval(
        "(() => { const s = document.querySelector('select[name=topic]'); \
         s.value = '农业、林业、水利'; s.dispatchEvent(new Event('change')); return true; })()",
    );
    assert_eq!(
        browser.eval(shown),
        serde_json::json!(["MB1234567/2023-00031"])
    );
    assert_eq!(browser.eval(count), serde_json::json!("1 篇"));
    let address = browser.current_url();
    assert!(
        address.ends_with("/disclosure/?topic=%E5%86%9C%E4%B8%9A%E3%80%81%E6%9E%97%E4%B8%9A%E3%80%81%E6%B0%B4%E5%88%A9"),
        "{address}"
    );

    // A shared address with filters opens filtered: a year, and (in English)
    // an issuer whose name has spaces.
    browser.goto(
        &server.url("/disclosure/?year=2024&topic=%E5%8D%AB%E7%94%9F%E3%80%81%E4%BD%93%E8%82%B2"),
    );
    browser.wait_until(&format!("{count} !== ''"), wait);
    assert_eq!(
        browser.eval(shown),
        serde_json::json!(["MB1234567/2024-00012", "MB1234567/2024-00003"])
    );
    assert_eq!(
        browser.eval("document.querySelector('select[name=year]').value"),
        "2024"
    );
    browser.goto(&server.url("/en/disclosure/?issuer=Longhu+Agricultural+Service+Centre"));
    browser.wait_until(&format!("{count} !== ''"), wait);
    assert_eq!(
        browser.eval(shown),
        serde_json::json!(["MB1234567/2023-00031"])
    );

    // On a phone the disclosure table stacks each label above its value, and
    // nothing is wider than the screen.
    browser.set_window_size(375, 800);
    browser.goto(&server.url("/notices/flu/"));
    browser.wait_for("table.disclosure-table", wait);
    let layout = browser.eval(
        "(() => { const t = document.querySelector('table.disclosure-table'); \
         const box = e => e.getBoundingClientRect(); \
         const [number, topic] = t.querySelectorAll('th'); \
         const value = t.querySelector('td'); \
         return { stacked: box(value).top >= box(number).bottom - 1 && box(topic).top >= box(value).bottom - 1, \
                  table: box(t).right, screen: document.documentElement.clientWidth, \
                  page: document.documentElement.scrollWidth }; })()",
    );
    assert_eq!(layout["stacked"], true, "{layout}");
    assert!(
        layout["table"].as_f64().unwrap() <= layout["screen"].as_f64().unwrap() + 0.5,
        "{layout}"
    );
    assert!(
        layout["page"].as_f64().unwrap() <= layout["screen"].as_f64().unwrap(),
        "{layout}"
    );

    // The catalogue's filters fit a 320-px phone in both languages, however
    // long the English names of topics and issuers are.
    browser.set_window_size(320, 800);
    for path in ["/disclosure/", "/en/disclosure/"] {
        browser.goto(&server.url(path));
        browser.wait_for("select[name=topic]", wait);
        let widths = browser.eval(
            "(() => ({ page: document.documentElement.scrollWidth, \
                       screen: document.documentElement.clientWidth, \
                       selects: [...document.querySelectorAll('.list-filter select')] \
                         .map(s => Math.ceil(s.getBoundingClientRect().right)) }))()",
        );
        let screen = widths["screen"].as_f64().unwrap();
        assert!(
            widths["page"].as_f64().unwrap() <= screen,
            "{path}: {widths}"
        );
        for right in widths["selects"].as_array().unwrap() {
            assert!(right.as_f64().unwrap() <= screen, "{path}: {widths}");
        }
    }
}
