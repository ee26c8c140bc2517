//! SPEC §7 under attack (issue 8): files in legacy encodings, hostile content,
//! paths that try to leave the output folder, runaway files, and builds that
//! are killed or run twice at once.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::Html;
use support::html::all;
use support::site::{
    TODAY, add_to_config, assert_mentions, build, build_fails_keeping_output, build_ok, copy_dir,
    fixture, placard, previous_output, read, snapshot, stderr,
};
use support::{tempdir, write_files};

/// Names in `dir` that placard keeps beside the output (staging, old, lock).
fn placard_leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".placard-"))
        .collect()
}

// ───────────────────────────── encodings ─────────────────────────────

#[test]
fn gbk_and_big5_files_are_reported_with_their_encoding() {
    let site = fixture("encodings");
    let before_content = snapshot(&site.path().join("content"));
    build_fails_keeping_output(
        site.path(),
        &[
            "content/notices/gbk-notice.md",
            "encoded in GBK/GB18030, not UTF-8",
            "content/plans/big5-plan.md",
            "encoded in Big5, not UTF-8",
            "placard build --transcode",
            "content/notices/gbk-notice.md.bak",
        ],
    );
    assert_eq!(
        snapshot(&site.path().join("content")),
        before_content,
        "without --transcode nothing in content/ is touched"
    );

    // `check` reports the same and never converts.
    let run = placard(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert_mentions(
        &stderr(&run),
        &["encoded in GBK/GB18030", "encoded in Big5"],
    );
    assert_eq!(snapshot(&site.path().join("content")), before_content);
}

#[test]
fn transcode_converts_to_utf8_in_place_and_keeps_a_backup() {
    let site = fixture("encodings");
    let content = site.path().join("content");
    let gbk_file = content.join("notices/gbk-notice.md");
    let big5_file = content.join("plans/big5-plan.md");
    let (gbk_original, big5_original) =
        (fs::read(&gbk_file).unwrap(), fs::read(&big5_file).unwrap());

    let (code, message) = build(site.path(), &["--transcode"]);
    assert_eq!(code, Some(0), "{message}");
    assert_mentions(
        &message,
        &[
            "converted from GBK/GB18030 to UTF-8",
            "content/notices/gbk-notice.md.bak",
            "converted from Big5 to UTF-8",
        ],
    );
    assert_eq!(
        fs::read(content.join("notices/gbk-notice.md.bak")).unwrap(),
        gbk_original
    );
    assert_eq!(
        fs::read(content.join("plans/big5-plan.md.bak")).unwrap(),
        big5_original
    );
    let gbk_text = fs::read_to_string(&gbk_file).expect("now UTF-8");
    assert!(gbk_text.starts_with("---\r\ntitle: 关于举办乡级计划生育技术服务人员培训班的通知\r\n"));
    let big5_text = fs::read_to_string(&big5_file).expect("now UTF-8");
    assert!(big5_text.contains("堅持以人為本"), "{big5_text}");

    let out = site.path().join("output");
    let page = Html::parse_document(&read(&out, "notices/gbk-notice/index.html"));
    let h1: String = all(&page, "h1")[0].text().collect();
    assert_eq!(h1, "关于举办乡级计划生育技术服务人员培训班的通知");
    assert!(
        snapshot(&out)
            .iter()
            .all(|(p, _)| !p.to_string_lossy().ends_with(".bak")),
        "backups are never published"
    );

    // Converted files need nothing more: the next build changes nothing in content/.
    let converted = snapshot(&content);
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "{message}");
    assert!(!message.contains("converted"), "{message}");
    assert_eq!(snapshot(&content), converted);
}

#[test]
fn bytes_of_no_known_encoding_are_an_error_at_their_offset() {
    let site = fixture("good");
    let broken = site.path().join("content/broken.md");
    fs::write(&broken, b"---\ntitle: ok\n---\n\nab\xFF\xFE\x80\x00cd\n").unwrap();
    build_fails_keeping_output(
        site.path(),
        &[
            "content/broken.md",
            "not valid UTF-8 (first bad byte at offset 21)",
        ],
    );
}

#[test]
fn placard_yaml_in_gbk_is_reported() {
    let site = fixture("good");
    let config = site.path().join("placard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    fs::write(&config, &gbk).unwrap();
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(1), "{message}");
    assert_mentions(
        &message,
        &["placard.yaml", "encoded in GBK/GB18030", "save it as UTF-8"],
    );
}

// ───────────────────────────── limits ─────────────────────────────

#[test]
fn a_file_over_the_size_limit_is_an_error_not_a_crash() {
    let site = fixture("good");
    // The default limit is 10 MiB; one byte more is refused before it is read.
    let mut big = b"---\ntitle: big\n---\n\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'a');
    fs::write(site.path().join("content/runaway.md"), &big).unwrap();
    build_fails_keeping_output(
        site.path(),
        &[
            "content/runaway.md",
            "file is 10485761 bytes, over the limit of 10485760 bytes",
            "limits.max_file_size",
        ],
    );

    // The limit is configurable.
    add_to_config(site.path(), "limits:\n  max_file_size: 20000000\n");
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "{message}");
}

#[test]
fn content_nested_too_deep_is_an_error() {
    let site = fixture("good");
    let deep: String = (1..=17).map(|n| format!("d{n}/")).collect();
    write_files(
        site.path(),
        &[(&format!("content/{deep}page.md"), "---\ntitle: 深\n---\n")],
    );
    build_fails_keeping_output(
        site.path(),
        &[
            &format!("content/{}", deep.trim_end_matches('/')),
            "folder nested more than 16 levels deep",
            "limits.max_depth",
        ],
    );

    add_to_config(site.path(), "limits:\n  max_depth: 20\n");
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "{message}");
    assert!(
        site.path()
            .join(format!("output/{deep}page/index.html"))
            .is_file()
    );
}

#[test]
fn runaway_yaml_is_an_error_on_its_file() {
    let site = fixture("good");
    // 100,000 nested flow lists would overflow the stack of a recursive parser.
    let flow = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let block: String = (1..=40)
        .map(|depth| format!("{}- \n", "  ".repeat(depth)))
        .collect();
    // Ten aliases of ten aliases of …: a billion `x` once expanded.
    let mut laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_string();
    for n in 1..9 {
        let refs = vec![format!("*a{}", n - 1); 10].join(", ");
        laughs.push_str(&format!("a{n}: &a{n} [{refs}]\n"));
    }
    write_files(
        site.path(),
        &[
            (
                "content/flow.md",
                &format!("---\ntitle: 深\nextra: {flow}\n---\n"),
            ),
            (
                "content/block.md",
                &format!("---\ntitle: 深\nextra:\n{block}---\n"),
            ),
            (
                "content/laughs.md",
                &format!("---\ntitle: 笑\n{laughs}---\n"),
            ),
        ],
    );
    let started = Instant::now();
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(1), "{message}");
    for file in [
        "content/flow.md:3",
        "content/block.md:",
        "content/laughs.md:",
    ] {
        let error = message
            .split("error: ")
            .find(|e| e.contains(&format!("--> {file}")))
            .unwrap_or_else(|| panic!("no error for {file} in:\n{message}"));
        assert_mentions(
            error,
            &["YAML too deeply nested or too large", "at most 32 levels"],
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the limits stop the work early"
    );
}

// ───────────────────────────── paths ─────────────────────────────

#[test]
fn slugs_and_aliases_cannot_leave_the_output_folder() {
    let dir = tempdir();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/path-traversal"),
        &root,
    );
    previous_output(&root.join("output"));
    let everything_before = snapshot(dir.path());
    let message = build_fails_keeping_output(&root, &[]);
    for (file, line, value) in [
        ("alias-dotdot.md", 4, "alias `../../outside/`"),
        ("alias-nested.md", 4, "alias `/old/../../../outside/`"),
        ("alias-drive.md", 4, "alias `C:\\Windows\\outside`"),
        ("alias-unc.md", 4, "alias `\\\\server\\share\\outside`"),
        ("alias-backslash.md", 4, "alias `..\\..\\outside`"),
        ("alias-url.md", 4, "alias `https://evil.example/outside`"),
        ("slug-backslash.md", 4, "slug `..\\..\\outside`"),
        ("slug-drive.md", 4, "slug `C:outside`"),
        ("slug-absolute.md", 4, "slug `/etc/outside`"),
        ("slug-device.md", 4, "slug `con`"),
    ] {
        assert_mentions(
            &message,
            &[&format!("content/notices/{file}:{line}"), value],
        );
    }
    assert_eq!(
        snapshot(dir.path()),
        everything_before,
        "nothing was written anywhere"
    );
}

#[test]
fn names_that_windows_cannot_hold_are_reported() {
    let site = fixture("good");
    write_files(
        site.path(),
        &[
            ("content/aux.md", "---\ntitle: 设备名\n---\n"),
            (
                "content/notices/dot./index.md",
                "---\ntitle: 点\ndate: 2024-03-01\n---\n",
            ),
            (
                "content/notices/form/index.md",
                "---\ntitle: 表\ndate: 2024-03-01\n---\n",
            ),
            ("content/notices/form/a|b.txt", "附件"),
            ("content/notices/form/COM1.txt", "附件"),
            ("content/trailing .md", "---\ntitle: 空格\n---\n"),
        ],
    );
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "they are warnings:\n{message}");
    for (file, problem) in [
        ("content/aux.md", "is `aux`, a device name on Windows"),
        ("content/notices/dot.", "ends with a dot or a space"),
        ("content/notices/form/a|b.txt", "contains `|`"),
        (
            "content/notices/form/COM1.txt",
            "is `COM1`, a device name on Windows",
        ),
        ("content/trailing .md", "ends with a dot or a space"),
    ] {
        let warning = message
            .split("warning: ")
            .find(|w| w.contains(&format!("--> {file}\n")))
            .unwrap_or_else(|| panic!("no warning for {file} in:\n{message}"));
        assert!(warning.contains(problem), "{file}: {warning}");
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = fixture("good");
    // 报名表.txt with its name in GBK, as an archive made on an office PC unpacks it.
    let (gbk, _, _) = encoding_rs::GBK.encode("报名表.txt");
    let name = std::ffi::OsStr::from_bytes(&gbk);
    fs::write(
        site.path().join("content/notices/enrolment").join(name),
        "表",
    )
    .unwrap();
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "a warning:\n{message}");
    assert_mentions(
        &message,
        &["is not valid UTF-8", "content/notices/enrolment/"],
    );
}

#[test]
fn a_file_name_with_a_backslash_cannot_leave_the_output_folder() {
    let site = fixture("good");
    write_files(
        site.path(),
        &[(
            "content/notices/enrolment/a\\..\\..\\..\\outside.txt",
            "escaped",
        )],
    );
    build_fails_keeping_output(
        site.path(),
        &[
            "content/notices/enrolment/a\\..\\..\\..\\outside.txt",
            "contains `\\\\`",
            "refusing to write",
        ],
    );
    assert!(!site.path().parent().unwrap().join("outside.txt").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempdir();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        &root,
    );
    let secrets = dir.path().join("secrets");
    write_files(
        &secrets,
        &[
            (
                "secret.md",
                "---\ntitle: TOPSECRET page\n---\n\nTOPSECRET body\n",
            ),
            ("folder/inside.md", "---\ntitle: TOPSECRET folder\n---\n"),
            ("folder/data.txt", "TOPSECRET data"),
            ("passwd", "TOPSECRET passwd"),
        ],
    );
    let content = root.join("content");
    symlink(secrets.join("secret.md"), content.join("notices/secret.md")).unwrap();
    symlink(secrets.join("folder"), content.join("leak")).unwrap();
    symlink(
        secrets.join("passwd"),
        content.join("notices/enrolment/passwd.txt"),
    )
    .unwrap();
    symlink("/", content.join("root")).unwrap();
    let secrets_before = snapshot(&secrets);

    let (code, message) = build(&root, &[]);
    assert_eq!(code, Some(0), "{message}");
    for link in [
        "content/notices/secret.md",
        "content/leak",
        "content/notices/enrolment/passwd.txt",
        "content/root",
    ] {
        assert_mentions(&message, &[&format!("--> {link}\n")]);
    }
    assert_mentions(&message, &["symbolic link skipped"]);
    for (path, bytes) in snapshot(&root.join("output")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOPSECRET"),
            "{} holds a file from outside the site",
            path.display()
        );
    }
    assert_eq!(snapshot(&secrets), secrets_before);
}

// ───────────────────────────── crash safety ─────────────────────────────

#[test]
fn a_second_build_at_the_same_time_is_refused_with_a_clear_message() {
    let site = fixture("good");
    let before = previous_output(&site.path().join("output"));
    // Another build holds the output's lock (as `placard build` does while it runs).
    let lock_path = site.path().join(".output.placard-lock");
    let lock = fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    fs::write(&lock_path, "4242\n").unwrap();

    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(1), "{message}");
    assert_mentions(
        &message,
        &[
            "another placard build (process 4242) is writing",
            "wait for it to finish",
        ],
    );
    assert_eq!(snapshot(&site.path().join("output")), before);

    drop(lock);
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "once the other build ends:\n{message}");
    assert_eq!(placard_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up_by_the_next() {
    let site = fixture("good");
    // A lock file from a build that was killed: its process is gone.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    fs::write(
        site.path().join(".output.placard-lock"),
        format!("{}\n", gone.id()),
    )
    .unwrap();
    // Its half-written staging folder, and the output it had moved aside just
    // before it was killed (the output folder itself is missing).
    write_files(
        site.path(),
        &[(".output.placard-staging/index.html", "half")],
    );
    support::site::previous_output(&site.path().join(".output.placard-old"));

    // A build that fails still puts the previous output back.
    let broken = site.path().join("content/broken.md");
    fs::write(&broken, "---\ntitle: [unclosed\n---\n").unwrap();
    let (code, message) = build(site.path(), &[]);
    assert_eq!(code, Some(1), "{message}");
    assert_eq!(
        read(&site.path().join("output"), "index.html"),
        "<p>the previous build</p>"
    );
    assert_eq!(placard_leftovers(site.path()), Vec::<String>::new());

    write_files(
        site.path(),
        &[(".output.placard-staging/index.html", "half")],
    );
    fs::remove_file(&broken).unwrap();
    let out = build_ok(site.path());
    assert!(read(&out, "index.html").contains("<html"));
    assert_eq!(placard_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_failed_build_does_not_write_through_files_kept_from_the_previous_output() {
    // Unchanged files are hard-linked from the previous output into the staging
    // folder; a second output on the same path must never write into the file
    // it would share with the previous output. (It is refused: the build fails.)
    let dir = tempdir();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        &root,
    );
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    let out = build_ok(&root);
    let before = snapshot(&out);

    // Next build: content/style.css has the bytes of the published stylesheet
    // (so it would be linked from the previous output) and the theme's
    // stylesheet changes: both are published as style.css.
    let theme_css = root.join("themes/default/static/style.css");
    fs::copy(&theme_css, root.join("content/style.css")).unwrap();
    let css = fs::read_to_string(&theme_css).unwrap();
    fs::write(&theme_css, css + "/* changed */\n").unwrap();
    let (code, message) = build(&root, &[]);
    assert_eq!(code, Some(1), "{message}");
    assert_mentions(&message, &["duplicate URL /style.css", "content/style.css"]);
    assert_eq!(snapshot(&out), before, "the previous output is untouched");
}

/// A site of `pages` notices with long bodies: big enough that a build takes a while.
fn large_site(root: &Path, pages: usize) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        root,
    );
    let paragraph =
        "为提高乡级计划生育技术服务人员的业务水平，县人口和计划生育委员会决定举办培训班。"
            .repeat(8);
    for n in 0..pages {
        let text = format!(
            "---\ntitle: 第{n}号通知\ndate: 2024-{:02}-{:02}\ntags: [批量{}]\n---\n\n\
             ## 第一部分\n\n{paragraph}\n\n## 第二部分\n\n{paragraph}\n\n- 一\n- 二\n",
            n % 12 + 1,
            n % 28 + 1,
            n % 20
        );
        fs::write(
            root.join(format!("content/notices/generated-{n:05}.md")),
            text,
        )
        .unwrap();
    }
}

/// Every file under `dir` with a hash of its bytes (the large site's output is 30 MB).
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64)> {
    use std::hash::{Hash, Hasher};
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            (path, hasher.finish())
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn killing_a_build_leaves_the_previous_output_complete() {
    let dir = tempdir();
    let root = dir.path().join("site");
    large_site(&root, 2000);
    let started = Instant::now();
    let out = build_ok(&root);
    let full_build = started.elapsed();
    let previous = fingerprint(&out);
    assert!(previous.len() > 2000, "{} files", previous.len());

    // The next build changes the home page and every notices list.
    fs::write(
        root.join("content/notices/generated-00000.md"),
        "---\ntitle: 改过的通知\ndate: 2030-01-01\n---\n",
    )
    .unwrap();
    let mut kept = 0;
    let mut swapped = Vec::new();
    for percent in [10, 30, 50, 70, 90] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
            .args(["build", "--root", root.to_str().unwrap()])
            .env("PLACARD_TODAY", TODAY)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_build * percent / 100);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = fingerprint(&out);
        if now == previous {
            kept += 1;
        } else {
            // Only a build that reached its swap may change the output; then the
            // whole new output must be there (compared with a full build below).
            swapped.push((percent, now));
        }
    }
    assert!(kept >= 2, "only {kept} kills landed before the swap");

    let (code, message) = build(&root, &[]);
    assert_eq!(code, Some(0), "{message}");
    let new = fingerprint(&out);
    assert_ne!(new, previous);
    for (percent, output) in swapped {
        assert!(
            output == new,
            "killed at {percent}%: the output is neither the old nor the new one"
        );
    }
    assert_eq!(placard_leftovers(&root), Vec::<String>::new());
}
