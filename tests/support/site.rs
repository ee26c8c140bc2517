//! Building fixture sites with the real binary, and reading what it wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The date the tests build "today" as, so expiry does not depend on the clock.
pub const TODAY: &str = "2025-01-15";

/// A copy of `tests/fixtures/<name>` in a fresh temp dir (the site root is `.path()`).
pub fn fixture(name: &str) -> TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(source.is_dir(), "no fixture {}", source.display());
    let dir = super::tempdir();
    copy_dir(&source, dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
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

/// Runs `placard ARGS` with `PLACARD_TODAY` fixed.
pub fn placard(args: &[&str]) -> Output {
    placard_on(args, TODAY)
}

pub fn placard_on(args: &[&str], today: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(args)
        .env("PLACARD_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .expect("run placard")
}

/// `placard build --root <root>`, asserting success; returns the output folder.
pub fn build_ok(root: &Path) -> PathBuf {
    let out = placard(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("output")
}

/// stderr of a run, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file of the output, as text.
pub fn read(output: &Path, rel: &str) -> String {
    fs::read_to_string(output.join(rel)).unwrap_or_else(|e| panic!("read output/{rel}: {e}"))
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
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
