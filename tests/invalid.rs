//! Broken sites, each a folder of `tests/fixtures/invalid/`, run through one
//! table: what placard prints is part of the product, so the whole of stderr is
//! compared with the case's `expected.stderr` (as mdBook snapshots its failing
//! builds), together with the exit code, and nothing outside the output folder
//! may change.
//!
//! A case folder is a site (placard.yaml, content/, …) plus:
//! - `expected.stderr`: what placard prints, with the room folder written
//!   `[ROOM]` (the site is `[ROOM]/site`) and the time a build took `[TIME]`;
//! - `command` (optional): the arguments, `{site}` standing for the site
//!   folder; `build --root {site}` when there is none;
//! - `status` (optional): the exit code; 1 when there is none.
//!
//! A build that fails finds the output of a previous build in `site/output`
//! (made by the table, with its mark) and must leave it exactly as it was,
//! with nothing of its own beside it.
//!
//! `PLACARD_BLESS=1 cargo test --test invalid` writes `expected.stderr` anew
//! from what placard prints: read the diff before committing it.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::site::{Room, TODAY, previous_output};

const CASES: &str = "tests/fixtures/invalid";

#[test]
fn every_broken_site_says_what_is_wrong_where_and_changes_nothing() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES);
    let mut names: Vec<String> = fs::read_dir(&cases)
        .unwrap_or_else(|e| panic!("{}: {e}", cases.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases in {CASES}");
    let bless = std::env::var_os("PLACARD_BLESS").is_some();
    let mut failures = Vec::new();
    for name in &names {
        if let Err(failure) = run_case(&cases.join(name), name, bless) {
            failures.push(format!("── {name}\n{failure}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

fn run_case(case: &Path, name: &str, bless: bool) -> Result<(), String> {
    let mut room = Room::fixture(&format!("invalid/{name}"));
    let site = room.site();
    let command = fs::read_to_string(case.join("command"))
        .unwrap_or_else(|_| "build --root {site}".to_string());
    let status: i32 = fs::read_to_string(case.join("status"))
        .map(|s| s.trim().parse().expect("status is a number"))
        .unwrap_or(1);
    // A failed build of the site into its own output folder: that folder
    // holds a previous build, which must stay exactly as it was.
    let builds_here =
        command.split_whitespace().next() == Some("build") && !command.contains("--output");
    if builds_here && status != 0 && !site.join("output").exists() {
        previous_output(&site.join("output"));
        room.remember();
    }
    let site_text = site.to_str().expect("UTF-8 path");
    let args: Vec<String> = command
        .split_whitespace()
        .map(|arg| arg.replace("{site}", site_text))
        .collect();
    let run = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(&args)
        .env("PLACARD_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("PLACARD_LANG")
        .output()
        .expect("run placard");
    let printed = normalise(&String::from_utf8_lossy(&run.stderr), room.path());
    let expected_file = case.join("expected.stderr");
    if bless {
        fs::write(&expected_file, &printed).expect("write expected.stderr");
    }
    let expected = fs::read_to_string(&expected_file).unwrap_or_default();
    let mut problems = Vec::new();
    if run.status.code() != Some(status) {
        problems.push(format!(
            "exit code {:?}, expected {status}",
            run.status.code()
        ));
    }
    if printed != expected {
        problems.push(format!(
            "stderr differs from {}:\n{}",
            expected_file.display(),
            diff(&expected, &printed)
        ));
    }
    // A failed run writes nothing at all (a previous output included); a run
    // that succeeds with warnings writes its output folder and nothing else.
    let allowed: &[&str] = if status == 0 { &["site/output"] } else { &[] };
    if let Err(panic) = std::panic::catch_unwind(|| room.untouched(allowed)) {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        problems.push(message);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// stderr with the room folder (in every spelling the system may give it)
/// written `[ROOM]`, so that the snapshot does not depend on where it ran.
fn normalise(stderr: &str, room: &Path) -> String {
    let mut spellings: Vec<PathBuf> = vec![room.to_path_buf()];
    if let Ok(real) = room.canonicalize() {
        spellings.push(real);
    }
    // The longest first, so that one spelling inside another is replaced whole.
    spellings.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    let mut text = stderr.to_string();
    for spelling in spellings {
        text = text.replace(spelling.to_str().expect("UTF-8 path"), "[ROOM]");
    }
    // A build that succeeds says how long it took: `… 0.1 MB in 0.09 s → …`.
    text.lines()
        .map(|line| match (line.find(" in "), line.find(" s → ")) {
            (Some(from), Some(to)) if line.starts_with("built ") && from < to => {
                format!("{} in [TIME]{}\n", &line[..from], &line[to + 2..])
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// The lines that differ, `-` expected and `+` printed.
fn diff(expected: &str, printed: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), printed.lines().collect());
    let mut out = String::new();
    for line in &a {
        if !b.contains(line) {
            out.push_str(&format!("- {line}\n"));
        }
    }
    for line in &b {
        if !a.contains(line) {
            out.push_str(&format!("+ {line}\n"));
        }
    }
    if out.is_empty() {
        out = format!("(the same lines in another order)\n+++ printed:\n{printed}");
    }
    out
}
