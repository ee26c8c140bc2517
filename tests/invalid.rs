//! Broken sites, each a folder of `tests/fixtures/invalid/`, run through one
//! table: what placard prints is part of the product, so the whole of stderr is
//! compared with the case's `expected.stderr` (as mdBook snapshots its failing
//! builds), together with the exit code, and nothing outside the output folder
//! may change.
//!
//! Every case runs in both languages placard speaks: with `PLACARD_LANG=zh`
//! and `PLACARD_LANG=en`, and once without it, when it must speak the site's
//! own `default_language` (Chinese when there is no site, or it says no other).
//!
//! A case folder is a site (placard.yaml, content/, …) plus:
//! - `expected.zh.stderr` and `expected.en.stderr`: what placard prints in
//!   Chinese and in English, with the room folder written `[ROOM]` (the site
//!   is `[ROOM]/site`) and the time a build took `[TIME]`;
//! - `command` (optional): the arguments, `{site}` standing for the site
//!   folder; `build --root {site}` when there is none;
//! - `status` (optional): the exit code; 1 when there is none.
//!
//! A build that fails finds the output of a previous build in `site/output`
//! (made by the table, with its mark) and must leave it exactly as it was,
//! with nothing of its own beside it.
//!
//! `PLACARD_BLESS=1 cargo test --test invalid` writes both files anew from
//! what placard prints: read the diff before committing it, as an officer
//! would read the messages.

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

/// The languages a case is run in, and the file of each.
const LANGS: [&str; 2] = ["zh", "en"];

fn run_case(case: &Path, name: &str, bless: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    for lang in LANGS {
        let expected_file = case.join(format!("expected.{lang}.stderr"));
        let printed = run_in(case, name, Some(lang), &mut problems);
        if bless {
            fs::write(&expected_file, &printed).expect("write the expected stderr");
        }
        let expected = fs::read_to_string(&expected_file).unwrap_or_default();
        if printed != expected {
            problems.push(format!(
                "stderr differs from {}:\n{}",
                expected_file.display(),
                diff(&expected, &printed)
            ));
        }
    }
    // Without PLACARD_LANG, placard speaks the site's language.
    let lang = site_language(case);
    let expected_file = case.join(format!("expected.{lang}.stderr"));
    let printed = run_in(case, name, None, &mut problems);
    let expected = fs::read_to_string(&expected_file).unwrap_or_default();
    if printed != expected {
        problems.push(format!(
            "without PLACARD_LANG, stderr is not in the site's language ({lang}):\n{}",
            diff(&expected, &printed)
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The language placard speaks to a case's site without PLACARD_LANG: `zh`
/// when its `default_language` is Chinese (`zh`, `zh-…`) or it names none (or
/// there is no site), `en` for any other code.
fn site_language(case: &Path) -> &'static str {
    let config = fs::read_to_string(case.join("placard.yaml")).unwrap_or_default();
    let code = config.lines().find_map(|line| {
        let code = line.strip_prefix("default_language:")?;
        Some(code.trim().trim_matches(['"', '\'']).to_string())
    });
    match code {
        Some(code) if !(code == "zh" || code.starts_with("zh-") || code.starts_with("zh_")) => "en",
        _ => "zh",
    }
}

/// Runs the case in a room of its own, with `PLACARD_LANG=lang` (or without
/// it), checks the exit code and that nothing else in the room changed, and
/// gives back what it printed.
fn run_in(case: &Path, name: &str, lang: Option<&str>, problems: &mut Vec<String>) -> String {
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
    let mut placard = Command::new(env!("CARGO_BIN_EXE_placard"));
    placard
        .args(&args)
        .env("PLACARD_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("PLACARD_LANG");
    if let Some(lang) = lang {
        placard.env("PLACARD_LANG", lang);
    }
    let run = placard.output().expect("run placard");
    let printed = normalise(&String::from_utf8_lossy(&run.stderr), room.path());
    let said = lang.unwrap_or("the site's language");
    if run.status.code() != Some(status) {
        problems.push(format!(
            "in {said}: exit code {:?}, expected {status}",
            run.status.code()
        ));
    }
    // A failed run writes nothing at all (a previous output included); a run
    // that succeeds with warnings writes its output folder and its build
    // cache (.placard-cache/), and nothing else.
    let allowed: &[&str] = if status == 0 {
        &["site/output", "site/.placard-cache"]
    } else {
        &[]
    };
    if let Err(panic) = std::panic::catch_unwind(|| room.untouched(allowed)) {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        problems.push(format!("in {said}: {message}"));
    }
    printed
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
    // A build that succeeds says how long it took: `… 0.1 MB in 0.09 s → …`,
    // `…，0.1 MB，用时 0.09 秒 → …`; and how many files and bytes it wrote,
    // and its search index's sizes, which follow the theme and the index's
    // layout rather than the broken site: `[N] files, [SIZE] MB`.
    text.lines()
        .map(|line| {
            let line = amounts_hidden(line);
            for (before, after) in [(" in ", " s → "), ("用时 ", " 秒 → ")] {
                if let (Some(from), Some(to)) = (line.rfind(before), line.find(after))
                    && from < to
                {
                    let from = from + before.len();
                    return format!("{}[TIME]{}\n", &line[..from], &line[to..]);
                }
            }
            format!("{line}\n")
        })
        .collect()
}

/// `line` with each number of files (`24 files`, `24 个文件`) written `[N]`
/// and each size (`0.2 MB`, `27 KB`) `[SIZE]`.
fn amounts_hidden(line: &str) -> String {
    const UNITS: [(&str, &str); 4] = [
        (" files", "[N]"),
        (" 个文件", "[N]"),
        (" MB", "[SIZE]"),
        (" KB", "[SIZE]"),
    ];
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let len = rest[start..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len() - start);
        let after = &rest[start + len..];
        out.push_str(&rest[..start]);
        match UNITS.iter().find(|(unit, _)| after.starts_with(unit)) {
            Some((_, hidden)) => out.push_str(hidden),
            None => out.push_str(&rest[start..start + len]),
        }
        rest = after;
    }
    out.push_str(rest);
    out
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
