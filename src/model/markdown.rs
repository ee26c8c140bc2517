//! Every page's and section's Markdown rendered (`content::markdown`) with its
//! `.md` links resolved against the model: a link to a page becomes that page's
//! URL in the linking page's language, and a picture of the page's bundle
//! shown by its resized copies (`srcset`, `width`, `height`), planned from
//! the header load read. A broken link is a warning in `build` and `serve`, an
//! error in `check`; a picture that cannot be published is an error at the
//! line that shows it.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::Site;
use crate::content::markdown::{self, ProblemKind, Rendered, Shown};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::images::{self, ImagesConfig};
use crate::load::{Asset, Source};
use crate::urls::{self, Target};

/// Markdown of every page and section, with `.md` links resolved against the model.
pub(crate) fn render_all(
    site: &mut Site,
    theme_ids: &BTreeSet<String>,
    strict: bool,
    diagnostics: &Diagnostics,
) {
    render_pages(site, theme_ids, strict, diagnostics, |_| true);
}

/// Markdown of every section and of the pages `wanted` picks (by index into
/// `Site::pages`), the others left as they are; returns what each page's
/// Markdown reported (also pushed into `diagnostics`), None for a page left
/// out.
pub(crate) fn render_pages(
    site: &mut Site,
    theme_ids: &BTreeSet<String>,
    strict: bool,
    diagnostics: &Diagnostics,
    wanted: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<Vec<Diagnostic>>> {
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let pages: Vec<_> = {
        let site = &*site;
        site.pages
            .par_iter()
            .enumerate()
            .map(|(index, p)| {
                wanted(index).then(|| {
                    let own = Diagnostics::new();
                    let rendered =
                        render_source(site, &p.source, &p.bundle_files, theme_ids, severity, &own);
                    (rendered, own.into_sorted())
                })
            })
            .collect()
    };
    let mut reported = Vec::with_capacity(pages.len());
    for (page, result) in site.pages.iter_mut().zip(pages) {
        reported.push(result.map(|(rendered, own)| {
            page.rendered = rendered;
            diagnostics.extend(own.iter().cloned());
            own
        }));
    }
    render_sections(site, theme_ids, severity, diagnostics);
    reported
}

/// The Markdown of every section's `_index.md`. A full build renders the
/// pages' Markdown as it writes them (`outputs::render_with_markdown`), and
/// the sections' before.
pub(crate) fn render_sections(
    site: &mut Site,
    theme_ids: &BTreeSet<String>,
    severity: Severity,
    diagnostics: &Diagnostics,
) {
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|s| {
            let source = s.source.as_ref()?;
            Some(render_source(
                site,
                source,
                &[],
                theme_ids,
                severity,
                diagnostics,
            ))
        })
        .collect();
    for (section, rendered) in site.sections.iter_mut().zip(sections) {
        if let Some(rendered) = rendered {
            section.rendered = rendered;
        }
    }
}

/// One file's Markdown, with the files of its bundle (`bundle`); a `.md` link
/// to a file that does not exist, or media from another host, is reported with
/// `severity` (an error in `check`, a warning in `build` and `serve`).
pub(crate) fn render_source(
    site: &Site,
    source: &Source,
    bundle: &[Asset],
    theme_ids: &BTreeSet<String>,
    severity: Severity,
    diagnostics: &Diagnostics,
) -> Rendered {
    let body = &source.body;
    render_body(site, source, body, bundle, theme_ids, severity, diagnostics)
}

/// `render_source` of the Markdown `body`, taken out of its `source`: a build
/// frees each page's body as soon as its page is written.
pub(crate) fn render_body(
    site: &Site,
    source: &Source,
    body: &str,
    bundle: &[Asset],
    theme_ids: &BTreeSet<String>,
    severity: Severity,
    diagnostics: &Diagnostics,
) -> Rendered {
    let dir = link_dir(source);
    let lang = source.lang.clone();
    let resolve = move |path: &str| {
        let (_, key, _, _) = crate::load::classify(path, &site.config)?;
        site.url_for_key(&key, &lang)
    };
    let settings = &site.config.images;
    let picture = |src: &str| {
        let (name, file) = bundle_picture(source, bundle, src)?;
        let Some(Ok((header, _))) = &file.image else {
            return None;
        };
        Some(shown(&name, header, settings))
    };
    let (rendered, problems) = markdown::render(
        body,
        source.body_line,
        &markdown::Context {
            dir: &dir,
            resolve: &resolve,
            picture: &picture,
            unsafe_html: site.config.markdown.unsafe_html,
            taken_ids: theme_ids,
        },
    );
    for problem in problems {
        if let ProblemKind::BrokenLink { target } = &problem.kind
            && links_to_left_out(site, &dir, target)
        {
            continue;
        }
        diagnostics.push(problem.into_diagnostic(&source.path, severity));
    }
    for link in rendered.links.iter().filter(|link| link.image) {
        let Some((name, file)) = bundle_picture(source, bundle, &link.url) else {
            continue;
        };
        let problems = match &file.image {
            Some(Ok((_, warnings))) => warnings.iter().collect(),
            Some(Err(problem)) => vec![problem],
            None => Vec::new(),
        };
        for problem in problems {
            let diagnostic = problem.diagnostic(&name);
            diagnostics.push(diagnostic.in_file(&source.path).at_line(Some(link.line)));
        }
    }
    rendered
}

/// The picture of `bundle` that an image's source as written (`photo.jpg`,
/// `photos/a%20b.jpg`) names, with its path inside the bundle.
pub(crate) fn bundle_picture<'b>(
    source: &Source,
    bundle: &'b [Asset],
    src: &str,
) -> Option<(String, &'b Asset)> {
    let bundle_dir = source.bundle_dir.as_deref()?;
    let url = urls::browser_form(src);
    let Target::Here { path, .. } = urls::target(&url) else {
        return None;
    };
    if path.is_empty() || path.starts_with('/') {
        return None;
    }
    let rel = urls::join_content_path(bundle_dir, path)?;
    let file = bundle
        .iter()
        .find(|file| file.rel == rel && file.image.is_some())?;
    let name = rel.strip_prefix(bundle_dir)?.trim_start_matches('/');
    Some((name.to_string(), file))
}

/// The first picture of its bundle that `page`'s Markdown (`rendered`) shows,
/// as its widest copy: the page's image for social cards and posters
/// (`PageView::image`).
pub(crate) fn first_picture(
    page: &super::Page,
    rendered: &Rendered,
    settings: &ImagesConfig,
) -> Option<Shown> {
    let (name, _, header) = first_bundle_picture(page, rendered)?;
    Some(shown(&name, &header, settings))
}

/// The first picture of its bundle that `page`'s Markdown (`rendered`) shows,
/// read without error: its path inside the bundle, its file and its header.
pub(crate) fn first_bundle_picture<'p>(
    page: &'p super::Page,
    rendered: &Rendered,
) -> Option<(String, &'p Asset, images::Header)> {
    rendered
        .links
        .iter()
        .filter(|link| link.image)
        .find_map(|link| {
            let (name, file) = bundle_picture(&page.source, &page.bundle_files, &link.url)?;
            let Some(Ok((header, _))) = &file.image else {
                return None;
            };
            Some((name, file, *header))
        })
}

/// The `<img>` of a picture at `name` inside its bundle: its copies, named as
/// `images` names them, and the widest one's size.
fn shown(name: &str, header: &images::Header, settings: &ImagesConfig) -> Shown {
    let copies = images::copies(header, settings);
    let names = images::file_names(name, header, settings);
    let url = |name: &str| urls::encode_path(name);
    let srcset = copies
        .iter()
        .zip(&names)
        .map(|((width, _), name)| format!("{} {width}w", url(name)))
        .collect::<Vec<_>>()
        .join(", ");
    let widest = copies.len() - 1;
    Shown {
        src: url(&names[widest]),
        srcset,
        width: copies[widest].0,
        height: copies[widest].1,
    }
}

/// Whether a `.md` link points at a file left out of the site for its own
/// errors: that file's error says what to fix, and the link works once it is.
fn links_to_left_out(site: &Site, dir: &str, target: &str) -> bool {
    let path = target.split('#').next().unwrap_or(target);
    crate::urls::join_content_path(dir, path)
        .and_then(|path| crate::load::classify(&path, &site.config))
        .is_some_and(|(_, key, _, _)| site.left_out.contains(&key))
}

/// The folder, relative to `content/`, that relative `.md` links in a file start from.
pub(crate) fn link_dir(source: &Source) -> String {
    if source.is_section || source.bundle_dir.is_some() {
        source.key.clone()
    } else {
        source
            .key
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    }
}
