//! The watch of `serve`: placard.yaml (through the site folder) and each of
//! the site's source folders, told to the rebuild thread in batches once an
//! editor has finished saving; a folder deleted and made again is watched anew.

use crate::messages::serve as say;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::diagnostics::Diagnostic;
use crate::load::SOURCE_FOLDERS;

/// How long the watcher waits for an editor to finish saving before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The watch of one site's files.
pub(super) struct Watcher {
    /// The site folder, absolute.
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// Each watched folder, and which folder it was when the watch was set.
    watched: Vec<(PathBuf, Option<FolderId>)>,
    report: fn(&[Diagnostic]),
}

impl Watcher {
    /// A watcher of the site at `root` (absolute), and where the paths that
    /// changed arrive, a batch at a time. Nothing is watched until `watch`.
    pub(super) fn start(
        root: PathBuf,
        report: fn(&[Diagnostic]),
    ) -> Result<(Watcher, mpsc::Receiver<Vec<PathBuf>>), Diagnostic> {
        let (changes, changed) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| changes_content(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = changes.send(paths);
                }
            }
        })
        .map_err(|e| super::cannot_start(crate::messages::serve::Part::Watcher, &e))?;
        let watcher = Watcher {
            root,
            debouncer,
            watched: Vec::new(),
            report,
        };
        Ok((watcher, changed))
    }

    /// Watches placard.yaml (through the site folder) and every watched folder that exists.
    pub(super) fn watch(&mut self) {
        let root = self.root.clone();
        let mut wanted = vec![(root.clone(), RecursiveMode::NonRecursive)];
        for dir in SOURCE_FOLDERS {
            let path = root.join(dir);
            if path.is_dir() {
                wanted.push((path, RecursiveMode::Recursive));
            }
        }
        for (path, mode) in wanted {
            if self.watched.iter().any(|(watched, _)| *watched == path) {
                continue;
            }
            match self.debouncer.watch(&path, mode) {
                Ok(()) => {
                    let id = folder_id(&path);
                    self.watched.push((path, id));
                }
                Err(err) => (self.report)(&[Diagnostic::warning(say::cannot_watch(
                    &path.display().to_string(),
                    &err.to_string(),
                ))
                .with_hint(say::cannot_watch_hint())]),
            }
        }
    }

    /// The system watches a folder, not its name: once a watched folder is
    /// deleted (and made again, as `git checkout` does), its watch is gone.
    /// Such a folder is watched anew when it is back. It is known by an event
    /// naming the folder itself, or by another inode where the folder was.
    pub(super) fn rewatch(&mut self, paths: &BTreeSet<PathBuf>) {
        let lost: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(path, id)| paths.contains(path) || folder_id(path) != *id)
            .map(|(path, _)| path.clone())
            .collect();
        for path in lost {
            // The system may have dropped the watch already.
            let _ = self.debouncer.unwatch(&path);
            self.watched.retain(|(watched, _)| *watched != path);
        }
        self.watch();
    }
}

/// Writes, creations, removals and renames; not the reads of a rebuild
/// (which would otherwise start the next one).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// A folder's device and inode: which folder a path leads to.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|_| (0, 0))
    }
}
