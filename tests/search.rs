//! Search (issue 4, SPEC §5) as a resident uses it, in real headless Chromium. The
//! `good` fixture's search pages, served on 127.0.0.1 and opened straight from disk
//! (`file://`), give the same answers: a Simplified query finds the Traditional plan
//! and the Traditional query finds the same pages, a fragment from the middle of a
//! word matches, `volunteers` finds `volunteer`, a kind filter narrows the results and
//! is kept in the URL, and a query that matches nothing says so. The search box in
//! every page header leads to the search page. On a bigger generated site a first
//! query downloads the index's metadata and a shard or two, not the whole index, and
//! no more than the budget the build prints. Issue 22: exact titles and document
//! numbers first, corrections with their note and link, partial marks, number terms,
//! English excerpt spaces, titles and "More" at a phone's width, the pointer to the
//! other language's search, and a hit deep in a long page.
//!
//! One Chromium serves the whole file (two cores): the scenarios run one after the
//! other in a single test, and every failing scenario is named at the end.

mod support;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use support::site::{fixture, placard, stderr};
use support::*;

const WAIT: Duration = Duration::from_secs(20);

/// The Traditional-character plan of the fixture (README: work-points-2024).
const PLAN: &str = "/plans/work-points-2024/";

/// One thing a resident does with search, on the built `good` fixture.
type Scenario = fn(&Browser, &Built);

#[test]
fn search_in_chromium_served_and_from_disk() {
    let browser = Browser::launch();
    let good = Built::new(fixture("good"));
    let scenarios: &[(&'static str, Scenario)] = &[
        (
            "a Simplified query finds the Traditional plan, a Traditional query the same pages",
            simplified_and_traditional_queries_find_the_same_pages,
        ),
        (
            "a fragment from the middle of a word finds its page, marked in the excerpt",
            a_fragment_from_the_middle_of_a_word_finds_its_page,
        ),
        (
            "a document number and a module title from the front matter are found",
            front_matter_facts_are_found,
        ),
        (
            "an English query finds other forms of its words",
            volunteers_finds_volunteer,
        ),
        (
            "a kind filter narrows the results and is kept in the URL",
            a_kind_filter_narrows_the_results_and_is_kept_in_the_url,
        ),
        (
            "a query that matches nothing says so",
            a_query_without_results_says_so,
        ),
        (
            "the search box in the page header leads to the search page",
            the_header_search_box_leads_to_the_search_page,
        ),
        (
            "a result opened from disk is the page's index.html",
            a_result_opened_from_disk_is_the_page_file,
        ),
        (
            "a title or a document number in any brackets ranks its page first",
            exact_titles_and_document_numbers_rank_first,
        ),
        (
            "a homophone, pinyin or an English typo is corrected, and says so with a link",
            corrections_say_what_was_searched_and_link_to_the_query_as_typed,
        ),
        (
            "partial matches are marked, a number with its character is one term",
            partial_matches_are_marked_and_numbers_keep_their_character,
        ),
        (
            "English excerpts keep the spaces between lines",
            english_excerpts_keep_spaces_between_lines,
        ),
        (
            "on a phone a title with marks is one text flow, More hidden without more",
            on_a_phone_titles_flow_and_more_is_hidden_without_more,
        ),
        (
            "a query only the other language has points to its search",
            a_query_only_the_other_language_has_points_there,
        ),
    ];
    let mut failed: Vec<&str> = Vec::new();
    // Each scenario on its site; a failure is noted and the others still run.
    let mut run = |scenarios: &[(&'static str, Scenario)], site: &Built| {
        for (name, scenario) in scenarios {
            eprintln!("scenario: {name}");
            if catch_unwind(AssertUnwindSafe(|| scenario(&browser, site))).is_err() {
                failed.push(name);
            }
        }
    };
    run(scenarios, &good);
    let big = Built::new(generated_site(400));
    let on_a_big_site: &[(&'static str, Scenario)] = &[
        (
            "a first query downloads a small part of the index",
            a_first_query_downloads_a_few_shards_within_the_printed_budget,
        ),
        (
            "more results add the next page, and a new query replaces them all",
            more_results_add_the_next_page_and_a_new_query_replaces_them,
        ),
    ];
    run(on_a_big_site, &big);
    let long = Built::new(long_page_site());
    run(
        &[(
            "a hit deep in a long page is shown and marked",
            a_hit_deep_in_a_long_page_is_shown_and_marked,
        )],
        &long,
    );
    assert!(
        failed.is_empty(),
        "failed scenarios:\n- {}",
        failed.join("\n- ")
    );
}

// ───────────────────────────── scenarios ─────────────────────────────

/// README: work-points-2024 is written in Traditional characters (計劃生育) and the
/// other zh pages in Simplified (计划生育); either script finds all of them.
fn simplified_and_traditional_queries_find_the_same_pages(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let simplified = good.search(browser, origin, "zh", &[("q", "计划生育")]);
        assert!(
            simplified.urls().contains(&PLAN),
            "{origin:?}: 计划生育 does not find the Traditional plan: {simplified:#?}"
        );
        assert!(
            simplified.urls().contains(&"/notices/enrolment/"),
            "{origin:?}: 计划生育 does not find the Simplified notice: {simplified:#?}"
        );
        assert_eq!(simplified.status, "共找到 7 条结果", "{origin:?}");
        let traditional = good.search(browser, origin, "zh", &[("q", "計劃生育")]);
        assert_eq!(
            traditional.urls(),
            simplified.urls(),
            "{origin:?}: 計劃生育 and 计划生育 give different results"
        );

        // The plan's own title words, in either script: the plan ranks first, and
        // its Traditional title is marked where the Simplified query matched.
        for q in ["计划生育工作要点", "計劃生育工作要點"] {
            let shown = good.search(browser, origin, "zh", &[("q", q)]);
            assert_eq!(
                shown.urls().first(),
                Some(&PLAN),
                "{origin:?} {q}: {shown:#?}"
            );
            let first = &shown.results[0];
            assert_eq!(first.title, "2024年全縣計劃生育工作要點");
            assert_eq!(first.title_marks, ["計劃生育工作要點"], "{origin:?} {q}");
        }
    }
}

/// 段简 lies inside 一段簡單的說明 (in Traditional characters): no word boundary, no
/// dictionary, still found; the result shows kind, date and the hit in the excerpt.
fn a_fragment_from_the_middle_of_a_word_finds_its_page(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let shown = good.search(browser, origin, "zh", &[("q", "段简")]);
        assert_eq!(shown.urls(), [PLAN], "{origin:?}: {shown:#?}");
        let plan = &shown.results[0];
        assert_eq!(plan.kind, "工作计划");
        assert_eq!(plan.date.as_deref(), Some("2024年1月15日"));
        assert_eq!(plan.excerpt_marks, ["段簡"], "{origin:?}: {plan:#?}");
        assert!(plan.excerpt.contains("這是一段簡單的說明"), "{plan:#?}");

        let shown = good.search(browser, origin, "zh", &[("q", "简单的说明")]);
        assert_eq!(shown.urls().first(), Some(&PLAN), "{origin:?}: {shown:#?}");
        assert_eq!(shown.results[0].excerpt_marks, ["簡單的說明"], "{origin:?}");
    }
}

/// Neither the document number 县人口发〔2024〕3号 nor the module 查环查孕及B超操作技能
/// is in a page body: they are front matter (README: enrolment, technician-course).
fn front_matter_facts_are_found(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let shown = good.search(browser, origin, "zh", &[("q", "县人口发〔2024〕3号")]);
        assert_eq!(
            shown.urls().first(),
            Some(&"/notices/enrolment/"),
            "{origin:?}: {shown:#?}"
        );
        assert!(
            shown.results[0].excerpt.contains("县人口发〔2024〕3号"),
            "{origin:?}: {shown:#?}"
        );
        let shown = good.search(browser, origin, "zh", &[("q", "B超")]);
        assert_eq!(
            shown.urls().first(),
            Some(&"/trainings/technician-course/"),
            "{origin:?}: {shown:#?}"
        );
        assert_eq!(shown.results[0].excerpt_marks, ["B超"], "{origin:?}");
    }
}

/// The English enrolment notice says "volunteer"; no English page says "volunteers".
fn volunteers_finds_volunteer(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let shown = good.search(browser, origin, "en", &[("q", "volunteers")]);
        assert_eq!(
            shown.urls().first(),
            Some(&"/en/notices/enrolment/"),
            "{origin:?}: {shown:#?}"
        );
        let notice = &shown.results[0];
        assert_eq!(notice.kind, "Notice");
        assert_eq!(notice.date.as_deref(), Some("1 March 2024"));
        assert_eq!(
            notice.excerpt_marks,
            ["volunteer"],
            "{origin:?}: {notice:#?}"
        );
    }
}

/// `&kind=notice` keeps the notices only, and the filter shows it; choosing another
/// kind (or any) searches again and the address says what is shown, so it can be shared.
fn a_kind_filter_narrows_the_results_and_is_kept_in_the_url(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let all = good.search(browser, origin, "zh", &[("q", "计划生育")]);
        let notices = good.search(
            browser,
            origin,
            "zh",
            &[("q", "计划生育"), ("kind", "notice")],
        );
        let mut urls = notices.urls();
        urls.sort();
        assert_eq!(
            urls,
            [
                "/notices/enrolment/",
                "/notices/expired-campaign/",
                "/notices/urgent-vaccination/"
            ],
            "{origin:?}"
        );
        assert!(notices.results.iter().all(|r| r.kind == "通知公告"));
        assert!(notices.results.len() < all.results.len());
        assert_eq!(
            notices.kind_filter, "notice",
            "{origin:?}: the filter shows it"
        );
        assert_eq!(notices.status, "共找到 3 条结果");

        browser
            .with_client(|c| async move {
                c.find(fantoccini::Locator::Css("select[name=kind]"))
                    .await?
                    .select_by_value("plan")
                    .await
            })
            .unwrap_or_else(|e| panic!("{origin:?}: choose the plan kind: {e}"));
        let plans = good.read(
            browser,
            origin,
            "new URLSearchParams(location.search).get('kind') === 'plan'",
        );
        let mut urls = plans.urls();
        urls.sort();
        assert_eq!(urls, ["/plans/untranslated-plan/", PLAN], "{origin:?}");
        assert_eq!(plans.params("q"), ["计划生育"], "{origin:?}: {plans:#?}");
        assert_eq!(plans.params("kind"), ["plan"], "{origin:?}");

        browser
            .with_client(|c| async move {
                c.find(fantoccini::Locator::Css("select[name=kind]"))
                    .await?
                    .select_by_value("")
                    .await
            })
            .unwrap_or_else(|e| panic!("{origin:?}: choose any kind: {e}"));
        let any = good.read(
            browser,
            origin,
            "!new URLSearchParams(location.search).has('kind')",
        );
        assert_eq!(any.urls(), all.urls(), "{origin:?}");
        assert_eq!(any.params("q"), ["计划生育"], "{origin:?}");
    }
}

/// Nothing on the site has these words: the page says so and lists nothing.
fn a_query_without_results_says_so(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let zh = good.search(browser, origin, "zh", &[("q", "量子纠缠")]);
        assert_eq!(zh.status, "没有找到相关内容。", "{origin:?}: {zh:#?}");
        assert!(
            zh.results.is_empty() && zh.list_hidden,
            "{origin:?}: {zh:#?}"
        );
        let en = good.search(browser, origin, "en", &[("q", "zebra crossing")]);
        assert_eq!(en.status, "No results found.", "{origin:?}: {en:#?}");
        assert!(
            en.results.is_empty() && en.list_hidden,
            "{origin:?}: {en:#?}"
        );
    }
}

/// Typing into the header's search box of an ordinary page and pressing Enter opens
/// the language's search page with `?q=` and its results.
fn the_header_search_box_leads_to_the_search_page(browser: &Browser, good: &Built) {
    for (page, query, search_path, first) in [
        ("/notices/enrolment/", "计划生育工作要点", "/search/", PLAN),
        (
            "/en/about/",
            "volunteers",
            "/en/search/",
            "/en/notices/enrolment/",
        ),
    ] {
        browser.goto(&good.server.url(page));
        browser.send_keys("#site-search-q", &format!("{query}\u{E007}"));
        let shown = good.read(
            browser,
            Origin::Served,
            &format!("location.pathname === {}", Value::from(search_path)),
        );
        assert_eq!(shown.params("q"), [query], "from {page}: {shown:#?}");
        assert_eq!(shown.input, query, "the search page's box shows the query");
        assert_eq!(
            shown.urls().first(),
            Some(&first),
            "from {page}: {shown:#?}"
        );
    }
}

/// From disk a result links to the page's `index.html` (a folder would not open), and
/// following it opens that page.
fn a_result_opened_from_disk_is_the_page_file(browser: &Browser, good: &Built) {
    let shown = good.search(browser, Origin::Disk, "zh", &[("q", "计划生育")]);
    assert!(shown.results.len() >= 2, "{shown:#?}");
    // Every result was checked when read (href ends in index.html, the file exists).
    let plan = shown
        .results
        .iter()
        .position(|r| r.url == PLAN)
        .expect("the plan is found");
    let link = format!(
        ".search-results > li:nth-child({}) a.page-item-title",
        plan + 1
    );
    // In the middle of the window, where nothing of the page's chrome covers it.
    browser.eval(&format!(
        "document.querySelector({}).scrollIntoView({{ block: 'center', behavior: 'instant' }})",
        Value::from(link.as_str())
    ));
    browser.click(&link);
    browser.wait_until(
        "location.pathname.endsWith('/plans/work-points-2024/index.html')",
        WAIT,
    );
    browser.wait_for("main h1", WAIT);
    assert_eq!(browser.text("main h1"), "2024年全縣計劃生育工作要點");
}

/// A site big enough for many shards: the first queries fetch `meta.js`, `t2s.js`,
/// the shard of their term and the pages shown, never the filters or the other
/// shards, and no more bytes than the "first query" budget `placard build` printed.
fn a_first_query_downloads_a_few_shards_within_the_printed_budget(browser: &Browser, site: &Built) {
    let budget = site.first_query_budget("zh");
    let shards = meta_number(site, "shards");
    assert!(
        shards >= 16,
        "the generated site should need many shards: {shards}"
    );
    let index_bytes = dir_bytes(&site.output.join("search/index"));

    // A two-character query (one bigram) and a one-character query, each on a fresh
    // page as on a first visit.
    let text = page_text(7);
    let bigram: String = text.chars().skip(40).take(2).collect();
    let single: String = text.chars().take(1).collect();
    for q in [bigram.as_str(), single.as_str()] {
        let before = site.server.requests().len();
        let shown = site.search(browser, Origin::Served, "zh", &[("q", q)]);
        assert!(!shown.results.is_empty(), "{q}: {shown:#?}");
        let fetched: Vec<String> = site.server.requests()[before..]
            .iter()
            .filter_map(|r| r.strip_prefix("/search/index/").map(str::to_string))
            .collect();
        let count = |prefix: &str| fetched.iter().filter(|f| f.starts_with(prefix)).count();
        assert_eq!(count("meta.js"), 1, "{q}: {fetched:?}");
        assert_eq!(count("t2s.js"), 1, "{q}: {fetched:?}");
        assert_eq!(
            count("s/"),
            1,
            "{q}: one term, one shard of {shards}: {fetched:?}"
        );
        assert_eq!(count("f/"), 0, "{q}: no filter was chosen: {fetched:?}");
        // The results' page files, each once: neighbouring pages share one.
        let page_files = count("d/");
        assert!(
            (1..=shown.results.len()).contains(&page_files),
            "{q}: {fetched:?}"
        );
        let mut distinct = fetched.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            fetched.len(),
            "{q}: a file loaded twice: {fetched:?}"
        );
        let bytes: u64 = fetched
            .iter()
            .map(|f| {
                fs::metadata(site.output.join("search/index").join(f))
                    .unwrap_or_else(|e| panic!("{f}: {e}"))
                    .len()
            })
            .sum();
        eprintln!(
            "first query {q}: {} files, {bytes} bytes of {index_bytes} in {shards} shards; budget {budget}",
            fetched.len()
        );
        assert!(
            bytes <= budget,
            "{q}: fetched {bytes} bytes, more than the printed budget of {budget}"
        );
        assert!(
            bytes * 10 < index_bytes,
            "{q}: fetched {bytes} of {index_bytes} index bytes"
        );
    }
}

/// "More results" adds the next page of results below the first; a new query typed on
/// the same page then replaces both pages with its own results and count, as on a
/// fresh visit (the page keeps what it shows until the new results are ready).
fn more_results_add_the_next_page_and_a_new_query_replaces_them(browser: &Browser, site: &Built) {
    let page = meta_number(site, "pageSize");
    assert_eq!(page, 6, "results shown at once (index.rs: PAGE_SIZE)");
    let text = page_text(7);
    let single: String = text.chars().take(1).collect();
    let bigram: String = text.chars().skip(40).take(2).collect();
    let expected = site.search(browser, Origin::Served, "zh", &[("q", &bigram)]);
    assert!(!expected.results.is_empty(), "{bigram}: {expected:#?}");

    let first = site.search(browser, Origin::Served, "zh", &[("q", &single)]);
    let total = total_of(&first);
    assert!(
        total > 2 * page,
        "{single} should find more than {} pages: {first:#?}",
        2 * page
    );
    assert_eq!(first.results.len(), page, "{first:#?}");
    // The theme scrolls smoothly (for those who do not ask for reduced motion); a
    // click that scrolls the button into view would land before the scrolling ends.
    browser.eval(
        "document.querySelector('.search-more').scrollIntoView({block: 'center', behavior: 'instant'}); \
         return true;",
    );
    browser.click(".search-more");
    let more = site.read(
        browser,
        Origin::Served,
        &format!(
            "document.querySelectorAll('.search-results > li').length === {}",
            2 * page
        ),
    );
    assert_eq!(
        more.urls()[..page],
        first.urls()[..],
        "the first page stays on top"
    );
    let mut distinct = more.urls();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 2 * page, "no page twice: {:?}", more.urls());
    assert_eq!(more.status, first.status);

    browser.eval(&format!(
        "const form = document.querySelector('[data-search-app] form'); \
         form.elements.q.value = {}; form.requestSubmit(); return true;",
        Value::from(bigram.as_str())
    ));
    let replaced = site.read(
        browser,
        Origin::Served,
        &format!(
            "new URLSearchParams(location.search).get('q') === {} \
             && document.querySelectorAll('.search-results > li').length <= {page}",
            Value::from(bigram.as_str())
        ),
    );
    assert_eq!(replaced.urls(), expected.urls(), "{replaced:#?}");
    assert_eq!(replaced.status, expected.status);
    assert_eq!(
        browser.eval("return document.querySelector('.search-more').hidden;"),
        Value::Bool(total_of(&expected) <= page),
        "the more button follows the new query"
    );
}

/// A number in the zh index's `meta.js`.
fn meta_number(site: &Built, key: &str) -> usize {
    let meta = fs::read_to_string(site.output.join("search/index/meta.js")).expect("meta.js");
    meta.split(&format!("\"{key}\":"))
        .nth(1)
        .and_then(|s| s.split([',', '}']).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {meta}"))
}

/// The number of pages found, from the status line ("共找到 123 条结果").
fn total_of(shown: &Shown) -> usize {
    shown
        .status
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// Issue 22: a query equal to a page's title, or its document number written with
/// any brackets or none, ranks that page first, counted as a full match.
fn exact_titles_and_document_numbers_rank_first(browser: &Browser, good: &Built) {
    let origin = Origin::Served;
    for q in [
        "县人口发[2024]3号",
        "县人口发（2024）3号",
        "县人口发2024 3号",
        "县人口发20243号",
    ] {
        let shown = good.search(browser, origin, "zh", &[("q", q)]);
        assert_eq!(
            shown.urls().first(),
            Some(&"/notices/enrolment/"),
            "{q}: {shown:#?}"
        );
        assert!(shown.results[0].partial.is_none(), "{q}: {shown:#?}");
    }
    let title = "关于开展春季计划生育宣传服务活动的通知";
    let shown = good.search(browser, origin, "zh", &[("q", title)]);
    assert_eq!(shown.results[0].title, title, "{shown:#?}");
}

/// Issue 22: 计化生育 (a homophone of 计划生育), its pinyin typed in full, spaced or as
/// initials, and an English word mistyped show the results of what they mean, say so,
/// and link to a search for the query as typed, which then is not corrected.
fn corrections_say_what_was_searched_and_link_to_the_query_as_typed(
    browser: &Browser,
    good: &Built,
) {
    for origin in ORIGINS {
        let meant = good.search(browser, origin, "zh", &[("q", "计划生育")]);
        assert!(meant.note.is_none(), "{origin:?}: {meant:#?}");
        for typed in ["计化生育", "jihuashengyu", "ji hua sheng yu", "jhsy"] {
            let shown = good.search(browser, origin, "zh", &[("q", typed)]);
            assert_eq!(
                shown.note.as_deref(),
                Some(format!("已显示“计划生育”的结果，仍搜索“{typed}”").as_str()),
                "{origin:?} {typed}: {shown:#?}"
            );
            assert_eq!(shown.urls(), meant.urls(), "{origin:?} {typed}");
        }
        // The link searches 计化生育 itself: nothing has it.
        good.search(browser, origin, "zh", &[("q", "计化生育")]);
        browser.click(".search-note a");
        let verbatim = good.read(
            browser,
            origin,
            "document.querySelector('#search-q').value === '计化生育'",
        );
        assert_eq!(verbatim.input, "计化生育", "{origin:?}: {verbatim:#?}");
        assert_eq!(
            verbatim.status, "没有找到相关内容。",
            "{origin:?}: {verbatim:#?}"
        );
        assert!(verbatim.note.is_none(), "{origin:?}: {verbatim:#?}");

        let shown = good.search(browser, origin, "en", &[("q", "refreshr")]);
        assert_eq!(
            shown.note.as_deref(),
            Some("Showing results for “refresher”. Search instead for “refreshr”."),
            "{origin:?}: {shown:#?}"
        );
        assert!(
            shown.urls().contains(&"/en/notices/enrolment/"),
            "{shown:#?}"
        );
    }
}

/// Issue 22: when no page has every term, the pages with half of them or more are
/// shown marked «部分匹配»; 3号 matches 3号 only (not 3 and 号 apart).
fn partial_matches_are_marked_and_numbers_keep_their_character(browser: &Browser, good: &Built) {
    let origin = Origin::Served;
    let shown = good.search(browser, origin, "zh", &[("q", "计划生育 量子纠缠")]);
    assert!(!shown.results.is_empty(), "{shown:#?}");
    for r in &shown.results {
        assert_eq!(r.partial.as_deref(), Some("部分匹配"), "{shown:#?}");
    }
    let full = good.search(browser, origin, "zh", &[("q", "计划生育")]);
    assert!(
        full.results.iter().all(|r| r.partial.is_none()),
        "{full:#?}"
    );

    let shown = good.search(browser, origin, "zh", &[("q", "3号")]);
    assert_eq!(shown.urls(), ["/notices/enrolment/"], "{shown:#?}");
    assert_eq!(shown.results[0].excerpt_marks, ["3号"], "{shown:#?}");
}

/// Issue 22: the enrolment notice breaks "township" and "technicians" over two lines
/// of its Markdown; the excerpt has a space between them, as the page shows.
fn english_excerpts_keep_spaces_between_lines(browser: &Browser, good: &Built) {
    let shown = good.search(
        browser,
        Origin::Served,
        "en",
        &[("q", "township technicians")],
    );
    let notice = shown
        .results
        .iter()
        .find(|r| r.url == "/en/notices/enrolment/")
        .unwrap_or_else(|| panic!("{shown:#?}"));
    assert!(
        notice.excerpt.contains("for township technicians."),
        "{notice:#?}"
    );
}

/// Issue 22: at a phone's width a result's title with a mark in it wraps as one text
/// (each line starts at the title's left edge, not in a column of its own), and
/// "更多" is not shown when there is nothing more.
fn on_a_phone_titles_flow_and_more_is_hidden_without_more(browser: &Browser, good: &Built) {
    browser.set_window_size(360, 740);
    let title = "关于开展春季计划生育宣传服务活动的通知";
    let result = catch_unwind(AssertUnwindSafe(|| {
        let shown = good.search(browser, Origin::Served, "zh", &[("q", "计划生育宣传")]);
        assert!(shown.results.len() < 6, "{shown:#?}");
        assert!(!shown.more_visible, "{shown:#?}");
        let lines = browser.eval(&format!(
            "const a = [...document.querySelectorAll('.search-results a.page-item-title')]
               .find((a) => a.textContent === '{title}');
             const range = document.createRange();
             range.selectNodeContents(a);
             const left = a.getBoundingClientRect().left, starts = new Map();
             for (const r of range.getClientRects()) {{
               const top = Math.round(r.top);
               starts.set(top, Math.min(starts.has(top) ? starts.get(top) : 1e9, r.left - left));
             }}
             return {{ marks: a.querySelectorAll('mark').length, starts: [...starts.values()] }};"
        ));
        assert_eq!(lines["marks"], 1, "{lines}");
        let starts = lines["starts"].as_array().expect("line starts");
        assert!(starts.len() >= 2, "the title wraps at 360 px: {lines}");
        assert!(
            starts
                .iter()
                .all(|s| s.as_f64().expect("a number").abs() < 1.0),
            "every line of the title starts at its left edge: {lines}"
        );
        let none = good.search(browser, Origin::Served, "zh", &[("q", "量子纠缠")]);
        assert!(!none.more_visible, "{none:#?}");
    }));
    browser.set_window_size(1280, 900);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// Issue 22: `refresher` is on no Chinese page: the zh search page says that the
/// English pages have it and links to the English search, which shows them; and the
/// reverse for 计划生育 on the English search page.
fn a_query_only_the_other_language_has_points_there(browser: &Browser, good: &Built) {
    for origin in ORIGINS {
        let shown = good.search(browser, origin, "zh", &[("q", "refresher")]);
        assert!(shown.results.is_empty(), "{origin:?}: {shown:#?}");
        let note = shown.note.clone().unwrap_or_default();
        assert!(
            note.starts_with("中文页面没有找到相关内容；English页面中有 ")
                && note.ends_with("到English页面搜索“refresher”"),
            "{origin:?}: {shown:#?}"
        );
        browser.click(".search-note a");
        let en = good.read(browser, origin, "document.documentElement.lang === 'en'");
        assert_eq!(en.input, "refresher", "{origin:?}: {en:#?}");
        assert!(
            en.urls().contains(&"/en/notices/enrolment/"),
            "{origin:?}: {en:#?}"
        );

        let shown = good.search(browser, origin, "en", &[("q", "计划生育")]);
        let note = shown.note.clone().unwrap_or_default();
        assert!(
            note.contains("the 中文 pages have") && note.ends_with("search “计划生育” in 中文"),
            "{origin:?}: {shown:#?}"
        );
    }
}

// ───────────────────────────── the sites ─────────────────────────────

#[derive(Debug, Clone, Copy)]
enum Origin {
    Served,
    Disk,
}

const ORIGINS: [Origin; 2] = [Origin::Served, Origin::Disk];

/// A site built with the real binary, served on 127.0.0.1 and readable from disk.
struct Built {
    _root: TempDir,
    output: PathBuf,
    server: StaticServer,
    build_log: String,
}

impl Built {
    fn new(root: TempDir) -> Built {
        let out = placard(&["build", "--root", root.path().to_str().expect("utf-8")]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        let output = root.path().join("output");
        Built {
            server: StaticServer::serve(&output),
            output,
            build_log: stderr(&out),
            _root: root,
        }
    }

    /// Opens `lang`'s search page with `params` in the address, as a shared link
    /// would, and reads what it shows once the search is done.
    fn search(
        &self,
        browser: &Browser,
        origin: Origin,
        lang: &str,
        params: &[(&str, &str)],
    ) -> Shown {
        let dir = if lang == "zh" { "" } else { "en/" };
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        let page = match origin {
            Origin::Served => self.server.url(&format!("/{dir}search/")),
            Origin::Disk => file_url(&self.output.join(dir).join("search/index.html")),
        };
        browser.goto(&format!("{page}?{}", query.join("&")));
        self.read(browser, origin, "true")
    }

    /// What the search page shows once a search is done and `also` is true.
    fn read(&self, browser: &Browser, origin: Origin, also: &str) -> Shown {
        let mut shown = wait_for_results(browser, also);
        for r in &mut shown.results {
            r.url = self.root_relative(origin, &r.href);
        }
        shown
    }

    /// A result's link as a root-relative URL (`/plans/x/`). From disk the link must
    /// name the page's `index.html`, which must exist.
    fn root_relative(&self, origin: Origin, href: &str) -> String {
        match origin {
            Origin::Served => {
                let base = self.server.url("");
                format!(
                    "/{}",
                    href.strip_prefix(&base)
                        .unwrap_or_else(|| panic!("{href} is not on {base}"))
                )
            }
            Origin::Disk => {
                let base = file_url(&self.output);
                let rel = href
                    .strip_prefix(&base)
                    .unwrap_or_else(|| panic!("{href} is not inside {base}"));
                let dir = rel.strip_suffix("index.html").unwrap_or_else(|| {
                    panic!("from disk a result must link to index.html: {href}")
                });
                let file = self.output.join(rel);
                assert!(file.is_file(), "{href} links to a missing file");
                format!("/{dir}")
            }
        }
    }

    /// The "first query" bytes of `lang` from the build's `search index:` line.
    fn first_query_budget(&self, lang: &str) -> u64 {
        let line = self
            .build_log
            .lines()
            .find(|l| l.starts_with("search index: "))
            .unwrap_or_else(|| panic!("the build printed no search budget:\n{}", self.build_log));
        let part = line["search index: ".len()..]
            .split("; ")
            .find(|p| p.starts_with(&format!("{lang} ")))
            .unwrap_or_else(|| panic!("no {lang} in {line}"));
        let size = part
            .split("first query ≤ ")
            .nth(1)
            .unwrap_or_else(|| panic!("no first query size in {line}"));
        let (number, unit) = size.split_once(' ').expect("a size and a unit");
        let number: f64 = number.parse().expect("a number");
        match unit {
            "KB" => (number * 1024.0) as u64,
            "MB" => (number * 1_048_576.0) as u64,
            _ => panic!("unknown unit in {line}"),
        }
    }
}

/// A zh-only site of `pages` pages of pseudo-random Chinese text (page `i` is always
/// the same text), with a skewed choice of characters as in real text.
fn generated_site(pages: usize) -> TempDir {
    let dir = tempdir();
    let mut files: Vec<(String, String)> = vec![
        (
            "placard.yaml".into(),
            "title: 生成的站点\nbase_url: https://example.gov.cn\ndefault_language: zh\n\
             languages:\n  zh: { name: 中文, title: 生成的站点 }\ntimezone: Asia/Shanghai\ntheme: default\n"
                .into(),
        ),
        ("content/_index.md".into(), "---\ntitle: 首页\n---\n\n首页。\n".into()),
        (
            "content/library/_index.md".into(),
            "---\ntitle: 资料\n---\n\n资料。\n".into(),
        ),
    ];
    for i in 0..pages {
        files.push((
            format!("content/library/p{i}.md"),
            format!("---\ntitle: 资料{i}\n---\n\n{}\n", page_text(i)),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    write_files(dir.path(), &refs);
    dir
}

/// A compendium of some 40 KB whose only mention of 无息贷款 is near its end, and a
/// short page.
fn long_page_site() -> TempDir {
    let dir = tempdir();
    let body = format!(
        "---\ntitle: 统计工作汇编\n---\n\n{}\n\n文末写明了幸福工程无息贷款的申请办法。\n\n{}\n",
        "各乡镇按时报送统计报表。".repeat(1200),
        "附录。".repeat(50)
    );
    write_files(
        dir.path(),
        &[
            (
                "placard.yaml",
                "title: 汇编\nbase_url: https://example.gov.cn\ndefault_language: zh\n\
                 languages:\n  zh: { name: 中文, title: 汇编 }\ntimezone: Asia/Shanghai\ntheme: default\n",
            ),
            ("content/_index.md", "---\ntitle: 首页\n---\n\n首页。\n"),
            (
                "content/library/_index.md",
                "---\ntitle: 资料\n---\n\n资料。\n",
            ),
            ("content/library/compendium.md", &body),
            (
                "content/library/short.md",
                "---\ntitle: 幸福工程\n---\n\n幸福工程简介。\n",
            ),
        ],
    );
    dir
}

/// Issue 22: the result for a hit 40 KB into a page shows that hit, marked, in its
/// excerpt (the page file holds the first 8 KB of text).
fn a_hit_deep_in_a_long_page_is_shown_and_marked(browser: &Browser, site: &Built) {
    for origin in ORIGINS {
        let shown = site.search(browser, origin, "zh", &[("q", "无息贷款")]);
        assert_eq!(
            shown.urls(),
            ["/library/compendium/"],
            "{origin:?}: {shown:#?}"
        );
        let r = &shown.results[0];
        assert_eq!(r.excerpt_marks, ["无息贷款"], "{origin:?}: {r:#?}");
        assert!(
            r.excerpt.contains("文末写明了幸福工程无息贷款的申请办法"),
            "{origin:?}: {r:#?}"
        );
    }
}

/// 600 characters from the first 4,000 unified ideographs, low ones far more often.
fn page_text(i: usize) -> String {
    let mut state = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..600)
        .map(|n| {
            if n > 0 && n % 60 == 0 {
                return '。';
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            char::from_u32(0x4E00 + (u * u * u * 4000.0) as u32).expect("a CJK character")
        })
        .collect()
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ───────────────────────────── reading the search page ─────────────────────────────

/// What the search page shows.
#[derive(Debug)]
struct Shown {
    status: String,
    results: Vec<Hit>,
    list_hidden: bool,
    /// The query box.
    input: String,
    /// The kind filter's value.
    kind_filter: String,
    /// `location.search`, decoded into pairs.
    params: Vec<(String, String)>,
    /// The note above the results (a correction, a pointer), when shown.
    note: Option<String>,
    /// Whether "More results" is on the screen.
    more_visible: bool,
}

#[derive(Debug)]
struct Hit {
    /// Root-relative URL of the result (`/plans/x/`), from `href`.
    url: String,
    href: String,
    title: String,
    title_marks: Vec<String>,
    kind: String,
    date: Option<String>,
    excerpt: String,
    excerpt_marks: Vec<String>,
    /// The «partial match» label, when shown.
    partial: Option<String>,
}

impl Shown {
    fn urls(&self) -> Vec<&str> {
        self.results.iter().map(|r| r.url.as_str()).collect()
    }

    fn params(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Waits until the search page has finished a search (its status says how many
/// results or that there are none, and it is not busy) and `also` is true; reads it.
fn wait_for_results(browser: &Browser, also: &str) -> Shown {
    browser.wait_until(
        &format!(
            "(() => {{ const app = document.querySelector('[data-search-app]'); \
             const status = document.querySelector('.search-status'); \
             return app && !app.hasAttribute('aria-busy') && status.textContent.trim() !== '' \
             && ({also}); }})()"
        ),
        WAIT,
    );
    let v = browser.eval(
        "const text = (el) => el ? el.textContent : null;
         const marks = (el) => [...el.querySelectorAll('mark')].map((m) => m.textContent);
         return {
           status: document.querySelector('.search-status').textContent,
           listHidden: document.querySelector('.search-results').hidden,
           input: document.querySelector('#search-q').value,
           kind: document.querySelector('select[name=kind]').value,
           params: [...new URLSearchParams(location.search)],
           note: (() => { const n = document.querySelector('.search-note');
                          return n && !n.hidden ? n.textContent : null; })(),
           moreVisible: (() => { const m = document.querySelector('.search-more');
                                 return !!m && m.getClientRects().length > 0; })(),
           results: [...document.querySelectorAll('.search-results > li')].map((li) => {
             const a = li.querySelector('a.page-item-title');
             const excerpt = li.querySelector('.search-excerpt');
             return {
               href: a.href, title: a.textContent, titleMarks: marks(a),
               kind: text(li.querySelector('.page-item-kind')),
               date: text(li.querySelector('time')),
               excerpt: excerpt.textContent, excerptMarks: marks(excerpt),
               partial: text(li.querySelector('.search-partial')),
             };
           }),
         };",
    );
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let list = |v: &Value| {
        v.as_array()
            .map_or(Vec::new(), |a| a.iter().map(s).collect())
    };
    Shown {
        status: s(&v["status"]),
        list_hidden: v["listHidden"] == Value::Bool(true),
        input: s(&v["input"]),
        kind_filter: s(&v["kind"]),
        note: v["note"].as_str().map(str::to_string),
        more_visible: v["moreVisible"] == Value::Bool(true),
        params: v["params"]
            .as_array()
            .expect("params")
            .iter()
            .map(|p| (s(&p[0]), s(&p[1])))
            .collect(),
        results: v["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| Hit {
                url: String::new(),
                href: s(&r["href"]),
                title: s(&r["title"]),
                title_marks: list(&r["titleMarks"]),
                kind: s(&r["kind"]),
                date: r["date"].as_str().map(str::to_string),
                excerpt: s(&r["excerpt"]),
                excerpt_marks: list(&r["excerptMarks"]),
                partial: r["partial"].as_str().map(str::to_string),
            })
            .collect(),
    }
}
