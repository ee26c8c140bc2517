//! Pages of the theme with no model behind them, in every language: the
//! search page (`search/`, when the theme has search.html) and the 404 page.

use super::{Context, Origin, Output, Sink, join_file};
use crate::diagnostics::Diagnostic;

pub(crate) struct PlainPages;

impl Output for PlainPages {
    fn name(&self) -> &'static str {
        "search and 404 pages"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        if !cx.scope.everything() {
            return;
        }
        for lang in cx.site.config.languages.keys() {
            if cx.theme.has_template("search.html") {
                // The other languages' search pages, from the root: a query only their
                // pages have gets a pointer there.
                let others: Vec<serde_json::Value> = cx
                    .site
                    .config
                    .languages
                    .iter()
                    .filter(|(other, _)| *other != lang)
                    .map(|(other, language)| {
                        let prefix = cx.site.config.lang_prefix(other);
                        let path = join_file(prefix.trim_start_matches('/'), "search/");
                        serde_json::json!({ "lang": other, "name": language.name, "path": path })
                    })
                    .collect();
                let search = serde_json::json!({
                    "index_url": "index/",
                    "script_url": "search.js",
                    "others": others,
                });
                cx.report(render_plain(
                    cx,
                    lang,
                    "search.html",
                    "search",
                    "index.html",
                    &[("search", search)],
                    sink,
                ));
            }
            cx.report(render_plain(
                cx,
                lang,
                "404.html",
                "",
                "404.html",
                &[],
                sink,
            ));
        }
    }
}

/// `template` at `dir/file_name` in the folder of `lang`, with the `extra` variables.
fn render_plain(
    cx: &Context<'_>,
    lang: &str,
    template: &str,
    dir: &str,
    file_name: &str,
    extra: &[(&str, serde_json::Value)],
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let prefix = cx.site.config.lang_prefix(lang);
    let file = join_file(&join_file(prefix.trim_start_matches('/'), dir), file_name);
    let url_path = if file_name == "index.html" {
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        }
    } else {
        join_file(dir, file_name)
    };
    let place = cx.renderer.plain_place(lang, file.clone(), &url_path);
    let mut context = cx.renderer.context(&place);
    for (key, value) in extra {
        context.insert(key.to_string(), value);
    }
    // `the search page`, `the 404 page`
    let origin = Origin::built(crate::messages::outputs::plain_page(
        template.trim_end_matches(".html"),
    ));
    cx.put_html(sink, template, &file, &context, origin)
}
