//! A Word document's parts (document, styles, numbering, footnotes, headers,
//! relationships, media) read into a [`Document`]: paragraphs with the layout
//! facts the official format is recognised by (alignment, size, colour, bold,
//! list numbers worked out as Word shows them), tables, images and footnotes,
//! and a count of everything left out, for the warnings.

use std::collections::HashMap;

use roxmltree::Node;

use super::numerals;
use super::package::{self, MAX_IMAGE, Package, Relationship, Unreadable};

/// Deeper than this, element nesting is refused: Word nests tables in tables
/// in content controls a dozen levels deep, not hundreds.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Default)]
pub struct Document {
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
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Default)]
pub struct Paragraph {
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
pub enum Inline {
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
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The web address of a hyperlink around it.
    pub link: Option<String>,
    pub size: Option<u32>,
    pub red: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub paragraphs: Vec<Paragraph>,
    /// Grid columns it spans.
    pub span: usize,
    /// Merged with the cell above it (its text is there).
    pub continued: bool,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub bytes: Vec<u8>,
    /// `png`, `jpg`, `gif` or `webp`, from the bytes.
    pub extension: &'static str,
}

/// What the document has that a web page does not get, counted for the warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dropped {
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
    pub fn text(&self) -> String {
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

    pub fn has_image(&self) -> bool {
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
pub fn read(package: &mut Package) -> Result<Document, Unreadable> {
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

// ───────────────────────────── styles ─────────────────────────────

#[derive(Debug, Clone, Default)]
struct RunProps {
    bold: Option<bool>,
    italic: Option<bool>,
    size: Option<u32>,
    red: Option<bool>,
    hidden: Option<bool>,
}

impl RunProps {
    fn of(rpr: Node) -> RunProps {
        RunProps {
            bold: w_child(rpr, "b").map(on),
            italic: w_child(rpr, "i").map(on),
            size: w_child(rpr, "sz")
                .and_then(val)
                .and_then(|v| v.parse().ok()),
            red: w_child(rpr, "color").and_then(val).map(|c| is_red(Some(c))),
            hidden: w_child(rpr, "vanish").map(on),
        }
    }

    /// These properties, with `base`'s where these say nothing.
    fn over(&self, base: &RunProps) -> RunProps {
        RunProps {
            bold: self.bold.or(base.bold),
            italic: self.italic.or(base.italic),
            size: self.size.or(base.size),
            red: self.red.or(base.red),
            hidden: self.hidden.or(base.hidden),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct ParaProps {
    align: Option<Align>,
    outline: Option<u8>,
    /// (`numId`, level) of Word's list numbering.
    num: Option<(String, u8)>,
    rule: Option<bool>,
}

impl ParaProps {
    fn of(ppr: Node) -> ParaProps {
        let align = w_child(ppr, "jc").and_then(val).map(|v| match v {
            "center" => Align::Center,
            "right" | "end" => Align::Right,
            "both" | "distribute" | "thaiDistribute" | "lowKashida" | "mediumKashida"
            | "highKashida" => Align::Justify,
            _ => Align::Left,
        });
        let num = w_child(ppr, "numPr").and_then(|n| {
            let id = w_child(n, "numId").and_then(val)?;
            let level = w_child(n, "ilvl")
                .and_then(val)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0u8)
                .min(8);
            Some((id.to_string(), level))
        });
        let rule = w_child(ppr, "pBdr").map(|borders| {
            borders.children().any(|b| {
                matches!(b.tag_name().name(), "top" | "bottom")
                    && !matches!(val(b), Some("nil" | "none"))
                    && is_red(attr(b, "color"))
            })
        });
        ParaProps {
            align,
            outline: w_child(ppr, "outlineLvl")
                .and_then(val)
                .and_then(|v| v.parse().ok()),
            num,
            rule,
        }
    }

    fn over(&self, base: &ParaProps) -> ParaProps {
        ParaProps {
            align: self.align.or(base.align),
            outline: self.outline.or(base.outline),
            num: self.num.clone().or_else(|| base.num.clone()),
            rule: self.rule.or(base.rule),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    based_on: Option<String>,
    name: String,
    para: ParaProps,
    run: RunProps,
}

/// A paragraph style with its `basedOn` chain and the document defaults applied.
#[derive(Debug, Clone, Default)]
struct Styled {
    para: ParaProps,
    run: RunProps,
    title: bool,
    /// A line of Word's table of contents (`toc 1`, `toc 2`, …).
    contents: bool,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
    defaults: RunProps,
    default_para: ParaProps,
}

impl Styles {
    fn parse(xml: &roxmltree::Document) -> Styles {
        let root = xml.root_element();
        let mut styles = Styles::default();
        if let Some(defaults) = w_child(root, "docDefaults") {
            if let Some(rpr) = w_child(defaults, "rPrDefault").and_then(|n| w_child(n, "rPr")) {
                styles.defaults = RunProps::of(rpr);
            }
            if let Some(ppr) = w_child(defaults, "pPrDefault").and_then(|n| w_child(n, "pPr")) {
                styles.default_para = ParaProps::of(ppr);
            }
        }
        for style in root.children().filter(|n| is_w(*n, "style")) {
            let Some(id) = attr(style, "styleId") else {
                continue;
            };
            if attr(style, "type") == Some("paragraph")
                && matches!(attr(style, "default"), Some("1" | "true" | "on"))
            {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.by_id.insert(
                id.to_string(),
                StyleDef {
                    based_on: w_child(style, "basedOn").and_then(val).map(str::to_string),
                    name: w_child(style, "name")
                        .and_then(val)
                        .unwrap_or("")
                        .to_lowercase(),
                    para: w_child(style, "pPr").map(ParaProps::of).unwrap_or_default(),
                    run: w_child(style, "rPr").map(RunProps::of).unwrap_or_default(),
                },
            );
        }
        styles
    }

    /// A style and those it is based on, nearest first (a loop is cut).
    fn chain(&self, id: Option<&str>) -> Vec<&StyleDef> {
        let mut chain = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            let Some(style) = self.by_id.get(id) else {
                break;
            };
            if chain.len() >= 16 || chain.iter().any(|s: &&StyleDef| std::ptr::eq(*s, style)) {
                break;
            }
            chain.push(style);
            next = style.based_on.as_deref();
        }
        chain
    }

    fn paragraph(&self, id: Option<&str>) -> Styled {
        let chain = self.chain(id);
        let mut styled = Styled {
            para: self.default_para.clone(),
            run: self.defaults.clone(),
            title: false,
            contents: false,
        };
        for style in chain.iter().rev() {
            styled.para = style.para.over(&styled.para);
            styled.run = style.run.over(&styled.run);
        }
        if let Some(own) = chain.first() {
            let heading = own
                .name
                .strip_prefix("heading ")
                .or_else(|| own.name.strip_prefix("标题 "))
                .and_then(|n| n.trim().parse::<u8>().ok())
                .filter(|n| (1..=9).contains(n));
            if let Some(level) = heading {
                styled.para.outline = Some(level - 1);
            }
            styled.title = matches!(own.name.as_str(), "title" | "标题");
            styled.contents = own.name.starts_with("toc ") || own.name.starts_with("目录 ");
        }
        styled
    }

    /// A character style's run properties, its chain applied.
    fn character(&self, id: &str) -> RunProps {
        self.chain(Some(id))
            .iter()
            .rev()
            .fold(RunProps::default(), |run, style| style.run.over(&run))
    }
}

// ───────────────────────────── numbering ─────────────────────────────

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → its nine levels.
    abstracts: HashMap<String, Vec<Option<Level>>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// numId → the counter of each level, `None` before its first item.
    counters: HashMap<String, [Option<u32>; 9]>,
}

enum Label {
    Bullet,
    Text(String),
}

impl Numbering {
    fn parse(xml: &roxmltree::Document) -> Numbering {
        let root = xml.root_element();
        let mut numbering = Numbering::default();
        for abstract_num in root.children().filter(|n| is_w(*n, "abstractNum")) {
            let Some(id) = attr(abstract_num, "abstractNumId") else {
                continue;
            };
            let mut levels = vec![None; 9];
            for level in abstract_num.children().filter(|n| is_w(*n, "lvl")) {
                let Some(index) = attr(level, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if index < 9 {
                    levels[index] = Some(Level {
                        start: w_child(level, "start")
                            .and_then(val)
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                        format: w_child(level, "numFmt")
                            .and_then(val)
                            .unwrap_or("decimal")
                            .to_string(),
                        text: w_child(level, "lvlText")
                            .and_then(val)
                            .unwrap_or("")
                            .to_string(),
                    });
                }
            }
            numbering.abstracts.insert(id.to_string(), levels);
        }
        for num in root.children().filter(|n| is_w(*n, "num")) {
            let (Some(id), Some(abstract_id)) = (
                attr(num, "numId"),
                w_child(num, "abstractNumId").and_then(val),
            ) else {
                continue;
            };
            let overrides = num
                .children()
                .filter(|n| is_w(*n, "lvlOverride"))
                .filter_map(|o| {
                    let level = attr(o, "ilvl")?.parse::<u8>().ok()?;
                    let start = w_child(o, "startOverride").and_then(val)?.parse().ok()?;
                    Some((level, start))
                })
                .collect();
            numbering
                .nums
                .insert(id.to_string(), (abstract_id.to_string(), overrides));
        }
        numbering
    }

    /// The label Word shows for the next item of list `num_id` at `level`.
    fn label(&mut self, num_id: &str, level: u8) -> Option<Label> {
        let (abstract_id, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let level = usize::from(level);
        let definition = levels.get(level)?.as_ref()?;
        if definition.format == "bullet" {
            return Some(Label::Bullet);
        }
        let start_of = |l: usize| {
            overrides
                .get(&(l as u8))
                .copied()
                .or_else(|| levels[l].as_ref().map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num_id.to_string()).or_insert([None; 9]);
        counters[level] = Some(match counters[level] {
            Some(n) => n.saturating_add(1),
            None => start_of(level),
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let mut text = String::new();
        let mut chars = definition.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(n) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&n)
            {
                chars.next();
                let l = n as usize - 1;
                let value = counters[l].unwrap_or_else(|| start_of(l));
                let format = levels[l].as_ref().map_or("decimal", |d| d.format.as_str());
                text.push_str(&format_number(value, format));
            } else {
                text.push(c);
            }
        }
        Some(Label::Text(text))
    }
}

/// A list number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    let letter = |base: u8| {
        let n = n.max(1) - 1;
        std::iter::repeat_n(char::from(base + (n % 26) as u8), (n / 26 + 1) as usize).collect()
    };
    match format {
        "none" => String::new(),
        "decimalZero" => format!("{n:02}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "chineseLegalSimplified" => numerals::chinese_counting(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(d.to_digit(10).unwrap_or(0) as usize)
                    .unwrap_or('〇')
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(((n.max(1) - 1) % 10) as usize)
            .map_or_else(String::new, String::from),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "upperLetter" => letter(b'A'),
        "lowerLetter" => letter(b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, letters) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

// ───────────────────────────── XML helpers ─────────────────────────────

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MATH: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

fn is_word(node: Node) -> bool {
    matches!(node.tag_name().namespace(), Some(W | W_STRICT))
}

fn is_w(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && is_word(node)
}

fn is_math(node: Node) -> bool {
    node.tag_name().namespace() == Some(MATH)
        && matches!(node.tag_name().name(), "oMath" | "oMathPara")
}

fn is_markup_compatibility(node: Node) -> bool {
    node.tag_name().namespace() == Some(MC)
}

fn w_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is_w(*n, name))
}

/// An attribute by its local name, whatever its namespace (`w:val`, `r:id`, `o:title`).
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    attr(node, "val")
}

/// A toggle such as `<w:b/>`: on unless `w:val` says `0`, `false` or `off`.
fn on(node: Node) -> bool {
    !matches!(val(node), Some("0" | "false" | "off"))
}

/// The rows of a table, through content controls and custom XML around them.
fn rows_of<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tbl, "tr")
}

fn cells_of<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tr, "tc")
}

fn wrapped<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<Node> = node.children().filter(Node::is_element).collect();
    stack.reverse();
    while let Some(child) = stack.pop() {
        if is_w(child, name) {
            found.push(child);
        } else if is_w(child, "sdt") || is_w(child, "customXml") || is_w(child, "sdtContent") {
            let mut inner: Vec<Node> = child.children().filter(Node::is_element).collect();
            inner.reverse();
            stack.extend(inner);
        }
    }
    found
}

/// `FF0000`, `C00000`, `red`, `#f00`: a colour an official document's red is.
fn is_red(color: Option<&str>) -> bool {
    let Some(color) = color else { return false };
    let color = color
        .trim()
        .trim_start_matches('#')
        .split_whitespace()
        .next()
        .unwrap_or("");
    if color.eq_ignore_ascii_case("red") {
        return true;
    }
    let hex = match color.len() {
        3 => color.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => color.to_string(),
        _ => return false,
    };
    let Ok(rgb) = u32::from_str_radix(&hex, 16) else {
        return false;
    };
    let (r, g, b) = (rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF);
    r >= 0xB0 && g <= 0x60 && b <= 0x60
}

/// A DrawingML shape outlined in red (the red separator line drawn as a shape).
fn red_line(shape: Node) -> bool {
    shape
        .descendants()
        .filter(|n| n.tag_name().name() == "ln")
        .flat_map(|ln| ln.descendants())
        .filter(|n| n.tag_name().name() == "srgbClr")
        .any(|c| is_red(attr(c, "val")))
}

/// What a picture is, from its first bytes: only formats every browser shows.
fn image_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Alt text without the note Word adds to text it wrote itself.
fn clean_alt(alt: &str) -> String {
    alt.lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && !line.contains("描述已自动生成")
                && !line.contains("自动生成的说明")
                && !line
                    .to_ascii_lowercase()
                    .contains("description automatically generated")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reds_of_official_documents() {
        for red in ["FF0000", "ff0000", "C00000", "red", "#f00", "E60012"] {
            assert!(is_red(Some(red)), "{red}");
        }
        for other in ["000000", "auto", "FFC000", "0070C0", "", "zzzzzz"] {
            assert!(!is_red(Some(other)), "{other}");
        }
    }

    #[test]
    fn list_numbers_in_word_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
        assert_eq!(format_number(7, "unknownFormat"), "7");
    }

    #[test]
    fn word_alt_notes_are_dropped() {
        assert_eq!(clean_alt("宣传栏照片\n\n描述已自动生成"), "宣传栏照片");
        assert_eq!(
            clean_alt("A poster\nDescription automatically generated"),
            "A poster"
        );
    }
}
