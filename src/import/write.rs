//! Writing the new page into `content/`: never over a file, never through a
//! link, all or nothing (what was made is removed again when a write fails).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where one file's bytes come from.
#[derive(Debug)]
pub enum Source<'a> {
    Bytes(&'a [u8]),
    /// A file to copy (an `--attach` file).
    Copy(&'a Path),
}

/// Why nothing was written. Paths are relative to the site root.
#[derive(Debug)]
pub enum Refused {
    Exists(PathBuf),
    Link(PathBuf),
    NotAFolder(PathBuf),
    Failed(PathBuf, std::io::Error),
}

/// Creates the folders `dirs` (relative to `root`, each inside the one before)
/// where missing, then the files (relative to `root`, in the last folder),
/// the last of them last. Refuses before writing anything when a folder is a
/// link or a file, or when a file or one of `also_free` already exists.
pub fn create(
    root: &Path,
    dirs: &[PathBuf],
    files: &[(PathBuf, Source)],
    also_free: &[PathBuf],
) -> Result<(), Refused> {
    let mut missing = Vec::new();
    for dir in dirs {
        match root.join(dir).symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refused::Link(dir.clone())),
            Ok(meta) if !meta.is_dir() => return Err(Refused::NotAFolder(dir.clone())),
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => missing.push(dir.clone()),
            Err(err) => return Err(Refused::Failed(dir.clone(), err)),
        }
    }
    for path in files.iter().map(|(p, _)| p).chain(also_free) {
        if root.join(path).symlink_metadata().is_ok() {
            return Err(Refused::Exists(path.clone()));
        }
    }
    let mut made = Made {
        root,
        dirs: Vec::new(),
        files: Vec::new(),
    };
    for dir in missing {
        std::fs::create_dir(root.join(&dir))
            .map_err(|err| made.undo(Refused::Failed(dir.clone(), err)))?;
        made.dirs.push(dir);
    }
    for (path, source) in files {
        let fail = |err| Refused::Failed(path.clone(), err);
        // `create_new` refuses an existing file and a link in its place alike.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(root.join(path))
            .map_err(|err| made.undo(fail(err)))?;
        made.files.push(path.clone());
        let written = match source {
            Source::Bytes(bytes) => file.write_all(bytes),
            Source::Copy(from) => std::fs::File::open(from)
                .and_then(|mut from| std::io::copy(&mut from, &mut file).map(|_| ())),
        };
        written
            .and_then(|()| file.sync_all())
            .map_err(|err| made.undo(fail(err)))?;
    }
    Ok(())
}

/// What has been made so far, to be removed again if a later step fails.
struct Made<'a> {
    root: &'a Path,
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Made<'_> {
    fn undo(&mut self, refused: Refused) -> Refused {
        for file in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(self.root.join(file));
        }
        for dir in self.dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(self.root.join(dir));
        }
        refused
    }
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
