//! `placard import FILE.docx`: a Word document in the official layout
//! (GB/T 9704-2012) made into one content page with typed front matter.
//!
//! package (which file is it, its zip parts within limits) ─▶ docx (the parts
//! into paragraphs, tables, images, notes) ─▶ layout (title, number, issuer,
//! date, headings, the lines that are layout) ─▶ page (front matter and
//! Markdown) ─▶ write (into content/, never over a file, never through a link).
//! What was recognised and guessed is reported in the officer's language
//! (messages).

mod docx;
mod fuzz;
mod layout;
mod markdown;
mod messages;
mod numerals;
mod package;
mod page;
mod report;
mod slug;
mod write;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::front_matter::{self, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::CONTENT_DIR;
use crate::paths::check_slug;

pub(crate) use fuzz::fuzz;
pub(crate) use messages::Lang;
use messages::Msg;
use report::{Decisions, KindReason, report, warnings};

/// What `placard import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The Word document.
    pub file: PathBuf,
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    /// The section folder under content/ (`notices`, `plans/2024`); from the kind when `None`.
    pub section: Option<String>,
    /// The kind of page; from the section, else the title, when `None`.
    pub kind: Option<Kind>,
    /// The page's URL segment; the file name in pinyin when `None`.
    pub slug: Option<String>,
    /// The page's language; the site's default when `None`.
    pub lang: Option<String>,
    /// Files to put beside the page as its attachments.
    pub attach: Vec<PathBuf>,
}

/// A page written.
#[derive(Debug)]
pub struct Imported {
    /// The page file, relative to the site root.
    pub page: PathBuf,
    /// What was read, recognised and guessed, line by line.
    pub report: Vec<String>,
    /// What the page does not keep of the document.
    pub warnings: Vec<Diagnostic>,
    /// The last line: which file was created.
    pub created: String,
}

/// Nothing was written, and why.
#[derive(Debug)]
pub struct ImportError {
    /// A wrong option (exit code 2) rather than a file that cannot be imported (1).
    pub usage: bool,
    /// What is wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// The closing line.
    pub summary: String,
}

/// Reads the document, writes the page, and says what it made of it.
pub fn import(options: &ImportOptions) -> Result<Imported, ImportError> {
    let config = crate::load::config(&options.root)
        .map_err(|errors| failure(Lang::for_site(None), false, errors))?;
    let lang = Lang::for_site(Some(&config.default_language));
    let arguments = Arguments::check(options, &config, lang)?;
    let file_label = options.file.display().to_string();
    let (doc, found) = read_the_document(&options.file, lang)?;
    let attach_names = attachment_names(&options.attach, lang)?;

    // ── what page it is
    let fallback_title = match &doc.core_title {
        Some(title) => layout::Found {
            value: title.clone(),
            source: layout::Source::Properties,
        },
        None => layout::Found {
            value: arguments.stem.clone(),
            source: layout::Source::FileName,
        },
    };
    let title_for_kind = found
        .title
        .as_ref()
        .map_or(fallback_title.value.as_str(), |t| t.value.as_str());
    let (kind, kind_reason) = kind_of(options.kind, arguments.section.as_deref(), title_for_kind);
    let segments: Vec<String> = arguments.section.clone().unwrap_or_else(|| {
        let section = page::section_of(kind);
        if section.is_empty() {
            Vec::new()
        } else {
            vec![section.to_string()]
        }
    });
    let source_name = options
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let composed = page::compose(
        &doc,
        &found,
        &page::Choices {
            kind,
            section_kind: Kind::from_section(segments.first().map_or("", String::as_str)),
            today: crate::dates::today(&config.timezone),
            fallback_title,
            attach: &attach_names,
            source_name: &source_name,
        },
    );

    // ── where it goes
    let suffix = if arguments.page_lang == config.default_language {
        ".md".to_string()
    } else {
        format!(".{}.md", arguments.page_lang)
    };
    let place = Place::of(
        &segments,
        &arguments.slug,
        &suffix,
        !composed.files.is_empty(),
    );
    check_own_page(
        &composed.text,
        &place.page,
        segments.first().map(String::as_str),
    )
    .map_err(|details| failure(lang, false, vec![error(Msg::OwnCheck { details })]))?;
    write_page(options, &place, &doc, &composed, lang)?;

    let decisions = Decisions {
        kind,
        kind_reason,
        section: segments.join("/"),
        section_given: options.section.is_some(),
        slug: arguments.slug,
        slug_given: arguments.slug_given,
    };
    Ok(Imported {
        report: report(lang, &file_label, &found, &composed, &decisions),
        warnings: warnings(&options.file, &doc.dropped, &found, &composed),
        created: Msg::Created {
            path: &shown(&place.page),
        }
        .text(lang),
        page: place.page,
    })
}

/// `msg` as an error with its hint.
fn error(msg: Msg) -> Diagnostic {
    let (message, hint) = msg.texts();
    let diagnostic = Diagnostic::error(message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The options checked: every wrong one is reported at once (exit code 2).
struct Arguments {
    page_lang: String,
    /// The `--section` given, as folder names.
    section: Option<Vec<String>>,
    slug: String,
    slug_given: bool,
    /// The document's file name without its extension.
    stem: String,
}

impl Arguments {
    fn check(
        options: &ImportOptions,
        config: &Config,
        lang: Lang,
    ) -> Result<Arguments, ImportError> {
        let mut usage = Vec::new();
        let page_lang = match &options.lang {
            None => config.default_language.clone(),
            Some(code) if config.languages.contains_key(code) => code.clone(),
            Some(code) => {
                let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
                usage.push(error(Msg::UnknownLanguage {
                    code,
                    known: known.join(", "),
                }));
                String::new()
            }
        };
        if let Some(slug) = &options.slug
            && let Err(why) = page_segment(slug, lang)
        {
            usage.push(error(Msg::BadSlug { slug, why }));
        }
        let section = options.section.as_ref().map(|section| {
            let trimmed = section.trim().trim_matches('/').replace('\\', "/");
            let trimmed = trimmed
                .strip_prefix("content/")
                .unwrap_or(&trimmed)
                .to_string();
            let segments: Vec<String> = trimmed.split('/').map(str::to_string).collect();
            if let Some(why) = segments.iter().find_map(|s| page_segment(s, lang).err()) {
                usage.push(error(Msg::BadSection { section, why }));
            }
            segments
        });
        let stem = options
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (slug, slug_given) = match &options.slug {
            Some(slug) => (slug.clone(), true),
            None => match slug::from_file_name(&stem) {
                Some(slug) => (slug, false),
                None => {
                    let file = options.file.display().to_string();
                    usage.push(error(Msg::NoSlug { file: &file }).in_file(&options.file));
                    (String::new(), false)
                }
            },
        };
        if !usage.is_empty() {
            return Err(failure(lang, true, usage));
        }
        Ok(Arguments {
            page_lang,
            section,
            slug,
            slug_given,
            stem,
        })
    }
}

/// The document read, its layout recognised, and refused when it has nothing
/// to import.
fn read_the_document(
    file: &Path,
    lang: Lang,
) -> Result<(docx::Document, layout::Recognised), ImportError> {
    let label = file.display().to_string();
    let refuse = |msg: Msg| failure(lang, false, vec![error(msg).in_file(file)]);
    let bytes = read_input(file).map_err(|input| refuse(input.msg(&label)))?;
    let (doc, found) = read_document(bytes).map_err(|why| {
        refuse(Msg::Unreadable {
            file: &label,
            why: &why,
        })
    })?;
    let has_content = doc.blocks.iter().any(|block| match block {
        docx::Block::Paragraph(p) => !p.text().trim().is_empty() || p.has_image(),
        docx::Block::Table(_) => true,
    });
    if !has_content {
        return Err(refuse(Msg::NoText { file: &label }));
    }
    Ok((doc, found))
}

/// The names of the files to attach: each one a file, named as a page bundle
/// can hold it, none twice.
fn attachment_names(attach: &[PathBuf], lang: Lang) -> Result<Vec<String>, ImportError> {
    let mut problems = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for path in attach {
        let label = path.display().to_string();
        match std::fs::metadata(path) {
            Err(_) => problems.push(error(Msg::AttachNotFound { file: &label })),
            Ok(meta) if meta.is_dir() => problems.push(error(Msg::AttachFolder { file: &label })),
            Ok(_) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                match attachment_name(name, lang) {
                    Err(why) => problems.push(error(Msg::AttachName { file: &label, why })),
                    Ok(()) if names.iter().any(|n| n.eq_ignore_ascii_case(name)) => {
                        problems.push(error(Msg::AttachTwice { name }))
                    }
                    Ok(()) => names.push(name.to_string()),
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(names)
    } else {
        Err(failure(lang, false, problems))
    }
}

/// The page's kind: `--kind`, else that of `--section`, else the last word of
/// its title.
fn kind_of(given: Option<Kind>, section: Option<&[String]>, title: &str) -> (Kind, KindReason) {
    match (given, section.map(|s| Kind::from_section(&s[0]))) {
        (Some(kind), _) => (kind, KindReason::Option),
        (None, Some(kind)) => (kind, KindReason::Section),
        (None, None) => match kind_from_title(title) {
            (kind, Some(word)) => (kind, KindReason::Title(word)),
            (kind, None) => (kind, KindReason::Default),
        },
    }
}

/// Where the page goes: its folders (each inside the one before), the page
/// file, and the other form of the same page (a bundle's `index.md`, or a
/// single file), which must not exist either.
struct Place {
    dirs: Vec<PathBuf>,
    /// The folder of the page's bundle files.
    bundle: PathBuf,
    page: PathBuf,
    other_form: PathBuf,
}

impl Place {
    fn of(segments: &[String], slug: &str, suffix: &str, bundle: bool) -> Place {
        let mut dirs = vec![PathBuf::from(CONTENT_DIR)];
        for segment in segments {
            let next = dirs[dirs.len() - 1].join(segment);
            dirs.push(next);
        }
        let section_dir = dirs[dirs.len() - 1].clone();
        let as_bundle = section_dir.join(slug).join(format!("index{suffix}"));
        let as_file = section_dir.join(format!("{slug}{suffix}"));
        if bundle {
            dirs.push(section_dir.join(slug));
        }
        let (page, other_form) = if bundle {
            (as_bundle, as_file)
        } else {
            (as_file, as_bundle)
        };
        Place {
            dirs,
            bundle: section_dir.join(slug),
            page,
            other_form,
        }
    }
}

/// The page and its bundle files written into the site, all or nothing.
fn write_page(
    options: &ImportOptions,
    place: &Place,
    doc: &docx::Document,
    composed: &page::Composed,
    lang: Lang,
) -> Result<(), ImportError> {
    let mut files: Vec<(PathBuf, write::Source)> = composed
        .files
        .iter()
        .map(|(name, file)| {
            let source = match file {
                page::BundleFile::Image(index) => write::Source::Bytes(&doc.images[*index].bytes),
                page::BundleFile::Attachment(index) => write::Source::Copy(&options.attach[*index]),
            };
            (place.bundle.join(name), source)
        })
        .collect();
    files.push((
        place.page.clone(),
        write::Source::Bytes(composed.text.as_bytes()),
    ));
    let other_form = std::slice::from_ref(&place.other_form);
    write::create(&options.root, &place.dirs, &files, other_form).map_err(|refused| {
        let (msg, path) = match refused {
            write::Refused::Exists(path, _) => (
                Msg::Exists {
                    path: &shown(&path),
                }
                .texts(),
                path,
            ),
            write::Refused::Link(path) => (
                Msg::Link {
                    path: &shown(&path),
                }
                .texts(),
                path,
            ),
            write::Refused::NotAFolder(path) => (
                Msg::NotAFolder {
                    path: &shown(&path),
                }
                .texts(),
                path,
            ),
            write::Refused::Failed(path, err) => (
                Msg::WriteFailed {
                    path: &shown(&path),
                    error: err.to_string(),
                }
                .texts(),
                path,
            ),
        };
        let mut d = Diagnostic::error(msg.0).in_file(&path);
        if let Some(hint) = msg.1 {
            d = d.with_hint(hint);
        }
        failure(lang, false, vec![d])
    })
}

/// The document read and its layout recognised, all in memory: what `import`
/// writes from, and what the fuzzer runs.
pub(crate) fn read_document(
    bytes: Vec<u8>,
) -> Result<(docx::Document, layout::Recognised), package::Unreadable> {
    let mut package = package::Package::open(bytes)?;
    let doc = docx::read(&mut package)?;
    let found = layout::recognise(&doc);
    Ok((doc, found))
}

/// The page text `import` would write for these bytes as a page of `kind`
/// with these attachments (for the fuzzer).
pub(crate) fn page_text(
    bytes: Vec<u8>,
    kind: Kind,
    attach: &[String],
) -> Result<String, package::Unreadable> {
    let (doc, found) = read_document(bytes)?;
    let composed = page::compose(
        &doc,
        &found,
        &page::Choices {
            kind,
            section_kind: Kind::from_section(page::section_of(kind)),
            today: jiff::civil::Date::constant(2025, 1, 15),
            fallback_title: layout::Found {
                value: "fuzz".to_string(),
                source: layout::Source::FileName,
            },
            attach,
            source_name: "fuzz.docx",
        },
    );
    Ok(composed.text)
}

/// Why the file itself could not be read.
enum Input {
    NotFound,
    Folder,
    TooLarge,
    Failed(std::io::Error),
}

impl Input {
    fn msg<'a>(&'a self, file: &'a str) -> Msg<'a> {
        match self {
            Input::NotFound => Msg::NotFound { file },
            Input::Folder => Msg::Folder { file },
            Input::TooLarge => Msg::FileTooLarge {
                file,
                limit_mb: package::MAX_FILE / 1_048_576,
            },
            Input::Failed(err) => Msg::CannotRead {
                file,
                error: err.to_string(),
            },
        }
    }
}

/// The file's bytes, refused when missing, a folder or too large.
fn read_input(file: &Path) -> Result<Vec<u8>, Input> {
    let meta = std::fs::metadata(file).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => Input::NotFound,
        _ => Input::Failed(err),
    })?;
    if meta.is_dir() {
        return Err(Input::Folder);
    }
    let limit = package::MAX_FILE;
    if meta.len() > limit {
        return Err(Input::TooLarge);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(Input::Failed)?;
    if bytes.len() as u64 > limit {
        return Err(Input::TooLarge);
    }
    Ok(bytes)
}

/// A slug or section folder placard reads as a page's: a safe URL segment
/// that does not start with `.` or `_`, has no dot, and is not `index`.
fn page_segment(segment: &str, lang: Lang) -> Result<(), String> {
    check_slug(segment).map_err(|why| why.in_lang(lang).to_string())?;
    if segment.starts_with(['.', '_']) || segment == "index" || segment.contains('.') {
        return Err(Msg::NotAPageName.text(lang));
    }
    Ok(())
}

/// An attachment's file name, as it will lie beside the page.
fn attachment_name(name: &str, lang: Lang) -> Result<(), String> {
    check_slug(name).map_err(|why| why.in_lang(lang).to_string())?;
    if name.starts_with('.') {
        return Err(Msg::AttachHidden.text(lang));
    }
    if name.to_ascii_lowercase().ends_with(".md") {
        return Err(Msg::AttachReadAsPage.text(lang));
    }
    Ok(())
}

/// The front matter written must be what `build` reads without a word: any
/// diagnostic is a bug of the import, and nothing is written.
pub(crate) fn check_own_page(text: &str, path: &Path, section: Option<&str>) -> Result<(), String> {
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(yaml, _)| yaml)
        .ok_or_else(|| "no front matter".to_string())?;
    let diagnostics = Diagnostics::new();
    let parsed = front_matter::parse(yaml, 2, path, section, false, &diagnostics);
    let found = diagnostics.into_sorted();
    if parsed.is_none() || !found.is_empty() {
        return Err(found
            .iter()
            .map(|d| d.message.en().to_string())
            .collect::<Vec<_>>()
            .join("; "));
    }
    Ok(())
}

fn failure(lang: Lang, usage: bool, diagnostics: Vec<Diagnostic>) -> ImportError {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    ImportError {
        usage,
        summary: Msg::Failed { errors }.text(lang),
        diagnostics,
    }
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

const PLAN_WORDS: &[&str] = &[
    "计划", "規劃", "规划", "方案", "要点", "要點", "安排", "計劃",
];
const NOTICE_WORDS: &[&str] = &[
    "通知", "通告", "公告", "通报", "通報", "决定", "決定", "意见", "意見", "批复", "批覆", "函",
    "报告", "報告", "请示", "請示", "纪要", "紀要", "命令", "决议", "決議", "公报", "公報", "议案",
    "公示", "启事",
];

/// The kind of page the last word of a title names (the 文种 of GB/T 9704),
/// a trailing `（试行）` aside.
fn kind_from_title(title: &str) -> (Kind, Option<&'static str>) {
    let mut title = title
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || "。.".contains(c));
    if title.ends_with(['）', ')'])
        && let Some(open) = title.rfind(['（', '('])
    {
        title = title[..open].trim_end();
    }
    if let Some(word) = PLAN_WORDS.iter().find(|w| title.ends_with(**w)) {
        return (Kind::Plan, Some(word));
    }
    if let Some(word) = NOTICE_WORDS.iter().find(|w| title.ends_with(**w)) {
        return (Kind::Notice, Some(word));
    }
    (Kind::Notice, None)
}

#[cfg(test)]
mod tests;
