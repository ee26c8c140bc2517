//! The `docx` fuzz target's harness (`fuzz/fuzz_targets/docx.rs`, through
//! `placard::fuzzing::docx`): the whole import, in memory, on any bytes.

use std::path::Path;

use crate::content::front_matter::Kind;
use crate::content::markdown;

/// A Word document → the page `placard import` writes for it.
/// The first byte picks the kind of page and how the rest is read: as the whole
/// file (bit 0 clear), or (bit 0 set) as the parts of a package made here —
/// document, styles, numbering, footnotes and the document's relationships,
/// separated by `\n@@@\n` — so that mutations reach the XML reader past the
/// zip's checksums. The page's front matter must be what `build` reads without
/// a single diagnostic, and its Markdown must render with no script.
pub(crate) fn fuzz(bytes: &[u8]) {
    let Some((&selector, rest)) = bytes.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(selector >> 1) % 4];
    let file = if selector & 1 == 0 {
        rest.to_vec()
    } else {
        package_of(rest)
    };
    let attach = ["报名表.docx".to_string(), "须知.pdf".to_string()];
    let attach = &attach[..usize::from(selector >> 3) % 3];
    let Ok(page) = super::page_text(file, kind, attach) else {
        return;
    };
    // The page as `import` places it: in its kind's section.
    let section = super::page::section_of(kind);
    let path = Path::new("content").join(section).join("fuzz.md");
    let section = Some(section).filter(|s| !s.is_empty());
    if let Err(problem) = super::check_own_page(&page, &path, section) {
        panic!("front matter with a diagnostic ({problem}):\n{page}");
    }
    let body = page.split_once("\n---\n").map_or("", |(_, body)| body);
    let resolve = |_: &str| None;
    let taken_ids = std::collections::BTreeSet::new();
    let picture = |_: &str| None;
    let context = markdown::Context {
        dir: "notices",
        resolve: &resolve,
        picture: &picture,
        unsafe_html: false,
        taken_ids: &taken_ids,
    };
    let (rendered, _) = markdown::render(body, 1, &context);
    if let Some(problem) = crate::fuzzing::script_in_html(&rendered.html) {
        panic!("{problem} in:\n{}", rendered.html);
    }
}

/// A .docx package around the parts of `bytes` (see [`fuzz`]), stored uncompressed.
pub(crate) fn package_of(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    const TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    const DOCUMENT_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdI" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.gov.cn/" TargetMode="External"/></Relationships>"#;
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let parts: Vec<&[u8]> = split(bytes, b"\n@@@\n");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/media/image1.png", PNG),
    ];
    let names = [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
        "word/_rels/document.xml.rels",
    ];
    for (name, part) in names.iter().zip(&parts) {
        entries.push((name, part));
    }
    if parts.len() < names.len() {
        entries.push(("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()));
    }
    for (name, bytes) in entries {
        if zip.start_file(name, stored).is_ok() {
            let _ = zip.write_all(bytes);
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn split<'a>(bytes: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docx_harness_packs_parts_into_a_document() {
        let document = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>关于做好防汛工作的通知</w:t></w:r></w:p><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p></w:body></w:document>"#;
        let page =
            super::super::page_text(package_of(document.as_bytes()), Kind::Notice, &[]).unwrap();
        assert!(page.contains("title: \"关于做好防汛工作的通知\""), "{page}");
        assert!(page.ends_with("## 一、总体要求\n"), "{page}");
        let mut input = vec![1u8];
        input.extend_from_slice(document.as_bytes());
        fuzz(&input);
    }
}
