//! Building fixture sites with the real binary, and reading what it wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The date the tests build "today" as, so expiry does not depend on the clock.
pub(crate) const TODAY: &str = "2025-01-15";

/// A copy of `tests/fixtures/<name>` in a fresh temp dir (the site root is `.path()`).
pub(crate) fn fixture(name: &str) -> TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(source.is_dir(), "no fixture {}", source.display());
    let dir = super::tempdir();
    copy_dir(&source, dir.path());
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The mark every build leaves in its output folder, so that the next build
/// knows the folder is placard's to replace: a file of this name whose first
/// line is this (README, "Decisions where the SPEC is silent").
pub(crate) const MARK: &str = ".placard-build";
pub(crate) const MARK_FIRST_LINE: &str = "placard build output\n";

/// The output of a previous build, made by hand in `out` (with the mark, as a
/// build leaves it): for tests that a failed build leaves it as it was.
/// Returns what it holds.
pub(crate) fn previous_output(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fs::create_dir_all(out.join("notices")).expect("mkdir output");
    fs::write(out.join("index.html"), "<p>the previous build</p>").expect("write");
    fs::write(out.join("notices/old.html"), "old").expect("write");
    fs::write(out.join(MARK), MARK_FIRST_LINE).expect("write the mark");
    snapshot(out)
}

/// Runs `placard ARGS` with `PLACARD_TODAY` fixed.
pub(crate) fn placard(args: &[&str]) -> Output {
    placard_on(args, TODAY)
}

pub(crate) fn placard_on(args: &[&str], today: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(args)
        .env("PLACARD_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .expect("run placard")
}

/// `placard build --root <root>`, asserting success; returns the output folder.
pub(crate) fn build_ok(root: &Path) -> PathBuf {
    let out = placard(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("output")
}

/// stderr of a run, as text.
pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file of the output, as text.
pub(crate) fn read(output: &Path, rel: &str) -> String {
    fs::read_to_string(output.join(rel)).unwrap_or_else(|e| panic!("read output/{rel}: {e}"))
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// A site in a room of its own: `room/site/` holds a copy of a fixture, and
/// `room/beside.txt` is a file beside it that no command may touch. Tests of bad
/// input check with [`Room::untouched`] that nothing outside the output folder
/// changed: not the file beside the site, not the site's own files, not the
/// target of any link they make under `room/`.
pub(crate) struct Room {
    dir: TempDir,
    /// Every file under the room (links as links) when the room was made or
    /// last [`Room::remember`]ed.
    before: Vec<(PathBuf, Vec<u8>)>,
}

/// The text of the file placed beside every site.
pub(crate) const BESIDE: &str = "a file beside the site: no placard command may change it\n";

impl Room {
    /// `tests/fixtures/<name>` copied to `room/site/`, with `room/beside.txt`.
    pub(crate) fn fixture(name: &str) -> Room {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let dir = super::tempdir();
        copy_dir(&source, &dir.path().join("site"));
        fs::write(dir.path().join("beside.txt"), BESIDE).expect("write beside.txt");
        let mut room = Room {
            dir,
            before: Vec::new(),
        };
        room.remember();
        room
    }

    /// The room folder (holding `site/` and `beside.txt`).
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The site root (`room/site`).
    pub(crate) fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// `room/site/<rel>`.
    pub(crate) fn file(&self, rel: &str) -> PathBuf {
        self.site().join(rel)
    }

    /// Takes the room as it is now as the state to compare against (after a
    /// test has set up links or files of its own).
    pub(crate) fn remember(&mut self) {
        self.before = room_files(self.dir.path());
    }

    /// Asserts that nothing in the room changed since it was made (or last
    /// remembered), except under `allowed` (paths relative to the room, such as
    /// `site/output`).
    pub(crate) fn untouched(&self, allowed: &[&str]) {
        let keep = |files: &[(PathBuf, Vec<u8>)]| -> Vec<(PathBuf, Vec<u8>)> {
            files
                .iter()
                .filter(|(path, _)| !allowed.iter().any(|a| path.starts_with(a)))
                .cloned()
                .collect()
        };
        let (before, after) = (keep(&self.before), keep(&room_files(self.dir.path())));
        if before != after {
            let names = |files: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
                files.iter().map(|(p, _)| p.clone()).collect()
            };
            let changed: Vec<&PathBuf> = after
                .iter()
                .filter(|f| !before.contains(f))
                .map(|(p, _)| p)
                .collect();
            let gone: Vec<PathBuf> = names(&before)
                .into_iter()
                .filter(|p| !after.iter().any(|(q, _)| q == p))
                .collect();
            panic!("files outside the output changed: new or changed {changed:?}, gone {gone:?}");
        }
        assert_eq!(
            fs::read_to_string(self.dir.path().join("beside.txt"))
                .ok()
                .as_deref(),
            Some(BESIDE),
            "the file beside the site changed"
        );
    }
}

/// Every entry under `dir`, relative to it, sorted: a file with its bytes, a
/// link with its target (prefixed `-> `), a folder with nothing. Links are not
/// followed.
fn room_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.depth() > 0)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            let bytes = if e.path_is_symlink() {
                let target = fs::read_link(e.path()).expect("read link");
                format!("-> {}", target.display()).into_bytes()
            } else if e.file_type().is_file() {
                fs::read(e.path()).expect("read")
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

// ───────────────────────────── builds that must fail ─────────────────────────────

/// Runs `placard build --root ROOT EXTRA…`; returns (exit code, stderr).
pub(crate) fn build(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", "--root", root.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let run = placard(&args);
    (run.status.code(), stderr(&run))
}

pub(crate) fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "expected `{part}` in:\n{message}");
    }
}

/// A previous build's output, to check that a failed or killed build leaves it alone.
fn previous_output_of(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    previous_output(&root.join("output"))
}

/// `placard build` on `root` must fail (exit 1) mentioning every part and leave
/// a previous output exactly as it was; returns what it said.
pub(crate) fn build_fails_keeping_output(root: &Path, parts: &[&str]) -> String {
    let before = previous_output_of(root);
    let (code, message) = build(root, &[]);
    assert_eq!(code, Some(1), "{message}");
    assert_mentions(&message, parts);
    assert_eq!(
        snapshot(&root.join("output")),
        before,
        "the previous output is untouched"
    );
    message
}

/// Appends `yaml` to the site's placard.yaml.
pub(crate) fn add_to_config(root: &Path, yaml: &str) {
    let config = root.join("placard.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, text + yaml).unwrap();
}
