//! Text encodings of content files. UTF-8 (with or without BOM) is what placard
//! reads; files that office PCs save in GBK/GB18030, Big5 or UTF-16 are recognised
//! (chardetng guesses, encoding_rs decodes strictly) so the author is told what
//! they are, and `build --transcode` can convert them to UTF-8 in place.

use crate::messages::load as say;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::create::{NewFiles, Refused};
use crate::diagnostics::Diagnostic;

/// Why bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NotUtf8 {
    /// Text in an encoding we recognise; `text` is the file decoded from it.
    Legacy {
        encoding: &'static Encoding,
        text: String,
    },
    /// Neither UTF-8 nor a recognised encoding: the offset of the first byte
    /// that is not UTF-8.
    Invalid { offset: usize },
}

/// Encodings a Chinese office PC may save a text file in. A guess outside this
/// list (windows-1252 decodes almost any bytes) is not trusted.
const KNOWN: &[&Encoding] = &[GBK, GB18030, BIG5];

/// The file's text: UTF-8 (a BOM is dropped), else what the bytes are.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, NotUtf8> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8_error = match std::str::from_utf8(without_bom) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(err) => err,
    };
    let offset = bytes.len() - without_bom.len() + utf8_error.valid_up_to();
    // Notepad's "Unicode" is UTF-16 with a BOM.
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom)
            && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(rest)
        {
            return Err(NotUtf8::Legacy {
                encoding,
                text: text.into_owned(),
            });
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    if KNOWN.contains(&guess)
        && let Some(text) = guess.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Err(NotUtf8::Legacy {
            encoding: guess,
            text: text.into_owned(),
        });
    }
    Err(NotUtf8::Invalid { offset })
}

impl NotUtf8 {
    /// What the author reads. `backup` is where `--transcode` would keep the
    /// original, for files it converts.
    pub(crate) fn diagnostic(&self, backup: Option<&Path>) -> Diagnostic {
        match self {
            NotUtf8::Legacy { encoding, .. } => {
                let name = display_name(encoding);
                Diagnostic::error(say::legacy_encoding(name)).with_hint(match backup {
                    Some(backup) => {
                        say::legacy_encoding_transcode_hint(&backup.display().to_string())
                    }
                    None => say::legacy_encoding_hint(),
                })
            }
            NotUtf8::Invalid { offset } => {
                Diagnostic::error(say::invalid_utf8(*offset)).with_hint(say::invalid_utf8_hint())
            }
        }
    }
}

/// How an encoding is called in messages: GBK text may use GB18030's
/// four-byte sequences, and encoding_rs reads both with one decoder.
pub(crate) fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GBK || encoding == GB18030 {
        "GBK/GB18030"
    } else {
        encoding.name()
    }
}

/// Where `--transcode` keeps the original bytes of `file`: `x.md` → `x.md.bak`.
/// The loader skips `*.bak` files, so backups are never published.
pub(crate) fn backup_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    file.with_file_name(name)
}

/// Rewrites `file` as UTF-8 `text`, after copying its `original` bytes to
/// `x.md.bak`. An existing backup is never overwritten; the new file is written
/// beside the old one (as `.x.md.placard-transcode`) and renamed over it, so a
/// crash leaves one or the other. Both are created new, never opened through
/// a link that is already there.
pub(crate) fn transcode_in_place(
    file: &Path,
    original: &[u8],
    text: &str,
) -> std::io::Result<PathBuf> {
    let folder = file.parent().unwrap_or(Path::new("."));
    let name = file.file_name().unwrap_or_default();
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(".placard-transcode");
    let temporary = folder.join(&temporary_name);
    // A file left by a crash is ours to replace; a link is not.
    if temporary.symlink_metadata().is_ok_and(|m| m.is_file()) {
        std::fs::remove_file(&temporary)?;
    }
    let backup = backup_path(file);
    let backup_name = backup.file_name().unwrap_or_default();
    let mut new = NewFiles::inside(folder);
    let mut made_temporary = false;
    let written = new
        .file(Path::new(&temporary_name), |converted| {
            made_temporary = true;
            converted.write_all(text.as_bytes())?;
            converted.sync_all()
        })
        .map_err(|refused| match refused {
            Refused::Exists(..) => std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} is in the way (a link?): placard writes the converted file there first",
                    temporary.display()
                ),
            ),
            other => refused_as_io(other),
        })
        .and_then(|()| {
            new.file(Path::new(backup_name), |out| {
                out.write_all(original)?;
                out.sync_all()
            })
            .map_err(refused_as_io)
        })
        .and_then(|()| std::fs::rename(&temporary, file));
    if written.is_err() && made_temporary {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map(|()| backup)
}

/// A file `transcode_in_place` could not make, as the error the system gives.
fn refused_as_io(refused: Refused) -> std::io::Error {
    match refused {
        Refused::Failed(_, err) | Refused::Exists(_, err) => err,
        // The file's own folder, which was just read.
        Refused::Link(path) | Refused::NotAFolder(path) => std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a folder", path.display()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = "---\ntitle: 关于开展计划生育技术服务人员培训的通知\ndate: 2024-03-01\n---\n\n各乡镇计划生育服务站：为提高技术服务水平，县人口和计划生育委员会决定举办培训班。\n";
    const NOTICE_TRADITIONAL: &str = "---\ntitle: 關於開展計劃生育技術服務人員培訓的通知\ndate: 2024-03-01\n---\n\n各鄉鎮計劃生育服務站：為提高技術服務水平，縣人口和計劃生育委員會決定舉辦培訓班。\n";

    #[test]
    fn utf8_with_and_without_bom_is_text() {
        assert_eq!(decode(NOTICE.as_bytes()).unwrap(), NOTICE);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), NOTICE.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), NOTICE);
    }

    #[test]
    fn gbk_and_big5_are_recognised_and_decoded() {
        let (gbk, _, _) = GBK.encode(NOTICE);
        match decode(&gbk) {
            Err(NotUtf8::Legacy { encoding, text }) => {
                assert_eq!(display_name(encoding), "GBK/GB18030");
                assert_eq!(text, NOTICE);
            }
            other => panic!("{other:?}"),
        }
        let (big5, _, _) = BIG5.encode(NOTICE_TRADITIONAL);
        match decode(&big5) {
            Err(NotUtf8::Legacy { encoding, text }) => {
                assert_eq!(encoding, BIG5);
                assert_eq!(text, NOTICE_TRADITIONAL);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_with_bom_is_recognised() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in NOTICE.encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert!(matches!(
            decode(&bytes),
            Err(NotUtf8::Legacy { encoding, .. }) if encoding == UTF_16LE
        ));
    }

    #[test]
    fn bytes_of_no_known_encoding_give_the_offset() {
        assert_eq!(
            decode(b"---\ntitle: a\xFF\xFE\x80\x00\n"),
            Err(NotUtf8::Invalid { offset: 12 })
        );
        // UTF-8 with one broken sequence is not mistaken for a legacy file.
        let mut bytes = NOTICE.as_bytes().to_vec();
        bytes.insert(40, 0xFF);
        assert!(matches!(decode(&bytes), Err(NotUtf8::Invalid { .. })));
    }
}
