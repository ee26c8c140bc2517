//! Rebuilding after the site's files changed — the entry `serve` calls (and an
//! incremental `build` will): a [`Session`] keeps the last good model and
//! theme, and [`Session::reload`] takes the paths that changed and hands back
//! the outputs they affect. It decides what a change needs: nothing (an
//! editor's temporary file), the outputs of a few edited pages (their pages,
//! the lists they are in, then their tag pages), or the whole site again (a
//! template, placard.yaml, a new or removed file, a page that moved in the
//! lists); and it keeps each file's errors until a rebuild of that file
//! clears them. It runs the same stages as `build`, through the same functions.

mod edit;
mod plan;

use crate::messages::Text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Asset, FileIdentity};
use crate::model::Site;
use crate::outputs::search::SearchStates;
use crate::outputs::{Origin, Picture, Scope, Sink};
use crate::paths::safe_relative;
use crate::render::Theme;
use crate::write::ImageCache;
use crate::{BuildOptions, load_site, render_site};
use plan::Rebuild;

/// A site being served: the last good model, and the errors not fixed yet.
pub(crate) struct Session {
    options: BuildOptions,
    /// None until a build succeeds, and after a failed full rebuild (whose
    /// model cannot be patched: the next change rebuilds everything again).
    model: Option<Model>,
    /// Errors not fixed yet, by file (None: no file).
    errors: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
}

/// One step of a rebuild: what was rebuilt, its outputs, what to show.
pub(crate) struct Reloaded {
    pub rebuilt: Rebuilt,
    pub outputs: Outputs,
    /// Warnings to show now. Those of a full rebuild after a change are not:
    /// they were shown when serving began.
    pub warnings: Vec<Diagnostic>,
    /// Every error not fixed yet, this step's and those of earlier ones.
    pub errors: Vec<Diagnostic>,
}

/// What a step rebuilt.
pub(crate) enum Rebuilt {
    /// The whole site: the first build (`why` is None) or after a change.
    Everything { why: Option<Text>, pages: usize },
    /// The edited pages (these files) and the lists that show them.
    Pages(Vec<PathBuf>),
    /// Then the tag pages that list them (they can list thousands of pages).
    TagPages(Vec<PathBuf>),
}

/// A step's outputs, by path in the output folder.
pub(crate) enum Outputs {
    /// Every output of the site, replacing all.
    All(HashMap<String, Produced>),
    /// Some outputs made again, replacing those at their paths.
    Some(HashMap<String, Produced>),
    /// None: the step failed (its errors are in `errors`); the last good
    /// outputs stay.
    Failed,
}

/// An output in memory.
pub(crate) enum Produced {
    Bytes(Vec<u8>),
    /// A source file published as it is: where it is, and which file load read
    /// there (it is served only while it is still that file).
    File(PathBuf, Option<FileIdentity>),
}

/// The model and theme of the last good build, kept between rebuilds.
struct Model {
    site: Site,
    theme: Theme,
    /// Markdown file relative to `content/` → index in `site.pages`.
    pages: HashMap<String, usize>,
    /// Every file the build read under `content/`, relative to it.
    files: BTreeSet<String>,
    /// What updating the search index after an edit needs.
    search: SearchStates,
}

impl Session {
    /// A session for the site at `options.root` (an absolute path: changed
    /// paths are matched against it).
    pub(crate) fn new(options: BuildOptions) -> Session {
        Session {
            options,
            model: None,
            errors: BTreeMap::new(),
        }
    }

    /// The whole site, as `build` makes it (into memory).
    pub(crate) fn build(&mut self) -> Reloaded {
        self.everything(None)
    }

    /// The outputs that the files at `changed` (absolute paths) affect, in one
    /// or two steps, each handed to `publish` as it is done; none for changes
    /// that touch no source of the site.
    pub(crate) fn reload(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        publish: &mut dyn FnMut(Reloaded),
    ) {
        let why = match plan::plan(&self.options.root, self.model.as_ref(), changed) {
            Rebuild::Nothing => return,
            Rebuild::Everything(why) => why,
            Rebuild::Pages(edits) => match self.edit_pages(edits, publish) {
                Ok(()) => return,
                Err(why) => why,
            },
        };
        publish(self.everything(Some(why)));
    }

    /// Loads, checks and renders everything, as `build` does; after errors the
    /// last good outputs stay.
    fn everything(&mut self, why: Option<Text>) -> Reloaded {
        let diagnostics = Diagnostics::new();
        let loaded = load_site(&self.options, false, &diagnostics)
            .and_then(|(site, theme)| Some((site, theme?)));
        // Rendered even after errors, as `build` does, to report all of them at once.
        let memory = Memory::new(&self.options.root);
        let search = SearchStates::default();
        if let Some((site, theme)) = &loaded {
            render_site(
                site,
                theme,
                &Scope::All,
                &memory,
                &diagnostics,
                Some(&search),
            );
        }
        let (errors, warnings) = errors_and_warnings(diagnostics);
        let warnings = if why.is_none() { warnings } else { Vec::new() };
        self.errors.clear();
        let (outputs, pages) = match loaded {
            Some((site, theme)) if errors.is_empty() => {
                let pages = site.pages.len();
                self.model = Some(Model::new(site, theme, search));
                (Outputs::All(memory.into_outputs()), pages)
            }
            _ => {
                self.model = None;
                self.hold_errors(errors);
                (Outputs::Failed, 0)
            }
        };
        Reloaded {
            rebuilt: Rebuilt::Everything { why, pages },
            outputs,
            warnings,
            errors: self.held_errors(),
        }
    }

    /// Keeps `errors` by file until a rebuild of that file clears them.
    fn hold_errors(&mut self, errors: Vec<Diagnostic>) {
        for error in errors {
            self.errors
                .entry(error.file.clone())
                .or_default()
                .push(error);
        }
    }

    fn held_errors(&self) -> Vec<Diagnostic> {
        self.errors.values().flatten().cloned().collect()
    }
}

impl Model {
    fn new(site: Site, theme: Theme, search: SearchStates) -> Model {
        let pages = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.rel.clone(), i))
            .collect();
        let mut files: BTreeSet<String> = site.pages.iter().map(|p| p.source.rel.clone()).collect();
        files.extend(
            site.sections
                .iter()
                .filter_map(|s| Some(s.source.as_ref()?.rel.clone())),
        );
        files.extend(site.assets.iter().map(|a| a.rel.clone()));
        files.extend(
            site.pages
                .iter()
                .flat_map(|p| p.bundle_files.iter().map(|a| a.rel.clone())),
        );
        Model {
            site,
            theme,
            pages,
            files,
            search,
        }
    }

    /// A file or folder under `content/` that the last build read (`""` is
    /// `content/` itself).
    fn knows(&self, rel: &str) -> bool {
        rel.is_empty()
            || self.files.contains(rel)
            || self
                .files
                .range(format!("{rel}/")..)
                .next()
                .is_some_and(|f| f.starts_with(&format!("{rel}/")))
    }
}

/// Errors, then warnings, each in order.
fn errors_and_warnings(diagnostics: Diagnostics) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    diagnostics
        .into_sorted()
        .into_iter()
        .partition(Diagnostic::is_error)
}

/// Outputs kept in memory.
struct Memory {
    outputs: Mutex<HashMap<String, Produced>>,
    /// The site's image cache: a picture is made once across reloads and builds.
    images: Option<ImageCache>,
}

impl Memory {
    /// Outputs of the site at `root`, its pictures made through its cache.
    fn new(root: &std::path::Path) -> Memory {
        Memory {
            outputs: Mutex::default(),
            images: Some(ImageCache::new(root)),
        }
    }

    fn keep(&self, path: &str, output: Produced) -> Result<(), Diagnostic> {
        safe_relative(path)?;
        self.outputs
            .lock()
            .expect("memory lock")
            .insert(path.to_string(), output);
        Ok(())
    }

    fn into_outputs(self) -> HashMap<String, Produced> {
        self.outputs.into_inner().expect("memory lock")
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
        self.keep(path, Produced::Bytes(bytes))
    }

    /// Served only as long as it is the file loading the site read and checked.
    fn copy(&self, path: &str, file: &Asset, _: Origin) -> Result<(), Diagnostic> {
        self.keep(path, Produced::File(file.disk.clone(), file.identity))
    }

    /// Made now (through the site's image cache), and kept in memory.
    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        let cache = self.images.as_ref();
        for (path, bytes) in crate::write::processed_image(picture, cache, &origin)?.0 {
            self.keep(&path, Produced::Bytes(bytes))?;
        }
        Ok(())
    }

    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<crate::images::Variant>, Diagnostic> {
        crate::write::widest_copy(picture, self.images.as_ref(), origin)
    }
}
