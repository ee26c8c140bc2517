//! Incremental builds (issue 24): after each kind of change — a page's body,
//! its front matter, a new page, a deleted one, a renamed tag, a template,
//! placard.yaml — a build over the last one's output and build cache makes the
//! very files, byte for byte, that a clean build of the same site makes; and
//! it does only what the change needs (the last line of its report says what:
//! nothing, the outputs of the edited pages, or everything and why). A damaged
//! cache is ignored with a warning, `--no-cache` builds everything, and files
//! whose bytes did not change keep their modification time. Its warnings are
//! those of the clean build, in the same words, the warnings of pages it did
//! not render again included. Nothing here is timed: speed is measured by
//! `scripts/bench` (docs/performance.md).

mod support;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use support::site::{copy_dir, fixture, placard, snapshot, stderr};

/// The site being edited (a copy of `tests/fixtures/good`), built again after
/// every change over its own output and cache.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let site = Site {
            dir: fixture("good"),
        };
        let report = site.build(&[]);
        assert!(
            report.contains("built everything: no build cache yet"),
            "{report}"
        );
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let path = self.file(rel);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        let changed = change(text.clone());
        assert_ne!(text, changed, "the edit of {rel} changes nothing");
        fs::write(&path, changed).expect("write");
    }

    /// `placard build` over the last output and cache; returns its stderr.
    fn build(&self, extra: &[&str]) -> String {
        let mut args = vec!["build", "--root", self.root().to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        let run = placard(&args);
        let report = stderr(&run);
        assert!(run.status.success(), "build failed:\n{report}");
        report
    }

    /// Builds again, asserts the report's last line starts with `expected`,
    /// and that the output is what a clean build of the same site makes.
    fn rebuild_as_clean(&self, expected: &str) -> String {
        let report = self.build(&[]);
        let last = report.lines().last().unwrap_or_default();
        assert!(
            last.starts_with(expected),
            "expected a build that says `{expected}…`, got:\n{report}"
        );
        let clean = assert_same_as_clean(self.root());
        assert_eq!(
            warnings(&report),
            warnings(&clean),
            "the build's warnings are not a clean build's:\n--- this build\n{report}\n--- clean\n{clean}"
        );
        report
    }

    /// `build` through the library with the search index left out
    /// (`BuildOptions::without_search_index`): an incremental build then
    /// renders only the Markdown of the pages, feeds and lists it makes.
    fn build_without_search(&self, no_cache: bool) -> placard::BuildReport {
        let options = placard::BuildOptions {
            root: self.root().to_path_buf(),
            without_search_index: true,
            no_cache,
            ..Default::default()
        };
        placard::build(&options).unwrap_or_else(|errors| panic!("build failed: {errors:?}"))
    }

    /// `build_without_search` over the last output and cache: asserts it was
    /// incremental, and that its files and warnings are those of a clean
    /// build of a copy of the site.
    fn rebuild_without_search_as_clean(&self) {
        let report = self.build_without_search(false);
        assert!(
            matches!(report.incremental, placard::Incremental::Pages { .. }),
            "{:?}",
            report.incremental
        );
        let clean = Site {
            dir: support::tempdir(),
        };
        copy_sources(self.root(), clean.root());
        let clean_report = clean.build_without_search(true);
        assert_same_files(&self.file("output"), &clean.file("output"));
        let words = |report: &placard::BuildReport| -> Vec<String> {
            report.diagnostics.iter().map(ToString::to_string).collect()
        };
        assert_eq!(words(&report), words(&clean_report));
    }
}

/// The warnings of a build's report (stderr), each with its place and hint,
/// those about the build cache itself left out.
fn warnings(report: &str) -> Vec<String> {
    let mut warnings: Vec<String> = Vec::new();
    for line in report.lines() {
        if line.starts_with("warning: ") {
            warnings.push(format!("{line}\n"));
        } else if line.starts_with("  ")
            && let Some(last) = warnings.last_mut()
        {
            last.push_str(line);
            last.push('\n');
        }
    }
    warnings.retain(|w| !w.contains("build cache"));
    warnings
}

/// A copy of the site's sources at `root` (not its output, not its cache) in `to`.
fn copy_sources(root: &Path, to: &Path) {
    copy_dir(root, to);
    for made in ["output", ".placard-cache"] {
        let _ = fs::remove_dir_all(to.join(made));
    }
}

/// A copy of the site's sources (not its output, not its cache) built from
/// nothing holds the same files, byte for byte, as the site's own output;
/// returns that clean build's report (stderr).
fn assert_same_as_clean(root: &Path) -> String {
    let clean = support::tempdir();
    copy_sources(root, clean.path());
    let run = placard(&[
        "build",
        "--root",
        clean.path().to_str().expect("utf-8"),
        "--no-cache",
    ]);
    assert!(
        run.status.success(),
        "clean build failed:\n{}",
        stderr(&run)
    );
    assert_same_files(&root.join("output"), &clean.path().join("output"));
    stderr(&run)
}

/// The output folder `output` holds the files of the clean build's `clean`,
/// byte for byte.
fn assert_same_files(output: &Path, clean: &Path) {
    let (incremental, clean) = (snapshot(output), snapshot(clean));
    let names =
        |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&incremental),
        names(&clean),
        "the incremental build made other files than a clean build"
    );
    for ((path, bytes), (_, clean_bytes)) in incremental.iter().zip(&clean) {
        assert!(
            bytes == clean_bytes,
            "{} differs from a clean build's:\n--- incremental\n{}\n--- clean\n{}",
            path.display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(clean_bytes)
        );
    }
}

/// Modification time and inode of every file of the output.
fn stamps(output: &Path) -> Vec<(PathBuf, (i64, i64, u64))> {
    let mut files: Vec<_> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().expect("stat");
            (
                e.path().strip_prefix(output).expect("inside").to_path_buf(),
                (m.mtime(), m.mtime_nsec(), m.ino()),
            )
        })
        .collect();
    files.sort();
    files
}

const NOTICE: &str = "content/notices/urgent-vaccination.md";

#[test]
fn a_build_with_nothing_changed_leaves_every_file_as_it_was() {
    let site = Site::new();
    let before = stamps(&site.file("output"));
    let report = site.rebuild_as_clean("nothing changed since the last build");
    assert_eq!(stamps(&site.file("output")), before, "{report}");
}

#[test]
fn an_edited_body_rebuilds_the_outputs_that_show_the_page_and_keeps_the_rest() {
    let site = Site::new();
    let before = stamps(&site.file("output"));
    site.edit(NOTICE, |text| {
        text + "\n接种点新增流动服务车,逢集日到各村服务。\n"
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    let after = stamps(&site.file("output"));
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|file| !before.contains(file))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.contains(&&PathBuf::from("notices/urgent-vaccination/index.html")),
        "{changed:?}"
    );
    // Another page, its poster, the English pages and their search index are
    // as they were, modification time included.
    for kept in [
        "notices/expired-campaign/index.html",
        "notices/urgent-vaccination/poster/index.html",
        "en/notices/urgent-vaccination/index.html",
        "en/search/index/meta.js",
        "en/index.html",
    ] {
        assert!(
            !changed.contains(&&PathBuf::from(kept)),
            "{kept} was written again: {changed:?}"
        );
    }
    // The words added are found by search: the Chinese index changed.
    assert!(
        changed.iter().any(|p| p.starts_with("search/index")),
        "{changed:?}"
    );
}

#[test]
fn an_edited_title_and_summary_rebuild_the_lists_that_show_them() {
    let site = Site::new();
    site.edit(NOTICE, |text| {
        text.replace("的紧急通知", "的紧急通知(第二版)")
            .replace("免费接种风疹疫苗。", "免费接种风疹疫苗,请带身份证。")
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    // And its English translation's front matter, then both at once.
    site.edit("content/notices/urgent-vaccination.en.md", |text| {
        text.replacen("title: ", "title: Revised ", 1)
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    site.edit(NOTICE, |text| text + "\n第三段。\n");
    site.edit("content/about.en.md", |text| text + "\nOne more line.\n");
    site.rebuild_as_clean("incremental: 2 edited page(s)");
}

#[test]
fn front_matter_that_moves_a_page_rebuilds_everything() {
    let site = Site::new();
    site.edit(NOTICE, |text| {
        text.replace("date: 2024-04-02", "date: 2019-04-02")
    });
    site.rebuild_as_clean("built everything: pages moved");
    site.edit(NOTICE, |text| text.replace("urgent: true\n", ""));
    site.rebuild_as_clean("incremental: 1 edited page(s)");
}

#[test]
fn a_new_page_and_a_deleted_page_rebuild_everything() {
    let site = Site::new();
    fs::write(
        site.file("content/notices/road-works.md"),
        "---\ntitle: 关于县道施工的通知\ndate: 2024-05-06\ntags: [交通]\n---\n\n县道 X012 施工期间请绕行。\n",
    )
    .expect("write");
    site.rebuild_as_clean("built everything: content/notices/road-works.md changed, came or went");
    fs::remove_file(site.file("content/notices/expired-campaign.md")).expect("remove");
    site.rebuild_as_clean("built everything: content/notices/expired-campaign.md");
    assert!(
        !site
            .file("output/notices/expired-campaign/index.html")
            .exists()
    );
}

#[test]
fn a_renamed_tag_rebuilds_everything() {
    let site = Site::new();
    site.edit(NOTICE, |text| text.replace("优生优育", "健康孕育"));
    site.rebuild_as_clean("built everything: pages moved, or their tags");
    assert!(!site.file("output/tags/优生优育").exists());
    assert!(site.file("output/tags/健康孕育/index.html").exists());
}

#[test]
fn a_template_or_placard_yaml_changed_rebuilds_everything() {
    let site = Site::new();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let page = fs::read_to_string(theme.join("notice.html")).expect("read the theme's notice.html");
    fs::create_dir_all(site.file("templates")).expect("mkdir");
    fs::write(
        site.file("templates/notice.html"),
        page.replacen(
            "{% block after_body %}",
            "{% block after_body %}<!-- the county's own notice template -->",
            1,
        ),
    )
    .expect("write");
    site.rebuild_as_clean("built everything: templates/notice.html changed");
    assert!(
        fs::read_to_string(site.file("output/notices/urgent-vaccination/index.html"))
            .expect("read")
            .contains("the county's own notice template")
    );
    site.edit("placard.yaml", |text| {
        text.replace("Example County Government", "Example County")
    });
    site.rebuild_as_clean("built everything: placard.yaml changed");
    // A page edited after them is incremental again.
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    site.rebuild_as_clean("incremental: 1 edited page(s)");
}

#[test]
fn an_output_changed_by_hand_is_made_again() {
    let site = Site::new();
    fs::write(
        site.file("output/notices/expired-campaign/index.html"),
        "edited by hand",
    )
    .expect("write");
    fs::write(site.file("output/stray.html"), "left by hand").expect("write");
    site.rebuild_as_clean("built everything: the output folder changed since the last build");
}

#[test]
fn an_output_changed_by_hand_with_a_page_edited_is_made_again_in_full() {
    // An edited build compares the output folder while it loads the site:
    // what it finds changed there still means everything is built again.
    type Change = fn(&Site);
    let changes: [(&str, Change); 3] = [
        ("a page's bytes, its length kept", |site| {
            let file = site.file("output/notices/expired-campaign/index.html");
            let bytes = fs::read(&file).expect("read");
            let changed = replace_bytes(&bytes, "<html", "<HTML");
            fs::write(&file, changed).expect("write");
            // Later than the time it had: a write in the same tick of the
            // clock keeps it, and the length is the same.
            let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
            fs::File::options()
                .write(true)
                .open(&file)
                .and_then(|f| f.set_modified(later))
                .expect("set time");
        }),
        ("a file left in a page's folder", |site| {
            fs::write(site.file("output/en/notices/stray.html"), "left by hand").expect("write");
        }),
        ("a page removed", |site| {
            fs::remove_file(site.file("output/notices/expired-campaign/index.html"))
                .expect("remove");
        }),
    ];
    for (what, change) in changes {
        // Shown if the case fails.
        eprintln!("changed by hand: {what}");
        let site = Site::new();
        change(&site);
        site.edit(NOTICE, |text| text + "\n补充说明。\n");
        site.rebuild_as_clean("built everything: the output folder changed since the last build");
        // The next edit is an edited build again.
        site.edit(NOTICE, |text| text + "\n再补充一句。\n");
        site.rebuild_as_clean("incremental: 1 edited page(s)");
    }
}

#[test]
fn an_edit_that_makes_new_files_leaves_an_output_the_next_build_trusts() {
    // The entries an edited build saves are the last build's and the files
    // it wrote, with the folders it made for them: a build after it finds
    // the output as it was left (nothing to do), and one after a change by
    // hand finds that. A page long enough to move the average length: the
    // search index is made in full, in files and folders it did not have.
    let site = larger_site(150);
    site.edit("content/notices/batch-070.md", |text| {
        text + &"流动服务车逢集日到各村服务。".repeat(3_000)
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    site.rebuild_as_clean("nothing changed since the last build");
    fs::write(site.file("output/search/stray.js"), "left by hand").expect("write");
    site.rebuild_as_clean("built everything: the output folder changed since the last build");
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning() {
    let site = Site::new();
    let cache = site.file(".placard-cache/build.bin");
    let mut bytes = fs::read(&cache).expect("the build leaves a cache");
    // One byte of its record changed: a cache that says the output is as it
    // was when it is not, if it were trusted.
    fs::write(site.file("output/index.html"), "stale").expect("write");
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    fs::write(&cache, &bytes).expect("write");
    let report = site.rebuild_as_clean("built everything: no build cache yet");
    assert!(
        report.contains(
            "warning: the build cache is damaged (its contents do not match its checksum); \
             it is ignored and everything is built\n  --> .placard-cache/build.bin\n"
        ),
        "{report}"
    );
    // Truncated, or not a cache at all.
    fs::write(&cache, "placard build cache 1 0000\n{}").expect("write");
    let report = site.rebuild_as_clean("built everything: no build cache yet");
    assert!(report.contains("the build cache is damaged"), "{report}");
    // The cache made by that build is trusted again.
    site.rebuild_as_clean("nothing changed since the last build");
}

#[test]
fn a_cache_made_for_another_site_folder_is_ignored() {
    let site = Site::new();
    let other = support::tempdir();
    copy_dir(site.root(), other.path());
    let report = placard(&["build", "--root", other.path().to_str().expect("utf-8")]);
    let report = stderr(&report);
    assert!(
        report.contains("the build cache was made for another site folder"),
        "{report}"
    );
    assert!(report.contains("built everything"), "{report}");
    assert_same_as_clean(other.path());
}

#[test]
fn no_cache_builds_everything_and_keeps_unchanged_files() {
    let site = Site::new();
    let before = stamps(&site.file("output"));
    let report = site.build(&["--no-cache"]);
    assert!(
        report.lines().last().unwrap_or_default() == "built everything: --no-cache",
        "{report}"
    );
    // Everything was made again, and the files whose bytes are the same kept
    // their time (the staging folder links them from the previous output).
    assert_eq!(stamps(&site.file("output")), before);
    assert_same_as_clean(site.root());
    // The cache it wrote is used by the next build.
    site.rebuild_as_clean("nothing changed since the last build");
}

#[test]
fn the_cache_is_beside_the_output_and_ignored_by_git() {
    let site = Site::new();
    assert_eq!(
        fs::read_to_string(site.file(".placard-cache/.gitignore")).expect("read"),
        "# placard's build cache\n*\n"
    );
    assert!(!site.file("output/.placard-cache").exists());
    // A link in place of the cache folder is not written through.
    let elsewhere = support::tempdir();
    fs::remove_dir_all(site.file(".placard-cache")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path(), site.file(".placard-cache")).expect("link");
    let report = site.build(&[]);
    assert!(report.contains("cannot write the build cache"), "{report}");
    assert_eq!(fs::read_dir(elsewhere.path()).expect("read").count(), 0);
}

const NOTICE_EN: &str = "content/notices/urgent-vaccination.en.md";
const ABOUT_EN: &str = "content/about.en.md";

/// A broken link's warning, as a build reports it, up to its line in `file`.
fn broken_link(target: &str, file: &str) -> String {
    format!("warning: link to a content file that does not exist: {target}\n  --> {file}:")
}

#[test]
fn an_edited_page_reports_its_broken_link_and_so_does_a_page_not_rendered_again() {
    let site = Site::new();
    // An English page gets a broken link: its own warning, in an incremental build.
    site.edit(ABOUT_EN, |text| {
        text + "\nSee [the old charter](charter.md).\n"
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    let warning = broken_link("charter.md", ABOUT_EN);
    assert!(report.contains(&warning), "{report}");
    // A Chinese page is edited: the English pages are not rendered again, and
    // the English page's warning is still reported, in the same words.
    site.edit(NOTICE, |text| text + "\n另见[旧通知](old-notice.md)。\n");
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(report.contains(&warning), "{report}");
    assert!(
        report.contains(&broken_link("old-notice.md", NOTICE)),
        "{report}"
    );
    // And again, the entries carried over from build to build.
    site.edit(NOTICE, |text| {
        text.replace("[旧通知](old-notice.md)", "旧通知")
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(report.contains(&warning), "{report}");
    assert!(!report.contains("old-notice.md"), "{report}");
}

#[test]
fn a_heading_added_for_another_pages_anchor_link() {
    let site = Site::new();
    site.edit(ABOUT_EN, |text| {
        text + "\nSee [where to be vaccinated](notices/urgent-vaccination.en.md#where-to-go).\n"
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    site.edit(NOTICE_EN, |text| {
        text + "\n## Where to go\n\nThe township service centre.\n"
    });
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    let page = fs::read_to_string(site.file("output/en/notices/urgent-vaccination/index.html"))
        .expect("read");
    assert!(page.contains("id=\"where-to-go\""), "{page}");
}

#[test]
fn without_the_search_index_an_edit_renders_only_what_it_shows_and_matches_a_clean_build() {
    let site = Site::new();
    site.build_without_search(true);
    // An unchanged page of the same language with a warning: not rendered again
    // (no search index reads its text), its warning still reported.
    site.edit("content/about.md", |text| {
        text + "\n见[旧章程](charter.md)。\n"
    });
    site.rebuild_without_search_as_clean();
    // The notice edited: its page, its translation, the Chinese home page,
    // lists and the feed, which carries the HTML of the newest pages.
    site.edit(NOTICE, |text| text + "\n接种点新增流动服务车。\n");
    site.rebuild_without_search_as_clean();
    let report = site.build_without_search(false);
    assert_eq!(report.incremental, placard::Incremental::Unchanged);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.to_string().contains("does not exist: charter.md")),
        "{:?}",
        report.diagnostics
    );
    let feed = fs::read_to_string(site.file("output/atom.xml")).expect("read");
    assert!(feed.contains("流动服务车"), "{feed}");
}

#[test]
fn saved_markdown_made_before_the_site_changed_is_not_trusted() {
    let site = Site::new();
    site.edit(ABOUT_EN, |text| {
        text + "\nSee [the road works](notices/road-works.en.md).\n"
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    let broken = broken_link("notices/road-works.en.md", ABOUT_EN);
    assert!(report.contains(&broken), "{report}");
    let saved = fs::read(site.file(".placard-cache/markdown.bin")).expect("saved Markdown");
    // The page the link names comes: everything is built, the link works.
    fs::write(
        site.file("content/notices/road-works.en.md"),
        "---\ntitle: Road works\ndate: 2024-05-06\n---\n\nDrive around.\n",
    )
    .expect("write");
    let report = site.rebuild_as_clean("built everything");
    assert!(!report.contains(&broken), "{report}");
    // The saved Markdown of before, put back, says the link is broken: it was
    // made for another site and is not believed.
    fs::write(site.file(".placard-cache/markdown.bin"), saved).expect("write");
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(!report.contains(&broken), "{report}");
}

#[test]
fn saved_markdown_made_with_another_theme_is_not_trusted() {
    let site = Site::new();
    // A heading that wants the id the theme gives its main element: a warning.
    site.edit(ABOUT_EN, |text| text + "\n## Contact {#main}\n\nCall us.\n");
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    let taken = "an element of the theme's page layout";
    assert!(report.contains(taken), "{report}");
    let saved = fs::read(site.file(".placard-cache/markdown.bin")).expect("saved Markdown");
    // The site's own base.html gives its main element another id: the
    // heading may have `main` now.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let base = fs::read_to_string(theme.join("base.html")).expect("read the theme's base.html");
    fs::create_dir_all(site.file("templates")).expect("mkdir");
    fs::write(
        site.file("templates/base.html"),
        base.replace("id=\"main\"", "id=\"page-main\"")
            .replace("href=\"#main\"", "href=\"#page-main\""),
    )
    .expect("write");
    let report = site.rebuild_as_clean("built everything: templates/base.html changed");
    assert!(!report.contains(taken), "{report}");
    // The saved Markdown of before, put back, has the warning: it was made
    // with another theme, and is not believed.
    fs::write(site.file(".placard-cache/markdown.bin"), saved).expect("write");
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(!report.contains(taken), "{report}");
}

/// The good fixture with `n` more notices in each language, so that an edit
/// leaves the average page length where it was and the search index is updated
/// in place.
fn larger_site(n: usize) -> Site {
    let site = Site {
        dir: fixture("good"),
    };
    let zh = [
        "计划生育",
        "培训",
        "流动人口",
        "村民",
        "乡镇",
        "卫生院",
        "接种",
        "补助",
        "申请",
        "窗口",
    ];
    let en = [
        "volunteers",
        "training",
        "township",
        "clinic",
        "residents",
        "subsidy",
        "deadline",
        "window",
        "health",
        "village",
    ];
    for i in 0..n {
        let date = format!("2023-{:02}-{:02}", i / 28 + 1, i % 28 + 1);
        let pick = |words: &[&'static str], k: usize| -> Vec<&'static str> {
            (0..40)
                .map(|j| words[(i * 7 + j * (k + 3) + j * j) % words.len()])
                .collect()
        };
        let zh_body = pick(&zh, 1).join("，");
        let en_body = pick(&en, 2).join(" ");
        fs::write(
            site.file(&format!("content/notices/batch-{i:03}.md")),
            format!("---\ntitle: 第{i}批通知\ndate: {date}\n---\n\n{zh_body}。\n"),
        )
        .expect("write");
        fs::write(
            site.file(&format!("content/notices/batch-{i:03}.en.md")),
            format!("---\ntitle: Notice batch {i}\ndate: {date}\n---\n\n{en_body}.\n"),
        )
        .expect("write");
    }
    site.build(&[]);
    site
}

/// How many outputs the last build made again (its report's last line).
fn made_again(report: &str) -> usize {
    let last = report.lines().last().unwrap_or_default();
    last.split(", ")
        .find_map(|part| part.strip_suffix(" outputs made again"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of outputs made again in {last:?}"))
}

/// Files of a language's search index in the output.
fn index_files(site: &Site, dir: &str) -> usize {
    walkdir::WalkDir::new(site.file(&format!("output/{dir}search/index")))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

#[test]
fn an_edit_updates_the_search_index_in_place_as_a_clean_build_makes_it() {
    let site = larger_site(150);
    let zh_index = index_files(&site, "");
    let en_index = index_files(&site, "en/");
    // Words added to a body, in Chinese and in English.
    site.edit("content/notices/batch-070.md", |text| {
        text + "\n流动服务车逢集日到各村服务。\n"
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(made_again(&report) * 2 < zh_index, "{report}");
    site.edit("content/notices/batch-071.en.md", |text| {
        text + "\nMobile vans visit every village zyxwvq.\n"
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(made_again(&report) * 2 < en_index, "{report}");
    // Words taken out, and a title (an exact key) changed.
    site.edit("content/notices/batch-070.md", |text| {
        text.replace("\n流动服务车逢集日到各村服务。\n", "")
    });
    site.edit("content/notices/batch-071.en.md", |text| {
        text.replace("Notice batch 71", "Notice batch 71, revised")
    });
    let report = site.rebuild_as_clean("incremental: 2 edited page(s)");
    assert!(made_again(&report) * 2 < zh_index + en_index, "{report}");
    // A page long enough to move the average length: the index is made again,
    // still as a clean build makes it.
    site.edit("content/notices/batch-072.en.md", |text| {
        text + &"service ".repeat(20_000)
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(made_again(&report) >= en_index, "{report}");
}

#[test]
fn an_index_made_in_full_after_an_edit_reads_the_text_of_pages_not_rendered_again() {
    let site = larger_site(150);
    let zh_index = index_files(&site, "");
    // A Chinese page long enough to move the average length: the Chinese index
    // is made again from every Chinese page's text, though the build rendered
    // the Markdown only of the pages its other outputs show.
    site.edit("content/notices/batch-040.md", |text| {
        text + &"流动服务车逢集日到各村服务。".repeat(3_000)
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(made_again(&report) >= zh_index, "{report}");
    // The state that index left is what the next edit updates in place.
    site.edit("content/notices/batch-041.md", |text| {
        text + "\n卫生院新增夜间门诊。\n"
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(made_again(&report) * 2 < zh_index, "{report}");
}

/// A notice the list of notices shows beside `NOTICE`.
const CAMPAIGN: &str = "content/notices/expired-campaign.md";

#[test]
fn front_matter_warnings_of_a_page_not_parsed_again_are_reported_again() {
    let site = Site::new();
    let unknown = "unknown key `colour`";
    // A key placard does not know: a warning at its line.
    site.edit(CAMPAIGN, |text| {
        text.replacen("tags:", "colour: red\ntags:", 1)
    });
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(report.contains(unknown), "{report}");
    // Another page edited: the first one's front matter is not parsed again
    // (the build cache has it), and its warning is reported all the same.
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(report.contains(unknown), "{report}");
    // The key taken out: the warning goes.
    site.edit(CAMPAIGN, |text| text.replace("colour: red\n", ""));
    let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
    assert!(!report.contains(unknown), "{report}");
}

/// `bytes` with `from` replaced by `to` (of the same length) everywhere.
fn replace_bytes(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let at: Vec<usize> = bytes
        .windows(from.len())
        .enumerate()
        .filter(|(_, w)| *w == from.as_bytes())
        .map(|(i, _)| i)
        .collect();
    assert!(!at.is_empty(), "`{from}` is not in the bytes");
    for i in at {
        out[i..i + to.len()].copy_from_slice(to.as_bytes());
    }
    out
}

#[test]
fn saved_front_matter_that_is_damaged_or_foreign_is_not_trusted() {
    let site = Site::new();
    let file = site.file(".placard-cache/front-matter.bin");
    let saved = fs::read(&file).expect("the build saves the pages' front matter");
    let (spring, autumn) = ("春季计划生育", "秋季计划生育");
    // Another title for the campaign, of as many bytes: if the saved front
    // matter were believed, the list of notices would show it.
    fs::write(&file, replace_bytes(&saved, spring, autumn)).expect("write");
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    let list = fs::read_to_string(site.file("output/notices/index.html")).expect("read");
    assert!(list.contains(spring) && !list.contains(autumn), "{list}");
    // The front matter saved by a build of another site, where the campaign
    // has that other title.
    let other = support::tempdir();
    copy_sources(site.root(), other.path());
    let campaign = other.path().join(CAMPAIGN);
    let text = fs::read_to_string(&campaign).expect("read");
    fs::write(&campaign, text.replace(spring, autumn)).expect("write");
    let built = placard(&["build", "--root", other.path().to_str().expect("utf-8")]);
    assert!(built.status.success(), "{}", stderr(&built));
    fs::copy(other.path().join(".placard-cache/front-matter.bin"), &file).expect("copy");
    site.edit(NOTICE, |text| text + "\n再补充说明。\n");
    site.rebuild_as_clean("incremental: 1 edited page(s)");
    let list = fs::read_to_string(site.file("output/notices/index.html")).expect("read");
    assert!(list.contains(spring) && !list.contains(autumn), "{list}");
}

/// The modification time and inode of a file: a file written again (a new
/// file renamed over it) has another inode.
fn written_at(path: &Path) -> (i64, i64, u64) {
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.mtime(), meta.mtime_nsec(), meta.ino())
}

#[test]
fn after_an_edit_only_the_edits_to_the_search_state_are_written() {
    let site = larger_site(330);
    let zh_index = index_files(&site, "");
    let en_index = index_files(&site, "en/");
    let cache = |name: &str| site.file(&format!(".placard-cache/{name}"));
    let bases = [cache("search-zh.bin"), cache("search-en.bin")];
    let written: Vec<_> = bases.iter().map(|base| written_at(base)).collect();
    let mut edits = [0, 0];
    // Edits one after another, in both languages, one page twice: each
    // updates the index in place, as a clean build makes it, from the state
    // its base and the edits before it give.
    // (A few: the edits of a small site soon outweigh a sixteenth of its
    // state, which is then written whole again.)
    let changes = [
        ("batch-070.md", "\n流动服务车逢集日到各村服务。\n"),
        (
            "batch-071.en.md",
            "\nMobile vans visit every village zyxwvq.\n",
        ),
        ("batch-072.md", "\n卫生院新增夜间门诊。\n"),
        ("batch-070.md", "\n报名截止时间延后一周。\n"),
        (
            "batch-073.en.md",
            "\nThe clinic opens late on market days.\n",
        ),
    ];
    for (page, line) in changes {
        site.edit(&format!("content/notices/{page}"), |text| text + line);
        let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
        let (lang, index) = match page.ends_with(".en.md") {
            true => (1, en_index),
            false => (0, zh_index),
        };
        assert!(made_again(&report) * 2 < index, "{page}: {report}");
        let now: Vec<_> = bases.iter().map(|base| written_at(base)).collect();
        assert_eq!(now, written, "{page}: a search state's base written again");
        let file = [cache("search-zh.edits"), cache("search-en.edits")][lang].clone();
        let len = fs::metadata(&file).expect("the edits file").len();
        assert!(len > edits[lang], "{page}: its edits file did not grow");
        edits[lang] = len;
    }
}

#[test]
fn a_search_state_damaged_cut_short_missing_or_foreign_is_not_trusted() {
    let site = larger_site(150);
    let zh_index = index_files(&site, "");
    let cache = |name: &str| site.file(&format!(".placard-cache/{name}"));
    // Another site's state, its base and edits as its builds left them: a
    // page of it says something else.
    let other = support::tempdir();
    copy_sources(site.root(), other.path());
    let page = other.path().join("content/notices/batch-090.md");
    let text = fs::read_to_string(&page).expect("read");
    fs::write(&page, text + "\n另一个网站的通知。\n").expect("write");
    for _ in 0..2 {
        let built = placard(&["build", "--root", other.path().to_str().expect("utf-8")]);
        assert!(built.status.success(), "{}", stderr(&built));
        let page = other.path().join("content/notices/batch-091.md");
        let text = fs::read_to_string(&page).expect("read");
        fs::write(&page, text + "\n另一个网站。\n").expect("write");
    }
    /// Spoils the state in a cache folder (the first), maybe with another
    /// site's (the second).
    type Spoil = fn(&Path, &Path);
    fn flip(path: PathBuf, at: fn(usize) -> usize) {
        let mut bytes = fs::read(&path).expect("read");
        let i = at(bytes.len());
        bytes[i] ^= 1;
        fs::write(&path, bytes).expect("write");
    }
    let spoilers: [(&str, Spoil); 7] = [
        ("a byte of the edits changed", |ours, _| {
            flip(ours.join("search-zh.edits"), |len| len - 3)
        }),
        ("the edits cut short", |ours, _| {
            let bytes = fs::read(ours.join("search-zh.edits")).expect("read");
            fs::write(ours.join("search-zh.edits"), &bytes[..bytes.len() - 40]).expect("write");
        }),
        ("the edits missing", |ours, _| {
            fs::remove_file(ours.join("search-zh.edits")).expect("remove")
        }),
        ("a byte of the base changed", |ours, _| {
            flip(ours.join("search-zh.bin"), |len| len / 2)
        }),
        ("the base missing", |ours, _| {
            fs::remove_file(ours.join("search-zh.bin")).expect("remove")
        }),
        ("another site's base", |ours, theirs| {
            fs::copy(theirs.join("search-zh.bin"), ours.join("search-zh.bin")).expect("copy");
        }),
        ("another site's base and edits", |ours, theirs| {
            for name in ["search-zh.bin", "search-zh.edits"] {
                fs::copy(theirs.join(name), ours.join(name)).expect("copy");
            }
        }),
    ];
    let (ours, theirs) = (cache(""), other.path().join(".placard-cache"));
    for (i, (what, spoil)) in spoilers.iter().enumerate() {
        // An edit, so that the state has edits over its base.
        site.edit(&format!("content/notices/batch-{:03}.md", 10 + i), |text| {
            text + "\n卫生院新增夜间门诊。\n"
        });
        let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
        assert!(made_again(&report) * 2 < zh_index, "{what}: {report}");
        spoil(&ours, &theirs);
        // The next edit cannot trust the state: the index is made in full,
        // as a clean build makes it.
        site.edit(&format!("content/notices/batch-{:03}.md", 30 + i), |text| {
            text + "\n报名截止时间延后一周。\n"
        });
        let report = site.rebuild_as_clean("incremental: 1 edited page(s)");
        assert!(made_again(&report) >= zh_index, "{what}: {report}");
    }
}

/// Progress that runs its function when the build begins to read the site's
/// content: after the build cache has taken every source file's stamp.
struct WhenReading<F: Fn() + Sync>(F);

impl<F: Fn() + Sync> placard::progress::Progress for WhenReading<F> {
    fn stage(&self, what: &placard::messages::Text, _: u64) {
        if what.en() == "reading content" {
            (self.0)()
        }
    }
    fn advance(&self, _: u64) {}
}

/// `build` through the library (as every build of a test that uses it must
/// be: the cache's key holds the binary), `during` run as it begins to read
/// the content.
fn build_here(root: &Path, during: impl Fn() + Sync) -> placard::BuildReport {
    try_build_here(root, during).unwrap_or_else(|errors| panic!("build failed: {errors:?}"))
}

fn try_build_here(
    root: &Path,
    during: impl Fn() + Sync,
) -> Result<placard::BuildReport, Vec<placard::diagnostics::Diagnostic>> {
    let options = placard::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    placard::build_with_progress(&options, &WhenReading(during))
}

/// The output at `root` holds the files of a clean `--no-cache` build (by
/// the library) of a copy of the site.
fn assert_same_as_clean_built_here(root: &Path) {
    let clean = support::tempdir();
    copy_sources(root, clean.path());
    let options = placard::BuildOptions {
        root: clean.path().to_path_buf(),
        no_cache: true,
        ..Default::default()
    };
    placard::build(&options).unwrap_or_else(|errors| panic!("clean build failed: {errors:?}"));
    assert_same_files(&root.join("output"), &clean.path().join("output"));
}

#[test]
fn a_page_changed_while_an_edited_build_runs_is_not_trusted() {
    // An edited build reads a page that did not change only if it needs its
    // text; the cache's word for what the file holds came from its stamps.
    // Changed after they were taken, the page's front matter (recalled) and
    // its text (read) would be of two versions: the build says so, and
    // writes nothing.
    let site = Site {
        dir: fixture("good"),
    };
    build_here(site.root(), || {});
    let before = snapshot(&site.file("output"));
    site.edit(NOTICE, |text| text + "\n补充说明。\n");
    let campaign = site.file(CAMPAIGN);
    let errors = try_build_here(site.root(), || {
        let text = fs::read_to_string(&campaign).expect("read");
        let changed = text
            .replace("春季计划生育宣传服务活动", "春季宣传活动")
            .replace("活动结束后报送总结", "活动结束后报送总结和照片");
        fs::write(&campaign, changed).expect("write");
    })
    .expect_err("a build over a page changed while it ran");
    let changed: Vec<String> = errors
        .iter()
        .filter(|d| {
            d.message
                .en()
                .contains("changed while the site was being built")
        })
        .map(|d| d.file.as_ref().expect("a file").display().to_string())
        .collect();
    assert_eq!(changed, [CAMPAIGN], "{errors:?}");
    assert!(
        snapshot(&site.file("output")) == before,
        "the output changed"
    );
    // Built again, both pages are what they say now.
    build_here(site.root(), || {});
    assert_same_as_clean_built_here(site.root());
}

#[test]
fn a_page_changed_while_a_full_build_reads_it_is_recorded_as_read() {
    // A full build records the hash of the bytes it read of each page, not of
    // what the file held a moment before: put back as it was, the page is
    // seen as changed and built again.
    let site = Site {
        dir: fixture("good"),
    };
    let notice = site.file(NOTICE);
    let first = fs::read_to_string(&notice).expect("read");
    let report = build_here(site.root(), || {
        fs::write(&notice, first.replace("紧急通知", "通知")).expect("write");
    });
    assert!(
        matches!(report.incremental, placard::Incremental::Full(_)),
        "{:?}",
        report.incremental
    );
    assert_same_as_clean_built_here(site.root());
    fs::write(&notice, &first).expect("write");
    let report = build_here(site.root(), || {});
    assert!(
        matches!(
            report.incremental,
            placard::Incremental::Pages { pages: 1, .. }
        ),
        "{:?}",
        report.incremental
    );
    assert_same_as_clean_built_here(site.root());
}
