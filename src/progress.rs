//! What a build reports while it runs, for a progress bar: the stage it is in
//! and, where the amount of work is known, how much of it is done. The library
//! draws nothing; the command line shows a bar on a terminal (src/main.rs).

use crate::messages::Text;

/// Receives a build's progress; called from many threads at once.
pub trait Progress: Sync {
    /// A stage begins: `what` it does (in both languages: the one who shows
    /// it chooses), and how many units of work it has (0 when unknown).
    fn stage(&self, what: &Text, total: u64);
    /// `done` more units of the current stage are finished.
    fn advance(&self, done: u64);
}

/// Progress nobody watches.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &Text, _: u64) {}
    fn advance(&self, _: u64) {}
}
