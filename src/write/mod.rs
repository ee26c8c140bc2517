//! Write: the only code that touches the output folder. `build` hands its
//! outputs to a [`LazyStaging`] (sink.rs), which writes them into a staging
//! folder beside the output (staging.rs) and swaps it in when the whole build
//! succeeded, or, for an incremental build, to [`Pending`] (in_place.rs),
//! which writes them in place where their bytes changed; one build at a time
//! holds the output's lock (lock.rs); the output
//! folder itself is checked before anything is written, and marked as a
//! placard build (folder.rs); leftovers are removed through no link (remove.rs).

mod folder;
mod image_cache;
mod in_place;
mod lock;
mod remove;
mod sink;
mod staging;

pub(crate) use folder::MARK;
use folder::{check_output_dir, check_replaceable};
pub use image_cache::ImageCache;
pub(crate) use image_cache::{processed_image, widest_copy};
#[cfg(test)]
pub(crate) use in_place::output_files;
pub(crate) use in_place::{Pending, SUPPORTED as IN_PLACE, Stamp, output_holds, remove_in_place};
pub(crate) use lock::BuildLock;
pub(crate) use sink::LazyStaging;

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Takes `output` for a build of the site at `root`: refuses a folder whose
/// replacement would destroy something else, waits for no other build (one
/// holding its lock is an error), and refuses a folder of files no placard
/// build made unless `force`. The lock is held until the returned value drops.
pub(crate) fn take_output(
    root: &Path,
    output: &Path,
    force: bool,
) -> Result<BuildLock, Diagnostic> {
    check_output_dir(root, output)?;
    let lock = BuildLock::acquire(output)?;
    check_replaceable(output, force)?;
    Ok(lock)
}
