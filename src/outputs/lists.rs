//! Lists: each section's pages (paginated, expired notices archived on the
//! first page), each language's home page, and the tag pages (the list of
//! tags, and each tag's pages).

use crate::messages::outputs as say;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::{Context, Origin, Output, Sink, join_file};
use crate::diagnostics::Diagnostic;
use crate::model::{Section, Site, tag_segment};
use crate::render::views::{Link, PageView};
use crate::render::{Place, lang_of, top_sections};

pub(crate) struct Lists;

impl Output for Lists {
    fn name(&self) -> &'static str {
        "lists"
    }

    /// Every page of every section's and tag's list, in the order of the
    /// newest page each shows, in parallel; each language's home page and list
    /// of tags beside them.
    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let site = cx.site;
        let sections: Vec<SectionLists<'_>> = site
            .sections
            .iter()
            .filter(|section| !section.key.is_empty() && cx.scope.lists(&section.lang))
            .map(|section| SectionLists::new(site, section))
            .collect();
        let tags: Vec<LangTags<'_>> = site
            .config
            .languages
            .keys()
            .filter(|lang| cx.scope.tag_lists(lang))
            .map(|lang| LangTags::new(cx, lang))
            .collect();
        let mut jobs: Vec<ListPage<'_>> = Vec::new();
        for lists in &sections {
            for (index, chunk) in lists.chunks.iter().enumerate() {
                let number = index + 1;
                let archived: &[usize] = if number == 1 { &lists.archived } else { &[] };
                if cx.scope.shows_any(chunk) || cx.scope.shows_any(archived) {
                    jobs.push(ListPage::Section {
                        lists,
                        number,
                        chunk,
                    });
                }
            }
        }
        for tags in &tags {
            for list in tags
                .lists
                .iter()
                .filter(|list| cx.scope.shows_any(list.pages))
            {
                jobs.push(ListPage::Tag { tags, list });
            }
        }
        // Pages are in listing order in the site, and so in every list: in
        // this order, the lists that show a page are made close together, and
        // its summary is freed soon after it was made.
        jobs.sort_by_key(ListPage::newest);
        let summaries = Summaries::new(cx, &jobs);
        rayon::scope(|s| {
            for lang in site.config.languages.keys() {
                if cx.scope.lists(lang) {
                    s.spawn(move |_| cx.report(render_home(cx, lang, sink)));
                }
            }
            if cx.scope.everything() {
                for tags in &tags {
                    s.spawn(move |_| cx.report(render_tag_index(cx, tags, sink)));
                }
            }
            jobs.par_iter().for_each(|job| match job {
                ListPage::Section {
                    lists,
                    number,
                    chunk,
                } => render_section_page(cx, &summaries, lists, *number, chunk, sink),
                ListPage::Tag { tags, list } => {
                    cx.report(render_tag_page(cx, &summaries, tags, list, sink))
                }
            });
        });
    }
}

/// One page of a section's or a tag's list.
enum ListPage<'l> {
    Section {
        lists: &'l SectionLists<'l>,
        number: usize,
        chunk: &'l [usize],
    },
    Tag {
        tags: &'l LangTags<'l>,
        list: &'l TagListPage<'l>,
    },
}

impl ListPage<'_> {
    /// The pages it shows, in `Site::pages`.
    fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        let (pages, archived): (&[usize], &[usize]) = match self {
            ListPage::Section {
                lists,
                number,
                chunk,
            } => (chunk, if *number == 1 { &lists.archived } else { &[] }),
            ListPage::Tag { list, .. } => (list.pages, &[]),
        };
        pages.iter().chain(archived).copied()
    }

    /// The first of them in `Site::pages` (the newest).
    fn newest(&self) -> usize {
        self.pages().min().unwrap_or(0)
    }
}

/// Each page's summary as the list templates get it (`Renderer::summaries`),
/// made the first time a list shows the page, shared by the other lists that
/// show it (its section's and its tags': four on average), and freed when the
/// last of them has taken it.
struct Summaries<'c> {
    cx: &'c Context<'c>,
    made: Vec<Mutex<Option<Value>>>,
    /// How many of the lists still to make show each page.
    uses: Vec<AtomicU32>,
}

impl<'c> Summaries<'c> {
    /// For the pages `jobs` show.
    fn new(cx: &'c Context<'c>, jobs: &[ListPage<'_>]) -> Summaries<'c> {
        let pages = cx.site.pages.len();
        let uses: Vec<AtomicU32> = (0..pages).map(|_| AtomicU32::new(0)).collect();
        for page in jobs.iter().flat_map(ListPage::pages) {
            uses[page].fetch_add(1, Ordering::Relaxed);
        }
        Summaries {
            cx,
            made: (0..pages).map(|_| Mutex::new(None)).collect(),
            uses,
        }
    }

    /// The summaries of the pages at `indices` in `Site::pages`, in that order.
    fn of(&self, indices: &[usize]) -> Vec<Value> {
        indices.iter().map(|&i| self.take(i)).collect()
    }

    fn take(&self, index: usize) -> Value {
        let mut made = self.made[index].lock().expect("summary");
        let summary = made
            .get_or_insert_with(|| {
                Value::from_serializable(&self.cx.renderer.summaries(&[index])[0])
            })
            .clone();
        let left = self.uses[index].fetch_sub(1, Ordering::Relaxed);
        if left <= 1 {
            *made = None;
            // Never below zero: a page shown more often than counted is made again.
            self.uses[index].store(0, Ordering::Relaxed);
        }
        summary
    }
}

/// A section's list: its current pages cut into pages of the list, and the
/// archived (expired) ones, all on the first.
struct SectionLists<'s> {
    section: &'s Section,
    archived: Vec<usize>,
    chunks: Vec<Vec<usize>>,
}

impl<'s> SectionLists<'s> {
    fn new(site: &Site, section: &'s Section) -> SectionLists<'s> {
        let (archived, current): (Vec<usize>, Vec<usize>) = section
            .pages
            .iter()
            .partition(|&&i| site.pages[i].is_expired(site.today));
        let chunks = list_chunks(&current, site.config.paginate)
            .into_iter()
            .map(<[usize]>::to_vec)
            .collect();
        SectionLists {
            section,
            archived,
            chunks,
        }
    }
}

/// Page `number` of a section's list.
fn render_section_page(
    cx: &Context<'_>,
    summaries: &Summaries<'_>,
    lists: &SectionLists<'_>,
    number: usize,
    chunk: &[usize],
    sink: &dyn Sink,
) {
    let section = lists.section;
    let file = list_file(&section.path, number);
    let place = cx
        .renderer
        .section_place(section, file.clone(), list_url(&section.url, number));
    let mut context = cx.renderer.context(&place);
    context.insert(
        "section",
        &SectionView {
            title: section.title.clone(),
            name: section.key.clone(),
            url: section.url.clone(),
            content: section.rendered.html.clone(),
            pages: summaries.of(chunk),
            archived: if number == 1 {
                summaries.of(&lists.archived)
            } else {
                Vec::new()
            },
            pagination: Pagination::new(&section.url, number, lists.chunks.len()),
        },
    );
    cx.report(cx.put_html(
        sink,
        "section.html",
        &file,
        &context,
        section_origin(section),
    ));
}

/// The home page of a language: urgent notices, the latest pages, and the
/// newest of each top-level section.
fn render_home(cx: &Context<'_>, lang: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let site = cx.site;
    let home = site.home(lang);
    let file = join_file(&home.path, "index.html");
    let place = cx
        .renderer
        .section_place(home, file.clone(), home.url.clone());
    let mut context = cx.renderer.context(&place);
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
            urgent: cx.renderer.summaries(&urgent),
            latest: cx.renderer.summaries(&latest),
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
                        pages: cx.renderer.summaries(&newest),
                    }
                })
                .collect(),
        },
    );
    cx.put_html(sink, "index.html", &file, &context, section_origin(home))
}

/// What a language's tag lists share: its tags, what taxonomy.html gets as
/// `taxonomy`, the breadcrumbs, and every page of every tag's list. (The
/// model gave each tag a folder of its own: see `Site::assemble`.)
struct LangTags<'s> {
    lang: &'s str,
    taxonomy: Value,
    /// Of the list of tags, and of a tag's list (which adds the list of tags).
    crumbs: Vec<Link>,
    tag_crumbs: Vec<Link>,
    lists: Vec<TagListPage<'s>>,
}

impl<'s> LangTags<'s> {
    fn new(cx: &Context<'s>, lang: &'s str) -> LangTags<'s> {
        let site = cx.site;
        static EMPTY: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let tags = site.tags.get(lang).unwrap_or(&EMPTY);
        let base = site.tags_url(lang);
        let title = cx
            .renderer
            .t(lang)
            .get("tags")
            .cloned()
            .unwrap_or_else(|| "tags".into());
        let taxonomy = taxonomy_view(tags, &base, &title);
        let crumbs = cx.renderer.breadcrumbs(lang, "", false);
        let mut tag_crumbs = crumbs.clone();
        tag_crumbs.push(Link { title, url: base });
        LangTags {
            lang,
            taxonomy,
            crumbs,
            tag_crumbs,
            lists: tag_list_pages(site, tags),
        }
    }
}

/// What taxonomy.html gets as `taxonomy`: the language's tags with their counts.
fn taxonomy_view(tags: &BTreeMap<String, Vec<usize>>, base: &str, title: &str) -> Value {
    let terms: Vec<TermView> = tags
        .iter()
        .map(|(name, pages)| TermView {
            name: name.clone(),
            url: format!("{base}{}/", tag_segment(name)),
            count: pages.len(),
        })
        .collect();
    Value::from_serializable(&TaxonomyView {
        name: "tags",
        title: title.to_string(),
        url: base.to_string(),
        terms,
    })
}

/// The list of a language's tags, at `tags/`.
fn render_tag_index(
    cx: &Context<'_>,
    tags: &LangTags<'_>,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let site = cx.site;
    let lang = tags.lang;
    let file = join_file(&join_file(&lang_dir(site, lang), "tags"), "index.html");
    let place = Place {
        lang: lang_of(site, lang),
        file: file.clone(),
        url: site.tags_url(lang),
        versions: site
            .config
            .languages
            .keys()
            .map(|c| (c.clone(), site.tags_url(c)))
            .collect(),
        alternates: tags_in_other_languages(site, lang),
        breadcrumbs: tags.crumbs.clone(),
        column: None,
    };
    let mut context = cx.renderer.context(&place);
    context.insert_value("taxonomy", tags.taxonomy.clone());
    context.insert("term", &Option::<TermPages>::None);
    let origin = Origin::built(say::list_of_tags());
    cx.put_html(sink, "taxonomy.html", &file, &context, origin)
}

/// One page of one tag's list.
struct TagListPage<'s> {
    name: &'s String,
    /// The tag's folder under `tags/`.
    segment: String,
    origin: Origin,
    pages: &'s [usize],
    number: usize,
    total: usize,
}

/// Every page of every tag's list.
fn tag_list_pages<'s>(site: &Site, tags: &'s BTreeMap<String, Vec<usize>>) -> Vec<TagListPage<'s>> {
    let mut lists = Vec::new();
    for (name, pages) in tags {
        let segment = tag_segment(name);
        let chunks = list_chunks(pages, site.config.paginate);
        let total = chunks.len();
        let origin = tag_origin(site, name, pages);
        for (index, chunk) in chunks.into_iter().enumerate() {
            lists.push(TagListPage {
                name,
                segment: segment.clone(),
                origin: origin.clone(),
                pages: chunk,
                number: index + 1,
                total,
            });
        }
    }
    lists
}

fn render_tag_page(
    cx: &Context<'_>,
    summaries: &Summaries<'_>,
    tags: &LangTags<'_>,
    list: &TagListPage<'_>,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let site = cx.site;
    let lang = tags.lang;
    let url = format!("{}{}/", site.tags_url(lang), list.segment);
    let dir = join_file(&lang_dir(site, lang), &format!("tags/{}", list.segment));
    let file = list_file(&dir, list.number);
    let place = Place {
        lang: lang_of(site, lang),
        file: file.clone(),
        url: list_url(&url, list.number),
        versions: vec![(lang.to_string(), list_url(&url, list.number))],
        alternates: tags_in_other_languages(site, lang),
        breadcrumbs: tags.tag_crumbs.clone(),
        column: None,
    };
    let mut context = cx.renderer.context(&place);
    context.insert_value("taxonomy", tags.taxonomy.clone());
    context.insert(
        "term",
        &Some(TermPages {
            name: list.name.clone(),
            pagination: Pagination::new(&url, list.number, list.total),
            url,
            pages: summaries.of(list.pages),
        }),
    );
    cx.put_html(sink, "taxonomy.html", &file, &context, list.origin.clone())
}

/// The switcher of a tag page: the tag lists of the other languages.
fn tags_in_other_languages(site: &Site, lang: &str) -> Vec<(String, String, bool)> {
    site.config
        .languages
        .keys()
        .filter(|c| c.as_str() != lang)
        .map(|c| (c.clone(), site.tags_url(c), true))
        .collect()
}

/// A language's folder in the output (`` for the default language, `en`).
fn lang_dir(site: &Site, lang: &str) -> String {
    site.config
        .lang_prefix(lang)
        .trim_start_matches('/')
        .to_string()
}

/// A section's list (or the home page): its `_index.md`, else its folder.
fn section_origin(section: &Section) -> Origin {
    match &section.source {
        _ if section.key.is_empty() => match &section.source {
            Some(source) => Origin::from_file(say::home_page(), &source.path, None, None),
            None => Origin::built(say::home_page()),
        },
        Some(source) => Origin::from_file(
            say::list_of_section(),
            &source.path,
            None,
            Some(say::fix_section_folder()),
        ),
        None => Origin::from_file(
            say::list_of_folder(),
            std::path::Path::new(crate::load::CONTENT_DIR).join(&section.key),
            None,
            Some(say::fix_folder()),
        ),
    }
}

/// A tag's list: the tag as written on the newest of its `pages`.
fn tag_origin(site: &Site, name: &str, pages: &[usize]) -> Origin {
    let what = say::list_of_tag_from(name);
    match pages.first().map(|&i| &site.pages[i]) {
        Some(page) => Origin::from_file(
            what,
            &page.source.path,
            page.tag_line(name),
            Some(say::fix_tag()),
        ),
        None => Origin::built(say::list_of_tag(name)),
    }
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

#[derive(Serialize)]
struct SectionView {
    title: String,
    name: String,
    url: String,
    content: String,
    pages: Vec<Value>,
    archived: Vec<Value>,
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
struct TermPages {
    name: String,
    url: String,
    pages: Vec<Value>,
    pagination: Pagination,
}
