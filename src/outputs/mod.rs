//! Outputs: everything a site is made of, each kind behind one small trait,
//! [`Output`], in the spirit of mdBook's `Renderer`: a name, and `render`, which
//! hands every file of that kind that the [`Scope`] covers to a [`Sink`], as
//! bytes or as a source file to copy. Pure: no output reads or writes a file.
//!
//! The pipeline runs [`ALL`] in a loop, in parallel (`lib.rs`). Adding a kind
//! of output is one new file with an `impl Output`, and one line in [`ALL`].

mod aliases;
mod assets;
pub(crate) mod calendars;
mod claims;
mod disclosure;
mod feeds;
mod images;
mod lists;
mod pages;
mod plain;
pub(crate) mod posters;
pub(crate) mod relative;
mod scope;
pub mod search;
mod sink;
mod sitemap;

use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Page, Site};
use crate::progress::Progress;
use crate::render::{Renderer, Theme};
pub(crate) use claims::Claimed;
pub(crate) use pages::render_with_markdown;
pub(crate) use scope::Scope;
use search::SearchBudget;
pub(crate) use sink::{Origin, Picture, Sink};

/// One kind of output: pages, lists, feeds… Implementations are unit structs
/// listed in [`ALL`]; each renders in parallel inside, as it likes.
pub(crate) trait Output: Sync {
    /// What it makes, in the plural (`pages`, `feeds`), for messages and timings.
    fn name(&self) -> &'static str;
    /// Hands each of its files that `cx.scope` covers to `sink`. Errors (a
    /// template that fails, a path refused) are reported to `cx` and the rest
    /// carries on, so that one run reports all of them.
    fn render(&self, cx: &Context<'_>, sink: &dyn Sink);
}

/// Every kind of output, in the order they start. The search index first: it
/// is the longest single job (one language at a time, to bound its memory),
/// and runs beside the others; then the pictures, the longest on a site with
/// photos and none to do when they are cached.
pub(crate) const ALL: [&dyn Output; 13] = [
    &search::Search,
    &images::Images,
    &pages::Pages,
    &posters::Posters,
    &lists::Lists,
    &plain::PlainPages,
    &assets::Assets,
    &aliases::Aliases,
    &feeds::Feeds,
    &sitemap::Sitemap,
    &calendars::Calendars,
    &assets::ThemeFiles,
    &disclosure::Catalogue,
];

/// [`ALL`] but the pages, for a build that wrote each page as it rendered its
/// Markdown ([`render_with_markdown`]).
pub(crate) fn all_but_pages() -> Vec<&'static dyn Output> {
    let pages = pages::Pages.name();
    ALL.into_iter()
        .filter(|output| output.name() != pages)
        .collect()
}

/// What every output renders from, shared by all of them in one run.
pub(crate) struct Context<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// The templates, with the variables every page shares made once.
    pub renderer: Renderer<'a>,
    /// Which outputs this run makes: all of them, or those an edit touched.
    pub scope: &'a Scope,
    pub diagnostics: &'a Diagnostics,
    /// Each page and each language's search index is a step.
    pub progress: &'a dyn Progress,
    /// False to leave the search index out (`BuildOptions::without_search_index`).
    pub search_index: bool,
    /// The size of each language's search index, as it is made.
    search_budgets: Mutex<Vec<SearchBudget>>,
    /// What updating the search index after an edit needs: kept by a full
    /// render, used by an edited one (None: the index is made in full).
    pub search_states: Option<&'a search::SearchStates>,
    /// Each page's plain text held apart from the model, by page index, when a
    /// build took it out (`with_search_texts`): the search index takes a
    /// language's and frees them once that language's index is made.
    search_texts: Mutex<Option<Vec<String>>>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        site: &'a Site,
        theme: &'a Theme,
        scope: &'a Scope,
        diagnostics: &'a Diagnostics,
        progress: &'a dyn Progress,
        search_index: bool,
    ) -> Context<'a> {
        Context {
            site,
            theme,
            renderer: Renderer::new(site, theme),
            scope,
            diagnostics,
            progress,
            search_index,
            search_budgets: Mutex::default(),
            search_states: None,
            search_texts: Mutex::default(),
        }
    }

    /// The context with the pages' plain text (`texts`, by page index) held
    /// apart from the model, for the search index to take language by language.
    pub(crate) fn with_search_texts(self, texts: Vec<String>) -> Context<'a> {
        Context {
            search_texts: Mutex::new(Some(texts)),
            ..self
        }
    }

    /// The plain text of `lang`'s pages, in the order of the site's pages,
    /// taken out of the context (the caller frees it); None when the model
    /// holds the text (`page.rendered.plain_text`).
    pub(crate) fn take_search_texts(&self, lang: &str) -> Option<Vec<String>> {
        let mut texts = self.search_texts.lock().expect("search texts");
        let texts = texts.as_mut()?;
        let pages = self.site.pages.iter().zip(texts.iter_mut());
        Some(
            pages
                .filter(|(page, _)| page.lang == lang)
                .map(|(_, text)| std::mem::take(text))
                .collect(),
        )
    }

    /// Collects an output's error; the others carry on.
    pub(crate) fn report(&self, result: Result<(), Diagnostic>) {
        if let Err(diagnostic) = result {
            self.diagnostics.push(diagnostic);
        }
    }

    /// The pages that `scope` covers, with their indices.
    pub(crate) fn pages(&self) -> impl Iterator<Item = (usize, &'a Page)> + '_ {
        self.site
            .pages
            .iter()
            .enumerate()
            .filter(|(index, _)| self.scope.page(*index))
    }

    /// `template` rendered with `context` and handed to `sink` at `file`.
    pub(crate) fn put_html(
        &self,
        sink: &dyn Sink,
        template: &str,
        file: &str,
        context: &tera::Context,
        origin: Origin,
    ) -> Result<(), Diagnostic> {
        let html = self.renderer.render(template, context)?;
        sink.put(file, html, origin)
    }

    /// Notes the size of a language's search index.
    pub(crate) fn add_search_budget(&self, budget: SearchBudget) {
        self.search_budgets
            .lock()
            .expect("search budgets")
            .push(budget);
    }

    /// The sizes of the search indexes made, in the order of the languages.
    pub(crate) fn into_search_budgets(self) -> Vec<SearchBudget> {
        self.search_budgets.into_inner().expect("search budgets")
    }
}

/// An output made from a page and named `what` (its poster, calendar).
pub(crate) fn page_origin(page: &Page, what: crate::messages::Text) -> Origin {
    Origin::from_file(
        what,
        &page.source.path,
        Some(page.meta.line),
        Some(crate::messages::outputs::fix_slug()),
    )
}

/// `dir/file`, or `file` in the output root.
pub(crate) fn join_file(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

pub(crate) use crate::text::xml_escape;
