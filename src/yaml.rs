//! YAML through serde-saphyr, with its errors turned into diagnostics whose line
//! numbers point into the file the YAML came from (front matter starts a few
//! lines into a Markdown file).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

/// How deep YAML values may nest. Front matter needs three or four levels
/// (`sessions:` → a session → its fields).
pub const MAX_DEPTH: usize = 32;

/// Limits for one YAML text, so that a runaway or hostile file (deep nesting,
/// an alias bomb, thousands of documents) is an error and not an out-of-memory kill.
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: 100_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: MAX_DEPTH,
        },
    }
}

/// Parse `text` as `T`. `first_line` is the line of `file` on which `text` starts.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| error_diagnostic(&err, file, first_line))
}

pub fn error_diagnostic(err: &serde_saphyr::Error, file: &Path, first_line: usize) -> Diagnostic {
    let plain = err.without_snippet();
    let message = clean_message(&plain.to_string());
    let runaway = ["budget breached", "limit exceeded"]
        .iter()
        .any(|limit| message.contains(limit));
    let diagnostic = if runaway {
        Diagnostic::error(format!(
            "YAML too deeply nested or too large: {message}"
        ))
        .with_hint(format!(
            "YAML may nest at most {MAX_DEPTH} levels, with at most 1000 anchors and aliases; is the file damaged?"
        ))
    } else {
        Diagnostic::error(format!("invalid YAML: {message}"))
    }
    .in_file(file);
    match plain.location() {
        Some(location) if location.line() > 0 => diagnostic.at(
            first_line + location.line() as usize - 1,
            location.column().max(1) as usize,
        ),
        _ => diagnostic.at_line(Some(first_line)),
    }
}

/// Location of a value parsed with `serde_saphyr::Spanned`, as a line of the file.
pub fn line_of(location: &serde_saphyr::Location, first_line: usize) -> Option<usize> {
    (location.line() > 0).then(|| first_line + location.line() as usize - 1)
}

/// serde-saphyr appends its own "at line L column C"; our diagnostics carry the
/// position already (offset into the Markdown file), so drop it.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let cut = first.find(" at line ").map_or(first, |at| &first[..at]);
    cut.trim_start_matches("error: ")
        .trim_end_matches('.')
        .to_string()
}
