use super::body::*;
use super::*;
use crate::import::docx::Span;

fn paragraph_of(text: &str, align: Align) -> Paragraph {
    let mut inlines = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            inlines.push(Inline::Break);
        }
        inlines.push(Inline::Text(Span {
            text: line.to_string(),
            ..Span::default()
        }));
    }
    Paragraph {
        inlines,
        align,
        ..Paragraph::default()
    }
}

fn p(text: &str) -> Block {
    Block::Paragraph(paragraph_of(text, Align::Left))
}

fn centred(text: &str) -> Block {
    Block::Paragraph(paragraph_of(text, Align::Center))
}

fn right(text: &str) -> Block {
    Block::Paragraph(paragraph_of(text, Align::Right))
}

fn red(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        red: true,
        size: Some(72),
        ..paragraph_of(text, Align::Center)
    })
}

fn recognised(blocks: Vec<Block>) -> Recognised {
    recognise(&Document {
        blocks,
        ..Document::default()
    })
}

fn texts(parts: &[Part]) -> Vec<String> {
    parts
        .iter()
        .map(|part| match part {
            Part::Heading(level, inlines) => {
                format!("{} {}", "#".repeat(usize::from(*level)), flat(inlines))
            }
            Part::Item(n, inlines) => format!("{n}. {}", flat(inlines)),
            Part::Bullet(inlines) => format!("- {}", flat(inlines)),
            Part::Paragraph(inlines) | Part::Contact(inlines) => flat(inlines),
            Part::Table(_) => "<table>".to_string(),
            Part::AttachmentNote(items) => format!("附件：{}", items.join("|")),
        })
        .collect()
}

fn flat(inlines: &[Inline]) -> String {
    Paragraph {
        inlines: inlines.to_vec(),
        ..Paragraph::default()
    }
    .text()
}

#[test]
fn the_issuer_may_be_in_the_page_header() {
    let found = recognise(&Document {
        blocks: vec![
            centred("关于做好防汛工作的通知"),
            p("各乡镇："),
            p("请做好防汛工作。"),
        ],
        header_lines: vec!["某某县人民政府 文件".to_string()],
        ..Document::default()
    });
    let issuer = found.issuer.unwrap();
    assert_eq!(issuer.value, "某某县人民政府");
    assert_eq!(
        issuer.source,
        Source::PageHeader("某某县人民政府文件".into())
    );
}

#[test]
fn a_red_header_pasted_as_a_picture_is_layout() {
    let picture = Block::Paragraph(Paragraph {
        inlines: vec![Inline::Image {
            index: 0,
            alt: String::new(),
        }],
        align: Align::Center,
        ..Paragraph::default()
    });
    let found = recognised(vec![
        picture,
        centred("县人口发〔2024〕5号"),
        centred("关于落实奖励扶助资金的通知"),
        p("各乡镇："),
        p("请按时发放。"),
    ]);
    assert_eq!(found.doc_number.unwrap().value, "县人口发〔2024〕5号");
    assert_eq!(texts(&found.body), ["请按时发放。"]);
}

#[test]
fn joint_documents_name_every_organ() {
    let found = recognised(vec![
        red("县人口计生委"),
        red("县财政局"),
        red("文件"),
        centred("县人口发〔2024〕5号"),
        centred("关于落实奖励扶助资金的通知"),
        p("各乡镇："),
        p("请按时发放。"),
    ]);
    assert_eq!(found.issuer.unwrap().value, "县人口计生委、县财政局");
    assert_eq!(found.doc_number.unwrap().value, "县人口发〔2024〕5号");
    assert_eq!(found.title.unwrap().value, "关于落实奖励扶助资金的通知");
}

#[test]
fn signature_and_date_in_one_paragraph() {
    let found = recognised(vec![
        centred("关于做好防汛工作的通知"),
        p("各乡镇："),
        p("请做好防汛工作。"),
        right("某某县人民政府\n2024年7月1日"),
    ]);
    assert_eq!(found.date.unwrap().value, Date::constant(2024, 7, 1));
    assert_eq!(found.issuer.unwrap().source, Source::Signature);
    assert_eq!(texts(&found.body), ["请做好防汛工作。"]);
}

#[test]
fn a_date_in_the_text_does_not_take_the_place_of_the_written_date() {
    let found = recognised(vec![
        centred("关于召开防汛会议的通知"),
        p("各乡镇："),
        p("会议时间："),
        p("2024年3月12日"),
        p("请准时参加。"),
        right("某某县人民政府"),
        right("2024年3月8日"),
    ]);
    assert_eq!(found.date.unwrap().value, Date::constant(2024, 3, 8));
    assert_eq!(
        texts(&found.body),
        ["会议时间：", "2024年3月12日", "请准时参加。"]
    );
}

#[test]
fn attachments_printed_after_the_document_become_sections() {
    let found = recognised(vec![
        centred("关于报送名单的通知"),
        p("各乡镇："),
        p("请报送名单。"),
        p("附件：参训人员名单"),
        right("某某县人口和计划生育委员会"),
        right("2024年3月8日"),
        p("附件1"),
        centred("参训人员名单"),
        Block::Table(Table::default()),
        p("抄送：县卫生局。"),
    ]);
    assert_eq!(found.attachment_note, ["参训人员名单"]);
    assert_eq!(
        texts(&found.body),
        [
            "请报送名单。",
            "附件：参训人员名单",
            "## 附件1　参训人员名单",
            "<table>"
        ]
    );
    assert!(found.left_out.contains(&LeftOut::Colophon));
}

#[test]
fn a_classified_document_is_marked_and_the_printing_date_is_a_fallback() {
    let found = recognised(vec![
        p("秘密★1年"),
        red("某某县人口和计划生育委员会文件"),
        centred("关于核查数据的通知"),
        p("各乡镇："),
        p("请核查。"),
        p("— 2 —"),
        p("抄送：县统计局。"),
        p("县人口计生委办公室      2024年3月10日印发"),
    ]);
    assert_eq!(found.classification.as_deref(), Some("秘密★1年"));
    let date = found.date.unwrap();
    assert_eq!(date.value, Date::constant(2024, 3, 10));
    assert!(matches!(date.source, Source::PrintedDate(_)));
    assert_eq!(texts(&found.body), ["请核查。"]);
    assert!(found.left_out.contains(&LeftOut::PageNumber));
}

#[test]
fn inline_headings_are_split_from_their_text() {
    let found = recognised(vec![
        centred("工作要点"),
        p("一、总体要求。全县人口计生工作继续以稳定低生育水平为核心。"),
        p("（一）完善三项机制"),
        p("1．注重过程"),
        p("计生工作责任在乡镇。"),
        p("一是加强环测，二是紧盯孕情。"),
    ]);
    assert_eq!(
        texts(&found.body),
        [
            "## 一、总体要求",
            "全县人口计生工作继续以稳定低生育水平为核心。",
            "### （一）完善三项机制",
            "#### 1．注重过程",
            "计生工作责任在乡镇。",
            "一是加强环测，二是紧盯孕情。"
        ]
    );
}

#[test]
fn document_numbers_in_every_bracket() {
    for written in [
        "县人口发〔2024〕3号",
        "县人口发[2024]3号",
        "县人口发［2024］3号",
        "县人口发（2024）3号",
        "县人口发(2024)3号",
        "县人口发【2024】3号",
        "县人口发〔２０２４〕３号",
        " 县人口发 〔2024〕 3 号 ",
    ] {
        assert_eq!(
            doc_number(written).map(|(n, _)| n).as_deref(),
            Some("县人口发〔2024〕3号"),
            "{written}"
        );
    }
    assert_eq!(
        doc_number("县人口发〔2024〕3号          签发人：张三")
            .unwrap()
            .0,
        "县人口发〔2024〕3号"
    );
    for not_one in [
        "关于做好2024年工作的通知",
        "〔2024〕3号",
        "县人口发〔24〕3号",
        "根据县人口发〔2024〕3号文件精神",
    ] {
        assert_eq!(doc_number(not_one), None, "{not_one}");
    }
}

#[test]
fn numbers_of_headings_and_items() {
    assert_eq!(numbered("一、总体要求"), Some((Number::First, 2)));
    assert_eq!(numbered("十二、其他"), Some((Number::First, 3)));
    assert_eq!(numbered("（一）完善三项机制"), Some((Number::Second, 3)));
    assert_eq!(numbered("（十二）、其他"), Some((Number::Second, 5)));
    assert_eq!(numbered("(三)突出重点"), Some((Number::Second, 3)));
    assert_eq!(numbered("1．注重过程"), Some((Number::Item(1), 2)));
    assert_eq!(numbered("12、网上报名"), Some((Number::Item(12), 3)));
    assert_eq!(numbered("（1）加强环测"), Some((Number::Sub, 3)));
    assert_eq!(numbered("第二章 总则"), Some((Number::Chapter, 3)));
    assert_eq!(numbered("1.5万元补助"), None);
    assert_eq!(numbered("2024年"), None);
    assert_eq!(numbered("一是加强环测"), None);
}

#[test]
fn contact_lines() {
    assert_eq!(
        contact("（联系人：王林，联系电话：0551－1234567）"),
        Some(Contact {
            name: Some("王林".into()),
            phone: Some("0551-1234567".into())
        })
    );
    assert_eq!(
        contact("联系人：刘洋；电话：0551-1234589。").and_then(|c| c.phone),
        Some("0551-1234589".into())
    );
    assert_eq!(contact("联系人要及时向上级报告情况，电话：无"), None);
    assert_eq!(contact("请各单位确定一名联系人"), None);
}

#[test]
fn headings_are_short_and_end_no_sentence_inside() {
    assert!(heading_like("总体要求"));
    assert!(heading_like("注重过程，完善经常性工作机制。"));
    assert!(!heading_like("注重过程。计生工作责任在乡镇"));
    assert!(!heading_like(""));
}
