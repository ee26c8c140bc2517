//! The bytes around the pixels: which format a file is, whether it ends where
//! its format says it ends, and the file without its metadata blocks (for an
//! original published as it is, and for GIFs, which are never re-encoded).
//! Pixels are never touched here; the decoders in `image` do that.

use super::Format;

/// What a walk over a file's blocks found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Damage {
    /// The file ends before the format's end marker.
    Truncated,
    /// A block is not what the format allows there.
    Corrupt(String),
}

/// The format of `bytes` from their first bytes, or the name of a format that
/// placard does not publish (`Err(Some(name))`), or nothing recognised (`Err(None)`).
pub(super) fn sniff(bytes: &[u8]) -> Result<Format, Option<&'static str>> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(Format::Gif);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Format::WebP);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(Some(match &bytes[8..12] {
            b"avif" | b"avis" => "AVIF",
            _ => "HEIC",
        }));
    }
    let start = bytes.trim_ascii_start();
    if start.starts_with(b"<svg") || start.starts_with(b"<?xml") {
        return Err(Some("SVG"));
    }
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Tiff) => Err(Some("TIFF")),
        Ok(image::ImageFormat::Bmp) => Err(Some("BMP")),
        Ok(image::ImageFormat::Ico) => Err(Some("ICO")),
        Ok(image::ImageFormat::Avif) => Err(Some("AVIF")),
        Ok(image::ImageFormat::OpenExr) => Err(Some("OpenEXR")),
        Ok(image::ImageFormat::Tga) => Err(Some("TGA")),
        Ok(image::ImageFormat::Pnm) => Err(Some("PNM")),
        Ok(image::ImageFormat::Qoi) => Err(Some("QOI")),
        Ok(image::ImageFormat::Dds) => Err(Some("DDS")),
        Ok(image::ImageFormat::Hdr) => Err(Some("Radiance HDR")),
        _ => Err(None),
    }
}

/// Checks the blocks of a file of `format` and returns it without its metadata:
/// - JPEG: APP0 (JFIF), APP2 (ICC profile) and APP14 (Adobe colour transform)
///   kept; every other APPn (EXIF and XMP in APP1, the Multi-Picture index in
///   APP2, IPTC in APP13, makers' blocks) and every comment dropped, and nothing
///   after the end of the image (where phones append previews and depth maps,
///   each with its own EXIF);
/// - PNG: the pixels and the chunks that say how to show them (palette,
///   transparency, gamma, chromaticities, sRGB, ICC profile, cICP, HDR levels,
///   significant bits, background, pixel size) kept; eXIf, text (where XMP
///   lives), time, animation and private chunks dropped;
/// - GIF: comments and application blocks dropped, except the loop count
///   (NETSCAPE2.0, ANIMEXTS1.0);
/// - WebP: only checked for length (a WebP is always decoded and re-encoded).
pub(super) fn strip(format: Format, bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    match format {
        Format::Jpeg => strip_jpeg(bytes),
        Format::Png => strip_png(bytes),
        Format::Gif => strip_gif(bytes),
        Format::WebP => check_webp(bytes).map(|()| bytes.to_vec()),
    }
}

/// Checks the blocks of a file of `format`, as [`strip`] does.
pub(super) fn check(format: Format, bytes: &[u8]) -> Result<(), Damage> {
    strip(format, bytes).map(drop)
}

/// An animated WebP (VP8X with the animation flag).
pub(super) fn is_animated_webp(bytes: &[u8]) -> bool {
    bytes.len() > 20 && &bytes[12..16] == b"VP8X" && bytes[20] & 0x02 != 0
}

fn corrupt(what: &str) -> Damage {
    Damage::Corrupt(what.to_string())
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if at >= bytes.len() {
            return Err(Damage::Truncated);
        }
        if bytes[at] != 0xFF {
            return Err(corrupt("no JPEG marker where one should be"));
        }
        // Any number of 0xFF may pad a marker.
        while at + 1 < bytes.len() && bytes[at + 1] == 0xFF {
            at += 1;
        }
        let Some(&marker) = bytes.get(at + 1) else {
            return Err(Damage::Truncated);
        };
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&[0xFF, marker]);
                at += 2;
                continue;
            }
            0x00 | 0xD8 => return Err(corrupt("a JPEG marker that cannot stand here")),
            _ => {}
        }
        let Some(length) = bytes.get(at + 2..at + 4) else {
            return Err(Damage::Truncated);
        };
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 {
            return Err(corrupt("a JPEG block shorter than its own length field"));
        }
        let end = at + 2 + length;
        if end > bytes.len() {
            return Err(Damage::Truncated);
        }
        let payload = &bytes[at + 4..end];
        let keep = match marker {
            0xE0 => payload.starts_with(b"JFIF\0"),
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xEE => payload.starts_with(b"Adobe"),
            0xE1..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is neither a
            // stuffed 0xFF00 nor a restart marker.
            let mut scan = at;
            loop {
                match bytes.get(scan..scan + 2) {
                    None => return Err(Damage::Truncated),
                    Some([0xFF, next]) if !matches!(next, 0x00 | 0xFF | 0xD0..=0xD7) => break,
                    _ => scan += 1,
                }
            }
            out.extend_from_slice(&bytes[at..scan]);
            at = scan;
        }
    }
}

const PNG_KEPT: [&[u8; 4]; 15] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP",
    b"mDCV", b"cLLI", b"sBIT", b"bKGD", b"pHYs",
];

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..8]);
    let mut at = 8;
    loop {
        let Some(head) = bytes.get(at..at + 8) else {
            return Err(Damage::Truncated);
        };
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(corrupt("a PNG chunk with a name that is not letters"));
        }
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .ok_or(Damage::Truncated)?;
        if end > bytes.len() {
            return Err(Damage::Truncated);
        }
        if PNG_KEPT.iter().any(|kept| kept[..] == *kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        if kind == b"IEND" {
            return Ok(out);
        }
        at = end;
    }
}

fn strip_gif(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    let Some(screen) = bytes.get(..13) else {
        return Err(Damage::Truncated);
    };
    let mut out = Vec::with_capacity(bytes.len());
    let colour_table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 0x07) + 1)
        } else {
            0
        }
    };
    let mut at = 13 + colour_table(screen[10]);
    out.extend_from_slice(bytes.get(..at).ok_or(Damage::Truncated)?);
    // Sub-blocks (a length byte, then that many bytes) up to an empty one; the end.
    let sub_blocks = |mut at: usize| -> Result<usize, Damage> {
        loop {
            let length = *bytes.get(at).ok_or(Damage::Truncated)? as usize;
            at += 1 + length;
            if length == 0 {
                return Ok(at);
            }
        }
    };
    loop {
        match bytes.get(at) {
            None => return Err(Damage::Truncated),
            Some(0x3B) => {
                out.push(0x3B);
                return Ok(out);
            }
            Some(0x21) => {
                let label = *bytes.get(at + 1).ok_or(Damage::Truncated)?;
                let end = sub_blocks(at + 2)?;
                let block = bytes.get(at..end).ok_or(Damage::Truncated)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => {
                        block.get(3..14) == Some(b"NETSCAPE2.0")
                            || block.get(3..14) == Some(b"ANIMEXTS1.0")
                    }
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(block);
                }
                at = end;
            }
            Some(0x2C) => {
                let flags = *bytes.get(at + 9).ok_or(Damage::Truncated)?;
                // Descriptor, local colour table, LZW code size, then the data.
                let end = sub_blocks(at + 10 + colour_table(flags) + 1)?;
                out.extend_from_slice(bytes.get(at..end).ok_or(Damage::Truncated)?);
                at = end;
            }
            Some(_) => return Err(corrupt("a GIF block of no known kind")),
        }
    }
}

fn check_webp(bytes: &[u8]) -> Result<(), Damage> {
    let length = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    if bytes.len() < length.saturating_add(8) {
        return Err(Damage::Truncated);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    #[test]
    fn a_jpeg_keeps_its_frame_and_scan_and_loses_every_app_block_but_jfif_icc_adobe() {
        let kept = [
            segment(0xE0, b"JFIF\0\x01\x01"),
            segment(0xE2, b"ICC_PROFILE\0\x01\x01icc"),
            segment(0xEE, b"Adobe\0"),
            segment(0xDB, b"\0quant"),
            segment(0xC0, b"\x08frame"),
        ];
        let dropped = [
            segment(0xE1, b"Exif\0\0MM\0*GPS"),
            segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"),
            segment(0xED, b"Photoshop 3.0\08BIM"),
            segment(0xE2, b"MPF\0"),
            segment(0xFE, b"a comment"),
            segment(0xE0, b"JFXX\0thumb"),
        ];
        let scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        let mut file = vec![0xFF, 0xD8];
        let mut expected = file.clone();
        for (k, d) in kept.iter().zip(&dropped) {
            file.extend_from_slice(d);
            file.extend_from_slice(k);
            expected.extend_from_slice(k);
        }
        file.extend_from_slice(&dropped[5]);
        for part in [&segment(0xDA, b"\x01sos")[..], &scan, &[0xFF, 0xD9]] {
            file.extend_from_slice(part);
            expected.extend_from_slice(part);
        }
        file.extend_from_slice(b"\xFF\xD8 a preview with its own Exif");
        assert_eq!(strip_jpeg(&file), Ok(expected));
        let cut = &file[..file.len() - 40];
        assert_eq!(strip_jpeg(cut), Err(Damage::Truncated));
    }

    #[test]
    fn a_gif_loses_comments_and_xmp_and_keeps_its_loop_count() {
        let mut file = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
        file.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        let loop_count = b"\x21\xFF\x0bNETSCAPE2.0\x03\x01\0\0\0";
        let image = b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x4C\x01\0";
        let mut expected = file.clone();
        file.extend_from_slice(b"\x21\xFE\x05hello\0");
        file.extend_from_slice(b"\x21\xFF\x0bXMP DataXMP\x04<x:/\0");
        for part in [&loop_count[..], image, b";"] {
            file.extend_from_slice(part);
            expected.extend_from_slice(part);
        }
        assert_eq!(strip_gif(&file), Ok(expected));
        assert_eq!(strip_gif(&file[..file.len() - 1]), Err(Damage::Truncated));
    }
}
