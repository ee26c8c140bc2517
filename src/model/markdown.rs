//! Every page's and section's Markdown rendered (`content::markdown`) with its
//! `.md` links resolved against the model: a link to a page becomes that page's
//! URL in the linking page's language. A broken link is a warning in `build`
//! and `serve`, an error in `check`.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::Site;
use crate::content::markdown::{self, ProblemKind, Rendered};
use crate::diagnostics::{Diagnostics, Severity};
use crate::load::Source;

/// Markdown of every page and section, with `.md` links resolved against the model.
pub(crate) fn render_all(
    site: &mut Site,
    theme_ids: &BTreeSet<String>,
    strict: bool,
    diagnostics: &Diagnostics,
) {
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (pages, sections) = {
        let site = &*site;
        let render_one =
            |source: &Source| render_source(site, source, theme_ids, severity, diagnostics);
        let pages: Vec<_> = site
            .pages
            .par_iter()
            .map(|p| render_one(&p.source))
            .collect();
        let sections: Vec<_> = site
            .sections
            .par_iter()
            .map(|s| s.source.as_ref().map(render_one))
            .collect();
        (pages, sections)
    };
    for (page, rendered) in site.pages.iter_mut().zip(pages) {
        page.rendered = rendered;
    }
    for (section, rendered) in site.sections.iter_mut().zip(sections) {
        if let Some(rendered) = rendered {
            section.rendered = rendered;
        }
    }
}

/// One file's Markdown; a `.md` link to a file that does not exist, or media
/// from another host, is reported with `severity` (an error in `check`, a
/// warning in `build` and `serve`).
pub(crate) fn render_source(
    site: &Site,
    source: &Source,
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
    let (rendered, problems) = markdown::render(
        &source.body,
        source.body_line,
        &markdown::Context {
            dir: &dir,
            resolve: &resolve,
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
    rendered
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
