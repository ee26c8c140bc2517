//! Whole-index tests: what a resident searching the site gets, run through the real
//! browser code under node (`node_harness.js`: queries.rs), and the Rust and
//! JavaScript halves checked against each other (javascript.rs). node must be
//! installed: a test without it fails, never skips.

mod javascript;
mod packing;
mod queries;

use queries::node_search;

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

/// The search folder (this one's parent), whether the crate is built from the
/// repository or includes it by path.
fn search_dir() -> PathBuf {
    let here = Path::new(file!());
    let here = if here.is_absolute() {
        here.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(here)
    };
    here.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Runs `node_harness.js MODE` on `input`. Without node the test fails: the
/// browser half of search is tested with it, as the browser tests need
/// Chromium (scripts/install-test-deps installs both).
fn node(mode: &str, input: &Value) -> Value {
    assert!(
        Command::new("node").arg("--version").output().is_ok(),
        "node is needed to test search.js: install it (scripts/install-test-deps)"
    );
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
    serde_json::from_slice(&out.stdout).expect("JSON from node_harness.js")
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
    let out = node_search(&index, &[json!({"q": "anything"})]);
    assert_eq!(out[0]["total"], 0);
}
