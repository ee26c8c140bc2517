//! The rebuild thread of `serve`: the first build, then every batch of
//! changed files through the library's reload entry (`reload::Session`), each
//! step's outputs published to the store and the open tabs told, with a line
//! in the terminal.

use crate::messages::serve as say;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Instant;

use axum::body::Bytes;

use super::watch::Watcher;
use super::{LiveReload, Output, Served};
use crate::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::reload::{Outputs, Produced, Rebuilt, Reloaded, Session};

pub(super) struct Rebuilder {
    pub options: BuildOptions,
    /// The site folder as the user gave it.
    pub shown_root: PathBuf,
    pub origin: String,
    pub served: Arc<Served>,
    pub report: fn(&[Diagnostic]),
}

impl Rebuilder {
    /// Builds the site, then rebuilds after each batch of changes until the
    /// watcher is gone.
    pub(super) fn run(self, mut watcher: Watcher, changed: mpsc::Receiver<Vec<PathBuf>>) {
        watcher.watch();
        let mut session = Session::new(self.options.clone());
        let started = Instant::now();
        self.show(session.build(), started);
        let lang = self.served.lang;
        eprintln!(
            "{}",
            say::serving(&self.shown_root.display().to_string(), &self.origin).in_lang(lang)
        );
        while let Ok(paths) = changed.recv() {
            let mut paths: BTreeSet<PathBuf> = paths.into_iter().collect();
            while let Ok(more) = changed.try_recv() {
                paths.extend(more);
            }
            let started = Instant::now();
            watcher.rewatch(&paths);
            session.reload(&paths, &mut |step| self.show(step, started));
        }
    }

    /// One step of a rebuild in the terminal, then in the store and the tabs.
    fn show(&self, step: Reloaded, started: Instant) {
        let Reloaded {
            rebuilt,
            outputs,
            warnings,
            errors,
        } = step;
        let lang = self.served.lang;
        (self.report)(&warnings);
        let names = |files: &[PathBuf]| {
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let count = match &outputs {
            Outputs::All(files) | Outputs::Some(files) => files.len(),
            Outputs::Failed => 0,
        };
        match (&rebuilt, &outputs) {
            (Rebuilt::Pages(files), Outputs::Some(_)) => eprintln!(
                "{}",
                say::rebuilt_pages(&names(files), count, started.elapsed().as_millis())
                    .in_lang(lang)
            ),
            // Tag pages that nothing changed are not published.
            (Rebuilt::TagPages(_), Outputs::Some(_)) if count == 0 => return,
            (Rebuilt::TagPages(files), Outputs::Some(_)) => eprintln!(
                "{}",
                say::rebuilt_tag_pages(&names(files), count, started.elapsed().as_millis())
                    .in_lang(lang)
            ),
            _ => {}
        }
        let published = !matches!(outputs, Outputs::Failed);
        self.publish(outputs, &errors);
        match (&rebuilt, published) {
            (Rebuilt::Everything { why: None, pages }, true) => eprintln!(
                "{}",
                say::built_site(*pages, count, started.elapsed().as_secs_f64()).in_lang(lang)
            ),
            (Rebuilt::Everything { why: Some(why), .. }, true) => eprintln!(
                "{}",
                say::rebuilt_site(why, count, started.elapsed().as_secs_f64()).in_lang(lang)
            ),
            _ => {}
        }
    }

    /// Puts new outputs in the store, prints the errors that are left, and
    /// tells the open tabs: reload after new outputs, else show the errors.
    /// The overlay shows the errors until they are fixed.
    fn publish(&self, outputs: Outputs, errors: &[Diagnostic]) {
        let lang = self.served.lang;
        let text: String = errors.iter().map(|d| d.render(lang)).collect();
        if !errors.is_empty() {
            (self.report)(errors);
            eprintln!("{}", say::still_serving(errors.len()).in_lang(lang));
        }
        let mut store = self.served.store.write().expect("store lock");
        // Tabs showing other pages have the errors over them too: once fixed, all reload.
        let fixed = text.is_empty() && !store.errors.is_empty();
        let notice = match &outputs {
            Outputs::Failed if !text.is_empty() => {
                LiveReload::Errors(serde_json::to_string(&text).unwrap_or_default().into())
            }
            Outputs::Some(files) if !fixed => LiveReload::outputs(files.keys()),
            _ => LiveReload::everything(),
        };
        match outputs {
            Outputs::All(files) => store.files = served(files),
            Outputs::Some(files) => store.files.extend(served(files)),
            Outputs::Failed => {}
        }
        store.errors = text;
        store.ready = true;
        drop(store);
        let _ = self.served.events.send(notice);
    }
}

/// Outputs as the server keeps them.
fn served(outputs: HashMap<String, Produced>) -> HashMap<String, Output> {
    outputs
        .into_iter()
        .map(|(path, output)| {
            let output = match output {
                Produced::Bytes(bytes) => Output::Bytes(Bytes::from(bytes)),
                Produced::File(disk, identity) => Output::File(disk, identity),
            };
            (path, output)
        })
        .collect()
}
