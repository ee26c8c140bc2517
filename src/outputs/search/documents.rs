//! The site's pages as search documents, and the [`Search`] output: each
//! language's index (`<language>/search/index/`), one language at a time.

use std::collections::HashMap;

use super::{SearchDoc, SearchFile, SearchIndex, facts, write_index};
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
            let budget = write_search_index(site, lang, texts.as_deref(), &|file| {
                cx.report(sink.put(
                    &file.path,
                    file.bytes,
                    Origin::built(crate::messages::outputs::search_index()),
                ))
            });
            drop(texts);
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
    let budget = write_search_index(site, lang, None, &|file| {
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

/// Builds the search index of one language, handing each file (its path relative
/// to the output root) to `emit` as soon as it is made, in no particular order.
/// `texts` is the plain text of the language's pages, in order, when the model
/// does not hold it (`Context::take_search_texts`).
fn write_search_index(
    site: &Site,
    lang: &str,
    texts: Option<&[String]>,
    emit: &(dyn Fn(SearchFile) + Sync),
) -> SearchBudget {
    let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
    // A tag as its tag page names it: spellings that share a folder are one tag.
    let tag_names: HashMap<String, &String> = site
        .tags
        .get(lang)
        .map(|tags| tags.keys().map(|t| (tag_segment(t), t)).collect())
        .unwrap_or_default();
    // Owned values the index borrows: tags, headings, ISO dates and front matter facts.
    type Extras = (Vec<String>, Vec<String>, Option<String>, Vec<String>);
    let extras: Vec<Extras> = pages
        .iter()
        .map(|p| {
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
        })
        .collect();
    let docs: Vec<SearchDoc> = pages
        .iter()
        .zip(&extras)
        .enumerate()
        .map(|(i, (page, (tags, headings, date, facts)))| SearchDoc {
            url: &page.url,
            title: &page.meta.title,
            kind: page.kind().name(),
            section: page.section.as_deref(),
            date: date.as_deref(),
            tags,
            headings,
            summary: page.meta.summary.as_deref(),
            body: texts.map_or(&page.rendered.plain_text, |texts| &texts[i]),
            facts,
        })
        .collect();
    let lang_dir = site
        .config
        .lang_prefix(lang)
        .trim_start_matches('/')
        .to_string();
    let search_dir = if lang_dir.is_empty() {
        "search".to_string()
    } else {
        format!("{lang_dir}/search")
    };
    let (total_bytes, first_query_bytes) = write_index(lang, &docs, &|mut file| {
        file.path = format!("{search_dir}/{}", file.path);
        emit(file)
    });
    SearchBudget {
        lang: lang.to_string(),
        total_bytes,
        first_query_bytes,
    }
}
