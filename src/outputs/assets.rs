//! Files published as they are: each page bundle's files beside its page (but
//! its pictures, which `images` publishes), the
//! other files of `content/` and of `static/` at their paths (as copy
//! instructions carrying what load recorded), and the theme's static files and
//! the code highlighting stylesheet (as bytes) unless `static/` has its own.

use crate::messages::outputs as say;
use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::{Context, Origin, Output, Sink};
use crate::load::{Asset, CONTENT_DIR};
use crate::model::Page;

/// The files of `content/` and `static/`.
pub(crate) struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let bundle_files: Vec<(&Page, &Asset)> = cx
            .pages()
            .flat_map(|(_, page)| page.bundle_files.iter().map(move |file| (page, file)))
            // Pictures are published as their copies (`images`), never as they are.
            .filter(|(_, file)| file.image.is_none())
            .collect();
        bundle_files.par_iter().for_each(|(page, file)| {
            let bundle = page.source.bundle_dir.as_deref().unwrap_or("");
            let name = file.rel.strip_prefix(bundle).unwrap_or(&file.rel);
            let path = format!("{}/{}", page.path, name.trim_start_matches('/'));
            cx.report(sink.copy(&path, file, content_file_origin(&file.rel)));
        });
        if !cx.scope.everything() {
            return;
        }
        let site = cx.site;
        let assets = site
            .assets
            .par_iter()
            .map(|asset| (asset, content_file_origin(&asset.rel)));
        let static_files = site.static_files.par_iter().map(|file| {
            let origin = Origin::from_file(
                say::the_file(),
                Path::new("static").join(&file.rel),
                None,
                Some(say::fix_static_file()),
            );
            (file, origin)
        });
        assets
            .chain(static_files)
            .for_each(|(file, origin)| cx.report(sink.copy(&file.rel, file, origin)));
    }
}

/// The theme's static files and `syntax.css`.
pub(crate) struct ThemeFiles;

impl Output for ThemeFiles {
    fn name(&self) -> &'static str {
        "theme files"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        if !cx.scope.everything() {
            return;
        }
        // A file of the site's static/ replaces the theme's file of that
        // name, as in Hugo and Zola; any other second output at a path
        // is an error (`outputs::Claimed`).
        let own: HashSet<&str> = cx
            .site
            .static_files
            .iter()
            .map(|f| f.rel.as_str())
            .collect();
        for (name, bytes) in &cx.theme.static_files {
            if !own.contains(name.as_str()) {
                let origin = Origin::built(say::theme_file(name));
                cx.report(sink.put(name, bytes.to_vec(), origin));
            }
        }
        if !own.contains("syntax.css") {
            cx.report(sink.put(
                "syntax.css",
                crate::content::markdown::syntax_css().into_bytes(),
                Origin::built(say::highlighting_stylesheet()),
            ));
        }
    }
}

/// A file of `content/` (at `rel` inside it), copied as it is.
fn content_file_origin(rel: &str) -> Origin {
    Origin::from_file(
        say::the_file(),
        Path::new(CONTENT_DIR).join(rel),
        None,
        Some(say::fix_file()),
    )
}
