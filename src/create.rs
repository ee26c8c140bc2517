//! New files and folders inside the site — what `init`, `new`, `import` and
//! `build --transcode` write outside any output folder: made through no link,
//! never over anything already there (a link that leads nowhere included), and
//! removed again, when the caller asks, if a later one fails.

use crate::messages::write as say;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Why a file or folder was not made. Paths are relative to the folder the
/// files are made in, as they were asked for.
#[derive(Debug)]
pub(crate) enum Refused {
    /// Something (a file, a folder, a link) is already where a file would go;
    /// the system's words for it.
    Exists(PathBuf, io::Error),
    /// A folder on the way is a symbolic link.
    Link(PathBuf),
    /// A folder on the way is a file.
    NotAFolder(PathBuf),
    /// The system refused (permissions, a full disk…).
    Failed(PathBuf, io::Error),
}

/// Files and folders made inside `root`, remembered so that they can be removed
/// again (`undo`) when a later one fails.
pub(crate) struct NewFiles<'r> {
    root: &'r Path,
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl<'r> NewFiles<'r> {
    /// Makes files inside `root`, which must exist.
    pub(crate) fn inside(root: &'r Path) -> NewFiles<'r> {
        NewFiles {
            root,
            folders: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Refuses, before anything is written, what making `folders` and then
    /// files at `free` would meet: a folder that is a link or a file, or
    /// anything already at one of `free`.
    pub(crate) fn check(&self, folders: &[PathBuf], free: &[PathBuf]) -> Result<(), Refused> {
        for folder in folders {
            match self.root.join(folder).symlink_metadata() {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(Refused::Link(folder.clone()));
                }
                Ok(meta) if !meta.is_dir() => return Err(Refused::NotAFolder(folder.clone())),
                Ok(_) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(Refused::Failed(folder.clone(), err)),
            }
        }
        match free
            .iter()
            .find(|path| self.root.join(path).symlink_metadata().is_ok())
        {
            Some(taken) => Err(Refused::Exists(
                taken.clone(),
                io::ErrorKind::AlreadyExists.into(),
            )),
            None => Ok(()),
        }
    }

    /// The folder `rel` and those above it, each made unless it is there: a
    /// real folder, never a link to one.
    pub(crate) fn folder(&mut self, rel: &Path) -> Result<(), Refused> {
        let mut folder = PathBuf::new();
        for part in rel.components() {
            folder.push(part);
            let on_disk = self.root.join(&folder);
            match on_disk.symlink_metadata() {
                Ok(meta) if meta.is_symlink() => return Err(Refused::Link(folder)),
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(Refused::NotAFolder(folder)),
                // A folder of our own, or an error if anything appeared there meanwhile.
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    std::fs::create_dir(&on_disk)
                        .map_err(|err| Refused::Failed(folder.clone(), err))?;
                    self.folders.push(folder.clone());
                }
                Err(err) => return Err(Refused::Failed(folder, err)),
            }
        }
        Ok(())
    }

    /// A new file at `rel` (its folders made first, as [`folder`](Self::folder)
    /// does), written by `fill`. Nothing already there is opened: not a file,
    /// not a link.
    pub(crate) fn file(
        &mut self,
        rel: &Path,
        fill: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> Result<(), Refused> {
        if let Some(parent) = rel.parent() {
            self.folder(parent)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(rel))
            .map_err(|err| match err.kind() {
                io::ErrorKind::AlreadyExists => Refused::Exists(rel.to_path_buf(), err),
                _ => Refused::Failed(rel.to_path_buf(), err),
            })?;
        self.files.push(rel.to_path_buf());
        fill(&mut file).map_err(|err| Refused::Failed(rel.to_path_buf(), err))
    }

    /// Removes what was made, files first, then folders, the deepest first.
    pub(crate) fn undo(&mut self) {
        for file in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(self.root.join(file));
        }
        for folder in self.folders.drain(..).rev() {
            let _ = std::fs::remove_dir(self.root.join(folder));
        }
    }
}

/// Writes a new file at `base/rel` (`rel` plain and relative), making the
/// folders of `rel` that are missing, and through no link: a folder of `rel`
/// that is a link or a file, or anything already at `rel` (a link included),
/// is an error naming it as `shown/…`. `init` and `new` write outside any
/// output folder, into the site; this is how.
pub(crate) fn create_new_file(
    base: &Path,
    rel: &Path,
    bytes: &[u8],
    shown: &Path,
) -> Result<(), Diagnostic> {
    let shown_file = shown.join(rel);
    NewFiles::inside(base)
        .file(rel, |file| io::Write::write_all(file, bytes))
        .map_err(|refused| match refused {
            Refused::Link(folder) => link_in_the_way(&shown.join(folder)),
            Refused::NotAFolder(folder) => file_in_the_way(&shown.join(folder), &shown_file),
            Refused::Exists(..) => already_exists(&shown_file),
            Refused::Failed(at, err) => {
                let at = shown.join(at);
                Diagnostic::error(say::cannot_write(
                    &at.display().to_string(),
                    &err.to_string(),
                ))
                .in_file(&at)
            }
        })
}

/// The error for a link where `init` or `new` would make or use a folder.
fn link_in_the_way(path: &Path) -> Diagnostic {
    Diagnostic::error(say::link_in_the_way(&path.display().to_string()))
        .in_file(path)
        .with_hint(say::link_in_the_way_hint())
}

/// The error for a file where `init` or `new` needs a folder to write `file` in.
fn file_in_the_way(path: &Path, file: &Path) -> Diagnostic {
    Diagnostic::error(say::file_in_the_way(
        &path.display().to_string(),
        &file.display().to_string(),
    ))
    .in_file(path)
    .with_hint(say::file_in_the_way_hint())
}

/// The error for a file (or link) already where `init` or `new` would write one.
pub(crate) fn already_exists(path: &Path) -> Diagnostic {
    Diagnostic::error(say::already_exists(&path.display().to_string()))
        .in_file(path)
        .with_hint(say::already_exists_hint())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_written_through_a_link_or_over_a_file_and_undo_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let mut new = NewFiles::inside(root.path());
        new.file(Path::new("content/notices/a.md"), |f| {
            io::Write::write_all(f, b"a")
        })
        .unwrap();
        assert!(matches!(
            new.file(Path::new("content/notices/a.md"), |_| Ok(())),
            Err(Refused::Exists(p, _)) if p == Path::new("content/notices/a.md")
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), root.path().join("content/linked")).unwrap();
            assert!(matches!(
                new.file(Path::new("content/linked/b.md"), |_| Ok(())),
                Err(Refused::Link(p)) if p == Path::new("content/linked")
            ));
            std::fs::remove_file(root.path().join("content/linked")).unwrap();
        }
        assert!(matches!(
            new.file(Path::new("content/notices/a.md/b.md"), |_| Ok(())),
            Err(Refused::NotAFolder(p)) if p == Path::new("content/notices/a.md")
        ));
        assert!(matches!(
            new.check(
                &[PathBuf::from("content")],
                &[PathBuf::from("content/notices/a.md")]
            ),
            Err(Refused::Exists(..))
        ));
        new.undo();
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
