//! Posters (SPEC §6) as a publicity officer gets them: every page with
//! `poster:` has `…/poster/index.html` in each of its languages, a single
//! self-contained file that headless Chromium prints on exactly one A4 or A3
//! sheet, with the title readable in the PDF and a QR code that scans to the
//! page's absolute URL — also for a 60-character title, a long slogan and
//! many facts. And normal pages link to their poster and print cleanly.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{Html, Selector};
use support::site::{build_ok, fixture, read};
use support::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sheet {
    A4,
    A3,
}

impl Sheet {
    /// Width and height in PDF points.
    fn points(self) -> (f64, f64) {
        match self {
            Sheet::A4 => (595.0, 842.0),
            Sheet::A3 => (842.0, 1191.0),
        }
    }
}

/// One poster of a fixture and what a reader must find on it.
struct Case {
    /// Root-relative URL of the page (the poster is `<page>poster/`).
    page: &'static str,
    sheet: Sheet,
    title: &'static str,
    /// Slogan and key facts, as printed.
    shows: &'static [&'static str],
}

const GOOD_BASE: &str = "https://example.gov.cn";

const GOOD: &[Case] = &[
    Case {
        page: "/notices/urgent-vaccination/",
        sheet: Sheet::A4,
        title: "关于做好育龄妇女风疹疫苗接种工作的紧急通知",
        shows: &[
            "婚育新风进万家",
            "2024年4月2日",
            "有效期至",
            "2030年12月31日",
            "县人口和计划生育委员会",
            "陈静",
            "0551-1234571",
            "县政府三楼",
            "扫码查看全文",
        ],
    },
    Case {
        page: "/en/notices/urgent-vaccination/",
        sheet: Sheet::A4,
        title: "Urgent Notice on Rubella Vaccination for Women Planning a Pregnancy",
        shows: &[
            "New customs in marriage and childbearing for every home",
            "31 December 2030",
            "County Population and Family Planning Commission",
            "Chen Jing",
            "0551-1234571",
            "Scan for the full text",
        ],
    },
    Case {
        page: "/trainings/technician-course/",
        sheet: Sheet::A3,
        title: "乡级计划生育技术服务人员进修培训",
        shows: &[
            "第一期：2024年3月4日至3月15日",
            "第二期：2024年4月8日至4月19日",
            "每期20人",
            "县服务站培训室",
            "乡级计划生育技术服务人员",
            "县计划生育服务站",
        ],
    },
    Case {
        page: "/en/trainings/technician-course/",
        sheet: Sheet::A3,
        title: "Refresher Course for Township Family-Planning Technicians",
        shows: &[
            "Batch 1: 4 March to 15 March 2024",
            "20 places in each batch",
            "County Service Station Training Room",
        ],
    },
];

/// `base_url` has a path: QR codes and URLs must keep it.
const STRESS_BASE: &str = "https://www.example.gov.cn/county";

const STRESS: &[Case] = &[
    Case {
        page: "/notices/service-month/",
        sheet: Sheet::A4,
        title: "关于在全县范围内全面开展育龄妇女风疹疫苗免费接种、孕前优生健康检查和出生缺陷综合防治宣传服务月活动的紧急通知（再次补充）",
        shows: &[
            "婚育新风进万家，优生优育惠民生；关爱育龄妇女健康，预防出生缺陷从孕前检查做起——免费服务送到家门口！",
            "某某县人口和计划生育委员会、县卫生健康局、县妇女联合会、县红十字会联合办公室",
            "0551-1234571，0551-1234572，0551-1234573（工作日8:30—17:30）",
            "service-month@example.gov.cn",
            // the last fact: nothing is cut off at the bottom
            "县政府三楼东侧计划生育综合服务大厅、各乡镇计划生育服务所及各村（社区）卫生服务站",
        ],
    },
    Case {
        page: "/en/notices/service-month/",
        sheet: Sheet::A4,
        title: "Urgent Notice on a County-Wide Service Month of Free Rubella Vaccination, Pre-Pregnancy Health Checks and the Prevention of Birth Defects (Second Supplement)",
        shows: &[
            "prevention of birth defects starts before pregnancy, and the service comes to your door!",
            "County Women's Federation and County Red Cross",
            "every village or community health station",
        ],
    },
    Case {
        page: "/trainings/batch-course/",
        sheet: Sheet::A4,
        title: "全县乡村两级计划生育技术服务人员轮训",
        shows: &[
            "第一期：2024年3月4日至3月15日（名额20）",
            "第六期：2024年12月16日至2025年1月10日（名额30）",
            "县计划生育服务站三楼培训室（县城人民路88号，县妇幼保健院对面）",
            "某某县计划生育服务站、县妇幼保健院、县人民医院妇产科",
        ],
    },
    Case {
        page: "/plans/work-points-2024/",
        sheet: Sheet::A3,
        title: "2024年全县人口和计划生育工作要点",
        shows: &[
            "稳定低生育水平，提高出生人口素质",
            "2024年1月1日至12月31日",
            "某某县人口和计划生育委员会",
        ],
    },
];

/// A fixture built once per test binary (the tests only read it).
struct Built {
    _root: TempDir,
    output: PathBuf,
}

fn built(name: &'static str, cell: &'static OnceLock<Built>) -> &'static Built {
    cell.get_or_init(|| {
        let root = fixture(name);
        let output = build_ok(root.path());
        Built {
            _root: root,
            output,
        }
    })
}

fn good() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("good", &CELL)
}

fn stress() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("poster-stress", &CELL)
}

/// Output file of a page's poster (`notices/x/poster/index.html`).
fn poster_file(case: &Case) -> String {
    format!("{}poster/index.html", case.page.trim_start_matches('/'))
}

/// Text as compared: without whitespace (pdftotext breaks lines where the
/// poster wraps) and without the invisible word joiners that keep phone
/// numbers whole.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
        .collect()
}

/// Every reference in the poster to another file (`src=`, `href=`, CSS
/// `url(…)`, `@import`); `data:` URLs are part of the file itself.
fn outside_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opener in ["src=\"", "href=\"", "src='", "href='", "url("] {
        for (at, _) in html.match_indices(opener) {
            let value: String = html[at + opener.len()..]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')'))
                .collect();
            if !value.trim_start_matches(['"', '\'']).starts_with("data:") {
                found.push(format!("{opener}{value}"));
            }
        }
    }
    if html.contains("@import") {
        found.push("@import".to_string());
    }
    found
}

/// Serves `output`, prints each poster with headless Chromium, and checks
/// what the printed sheet shows.
fn assert_posters_print_on_one_sheet(output: &Path, base_url: &str, cases: &[Case]) {
    let server = StaticServer::serve(output);
    let pdfs = tempdir();
    for case in cases {
        let file = poster_file(case);
        let html = read(output, &file);
        assert_eq!(
            outside_references(&html),
            Vec::<String>::new(),
            "{file} is not self-contained"
        );

        let url = format!("{}poster/", case.page);
        let before = server.requests().len();
        let pdf = pdfs
            .path()
            .join(format!("{}.pdf", squeeze(&url).replace('/', "_")));
        print_to_pdf(&server.url(&url), &pdf);
        let fetched = server.requests()[before..].to_vec();
        assert_eq!(
            fetched,
            [url.as_str()],
            "printing {url} fetched other files"
        );

        let info = pdf_info(&pdf);
        let (width, height) = case.sheet.points();
        assert_eq!(info.pages, 1, "{url} printed on {} sheets", info.pages);
        assert!(
            (info.width_pt - width).abs() <= 2.0 && (info.height_pt - height).abs() <= 2.0,
            "{url} should print on {:?} ({width}×{height} pt), got {info:?}",
            case.sheet
        );

        let text = squeeze(&pdf_text(&pdf));
        for wanted in std::iter::once(&case.title).chain(case.shows) {
            assert!(
                text.contains(&squeeze(wanted)),
                "{url}: the printed poster lacks {wanted:?}; its text:\n{text}"
            );
        }

        let target = format!("{base_url}{}", case.page);
        assert_eq!(
            decode_qr_from_pdf(&pdf),
            [target],
            "{url}: the QR code must lead to the page"
        );
    }
}

#[test]
fn good_site_posters_print_on_one_a4_or_a3_sheet_with_title_facts_and_qr_code() {
    let output = &good().output;
    assert_posters_print_on_one_sheet(output, GOOD_BASE, GOOD);
    // Only pages with `poster:` get one.
    assert!(!output.join("notices/enrolment/poster").exists());
    assert!(!output.join("plans/work-points-2024/poster").exists());
}

#[test]
fn a_sixty_character_title_a_long_slogan_and_many_facts_still_print_on_one_sheet() {
    let title = STRESS[0].title;
    assert_eq!(title.chars().count(), 60);
    let output = &stress().output;
    assert_posters_print_on_one_sheet(output, STRESS_BASE, STRESS);
    // The training exists only in Chinese, and so does its poster.
    assert!(!output.join("en/trainings/batch-course").exists());
}

/// In a real browser: nothing reaches outside its block or the sheet (the
/// sheet's `overflow: hidden` never has to cut), no line of the title,
/// slogan or facts starts with punctuation that clreq forbids there, and no
/// phone number or time range is split over two lines.
#[test]
fn poster_text_stays_inside_the_sheet_and_no_line_starts_with_closing_punctuation() {
    const CHECK: &str = r#"
        const sheet = document.querySelector('.sheet').getBoundingClientRect();
        const problems = [];
        for (const el of document.querySelectorAll('.sheet *')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.top < sheet.top - 0.5 || r.bottom > sheet.bottom + 0.5 ||
                r.left < sheet.left - 0.5 || r.right > sheet.right + 0.5) {
                problems.push('outside the sheet: <' + el.tagName.toLowerCase() + ' class="' + el.className + '">');
            }
        }
        const main = document.querySelector('.main');
        if (main.scrollHeight > main.clientHeight + 1) {
            problems.push('main overflows by ' + (main.scrollHeight - main.clientHeight) + 'px');
        }
        const forbidden = '、，。；：！？）」』】》〉”’.,;:!?)';
        for (const block of document.querySelectorAll('h1, .slogan, .facts dd')) {
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
            let lastTop = null;
            let before = '';
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.data.length; i++) {
                    const c = node.data[i];
                    if (/\s|\u2060/.test(c)) continue;
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (!rect) continue;
                    const newLine = lastTop !== null && rect.top > lastTop + rect.height / 2;
                    // a number such as 0551-1234571 or 8:30—17:30 split over two lines
                    const splitNumber = /[0-9][-–—]$/.test(before + c) || /[0-9][-–—][0-9]$/.test(before + c);
                    if (newLine && (forbidden.includes(c) || splitNumber)) {
                        problems.push('line starts with ' + c + ' in: ' + block.textContent.trim());
                    }
                    lastTop = rect.top;
                    before = (before + c).slice(-2);
                }
            }
        }
        return problems;
    "#;
    let browser = Browser::launch();
    for (built, cases) in [(good(), GOOD), (stress(), STRESS)] {
        let server = StaticServer::serve(&built.output);
        for case in cases {
            browser.goto(&server.url(&format!("{}poster/", case.page)));
            let problems = browser.eval(CHECK);
            assert_eq!(
                problems,
                serde_json::json!([]),
                "{}poster/ does not fit its sheet",
                case.page
            );
        }
    }
}

#[test]
fn pages_with_a_poster_link_to_it_in_their_language() {
    let output = &good().output;
    let link = Selector::parse(".doc-actions a").unwrap();
    let links = |rel: &str| -> Vec<(String, String)> {
        Html::parse_document(&read(output, rel))
            .select(&link)
            .map(|a| {
                (
                    a.value().attr("href").unwrap_or("").to_string(),
                    a.text().collect::<String>().trim().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        links("notices/urgent-vaccination/index.html"),
        [(
            "/notices/urgent-vaccination/poster/".to_string(),
            "打印海报".to_string()
        )]
    );
    assert_eq!(
        links("en/notices/urgent-vaccination/index.html"),
        [(
            "/en/notices/urgent-vaccination/poster/".to_string(),
            "Print poster".to_string()
        )]
    );
    assert!(
        links("trainings/technician-course/index.html").contains(&(
            "/trainings/technician-course/poster/".to_string(),
            "打印海报".to_string()
        )),
        "{:?}",
        links("trainings/technician-course/index.html")
    );
    let plans = &stress().output;
    let plan = Html::parse_document(&read(plans, "plans/work-points-2024/index.html"));
    let plan_links: Vec<&str> = plan
        .select(&link)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        plan_links.contains(&"/county/plans/work-points-2024/poster/"),
        "a plan with `poster:` links to it: {plan_links:?}"
    );
    assert!(
        links("notices/enrolment/index.html")
            .iter()
            .all(|(href, _)| !href.contains("poster")),
        "a page without `poster:` links to no poster"
    );

    // The poster's own print button, which the printed sheet leaves out.
    let poster = Html::parse_document(&read(
        output,
        "notices/urgent-vaccination/poster/index.html",
    ));
    let button = Selector::parse(".toolbar button").unwrap();
    let label: String = poster.select(&button).flat_map(|b| b.text()).collect();
    assert_eq!(label, "打印海报");
    let server = StaticServer::serve(output);
    let pdf = tempdir();
    let pdf = pdf.path().join("poster.pdf");
    print_to_pdf(&server.url("/notices/urgent-vaccination/poster/"), &pdf);
    let text = pdf_text(&pdf);
    assert!(
        !text.contains("打印海报") && !text.contains("A4"),
        "toolbar printed:\n{text}"
    );
}

/// A normal page printed: the text, where its external links go, and no
/// navigation, search box, language switcher or buttons.
#[test]
fn a_printed_page_leaves_out_navigation_and_shows_where_links_go() {
    let output = &stress().output;
    let server = StaticServer::serve(output);
    let dir = tempdir();
    let pdf = dir.path().join("page.pdf");
    print_to_pdf(&server.url("/notices/service-month/"), &pdf);
    let text = pdf_text(&pdf);
    let squeezed = squeeze(&text);
    assert!(squeezed.contains(&squeeze(STRESS[0].title)), "{text}");
    assert!(
        squeezed.contains("国家卫生健康委员会(https://www.nhc.gov.cn/)"),
        "the external link's URL is printed after it:\n{text}"
    );
    assert!(
        squeezed.contains("城关镇人民路12号"),
        "the table is printed:\n{text}"
    );
    for absent in [
        "English",
        "打印海报",
        "打印本页",
        "站内搜索",
        "培训信息",
        "工作计划",
    ] {
        assert!(
            !text.contains(absent),
            "the printed page shows {absent:?}, which belongs to the screen:\n{text}"
        );
    }
}

/// A `poster.style` the theme does not style is a warning at the `poster:` line
/// naming the styles there are, in `build` and in `check`; a style it has (in
/// any case) is not, and the poster is built either way.
#[test]
fn a_poster_style_the_theme_does_not_have_is_a_warning_at_its_line() {
    let site = fixture("good");
    write_files(
        site.path(),
        &[
            (
                "content/notices/purple-day.md",
                "---\ntitle: 紫色宣传日\ndate: 2024-05-01\nsummary: 宣传日安排。\nposter: { size: A4, style: purple }\n---\n\n宣传日。\n",
            ),
            (
                "content/notices/blue-day.md",
                "---\ntitle: 蓝色宣传日\ndate: 2024-05-01\nposter:\n  style: Blue\n---\n\n宣传日。\n",
            ),
        ],
    );
    let root = site.path().to_str().expect("utf-8");
    for command in ["build", "check"] {
        let run = support::site::placard(&[command, "--root", root]);
        let message = support::site::stderr(&run);
        assert!(run.status.success(), "{command}: {message}");
        for expected in [
            "warning: poster.style `purple` is not a style of the theme",
            "--> content/notices/purple-day.md:5",
            "the theme has: blue, green, red",
        ] {
            assert!(
                message.contains(expected),
                "{command}: expected `{expected}` in:\n{message}"
            );
        }
        assert_eq!(
            message.matches("poster.style").count(),
            1,
            "{command}: {message}"
        );
    }
    let output = site.path().join("output");
    let purple = read(&output, "notices/purple-day/poster/index.html");
    assert!(purple.contains("class=\"sheet style-purple\""), "{purple}");
    let blue = read(&output, "notices/blue-day/poster/index.html");
    assert!(blue.contains("class=\"sheet style-blue\""), "{blue}");
}
