//! Walks `content/`, decodes each Markdown file and splits off its front matter.
//! Knows languages only by file name (`x.md` default, `x.en.md` English).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const CONTENT_DIR: &str = "content";

/// One Markdown file, decoded, with its front matter split off.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root (`content/notices/x.md`), for diagnostics.
    pub path: PathBuf,
    /// Path relative to `content/` with `/` separators (`notices/x.md`).
    pub rel: String,
    pub lang: String,
    /// What translations share: the path minus language and extension
    /// (`notices/x`; a bundle `notices/x/index.md` gives `notices/x`; a section
    /// `notices/_index.md` gives `notices`; the home `_index.md` gives ``).
    pub key: String,
    pub is_section: bool,
    /// For `index.md` page bundles: the bundle folder relative to `content/`.
    pub bundle_dir: Option<String>,
    pub front_matter: String,
    /// Line of the file on which the front matter's YAML starts.
    pub front_matter_line: usize,
    pub body: String,
    pub body_line: usize,
}

/// A file in `content/` that is not Markdown: copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub disk: PathBuf,
    /// Path relative to `content/` with `/` separators.
    pub rel: String,
    pub size: u64,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
}

pub fn load(root: &Path, config: &Config, diagnostics: &Diagnostics) -> Loaded {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("the site has no content/ folder")
                .in_file(CONTENT_DIR)
                .with_hint("create content/_index.md, or run `placard init DIR`"),
        );
        return Loaded::default();
    }
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative_to(p, root)).unwrap_or_default();
                diagnostics.push(Diagnostic::error(format!("cannot read: {err}")).in_file(path));
                continue;
            }
        };
        let rel = relative_to(entry.path(), &content);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::warning(
                    "symbolic link skipped: placard never follows links in content/",
                )
                .in_file(relative_to(entry.path(), root)),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.ends_with(".md") {
            markdown.push((entry.path().to_path_buf(), rel));
        } else {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            assets.push(Asset {
                disk: entry.path().to_path_buf(),
                rel,
                size,
            });
        }
    }
    let sources = markdown
        .par_iter()
        .filter_map(|(disk, rel)| match read_source(root, disk, rel, config) {
            Ok(source) => source,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        })
        .collect();
    Loaded { sources, assets }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// Reads and splits one file; `Ok(None)` for files of a language the site does not have.
fn read_source(
    root: &Path,
    disk: &Path,
    rel: &str,
    config: &Config,
) -> Result<Option<Source>, Diagnostic> {
    let path = relative_to(disk, root);
    let size = std::fs::metadata(disk).map(|m| m.len()).unwrap_or(0);
    if size > config.limits.max_file_size {
        return Err(Diagnostic::error(format!(
            "file is {size} bytes, over the limit of {} bytes",
            config.limits.max_file_size
        ))
        .in_file(&path)
        .with_hint("split the document, or raise limits.max_file_size in placard.yaml"));
    }
    let bytes = std::fs::read(disk)
        .map_err(|err| Diagnostic::error(format!("cannot read file: {err}")).in_file(&path))?;
    let text = decode(&bytes).map_err(|d| d.in_file(&path))?;
    let Some((lang, key, is_section, bundle_dir)) = classify(rel, config) else {
        return Ok(None);
    };
    let (front_matter, front_matter_line, body, body_line) =
        split_front_matter(&text).map_err(|d| d.in_file(&path))?;
    Ok(Some(Source {
        path,
        rel: rel.to_string(),
        lang,
        key,
        is_section,
        bundle_dir,
        front_matter,
        front_matter_line,
        body,
        body_line,
    }))
}

/// UTF-8 with or without BOM; CRLF and CR become LF.
fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        Diagnostic::error(format!(
            "file is not valid UTF-8 (first bad byte at offset {})",
            err.valid_up_to()
        ))
        .with_hint("save the file as UTF-8")
    })?;
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Language, translation key, section flag and bundle folder from a file's path.
pub(crate) fn classify(
    rel: &str,
    config: &Config,
) -> Option<(String, String, bool, Option<String>)> {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.strip_suffix(".md")?;
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((base, code)) if config.languages.contains_key(code) => (base, code.to_string()),
        _ => (stem, config.default_language.clone()),
    };
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}/{b}")
        }
    };
    Some(match stem {
        "_index" => (lang, dir.to_string(), true, None),
        "index" if !dir.is_empty() => (lang, dir.to_string(), false, Some(dir.to_string())),
        _ => (lang, join(dir, stem), false, None),
    })
}

type Split = (String, usize, String, usize);

/// Splits `---\nYAML\n---\nbody`. Lines are 1-based lines of the file.
fn split_front_matter(text: &str) -> Result<Split, Diagnostic> {
    let missing = || {
        Diagnostic::error("missing front matter: the file must start with a line `---`")
            .at(1, 1)
            .with_hint("start the file with ---, then `title: …`, then --- again")
    };
    let rest = text.strip_prefix("---\n").ok_or_else(missing)?;
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = rest[..offset].to_string();
            let body = rest[offset + line.len()..].to_string();
            // Line 1 is the opening ---, so YAML starts on line 2; the closing
            // --- is line index + 2, and the body starts after it.
            return Ok((yaml, 2, body, index + 3));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("front matter is not closed: no second `---` line")
            .at(1, 1)
            .with_hint("end the front matter with a line `---`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let (yaml, yaml_line, body, body_line) =
            split_front_matter("---\ntitle: a\n---\n# H\n").unwrap();
        assert_eq!(
            (yaml.as_str(), yaml_line, body.as_str(), body_line),
            ("title: a\n", 2, "# H\n", 4)
        );
    }

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\r\na\r\n").unwrap(), "---\na\n");
        assert!(decode(b"ab\xFF").unwrap_err().message.contains("offset 2"));
    }
}
