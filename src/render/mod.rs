//! Render: the theme's templates filled with views of the model. The theme
//! (templates, static files, UI strings) is made of the files load read; views
//! (`views`) are what templates see of a page; `i18n` formats dates and sizes
//! per language; a [`Renderer`] gives every template the variables all pages
//! share and renders it to a string. Reads no file and writes none, and knows
//! nothing of outputs: each output (`outputs/`) decides what to render where.

pub(crate) mod i18n;
pub(crate) mod theme;
pub(crate) mod views;

use indexmap::IndexMap;
use serde::Serialize;
use tera::Value;

use crate::diagnostics::Diagnostic;
use crate::model::{Page, Section, Site};
pub(crate) use theme::Theme;
use views::{ColumnView, Link, PageView};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    languages: Vec<LanguageView<'a>>,
    sections: Vec<Link>,
    /// The records of a government website; None for an ordinary site.
    government: Option<GovernmentView<'a>>,
}

/// `site.government`: placard.yaml's `government:` block as templates see it.
#[derive(Serialize)]
struct GovernmentView<'a> {
    site_code: &'a str,
    site_domain: &'a str,
    organiser: &'a str,
    icp: Option<&'a str>,
    police_record: Option<&'a str>,
    disclosure_code: Option<&'a str>,
    /// The disclosure catalogue of the language, when the site has one.
    catalogue_url: Option<String>,
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
pub(crate) struct Place<'a> {
    pub lang: &'a str,
    /// Output file relative to the output root (`en/notices/x/index.html`).
    pub file: String,
    /// Root-relative URL of this output.
    pub url: String,
    /// This output in every language it exists in (for hreflang).
    pub versions: Vec<(String, String)>,
    /// Where the switcher goes in each other language, and whether that is a translation.
    pub alternates: Vec<(String, String, bool)>,
    pub breadcrumbs: Vec<Link>,
    /// The column (section) the output is or is in, for the `Column*` metadata.
    pub column: Option<ColumnView>,
}

/// The theme's templates for one site: renders a template with the variables
/// every page gets (docs/templates.md) and those of its own view. Made once
/// per build (or rebuild) and shared by every output.
pub(crate) struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// Per language, the values every output in it shares (`t`, `site`), made once.
    languages: IndexMap<String, LanguageValues>,
}

/// The template variables that are the same on every page of a language.
struct LanguageValues {
    t: Value,
    site: Value,
}

impl<'a> Renderer<'a> {
    /// The renderer of `site`'s pages with `theme`.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        let languages = site
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
                    government: site.config.government.as_ref().map(|g| GovernmentView {
                        site_code: &g.site_code,
                        site_domain: site.config.site_domain(),
                        organiser: &g.organiser,
                        icp: g.icp.as_deref(),
                        police_record: g.police_record.as_deref(),
                        disclosure_code: g.disclosure_code.as_deref(),
                        catalogue_url: has_catalogue(site, theme)
                            .then(|| catalogue_url(site, lang)),
                    }),
                };
                let values = LanguageValues {
                    t: Value::from_serializable(&theme.strings[lang]),
                    site: Value::from_serializable(&view),
                };
                (lang.clone(), values)
            })
            .collect();
        Renderer {
            site,
            theme,
            languages,
        }
    }

    /// The theme's UI strings in `lang`.
    pub(crate) fn t(&self, lang: &str) -> &IndexMap<String, String> {
        &self.theme.strings[lang]
    }

    /// Root-relative URL of `path` in `lang` (`/en/search/`).
    pub(crate) fn lang_url(&self, lang: &str, path: &str) -> String {
        format!(
            "{}{}/{path}",
            self.site.config.base_path(),
            self.site.config.lang_prefix(lang)
        )
    }

    /// The variables every template gets (docs/templates.md).
    pub(crate) fn context(&self, place: &Place<'_>) -> tera::Context {
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
        let values = &self.languages[lang];
        context.insert("lang", lang);
        context.insert_value("t", values.t.clone());
        context.insert_value("site", values.site.clone());
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
        context.insert("column", &place.column);
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
    pub(crate) fn breadcrumbs(&self, lang: &str, key: &str, include_self: bool) -> Vec<Link> {
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
    pub(crate) fn section_place(&self, section: &Section, file: String, url: String) -> Place<'a> {
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
            column: Some(ColumnView::of(section)),
        }
    }

    /// A page's place: in the languages it is translated into.
    pub(crate) fn page_place(&self, page: &Page) -> Place<'a> {
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
            column: site.section(&page.lang, &page.parent).map(ColumnView::of),
        }
    }

    /// The place of a page with no model behind it (search, 404) at `url_path`
    /// under each language's folder (`file` is its output file): it exists in
    /// every language.
    pub(crate) fn plain_place(&self, lang: &str, file: String, url_path: &str) -> Place<'a> {
        let site = self.site;
        let url_in = |code: &str| self.lang_url(code, url_path);
        Place {
            lang: lang_of(site, lang),
            file,
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
            column: None,
        }
    }

    /// The template of a page: its `template:`, else that of its kind, else page.html.
    pub(crate) fn page_template(&self, page: &Page) -> String {
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

    /// `template` rendered with `context`; a template error names the
    /// template file and line.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.theme.render(template, context)
    }

    /// The pages at `indices` as lists show them. Made anew for each list: a
    /// page is listed in its section and under each of its tags, but keeping every
    /// summary costs more memory (a fifth of the peak on a large site) than
    /// making them again costs time (a twentieth).
    pub(crate) fn summaries(&self, indices: &[usize]) -> Vec<PageView<'a>> {
        indices
            .iter()
            .map(|&i| {
                let page = &self.site.pages[i];
                PageView::new(self.site, page, self.t(&page.lang), false)
            })
            .collect()
    }
}

/// Whether the site has a disclosure catalogue (`disclosure/`): a government
/// site with a disclosure code, and a theme with `disclosure.html`.
pub(crate) fn has_catalogue(site: &Site, theme: &Theme) -> bool {
    site.config.disclosure_code().is_some() && theme.has_template("disclosure.html")
}

/// Root-relative URL of a language's disclosure catalogue (`/en/disclosure/`).
pub(crate) fn catalogue_url(site: &Site, lang: &str) -> String {
    format!(
        "{}{}/disclosure/",
        site.config.base_path(),
        site.config.lang_prefix(lang)
    )
}

/// Always a configured language (the `&'a str` borrowed from the config).
pub(crate) fn lang_of<'s>(site: &'s Site, lang: &str) -> &'s str {
    site.config
        .languages
        .get_key_value(lang)
        .map(|(k, _)| k.as_str())
        .unwrap_or(site.config.default_language.as_str())
}

/// The top-level sections of a language, in menu order (weight, then name).
pub(crate) fn top_sections<'s>(site: &'s Site, lang: &str) -> Vec<&'s Section> {
    let mut sections: Vec<&Section> = site
        .sections
        .iter()
        .filter(|s| s.lang == lang && !s.key.is_empty() && !s.key.contains('/'))
        .collect();
    sections.sort_by(|a, b| (a.weight, &a.key).cmp(&(b.weight, &b.key)));
    sections
}
