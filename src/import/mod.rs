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
mod slug;
mod write;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::content::front_matter::{self, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::CONTENT_DIR;
use crate::paths::check_slug;

pub(crate) use fuzz::fuzz;
pub use messages::Lang;
use messages::{Field, Msg, Piece, Status};

/// What `placard import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The Word document.
    pub file: PathBuf,
    /// The site folder (holding placard.yaml).
    pub root: PathBuf,
    /// The section folder under content/ (`notices`, `plans/2024`); from the kind when `None`.
    pub section: Option<String>,
    pub kind: Option<Kind>,
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
    pub diagnostics: Vec<Diagnostic>,
    /// The closing line.
    pub summary: String,
}

/// Reads the document, writes the page, and says what it made of it.
pub fn import(options: &ImportOptions) -> Result<Imported, ImportError> {
    let config = crate::load::config(&options.root)
        .map_err(|d| failure(Lang::for_site(None), false, vec![d]))?;
    let lang = Lang::for_site(Some(&config.default_language));
    let file_label = options.file.display().to_string();
    let diagnostic = |msg: Msg| -> Diagnostic {
        let (message, hint) = msg.say(lang);
        let diagnostic = Diagnostic::error(message);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    };

    // ── the options
    let mut usage = Vec::new();
    let page_lang = match &options.lang {
        None => config.default_language.clone(),
        Some(code) if config.languages.contains_key(code) => code.clone(),
        Some(code) => {
            let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
            usage.push(diagnostic(Msg::UnknownLanguage {
                code,
                known: known.join(", "),
            }));
            String::new()
        }
    };
    if let Some(slug) = &options.slug
        && let Err(why) = page_segment(slug, lang)
    {
        usage.push(diagnostic(Msg::BadSlug { slug, why }));
    }
    let section_segments: Option<Vec<String>> = options.section.as_ref().map(|section| {
        let trimmed = section.trim().trim_matches('/').replace('\\', "/");
        let trimmed = trimmed
            .strip_prefix("content/")
            .unwrap_or(&trimmed)
            .to_string();
        let segments: Vec<String> = trimmed.split('/').map(str::to_string).collect();
        for segment in &segments {
            if let Err(why) = page_segment(segment, lang) {
                usage.push(diagnostic(Msg::BadSection { section, why }));
                break;
            }
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
                usage.push(diagnostic(Msg::NoSlug { file: &file_label }).in_file(&options.file));
                (String::new(), false)
            }
        },
    };
    if !usage.is_empty() {
        return Err(failure(lang, true, usage));
    }

    // ── the document
    let bytes = read_input(&options.file).map_err(|input| {
        failure(
            lang,
            false,
            vec![diagnostic(input.msg(&file_label)).in_file(&options.file)],
        )
    })?;
    let (doc, found) = read_document(bytes).map_err(|why| {
        failure(
            lang,
            false,
            vec![
                diagnostic(Msg::Unreadable {
                    file: &file_label,
                    why: &why,
                })
                .in_file(&options.file),
            ],
        )
    })?;
    let has_content = doc.blocks.iter().any(|block| match block {
        docx::Block::Paragraph(p) => !p.text().trim().is_empty() || p.has_image(),
        docx::Block::Table(_) => true,
    });
    if !has_content {
        return Err(failure(
            lang,
            false,
            vec![diagnostic(Msg::NoText { file: &file_label }).in_file(&options.file)],
        ));
    }

    // ── the attachments
    let mut problems = Vec::new();
    let mut attach_names: Vec<String> = Vec::new();
    for path in &options.attach {
        let label = path.display().to_string();
        match std::fs::metadata(path) {
            Err(_) => problems.push(diagnostic(Msg::AttachNotFound { file: &label })),
            Ok(meta) if meta.is_dir() => {
                problems.push(diagnostic(Msg::AttachFolder { file: &label }))
            }
            Ok(_) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                match attachment_name(name, lang) {
                    Err(why) => problems.push(diagnostic(Msg::AttachName { file: &label, why })),
                    Ok(()) if attach_names.iter().any(|n| n.eq_ignore_ascii_case(name)) => {
                        problems.push(diagnostic(Msg::AttachTwice { name }))
                    }
                    Ok(()) => attach_names.push(name.to_string()),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(failure(lang, false, problems));
    }

    // ── what page it is
    let fallback_title = match &doc.core_title {
        Some(title) => layout::Found {
            value: title.clone(),
            source: layout::Source::Properties,
        },
        None => layout::Found {
            value: stem.clone(),
            source: layout::Source::FileName,
        },
    };
    let title_for_kind = found
        .title
        .as_ref()
        .map_or(fallback_title.value.as_str(), |t| t.value.as_str());
    let section_kind = section_segments.as_ref().map(|s| Kind::from_section(&s[0]));
    let (kind, kind_reason) = match (options.kind, section_kind) {
        (Some(kind), _) => (kind, KindReason::Option),
        (None, Some(kind)) => (kind, KindReason::Section),
        (None, None) => match kind_from_title(title_for_kind) {
            (kind, Some(word)) => (kind, KindReason::Title(word)),
            (kind, None) => (kind, KindReason::Default),
        },
    };
    let segments: Vec<String> = section_segments.clone().unwrap_or_else(|| {
        let section = page::section_of(kind);
        if section.is_empty() {
            Vec::new()
        } else {
            vec![section.to_string()]
        }
    });
    let section_kind = Kind::from_section(segments.first().map_or("", String::as_str));
    let today = crate::config::today(&config.timezone);
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
            section_kind,
            today,
            fallback_title,
            attach: &attach_names,
            source_name: &source_name,
        },
    );

    // ── where it goes
    let suffix = if page_lang == config.default_language {
        ".md".to_string()
    } else {
        format!(".{page_lang}.md")
    };
    let mut dirs = vec![PathBuf::from(CONTENT_DIR)];
    for segment in &segments {
        let next = dirs[dirs.len() - 1].join(segment);
        dirs.push(next);
    }
    let section_dir = dirs[dirs.len() - 1].clone();
    let bundle = !composed.files.is_empty();
    let (page_path, other_form) = if bundle {
        dirs.push(section_dir.join(&slug));
        (
            section_dir.join(&slug).join(format!("index{suffix}")),
            section_dir.join(format!("{slug}{suffix}")),
        )
    } else {
        (
            section_dir.join(format!("{slug}{suffix}")),
            section_dir.join(&slug).join(format!("index{suffix}")),
        )
    };
    check_own_page(
        &composed.text,
        &page_path,
        segments.first().map(String::as_str),
    )
    .map_err(|details| failure(lang, false, vec![diagnostic(Msg::OwnCheck { details })]))?;

    let mut files: Vec<(PathBuf, write::Source)> = composed
        .files
        .iter()
        .map(|(name, file)| {
            let source = match file {
                page::BundleFile::Image(index) => write::Source::Bytes(&doc.images[*index].bytes),
                page::BundleFile::Attachment(index) => write::Source::Copy(&options.attach[*index]),
            };
            (section_dir.join(&slug).join(name), source)
        })
        .collect();
    files.push((
        page_path.clone(),
        write::Source::Bytes(composed.text.as_bytes()),
    ));
    write::create(&options.root, &dirs, &files, &[other_form]).map_err(|refused| {
        let (msg, path) = match refused {
            write::Refused::Exists(path, _) => (
                Msg::Exists {
                    path: &shown(&path),
                }
                .say(lang),
                path,
            ),
            write::Refused::Link(path) => (
                Msg::Link {
                    path: &shown(&path),
                }
                .say(lang),
                path,
            ),
            write::Refused::NotAFolder(path) => (
                Msg::NotAFolder {
                    path: &shown(&path),
                }
                .say(lang),
                path,
            ),
            write::Refused::Failed(path, err) => (
                Msg::WriteFailed {
                    path: &shown(&path),
                    error: err.to_string(),
                }
                .say(lang),
                path,
            ),
        };
        let mut d = Diagnostic::error(msg.0).in_file(&path);
        if let Some(hint) = msg.1 {
            d = d.with_hint(hint);
        }
        failure(lang, false, vec![d])
    })?;

    let decisions = Decisions {
        kind,
        kind_reason,
        section: segments.join("/"),
        section_given: options.section.is_some(),
        slug,
        slug_given,
    };
    Ok(Imported {
        report: report(lang, &file_label, &found, &composed, &decisions),
        warnings: warnings(lang, &options.file, &doc.dropped, &found, &composed),
        created: Msg::Created {
            path: &shown(&page_path),
        }
        .text(lang),
        page: page_path,
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
    check_slug(segment)?;
    if segment.starts_with(['.', '_']) || segment == "index" || segment.contains('.') {
        return Err(Msg::NotAPageName.text(lang));
    }
    Ok(())
}

/// An attachment's file name, as it will lie beside the page.
fn attachment_name(name: &str, lang: Lang) -> Result<(), String> {
    check_slug(name)?;
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
            .map(|d| d.message.clone())
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

enum KindReason {
    Option,
    Section,
    Title(&'static str),
    Default,
}

struct Decisions {
    kind: Kind,
    kind_reason: KindReason,
    section: String,
    section_given: bool,
    slug: String,
    slug_given: bool,
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

fn report(
    lang: Lang,
    file: &str,
    found: &layout::Recognised,
    composed: &page::Composed,
    decisions: &Decisions,
) -> Vec<String> {
    use layout::Source;
    let mut lines = vec![Msg::ReadHeading { file }.text(lang)];
    let mut row = |status: Status, field: Field, value: String, note: Option<Msg>| {
        lines.push(
            Msg::Row {
                status,
                field,
                value,
                note: note.map(|n| n.text(lang)),
            }
            .text(lang),
        );
    };
    let kind = decisions.kind;

    let title_note = match &composed.title.source {
        Source::CentredTitle(lines) => Msg::CentredTitle { lines: *lines },
        Source::Properties => Msg::FromProperties,
        Source::FileName => Msg::FromFileName,
        _ => Msg::FirstLine,
    };
    let title_status = match composed.title.source {
        Source::CentredTitle(_) => Status::Recognised,
        _ => Status::Guessed,
    };
    row(
        title_status,
        Field::Title,
        composed.title.value.clone(),
        Some(title_note),
    );

    if let Some(number) = &found.doc_number {
        let written = match &number.source {
            Source::NumberLine(written) => written.as_str(),
            _ => "",
        };
        let squeezed: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        if composed.kept_in_body.contains(&"doc_number") {
            row(
                Status::KeptInBody,
                Field::DocNumber,
                number.value.clone(),
                Some(Msg::NoKeyForKind {
                    key: "doc_number",
                    kind: kind.name(),
                }),
            );
        } else {
            let note = (squeezed != number.value).then_some(Msg::NumberWritten { written });
            row(
                Status::Recognised,
                Field::DocNumber,
                number.value.clone(),
                note,
            );
        }
    }
    if let Some(issuer) = &found.issuer {
        let note = match &issuer.source {
            Source::RedHeader(line) => Msg::FromRedHeader { line },
            Source::PageHeader(line) => Msg::FromPageHeader { line },
            _ => Msg::FromSignature,
        };
        let (status, field) = match kind {
            Kind::Page => (Status::KeptInBody, Field::Issuer),
            Kind::Training => (Status::Recognised, Field::Organizer),
            _ => (Status::Recognised, Field::Issuer),
        };
        row(status, field, issuer.value.clone(), Some(note));
    }
    match (&found.date, composed.date) {
        (Some(date), _) => {
            let (status, note) = match &date.source {
                Source::PrintedDate(line) => (Status::Guessed, Msg::DatePrinted { line }),
                Source::WrittenDate(written) => (Status::Recognised, Msg::DateWritten { written }),
                _ => (Status::Recognised, Msg::FirstLine),
            };
            row(status, Field::Date, date.value.to_string(), Some(note));
        }
        (None, Some(today)) if composed.dated_today => {
            row(
                Status::Guessed,
                Field::Date,
                today.to_string(),
                Some(Msg::DateToday),
            );
        }
        _ => {}
    }
    if composed.urgent {
        let mark = found.urgency.as_deref().unwrap_or("");
        row(
            Status::Recognised,
            Field::Urgent,
            "true".into(),
            Some(Msg::MarkedAs { mark }),
        );
    }
    if composed.draft {
        let mark = found.classification.as_deref().unwrap_or("");
        row(
            Status::Recognised,
            Field::Draft,
            "true".into(),
            Some(Msg::MarkedAs { mark }),
        );
    }
    if let Some(recipients) = &found.recipients {
        row(
            Status::Recognised,
            Field::Recipients,
            recipients.text().trim().to_string(),
            Some(Msg::FirstParagraph),
        );
    }
    let counts = &composed.counts;
    row(
        Status::Recognised,
        Field::Body,
        Msg::BodyCounts {
            headings: counts.headings,
            items: counts.items,
            tables: counts.tables,
            images: counts.images,
            notes: counts.notes,
        }
        .text(lang),
        None,
    );
    if !composed.attachments.is_empty() {
        let from_note = composed
            .attachments
            .iter()
            .any(|(_, _, from_note)| *from_note);
        let files: Vec<(&str, &str)> = composed
            .attachments
            .iter()
            .map(|(file, title, _)| (file.as_str(), title.as_str()))
            .collect();
        row(
            Status::Recognised,
            Field::Attachments,
            Msg::AttachedFiles { files: &files }.text(lang),
            Some(if from_note {
                Msg::TitlesFromNote
            } else {
                Msg::TitlesFromNames
            }),
        );
    } else if !found.attachment_note.is_empty() {
        row(
            Status::KeptInBody,
            Field::Attachments,
            Msg::NoteAsList {
                count: found.attachment_note.len(),
            }
            .text(lang),
            Some(Msg::GiveFilesWithAttach),
        );
    }
    if let Some(contact) = &composed.contact {
        let value = Msg::ContactOf {
            name: contact.name.as_deref(),
            phone: contact.phone.as_deref(),
        }
        .text(lang);
        row(
            Status::Recognised,
            Field::Contact,
            value,
            Some(Msg::ContactLine),
        );
    }
    if let Some((rows, head)) = &composed.targets {
        row(
            Status::Recognised,
            Field::Targets,
            Msg::TargetsTable { rows: *rows, head }.text(lang),
            None,
        );
    }
    if let Some((start, end)) = composed.period {
        row(
            Status::Guessed,
            Field::Period,
            format!("{start} – {end}"),
            Some(Msg::YearsOfTitle),
        );
    }
    let (kind_status, kind_note) = match &decisions.kind_reason {
        KindReason::Option => (Status::Given, Msg::KindOption),
        KindReason::Section => (
            Status::Given,
            Msg::KindFromSection {
                section: &decisions.section,
            },
        ),
        KindReason::Title(word) => (Status::Guessed, Msg::KindFromTitle { word }),
        KindReason::Default => (Status::Guessed, Msg::KindDefault),
    };
    row(
        kind_status,
        Field::Kind,
        kind.name().to_string(),
        Some(kind_note),
    );
    let section = if decisions.section.is_empty() {
        "content/".to_string()
    } else {
        decisions.section.clone()
    };
    if decisions.section_given {
        row(
            Status::Given,
            Field::Section,
            section,
            Some(Msg::SectionOption),
        );
    } else {
        row(
            Status::Guessed,
            Field::Section,
            section,
            Some(Msg::SectionOfKind),
        );
    }
    if decisions.slug_given {
        row(
            Status::Given,
            Field::Slug,
            decisions.slug.clone(),
            Some(Msg::SlugOption),
        );
    } else {
        row(
            Status::Guessed,
            Field::Slug,
            decisions.slug.clone(),
            Some(Msg::SlugPinyin),
        );
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for left in &found.left_out {
        let piece = match left {
            layout::LeftOut::CopyNumber => Piece::CopyNumber,
            layout::LeftOut::RedHeader => Piece::RedHeader,
            layout::LeftOut::Rule => Piece::Rule,
            layout::LeftOut::Signer => Piece::Signer,
            layout::LeftOut::Signature => Piece::Signature,
            layout::LeftOut::PageNumber => Piece::PageNumbers,
            layout::LeftOut::Colophon => Piece::Colophon,
        };
        if !pieces.contains(&piece) {
            pieces.push(piece);
        }
    }
    pieces.sort();
    if !pieces.is_empty() {
        row(
            Status::LeftOut,
            Field::Layout,
            Msg::Pieces { pieces: &pieces }.text(lang),
            Some(Msg::BodyAndHeadersApart),
        );
    }
    lines
}

/// One warning for each kind of thing the page does not keep.
fn warnings(
    lang: Lang,
    file: &Path,
    dropped: &docx::Dropped,
    found: &layout::Recognised,
    composed: &page::Composed,
) -> Vec<Diagnostic> {
    let mut messages: Vec<Msg> = Vec::new();
    if !dropped.text_boxes.is_empty() {
        messages.push(Msg::TextBoxes {
            texts: &dropped.text_boxes,
        });
    }
    if dropped.insertions + dropped.deletions > 0 {
        messages.push(Msg::TrackedChanges {
            insertions: dropped.insertions,
            deletions: dropped.deletions,
        });
    }
    if dropped.comments > 0 {
        messages.push(Msg::Comments {
            count: dropped.comments,
        });
    }
    if !dropped.objects.is_empty() {
        messages.push(Msg::Objects {
            objects: &dropped.objects,
        });
    }
    if dropped.linked_images > 0 {
        messages.push(Msg::LinkedImages {
            count: dropped.linked_images,
        });
    }
    if !dropped.unsupported_images.is_empty() {
        messages.push(Msg::UnsupportedImages {
            formats: &dropped.unsupported_images,
        });
    }
    if !dropped.hidden.is_empty() {
        messages.push(Msg::HiddenText {
            texts: &dropped.hidden,
        });
    }
    if dropped.merged_cells > 0 {
        messages.push(Msg::MergedCells {
            count: dropped.merged_cells,
        });
    }
    if dropped.nested_tables > 0 {
        messages.push(Msg::NestedTables {
            count: dropped.nested_tables,
        });
    }
    if !composed.without_alt.is_empty() {
        messages.push(Msg::NoAlt {
            files: &composed.without_alt,
        });
    }
    if let Some(mark) = &found.classification {
        messages.push(Msg::Classified { mark });
    }
    if composed.dated_today
        && let Some(today) = composed.date
    {
        messages.push(Msg::NoDate { today });
    }
    if !composed.unmatched_items.is_empty() {
        messages.push(Msg::ItemsWithoutFile {
            items: &composed.unmatched_items,
        });
    }
    messages
        .into_iter()
        .map(|msg| {
            let (message, hint) = msg.say(lang);
            let warning = Diagnostic::warning(message).in_file(file);
            match hint {
                Some(hint) => warning.with_hint(hint),
                None => warning,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_s_table_of_contents_is_left_out() {
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let document = format!(
            r#"<w:document {w}><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>工作要点</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>一、总体要求……1</w:t></w:r></w:p><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p></w:body></w:document>"#
        );
        let styles = format!(
            r#"<w:styles {w}><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style></w:styles>"#
        );
        let parts = format!("{document}\n@@@\n{styles}");
        let page = page_text(fuzz::package_of(parts.as_bytes()), Kind::Plan, &[]).unwrap();
        assert!(page.ends_with("---\n\n## 一、总体要求\n"), "{page}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let depth = 200_000;
        let mut xml = String::from(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        xml.push_str(&"<w:sdt><w:sdtContent>".repeat(depth));
        xml.push_str("<w:p><w:r><w:t>深</w:t></w:r></w:p>");
        xml.push_str(&"</w:sdtContent></w:sdt>".repeat(depth));
        xml.push_str("</w:body></w:document>");
        let package = fuzz::package_of(xml.as_bytes());
        assert!(matches!(
            read_document(package),
            Err(package::Unreadable::TooDeep { .. })
        ));
    }

    #[test]
    fn the_last_word_of_a_title_names_its_kind() {
        assert_eq!(
            kind_from_title("关于做好2024年报名工作的通知"),
            (Kind::Notice, Some("通知"))
        );
        assert_eq!(
            kind_from_title("某某县2024年人口和计划生育工作要点"),
            (Kind::Plan, Some("要点"))
        );
        assert_eq!(
            kind_from_title("西部计划实施方案（试行）"),
            (Kind::Plan, Some("方案"))
        );
        assert_eq!(
            kind_from_title("关于印发2024年工作计划的通知"),
            (Kind::Notice, Some("通知"))
        );
        assert_eq!(kind_from_title("某某县卫生院简介"), (Kind::Notice, None));
    }
}
