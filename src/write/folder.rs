//! The output folder: which folder may be replaced by a build (never the site,
//! its sources, a link or a file), the mark a build leaves in it, and the
//! places placard keeps beside it (`.<output>.placard-lock`, `-staging`, `-old`).

use crate::messages::write::{self as say, Kept, NotAnOutput};
use std::fs::File;
use std::path::{Component, Path, PathBuf};

use super::remove::remove_tree;
use crate::diagnostics::Diagnostic;

/// Refuses output folders whose replacement would destroy something else:
/// `/`, the site root, `content/`, any folder that contains the site or one of
/// its source folders (wherever a link puts them), a link (whose target would
/// be replaced), or a file (which would be moved away).
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = real_folder(root);
    let output = absolute(output);
    let refuse = |why: NotAnOutput| {
        Diagnostic::error(say::refusing_output(&output.display().to_string(), why))
            .with_hint(say::refusing_output_hint())
    };
    if output.parent().is_none() {
        return Err(refuse(NotAnOutput::Root));
    }
    if root.starts_with(&output) {
        return Err(refuse(NotAnOutput::HoldsTheSite));
    }
    // Each folder of the site's sources where it really is: `content/` may be a
    // link to a shared drive, and an output inside it, or holding it, would be
    // written over it or replace it.
    let themes = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| PathBuf::from("themes").join(entry.file_name()));
    let sources = ["content", "themes", "templates", "static"]
        .into_iter()
        .map(PathBuf::from)
        .chain(themes);
    for protected in sources {
        let real = real_folder(&root.join(&protected));
        let protected = &protected.to_string_lossy();
        if output.starts_with(&real) {
            return Err(refuse(NotAnOutput::InsideSiteFolder(protected)));
        }
        if real.starts_with(&output) {
            return Err(refuse(NotAnOutput::HoldsSiteFolder(protected)));
        }
    }
    match output.symlink_metadata() {
        Ok(meta) if meta.is_symlink() => Err(refuse(NotAnOutput::Link)),
        Ok(meta) if !meta.is_dir() => Err(refuse(NotAnOutput::File)),
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
    let output = output.display().to_string();
    Diagnostic::error(say::not_placards_output(&output, MARK))
        .with_hint(say::not_placards_output_hint(&output))
}

/// The error for something at one of the places placard keeps beside the
/// output (its lock, staging folder, previous output set aside) that placard
/// did not put there: a link (committed to the site's repository, say), which
/// it would otherwise follow, or a file where it keeps a folder.
pub(super) fn not_placards_own(path: &Path, what: Kept, link: bool) -> Diagnostic {
    Diagnostic::error(say::not_placards_own(
        &path.display().to_string(),
        what,
        link,
    ))
    .with_hint(say::not_placards_own_hint(link))
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
pub(super) const LOCK: Kept = Kept::Lock;
pub(super) const STAGING: Kept = Kept::Staging;
pub(super) const SET_ASIDE: Kept = Kept::SetAside;

/// True when there is a real folder at `path` (a leftover of placard's own,
/// which it may move or remove), false when there is nothing; an error when
/// there is a link or a file, which placard did not make and leaves alone.
pub(super) fn leftover(path: &Path, what: Kept) -> Result<bool, Diagnostic> {
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
pub(super) fn remove_leftover(path: &Path, what: Kept) -> Result<(), Diagnostic> {
    if leftover(path, what)? {
        remove_tree(path).map_err(|err| {
            Diagnostic::error(say::cannot_remove_leftover(
                &path.display().to_string(),
                &err.to_string(),
            ))
        })?;
    }
    Ok(())
}
