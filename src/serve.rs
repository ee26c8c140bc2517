//! `placard serve`: the site built into memory and served on 127.0.0.1; the
//! site's files watched; an edit rebuilt (one page and the lists it appears in,
//! or everything after a template or config change); open tabs reloaded over
//! Server-Sent Events. A broken edit is shown in the terminal and over the page
//! while the last good version stays served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::{broadcast, watch};

use crate::config::CONFIG_FILE;
use crate::content::front_matter::{FrontMatter, KindMeta};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::Asset;
use crate::load::{self, CONTENT_DIR, FileIdentity};
use crate::model::markdown::render_source;
use crate::model::{Page, Site};
use crate::outputs::Scope;
use crate::outputs::{Origin, Sink};
use crate::paths::safe_relative;
use crate::render::Theme;
use crate::urls::join_content_path;
use crate::{BuildOptions, load_site, render_site};

/// The live-reload event stream. Nothing of a site is served under `/__placard/`.
pub const EVENTS_PATH: &str = "/__placard/events";
/// How long the watcher waits for an editor to finish saving before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// Folders of the site that are watched, besides placard.yaml.
const WATCHED: [&str; 4] = [CONTENT_DIR, "themes", "templates", "static"];

pub struct ServeOptions {
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Shows diagnostics to the user (the command line colours them).
    pub report: fn(&[Diagnostic]),
}

/// Serves until Ctrl-C. Fails only when the server cannot start (a busy port).
pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(address).map_err(|err| bind_error(address, err))?;
    let failed = |what: &str, err: &dyn std::fmt::Display| {
        Diagnostic::error(format!("cannot start the server: {what}: {err}"))
    };
    listener
        .set_nonblocking(true)
        .map_err(|e| failed("socket", &e))?;
    let host = match options.bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let origin = format!("http://{host}:{}", options.port);
    // The watcher reports absolute paths.
    let root = options.root.canonicalize().map_err(|err| {
        Diagnostic::error(format!(
            "cannot open the site folder {}: {err}",
            options.root.display()
        ))
        .with_hint("pass the folder that holds placard.yaml with --root")
    })?;
    let shared = Arc::new(Shared {
        store: RwLock::new(Store::default()),
        events: broadcast::channel(16).0,
    });

    let (changes, changed) = mpsc::channel();
    let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| changes_content(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        }
    })
    .map_err(|e| failed("file watcher", &e))?;
    let builder = Builder {
        shown_root: options.root,
        options: BuildOptions {
            root,
            base_url: Some(origin.clone()),
            ..Default::default()
        },
        origin,
        shared: shared.clone(),
        report: options.report,
        debouncer,
        watched: Vec::new(),
        model: None,
        errors: BTreeMap::new(),
    };
    std::thread::Builder::new()
        .name("placard-rebuild".into())
        .spawn(move || builder.run(changed))
        .map_err(|e| failed("rebuild thread", &e))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| failed("runtime", &e))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| failed("socket", &e))?;
        let (stop, stopping) = watch::channel(false);
        let app = Router::new()
            .route(EVENTS_PATH, get(events))
            .fallback(output)
            .with_state(App { shared, stopping });
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                interrupted().await;
                // Ends the event streams, which would otherwise keep the server open.
                let _ = stop.send(true);
            })
            .await
            .map_err(|e| failed("server", &e))
    })?;
    eprintln!("stopped");
    Ok(())
}

/// Writes, creations, removals and renames; not the reads of a rebuild
/// (which would otherwise start the next one).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

fn bind_error(address: SocketAddr, err: std::io::Error) -> Diagnostic {
    let port = address.port();
    match err.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::error(format!(
            "port {port} on {} is already in use (another `placard serve`?)",
            address.ip()
        ))
        .with_hint(format!(
            "stop the other server, or choose another port: `placard serve --port {}`",
            port.checked_add(1).unwrap_or(8000)
        )),
        std::io::ErrorKind::AddrNotAvailable => Diagnostic::error(format!(
            "cannot listen on {}: this machine has no such address",
            address.ip()
        ))
        .with_hint("leave out --bind to serve on 127.0.0.1"),
        _ => Diagnostic::error(format!("cannot listen on {address}: {err}"))
            .with_hint("choose another port with --port"),
    }
}

/// Ctrl-C, or a polite `kill`.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

// ───────────────────────────── what is served ─────────────────────────────

/// The last good build and the errors of the current one, shared by the
/// rebuild thread (which writes) and the server (which reads).
struct Shared {
    store: RwLock<Store>,
    events: broadcast::Sender<Notice>,
}

#[derive(Default)]
struct Store {
    /// Output path (`notices/x/index.html`) → content.
    files: HashMap<String, Output>,
    /// The errors of the last rebuild, shown over every page; empty when it succeeded.
    errors: String,
    /// A first build has finished (successfully or not).
    ready: bool,
}

#[derive(Clone)]
enum Output {
    Bytes(Bytes),
    /// A file copied as it is (attachments, images): read when asked for, and
    /// only while it is still the file the build read (None: never served).
    File(PathBuf, Option<FileIdentity>),
}

/// What open tabs are told.
#[derive(Clone, Debug)]
enum Notice {
    /// The URLs whose pages changed (a JSON array), or `"*"`: every page.
    Reload(Arc<str>),
    /// The errors, as a JSON string.
    Errors(Arc<str>),
}

impl Notice {
    fn everything() -> Notice {
        Notice::Reload("\"*\"".into())
    }

    /// Reload the tabs showing these outputs.
    fn outputs<'a>(paths: impl Iterator<Item = &'a String>) -> Notice {
        let urls: Vec<String> = paths
            .map(|path| match path.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{path}"),
            })
            .collect();
        Notice::Reload(serde_json::to_string(&urls).unwrap_or_default().into())
    }

    fn event(&self) -> Event {
        match self {
            Notice::Reload(urls) => Event::default().event("reload").data(&**urls),
            Notice::Errors(text) => Event::default().event("errors").data(&**text),
        }
    }
}

/// Rendered outputs, kept in memory.
#[derive(Default)]
struct Memory {
    files: Mutex<HashMap<String, Output>>,
}

impl Memory {
    fn keep(&self, path: &str, output: Output) -> Result<(), Diagnostic> {
        safe_relative(path)?;
        self.files
            .lock()
            .expect("memory lock")
            .insert(path.to_string(), output);
        Ok(())
    }

    fn into_files(self) -> HashMap<String, Output> {
        self.files.into_inner().expect("memory lock")
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
        self.keep(path, Output::Bytes(Bytes::from(bytes)))
    }

    /// Served only as long as it is the file loading the site read and checked.
    fn copy(&self, path: &str, file: &Asset, _: Origin) -> Result<(), Diagnostic> {
        self.keep(path, Output::File(file.disk.clone(), file.identity))
    }
}

// ───────────────────────────── rebuilding ─────────────────────────────

/// The site model and theme of the last good build, kept between rebuilds.
struct Model {
    site: Site,
    theme: Theme,
    /// Markdown file relative to `content/` → index in `site.pages`.
    pages: HashMap<String, usize>,
    /// Every file the build read under `content/`, relative to it.
    files: BTreeSet<String>,
}

impl Model {
    fn new(site: Site, theme: Theme) -> Model {
        let pages = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.rel.clone(), i))
            .collect();
        let mut files: BTreeSet<String> = site.pages.iter().map(|p| p.source.rel.clone()).collect();
        files.extend(
            site.sections
                .iter()
                .filter_map(|s| Some(s.source.as_ref()?.rel.clone())),
        );
        files.extend(site.assets.iter().map(|a| a.rel.clone()));
        files.extend(
            site.pages
                .iter()
                .flat_map(|p| p.bundle_files.iter().map(|a| a.rel.clone())),
        );
        Model {
            site,
            theme,
            pages,
            files,
        }
    }

    /// A file or folder under `content/` that the last build read (`""` is
    /// `content/` itself).
    fn knows(&self, rel: &str) -> bool {
        rel.is_empty()
            || self.files.contains(rel)
            || self
                .files
                .range(format!("{rel}/")..)
                .next()
                .is_some_and(|f| f.starts_with(&format!("{rel}/")))
    }
}

/// What a batch of changed files needs.
enum Plan {
    Nothing,
    /// Markdown files of existing pages: (page index, file on disk, path in content/).
    Pages(Vec<(usize, PathBuf, String)>),
    /// Everything, for the reason given.
    Full(String),
}

struct Builder {
    options: BuildOptions,
    /// The site folder as the user gave it.
    shown_root: PathBuf,
    origin: String,
    shared: Arc<Shared>,
    report: fn(&[Diagnostic]),
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// Each watched folder, and which folder it was when the watch was set.
    watched: Vec<(PathBuf, Option<FolderId>)>,
    /// None until a build succeeds, and after a failed full rebuild (whose
    /// model cannot be patched: the next change rebuilds everything again).
    model: Option<Model>,
    /// Errors not fixed yet, by file (None: no file).
    errors: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
}

/// A folder's device and inode: which folder a path leads to.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|_| (0, 0))
    }
}

/// What a rebuild did to the served files.
enum Published {
    /// A full build: every file replaced.
    All(HashMap<String, Output>),
    /// Some pages and lists rendered again.
    Some(HashMap<String, Output>),
    /// Nothing: errors, the last good version stays.
    Nothing,
}

impl Builder {
    fn run(mut self, changed: mpsc::Receiver<Vec<PathBuf>>) {
        self.watch();
        let started = Instant::now();
        if let Some(files) = self.full(true) {
            let pages = self.model.as_ref().map_or(0, |m| m.site.pages.len());
            eprintln!(
                "built {pages} pages, {files} files in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
        eprintln!(
            "serving {} at {}/ (Ctrl-C to stop)",
            self.shown_root.display(),
            self.origin
        );
        while let Ok(paths) = changed.recv() {
            let mut paths: BTreeSet<PathBuf> = paths.into_iter().collect();
            while let Ok(more) = changed.try_recv() {
                paths.extend(more);
            }
            self.rebuild(&paths);
        }
    }

    /// Watches placard.yaml (through the site folder) and every watched folder that exists.
    fn watch(&mut self) {
        let root = self.options.root.clone();
        let mut wanted = vec![(root.clone(), RecursiveMode::NonRecursive)];
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() {
                wanted.push((path, RecursiveMode::Recursive));
            }
        }
        for (path, mode) in wanted {
            if self.watched.iter().any(|(watched, _)| *watched == path) {
                continue;
            }
            match self.debouncer.watch(&path, mode) {
                Ok(()) => {
                    let id = folder_id(&path);
                    self.watched.push((path, id));
                }
                Err(err) => (self.report)(&[Diagnostic::warning(format!(
                    "cannot watch {}: {err}; changes there are not seen",
                    path.display()
                ))
                .with_hint("on Linux, raise fs.inotify.max_user_watches")]),
            }
        }
    }

    /// The system watches a folder, not its name: once a watched folder is
    /// deleted (and made again, as `git checkout` does), its watch is gone.
    /// Such a folder is watched anew when it is back. It is known by an event
    /// naming the folder itself, or by another inode where the folder was.
    fn rewatch(&mut self, paths: &BTreeSet<PathBuf>) {
        let lost: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(path, id)| paths.contains(path) || folder_id(path) != *id)
            .map(|(path, _)| path.clone())
            .collect();
        for path in lost {
            // The system may have dropped the watch already.
            let _ = self.debouncer.unwatch(&path);
            self.watched.retain(|(watched, _)| *watched != path);
        }
        self.watch();
    }

    fn rebuild(&mut self, paths: &BTreeSet<PathBuf>) {
        let started = Instant::now();
        self.rewatch(paths);
        let why = match self.plan(paths) {
            Plan::Nothing => return,
            Plan::Full(why) => why,
            Plan::Pages(edits) => match self.edit_pages(edits, started) {
                Ok(()) => return,
                Err(why) => why,
            },
        };
        if let Some(files) = self.full(false) {
            eprintln!(
                "{why}: rebuilt the whole site ({files} files) in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
    }

    fn plan(&self, paths: &BTreeSet<PathBuf>) -> Plan {
        let root = &self.options.root;
        let mut pages = Vec::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            if rel.components().any(|c| load::is_hidden(c.as_os_str())) {
                continue;
            }
            if rel == Path::new(CONFIG_FILE) {
                return Plan::Full(format!("{CONFIG_FILE} changed"));
            }
            let mut components = rel.components();
            let top = components
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            // Other files of the site folder, and output/, are not the site's sources.
            if !WATCHED.contains(&top.as_str()) {
                continue;
            }
            let changed = format!("{} changed", rel.display());
            let Some(model) = &self.model else {
                return Plan::Full(changed);
            };
            if top != CONTENT_DIR {
                return Plan::Full(changed);
            }
            let in_content = components.as_path().to_string_lossy().replace('\\', "/");
            if path.is_file() {
                if let Some(&index) = model.pages.get(&in_content) {
                    pages.push((index, path.clone(), in_content));
                    continue;
                }
            } else if !path.exists() && !model.knows(&in_content) {
                continue; // an editor's temporary file, come and gone
            }
            return Plan::Full(changed);
        }
        if pages.is_empty() {
            Plan::Nothing
        } else {
            Plan::Pages(pages)
        }
    }

    /// Loads, checks and renders everything, as `build` does. Returns the
    /// number of files, or None after errors (the last good site stays served).
    fn full(&mut self, first: bool) -> Option<usize> {
        let diagnostics = Diagnostics::new();
        let loaded = load_site(&self.options, false, &diagnostics)
            .and_then(|(site, theme)| Some((site, theme?)));
        // Rendered even after errors, as `build` does, to report all of them at once.
        let files = match &loaded {
            Some((site, theme)) => {
                let memory = Memory::default();
                render_site(site, theme, &Scope::All, &memory, &diagnostics);
                memory.into_files()
            }
            None => HashMap::new(),
        };
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_sorted()
            .into_iter()
            .partition(Diagnostic::is_error);
        if first {
            (self.report)(&warnings);
        }
        self.errors.clear();
        match loaded {
            Some((site, theme)) if errors.is_empty() => {
                self.model = Some(Model::new(site, theme));
                let count = files.len();
                self.publish(Published::All(files));
                Some(count)
            }
            _ => {
                self.model = None;
                self.hold_errors(errors);
                self.publish(Published::Nothing);
                None
            }
        }
    }

    /// Re-reads edited pages and, when each keeps its place in the site,
    /// renders it and the outputs that show it. Ok(None) after errors (the
    /// last good version of the page stays); Err(why) when everything must be
    /// rebuilt instead.
    fn edit_pages(
        &mut self,
        edits: Vec<(usize, PathBuf, String)>,
        started: Instant,
    ) -> Result<(), String> {
        let model = self.model.as_mut().expect("pages are edited in a model");
        let site = &mut model.site;
        let mut found = Vec::new();
        let mut edited_files = Vec::new();
        // (page index, the version it had) for every page replaced.
        let mut replaced = Vec::new();
        for (index, disk, rel) in edits {
            edited_files.push(site.pages[index].source.path.clone());
            let diagnostics = Diagnostics::new();
            let parsed = match load::content::read_source(
                &self.options.root,
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
            let page = &mut site.pages[index];
            if !same_place(page, &parsed.meta, site.today) {
                return Err(format!(
                    "{}: its URL, tags or lists changed",
                    page.source.path.display()
                ));
            }
            let meta = std::mem::replace(&mut page.meta, parsed.meta);
            let source = std::mem::replace(&mut page.source, parsed.source);
            replaced.push((index, source, meta, None));
        }
        let pages = &site.pages;
        let in_order = |i: usize| {
            (i == 0 || pages[i - 1].listing_order(&pages[i]).is_le())
                && pages
                    .get(i + 1)
                    .is_none_or(|next| pages[i].listing_order(next).is_le())
        };
        if let Some((index, ..)) = replaced.iter().find(|(i, ..)| !in_order(*i)) {
            return Err(format!(
                "{}: its date, weight or title moved it in the lists",
                pages[*index].source.path.display()
            ));
        }

        let diagnostics = Diagnostics::new();
        for (index, _, _, old_rendered) in &mut replaced {
            let rendered = render_source(
                site,
                &site.pages[*index].source,
                &model.theme.ids,
                Severity::Warning,
                &diagnostics,
            );
            *old_rendered = Some(std::mem::replace(
                &mut site.pages[*index].rendered,
                rendered,
            ));
        }
        crate::model::validate::validate(site, &diagnostics);
        let indices: Vec<usize> = replaced.iter().map(|(i, ..)| *i).collect();
        let sitemap = replaced.iter().any(|(i, _, old, _)| {
            last_modified(&site.pages[*i]) != old.updated.max(old.date.as_ref().map(|d| d.value))
        });
        let scope = Scope::edited(site, &indices, sitemap);
        let memory = Memory::default();
        if !indices.is_empty() {
            render_site(site, &model.theme, &scope, &memory, &diagnostics);
        }
        let files = memory.into_files();
        // Validation looks at every page; only what concerns the edited files is new.
        found.extend(
            diagnostics
                .into_sorted()
                .into_iter()
                .filter(|d| d.file.as_ref().is_none_or(|f| edited_files.contains(f))),
        );
        let failed = found.iter().any(Diagnostic::is_error);
        if failed {
            for (index, source, meta, rendered) in replaced {
                let page = &mut site.pages[index];
                page.source = source;
                page.meta = meta;
                if let Some(rendered) = rendered {
                    page.rendered = rendered;
                }
            }
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            found.into_iter().partition(Diagnostic::is_error);
        (self.report)(&warnings);
        for file in &edited_files {
            self.errors.remove(&Some(file.clone()));
        }
        self.hold_errors(errors);
        if failed || indices.is_empty() {
            self.publish(Published::Nothing);
            return Ok(());
        }
        let names: Vec<String> = edited_files
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        eprintln!(
            "{}: rebuilt {} files in {} ms",
            names.join(", "),
            files.len(),
            started.elapsed().as_millis()
        );
        self.publish(Published::Some(files));

        // The tag pages last: they can list thousands of pages, and a tab
        // showing the edited page should not wait for them.
        let model = self.model.as_ref().expect("the model is kept");
        let diagnostics = Diagnostics::new();
        let memory = Memory::default();
        render_site(
            &model.site,
            &model.theme,
            &scope.tags(),
            &memory,
            &diagnostics,
        );
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_sorted()
            .into_iter()
            .partition(Diagnostic::is_error);
        (self.report)(&warnings);
        let files = memory.into_files();
        if !errors.is_empty() {
            self.hold_errors(errors);
            self.publish(Published::Nothing);
        } else if !files.is_empty() {
            eprintln!(
                "{}: rebuilt {} tag pages, {} ms in all",
                names.join(", "),
                files.len(),
                started.elapsed().as_millis()
            );
            self.publish(Published::Some(files));
        }
        Ok(())
    }

    /// Puts new outputs in the store, prints the errors that are left, and
    /// tells the open tabs: reload after new outputs, else show the errors.
    /// Keeps `errors` by file until a rebuild of that file clears them; the
    /// overlay shows them meanwhile.
    fn hold_errors(&mut self, errors: Vec<Diagnostic>) {
        for error in errors {
            self.errors
                .entry(error.file.clone())
                .or_default()
                .push(error);
        }
    }

    fn publish(&mut self, published: Published) {
        let errors: Vec<&Diagnostic> = self.errors.values().flatten().collect();
        let text: String = errors.iter().map(|d| d.to_string()).collect();
        if !errors.is_empty() {
            let errors: Vec<Diagnostic> = errors.into_iter().cloned().collect();
            (self.report)(&errors);
            eprintln!(
                "{} error(s): still serving the last good version; fix and save to go on",
                errors.len()
            );
        }
        let mut store = self.shared.store.write().expect("store lock");
        // Tabs showing other pages have the errors over them too: once fixed, all reload.
        let fixed = text.is_empty() && !store.errors.is_empty();
        let notice = match &published {
            Published::Nothing if !text.is_empty() => {
                Notice::Errors(serde_json::to_string(&text).unwrap_or_default().into())
            }
            Published::Some(files) if !fixed => Notice::outputs(files.keys()),
            _ => Notice::everything(),
        };
        {
            match published {
                Published::All(files) => store.files = files,
                Published::Some(files) => store.files.extend(files),
                Published::Nothing => {}
            }
            store.errors = text;
            store.ready = true;
        }
        drop(store);
        let _ = self.shared.events.send(notice);
    }
}

/// Whether an edited page keeps its URL, its tags and its side of the
/// current/archived split, so that only the outputs showing it change. (Its
/// position in the lists is checked once it is in place.)
fn same_place(page: &Page, meta: &FrontMatter, today: jiff::civil::Date) -> bool {
    let old = &page.meta;
    let slug = |m: &FrontMatter| m.slug.as_ref().map(|s| s.value.clone());
    let aliases = |m: &FrontMatter| {
        m.aliases
            .iter()
            .map(|a| a.value.clone())
            .collect::<Vec<_>>()
    };
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
}

/// The date the sitemap gives a page.
fn last_modified(page: &Page) -> Option<jiff::civil::Date> {
    page.meta.updated.max(page.date())
}

// ───────────────────────────── HTTP ─────────────────────────────

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    /// Becomes true on Ctrl-C.
    stopping: watch::Receiver<bool>,
}

/// The live-reload stream: `reload` after every successful rebuild (with the
/// URLs that changed), `errors` (the diagnostics as a JSON string) after a failed one.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.shared.events.subscribe();
    let state = (receiver, app.stopping, true);
    let stream =
        futures_util::stream::unfold(state, |(mut receiver, mut stopping, first)| async move {
            if first {
                let hello = Event::default().comment("connected");
                return Some((Ok(hello), (receiver, stopping, false)));
            }
            if *stopping.borrow() {
                return None;
            }
            let notice = tokio::select! {
                _ = stopping.changed() => return None,
                notice = receiver.recv() => match notice {
                    Ok(notice) => notice,
                    Err(broadcast::error::RecvError::Lagged(_)) => Notice::everything(),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((Ok(notice.event()), (receiver, stopping, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Any other path: the output file at that path, as a static host would serve it.
async fn output(State(app): State<App>, uri: Uri) -> Response {
    let raw = uri.path();
    let Some(path) = join_content_path("", raw) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let wants_folder = path.is_empty() || raw.ends_with('/');
    let index = if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{path}/index.html")
    };
    let (found, errors, ready, not_found) = {
        let store = app.shared.store.read().expect("store lock");
        let found = if wants_folder {
            store.files.get(&index).cloned().map(|o| (index.clone(), o))
        } else if let Some(file) = store.files.get(&path) {
            Some((path.clone(), file.clone()))
        } else if store.files.contains_key(&index) {
            return to_folder(&path, uri.query());
        } else {
            None
        };
        (
            found,
            store.errors.clone(),
            store.ready,
            not_found_page(&store, &path),
        )
    };
    let (status, name, output) = match (found, not_found) {
        (Some((name, output)), _) => (StatusCode::OK, name, output),
        (None, Some(page)) => (StatusCode::NOT_FOUND, "404.html".to_string(), page),
        (None, None) => {
            let message = if ready {
                "The site could not be built: see the errors below and in the terminal."
            } else {
                "placard is building the site…"
            };
            let status = if ready {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let page = format!(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>placard</title></head><body><p>{message}</p></body></html>\n"
            );
            (status, "index.html".to_string(), Output::Bytes(page.into()))
        }
    };
    let kind = content_type(&name);
    let respond = |body: Body| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, kind)
            .header(header::CACHE_CONTROL, "no-store")
            .body(body)
            .unwrap_or_default()
    };
    let bytes = match output {
        Output::Bytes(bytes) => bytes,
        Output::File(disk, identity) => {
            let Some((file, len)) = open_as_built(disk, identity).await else {
                return plain(StatusCode::NOT_FOUND, CHANGED_SINCE_BUILD);
            };
            if !kind.starts_with("text/html") {
                let mut response = respond(chunks(file, len));
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, len.into());
                return response;
            }
            let read = tokio::task::spawn_blocking(move || {
                use std::io::Read;
                let mut bytes = Vec::new();
                file.take(len).read_to_end(&mut bytes).map(|_| bytes)
            });
            match read.await {
                Ok(Ok(bytes)) => Bytes::from(bytes),
                _ => return plain(StatusCode::NOT_FOUND, CHANGED_SINCE_BUILD),
            }
        }
    };
    if kind.starts_with("text/html") {
        respond(Body::from(with_live_reload(&bytes, &errors)))
    } else {
        respond(Body::from(bytes))
    }
}

/// What a copied file that is not the one of the last good build is answered with.
const CHANGED_SINCE_BUILD: &str = "not found: this file changed after the last good build of the site; it is served again once the site builds (see the terminal)";

/// How much of a copied file a download holds in memory at a time.
const CHUNK: usize = 64 * 1024;

/// A copied file opened if it is still the file the last good build read: not
/// a link put in its place, not another file, not written to since. Opened
/// once, so what is checked is what is sent.
async fn open_as_built(
    disk: PathBuf,
    identity: Option<FileIdentity>,
) -> Option<(std::fs::File, u64)> {
    let identity = identity?;
    let opened =
        tokio::task::spawn_blocking(move || load::files::open_recorded(&disk, Some(identity)).ok());
    Some((opened.await.ok()??, identity.size()))
}

/// The first `len` bytes of `file`, read as the client takes them, a chunk at
/// a time: a download holds a chunk in memory, not the file. A file that got
/// shorter ends the response with an error (the client sees a broken download).
fn chunks(file: std::fs::File, len: u64) -> Body {
    use std::task::Poll;
    use tokio::io::{AsyncRead, ReadBuf};
    let mut file = tokio::fs::File::from_std(file);
    let mut left = len;
    let mut buffer = vec![0; CHUNK];
    let stream = futures_util::stream::poll_fn(move |cx| {
        if left == 0 {
            return Poll::Ready(None);
        }
        let want = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        let mut read = ReadBuf::new(&mut buffer[..want]);
        let result = match std::pin::Pin::new(&mut file).poll_read(cx, &mut read) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(())) if read.filled().is_empty() => {
                Err(std::io::ErrorKind::UnexpectedEof.into())
            }
            Poll::Ready(Ok(())) => Ok(Bytes::copy_from_slice(read.filled())),
            Poll::Ready(Err(err)) => Err(err),
        };
        left = match &result {
            Ok(bytes) => left - bytes.len() as u64,
            Err(_) => 0,
        };
        Poll::Ready(Some(result))
    });
    Body::from_stream(stream)
}

/// A 301 to the folder `path/` on this server. Made from the normalised path,
/// never from the one asked for: a browser reads `//host/x/` or `/\host/x/` as
/// another host.
fn to_folder(path: &str, query: Option<&str>) -> Response {
    let mut location = String::from("/");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            location.push(byte as char);
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
    location.push('/');
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    Response::builder()
        .status(StatusCode::MOVED_PERMANENTLY)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap_or_default()
}

/// The 404 page of the language the path is in (`en/404.html` under `/en/`).
fn not_found_page(store: &Store, path: &str) -> Option<Output> {
    let in_language = path
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"));
    in_language
        .and_then(|p| store.files.get(&p))
        .or_else(|| store.files.get("404.html"))
        .cloned()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

/// The live-reload script, and the errors over the page when there are any,
/// before `</body>`. Only `serve` does this; built pages never have it.
fn with_live_reload(html: &[u8], errors: &str) -> Vec<u8> {
    let mut insert = String::new();
    if !errors.is_empty() {
        insert.push_str(&overlay(errors));
    }
    insert.push_str(live_reload_script());
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + insert.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5a0000;border-top:4px solid #c00;font:14px/1.45 monospace;white-space:pre-wrap";

fn overlay(errors: &str) -> String {
    format!(
        "<div id=\"placard-errors\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>placard: the last change could not be built; this page shows the last good version.</strong>\n{}</div>",
        crate::text::escape_html(errors)
    )
}

fn live_reload_script() -> &'static str {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(|| {
        LIVE_RELOAD
            .replace("__EVENTS__", EVENTS_PATH)
            .replace("__STYLE__", OVERLAY_STYLE)
    })
}

/// Reloads on `reload` when this page is among the changed ones; shows the
/// errors on `errors` without losing the page.
const LIVE_RELOAD: &str = r#"<script>
(function () {
  var events = new EventSource("__EVENTS__");
  events.addEventListener("reload", function (event) {
    var changed = JSON.parse(event.data);
    if (changed === "*" || changed.indexOf(decodeURI(location.pathname)) >= 0) {
      location.reload();
    }
  });
  events.addEventListener("errors", function (event) {
    var box = document.getElementById("placard-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "placard-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "__STYLE__";
      document.body.appendChild(box);
    }
    box.textContent = "placard: the last change could not be built; this page shows the last good version.\n" + JSON.parse(event.data);
  });
})();
</script>"#;

/// Content-Type by file name (its extension), as `placard serve` sends it; the
/// tests' static server sends the same.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}
