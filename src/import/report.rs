//! What `import` says it did: the report of what was recognised and guessed,
//! and a warning for each kind of thing the page does not keep.

use std::path::Path;

use super::messages::{Field, Lang, Msg, Piece, Status};
use super::{docx, layout, page};
use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostic;
use layout::Source;

/// Why the page is of its kind.
pub(super) enum KindReason {
    Option,
    Section,
    Title(&'static str),
    Default,
}

pub(super) struct Decisions {
    pub(super) kind: Kind,
    pub(super) kind_reason: KindReason,
    pub(super) section: String,
    pub(super) section_given: bool,
    pub(super) slug: String,
    pub(super) slug_given: bool,
}

/// What was read, recognised and guessed, a line each, in the officer's language.
pub(super) fn report(
    lang: Lang,
    file: &str,
    found: &layout::Recognised,
    composed: &page::Composed,
    decisions: &Decisions,
) -> Vec<String> {
    let mut report = Report {
        lang,
        lines: vec![Msg::ReadHeading { file }.text(lang)],
    };
    report.title(composed);
    report.doc_number(found, composed, decisions.kind);
    report.issuer(found, decisions.kind);
    report.date(found, composed);
    report.marks(found, composed);
    report.body(found, composed);
    report.attachments(found, composed);
    report.plan(composed);
    report.decisions(decisions);
    report.left_out(found);
    report.lines
}

/// The report's lines so far.
struct Report {
    lang: Lang,
    lines: Vec<String>,
}

impl Report {
    fn row(&mut self, status: Status, field: Field, value: String, note: Option<Msg>) {
        let lang = self.lang;
        self.lines.push(
            Msg::Row {
                status,
                field,
                value,
                note: note.map(|n| n.text(lang)),
            }
            .text(lang),
        );
    }

    fn title(&mut self, composed: &page::Composed) {
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
        self.row(
            title_status,
            Field::Title,
            composed.title.value.clone(),
            Some(title_note),
        );
    }

    fn doc_number(&mut self, found: &layout::Recognised, composed: &page::Composed, kind: Kind) {
        if let Some(number) = &found.doc_number {
            let written = match &number.source {
                Source::NumberLine(written) => written.as_str(),
                _ => "",
            };
            let squeezed: String = written.chars().filter(|c| !c.is_whitespace()).collect();
            if composed.kept_in_body.contains(&"doc_number") {
                self.row(
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
                self.row(
                    Status::Recognised,
                    Field::DocNumber,
                    number.value.clone(),
                    note,
                );
            }
        }
    }

    fn issuer(&mut self, found: &layout::Recognised, kind: Kind) {
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
            self.row(status, field, issuer.value.clone(), Some(note));
        }
    }

    fn date(&mut self, found: &layout::Recognised, composed: &page::Composed) {
        match (&found.date, composed.date) {
            (Some(date), _) => {
                let (status, note) = match &date.source {
                    Source::PrintedDate(line) => (Status::Guessed, Msg::DatePrinted { line }),
                    Source::WrittenDate(written) => {
                        (Status::Recognised, Msg::DateWritten { written })
                    }
                    _ => (Status::Recognised, Msg::FirstLine),
                };
                self.row(status, Field::Date, date.value.to_string(), Some(note));
            }
            (None, Some(today)) if composed.dated_today => {
                self.row(
                    Status::Guessed,
                    Field::Date,
                    today.to_string(),
                    Some(Msg::DateToday),
                );
            }
            _ => {}
        }
    }

    /// Urgent, and a draft for a classified document.
    fn marks(&mut self, found: &layout::Recognised, composed: &page::Composed) {
        if composed.urgent {
            let mark = found.urgency.as_deref().unwrap_or("");
            self.row(
                Status::Recognised,
                Field::Urgent,
                "true".into(),
                Some(Msg::MarkedAs { mark }),
            );
        }
        if composed.draft {
            let mark = found.classification.as_deref().unwrap_or("");
            self.row(
                Status::Recognised,
                Field::Draft,
                "true".into(),
                Some(Msg::MarkedAs { mark }),
            );
        }
    }

    fn body(&mut self, found: &layout::Recognised, composed: &page::Composed) {
        if let Some(recipients) = &found.recipients {
            self.row(
                Status::Recognised,
                Field::Recipients,
                recipients.text().trim().to_string(),
                Some(Msg::FirstParagraph),
            );
        }
        let counts = &composed.counts;
        self.row(
            Status::Recognised,
            Field::Body,
            Msg::BodyCounts {
                headings: counts.headings,
                items: counts.items,
                tables: counts.tables,
                images: counts.images,
                notes: counts.notes,
            }
            .text(self.lang),
            None,
        );
    }

    fn attachments(&mut self, found: &layout::Recognised, composed: &page::Composed) {
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
            self.row(
                Status::Recognised,
                Field::Attachments,
                Msg::AttachedFiles { files: &files }.text(self.lang),
                Some(if from_note {
                    Msg::TitlesFromNote
                } else {
                    Msg::TitlesFromNames
                }),
            );
        } else if !found.attachment_note.is_empty() {
            self.row(
                Status::KeptInBody,
                Field::Attachments,
                Msg::NoteAsList {
                    count: found.attachment_note.len(),
                }
                .text(self.lang),
                Some(Msg::GiveFilesWithAttach),
            );
        }
        if let Some(contact) = &composed.contact {
            let value = Msg::ContactOf {
                name: contact.name.as_deref(),
                phone: contact.phone.as_deref(),
            }
            .text(self.lang);
            self.row(
                Status::Recognised,
                Field::Contact,
                value,
                Some(Msg::ContactLine),
            );
        }
    }

    /// A plan's targets and period.
    fn plan(&mut self, composed: &page::Composed) {
        if let Some((rows, head)) = &composed.targets {
            self.row(
                Status::Recognised,
                Field::Targets,
                Msg::TargetsTable { rows: *rows, head }.text(self.lang),
                None,
            );
        }
        if let Some((start, end)) = composed.period {
            self.row(
                Status::Guessed,
                Field::Period,
                format!("{start} – {end}"),
                Some(Msg::YearsOfTitle),
            );
        }
    }

    /// The kind, section and slug: given, or how they were chosen.
    fn decisions(&mut self, decisions: &Decisions) {
        let kind = decisions.kind;
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
        self.row(
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
            self.row(
                Status::Given,
                Field::Section,
                section,
                Some(Msg::SectionOption),
            );
        } else {
            self.row(
                Status::Guessed,
                Field::Section,
                section,
                Some(Msg::SectionOfKind),
            );
        }
        if decisions.slug_given {
            self.row(
                Status::Given,
                Field::Slug,
                decisions.slug.clone(),
                Some(Msg::SlugOption),
            );
        } else {
            self.row(
                Status::Guessed,
                Field::Slug,
                decisions.slug.clone(),
                Some(Msg::SlugPinyin),
            );
        }
    }

    /// The parts of the layout that are never body text.
    fn left_out(&mut self, found: &layout::Recognised) {
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
            self.row(
                Status::LeftOut,
                Field::Layout,
                Msg::Pieces { pieces: &pieces }.text(self.lang),
                Some(Msg::BodyAndHeadersApart),
            );
        }
    }
}

/// One warning for each kind of thing the page does not keep.
pub(super) fn warnings(
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
            let (message, hint) = msg.texts();
            let warning = Diagnostic::warning(message).in_file(file);
            match hint {
                Some(hint) => warning.with_hint(hint),
                None => warning,
            }
        })
        .collect()
}
