//! Processed images kept between builds, in `.placard-cache/images/` of the
//! site (beside the output, git-ignored): one file per image, named and laid
//! out by `images::cache`. Written as the output is, through no link: the
//! folders are made only where nothing is (a link in their place is refused),
//! an entry is read without following a link, and written beside its place
//! and renamed there (a reader sees the whole entry or none).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::create::{NewFiles, Refused};
use crate::diagnostics::Diagnostic;
use crate::images::{
    self, CacheUse, ImageProblem, ImagesConfig, Processed, Store, Variant, entry_name,
};
use crate::load::files::{open_no_follow, open_recorded};
use crate::outputs::{Origin, Picture, join_file};

/// The build cache's folder in the site (`.placard-cache/`), shared with other
/// caches; images keep theirs in its `images/`.
pub(crate) const CACHE_DIR: &str = ".placard-cache";

/// The folder of processed images: `<site>/.placard-cache/images/`.
#[derive(Debug)]
pub struct ImageCache {
    root: PathBuf,
    rel: PathBuf,
    /// Made (or found a real folder) once; the error otherwise.
    ready: OnceLock<Result<(), String>>,
    /// Names temporary files apart when two threads store at once.
    writes: AtomicU64,
}

impl ImageCache {
    /// The cache of the site at `root`, in `root/.placard-cache/images/`
    /// (made when the first entry is stored).
    pub fn new(root: impl AsRef<Path>) -> ImageCache {
        ImageCache {
            root: root.as_ref().to_path_buf(),
            rel: Path::new(CACHE_DIR).join("images"),
            ready: OnceLock::new(),
            writes: AtomicU64::new(0),
        }
    }

    /// The folder the entries are in.
    pub fn dir(&self) -> PathBuf {
        self.root.join(&self.rel)
    }

    /// The file of the entry for `source` processed with `settings`.
    pub fn entry_path(&self, source: &[u8], settings: &ImagesConfig) -> PathBuf {
        self.dir().join(entry_name(source, settings))
    }

    /// The folders made, through no link.
    fn ready(&self) -> std::io::Result<()> {
        self.ready
            .get_or_init(|| {
                NewFiles::inside(&self.root)
                    .folder(&self.rel)
                    .map_err(|refused| match refused {
                        Refused::Link(path) => format!("{} is a symbolic link", path.display()),
                        Refused::NotAFolder(path) => format!("{} is not a folder", path.display()),
                        Refused::Exists(path, err) | Refused::Failed(path, err) => {
                            format!("{}: {err}", path.display())
                        }
                    })
            })
            .clone()
            .map_err(std::io::Error::other)
    }
}

impl Store for ImageCache {
    fn read(&self, name: &str) -> std::io::Result<Option<Vec<u8>>> {
        // Nothing is read through a link: neither a folder on the way nor the entry.
        for folder in [Path::new(CACHE_DIR), &self.rel] {
            match self.root.join(folder).symlink_metadata() {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(std::io::Error::other("not a folder")),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(err) => return Err(err),
            }
        }
        match open_no_follow(&self.dir().join(name)) {
            Ok(mut file) => {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)?;
                Ok(Some(bytes))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.ready()?;
        let dir = self.dir();
        let temporary = dir.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            self.writes.fetch_add(1, Ordering::Relaxed)
        ));
        // create_new opens no file or link already there; rename replaces a
        // link at the entry's place, never follows it.
        let written = std::fs::File::create_new(&temporary)
            .and_then(|mut file| file.write_all(bytes))
            .and_then(|()| std::fs::rename(&temporary, dir.join(name)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    fn describe(&self) -> String {
        self.dir().display().to_string()
    }
}

/// An output path and its bytes.
type OutputFile = (String, Vec<u8>);

/// The files of `picture`, made (through `cache` if given): each output path
/// with its bytes, in the order of [`Picture::paths`], and what the cache did.
pub(crate) fn processed_image(
    picture: &Picture<'_>,
    cache: Option<&ImageCache>,
    origin: &Origin,
) -> Result<(Vec<OutputFile>, CacheUse), Diagnostic> {
    let processed = processed(picture, cache, origin)?;
    let files = processed.files(&picture.name, &picture.header);
    let files = picture
        .dirs
        .iter()
        .flat_map(|dir| {
            files
                .iter()
                .map(move |(name, variant)| (join_file(dir, name), variant.bytes.clone()))
        })
        .collect();
    Ok((files, processed.cache))
}

/// The widest copy of `picture`, made as [`processed_image`] makes it (the
/// bytes of the file published beside the page): what a poster embeds.
pub(crate) fn widest_copy(
    picture: &Picture<'_>,
    cache: Option<&ImageCache>,
    origin: &Origin,
) -> Result<Option<Variant>, Diagnostic> {
    Ok(processed(picture, cache, origin)?.copies.pop())
}

/// `picture` processed. The source is read as a copy is, only while it is the
/// file load read; a picture that fails to decode is an error at `origin`
/// (the Markdown line that shows it).
fn processed(
    picture: &Picture<'_>,
    cache: Option<&ImageCache>,
    origin: &Origin,
) -> Result<Processed, Diagnostic> {
    let source = open_recorded(&picture.file.disk, picture.file.identity)
        .and_then(|mut file| {
            let mut bytes = Vec::with_capacity(picture.file.size as usize);
            file.read_to_end(&mut bytes).map(|_| bytes)
        })
        .map_err(|err| ImageProblem::Unreadable {
            detail: err.to_string(),
        });
    source
        .and_then(|source| images::process(&source, picture.settings, cache.map(|c| c as _)))
        .map_err(|problem| {
            let diagnostic = problem.diagnostic(&picture.name);
            match &origin.file {
                Some(file) => diagnostic.in_file(file).at_line(origin.line),
                None => diagnostic,
            }
        })
}

/// The warning, once a build, that photos are made again every build: the
/// cache could not keep them (`detail` says where and why).
pub(crate) fn cache_unwritable(detail: &str) -> Diagnostic {
    Diagnostic::warning(crate::messages::cache::photos_not_kept(detail))
        .with_hint(crate::messages::cache::photos_not_kept_hint(CACHE_DIR))
}
