//! The site's source files as the build cache sees them: every file load may
//! read (placard.yaml, and what is under `content/`, `themes/`, `templates/`
//! and `static/`, hidden files left out where load leaves them out), each with
//! the hash of its bytes. A file whose length, times and inode are those the
//! last build recorded keeps the hash recorded then, unless it was changed so
//! close to that build's start that its times cannot tell (as git's "racily
//! clean" files); every other file is read and hashed again. Without such a
//! build (the build will be a full one), the pages' Markdown files are not
//! read here: load reads them anyway, and the hash of the bytes it read is
//! theirs (`Cache::known`, then `settle`), so that each is read once, and the
//! hash recorded is that of what the build used.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, SOURCE_FOLDERS, is_hidden};

/// A source file: what the system says of it, and the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Input {
    stamp: InputStamp,
    pub hash: String,
}

/// Length, modification and change times, inode: changing a file's bytes
/// changes its change time, which cannot be set back by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct InputStamp {
    len: u64,
    modified: (i64, u32),
    changed: (i64, u32),
    inode: u64,
    /// A link (its target is hashed) rather than a file.
    link: bool,
}

super::codec::coded!(Input { stamp, hash });
super::codec::coded!(InputStamp {
    len,
    modified,
    changed,
    inode,
    link
});

/// Path relative to the site root (`content/notices/a.md`) → the file.
pub(super) type Inputs = BTreeMap<String, Input>;

/// The hash of a file not hashed yet: one load reads (`read`, `settle`).
const PENDING: &str = "";

impl Input {
    /// Whether the file's hash is still to come from load's read of it.
    pub(super) fn is_pending(&self) -> bool {
        self.hash == PENDING
    }
}

/// The site's source files now, reusing `previous` hashes where the file is
/// the one they were made from and was not changed within a second of
/// `previous_start` (seconds since 1970). Without `previous`, the hashes of
/// the Markdown files of `content/` are left pending (`settle`).
pub(super) fn read(root: &Path, previous: Option<(&Inputs, i64)>) -> Inputs {
    // Each file asked for its times and inode in parallel, below.
    let mut found: Vec<(String, std::path::PathBuf)> = Vec::new();
    if root.join(CONFIG_FILE).symlink_metadata().is_ok() {
        found.push((CONFIG_FILE.to_string(), root.join(CONFIG_FILE)));
    }
    for folder in SOURCE_FOLDERS {
        // Load leaves hidden files out of content/ and static/, not out of a
        // theme or templates/.
        let skips_hidden = folder == CONTENT_DIR || folder == "static";
        let walker = walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !(skips_hidden && is_hidden(e.file_name())));
        for entry in walker.filter_map(Result::ok) {
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            found.push((rel, entry.into_path()));
        }
    }
    found
        .into_par_iter()
        .filter_map(|(rel, disk)| {
            // Of the entry itself, a link not followed (as walked).
            let metadata = disk.symlink_metadata().ok()?;
            Some((rel, disk, metadata))
        })
        .map(|(rel, disk, metadata)| {
            let stamp = InputStamp::of(&metadata);
            let known = previous.and_then(|(inputs, start)| {
                inputs
                    .get(&rel)
                    .filter(|old| old.stamp == stamp && stamp.changed.0 < start - 1)
            });
            let read_by_load = previous.is_none() && !stamp.link && is_markdown(&rel);
            let hash = match known {
                Some(old) => old.hash.clone(),
                None if read_by_load => PENDING.to_string(),
                None => hash_of(&disk, stamp.link),
            };
            (rel, Input { stamp, hash })
        })
        .collect()
}

/// Whether a source file (its path from the site root) is a Markdown file of
/// `content/`, which load reads.
pub(super) fn is_markdown(rel: &str) -> bool {
    rel.strip_prefix(CONTENT_DIR)
        .is_some_and(|rest| rest.starts_with('/') && rest.ends_with(".md"))
}

/// Gives each pending file of `inputs` (`read`) its hash: the hash of the
/// bytes load read of it, from `read_by_load` (path from the site root →
/// hash), or else (a file load did not read: too deep, of no language, not
/// readable) read and hashed here as any other file is.
pub(super) fn settle(
    root: &Path,
    inputs: &mut Inputs,
    read_by_load: &std::collections::HashMap<String, String>,
) {
    let pending: Vec<(&String, &mut Input)> = inputs
        .iter_mut()
        .filter(|(_, input)| input.is_pending())
        .collect();
    pending.into_par_iter().for_each(|(rel, input)| {
        input.hash = match read_by_load.get(rel.as_str()) {
            Some(hash) => hash.clone(),
            None => hash_of(&root.join(rel), input.stamp.link),
        };
    });
}

/// The hash of a file's bytes, of a link's target, or `unreadable`.
fn hash_of(disk: &Path, link: bool) -> String {
    let bytes = if link {
        std::fs::read_link(disk).map(|target| target.to_string_lossy().as_bytes().to_vec())
    } else {
        crate::load::files::open_no_follow(disk).and_then(|mut file| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
        })
    };
    match bytes {
        Ok(bytes) => crate::load::files::hash(&bytes),
        Err(_) => "unreadable".to_string(),
    }
}

impl InputStamp {
    fn of(metadata: &std::fs::Metadata) -> InputStamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        #[cfg(unix)]
        let (modified, changed, inode) = (
            (metadata.mtime(), metadata.mtime_nsec() as u32),
            (metadata.ctime(), metadata.ctime_nsec() as u32),
            metadata.ino(),
        );
        #[cfg(not(unix))]
        let (modified, changed, inode) = {
            let modified = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()));
            (modified, modified, 0)
        };
        InputStamp {
            len: metadata.len(),
            modified,
            changed,
            inode,
            link: metadata.file_type().is_symlink(),
        }
    }
}

#[cfg(test)]
impl Input {
    /// A file whose bytes have this hash (its stamp says nothing).
    pub(super) fn with_hash(hash: &str) -> Input {
        Input {
            stamp: InputStamp {
                len: 0,
                modified: (0, 0),
                changed: (0, 0),
                inode: 0,
                link: false,
            },
            hash: hash.to_string(),
        }
    }
}
