//! placard: Markdown + YAML front matter → a bilingual static site.
//!
//! The pipeline, one direction (see STYLE.md):
//! content/ ─load─▶ sources ─parse─▶ pages ─model─▶ site ─render─▶ outputs ─write─▶ output/

mod check;
pub mod config;
pub mod content;
mod create;
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
mod reload;
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
use outputs::Scope;
pub use outputs::search::{SearchBudget, search_index};
pub use outputs::{Origin, Sink};
use progress::Progress;
use render::Theme;

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
    write::check_output_dir(&options.root, &output).map_err(|d| vec![d])?;
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
/// the search index left out unless `with_search`: every kind of output
/// (`outputs::ALL`) in parallel, through a sink that refuses two at one path
/// (`outputs::Claimed`).
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
    let cx = outputs::Context::new(site, theme, scope, diagnostics, progress, with_search);
    let timings = timings::Timings::from_env("outputs");
    outputs::ALL.par_iter().for_each(|output| {
        let started = std::time::Instant::now();
        output.render(&cx, &sink);
        timings.took(output.name(), started.elapsed());
    });
    sink.report(diagnostics);
    cx.into_search_budgets()
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
