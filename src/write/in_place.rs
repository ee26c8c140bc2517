//! An incremental build's outputs: compared with the output folder as they
//! are made, those whose bytes changed kept in memory until the build has
//! succeeded ([`Pending`]), then written into the output folder in place, each
//! into a new file beside it that is renamed over it, through folder handles
//! opened without following a link.
//! Every other file is left as it is, modification time included. And the
//! comparison of the output folder as it is on disk with the entries the last
//! build left there ([`output_holds`]), by which the build cache trusts it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::images::Variant;
use crate::load::Asset;
use crate::outputs::{Origin, Picture, Sink};
use crate::paths::safe_relative;
use crate::write::image_cache::{ImageCache, processed_image, widest_copy};

/// One entry of an output folder as the system describes it: enough to see
/// that a file was written to, replaced or removed since (its length,
/// modification time and inode), or that a folder became a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Stamp {
    Folder,
    File {
        len: u64,
        modified: (i64, u32),
        inode: u64,
    },
    /// A link, a device, anything a build never leaves.
    Other,
}

impl Stamp {
    pub(crate) fn of(metadata: &std::fs::Metadata) -> Stamp {
        let kind = metadata.file_type();
        if kind.is_dir() {
            return Stamp::Folder;
        }
        if !kind.is_file() {
            return Stamp::Other;
        }
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        #[cfg(unix)]
        let (modified, inode) = (
            (metadata.mtime(), metadata.mtime_nsec() as u32),
            metadata.ino(),
        );
        #[cfg(not(unix))]
        let (modified, inode) = (
            metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos())),
            0,
        );
        Stamp::File {
            len: metadata.len(),
            modified,
            inode,
        }
    }
}

/// Whether the output folder holds exactly the entries `expected` (what
/// [`output_files`] gave when the last build left it): the same names, each
/// file with the same stamp, no other entry; false when it cannot be read
/// whole. Compared as it is walked, without following a link: no map of its
/// entries is made (42,409 paths at 20,000 pages), each folder is opened
/// through its parent's handle and known a folder by its entry, and only the
/// other entries are asked for their stamp. Folders are walked `in_parallel`
/// (on rayon's threads), or one after the other on the calling thread (beside
/// other work that has those threads).
pub(crate) fn output_holds(
    output: &Path,
    expected: &BTreeMap<String, Stamp>,
    in_parallel: bool,
) -> bool {
    by_handles::holds_entries(output, expected, in_parallel)
}

/// Every entry of the output folder (paths relative to it, `/`-separated),
/// walked without following a link; None when it cannot be read whole.
/// Folders are walked in parallel: a site's output has a folder a page, and
/// each of its entries is asked for its times and inode. What `output_holds`
/// compares with, as the tests see it; the comparison itself where folders
/// cannot be opened by handle.
#[cfg(any(test, not(any(target_os = "linux", target_os = "macos"))))]
pub(crate) fn output_files(output: &Path) -> Option<BTreeMap<String, Stamp>> {
    Some(entries_under(output, "")?.into_iter().collect())
}

/// The entries of the folder `dir` and of the folders in it, each by its path
/// `prefix`/name; None when one cannot be read.
#[cfg(any(test, not(any(target_os = "linux", target_os = "macos"))))]
fn entries_under(dir: &Path, prefix: &str) -> Option<Vec<(String, Stamp)>> {
    use rayon::prelude::*;
    let mut entries = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        let rel = match prefix {
            "" => name,
            _ => format!("{prefix}/{name}"),
        };
        // Of the entry itself, a link not followed.
        let metadata = entry.metadata().ok()?;
        if metadata.is_dir() {
            folders.push((entry.path(), rel.clone()));
        }
        entries.push((rel, Stamp::of(&metadata)));
    }
    let below: Vec<Vec<(String, Stamp)>> = folders
        .par_iter()
        .map(|(path, rel)| entries_under(path, rel))
        .collect::<Option<_>>()?;
    entries.extend(below.into_iter().flatten());
    Some(entries)
}

/// The outputs of an incremental build whose bytes differ from the file at
/// their path in the output folder, held until [`apply`](Pending::apply); those
/// that are the same are only counted (an edit changes a few dozen of the
/// thousands of files it makes again: the rest are not kept in memory).
pub(crate) struct Pending {
    output: PathBuf,
    /// By path: the first output at a path is the one kept (as `Claimed` does).
    files: Mutex<HashMap<String, Made>>,
    /// Outputs handed over, and those found as they are in the output folder.
    made: AtomicUsize,
    unchanged: AtomicUsize,
    /// Where the copies of photos are made once and kept.
    images: Option<ImageCache>,
}

enum Made {
    Bytes(Vec<u8>),
    Copy(Asset),
}

/// What `apply` did: the files it wrote (with their new stamps), and how many
/// it found as they were.
pub(crate) struct Applied {
    pub written: Vec<(String, Stamp)>,
    pub unchanged: usize,
}

impl Sink for Pending {
    fn put(&self, path: &str, bytes: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
        safe_relative(path)?;
        self.made.fetch_add(1, Ordering::Relaxed);
        if by_handles::holds_at(&self.output, path, &bytes).unwrap_or(false) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.files
            .lock()
            .expect("pending outputs")
            .entry(path.to_string())
            .or_insert(Made::Bytes(bytes));
        Ok(())
    }

    fn copy(&self, path: &str, file: &Asset, _: Origin) -> Result<(), Diagnostic> {
        safe_relative(path)?;
        self.made.fetch_add(1, Ordering::Relaxed);
        self.files
            .lock()
            .expect("pending outputs")
            .entry(path.to_string())
            .or_insert_with(|| Made::Copy(file.clone()));
        Ok(())
    }

    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        let (files, _) = processed_image(picture, self.images.as_ref(), &origin)?;
        for (path, bytes) in files {
            self.put(&path, bytes, origin.clone())?;
        }
        Ok(())
    }

    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<Variant>, Diagnostic> {
        widest_copy(picture, self.images.as_ref(), origin)
    }
}

impl Pending {
    /// Outputs for the output folder `output` (whose folders the caller found
    /// real, not links), with its lock held.
    pub(crate) fn new(output: &Path) -> Pending {
        Pending {
            output: output.to_path_buf(),
            files: Mutex::default(),
            made: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            images: None,
        }
    }

    /// Photos' copies made through `cache` (as a full build makes them).
    pub(crate) fn with_image_cache(mut self, cache: ImageCache) -> Pending {
        self.images = Some(cache);
        self
    }

    /// How many outputs were handed over.
    pub(crate) fn len(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }

    /// Writes each output whose bytes differ from the file at its path in the
    /// output folder; the others are left as they are. Call only when the
    /// build has no errors.
    pub(crate) fn apply(self) -> Result<Applied, Diagnostic> {
        use rayon::prelude::*;
        let output = self.output.as_path();
        let cannot = |path: &str, err: std::io::Error| {
            Diagnostic::error(crate::messages::write::cannot_write(
                &output.join(path).display().to_string(),
                &err.to_string(),
            ))
        };
        let files = self.files.into_inner().expect("pending outputs");
        // First every changed file beside the one it replaces; the output is
        // as it was until all are written (a full disk stops the build here).
        let staged: Vec<(String, std::io::Result<Option<Stamp>>)> = files
            .into_par_iter()
            .map(|(path, made)| {
                let staged = by_handles::stage(output, &path, made);
                (path, staged)
            })
            .collect();
        let mut applied = Applied {
            written: Vec::new(),
            unchanged: self.unchanged.into_inner(),
        };
        let mut failed = None;
        for (path, staged) in staged {
            match staged {
                Ok(Some(stamp)) => applied.written.push((path, stamp)),
                Ok(None) => applied.unchanged += 1,
                Err(err) => failed = failed.or(Some(cannot(&path, err))),
            }
        }
        if let Some(error) = failed {
            for (path, _) in &applied.written {
                by_handles::discard(output, path);
            }
            return Err(error);
        }
        // Then each renamed over the file it replaces.
        applied.written.par_iter().try_for_each(|(path, _)| {
            by_handles::place(output, path).map_err(|e| cannot(path, e))
        })?;
        Ok(applied)
    }
}

/// Removes the file at `path` in the output folder `output` (an output the last
/// build made that this one does not), through folder handles: no link is
/// followed. A file already gone is no error.
pub(crate) fn remove_in_place(output: &Path, path: &str) -> std::io::Result<()> {
    safe_relative(path).map_err(|_| std::io::Error::other("not a path in the output"))?;
    by_handles::remove(output, path)
}

/// Whether outputs can be written in place here (through folder handles).
pub(crate) const SUPPORTED: bool = cfg!(any(target_os = "linux", target_os = "macos"));

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod by_handles {
    use std::collections::BTreeMap;
    use std::ffi::CString;
    use std::fs::File;
    use std::io::{Read, Write};
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use rustix::fs::{
        AtFlags, CWD, Dir, FileType, Mode, OFlags, Stat, mkdirat, openat, renameat, statat,
    };
    use rustix::io::Errno;

    use super::{Made, Stamp};
    use crate::load::files::open_recorded;

    /// Writes `made` beside the file at `path` inside `output` (as
    /// `.<name>.placard-new`) unless that file holds its bytes: Some(the new
    /// file's stamp) when written, None when the file is as it should be.
    pub(super) fn stage(output: &Path, path: &str, made: Made) -> std::io::Result<Option<Stamp>> {
        let (folders, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut dir = open_folder(CWD, output)?;
        for part in folders.split('/').filter(|p| !p.is_empty()) {
            dir = match open_folder(&dir, part) {
                Err(Errno::NOENT) => {
                    // Files of one new folder are staged in parallel: another
                    // may have made it since.
                    match mkdirat(&dir, part, Mode::from_raw_mode(0o777)) {
                        Ok(()) | Err(Errno::EXIST) => {}
                        Err(err) => return Err(err.into()),
                    }
                    open_folder(&dir, part)?
                }
                opened => opened?,
            };
        }
        let bytes = match made {
            Made::Bytes(bytes) => bytes,
            // The file load read and checked, through no link.
            Made::Copy(asset) => {
                let mut bytes = Vec::new();
                open_recorded(&asset.disk, asset.identity)?.read_to_end(&mut bytes)?;
                bytes
            }
        };
        if holds(&dir, name, &bytes)? {
            return Ok(None);
        }
        let new = new_name(name);
        match rustix::fs::unlinkat(&dir, new.as_str(), AtFlags::empty()) {
            Ok(()) | Err(Errno::NOENT) => {}
            Err(err) => return Err(err.into()),
        }
        let file = openat(
            &dir,
            new.as_str(),
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )?;
        let mut file = File::from(file);
        file.write_all(&bytes)?;
        Ok(Some(Stamp::of(&file.metadata()?)))
    }

    /// Renames the file `stage` wrote for `path` over the file at `path`.
    pub(super) fn place(output: &Path, path: &str) -> std::io::Result<()> {
        let (dir, name) = folder_of(output, path)?;
        Ok(renameat(&dir, new_name(name).as_str(), &dir, name)?)
    }

    /// Removes the file `stage` wrote for `path`, if it can.
    pub(super) fn discard(output: &Path, path: &str) {
        if let Ok((dir, name)) = folder_of(output, path) {
            let _ = rustix::fs::unlinkat(&dir, new_name(name).as_str(), AtFlags::empty());
        }
    }

    fn new_name(name: &str) -> String {
        format!(".{name}.placard-new")
    }

    /// The folder of `path` inside `output`, opened through no link, and the
    /// file's name in it.
    fn folder_of<'p>(output: &Path, path: &'p str) -> std::io::Result<(OwnedFd, &'p str)> {
        let (folders, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut dir = open_folder(CWD, output)?;
        for part in folders.split('/').filter(|p| !p.is_empty()) {
            dir = open_folder(&dir, part)?;
        }
        Ok((dir, name))
    }

    /// Whether the file at `path` inside `output` holds `bytes` (read through
    /// no link).
    pub(super) fn holds_at(output: &Path, path: &str, bytes: &[u8]) -> std::io::Result<bool> {
        match folder_of(output, path) {
            Ok((dir, name)) => holds(&dir, name, bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// Whether `name` in `dir` is a regular file holding `bytes`.
    fn holds(dir: &OwnedFd, name: &str, bytes: &[u8]) -> std::io::Result<bool> {
        let stat = match statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => stat,
            Err(Errno::NOENT) => return Ok(false),
            Err(err) => return Err(err.into()),
        };
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile
            || stat.st_size as u64 != bytes.len() as u64
        {
            return Ok(false);
        }
        let file = openat(
            dir,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let mut old = Vec::with_capacity(bytes.len());
        File::from(file).read_to_end(&mut old)?;
        Ok(old == bytes)
    }

    /// Removes the file at `path` inside `output`, if it is there.
    pub(super) fn remove(output: &Path, path: &str) -> std::io::Result<()> {
        let (folders, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut dir = open_folder(CWD, output)?;
        for part in folders.split('/').filter(|p| !p.is_empty()) {
            dir = match open_folder(&dir, part) {
                Err(Errno::NOENT) => return Ok(()),
                opened => opened?,
            };
        }
        match rustix::fs::unlinkat(&dir, name, AtFlags::empty()) {
            Err(Errno::NOENT) => Ok(()),
            done => Ok(done?),
        }
    }

    /// `output_holds`: the folder `output` and every folder in it, each
    /// entry looked up in `expected` as it is read.
    pub(super) fn holds_entries(
        output: &Path,
        expected: &BTreeMap<String, Stamp>,
        in_parallel: bool,
    ) -> bool {
        let found = AtomicUsize::new(0);
        let Ok(dir) = open_folder(CWD, output) else {
            return false;
        };
        folder_holds(dir, "", expected, &found, in_parallel) && found.into_inner() == expected.len()
    }

    /// Whether each entry of the folder `dir` (at `prefix` in the output) and
    /// of the folders in it is in `expected` with the stamp it has there;
    /// adds how many there are to `found` (each path is found once, so the
    /// output holds `expected` exactly when `found` reaches its length).
    fn folder_holds(
        dir: OwnedFd,
        prefix: &str,
        expected: &BTreeMap<String, Stamp>,
        found: &AtomicUsize,
        in_parallel: bool,
    ) -> bool {
        use rayon::prelude::*;
        let Ok(mut entries) = Dir::new(dir) else {
            return false;
        };
        let mut rel = String::with_capacity(prefix.len() + 64);
        let mut folders: Vec<(CString, String)> = Vec::new();
        let mut count = 0;
        while let Some(entry) = entries.read() {
            let Ok(entry) = entry else {
                return false;
            };
            let name = entry.file_name();
            if matches!(name.to_bytes(), b"." | b"..") {
                continue;
            }
            let Ok(text) = std::str::from_utf8(name.to_bytes()) else {
                return false;
            };
            rel.clear();
            if !prefix.is_empty() {
                rel.push_str(prefix);
                rel.push('/');
            }
            rel.push_str(text);
            let Some(want) = expected.get(rel.as_str()) else {
                return false;
            };
            count += 1;
            let stamp = match entry.file_type() {
                // A folder's entry says so; it is opened through no link below.
                FileType::Directory => Stamp::Folder,
                FileType::RegularFile | FileType::Unknown => {
                    let Ok(at) = entries.fd() else {
                        return false;
                    };
                    match statat(at, name, AtFlags::SYMLINK_NOFOLLOW) {
                        Ok(stat) => stamp_of(&stat),
                        Err(_) => return false,
                    }
                }
                _ => Stamp::Other,
            };
            if stamp != *want {
                return false;
            }
            if stamp == Stamp::Folder {
                folders.push((name.to_owned(), rel.clone()));
            }
        }
        found.fetch_add(count, Ordering::Relaxed);
        let Ok(at) = entries.fd() else {
            return false;
        };
        // Each opened in its own task, and closed when walked: a folder of
        // thousands of pages' folders holds no more handles than tasks run.
        let walk = |(name, rel): &(CString, String)| {
            open_folder(at, name.as_c_str())
                .is_ok_and(|dir| folder_holds(dir, rel, expected, found, in_parallel))
        };
        match in_parallel {
            true => folders.par_iter().all(walk),
            false => folders.iter().all(walk),
        }
    }

    /// The stamp `Stamp::of` gives the same entry's metadata.
    // The fields' types differ between systems: the casts are needed on some.
    #[allow(clippy::unnecessary_cast)]
    fn stamp_of(stat: &Stat) -> Stamp {
        match FileType::from_raw_mode(stat.st_mode) {
            FileType::Directory => Stamp::Folder,
            FileType::RegularFile => Stamp::File {
                len: stat.st_size as u64,
                modified: (stat.st_mtime as i64, stat.st_mtime_nsec as u32),
                inode: stat.st_ino as u64,
            },
            _ => Stamp::Other,
        }
    }

    fn open_folder(at: impl AsFd, name: impl rustix::path::Arg) -> rustix::io::Result<OwnedFd> {
        openat(
            at,
            name,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod by_handles {
    use std::path::Path;

    use super::{Made, Stamp};

    pub(super) fn stage(_: &Path, _: &str, _: Made) -> std::io::Result<Option<Stamp>> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    pub(super) fn place(_: &Path, _: &str) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    pub(super) fn discard(_: &Path, _: &str) {}

    pub(super) fn holds_at(_: &Path, _: &str, _: &[u8]) -> std::io::Result<bool> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    pub(super) fn holds_entries(
        output: &Path,
        expected: &std::collections::BTreeMap<String, Stamp>,
        _: bool,
    ) -> bool {
        super::output_files(output).as_ref() == Some(expected)
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "macos")))]
mod tests {
    use super::*;

    fn put(pending: &Pending, path: &str, text: &str) {
        pending
            .put(
                path,
                text.as_bytes().to_vec(),
                Origin::built(crate::messages::Text::verbatim("a test file")),
            )
            .unwrap();
    }

    #[test]
    fn only_files_whose_bytes_changed_are_written_and_a_link_is_not_followed() {
        let room = tempfile::tempdir().unwrap();
        let output = room.path().join("output");
        std::fs::create_dir_all(output.join("a")).unwrap();
        std::fs::write(output.join("a/same.html"), "same").unwrap();
        std::fs::write(output.join("a/old.html"), "old").unwrap();
        let outside = room.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, output.join("linked")).unwrap();
        let kept = std::fs::symlink_metadata(output.join("a/same.html")).unwrap();

        let pending = Pending::new(&output);
        put(&pending, "a/same.html", "same");
        put(&pending, "a/old.html", "new");
        put(&pending, "b/c/new.html", "made");
        let applied = pending.apply().unwrap();
        let mut written: Vec<&str> = applied.written.iter().map(|(p, _)| p.as_str()).collect();
        written.sort();
        assert_eq!(written, ["a/old.html", "b/c/new.html"]);
        assert_eq!(applied.unchanged, 1);
        assert_eq!(
            std::fs::read_to_string(output.join("a/old.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("b/c/new.html")).unwrap(),
            "made"
        );
        let same = std::fs::symlink_metadata(output.join("a/same.html")).unwrap();
        assert_eq!(
            Stamp::of(&same),
            Stamp::of(&kept),
            "an unchanged file is left as it was"
        );
        // What the stamps say is what is on disk.
        let files = output_files(&output).unwrap();
        for (path, stamp) in &applied.written {
            assert_eq!(files.get(path), Some(stamp), "{path}");
        }

        // A folder replaced by a link since the output was checked: refused,
        // and the other changed file is not put in place either.
        let before = output_files(&output).unwrap();
        let pending = Pending::new(&output);
        put(&pending, "linked/index.html", "through the link");
        put(&pending, "a/old.html", "newer");
        assert!(pending.apply().is_err());
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        assert_eq!(
            output_files(&output).unwrap(),
            before,
            "the output is as it was"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("a/old.html")).unwrap(),
            "new"
        );
        assert_eq!(output_files(&output).unwrap()["linked"], Stamp::Other);
    }

    /// An output folder of pages' folders, with a link to a folder beside it.
    fn output_folder(room: &Path) -> PathBuf {
        let output = room.join("output");
        std::fs::create_dir_all(output.join("notices/a/poster")).unwrap();
        std::fs::create_dir_all(output.join("notices/b")).unwrap();
        std::fs::write(output.join("index.html"), "home").unwrap();
        std::fs::write(output.join("notices/a/index.html"), "page a").unwrap();
        std::fs::write(output.join("notices/a/poster/index.html"), "poster").unwrap();
        std::fs::write(output.join("notices/b/index.html"), "page b").unwrap();
        std::fs::create_dir(room.join("outside")).unwrap();
        std::os::unix::fs::symlink(room.join("outside"), output.join("linked")).unwrap();
        output
    }

    #[test]
    fn the_output_folder_holds_the_entries_it_was_left_with_until_one_changes() {
        type Change = fn(&Path, &Path);
        let changes: [(&str, Change); 7] = [
            ("a file's bytes, its length kept", |_, output| {
                let file = output.join("notices/b/index.html");
                std::fs::write(&file, "page B").unwrap();
                // Later than any time it had (writes within a tick of the
                // clock keep the time): only the stamp tells the change.
                let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
                std::fs::File::options()
                    .write(true)
                    .open(&file)
                    .unwrap()
                    .set_modified(later)
                    .unwrap();
            }),
            ("a file replaced by a copy", |room, output| {
                let copy = room.join("copy.html");
                std::fs::copy(output.join("notices/a/index.html"), &copy).unwrap();
                std::fs::rename(&copy, output.join("notices/a/index.html")).unwrap();
            }),
            ("a file added in a folder of a folder", |_, output| {
                std::fs::write(output.join("notices/a/poster/stray.html"), "stray").unwrap();
            }),
            ("a file removed", |_, output| {
                std::fs::remove_file(output.join("notices/a/poster/index.html")).unwrap();
            }),
            ("an empty folder added", |_, output| {
                std::fs::create_dir(output.join("notices/c")).unwrap();
            }),
            ("a folder replaced by a link", |room, output| {
                let moved = room.join("moved");
                std::fs::rename(output.join("notices/b"), &moved).unwrap();
                std::os::unix::fs::symlink(&moved, output.join("notices/b")).unwrap();
            }),
            ("a link replaced by a folder", |_, output| {
                std::fs::remove_file(output.join("linked")).unwrap();
                std::fs::create_dir(output.join("linked")).unwrap();
            }),
        ];
        for (what, change) in changes {
            let room = tempfile::tempdir().unwrap();
            let output = output_folder(room.path());
            let left = output_files(&output).unwrap();
            for in_parallel in [true, false] {
                assert!(output_holds(&output, &left, in_parallel), "{what}: as left");
            }
            // What is behind a link is not the output's: not followed.
            std::fs::write(room.path().join("outside/new.html"), "beside").unwrap();
            assert!(
                output_holds(&output, &left, true),
                "{what}: behind the link"
            );
            change(room.path(), &output);
            for in_parallel in [true, false] {
                assert!(
                    !output_holds(&output, &left, in_parallel),
                    "{what}: not seen"
                );
            }
            assert_ne!(output_files(&output).as_ref(), Some(&left), "{what}");
        }
        // An entry the last build left that is gone, and one more it did not.
        let room = tempfile::tempdir().unwrap();
        let output = output_folder(room.path());
        let mut left = output_files(&output).unwrap();
        left.insert("gone.html".into(), left["index.html"].clone());
        assert!(!output_holds(&output, &left, true));
        left.remove("gone.html");
        left.remove("notices/b/index.html");
        assert!(!output_holds(&output, &left, false));
        assert!(!output_holds(
            &room.path().join("none"),
            &BTreeMap::new(),
            true
        ));
    }
}
