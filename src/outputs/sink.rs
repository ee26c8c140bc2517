//! Where outputs go. Every output hands its files to a [`Sink`] and never
//! touches the disk: `build` writes them (into a staging folder, `write`),
//! `serve` keeps them in memory, `check` keeps only their paths. Decorators sit
//! between: [`Claimed`](super::Claimed) refuses a second output at a path,
//! [`Relative`](super::relative::Relative) rewrites links for `relative_urls`.

use crate::messages::Text;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::images::{self, Header, ImagesConfig};
use crate::load::Asset;

/// Where the outputs of a build go: one call per output file, from many
/// threads at once, in no particular order.
///
/// The contract, which every implementation keeps and every output relies on:
///
/// - `path` is relative to the output root, `/`-separated, and names a file
///   (`en/notices/x/index.html`, `sitemap.xml`); a sink refuses (with an error)
///   a path that could leave the output folder (`paths::safe_relative`), and
///   never writes outside it, whatever the path says.
/// - Each path is handed over at most once by a correct site; two outputs at one
///   path are an author's mistake, found by [`Claimed`](super::Claimed) in front
///   of the sink, which passes only the first on.
/// - [`put`](Sink::put) gives the bytes of a file the build made;
///   [`copy`](Sink::copy) asks for a source file to be published as it is. The
///   copy carries the identity load recorded when it read and checked the file:
///   a sink that reads it (`write`, `serve`) opens it without following a link
///   and refuses it when it is no longer that file (`load::files::open_recorded`).
/// - [`image`](Sink::image) asks for a picture of a page bundle to be published
///   as the copies `images` makes of it, at every path of
///   [`Picture::paths`]: a sink that publishes it reads the source as `copy`
///   does and has it processed (`write::processed_image`), through the image
///   cache where it has one; `check`'s sink only notes the paths.
/// - [`widest_copy`](Sink::widest_copy) hands a picture's widest copy back
///   to the output that asked, as `image` would make it; nothing is published.
/// - `origin` says what the output is made from; sinks that report on outputs
///   name it, the others ignore it.
/// - An error is returned for the one output and collected with the others by
///   the caller; a sink does not stop the build. A sink may accept outputs and
///   write nothing (after another error, or in `check`).
pub(crate) trait Sink: Sync {
    /// A file's bytes, at a `/`-separated path relative to the output root,
    /// made from `origin`.
    fn put(&self, path: &str, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic>;
    /// A source file published as it is, at `path`.
    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic>;
    /// A picture published as its resized copies (and its original with
    /// `images.keep_original`), at [`Picture::paths`].
    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic>;
    /// The widest copy of `picture`, made as [`image`](Sink::image) makes its
    /// copies (through the same cache), for an output that carries the picture
    /// inside itself: a poster's photo, as a `data:` URI. It publishes
    /// nothing. None from a sink that makes no files (`check`).
    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<images::Variant>, Diagnostic>;
}

/// A picture of a page bundle, and where its copies go.
#[derive(Debug)]
pub(crate) struct Picture<'a> {
    /// The source, as load read it (its header checked and read).
    pub file: &'a Asset,
    pub header: Header,
    pub settings: &'a ImagesConfig,
    /// Its path inside the bundle (`photo.jpg`, `photos/a.jpg`): the copies
    /// are named after it (`photos/a-480.jpg`).
    pub name: String,
    /// The output folders that each get every file (a page's, in each of its
    /// languages).
    pub dirs: Vec<String>,
}

impl Picture<'_> {
    /// Every output path, folder by folder: the copies, then the original.
    pub(crate) fn paths(&self) -> Vec<String> {
        let names = images::file_names(&self.name, &self.header, self.settings);
        self.dirs
            .iter()
            .flat_map(|dir| names.iter().map(move |name| super::join_file(dir, name)))
            .collect()
    }
}

/// What an output is made from, to name both when two outputs claim one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `the page`, `the alias`, `the search page`, …
    pub what: Text,
    /// The file it comes from, relative to the site root; None for what the
    /// build makes by itself (search page, feeds, sitemap, theme files).
    pub file: Option<PathBuf>,
    /// The line in `file` of the front matter key it comes from.
    pub line: Option<usize>,
    /// How an author moves it elsewhere (`give the page another `slug``).
    pub fix: Option<Text>,
}

impl Origin {
    /// An output the build makes by itself.
    pub(crate) fn built(what: Text) -> Origin {
        Origin {
            what,
            file: None,
            line: None,
            fix: None,
        }
    }

    /// An output made from `file` (at the `line` it comes from), which `fix` moves.
    pub(crate) fn from_file(
        what: Text,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        fix: Option<Text>,
    ) -> Origin {
        Origin {
            what,
            file: Some(file.into()),
            line,
            fix,
        }
    }

    /// `the page content/a.md:3`, `the search page`.
    pub(crate) fn describe(&self) -> Text {
        let place = match (&self.file, self.line) {
            (Some(file), Some(line)) => Some(format!("{}:{line}", file.display())),
            (Some(file), None) => Some(file.display().to_string()),
            (None, _) => None,
        };
        crate::messages::outputs::described(&self.what, place.as_deref())
    }

    /// The order in which two origins are named: those an author wrote first
    /// (a file, then a line), so the message does not depend on which thread
    /// claimed the path first.
    pub(crate) fn order_key(&self) -> impl Ord + '_ {
        (
            self.file.is_none(),
            self.line.is_none(),
            &self.file,
            self.line,
            &self.what,
        )
    }
}
