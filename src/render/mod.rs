//! Render: the site model through the theme's templates into output files,
//! handed to a `Sink`. Never reads content files and never writes to disk.

pub mod context;
pub mod i18n;
pub mod scope;
pub mod theme;

use std::path::Path;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::tag_segment;
use crate::model::{Page, Section, Site};
use crate::outputs::{Origin, Sink};
use crate::progress::Progress;
use context::{Link, PageView, TagLink, tags_url};
pub use scope::Scope;
pub use theme::Theme;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    languages: Vec<LanguageView<'a>>,
    sections: Vec<Link>,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    home_url: String,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    translated: bool,
}

#[derive(Serialize)]
struct HrefLang {
    lang: String,
    url: String,
}

/// Where an output sits and what it is a version of, for the common variables.
struct Place<'a> {
    lang: &'a str,
    /// Output file relative to the output root (`en/notices/x/index.html`).
    file: String,
    /// Root-relative URL of this output.
    url: String,
    /// This output in every language it exists in (for hreflang).
    versions: Vec<(String, String)>,
    /// Where the switcher goes in each other language, and whether that is a translation.
    alternates: Vec<(String, String, bool)>,
    breadcrumbs: Vec<Link>,
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// Per language, the values every output in it shares (`t`, `site`), made once.
    shared: IndexMap<String, Shared>,
}

struct Shared {
    t: Value,
    site: Value,
}

/// Reports an error and carries on: outputs are rendered in parallel, and every
/// error is collected.
type Report<'r> = &'r (dyn Fn(Result<(), Diagnostic>) + Sync);

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        let shared = site
            .config
            .languages
            .keys()
            .map(|lang| {
                let view = SiteView {
                    title: site.config.title_in(lang),
                    base_url: &site.config.base_url,
                    languages: site
                        .config
                        .languages
                        .iter()
                        .map(|(code, l)| LanguageView {
                            code,
                            name: &l.name,
                            title: site.config.title_in(code),
                            home_url: site.home(code).url.clone(),
                        })
                        .collect(),
                    sections: top_sections(site, lang)
                        .iter()
                        .map(|s| Link {
                            title: s.title.clone(),
                            url: s.url.clone(),
                        })
                        .collect(),
                };
                let shared = Shared {
                    t: Value::from_serializable(&theme.strings[lang]),
                    site: Value::from_serializable(&view),
                };
                (lang.clone(), shared)
            })
            .collect();
        Renderer {
            site,
            theme,
            shared,
        }
    }

    fn t(&self, lang: &str) -> &IndexMap<String, String> {
        &self.theme.strings[lang]
    }

    fn lang_url(&self, lang: &str, path: &str) -> String {
        format!(
            "{}{}/{path}",
            self.site.config.base_path(),
            self.site.config.lang_prefix(lang)
        )
    }

    /// The variables every template gets (docs/templates.md).
    fn common(&self, place: &Place<'_>) -> tera::Context {
        let site = self.site;
        let config = &site.config;
        let lang = place.lang;
        let mut context = tera::Context::new();
        // The way from this file to the site's top folder. 404.html is served
        // for a missing URL at any depth, so its way is absolute.
        let depth = place.file.matches('/').count();
        let root = if place.file.rsplit('/').next() == Some("404.html") {
            format!("{}/", config.base_path())
        } else if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        };
        let shared = &self.shared[lang];
        context.insert("lang", lang);
        context.insert_value("t", shared.t.clone());
        context.insert_value("site", shared.site.clone());
        context.insert("root", &root);
        context.insert("current_url", &place.url);
        context.insert("permalink", &site.permalink(&place.url));
        context.insert(
            "alternates",
            &place
                .alternates
                .iter()
                .map(|(code, url, translated)| Alternate {
                    lang: code.clone(),
                    name: config.languages[code.as_str()].name.clone(),
                    url: url.clone(),
                    translated: *translated,
                })
                .collect::<Vec<_>>(),
        );
        context.insert(
            "hreflang",
            &place
                .versions
                .iter()
                .map(|(code, url)| HrefLang {
                    lang: code.clone(),
                    url: site.permalink(url),
                })
                .collect::<Vec<_>>(),
        );
        context.insert("breadcrumbs", &place.breadcrumbs);
        context.insert("home_url", &site.home(lang).url);
        context.insert("search_url", &self.lang_url(lang, "search/"));
        context.insert("feed_url", &self.lang_url(lang, "atom.xml"));
        context.insert(
            "generator",
            &format!("placard {}", env!("CARGO_PKG_VERSION")),
        );
        context
    }

    /// Home, then each enclosing section, down to (not including) `key`'s own page.
    fn breadcrumbs(&self, lang: &str, key: &str, include_self: bool) -> Vec<Link> {
        let mut crumbs = Vec::new();
        let home = self.site.home(lang);
        crumbs.push(Link {
            title: self
                .t(lang)
                .get("home")
                .cloned()
                .unwrap_or_else(|| home.title.clone()),
            url: home.url.clone(),
        });
        let mut prefix = String::new();
        let parts: Vec<&str> = key.split('/').filter(|p| !p.is_empty()).collect();
        let take = if include_self {
            parts.len()
        } else {
            parts.len().saturating_sub(1)
        };
        for part in parts.iter().take(take) {
            prefix = if prefix.is_empty() {
                part.to_string()
            } else {
                format!("{prefix}/{part}")
            };
            if let Some(section) = self.site.section(lang, &prefix) {
                crumbs.push(Link {
                    title: section.title.clone(),
                    url: section.url.clone(),
                });
            }
        }
        crumbs
    }

    /// A section's place: it exists in every language.
    fn section_place(&self, section: &Section, file: String, url: String) -> Place<'a> {
        let site = self.site;
        let suffix = url.strip_prefix(&section.url).unwrap_or("").to_string();
        let others = |code: &str| {
            site.section(code, &section.key)
                .map(|s| format!("{}{suffix}", s.url))
        };
        Place {
            lang: lang_of(site, &section.lang),
            file,
            url,
            versions: site
                .config
                .languages
                .keys()
                .filter_map(|code| Some((code.clone(), others(code)?)))
                .collect(),
            alternates: site
                .config
                .languages
                .keys()
                .filter(|code| **code != section.lang)
                .filter_map(|code| Some((code.clone(), others(code)?, true)))
                .collect(),
            breadcrumbs: self.breadcrumbs(&section.lang, &section.key, false),
        }
    }

    fn page_place(&self, page: &Page) -> Place<'a> {
        let site = self.site;
        let translations = site.translations_of(page);
        Place {
            lang: lang_of(site, &page.lang),
            file: format!("{}/index.html", page.path),
            url: page.url.clone(),
            versions: translations
                .iter()
                .map(|(code, &i)| (code.clone(), site.pages[i].url.clone()))
                .collect(),
            alternates: site
                .config
                .languages
                .keys()
                .filter(|code| **code != page.lang)
                .map(|code| match translations.get(code) {
                    Some(&i) => (code.clone(), site.pages[i].url.clone(), true),
                    None => {
                        let fallback = site
                            .section(code, &page.parent)
                            .unwrap_or_else(|| site.home(code));
                        (code.clone(), fallback.url.clone(), false)
                    }
                })
                .collect(),
            breadcrumbs: self.breadcrumbs(&page.lang, &page.parent, true),
        }
    }

    fn render_to(
        &self,
        sink: &dyn Sink,
        template: &str,
        file: &str,
        context: &tera::Context,
        origin: Origin,
    ) -> Result<(), Diagnostic> {
        let html = self.theme.render(template, context)?;
        sink.put(file, html.into_bytes(), origin)
    }

    pub fn page_template(&self, page: &Page) -> String {
        if let Some(template) = &page.meta.template {
            return template.clone();
        }
        let own = format!("{}.html", page.kind().name());
        if self.theme.has_template(&own) {
            own
        } else {
            "page.html".to_string()
        }
    }

    fn render_page(&self, page: &Page, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let place = self.page_place(page);
        let mut context = self.common(&place);
        let view = PageView::new(self.site, page, self.t(&page.lang), true);
        context.insert("page", &view);
        let template = self.page_template(page);
        let while_rendering =
            |d: Diagnostic| d.with_hint(format!("while rendering {}", page.source.path.display()));
        let origin = |what: &'static str| page_origin(page, what);
        self.render_to(sink, &template, &place.file, &context, origin("the page"))
            .map_err(while_rendering)?;
        if let Some(poster) = &page.meta.poster {
            use crate::outputs::poster;
            let place = Place {
                file: poster::file(page),
                url: poster::url(page),
                ..place
            };
            let mut context = self.common(&place);
            context.insert("page", &view);
            let view = poster::view(self.site, page, poster, self.t(&page.lang))?;
            context.insert("poster", &view);
            let poster = origin("the poster of the page");
            self.render_to(sink, "poster.html", &place.file, &context, poster)
                .map_err(while_rendering)?;
        }
        for file in &page.bundle_files {
            let name = file
                .rel
                .strip_prefix(page.source.bundle_dir.as_deref().unwrap_or(""))
                .unwrap_or(&file.rel);
            sink.copy(
                &format!("{}/{}", page.path, name.trim_start_matches('/')),
                file,
                content_file_origin(&file.rel),
            )?;
        }
        for alias in &page.meta.aliases {
            if let Ok(path) = crate::paths::alias_path(&alias.value) {
                sink.put(
                    &format!("{path}/index.html"),
                    redirect_html(&self.site.permalink(&page.url)).into_bytes(),
                    Origin::from_file(
                        "the alias of the page",
                        &page.source.path,
                        alias.line,
                        "change the alias",
                    ),
                )?;
            }
        }
        Ok(())
    }

    /// The pages at `indices` as lists show them. Made anew for each list: a
    /// page is listed in its section and under each of its tags, but keeping every
    /// summary costs more memory (a fifth of the peak on a large site) than
    /// making them again costs time (a twentieth).
    fn summaries(&self, indices: &[usize]) -> Vec<PageView<'a>> {
        indices
            .iter()
            .map(|&i| {
                let page = &self.site.pages[i];
                PageView::new(self.site, page, self.t(&page.lang), false)
            })
            .collect()
    }

    /// Each page of a section's list, in parallel.
    fn render_section(&self, section: &Section, scope: &Scope, sink: &dyn Sink, report: Report) {
        let site = self.site;
        let (archived, current): (Vec<usize>, Vec<usize>) = section
            .pages
            .iter()
            .partition(|&&i| site.pages[i].is_expired(site.today));
        let chunks = list_chunks(&current, site.config.paginate);
        let total = chunks.len();
        chunks.par_iter().enumerate().for_each(|(index, chunk)| {
            let number = index + 1;
            if !(scope.shows_any(chunk) || number == 1 && scope.shows_any(&archived)) {
                return;
            }
            let file = list_file(&section.path, number);
            let place = self.section_place(section, file.clone(), list_url(&section.url, number));
            let mut context = self.common(&place);
            context.insert(
                "section",
                &SectionView {
                    title: section.title.clone(),
                    name: section.key.clone(),
                    url: section.url.clone(),
                    content: section.rendered.html.clone(),
                    pages: self.summaries(chunk),
                    archived: if number == 1 {
                        self.summaries(&archived)
                    } else {
                        Vec::new()
                    },
                    pagination: Pagination::new(&section.url, number, total),
                },
            );
            report(self.render_to(
                sink,
                "section.html",
                &file,
                &context,
                section_origin(section),
            ));
        });
    }

    fn render_home(&self, lang: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let site = self.site;
        let home = site.home(lang);
        let file = join_file(&home.path, "index.html");
        let place = self.section_place(home, file.clone(), home.url.clone());
        let mut context = self.common(&place);
        let in_lang: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].lang == lang)
            .collect();
        let urgent: Vec<usize> = in_lang
            .iter()
            .copied()
            .filter(|&i| site.pages[i].is_urgent(site.today))
            .collect();
        let latest: Vec<usize> = in_lang
            .iter()
            .copied()
            .filter(|&i| site.pages[i].date().is_some() && !site.pages[i].is_expired(site.today))
            .take(10)
            .collect();
        let sections = top_sections(site, lang);
        context.insert(
            "home",
            &HomeView {
                title: home.title.clone(),
                content: home.rendered.html.clone(),
                urgent: self.summaries(&urgent),
                latest: self.summaries(&latest),
                sections: sections
                    .iter()
                    .map(|s| {
                        let newest: Vec<usize> = s
                            .pages
                            .iter()
                            .copied()
                            .filter(|&i| !site.pages[i].is_expired(site.today))
                            .take(5)
                            .collect();
                        HomeSection {
                            title: s.title.clone(),
                            url: s.url.clone(),
                            pages: self.summaries(&newest),
                        }
                    })
                    .collect(),
            },
        );
        self.render_to(sink, "index.html", &file, &context, section_origin(home))
    }

    /// The list of all tags of a language, and each tag's pages (paginated like
    /// sections), in parallel.
    fn render_tags(&self, lang: &str, scope: &Scope, sink: &dyn Sink, report: Report) {
        let site = self.site;
        let empty = Default::default();
        let tags = site.tags.get(lang).unwrap_or(&empty);
        let base = tags_url(site, lang);
        let lang_dir = site
            .config
            .lang_prefix(lang)
            .trim_start_matches('/')
            .to_string();
        let title = self
            .t(lang)
            .get("tags")
            .cloned()
            .unwrap_or_else(|| "tags".into());
        let terms: Vec<TermView> = tags
            .iter()
            .map(|(name, pages)| TermView {
                name: name.clone(),
                url: format!("{base}{}/", tag_segment(name)),
                count: pages.len(),
            })
            .collect();
        let taxonomy = Value::from_serializable(&TaxonomyView {
            name: "tags",
            title: title.clone(),
            url: base.clone(),
            terms,
        });
        let other_langs = |url_of: &dyn Fn(&str) -> String| -> Vec<(String, String, bool)> {
            site.config
                .languages
                .keys()
                .filter(|c| c.as_str() != lang)
                .map(|c| (c.clone(), url_of(c), true))
                .collect()
        };
        let mut crumbs = self.breadcrumbs(lang, "", false);
        if scope.everything() {
            let index_file = join_file(&join_file(&lang_dir, "tags"), "index.html");
            let place = Place {
                lang: lang_of(site, lang),
                file: index_file.clone(),
                url: base.clone(),
                versions: site
                    .config
                    .languages
                    .keys()
                    .map(|c| (c.clone(), tags_url(site, c)))
                    .collect(),
                alternates: other_langs(&|c| tags_url(site, c)),
                breadcrumbs: crumbs.clone(),
            };
            let mut context = self.common(&place);
            context.insert_value("taxonomy", taxonomy.clone());
            context.insert("term", &Option::<TermPages>::None);
            let origin = Origin::built("the list of tags");
            report(self.render_to(sink, "taxonomy.html", &index_file, &context, origin));
        }
        crumbs.push(Link {
            title,
            url: base.clone(),
        });
        // Every page of every tag's list, as one set of jobs. (The model gave
        // each tag a folder of its own: see `Site::assemble`.)
        let mut lists = Vec::new();
        for (name, pages) in tags {
            let segment = tag_segment(name);
            let chunks = list_chunks(pages, site.config.paginate);
            let total = chunks.len();
            let origin = tag_origin(site, name, pages);
            for (index, chunk) in chunks.into_iter().enumerate() {
                lists.push((
                    name,
                    segment.clone(),
                    origin.clone(),
                    chunk,
                    index + 1,
                    total,
                ));
            }
        }
        lists
            .par_iter()
            .for_each(|(name, segment, origin, chunk, number, total)| {
                if !scope.shows_any(chunk) {
                    return;
                }
                let url = format!("{base}{segment}/");
                let dir = join_file(&lang_dir, &format!("tags/{segment}"));
                let file = list_file(&dir, *number);
                let place = Place {
                    lang: lang_of(site, lang),
                    file: file.clone(),
                    url: list_url(&url, *number),
                    versions: vec![(lang.to_string(), list_url(&url, *number))],
                    alternates: other_langs(&|c| tags_url(site, c)),
                    breadcrumbs: crumbs.clone(),
                };
                let mut context = self.common(&place);
                context.insert_value("taxonomy", taxonomy.clone());
                context.insert(
                    "term",
                    &Some(TermPages {
                        name: (*name).clone(),
                        pagination: Pagination::new(&url, *number, *total),
                        url,
                        pages: self.summaries(chunk),
                    }),
                );
                report(self.render_to(sink, "taxonomy.html", &file, &context, origin.clone()));
            });
    }

    /// A page with no model behind it (search, 404), in one language.
    fn render_plain(
        &self,
        lang: &str,
        template: &str,
        dir: &str,
        file_name: &str,
        extra: &[(&str, serde_json::Value)],
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let site = self.site;
        let lang_dir = site
            .config
            .lang_prefix(lang)
            .trim_start_matches('/')
            .to_string();
        let file = join_file(&join_file(&lang_dir, dir), file_name);
        let url_path = if file_name == "index.html" {
            if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            }
        } else {
            join_file(dir, file_name)
        };
        let url_in = |code: &str| self.lang_url(code, &url_path);
        let place = Place {
            lang: lang_of(site, lang),
            file: file.clone(),
            url: url_in(lang),
            versions: site
                .config
                .languages
                .keys()
                .map(|c| (c.clone(), url_in(c)))
                .collect(),
            alternates: site
                .config
                .languages
                .keys()
                .filter(|c| c.as_str() != lang)
                .map(|c| (c.clone(), url_in(c), true))
                .collect(),
            breadcrumbs: self.breadcrumbs(lang, "", false),
        };
        let mut context = self.common(&place);
        for (key, value) in extra {
            context.insert(key.to_string(), value);
        }
        // `the search page`, `the 404 page`
        let origin = Origin::built(format!("the {} page", template.trim_end_matches(".html")));
        self.render_to(sink, template, &file, &context, origin)
    }

    /// Renders what `scope` covers, every output on its own (in parallel); errors
    /// are collected, not fatal one by one.
    /// Each page rendered is a step of `progress`.
    pub fn render(
        &self,
        scope: &Scope,
        sink: &dyn Sink,
        diagnostics: &Diagnostics,
        progress: &dyn Progress,
    ) {
        let site = self.site;
        let pages: Vec<&Page> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(index, _)| scope.page(*index))
            .map(|(_, page)| page)
            .collect();
        let report = |result: Result<(), Diagnostic>| {
            if let Err(diagnostic) = result {
                diagnostics.push(diagnostic);
            }
        };
        let report: Report = &report;
        rayon::scope(|s| {
            s.spawn(|_| {
                pages.par_iter().for_each(|page| {
                    report(self.render_page(page, sink));
                    progress.advance(1);
                });
            });
            for section in &site.sections {
                if !section.key.is_empty() && scope.lists(&section.lang) {
                    s.spawn(move |_| self.render_section(section, scope, sink, report));
                }
            }
            for lang in site.config.languages.keys() {
                if scope.lists(lang) {
                    s.spawn(move |_| report(self.render_home(lang, sink)));
                }
                if scope.tag_lists(lang) {
                    s.spawn(move |_| self.render_tags(lang, scope, sink, report));
                }
                if !scope.everything() {
                    continue;
                }
                s.spawn(move |_| {
                    if self.theme.has_template("search.html") {
                        let search =
                            serde_json::json!({ "index_url": "index/", "script_url": "search.js" });
                        report(self.render_plain(
                            lang,
                            "search.html",
                            "search",
                            "index.html",
                            &[("search", search)],
                            sink,
                        ));
                    }
                    report(self.render_plain(lang, "404.html", "", "404.html", &[], sink));
                });
            }
            if !scope.everything() {
                return;
            }
            s.spawn(|_| {
                // A file of the site's static/ replaces the theme's file of that
                // name, as in Hugo and Zola; any other second output at a path
                // is an error (`outputs::Claimed`).
                let own: std::collections::HashSet<&str> =
                    site.static_files.iter().map(|f| f.rel.as_str()).collect();
                for (name, bytes) in &self.theme.static_files {
                    if !own.contains(name.as_str()) {
                        let origin = Origin::built(format!("the theme's file static/{name}"));
                        report(sink.put(name, bytes.to_vec(), origin));
                    }
                }
                if !own.contains("syntax.css") {
                    report(sink.put(
                        "syntax.css",
                        crate::content::markdown::syntax_css().into_bytes(),
                        Origin::built("the code highlighting stylesheet"),
                    ));
                }
            });
            s.spawn(|_| {
                let assets = site
                    .assets
                    .par_iter()
                    .map(|asset| (asset, content_file_origin(&asset.rel)));
                let static_files = site.static_files.par_iter().map(|file| {
                    let origin = Origin::from_file(
                        "the file",
                        Path::new("static").join(&file.rel),
                        None,
                        "rename or move the file in static/",
                    );
                    (file, origin)
                });
                assets
                    .chain(static_files)
                    .for_each(|(file, origin)| report(sink.copy(&file.rel, file, origin)));
            });
        });
    }
}

/// An output made from a page and named `what` (its poster, calendar).
pub(crate) fn page_origin(page: &Page, what: &'static str) -> Origin {
    Origin::from_file(
        what,
        &page.source.path,
        Some(page.meta.line),
        "give the page another `slug`",
    )
}

/// A file of `content/` (at `rel` inside it), copied as it is.
fn content_file_origin(rel: &str) -> Origin {
    Origin::from_file(
        "the file",
        Path::new(crate::load::CONTENT_DIR).join(rel),
        None,
        "rename or move the file",
    )
}

/// A section's list (or the home page): its `_index.md`, else its folder.
fn section_origin(section: &Section) -> Origin {
    match &section.source {
        _ if section.key.is_empty() => match &section.source {
            Some(source) => Origin::from_file("the home page", &source.path, None, ""),
            None => Origin::built("the home page"),
        },
        Some(source) => Origin::from_file(
            "the list of the section",
            &source.path,
            None,
            "rename the section's folder",
        ),
        None => Origin::from_file(
            "the list of the folder",
            Path::new(crate::load::CONTENT_DIR).join(&section.key),
            None,
            "rename the folder",
        ),
    }
}

/// A tag's list: the tag as written on the newest of its `pages`.
fn tag_origin(site: &Site, name: &str, pages: &[usize]) -> Origin {
    let what = format!("the list of tag `{name}`, from");
    match pages.first().map(|&i| &site.pages[i]) {
        Some(page) => Origin::from_file(
            what,
            &page.source.path,
            page.tag_line(name),
            "rename the tag",
        ),
        None => Origin::built(format!("the list of tag `{name}`")),
    }
}

/// Always a configured language (the `&'a str` borrowed from the config).
fn lang_of<'s>(site: &'s Site, lang: &str) -> &'s str {
    site.config
        .languages
        .get_key_value(lang)
        .map(|(k, _)| k.as_str())
        .unwrap_or(site.config.default_language.as_str())
}

/// The top-level sections of a language, in menu order (weight, then name).
fn top_sections<'s>(site: &'s Site, lang: &str) -> Vec<&'s Section> {
    let mut sections: Vec<&Section> = site
        .sections
        .iter()
        .filter(|s| s.lang == lang && !s.key.is_empty() && !s.key.contains('/'))
        .collect();
    sections.sort_by(|a, b| (a.weight, &a.key).cmp(&(b.weight, &b.key)));
    sections
}

/// A list cut into pages of `per_page`; an empty list still has one (empty) page.
fn list_chunks(indices: &[usize], per_page: usize) -> Vec<&[usize]> {
    if indices.is_empty() {
        vec![&[]]
    } else {
        indices.chunks(per_page).collect()
    }
}

/// Page `number` of the list at `url`: `url` itself, then `url/page/2/`, ...
fn list_url(url: &str, number: usize) -> String {
    if number == 1 {
        url.to_string()
    } else {
        format!("{url}page/{number}/")
    }
}

/// The file of page `number` of the list in folder `dir`.
fn list_file(dir: &str, number: usize) -> String {
    if number == 1 {
        join_file(dir, "index.html")
    } else {
        join_file(dir, &format!("page/{number}/index.html"))
    }
}

fn join_file(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// A page that sends the browser on to where a page lives now.
fn redirect_html(target: &str) -> String {
    let target = crate::text::escape_html(target);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{target}</title>\
         <link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
         <body><a href=\"{target}\">{target}</a></body></html>\n"
    )
}

#[derive(Serialize)]
struct SectionView<'a> {
    title: String,
    name: String,
    url: String,
    content: String,
    pages: Vec<PageView<'a>>,
    archived: Vec<PageView<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageNumber>,
}

impl Pagination {
    /// Where page `number` of `total` of the list at `url` leads. The numbers
    /// shown are the first, the last and those near the current one, so a list
    /// of hundreds of pages does not put hundreds of links on each.
    fn new(url: &str, number: usize, total: usize) -> Pagination {
        let near = |n: usize| n.abs_diff(number) <= PAGES_AROUND;
        // A gap of one number shows the number instead.
        let shown = |n: usize| {
            n == 1 || n == total || near(n) || n == 2 && near(3) || n + 1 == total && near(n - 1)
        };
        let mut pages = Vec::new();
        let mut previous = 0;
        for n in (1..=total).filter(|&n| shown(n)) {
            pages.push(PageNumber {
                number: n,
                url: list_url(url, n),
                gap_before: n > previous + 1,
            });
            previous = n;
        }
        Pagination {
            current: number,
            total,
            prev_url: (number > 1).then(|| list_url(url, number - 1)),
            next_url: (number < total).then(|| list_url(url, number + 1)),
            pages,
        }
    }
}

/// Page numbers shown either side of the current one.
const PAGES_AROUND: usize = 2;

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    /// Numbers were left out between the previous one shown and this one.
    gap_before: bool,
}

#[derive(Serialize)]
struct HomeView<'a> {
    title: String,
    content: String,
    urgent: Vec<PageView<'a>>,
    latest: Vec<PageView<'a>>,
    sections: Vec<HomeSection<'a>>,
}

#[derive(Serialize)]
struct HomeSection<'a> {
    title: String,
    url: String,
    pages: Vec<PageView<'a>>,
}

#[derive(Serialize)]
struct TaxonomyView {
    name: &'static str,
    title: String,
    url: String,
    terms: Vec<TermView>,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermPages<'a> {
    name: String,
    url: String,
    pages: Vec<PageView<'a>>,
    pagination: Pagination,
}

#[allow(dead_code)]
fn _unused(_: TagLink) {}
