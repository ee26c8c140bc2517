//! Two outputs on one path (SPEC §7: duplicate URLs are an error naming both):
//! a page and a file of `static/`, a page where the build puts its search page,
//! a page and a folder's list, two tags with one folder. Each fails the build
//! with exit code 1, names both sources, and leaves the previous output as it was.

mod support;

use std::fs;
use std::path::Path;

use support::site::{build_ok, fixture, placard, read, snapshot, stderr};
use support::write_files;

/// Builds the site at `root` without the files `late` (relative to it), then
/// with them: the second build must fail with exit code 1 and say each of
/// `expected`, leaving the first build's output exactly as it was. Returns
/// what it said.
fn fails_once_added(root: &Path, late: &[&str], expected: &[&str]) -> String {
    let kept: Vec<(&str, Vec<u8>)> = late
        .iter()
        .map(|rel| {
            let bytes = fs::read(root.join(rel)).expect("late file");
            fs::remove_file(root.join(rel)).expect("remove late file");
            (*rel, bytes)
        })
        .collect();
    let out = build_ok(root);
    let before = snapshot(&out);
    for (rel, bytes) in kept {
        fs::write(root.join(rel), bytes).expect("restore late file");
    }
    let run = placard(&["build", "--root", root.to_str().expect("utf-8")]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "exit code\n{message}");
    for part in expected {
        assert!(message.contains(part), "expected `{part}` in:\n{message}");
    }
    assert_eq!(
        snapshot(&out),
        before,
        "the previous output must be untouched\n{message}"
    );
    let leftovers: Vec<String> = fs::read_dir(root)
        .expect("site folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("placard-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    message
}

#[test]
fn outputs_on_one_path_fail_the_build_naming_both_sources() {
    let site = fixture("output-collisions");
    let message = fails_once_added(
        site.path(),
        &[
            "static/about/index.html",
            "content/search.md",
            "content/notices/x/y.md",
        ],
        &[
            // A page and a file of static/.
            "duplicate URL /about/: the page content/about/index.md:2 and the file \
             static/about/index.html are both published at about/index.html",
            "  --> content/about/index.md:2",
            "rename or move the file in static/",
            // A page where the build writes its search page.
            "duplicate URL /search/: the page content/search.md:2 and the search page",
            // A page and the list of a folder of the same name.
            "the page content/notices/x.md:2 and the list of the folder content/notices/x \
             are both published at notices/x/index.html",
            "3 error(s)",
        ],
    );
    // One error for each pair, however many threads found it.
    assert_eq!(message.matches("duplicate URL").count(), 3, "{message}");
}

#[test]
fn check_reports_outputs_on_one_path() {
    let site = fixture("output-collisions");
    let run = placard(&["check", "--root", site.path().to_str().unwrap()]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{message}");
    for part in [
        "content/about/index.md:2",
        "static/about/index.html",
        "content/search.md:2",
        "content/notices/x.md:2",
    ] {
        assert!(message.contains(part), "expected `{part}` in:\n{message}");
    }
    assert!(!site.path().join("output").exists(), "check writes nothing");
}

#[test]
fn two_pages_with_one_slug_are_one_error_for_all_their_outputs() {
    // The page, its poster and its calendar all collide: one error says so.
    let site = fixture("invalid/duplicate-url");
    let poster = "poster: { size: A4, slogan: 婚育新风进万家 }\n";
    for name in ["first", "second"] {
        let path = site.path().join(format!("content/notices/{name}.md"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("slug:", &format!("{poster}slug:"), 1)).unwrap();
    }
    let run = placard(&["build", "--root", site.path().to_str().unwrap()]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{message}");
    assert!(
        message.contains(
            "duplicate URL /notices/same-place/: the page content/notices/first.md:2 and \
             the page content/notices/second.md:2"
        ),
        "{message}"
    );
    assert_eq!(message.matches("error:").count(), 1, "{message}");
}

#[test]
fn tags_that_share_a_folder_are_an_error_naming_both_lines() {
    let site = fixture("tag-collision");
    fails_once_added(
        site.path(),
        &["content/notices/b.md"],
        &[
            "tags `health-care` and `health care` (in content/notices/a.md:6) would both \
             have the tag page tags/health-care/",
            "  --> content/notices/b.md:4",
            "write `health care` on both pages if they are one tag",
        ],
    );
}

#[test]
fn tags_differing_only_in_case_are_one_tag() {
    let site = fixture("tag-case");
    let out = build_ok(site.path());
    let list = read(&out, "tags/health/index.html");
    for page in ["notices/a/", "notices/b/", "notices/c/"] {
        assert!(
            list.contains(page),
            "{page} in the list of `health`:\n{list}"
        );
    }
    // Named as most pages write it (a tie goes to the capital).
    let all = read(&out, "tags/index.html");
    assert_eq!(all.matches("rel=\"tag\"").count(), 1, "{all}");
    assert!(all.contains(">Health"), "{all}");
    // The search page's tag filter offers that one tag, with all three pages.
    let meta = read(&out, "search/index/meta.js");
    assert!(meta.contains(r#""tag":[["Health",3,"#), "{meta}");
    assert!(!meta.contains(r#"["health","#), "{meta}");
}

#[test]
fn a_file_where_the_build_needs_a_folder_is_an_error() {
    let site = fixture("tag-case");
    write_files(site.path(), &[("static/notices", "not a folder")]);
    let message = fails_once_added(
        site.path(),
        &["static/notices"],
        &[
            "notices is both a file and a folder: the file static/notices is published there",
            "rename or move the file in static/",
        ],
    );
    assert_eq!(message.matches("error:").count(), 1, "{message}");
}

#[test]
fn a_static_file_replaces_the_theme_file_of_that_name() {
    // As in Hugo and Zola: the site's static/ overrides the theme's static/.
    let site = fixture("tag-case");
    write_files(
        site.path(),
        &[("static/style.css", "body { color: navy }\n")],
    );
    let out = build_ok(site.path());
    assert_eq!(read(&out, "style.css"), "body { color: navy }\n");
}

/// Two outputs whose paths differ only in case both build on Linux, but copied
/// to Windows or macOS one would replace the other: a warning naming both
/// sources and lines, and both files are written.
#[test]
fn paths_that_differ_only_in_case_are_a_warning_naming_both() {
    let site = fixture("good");
    write_files(
        site.path(),
        &[
            (
                "content/notices/Open-Day.md",
                "---\ntitle: 开放日\ndate: 2024-05-01\nposter: { size: A4, slogan: 欢迎 }\n---\n\n开放日安排。\n",
            ),
            (
                "content/notices/open-day.md",
                "---\ntitle: 开放日（补充）\ndate: 2024-05-02\nposter: { size: A4, slogan: 欢迎 }\n---\n\n补充说明。\n",
            ),
            ("static/Logo.txt", "upper"),
            ("static/logo.txt", "lower"),
        ],
    );
    let run = placard(&["build", "--root", site.path().to_str().expect("utf-8")]);
    let message = stderr(&run);
    assert!(run.status.success(), "{message}");
    for expected in [
        "the page content/notices/Open-Day.md:2 is published at notices/Open-Day/index.html \
         and the page content/notices/open-day.md:2 at notices/open-day/index.html: the paths \
         differ only in case",
        "the file static/Logo.txt is published at Logo.txt and the file static/logo.txt at \
         logo.txt",
        "--> content/notices/Open-Day.md:2",
    ] {
        assert!(
            message.contains(expected),
            "expected `{expected}` in:\n{message}"
        );
    }
    // One warning for the two pages, though their posters differ only in case too.
    assert_eq!(
        message.matches("differ only in case").count(),
        2,
        "{message}"
    );
    let out = site.path().join("output");
    assert_eq!(read(&out, "Logo.txt"), "upper");
    assert_eq!(read(&out, "logo.txt"), "lower");
    assert!(out.join("notices/Open-Day/index.html").is_file());
    assert!(out.join("notices/open-day/index.html").is_file());
}
