//! Content: what a page says, parsed from the text load read: typed front
//! matter (front_matter) and Markdown to HTML (markdown). Knows nothing of
//! the site model, templates or output.

pub(crate) mod front_matter;
pub(crate) mod markdown;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Source;
use front_matter::FrontMatter;

/// A parsed page before it has a place in the site.
pub(crate) struct Parsed {
    pub source: Source,
    pub meta: FrontMatter,
}

/// What a build cache knows of front matter parsed by an earlier build, and
/// is told of every file's here, to keep for the next one.
pub(crate) trait Remembered: Sync {
    /// The front matter an earlier parse of this very text gave, with what
    /// that parse reported (warnings only), if it is known and can be trusted.
    fn recall(&self, source: &Source, section: Option<&str>) -> Option<Recalled>;
    /// A file's front matter as parsed now, and what its parse reported.
    fn remember(
        &self,
        source: &Source,
        section: Option<&str>,
        meta: &FrontMatter,
        reported: &[Diagnostic],
    );
}

/// A file's front matter as an earlier parse gave it.
pub(crate) struct Recalled {
    pub meta: FrontMatter,
    /// The warnings that parse reported, reported again.
    pub reported: Vec<Diagnostic>,
}

/// Nothing remembered (`check`, `serve`).
impl Remembered for () {
    fn recall(&self, _: &Source, _: Option<&str>) -> Option<Recalled> {
        None
    }
    fn remember(&self, _: &Source, _: Option<&str>, _: &FrontMatter, _: &[Diagnostic]) {}
}

/// The page's top-level folder (its default kind), None at the top.
fn section_of(source: &Source) -> Option<&str> {
    source
        .key
        .split('/')
        .next()
        .filter(|_| source.key.contains('/'))
}

/// One file's front matter, typed; None after errors (which are reported).
pub(crate) fn parse(source: Source, diagnostics: &Diagnostics) -> Option<Parsed> {
    read(source, &(), diagnostics).ok()
}

/// A file whose front matter has errors (all reported): the page is left out.
pub(crate) struct Failed {
    pub key: String,
    /// The file and its front matter as read without the wrong values (see
    /// `front_matter::read`), for the checks of its kind that need only the
    /// page; None when its YAML cannot be read.
    pub faulty: Option<Box<Parsed>>,
}

/// [`parse`], with what could be read of a file with errors: as `remembered`
/// recalls it, or else read (and a clean file's front matter then told to
/// `remembered`, with what its parse reported).
fn read(
    mut source: Source,
    remembered: &dyn Remembered,
    diagnostics: &Diagnostics,
) -> Result<Parsed, Box<Failed>> {
    if let Some(recalled) = remembered.recall(&source, section_of(&source)) {
        diagnostics.extend(recalled.reported);
        source.front_matter = String::new();
        return Ok(Parsed {
            source,
            meta: recalled.meta,
        });
    }
    // Left unread by load for a recall that did not come: read now.
    if let Err(diagnostic) = source.read_in() {
        diagnostics.push(diagnostic);
        return Err(Box::new(Failed {
            key: source.key.clone(),
            faulty: None,
        }));
    }
    let section = section_of(&source);
    let own = Diagnostics::new();
    let read = front_matter::read(
        &source.front_matter,
        source.front_matter_line,
        &source.path,
        section,
        source.is_section,
        &own,
    );
    let reported = own.into_sorted();
    if let front_matter::Read::Clean(meta) = &read {
        remembered.remember(&source, section, meta, &reported);
    }
    diagnostics.extend(reported);
    // Read once, here: its text is no longer needed.
    source.front_matter = String::new();
    match read {
        front_matter::Read::Clean(meta) => Ok(Parsed { source, meta }),
        front_matter::Read::Faulty(meta) => Err(Box::new(Failed {
            key: source.key.clone(),
            faulty: meta.map(|meta| Box::new(Parsed { source, meta })),
        })),
    }
}

/// Every content file's front matter, typed, in parallel (what `remembered`
/// recalls is not parsed again); and the files that failed (their errors are
/// reported).
pub(crate) fn parse_all(
    sources: Vec<Source>,
    remembered: &dyn Remembered,
    diagnostics: &Diagnostics,
) -> (Vec<Parsed>, Vec<Failed>) {
    sources
        .into_par_iter()
        .map(|source| read(source, remembered, diagnostics))
        .partition_map(|parsed| match parsed {
            Ok(parsed) => rayon::iter::Either::Left(parsed),
            Err(failed) => rayon::iter::Either::Right(*failed),
        })
}
