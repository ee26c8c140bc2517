//! The output folder: which folder may be replaced by a build (never the site,
//! its sources, a link or a file), the mark a build leaves in it, and the
//! places placard keeps beside it (`.<output>.placard-lock`, `-staging`, `-old`).

use std::fs::File;
use std::path::{Component, Path, PathBuf};

use super::remove::remove_tree;
use crate::diagnostics::Diagnostic;

/// Refuses output folders whose replacement would destroy something else:
/// `/`, the site root, `content/`, any folder that contains the site, a link
/// (whose target would be replaced), or a file (which would be moved away).
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = real_folder(root);
    let output = absolute(output);
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "refusing to use {} as the output folder: {why}",
            output.display()
        ))
        .with_hint("choose a folder of its own, such as output/ inside the site")
    };
    if output.parent().is_none() {
        return Err(refuse("it is the root of the file system".into()));
    }
    if root.starts_with(&output) {
        return Err(refuse(
            "the site is inside it, and building replaces the whole folder".into(),
        ));
    }
    for protected in ["content", "themes", "templates", "static"] {
        if output.starts_with(root.join(protected)) {
            return Err(refuse(format!(
                "it is inside the site's {protected}/ folder"
            )));
        }
    }
    match output.symlink_metadata() {
        Ok(meta) if meta.is_symlink() => Err(refuse(
            "it is a symbolic link, and building would replace what it points to".into(),
        )),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "it is a file, and building would move it away".into(),
        )),
        _ => Ok(()),
    }
}

/// The name of the mark every build leaves in its output folder, so that the
/// next build knows the folder is placard's to replace (as cargo marks its
/// target folder with CACHEDIR.TAG).
pub(crate) const MARK: &str = ".placard-build";

/// What the mark holds: the same bytes from build to build (and version to
/// version), so it keeps its modification time as any unchanged file does.
/// The first line is what `has_mark` looks for.
pub(super) const MARK_TEXT: &str = "placard build output\n\
    This folder is made by `placard build`, which replaces all of it on every build:\n\
    a file put here by hand is deleted by the next build.\n";

/// Refuses to replace an output folder that holds files but no mark of a
/// placard build (a home folder named by mistake), unless `force`. Call with
/// the output's `BuildLock` held, after which the output is the one to replace.
pub(crate) fn check_replaceable(output: &Path, force: bool) -> Result<(), Diagnostic> {
    let output = absolute(output);
    let Ok(mut entries) = std::fs::read_dir(&output) else {
        // Not there yet (a file or a link was refused by `check_output_dir`).
        return Ok(());
    };
    if force || entries.next().is_none() || has_mark(&output) {
        return Ok(());
    }
    Err(not_placards_output(&output))
}

/// True when `folder` holds the mark: a regular file (not a link) that starts
/// with the mark's first line.
fn has_mark(folder: &Path) -> bool {
    use std::io::Read;
    let path = folder.join(MARK);
    let signature = MARK_TEXT.lines().next().unwrap_or(MARK_TEXT);
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut start = Vec::new();
    File::open(&path)
        .and_then(|f| f.take(signature.len() as u64).read_to_end(&mut start))
        .is_ok_and(|_| start == signature.as_bytes())
}

/// The error for an output folder that holds files placard did not make.
fn not_placards_output(output: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to replace {}: it holds files, and no {MARK} in it says a placard build \
         made them; building would delete them all",
        output.display()
    ))
    .with_hint(format!(
        "choose a new or empty folder for the output; if {} is the output of an earlier \
         placard (which left no mark), build once with --force",
        output.display()
    ))
}

/// The error for something at one of the places placard keeps beside the
/// output (its lock, staging folder, previous output set aside) that placard
/// did not put there: a link (committed to the site's repository, say), which
/// it would otherwise follow, or a file where it keeps a folder.
pub(super) fn not_placards_own(path: &Path, what: &str, link: bool) -> Diagnostic {
    let (is, fix) = if link {
        (
            "a symbolic link",
            "remove the link (from the site's repository too, if it came from there)",
        )
    } else {
        ("not a folder placard made", "move it away")
    };
    Diagnostic::error(format!(
        "{} is {is}, where placard keeps {what}: placard never writes, moves or deletes \
         through what it did not make",
        path.display()
    ))
    .with_hint(format!("{fix}; placard makes what it keeps there itself"))
}

/// The folder as an absolute path with `.`, `..` and every link before its last
/// part resolved: the last part is left as it is, so that an output that is a
/// link is seen to be one (and is refused), not taken for its target.
pub(super) fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => real_folder(parent).join(name),
        // `/`, or a path that ends in `..`.
        _ => real_folder(&joined),
    }
}

/// The folder with every link, `.` and `..` resolved, as far as it exists; the
/// rest (an output not made yet) is added as written, `..` taken lexically.
fn real_folder(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let Some(parent) = path.parent() else {
        return path.to_path_buf();
    };
    let mut real = real_folder(parent);
    match path.components().next_back() {
        Some(Component::ParentDir) => {
            real.pop();
        }
        Some(Component::Normal(name)) => real.push(name),
        _ => {}
    }
    real
}

/// What placard keeps at `.<output>.placard-lock`, `-staging` and `-old`, as
/// messages name them.
pub(super) const LOCK: &str = "the lock of its output";
pub(super) const STAGING: &str = "the staging folder of a build";
pub(super) const SET_ASIDE: &str = "the previous output while it swaps in a new one";

/// True when there is a real folder at `path` (a leftover of placard's own,
/// which it may move or remove), false when there is nothing; an error when
/// there is a link or a file, which placard did not make and leaves alone.
pub(super) fn leftover(path: &Path, what: &str) -> Result<bool, Diagnostic> {
    match path.symlink_metadata() {
        Err(_) => Ok(false),
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(meta) => Err(not_placards_own(path, what, meta.is_symlink())),
    }
}

/// `<parent>/.<name>.placard-<what>`: hidden, beside the output, on the same file system.
pub(super) fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.placard-{what}"))
}

/// Removes placard's own leftover folder at `path`, if there is one (see `leftover`).
pub(super) fn remove_leftover(path: &Path, what: &str) -> Result<(), Diagnostic> {
    if leftover(path, what)? {
        remove_tree(path).map_err(|err| {
            Diagnostic::error(format!(
                "cannot remove the leftover folder {}: {err}",
                path.display()
            ))
        })?;
    }
    Ok(())
}
