//! Reads `content/`: walks it, decodes each Markdown file and splits off its
//! front matter, and checks every other file before it may be published.
//! Knows languages only by file name (`x.md` default, `x.en.md` English).

use crate::messages::load as say;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::active::{self, Refusal};
use super::encoding::{self, NotUtf8};
use super::files::{FileIdentity, open_no_follow, read_limited, read_limited_from, relative_to};
use super::{CONTENT_DIR, Known, Loaded};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, ImageProblem};

/// One Markdown file, decoded, with its front matter split off.
#[derive(Debug, Clone)]
pub(crate) struct Source {
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
    /// Set when load left the file unread (`Known::unread`): its front matter
    /// and body are then empty, the front matter recalled by the build cache,
    /// the body read when needed (`read_body`).
    pub unread: Option<Box<Unread>>,
}

/// A Markdown file load did not read, and the hash its bytes had when the
/// build began (the build cache's).
#[derive(Debug, Clone)]
pub(crate) struct Unread {
    disk: PathBuf,
    hash: String,
    limit: u64,
}

/// A file in `content/` that is not Markdown: copied to the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Absolute path on disk.
    pub disk: PathBuf,
    /// Path relative to `content/` with `/` separators.
    pub rel: String,
    pub size: u64,
    /// The file as it was when it was read or checked (None if it could not
    /// be asked): `serve` serves it only while it is still that file.
    pub identity: Option<FileIdentity>,
    /// For a picture (`images::handles`): what its header says, or why it
    /// cannot be published (read by [`read_image_headers`]).
    pub image: Option<ImageHead>,
}

/// An image's header and its warnings, or why it cannot be published.
pub(crate) type ImageHead = Result<(images::Header, Vec<ImageProblem>), ImageProblem>;

/// Reads every file of `content/` (but the pages' Markdown files that `known`
/// says need not be read, and tells it the bytes of every other). With
/// `transcode`, Markdown files in a legacy encoding (GBK, Big5, UTF-16) are
/// rewritten as UTF-8 after a `.bak` copy (the one write placard makes outside
/// its output folder); without it they are errors.
pub(crate) fn load(
    root: &Path,
    config: &Config,
    transcode: bool,
    known: &dyn Known,
    diagnostics: &Diagnostics,
) -> Loaded {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(say::no_content_folder())
                .in_file(CONTENT_DIR)
                .with_hint(say::no_content_folder_hint()),
        );
        return Loaded::default();
    }
    let (markdown, mut assets) = walk(root, config, diagnostics);
    read_image_headers(&mut assets, config);
    let (sources, unreadable) =
        read_markdown(root, &markdown, config, transcode, known, diagnostics);
    Loaded {
        sources,
        assets,
        unreadable,
        static_files: super::static_files(root, diagnostics),
    }
}

/// Reads the header of every picture among `assets` (in parallel): its size
/// and orientation for the `<img>`, and what makes it unpublishable (damaged
/// blocks, a decompression bomb) before any pixel is decoded. The file is
/// read as `write` will read it: only while it is the one walked.
fn read_image_headers(assets: &mut [Asset], config: &Config) {
    assets
        .par_iter_mut()
        .filter(|asset| images::handles(Path::new(&asset.rel)))
        .for_each(|asset| {
            let head = super::files::open_recorded(&asset.disk, asset.identity)
                .and_then(|mut file| {
                    let mut bytes = Vec::with_capacity(asset.size as usize);
                    std::io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
                })
                .map_err(|err| ImageProblem::Unreadable {
                    detail: err.to_string(),
                })
                .and_then(|bytes| images::read_header(&bytes, &config.images));
            asset.image = Some(head);
        });
}

/// The files of `content/`: the Markdown files (on disk, and inside
/// `content/`), and every other file checked. Links, hidden files and what
/// lies deeper than `limits.max_depth` are left out, each with its warning or
/// error, as are names no URL reaches.
fn walk(
    root: &Path,
    config: &Config,
    diagnostics: &Diagnostics,
) -> (Vec<(PathBuf, String)>, Vec<Asset>) {
    let content = root.join(CONTENT_DIR);
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    // A folder at max_depth + 1 is reported, and what is inside it is not read.
    let max_depth = config.limits.max_depth;
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .max_depth(max_depth + 1)
        .sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative_to(p, root)).unwrap_or_default();
                diagnostics
                    .push(Diagnostic::error(say::cannot_read(&err.to_string())).in_file(path));
                continue;
            }
        };
        if !is_a_file_to_read(&entry, root, max_depth, diagnostics) {
            continue;
        }
        let rel = relative_to(entry.path(), &content)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".md") {
            markdown.push((entry.path().to_path_buf(), rel));
            continue;
        }
        match checked_asset(entry.path(), &rel, config) {
            Ok(identity) => assets.push(Asset {
                disk: entry.path().to_path_buf(),
                rel,
                size: identity.as_ref().map_or(0, FileIdentity::size),
                identity,
                image: None,
            }),
            Err(diagnostic) => {
                diagnostics.push(diagnostic.in_file(relative_to(entry.path(), root)))
            }
        }
    }
    (markdown, assets)
}

/// Whether a walked entry is a file to read: not a link (a warning), not a
/// folder too deep (an error); its name's problems reported either way.
fn is_a_file_to_read(
    entry: &walkdir::DirEntry,
    root: &Path,
    max_depth: usize,
    diagnostics: &Diagnostics,
) -> bool {
    let path = relative_to(entry.path(), root);
    if entry.path_is_symlink() {
        diagnostics.push(Diagnostic::warning(say::symlink_skipped()).in_file(path));
        return false;
    }
    if entry.depth() > 0 {
        report_name_problems(entry.file_name(), &path, CONTENT_DIR, diagnostics);
    }
    if entry.file_type().is_dir() && entry.depth() == max_depth + 1 {
        diagnostics.push(
            Diagnostic::error(say::too_deep(max_depth))
                .in_file(path)
                .with_hint(say::too_deep_hint()),
        );
        return false;
    }
    entry.file_type().is_file()
}

/// Every Markdown file read, decoded and split, in parallel (its bytes told to
/// `known`), but those `known` says need not be read; and the files that
/// could not be read (their errors are reported).
fn read_markdown(
    root: &Path,
    markdown: &[(PathBuf, String)],
    config: &Config,
    transcode: bool,
    known: &dyn Known,
    diagnostics: &Diagnostics,
) -> (Vec<Source>, Vec<String>) {
    let read: Vec<Result<Option<Source>, String>> = markdown
        .par_iter()
        .map(|(disk, rel)| {
            if let Some(hash) = known.unread(rel)
                && let Some(source) = unread_source(root, disk, rel, config, hash)
            {
                return Ok(Some(source));
            }
            let path = relative_to(disk, root);
            read_limited(disk, config.limits.max_file_size)
                .map_err(|d| d.in_file(&path))
                .and_then(|bytes| {
                    known.read(rel, &bytes);
                    source_of(root, disk, rel, bytes, config, transcode, diagnostics)
                })
                .map_err(|diagnostic| {
                    diagnostics.push(diagnostic);
                    rel.clone()
                })
        })
        .collect();
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    for result in read {
        match result {
            Ok(source) => sources.extend(source),
            Err(rel) => unreadable.push(rel),
        }
    }
    (sources, unreadable)
}

/// Hidden files, editor leftovers and backups (`--transcode` writes `x.md.bak`)
/// are neither read nor published.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#') || name.ends_with(".bak")
}

/// A file of content/ that is not Markdown, as it will be published: its
/// identity, or why it is not published (it would run code in readers'
/// browsers or on the web server, see [`active`]). An SVG image is read and
/// checked through one open file, so the identity is that of the bytes checked.
fn checked_asset(
    disk: &Path,
    rel: &str,
    config: &Config,
) -> Result<Option<FileIdentity>, Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let unsafe_html = config.markdown.unsafe_html;
    let refused = |refusal: Refusal| {
        Diagnostic::error(refusal.message())
            .at_line(refusal.line())
            .with_hint(refusal.hint())
    };
    if let Some(refusal) = active::by_name(name, unsafe_html) {
        return Err(refused(refusal));
    }
    if unsafe_html || !active::is_svg(name) {
        return Ok(std::fs::symlink_metadata(disk)
            .ok()
            .map(|m| FileIdentity::of(&m)));
    }
    let cannot = |err: std::io::Error| Diagnostic::error(say::cannot_read_file(&err.to_string()));
    let file = open_no_follow(disk).map_err(cannot)?;
    let identity = FileIdentity::of(&file.metadata().map_err(cannot)?);
    let bytes = read_limited_from(file, config.limits.max_file_size)?;
    match active::svg(&bytes) {
        Some(refusal) => Err(refused(refusal)),
        None => Ok(Some(identity)),
    }
}

/// Names in content/ and static/ (`folder`) become parts of URLs, and authors
/// share sites between Linux and Windows: a name that no URL would reach is an
/// error, and one that Windows cannot hold (or that is not UTF-8) a warning,
/// each where it is.
pub(super) fn report_name_problems(
    name: &std::ffi::OsStr,
    path: &Path,
    folder: &str,
    diagnostics: &Diagnostics,
) {
    if let Some(problem) = name.to_str().and_then(crate::paths::url_segment_problem) {
        diagnostics.push(
            Diagnostic::error(say::name_unreachable(
                &name.to_string_lossy(),
                &problem,
                folder,
            ))
            .in_file(path)
            .with_hint(say::rename_hint()),
        );
        return;
    }
    let problem = match name.to_str() {
        None => Some(crate::messages::paths::not_utf8()),
        // `x .md` is a fine name, but the page's folder `x ` is not.
        Some(name) => crate::paths::windows_name_problem(name).or_else(|| {
            crate::paths::windows_name_problem(name.strip_suffix(".md")?.split('.').next()?)
        }),
    };
    if let Some(problem) = problem {
        diagnostics.push(
            Diagnostic::warning(say::name_not_for_windows(&name.to_string_lossy(), &problem))
                .in_file(path)
                .with_hint(say::rename_hint()),
        );
    }
}

/// A page's Markdown file left unread, its body to be read when needed (a
/// section's file is read: its Markdown is rendered in every build); None
/// for a file to read now.
fn unread_source(
    root: &Path,
    disk: &Path,
    rel: &str,
    config: &Config,
    hash: String,
) -> Option<Source> {
    let (lang, key, is_section, bundle_dir) = classify(rel, config)?;
    if is_section {
        return None;
    }
    Some(Source {
        path: relative_to(disk, root),
        rel: rel.to_string(),
        lang,
        key,
        is_section,
        bundle_dir,
        front_matter: String::new(),
        front_matter_line: FRONT_MATTER_LINE,
        body: String::new(),
        body_line: 0,
        unread: Some(Box::new(Unread {
            disk: disk.to_path_buf(),
            hash,
            limit: config.limits.max_file_size,
        })),
    })
}

impl Source {
    /// The body of a file load left unread, and the line of the file it
    /// starts on, read now (`read_in`); `Ok(None)` for a file load read (its
    /// body is `body`, or was taken from it).
    pub(crate) fn read_body(&self) -> Result<Option<(String, usize)>, Diagnostic> {
        let split = self.read_split()?;
        Ok(split.map(|(_, _, body, body_line)| (body, body_line)))
    }

    /// A file load left unread, read in now as load would have read it: an
    /// error if its bytes are no longer those the build began with (what the
    /// build cache recalled of it was not made from them, and its outputs
    /// would mix two versions of it); the file is then left as it was.
    pub(crate) fn read_in(&mut self) -> Result<(), Diagnostic> {
        if let Some((front_matter, front_matter_line, body, body_line)) = self.read_split()? {
            self.front_matter = front_matter;
            self.front_matter_line = front_matter_line;
            (self.body, self.body_line, self.unread) = (body, body_line, None);
        }
        Ok(())
    }

    fn read_split(&self) -> Result<Option<Split>, Diagnostic> {
        let Some(unread) = &self.unread else {
            return Ok(None);
        };
        let path = &self.path;
        let bytes = read_limited(&unread.disk, unread.limit).map_err(|d| d.in_file(path))?;
        if super::files::hash(&bytes) != unread.hash {
            return Err(Diagnostic::error(say::changed_while_building())
                .in_file(path)
                .with_hint(say::changed_while_building_hint()));
        }
        let text = decode(&bytes).map_err(|not_utf8| not_utf8.diagnostic(None).in_file(path))?;
        split_front_matter(&text)
            .map(Some)
            .map_err(|d| d.in_file(path))
    }
}

/// Reads and splits one file; `Ok(None)` for files of a language the site does not have.
pub(crate) fn read_source(
    root: &Path,
    disk: &Path,
    rel: &str,
    config: &Config,
    transcode: bool,
    diagnostics: &Diagnostics,
) -> Result<Option<Source>, Diagnostic> {
    let path = relative_to(disk, root);
    let bytes = read_limited(disk, config.limits.max_file_size).map_err(|d| d.in_file(&path))?;
    source_of(root, disk, rel, bytes, config, transcode, diagnostics)
}

/// One file's `bytes`, decoded (transcoded in place with `transcode`) and split.
fn source_of(
    root: &Path,
    disk: &Path,
    rel: &str,
    bytes: Vec<u8>,
    config: &Config,
    transcode: bool,
    diagnostics: &Diagnostics,
) -> Result<Option<Source>, Diagnostic> {
    let path = relative_to(disk, root);
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(NotUtf8::Legacy { encoding, text }) if transcode => {
            let backup = encoding::transcode_in_place(disk, &bytes, &text).map_err(|err| {
                Diagnostic::error(say::cannot_transcode(&err.to_string()))
                    .in_file(&path)
                    .with_hint(say::cannot_transcode_hint(
                        &relative_to(&encoding::backup_path(disk), root)
                            .display()
                            .to_string(),
                    ))
            })?;
            diagnostics.push(
                Diagnostic::warning(say::transcoded(
                    encoding::display_name(encoding),
                    &relative_to(&backup, root).display().to_string(),
                ))
                .in_file(&path),
            );
            normalize_newlines(text)
        }
        Err(not_utf8) => {
            let backup = relative_to(&encoding::backup_path(disk), root);
            return Err(not_utf8.diagnostic(Some(&backup)).in_file(&path));
        }
    };
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
        unread: None,
    }))
}

/// UTF-8 with or without BOM; CRLF and CR become LF. Other encodings are
/// recognised and reported by `encoding::decode`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    encoding::decode(bytes).map(|text| normalize_newlines(text.into_owned()))
}

fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
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

/// The line of a Markdown file on which its front matter's YAML starts: the
/// one after the opening `---`.
pub(crate) const FRONT_MATTER_LINE: usize = 2;

/// Splits `---\nYAML\n---\nbody`. Lines are 1-based lines of the file.
pub(crate) fn split_front_matter(text: &str) -> Result<Split, Diagnostic> {
    let missing = || {
        Diagnostic::error(say::no_front_matter())
            .at(1, 1)
            .with_hint(say::no_front_matter_hint())
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
            return Ok((yaml, FRONT_MATTER_LINE, body, index + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(say::front_matter_not_closed())
        .at(1, 1)
        .with_hint(say::front_matter_not_closed_hint()))
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
        assert_eq!(decode(b"ab\xFF"), Err(NotUtf8::Invalid { offset: 2 }));
    }
}
