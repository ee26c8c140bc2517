//! Packed page files (issue 24): far fewer files than pages, a first query within
//! its budget, and a hit deep in a page far longer than a file still shown.

use serde_json::{Value, json};

use super::queries::node_search;
use super::*;

/// What a first query may download at most (issue 22, docs/search.md: "Budget").
const FIRST_QUERY_BUDGET: usize = 150 * 1024;

/// Notices of about `chars` Chinese characters each, every one different: page `i`
/// says 编号{i} once, and every twentieth page says 鹦鹉 (so that a query for it
/// shows six results from six files).
fn notices(n: usize, chars: usize) -> Vec<(String, String, String)> {
    let words = [
        "乡镇", "服务", "站点", "开放", "时间", "安排", "群众", "办理", "材料", "窗口", "咨询",
        "电话", "登记", "证明", "申请", "审核", "发放", "补贴", "健康", "档案",
    ];
    (0..n)
        .map(|i| {
            let mut body = format!("编号{i}。{}", if i % 20 == 0 { "鹦鹉" } else { "" });
            let mut k = i;
            while body.chars().count() < chars {
                k = (k * 7 + 3) % words.len();
                body.push_str(words[k]);
                body.push_str(if k % 3 == 0 { "。" } else { "，" });
            }
            (format!("/notices/n{i:04}/"), format!("第{i}号通知"), body)
        })
        .collect()
}

fn index_of(pages: &[(String, String, String)]) -> SearchIndex {
    let docs: Vec<SearchDoc<'_>> = pages
        .iter()
        .map(|(url, title, body)| SearchDoc::notice(url, title, body))
        .collect();
    build_index("zh", &docs)
}

fn page_files(index: &SearchIndex) -> Vec<&super::super::SearchFile> {
    index
        .files
        .iter()
        .filter(|f| f.path.starts_with("index/d/"))
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

/// 480 notices of about 3 KB of text: three share a file (8 KB files held two), so
/// a range of sixteen pages is six files, and the index has at most 180 page files
/// for 480 pages, where it had 240.
#[test]
fn page_files_are_far_fewer_than_pages() {
    let pages = notices(480, 1000);
    let index = index_of(&pages);
    let files = page_files(&index);
    assert!(
        files.len() <= 480 / 16 * 6,
        "{} page files for 480 pages",
        files.len()
    );
    // Every page is still found and shown from its own text.
    let out = node_search(&index, &[json!({"q": "编号241"}), json!({"q": "编号479"})]);
    assert_eq!(out[0]["results"][0]["url"], "/notices/n0241/");
    assert!(plain(&out[0]["results"][0]["excerpt"]).contains("编号241"));
    assert_eq!(out[1]["results"][0]["url"], "/notices/n0479/");
}

/// The page files a first query loads are what its budget counts, and the budget
/// stays under 150 KB with pages of every size: short ones packed by threes, pages
/// of 5 KB by twos, pages of 8 KB alone.
#[test]
fn the_first_query_stays_within_its_budget() {
    for chars in [1000, 1800, 2700] {
        let pages = notices(160, chars);
        let index = index_of(&pages);
        assert!(
            index.first_query_bytes <= FIRST_QUERY_BUDGET,
            "pages of {chars} characters: a first query may load {} bytes",
            index.first_query_bytes
        );
        // A two-character query: six results from six files, within the budget.
        let out = node_search(&index, &[json!({"q": "鹦鹉"})]);
        let files: Vec<&str> = out[0]["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(
            files.iter().filter(|f| f.starts_with("d/")).count(),
            6,
            "{files:?}"
        );
        let loaded = out[0]["bytes"].as_u64().unwrap() as usize;
        assert!(
            loaded <= index.first_query_bytes,
            "pages of {chars} characters: loaded {loaded}, budget {}",
            index.first_query_bytes
        );
    }
}

/// A page of 60 KB among packed neighbours: its hit 50 KB down is shown and marked,
/// and the neighbour after it, in the same range, shows its own excerpt.
#[test]
fn a_page_far_longer_than_a_pack_shows_its_deep_hit() {
    let mut pages = notices(48, 1000);
    pages[20].2 = format!(
        "{}文末写明了幸福工程无息贷款的申请办法。{}",
        "各乡镇按时报送统计报表。".repeat(1500),
        "附录。".repeat(1000)
    );
    assert!(pages[20].2.len() > 60_000);
    let index = index_of(&pages);
    let out = node_search(&index, &[json!({"q": "无息贷款"}), json!({"q": "编号21"})]);
    assert_eq!(out[0]["results"][0]["url"], "/notices/n0020/", "{}", out[0]);
    let excerpt = &out[0]["results"][0]["excerpt"];
    assert!(
        plain(excerpt).contains("幸福工程无息贷款的申请办法"),
        "{excerpt}"
    );
    let marked: Vec<&str> = excerpt
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mark"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["无息贷款"]);
    assert_eq!(out[1]["results"][0]["url"], "/notices/n0021/", "{}", out[1]);
    assert!(plain(&out[1]["results"][0]["excerpt"]).contains("编号21"));
}

/// A page whose text grows moves file starts only within its range of sixteen: the
/// page files of every other range keep their bytes (what an incremental build may
/// leave alone).
#[test]
fn a_page_that_grows_changes_only_the_page_files_of_its_range() {
    let pages = notices(64, 1000);
    let mut grown = pages.clone();
    grown[20]
        .2
        .push_str(&"乡镇服务站点开放时间安排。".repeat(60));
    let files = |pages: &[(String, String, String)]| -> std::collections::BTreeMap<usize, Vec<u8>> {
        page_files(&index_of(pages))
            .into_iter()
            .map(|f| {
                let start = f.path["index/d/".len()..f.path.len() - 3].parse().unwrap();
                (start, f.bytes.clone())
            })
            .collect()
    };
    let (before, after) = (files(&pages), files(&grown));
    let changed: Vec<usize> = before
        .keys()
        .chain(after.keys())
        .filter(|start| before.get(start) != after.get(start))
        .copied()
        .collect();
    assert!(!changed.is_empty());
    assert!(
        changed.iter().all(|start| (16..32).contains(start)),
        "page files changed, by their first page: {changed:?}"
    );
}
