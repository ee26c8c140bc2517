//! `placard serve`: the site built into memory and served on 127.0.0.1; the
//! site's files watched (watch.rs); a change rebuilt by the library's reload
//! entry (`reload::Session`: one page and the lists it appears in, or
//! everything after a template or config change) and published (rebuild.rs);
//! open tabs reloaded over Server-Sent Events (http.rs). A broken edit is shown
//! in the terminal and over the page while the last good version stays served.

mod http;
mod rebuild;
mod watch;

use crate::messages::Lang;
use crate::messages::serve::{self as say, Part};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Bytes;
use axum::response::sse::Event;
use axum::routing::get;
use tokio::sync::broadcast;

use crate::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::load::FileIdentity;
pub use http::content_type;

/// The live-reload event stream. Nothing of a site is served under `/__placard/`.
pub const EVENTS_PATH: &str = "/__placard/events";

/// How `placard serve` was asked to serve.
pub struct ServeOptions {
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// Shows diagnostics to the user (the command line colours them).
    pub report: fn(&[Diagnostic]),
}

/// Serves until Ctrl-C. Fails only when the server cannot start (a busy port).
pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(address).map_err(|err| bind_error(address, err))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| cannot_start(Part::Socket, &e))?;
    let host = match options.bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let origin = format!("http://{host}:{}", options.port);
    // The watcher reports absolute paths.
    let root = options.root.canonicalize().map_err(|err| {
        Diagnostic::error(say::cannot_open_site(
            &options.root.display().to_string(),
            &err.to_string(),
        ))
        .with_hint(say::cannot_open_site_hint())
    })?;
    let lang = Lang::for_root(&options.root);
    let served = Arc::new(Served {
        lang,
        store: RwLock::new(Store::default()),
        events: broadcast::channel(16).0,
    });
    let (watcher, changed) = watch::Watcher::start(root.clone(), options.report)?;
    let rebuilder = rebuild::Rebuilder {
        shown_root: options.root,
        options: BuildOptions {
            root,
            base_url: Some(origin.clone()),
            ..Default::default()
        },
        origin,
        served: served.clone(),
        report: options.report,
    };
    std::thread::Builder::new()
        .name("placard-rebuild".into())
        .spawn(move || rebuilder.run(watcher, changed))
        .map_err(|e| cannot_start(Part::RebuildThread, &e))?;
    run_server(listener, served)?;
    eprintln!("{}", say::stopped().in_lang(lang));
    Ok(())
}

/// Serves the store until Ctrl-C.
fn run_server(listener: std::net::TcpListener, served: Arc<Served>) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| cannot_start(Part::Runtime, &e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| cannot_start(Part::Socket, &e))?;
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let app = Router::new()
            .route(EVENTS_PATH, get(http::events))
            .fallback(http::output)
            .with_state(http::App { served, stopping });
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                interrupted().await;
                // Ends the event streams, which would otherwise keep the server open.
                let _ = stop.send(true);
            })
            .await
            .map_err(|e| cannot_start(Part::Server, &e))
    })
}

/// The error for a part of the server that did not start.
fn cannot_start(part: Part, err: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(say::cannot_start(part, &err.to_string()))
}

fn bind_error(address: SocketAddr, err: std::io::Error) -> Diagnostic {
    let port = address.port();
    match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            Diagnostic::error(say::port_in_use(port, &address.ip().to_string()))
                .with_hint(say::port_in_use_hint(port.checked_add(1).unwrap_or(8000)))
        }
        std::io::ErrorKind::AddrNotAvailable => {
            Diagnostic::error(say::no_such_address(&address.ip().to_string()))
                .with_hint(say::no_such_address_hint())
        }
        _ => Diagnostic::error(say::cannot_listen(&address.to_string(), &err.to_string()))
            .with_hint(say::cannot_listen_hint()),
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
struct Served {
    /// The language of what serve says, in the terminal and in the browser.
    lang: Lang,
    store: RwLock<Store>,
    events: broadcast::Sender<LiveReload>,
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

/// An output as the server keeps it.
#[derive(Clone)]
enum Output {
    Bytes(Bytes),
    /// A file copied as it is (attachments, images): read when asked for, and
    /// only while it is still the file the build read (None: never served).
    File(PathBuf, Option<FileIdentity>),
}

/// What open tabs are told over the event stream (`EVENTS_PATH`).
#[derive(Clone, Debug)]
enum LiveReload {
    /// The URLs whose pages changed (a JSON array), or `"*"`: every page.
    Reload(Arc<str>),
    /// The errors, as a JSON string.
    Errors(Arc<str>),
}

impl LiveReload {
    fn everything() -> LiveReload {
        LiveReload::Reload("\"*\"".into())
    }

    /// Reload the tabs showing these outputs.
    fn outputs<'a>(paths: impl Iterator<Item = &'a String>) -> LiveReload {
        let urls: Vec<String> = paths
            .map(|path| match path.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{path}"),
            })
            .collect();
        LiveReload::Reload(serde_json::to_string(&urls).unwrap_or_default().into())
    }

    fn event(&self) -> Event {
        match self {
            LiveReload::Reload(urls) => Event::default().event("reload").data(&**urls),
            LiveReload::Errors(text) => Event::default().event("errors").data(&**text),
        }
    }
}
