//! One build at a time per output folder: the lock beside it, taken for the
//! whole build, and the tidying up after a build that was killed.

use crate::messages::write as say;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::folder::{
    LOCK, SET_ASIDE, STAGING, absolute, leftover, not_placards_own, remove_leftover, sibling,
};
use crate::diagnostics::Diagnostic;

/// The lock of one output folder, held for a whole build: `.<output>.placard-lock`
/// beside it, locked by the operating system (which releases the lock when the
/// process ends, however it ends, so a killed build never blocks the next one)
/// and holding the builder's process id for the message a second build shows.
pub(crate) struct BuildLock {
    path: PathBuf,
    _file: File,
}

impl BuildLock {
    /// Takes the lock, or refuses at once if another build holds it.
    pub(crate) fn acquire(output: &Path) -> Result<BuildLock, Diagnostic> {
        use std::io::{Read, Seek, Write};
        let output = absolute(output);
        let path = sibling(&output, "lock");
        let fail = |err: std::io::Error| {
            Diagnostic::error(say::cannot_lock(
                &path.display().to_string(),
                &err.to_string(),
            ))
            .with_hint(say::cannot_lock_hint())
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        loop {
            let mut file = open_lock_file(&path).map_err(|err| {
                if path.is_symlink() {
                    not_placards_own(&path, LOCK, true)
                } else {
                    fail(err)
                }
            })?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let pid = Some(holder.trim()).filter(|pid| !pid.is_empty());
                    return Err(Diagnostic::error(say::another_build(
                        pid,
                        &output.display().to_string(),
                    ))
                    .with_hint(say::another_build_hint()));
                }
                Err(std::fs::TryLockError::Error(err)) => return Err(fail(err)),
            }
            // The build before us removes the file as it finishes; if it did so
            // between our open and our lock, we hold a lock on nothing: retry.
            if !is_same_file(&file, &path) {
                continue;
            }
            file.set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .map_err(fail)?;
            let lock = BuildLock { path, _file: file };
            recover_interrupted(&output)?;
            return Ok(lock);
        }
    }
}

/// Opens (or creates) the lock file without following a link: a link there
/// is an error, not a way to write the process id into another file.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    if path.is_symlink() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    options.open(path)
}

impl Drop for BuildLock {
    /// Removes the lock file while still holding the lock; closing the file
    /// releases it. (On Windows the unlocked file is left: removing an open
    /// file there only marks it for deletion, which `is_same_file` cannot see.)
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &File, _: &Path) -> bool {
    // The lock file is never removed there (see `Drop`).
    true
}

/// Tidies up after a build that was killed (the lock is ours, so none is
/// running): an output it had moved aside but not yet replaced is put back, and
/// its staging and old folders are removed. Only real folders are: a link or a
/// file in their place is refused.
fn recover_interrupted(output: &Path) -> Result<(), Diagnostic> {
    let old = sibling(output, "old");
    if output.symlink_metadata().is_err() && leftover(&old, SET_ASIDE)? {
        std::fs::rename(&old, output).map_err(|err| {
            Diagnostic::error(say::cannot_restore(
                &old.display().to_string(),
                &err.to_string(),
            ))
        })?;
    }
    remove_leftover(&sibling(output, "staging"), STAGING)?;
    remove_leftover(&old, SET_ASIDE)
}
