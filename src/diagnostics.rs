//! Errors and warnings that users read: each names a file, a line where there is
//! one, what was expected, and a hint. They are collected and shown together.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::messages::{Lang, Text, labels};

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails; the previous output is left as it was.
    Error,
    /// The build goes on; the author should still fix it.
    Warning,
}

/// An error or warning as the author reads it: what is wrong, where, and how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the site root (or as given, for files outside it).
    pub file: Option<PathBuf>,
    /// The line in `file`, from 1.
    pub line: Option<usize>,
    /// The column in `line`, from 1.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: Text,
    /// How to fix it (boxed: a diagnostic travels in every `Result` of the
    /// pipeline, and most have no hint).
    pub hint: Option<Text>,
}

impl Diagnostic {
    pub(crate) fn error(message: Text) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message,
            hint: None,
        }
    }

    pub(crate) fn warning(message: Text) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub(crate) fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub(crate) fn with_hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Whether it is an error (and not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The diagnostic as the officer reads it in `lang`: the label and what is
    /// wrong, where (`--> file:line:column`), and the hint.
    pub fn render(&self, lang: Lang) -> String {
        let label = match self.severity {
            Severity::Error => labels::error(lang),
            Severity::Warning => labels::warning(lang),
        };
        let mut text = format!("{label}: {}\n", self.message.in_lang(lang));
        if let Some(file) = &self.file {
            text += &format!("  --> {}", file.display());
            if let Some(line) = self.line {
                text += &format!(":{line}");
                if let Some(column) = self.column {
                    text += &format!(":{column}");
                }
            }
            text.push('\n');
        }
        if let Some(hint) = &self.hint {
            text += &format!("  = {}: {}\n", labels::hint(lang), hint.in_lang(lang));
        }
        text
    }
}

/// In English, as logs and test failures show it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A thread-safe collector: stages running in parallel push into one list.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
    /// Whether an error was pushed: asked before every output a build writes.
    errors: AtomicBool,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&self, diagnostic: Diagnostic) {
        self.extend([diagnostic]);
    }

    pub(crate) fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        let mut items = self.items.lock().expect("diagnostics lock");
        let before = items.len();
        items.extend(diagnostics);
        if items[before..].iter().any(Diagnostic::is_error) {
            self.errors.store(true, Ordering::Relaxed);
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors.load(Ordering::Relaxed)
    }

    /// All diagnostics, errors first, then by file and line, without duplicates.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().expect("diagnostics lock");
        items.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        items.dedup();
        items
    }
}

/// "did you mean …?" for a misspelt key or name.
pub(crate) fn suggest<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}
