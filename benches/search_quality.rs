//! Search quality benchmark (issue 22), run by `scripts/bench-search-quality`:
//!
//!   cargo bench --bench search_quality -- CORPUS_SITE BUILT_SITE
//!
//! CORPUS_SITE is the placard site of the benchmark corpus (`gen_corpus.py`), BUILT_SITE
//! its output built by placard with Pagefind's index added (`BUILT_SITE/pagefind/`).
//! Makes the query set and its ground truth from the sources (`search_quality/queries.rs`,
//! fixed seed), checks it against the committed set (`search_quality/queries-<pages>.json`),
//! runs every query through placard's `search.js` and through Pagefind's own search API on
//! the same pages (`search_quality/run.mjs`, under node), and prints recall@10,
//! precision@10 and top-1 per category for both.
//!
//! Without arguments (as `cargo test --all-targets` runs it) it checks the ground-truth
//! rule on a few pages made up for it.
//!
//! Environment: `BENCH_OUT` (where the runner's input and the per-query results go;
//! default `target/bench-search-quality/results`), `BENCH_WRITE_QUERIES=1` (write the
//! set made from this corpus over the committed one, for a corpus or generator changed
//! on purpose), `BENCH_VERBOSE=1` (print every query's figures).

#[path = "search_quality/checks.rs"]
mod checks;
#[path = "search_quality/queries.rs"]
mod queries;
#[path = "search_quality/sources.rs"]
mod sources;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use queries::{CATEGORIES, Corpus, Query, TYPOS, UNSUPPORTED};
use serde::Deserialize;
use sources::{Fold, Lang};

/// Results a reader sees that count: the first ten.
const TOP: usize = 10;

/// The corpus size whose query set is committed (pages per language).
const COMMITTED_PAGES: usize = 1000;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match args.as_slice() {
        [] => {
            checks::run(&repo);
            ExitCode::SUCCESS
        }
        [corpus, site] => match bench(&repo, corpus, site) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bench-search-quality: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!(
                "usage: cargo bench --bench search_quality -- CORPUS_SITE BUILT_SITE (see scripts/bench-search-quality)"
            );
            ExitCode::FAILURE
        }
    }
}

/// What the runner (`run.mjs`) says of one query.
#[derive(Deserialize)]
struct Ran {
    id: String,
    placard: Shown,
    pagefind: Shown,
}

#[derive(Deserialize)]
struct Shown {
    total: usize,
    #[serde(default)]
    partial: bool,
    urls: Vec<String>,
}

/// One engine's figures for one query.
#[derive(Clone, Copy, Default)]
struct Score {
    recall: f64,
    precision: f64,
    top1: f64,
    none: bool,
}

/// recall@10: relevant pages among the first ten shown, over the relevant pages (at
/// most ten: a query with 300 relevant pages and ten relevant results has recall 1);
/// precision@10: relevant pages among the first ten shown, over the pages shown (none
/// shown: 0); top-1: whether the first result is relevant.
fn score(shown: &[String], relevant: &HashSet<&str>) -> Score {
    let shown = &shown[..shown.len().min(TOP)];
    let hits = shown
        .iter()
        .filter(|u| relevant.contains(u.as_str()))
        .count() as f64;
    Score {
        recall: hits / relevant.len().min(TOP) as f64,
        precision: if shown.is_empty() {
            0.0
        } else {
            hits / shown.len() as f64
        },
        top1: if shown.first().is_some_and(|u| relevant.contains(u.as_str())) {
            1.0
        } else {
            0.0
        },
        none: shown.is_empty(),
    }
}

fn mean(scores: &[Score]) -> Score {
    let n = scores.len().max(1) as f64;
    Score {
        recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
        precision: scores.iter().map(|s| s.precision).sum::<f64>() / n,
        top1: scores.iter().map(|s| s.top1).sum::<f64>() / n,
        none: false,
    }
}

fn bench(repo: &Path, corpus_site: &Path, site: &Path) -> Result<(), String> {
    let fold = Fold::load(repo)?;
    let pages = sources::load_pages(corpus_site, &fold)?;
    let per_lang = pages.iter().filter(|p| p.lang == Lang::Zh).count();
    let corpus = Corpus::new(&pages, &fold);
    let set = queries::generate(&corpus)?;
    let out = std::env::var_os("BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target/bench-search-quality/results"));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: cannot create: {e}", out.display()))?;

    // The committed set is the one of the default corpus; other sizes go beside the results.
    let committed = per_lang == COMMITTED_PAGES;
    let set_file = if committed {
        repo.join(format!("benches/search_quality/queries-{per_lang}.json"))
    } else {
        out.join(format!("queries-{per_lang}.json"))
    };
    let text = set_json(&set, &pages)?;
    let write = std::env::var_os("BENCH_WRITE_QUERIES").is_some_and(|v| v == "1");
    match std::fs::read_to_string(&set_file) {
        Ok(old) if old == text => {}
        Ok(old) if committed && !write => {
            let old: Vec<Stored> =
                serde_json::from_str(&old).map_err(|e| format!("{}: {e}", set_file.display()))?;
            let new: Vec<Stored> = serde_json::from_str(&text).expect("just made");
            let first = new.iter().zip(&old).find(|(a, b)| a != b).map_or_else(
                || format!("{} queries made, {} committed", new.len(), old.len()),
                |(a, _)| format!("first difference at {}", a.id),
            );
            return Err(format!(
                "{}: the query set made from this corpus differs from the committed one ({first}). \
                 If the corpus or the generator changed on purpose, run with BENCH_WRITE_QUERIES=1, \
                 review `git diff` and measure a new baseline (docs/search.md)",
                set_file.display()
            ));
        }
        _ => std::fs::write(&set_file, &text)
            .map_err(|e| format!("{}: cannot write: {e}", set_file.display()))?,
    }

    // Every page judged is a page of the built site.
    for q in &set {
        for url in &q.relevant {
            let file = site.join(url.trim_start_matches('/')).join("index.html");
            if !file.is_file() {
                return Err(format!(
                    "{}: no such page in the built site (relevant to {})",
                    file.display(),
                    q.id
                ));
            }
        }
    }

    let input = serde_json::json!({
        "site": site,
        "pagefind": site.join("pagefind"),
        "limit": TOP,
        "queries": set.iter().map(|q| serde_json::json!({"id": q.id, "site": q.site, "q": q.q})).collect::<Vec<_>>(),
    });
    let input_file = out.join("input.json");
    std::fs::write(&input_file, input.to_string())
        .map_err(|e| format!("{}: cannot write: {e}", input_file.display()))?;
    let runner = repo.join("benches/search_quality/run.mjs");
    let output = Command::new("node")
        .arg(&runner)
        .arg(&input_file)
        .output()
        .map_err(|e| format!("cannot run node ({e}): it runs both engines' JavaScript"))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed:\n{}",
            runner.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let ran: Vec<Ran> = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("{}: bad output: {e}", runner.display()))?;
    let ran: BTreeMap<&str, &Ran> = ran.iter().map(|r| (r.id.as_str(), r)).collect();

    let page_urls: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let mut rows: Vec<(&Query, Score, Score, &Ran)> = Vec::new();
    let mut details = String::new();
    let verbose = std::env::var_os("BENCH_VERBOSE").is_some_and(|v| v == "1");
    for q in &set {
        let r = ran
            .get(q.id.as_str())
            .ok_or_else(|| format!("the runner gave no result for {}", q.id))?;
        let relevant: HashSet<&str> = q.relevant.iter().map(String::as_str).collect();
        let (p, f) = (
            score(&r.placard.urls, &relevant),
            score(&r.pagefind.urls, &relevant),
        );
        let line = format!(
            "{:<20} {:<24} rel {:>4} | placard R {:.2} P {:.2} top1 {} of {:>4}{} | Pagefind R {:.2} P {:.2} top1 {} of {:>4}\n",
            q.id,
            q.q,
            q.relevant.len(),
            p.recall,
            p.precision,
            p.top1,
            r.placard.total,
            if r.placard.partial { " partial" } else { "" },
            f.recall,
            f.precision,
            f.top1,
            r.pagefind.total,
        );
        if verbose {
            print!("{line}");
        }
        details.push_str(&line);
        rows.push((q, p, f, r));
    }
    let details_file = out.join("per-query.txt");
    std::fs::write(&details_file, &details)
        .map_err(|e| format!("{}: cannot write: {e}", details_file.display()))?;
    let results: Vec<serde_json::Value> = rows
        .iter()
        .map(|(q, p, f, r)| {
            serde_json::json!({
                "id": q.id, "category": q.category, "site": q.site, "q": q.q, "means": q.means,
                "relevant": q.relevant.len(),
                "placard": {"recall": p.recall, "precision": p.precision, "top1": p.top1,
                            "total": r.placard.total, "partial": r.placard.partial, "urls": r.placard.urls},
                "pagefind": {"recall": f.recall, "precision": f.precision, "top1": f.top1,
                             "total": r.pagefind.total, "urls": r.pagefind.urls},
            })
        })
        .collect();
    let results_file = out.join("results.json");
    std::fs::write(
        &results_file,
        serde_json::to_string_pretty(&results).expect("json"),
    )
    .map_err(|e| format!("{}: cannot write: {e}", results_file.display()))?;

    // The table.
    println!(
        "{} queries over {} pages ({} zh, {} en); set {}",
        set.len(),
        pages.len(),
        per_lang,
        pages.len() - per_lang,
        set_file.strip_prefix(repo).unwrap_or(&set_file).display()
    );
    println!();
    println!(
        "| category | queries | placard R@10 | P@10 | top-1 | none | Pagefind R@10 | P@10 | top-1 | none |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let row = |name: &str, which: &dyn Fn(&Query) -> bool| {
        let picked: Vec<_> = rows.iter().filter(|(q, ..)| which(q)).collect();
        let p: Vec<Score> = picked.iter().map(|r| r.1).collect();
        let f: Vec<Score> = picked.iter().map(|r| r.2).collect();
        let (mp, mf) = (mean(&p), mean(&f));
        println!(
            "| {name} | {} | {:.2} | {:.2} | {:.2} | {} | {:.2} | {:.2} | {:.2} | {} |",
            picked.len(),
            mp.recall,
            mp.precision,
            mp.top1,
            p.iter().filter(|s| s.none).count(),
            mf.recall,
            mf.precision,
            mf.top1,
            f.iter().filter(|s| s.none).count(),
        );
    };
    for &(category, _, _) in CATEGORIES {
        row(category, &|q| q.category == category);
    }
    row("**typos** (en-typo, zh-homophone)", &|q| {
        TYPOS.contains(&q.category.as_str())
    });
    row("**no typos, pinyin or cross-language**", &|q| {
        !UNSUPPORTED.iter().any(|c| q.category.starts_with(c))
    });
    row("**all**", &|_| true);
    println!();
    for &(category, _, what) in CATEGORIES {
        println!("- {category}: {what}");
    }
    println!();
    println!(
        "none: queries with no result. Per query: {}",
        details_file
            .strip_prefix(repo)
            .unwrap_or(&details_file)
            .display()
    );

    // What else Pagefind shows: its index has every HTML page, lists included.
    let (mut lists, mut shown) = (0, 0);
    for (_, _, _, r) in &rows {
        shown += r.pagefind.urls.len();
        lists += r
            .pagefind
            .urls
            .iter()
            .filter(|u| !page_urls.contains(u.as_str()))
            .count();
    }
    println!(
        "Pagefind's first ten: {lists} of {shown} results are list, tag or home pages (not pages of the corpus; never relevant)"
    );
    let partial = rows.iter().filter(|(_, _, _, r)| r.placard.partial).count();
    println!(
        "placard: {partial} queries answered with partial matches (pages with half the terms or more)"
    );
    Ok(())
}

/// A query as committed: its relevant pages by their number in the corpus (page `i` of
/// `gen_corpus.py` is `/<section>/<kind>-<i, six digits>/`, or under `/en/`), to keep the
/// file small; the rest as made.
#[derive(serde::Serialize, Deserialize, PartialEq)]
struct Stored {
    id: String,
    category: String,
    site: Lang,
    q: String,
    means: String,
    judged: Lang,
    how: String,
    relevant: Vec<u32>,
}

/// The corpus number of the page at `url` (the digits that end its last segment).
fn page_number(url: &str) -> Option<u32> {
    let slug = url.trim_end_matches('/').rsplit('/').next()?;
    let digits = &slug[slug.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
    digits.parse().ok()
}

/// The set as committed: a JSON array, one query a line.
fn set_json(set: &[Query], pages: &[sources::Page]) -> Result<String, String> {
    let mut seen: BTreeMap<(Lang, u32), &str> = BTreeMap::new();
    for page in pages {
        let n = page_number(&page.url)
            .ok_or_else(|| format!("{}: no page number at the end of the URL", page.url))?;
        if let Some(other) = seen.insert((page.lang, n), &page.url) {
            return Err(format!(
                "{} and {other} have the same page number",
                page.url
            ));
        }
    }
    let lines = set
        .iter()
        .map(|q| {
            let stored = Stored {
                id: q.id.clone(),
                category: q.category.clone(),
                site: q.site,
                q: q.q.clone(),
                means: q.means.clone(),
                judged: q.judged,
                how: q.how.clone(),
                relevant: q
                    .relevant
                    .iter()
                    .map(|u| page_number(u).expect("checked above"))
                    .collect(),
            };
            serde_json::to_string(&stored).expect("json")
        })
        .collect::<Vec<_>>();
    Ok(format!("[\n{}\n]\n", lines.join(",\n")))
}
