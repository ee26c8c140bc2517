//! Removing a folder and all it holds, never through a link, many entries at once.

use std::path::Path;

/// Removes a folder and all it holds, never following a link out of it (as
/// `std::fs::remove_dir_all`), with many entries in flight at once: where every
/// freed block waits for the disk (ext4 without a journal, mounted with
/// `discard`, as on some virtual machines), removing a large site's output one
/// entry after another takes minutes; sixteen at a time, seconds.
pub(super) fn remove_tree(path: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    if let Ok(pool) = rayon::ThreadPoolBuilder::new()
        .num_threads(REMOVING_AT_ONCE)
        .build()
    {
        return pool.install(|| by_handles::tree(path));
    }
    std::fs::remove_dir_all(path)
}

/// Removals in flight at once: they wait for the disk, not for a processor.
#[cfg(any(target_os = "linux", target_os = "macos"))]
const REMOVING_AT_ONCE: usize = 16;

/// `remove_tree` through folder handles: a folder swapped for a link while it
/// is being removed is removed as a link, and nothing it points to is touched.
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod by_handles {
    use std::ffi::CString;
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::Path;

    use rayon::prelude::*;
    use rustix::fs::{AtFlags, CWD, Dir, FileType, Mode, OFlags, openat, statat, unlinkat};
    use rustix::io::Errno;

    pub(super) fn tree(path: &Path) -> std::io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
