//! `placard check`: every validation of `build`, plus links and `#anchors`,
//! attachments, missing translations, expired urgent notices and unused bundle
//! files; output grouped per file; exit 1 on errors, 0 otherwise; writes nothing.

mod support;

use std::process::Output;

use support::site::{fixture, placard, snapshot, stderr};

/// `placard check` on a copy of a fixture, today being 2025-01-15.
fn check(name: &str) -> (Output, String) {
    let site = fixture(name);
    let output = placard(&["check", "--root", site.path().to_str().expect("utf-8")]);
    let text = stderr(&output);
    (output, text)
}

/// The block of output under the `── FILE:` heading.
fn group<'a>(stderr: &'a str, file: &str) -> &'a str {
    let heading = format!("── {file}:");
    let start = stderr
        .find(&heading)
        .unwrap_or_else(|| panic!("no group for {file} in:\n{stderr}"));
    let rest = &stderr[start + heading.len()..];
    &rest[..rest.find("── ").unwrap_or(rest.len())]
}

#[test]
fn broken_links_anchors_and_attachments_are_errors_with_file_and_line() {
    let (output, stderr) = check("check-errors");
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    let home = group(&stderr, "content/_index.md");
    assert!(home.contains("there is no heading `#联系我们`"), "{home}");
    assert!(home.contains("--> content/_index.md:5"), "{home}");
    assert!(
        home.contains("#机构职能"),
        "the hint lists the headings: {home}"
    );
    assert!(
        !home.contains("what-we-do"),
        "the English link is fine: {home}"
    );

    let about = group(&stderr, "content/about.md");
    assert!(
        about.contains("link `#联系方式`: there is no heading"),
        "{about}"
    );
    assert!(about.contains("--> content/about.md:7"), "{about}");
    assert!(
        about.contains("1 error(s)"),
        "#机构职能 on the same line is fine: {about}"
    );

    let notice = group(&stderr, "content/notices/enrol/index.md");
    for expected in [
        "attachment `报名表.docx` does not exist",
        "--> content/notices/enrol/index.md:4",
        "link to `报名表.docx`, which the site does not have",
        "link to a content file that does not exist: ../../plans/missing.md",
        "--> content/notices/enrol/index.md:7",
        "link to `/notices/archive/`, which the site does not have",
        "--> content/notices/enrol/index.md:8",
    ] {
        assert!(
            notice.contains(expected),
            "missing {expected:?} in:\n{notice}"
        );
    }
    assert!(!stderr.contains("content/_index.en.md"), "{stderr}");
    assert!(!stderr.contains("index.en.md"), "{stderr}");
    assert!(stderr.contains("check found 6 error(s)"), "{stderr}");
}

#[test]
fn expired_urgent_notices_unused_files_and_missing_translations_are_warnings() {
    let (output, stderr) = check("check-warnings");
    assert_eq!(output.status.code(), Some(0), "{stderr}");

    for file in [
        "content/notices/flu-vaccination.md",
        "content/notices/flu-vaccination.en.md",
    ] {
        let urgent = group(&stderr, file);
        assert!(
            urgent.contains("warning: urgent notice expired on 2024-05-31 (today is 2025-01-15)"),
            "{urgent}"
        );
        assert!(urgent.contains(&format!("--> {file}:5")), "{urgent}");
    }

    let unused = group(&stderr, "content/notices/clinic/旧稿.txt");
    assert!(
        unused.contains("`旧稿.txt` is in the page bundle but no attachment or link uses it"),
        "{unused}"
    );
    assert!(
        !stderr.contains("时间表.txt` is in the page bundle"),
        "{stderr}"
    );

    let section = group(&stderr, "content/notices/_index.md");
    assert!(
        section.contains(
            "2 pages in content/notices/ not translated into English (en): clinic/index.md, rabies.md"
        ),
        "{section}"
    );
    assert!(stderr.contains("check passed (4 warning(s))"), "{stderr}");
}

#[test]
fn the_good_site_passes_with_no_link_errors() {
    let (output, stderr) = check("good");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(
        !stderr.contains("link"),
        "every link of the good site resolves: {stderr}"
    );
    // Its two zh-only pages are counted per section.
    assert!(
        stderr.contains(
            "1 page in content/plans/ not translated into English (en): untranslated-plan.md"
        ),
        "{stderr}"
    );
}

#[test]
fn check_writes_nothing() {
    let site = fixture("good");
    let before = snapshot(site.path());
    let output = placard(&["check", "--root", site.path().to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!site.path().join("output").exists());
    assert_eq!(snapshot(site.path()), before);
}
