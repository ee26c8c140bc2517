//! Whole-index tests: what a resident searching the site gets, run through the real
//! browser code under node (`node_harness.js`), and the Rust and JavaScript halves
//! checked against each other.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::normalize::{normalize, t2s};
use super::tokenize::{WordStemmer, query_terms};
use super::{SearchDoc, SearchIndex, build_index};

struct Page {
    url: &'static str,
    title: &'static str,
    kind: &'static str,
    section: Option<&'static str>,
    date: Option<&'static str>,
    tags: Vec<String>,
    headings: Vec<String>,
    body: &'static str,
}

fn page(
    url: &'static str,
    kind: &'static str,
    date: &'static str,
    title: &'static str,
    body: &'static str,
) -> Page {
    let section = url
        .trim_start_matches("/en")
        .split('/')
        .nth(1)
        .filter(|s| !s.is_empty());
    Page {
        url,
        title,
        kind,
        section: section.filter(|_| kind != "page"),
        date: Some(date).filter(|d| !d.is_empty()),
        tags: Vec::new(),
        headings: Vec::new(),
        body,
    }
}

fn zh_pages() -> Vec<Page> {
    let mut pages = vec![
        page(
            "/trainings/technician-refresher-2024/",
            "training",
            "2024-02-20",
            "2024年乡级计划生育技术服务人员进修培训",
            "全县乡级计划生育技术服务人员分三期到县服务站脱产进修3个月，系统学习手术操作、查环查孕及B超、医疗文书书写等十个模块。",
        ),
        page(
            "/notices/western-volunteers-2024/",
            "notice",
            "2024-04-08",
            "关于招募2024年大学生志愿服务西部计划志愿者的公告",
            "团县委面向普通高校应届毕业生招募24名西部计划志愿者，到我县乡镇一级从事1至2年支教、支医、支农等志愿服务。文号：团县发〔2024〕4号。",
        ),
        page(
            "/notices/marriage-campaign/",
            "notice",
            "2023-11-02",
            "婚育新风进万家活动通知",
            "各乡镇要以一段简单易懂的宣传口号开展婚育新风进万家活动，县人口发〔2023〕3号文件同时废止。",
        ),
        page(
            "/plans/work-points-2024/",
            "plan",
            "2024-01-05",
            "2024年人口和计划生育工作要点",
            "稳定低生育水平，统筹解决人口问题。继续推进优质服务，做好流动人口计划生育管理。",
        ),
        page(
            "/plans/taiwan-exchange/",
            "plan",
            "2022-06-01",
            "臺灣地區計劃生育經驗交流實施方案",
            "本方案以繁體字書寫，介紹臺灣地區的家庭計劃與人口政策經驗，供各鄉鎮參考。",
        ),
        page(
            "/notices/service-hours/",
            "notice",
            "2021-05-01",
            "开放时间安排",
            "乡镇计划生育服务所每周一至周五开放，节假日照常值班。",
        ),
        page(
            "/plans/scattered/",
            "plan",
            "2021-03-01",
            "乡镇工作总结",
            "今年计划完成，划生产区扩大，生育政策到户，体育服装和服务站到位。",
        ),
        page(
            "/about/",
            "page",
            "",
            "关于本站",
            "本站发布县人民政府的通知公告、工作计划和培训安排。",
        ),
    ];
    pages[0].tags = vec!["培训".into(), "计划生育".into()];
    pages[0].headings = vec!["课程模块".into(), "查环查孕及B超操作技能".into()];
    pages[1].tags = vec!["志愿服务".into()];
    pages
}

fn en_pages() -> Vec<Page> {
    let mut pages = vec![
        page(
            "/en/notices/western-volunteers-2024/",
            "notice",
            "2024-04-08",
            "Recruiting college graduate volunteers for the Western Programme",
            "The county youth league will recruit 24 graduates. Each volunteer serves one to two years in a township school or clinic.",
        ),
        page(
            "/en/trainings/technician-refresher-2024/",
            "training",
            "2024-02-20",
            "Refresher training for township family planning technicians",
            "Technicians are running through ten modules, including B-ultrasound examination and record keeping. Sessions run from March to December.",
        ),
        page(
            "/en/plans/work-points-2024/",
            "plan",
            "2024-01-05",
            "Key points of population and family planning work in 2024",
            "Keep the birth rate stable, improve quality services and manage the migrant population. Volunteer associations help with publicity.",
        ),
        page(
            "/en/about/",
            "page",
            "",
            "About this site",
            "This site publishes the notices, work plans and training schedules of the county government.",
        ),
    ];
    pages[1].tags = vec!["training".into()];
    pages
}

fn docs(pages: &[Page]) -> Vec<SearchDoc<'_>> {
    pages
        .iter()
        .map(|p| SearchDoc {
            url: p.url,
            title: p.title,
            kind: p.kind,
            section: p.section,
            date: p.date,
            tags: &p.tags,
            headings: &p.headings,
            summary: None,
            body: p.body,
            facts: &[],
        })
        .collect()
}

/// A folder under the system's temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("placard-search-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_index(index: &SearchIndex, dir: &Path) {
    for f in &index.files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
}

/// This folder, whether the crate is built from the repository or includes it by path.
fn search_dir() -> PathBuf {
    let here = Path::new(file!());
    let here = if here.is_absolute() {
        here.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(here)
    };
    here.parent().unwrap().to_path_buf()
}

/// Runs `node_harness.js MODE` on `input`; `None` when node is not installed
/// (outside CI, where it must be).
fn node(mode: &str, input: &Value) -> Option<Value> {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "node is needed to test search.js"
        );
        eprintln!("node not found: skipping the JavaScript side of this test");
        return None;
    }
    let tmp = TempDir::new(&format!("node-{mode}"));
    let file = tmp.0.join("input.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let out = Command::new("node")
        .arg(search_dir().join("node_harness.js"))
        .arg(mode)
        .arg(&file)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "node_harness.js {mode} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON from node_harness.js"))
}

fn full_t2s() -> Value {
    let pairs = t2s().pairs();
    json!([
        pairs.iter().map(|p| p.0).collect::<String>(),
        pairs.iter().map(|p| p.1).collect::<String>()
    ])
}

#[test]
fn same_pages_give_the_same_bytes_in_any_order() {
    let pages = zh_pages();
    let a = build_index("zh", &docs(&pages));
    let mut reversed = docs(&pages);
    reversed.reverse();
    let b = build_index("zh", &reversed);
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.path, y.path);
        assert!(x.bytes == y.bytes, "{} differs", x.path);
    }
    assert!(a.files.windows(2).all(|w| w[0].path < w[1].path));
    assert_eq!(
        a.total_bytes,
        a.files.iter().map(|f| f.bytes.len()).sum::<usize>()
    );
    assert!(a.first_query_bytes > 0 && a.first_query_bytes <= a.total_bytes);
    for name in [
        "index/meta.js",
        "index/t2s.js",
        "index/s/0.js",
        "index/d/0.js",
        "index/f/0.js",
    ] {
        assert!(a.files.iter().any(|f| f.path == name), "{name} missing");
    }
}

#[test]
fn an_empty_site_has_a_working_index() {
    let index = build_index("en", &[]);
    assert!(index.files.iter().any(|f| f.path == "index/meta.js"));
    let Some(out) = node_search(&index, &[json!({"q": "anything"})]) else {
        return;
    };
    assert_eq!(out[0]["total"], 0);
}

#[test]
fn javascript_normalises_like_rust() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("normalize_cases.json")).expect("normalize_cases.json");
    let mut inputs: Vec<String> = cases
        .iter()
        .map(|c| c["input"].as_str().unwrap().to_string())
        .collect();
    // Every character of the BMP on its own, and the ideographs beyond it.
    let singles = (0x20..0x3_0000u32)
        .filter(|&cp| {
            cp < 0x1_0000
                || (0x2_0000..0x2_0100).contains(&cp)
                || t2s().pairs().iter().any(|p| p.0 as u32 == cp)
        })
        .filter_map(char::from_u32)
        .filter(|c| !c.is_control());
    inputs.extend(singles.map(String::from));
    let Some(out) = node("normalize", &json!({"t2s": full_t2s(), "inputs": inputs})) else {
        return;
    };
    let js: Vec<String> = serde_json::from_value(out).unwrap();
    let mut differ = Vec::new();
    for (input, js) in inputs.iter().zip(&js) {
        let rust = normalize(input);
        if &rust != js {
            differ.push(format!(
                "{:?} (U+{:04X}): rust {rust:?}, js {js:?}",
                input,
                input.chars().next().map_or(0, |c| c as u32)
            ));
        }
    }
    // The two sides may run different Unicode versions: only characters assigned
    // since then may differ, and none of the shared cases.
    let case_count = cases.len();
    let case_failures: Vec<&String> = differ
        .iter()
        .filter(|d| {
            inputs[..case_count]
                .iter()
                .any(|i| d.starts_with(&format!("{i:?} ")))
        })
        .collect();
    assert!(
        case_failures.is_empty(),
        "shared cases differ:\n{}",
        differ.join("\n")
    );
    assert!(
        differ.len() <= 50,
        "{} characters differ:\n{}",
        differ.len(),
        differ[..differ.len().min(50)].join("\n")
    );
}

/// The Snowball test vocabulary that ships with rust-stemmers, if cargo has it.
fn snowball_vocabulary() -> Vec<String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry").join("src")) else {
        return Vec::new();
    };
    let Ok(registries) = std::fs::read_dir(src) else {
        return Vec::new();
    };
    for registry in registries.flatten() {
        let file = registry
            .path()
            .join("rust-stemmers-1.2.0/test_data/voc_en.txt");
        if let Ok(text) = std::fs::read_to_string(file) {
            return text
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
        }
    }
    Vec::new()
}

#[test]
fn javascript_stems_like_rust() {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let bases = [
        "volunteer",
        "run",
        "plan",
        "train",
        "notice",
        "nation",
        "relate",
        "hope",
        "hop",
        "agree",
        "feed",
        "generate",
        "communicate",
        "arsenal",
        "sky",
        "news",
        "die",
        "lie",
        "fly",
        "happy",
        "cry",
        "play",
        "conflate",
        "trouble",
        "size",
        "fall",
        "fizz",
        "fail",
        "file",
        "hope",
        "rate",
        "control",
        "roll",
        "analogy",
        "formal",
        "electric",
        "sensible",
        "adjust",
        "depend",
        "adopt",
        "effective",
        "bowdler",
        "inning",
        "proceed",
        "succeed",
        "canning",
        "early",
        "only",
        "gently",
        "yes",
        "yield",
        "eye",
        "say",
        "programme",
        "township",
        "technician",
        "population",
        "service",
        "quality",
        "migrant",
        "record",
    ];
    let suffixes = [
        "", "s", "es", "ed", "ing", "ly", "er", "ers", "ness", "ful", "ment", "ments", "ation",
        "ational", "ization", "ize", "izer", "ality", "alism", "ousness", "iveness", "fulness",
        "ical", "ative", "ence", "ance", "ible", "able", "ably", "edly", "ingly", "eed", "ied",
        "ies", "sses", "y", "li", "ogi",
    ];
    let mut words: Vec<String> = bases
        .iter()
        .flat_map(|b| suffixes.iter().map(move |s| format!("{b}{s}")))
        .collect();
    words.extend(
        snowball_vocabulary()
            .into_iter()
            .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase())),
    );
    let Some(out) = node("stem", &json!({ "words": words })) else {
        return;
    };
    let js: Vec<String> = serde_json::from_value(out).unwrap();
    let differ: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, js)| stemmer.stem(w) != js.as_str())
        .map(|(w, js)| format!("{w}: rust {}, js {js}", stemmer.stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
}

#[test]
fn javascript_splits_queries_like_rust() {
    let texts = [
        "计划生育",
        "計劃生育 工作要點",
        "B超操作",
        "县人口发〔2024〕3号",
        "Volunteers running",
        "ＴＥＣＨＮＩＣＩＡＮＳ ２０２４年",
        "café naïve résumé",
        "한국어 テスト カタカナ",
        "二〇二四年 々",
        "emoji🙂mixed中文and English",
        "x1y2 0551-1234567 7.5‰",
        "county's children\u{2019}s 'quoted' students' don't",
        "一",
        "supercalifragilisticexpialidocious-and-a-very-long-word-beyond-forty-characters",
        "thisisaverylongwordwithmorethanfortycharactersinit",
    ];
    // Every character on its own (beyond the BMP: the CJK extension B block's start
    // and a few others), so that each one is a word, a CJK unit or a separator on
    // both sides alike.
    let every: String = (0x20..0x1_0000u32)
        .chain(0x2_0000..0x2_0100)
        .chain([0x1_F642, 0x1_D400, 0x3_23AF, 0x3_23B0])
        .filter_map(char::from_u32)
        .filter(|c| !c.is_control())
        // Letters new in Unicode 16 (2024), which Rust's tables know and node 20's ICU
        // does not yet (Chromium's does).
        .filter(|c| !matches!(*c as u32, 0x558 | 0x58B | 0x58C | 0x209D..=0x209F))
        .flat_map(|c| [c, ' '])
        .collect();
    let every: Vec<String> = every
        .chars()
        .collect::<Vec<char>>()
        .chunks(4000)
        .map(|chunk| chunk.iter().collect())
        .collect();
    let mut texts: Vec<&str> = texts.to_vec();
    texts.extend(every.iter().map(String::as_str));
    let stemmer = WordStemmer::new();
    let Some(out) = node("terms", &json!({"t2s": full_t2s(), "texts": texts})) else {
        return;
    };
    for (text, js) in texts.iter().zip(out.as_array().unwrap()) {
        let rust = query_terms(&normalize(text), &stemmer);
        let hashes: Vec<u32> = rust.iter().map(|t| super::encode::term_hash(t)).collect();
        assert_eq!(json!(rust), js["terms"], "terms of {text:?}");
        assert_eq!(json!(hashes), js["hashes"], "hashes of {text:?}");
    }
}

fn node_search(index: &SearchIndex, queries: &[Value]) -> Option<Vec<Value>> {
    let tmp = TempDir::new("index");
    write_index(index, &tmp.0);
    let out = node(
        "search",
        &json!({"dir": tmp.0.join("index"), "queries": queries}),
    )?;
    Some(out.as_array().unwrap().clone())
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
    let Some(out) = node_search(&index, &queries) else {
        return;
    };
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
    let (notice_facts, training_facts) = (super::facts(&notice), super::facts(&training));
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
    let Some(out) = node_search(&index, &queries) else {
        return;
    };
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
    let Some(out) = node_search(&index, &queries) else {
        return;
    };
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
        let Some(out) = node_search(&index, &queries) else {
            return;
        };
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
    let Some(out) = node_search(&index, &[json!({"q": "段简"})]) else {
        return;
    };
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
    // 2,500 notices that all say 计划生育: its bigrams' postings pass 2 KB, so they are
    // long lists, in files of their own. One notice also says 幸福工程 (a rare term,
    // in a shard).
    let pages: Vec<(String, String, String)> = (0..2500)
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
        "no long list at 2,500 pages"
    );
    let Some(out) = node_search(
        &index,
        &[
            json!({"q": "计划生育"}),
            json!({"q": "计划生育 幸福工程"}),
            json!({"q": "生育"}),
        ],
    ) else {
        return;
    };
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
    assert_eq!(out[0]["total"], 2500);
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
    use super::index::PAGE_FILE_BYTES;
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
    let long = page_files
        .iter()
        .find(|f| script_data(&f.bytes).to_string().contains("/notices/n20/"))
        .unwrap();
    assert_eq!(script_data(&long.bytes).as_array().unwrap().len(), 1);

    // The browser code finds a page inside a shared file and shows its own excerpt.
    let Some(out) = node_search(&index, &[json!({"q": "鹦鹉螺"}), json!({"q": "第7号"})])
    else {
        return;
    };
    assert_eq!(urls(&out[0]), ["/notices/n40/"]);
    assert!(plain(&out[0]["results"][0]["excerpt"]).contains("鹦鹉螺"));
    assert_eq!(urls(&out[1])[0], "/notices/n07/");
    assert!(plain(&out[1]["results"][0]["excerpt"]).contains("第7号通知"));
}
