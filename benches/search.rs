//! Search benchmark (issue 4), run by `scripts/bench-search`:
//!
//!   cargo bench --bench search -- SITE_ROOT...
//!
//! For each site: builds with and without the search index, alternating (median of
//! `BENCH_RUNS`, default 3; what indexing adds to a build is the difference), the
//! indexes alone on the same loaded site, the index sizes the build reports, and
//! then, in headless Chromium on the built site served from 127.0.0.1 and opened from
//! disk, the time from submitting a query to its results in the page
//! (`performance.now()` in the page) and the index bytes the first query of a fresh
//! visit downloaded (meta.js and t2s.js, loaded with the page, included).
//!
//! `BENCH_OUTPUT=DIR`: no builds, only the browser, on the output of the first site
//! built before into DIR (to try changes to `search.js` quickly).

#[path = "../tests/support/mod.rs"]
mod support;

use std::cell::LazyCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use placard::diagnostics::Diagnostics;
use placard::{BuildOptions, SearchBudget};
use serde_json::Value;
use support::process::processor_time;
use support::{Browser, StaticServer};

/// Representative queries: common and rare, short and long, one in Traditional
/// characters, words of the benchmark corpus (`gen_corpus.py`).
const QUERIES: &[(&str, &str)] = &[
    ("zh", "计划生育"),
    ("zh", "計劃生育"),
    ("zh", "培训"),
    ("zh", "流动人口"),
    ("zh", "幸福工程无息贷款"),
    ("zh", "计生协会"),
    ("en", "family planning"),
    ("en", "volunteers"),
    ("en", "statistical errors"),
    ("en", "electronic register"),
];

/// Fresh visits per query.
const VISITS: usize = 3;

fn main() {
    let sites: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if sites.is_empty() {
        // `cargo test --all-targets` runs bench binaries too: without sites there is nothing to measure.
        eprintln!("usage: cargo bench --bench search -- SITE_ROOT... (see scripts/bench-search)");
        return;
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    // Started when first needed, after a site's builds: a browser starting up beside
    // the first builds would take processor time from them.
    let browser: LazyCell<Browser> = LazyCell::new(Browser::launch);
    // BENCH_OUTPUT=DIR: no build, only the browser on an output already built from
    // the first site (for trying changes to search.js quickly).
    if let Some(output) = std::env::var_os("BENCH_OUTPUT") {
        let options = BuildOptions {
            root: sites[0].clone(),
            ..Default::default()
        };
        let (site, _) =
            placard::load_site(&options, false, &Diagnostics::new()).expect("site loads");
        let langs: Vec<String> = site.config.languages.keys().cloned().collect();
        browse(&browser, Path::new(&output), &langs);
        return;
    }
    // Every site's outputs are kept until the end: on a disk like this one's,
    // removing thousands of files slows the next ones written for minutes, which
    // would land on the next site's builds.
    let mut outputs = Vec::new();
    for root in &sites {
        let out = support::tempdir();
        bench_site(root, runs, &browser, out.path());
        outputs.push(out);
    }
}

fn bench_site(root: &Path, runs: usize, browser: &LazyCell<Browser>, out: &Path) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.join("output")),
        ..Default::default()
    };

    // Builds with and without the search index, alternating, each into a fresh
    // output folder (every file written anew, as on a first build or in CI; a rebuild
    // into the same folder would link unchanged files instead). What indexing adds is
    // the difference of the medians, in wall time and in processor time (user +
    // system): the index is built beside the pages, so its cost is what the build
    // takes longer, not the time it takes alone.
    let mut with_index: Vec<(Duration, Duration)> = Vec::new();
    let mut without_index: Vec<(Duration, Duration)> = Vec::new();
    let mut report = None;
    // BENCH_ONLY_INDEX=1: the index alone (to profile it), no build, no browser.
    let only_index = std::env::var_os("BENCH_ONLY_INDEX").is_some();
    for run in 0..if only_index { 0 } else { runs } {
        // Each first in turn, so that neither always follows the other.
        let first = run % 2 == 1;
        for without in [first, !first] {
            let options = BuildOptions {
                output: Some(out.join(format!("output-{run}-{without}"))),
                without_search_index: without,
                ..options.clone()
            };
            let (wall, cpu) = (Instant::now(), processor_time());
            let r = placard::build(&options).unwrap_or_else(|d| panic!("build failed: {d:?}"));
            let took = (wall.elapsed(), processor_time().saturating_sub(cpu));
            if std::env::var_os("BENCH_TRACE").is_some() {
                let which = if without { "without" } else { "with" };
                println!(
                    "build {run} {which} the index: {} wall, {} processor",
                    secs(took.0),
                    secs(took.1)
                );
            }
            if without {
                without_index.push(took);
            } else {
                with_index.push(took);
                report = Some(r);
            }
        }
    }

    let (site, _) = placard::load_site(&options, false, &Diagnostics::new()).expect("site loads");
    let langs: Vec<String> = site.config.languages.keys().cloned().collect();
    let mut indexing = Vec::new();
    let mut per_lang: Vec<Vec<Duration>> = vec![Vec::new(); langs.len()];
    let mut writing: Vec<Vec<Duration>> = vec![Vec::new(); langs.len()];
    for run in 0..runs {
        let started = Instant::now();
        for (i, lang) in langs.iter().enumerate() {
            let one = Instant::now();
            let index = placard::search_index(&site, lang);
            per_lang[i].push(one.elapsed());
            if only_index && run == 0 {
                println!(
                    "{lang}: index {}, first query at most {} (build's budget)",
                    size(index.total_bytes as u64),
                    size(index.first_query_bytes as u64)
                );
            }
            let written = Instant::now();
            write_files(&out.join(format!("index-{run}-{lang}")), index.files);
            writing[i].push(written.elapsed());
        }
        indexing.push(started.elapsed());
    }
    drop(site);
    if only_index {
        println!("indexing: {}", secs(median(&mut indexing)));
        for ((lang, times), writes) in langs.iter().zip(&mut per_lang).zip(&mut writing) {
            println!(
                "{lang}: {} build, {} write",
                secs(median(times)),
                secs(median(writes))
            );
        }
        return;
    }
    let report = report.expect("one build");
    let pages: usize = report.pages.iter().map(|(_, n)| n).sum();

    let wall = |v: &[(Duration, Duration)]| median(&mut v.iter().map(|t| t.0).collect::<Vec<_>>());
    let cpu = |v: &[(Duration, Duration)]| median(&mut v.iter().map(|t| t.1).collect::<Vec<_>>());
    let spread = |v: &[(Duration, Duration)]| {
        let w: Vec<f64> = v.iter().map(|t| t.0.as_secs_f64()).collect();
        let (lo, hi) = w
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        format!("{lo:.2}–{hi:.2} s")
    };
    let added = |with: Duration, without: Duration| {
        100.0 * (with.as_secs_f64() - without.as_secs_f64()) / without.as_secs_f64()
    };
    println!("## {} ({pages} pages)", root.display());
    println!();
    println!(
        "- build with the search index: {} wall ({}), {} processor (medians of {runs}, alternating)",
        secs(wall(&with_index)),
        spread(&with_index),
        secs(cpu(&with_index))
    );
    println!(
        "- build without it: {} wall ({}), {} processor",
        secs(wall(&without_index)),
        spread(&without_index),
        secs(cpu(&without_index))
    );
    println!(
        "- indexing adds {:.0}% to the build's wall time and {:.0}% to its processor time",
        added(wall(&with_index), wall(&without_index)),
        added(cpu(&with_index), cpu(&without_index))
    );
    // The same, run by run: each build with the index against the build without it of
    // the same run (one just after the other), which the machine's drift over the
    // minutes of the benchmark moves less than the medians above.
    let paired = |time: fn(&(Duration, Duration)) -> Duration| {
        let mut ratios: Vec<f64> = with_index
            .iter()
            .zip(&without_index)
            .map(|(w, wo)| added(time(w), time(wo)))
            .collect();
        let median = median_f(&mut ratios);
        let (lo, hi) = (ratios[0], ratios[ratios.len() - 1]);
        format!("{median:.0}% ({lo:.0}–{hi:.0}%)")
    };
    println!(
        "- run by run (median of the runs' own shares, min–max): indexing adds {} to the wall time and {} to the processor time",
        paired(|t| t.0),
        paired(|t| t.1)
    );
    println!(
        "- the indexes alone, one language after the other: {} (median of {runs})",
        secs(median(&mut indexing))
    );
    for ((lang, times), writes) in langs.iter().zip(&mut per_lang).zip(&mut writing) {
        println!(
            "- indexing {lang}: {} to build the index, {} to write its files",
            secs(median(times)),
            secs(median(writes))
        );
    }
    for SearchBudget {
        lang,
        total_bytes,
        first_query_bytes,
    } in &report.search
    {
        println!(
            "- index {lang}: {} in total, first query at most {} (build's budget)",
            size(*total_bytes as u64),
            size(*first_query_bytes as u64)
        );
    }

    if std::env::var_os("BENCH_NO_BROWSER").is_some() {
        return;
    }
    browse(LazyCell::force(browser), &report.output, &langs);
}

/// In headless Chromium: fresh visits to the search page of the built site at
/// `output`, served and from disk, for each query of the site's languages.
fn browse(browser: &Browser, output: &Path, langs: &[String]) {
    let server = StaticServer::serve(output);
    println!();
    println!(
        "Medians of {VISITS} fresh visits. Served: from 127.0.0.1 (tests/support's static server); \
         disk: the same files from file://."
    );
    println!();
    println!(
        "| query | lang | results | served: query → results in the DOM | … of it waiting for files | … painted | search step | page step | last file arrived | disk: query → results in the DOM | index bytes of the first visit | files |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let (mut all_served, mut all_disk, mut all_bytes) = (Vec::new(), Vec::new(), Vec::new());
    let mut all_own = Vec::new();
    for &(lang, q) in QUERIES {
        if !langs.iter().any(|l| l == lang) {
            continue;
        }
        let dir = if lang == "zh" { "" } else { "en/" };
        let mut served: Vec<Measured> = Vec::new();
        let mut disk: Vec<Measured> = Vec::new();
        let mut first = None;
        for _ in 0..VISITS {
            let before = server.requests().len();
            served.push(measure(browser, &server.url(&format!("/{dir}search/")), q));
            let fetched: Vec<String> = server.requests()[before..]
                .iter()
                .filter(|r| r.contains("/search/index/"))
                .cloned()
                .collect();
            let bytes: u64 = fetched
                .iter()
                .map(|r| {
                    std::fs::metadata(output.join(r.trim_start_matches('/')))
                        .map(|m| m.len())
                        .unwrap_or(0)
                })
                .sum();
            all_bytes.push(bytes);
            first.get_or_insert((bytes, fetched.len()));
            let page = output.join(dir).join("search/index.html");
            disk.push(measure(browser, &support::file_url(&page), q));
        }
        let (bytes, files) = first.expect("a visit");
        let med = |v: &[Measured], f: fn(&Measured) -> f64| {
            median_f(&mut v.iter().map(f).collect::<Vec<_>>())
        };
        all_served.extend(served.iter().map(|m| m.dom));
        all_own.extend(served.iter().map(|m| m.dom - m.waiting));
        all_disk.extend(disk.iter().map(|m| m.dom));
        println!(
            "| {q} | {lang} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {} | {files} |",
            served[0].results,
            med(&served, |m| m.dom),
            med(&served, |m| m.waiting),
            med(&served, |m| m.paint),
            med(&served, |m| m.search),
            med(&served, |m| m.page),
            med(&served, |m| m.loaded),
            med(&disk, |m| m.dom),
            size(bytes)
        );
    }
    all_bytes.sort_unstable();
    let max = |v: &[f64]| v.iter().cloned().fold(0.0, f64::max);
    println!();
    println!(
        "- all queries: served median {:.1} ms (max {:.1}), of which not waiting for files \
         median {:.1} ms (max {:.1}); from disk median {:.1} ms (max {:.1}); \
         first-visit index bytes median {}, max {}",
        median_f(&mut all_served.clone()),
        max(&all_served),
        median_f(&mut all_own.clone()),
        max(&all_own),
        median_f(&mut all_disk.clone()),
        max(&all_disk),
        size(all_bytes[all_bytes.len() / 2]),
        size(*all_bytes.last().expect("a query"))
    );
    println!();
}

struct Measured {
    dom: f64,
    paint: f64,
    results: u64,
    /// The engine's steps: search (shards and scores), page (result files, excerpts).
    search: f64,
    page: f64,
    /// When the last index file of the query had arrived.
    loaded: f64,
    /// Of `dom`, the time spent waiting for index files (the rest is the engine's
    /// own work and the page's).
    waiting: f64,
}

/// From the timeline of a query (`[[event, ms], …]`: the steps and each index file
/// as it arrived), the time nothing but the network was awaited: from the start of a
/// step to the last file it waited for.
fn waiting(log: &Value, dom: f64) -> f64 {
    let events: Vec<(&str, f64)> = log
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e[0].as_str().unwrap_or(""), e[1].as_f64().unwrap_or(0.0)))
                .collect()
        })
        .unwrap_or_default();
    let mut waited = 0.0;
    for step in ["search", "page"] {
        let Some(&(_, start)) = events.iter().find(|(name, _)| *name == step) else {
            continue;
        };
        let done = events
            .iter()
            .find(|(name, _)| name.strip_suffix(" done") == Some(step))
            .map_or(dom, |&(_, t)| t);
        let last = events
            .iter()
            .filter(|(name, t)| name.contains('/') && *t >= start && *t <= done)
            .map(|&(_, t)| t)
            .fold(start, f64::max);
        waited += last - start;
    }
    waited
}

/// A fresh visit to the search page; once the page has its index metadata (the
/// filters are filled), the query is submitted and timed until the results are in
/// the page (the page is no longer busy) and until the next frame is painted.
fn measure(browser: &Browser, page: &str, q: &str) -> Measured {
    browser.goto(page);
    browser.wait_until(
        "document.querySelector('select[name=kind]').options.length > 1",
        Duration::from_secs(30),
    );
    let v = browser.eval(&format!(
        "new Promise((resolve, reject) => {{
           const app = document.querySelector('[data-search-app]');
           const form = app.querySelector('form');
           let start;
           // The engine's two steps, timed: search (shards, scores) and page (the
           // result pages' files, phrase boost, excerpts); with BENCH_TRACE, when
           // each index file arrived too.
           const phases = {{}}, log = [];
           const at = () => performance.now() - start;
           const engine = placardSearch.Engine.prototype;
           for (const name of ['search', 'page']) {{
             const step = engine[name];
             engine[name] = function (...args) {{
               const t = performance.now();
               log.push([name, at()]);
               return step.apply(this, args).then((r) => {{
                 phases[name] = performance.now() - t;
                 log.push([name + ' done', at()]);
                 return r;
               }});
             }};
           }}
           const arrived = __placardSearch.load;
           __placardSearch.load = (key, data) => {{ log.push([key, at()]); arrived(key, data); }};
           const observer = new MutationObserver(() => {{
             if (app.hasAttribute('aria-busy')) return;
             const dom = performance.now() - start;
             observer.disconnect();
             requestAnimationFrame(() => requestAnimationFrame(() => resolve({{
               dom, paint: performance.now() - start, phases,
               log,
               resources: performance.getEntriesByType('resource').filter((e) => e.startTime >= start)
                 .map((e) => [e.name.split('/index/').pop(), Math.round(e.startTime - start), Math.round(e.connectStart - start), Math.round(e.connectEnd - start), Math.round(e.requestStart - start), Math.round(e.responseStart - start), Math.round(e.responseEnd - start)]),
               loaded: Math.max(0, ...performance.getEntriesByType('resource')
                 .filter((e) => e.startTime >= start).map((e) => e.responseEnd - start)),
               results: document.querySelectorAll('.search-results > li').length,
               status: document.querySelector('.search-status').textContent,
             }})));
           }});
           observer.observe(app, {{ attributes: true, attributeFilter: ['aria-busy'] }});
           setTimeout(() => reject(new Error('no results after 30 s')), 30000);
           // BENCH_SETTLE_MS: how long the page stays idle before the query, as while
           // a resident types (0 by default: at once).
           setTimeout(() => {{
             form.elements.q.value = {};
             start = performance.now();
             form.requestSubmit();
           }}, {});
         }})",
        Value::from(q),
        settle_ms()
    ));
    let status = v["status"].as_str().unwrap_or_default();
    if std::env::var_os("BENCH_TRACE").is_some() {
        eprintln!(
            "{q}: {:.1} ms, timeline (ms) {}",
            v["dom"].as_f64().unwrap_or(0.0),
            v["log"]
        );
        eprintln!(
            "    resources [name, start, connect start, connect end, request sent, first byte, end] {}",
            v["resources"]
        );
    }
    assert!(
        v["results"].as_u64().unwrap_or(0) > 0,
        "{q}: no results ({status})"
    );
    // The status says how many pages were found in all ("共找到 123 条结果").
    let total: String = status.chars().filter(char::is_ascii_digit).collect();
    Measured {
        dom: v["dom"].as_f64().expect("dom time"),
        paint: v["paint"].as_f64().expect("paint time"),
        results: total.parse().unwrap_or(0),
        search: v["phases"]["search"].as_f64().unwrap_or(f64::NAN),
        page: v["phases"]["page"].as_f64().unwrap_or(f64::NAN),
        loaded: v["loaded"].as_f64().unwrap_or(0.0),
        waiting: waiting(&v["log"], v["dom"].as_f64().unwrap_or(0.0)),
    }
}

/// `BENCH_SETTLE_MS`: milliseconds the search page stays idle between having its
/// index metadata and the query (default 0).
fn settle_ms() -> u64 {
    std::env::var("BENCH_SETTLE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Writes the index files under the new folder `dir` as the build does (in parallel,
/// folders made as needed).
fn write_files(dir: &Path, files: Vec<placard::outputs::search::SearchFile>) {
    use rayon::prelude::*;
    files.into_par_iter().for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&path, f.bytes).expect("write");
    });
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn median_f(v: &mut [f64]) -> f64 {
    v.sort_unstable_by(f64::total_cmp);
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn size(bytes: u64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
