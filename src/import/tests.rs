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
