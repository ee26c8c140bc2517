//! A Word document's parts (document, styles, numbering, footnotes, headers,
//! relationships, media) read into a [`Document`]: paragraphs with the layout
//! facts the official format is recognised by (alignment, size, colour, bold,
//! list numbers worked out as Word shows them), tables, images and footnotes,
//! and a count of everything left out, for the warnings.

mod numbering;
mod styles;
mod xml;

use std::collections::HashMap;

use roxmltree::Node;

use super::package::{self, MAX_IMAGE, Package, Relationship, Unreadable};
use numbering::*;
use styles::*;
use xml::*;

/// Deeper than this, element nesting is refused: Word nests tables in tables
/// in content controls a dozen levels deep, not hundreds.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Default)]
pub(crate) struct Document {
    pub blocks: Vec<Block>,
    /// Lines of the page headers, and of text boxes that hold the red header
    /// (`XX文件`): not body text, but where the issuer may be written.
    pub header_lines: Vec<String>,
    /// Footnote and endnote texts, numbered in the order the body refers to them.
    pub notes: Vec<Vec<Inline>>,
    pub images: Vec<Image>,
    pub dropped: Dropped,
    /// The title in the document's properties (File → Info), if any.
    pub core_title: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph {
    pub inlines: Vec<Inline>,
    pub align: Align,
    /// The largest font size of its text, in half-points (`44` is 22 pt, 二号).
    pub size: Option<u32>,
    /// All its text is red.
    pub red: bool,
    /// All its text is bold.
    pub bold: bool,
    /// The outline level of its style: 0 for Heading 1.
    pub outline: Option<u8>,
    /// Its style is Word's Title.
    pub title_style: bool,
    /// A red line is drawn with it (a border, or a line shape anchored in it).
    pub rule: bool,
    /// A bulleted list item (Word's numbering with a bullet).
    pub bullet: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text(Span),
    Break,
    Image {
        index: usize,
        alt: String,
    },
    /// A footnote or endnote reference: its number, from 1.
    Note(usize),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The web address of a hyperlink around it.
    pub link: Option<String>,
    pub size: Option<u32>,
    pub red: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub paragraphs: Vec<Paragraph>,
    /// Grid columns it spans.
    pub span: usize,
    /// Merged with the cell above it (its text is there).
    pub continued: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Image {
    pub bytes: Vec<u8>,
    /// `png`, `jpg`, `gif` or `webp`, from the bytes.
    pub extension: &'static str,
}

/// What the document has that a web page does not get, counted for the warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Dropped {
    /// The text of each text box left out.
    pub text_boxes: Vec<String>,
    pub insertions: usize,
    pub deletions: usize,
    pub comments: usize,
    /// Embedded objects: a ProgID (`Excel.Sheet.12`) or one of `chart`,
    /// `SmartArt`, `equation`, `altChunk`, `drawing`.
    pub objects: Vec<String>,
    /// Images only linked to a file or a web address, not in the document.
    pub linked_images: usize,
    /// Images in formats browsers do not show (EMF, WMF, TIFF): their extensions.
    pub unsupported_images: Vec<String>,
    /// Text formatted as hidden.
    pub hidden: Vec<String>,
    pub merged_cells: usize,
    pub nested_tables: usize,
}

impl Paragraph {
    /// Its text, line breaks as `\n`, images and note marks left out.
    pub(crate) fn text(&self) -> String {
        let mut text = String::new();
        for inline in &self.inlines {
            match inline {
                Inline::Text(span) => text.push_str(&span.text),
                Inline::Break => text.push('\n'),
                _ => {}
            }
        }
        text
    }

    pub(crate) fn has_image(&self) -> bool {
        self.inlines
            .iter()
            .any(|i| matches!(i, Inline::Image { .. }))
    }

    /// Lays out the facts recognition reads from the spans.
    fn summarise(&mut self) {
        let spans: Vec<&Span> = self
            .inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Text(span) if !span.text.trim().is_empty() => Some(span),
                _ => None,
            })
            .collect();
        self.size = spans.iter().filter_map(|s| s.size).max();
        self.red = !spans.is_empty() && spans.iter().all(|s| s.red);
        self.bold = !spans.is_empty() && spans.iter().all(|s| s.bold);
    }
}

/// Reads a document out of its package.
pub(super) fn read(package: &mut Package) -> Result<Document, Unreadable> {
    let main = package.main.clone();
    let rels = package.relationships(&main)?;
    let part_of = |kind: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
    };
    let styles = match part_of("styles") {
        Some(part) => match package.xml(&part)? {
            Some(text) => Styles::parse(&package::parse_xml(&text, &part)?),
            None => Styles::default(),
        },
        None => Styles::default(),
    };
    let numbering = match part_of("numbering") {
        Some(part) => match package.xml(&part)? {
            Some(text) => Numbering::parse(&package::parse_xml(&text, &part)?),
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    let Some(text) = package.xml(&main)? else {
        return Err(Unreadable::OtherZip);
    };
    let xml = package::parse_xml(&text, &main)?;
    let mut reader = Reader {
        package,
        styles,
        numbering,
        image_index: HashMap::new(),
        note_numbers: HashMap::new(),
        doc: Document::default(),
    };
    let part = Part {
        name: &main,
        rels: &rels,
    };
    let root = xml.root_element();
    let Some(body) = root.children().find(|n| is_w(*n, "body")) else {
        return Err(Unreadable::OtherZip);
    };
    reader.doc.blocks = reader.blocks(body, &part, 0)?;
    reader.notes(&rels)?;
    reader.headers(&rels)?;
    reader.core_title()?;
    Ok(reader.doc)
}

/// A part being read, with its relationships (for images and links).
struct Part<'a> {
    name: &'a str,
    rels: &'a HashMap<String, Relationship>,
}

struct Reader<'p> {
    package: &'p mut Package,
    styles: Styles,
    numbering: Numbering,
    /// Image part → index in `doc.images`, so an image shown twice is one file.
    image_index: HashMap<String, usize>,
    /// (`footnote` or `endnote`, id) → its number.
    note_numbers: HashMap<(&'static str, String), usize>,
    doc: Document,
}

impl Reader<'_> {
    /// The paragraphs and tables of a body, cell or content control.
    fn blocks(&mut self, node: Node, part: &Part, depth: usize) -> Result<Vec<Block>, Unreadable> {
        let depth = deeper(depth, part)?;
        let mut blocks = Vec::new();
        for child in node.children().filter(Node::is_element) {
            if !is_word(child) {
                if is_math(child) {
                    self.doc.dropped.objects.push("equation".to_string());
                }
                continue;
            }
            match child.tag_name().name() {
                // Word's table of contents repeats the headings: the site makes its own.
                "p" if self.is_contents_line(child) => {}
                "p" => blocks.push(Block::Paragraph(self.paragraph(child, part, depth)?)),
                "tbl" => blocks.push(Block::Table(self.table(child, part, depth)?)),
                "sdt" => {
                    if let Some(content) = w_child(child, "sdtContent") {
                        blocks.extend(self.blocks(content, part, depth)?);
                    }
                }
                "customXml" => blocks.extend(self.blocks(child, part, depth)?),
                "ins" | "moveTo" => {
                    self.doc.dropped.insertions += 1;
                    blocks.extend(self.blocks(child, part, depth)?);
                }
                "del" | "moveFrom" => self.doc.dropped.deletions += 1,
                "altChunk" => self.doc.dropped.objects.push("altChunk".to_string()),
                _ => {}
            }
        }
        Ok(blocks)
    }

    fn is_contents_line(&self, p: Node) -> bool {
        let style = w_child(p, "pPr")
            .and_then(|n| w_child(n, "pStyle"))
            .and_then(val);
        style.is_some() && self.styles.paragraph(style).contents
    }

    fn paragraph(&mut self, p: Node, part: &Part, depth: usize) -> Result<Paragraph, Unreadable> {
        let ppr = w_child(p, "pPr");
        let style = ppr
            .and_then(|n| w_child(n, "pStyle"))
            .and_then(val)
            .map(str::to_string)
            .or_else(|| self.styles.default_paragraph.clone());
        let styled = self.styles.paragraph(style.as_deref());
        let props = ppr
            .map(ParaProps::of)
            .unwrap_or_default()
            .over(&styled.para);
        let mut paragraph = Paragraph {
            align: props.align.unwrap_or_default(),
            outline: props.outline.filter(|level| *level < 9),
            title_style: styled.title,
            rule: props.rule.unwrap_or(false),
            ..Paragraph::default()
        };
        self.inlines(p, &mut paragraph, &styled.run, None, part, depth)?;
        if let Some((num_id, level)) = props.num {
            match self.numbering.label(&num_id, level) {
                Some(Label::Bullet) => paragraph.bullet = true,
                Some(Label::Text(label)) if !label.is_empty() => {
                    let first = paragraph.inlines.iter().find_map(|i| match i {
                        Inline::Text(span) => Some(span.clone()),
                        _ => None,
                    });
                    let span = Span {
                        text: label,
                        link: None,
                        ..first.unwrap_or_default()
                    };
                    paragraph.inlines.insert(0, Inline::Text(span));
                }
                _ => {}
            }
        }
        paragraph.summarise();
        Ok(paragraph)
    }

    /// The runs of a paragraph, through links, insertions, content controls.
    fn inlines(
        &mut self,
        node: Node,
        paragraph: &mut Paragraph,
        base: &RunProps,
        link: Option<&str>,
        part: &Part,
        depth: usize,
    ) -> Result<(), Unreadable> {
        let depth = deeper(depth, part)?;
        for child in node.children().filter(Node::is_element) {
            if is_math(child) {
                self.doc.dropped.objects.push("equation".to_string());
                continue;
            }
            if !is_word(child) {
                continue;
            }
            match child.tag_name().name() {
                "r" => self.run(child, paragraph, base, link, part, depth)?,
                "hyperlink" => {
                    let url = attr(child, "id")
                        .and_then(|id| part.rels.get(id))
                        .filter(|r| r.external && is_web_address(&r.target))
                        .map(|r| r.target.clone());
                    self.inlines(child, paragraph, base, url.as_deref().or(link), part, depth)?;
                }
                "ins" | "moveTo" => {
                    self.doc.dropped.insertions += 1;
                    self.inlines(child, paragraph, base, link, part, depth)?;
                }
                "del" | "moveFrom" => self.doc.dropped.deletions += 1,
                "smartTag" | "customXml" | "fldSimple" | "dir" | "bdo" => {
                    self.inlines(child, paragraph, base, link, part, depth)?
                }
                "sdt" => {
                    if let Some(content) = w_child(child, "sdtContent") {
                        self.inlines(content, paragraph, base, link, part, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn run(
        &mut self,
        r: Node,
        paragraph: &mut Paragraph,
        base: &RunProps,
        link: Option<&str>,
        part: &Part,
        depth: usize,
    ) -> Result<(), Unreadable> {
        let rpr = w_child(r, "rPr");
        let character = rpr
            .and_then(|n| w_child(n, "rStyle"))
            .and_then(val)
            .map(|id| self.styles.character(id))
            .unwrap_or_default();
        let props = rpr
            .map(RunProps::of)
            .unwrap_or_default()
            .over(&character.over(base));
        self.run_content(r, paragraph, &props, link, part, depth)
    }

    fn run_content(
        &mut self,
        r: Node,
        paragraph: &mut Paragraph,
        props: &RunProps,
        link: Option<&str>,
        part: &Part,
        depth: usize,
    ) -> Result<(), Unreadable> {
        let depth = deeper(depth, part)?;
        let push = |paragraph: &mut Paragraph, dropped: &mut Dropped, text: &str| {
            if props.hidden == Some(true) {
                if !text.trim().is_empty() {
                    dropped.hidden.push(text.to_string());
                }
                return;
            }
            paragraph.inlines.push(Inline::Text(Span {
                text: text.to_string(),
                bold: props.bold == Some(true),
                italic: props.italic == Some(true),
                link: link.map(str::to_string),
                size: props.size,
                red: props.red == Some(true),
            }));
        };
        for child in r.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if is_markup_compatibility(child) && name == "AlternateContent" {
                // The first choice is what Word shows; the fallback repeats it for old readers.
                let chosen = child
                    .children()
                    .find(|n| n.tag_name().name() == "Choice")
                    .or_else(|| child.children().find(|n| n.tag_name().name() == "Fallback"));
                if let Some(chosen) = chosen {
                    self.run_content(chosen, paragraph, props, link, part, depth)?;
                }
                continue;
            }
            if !is_word(child) {
                continue;
            }
            match name {
                "t" => push(paragraph, &mut self.doc.dropped, child.text().unwrap_or("")),
                "tab" | "ptab" => push(paragraph, &mut self.doc.dropped, " "),
                "noBreakHyphen" => push(paragraph, &mut self.doc.dropped, "-"),
                // A page or column break ends no line of the text.
                "br" if !matches!(attr(child, "type"), Some("page" | "column")) => {
                    paragraph.inlines.push(Inline::Break)
                }
                "cr" => paragraph.inlines.push(Inline::Break),
                "footnoteReference" => self.note("footnote", child, paragraph),
                "endnoteReference" => self.note("endnote", child, paragraph),
                "commentReference" => self.doc.dropped.comments += 1,
                "drawing" => self.drawing(child, paragraph, part)?,
                "pict" => self.vml(child, paragraph, part)?,
                "object" => {
                    let prog_id = child
                        .descendants()
                        .find(|n| n.tag_name().name() == "OLEObject")
                        .and_then(|n| attr(n, "ProgID"))
                        .unwrap_or("OLE");
                    self.doc.dropped.objects.push(prog_id.to_string());
                }
                "ruby" => {
                    if let Some(base_text) = w_child(child, "rubyBase") {
                        self.inlines(base_text, paragraph, props, link, part, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A footnote or endnote mark: numbered at its first reference.
    fn note(&mut self, kind: &'static str, node: Node, paragraph: &mut Paragraph) {
        let Some(id) = attr(node, "id") else {
            return;
        };
        let next = self.note_numbers.len() + 1;
        let number = *self
            .note_numbers
            .entry((kind, id.to_string()))
            .or_insert(next);
        paragraph.inlines.push(Inline::Note(number));
    }

    /// DrawingML: pictures, text boxes, line shapes, charts, SmartArt.
    fn drawing(
        &mut self,
        node: Node,
        paragraph: &mut Paragraph,
        part: &Part,
    ) -> Result<(), Unreadable> {
        for frame in node
            .children()
            .filter(|n| matches!(n.tag_name().name(), "inline" | "anchor"))
        {
            let properties = frame.children().find(|n| n.tag_name().name() == "docPr");
            let alt = properties
                .and_then(|n| {
                    attr(n, "descr")
                        .filter(|d| !d.trim().is_empty())
                        .or(attr(n, "title"))
                })
                .unwrap_or("");
            let Some(data) = frame
                .descendants()
                .find(|n| n.tag_name().name() == "graphicData")
            else {
                continue;
            };
            let uri = attr(data, "uri").unwrap_or("");
            if uri.ends_with("/picture") {
                self.picture(data, alt, paragraph, part)?;
            } else if uri.ends_with("/wordprocessingShape")
                || uri.ends_with("/wordprocessingGroup")
                || uri.ends_with("/wordprocessingCanvas")
            {
                // A shape, or a group or canvas of shapes and pictures.
                for item in data.descendants().filter(|n| {
                    matches!(n.tag_name().name(), "wsp" | "pic")
                        && !n
                            .ancestors()
                            .skip(1)
                            .any(|a| a.tag_name().name() == "txbxContent")
                }) {
                    if item.tag_name().name() == "pic" {
                        self.picture(item, alt, paragraph, part)?;
                    } else if let Some(content) =
                        item.descendants().find(|n| is_w(*n, "txbxContent"))
                    {
                        self.text_box(content);
                    } else if red_line(item) {
                        paragraph.rule = true;
                    }
                }
            } else if uri.ends_with("/chart") || uri.contains("chart") {
                self.doc.dropped.objects.push("chart".to_string());
            } else if uri.contains("diagram") {
                self.doc.dropped.objects.push("SmartArt".to_string());
            } else {
                self.doc.dropped.objects.push("drawing".to_string());
            }
        }
        Ok(())
    }

    fn picture(
        &mut self,
        data: Node,
        alt: &str,
        paragraph: &mut Paragraph,
        part: &Part,
    ) -> Result<(), Unreadable> {
        let Some(blip) = data.descendants().find(|n| n.tag_name().name() == "blip") else {
            return Ok(());
        };
        match attr(blip, "embed") {
            Some(id) => self.image(id, alt, paragraph, part),
            None => {
                self.doc.dropped.linked_images += 1;
                Ok(())
            }
        }
    }

    /// VML, the older drawing format: images, text boxes, lines.
    fn vml(
        &mut self,
        node: Node,
        paragraph: &mut Paragraph,
        part: &Part,
    ) -> Result<(), Unreadable> {
        for item in node.descendants().filter(Node::is_element) {
            if item.ancestors().skip(1).any(|a| is_w(a, "txbxContent")) {
                continue;
            }
            match item.tag_name().name() {
                "imagedata" => match attr(item, "id") {
                    Some(id) => {
                        let alt = item
                            .parent()
                            .and_then(|shape| attr(shape, "alt"))
                            .filter(|a| !a.trim().is_empty())
                            .or(attr(item, "title"))
                            .unwrap_or("");
                        self.image(id, alt, paragraph, part)?;
                    }
                    None => self.doc.dropped.linked_images += 1,
                },
                "txbxContent" => self.text_box(item),
                "line" | "rect" | "shape"
                    if is_red(attr(item, "strokecolor"))
                        && !item.descendants().any(|n| {
                            matches!(n.tag_name().name(), "imagedata" | "txbxContent")
                        }) =>
                {
                    paragraph.rule = true;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A text box is not body text: a header line in one is kept for
    /// recognition, anything else is left out with a warning.
    fn text_box(&mut self, content: Node) {
        let lines: Vec<String> = content
            .descendants()
            .filter(|n| is_w(*n, "p"))
            .map(|p| {
                p.descendants()
                    .filter(|t| is_w(*t, "t"))
                    .filter_map(|t| t.text())
                    .collect::<String>()
            })
            .filter(|line| !line.trim().is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        let joined: String = lines.concat();
        if joined.trim_end().ends_with("文件") {
            self.doc.header_lines.extend(lines);
        } else {
            self.doc.dropped.text_boxes.push(lines.join(" "));
        }
    }

    /// An embedded image, by relationship id: kept once however often it is shown.
    fn image(
        &mut self,
        id: &str,
        alt: &str,
        paragraph: &mut Paragraph,
        part: &Part,
    ) -> Result<(), Unreadable> {
        let Some(rel) = part.rels.get(id) else {
            return Ok(());
        };
        if rel.external {
            self.doc.dropped.linked_images += 1;
            return Ok(());
        }
        let index = match self.image_index.get(&rel.target) {
            Some(index) => *index,
            None => {
                let Some(bytes) = self.package.read(&rel.target, MAX_IMAGE)? else {
                    return Ok(());
                };
                let Some(extension) = image_format(&bytes) else {
                    let extension = rel.target.rsplit_once('.').map_or("?", |(_, e)| e);
                    self.doc
                        .dropped
                        .unsupported_images
                        .push(extension.to_ascii_uppercase());
                    return Ok(());
                };
                self.doc.images.push(Image { bytes, extension });
                let index = self.doc.images.len() - 1;
                self.image_index.insert(rel.target.clone(), index);
                index
            }
        };
        paragraph.inlines.push(Inline::Image {
            index,
            alt: clean_alt(alt),
        });
        Ok(())
    }

    fn table(&mut self, tbl: Node, part: &Part, depth: usize) -> Result<Table, Unreadable> {
        let depth = deeper(depth, part)?;
        let mut table = Table::default();
        for tr in rows_of(tbl) {
            let trpr = w_child(tr, "trPr");
            if trpr.and_then(|n| w_child(n, "del")).is_some() {
                self.doc.dropped.deletions += 1;
                continue;
            }
            let mut row = Row::default();
            let before = trpr
                .and_then(|n| w_child(n, "gridBefore"))
                .and_then(val)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0)
                .min(64);
            for _ in 0..before {
                row.cells.push(Cell {
                    span: 1,
                    ..Cell::default()
                });
            }
            for tc in cells_of(tr) {
                let tcpr = w_child(tc, "tcPr");
                let span = tcpr
                    .and_then(|n| w_child(n, "gridSpan"))
                    .and_then(val)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = tcpr
                    .and_then(|n| w_child(n, "vMerge"))
                    .is_some_and(|m| val(m) != Some("restart"));
                if span > 1 || continued {
                    self.doc.dropped.merged_cells += 1;
                }
                let mut paragraphs = Vec::new();
                for block in self.blocks(tc, part, depth)? {
                    match block {
                        Block::Paragraph(p) => paragraphs.push(p),
                        Block::Table(inner) => {
                            self.doc.dropped.nested_tables += 1;
                            paragraphs.extend(
                                inner
                                    .rows
                                    .into_iter()
                                    .flat_map(|r| r.cells)
                                    .flat_map(|c| c.paragraphs),
                            );
                        }
                    }
                }
                row.cells.push(Cell {
                    paragraphs,
                    span,
                    continued,
                });
            }
            table.rows.push(row);
        }
        Ok(table)
    }

    /// The footnotes and endnotes the body refers to, in the order of their numbers.
    fn notes(&mut self, rels: &HashMap<String, Relationship>) -> Result<(), Unreadable> {
        let mut numbered: Vec<((&'static str, String), usize)> =
            self.note_numbers.drain().collect();
        numbered.sort_by_key(|(_, number)| *number);
        self.doc.notes = vec![Vec::new(); numbered.len()];
        for kind in ["footnote", "endnote"] {
            if !numbered.iter().any(|((k, _), _)| *k == kind) {
                continue;
            }
            let Some(name) = rels
                .values()
                .find(|r| r.kind == format!("{kind}s") && !r.external)
                .map(|r| r.target.clone())
            else {
                continue;
            };
            let Some(text) = self.package.xml(&name)? else {
                continue;
            };
            let note_rels = self.package.relationships(&name)?;
            let xml = package::parse_xml(&text, &name)?;
            let part = Part {
                name: &name,
                rels: &note_rels,
            };
            for note in xml.root_element().children().filter(|n| is_w(*n, kind)) {
                let Some(id) = attr(note, "id") else { continue };
                let Some(number) = numbered
                    .iter()
                    .find(|((k, i), _)| *k == kind && i == id)
                    .map(|(_, n)| *n)
                else {
                    continue;
                };
                let mut inlines = Vec::new();
                for block in self.blocks(note, &part, 0)? {
                    if let Block::Paragraph(p) = block {
                        if !inlines.is_empty() {
                            inlines.push(Inline::Break);
                        }
                        // A footnote in a footnote is not possible in Word; a mark
                        // here would point nowhere.
                        inlines.extend(
                            p.inlines
                                .into_iter()
                                .filter(|i| !matches!(i, Inline::Note(_))),
                        );
                    }
                }
                self.doc.notes[number - 1] = inlines;
            }
        }
        Ok(())
    }

    /// The text of the page headers, where a red header line may be instead of the body.
    fn headers(&mut self, rels: &HashMap<String, Relationship>) -> Result<(), Unreadable> {
        let mut parts: Vec<String> = rels
            .values()
            .filter(|r| r.kind == "header" && !r.external)
            .map(|r| r.target.clone())
            .collect();
        parts.sort();
        for name in parts {
            let Some(text) = self.package.xml(&name)? else {
                continue;
            };
            let xml = package::parse_xml(&text, &name)?;
            for p in xml.descendants().filter(|n| is_w(*n, "p")) {
                let line: String = p
                    .descendants()
                    .filter(|t| is_w(*t, "t"))
                    .filter_map(|t| t.text())
                    .collect();
                if !line.trim().is_empty() {
                    self.doc.header_lines.push(line);
                }
            }
        }
        Ok(())
    }

    fn core_title(&mut self) -> Result<(), Unreadable> {
        let rels = self.package.relationships("")?;
        let Some(name) = rels
            .values()
            .find(|r| r.kind == "core-properties" && !r.external)
            .map(|r| r.target.clone())
        else {
            return Ok(());
        };
        let Some(text) = self.package.xml(&name)? else {
            return Ok(());
        };
        let xml = package::parse_xml(&text, &name)?;
        self.doc.core_title = xml
            .descendants()
            .find(|n| n.tag_name().name() == "title")
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Ok(())
    }
}

fn deeper(depth: usize, part: &Part) -> Result<usize, Unreadable> {
    if depth >= MAX_DEPTH {
        return Err(Unreadable::TooDeep {
            part: part.name.to_string(),
        });
    }
    Ok(depth + 1)
}

#[cfg(test)]
mod tests;
