//! Nothing outside the output folder is written or deleted (issue 18): not
//! through a link where placard keeps its lock, staging folder or set-aside
//! output, not through an `--output` that is a link or names a folder placard
//! did not make, not by `init` or `new` through a linked folder. Each case is
//! set up at run time in a [`Room`] (links need it), with every link's target
//! under the room, and checked with [`Room::untouched`]: the file beside the
//! site, the site's files and every target are as they were.

mod support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;

use support::site::{MARK, Room, build_ok, placard, stderr};
use support::write_files;

/// Runs placard with `args` (`{site}` standing for the site folder, `{room}`
/// for the room); returns the exit code and stderr with the room written `[ROOM]`.
fn run(room: &Room, args: &[&str]) -> (Option<i32>, String) {
    let room_text = room.path().to_str().expect("UTF-8 path").to_string();
    let site_text = room.site().to_str().expect("UTF-8 path").to_string();
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("{site}", &site_text)
                .replace("{room}", &room_text)
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output: Output = placard(&args);
    let mut text = stderr(&output);
    for spelling in [room.path().canonicalize().ok(), Some(room.path().into())]
        .into_iter()
        .flatten()
    {
        text = text.replace(spelling.to_str().expect("UTF-8 path"), "[ROOM]");
    }
    (output.status.code(), text)
}

fn assert_says(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "expected `{part}` in:\n{message}");
    }
}

/// `room/<rel>` holding `text`, made after the room (then remembered by the caller).
fn outside_file(room: &Room, rel: &str, text: &str) {
    write_files(room.path(), &[(rel, text)]);
}

// ─────────────────────── what placard keeps beside the output ───────────────────────

#[test]
fn a_link_where_placard_keeps_its_lock_staging_or_old_output_is_refused_never_followed() {
    // (name beside the output, what is there, what placard calls the place)
    let cases: &[(&str, &str, &str)] = &[
        (
            ".output.placard-lock",
            "link to a file",
            "the lock of its output",
        ),
        (
            ".output.placard-lock",
            "link to nothing",
            "the lock of its output",
        ),
        (
            ".output.placard-staging",
            "link to a folder",
            "the staging folder",
        ),
        (".output.placard-staging", "file", "the staging folder"),
        (
            ".output.placard-old",
            "link to a folder",
            "the previous output",
        ),
        (".output.placard-old", "file", "the previous output"),
    ];
    for &(name, what, place) in cases {
        for with_output in [false, true] {
            let mut room = Room::fixture("good");
            if with_output {
                build_ok(&room.site());
            }
            outside_file(&room, "victim/keep.txt", "the link's target\n");
            outside_file(&room, "target.txt", "the link's target\n");
            let at = room.file(name);
            match what {
                "link to a file" => symlink("../target.txt", &at).unwrap(),
                // A build that followed it would create room/nowhere.txt.
                "link to nothing" => symlink("../nowhere.txt", &at).unwrap(),
                "link to a folder" => symlink("../victim", &at).unwrap(),
                _ => fs::write(&at, "not placard's\n").unwrap(),
            }
            room.remember();

            let (code, message) = run(&room, &["build", "--root", "{site}"]);
            let case = format!("{name} as a {what}, output there: {with_output}");
            assert_eq!(code, Some(1), "{case}:\n{message}");
            let is = if what == "file" {
                "is not a folder placard made"
            } else {
                "is a symbolic link"
            };
            assert_says(
                &message,
                &[
                    &format!("error: [ROOM]/site/{name} {is}, where placard keeps {place}"),
                    "placard never writes, moves or deletes through what it did not make",
                    "placard makes what it keeps there itself",
                ],
            );
            room.untouched(&[]);
        }
    }
}

#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let mut room = Room::fixture("good");
    // The link leads to another site's output, marked as placard marks it: only
    // the link itself tells that building here would replace a folder elsewhere.
    support::site::previous_output(&room.path().join("victim"));
    symlink("../victim", room.file("public")).unwrap();
    room.remember();
    let (code, message) = run(
        &room,
        &["build", "--root", "{site}", "--output", "{site}/public"],
    );
    assert_eq!(code, Some(1), "{message}");
    assert_says(
        &message,
        &[
            "error: refusing to use [ROOM]/site/public as the output folder: it is a \
             symbolic link, and building would replace what it points to",
        ],
    );
    room.untouched(&[]);
}

#[test]
fn an_output_inside_or_around_a_linked_content_or_theme_folder_is_refused() {
    // content/ is a link to a shared folder (shelf/content), as a county office
    // keeps its documents on a shared drive.
    let mut room = Room::fixture("good");
    fs::create_dir(room.path().join("shelf")).unwrap();
    fs::rename(room.file("content"), room.path().join("shelf/content")).unwrap();
    symlink("../shelf/content", room.file("content")).unwrap();
    // And a theme kept beside the site, linked into themes/.
    outside_file(
        &room,
        "county-theme/templates/page.html",
        "{{ page.title }}\n",
    );
    fs::create_dir(room.file("themes")).unwrap();
    symlink("../../county-theme", room.file("themes/county")).unwrap();
    room.remember();
    for (output, says) in [
        (
            "{site}/content/out",
            "error: refusing to use [ROOM]/shelf/content/out as the output folder: it is \
             inside the site's content/ folder",
        ),
        (
            "{room}/shelf/content/out",
            "error: refusing to use [ROOM]/shelf/content/out as the output folder: it is \
             inside the site's content/ folder",
        ),
        (
            "{room}/county-theme/out",
            "error: refusing to use [ROOM]/county-theme/out as the output folder: it is \
             inside the site's themes/county/ folder",
        ),
        (
            "{room}",
            "error: refusing to use [ROOM] as the output folder: the site is inside it",
        ),
        (
            "{room}/shelf",
            "error: refusing to use [ROOM]/shelf as the output folder: the site's content/ \
             folder is inside it (through a link), and building replaces the whole folder",
        ),
    ] {
        // --force too: it allows replacing a folder placard did not mark, never the sources.
        let (code, message) = run(
            &room,
            &["build", "--root", "{site}", "--output", output, "--force"],
        );
        assert_eq!(code, Some(1), "{output}:\n{message}");
        assert_says(&message, &[says]);
        room.untouched(&[]);
    }
}

// ─────────────────────── the mark of a placard build ───────────────────────

#[test]
fn every_build_marks_its_output_and_a_marked_output_is_replaced() {
    let room = Room::fixture("good");
    let out = build_ok(&room.site());
    let mark = fs::read_to_string(out.join(MARK)).expect("the mark");
    assert!(mark.starts_with("placard build output\n"), "{mark}");
    fs::write(out.join("left-by-hand.txt"), "x").unwrap();
    let (code, message) = run(&room, &["build", "--root", "{site}"]);
    assert_eq!(code, Some(0), "{message}");
    assert!(!out.join("left-by-hand.txt").exists());
    assert!(
        !message.contains(MARK),
        "the mark is not a file of the site:\n{message}"
    );
    room.untouched(&["site/output", "site/.placard-cache"]);
}

#[test]
fn an_output_of_an_earlier_placard_is_replaced_after_one_build_with_force() {
    let mut room = Room::fixture("good");
    let out = build_ok(&room.site());
    // An earlier placard made the same output, without the mark.
    fs::remove_file(out.join(MARK)).unwrap();
    room.remember();

    let (code, message) = run(&room, &["build", "--root", "{site}"]);
    assert_eq!(code, Some(1), "{message}");
    assert_says(
        &message,
        &[
            "error: refusing to replace [ROOM]/site/output: it holds files, and no \
             .placard-build in it says a placard build made them",
            "hint: choose a new or empty folder for the output; if [ROOM]/site/output is \
             the output of an earlier placard (which left no mark), build once with --force",
        ],
    );
    room.untouched(&[]);

    let (code, message) = run(&room, &["build", "--root", "{site}", "--force"]);
    assert_eq!(code, Some(0), "{message}");
    assert!(out.join(MARK).is_file());
    let (code, message) = run(&room, &["build", "--root", "{site}"]);
    assert_eq!(code, Some(0), "once marked, no --force:\n{message}");
    room.untouched(&["site/output", "site/.placard-cache"]);
}

#[test]
fn a_folder_placard_did_not_make_is_kept_unless_forced() {
    let mut room = Room::fixture("good");
    outside_file(&room, "home/thesis.docx", "three years of work\n");
    fs::create_dir(room.path().join("empty")).unwrap();
    room.remember();

    let (code, message) = run(
        &room,
        &["build", "--root", "{site}", "--output", "{room}/home"],
    );
    assert_eq!(code, Some(1), "{message}");
    assert_says(
        &message,
        &["error: refusing to replace [ROOM]/home: it holds files"],
    );
    room.untouched(&[]);

    // An empty folder is fine, and so is a full one with --force (all of it goes).
    let (code, message) = run(
        &room,
        &["build", "--root", "{site}", "--output", "{room}/empty"],
    );
    assert_eq!(code, Some(0), "{message}");
    let (code, message) = run(
        &room,
        &[
            "build",
            "--root",
            "{site}",
            "--output",
            "{room}/home",
            "--force",
        ],
    );
    assert_eq!(code, Some(0), "{message}");
    assert!(!room.path().join("home/thesis.docx").exists());
    assert!(room.path().join("home/index.html").is_file());
    room.untouched(&["empty", "home", "site/.placard-cache"]);
}

// ─────────────────────── init ───────────────────────

#[test]
fn init_writes_only_into_a_new_or_empty_folder_and_never_through_a_link() {
    let mut room = Room::fixture("good");
    outside_file(&room, "elsewhere/keep.txt", "not a site\n");
    fs::create_dir(room.path().join("empty-target")).unwrap();
    symlink("empty-target", room.path().join("site-link")).unwrap();
    fs::create_dir(room.path().join("with-themes-link")).unwrap();
    symlink("../elsewhere", room.path().join("with-themes-link/themes")).unwrap();
    outside_file(&room, "a-file", "a file\n");
    room.remember();

    for (dir, says) in [
        (
            "site-link",
            "error: [ROOM]/site-link is a symbolic link: placard init never writes through a link",
        ),
        (
            "with-themes-link",
            "error: [ROOM]/with-themes-link is not empty (it holds themes): placard init \
             writes a new site only into a new or empty folder",
        ),
        ("a-file", "error: [ROOM]/a-file is a file, not a folder"),
        (
            "site",
            "error: [ROOM]/site is not empty (it holds README.md and more)",
        ),
    ] {
        let (code, message) = run(&room, &["init", &format!("{{room}}/{dir}")]);
        assert_eq!(code, Some(1), "{dir}:\n{message}");
        assert_says(
            &message,
            &[
                says,
                "hint: choose a new or empty folder for the site, such as `placard init my-site`",
            ],
        );
        room.untouched(&[]);
    }

    // A repository just cloned for the site holds only .git: that is fine.
    outside_file(&room, "cloned/.git/HEAD", "ref: refs/heads/main\n");
    let (code, message) = run(&room, &["init", "{room}/cloned"]);
    assert_eq!(code, Some(0), "{message}");
    assert!(room.path().join("cloned/placard.yaml").is_file());
    build_ok(&room.path().join("cloned"));
    room.untouched(&["cloned"]);
}

// ─────────────────────── new ───────────────────────

#[test]
fn new_never_writes_through_a_linked_folder_or_file() {
    for (link, to, target, says) in [
        (
            "content/notices",
            "../../elsewhere",
            "notices/spring",
            "error: content/notices is a symbolic link: placard never writes through a link",
        ),
        (
            "content/guide",
            "../../elsewhere",
            "guide/spring",
            "error: content/guide is a symbolic link: placard never writes through a link",
        ),
        (
            "content/notices/spring.md",
            "../../../nowhere.md",
            "notices/spring",
            "error: content/notices/spring.md already exists",
        ),
    ] {
        let mut room = Room::fixture("good");
        outside_file(&room, "elsewhere/keep.txt", "not the site\n");
        if link == "content/notices" {
            fs::rename(room.file("content/notices"), room.path().join("moved")).unwrap();
        }
        symlink(to, room.file(link)).unwrap();
        room.remember();
        let (code, message) = run(&room, &["new", target, "--root", "{site}"]);
        assert_eq!(code, Some(1), "{link}:\n{message}");
        assert_says(&message, &[says, &format!("--> {}", says_file(says))]);
        room.untouched(&[]);
    }

    // The whole of content/ a link.
    let mut room = Room::fixture("good");
    fs::rename(room.file("content"), room.path().join("real-content")).unwrap();
    symlink("../real-content", room.file("content")).unwrap();
    room.remember();
    let (code, message) = run(&room, &["new", "notices/spring", "--root", "{site}"]);
    assert_eq!(code, Some(1), "{message}");
    assert_says(&message, &["error: content is a symbolic link"]);
    room.untouched(&[]);
}

/// The file a message of `new_never_writes_…` is about: its first path.
fn says_file(says: &str) -> &str {
    says.trim_start_matches("error: ")
        .split(' ')
        .next()
        .expect("a path")
}

// ─────────────────────── names ───────────────────────

#[test]
fn a_question_mark_in_a_name_is_an_error_naming_the_file() {
    // Made at run time: a `?` cannot be in a file name of placard's repository
    // (Windows cannot check it out). `#` and `%` are in tests/fixtures/invalid/.
    let mut room = Room::fixture("good");
    write_files(
        &room.site(),
        &[
            (
                "content/notices/what?.md",
                "---\ntitle: 问号\ndate: 2024-03-01\n---\n",
            ),
            ("content/notices/enrolment/form?.txt", "附件"),
        ],
    );
    room.remember();
    let (code, message) = run(&room, &["build", "--root", "{site}"]);
    assert_eq!(code, Some(1), "{message}");
    for file in [
        "content/notices/what?.md",
        "content/notices/enrolment/form?.txt",
    ] {
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert_says(
            &message,
            &[&format!(
                "error: the name `{name}` contains `?`, where a URL's path ends and its query \
                 begins: names in content/ become parts of URLs, and no link would reach this \
                 one\n  --> {file}\n"
            )],
        );
    }
    assert!(
        !message.contains("Windows"),
        "one message for one name:\n{message}"
    );
    room.untouched(&[]);
}

#[test]
fn names_that_differ_only_in_unicode_normalisation_are_a_warning_naming_both_files() {
    let mut room = Room::fixture("good");
    let composed = "caf\u{e9}"; // é as one character (NFC), as Windows and Linux type it
    let decomposed = "cafe\u{301}"; // e and a combining accent (NFD), as macOS saves names
    for (name, title) in [(composed, "咖啡一"), (decomposed, "咖啡二")] {
        write_files(
            &room.site(),
            &[(
                &format!("content/notices/{name}.md"),
                &format!("---\ntitle: {title}\ndate: 2024-03-01\n---\n"),
            )],
        );
    }
    room.remember();
    let (code, message) = run(&room, &["build", "--root", "{site}"]);
    assert_eq!(code, Some(0), "a warning, not an error:\n{message}");
    assert_says(
        &message,
        &[&format!(
            "warning: the page content/notices/{decomposed}.md:2 is published at \
             notices/{decomposed}/index.html (decomposed, NFD) and the page \
             content/notices/{composed}.md:2 at notices/{composed}/index.html \
             (composed, NFC): the paths differ only in Unicode normalisation, so a link \
             reaches only the one typed the same way, and on macOS one replaces the other\n  \
             --> content/notices/{decomposed}.md:2\n  \
             = hint: give one of them another name"
        )],
    );
    // One warning for the pair, though their posters and calendars pair up too.
    assert_eq!(
        message.matches("Unicode normalisation").count(),
        1,
        "{message}"
    );
    room.untouched(&["site/output", "site/.placard-cache"]);
}

// ─────────────────────── build --transcode ───────────────────────

#[test]
fn transcode_never_writes_through_a_link_beside_the_file() {
    let mut room = Room::fixture("encodings");
    outside_file(&room, "target.txt", "the link's target\n");
    // The converted text is written beside the file first, under this name.
    let temporary = "content/notices/.gbk-notice.md.placard-transcode";
    symlink("../../../target.txt", room.file(temporary)).unwrap();
    room.remember();
    let (code, message) = run(&room, &["build", "--root", "{site}", "--transcode"]);
    assert_eq!(code, Some(1), "{message}");
    assert_says(
        &message,
        &[&format!(
            "error: cannot convert the file to UTF-8: [ROOM]/site/{temporary} is in the way \
             (a link?): placard writes the converted file there first\n  \
             --> content/notices/gbk-notice.md\n"
        )],
    );
    // The other files are converted as asked; the link, its target and the
    // file it stands beside are as they were.
    let converted = [
        "content/plans/big5-plan.md",
        "content/plans/big5-plan.md.bak",
    ];
    room.untouched(
        &converted
            .map(|f| format!("site/{f}"))
            .each_ref()
            .map(String::as_str),
    );
}
