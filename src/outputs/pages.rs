//! Pages: each page of the site through its template (`page.html`, that of its
//! kind, or its own `template:`), at `<its folder>/index.html`.

use rayon::prelude::*;

use super::{Context, Output, Sink, page_origin};
use crate::diagnostics::Diagnostic;
use crate::model::Page;
use crate::render::views::PageView;

pub(crate) struct Pages;

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let pages: Vec<&Page> = cx.pages().map(|(_, page)| page).collect();
        pages.par_iter().for_each(|page| {
            cx.report(render_page(cx, page, sink));
            cx.progress.advance(1);
        });
    }
}

fn render_page(cx: &Context<'_>, page: &Page, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let renderer = &cx.renderer;
    let place = renderer.page_place(page);
    let mut context = renderer.context(&place);
    let view = PageView::new(cx.site, page, renderer.t(&page.lang), true);
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
