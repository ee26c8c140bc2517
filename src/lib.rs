//! placard: Markdown + YAML front matter → a bilingual static site.
//!
//! The pipeline, one direction (see STYLE.md):
//! content/ ─load─▶ sources ─parse─▶ pages ─model─▶ site ─render─▶ outputs ─write─▶ output/

mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
mod init;
mod load;
pub mod model;
mod new;
pub mod outputs;
mod paths;
pub mod progress;
pub mod render;
pub mod serve;
mod text;
mod timetable;
mod timings;
mod urls;
mod write;
mod yaml;

use std::path::PathBuf;

use jiff::civil::Date;
use rayon::prelude::*;

use content::Parsed;
use content::front_matter;
use diagnostics::{Diagnostic, Diagnostics};
pub use init::init;
use model::Site;
pub use new::{NewError, new_page};
pub use outputs::{Origin, Sink};
use progress::Progress;
use render::{Renderer, Scope, Theme};
pub use write::check_output_dir;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    /// Output folder; `<root>/output` when None.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Convert content files in GBK/Big5/UTF-16 to UTF-8 in place, keeping a
    /// `.bak` copy (`build` only; `check` never writes).
    pub transcode: bool,
    /// Replace an output folder that holds files but no mark of a placard
    /// build (`write::MARK`): an output made by an earlier placard.
    pub force: bool,
    /// Leave the search index out (the search page is still made, and finds
    /// nothing): what indexing adds to a build is measured with it
    /// (`benches/search.rs`). Not a command-line option.
    pub without_search_index: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

#[derive(Debug)]
pub struct BuildReport {
    /// Pages per language, in the configured order.
    pub pages: Vec<(String, usize)>,
    pub files: usize,
    /// Files whose bytes were those already in the output: kept as they were,
    /// modification time included.
    pub unchanged: usize,
    pub bytes: u64,
    pub output: PathBuf,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// The size of each language's search index, in the configured order.
    pub search: Vec<SearchBudget>,
}

/// What one language's search index weighs: all its files, and the most a first
/// one- or two-character query downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchBudget {
    pub lang: String,
    pub total_bytes: usize,
    pub first_query_bytes: usize,
}

/// Builds the site into its output folder. On any error the old output is left
/// exactly as it was and every diagnostic is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    build_with_progress(options, &progress::Quiet)
}

/// `build`, reporting its stages and pages to `progress` as it goes.
///
/// Every stage runs even after errors in an earlier one (pages whose files
/// failed are left out), as in `check`, so that one run reports all of them;
/// only an unreadable placard.yaml, or a theme that cannot be loaded, stops
/// what comes after. The outputs of a build with errors are written nowhere.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let timings = timings::Timings::from_env("build");
    let output = options.output_dir();
    check_output_dir(&options.root, &output).map_err(|d| vec![d])?;
    let _lock = write::BuildLock::acquire(&output).map_err(|d| vec![d])?;
    write::check_replaceable(&output, options.force).map_err(|d| vec![d])?;
    let diagnostics = Diagnostics::new();
    timings.lap("lock");
    progress.stage("reading content", 0);
    let Some((mut site, theme)) = load_site(options, false, &diagnostics) else {
        return Err(diagnostics.into_sorted());
    };
    // The Markdown is rendered: free it before the outputs need memory (a
    // fifth of the model on a large site). `check` and `serve` keep theirs.
    for page in &mut site.pages {
        page.source.body = String::new();
        page.source.front_matter = String::new();
    }
    timings.lap("load_site");
    let staging = write::LazyStaging::new(&output, &diagnostics);
    let relative = outputs::relative::Relative {
        inner: &staging,
        base_path: site.config.base_path(),
    };
    let sink: &dyn Sink = if site.config.relative_urls {
        &relative
    } else {
        &staging
    };
    let mut search = Vec::new();
    if let Some(theme) = &theme {
        // A step for each page and each language's search index.
        let steps = site.pages.len() + site.config.languages.len();
        progress.stage("pages and search", steps as u64);
        let with_search = !options.without_search_index;
        search = render(
            &site,
            theme,
            &Scope::All,
            sink,
            &diagnostics,
            progress,
            with_search,
        );
    }
    timings.lap("search, pages, lists");
    if diagnostics.has_errors() {
        staging.abort();
        return Err(diagnostics.into_sorted());
    }
    let ((files, bytes), unchanged) = (staging.written(), staging.unchanged());
    progress.stage("replacing the output", 0);
    staging.commit().map_err(|d| vec![d])?;
    timings.lap("commit");
    Ok(BuildReport {
        pages: site
            .config
            .languages
            .keys()
            .map(|lang| {
                (
                    lang.clone(),
                    site.pages.iter().filter(|p| &p.lang == lang).count(),
                )
            })
            .collect(),
        files,
        unchanged,
        bytes,
        output,
        diagnostics: diagnostics.into_sorted(),
        search,
    })
}

/// Validates everything `build` would, and writes nothing. Broken links are
/// errors here; so are links to outputs and `#anchors` that do not exist.
pub fn check(options: &BuildOptions) -> Vec<Diagnostic> {
    let diagnostics = Diagnostics::new();
    let options = &BuildOptions {
        transcode: false,
        ..options.clone()
    };
    if let Some((site, theme)) = load_site(options, true, &diagnostics) {
        if let Some(theme) = theme {
            let outputs = check::Outputs::default();
            render_site(&site, &theme, &Scope::All, &outputs, &diagnostics);
            check::links(&site, &outputs, &diagnostics);
        }
        check::content(&site, &diagnostics);
    }
    diagnostics.into_sorted()
}

/// The outputs of the site that `scope` covers (all of them for `build`), handed to
/// `sink`; returns the size of each search index it wrote.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) -> Vec<SearchBudget> {
    render(
        site,
        theme,
        scope,
        sink,
        diagnostics,
        &progress::Quiet,
        true,
    )
}

/// `render_site`, with each page and search index a step of `progress`, and
/// the search index left out unless `with_search`. Two outputs at one path are
/// errors (`outputs::Claimed`).
fn render(
    site: &Site,
    theme: &Theme,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    progress: &dyn Progress,
    with_search: bool,
) -> Vec<SearchBudget> {
    let sink = outputs::Claimed::new(sink);
    // Written by `write` itself; anything else there would replace it.
    sink.reserve(write::MARK, "the mark of a placard build");
    let (search, ()) = rayon::join(
        || {
            if !with_search {
                return Vec::new();
            }
            render_search(site, scope, &sink, diagnostics, progress)
        },
        || render_outputs(site, theme, scope, &sink, diagnostics, progress),
    );
    sink.report(diagnostics);
    search
}

/// The search index of each language that `scope` covers, handed to `sink`, with
/// its size. Each language is a step of `progress`.
fn render_search(
    site: &Site,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    progress: &dyn Progress,
) -> Vec<SearchBudget> {
    let report = |result: Result<(), Diagnostic>| {
        if let Err(d) = result {
            diagnostics.push(d);
        }
    };
    // One language at a time: an index takes much memory while it is built. The
    // pages and lists are rendered meanwhile (render_outputs), which takes little.
    let langs: Vec<&String> = site
        .config
        .languages
        .keys()
        .filter(|lang| scope.lists(lang))
        .collect();
    let mut search = Vec::new();
    for lang in langs {
        search.push(write_search_index(site, lang, &|file| {
            report(sink.put(&file.path, file.bytes, Origin::built("the search index")))
        }));
        progress.advance(1);
    }
    search
}

/// Everything but the search index: pages, lists and the other pages of the
/// theme, feeds, sitemap, calendars, static files and assets.
fn render_outputs(
    site: &Site,
    theme: &Theme,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    progress: &dyn Progress,
) {
    let report = |result: Result<(), Diagnostic>| {
        if let Err(d) = result {
            diagnostics.push(d);
        }
    };
    for (_, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(index, _)| scope.page(*index))
    {
        if let Some(warning) = outputs::poster::unstyled(page, &theme.poster_styles) {
            diagnostics.push(warning);
        }
    }
    // The templates and the outputs built without them, side by side.
    rayon::join(
        || Renderer::new(site, theme).render(scope, sink, diagnostics, progress),
        || {
            for lang in site.config.languages.keys() {
                if scope.lists(lang) {
                    let (path, xml) = outputs::feeds::atom(site, lang);
                    report(sink.put(&path, xml.into_bytes(), Origin::built("the feed")));
                }
            }
            if scope.sitemap() {
                let sitemap = outputs::sitemap::sitemap(site).into_bytes();
                report(sink.put("sitemap.xml", sitemap, Origin::built("the sitemap")));
            }
            site.pages
                .par_iter()
                .enumerate()
                .filter(|(index, _)| scope.page(*index))
                .for_each(|(_, page)| {
                    let strings = &theme.strings[&page.lang];
                    if let Some((path, ics)) = outputs::calendar::schedule_ics(site, page, strings)
                    {
                        let origin = render::page_origin(page, "the calendar of the page");
                        report(sink.put(&path, ics.into_bytes(), origin));
                    }
                });
        },
    );
}

/// The search index of one language, with paths relative to the output root,
/// sorted by path.
pub fn search_index(site: &Site, lang: &str) -> outputs::search::SearchIndex {
    let files = std::sync::Mutex::new(Vec::new());
    let budget = write_search_index(site, lang, &|file| {
        files.lock().expect("index files").push(file)
    });
    let mut files = files.into_inner().expect("index files");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    outputs::search::SearchIndex {
        files,
        total_bytes: budget.total_bytes,
        first_query_bytes: budget.first_query_bytes,
    }
}

/// Builds the search index of one language, handing each file (its path relative
/// to the output root) to `emit` as soon as it is made, in no particular order.
pub fn write_search_index(
    site: &Site,
    lang: &str,
    emit: &(dyn Fn(outputs::search::SearchFile) + Sync),
) -> SearchBudget {
    let pages: Vec<&model::Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
    // A tag as its tag page names it: spellings that share a folder are one tag.
    let tag_names: std::collections::HashMap<String, &String> = site
        .tags
        .get(lang)
        .map(|tags| tags.keys().map(|t| (model::tag_segment(t), t)).collect())
        .unwrap_or_default();
    // Owned values the index borrows: tags, headings, ISO dates and front matter facts.
    type Extras = (Vec<String>, Vec<String>, Option<String>, Vec<String>);
    let extras: Vec<Extras> = pages
        .iter()
        .map(|p| {
            let tags = p
                .meta
                .tags
                .iter()
                .map(|t| {
                    tag_names
                        .get(&model::tag_segment(t))
                        .map_or_else(|| t.clone(), |name| (*name).clone())
                })
                .collect();
            let headings = p.rendered.toc.iter().map(|h| h.title.clone()).collect();
            let facts = outputs::search::facts(&p.meta.kind);
            (tags, headings, p.date().map(|d| d.to_string()), facts)
        })
        .collect();
    let docs: Vec<outputs::search::SearchDoc> = pages
        .iter()
        .zip(&extras)
        .map(
            |(page, (tags, headings, date, facts))| outputs::search::SearchDoc {
                url: &page.url,
                title: &page.meta.title,
                kind: page.kind().name(),
                section: page.section.as_deref(),
                date: date.as_deref(),
                tags,
                headings,
                summary: page.meta.summary.as_deref(),
                body: &page.rendered.plain_text,
                facts,
            },
        )
        .collect();
    let lang_dir = site
        .config
        .lang_prefix(lang)
        .trim_start_matches('/')
        .to_string();
    let search_dir = if lang_dir.is_empty() {
        "search".to_string()
    } else {
        format!("{lang_dir}/search")
    };
    let (total_bytes, first_query_bytes) =
        outputs::search::write_index(lang, &docs, &|mut file| {
            file.path = format!("{search_dir}/{}", file.path);
            emit(file)
        });
    SearchBudget {
        lang: lang.to_string(),
        total_bytes,
        first_query_bytes,
    }
}

/// load → parse → model → Markdown: the site in memory, or None after fatal
/// errors, with the theme (None after its errors; its ids are needed before the
/// Markdown is rendered). `strict` (for `check`) makes broken links errors
/// instead of warnings.
pub fn load_site(
    options: &BuildOptions,
    strict: bool,
    diagnostics: &Diagnostics,
) -> Option<(Site, Option<Theme>)> {
    let mut config = match load::config(&options.root) {
        Ok(config) => config,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.trim_end_matches('/').to_string();
    }
    let timings = timings::Timings::from_env("load");
    let theme = load::theme::theme_files(&options.root, &config)
        .map_err(|error| vec![error])
        .and_then(|files| Theme::new(files, &config))
        .map_err(|errors| diagnostics.extend(errors))
        .ok();
    timings.lap("theme");
    let loaded = load::load(&options.root, &config, options.transcode, diagnostics);
    timings.lap("read");
    let (parsed, failed): (Vec<Parsed>, Vec<String>) = loaded
        .sources
        .into_par_iter()
        .map(|source| {
            let key = source.key.clone();
            content::parse(source, diagnostics).ok_or(key)
        })
        .partition_map(|parsed| match parsed {
            Ok(parsed) => rayon::iter::Either::Left(parsed),
            Err(key) => rayon::iter::Either::Right(key),
        });
    let left_out = loaded
        .unreadable
        .iter()
        .filter_map(|rel| load::classify(rel, &config).map(|(_, key, _, _)| key))
        .chain(failed)
        .collect();
    timings.lap("front matter");
    let today = today(&config.timezone);
    let mut site = Site::assemble(
        config,
        today,
        parsed,
        loaded.assets,
        loaded.static_files,
        options.drafts,
        diagnostics,
    );
    site.left_out = left_out;
    model::validate::validate(&site, diagnostics);
    timings.lap("model, validate");
    let no_ids = Default::default();
    let theme_ids = theme.as_ref().map_or(&no_ids, |theme| &theme.ids);
    model::markdown::render_all(&mut site, theme_ids, strict, diagnostics);
    timings.lap("markdown");
    Some((site, theme))
}

/// Today in the site's time zone; `PLACARD_TODAY=YYYY-MM-DD` fixes it (for
/// reproducible builds and tests of expiry).
pub fn today(timezone: &str) -> Date {
    if let Ok(fixed) = std::env::var("PLACARD_TODAY")
        && let Ok(date) = front_matter::parse_date(&fixed)
    {
        return date;
    }
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}
