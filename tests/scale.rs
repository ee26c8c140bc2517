//! Large sites (issue 7): the same bytes whatever the number of threads, tag
//! pages paginated like section lists, and a rebuild that keeps the files whose
//! bytes did not change, modification time included. Nothing here is timed:
//! speed is measured by `scripts/bench` (docs/performance.md).

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use support::html::{Html, all, attr, html, text};
use support::site::{TODAY, build_ok, fixture, placard, read, snapshot, stderr};

/// `placard build --root ROOT --output OUT` with `threads` worker threads.
fn build_with_threads(root: &Path, out: &Path, threads: usize) {
    let run = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("PLACARD_TODAY", TODAY)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run placard");
    assert!(
        run.status.success(),
        "build with {threads} threads failed:\n{}",
        stderr(&run)
    );
}

/// A site of `per_language` pages in Chinese, most translated into English, in
/// which list order depends on ties: many pages share a date, some a title too,
/// tags are shared by dozens of pages, and there are notices (urgent, expired),
/// plans and trainings with timetables, tables and code blocks.
fn generated_site(root: &Path, per_language: usize) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write(
        "placard.yaml",
        "title: 某某县人民政府信息公开\nbase_url: https://example.gov.cn\ndefault_language: zh\n\
         languages:\n  zh: { name: 中文, title: 某某县人民政府信息公开 }\n  en: { name: English, title: Example County }\n\
         timezone: Asia/Shanghai\n",
    );
    write("content/_index.md", "---\ntitle: 首页\n---\n欢迎。\n");
    write("content/_index.en.md", "---\ntitle: Home\n---\nWelcome.\n");
    for (section, zh, en) in [
        ("notices", "通知公告", "Notices"),
        ("plans", "工作计划", "Plans"),
        ("trainings", "培训", "Training"),
    ] {
        write(
            &format!("content/{section}/_index.md"),
            &format!("---\ntitle: {zh}\n---\n"),
        );
        write(
            &format!("content/{section}/_index.en.md"),
            &format!("---\ntitle: {en}\n---\n"),
        );
    }
    let tags_zh = [
        "培训",
        "计划生育",
        "就业",
        "党建",
        "教育",
        "卫生健康",
        "统计",
    ];
    let tags_en = [
        "training",
        "family planning",
        "employment",
        "party building",
        "education",
        "health",
        "statistics",
    ];
    for i in 0..per_language {
        let section = ["notices", "plans", "trainings"][i % 3];
        // Thirty dates for all pages: every date is shared by several pages.
        let date = format!("2024-{:02}-{:02}", 1 + i % 10, 1 + (i * 7) % 3);
        // Every tag list is long; the first tag is on two pages of three.
        let tag_ids: Vec<usize> = (0..tags_zh.len())
            .filter(|t| {
                if *t == 0 {
                    i % 3 != 1
                } else {
                    (i + t) % 4 == 0
                }
            })
            .collect();
        let tags = |names: &[&str]| {
            tag_ids
                .iter()
                .map(|&t| format!("\"{}\"", names[t]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Pages thirty apart share a date; some share the title too, and only
        // their file names order them.
        let n = if i >= 30 && i % 6 == 0 { i - 30 } else { i };
        let kind_zh = match section {
            "notices" => {
                let valid = if i % 7 == 0 { "valid_until: 2024-12-31\n" } else { "" };
                let urgent = if i % 11 == 0 && i % 7 != 0 {
                    "urgent: true\nvalid_until: 2025-12-31\n"
                } else {
                    ""
                };
                format!("issuer: 县人口计生委\ndoc_number: 县发〔2024〕{i}号\n{valid}{urgent}")
            }
            "plans" => "issuer: 县人口计生委\nperiod: { start: 2024-01-01, end: 2024-12-31 }\nstatus: in_force\n\
                        targets: [ { indicator: 自然增长率, target: \"≤ 7.5‰\" } ]\n"
                .to_string(),
            _ => format!(
                "organizer: 县计划生育服务站\nvenue: 培训室\nmodules:\n  - {{ id: T1, title: 手术操作技能, hours: 6 }}\n  \
                 - {{ id: R1, title: 医疗文书, hours: 3 }}\nsessions:\n  \
                 - {{ date: {date}, start: \"08:30\", end: \"11:30\", module: T1 }}\n  \
                 - {{ date: {date}, start: \"14:00\", end: \"17:00\", module: T1 }}\n  \
                 - {{ date: 2024-11-0{}, start: \"08:30\", end: \"11:30\", module: R1 }}\n",
                1 + i % 7
            ),
        };
        let extra = match i % 4 {
            0 => "\n| 序号 | 内容 |\n|---|---|\n| 1 | 报名 |\n| 2 | 培训 |\n".to_string(),
            1 => {
                "\n```yaml\nform:\n  id: training-2024\n  fields: [name, phone]\n```\n".to_string()
            }
            2 if i >= 3 => format!("\n见[上一篇](../{section}/page-{:04}.md)。\n", i - 3),
            _ => String::new(),
        };
        write(
            &format!("content/{section}/page-{i:04}.md"),
            &format!(
                "---\ntitle: 第{n}号文件\ndate: {date}\nsummary: 摘要{i}\ntags: [{}]\n{kind_zh}---\n\n\
                 正文第{i}段，关于计划生育服务。\n\n## 一、总体要求\n\n要求{i}。\n\n## 二、主要目标\n\n目标。\n\n## 三、工作措施\n\n措施。\n{extra}",
                tags(&tags_zh)
            ),
        );
        if i % 4 != 3 {
            let kind_en = kind_zh
                .replace("县人口计生委", "County Commission")
                .replace("县计划生育服务站", "Service Station")
                .replace("培训室", "Training room")
                .replace("手术操作技能", "Technique")
                .replace("医疗文书", "Records")
                .replace("自然增长率", "Growth rate")
                .replace("县发〔2024〕", "No. ");
            write(
                &format!("content/{section}/page-{i:04}.en.md"),
                &format!(
                    "---\ntitle: Document {n}\ndate: {date}\nsummary: Summary {i}\ntags: [{}]\n{kind_en}---\n\n\
                     Body {i} about family planning services.\n\n## General requirements\n\nText.\n\n## Targets\n\nMore.\n",
                    tags(&tags_en)
                ),
            );
        }
    }
}

#[test]
fn one_thread_and_four_threads_write_the_same_bytes() {
    let good = fixture("good");
    let generated = support::tempdir();
    generated_site(generated.path(), 180);
    for site in [good.path(), generated.path()] {
        let one = site.join("out-1-thread");
        let four = site.join("out-4-threads");
        build_with_threads(site, &one, 1);
        build_with_threads(site, &four, 4);
        let (one, four) = (snapshot(&one), snapshot(&four));
        assert!(one.len() > 80, "{} files", one.len());
        let names = |files: &[(std::path::PathBuf, Vec<u8>)]| {
            files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(&one), names(&four), "the same files");
        for ((path, a), (_, b)) in one.iter().zip(&four) {
            assert!(a == b, "{} differs between 1 and 4 threads", path.display());
        }
    }
}

/// The titles listed on one page of a list, in order.
fn listed(doc: &Html) -> Vec<String> {
    all(doc, ".page-list .page-item-title")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn tag_pages_are_paginated_like_sections() {
    let site = support::tempdir();
    generated_site(site.path(), 180);
    let run = placard(&["build", "--root", site.path().to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
    let out = site.path().join("output");

    // 120 pages in Chinese carry 培训: six pages of twenty.
    let first = html(&out, "tags/培训/index.html");
    assert_eq!(listed(&first).len(), 20);
    let numbers: Vec<String> = all(&first, "nav.pagination li")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        numbers,
        ["1", "2", "3", "…", "6", "下一页 ›"],
        "windowed page numbers"
    );
    assert_eq!(
        attr(&first, "nav.pagination a[rel=next]", "href").as_deref(),
        Some("/tags/培训/page/2/")
    );
    assert_eq!(
        attr(&first, "nav.pagination a[aria-current=page]", "href").as_deref(),
        Some("/tags/培训/")
    );

    let mut every = listed(&first);
    for n in 2..=6 {
        let page = html(&out, &format!("tags/培训/page/{n}/index.html"));
        let title = text(all(&page, "title")[0]);
        assert!(title.contains(&format!("第 {n} 页")), "{title}");
        assert_eq!(
            attr(&page, "nav.pagination a[aria-current=page]", "href"),
            Some(format!("/tags/培训/page/{n}/"))
        );
        every.extend(listed(&page));
    }
    assert!(!out.join("tags/培训/page/7").exists());
    let last = html(&out, "tags/培训/page/6/index.html");
    assert!(all(&last, "nav.pagination a[rel=next]").is_empty());
    assert_eq!(
        attr(&last, "nav.pagination a[rel=prev]", "href").as_deref(),
        Some("/tags/培训/page/5/")
    );
    assert_eq!(every.len(), 120, "every page once");

    // The list of tags counts them all; English tags are paginated the same way.
    let tags = read(&out, "tags/index.html");
    assert!(tags.contains("120"), "count of 培训 on /tags/");
    // 90 of them in English: five pages.
    assert!(out.join("en/tags/training/page/5/index.html").exists());
    assert!(!out.join("en/tags/training/page/6").exists());
    // A tag with fewer pages than fit on one has no page numbers at all.
    let small = support::tempdir();
    generated_site(small.path(), 12);
    let small_out = build_ok(small.path());
    let doc = html(&small_out, "tags/培训/index.html");
    assert_eq!(listed(&doc).len(), 8);
    assert!(all(&doc, "nav.pagination").is_empty());
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_rebuild_keeps_the_files_that_did_not_change() {
    let site = fixture("good");
    let out = build_ok(site.path());
    // Everything written "long ago", so a rewritten file shows a new time.
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let file = fs::File::options()
                .write(true)
                .open(entry.path())
                .expect("open");
            file.set_modified(long_ago).expect("set mtime");
        }
    }
    // One page's body and one attachment change; nothing else does.
    let page = site.path().join("content/about.md");
    let text = fs::read_to_string(&page).expect("read page");
    fs::write(&page, format!("{text}\n新增一段说明。\n")).expect("edit page");
    let attachment = site.path().join("content/notices/enrolment/报名表.txt");
    let before = fs::read(&attachment).expect("read attachment");
    let mut changed = before.clone();
    changed[0] = if changed[0] == b'x' { b'y' } else { b'x' };
    fs::write(&attachment, &changed).expect("edit attachment");

    let run = placard(&["build", "--root", site.path().to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", stderr(&run));
    let summary = stderr(&run);
    assert!(
        summary.contains(" unchanged)"),
        "the summary counts kept files: {summary}"
    );

    for kept in [
        "en/about/index.html",
        "notices/enrolment/index.html",
        "trainings/technician-course/index.html",
        "style.css",
        "sitemap.xml",
        // The mark of a placard build, the same on every build.
        ".placard-build",
    ] {
        assert_eq!(mtime(&out.join(kept)), long_ago, "{kept} was rewritten");
    }
    for rewritten in ["about/index.html", "notices/enrolment/报名表.txt"] {
        assert!(
            mtime(&out.join(rewritten)) > long_ago,
            "{rewritten} kept its old time"
        );
    }
    assert!(read(&out, "about/index.html").contains("新增一段说明。"));
    assert_eq!(
        fs::read(out.join("notices/enrolment/报名表.txt")).expect("read"),
        changed
    );

    // A kept file is a file of the new output in its own right: removing the
    // staging and old folders left it in place, with its bytes.
    assert!(read(&out, "en/about/index.html").contains("<html"));
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .expect("list site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("placard-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
