//! Publishing with rsync (docs/deploy.md): `rsync -a --delete output/ webroot/`
//! after a build sends only the files whose bytes changed, because placard
//! keeps the others as they were, modification time included — after an
//! incremental build (one page edited) and after a full one (`--no-cache`).
//! rsync must be installed (`scripts/install-test-deps`): without it the test
//! fails, it does not skip.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::site::{fixture, placard, snapshot, stderr};

fn build(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--root", root.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let run = placard(&args);
    assert!(run.status.success(), "build failed:\n{}", stderr(&run));
    stderr(&run)
}

/// `rsync -a --delete --itemize-changes --stats output/ webroot/`: the files
/// it sent (paths relative to the web root), and its "regular files
/// transferred" count.
fn publish(output: &Path, webroot: &Path) -> (Vec<PathBuf>, usize) {
    let run = Command::new("rsync")
        .args(["-a", "--delete", "--itemize-changes", "--stats"])
        .arg(format!("{}/", output.display()))
        .arg(format!("{}/", webroot.display()))
        .output()
        .expect("rsync is needed for this test: run scripts/install-test-deps");
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "rsync failed:\n{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // `>f+++++++++ a/b.html`: a file sent (new, or its contents or time changed).
    let sent = out
        .lines()
        .filter(|line| line.starts_with(">f"))
        .filter_map(|line| line.split_once(' '))
        .map(|(_, path)| PathBuf::from(path))
        .collect();
    let transferred = out
        .lines()
        .find_map(|line| line.strip_prefix("Number of regular files transferred: "))
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("no count of files transferred in rsync's stats:\n{out}"));
    (sent, transferred)
}

/// Paths whose bytes differ between two snapshots, or that are in one only.
fn changed(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = after
        .iter()
        .filter(|file| !before.contains(file))
        .map(|(path, _)| path.clone())
        .collect();
    paths.sort();
    paths
}

#[test]
fn rsync_sends_only_the_files_a_one_page_edit_changed() {
    let site = fixture("good");
    let root = site.path();
    let webroot = support::tempdir();
    let output = root.join("output");
    build(root, &[]);
    let (sent, _) = publish(&output, webroot.path());
    assert!(
        sent.len() > 50,
        "the first publish sends every file: {sent:?}"
    );

    let before = snapshot(&output);
    // rsync's quick check compares modification times in whole seconds: a
    // file rewritten within the second of the last build looks unchanged to
    // it. No officer edits that fast; the test waits as long.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let notice = root.join("content/notices/urgent-vaccination.md");
    let text = fs::read_to_string(&notice).expect("read");
    fs::write(&notice, text + "\n接种点新增流动服务车。\n").expect("write");
    let report = build(root, &[]);
    assert!(report.contains("incremental: 1 edited page(s)"), "{report}");
    let after = snapshot(&output);
    let (mut sent, transferred) = publish(&output, webroot.path());
    sent.sort();
    let changed = changed(&before, &after);
    assert!(
        changed.contains(&PathBuf::from("notices/urgent-vaccination/index.html")),
        "{changed:?}"
    );
    assert!(changed.len() < before.len() / 4, "{changed:?}");
    assert_eq!(
        sent, changed,
        "rsync sent other files than those that changed"
    );
    assert_eq!(transferred, changed.len());
    assert_eq!(
        snapshot(webroot.path()),
        after,
        "the web root is the output"
    );
}

#[test]
fn rsync_sends_nothing_after_a_full_build_of_an_unchanged_site() {
    let site = fixture("good");
    let root = site.path();
    let webroot = support::tempdir();
    let output = root.join("output");
    build(root, &[]);
    publish(&output, webroot.path());
    let report = build(root, &["--no-cache"]);
    assert!(report.contains("built everything: --no-cache"), "{report}");
    let (sent, transferred) = publish(&output, webroot.path());
    assert_eq!((sent, transferred), (Vec::new(), 0));
    assert_eq!(snapshot(webroot.path()), snapshot(&output));
}
