//! The site's pages as search documents, and the [`Search`] output: each
//! language's index (`<language>/search/index/`), one language at a time.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use super::index::{
    IndexState, Keep, Kept, SavedState, build_with, page_entry, split_page_file, update,
};
use super::{SearchDoc, SearchFile, SearchIndex, facts};
use crate::diagnostics::{Diagnostics, Severity};
use crate::model::{Page, Site, tag_segment};
use crate::outputs::{Context, Origin, Output, Sink};

pub(crate) struct Search;

impl Output for Search {
    fn name(&self) -> &'static str {
        "search index"
    }

    /// One language at a time: an index takes much memory while it is built.
    /// The other outputs are rendered meanwhile, which take little. The
    /// language with the fewest words first: when the build holds the pages'
    /// text apart from the model, each language's is freed once its index is
    /// made, so the largest index is made beside the least text.
    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        if !cx.search_index {
            return;
        }
        let site = cx.site;
        let mut languages: Vec<&String> = site.config.languages.keys().collect();
        languages.sort_by_cached_key(|lang| {
            let pages = site.pages.iter().filter(|p| &p.lang == *lang);
            pages.map(|p| p.rendered.word_count).sum::<usize>()
        });
        let mut budgets = Vec::new();
        for lang in languages {
            if !cx.scope.lists(lang) {
                continue;
            }
            let texts = cx.take_search_texts(lang);
            let emit = |file: SearchFile| {
                cx.report(sink.put(
                    &file.path,
                    file.bytes,
                    Origin::built(crate::messages::outputs::search_index()),
                ))
            };
            let timings = crate::timings::Timings::from_env("search");
            let started = std::time::Instant::now();
            let updated = match (cx.search_states, cx.scope.edited_pages()) {
                (Some(states), Some(edited)) => states.update(cx.site, lang, edited, &emit),
                _ => None,
            };
            if updated.is_some() {
                timings.took(&format!("{lang} index updated"), started.elapsed());
            }
            let budget = updated.unwrap_or_else(|| {
                // Made in full after an edit, by an edited build that rendered
                // only some pages' Markdown: the others' text rendered now.
                let texts = texts.or_else(|| {
                    let states = cx.search_states?;
                    states.texts(site, &cx.theme.ids, lang, cx.diagnostics)
                });
                // Made in full after an edit: the files of the last index it does
                // not make again are to go (`build` removes them).
                let made = Mutex::new(BTreeSet::new());
                let edited = cx.scope.edited_pages().is_some();
                let emit = |file: SearchFile| {
                    if edited {
                        made.lock().expect("made").insert(file.path.clone());
                    }
                    emit(file)
                };
                let keep = cx
                    .search_states
                    .map_or(Keep::Nothing, SearchStates::keeping);
                let (budget, kept) =
                    write_search_index(cx.site, lang, keep, texts.as_deref(), &emit);
                if let Some(states) = cx.search_states.filter(|_| edited) {
                    let made = made.into_inner().expect("made");
                    states.made_in_full(search_dir(cx.site, lang), made);
                }
                if let (Some(states), Some(kept)) = (cx.search_states, kept) {
                    states.hold(lang, kept);
                }
                budget
            });
            budgets.push(budget);
            cx.progress.advance(1);
        }
        // Reported in the order of the languages.
        let order: Vec<&String> = site.config.languages.keys().collect();
        budgets.sort_by_key(|b| order.iter().position(|lang| **lang == b.lang));
        for budget in budgets {
            cx.add_search_budget(budget);
        }
    }
}

/// What updating each language's index after an edit needs, kept from the build
/// that made it (`index/update.rs`): by `serve` in memory, by `build` in its cache.
#[derive(Default)]
pub(crate) struct SearchStates {
    states: Mutex<BTreeMap<String, IndexState>>,
    /// The indexes made in full after an edit: their folders (`en/search`), and
    /// the files made.
    remade: Mutex<Vec<(String, BTreeSet<String>)>>,
    /// The output folder of the last build, to read the unchanged pages' entries
    /// of a page file from (`build`); None to make them from the site's pages
    /// (`serve`, which keeps every page's text).
    output: Option<PathBuf>,
    /// Each state kept as its bytes (`IndexState::to_bytes`), instead of the
    /// state itself: a full build saves them in its cache and updates nothing,
    /// so a language's postings are not held while the next language's index
    /// is made, and an index made in full gives its state's bytes straight
    /// from its own postings (`serialized`, `Keep::Bytes`).
    serialized: bool,
    bytes: Mutex<BTreeMap<String, Vec<u8>>>,
    /// The Markdown, by page index, of the pages whose text the model does
    /// not hold (an edited build rendered only the pages its outputs show):
    /// an index made in full renders their text from it (`texts`).
    markdown: Vec<Option<String>>,
}

impl SearchStates {
    /// States whose unchanged pages' entries are read from the output at `output`.
    pub(crate) fn reading(output: PathBuf) -> SearchStates {
        SearchStates {
            output: Some(output),
            ..SearchStates::default()
        }
    }

    /// States kept as their bytes, for a full build's cache.
    pub(crate) fn serialized() -> SearchStates {
        SearchStates {
            serialized: true,
            ..SearchStates::default()
        }
    }

    /// The states, with the Markdown (by page index) of the pages whose text
    /// the model does not hold, for an index that is made in full.
    pub(crate) fn with_markdown(self, markdown: Vec<Option<String>>) -> SearchStates {
        SearchStates { markdown, ..self }
    }

    /// The plain text of `lang`'s pages, in the order of the site's pages,
    /// when the model lacks some: theirs rendered from their Markdown, as a
    /// full build renders it (its warnings were reported already, from the
    /// build cache), read now for the files load left unread (a file no
    /// longer as the build began is an error in `diagnostics`); None when the
    /// model holds every page's text.
    fn texts(
        &self,
        site: &Site,
        theme_ids: &BTreeSet<String>,
        lang: &str,
        diagnostics: &Diagnostics,
    ) -> Option<Vec<String>> {
        let markdown = &self.markdown;
        let lacking = |index: usize| markdown.get(index).and_then(Option::as_deref);
        let pages: Vec<(usize, &Page)> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.lang == lang)
            .collect();
        if !pages.iter().any(|&(index, _)| lacking(index).is_some()) {
            return None;
        }
        Some(
            pages
                .par_iter()
                .map(|&(index, page)| match lacking(index) {
                    Some(body) => {
                        let read = page.source.read_body().unwrap_or_else(|diagnostic| {
                            diagnostics.push(diagnostic);
                            None
                        });
                        let mut source = std::borrow::Cow::Borrowed(&page.source);
                        let body = match read {
                            Some((body, body_line)) => {
                                source.to_mut().body_line = body_line;
                                std::borrow::Cow::Owned(body)
                            }
                            None => std::borrow::Cow::Borrowed(body),
                        };
                        let rendered = crate::model::markdown::render_body(
                            site,
                            &source,
                            &body,
                            &page.bundle_files,
                            theme_ids,
                            Severity::Warning,
                            &Diagnostics::new(),
                        );
                        rendered.plain_text
                    }
                    None => page.rendered.plain_text.clone(),
                })
                .collect(),
        )
    }

    fn made_in_full(&self, search_dir: String, made: BTreeSet<String>) {
        self.remade
            .lock()
            .expect("search states")
            .push((search_dir, made));
    }

    /// The files of the last indexes under `outputs` (paths in the output folder)
    /// that an index made in full after an edit did not make again.
    pub(crate) fn left_behind<'a>(&self, outputs: impl Iterator<Item = &'a String>) -> Vec<String> {
        let remade = self.remade.lock().expect("search states");
        outputs
            .filter(|path| {
                remade.iter().any(|(dir, made)| {
                    path.strip_prefix(dir.as_str())
                        .is_some_and(|rest| rest.starts_with("/index/"))
                        && !made.contains(*path)
                })
            })
            .cloned()
            .collect()
    }

    /// What a build that makes an index in full keeps of it for these states:
    /// its bytes when they are `serialized`, else the state.
    fn keeping(&self) -> Keep {
        if self.serialized {
            Keep::Bytes
        } else {
            Keep::State
        }
    }

    /// Keeps what the build of `lang`'s index kept (as `keeping` asked).
    fn hold(&self, lang: &str, kept: Kept) {
        match kept {
            Kept::State(state) => self.keep(*state),
            Kept::Bytes(serialized) => self.keep_bytes(lang, serialized),
        }
    }

    fn keep_bytes(&self, lang: &str, serialized: Vec<u8>) {
        let mut bytes = self.bytes.lock().expect("search states");
        bytes.insert(lang.to_string(), serialized);
    }

    pub(crate) fn keep(&self, state: IndexState) {
        if self.serialized {
            let serialized = state.to_bytes();
            self.keep_bytes(state.lang(), serialized);
            return;
        }
        self.states
            .lock()
            .expect("search states")
            .insert(state.lang().to_string(), state);
    }

    /// The state of each language, taken out.
    pub(crate) fn take(&self) -> Vec<IndexState> {
        std::mem::take(&mut *self.states.lock().expect("search states"))
            .into_values()
            .collect()
    }

    /// The state of each language as `build` saves it, taken out: whole, or
    /// the edits since the base it was read from (`IndexState::saved`).
    pub(crate) fn take_saved(&self) -> Vec<(String, SavedState)> {
        let mut all: Vec<(String, SavedState)> = self
            .take()
            .into_iter()
            .map(|state| (state.lang().to_string(), state.saved()))
            .collect();
        let bytes = std::mem::take(&mut *self.bytes.lock().expect("search states"));
        all.extend(
            bytes
                .into_iter()
                .map(|(lang, bytes)| (lang, SavedState::Whole(bytes))),
        );
        all
    }

    /// `lang`'s index updated in place for the `edited` pages (indices into the
    /// site's pages), or None when it must be made again (its state is then gone).
    fn update(
        &self,
        site: &Site,
        lang: &str,
        edited: &HashSet<usize>,
        emit: &dyn Fn(SearchFile),
    ) -> Option<SearchBudget> {
        let mut state = self.states.lock().expect("search states").remove(lang)?;
        let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
        if pages.len() != state.pages() {
            return None;
        }
        let tag_names = tag_names(site, lang);
        let mut changed: Vec<&Page> = edited
            .iter()
            .map(|&i| &site.pages[i])
            .filter(|p| p.lang == lang)
            .collect();
        changed.sort_by(|a, b| a.url.cmp(&b.url));
        let owned: Vec<Extras> = changed.iter().map(|p| extras(p, &tag_names)).collect();
        let docs: Vec<SearchDoc> = changed
            .iter()
            .zip(&owned)
            .map(|(p, e)| doc(p, e, &p.rendered.plain_text))
            .collect();
        let search_dir = search_dir(site, lang);
        let by_url: HashMap<&str, &Page> = match self.output {
            None => pages.iter().map(|p| (p.url.as_str(), *p)).collect(),
            Some(_) => HashMap::new(),
        };
        let entry = |state: &IndexState, n: usize| -> Option<String> {
            match &self.output {
                None => {
                    let page = by_url.get(state.url(n))?;
                    let extras = extras(page, &tag_names);
                    let body = &page.rendered.plain_text;
                    Some(page_entry(state, n, &doc(page, &extras, body)))
                }
                Some(output) => {
                    let (key, start, lens) = state.page_file_of(n)?;
                    let path = output.join(&search_dir).join(format!("index/{key}.js"));
                    let bytes = std::fs::read(path).ok()?;
                    split_page_file(&bytes, &key, &lens)?
                        .into_iter()
                        .nth(n - start)
                }
            }
        };
        let emit = |mut file: SearchFile| {
            file.path = format!("{search_dir}/{}", file.path);
            emit(file)
        };
        let (total_bytes, first_query_bytes) = update(&mut state, &docs, &entry, &emit)?;
        self.keep(state);
        Some(SearchBudget {
            lang: lang.to_string(),
            total_bytes,
            first_query_bytes,
        })
    }
}

/// What one language's search index weighs: all its files, and the most a first
/// one- or two-character query downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchBudget {
    /// The language, as in placard.yaml.
    pub lang: String,
    /// All the index's files together.
    pub total_bytes: usize,
    /// The most a first one- or two-character query downloads.
    pub first_query_bytes: usize,
}

/// The search index of one language, with paths relative to the output root,
/// sorted by path.
pub fn search_index(site: &Site, lang: &str) -> SearchIndex {
    let files = std::sync::Mutex::new(Vec::new());
    let (budget, _) = write_search_index(site, lang, Keep::Nothing, None, &|file| {
        files.lock().expect("index files").push(file)
    });
    let mut files = files.into_inner().expect("index files");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    SearchIndex {
        files,
        total_bytes: budget.total_bytes,
        first_query_bytes: budget.first_query_bytes,
    }
}

/// A tag as its tag page names it: spellings that share a folder are one tag.
fn tag_names<'a>(site: &'a Site, lang: &str) -> HashMap<String, &'a String> {
    site.tags
        .get(lang)
        .map(|tags| tags.keys().map(|t| (tag_segment(t), t)).collect())
        .unwrap_or_default()
}

/// Owned values the index borrows: tags, headings, ISO dates and front matter facts.
type Extras = (Vec<String>, Vec<String>, Option<String>, Vec<String>);

fn extras(p: &Page, tag_names: &HashMap<String, &String>) -> Extras {
    let tags = p
        .meta
        .tags
        .iter()
        .map(|t| {
            tag_names
                .get(&tag_segment(t))
                .map_or_else(|| t.clone(), |name| (*name).clone())
        })
        .collect();
    let headings = p.rendered.toc.iter().map(|h| h.title.clone()).collect();
    let facts = facts(&p.meta.kind);
    (tags, headings, p.date().map(|d| d.to_string()), facts)
}

/// A page as the index sees it, with its plain text `body`.
fn doc<'a>(
    page: &'a Page,
    (tags, headings, date, facts): &'a Extras,
    body: &'a str,
) -> SearchDoc<'a> {
    SearchDoc {
        url: &page.url,
        title: &page.meta.title,
        kind: page.kind().name(),
        section: page.section.as_deref(),
        date: date.as_deref(),
        tags,
        headings,
        summary: page.meta.summary.as_deref(),
        body,
        facts,
    }
}

/// The language's search folder in the output, `search` or `en/search`.
fn search_dir(site: &Site, lang: &str) -> String {
    let lang_dir = site
        .config
        .lang_prefix(lang)
        .trim_start_matches('/')
        .to_string();
    if lang_dir.is_empty() {
        "search".to_string()
    } else {
        format!("{lang_dir}/search")
    }
}

/// Builds the search index of one language, handing each file (its path relative
/// to the output root) to `emit` as soon as it is made, in no particular order,
/// and returns what `keep` asks for of what an edit needs to update it. `texts`
/// is the plain text of the language's pages, in order, when the model does not
/// hold it (`Context::take_search_texts`).
fn write_search_index(
    site: &Site,
    lang: &str,
    keep: Keep,
    texts: Option<&[String]>,
    emit: &(dyn Fn(SearchFile) + Sync),
) -> (SearchBudget, Option<Kept>) {
    let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
    let tag_names = tag_names(site, lang);
    let extras: Vec<Extras> = pages.iter().map(|p| extras(p, &tag_names)).collect();
    let docs: Vec<SearchDoc> = pages
        .iter()
        .zip(&extras)
        .enumerate()
        .map(|(i, (p, e))| {
            doc(
                p,
                e,
                texts.map_or(&p.rendered.plain_text, |texts| &texts[i]),
            )
        })
        .collect();
    let search_dir = search_dir(site, lang);
    let (total_bytes, first_query_bytes, kept) = build_with(
        lang,
        &docs,
        &|mut file| {
            file.path = format!("{search_dir}/{}", file.path);
            emit(file)
        },
        keep,
    );
    let budget = SearchBudget {
        lang: lang.to_string(),
        total_bytes,
        first_query_bytes,
    };
    (budget, kept)
}
