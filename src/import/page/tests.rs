use super::*;

#[test]
fn periods_from_titles() {
    assert_eq!(
        period_in("某某县2024年人口和计划生育工作要点"),
        Some((Date::constant(2024, 1, 1), Date::constant(2024, 12, 31)))
    );
    assert_eq!(
        period_in("城关镇2025—2027年人口发展规划"),
        Some((Date::constant(2025, 1, 1), Date::constant(2027, 12, 31)))
    );
    assert_eq!(
        period_in("城关镇2025年至2027年人口发展规划"),
        Some((Date::constant(2025, 1, 1), Date::constant(2027, 12, 31)))
    );
    assert_eq!(period_in("人口发展规划"), None);
    assert_eq!(period_in("关于印发2024号文件的通知"), None);
}

#[test]
fn attachments_pair_by_name_then_in_order() {
    let items = vec!["进修培训报名表".to_string(), "进修人员须知".to_string()];
    let files = vec!["须知.txt".to_string(), "报名表.csv".to_string()];
    let (pairs, unmatched) = match_attachments(&items, &files);
    assert_eq!(
        pairs,
        vec![
            ("须知.txt".to_string(), "进修人员须知".to_string(), true),
            ("报名表.csv".to_string(), "进修培训报名表".to_string(), true),
        ]
    );
    assert!(unmatched.is_empty());
    let (pairs, unmatched) = match_attachments(&items, &["a.pdf".to_string()]);
    assert_eq!(
        pairs,
        vec![("a.pdf".to_string(), "进修培训报名表".to_string(), true)]
    );
    assert_eq!(unmatched, vec!["进修人员须知".to_string()]);
    let (pairs, _) = match_attachments(&[], &["名单.xlsx".to_string()]);
    assert_eq!(
        pairs,
        vec![("名单.xlsx".to_string(), "名单".to_string(), false)]
    );
}

#[test]
fn only_the_images_the_page_shows_go_into_its_bundle() {
    use super::super::docx::{Align, Block, Image};
    use super::super::layout::{Source, recognise};
    let para = |inlines: Vec<Inline>, align: Align| {
        Block::Paragraph(Paragraph {
            inlines,
            align,
            ..Paragraph::default()
        })
    };
    let image = |index: usize| Inline::Image {
        index,
        alt: "宣传栏".to_string(),
    };
    let doc = Document {
        blocks: vec![
            para(vec![image(0)], Align::Center),
            para(vec![plain("关于设立宣传栏的通知")], Align::Center),
            para(vec![plain("样式如下：")], Align::Left),
            para(vec![image(1)], Align::Center),
        ],
        images: vec![
            Image {
                bytes: b"header".to_vec(),
                extension: "png",
            },
            Image {
                bytes: b"board".to_vec(),
                extension: "jpg",
            },
        ],
        ..Document::default()
    };
    let composed = compose(
        &doc,
        &recognise(&doc),
        &Choices {
            kind: Kind::Notice,
            section_kind: Kind::Notice,
            today: Date::constant(2025, 1, 15),
            fallback_title: Found {
                value: "x".into(),
                source: Source::FileName,
            },
            attach: &[],
            source_name: "x.docx",
        },
    );
    assert_eq!(
        composed.files,
        [("image-1.jpg".to_string(), BundleFile::Image(1))]
    );
    assert!(
        composed
            .text
            .ends_with("样式如下：\n\n![宣传栏](image-1.jpg)\n"),
        "{}",
        composed.text
    );
}

#[test]
fn yaml_strings_are_quoted_safely() {
    assert_eq!(quoted("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
    assert_eq!(quoted("x\u{7}"), "\"x\\u0007\"");
}
