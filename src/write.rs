//! Writing the output: everything goes into a staging folder beside the output
//! folder, which is swapped in only when the whole build succeeded (one atomic
//! exchange where the system has it). Every path is checked to stay inside the
//! output folder, and one build at a time holds the output's lock. A file whose
//! bytes are those of the output being replaced is hard-linked from it rather
//! than written again, so it keeps its modification time.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Asset;
use crate::load::files::open_recorded;
use crate::outputs::{Origin, Sink};
use crate::paths::safe_relative;

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
    let cannot = |at: &Path, err: std::io::Error| {
        Diagnostic::error(format!("cannot write {}: {err}", at.display())).in_file(at)
    };
    let (mut dir, mut shown_dir) = (base.to_path_buf(), shown.to_path_buf());
    for part in rel.parent().into_iter().flat_map(Path::components) {
        dir.push(part);
        shown_dir.push(part);
        match dir.symlink_metadata() {
            Ok(meta) if meta.is_symlink() => return Err(link_in_the_way(&shown_dir)),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(file_in_the_way(&shown_dir, &shown.join(rel))),
            // A folder of our own, or an error if anything appeared there meanwhile.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&dir).map_err(|err| cannot(&shown_dir, err))?
            }
            Err(err) => return Err(cannot(&shown_dir, err)),
        }
    }
    let shown_file = shown.join(rel);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(base.join(rel))
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => already_exists(&shown_file),
            _ => cannot(&shown_file, err),
        })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|err| cannot(&shown_file, err))
}

/// The error for a link where `init` or `new` would make or use a folder.
fn link_in_the_way(path: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is a symbolic link: placard never writes through a link, which may lead \
         anywhere",
        path.display()
    ))
    .in_file(path)
    .with_hint("make it a real folder, or write the file where the link leads yourself")
}

/// The error for a file where `init` or `new` needs a folder to write `file` in.
fn file_in_the_way(path: &Path, file: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is a file, where a folder is needed for {}",
        path.display(),
        file.display()
    ))
    .in_file(path)
    .with_hint("move the file away, or choose another name")
}

/// The error for a file (or link) already where `init` or `new` would write one.
pub(crate) fn already_exists(path: &Path) -> Diagnostic {
    Diagnostic::error(format!("{} already exists", path.display()))
        .in_file(path)
        .with_hint("placard never overwrites a file; choose another name or edit that file")
}

/// Refuses output folders whose replacement would destroy something else:
/// `/`, the site root, `content/`, any folder that contains the site, a link
/// (whose target would be replaced), or a file (which would be moved away).
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
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
pub const MARK: &str = ".placard-build";

/// What the mark holds: the same bytes from build to build (and version to
/// version), so it keeps its modification time as any unchanged file does.
/// The first line is what `has_mark` looks for.
const MARK_TEXT: &str = "placard build output\n\
    This folder is made by `placard build`, which replaces all of it on every build:\n\
    a file put here by hand is deleted by the next build.\n";

/// Refuses to replace an output folder that holds files but no mark of a
/// placard build (a home folder named by mistake), unless `force`. Call with
/// the output's `BuildLock` held, after which the output is the one to replace.
pub fn check_replaceable(output: &Path, force: bool) -> Result<(), Diagnostic> {
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
fn not_placards_own(path: &Path, what: &str, link: bool) -> Diagnostic {
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
fn absolute(path: &Path) -> PathBuf {
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

/// The lock of one output folder, held for a whole build: `.<output>.placard-lock`
/// beside it, locked by the operating system (which releases the lock when the
/// process ends, however it ends, so a killed build never blocks the next one)
/// and holding the builder's process id for the message a second build shows.
pub struct BuildLock {
    path: PathBuf,
    _file: File,
}

impl BuildLock {
    /// Takes the lock, or refuses at once if another build holds it.
    pub fn acquire(output: &Path) -> Result<BuildLock, Diagnostic> {
        use std::io::{Read, Seek, Write};
        let output = absolute(output);
        let path = sibling(&output, "lock");
        let fail = |err: std::io::Error| {
            Diagnostic::error(format!("cannot lock {}: {err}", path.display()))
                .with_hint("the folder that holds the output folder must be writable")
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
                    let holder = match holder.trim() {
                        "" => String::new(),
                        pid => format!(" (process {pid})"),
                    };
                    return Err(Diagnostic::error(format!(
                        "another placard build{holder} is writing {} right now",
                        output.display()
                    ))
                    .with_hint("wait for it to finish, then build again"));
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
            Diagnostic::error(format!(
                "cannot restore the previous output from {}: {err}",
                old.display()
            ))
        })?;
    }
    remove_leftover(&sibling(output, "staging"), STAGING)?;
    remove_leftover(&old, SET_ASIDE)
}

/// What placard keeps at `.<output>.placard-lock`, `-staging` and `-old`, as
/// messages name them.
const LOCK: &str = "the lock of its output";
const STAGING: &str = "the staging folder of a build";
const SET_ASIDE: &str = "the previous output while it swaps in a new one";

/// True when there is a real folder at `path` (a leftover of placard's own,
/// which it may move or remove), false when there is nothing; an error when
/// there is a link or a file, which placard did not make and leaves alone.
fn leftover(path: &Path, what: &str) -> Result<bool, Diagnostic> {
    match path.symlink_metadata() {
        Err(_) => Ok(false),
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(meta) => Err(not_placards_own(path, what, meta.is_symlink())),
    }
}

/// Files written into `.<output>.placard-staging`, swapped in by `commit`.
pub struct Staging {
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
}

impl Staging {
    /// Starts a fresh staging folder beside `output`. Call with the output's
    /// `BuildLock` held (which has cleaned up after a killed build).
    pub fn begin(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let staging = sibling(&output, "staging");
        remove_leftover(&staging, STAGING)?;
        // A new folder, or an error: never one that appeared meanwhile.
        std::fs::create_dir(&staging).map_err(|err| {
            Diagnostic::error(format!(
                "cannot create staging folder {}: {err}",
                staging.display()
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
        if self.link_previous(Path::new(MARK), &target, same) {
            return Ok(());
        }
        create_fresh(&target)
            .and_then(|mut file| std::io::Write::write_all(&mut file, bytes))
            .map_err(|err| Diagnostic::error(format!("cannot write {}: {err}", target.display())))
    }

    /// How many files were kept from the previous output, unchanged.
    pub fn unchanged(&self) -> usize {
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
                    Diagnostic::error(format!("cannot create folder {}: {err}", parent.display()))
                })?;
                self.folders
                    .lock()
                    .expect("folders")
                    .insert(parent.to_path_buf());
            }
        }
        write(target)
            .map_err(|err| Diagnostic::error(format!("cannot write {}: {err}", target.display())))
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
        let kept = self.link_previous(relative, target, same);
        if kept {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// `keep_previous` without counting the file (the mark is not one of the site's).
    fn link_previous(
        &self,
        relative: &Path,
        target: &Path,
        same: impl FnOnce(&Path, u64) -> bool,
    ) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(relative);
        old.symlink_metadata()
            .is_ok_and(|meta| meta.is_file() && same(&old, meta.len()))
            && std::fs::hard_link(&old, target).is_ok()
    }

    /// Swaps the staged build in. Where the system can exchange two folders in
    /// one step (Linux, macOS) there is no moment without a complete output;
    /// elsewhere output → old, staging → output, and the next `BuildLock::acquire`
    /// repairs a build killed between the two renames.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let fail = |what: &str, err: std::io::Error| Diagnostic::error(format!("{what}: {err}"));
        if self.output.symlink_metadata().is_ok() && exchange(&self.staging, &self.output).is_ok() {
            // The staging folder now holds the previous output.
            let _ = remove_tree(&self.staging);
            return Ok(());
        }
        let old = sibling(&self.output, "old");
        remove_leftover(&old, SET_ASIDE)?;
        if self.output.symlink_metadata().is_ok() {
            std::fs::rename(&self.output, &old)
                .map_err(|e| fail("cannot move the old output aside", e))?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.output) {
            // Put the old output back so nothing is lost.
            let _ = std::fs::rename(&old, &self.output);
            return Err(fail("cannot move the new output into place", err));
        }
        let _ = remove_tree(&old);
        Ok(())
    }

    /// Removes the staging folder; the old output stays as it was.
    pub fn abort(self) {
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

/// `<parent>/.<name>.placard-<what>`: hidden, beside the output, on the same file system.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.placard-{what}"))
}

/// Removes placard's own leftover folder at `path`, if there is one (see `leftover`).
fn remove_leftover(path: &Path, what: &str) -> Result<(), Diagnostic> {
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

/// Removes a folder and all it holds, never following a link out of it (as
/// `std::fs::remove_dir_all`), with many entries in flight at once: where every
/// freed block waits for the disk (ext4 without a journal, mounted with
/// `discard`, as on some virtual machines), removing a large site's output one
/// entry after another takes minutes; sixteen at a time, seconds.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    if let Ok(pool) = rayon::ThreadPoolBuilder::new()
        .num_threads(REMOVING_AT_ONCE)
        .build()
    {
        return pool.install(|| remove::tree(path));
    }
    std::fs::remove_dir_all(path)
}

/// Removals in flight at once: they wait for the disk, not for a processor.
#[cfg(any(target_os = "linux", target_os = "macos"))]
const REMOVING_AT_ONCE: usize = 16;

/// `remove_tree` through folder handles: a folder swapped for a link while it
/// is being removed is removed as a link, and nothing it points to is touched.
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod remove {
    use std::ffi::CString;
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::Path;

    use rayon::prelude::*;
    use rustix::fs::{AtFlags, CWD, Dir, FileType, Mode, OFlags, openat, statat, unlinkat};
    use rustix::io::Errno;

    pub fn tree(path: &Path) -> std::io::Result<()> {
        let dir = open_folder(CWD, path)?;
        contents(&dir)?;
        std::fs::remove_dir(path)
    }

    fn open_folder(at: impl AsFd, name: impl rustix::path::Arg) -> rustix::io::Result<OwnedFd> {
        openat(
            at,
            name,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
    }

    /// Removes everything in the folder `dir`, its entries in parallel.
    fn contents(dir: &OwnedFd) -> std::io::Result<()> {
        let mut entries: Vec<(CString, FileType)> = Vec::new();
        for entry in Dir::read_from(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if name != c"." && name != c".." {
                entries.push((name.to_owned(), entry.file_type()));
            }
        }
        entries.par_iter().try_for_each(|(name, kind)| {
            let name = name.as_c_str();
            let kind = match kind {
                FileType::Unknown => {
                    FileType::from_raw_mode(statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode)
                }
                known => *known,
            };
            if kind == FileType::Directory {
                match open_folder(dir, name) {
                    Ok(sub) => {
                        contents(&sub)?;
                        return Ok(unlinkat(dir, name, AtFlags::REMOVEDIR)?);
                    }
                    // Swapped for a link or a file since it was listed: remove that.
                    Err(Errno::NOTDIR | Errno::LOOP) => {}
                    Err(err) => return Err(err.into()),
                }
            }
            Ok(unlinkat(dir, name, AtFlags::empty())?)
        })
    }
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
            std::io::Write::write_all(&mut create_fresh(t)?, &bytes)
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
            std::io::copy(&mut &from, &mut create_fresh(t)?).map(|_| ())
        })
    }
}

/// The outputs of a build: into a staging folder, made when the first output
/// arrives, as long as the build has no errors; nowhere once it has one. The
/// outputs are still made after an error, so that their own errors (two at one
/// path, a template that fails) are found in the same run; but a build whose
/// errors came before its first output leaves no trace beside the output
/// folder, and `abort` removes the staging folder of one whose errors came later.
pub struct LazyStaging<'a> {
    output: PathBuf,
    diagnostics: &'a Diagnostics,
    /// None once `Staging::begin` failed (its error is in `diagnostics`).
    staging: OnceLock<Option<Staging>>,
    /// The files handed over, and their bytes: what the build reports.
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl<'a> LazyStaging<'a> {
    /// Call with the output's `BuildLock` held, as for `Staging::begin`.
    pub fn new(output: &Path, diagnostics: &'a Diagnostics) -> LazyStaging<'a> {
        LazyStaging {
            output: output.to_path_buf(),
            diagnostics,
            staging: OnceLock::new(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// How many files were handed over, and their bytes.
    pub fn written(&self) -> (usize, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// The staging folder, begun if need be; None after any error.
    fn staging(&self) -> Option<&Staging> {
        if self.diagnostics.has_errors() {
            return None;
        }
        self.staging
            .get_or_init(|| {
                Staging::begin(&self.output)
                    .map_err(|err| self.diagnostics.push(err))
                    .ok()
            })
            .as_ref()
    }

    /// How many files were kept from the previous output, unchanged.
    pub fn unchanged(&self) -> usize {
        self.staging
            .get()
            .and_then(Option::as_ref)
            .map_or(0, Staging::unchanged)
    }

    /// Swaps the staged outputs in (an empty output if there were none). Call
    /// only when the build has no errors.
    pub fn commit(self) -> Result<(), Diagnostic> {
        match self.staging.into_inner().flatten() {
            Some(staging) => staging.commit(),
            None => Staging::begin(&self.output)?.commit(),
        }
    }

    /// Removes whatever was staged; the old output stays as it was.
    pub fn abort(self) {
        if let Some(staging) = self.staging.into_inner().flatten() {
            staging.abort();
        }
    }
}

impl Sink for LazyStaging<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        match self.staging() {
            Some(staging) => staging.put(path, bytes, origin),
            None => safe_relative(path).map(drop),
        }
    }

    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.size, Ordering::Relaxed);
        match self.staging() {
            Some(staging) => staging.copy(path, file, origin),
            None => safe_relative(path).map(drop),
        }
    }
}

/// The error for a file to copy that is not the one load read and checked: a
/// link or another file put in its place, or the file written to, since.
fn changed_since_read(origin: &Origin, err: std::io::Error) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("{} is not published: {err}", origin.what))
        .with_hint(
            "it changed while the site was being built; build again once nothing writes into \
             the site's folders",
        );
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

    /// A copied file as load recorded it.
    fn recorded(disk: &Path, rel: &str) -> Asset {
        let metadata = std::fs::symlink_metadata(disk).unwrap();
        Asset {
            disk: disk.to_path_buf(),
            rel: rel.to_string(),
            size: metadata.len(),
            identity: Some(FileIdentity::of(&metadata)),
        }
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
        let origin =
            |rel: &str| Origin::from_file("the file", Path::new("content").join(rel), None, "");
        for asset in &assets[..2] {
            let error = staging
                .copy(&asset.rel, asset, origin(&asset.rel))
                .expect_err("a file that is not the one read is refused");
            assert_eq!(
                error.file.as_deref(),
                Some(Path::new("content").join(&asset.rel).as_path())
            );
            assert!(
                error.message.starts_with("the file is not published: "),
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

    #[cfg(unix)]
    #[test]
    fn removing_an_output_leaves_what_its_links_point_to() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep.txt"), "keep").unwrap();
        let site = tempfile::tempdir().unwrap();
        let output = site.path().join("output");
        std::fs::create_dir_all(output.join("notices/x/deep")).unwrap();
        std::fs::write(output.join("notices/x/index.html"), "page").unwrap();
        std::os::unix::fs::symlink(outside.path(), output.join("notices/linked-folder")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("keep.txt"), output.join("linked-file"))
            .unwrap();
        remove_tree(&output).unwrap();
        assert!(output.symlink_metadata().is_err());
        assert_eq!(
            std::fs::read_to_string(outside.path().join("keep.txt")).unwrap(),
            "keep"
        );
    }
}
