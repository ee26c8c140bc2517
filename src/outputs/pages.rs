//! Pages: each page of the site through its template (`page.html`, that of its
//! kind, or its own `template:`), at `<its folder>/index.html`.

use std::collections::HashSet;

use rayon::prelude::*;

use super::{Context, Output, Sink, feeds, page_origin};
use crate::content::markdown::Rendered;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::{Page, markdown};
use crate::render::views::PageView;

pub(crate) struct Pages;

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let pages: Vec<&Page> = cx.pages().map(|(_, page)| page).collect();
        pages.par_iter().for_each(|page| {
            cx.report(render_page(cx, page, &page.rendered, sink));
            cx.progress.advance(1);
        });
    }
}

/// Every page of the site written as its Markdown is rendered, for a build
/// whose model holds no page's Markdown yet: a page's HTML is dropped once its
/// page is written, so that memory does not grow with the pages' HTML, and kept
/// only where another output shows it again (the page's poster, its language's
/// feed). Returns each page's rendered Markdown, in the order of the site's
/// pages, for the outputs that come after (lists, feeds), with its plain text
/// apart (for the search index, which frees it language by language), and
/// what its Markdown reported (for the build cache).
pub(crate) fn render_with_markdown(
    cx: &Context<'_>,
    sink: &dyn Sink,
    bodies: Vec<String>,
) -> (Vec<Rendered>, Vec<String>, Vec<Vec<Diagnostic>>) {
    let site = cx.site;
    let in_feeds: HashSet<usize> = site
        .config
        .languages
        .keys()
        .flat_map(|lang| feeds::entries(site, lang).map(|(index, _)| index))
        .collect();
    let made: Vec<_> = site
        .pages
        .par_iter()
        .zip(bodies)
        .enumerate()
        .map(|(index, (page, body))| {
            let own = Diagnostics::new();
            let rendered = markdown::render_body(
                site,
                &page.source,
                &body,
                &page.bundle_files,
                &cx.theme.ids,
                Severity::Warning,
                &own,
            );
            drop(body);
            let own = own.into_sorted();
            cx.diagnostics.extend(own.iter().cloned());
            cx.report(render_page(cx, page, &rendered, sink));
            cx.progress.advance(1);
            let shown_again = page.meta.poster.is_some() || in_feeds.contains(&index);
            let (kept, text) = kept(rendered, shown_again);
            (kept, text, own)
        })
        .collect();
    let mut rendered = Vec::with_capacity(made.len());
    let mut texts = Vec::with_capacity(made.len());
    let mut reported = Vec::with_capacity(made.len());
    for (kept, text, own) in made {
        rendered.push(kept);
        texts.push(text);
        reported.push(own);
    }
    (rendered, texts, reported)
}

/// What the outputs after the pages need of a page's Markdown: its headings
/// (search), word count, the images it shows (lists, social cards, pictures),
/// and its HTML only when `shown_again`; and apart, its plain text (search).
/// The anchors and the other links are for `check`.
fn kept(rendered: Rendered, shown_again: bool) -> (Rendered, String) {
    let Rendered {
        html,
        toc,
        plain_text,
        word_count,
        anchors: _,
        mut links,
    } = rendered;
    links.retain(|link| link.image);
    links.shrink_to_fit();
    let kept = Rendered {
        html: if shown_again { html } else { String::new() },
        toc,
        plain_text: String::new(),
        word_count,
        anchors: Vec::new(),
        links,
    };
    (kept, plain_text)
}

fn render_page(
    cx: &Context<'_>,
    page: &Page,
    rendered: &Rendered,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let renderer = &cx.renderer;
    let place = renderer.page_place(page);
    let mut context = renderer.context(&place);
    let view = PageView::with_markdown(cx.site, page, rendered, renderer.t(&page.lang), true);
    context.insert("page", &view);
    let template = renderer.page_template(page);
    let origin = page_origin(page, crate::messages::outputs::the_page());
    cx.put_html(sink, &template, &place.file, &context, origin)
        .map_err(|d| while_rendering(d, page))
}

/// A template error, with the page it happened on.
pub(super) fn while_rendering(diagnostic: Diagnostic, page: &Page) -> Diagnostic {
    diagnostic.with_hint(crate::messages::outputs::while_rendering(
        &page.source.path.display().to_string(),
    ))
}
