//! `placard check` and the government website inspection (国办秘函〔2019〕19号):
//! columns not updated within their interval (`update_every:`, else 6 months
//! for notices, plans and trainings and 2 weeks for news), empty columns, a
//! home page with nothing new for 2 weeks, interpretations (by title, folder or
//! `column_type: 政策解读`) that name no
//! policy. Warnings; errors with `--strict`. "Today" is `PLACARD_TODAY`.

mod support;

use std::process::Output;

use support::site::{fixture, placard_on, stderr};

/// `placard check ARGS --root <the inspection fixture>` on `today`.
fn check(args: &[&str], today: &str) -> (Output, String) {
    let site = fixture("inspection");
    let root = site.path().to_str().expect("utf-8").to_string();
    let mut all: Vec<&str> = vec!["check"];
    all.extend(args);
    all.extend(["--root", &root]);
    let output = placard_on(&all, today);
    let text = stderr(&output);
    (output, text)
}

/// The first line of every finding labelled `label` (`warning`, `error`),
/// with the file it is reported in.
fn findings(stderr: &str, label: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter(|pair| pair[0].starts_with(&format!("{label}: ")))
        .map(|pair| format!("{} {}", pair[1].trim(), pair[0]))
        .collect()
}

#[test]
fn check_warns_of_stale_and_empty_columns_and_interpretations_without_their_policy() {
    let (output, stderr) = check(&[], "2025-01-15");
    assert_eq!(output.status.code(), Some(0), "warnings only:\n{stderr}");
    let mut found = findings(&stderr, "warning");
    found.sort();
    let inspection = "fails the website inspection (国办秘函〔2019〕19号)";
    let not_linked = "the website inspection (国办秘函〔2019〕19号) wants each interpretation and its policy linked both ways";
    assert_eq!(
        found,
        [
            // In a column of `column_type: 政策解读`, whatever its title says.
            format!(
                "--> content/news/explained/priorities.en.md:2 warning: \"At a glance: the priorities for 2024\" reads as a policy interpretation (解读) but names no policy: {not_linked}"
            ),
            format!(
                "--> content/news/explained/priorities.md:2 warning: \"图说：2024年工作要点\" reads as a policy interpretation (解读) but names no policy: {not_linked}"
            ),
            format!(
                "--> content/news/policy-explained.en.md:2 warning: \"Priorities for 2024, an interpretation\" reads as a policy interpretation (解读) but names no policy: {not_linked}"
            ),
            format!(
                "--> content/news/policy-explained.md:2 warning: \"《2024年工作要点》解读\" reads as a policy interpretation (解读) but names no policy: {not_linked}"
            ),
            format!(
                "--> content/notices/_index.en.md warning: column \"Notices\" (content/notices/, English) was last updated on 2024-06-01, more than 6 months ago (today is 2025-01-15): a stale column {inspection}"
            ),
            format!(
                "--> content/notices/_index.md warning: column \"通知公告\" (content/notices/, 中文) was last updated on 2024-06-01, more than 6 months ago (today is 2025-01-15): a stale column {inspection}"
            ),
            format!(
                "--> content/trainings/_index.en.md warning: column \"Training\" (content/trainings/, English) has no pages: an empty column {inspection}"
            ),
            format!(
                "--> content/trainings/_index.md warning: column \"培训信息\" (content/trainings/, 中文) has no pages: an empty column {inspection}"
            ),
        ],
        "{stderr}"
    );
    // The plans (2024-03-01) are within their `update_every: 1年`, the news
    // (2025-01-10) and the home page within 2 weeks.
    assert!(!stderr.contains("content/plans/"), "{stderr}");
    assert!(!stderr.contains("content/news/_index"), "{stderr}");
    assert!(!stderr.contains("home page"), "{stderr}");
    assert!(
        stderr.contains(
            "  = hint: publish something new in it; if the column is updated less often by its nature, say how often in content/notices/_index.md with `update_every:`, like `update_every: 1 year`\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("check passed (8 warning(s))\n"),
        "{stderr}"
    );
}

#[test]
fn two_weeks_later_the_news_column_and_the_home_page_are_stale_too() {
    let (output, stderr) = check(&[], "2025-02-01");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for (file, text) in [
        (
            "content/news/_index.md",
            "column \"工作动态\" (content/news/, 中文) was last updated on 2025-01-10, more than 2 weeks ago (today is 2025-02-01)",
        ),
        (
            "content/news/_index.en.md",
            "column \"News\" (content/news/, English) was last updated on 2025-01-10, more than 2 weeks ago (today is 2025-02-01)",
        ),
        (
            "content/_index.md",
            "the home page (中文) shows nothing newer than 2025-01-10, more than 2 weeks ago (today is 2025-02-01): a home page not updated for 2 weeks fails the website inspection outright",
        ),
        (
            "content/_index.en.md",
            "the home page (English) shows nothing newer than 2025-01-10, more than 2 weeks ago",
        ),
    ] {
        assert!(
            stderr.contains(&format!("warning: {text}")),
            "expected `{text}` in:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("── {file}: 0 error(s)")),
            "in {file}:\n{stderr}"
        );
    }
    // Still within the year of `update_every: 1年`.
    assert!(!stderr.contains("content/plans/"), "{stderr}");
}

#[test]
fn strict_makes_every_finding_an_error_and_exits_1() {
    let (output, stderr) = check(&["--strict"], "2025-01-15");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(findings(&stderr, "error").len(), 8, "{stderr}");
    assert!(findings(&stderr, "warning").is_empty(), "{stderr}");
    assert!(
        stderr.contains(
            "error: column \"Notices\" (content/notices/, English) was last updated on 2024-06-01"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("check found 8 error(s) and 0 warning(s)\n"),
        "{stderr}"
    );
    // `build` does not inspect: the site builds, without these warnings.
    let site = fixture("inspection");
    let build = placard_on(
        &["build", "--root", site.path().to_str().expect("utf-8")],
        "2025-01-15",
    );
    let text = support::site::stderr(&build);
    assert!(build.status.success(), "{text}");
    assert!(!text.contains("inspection"), "{text}");
}

#[test]
fn the_inspection_speaks_chinese_to_a_chinese_site() {
    let site = fixture("inspection");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(["check", "--root", site.path().to_str().expect("utf-8")])
        .env("PLACARD_TODAY", "2025-01-15")
        .env("NO_COLOR", "1")
        .env_remove("PLACARD_LANG")
        .output()
        .expect("run placard");
    let stderr = stderr(&output);
    for expected in [
        "警告: 栏目“通知公告”（content/notices/，中文）最新一篇发布于 2024-06-01，已超过6个月未更新（今天是 2025-01-15）；按网站检查指标（国办秘函〔2019〕19号）属于栏目不更新\n",
        "警告: 栏目“培训信息”（content/trainings/，中文）没有任何内容；按网站检查指标（国办秘函〔2019〕19号）属于空白栏目\n",
        "警告: “《2024年工作要点》解读”看起来是一篇政策解读，但没有写明解读的是哪份文件；按网站检查指标（国办秘函〔2019〕19号），解读应与被解读的文件相互关联\n",
        "  = 提示: 在前置信息里加一行 `interprets: ../plans/文件名.md`，写被解读文件的 .md 路径；两个页面会互相链接\n",
        "检查通过（8 个警告）\n",
    ] {
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in:\n{stderr}"
        );
    }
}
