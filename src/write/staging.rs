//! The staging folder: a build's outputs are written beside the output folder,
//! then swapped in when the whole build succeeded (one atomic exchange where
//! the system has it). A file whose bytes are those of the output being
//! replaced is hard-linked from it rather than written again, so it keeps its
//! modification time; a copied source file is opened as load recorded it.
//! Each file's stamp is noted as it is written, so that the build cache gets
//! the output's entries without walking the output folder again.

use crate::messages::write as say;
use std::collections::{BTreeMap, HashSet};
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::folder::{MARK, MARK_TEXT, SET_ASIDE, STAGING, absolute, remove_leftover, sibling};
use super::in_place::Stamp;
use super::remove::remove_tree;
use crate::diagnostics::Diagnostic;
use crate::load::Asset;
use crate::load::files::open_recorded;
use crate::outputs::{Origin, Picture, Sink};
use crate::paths::safe_relative;

/// Files written into `.<output>.placard-staging`, swapped in by `commit`.
pub(super) struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// The output being replaced, if any. A file with the same bytes there is
    /// linked into the staging folder instead of written: it keeps its
    /// modification time (rsync and CDN uploads skip it), costs no new file on
    /// disk, and removing the old output then frees nothing of it.
    previous: Option<PathBuf>,
    /// Files linked from `previous`.
    unchanged: AtomicUsize,
    /// Folders made in the staging folder so far: most files go into a folder that
    /// an earlier file made (the search index puts thousands in each), and asking
    /// the system again costs two calls a file.
    folders: Mutex<HashSet<PathBuf>>,
    /// Each file written or linked so far (its path relative to the staging
    /// folder, `/`-separated) with its stamp, taken from the open file.
    stamps: Mutex<Vec<(String, Stamp)>>,
}

impl Staging {
    /// Starts a fresh staging folder beside `output`. Call with the output's
    /// `BuildLock` held (which has cleaned up after a killed build).
    pub(super) fn begin(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let staging = sibling(&output, "staging");
        remove_leftover(&staging, STAGING)?;
        // A new folder, or an error: never one that appeared meanwhile.
        std::fs::create_dir(&staging).map_err(|err| {
            Diagnostic::error(say::cannot_create_staging(
                &staging.display().to_string(),
                &err.to_string(),
            ))
        })?;
        // `check_output_dir` refused an output that is a link; only a real folder is read.
        let previous = output
            .symlink_metadata()
            .is_ok_and(|m| m.is_dir())
            .then(|| output.clone());
        let staging = Staging {
            output,
            staging,
            previous,
            unchanged: AtomicUsize::new(0),
            folders: Mutex::default(),
            stamps: Mutex::default(),
        };
        staging.write_mark()?;
        Ok(staging)
    }

    /// Puts the mark in the staging folder: linked from the previous output when
    /// it is there, so it keeps its modification time like any unchanged file.
    fn write_mark(&self) -> Result<(), Diagnostic> {
        let target = self.staging.join(MARK);
        let bytes = MARK_TEXT.as_bytes();
        let same = |old: &Path, len: u64| {
            len == bytes.len() as u64 && std::fs::read(old).is_ok_and(|b| b == bytes)
        };
        let relative = Path::new(MARK);
        if let Some(linked) = self.link_previous(relative, &target, same) {
            self.note(relative, &linked);
            return Ok(());
        }
        create_fresh(&target)
            .and_then(|mut file| {
                std::io::Write::write_all(&mut file, bytes)?;
                file.metadata()
            })
            .map(|written| self.note(relative, &written))
            .map_err(|err| cannot_write(&target, &err))
    }

    /// Notes the stamp of the file at `relative` in the staging folder, as
    /// `metadata` (of the file just written or linked there) describes it.
    fn note(&self, relative: &Path, metadata: &Metadata) {
        let path = slashed(relative);
        let stamp = Stamp::of(metadata);
        self.stamps.lock().expect("stamps").push((path, stamp));
    }

    /// Every entry of the staging folder (as `output_files` would find it once
    /// it is the output): each file written, with its stamp, and each folder
    /// that holds one.
    fn entries(&self) -> BTreeMap<String, Stamp> {
        let files = std::mem::take(&mut *self.stamps.lock().expect("stamps"));
        let mut entries = BTreeMap::new();
        for (path, stamp) in files {
            let mut folder = path.as_str();
            while let Some((up, _)) = folder.rsplit_once('/') {
                if entries.contains_key(up) {
                    break;
                }
                entries.insert(up.to_string(), Stamp::Folder);
                folder = up;
            }
            // A later file at the same path replaced the earlier one.
            entries.insert(path, stamp);
        }
        entries
    }

    /// How many files were kept from the previous output, unchanged.
    pub(super) fn unchanged(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }

    /// Makes the folder of `target` unless this build made it already, then
    /// writes the file with `write`.
    fn write_file(
        &self,
        target: &Path,
        write: impl Fn(&Path) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        if let Some(parent) = target.parent() {
            let made = self.folders.lock().expect("folders").contains(parent);
            if !made {
                std::fs::create_dir_all(parent).map_err(|err| {
                    Diagnostic::error(say::cannot_create_folder(
                        &parent.display().to_string(),
                        &err.to_string(),
                    ))
                })?;
                self.folders
                    .lock()
                    .expect("folders")
                    .insert(parent.to_path_buf());
            }
        }
        write(target).map_err(|err| cannot_write(target, &err))
    }

    /// Links the previous output's file at `relative` to `target` when it is a
    /// regular file and `same(file, its length)` says it holds the bytes to
    /// write. False when there is none, it differs, or the system cannot link
    /// (the caller then writes the file).
    fn keep_previous(
        &self,
        relative: &Path,
        target: &Path,
        same: impl FnOnce(&Path, u64) -> bool,
    ) -> bool {
        let Some(linked) = self.link_previous(relative, target, same) else {
            return false;
        };
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.note(relative, &linked);
        true
    }

    /// `keep_previous` without counting or noting the file (the mark is not
    /// one of the site's): the metadata of the file linked, if it was.
    fn link_previous(
        &self,
        relative: &Path,
        target: &Path,
        same: impl FnOnce(&Path, u64) -> bool,
    ) -> Option<Metadata> {
        let previous = self.previous.as_ref()?;
        let old = previous.join(relative);
        let meta = old.symlink_metadata().ok()?;
        (meta.is_file() && same(&old, meta.len()) && std::fs::hard_link(&old, target).is_ok())
            .then_some(meta)
    }

    /// Swaps the staged build in. Where the system can exchange two folders in
    /// one step (Linux, macOS) there is no moment without a complete output;
    /// elsewhere output → old, staging → output, and the next `BuildLock::acquire`
    /// repairs a build killed between the two renames.
    /// Returns the entries of the new output (`Staging::entries`).
    pub(super) fn commit(self) -> Result<BTreeMap<String, Stamp>, Diagnostic> {
        let entries = self.entries();
        if self.output.symlink_metadata().is_ok() && exchange(&self.staging, &self.output).is_ok() {
            // The staging folder now holds the previous output.
            let _ = remove_tree(&self.staging);
            return Ok(entries);
        }
        let old = sibling(&self.output, "old");
        remove_leftover(&old, SET_ASIDE)?;
        if self.output.symlink_metadata().is_ok() {
            std::fs::rename(&self.output, &old)
                .map_err(|e| Diagnostic::error(say::cannot_move_old_output(&e.to_string())))?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.output) {
            // Put the old output back so nothing is lost.
            let _ = std::fs::rename(&old, &self.output);
            return Err(Diagnostic::error(say::cannot_move_new_output(
                &err.to_string(),
            )));
        }
        let _ = remove_tree(&old);
        Ok(entries)
    }

    /// Removes the staging folder; the old output stays as it was.
    pub(super) fn abort(self) {
        let _ = remove_tree(&self.staging);
    }
}

/// Swaps two folders atomically.
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
        let relative = safe_relative(path)?;
        let target = self.staging.join(&relative);
        self.write_file(&target, |t| {
            let same = |old: &Path, len: u64| {
                len == bytes.len() as u64 && std::fs::read(old).is_ok_and(|b| b == bytes)
            };
            if self.keep_previous(&relative, t, same) {
                return Ok(());
            }
            let mut file = create_fresh(t)?;
            std::io::Write::write_all(&mut file, &bytes)?;
            self.note(&relative, &file.metadata()?);
            Ok(())
        })
    }

    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic> {
        let relative = safe_relative(path)?;
        let target = self.staging.join(&relative);
        // The file load read and checked, through no link: not another put in
        // its place since (`load::files::open_recorded`).
        let from = open_recorded(&file.disk, file.identity)
            .map_err(|err| changed_since_read(&origin, err))?;
        self.write_file(&target, |t| {
            let same = |old: &Path, len: u64| {
                file.size == len && same_contents(old, &from).unwrap_or(false)
            };
            if self.keep_previous(&relative, t, same) {
                return Ok(());
            }
            std::io::Seek::rewind(&mut &from)?;
            let mut file = create_fresh(t)?;
            std::io::copy(&mut &from, &mut file)?;
            self.note(&relative, &file.metadata()?);
            Ok(())
        })
    }

    /// Made without a cache: `LazyStaging` makes them through its own.
    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        for (path, bytes) in super::processed_image(picture, None, &origin)?.0 {
            self.put(&path, bytes, origin.clone())?;
        }
        Ok(())
    }

    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<crate::images::Variant>, Diagnostic> {
        super::widest_copy(picture, None, origin)
    }
}

/// A relative path as the output's entries name it: its parts joined by `/`.
fn slashed(relative: &Path) -> String {
    let parts: Vec<_> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

fn cannot_write(target: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(say::cannot_write(
        &target.display().to_string(),
        &err.to_string(),
    ))
}

/// The error for a file to copy that is not the one load read and checked: a
/// link or another file put in its place, or the file written to, since.
fn changed_since_read(origin: &Origin, err: std::io::Error) -> Diagnostic {
    let diagnostic = Diagnostic::error(say::changed_while_building(&origin.what, &err.to_string()))
        .with_hint(say::changed_while_building_hint());
    match &origin.file {
        Some(file) => diagnostic.in_file(file),
        None => diagnostic,
    }
}

/// A new, empty file at `target`. Whatever is there already is unlinked, never
/// written through: it may be a hard link to the previous output's file (see
/// `keep_previous`, when two outputs share a path), and writing into it would
/// change the previous output before the build has succeeded.
fn create_fresh(target: &Path) -> std::io::Result<File> {
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
        {
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                match std::fs::remove_file(target) {
                    Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
                    _ => continue,
                }
            }
            opened => return opened,
        }
    }
}

/// Whether the file at `a` holds the same bytes as the open file `b` (of the
/// same length), read a piece at a time (attachments can be large).
fn same_contents(a: &Path, mut b: &File) -> std::io::Result<bool> {
    use std::io::Read;
    let mut a = File::open(a)?;
    let (mut buf_a, mut buf_b) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = a.read(&mut buf_a)?;
        if n == 0 {
            return Ok(b.read(&mut buf_b[..1])? == 0);
        }
        b.read_exact(&mut buf_b[..n])?;
        if buf_a[..n] != buf_b[..n] {
            return Ok(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileIdentity;
    use crate::write::BuildLock;

    /// A copied file as load recorded it.
    fn recorded(disk: &Path, rel: &str) -> Asset {
        let metadata = std::fs::symlink_metadata(disk).unwrap();
        Asset {
            disk: disk.to_path_buf(),
            rel: rel.to_string(),
            size: metadata.len(),
            identity: Some(FileIdentity::of(&metadata)),
            image: None,
        }
    }

    #[test]
    fn the_entries_a_commit_returns_are_those_of_the_output_on_disk() {
        let site = tempfile::tempdir().unwrap();
        let attachment = site.path().join("plan.pdf");
        std::fs::write(&attachment, "the attachment").unwrap();
        let output = site.path().join("output");
        let _lock = BuildLock::acquire(&output).unwrap();
        let build = |changed: &str| {
            let staging = Staging::begin(&output).unwrap();
            let origin = || Origin::built(crate::messages::outputs::home_page());
            staging
                .put("index.html", b"home".to_vec(), origin())
                .unwrap();
            staging
                .put("notices/a/index.html", changed.into(), origin())
                .unwrap();
            staging
                .put("search/zh/p1/x.js", b"deep".to_vec(), origin())
                .unwrap();
            let asset = recorded(&attachment, "notices/a/plan.pdf");
            staging.copy(&asset.rel, &asset, origin()).unwrap();
            staging.commit().unwrap()
        };
        // A first build writes every file; the second keeps all but one of
        // them (hard links to the first's files), the mark included.
        for changed in ["first", "second"] {
            let entries = build(changed);
            assert_eq!(Some(entries), crate::write::output_files(&output));
        }
        assert_eq!(
            std::fs::read_to_string(output.join("notices/a/index.html")).unwrap(),
            "second"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_copied_file_is_published_only_while_it_is_the_one_load_read() {
        let site = tempfile::tempdir().unwrap();
        let secret = site.path().join("secret.txt");
        std::fs::write(&secret, "not for the site").unwrap();
        let (linked, written, kept) = (
            site.path().join("a.pdf"),
            site.path().join("b.pdf"),
            site.path().join("c.pdf"),
        );
        for file in [&linked, &written, &kept] {
            std::fs::write(file, "the attachment").unwrap();
        }
        let assets = [
            recorded(&linked, "x/a.pdf"),
            recorded(&written, "x/b.pdf"),
            recorded(&kept, "x/c.pdf"),
        ];
        // After load: a link put in place of one, another written to.
        std::fs::remove_file(&linked).unwrap();
        std::os::unix::fs::symlink(&secret, &linked).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&written, "the attachment, changed").unwrap();

        let output = site.path().join("output");
        let _lock = BuildLock::acquire(&output).unwrap();
        let staging = Staging::begin(&output).unwrap();
        let origin = |rel: &str| {
            Origin::from_file(
                crate::messages::outputs::the_file(),
                Path::new("content").join(rel),
                None,
                None,
            )
        };
        for asset in &assets[..2] {
            let error = staging
                .copy(&asset.rel, asset, origin(&asset.rel))
                .expect_err("a file that is not the one read is refused");
            assert_eq!(
                error.file.as_deref(),
                Some(Path::new("content").join(&asset.rel).as_path())
            );
            assert!(
                error
                    .message
                    .en()
                    .starts_with("the file is not published: "),
                "{error}"
            );
        }
        staging
            .copy("x/c.pdf", &assets[2], origin("x/c.pdf"))
            .unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("x/c.pdf")).unwrap(),
            "the attachment"
        );
        assert!(!output.join("x/a.pdf").exists());
        assert!(!output.join("x/b.pdf").exists());
    }
}
