//! Every message `placard import` prints, in Chinese and English, in one
//! table ([`Msg::say`]): errors and their hints, warnings about what a web
//! page does not keep, and the report of what was recognised and guessed.
//! The officer's language is the site's (`default_language: zh` → Chinese),
//! `PLACARD_LANG=en|zh` overrides it.

use jiff::civil::Date;

mod texts;

use super::package::Unreadable;
use texts::Say;

pub(crate) use crate::messages::Lang;

/// The status of a line of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Given on the command line.
    Given,
    Recognised,
    Guessed,
    KeptInBody,
    LeftOut,
}

/// What a line of the report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    DocNumber,
    Issuer,
    Organizer,
    Date,
    Urgent,
    Draft,
    Recipients,
    Body,
    Attachments,
    Contact,
    Targets,
    Period,
    Kind,
    Section,
    Slug,
    Layout,
}

/// A piece of the layout that is not text, in the order a document has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Piece {
    CopyNumber,
    RedHeader,
    Rule,
    Signer,
    Signature,
    PageNumbers,
    Colophon,
}

pub(super) enum Msg<'a> {
    // ── errors
    NotFound {
        file: &'a str,
    },
    CannotRead {
        file: &'a str,
        error: String,
    },
    Folder {
        file: &'a str,
    },
    FileTooLarge {
        file: &'a str,
        limit_mb: u64,
    },
    Unreadable {
        file: &'a str,
        why: &'a Unreadable,
    },
    NoText {
        file: &'a str,
    },
    UnknownLanguage {
        code: &'a str,
        known: String,
    },
    BadSlug {
        slug: &'a str,
        why: String,
    },
    NoSlug {
        file: &'a str,
    },
    BadSection {
        section: &'a str,
        why: String,
    },
    /// Why a segment cannot be a page's: starts with `.` or `_`, is `index`, has a dot.
    NotAPageName,
    AttachNotFound {
        file: &'a str,
    },
    AttachFolder {
        file: &'a str,
    },
    AttachName {
        file: &'a str,
        why: String,
    },
    /// Why an attachment's name cannot be used: it ends in `.md`, or starts with a dot.
    AttachReadAsPage,
    AttachHidden,
    AttachTwice {
        name: &'a str,
    },
    Exists {
        path: &'a str,
    },
    Link {
        path: &'a str,
    },
    NotAFolder {
        path: &'a str,
    },
    WriteFailed {
        path: &'a str,
        error: String,
    },
    /// The page made does not pass placard's own check of front matter: a bug.
    OwnCheck {
        details: String,
    },
    Failed {
        errors: usize,
    },
    // ── warnings about what a web page does not keep
    TextBoxes {
        texts: &'a [String],
    },
    TrackedChanges {
        insertions: usize,
        deletions: usize,
    },
    Comments {
        count: usize,
    },
    Objects {
        objects: &'a [String],
    },
    LinkedImages {
        count: usize,
    },
    UnsupportedImages {
        formats: &'a [String],
    },
    HiddenText {
        texts: &'a [String],
    },
    MergedCells {
        count: usize,
    },
    NestedTables {
        count: usize,
    },
    NoAlt {
        files: &'a [String],
    },
    Classified {
        mark: &'a str,
    },
    NoDate {
        today: Date,
    },
    ItemsWithoutFile {
        items: &'a [String],
    },
    // ── the report
    ReadHeading {
        file: &'a str,
    },
    Row {
        status: Status,
        field: Field,
        value: String,
        note: Option<String>,
    },
    Created {
        path: &'a str,
    },
    // ── values and notes of report rows
    FromRedHeader {
        line: &'a str,
    },
    FromPageHeader {
        line: &'a str,
    },
    FromSignature,
    NumberWritten {
        written: &'a str,
    },
    DateWritten {
        written: &'a str,
    },
    DatePrinted {
        line: &'a str,
    },
    DateToday,
    CentredTitle {
        lines: usize,
    },
    FirstLine,
    FromProperties,
    FromFileName,
    KindOption,
    KindFromSection {
        section: &'a str,
    },
    KindFromTitle {
        word: &'a str,
    },
    KindDefault,
    SectionOfKind,
    SectionOption,
    SlugOption,
    SlugPinyin,
    FirstParagraph,
    BodyCounts {
        headings: [usize; 3],
        items: usize,
        tables: usize,
        images: usize,
        notes: usize,
    },
    /// `(file, title)` of each attachment.
    AttachedFiles {
        files: &'a [(&'a str, &'a str)],
    },
    ContactOf {
        name: Option<&'a str>,
        phone: Option<&'a str>,
    },
    TitlesFromNote,
    TitlesFromNames,
    NoteAsList {
        count: usize,
    },
    GiveFilesWithAttach,
    ContactLine,
    TargetsTable {
        rows: usize,
        head: &'a str,
    },
    YearsOfTitle,
    MarkedAs {
        mark: &'a str,
    },
    NoKeyForKind {
        key: &'a str,
        kind: &'a str,
    },
    Pieces {
        pieces: &'a [Piece],
    },
    BodyAndHeadersApart,
}

impl Msg<'_> {
    /// The message and its hint, in both languages: a diagnostic is printed
    /// in the language of the command, chosen when it is printed.
    pub(super) fn texts(&self) -> (crate::messages::Text, Option<crate::messages::Text>) {
        let (zh, zh_hint) = self.say(Lang::Zh);
        let (en, en_hint) = self.say(Lang::En);
        let hint = match (zh_hint, en_hint) {
            (Some(zh), Some(en)) => Some(crate::messages::Text::new(zh, en)),
            _ => None,
        };
        (crate::messages::Text::new(zh, en), hint)
    }

    /// The message, and its hint where it has one, in `lang`.
    pub(super) fn say(&self, lang: Lang) -> (String, Option<String>) {
        let say = Say {
            zh: lang == Lang::Zh,
        };
        // Every message in one group (a new one must be put in one).
        match self {
            Msg::NotFound { .. }
            | Msg::CannotRead { .. }
            | Msg::Folder { .. }
            | Msg::FileTooLarge { .. }
            | Msg::Unreadable { .. }
            | Msg::NoText { .. } => self.reading(&say),
            Msg::UnknownLanguage { .. }
            | Msg::BadSlug { .. }
            | Msg::NoSlug { .. }
            | Msg::BadSection { .. }
            | Msg::NotAPageName { .. }
            | Msg::AttachNotFound { .. }
            | Msg::AttachFolder { .. }
            | Msg::AttachName { .. }
            | Msg::AttachReadAsPage { .. }
            | Msg::AttachHidden { .. }
            | Msg::AttachTwice { .. }
            | Msg::Exists { .. }
            | Msg::Link { .. }
            | Msg::NotAFolder { .. }
            | Msg::WriteFailed { .. }
            | Msg::OwnCheck { .. }
            | Msg::Failed { .. } => self.arguments(&say),
            Msg::TextBoxes { .. }
            | Msg::TrackedChanges { .. }
            | Msg::Comments { .. }
            | Msg::Objects { .. }
            | Msg::LinkedImages { .. }
            | Msg::UnsupportedImages { .. }
            | Msg::HiddenText { .. }
            | Msg::MergedCells { .. }
            | Msg::NestedTables { .. }
            | Msg::NoAlt { .. }
            | Msg::Classified { .. }
            | Msg::NoDate { .. }
            | Msg::ItemsWithoutFile { .. } => self.warning(&say),
            Msg::ReadHeading { .. }
            | Msg::Row { .. }
            | Msg::Created { .. }
            | Msg::BodyCounts { .. }
            | Msg::AttachedFiles { .. }
            | Msg::ContactOf { .. }
            | Msg::NoteAsList { .. }
            | Msg::TargetsTable { .. }
            | Msg::Pieces { .. } => self.report(&say),
            Msg::FromRedHeader { .. }
            | Msg::FromPageHeader { .. }
            | Msg::FromSignature { .. }
            | Msg::NumberWritten { .. }
            | Msg::DateWritten { .. }
            | Msg::DatePrinted { .. }
            | Msg::DateToday { .. }
            | Msg::CentredTitle { .. }
            | Msg::FirstLine { .. }
            | Msg::FromProperties { .. }
            | Msg::FromFileName { .. }
            | Msg::KindOption { .. }
            | Msg::KindFromSection { .. }
            | Msg::KindFromTitle { .. }
            | Msg::KindDefault { .. }
            | Msg::SectionOfKind { .. }
            | Msg::SectionOption { .. }
            | Msg::SlugOption { .. }
            | Msg::SlugPinyin { .. }
            | Msg::FirstParagraph { .. }
            | Msg::TitlesFromNote { .. }
            | Msg::TitlesFromNames { .. }
            | Msg::GiveFilesWithAttach { .. }
            | Msg::ContactLine { .. }
            | Msg::YearsOfTitle { .. }
            | Msg::MarkedAs { .. }
            | Msg::NoKeyForKind { .. }
            | Msg::BodyAndHeadersApart { .. } => self.note(&say),
        }
    }

    /// The message alone.
    pub(super) fn text(&self, lang: Lang) -> String {
        self.say(lang).0
    }
}

fn status_name(status: Status, zh: bool) -> &'static str {
    match (status, zh) {
        (Status::Given, true) => "指定",
        (Status::Given, false) => "given",
        (Status::Recognised, true) => "识别",
        (Status::Recognised, false) => "recognised",
        (Status::Guessed, true) => "推测",
        (Status::Guessed, false) => "guessed",
        (Status::KeptInBody, true) => "正文",
        (Status::KeptInBody, false) => "in body",
        (Status::LeftOut, true) => "未导入",
        (Status::LeftOut, false) => "left out",
    }
}

fn field_name(field: Field, zh: bool) -> &'static str {
    match (field, zh) {
        (Field::Title, true) => "标题",
        (Field::Title, false) => "title",
        (Field::DocNumber, true) => "发文字号",
        (Field::DocNumber, false) => "doc_number",
        (Field::Issuer, true) => "发文机关",
        (Field::Issuer, false) => "issuer",
        (Field::Organizer, true) => "主办单位",
        (Field::Organizer, false) => "organizer",
        (Field::Date, true) => "成文日期",
        (Field::Date, false) => "date",
        (Field::Urgent, true) => "紧急",
        (Field::Urgent, false) => "urgent",
        (Field::Draft, true) => "草稿",
        (Field::Draft, false) => "draft",
        (Field::Recipients, true) => "主送机关",
        (Field::Recipients, false) => "recipients",
        (Field::Body, true) => "正文",
        (Field::Body, false) => "body",
        (Field::Attachments, true) => "附件",
        (Field::Attachments, false) => "attachments",
        (Field::Contact, true) => "联系人",
        (Field::Contact, false) => "contact",
        (Field::Targets, true) => "目标",
        (Field::Targets, false) => "targets",
        (Field::Period, true) => "期限",
        (Field::Period, false) => "period",
        (Field::Kind, true) => "类型",
        (Field::Kind, false) => "kind",
        (Field::Section, true) => "栏目",
        (Field::Section, false) => "section",
        (Field::Slug, true) => "网址名",
        (Field::Slug, false) => "slug",
        (Field::Layout, true) => "版式",
        (Field::Layout, false) => "layout",
    }
}

fn piece_name(piece: Piece, zh: bool) -> &'static str {
    match (piece, zh) {
        (Piece::CopyNumber, true) => "份号",
        (Piece::CopyNumber, false) => "copy number",
        (Piece::RedHeader, true) => "版头（发文机关标志）",
        (Piece::RedHeader, false) => "red header",
        (Piece::Rule, true) => "红色分隔线",
        (Piece::Rule, false) => "red separator line",
        (Piece::Signer, true) => "签发人",
        (Piece::Signer, false) => "signer",
        (Piece::Signature, true) => "署名和成文日期",
        (Piece::Signature, false) => "signature and written date",
        (Piece::PageNumbers, true) => "页码",
        (Piece::PageNumbers, false) => "page numbers",
        (Piece::Colophon, true) => "版记（抄送、印发）",
        (Piece::Colophon, false) => "colophon (抄送, 印发)",
    }
}

/// The first of some texts, quoted and cut short.
fn sample(texts: &[String]) -> String {
    let first = texts.first().map(String::as_str).unwrap_or("");
    let short: String = first.chars().take(30).collect();
    let more = if first.chars().count() > 30 {
        "…"
    } else {
        ""
    };
    format!("“{short}{more}”")
}

/// Embedded objects named as an officer knows them (`Excel.Sheet.12` → an Excel sheet).
fn object_names(objects: &[String], zh: bool) -> String {
    let mut names: Vec<&str> = Vec::new();
    for object in objects {
        let lower = object.to_ascii_lowercase();
        let name = match (lower.as_str(), zh) {
            (o, true) if o.starts_with("excel") => "Excel 表格",
            (o, false) if o.starts_with("excel") => "an Excel sheet",
            (o, true) if o.starts_with("word") => "Word 文档",
            (o, false) if o.starts_with("word") => "a Word document",
            (o, true) if o.starts_with("powerpoint") => "PowerPoint 幻灯片",
            (o, false) if o.starts_with("powerpoint") => "PowerPoint slides",
            (o, true) if o.starts_with("equation") || o == "equation" => "公式",
            (o, false) if o.starts_with("equation") || o == "equation" => "an equation",
            ("chart", true) => "图表",
            ("chart", false) => "a chart",
            ("smartart", true) => "SmartArt 图形",
            ("smartart", false) => "a SmartArt graphic",
            ("altchunk", true) => "嵌入的文件",
            ("altchunk", false) => "an embedded file",
            (_, true) => "其他对象",
            (_, false) => "another object",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(if zh { "、" } else { ", " })
}
