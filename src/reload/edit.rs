//! Edited pages that keep their place in the site: each read and parsed
//! again, its Markdown rendered, the site checked, and only the outputs that
//! show it rendered — the page, its translations, the lists it is in, the
//! sitemap if its date changed, then its tag pages.

use crate::messages::{Text, serve as say};
use std::path::PathBuf;

use jiff::civil::Date;

use super::{Outputs, Rebuilt, Reloaded, Session, errors_and_warnings};
use crate::content::front_matter::{FrontMatter, KindMeta};
use crate::content::markdown::Rendered;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::Source;
use crate::model::markdown::render_source;
use crate::model::{Page, Site};
use crate::outputs::Scope;
use crate::outputs::search::SearchStates;
use crate::render_site;

/// A page replaced by its edited version: its index, and what it was.
struct Replaced {
    index: usize,
    source: Source,
    meta: FrontMatter,
    rendered: Option<Rendered>,
}

impl Session {
    /// Re-reads edited pages and, when each keeps its place in the site,
    /// renders it and the outputs that show it (in two steps: the tag pages
    /// last). Err(why) when everything must be rebuilt instead.
    pub(super) fn edit_pages(
        &mut self,
        edits: Vec<(usize, PathBuf, String)>,
        publish: &mut dyn FnMut(Reloaded),
    ) -> Result<(), Text> {
        let model = self.model.as_mut().expect("pages are edited in a model");
        let site = &mut model.site;
        let edited_files: Vec<PathBuf> = edits
            .iter()
            .map(|(index, ..)| site.pages[*index].source.path.clone())
            .collect();
        let (mut replaced, mut found) = reparse(&self.options.root, site, edits)?;
        check_order(site, &replaced)?;

        let diagnostics = Diagnostics::new();
        for edit in &mut replaced {
            let page = &site.pages[edit.index];
            let rendered = render_source(
                site,
                &page.source,
                &page.bundle_files,
                &model.theme.ids,
                Severity::Warning,
                &diagnostics,
            );
            edit.rendered = Some(std::mem::replace(
                &mut site.pages[edit.index].rendered,
                rendered,
            ));
        }
        crate::model::validate::validate(site, &diagnostics);
        let indices: Vec<usize> = replaced.iter().map(|edit| edit.index).collect();
        let sitemap = replaced.iter().any(|edit| {
            let old = &edit.meta;
            last_modified(&site.pages[edit.index])
                != old.updated.max(old.date.as_ref().map(|d| d.value))
        });
        let scope = Scope::edited(site, &indices, sitemap);
        let memory = super::Memory::new(&self.options.root);
        if !indices.is_empty() {
            let search = Some(&model.search);
            render_site(site, &model.theme, &scope, &memory, &diagnostics, search);
        }
        // Validation looks at every page; only what concerns the edited files is new.
        found.extend(
            diagnostics
                .into_sorted()
                .into_iter()
                .filter(|d| d.file.as_ref().is_none_or(|f| edited_files.contains(f))),
        );
        let failed = found.iter().any(Diagnostic::is_error);
        if failed {
            restore(site, replaced);
            // The search index was updated for pages put back: made in full next time.
            model.search = SearchStates::default();
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            found.into_iter().partition(Diagnostic::is_error);
        for file in &edited_files {
            self.errors.remove(&Some(file.clone()));
        }
        self.hold_errors(errors);
        let outputs = if failed || indices.is_empty() {
            Outputs::Failed
        } else {
            Outputs::Some(memory.into_outputs())
        };
        let done = matches!(outputs, Outputs::Failed);
        publish(Reloaded {
            rebuilt: Rebuilt::Pages(edited_files.clone()),
            outputs,
            warnings,
            errors: self.held_errors(),
        });
        if !done {
            publish(self.tag_pages(&scope, edited_files));
        }
        Ok(())
    }

    /// The tag pages of the edited pages: last, as they can list thousands of
    /// pages, and a tab showing the edited page should not wait for them.
    fn tag_pages(&mut self, scope: &Scope, edited_files: Vec<PathBuf>) -> Reloaded {
        let model = self.model.as_ref().expect("the model is kept");
        let diagnostics = Diagnostics::new();
        let memory = super::Memory::new(&self.options.root);
        render_site(
            &model.site,
            &model.theme,
            &scope.tags(),
            &memory,
            &diagnostics,
            None,
        );
        let (errors, warnings) = errors_and_warnings(diagnostics);
        let outputs = if errors.is_empty() {
            Outputs::Some(memory.into_outputs())
        } else {
            Outputs::Failed
        };
        self.hold_errors(errors);
        Reloaded {
            rebuilt: Rebuilt::TagPages(edited_files),
            outputs,
            warnings,
            errors: self.held_errors(),
        }
    }
}

/// Each edited file read and its front matter parsed again, replacing its page
/// when it keeps its place; the files that fail are left as they were, with
/// their errors. Err(why) when one moved (a full rebuild follows).
fn reparse(
    root: &std::path::Path,
    site: &mut Site,
    edits: Vec<(usize, PathBuf, String)>,
) -> Result<(Vec<Replaced>, Vec<Diagnostic>), Text> {
    let mut replaced = Vec::new();
    let mut found = Vec::new();
    for (index, disk, rel) in edits {
        let diagnostics = Diagnostics::new();
        let parsed = match crate::load::content::read_source(
            root,
            &disk,
            &rel,
            &site.config,
            false,
            &diagnostics,
        ) {
            Ok(source) => source.and_then(|source| crate::content::parse(source, &diagnostics)),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        };
        let failed = diagnostics.has_errors();
        found.extend(diagnostics.into_sorted());
        let Some(parsed) = parsed.filter(|_| !failed) else {
            continue;
        };
        // An interpretation and its policy show each other's title.
        let linked = site.pages[index].interprets.is_some()
            || site
                .interpreted_by
                .contains_key(&site.pages[index].source.key);
        let page = &mut site.pages[index];
        let retitled = linked && page.meta.title != parsed.meta.title;
        if !same_place(page, &parsed.meta, site.today) || retitled {
            return Err(say::page_moved(&page.source.path.display().to_string()));
        }
        replaced.push(Replaced {
            index,
            meta: std::mem::replace(&mut page.meta, parsed.meta),
            source: std::mem::replace(&mut page.source, parsed.source),
            rendered: None,
        });
    }
    Ok((replaced, found))
}

/// Err(why) when an edited page's date, weight or title moved it in the lists.
fn check_order(site: &Site, replaced: &[Replaced]) -> Result<(), Text> {
    let pages = &site.pages;
    let in_order = |i: usize| {
        (i == 0 || pages[i - 1].listing_order(&pages[i]).is_le())
            && pages
                .get(i + 1)
                .is_none_or(|next| pages[i].listing_order(next).is_le())
    };
    match replaced.iter().find(|edit| !in_order(edit.index)) {
        Some(edit) => Err(say::page_reordered(
            &pages[edit.index].source.path.display().to_string(),
        )),
        None => Ok(()),
    }
}

/// The edited pages put back as they were (their new version has errors).
fn restore(site: &mut Site, replaced: Vec<Replaced>) {
    for edit in replaced {
        let page = &mut site.pages[edit.index];
        page.source = edit.source;
        page.meta = edit.meta;
        if let Some(rendered) = edit.rendered {
            page.rendered = rendered;
        }
    }
}

/// Whether an edited page keeps its URL, its tags and its side of the
/// current/archived split, so that only the outputs showing it change. (Its
/// position in the lists is checked once it is in place.)
fn same_place(page: &Page, meta: &FrontMatter, today: Date) -> bool {
    let old = &page.meta;
    let slug = |m: &FrontMatter| m.slug.as_ref().map(|s| s.value.clone());
    let aliases = |m: &FrontMatter| {
        m.aliases
            .iter()
            .map(|a| a.value.clone())
            .collect::<Vec<_>>()
    };
    let interprets = |m: &FrontMatter| m.interprets.as_ref().map(|i| i.value.clone());
    let expired = |m: &FrontMatter| match &m.kind {
        KindMeta::Notice(n) => n.valid_until.as_ref().is_some_and(|v| v.value < today),
        _ => false,
    };
    slug(old) == slug(meta)
        && aliases(old) == aliases(meta)
        && old.tags == meta.tags
        && old.draft == meta.draft
        && old.poster.is_some() == meta.poster.is_some()
        && old.kind.kind() == meta.kind.kind()
        && expired(old) == expired(meta)
        && interprets(old) == interprets(meta)
}

/// The date the sitemap gives a page.
fn last_modified(page: &Page) -> Option<Date> {
    page.meta.updated.max(page.date())
}
