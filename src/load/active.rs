//! Content files that would run code once published: in readers' browsers on
//! the site's origin (web pages, scripts, SVG images with script) or on the web
//! server (PHP, ASP.NET, JSP, CGI, server configuration). `load` asks here
//! before it lets a file of `content/` through.

use crate::messages::{Text, load as say};
use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};
use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// Why a file of `content/` is not published.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    /// A type browsers run when it is opened from the site (`.html`, `.js`, …),
    /// as its last extension or one before it (`x.html.foo`).
    BrowserType { ext: String, last: bool },
    /// A type web servers run as a program (`.php`, `.aspx`, …), wherever it
    /// is in the name: Apache runs `x.php.jpg`.
    ServerCode { ext: String, last: bool },
    /// A file web servers read as their configuration (`web.config`).
    ServerConfig { name: String },
    /// An SVG image that would run script, or that cannot be checked; the line
    /// in the SVG where the parser saw it, when there is one.
    Svg {
        problem: SvgProblem,
        line: Option<usize>,
    },
}

/// What is wrong with an SVG image.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SvgProblem {
    /// `encoding="…"` names an encoding placard does not know.
    UnknownEncoding(String),
    /// The bytes are not valid in the file's encoding.
    Undecodable(&'static str),
    /// Not well-formed XML: the parser's words.
    NotWellFormed(String),
    /// `script` (or SVG Tiny's `handler`), in any namespace.
    Script(String),
    /// `foreignObject`, `iframe`, `object`, … in any namespace.
    Embedded(String),
    /// An `on…` attribute.
    Handler(String),
    /// A `javascript:`, `vbscript:` or `data:` URL: (attribute, scheme).
    ScriptUrl(String, &'static str),
    /// An animation (`set`, `animate`) of `href` or of an event handler.
    Animation(String),
    /// A `use` element that takes content from another file.
    ExternalUse(String),
    /// `<?xml-stylesheet?>`: a stylesheet or an XSLT program for the image.
    Stylesheet,
    /// `<!ATTLIST`: default attributes (an `onload` for every `svg`) that the
    /// browser adds and the parser does not show.
    AttributeDefaults,
}

/// Types a browser runs script in when a reader opens them from the site.
/// `.svg` is not here: an SVG image is parsed and refused only when it has script.
const BROWSER_TYPES: &[&str] = &[
    "html", "htm", "xhtml", "xht", "mht", "mhtml", "xml", "xsl", "xslt", "js", "mjs", "svgz",
];

/// Types web servers run as programs: PHP (Apache and nginx+FPM setups run
/// these), ASP and ASP.NET (IIS), JSP (Tomcat), ColdFusion, CGI and
/// server-side includes.
const SERVER_CODE: &[&str] = &[
    "php", "php3", "php4", "php5", "php6", "php7", "php8", "phtml", "pht", "phar", "phps", //
    "asp", "aspx", "ascx", "ashx", "asmx", "asa", "asax", "axd", "cshtml", "vbhtml", "svc", //
    "jsp", "jspx", "jsw", "jsv", "jspf", //
    "cfm", "cfml", "cfc", //
    "cgi", "fcgi", "pl", //
    "shtml", "shtm", "stm",
];

/// Files web servers read as configuration of the folder they are in (IIS's
/// `web.config` can make any file a program; PHP's CGI reads `php.ini` beside
/// the script). `.htaccess`, `.user.ini` and other hidden files are never
/// published at all.
const SERVER_CONFIG: &[&str] = &["web.config", "php.ini"];

/// Element names (in any namespace, any case) that run script or load another page.
const SCRIPT_ELEMENTS: &[&str] = &["script", "handler"];
const EMBEDDING_ELEMENTS: &[&str] = &[
    "foreignobject",
    "iframe",
    "frame",
    "frameset",
    "embed",
    "object",
    "applet",
    "portal",
    "fencedframe",
];
const SCRIPT_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// What refuses the file `name` (its last path segment) by name alone. The
/// browser types are left to `unsafe_html`; server code never is published.
pub(crate) fn by_name(name: &str, unsafe_html: bool) -> Option<Refusal> {
    let lower = name.to_ascii_lowercase();
    if SERVER_CONFIG.contains(&lower.trim_end_matches(['.', ' '])) {
        return Some(Refusal::ServerConfig {
            name: name.to_string(),
        });
    }
    let parts = extensions(&lower);
    let last = parts.len().saturating_sub(1);
    if let Some((at, ext)) = parts
        .iter()
        .enumerate()
        .find(|(_, e)| SERVER_CODE.contains(e))
    {
        return Some(Refusal::ServerCode {
            ext: ext.to_string(),
            last: at == last,
        });
    }
    if unsafe_html {
        return None;
    }
    parts.iter().enumerate().find_map(|(at, ext)| {
        let active = BROWSER_TYPES.contains(ext) || (*ext == "svg" && at != last);
        active.then(|| Refusal::BrowserType {
            ext: ext.to_string(),
            last: at == last,
        })
    })
}

/// Whether the file is an SVG image to be parsed (its last extension is `.svg`).
pub(crate) fn is_svg(name: &str) -> bool {
    extensions(&name.to_ascii_lowercase()).last() == Some(&"svg")
}

/// The extensions of a lower-cased file name: every part after a dot (Apache
/// reads them all), each as Windows reads it (trailing dots and spaces
/// dropped, an NTFS stream name `::$DATA` cut off).
fn extensions(lower: &str) -> Vec<&str> {
    lower
        .split('.')
        .skip(1)
        .map(|part| part.split(':').next().unwrap_or("").trim_end_matches(' '))
        .filter(|part| !part.is_empty())
        .collect()
}

/// Why the SVG image `bytes` would run script when opened from the site, or
/// cannot be checked; None for a plain image.
pub(crate) fn svg(bytes: &[u8]) -> Option<Refusal> {
    let refuse = |problem, line| Some(Refusal::Svg { problem, line });
    let text = match decode_xml(bytes) {
        Ok(text) => text,
        Err((problem, line)) => return refuse(problem, line),
    };
    let options = ParsingOptions {
        // Illustrator writes a DOCTYPE with entities for its namespaces. The
        // parser expands internal entities (so markup hidden in one is seen),
        // refuses external ones, and stops entity bombs.
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(&text, options) {
        Ok(doc) => doc,
        Err(err) => {
            let pos = err.pos();
            let words = err.to_string();
            let suffix = format!(" at {}:{}", pos.row, pos.col);
            let words = words.strip_suffix(&suffix).unwrap_or(&words).to_string();
            return refuse(SvgProblem::NotWellFormed(words), Some(pos.row as usize));
        }
    };
    // The parser skips `<!ATTLIST` declarations, but browsers add the default
    // attributes they declare: `<!ATTLIST svg onload CDATA "…">` runs.
    let prolog = &text[..doc.root_element().range().start];
    if let Some(at) = prolog.find("<!ATTLIST") {
        return refuse(SvgProblem::AttributeDefaults, Some(line_at(&text, at)));
    }
    doc.descendants().find_map(|node| {
        let (problem, at) = node_problem(node)?;
        refuse(problem, Some(doc.text_pos_at(at).row as usize))
    })
}

/// What in this node would run script, and where it is (a byte offset).
fn node_problem(node: Node) -> Option<(SvgProblem, usize)> {
    match node.node_type() {
        NodeType::PI => node
            .pi()
            .filter(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet"))
            .map(|_| (SvgProblem::Stylesheet, node.range().start)),
        NodeType::Element => element_problem(node)
            .map(|problem| (problem, node.range().start))
            .or_else(|| {
                node.attributes().find_map(|attribute| {
                    attribute_problem(node, &attribute).map(|p| (p, attribute.range().start))
                })
            }),
        _ => None,
    }
}

fn element_problem(node: Node) -> Option<SvgProblem> {
    let local = node.tag_name().name().to_ascii_lowercase();
    let name = || element_name(node);
    if SCRIPT_ELEMENTS.contains(&local.as_str()) {
        return Some(SvgProblem::Script(name()));
    }
    if EMBEDDING_ELEMENTS.contains(&local.as_str()) {
        return Some(SvgProblem::Embedded(name()));
    }
    if local == "use" {
        // `#id` is a part of this image; anything else is another document.
        let outside = node.attributes().find(|a| {
            let href = a.value().trim();
            a.name().eq_ignore_ascii_case("href") && !href.is_empty() && !href.starts_with('#')
        });
        if let Some(href) = outside {
            return Some(SvgProblem::ExternalUse(href.value().trim().to_string()));
        }
    }
    None
}

fn attribute_problem(node: Node, attribute: &roxmltree::Attribute) -> Option<SvgProblem> {
    let local = attribute.name().to_ascii_lowercase();
    let name = || attribute_name(node, attribute);
    if is_handler(&local) {
        return Some(SvgProblem::Handler(name()));
    }
    if let Some(scheme) = script_scheme(attribute.value()) {
        return Some(SvgProblem::ScriptUrl(name(), scheme));
    }
    if local == "attributename" {
        let target = attribute.value().trim();
        let target_local = target.rsplit(':').next().unwrap_or(target);
        if target_local.eq_ignore_ascii_case("href")
            || is_handler(&target_local.to_ascii_lowercase())
        {
            return Some(SvgProblem::Animation(target.to_string()));
        }
    }
    None
}

/// `onload`, `onclick`, …: any name `on` and more.
fn is_handler(lower: &str) -> bool {
    lower.len() > 2 && lower.starts_with("on")
}

/// The scheme of a URL that runs script or carries a document, as browsers
/// read it: white space and control characters anywhere are ignored.
fn script_scheme(value: &str) -> Option<&'static str> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SCRIPT_SCHEMES
        .iter()
        .copied()
        .find(|scheme| squeezed.starts_with(scheme))
}

/// The element's name as the file writes it (`svg:script`).
fn element_name(node: Node) -> String {
    let text = node.document().input_text();
    text.get(node.range().start..)
        .and_then(|tag| tag.strip_prefix('<'))
        .and_then(|tag| {
            tag.split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
        })
        .filter(|name| name.ends_with(node.tag_name().name()))
        .unwrap_or(node.tag_name().name())
        .to_string()
}

/// The attribute's name as the file writes it (`xlink:href`).
fn attribute_name(node: Node, attribute: &roxmltree::Attribute) -> String {
    node.document()
        .input_text()
        .get(attribute.range_qname())
        .filter(|name| name.ends_with(attribute.name()))
        .unwrap_or(attribute.name())
        .to_string()
}

fn line_at(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The text of an XML file, decoded as a browser decodes an SVG image served
/// without a charset: a byte order mark first, then UTF-16 recognised by its
/// first `<`, then the declaration's `encoding="…"`, else UTF-8. Every byte
/// must decode; a malformed one is refused at its line.
fn decode_xml(bytes: &[u8]) -> Result<String, (SvgProblem, Option<usize>)> {
    let (encoding, body) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        (encoding, &bytes[bom..])
    } else if bytes.starts_with(b"<\0") {
        (UTF_16LE, bytes)
    } else if bytes.starts_with(b"\0<") {
        (UTF_16BE, bytes)
    } else {
        match declared_encoding(bytes) {
            None => (UTF_8, bytes),
            Some(label) => match Encoding::for_label(label.as_bytes()) {
                Some(encoding) if encoding == REPLACEMENT => {
                    return Err((SvgProblem::UnknownEncoding(label), Some(1)));
                }
                // A UTF-16 declaration in a file whose bytes are not UTF-16
                // is read as UTF-8, as browsers do.
                Some(encoding) if encoding == UTF_16LE || encoding == UTF_16BE => (UTF_8, bytes),
                Some(encoding) => (encoding, bytes),
                None => return Err((SvgProblem::UnknownEncoding(label), Some(1))),
            },
        }
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(usize::MAX / 2);
    let mut text = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        _ => {
            let name = crate::load::encoding::display_name(encoding);
            let line = text.matches('\n').count() + 1;
            Err((SvgProblem::Undecodable(name), Some(line)))
        }
    }
}

/// The value of `encoding="…"` in an XML declaration at the very start of the
/// bytes (`<?xml version="1.0" encoding="GBK"?>`).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let declaration = bytes.strip_prefix(b"<?xml")?;
    if !declaration.first()?.is_ascii_whitespace() {
        return None;
    }
    let end = declaration.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&declaration[..end]).ok()?;
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_string())
}

impl Refusal {
    /// The error's message: what the file is, and what it would do.
    pub(crate) fn message(&self) -> Text {
        match self {
            Refusal::BrowserType { ext, last: true } => say::browser_type(ext),
            Refusal::BrowserType { ext, last: false } => say::browser_type_inside(ext),
            Refusal::ServerCode { ext, last: true } => say::server_code(ext),
            Refusal::ServerCode { ext, last: false } => say::server_code_inside(ext),
            Refusal::ServerConfig { name } => say::server_config(name),
            Refusal::Svg { problem, .. } => match problem {
                SvgProblem::UnknownEncoding(label) => say::svg_unknown_encoding(label),
                SvgProblem::Undecodable(encoding) => say::svg_undecodable(encoding),
                SvgProblem::NotWellFormed(words) => say::svg_not_well_formed(words),
                SvgProblem::Script(name) => say::svg_script(name),
                SvgProblem::Embedded(name) => say::svg_embedded(name),
                SvgProblem::Handler(name) => say::svg_handler(name),
                SvgProblem::ScriptUrl(name, scheme) => say::svg_script_url(name, scheme),
                SvgProblem::Animation(target) => say::svg_animation(target),
                SvgProblem::ExternalUse(href) => say::svg_external_use(href),
                SvgProblem::Stylesheet => say::svg_stylesheet(),
                SvgProblem::AttributeDefaults => say::svg_attribute_defaults(),
            },
        }
    }

    /// How the author gets the file published.
    pub(crate) fn hint(&self) -> Text {
        match self {
            Refusal::BrowserType { last: true, .. } => say::browser_type_hint(),
            Refusal::BrowserType { last: false, .. } => say::browser_type_inside_hint(),
            Refusal::ServerCode { .. } => say::server_code_hint(),
            Refusal::ServerConfig { .. } => say::server_config_hint(),
            Refusal::Svg { problem, .. } => match problem {
                SvgProblem::UnknownEncoding(_) | SvgProblem::Undecodable(_) => {
                    say::svg_encoding_hint()
                }
                SvgProblem::NotWellFormed(_) => say::svg_not_well_formed_hint(),
                SvgProblem::ScriptUrl(_, "data:") => say::svg_data_url_hint(),
                SvgProblem::ExternalUse(_) => say::svg_external_use_hint(),
                _ => say::svg_hint(),
            },
        }
    }

    /// The line in the file the refusal points at, if any.
    pub(crate) fn line(&self) -> Option<usize> {
        match self {
            Refusal::Svg { line, .. } => *line,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(svg: &str) -> Option<SvgProblem> {
        match super::svg(svg.as_bytes()) {
            Some(Refusal::Svg { problem, .. }) => Some(problem),
            other => other.map(|r| panic!("{r:?}")),
        }
    }

    const SVG: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

    #[test]
    fn plain_images_pass() {
        for plain in [
            format!(
                "<svg {SVG}><circle r=\"10\" fill=\"red\"/><text>onward: data: javascript:</text></svg>"
            ),
            format!(
                "<svg {SVG} xmlns:xlink=\"http://www.w3.org/1999/xlink\"><defs><path id=\"p\" d=\"M0 0\"/></defs><use xlink:href=\"#p\"/><a href=\"https://example.gov.cn/\"><text>x</text></a></svg>"
            ),
            format!(
                "<?xml version=\"1.0\" encoding=\"GBK\"?><?xpacket begin=\"\"?><svg {SVG} opacity=\"1\" offset=\"0\"><style>.a{{fill:#fff}}</style></svg>"
            ),
        ] {
            assert_eq!(problem(&plain), None, "{plain}");
        }
    }

    #[test]
    fn script_in_any_namespace_case_or_disguise_is_found() {
        let cases = [
            (
                format!(
                    "<svg {SVG} xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:script>1</svg:script></svg>"
                ),
                SvgProblem::Script("svg:script".into()),
            ),
            (
                format!("<svg {SVG} xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:iframe/></svg>"),
                SvgProblem::Embedded("h:iframe".into()),
            ),
            (
                format!("<svg {SVG}><SCRIPT/></svg>"),
                SvgProblem::Script("SCRIPT".into()),
            ),
            (
                format!("<svg {SVG} ONLOAD=\"x\"/>"),
                SvgProblem::Handler("ONLOAD".into()),
            ),
            (
                format!("<svg {SVG}><a href=\" &#x6A;ava&#9;script:x\"/></svg>"),
                SvgProblem::ScriptUrl("href".into(), "javascript:"),
            ),
            (
                format!("<svg {SVG}><image href=\"DATA:image/svg+xml,x\"/></svg>"),
                SvgProblem::ScriptUrl("href".into(), "data:"),
            ),
            (
                format!("<svg {SVG}><a><set attributeName=\"xlink:href\" to=\"#a\"/></a></svg>"),
                SvgProblem::Animation("xlink:href".into()),
            ),
            (
                format!("<svg {SVG}><use href=\"other.svg#a\"/></svg>"),
                SvgProblem::ExternalUse("other.svg#a".into()),
            ),
            (
                format!("<?xml-stylesheet href=\"a.xsl\" type=\"text/xsl\"?><svg {SVG}/>"),
                SvgProblem::Stylesheet,
            ),
            (
                format!("<!DOCTYPE svg [<!ATTLIST svg onload CDATA \"x\">]><svg {SVG}/>"),
                SvgProblem::AttributeDefaults,
            ),
            (
                format!("<!DOCTYPE svg [<!ENTITY x \"<script>1</script>\">]><svg {SVG}>&x;</svg>"),
                SvgProblem::Script("script".into()),
            ),
        ];
        for (svg, expected) in cases {
            assert_eq!(problem(&svg), Some(expected), "{svg}");
        }
    }

    #[test]
    fn encodings_are_read_as_browsers_read_them() {
        let script = format!("<svg {SVG}>\n<script>1</script></svg>");
        let utf16le: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = script.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&[0xFF, 0xFE][..], &utf16le].concat(),
            [&[0xFE, 0xFF][..], &utf16be].concat(),
            utf16le.clone(),
            utf16be,
            format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>{script}").into_bytes(),
        ] {
            assert_eq!(
                super::svg(&bytes),
                Some(Refusal::Svg {
                    problem: SvgProblem::Script("script".into()),
                    line: Some(2)
                })
            );
        }
        assert_eq!(
            problem("<?xml version='1.0' encoding='x-klingon'?><svg/>"),
            Some(SvgProblem::UnknownEncoding("x-klingon".into()))
        );
        assert!(matches!(
            super::svg(b"<svg>\n\n\xff</svg>"),
            Some(Refusal::Svg {
                problem: SvgProblem::Undecodable("UTF-8"),
                line: Some(3)
            })
        ));
    }

    #[test]
    fn server_code_is_found_in_any_part_of_the_name() {
        for name in [
            "x.php",
            "x.PHP.jpg",
            "x.php.",
            "x.aspx ",
            "a.b.jsp.png",
            "WEB.CONFIG",
        ] {
            assert!(
                matches!(
                    by_name(name, true),
                    Some(Refusal::ServerCode { .. } | Refusal::ServerConfig { .. })
                ),
                "{name}"
            );
        }
        for name in [
            "报名表.docx",
            "photo.jpg",
            "phpinfo.pdf",
            "x.svg",
            "report.2024.pdf",
        ] {
            assert_eq!(by_name(name, false), None, "{name}");
        }
        assert!(matches!(
            by_name("x.svg.png", false),
            Some(Refusal::BrowserType { last: false, .. })
        ));
        assert_eq!(by_name("x.html", true), None);
    }
}
