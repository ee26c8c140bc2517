//! Writing the new page into `content/` (through `create::NewFiles`): never
//! over a file, never through a link, all or nothing (what was made is removed
//! again when a write fails).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::create::NewFiles;
pub(crate) use crate::create::Refused;

/// Where one file's bytes come from.
#[derive(Debug)]
pub(super) enum Source<'a> {
    Bytes(&'a [u8]),
    /// A file to copy (an `--attach` file).
    Copy(&'a Path),
}

/// Creates the folders `dirs` (relative to `root`, each inside the one before)
/// where missing, then the files (relative to `root`, in the last folder),
/// the last of them last. Refuses before writing anything when a folder is a
/// link or a file, or when a file or one of `also_free` already exists; what
/// was made is removed again when a later write fails.
pub(super) fn create(
    root: &Path,
    dirs: &[PathBuf],
    files: &[(PathBuf, Source)],
    also_free: &[PathBuf],
) -> Result<(), Refused> {
    let mut new = NewFiles::inside(root);
    let free: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| path.clone())
        .chain(also_free.iter().cloned())
        .collect();
    new.check(dirs, &free)?;
    let made = dirs
        .iter()
        .try_for_each(|dir| new.folder(dir))
        .and_then(|()| {
            files.iter().try_for_each(|(path, source)| {
                new.file(path, |file| {
                    match source {
                        Source::Bytes(bytes) => file.write_all(bytes)?,
                        Source::Copy(from) => {
                            std::io::copy(&mut std::fs::File::open(from)?, file)?;
                        }
                    }
                    file.sync_all()
                })
            })
        });
    if made.is_err() {
        new.undo();
    }
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_nothing() {
        let root = tempfile_dir();
        let dirs = [
            PathBuf::from("content"),
            PathBuf::from("content/notices"),
            PathBuf::from("content/notices/x"),
        ];
        let files = [
            (
                PathBuf::from("content/notices/x/a.png"),
                Source::Bytes(b"png"),
            ),
            (
                PathBuf::from("content/notices/x/b.txt"),
                Source::Copy(Path::new("/nonexistent/b.txt")),
            ),
        ];
        assert!(matches!(
            create(&root, &dirs, &files, &[]),
            Err(Refused::Failed(..))
        ));
        assert!(!root.join("content").exists());
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("placard-import-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
