//! Reading one file as load does: without following a link put in its place,
//! not past a size limit, and again later (by `write` and `serve`) only while it
//! is still the file that was read and checked.

use crate::messages::load as say;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diagnostics::Diagnostic;

/// Which file a path led to, and which version of it: the same device and
/// inode (not another file put in its place), the same length, and the same
/// modification and change times (not written to since; the change time
/// cannot be set back by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileIdentity {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
    changed: (i64, i64),
}

impl FileIdentity {
    pub(crate) fn of(metadata: &Metadata) -> FileIdentity {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        #[cfg(unix)]
        let (device, inode, changed) = (
            metadata.dev(),
            metadata.ino(),
            (metadata.ctime(), metadata.ctime_nsec()),
        );
        #[cfg(not(unix))]
        let (device, inode, changed) = (0, 0, (0, 0));
        FileIdentity {
            device,
            inode,
            len: metadata.len(),
            modified: metadata.modified().ok(),
            changed,
        }
    }

    /// The file's length in bytes.
    pub(crate) fn size(&self) -> u64 {
        self.len
    }
}

/// Opens a file for reading without following a symbolic link in place of it
/// (one put there after the folder was walked).
pub(crate) fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

/// The file at `disk` opened again, if it is still the one `identity` recorded
/// (not a link put in its place, not another file, not written to since):
/// opened once, so that what is checked is what is read.
pub(crate) fn open_recorded(disk: &Path, identity: Option<FileIdentity>) -> std::io::Result<File> {
    let changed = || std::io::Error::other("it is not the file that was read and checked");
    let identity = identity.ok_or_else(changed)?;
    let file = open_no_follow(disk)?;
    if FileIdentity::of(&file.metadata()?) == identity {
        Ok(file)
    } else {
        Err(changed())
    }
}

/// The hash by which the build cache knows a file's bytes (SHA-256, in
/// lower-case hexadecimal): computed by load as it reads a file, and checked
/// by it when it reads later a file it left unread (`content::Unread`).
pub(crate) fn hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::hashing::hex(&sha2::Sha256::digest(bytes))
}

pub(crate) fn relative_to(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// The file's bytes, refused before they are all in memory if there are more
/// than `limit` (a runaway file is an error, not an out-of-memory kill).
pub(crate) fn read_limited(disk: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let file = File::open(disk)
        .map_err(|err| Diagnostic::error(say::cannot_read_file(&err.to_string())))?;
    read_limited_from(file, limit)
}

pub(crate) fn read_limited_from(file: File, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let too_big = |size: String| {
        Diagnostic::error(say::too_large(&size, limit)).with_hint(say::too_large_hint())
    };
    let cannot = |err: std::io::Error| Diagnostic::error(say::cannot_read_file(&err.to_string()));
    let size = file.metadata().map_err(cannot)?.len();
    if size > limit {
        return Err(too_big(size.to_string()));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(format!("at least {}", bytes.len())));
    }
    Ok(bytes)
}
