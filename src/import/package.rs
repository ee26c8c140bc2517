//! The file as given: which kind of file it is (a .docx, an old .doc, an
//! encrypted .docx, something else), and a .docx's parts (zip entries) read
//! within limits, so that no file, however made, can fill the memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// Largest file `import` reads: Word documents with photos are a few MB.
pub(super) const MAX_FILE: u64 = 100 * 1024 * 1024;
/// Largest XML part once unpacked (a 300-page document.xml is about 5 MB).
pub(super) const MAX_XML_PART: u64 = 32 * 1024 * 1024;
/// Largest image once unpacked.
pub(super) const MAX_IMAGE: u64 = 32 * 1024 * 1024;
/// What all the parts read may unpack to together.
pub(super) const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// More entries than any Word document has: a zip of many small files is no .docx.
pub(super) const MAX_ENTRIES: usize = 10_000;
/// Elements and text nodes of one XML part (a 32 MB part has about 3 million).
pub(super) const MAX_XML_NODES: u32 = 4_000_000;

/// Why a file could not be read as a Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// An old Word 97–2003 .doc (or a WPS file saved that way).
    Doc97,
    /// A .docx protected by a password: an OLE compound file holding the encrypted package.
    Encrypted,
    /// Another Office program's file (`Excel`, `PowerPoint`), old or new.
    OtherOffice(&'static str),
    /// An OLE compound file of no kind we know.
    OtherCompound,
    Rtf,
    Pdf,
    /// OpenDocument text from LibreOffice or WPS.
    Odt,
    /// A zip that is not an Office document.
    OtherZip,
    /// Not a zip at all, nor any of the above.
    NotWord,
    /// A zip (or compound file) that cannot be read: truncated, or corrupt.
    Damaged(String),
    /// A part unpacks to more than the limit: a zip bomb, or a document far too big.
    TooBig {
        part: String,
        limit: u64,
    },
    /// An XML part that does not parse.
    BadXml {
        part: String,
        line: u32,
        column: u32,
        what: String,
    },
    /// Elements nested deeper than any document Word writes.
    TooDeep {
        part: String,
    },
}

/// A relationship of a part: `rId7` → `media/image1.png`.
#[derive(Debug, Clone)]
pub(super) struct Relationship {
    /// The last segment of the relationship type (`image`, `hyperlink`, `header`, …).
    pub kind: String,
    /// The part it points to, as a zip entry name; a URL when `external`.
    pub target: String,
    pub external: bool,
}

/// A .docx opened: its zip, and how much has been unpacked so far.
pub(super) struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    unpacked: u64,
    /// The main document part (`word/document.xml` in every file Word writes).
    pub main: String,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package").field("main", &self.main).finish()
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Package {
    /// Opens the bytes of a file as a Word document, or says what the file is instead.
    pub(super) fn open(bytes: Vec<u8>) -> Result<Package, Unreadable> {
        if bytes.starts_with(OLE_MAGIC) {
            return Err(compound_kind(bytes));
        }
        if bytes.starts_with(b"{\\rtf") {
            return Err(Unreadable::Rtf);
        }
        if bytes.starts_with(b"%PDF") {
            return Err(Unreadable::Pdf);
        }
        if !bytes.starts_with(b"PK") {
            return Err(Unreadable::NotWord);
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        if zip.len() > MAX_ENTRIES {
            return Err(Unreadable::OtherZip);
        }
        let mut package = Package {
            zip,
            unpacked: 0,
            main: String::new(),
        };
        package.main = package.find_main()?;
        Ok(package)
    }

    /// The main part named by the package relationships, checked to be a
    /// Word document by its content type.
    fn find_main(&mut self) -> Result<String, Unreadable> {
        if let Some(mimetype) = self.read("mimetype", 200)? {
            return Err(
                if mimetype.starts_with(b"application/vnd.oasis.opendocument") {
                    Unreadable::Odt
                } else {
                    Unreadable::OtherZip
                },
            );
        }
        let Some(types) = self.read("[Content_Types].xml", MAX_XML_PART)? else {
            return Err(Unreadable::OtherZip);
        };
        let rels = self.relationships("")?;
        let main = rels
            .values()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| r.target.clone())
            .unwrap_or_else(|| "word/document.xml".to_string());
        let content_type = content_type_of(&types, &main)?;
        if content_type.contains("wordprocessingml") {
            return Ok(main);
        }
        Err(if content_type.contains("spreadsheetml") {
            Unreadable::OtherOffice("Excel")
        } else if content_type.contains("presentationml") {
            Unreadable::OtherOffice("PowerPoint")
        } else {
            Unreadable::OtherZip
        })
    }

    /// A part's bytes (`None` when the package has no such part), refused
    /// when it unpacks to more than `limit` or the package to more than
    /// [`MAX_UNPACKED`]. The declared size is not trusted: reading stops at the limit.
    pub(super) fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Unreadable> {
        let too_big = |limit| Unreadable::TooBig {
            part: name.to_string(),
            limit,
        };
        let limit = limit.min(MAX_UNPACKED - self.unpacked);
        let mut entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(damaged(err)),
        };
        if entry.size() > limit {
            return Err(too_big(limit));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| Unreadable::Damaged(format!("{name}: {err}")))?;
        if bytes.len() as u64 > limit {
            return Err(too_big(limit));
        }
        self.unpacked += bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// An XML part as text (UTF-8, a byte-order mark dropped), `None` when absent.
    pub(super) fn xml(&mut self, name: &str) -> Result<Option<String>, Unreadable> {
        let Some(bytes) = self.read(name, MAX_XML_PART)? else {
            return Ok(None);
        };
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .map(<[u8]>::to_vec)
            .unwrap_or(bytes);
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Unreadable::BadXml {
                part: name.to_string(),
                line: 1,
                column: 1,
                what: "it is not UTF-8".to_string(),
            })
    }

    /// The relationships of a part (`""` for the package's own), by id, with
    /// internal targets resolved to zip entry names.
    pub(super) fn relationships(
        &mut self,
        part: &str,
    ) -> Result<HashMap<String, Relationship>, Unreadable> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.xml(&rels_name)? else {
            return Ok(HashMap::new());
        };
        let doc = parse_xml(&text, &rels_name)?;
        let mut rels = HashMap::new();
        for node in doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name((RELS, "Relationship")))
        {
            let (Some(id), Some(kind), Some(target)) = (
                node.attribute("Id"),
                node.attribute("Type"),
                node.attribute("Target"),
            ) else {
                continue;
            };
            let external = node.attribute("TargetMode") == Some("External");
            let target = if external {
                target.to_string()
            } else {
                resolve(dir, target)
            };
            rels.insert(
                id.to_string(),
                Relationship {
                    kind: kind.rsplit('/').next().unwrap_or(kind).to_string(),
                    target,
                    external,
                },
            );
        }
        Ok(rels)
    }
}

const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

/// Parses an XML part with no DTD and a bound on its size in nodes.
pub(super) fn parse_xml<'a>(
    text: &'a str,
    part: &str,
) -> Result<roxmltree::Document<'a>, Unreadable> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|err| {
        let at = err.pos();
        Unreadable::BadXml {
            part: part.to_string(),
            line: at.row,
            column: at.col,
            what: err.to_string(),
        }
    })
}

/// The content type of a part: its `Override`, else the `Default` of its extension.
fn content_type_of(types: &[u8], part: &str) -> Result<String, Unreadable> {
    let text = String::from_utf8_lossy(types);
    let doc = parse_xml(text.trim_start_matches('\u{feff}'), "[Content_Types].xml")?;
    let root = doc.root_element();
    let wanted = format!("/{part}");
    let over = root
        .children()
        .filter(|n| n.has_tag_name((TYPES, "Override")))
        .find(|n| {
            n.attribute("PartName")
                .is_some_and(|p| p.eq_ignore_ascii_case(&wanted))
        })
        .and_then(|n| n.attribute("ContentType"));
    let extension = part.rsplit_once('.').map_or("", |(_, e)| e);
    let by_default = root
        .children()
        .filter(|n| n.has_tag_name((TYPES, "Default")))
        .find(|n| {
            n.attribute("Extension")
                .is_some_and(|e| e.eq_ignore_ascii_case(extension))
        })
        .and_then(|n| n.attribute("ContentType"));
    Ok(over.or(by_default).unwrap_or_default().to_string())
}

/// `media/image1.png` seen from `word` → `word/media/image1.png`; `/x` is from
/// the package root; `..` climbs (never above the root: it is a zip entry name,
/// not a path on disk).
pub(super) fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// What an OLE compound file holds: an old Word, Excel or PowerPoint file, or
/// an encrypted Office Open XML package.
fn compound_kind(bytes: Vec<u8>) -> Unreadable {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        // Too damaged to list its streams; most such files are old .doc files.
        return Unreadable::Damaged("not a readable OLE compound file".to_string());
    };
    if file.exists("/EncryptedPackage") {
        Unreadable::Encrypted
    } else if file.exists("/WordDocument") {
        Unreadable::Doc97
    } else if file.exists("/Workbook") || file.exists("/Book") {
        Unreadable::OtherOffice("Excel")
    } else if file.exists("/PowerPoint Document") {
        Unreadable::OtherOffice("PowerPoint")
    } else {
        Unreadable::OtherCompound
    }
}

fn damaged(err: ZipError) -> Unreadable {
    Unreadable::Damaged(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "../../../etc/passwd"), "etc/passwd");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn what_is_not_a_zip_is_named() {
        assert_eq!(
            Package::open(b"{\\rtf1 x}".to_vec()).unwrap_err(),
            Unreadable::Rtf
        );
        assert_eq!(
            Package::open(b"%PDF-1.7".to_vec()).unwrap_err(),
            Unreadable::Pdf
        );
        assert_eq!(
            Package::open(b"hello".to_vec()).unwrap_err(),
            Unreadable::NotWord
        );
        assert!(matches!(
            Package::open(b"PK\x03\x04 truncated".to_vec()).unwrap_err(),
            Unreadable::Damaged(_)
        ));
    }
}
