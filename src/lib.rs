//! placard: Markdown + YAML front matter → a bilingual static site.
//!
//! The pipeline, one direction (STYLE.md, docs/architecture.md):
//!
//! ```text
//! site folder ─load─▶ files ─content─▶ parsed pages ─model─▶ site
//!             ─outputs (through render's templates)─▶ sink ─write─▶ output/
//! ```
//!
//! This file is that pipeline: [`build`], [`check`] and the reload entry of
//! `serve` (`reload::Session`) run the same two functions, [`load_site`] and
//! `render_site`, and differ only in where the outputs go.

mod binary;
mod cache;
mod check;
mod config;
mod content;
mod create;
mod dates;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
mod hashing;
pub mod images;
pub mod import;
mod init;
mod inspection;
mod load;
pub mod messages;
mod model;
mod new;
mod options;
pub mod outputs;
mod paths;
pub mod progress;
mod reload;
mod render;
pub mod serve;
mod text;
mod timetable;
mod timings;
mod urls;
mod write;
mod yaml;

use rayon::prelude::*;

pub use content::front_matter::Kind;
use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use init::init;
pub use model::Site;
pub use new::{NewError, new_page};
pub use options::{BuildOptions, BuildReport, Incremental};
use outputs::search::SearchStates;
pub use outputs::search::{SearchBudget, search_index};
use outputs::{Scope, Sink};
use progress::Progress;
use render::Theme;
pub use write::ImageCache;

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
    let _lock = write::take_output(&options.root, &output, options.force).map_err(|d| vec![d])?;
    timings.lap("lock");
    let diagnostics = Diagnostics::new();
    let mut cache = cache::Cache::open(options, &output, &diagnostics);
    timings.lap("build cache read");
    let plan = cache.plan(options, &output);
    timings.lap("build cache plan");
    if let cache::Plan::Nothing = plan {
        return Ok(cache.unchanged(output, diagnostics));
    }
    progress.stage(&messages::commands::reading_content(), 0);
    let loaded = load_model(options, cache.known(), cache.remembered(), &diagnostics);
    let Some((mut site, theme)) = loaded else {
        return Err(diagnostics.into_sorted());
    };
    timings.lap("load_model");
    let Some(theme) = theme else {
        // No outputs without a theme: the Markdown only for its diagnostics.
        site.read_unread(|_| true, &diagnostics);
        model::markdown::render_all(&mut site, theme_ids(&None), false, &diagnostics);
        return Err(diagnostics.into_sorted());
    };
    if let cache::Plan::Pages(edited) = &plan
        && let Some(edited) = cache.edited(&site, edited)
    {
        // An incremental build renders the Markdown of the pages its outputs
        // show; the others' comes from the cache. Of those, the Markdown of
        // the languages whose search index it updates is kept: an index made
        // in full after all renders their text.
        let scope = Scope::edited(&site, &edited, true);
        let needs = scope.needs_markdown(&site);
        let rendered = cache.render_markdown(&mut site, &theme.ids, &needs, &diagnostics);
        let with_search = !options.without_search_index;
        let unrendered: Vec<Option<String>> = site
            .take_bodies()
            .into_iter()
            .zip(&site.pages)
            .zip(rendered)
            .map(|((body, page), rendered)| {
                (!rendered && with_search && scope.lists(&page.lang)).then_some(body)
            })
            .collect();
        timings.lap("markdown");
        let report = cache.build_edited(
            &site,
            &theme,
            &edited,
            unrendered,
            options,
            output,
            diagnostics,
            progress,
        );
        let_go((site, theme));
        return report;
    }
    cache.discard_prefetched();
    // Every page's Markdown is rendered: the files left unread are read now.
    site.read_unread(|_| true, &diagnostics);
    model::markdown::render_sections(&mut site, &theme.ids, Severity::Warning, &diagnostics);
    let staging = write::LazyStaging::new(&output, &diagnostics)
        .with_image_cache(ImageCache::new(&options.root));
    // The pages' Markdown goes into the model while the sink writes.
    let config = site.config.clone();
    let relative = outputs::relative::Relative::when_asked(&staging, &config);
    let sink: &dyn Sink = relative.as_ref().map_or(&staging, |r| r);
    // A step for each page and each language's search index.
    let steps = site.pages.len() + site.config.languages.len();
    progress.stage(&messages::commands::pages_and_search(), steps as u64);
    let with_search = !options.without_search_index;
    let states = SearchStates::serialized();
    let (search, reported) = render_full(
        &mut site,
        &theme,
        sink,
        &diagnostics,
        progress,
        with_search,
        &states,
    );
    cache.markdown_made(&site, &theme.ids, reported);
    timings.lap("search, pages, lists");
    if diagnostics.has_errors() {
        staging.abort();
        return Err(diagnostics.into_sorted());
    }
    let ((files, bytes), unchanged) = (staging.written(), staging.unchanged());
    progress.stage(&messages::commands::replacing_output(), 0);
    let entries = staging.commit().map_err(|d| vec![d])?;
    timings.lap("commit");
    let why = cache.why().cloned();
    let warnings = diagnostics.into_sorted();
    let diagnostics = Diagnostics::new();
    // On a thread of the pool, which the outputs ran on: the memory they freed
    // there (the search index's, above all) holds the cache's files as they are
    // made, instead of adding to the peak (the allocator keeps a heap a thread).
    rayon::scope(|_| cache.save_full(&site, entries, &search, &states, &warnings, &diagnostics));
    diagnostics.extend(warnings);
    timings.lap("build cache");
    let pages = site.pages_per_language();
    let_go((site, theme, states));
    Ok(BuildReport {
        pages,
        files,
        unchanged,
        bytes,
        output,
        diagnostics: diagnostics.into_sorted(),
        search,
        incremental: Incremental::Full(why),
    })
}

/// Lets `value` go in a thread of its own, which frees it while the build
/// returns: freeing the model of 20,000 pages and the build cache's state
/// (their strings one by one) took about 0.07 s of processor at the end of an
/// edited build, with nothing else running, and `placard build` exits without
/// waiting for it.
pub(crate) fn let_go<T: Send + 'static>(value: T) {
    // When no thread can be made, it is freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
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
            render_site(&site, &theme, &Scope::All, &outputs, &diagnostics, None);
            check::links(&site, &outputs, &diagnostics);
        }
        check::content(&site, &diagnostics);
        inspection::inspect(&site, options.strict, &diagnostics);
    }
    diagnostics.into_sorted()
}

/// The outputs of the site that `scope` covers (all of them for `build`),
/// handed to `sink`; returns the size of each search index it wrote.
/// `states` keeps what updating the search index after an edit needs (a full
/// render records it, an edited one uses it).
pub(crate) fn render_site(
    site: &Site,
    theme: &Theme,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    states: Option<&SearchStates>,
) -> Vec<SearchBudget> {
    render(
        site,
        theme,
        scope,
        sink,
        diagnostics,
        &progress::Quiet,
        true,
        states,
    )
}

/// `render_site`, with each page and search index a step of `progress`, and
/// the search index left out unless `with_search`: every kind of output
/// (`outputs::ALL`) in parallel, through a sink that refuses two at one path
/// (`outputs::Claimed`).
#[allow(clippy::too_many_arguments)]
fn render(
    site: &Site,
    theme: &Theme,
    scope: &Scope,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    progress: &dyn Progress,
    with_search: bool,
    states: Option<&SearchStates>,
) -> Vec<SearchBudget> {
    let sink = outputs::Claimed::new(sink);
    // Written by `write` itself; anything else there would replace it.
    sink.reserve(write::MARK, messages::outputs::build_mark());
    let mut cx = outputs::Context::new(site, theme, scope, diagnostics, progress, with_search);
    cx.search_states = states;
    let timings = timings::Timings::from_env("outputs");
    outputs::ALL.par_iter().for_each(|output| {
        let started = std::time::Instant::now();
        output.render(&cx, &sink);
        timings.took(output.name(), started.elapsed());
    });
    sink.report(diagnostics);
    cx.into_search_budgets()
}

/// `render` for a full build, whose model holds no page's Markdown yet: each
/// page is written as its Markdown is rendered, its Markdown then freed, and
/// only what the other outputs need of it kept (`outputs::render_with_markdown`),
/// so that no page's HTML waits in memory for the end of the build; then every
/// other kind of output, in parallel. Returns the search budgets and what each
/// page's Markdown reported (for the build cache).
fn render_full(
    site: &mut Site,
    theme: &Theme,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    progress: &dyn Progress,
    with_search: bool,
    states: &SearchStates,
) -> (Vec<SearchBudget>, Vec<Vec<Diagnostic>>) {
    let sink = outputs::Claimed::new(sink);
    sink.reserve(write::MARK, messages::outputs::build_mark());
    let timings = timings::Timings::from_env("outputs");
    let started = std::time::Instant::now();
    let bodies = site.take_bodies();
    let (rendered, texts, reported) = {
        let cx = outputs::Context::new(site, theme, &Scope::All, diagnostics, progress, false);
        outputs::render_with_markdown(&cx, &sink, bodies)
    };
    timings.took("markdown and pages", started.elapsed());
    for (page, rendered) in site.pages.iter_mut().zip(rendered) {
        page.rendered = rendered;
    }
    let mut cx =
        outputs::Context::new(site, theme, &Scope::All, diagnostics, progress, with_search)
            .with_search_texts(texts);
    cx.search_states = Some(states);
    outputs::all_but_pages().par_iter().for_each(|output| {
        let started = std::time::Instant::now();
        output.render(&cx, &sink);
        timings.took(output.name(), started.elapsed());
    });
    sink.report(diagnostics);
    (cx.into_search_budgets(), reported)
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
    let (mut site, theme) = load_model(options, &(), &(), diagnostics)?;
    let timings = timings::Timings::from_env("load");
    model::markdown::render_all(&mut site, theme_ids(&theme), strict, diagnostics);
    timings.lap("markdown");
    Some((site, theme))
}

/// The ids the theme's templates take (none without a theme): no heading of
/// a page's Markdown takes one.
fn theme_ids(theme: &Option<Theme>) -> &std::collections::BTreeSet<String> {
    static NONE: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    theme.as_ref().map_or(&NONE, |theme| &theme.ids)
}

/// `load_site` without the Markdown: load → parse → model, validated. The
/// front matter `remembered` recalls (the build cache's) is not parsed again;
/// the files `known` tells load to leave unread are not read (`load::Known`).
fn load_model(
    options: &BuildOptions,
    known: &dyn load::Known,
    remembered: &dyn content::Remembered,
    diagnostics: &Diagnostics,
) -> Option<(Site, Option<Theme>)> {
    let timings = timings::Timings::from_env("load");
    let mut config = load::config(&options.root)
        .map_err(|errors| diagnostics.extend(errors))
        .ok()?;
    if let Some(base_url) = &options.base_url {
        config
            .override_base_url(base_url)
            .map_err(|diagnostic| diagnostics.push(diagnostic))
            .ok()?;
    }
    let theme = load::theme::theme_files(&options.root, &config)
        .map_err(|error| vec![error])
        .and_then(|files| Theme::new(files, &config))
        .map_err(|errors| diagnostics.extend(errors))
        .ok();
    timings.lap("theme");
    let loaded = load::load(
        &options.root,
        &config,
        options.transcode,
        known,
        diagnostics,
    );
    timings.lap("read");
    let (parsed, failed) = content::parse_all(loaded.sources, remembered, diagnostics);
    timings.lap("front matter");
    let today = dates::today(&config.timezone);
    let left_out = loaded
        .unreadable
        .iter()
        .filter_map(|rel| load::classify(rel, &config).map(|(_, key, _, _)| key))
        .chain(failed.iter().map(|failed| failed.key.clone()))
        .collect();
    let (assets, static_files) = (loaded.assets, loaded.static_files);
    let mut site = Site::assemble(
        config,
        today,
        parsed,
        assets,
        static_files,
        options.drafts,
        diagnostics,
    );
    site.left_out = left_out;
    model::validate::validate(&site, diagnostics);
    let faulty: Vec<_> = failed.iter().filter_map(|f| f.faulty.as_deref()).collect();
    model::validate::validate_left_out(&faulty, diagnostics);
    timings.lap("model, validate");
    Some((site, theme))
}
