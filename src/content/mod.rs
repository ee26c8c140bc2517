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
pub(crate) fn parse(mut source: Source, diagnostics: &Diagnostics) -> Option<Parsed> {
    let section = source
        .key
        .split('/')
        .next()
        .filter(|_| source.key.contains('/'));
    let meta = front_matter::parse(
        &source.front_matter,
        source.front_matter_line,
        &source.path,
        section,
        source.is_section,
        diagnostics,
    )?;
    // Read once, here: its text is no longer needed.
    source.front_matter = String::new();
    Some(Parsed { source, meta })
}

/// Every content file's front matter, typed, in parallel; and the keys of the
/// files that failed (their errors are reported).
pub(crate) fn parse_all(
    sources: Vec<Source>,
    diagnostics: &Diagnostics,
) -> (Vec<Parsed>, Vec<String>) {
    sources
        .into_par_iter()
        .map(|source| {
            let key = source.key.clone();
            parse(source, diagnostics).ok_or(key)
        })
        .partition_map(|parsed| match parsed {
            Ok(parsed) => rayon::iter::Either::Left(parsed),
            Err(key) => rayon::iter::Either::Right(key),
        })
}
