//! Content: what a page says, parsed from the text load read: typed front
//! matter (front_matter) and Markdown to HTML (markdown). Knows nothing of
//! the site model, templates or output.

pub(crate) mod front_matter;
pub(crate) mod markdown;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::load::Source;
use front_matter::FrontMatter;

/// A parsed page before it has a place in the site.
pub(crate) struct Parsed {
    pub source: Source,
    pub meta: FrontMatter,
}

/// One file's front matter, typed; None after errors (which are reported).
pub(crate) fn parse(source: Source, diagnostics: &Diagnostics) -> Option<Parsed> {
    read(source, diagnostics).ok()
}

/// A file whose front matter has errors (all reported): the page is left out.
pub(crate) struct Failed {
    pub key: String,
    /// The file and its front matter as read without the wrong values (see
    /// `front_matter::read`), for the checks of its kind that need only the
    /// page; None when its YAML cannot be read.
    pub faulty: Option<Box<Parsed>>,
}

/// [`parse`], with what could be read of a file with errors.
fn read(mut source: Source, diagnostics: &Diagnostics) -> Result<Parsed, Box<Failed>> {
    let section = source
        .key
        .split('/')
        .next()
        .filter(|_| source.key.contains('/'));
    let read = front_matter::read(
        &source.front_matter,
        source.front_matter_line,
        &source.path,
        section,
        source.is_section,
        diagnostics,
    );
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

/// Every content file's front matter, typed, in parallel; and the files that
/// failed (their errors are reported).
pub(crate) fn parse_all(
    sources: Vec<Source>,
    diagnostics: &Diagnostics,
) -> (Vec<Parsed>, Vec<Failed>) {
    sources
        .into_par_iter()
        .map(|source| read(source, diagnostics))
        .partition_map(|parsed| match parsed {
            Ok(parsed) => rayon::iter::Either::Left(parsed),
            Err(failed) => rayon::iter::Either::Right(*failed),
        })
}
