//! The pictures of page bundles, each published as the resized copies that
//! `images` makes of it (and its original with `images.keep_original`), never
//! as it is: beside each page that has it, in every language, made once. The
//! sink has them made (`write` and `serve`) or only notes their paths (`check`).

use crate::messages::images as say;
use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::{Context, Origin, Output, Picture, Sink};
use crate::load::{Asset, CONTENT_DIR};
use crate::model::Page;
use crate::model::markdown::bundle_picture;

/// The pictures of page bundles.
pub(crate) struct Images;

/// One picture, and what publishes it.
struct Found<'a> {
    file: &'a Asset,
    name: String,
    dirs: Vec<String>,
    /// The first Markdown line that shows it: where its errors are reported.
    shown_at: Option<Origin>,
}

impl Output for Images {
    fn name(&self) -> &'static str {
        "images"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let mut found: BTreeMap<&str, Found<'_>> = BTreeMap::new();
        for (_, page) in cx.pages() {
            let bundle = page.source.bundle_dir.as_deref().unwrap_or("");
            for file in page.bundle_files.iter().filter(|f| f.image.is_some()) {
                let entry = found.entry(&file.rel).or_insert_with(|| Found {
                    file,
                    name: file
                        .rel
                        .strip_prefix(bundle)
                        .unwrap_or(&file.rel)
                        .trim_start_matches('/')
                        .to_string(),
                    dirs: Vec::new(),
                    shown_at: None,
                });
                entry.dirs.push(page.path.clone());
                if entry.shown_at.is_none() {
                    entry.shown_at = shown_at(page, file);
                }
            }
        }
        found.into_par_iter().for_each(|(_, found)| {
            let header = match &found.file.image {
                Some(Ok((header, _))) => *header,
                // Reported at each line that shows it (`model::markdown`);
                // a picture nothing shows is reported at its own file.
                Some(Err(problem)) => {
                    if found.shown_at.is_none() {
                        let file = Path::new(CONTENT_DIR).join(&found.file.rel);
                        cx.report(Err(problem.diagnostic(&found.name).in_file(file)));
                    }
                    return;
                }
                None => return,
            };
            let picture = Picture {
                file: found.file,
                header,
                settings: &cx.site.config.images,
                name: found.name,
                dirs: found.dirs,
            };
            let origin = found.shown_at.unwrap_or_else(|| {
                Origin::from_file(
                    say::the_image(),
                    Path::new(CONTENT_DIR).join(&found.file.rel),
                    None,
                    Some(say::rename_or_move()),
                )
            });
            cx.report(sink.image(&picture, origin));
        });
    }
}

/// The first line of `page`'s Markdown that shows `file`.
fn shown_at(page: &Page, file: &Asset) -> Option<Origin> {
    let link = page.rendered.links.iter().find(|link| {
        link.image
            && bundle_picture(&page.source, &page.bundle_files, &link.url)
                .is_some_and(|(_, shown)| shown.rel == file.rel)
    })?;
    Some(Origin::from_file(
        say::the_image(),
        &page.source.path,
        Some(link.line),
        Some(say::rename_or_move()),
    ))
}
