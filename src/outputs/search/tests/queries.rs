//! What residents get: queries through search.js under node against whole
//! indexes, and what each query loads.

use serde_json::{Value, json};

use super::*;

pub(super) fn node_search(index: &SearchIndex, queries: &[Value]) -> Vec<Value> {
    let tmp = TempDir::new("index");
    write_index(index, &tmp.0);
    let out = node(
        "search",
        &json!({"dir": tmp.0.join("index"), "queries": queries}),
    );
    out.as_array().unwrap().clone()
}

fn urls(result: &Value) -> Vec<&str> {
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect()
}

/// The marked parts of an excerpt or title, joined.
fn marks(parts: &Value) -> Vec<String> {
    parts
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mark"] == true)
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

fn plain(parts: &Value) -> String {
    parts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect()
}

#[test]
fn chinese_queries_find_the_right_pages() {
    let pages = zh_pages();
    let index = build_index("zh", &docs(&pages));
    let queries = [
        json!({"q": "计划生育"}),
        json!({"q": "計劃生育"}),
        json!({"q": "段简"}),
        json!({"q": "台湾"}),
        json!({"q": "B超"}),
        json!({"q": "ｂ超"}),
        json!({"q": "〔2024〕4号"}),
        json!({"q": "2024", "filters": {"kind": "plan"}}),
        json!({"q": "2024", "filters": {"year": "2024", "section": "notices"}}),
        json!({"q": "计划", "filters": {"tag": "培训"}}),
        json!({"q": "量子纠缠"}),
        json!({"q": "计划生育服务"}),
        json!({"q": "志愿者 量子"}),
    ];
    let out = node_search(&index, &queries);
    let first = |i: usize| urls(&out[i]).first().copied().unwrap_or("(none)");

    // Simplified and Traditional queries give the same answers, title matches first.
    assert_eq!(first(0), "/trainings/technician-refresher-2024/");
    assert_eq!(urls(&out[0]), urls(&out[1]));
    assert!(
        urls(&out[0]).contains(&"/plans/taiwan-exchange/"),
        "Traditional page found by a Simplified query"
    );
    assert_eq!(
        urls(&out[0]).last(),
        Some(&"/plans/scattered/"),
        "计划 and 生育 apart rank last"
    );
    // A fragment from the middle of running text.
    assert_eq!(urls(&out[2]), ["/notices/marriage-campaign/"]);
    assert_eq!(marks(&out[2]["results"][0]["excerpt"]), ["段简"]);
    // A Simplified query finds a Traditional page, and its excerpt marks the original.
    assert_eq!(first(3), "/plans/taiwan-exchange/");
    assert_eq!(marks(&out[3]["results"][0]["title"]), ["臺灣"]);
    // Codes and numbers.
    assert_eq!(first(4), "/trainings/technician-refresher-2024/");
    assert_eq!(urls(&out[4]), urls(&out[5]));
    assert_eq!(urls(&out[6]), ["/notices/western-volunteers-2024/"]);
    // Filters.
    assert_eq!(urls(&out[7]), ["/plans/work-points-2024/"]);
    assert_eq!(urls(&out[8]), ["/notices/western-volunteers-2024/"]);
    assert_eq!(urls(&out[9]), ["/trainings/technician-refresher-2024/"]);
    // Nothing.
    assert_eq!(out[10]["total"], 0);
    assert!(urls(&out[10]).is_empty());
    // A phrase ranks above the same bigrams apart in a page of the same length.
    assert_eq!(
        urls(&out[11]),
        ["/notices/service-hours/", "/plans/scattered/"]
    );
    assert_eq!(marks(&out[11]["results"][0]["excerpt"]), ["计划生育服务"]);
    // No page has every term: the pages with most of them, marked as partial.
    assert_eq!(urls(&out[12]), ["/notices/western-volunteers-2024/"]);
    assert_eq!(out[12]["partial"], true);
}

/// A notice's document number, issuer and contact and a training's modules are in the
/// front matter, not the body: they are found all the same, and shown marked.
#[test]
fn front_matter_facts_are_found_and_shown() {
    use crate::content::front_matter::{KindMeta, Located, Module, Notice, Training};
    let notice = KindMeta::Notice(Notice {
        issuer: Some("县人口和计划生育委员会".into()),
        doc_number: Some("县人口发〔2024〕3号".into()),
        ..Default::default()
    });
    let training = KindMeta::Training(Training {
        venue: Some("县服务站培训室".into()),
        modules: vec![Located {
            value: Module {
                id: "U1".into(),
                title: "查环查孕及B超操作技能".into(),
                hours: Some(6.0),
                instructor: Some("李秀梅".into()),
            },
            line: None,
        }],
        ..Default::default()
    });
    let (notice_facts, training_facts) = (
        crate::outputs::search::facts(&notice),
        crate::outputs::search::facts(&training),
    );
    assert_eq!(
        notice_facts,
        ["县人口和计划生育委员会", "县人口发〔2024〕3号"]
    );
    assert_eq!(
        training_facts,
        ["县服务站培训室", "查环查孕及B超操作技能", "李秀梅"]
    );
    let pages = [
        page(
            "/notices/enrolment/",
            "notice",
            "2024-03-01",
            "关于进修培训报名的通知",
            "请各乡镇按时报名。",
        ),
        page(
            "/trainings/course/",
            "training",
            "2024-02-26",
            "乡级技术人员进修培训",
            "培训分两期进行。",
        ),
        page("/about/", "page", "", "关于我们", "本站发布通知。"),
    ];
    let mut docs = docs(&pages);
    docs[0].summary = Some("请各乡镇按时报送报名表。");
    docs[0].facts = &notice_facts;
    docs[1].facts = &training_facts;
    let index = build_index("zh", &docs);
    let queries = [
        json!({"q": "县人口发〔2024〕3号"}),
        json!({"q": "B超"}),
        json!({"q": "李秀梅"}),
        json!({"q": "报名表"}),
    ];
    let out = node_search(&index, &queries);
    assert_eq!(urls(&out[0]), ["/notices/enrolment/"]);
    // Marked in the excerpt; the brackets are not part of any term.
    let excerpt = &out[0]["results"][0]["excerpt"];
    assert!(plain(excerpt).contains("县人口发〔2024〕3号"), "{excerpt}");
    assert!(marks(excerpt).ends_with(&["县人口发".into(), "2024".into(), "3号".into()]));
    assert_eq!(urls(&out[1]), ["/trainings/course/"]);
    assert_eq!(marks(&out[1]["results"][0]["excerpt"]), ["B超"]);
    assert_eq!(urls(&out[2]), ["/trainings/course/"]);
    // The summary comes first: a page's excerpt starts with it.
    assert_eq!(urls(&out[3]), ["/notices/enrolment/"]);
    assert!(
        plain(&out[3]["results"][0]["excerpt"]).starts_with("请各乡镇按时报送报名表。"),
        "{}",
        out[3]
    );
}

#[test]
fn english_queries_are_stemmed_and_case_folded() {
    let pages = en_pages();
    let index = build_index("en", &docs(&pages));
    let queries = [
        json!({"q": "volunteers"}),
        json!({"q": "VOLUNTEER"}),
        json!({"q": "running"}),
        json!({"q": "run"}),
        json!({"q": "family planning", "filters": {"kind": "training"}}),
        json!({"q": "B-ultrasound"}),
        json!({"q": "quantum entanglement"}),
        json!({"q": "constructor"}),
    ];
    let out = node_search(&index, &queries);
    assert_eq!(urls(&out[0])[0], "/en/notices/western-volunteers-2024/");
    assert!(urls(&out[0]).contains(&"/en/plans/work-points-2024/"));
    assert_eq!(urls(&out[0]), urls(&out[1]));
    assert_eq!(marks(&out[0]["results"][0]["title"]), ["volunteers"]);
    assert_eq!(urls(&out[2]), ["/en/trainings/technician-refresher-2024/"]);
    assert_eq!(urls(&out[3]), urls(&out[2]));
    assert_eq!(marks(&out[2]["results"][0]["excerpt"]), ["running", "run"]);
    assert_eq!(urls(&out[4]), ["/en/trainings/technician-refresher-2024/"]);
    assert_eq!(
        first_excerpt_marks(&out[5]),
        ["B-ultrasound"],
        "marks join across a hyphen"
    );
    assert_eq!(out[6]["total"], 0);
    assert_eq!(
        out[7]["total"], 0,
        "a term that is also a property of JavaScript objects"
    );
}

/// The search page warms the engine up on a made-up index once the real one is ready
/// (`search.js`: `warmUp`); a query after it gives the same results, marks and
/// excerpts, and loads the same files, as on a cold engine.
#[test]
fn warming_up_changes_no_result_and_loads_nothing() {
    for (lang, pages, qs) in [
        (
            "zh",
            zh_pages(),
            &["计划生育", "段简", "B超", "志愿者 量子", "计划"][..],
        ),
        (
            "en",
            en_pages(),
            &["volunteers", "B-ultrasound", "family planning"][..],
        ),
    ] {
        let index = build_index(lang, &docs(&pages));
        let queries: Vec<Value> = qs
            .iter()
            .flat_map(|q| [json!({"q": q}), json!({"q": q, "warm": true})])
            .collect();
        let out = node_search(&index, &queries);
        for (pair, q) in out.chunks(2).zip(qs) {
            assert!(
                pair[0]["total"].as_u64().unwrap() > 0,
                "{q} finds something"
            );
            assert_eq!(pair[0], pair[1], "{q}: cold and warmed-up engines agree");
        }
    }
}

fn first_excerpt_marks(result: &Value) -> Vec<String> {
    marks(&result["results"][0]["excerpt"])
}

#[test]
fn a_query_loads_only_what_it_needs() {
    let pages = zh_pages();
    let index = build_index("zh", &docs(&pages));
    let out = node_search(&index, &[json!({"q": "段简"})]);
    let files: Vec<&str> = out[0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        files.iter().filter(|f| f.starts_with("d/")).count(),
        1,
        "{files:?}"
    );
    assert_eq!(
        files.iter().filter(|f| f.starts_with("s/")).count(),
        1,
        "{files:?}"
    );
    assert!(out[0]["bytes"].as_u64().unwrap() as usize <= index.first_query_bytes);
    let excerpt = plain(&out[0]["results"][0]["excerpt"]);
    assert!(excerpt.contains("一段简单易懂"), "{excerpt}");
}

#[test]
fn a_common_term_loads_in_the_same_round_as_the_others() {
    // 4,000 notices that all say 计划生育: its bigrams' postings pass 3 KB, so they are
    // long lists, in files of their own. One notice also says 幸福工程 (a rare term,
    // in a shard).
    let pages: Vec<(String, String, String)> = (0..4000)
        .map(|i| {
            let extra = if i == 1234 {
                "幸福工程贷款。"
            } else {
                ""
            };
            (
                format!("/notices/n{i:04}/"),
                format!("第{i}号通知"),
                format!("做好计划生育服务工作。{extra}编号{i}。"),
            )
        })
        .collect();
    let docs: Vec<SearchDoc<'_>> = pages
        .iter()
        .map(|(url, title, body)| SearchDoc::notice(url, title, body))
        .collect();
    let index = build_index("zh", &docs);
    assert!(
        index.files.iter().any(|f| f.path.starts_with("index/p/")),
        "no long list at 4,000 pages"
    );
    let out = node_search(
        &index,
        &[
            json!({"q": "计划生育"}),
            json!({"q": "计划生育 幸福工程"}),
            json!({"q": "生育"}),
        ],
    );
    for result in &out {
        let files: Vec<&str> = result["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let rounds: Vec<u64> = result["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap())
            .collect();
        let round_of = |prefix: &str| -> Vec<u64> {
            files
                .iter()
                .zip(&rounds)
                .filter(|(f, _)| f.starts_with(prefix))
                .map(|(_, &r)| r)
                .collect()
        };
        // meta.js and t2s.js, then every term's shard or long list, then the pages.
        assert!(!round_of("p/").is_empty(), "{files:?}");
        assert!(
            round_of("p/").iter().all(|&r| r == 2),
            "{files:?} {rounds:?}"
        );
        assert!(
            round_of("s/").iter().all(|&r| r == 2),
            "{files:?} {rounds:?}"
        );
        assert!(
            round_of("d/").iter().all(|&r| r == 3),
            "{files:?} {rounds:?}"
        );
    }
    // A one-term query stays within the budget the build prints.
    assert!(out[2]["bytes"].as_u64().unwrap() as usize <= index.first_query_bytes);
    assert_eq!(out[0]["total"], 4000);
    assert_eq!(out[1]["total"], 1);
    assert_eq!(urls(&out[1]), ["/notices/n1234/"]);
}

/// The JSON a script of the index hands to `__placardSearch.load`.
fn script_data(bytes: &[u8]) -> Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let start = text.find(',').unwrap() + 1;
    let end = text.rfind(");").unwrap();
    serde_json::from_str(&text[start..end]).unwrap()
}

#[test]
fn neighbouring_pages_share_a_page_file_up_to_its_size() {
    use crate::outputs::search::index::{PACK_RANGE, PAGE_FILE_BYTES};
    // Forty short notices, a long one in the middle, a needle in the last.
    let bodies: Vec<String> = (0..41)
        .map(|i| match i {
            20 => "各乡镇要做好人口和计划生育工作的宣传。".repeat(200),
            40 => "最后一页写到了罕见的鹦鹉螺。".to_string(),
            _ => format!("第{i}号通知：乡镇服务站本周照常开放。"),
        })
        .collect();
    let page_urls: Vec<String> = (0..41).map(|i| format!("/notices/n{i:02}/")).collect();
    let titles: Vec<String> = (0..41).map(|i| format!("通知{i}")).collect();
    let docs: Vec<SearchDoc> = (0..41)
        .map(|i| SearchDoc::notice(&page_urls[i], &titles[i], &bodies[i]))
        .collect();
    let index = build_index("zh", &docs);
    let meta = index
        .files
        .iter()
        .find(|f| f.path == "index/meta.js")
        .unwrap();
    let marks = script_data(&meta.bytes)["docFiles"]
        .as_str()
        .unwrap()
        .to_string();
    let page_files: Vec<_> = index
        .files
        .iter()
        .filter(|f| f.path.starts_with("index/d/"))
        .collect();
    assert!(page_files.len() < 10, "{} page files", page_files.len());
    let mut seen = Vec::new();
    for f in &page_files {
        let start: usize = f.path["index/d/".len()..f.path.len() - 3].parse().unwrap();
        let digit = marks.as_bytes()[start / 6];
        // The six-bit alphabet of the index's encodings (encode.rs).
        let value = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
            .find(digit as char)
            .unwrap();
        assert_eq!((value >> (start % 6)) & 1, 1, "{} is not marked", f.path);
        let pages = script_data(&f.bytes);
        let pages = pages.as_array().unwrap();
        if pages.len() > 1 {
            assert!(
                f.bytes.len() <= PAGE_FILE_BYTES + 64,
                "{}: {}",
                f.path,
                f.bytes.len()
            );
        }
        for (k, p) in pages.iter().enumerate() {
            seen.push((start + k, p["url"].as_str().unwrap().to_string()));
        }
    }
    seen.sort();
    // Pages are numbered by URL here (one section, one kind): every page is in
    // exactly one file, at its place.
    let expected: Vec<(usize, String)> = page_urls.iter().cloned().enumerate().collect();
    assert_eq!(seen, expected);
    // No file spans two ranges of sixteen pages, and the long page (its text cut at
    // 8 KB) shares a file only with what fits beside it.
    for f in &page_files {
        let start: usize = f.path["index/d/".len()..f.path.len() - 3].parse().unwrap();
        let last = start + script_data(&f.bytes).as_array().unwrap().len() - 1;
        assert_eq!(start / PACK_RANGE, last / PACK_RANGE, "{}", f.path);
    }
    let long = page_files
        .iter()
        .find(|f| script_data(&f.bytes).to_string().contains("/notices/n20/"))
        .unwrap();
    assert!(long.bytes.len() <= PAGE_FILE_BYTES + 64);

    // The browser code finds a page inside a shared file and shows its own excerpt.
    let out = node_search(&index, &[json!({"q": "鹦鹉螺"}), json!({"q": "第7号"})]);
    assert_eq!(urls(&out[0]), ["/notices/n40/"]);
    assert!(plain(&out[0]["results"][0]["excerpt"]).contains("鹦鹉螺"));
    assert_eq!(urls(&out[1])[0], "/notices/n07/");
    assert!(plain(&out[1]["results"][0]["excerpt"]).contains("第7号通知"));
}

/// A query equal to a title or a document number (in any brackets, or none) ranks
/// that page first and counts it as having every term.
#[test]
fn exact_titles_and_document_numbers_come_first() {
    let pages = zh_pages();
    let mut docs = docs(&pages);
    let number = ["团县发〔2024〕4号".to_string()];
    docs[1].facts = &number;
    let index = build_index("zh", &docs);
    let variants = [
        "团县发〔2024〕4号",
        "团县发[2024]4号",
        "团县发（2024）4号",
        "团县发2024 4号",
        "团县发20244号",
    ];
    let mut queries: Vec<Value> = variants.iter().map(|q| json!({ "q": q })).collect();
    queries.push(json!({"q": "开放时间安排"}));
    let out = node_search(&index, &queries);
    for (q, result) in variants.iter().zip(&out) {
        assert_eq!(
            urls(result).first(),
            Some(&"/notices/western-volunteers-2024/"),
            "{q}: {result}"
        );
        assert_eq!(result["partial"], false, "{q}: {result}");
    }
    assert_eq!(urls(&out[5]).first(), Some(&"/notices/service-hours/"));
}

/// The page with the query as a phrase comes first even when pages that have its
/// terms apart, many times, score higher and fill the first screen.
#[test]
fn a_phrase_beats_scattered_terms_across_screens() {
    let scattered = "今年计划完成，划生产区扩大，生育政策到户。".repeat(4);
    let mut pages: Vec<(String, String)> = (0..12)
        .map(|i| (format!("/plans/s{i:02}/"), scattered.clone()))
        .collect();
    pages.push((
        "/plans/phrase/".to_string(),
        format!(
            "{}做好计划生育服务。",
            "乡镇工作总结，各项任务落实到位。".repeat(6)
        ),
    ));
    let docs: Vec<SearchDoc<'_>> = pages
        .iter()
        .map(|(url, body)| SearchDoc::notice(url, "工作总结", body))
        .collect();
    let index = build_index("zh", &docs);
    let out = node_search(&index, &[json!({"q": "计划生育"})]);
    assert_eq!(out[0]["total"], 13, "{}", out[0]);
    assert_eq!(urls(&out[0]).first(), Some(&"/plans/phrase/"), "{}", out[0]);
    assert_eq!(first_excerpt_marks(&out[0]), ["计划生育"]);
}

/// A homophone (计化生育), typed pinyin (full, spaced, initials) and English words
/// mistyped find what they mean, and say what they searched for.
#[test]
fn homophones_pinyin_and_typos_are_corrected() {
    let zh = zh_pages();
    let zh_index = build_index("zh", &docs(&zh));
    let queries = [
        "计划生育",
        "计化生育",
        "jihuashengyu",
        "ji hua sheng yu",
        "jhsy",
        "计划生育",
    ];
    let out = node_search(
        &zh_index,
        &queries
            .iter()
            .map(|q| json!({ "q": q }))
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        out[0]["corrected"],
        Value::Null,
        "a query that finds pages is kept"
    );
    for (q, result) in queries.iter().zip(&out).skip(1).take(4) {
        assert_eq!(result["corrected"], "计划生育", "{q}: {result}");
        assert_eq!(urls(result), urls(&out[0]), "{q}");
    }

    let en = en_pages();
    let en_index = build_index("en", &docs(&en));
    let out = node_search(
        &en_index,
        &[
            json!({"q": "voluntere"}),
            json!({"q": "tecnicians"}),
            json!({"q": "volunteer"}),
        ],
    );
    assert_eq!(out[0]["corrected"], "volunteer", "{}", out[0]);
    assert_eq!(urls(&out[0]), urls(&out[2]));
    assert_eq!(out[1]["corrected"], "technicians", "{}", out[1]);
    assert_eq!(out[2]["corrected"], Value::Null);
}

/// A number with the character after it is one term: 3个 finds 3个 (not 3 and 个 apart),
/// marked as one.
#[test]
fn a_number_and_its_character_are_one_term() {
    let pages = [
        ("/a/", "进修3个月，分三期。"),
        ("/b/", "共13个乡镇，3人。"),
        ("/c/", "3位老师，每人一个模块。"),
    ];
    let docs: Vec<SearchDoc<'_>> = pages
        .iter()
        .map(|(url, body)| SearchDoc::notice(url, "通知", body))
        .collect();
    let index = build_index("zh", &docs);
    let out = node_search(&index, &[json!({"q": "3个"})]);
    assert_eq!(urls(&out[0]), ["/a/"], "{}", out[0]);
    assert_eq!(first_excerpt_marks(&out[0]), ["3个"]);
}

/// A hit 40 KB into a long page (past the text its page file holds) is shown and
/// marked, from the piece of the page that has it.
#[test]
fn a_hit_deep_in_a_long_page_is_shown() {
    let long = format!(
        "{}文末写明了幸福工程无息贷款的申请办法。{}",
        "各乡镇按时报送统计报表。".repeat(1200),
        "附录。".repeat(50)
    );
    let docs = [
        SearchDoc::notice("/long/", "汇编", &long),
        SearchDoc::notice("/short/", "通知", "幸福工程简介。"),
    ];
    let index = build_index("zh", &docs);
    let out = node_search(&index, &[json!({"q": "无息贷款"})]);
    assert_eq!(urls(&out[0]), ["/long/"], "{}", out[0]);
    assert_eq!(first_excerpt_marks(&out[0]), ["无息贷款"], "{}", out[0]);
    let excerpt = plain(&out[0]["results"][0]["excerpt"]);
    assert!(excerpt.contains("幸福工程无息贷款的申请办法"), "{excerpt}");
}

/// Two long titles that differ only after their first 32 letters are two exact keys:
/// the query equal to one ranks it first, though the other has its words more often.
#[test]
fn long_titles_that_differ_at_the_end_are_told_apart() {
    let body = "Three-year action plan for community services: community services plan.";
    let docs = [
        SearchDoc::notice(
            "/a/",
            "Three-year action plan for community services (2015-2017)",
            body,
        ),
        SearchDoc::notice(
            "/b/",
            "Three-year action plan for community services (2016-2018)",
            "A plan.",
        ),
    ];
    let index = build_index("en", &docs);
    let out = node_search(
        &index,
        &[json!({"q": "Three-year action plan for community services (2016-2018)"})],
    );
    assert_eq!(urls(&out[0]).first(), Some(&"/b/"), "{}", out[0]);
}

/// A character written several times (的的的的) is a phrase: the page with the run
/// comes first and is marked whole; a page with only the pair (的的确确) follows,
/// marked partial; a page with single 的 is no match and nothing in it is marked.
#[test]
fn a_repeated_character_is_a_phrase() {
    let pages = [
        ("/a/", "他说：好的的的的，一定办到。"),
        ("/b/", "我的书和你的笔都在桌上。"),
        ("/c/", "这件事的的确确办好了。"),
    ];
    let docs: Vec<SearchDoc<'_>> = pages
        .iter()
        .map(|(url, body)| SearchDoc::notice(url, "通知", body))
        .collect();
    let index = build_index("zh", &docs);
    let out = node_search(&index, &[json!({"q": "的的的的"})]);
    assert_eq!(urls(&out[0]), ["/a/", "/c/"], "{}", out[0]);
    assert_eq!(first_excerpt_marks(&out[0]), ["的的的的"]);
    let partial: Vec<&serde_json::Value> = out[0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["partial"])
        .collect();
    assert_eq!(partial, [&json!(false), &json!(true)], "{}", out[0]);
}
