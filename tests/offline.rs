//! `relative_urls: true` (README, "placard.yaml"): the built site browsed straight
//! from disk (`file://`, as from a USB stick) in headless Chromium: the navigation,
//! the language switch and the header search box lead to pages that exist.

mod support;

use std::fs;
use std::time::Duration;

use support::site::{build_ok, fixture, read};
use support::*;

#[test]
fn a_site_built_with_relative_urls_is_browsed_from_disk() {
    let site = fixture("good");
    let config = site.path().join("placard.yaml");
    let mut yaml = fs::read_to_string(&config).expect("placard.yaml");
    yaml.push_str("relative_urls: true\n");
    fs::write(&config, yaml).expect("write placard.yaml");
    let out = build_ok(site.path());

    // No page links root-relative to the site any more; absolute URLs stay.
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(path).expect("read html");
            for attr in [" href=\"/", " src=\"/", " action=\"/"] {
                for (at, _) in html.match_indices(attr) {
                    let after = &html[at + attr.len()..];
                    assert!(
                        after.starts_with('/'),
                        "{}: a root-relative link{attr}{}",
                        path.display(),
                        after.chars().take(40).collect::<String>()
                    );
                }
            }
        }
    }
    let page = read(&out, "plans/work-points-2024/index.html");
    assert!(page.contains(r#"href="../../plans/index.html""#), "{page}");
    assert!(
        page.contains("https://example.gov.cn/"),
        "canonical stays absolute"
    );

    let browser = Browser::launch();
    browser.goto(&file_url(&out.join("notices/index.html")));
    // Section navigation: to the plans list, and from there to a plan.
    browser.click(".site-nav a[href$='plans/index.html']");
    browser.wait_until(
        "location.pathname.endsWith('/plans/index.html')",
        Duration::from_secs(10),
    );
    assert!(
        browser.text("h1").contains("工作计划"),
        "{}",
        browser.text("h1")
    );
    browser.click("a[href$='work-points-2024/index.html']");
    browser.wait_until(
        "location.pathname.endsWith('/plans/work-points-2024/index.html')",
        Duration::from_secs(10),
    );
    // The language switch leads to the English page.
    browser.click(".lang-switch a[hreflang='en']");
    browser.wait_until(
        "location.pathname.endsWith('/en/plans/work-points-2024/index.html')",
        Duration::from_secs(10),
    );
    // The header search box leads to the search page, which finds the plan.
    browser.send_keys("#site-search-q", "volunteers\n");
    browser.wait_until(
        "location.pathname.endsWith('/en/search/index.html') && location.search.includes('q=volunteers')",
        Duration::from_secs(10),
    );
    browser.wait_for(".search-results > li", Duration::from_secs(10));
    let href = browser
        .attr(".search-results > li a", "href")
        .expect("a result link");
    assert!(href.ends_with("index.html"), "{href}");
}
