//! Word documents for the import tests, written by another library than the
//! reader (docx-rs), from the seed documents in the official layout: red
//! header, document number, red rule, centred title, recipients, numbered
//! headings, tables, attachment note, signature and date, colophon. What
//! docx-rs cannot write (alt text, a text box, an embedded object) is put into
//! its document.xml afterwards. Also files that are not .docx at all.
//!
//! With `PLACARD_DOCX_OUT=DIR` set, every document made is also saved there
//! (how the fuzzer's seed corpus was made).
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use docx_rs::*;

/// 三号 (16 pt), the size of body text.
const BODY: usize = 32;
/// 二号 (22 pt), the size of the title.
const TITLE: usize = 44;
const RED: &str = "FF0000";

fn run(text: &str) -> Run {
    Run::new().add_text(text).size(BODY)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

/// A body paragraph, its first line indented two characters.
fn body(text: &str) -> Paragraph {
    para(text).first_line_chars(200)
}

fn centred(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text).size(size))
}

fn right(text: &str) -> Paragraph {
    para(text).align(AlignmentType::Right)
}

fn empty() -> Paragraph {
    Paragraph::new()
}

/// The red header line: large, red, centred.
fn red_header(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text).size(72).color(RED).bold())
}

/// The red rule under the document number: a red bottom border on an empty paragraph.
fn red_rule() -> Paragraph {
    let mut p = Paragraph::new();
    p.property = p.property.set_borders(
        ParagraphBorders::new().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(12)
                .color(RED),
        ),
    );
    p
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(para(text))
}

fn table(rows: &[&[&str]]) -> Table {
    Table::new(
        rows.iter()
            .map(|row| TableRow::new(row.iter().map(|t| cell(t)).collect()))
            .collect(),
    )
}

fn footnote(text: &str) -> Run {
    let mut note = Footnote::new();
    Run::new().add_footnote_reference(note.add_content(para(text)))
}

/// Page header and footer with the page number: never body text.
fn with_header_and_footer(docx: Docx, header_text: &str) -> Docx {
    docx.header(Header::new().add_paragraph(para(header_text)))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run("— "))
                    .add_page_num(PageNum::new())
                    .add_run(run(" —")),
            ),
        )
}

fn pack(docx: Docx) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out).expect("docx-rs packs the document");
    out.into_inner()
}

/// Replaces text in the package's word/document.xml: for what docx-rs cannot write.
fn patch(docx: &[u8], replacements: &[(&str, &str)]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        if entry.name().expect("entry name") == "word/document.xml" {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).expect("document.xml");
            for (from, to) in replacements {
                assert!(xml.contains(from), "`{from}` is not in document.xml");
                xml = xml.replacen(from, to, 1);
            }
            out.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .expect("start");
            out.write_all(xml.as_bytes()).expect("write");
        } else {
            out.raw_copy_file(entry).expect("copy");
        }
    }
    out.finish().expect("finish").into_inner()
}

fn saved(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    if let Some(dir) = std::env::var_os("PLACARD_DOCX_OUT") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).expect("mkdir PLACARD_DOCX_OUT");
        std::fs::write(dir.join(name), &bytes).expect("save docx");
    }
    bytes
}

/// A notice in the full layout, from the enrolment notice of the example site:
/// copy number, red header, number, red rule, a title in two lines,
/// recipients, headings `一、` `（一）`, items `1．`, a table, bold and italic, a
/// footnote, the attachment note, signature and date, the contact note, the
/// colophon; the page header repeats the organ and the footer numbers pages.
pub(crate) fn notice() -> Vec<u8> {
    let docx = Docx::new()
        .add_paragraph(para("000125"))
        .add_paragraph(red_header("某某县人口和计划生育委员会文件"))
        .add_paragraph(empty())
        .add_paragraph(centred("县人口发〔2024〕3号", BODY))
        .add_paragraph(red_rule())
        .add_paragraph(empty())
        .add_paragraph(centred("关于做好2024年乡级计划生育技术服务人员", TITLE))
        .add_paragraph(centred("进修培训报名工作的通知", TITLE))
        .add_paragraph(empty())
        .add_paragraph(para("各乡镇人民政府、城关街道办事处，县计划生育服务站："))
        .add_paragraph(body("为全面提高乡级计划生育技术服务人员业务素质和服务技能，县人口计生委决定2024年继续组织乡级计划生育技术服务人员到县计划生育服务站进修培训。现将报名有关事项通知如下："))
        .add_paragraph(body("一、培训对象"))
        .add_paragraph(
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run("各乡镇（街道）计划生育服务所在岗技术服务人员，重点是近三年新进人员和尚未参加过"))
                .add_run(run("县级进修"))
                .add_run(footnote("县级进修指在县计划生育服务站脱产学习3个月。"))
                .add_run(run("的人员。")),
        )
        .add_paragraph(body("二、培训时间和期次"))
        .add_paragraph(body("培训分三期进行，每期3个月，在县计划生育服务站集中脱产学习。"))
        .add_table(table(&[
            &["期次", "培训时间", "名额", "报名截止"],
            &["第一期", "3月4日—5月31日", "20", "2月28日"],
            &["第二期", "6月17日—9月13日", "20", "6月7日"],
            &["第三期", "9月23日—12月20日", "16", "9月13日"],
        ]))
        .add_paragraph(body("三、报名方式"))
        .add_paragraph(body("1．各乡镇（街道）服务所按名额确定参训人员，填写《进修培训报名表》，于报名截止日前报县服务站培训科；"))
        .add_paragraph(body("2．电子版报名表同时发送至县服务站培训科，纸质表格加盖公章后留存。"))
        .add_paragraph(body("四、有关要求"))
        .add_paragraph(body("（一）高度重视"))
        .add_paragraph(
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run("此次进修培训是提高基层技术人员业务水平的重要措施。").bold())
                .add_run(run("各乡镇（街道）要精心组织，按时足额选派人员，"))
                .add_run(run("不得以工作忙为由推诿").italic())
                .add_run(run("。")),
        )
        .add_paragraph(body("（二）保障待遇"))
        .add_paragraph(body("进修期间参训人员工资照发，往返交通费按规定报销。"))
        .add_paragraph(empty())
        .add_paragraph(body("附件：1．进修培训报名表"))
        .add_paragraph(para("　　　　　2．进修人员须知"))
        .add_paragraph(empty())
        .add_paragraph(empty())
        .add_paragraph(right("某某县人口和计划生育委员会"))
        .add_paragraph(right("2024年2月20日"))
        .add_paragraph(body("（联系人：王林，联系电话：0551－1234567）"))
        .add_paragraph(empty())
        .add_paragraph(para("抄送：县卫生局，县财政局。"))
        .add_paragraph(para("某某县人口和计划生育委员会办公室          2024年2月21日印发"));
    saved(
        "notice.docx",
        pack(with_header_and_footer(docx, "某某县人口和计划生育委员会")),
    )
}

/// A work plan from the seed's county work points: no red header, a targets
/// table, `（一）` headings numbered by Word itself (list numbering in Chinese
/// counting), items with a bold first sentence.
pub(crate) fn plan() -> Vec<u8> {
    let numbered = |text: &str| body(text).numbering(NumberingId::new(2), IndentLevel::new(0));
    let docx = Docx::new()
        .add_abstract_numbering(AbstractNumbering::new(1).add_level(Level::new(
            0,
            Start::new(1),
            NumberFormat::new("chineseCounting"),
            LevelText::new("（%1）"),
            LevelJc::new("left"),
        )))
        .add_numbering(Numbering::new(2, 1))
        .add_paragraph(centred("某某县2024年人口和计划生育工作要点", TITLE))
        .add_paragraph(empty())
        .add_paragraph(body("一、总体要求"))
        .add_paragraph(body("全县人口计生工作继续以稳定低生育水平为核心，以降低统计误差、综合治理出生人口性别比为重点，进一步强化基层基础工作，全面提升计划生育工作整体水平。"))
        .add_paragraph(body("二、主要目标"))
        .add_table(table(&[
            &["指标", "目标值", "备注"],
            &["人口自然增长率", "≤ 7.5‰", "全年"],
            &["综合性别比", "120左右", ""],
            &["统计准确率", "100%", "力争"],
        ]))
        .add_paragraph(body("三、工作要点"))
        .add_paragraph(numbered("完善三项机制"))
        .add_paragraph(
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run("1．"))
                .add_run(run("注重过程，完善经常性工作机制。").bold())
                .add_run(run("计生工作责任在乡镇，县计生领导小组强化对乡镇“周调度、月督查、季考核”。")),
        )
        .add_paragraph(
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run("2．"))
                .add_run(run("重心下移，完善“村为主”工作机制。").bold())
                .add_run(run("真正建立“县具体指导，乡镇负责管理，村为主负责落实”的工作格局。")),
        )
        .add_paragraph(numbered("突出工作重点"))
        .add_paragraph(body("强化孕前管理，提高出生人口政策符合率；强化流动人口服务管理。"))
        .add_paragraph(empty())
        .add_paragraph(right("某某县人口和计划生育委员会"))
        .add_paragraph(right("2024年1月15日"));
    saved("plan.docx", pack(docx))
}

/// A notice dated in Chinese numerals, marked urgent, its number written with
/// half-width brackets, from the example site's campaign notice.
pub(crate) fn chinese_dates() -> Vec<u8> {
    let docx = Docx::new()
        .add_paragraph(para("特急"))
        .add_paragraph(red_header("某某县人民政府办公室文件"))
        .add_paragraph(centred("县政办发[2024]12号", BODY))
        .add_paragraph(red_rule())
        .add_paragraph(centred("关于开展“婚育新风进万家”活动的通知", TITLE))
        .add_paragraph(para("各乡镇人民政府，县直有关单位："))
        .add_paragraph(body(
            "为倡导科学、文明、进步的婚育观念，县政府决定在全县开展“婚育新风进万家”活动。",
        ))
        .add_paragraph(body("一、活动时间"))
        .add_paragraph(body("活动自二〇二四年三月十日开始，至十二月三十一日结束。"))
        .add_paragraph(empty())
        .add_paragraph(right("某某县人民政府办公室"))
        .add_paragraph(right("二〇二四年三月八日"));
    saved("chinese-dates.docx", pack(docx))
}

/// An 8×8 PNG: its top half in `top`, its bottom half white (stored, uncompressed deflate).
pub(crate) fn png(top: [u8; 3]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let (width, height) = (8u32, 8u32);
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // no filter
        for _ in 0..width {
            raw.extend_from_slice(if y < 4 { &top } else { &[0xFF, 0xFF, 0xFF] });
        }
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(raw.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(raw.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

pub(crate) const RED_PIXEL: [u8; 3] = [0xCC, 0, 0];
pub(crate) const BLUE_PIXEL: [u8; 3] = [0, 0x44, 0xCC];

/// A notice with two pictures, the first with alt text, the second without,
/// and a link to the county's website.
pub(crate) fn with_image() -> Vec<u8> {
    let picture = |top| Pic::new_with_dimensions(png(top), 8, 8);
    let docx = Docx::new()
        .add_paragraph(centred("关于在各村设立婚育新风宣传栏的通知", TITLE))
        .add_paragraph(para("各乡镇人民政府："))
        .add_paragraph(body("今年起各村统一设立婚育新风宣传栏，样式如下："))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(picture(RED_PIXEL))),
        )
        .add_paragraph(body("宣传栏的内容每季度更换一次，更换后拍照上报。"))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(picture(BLUE_PIXEL))),
        )
        .add_paragraph(
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run("宣传材料可从"))
                .add_hyperlink(
                    Hyperlink::new("https://www.example.gov.cn/xcl/", HyperlinkType::External)
                        .add_run(run("县政府网站")),
                )
                .add_run(run("下载。")),
        )
        .add_paragraph(right("某某县人口和计划生育委员会"))
        .add_paragraph(right("2024年4月2日"));
    let bytes = patch(
        &pack(docx),
        &[(
            r#"<wp:docPr id="1" name="Figure" />"#,
            r#"<wp:docPr id="1" name="Figure" descr="城关镇婚育新风宣传栏" />"#,
        )],
    );
    saved("with-image.docx", bytes)
}

const TEXT_BOX: &str = r##"<w:pict><v:shape id="box1" type="#_x0000_t202" style="width:200pt;height:40pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>内部传阅，请勿外传</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"##;
const OBJECT: &str = r#"<w:object><v:shape id="obj1" style="width:100pt;height:50pt"><v:imagedata r:id="rIdMissing" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="obj1" DrawAspect="Content" ObjectID="_1"/></w:object>"#;

/// A document with what a web page does not keep: a text box, tracked
/// changes, a comment, an embedded Excel sheet and hidden text.
pub(crate) fn with_warnings() -> Vec<u8> {
    let comment = Comment::new(1)
        .author("王林")
        .date("2024-03-01T10:00:00Z")
        .add_paragraph(para("名额再核实一下"));
    let docx = Docx::new()
        .add_paragraph(centred("关于调整培训名额的通知", TITLE))
        .add_paragraph(para("各乡镇人民政府："))
        .add_paragraph(
            Paragraph::new()
                .add_run(run("第一期名额调整为"))
                .add_delete(Delete::new().add_run(Run::new().add_delete_text("20")))
                .add_insert(Insert::new(run("24")))
                .add_run(run("名。")),
        )
        .add_paragraph(
            Paragraph::new()
                .add_comment_start(comment)
                .add_run(run("各乡镇按调整后的名额报名。"))
                .add_comment_end(1),
        )
        .add_paragraph(para("@@TEXTBOX@@"))
        .add_paragraph(para("@@OBJECT@@"))
        .add_paragraph(
            Paragraph::new()
                .add_run(run("请于3月15日前报送。"))
                .add_run(run("（内部：名额由王林核定）").vanish()),
        )
        .add_paragraph(right("某某县人口和计划生育委员会"))
        .add_paragraph(right("2024年3月1日"));
    let bytes = patch(
        &pack(docx),
        &[
            (r#"<w:t xml:space="preserve">@@TEXTBOX@@</w:t>"#, TEXT_BOX),
            (r#"<w:t xml:space="preserve">@@OBJECT@@</w:t>"#, OBJECT),
        ],
    );
    saved("with-warnings.docx", bytes)
}

// ───────────────────────── files that are not .docx ─────────────────────────

/// An OLE compound file with the given streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create cfb");
    for (name, bytes) in streams {
        let mut stream = file.create_stream(name).expect("stream");
        stream.write_all(bytes).expect("write stream");
    }
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

/// A Word 97–2003 document: a compound file with a `WordDocument` stream.
pub(crate) fn doc97() -> Vec<u8> {
    compound(&[
        ("/WordDocument", &[0xEC, 0xA5, 0xC1, 0x00]),
        ("/1Table", &[0; 64]),
    ])
}

/// A .docx with a password: Office puts the encrypted package in a compound file.
pub(crate) fn encrypted() -> Vec<u8> {
    compound(&[
        ("/EncryptionInfo", &[4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("/EncryptedPackage", &[0x55; 256]),
    ])
}

/// A zip of `(name, text)` entries.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// OpenDocument text, as LibreOffice and WPS save it.
pub(crate) fn odt() -> Vec<u8> {
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ])
}

/// A .docx whose document.xml unpacks to 40 MB (of spaces, compressing to little).
pub(crate) fn bomb() -> Vec<u8> {
    let docx = notice();
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let entry = archive.by_index(index).expect("entry");
        if entry.name().expect("entry name") == "word/document.xml" {
            out.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .expect("start");
            let spaces = vec![b' '; 1 << 20];
            for _ in 0..40 {
                out.write_all(&spaces).expect("write");
            }
        } else {
            out.raw_copy_file(entry).expect("copy");
        }
    }
    out.finish().expect("finish").into_inner()
}
