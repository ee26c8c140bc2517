//! Write: the only code that touches the output folder. `build` hands its
//! outputs to a [`LazyStaging`] (sink.rs), which writes them into a staging
//! folder beside the output (staging.rs) and swaps it in when the whole build
//! succeeded; one build at a time holds the output's lock (lock.rs); the output
//! folder itself is checked before anything is written, and marked as a
//! placard build (folder.rs); leftovers are removed through no link (remove.rs).

mod folder;
mod lock;
mod remove;
mod sink;
mod staging;

pub(crate) use folder::{MARK, check_output_dir, check_replaceable};
pub(crate) use lock::BuildLock;
pub(crate) use sink::LazyStaging;
