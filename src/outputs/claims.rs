//! One output per path: the sink in front of every other that refuses a second
//! output at a path (or at a folder of one), and turns what it refused into
//! errors naming both outputs, and paths that differ only in case or Unicode
//! normalisation into warnings.

use crate::messages::Text;
use crate::messages::outputs::{self as say, Form};
use std::collections::hash_map::Entry;
use std::path::PathBuf;
use std::sync::Mutex;

use unicode_normalization::{UnicodeNormalization, is_nfc, is_nfd};

use super::{Origin, Picture, Sink};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::FxMap;
use crate::load::Asset;

/// A sink that passes on the first output at each path and refuses any other
/// at that path (or at a path that is a folder of one, or inside one), which
/// would otherwise replace it unnoticed: a page and a file of `static/`, a
/// page at `search/`, a section's list and a page. `report` turns what it
/// refused into diagnostics naming both outputs; a build with any fails, and
/// its staging folder, never the output, holds the one that was written.
#[must_use = "call `report` to turn the outputs refused into diagnostics"]
pub(crate) struct Claimed<'s> {
    inner: &'s dyn Sink,
    claims: Mutex<Claims>,
}

#[derive(Default)]
struct Claims {
    /// Output path → what it is made from. (Every output of a build is looked
    /// up in these three tables inside the lock: SipHash took 0.5 % of a large
    /// build's processor time here.)
    files: FxMap<String, Origin>,
    /// Folder the outputs are in → the first output placed in it.
    folders: FxMap<String, String>,
    refused: Vec<Collision>,
    /// Output path in lower case and composed Unicode (NFC) → the first output with it.
    folded: FxMap<String, String>,
    /// Outputs whose paths differ only in case or Unicode normalisation: (first, second).
    alike: Vec<(String, String)>,
}

/// An output refused because `path` was taken.
struct Collision {
    path: String,
    /// The two outputs; when `inside` is set, `first` is the file at `path`.
    first: Origin,
    second: Origin,
    /// When one output is a file at `path` and the other needs a folder there:
    /// the path of the one inside that folder.
    inside: Option<String>,
}

impl<'s> Claimed<'s> {
    /// Passes the first output at each path on to `inner`.
    pub(crate) fn new(inner: &'s dyn Sink) -> Claimed<'s> {
        Claimed {
            inner,
            claims: Mutex::new(Claims::default()),
        }
    }

    /// Takes `path` for a file the sink writes by itself (`write::MARK`):
    /// an output there would replace it.
    pub(crate) fn reserve(&self, path: &str, what: crate::messages::Text) {
        self.claim(path, &Origin::built(what));
    }

    /// True when `path` is free (and now taken by `origin`).
    fn claim(&self, path: &str, origin: &Origin) -> bool {
        // Folded before the lock is taken: every output of a build passes here.
        let folded = folded(path);
        let mut claims = self.claims.lock().expect("claims lock");
        let claims = &mut *claims;
        let refused =
            |path: &str, first: &Origin, second: &Origin, inside: Option<&str>| Collision {
                path: path.to_string(),
                first: first.clone(),
                second: second.clone(),
                inside: inside.map(str::to_string),
            };
        if let Some(first) = claims.files.get(path) {
            claims.refused.push(refused(path, first, origin, None));
            return false;
        }
        if let Some(inside) = claims.folders.get(path) {
            let collision = refused(path, origin, &claims.files[inside], Some(inside));
            claims.refused.push(collision);
            return false;
        }
        // Every folder up to the first one already known (whose own are known too).
        let mut new_folders = Vec::new();
        let mut dir = path;
        while let Some((up, _)) = dir.rsplit_once('/') {
            if claims.folders.contains_key(up) {
                break;
            }
            if let Some(file) = claims.files.get(up) {
                claims.refused.push(refused(up, file, origin, Some(path)));
                return false;
            }
            new_folders.push(up);
            dir = up;
        }
        for folder in new_folders {
            claims.folders.insert(folder.to_string(), path.to_string());
        }
        claims.files.insert(path.to_string(), origin.clone());
        match claims.folded.entry(folded) {
            Entry::Occupied(first) => {
                let pair = (first.get().clone(), path.to_string());
                claims.alike.push(pair);
            }
            Entry::Vacant(slot) => {
                slot.insert(path.to_string());
            }
        }
        true
    }

    /// Every output refused, as errors in a stable order: one for each pair of
    /// sources (a page, its poster and its calendar are one source), and one
    /// for each file that other outputs needed as a folder.
    pub(crate) fn report(self, diagnostics: &Diagnostics) {
        let claims = self.claims.into_inner().expect("claims lock");
        let mut alike: Vec<(&Origin, &str, &Origin, &str)> = claims
            .alike
            .iter()
            .map(|(a, b)| {
                let (a, b) = (
                    (&claims.files[a], a.as_str()),
                    (&claims.files[b], b.as_str()),
                );
                let (a, b) = if b.0.order_key() < a.0.order_key() {
                    (b, a)
                } else {
                    (a, b)
                };
                (a.0, a.1, b.0, b.1)
            })
            .collect();
        alike.sort_by(|x, y| (x.0.order_key(), x.1).cmp(&(y.0.order_key(), y.1)));
        // One warning for each pair of sources (a page and its poster are one).
        let mut warned = std::collections::HashSet::new();
        for (first, first_path, second, second_path) in alike {
            let pair = |o: &Origin, path: &str| match &o.file {
                Some(file) => (file.clone(), o.line),
                None => (PathBuf::from(path), None),
            };
            if !warned.insert((pair(first, first_path), pair(second, second_path))) {
                continue;
            }
            diagnostics.push(if first_path.to_lowercase() == second_path.to_lowercase() {
                case_only_diagnostic(first, first_path, second, second_path)
            } else {
                normalisation_diagnostic(first, first_path, second, second_path)
            });
        }
        let mut refused = claims.refused;
        for collision in &mut refused {
            if collision.inside.is_none()
                && collision.second.order_key() < collision.first.order_key()
            {
                std::mem::swap(&mut collision.first, &mut collision.second);
            }
        }
        refused.sort_by(|x, y| {
            (x.first.order_key(), x.second.order_key(), &x.path).cmp(&(
                y.first.order_key(),
                y.second.order_key(),
                &y.path,
            ))
        });
        let source = |o: &Origin| (o.file.clone(), o.line);
        let mut reported = std::collections::HashSet::new();
        for collision in refused {
            let key = match collision.inside {
                None => (None, source(&collision.first), source(&collision.second)),
                Some(_) => (
                    Some(collision.path.clone()),
                    source(&collision.first),
                    (None, None),
                ),
            };
            if reported.insert(key) {
                diagnostics.push(collision_diagnostic(&collision));
            }
        }
    }
}

/// `path` in composed Unicode (NFC) and lower case, the key under which paths
/// that differ only in these are found alike. An ASCII path (most outputs) is
/// its own NFC.
fn folded(path: &str) -> String {
    if path.is_ascii() {
        path.to_ascii_lowercase()
    } else {
        path.nfc().collect::<String>().to_lowercase()
    }
}

/// The warning for two outputs whose paths differ only in case: both are written,
/// but copied to Windows or macOS (whose file systems ignore case) one would
/// replace the other.
fn case_only_diagnostic(
    first: &Origin,
    first_path: &str,
    second: &Origin,
    second_path: &str,
) -> Diagnostic {
    let message = say::case_only(
        &first.describe(),
        first_path,
        &second.describe(),
        second_path,
    );
    let diagnostic = Diagnostic::warning(message).with_hint(say::case_only_hint());
    match &first.file {
        Some(file) => diagnostic.in_file(file).at_line(first.line),
        None => diagnostic,
    }
}

/// The warning for two outputs whose paths are the same text in two Unicode
/// normalisations (`é` as one character, NFC, or as `e` and an accent, NFD, as
/// macOS writes file names): a link reaches only the one typed the same way,
/// and on a file system that normalises names (macOS) one replaces the other.
fn normalisation_diagnostic(
    first: &Origin,
    first_path: &str,
    second: &Origin,
    second_path: &str,
) -> Diagnostic {
    let form = |path: &str| {
        if is_nfc(path) {
            Form::Composed
        } else if is_nfd(path) {
            Form::Decomposed
        } else {
            Form::Partly
        }
    };
    let and_case = !first_path.nfc().eq(second_path.nfc());
    let message = say::normalisation(
        (&first.describe(), first_path, form(first_path)),
        (&second.describe(), second_path, form(second_path)),
        and_case,
    );
    let diagnostic = Diagnostic::warning(message).with_hint(say::normalisation_hint());
    match &first.file {
        Some(file) => diagnostic.in_file(file).at_line(first.line),
        None => diagnostic,
    }
}

/// The error for two outputs at one path, naming both, in the file of the one
/// an author wrote (where both are, the first by name).
fn collision_diagnostic(collision: &Collision) -> Diagnostic {
    let Collision {
        path,
        first,
        second,
        inside,
    } = collision;
    let message = match inside {
        None => {
            let url = path.strip_suffix("index.html").unwrap_or(path);
            say::duplicate_url(url, path, &first.describe(), &second.describe())
        }
        Some(inside) => say::file_and_folder(path, &first.describe(), &second.describe(), inside),
    };
    let mut fixes: Vec<&Text> = Vec::new();
    for fix in [&first.fix, &second.fix].into_iter().flatten() {
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    let hint = say::own_path_hint(&fixes);
    let main = if second.order_key() < first.order_key() {
        second
    } else {
        first
    };
    let diagnostic = Diagnostic::error(message).with_hint(hint);
    match &main.file {
        Some(file) => diagnostic.in_file(file).at_line(main.line),
        None => diagnostic,
    }
}

impl Sink for Claimed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        if !self.claim(path, &origin) {
            return Ok(());
        }
        self.inner.put(path, bytes, origin)
    }

    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic> {
        if !self.claim(path, &origin) {
            return Ok(());
        }
        self.inner.copy(path, file, origin)
    }

    /// Each of its paths claimed; made only if it has all of them.
    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        let mut all = true;
        for path in picture.paths() {
            all &= self.claim(&path, &origin);
        }
        if !all {
            return Ok(());
        }
        self.inner.image(picture, origin)
    }

    /// Claims nothing: the copy is not published at a path.
    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<crate::images::Variant>, Diagnostic> {
        self.inner.widest_copy(picture, origin)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A sink that counts what reaches it.
    #[derive(Default)]
    struct Counted(AtomicUsize);

    impl Sink for Counted {
        fn put(&self, _: &str, _: Vec<u8>, _: Origin) -> Result<(), Diagnostic> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }

        fn copy(&self, _: &str, _: &Asset, _: Origin) -> Result<(), Diagnostic> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }

        fn image(&self, _: &Picture<'_>, _: Origin) -> Result<(), Diagnostic> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }

        fn widest_copy(
            &self,
            _: &Picture<'_>,
            _: &Origin,
        ) -> Result<Option<crate::images::Variant>, Diagnostic> {
            Ok(None)
        }
    }

    /// Puts each (path, origin) through a `Claimed` sink: how many reached the
    /// sink behind it, and what was reported.
    fn claimed(outputs: &[(&str, &Origin)]) -> (usize, Vec<Diagnostic>) {
        let inner = Counted::default();
        let sink = Claimed::new(&inner);
        for (path, origin) in outputs {
            sink.put(path, Vec::new(), (*origin).clone()).unwrap();
        }
        let diagnostics = Diagnostics::new();
        sink.report(&diagnostics);
        (inner.0.load(Ordering::Relaxed), diagnostics.into_sorted())
    }

    #[test]
    fn a_second_output_at_a_path_is_refused_and_named_the_same_whichever_came_first() {
        let page = Origin::from_file(
            say::the_page(),
            "content/a.md",
            Some(2),
            Some(say::fix_slug()),
        );
        let poster = Origin::from_file(say::poster_of_page(), "content/a.md", Some(2), None);
        let file = Origin::from_file(
            say::the_file(),
            "static/a/index.html",
            None,
            Some(Text::verbatim("move the file")),
        );
        let search = Origin::built(say::plain_page("search"));
        let (written, one_way) = claimed(&[
            ("a/index.html", &page),
            ("a/poster/index.html", &poster),
            ("a/index.html", &file),
            ("search/index.html", &search),
        ]);
        assert_eq!(written, 3);
        let (_, other_way) = claimed(&[
            ("a/index.html", &file),
            ("a/index.html", &page),
            ("search/index.html", &search),
        ]);
        assert_eq!(one_way, other_way);
        assert_eq!(one_way.len(), 1);
        let error = &one_way[0];
        assert_eq!(
            error.message.en(),
            "duplicate URL /a/: the page content/a.md:2 and the file static/a/index.html \
             are both published at a/index.html"
        );
        assert_eq!(
            (error.file.as_deref(), error.line),
            (Some(Path::new("content/a.md")), Some(2))
        );
        assert_eq!(
            error.hint.as_ref().map(|h| h.en()),
            Some(
                "each output needs a path of its own: give the page another `slug`, or move the file"
            )
        );
    }

    #[test]
    fn a_file_where_another_output_needs_a_folder_is_refused() {
        let file = Origin::from_file(
            say::the_file(),
            "static/a",
            None,
            Some(Text::verbatim("move the file")),
        );
        let page = Origin::from_file(say::the_page(), "content/a/b.md", Some(2), None);
        for outputs in [
            [("a", &file), ("a/b/index.html", &page)],
            [("a/b/index.html", &page), ("a", &file)],
        ] {
            let (written, errors) = claimed(&outputs);
            assert_eq!(written, 1);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].message.en().starts_with(
                    "a is both a file and a folder: the file static/a is published there, \
                     and the page content/a/b.md:2 inside it"
                ),
                "{}",
                errors[0].message.en()
            );
        }
    }
}
