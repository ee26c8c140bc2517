//! The build cache: what the last successful `build` read and wrote, kept in
//! `.placard-cache/` in the site folder (beside `output/`, never inside it), so
//! that the next build does only what changed:
//!
//! - nothing, when no source file changed (by the hash of its bytes) and the
//!   output folder is as that build left it;
//! - the outputs that show the edited pages (`outputs::Scope::edited`: the
//!   pages, their translations, the lists, feeds and home page that show them,
//!   the sitemap, their tag pages and their language's search index), written
//!   in place, when only pages' Markdown files changed and the site's structure
//!   (which pages, where, in which lists, tags and translations: `structure.rs`)
//!   is the same;
//! - everything otherwise: a new file, a removed one, a template, the theme,
//!   `static/`, placard.yaml, another placard binary, other options, another
//!   day (notices expire), or an output folder changed by hand.
//!
//! Either way the output holds the bytes a clean build would make. The cache is
//! one file, checked by its own hash: a damaged one, or one made for another
//! site folder, is noted and ignored, never trusted. `--no-cache` ignores it.

mod codec;
mod front_matter;
mod inputs;
mod markdown;
mod structure;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::messages::{Text, cache as say};
use crate::model::Site;
use crate::outputs::search::{IndexState, SavedState, SearchStates};
use crate::outputs::{Scope, Sink};
use crate::progress::Progress;
use crate::render::Theme;
use crate::write::{self, Stamp};
use crate::{BuildOptions, BuildReport, Incremental, SearchBudget};
use codec::Code;
use inputs::Inputs;

/// The cache's folder in the site root.
pub(crate) const CACHE_DIR: &str = ".placard-cache";
/// The one file of the cache, in `CACHE_DIR`.
const STATE_FILE: &str = "build.bin";
/// The first line of the cache file, followed by the hash of the rest (in
/// the compact form of `codec.rs`: JSON took a tenth of a second to read).
const FORMAT: &str = "placard build cache 2";

/// The cache as this build found it, and the site's sources now.
pub(crate) struct Cache {
    /// The cache folder; None when the output folder would hold it (or it
    /// would hold the output): then no cache is kept.
    dir: Option<PathBuf>,
    /// What every output depends on besides the sources: placard's version
    /// and binary, the options, the site and output folders, today's date.
    key: String,
    /// When this build began (seconds since 1970).
    started: i64,
    inputs: Inputs,
    /// The last build's state, when it can be trusted and its key is ours.
    previous: Option<State>,
    /// Why everything is built again, when it is.
    why: Option<Text>,
    /// The site's structure, once worked out.
    structure: Option<String>,
    /// What this build's pages' Markdown gave, to be saved with its state.
    markdown: Option<markdown::Made>,
    /// The front matter the last build saved, and this build's: read when the
    /// site is loaded (a build that finds nothing changed does not read it).
    front_matters: std::sync::OnceLock<front_matter::FrontMatters>,
    /// Whether the saved front matter may be recalled (not with `--transcode`,
    /// which rewrites the files it reads).
    recall: bool,
    /// The site's configuration, to tell an edited file's language before the
    /// site is loaded (None when placard.yaml cannot be read).
    config: Option<Config>,
    /// The search states of the edited files' languages, read while the site
    /// is loaded (`prefetch`): an edited build needs them, and reading them is
    /// a tenth of its time.
    prefetched: Option<std::thread::JoinHandle<Vec<ReadState>>>,
    /// The comparison of the output folder with the entries the last build
    /// left there, running while an edited build loads the site
    /// (`compare_output_meanwhile`); it gives back those entries and whether
    /// the folder holds them.
    comparing: Option<std::thread::JoinHandle<(BTreeMap<String, Stamp>, bool)>>,
    /// Whether load may leave unread the pages' files that did not change
    /// (`load::Known`): when only some pages changed, and their front
    /// matter is recalled.
    leave_unread: bool,
    /// The hashes of the bytes load read of the files whose hash `inputs`
    /// left pending (path from the site root → hash), until `settle`.
    read_by_load: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// A language's search state as read from the cache, and the checksum of the
/// base it was read from (which its edits are saved over).
struct ReadState {
    state: IndexState,
    base: String,
}

/// What the last successful build read and wrote.
struct State {
    key: String,
    /// The site folder it was made for.
    site: PathBuf,
    started: i64,
    inputs: Inputs,
    structure: String,
    /// Every entry of the output folder as the build left it.
    outputs: BTreeMap<String, Stamp>,
    report: SavedReport,
    /// Each language's search state (what an edit needs to update the index
    /// in place), by the checksum of the bytes of its edits file
    /// (`search-<lang>.edits`), which names its base (`search-<lang>.bin`)
    /// by the checksum of its bytes.
    search: BTreeMap<String, String>,
    /// The checksum of the bytes of the front matter file
    /// (`front_matter::FILE`), if there is one.
    front_matter: Option<String>,
}

codec::coded!(State {
    key,
    site,
    started,
    inputs,
    structure,
    outputs,
    report,
    search,
    front_matter,
});
codec::coded!(SavedReport {
    pages,
    search,
    warnings
});
codec::coded!(SavedWarning {
    file,
    line,
    column,
    message,
    hint
});

impl codec::Code for Stamp {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Stamp::Folder => codec::put_num(out, 0),
            Stamp::File {
                len,
                modified,
                inode,
            } => {
                codec::put_num(out, 1);
                len.put(out);
                modified.put(out);
                inode.put(out);
            }
            Stamp::Other => codec::put_num(out, 2),
        }
    }
    fn take(r: &mut codec::Reader<'_>) -> Option<Self> {
        use codec::Code;
        Some(match r.num()? {
            0 => Stamp::Folder,
            1 => Stamp::File {
                len: Code::take(r)?,
                modified: Code::take(r)?,
                inode: Code::take(r)?,
            },
            2 => Stamp::Other,
            _ => return None,
        })
    }
}

/// What a build reported, to report it again when nothing changed.
struct SavedReport {
    pages: Vec<(String, usize)>,
    search: Vec<(String, usize, usize)>,
    warnings: Vec<SavedWarning>,
}

struct SavedWarning {
    file: Option<PathBuf>,
    line: Option<usize>,
    column: Option<usize>,
    message: Text,
    hint: Option<Text>,
}

/// What this build needs to do.
pub(crate) enum Plan {
    /// Nothing: the output is what a build would make.
    Nothing,
    /// Only these pages' Markdown changed (paths relative to `content/`).
    Pages(BTreeSet<String>),
    /// Everything.
    Everything,
}

impl Cache {
    /// Reads the cache of the site at `options.root` (none with `--no-cache`)
    /// and the site's sources; a damaged or foreign cache is noted in
    /// `diagnostics` and ignored.
    pub(crate) fn open(options: &BuildOptions, output: &Path, diagnostics: &Diagnostics) -> Cache {
        let started = now();
        let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
        let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        let dir = Some(root.join(CACHE_DIR))
            .filter(|dir| !dir.starts_with(&output) && !output.starts_with(dir));
        let config = crate::load::config(&root).ok();
        let key = key(options, &root, &output, config.as_ref());
        let mut why = None;
        let previous = match &dir {
            _ if options.no_cache => {
                why = Some(say::why_no_cache_option());
                None
            }
            None => {
                why = Some(say::why_no_cache_folder());
                None
            }
            Some(dir) => match read_state(dir) {
                Read::Missing => {
                    why = Some(say::why_no_cache_yet());
                    None
                }
                Read::Damaged(what) => {
                    diagnostics.push(damaged_cache(&what));
                    why = Some(say::why_no_cache_yet());
                    None
                }
                Read::State(state) if state.site != root => {
                    diagnostics.push(foreign_cache(&state.site));
                    why = Some(say::why_no_cache_yet());
                    None
                }
                Read::State(state) if state.key != key => {
                    why = Some(say::why_key_changed());
                    None
                }
                Read::State(state) => Some(*state),
            },
        };
        let inputs = inputs::read(
            &root,
            previous
                .as_ref()
                .map(|state| (&state.inputs, state.started)),
        );
        Cache {
            dir,
            key,
            started,
            inputs,
            previous,
            why,
            structure: None,
            markdown: None,
            front_matters: std::sync::OnceLock::new(),
            recall: !options.transcode,
            config,
            prefetched: None,
            comparing: None,
            leave_unread: false,
            read_by_load: Default::default(),
        }
    }

    /// What this build knows of the pages' Markdown files, for load
    /// (`load::Known`): which it need not read, and the bytes of those it reads.
    pub(crate) fn known(&self) -> &dyn crate::load::Known {
        self
    }

    /// Gives the files whose hash was left pending (`inputs::read`) the hash
    /// of the bytes load read (`known`).
    fn settle(&mut self) {
        let read_by_load = std::mem::take(self.read_by_load.get_mut().expect("hashes lock"));
        let root = self.site();
        inputs::settle(&root, &mut self.inputs, &read_by_load);
    }

    /// What the last build parsed of the content files that did not change,
    /// for `content::parse_all`, which tells it what this build parses.
    pub(crate) fn remembered(&self) -> &dyn crate::content::Remembered {
        self.front_matters()
    }

    fn front_matters(&self) -> &front_matter::FrontMatters {
        self.front_matters.get_or_init(|| {
            let context = front_matter::context(&self.key, &self.inputs);
            let saved = self.dir.as_deref().zip(
                self.previous
                    .as_ref()
                    .and_then(|state| state.front_matter.as_deref()),
            );
            match saved {
                Some((dir, sum)) if self.recall => {
                    front_matter::FrontMatters::read(dir, sum, context, &self.inputs)
                }
                _ => front_matter::FrontMatters::none(context),
            }
        })
    }

    /// What this build needs to do, the output folder being at `output`.
    pub(crate) fn plan(&mut self, options: &BuildOptions, output: &Path) -> Plan {
        let Some(previous) = &self.previous else {
            return Plan::Everything;
        };
        let everything = |why: Text| (Plan::Everything, Some(why));
        let (plan, why) = if options.transcode {
            everything(say::why_transcode())
        } else if !write::IN_PLACE {
            everything(say::why_no_in_place())
        } else {
            match changed_pages(&previous.inputs, &self.inputs) {
                Ok(pages) if !pages.is_empty() => {
                    // Both while the site is loaded: the search states read,
                    // and the output folder compared (`edited` waits for it
                    // before anything is made or written).
                    self.prefetched = self.prefetch(&pages);
                    self.comparing = self.compare_output_meanwhile(output);
                    self.leave_unread = true;
                    (Plan::Pages(pages), None)
                }
                changed => {
                    let previous = self.previous.as_ref().expect("checked above");
                    // Nothing else to do meanwhile: on every thread.
                    if !write::output_holds(output, &previous.outputs, true) {
                        everything(say::why_output_changed())
                    } else {
                        changed.map_or_else(everything, |_| (Plan::Nothing, None))
                    }
                }
            }
        };
        self.why = why;
        plan
    }

    /// Starts comparing the output folder with the entries the last build
    /// left there, in a thread of its own, which holds those entries until
    /// `output_as_left` takes them back.
    fn compare_output_meanwhile(
        &mut self,
        output: &Path,
    ) -> Option<std::thread::JoinHandle<(BTreeMap<String, Stamp>, bool)>> {
        let previous = self.previous.as_mut()?;
        let entries = std::mem::take(&mut previous.outputs);
        let output = output.to_path_buf();
        Some(std::thread::spawn(move || {
            // On this thread alone: the load has rayon's.
            let holds = write::output_holds(&output, &entries, false);
            (entries, holds)
        }))
    }

    /// Whether the output folder is as the last build left it: the comparison
    /// `plan` started, waited for (its entries given back to the last build's
    /// state); true when `plan` compared it itself.
    fn output_as_left(&mut self) -> bool {
        let Some(comparing) = self.comparing.take() else {
            return true;
        };
        let timings = crate::timings::Timings::from_env("build");
        let compared = comparing.join();
        timings.lap("output compared (wait)");
        match (compared, self.previous.as_mut()) {
            (Ok((entries, holds)), Some(previous)) => {
                previous.outputs = entries;
                holds
            }
            _ => false,
        }
    }

    /// Starts reading the search states of the languages of `pages` (paths in
    /// `content/`, their language told by their names as load tells it), in a
    /// thread of its own; None when there is nothing to read.
    fn prefetch(
        &self,
        pages: &BTreeSet<String>,
    ) -> Option<std::thread::JoinHandle<Vec<ReadState>>> {
        let (dir, previous) = (self.dir.as_ref()?, self.previous.as_ref()?);
        let config = self.config.as_ref()?;
        let langs: BTreeSet<String> = pages
            .iter()
            .filter_map(|rel| crate::load::classify(rel, config).map(|(lang, ..)| lang))
            .collect();
        let wanted: Vec<(String, String)> = langs
            .into_iter()
            .filter_map(|lang| {
                let sum = previous.search.get(&lang)?.clone();
                Some((lang, sum))
            })
            .collect();
        if wanted.is_empty() {
            return None;
        }
        let dir = dir.clone();
        Some(std::thread::spawn(move || {
            wanted
                .into_iter()
                .filter_map(|(lang, sum)| read_search_state(&dir, &lang, &sum))
                .collect()
        }))
    }

    /// Waits for the search states read ahead, if any, and lets them go: the
    /// build is not an edited one after all (a full build does not hold them);
    /// so does the output folder's comparison, if one still runs.
    pub(crate) fn discard_prefetched(&mut self) {
        if let Some(reading) = self.prefetched.take() {
            drop(reading.join());
        }
        self.output_as_left();
    }

    /// Why everything is built again (None when it is not).
    pub(crate) fn why(&self) -> Option<&Text> {
        self.why.as_ref()
    }

    /// The report of a build that found nothing changed: the last build's,
    /// its warnings included.
    pub(crate) fn unchanged(self, output: PathBuf, diagnostics: Diagnostics) -> BuildReport {
        let previous = self
            .previous
            .as_ref()
            .expect("nothing changed since a build");
        let mut report = report(previous, output, Incremental::Unchanged);
        report.unchanged = report.files;
        diagnostics.extend(
            previous
                .report
                .warnings
                .iter()
                .map(SavedWarning::to_diagnostic),
        );
        if previous.inputs != self.inputs {
            // Files touched but not changed: their new times are kept, so
            // that the next build does not read them again.
            self.save(&self.carry_over(previous), &diagnostics);
        }
        report.diagnostics = diagnostics.into_sorted();
        report
    }

    /// The indices of `pages` (paths in `content/`) in `site`, when the
    /// site's structure is what the last build's was and each is a page of
    /// it; None when everything must be built.
    pub(crate) fn edited(&mut self, site: &Site, pages: &BTreeSet<String>) -> Option<Vec<usize>> {
        self.previous.as_ref()?;
        // An output folder changed by hand is made again in full, as when
        // `plan` finds it so.
        if !self.output_as_left() {
            self.why = Some(say::why_output_changed());
            return None;
        }
        let structure = self.structure(site);
        let previous = self.previous.as_ref()?;
        if structure != previous.structure {
            self.why = Some(say::why_structure_changed());
            return None;
        }
        let indices: Vec<usize> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| pages.contains(&page.source.rel))
            .map(|(index, _)| index)
            .collect();
        if indices.len() != pages.len() {
            self.why = Some(say::why_structure_changed());
            return None;
        }
        Some(indices)
    }

    /// The Markdown of every section and of the pages `needs` picks; the
    /// other pages get what the last build saved of theirs (`markdown.rs`), or
    /// are rendered as well when that cannot be trusted. Returns which pages
    /// were rendered (by index into `Site::pages`): the model holds none of
    /// the others' HTML and text.
    pub(crate) fn render_markdown(
        &mut self,
        site: &mut Site,
        theme_ids: &BTreeSet<String>,
        needs: &[bool],
        diagnostics: &Diagnostics,
    ) -> Vec<bool> {
        let structure = self.structure(site);
        let context = markdown::context(&self.key, &structure, &self.inputs, theme_ids);
        let previous = self.dir.as_deref().and_then(markdown::read);
        let (made, rendered) = markdown::render(
            site,
            theme_ids,
            &self.inputs,
            context,
            previous,
            needs,
            diagnostics,
        );
        self.markdown = Some(made);
        rendered
    }

    /// What a full build's pages' Markdown reported (`reported`, in the order of
    /// `Site::pages`), rendered as each page was written, kept for the saved
    /// Markdown of the next incremental build.
    pub(crate) fn markdown_made(
        &mut self,
        site: &Site,
        theme_ids: &BTreeSet<String>,
        reported: Vec<Vec<Diagnostic>>,
    ) {
        self.settle();
        let structure = self.structure(site);
        let context = markdown::context(&self.key, &structure, &self.inputs, theme_ids);
        self.markdown = Some(markdown::made(site, &self.inputs, context, reported));
    }

    /// The site's structure (`structure.rs`), worked out once a build.
    fn structure(&mut self, site: &Site) -> String {
        self.structure
            .get_or_insert_with(|| structure::structure(site))
            .clone()
    }

    /// An incremental build: the outputs that show the `edited` pages (first
    /// the pages and their lists, then their tag pages), held in memory until
    /// all are made without errors, then written in place where their bytes
    /// changed. `unrendered` is the Markdown, by page index, of the pages of
    /// the edited languages whose Markdown was not rendered (their text is
    /// not in the model), for a search index that must be made in full.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build_edited(
        mut self,
        site: &Site,
        theme: &Theme,
        edited: &[usize],
        unrendered: Vec<Option<String>>,
        options: &BuildOptions,
        output: PathBuf,
        diagnostics: Diagnostics,
        progress: &dyn Progress,
    ) -> Result<BuildReport, Vec<Diagnostic>> {
        debug_assert!(self.comparing.is_none(), "`edited` compared the output");
        // The output's entries as the last build left them, taken (not
        // copied: 42,409 paths at 20,000 pages) to become this build's.
        let mut outputs = self
            .previous
            .as_mut()
            .map(|previous| std::mem::take(&mut previous.outputs))
            .unwrap_or_default();
        let previous = self.previous.as_ref().expect("edited since a build");
        let pending =
            write::Pending::new(&output).with_image_cache(write::ImageCache::new(&options.root));
        let relative = crate::outputs::relative::Relative::when_asked(&pending, &site.config);
        let sink: &dyn Sink = relative.as_ref().map_or(&pending, |r| r);
        let scope = Scope::edited(site, edited, true);
        progress.stage(
            &crate::messages::commands::pages_and_search(),
            edited.len() as u64,
        );
        let with_search = !options.without_search_index;
        let timings = crate::timings::Timings::from_env("build");
        let states = SearchStates::reading(output.clone()).with_markdown(unrendered);
        let mut prefetched = self
            .prefetched
            .take()
            .and_then(|reading| reading.join().ok())
            .unwrap_or_default();
        let langs: BTreeSet<&String> = edited.iter().map(|&i| &site.pages[i].lang).collect();
        // The base each state was read from, which its edits are saved over.
        let mut bases = BTreeMap::new();
        for lang in langs {
            let read = match prefetched.iter().position(|r| r.state.lang() == lang) {
                Some(at) => Some(prefetched.swap_remove(at)),
                None => self.search_state(previous, lang),
            };
            if let Some(read) = read {
                bases.insert(lang.clone(), read.base);
                states.keep(read.state);
            }
        }
        drop(prefetched);
        timings.lap("search state read");
        let mut search = crate::render(
            site,
            theme,
            &scope,
            sink,
            &diagnostics,
            progress,
            with_search,
            Some(&states),
        );
        search.extend(crate::render(
            site,
            theme,
            &scope.tags(),
            sink,
            &diagnostics,
            progress,
            with_search,
            None,
        ));
        timings.lap("outputs made");
        if diagnostics.has_errors() {
            return Err(diagnostics.into_sorted());
        }
        progress.stage(&say::updating_output(), 0);
        let made = pending.len();
        // Until the new state is saved, the output is not what the cache says.
        self.forget().map_err(|d| vec![d])?;
        let applied = pending.apply().map_err(|d| vec![d])?;
        // A search index made in full leaves no file of the last one behind.
        let files = outputs
            .iter()
            .filter(|(_, stamp)| matches!(stamp, Stamp::File { .. }))
            .map(|(path, _)| path);
        for path in states.left_behind(files) {
            write::remove_in_place(&output, &path).map_err(|err| {
                vec![Diagnostic::error(crate::messages::write::cannot_write(
                    &output.join(&path).display().to_string(),
                    &err.to_string(),
                ))]
            })?;
            outputs.remove(&path);
        }
        // The output's entries are the last build's and what this one wrote,
        // a new file's folders included (made for it): never the folder as
        // found now, which may hold a change by hand since it was compared
        // (the next build then finds it).
        for (path, stamp) in applied.written.iter().cloned() {
            let mut folder = path.as_str();
            while let Some((up, _)) = folder.rsplit_once('/') {
                if outputs.contains_key(up) {
                    break;
                }
                outputs.insert(up.to_string(), Stamp::Folder);
                folder = up;
            }
            outputs.insert(path, stamp);
        }
        let mut budgets: BTreeMap<String, (usize, usize)> = previous
            .report
            .search
            .iter()
            .map(|(lang, total, first)| (lang.clone(), (*total, *first)))
            .collect();
        for budget in search {
            budgets.insert(budget.lang, (budget.total_bytes, budget.first_query_bytes));
        }
        let search = site
            .config
            .languages
            .keys()
            .filter_map(|lang| budgets.get(lang).map(|&(t, f)| (lang.clone(), t, f)))
            .collect();
        timings.lap("output updated");
        let warnings: Vec<Diagnostic> = diagnostics.into_sorted();
        let mut state = State {
            structure: previous.structure.clone(),
            outputs,
            report: SavedReport::new(site, search, &warnings),
            ..self.carry_over(previous)
        };
        let diagnostics = Diagnostics::new();
        diagnostics.extend(warnings);
        // Each language's search state, made and written at the same time as
        // what the pages' Markdown and front matter gave; then the cache file,
        // which names them all.
        let (searched, front_matter) = rayon::join(
            || {
                let states = states.take_saved();
                states
                    .par_iter()
                    .map(|(lang, saved)| {
                        let base = bases.get(lang).map(String::as_str);
                        (lang.clone(), self.save_search_state(lang, saved, base))
                    })
                    .collect::<Vec<_>>()
            },
            || {
                self.save_markdown(site, &diagnostics);
                self.save_front_matter(&self.inputs)
            },
        );
        for (lang, sum) in searched {
            state.search.remove(&lang);
            if let Some(sum) = sum {
                state.search.insert(lang, sum);
            }
        }
        state.front_matter = front_matter;
        timings.lap("search state saved");
        let mut report = report(
            &state,
            output,
            Incremental::Pages {
                pages: edited.len(),
                outputs: made,
                written: applied.written.len(),
            },
        );
        report.unchanged = report.files - applied.written.len().min(report.files);
        self.save(&state, &diagnostics);
        timings.lap("build cache saved");
        report.diagnostics = diagnostics.into_sorted();
        // The last build's state, the front matter and Markdown read and
        // made, the search state: freed while the build returns.
        crate::let_go((self, state, states));
        Ok(report)
    }

    /// Saves the state of a full build whose output (already in place) holds
    /// `outputs` (as `LazyStaging::commit` wrote them): what its pages'
    /// Markdown gave, at the same time as each language's search state and
    /// then the cache file.
    pub(crate) fn save_full(
        mut self,
        site: &Site,
        outputs: BTreeMap<String, Stamp>,
        search: &[SearchBudget],
        states: &SearchStates,
        warnings: &[Diagnostic],
        diagnostics: &Diagnostics,
    ) {
        let Some(dir) = self.dir.clone() else {
            return;
        };
        self.settle();
        // Made (or checked) once, before the files in it are written at once.
        if let Err(err) = own_folder(&dir) {
            diagnostics.push(cannot_write_cache(&dir, &err));
            return;
        }
        let search = search
            .iter()
            .map(|b| (b.lang.clone(), b.total_bytes, b.first_query_bytes))
            .collect();
        let mut state = State {
            key: self.key.clone(),
            site: self.site(),
            started: self.started,
            inputs: std::mem::take(&mut self.inputs),
            structure: self.structure(site),
            outputs,
            report: SavedReport::new(site, search, warnings),
            search: BTreeMap::new(),
            front_matter: None,
        };
        let states = states.take_saved();
        let this = &self;
        let (markdown, saved) = rayon::join(
            || match &this.markdown {
                Some(made) => markdown::write(&dir, site, made),
                None => Ok(()),
            },
            || {
                state.front_matter = this.save_front_matter(&state.inputs);
                state.search = states
                    .par_iter()
                    .filter_map(|(lang, saved)| {
                        let sum = this.save_search_state(lang, saved, None)?;
                        Some((lang.clone(), sum))
                    })
                    .collect();
                write_state(&dir, &state)
            },
        );
        if let Err(err) = markdown.and(saved) {
            diagnostics.push(cannot_write_cache(&dir, &err));
        }
    }

    /// Writes a language's search state beside the cache file: when it is
    /// `Whole`, its base and an edits file with no edits; else the edits since
    /// the base of checksum `base` (which stays as it is). Returns the
    /// checksum of the edits file (None when it cannot be written: the index
    /// is then made in full).
    fn save_search_state(
        &self,
        lang: &str,
        saved: &SavedState,
        base: Option<&str>,
    ) -> Option<String> {
        let dir = self.dir.as_ref()?;
        if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            std::fs::create_dir(dir).ok()?;
            new_file(&dir.join(".gitignore"), &[b"# placard's build cache\n*\n"]).ok()?;
        }
        let replace = |name: String, parts: &[&[u8]]| -> Option<()> {
            let new = dir.join(format!("{name}.new"));
            new_file(&new, parts).ok()?;
            std::fs::rename(&new, dir.join(name)).ok()
        };
        let (base, records) = match saved {
            SavedState::Whole(bytes) => {
                replace(search_state_file(lang)?, &[bytes])?;
                (checksum(bytes), &[][..])
            }
            SavedState::Edits(records) => (base?.to_string(), records.as_slice()),
        };
        let edits = [edits_head(&base).as_bytes(), records].concat();
        replace(search_edits_file(lang)?, &[&edits])?;
        Some(checksum(&edits))
    }

    /// Writes the front matter this build parsed (`front_matter.rs`) beside
    /// the cache file when any is new; returns the checksum of the file that
    /// holds it (None when none can be written: every file is then parsed
    /// again).
    fn save_front_matter(&self, inputs: &inputs::Inputs) -> Option<String> {
        let bytes = self.front_matters.get().and_then(|f| f.to_save(inputs));
        let Some(bytes) = bytes else {
            return self.previous.as_ref()?.front_matter.clone();
        };
        let dir = self.dir.as_ref()?;
        // A real folder, never written through a link.
        own_folder(dir).ok()?;
        let new = dir.join(format!("{}.new", front_matter::FILE));
        new_file(&new, &[&bytes]).ok()?;
        std::fs::rename(&new, dir.join(front_matter::FILE)).ok()?;
        Some(checksum(&bytes))
    }

    /// A language's search state as the last build saved it, when its bytes are
    /// those the cache file names.
    fn search_state(&self, previous: &State, lang: &str) -> Option<ReadState> {
        let dir = self.dir.as_ref()?;
        let sum = previous.search.get(lang)?;
        read_search_state(dir, lang, sum)
    }

    fn site(&self) -> PathBuf {
        self.dir
            .as_ref()
            .and_then(|dir| dir.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The previous state with this build's key, start and inputs.
    fn carry_over(&self, previous: &State) -> State {
        State {
            key: self.key.clone(),
            site: previous.site.clone(),
            started: self.started,
            inputs: self.inputs.clone(),
            structure: previous.structure.clone(),
            outputs: previous.outputs.clone(),
            search: previous.search.clone(),
            front_matter: previous.front_matter.clone(),
            report: SavedReport {
                pages: previous.report.pages.clone(),
                search: previous.report.search.clone(),
                warnings: previous
                    .report
                    .warnings
                    .iter()
                    .map(|w| SavedWarning::of(&w.to_diagnostic()))
                    .collect(),
            },
        }
    }

    /// Removes the cache file: the output is about to change in place.
    fn forget(&self) -> Result<(), Diagnostic> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        match std::fs::remove_file(dir.join(STATE_FILE)) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(cannot_write_cache(dir, &err)),
        }
    }

    /// Writes what this build's pages' Markdown gave (`markdown.rs`) into the
    /// cache folder; a failure is a warning (the next build renders them).
    fn save_markdown(&self, site: &Site, diagnostics: &Diagnostics) {
        let (Some(dir), Some(made)) = (&self.dir, &self.markdown) else {
            return;
        };
        if let Err(err) = markdown::write(dir, site, made) {
            diagnostics.push(cannot_write_cache(dir, &err));
        }
    }

    /// Writes `state` into the cache folder (made if need be, never through a
    /// link), as a new file renamed over the old one. A failure is a warning:
    /// the next build is then a full one.
    fn save(&self, state: &State, diagnostics: &Diagnostics) {
        let Some(dir) = &self.dir else {
            return;
        };
        if let Err(err) = write_state(dir, state) {
            diagnostics.push(cannot_write_cache(dir, &err));
        }
    }
}

impl crate::load::Known for Cache {
    fn unread(&self, rel: &str) -> Option<String> {
        if !self.leave_unread || !self.front_matters().knows(rel) {
            return None;
        }
        let input = self
            .inputs
            .get(&format!("{}/{rel}", crate::load::CONTENT_DIR))?;
        (!input.is_pending()).then(|| input.hash.clone())
    }

    fn read(&self, rel: &str, bytes: &[u8]) {
        let path = format!("{}/{rel}", crate::load::CONTENT_DIR);
        if self
            .inputs
            .get(&path)
            .is_some_and(inputs::Input::is_pending)
        {
            let hash = crate::load::files::hash(bytes);
            self.read_by_load
                .lock()
                .expect("hashes lock")
                .insert(path, hash);
        }
    }
}

/// The report a build with this state makes.
fn report(state: &State, output: PathBuf, incremental: Incremental) -> BuildReport {
    let files = state
        .outputs
        .iter()
        .filter(|(path, _)| path.as_str() != write::MARK);
    let (mut count, mut bytes) = (0, 0);
    for (_, stamp) in files {
        if let Stamp::File { len, .. } = stamp {
            count += 1;
            bytes += len;
        }
    }
    BuildReport {
        pages: state.report.pages.clone(),
        files: count,
        unchanged: 0,
        bytes,
        output,
        diagnostics: Vec::new(),
        search: state
            .report
            .search
            .iter()
            .map(|(lang, total, first)| SearchBudget {
                lang: lang.clone(),
                total_bytes: *total,
                first_query_bytes: *first,
            })
            .collect(),
        incremental,
    }
}

/// The Markdown files of pages (paths in `content/`) whose bytes changed
/// between `old` and `new`; Err(why) when anything else changed, or a file
/// came or went.
fn changed_pages(old: &Inputs, new: &Inputs) -> Result<BTreeSet<String>, Text> {
    let mut pages = BTreeSet::new();
    for (path, input) in new {
        match old.get(path) {
            None => return Err(say::why_file_changed(path)),
            Some(before) if before.hash == input.hash => {}
            Some(_) => match path.strip_prefix("content/") {
                Some(page) if page.ends_with(".md") && !page.ends_with("_index.md") => {
                    pages.insert(page.to_string());
                }
                _ => return Err(say::why_file_changed(path)),
            },
        }
    }
    if let Some(gone) = old.keys().find(|path| !new.contains_key(*path)) {
        return Err(say::why_file_changed(gone));
    }
    Ok(pages)
}

/// What every output depends on besides the site's source files.
fn key(options: &BuildOptions, root: &Path, output: &Path, config: Option<&Config>) -> String {
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|metadata| Stamp::of(&metadata));
    let today = config.map(|config| crate::dates::today(&config.timezone));
    let key = format!(
        "{:?}",
        (
            FORMAT,
            env!("CARGO_PKG_VERSION"),
            binary,
            root,
            output,
            &options.base_url,
            options.drafts,
            options.without_search_index,
            today.map(|d| d.to_string()),
        )
    );
    crate::hashing::hex(&Sha256::digest(key.as_bytes()))
}

/// `lang`'s search state as saved in the cache folder `dir`: its edits file,
/// if its bytes have the checksum `sum` the cache file gives them, played over
/// the base it names, if that base's bytes have the checksum it gives them;
/// None for anything amiss, or the state of another language.
fn read_search_state(dir: &Path, lang: &str, sum: &str) -> Option<ReadState> {
    let read = |name: String| -> Option<Vec<u8>> {
        let mut file = crate::load::files::open_no_follow(&dir.join(name)).ok()?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
        Some(bytes)
    };
    let edits = read(search_edits_file(lang)?).filter(|bytes| checksum(bytes) == sum)?;
    let (base, records) = split_edits(&edits)?;
    let bytes = read(search_state_file(lang)?).filter(|bytes| checksum(bytes) == base)?;
    let state = IndexState::from_saved(&bytes, records).filter(|s| s.lang() == lang)?;
    Some(ReadState {
        state,
        base: base.to_string(),
    })
}

/// The file of a language's search state in the cache folder (None for a
/// language code that is not a plain name): its base, as the last build that
/// wrote it whole left it.
fn search_state_file(lang: &str) -> Option<String> {
    lang.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .then(|| format!("search-{lang}.bin"))
}

/// The file of the edits to a language's search state since its base: a
/// first line naming the base by its checksum (`edits_head`), then the
/// records of the edits (`IndexState::saved`).
fn search_edits_file(lang: &str) -> Option<String> {
    search_state_file(lang).map(|_| format!("search-{lang}.edits"))
}

/// The first line of an edits file.
const EDITS_FORMAT: &str = "placard search edits 1";

/// The first line of the edits to the base of checksum `base`.
fn edits_head(base: &str) -> String {
    format!("{EDITS_FORMAT} {base}\n")
}

/// An edits file's base checksum and records.
fn split_edits(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let rest = bytes
        .strip_prefix(EDITS_FORMAT.as_bytes())?
        .strip_prefix(b" ")?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    let base = std::str::from_utf8(&rest[..end]).ok()?;
    Some((base, &rest[end + 1..]))
}

/// A checksum of a search state's bytes, fast enough for tens of megabytes: a
/// multiply-rotate hash of each eight bytes (any one changed changes it), and the
/// length. The cache file holding it is itself checked by SHA-256.
fn checksum(bytes: &[u8]) -> String {
    let mut h: u64 = bytes.len() as u64;
    let mut step = |w: u64| h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        step(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    step(u64::from_le_bytes(last));
    format!("{h:016x}")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

enum Read<T> {
    Missing,
    /// What is wrong with it.
    Damaged(String),
    State(Box<T>),
}

/// The cache file: its first line names the format and the hash of the rest.
fn read_state(dir: &Path) -> Read<State> {
    match read_checked(dir, STATE_FILE, FORMAT) {
        Read::State(body) => {
            let mut r = codec::Reader(&body);
            match State::take(&mut r) {
                Some(state) if r.is_empty() => Read::State(Box::new(state)),
                _ => Read::Damaged("it is not a build cache placard can read".into()),
            }
        }
        Read::Missing => Read::Missing,
        Read::Damaged(what) => Read::Damaged(what),
    }
}

/// The bytes after the first line of a file of the cache folder (`name`),
/// when that line is `format` and the hash of those bytes.
fn read_checked(dir: &Path, name: &str, format: &str) -> Read<Vec<u8>> {
    // Only a real folder: a link there is not followed (and not written through).
    if !dir.symlink_metadata().is_ok_and(|meta| meta.is_dir()) {
        return Read::Missing;
    }
    let path = dir.join(name);
    let mut bytes = match crate::load::files::open_no_follow(&path).and_then(|mut file| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
    }) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(err) => return Read::Damaged(err.to_string()),
    };
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return Read::Damaged("it has no header".into());
    };
    let (header, body) = (&bytes[..newline], &bytes[newline + 1..]);
    let expected = format!("{format} {}", crate::hashing::hex(&Sha256::digest(body)));
    if header != expected.as_bytes() {
        return Read::Damaged("its contents do not match its checksum".into());
    }
    bytes.drain(..=newline);
    Read::State(Box::new(bytes))
}

/// Writes the cache file in `dir`.
fn write_state(dir: &Path, state: &State) -> std::io::Result<()> {
    let mut body = Vec::with_capacity(1 << 20);
    state.put(&mut body);
    write_checked(dir, STATE_FILE, FORMAT, &body)
}

/// Writes `format` and the hash of `body`, then `body`, as the file `name`
/// of the cache folder `dir` (a real folder: made if missing, refused if a
/// link or a file), as a new file renamed over the old.
fn write_checked(dir: &Path, name: &str, format: &str, body: &[u8]) -> std::io::Result<()> {
    own_folder(dir)?;
    let header = format!("{format} {}\n", crate::hashing::hex(&Sha256::digest(body)));
    let new = dir.join(format!("{name}.new"));
    // Written in two parts: no second copy of the body (20 MB at 100k pages).
    new_file(&new, &[header.as_bytes(), body])?;
    std::fs::rename(&new, dir.join(name))
}

/// The cache folder `dir`, made (with its `.gitignore`) if missing; an error
/// if a link or a file is there.
fn own_folder(dir: &Path) -> std::io::Result<()> {
    match dir.symlink_metadata() {
        Ok(meta) if meta.is_dir() && !meta.file_type().is_symlink() => Ok(()),
        Ok(_) => Err(std::io::Error::other(
            "it is not a folder (a link or a file is there)",
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            // A folder of our own, or an error if anything appeared there meanwhile.
            std::fs::create_dir(dir)?;
            new_file(&dir.join(".gitignore"), &[b"# placard's build cache\n*\n"])
        }
        Err(err) => Err(err),
    }
}

/// A new file at `path` holding `parts`, one after the other: whatever is
/// there (a link included) is removed, never written through.
fn new_file(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    parts
        .iter()
        .try_for_each(|part| std::io::Write::write_all(&mut file, part))
}

impl SavedReport {
    fn new(
        site: &Site,
        search: Vec<(String, usize, usize)>,
        warnings: &[Diagnostic],
    ) -> SavedReport {
        SavedReport {
            pages: site.pages_per_language(),
            search,
            warnings: warnings
                .iter()
                .filter(|d| !d.is_error())
                .map(SavedWarning::of)
                .collect(),
        }
    }
}

impl SavedWarning {
    fn of(diagnostic: &Diagnostic) -> SavedWarning {
        SavedWarning {
            file: diagnostic.file.clone(),
            line: diagnostic.line,
            column: diagnostic.column,
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
        }
    }

    fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: self.message.clone(),
            hint: self.hint.clone(),
        }
    }
}

// The messages of the cache, each in one place.

fn damaged_cache(what: &str) -> Diagnostic {
    Diagnostic::warning(say::damaged(what))
        .in_file(Path::new(CACHE_DIR).join(STATE_FILE))
        .with_hint(say::nothing_to_do())
}

fn foreign_cache(site: &Path) -> Diagnostic {
    Diagnostic::warning(say::foreign(&site.display().to_string()))
        .in_file(Path::new(CACHE_DIR).join(STATE_FILE))
        .with_hint(say::nothing_to_do())
}

fn cannot_write_cache(dir: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(say::cannot_write(
        &dir.display().to_string(),
        &err.to_string(),
    ))
    .with_hint(say::cannot_write_hint(CACHE_DIR))
}
