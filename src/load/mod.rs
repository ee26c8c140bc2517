//! Load: the first stage, and the only one that reads the site's files. It
//! reads `placard.yaml`, walks `content/` (decoding each Markdown file and
//! splitting off its front matter, checking every other file and recording
//! which file it was), lists `static/`, and reads the theme's files. What comes
//! after works on what it returns; `write` and `serve` open a content file again
//! only through [`files::open_recorded`].

pub(crate) mod active;
pub(crate) mod content;
pub(crate) mod encoding;
pub(crate) mod files;
pub(crate) mod theme;

use crate::messages::load as say;
use std::fs::Metadata;
use std::path::Path;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub(crate) use content::{Asset, Source, classify, is_hidden, load};
pub(crate) use files::{FileIdentity, relative_to};

/// Every file of the site but the theme's, as load read it.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    /// Markdown files (paths inside `content/`) that could not be read; their
    /// errors are reported.
    pub unreadable: Vec<String>,
    /// The files of `static/`.
    pub static_files: Vec<Asset>,
}

/// What the build cache tells load of the site's Markdown files, and is told
/// of them (`()`: nothing; every file is read).
pub(crate) trait Known: Sync {
    /// The hash of the bytes of a page's Markdown file (its path in
    /// `content/`) when load need not read it now: the cache holds its front
    /// matter and what its Markdown gave, and the file is read only if its
    /// body is needed after all (`Source::read_body`), and then only if its
    /// bytes still have this hash. None: load reads it.
    fn unread(&self, rel: &str) -> Option<String>;
    /// A Markdown file's bytes (its path in `content/`) as load read them,
    /// for the cache to record their hash.
    fn read(&self, rel: &str, bytes: &[u8]);
}

/// Every file read, nothing recorded (`check`, `serve`, `placard new`).
impl Known for () {
    fn unread(&self, _: &str) -> Option<String> {
        None
    }
    fn read(&self, _: &str, _: &[u8]) {}
}

/// The folder of the site's pages and their files.
pub(crate) const CONTENT_DIR: &str = "content";

/// The folders of the site that load reads, besides placard.yaml (`serve`
/// watches them).
pub(crate) const SOURCE_FOLDERS: [&str; 4] = [CONTENT_DIR, "themes", "templates", "static"];

/// The site's `static/` folder: every file, copied to the output root as it is
/// (links are not followed; hidden files are skipped). A name no URL would
/// reach is an error, as in content/.
pub(crate) fn static_files(root: &Path, diagnostics: &Diagnostics) -> Vec<Asset> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
        .filter_map(Result::ok)
        .inspect(|e| {
            if e.depth() > 0 {
                let path = relative_to(e.path(), root);
                content::report_name_problems(e.file_name(), &path, "static", diagnostics);
            }
        })
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let metadata = e.metadata().ok();
            Asset {
                rel: relative_to(e.path(), &dir)
                    .to_string_lossy()
                    .replace('\\', "/"),
                size: metadata.as_ref().map_or(0, Metadata::len),
                identity: metadata.as_ref().map(FileIdentity::of),
                disk: e.path().to_path_buf(),
                image: None,
            }
        })
        .collect()
}

/// The site's `placard.yaml`, read, decoded and checked; else every error found.
pub(crate) fn config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let bytes = std::fs::read(root.join(CONFIG_FILE)).map_err(|err| {
        vec![
            Diagnostic::error(say::cannot_read_config(CONFIG_FILE, &err.to_string()))
                .in_file(CONFIG_FILE)
                .with_hint(say::cannot_read_config_hint()),
        ]
    })?;
    let text =
        encoding::decode(&bytes).map_err(|err| vec![err.diagnostic(None).in_file(CONFIG_FILE)])?;
    Config::parse(&text)
}

/// The `default_language` `placard.yaml` names, if the file can be read and
/// names one: only to choose the language of messages, before (and whether
/// or not) the whole file is read and checked.
pub(crate) fn default_language(root: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Only {
        default_language: Option<String>,
    }
    let bytes = std::fs::read(root.join(CONFIG_FILE)).ok()?;
    let text = encoding::decode(&bytes).ok()?;
    serde_saphyr::from_str::<Only>(&text).ok()?.default_language
}
