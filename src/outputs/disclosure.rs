//! The disclosure catalogue (政府信息公开目录) of each language, at
//! `disclosure/`: every document with an index number, newest first, with the
//! topics, issuers and years its filters offer (placard.js filters the table
//! and keeps the choice in the URL; without JavaScript the whole table shows).
//! Made for a government site with a disclosure code, when the theme has
//! `disclosure.html`.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Context, Origin, Output, Sink, join_file};
use crate::diagnostics::Diagnostic;
use crate::model::disclosure::{CATALOGUE_COLUMN_TYPE, disclosure_of};
use crate::render::views::{ColumnView, PageView, label};
use crate::render::{Place, has_catalogue};

pub(crate) struct Catalogue;

impl Output for Catalogue {
    fn name(&self) -> &'static str {
        "disclosure catalogues"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        if !has_catalogue(cx.site, cx.theme) {
            return;
        }
        for lang in cx.site.config.languages.keys() {
            if cx.scope.lists(lang) {
                cx.report(render_catalogue(cx, lang, sink));
            }
        }
    }
}

/// What disclosure.html gets as `catalogue`.
#[derive(Serialize)]
struct CatalogueView<'a> {
    title: String,
    /// The documents, newest first.
    documents: Vec<PageView<'a>>,
    /// The filters' choices: the site's topics that documents have (in the
    /// site's order), the issuers (by name) and the years (newest first).
    topics: Vec<String>,
    issuers: Vec<String>,
    years: Vec<i16>,
}

fn render_catalogue(cx: &Context<'_>, lang: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let site = cx.site;
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let page = &site.pages[i];
            page.lang == lang && disclosure_of(page).is_some_and(|d| d.index_number.is_some())
        })
        .collect();
    let documents = cx.renderer.summaries(&indices);
    let records: Vec<_> = documents
        .iter()
        .filter_map(|d| d.disclosure.as_ref())
        .collect();
    let used: BTreeSet<&str> = records.iter().filter_map(|r| r.topic.as_deref()).collect();
    let topics = site
        .config
        .topics()
        .iter()
        .map(|t| crate::config::topic_name(t, lang))
        .filter(|t| used.contains(t.as_str()))
        .collect();
    let issuers: BTreeSet<String> = records.iter().filter_map(|r| r.issuer.clone()).collect();
    let years: BTreeSet<i16> = records.iter().filter_map(|r| r.year).collect();
    let title = label(cx.renderer.t(lang), "catalogue");
    let prefix = site.config.lang_prefix(lang);
    let file = join_file(prefix.trim_start_matches('/'), "disclosure/index.html");
    let place = Place {
        column: Some(ColumnView {
            name: title.clone(),
            description: label(cx.renderer.t(lang), "catalogue_intro"),
            keywords: title.clone(),
            column_type: CATALOGUE_COLUMN_TYPE.to_string(),
        }),
        ..cx.renderer.plain_place(lang, file.clone(), "disclosure/")
    };
    let mut context = cx.renderer.context(&place);
    context.insert(
        "catalogue",
        &CatalogueView {
            title,
            documents,
            topics,
            issuers: issuers.into_iter().collect(),
            years: years.into_iter().rev().collect(),
        },
    );
    let origin = Origin::built(crate::messages::government::the_catalogue());
    cx.put_html(sink, "disclosure.html", &file, &context, origin)
}
