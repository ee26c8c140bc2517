//! Aliases: for each of a page's `aliases:`, a small page at that path that
//! sends the browser on to where the page lives now.

use super::{Context, Origin, Output, Sink};
use crate::paths::alias_path;
use crate::text::escape_html;

pub(crate) struct Aliases;

impl Output for Aliases {
    fn name(&self) -> &'static str {
        "aliases"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        for (_, page) in cx.pages() {
            for alias in &page.meta.aliases {
                // One that would leave the output folder is the model's error.
                let Ok(path) = alias_path(&alias.value) else {
                    continue;
                };
                let origin = Origin::from_file(
                    crate::messages::outputs::alias_of_page(),
                    &page.source.path,
                    alias.line,
                    Some(crate::messages::outputs::fix_alias()),
                );
                let html = redirect_html(&cx.site.permalink(&page.url));
                cx.report(sink.put(&format!("{path}/index.html"), html.into_bytes(), origin));
            }
        }
    }
}

/// A page that sends the browser on to where a page lives now.
fn redirect_html(target: &str) -> String {
    let target = escape_html(target);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{target}</title>\
         <link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
         <body><a href=\"{target}\">{target}</a></body></html>\n"
    )
}
