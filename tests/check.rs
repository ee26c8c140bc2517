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

// The broken and warned-about sites (check-errors, check-warnings) are cases
// of the table in tests/invalid.rs, their whole output compared.

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
