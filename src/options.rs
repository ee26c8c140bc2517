//! What `build` and `check` are asked to do, and what a build reports.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::outputs::search::SearchBudget;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    /// Output folder; `<root>/output` when None.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of placard.yaml.
    pub base_url: Option<String>,
    /// Publishes pages marked `draft: true`.
    pub drafts: bool,
    /// Convert content files in GBK/Big5/UTF-16 to UTF-8 in place, keeping a
    /// `.bak` copy (`build` only; `check` never writes).
    pub transcode: bool,
    /// Replace an output folder that holds files but no mark of a placard
    /// build (`write::MARK`): an output made by an earlier placard.
    pub force: bool,
    /// Leave the search index out (the search page is still made, and finds
    /// nothing): what indexing adds to a build is measured with it
    /// (`benches/search.rs`). Not a command-line option.
    pub without_search_index: bool,
    /// `check --strict`: the findings of the website inspection (stale or
    /// empty columns, a stale home page, interpretations not linked) are
    /// errors, not warnings.
    pub strict: bool,
    /// Builds everything, whatever the build cache (`.placard-cache/`) says;
    /// the cache is written again afterwards.
    pub no_cache: bool,
}

impl BuildOptions {
    /// The output folder: `output`, else `<root>/output`.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// What a successful build made.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages per language, in the configured order.
    pub pages: Vec<(String, usize)>,
    /// Files written into the output folder.
    pub files: usize,
    /// Files whose bytes were those already in the output: kept as they were,
    /// modification time included.
    pub unchanged: usize,
    /// The bytes of all the files.
    pub bytes: u64,
    /// The output folder.
    pub output: PathBuf,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// The size of each language's search index, in the configured order.
    pub search: Vec<SearchBudget>,
    /// What the build cache let the build skip.
    pub incremental: Incremental,
}

/// What a build made again, given the build cache (`.placard-cache/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incremental {
    /// Everything, for this reason (no cache yet, `--no-cache`, a template
    /// changed…).
    Full(Option<Text>),
    /// Nothing: no source file changed since the last build, and the output
    /// folder is as it left it.
    Unchanged,
    /// Only the outputs that show these edited pages.
    Pages {
        /// The edited pages.
        pages: usize,
        /// The outputs made again.
        outputs: usize,
        /// Those whose bytes changed, written into the output folder.
        written: usize,
    },
}
