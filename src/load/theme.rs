//! The theme's files: the site's own theme folder, or the default theme built
//! into placard (`init` copies the same files into a new site), with the
//! site's `templates/` overriding single templates. Read here, made into a
//! theme by `render::theme`.

use crate::messages::load as say;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The default theme, built into the binary.
pub(crate) static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The theme's files as (path inside the theme, bytes, where it came from).
pub(crate) struct ThemeFile {
    /// The path inside the theme, `/`-separated (`templates/page.html`).
    pub rel: String,
    pub bytes: Cow<'static, [u8]>,
    /// Where it came from, for diagnostics (`themes/default/templates/page.html`).
    pub origin: PathBuf,
}

/// The theme's files: the site's `themes/<name>/`, else (for `default`) the
/// default theme built into placard, with the site's `templates/` replacing
/// single templates.
pub(crate) fn theme_files(root: &Path, config: &Config) -> Result<Vec<ThemeFile>, Diagnostic> {
    let site_theme = root.join("themes").join(&config.theme);
    let mut files = if site_theme.is_dir() {
        read_dir_files(&site_theme, &PathBuf::from("themes").join(&config.theme))
    } else if config.theme == "default" {
        embedded_files()
    } else {
        return Err(Diagnostic::error(say::theme_not_found(&config.theme))
            .in_file(crate::config::CONFIG_FILE)
            .at_line(config.theme_line)
            .with_hint(say::theme_not_found_hint()));
    };
    let overrides = root.join("templates");
    if overrides.is_dir() {
        for file in read_dir_files(&overrides, Path::new("templates")) {
            let rel = format!("templates/{}", file.rel);
            files.retain(|f| f.rel != rel);
            files.push(ThemeFile { rel, ..file });
        }
    }
    Ok(files)
}

fn embedded_files() -> Vec<ThemeFile> {
    default_theme_files()
        .into_iter()
        .map(|(rel, bytes)| ThemeFile {
            origin: PathBuf::from("themes/default").join(&rel),
            rel,
            bytes: Cow::Borrowed(bytes),
        })
        .collect()
}

/// The default theme's files, as (`/`-separated path inside the theme, bytes),
/// sorted by path: what `placard init` copies into a new site.
pub(crate) fn default_theme_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        for entry in dir.entries() {
            match entry {
                include_dir::DirEntry::Dir(sub) => stack.push(sub),
                include_dir::DirEntry::File(file) => {
                    let rel = file.path().to_string_lossy().replace('\\', "/");
                    files.push((rel, file.contents()));
                }
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn read_dir_files(dir: &Path, shown_as: &Path) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push(ThemeFile {
                rel: rel_path.to_string_lossy().replace('\\', "/"),
                bytes: Cow::Owned(bytes),
                origin: shown_as.join(rel_path),
            });
        }
    }
    files
}
