//! Small helpers over roxmltree for WordprocessingML: its namespaces, a
//! child or attribute by name, colours, image formats.

use roxmltree::Node;

pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(super) const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
pub(super) const MATH: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
pub(super) const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

pub(super) fn is_word(node: Node) -> bool {
    matches!(node.tag_name().namespace(), Some(W | W_STRICT))
}

pub(super) fn is_w(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && is_word(node)
}

pub(super) fn is_math(node: Node) -> bool {
    node.tag_name().namespace() == Some(MATH)
        && matches!(node.tag_name().name(), "oMath" | "oMathPara")
}

pub(super) fn is_markup_compatibility(node: Node) -> bool {
    node.tag_name().namespace() == Some(MC)
}

pub(super) fn w_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is_w(*n, name))
}

/// An attribute by its local name, whatever its namespace (`w:val`, `r:id`, `o:title`).
pub(super) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

pub(super) fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    attr(node, "val")
}

/// A toggle such as `<w:b/>`: on unless `w:val` says `0`, `false` or `off`.
pub(super) fn on(node: Node) -> bool {
    !matches!(val(node), Some("0" | "false" | "off"))
}

/// The rows of a table, through content controls and custom XML around them.
pub(super) fn rows_of<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tbl, "tr")
}

pub(super) fn cells_of<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(tr, "tc")
}

pub(super) fn wrapped<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
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
pub(super) fn is_red(color: Option<&str>) -> bool {
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
pub(super) fn red_line(shape: Node) -> bool {
    shape
        .descendants()
        .filter(|n| n.tag_name().name() == "ln")
        .flat_map(|ln| ln.descendants())
        .filter(|n| n.tag_name().name() == "srgbClr")
        .any(|c| is_red(attr(c, "val")))
}

/// What a picture is, from its first bytes: only formats every browser shows.
pub(super) fn image_format(bytes: &[u8]) -> Option<&'static str> {
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

pub(super) fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Alt text without the note Word adds to text it wrote itself.
pub(super) fn clean_alt(alt: &str) -> String {
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
