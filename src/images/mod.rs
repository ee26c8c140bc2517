//! Photos for the web (SPEC §11), a leaf of the pipeline: one image's bytes
//! in, the copies to publish out — upright, resized to the configured widths, re-encoded, with every
//! EXIF, XMP and IPTC block (GPS included) left behind — and their sizes for
//! `<img width height srcset>`. Copies are cached by content hash (`cache.rs`:
//! the entries; `write::ImageCache`: the folder). `load` reads each image's
//! [`Header`] (no pixels decoded: a bomb is refused there), the model plans
//! the copies' names and sizes from it ([`copies`]) for the `<img>`, and
//! `write` (or `serve`) has them made ([`process`]) when it publishes them.
//!
//! What each input becomes:
//! - JPEG: JPEG copies at `images.quality` (baseline, 4:2:0, as libjpeg writes).
//! - PNG: PNG copies (lossless; an alpha channel is kept).
//! - WebP: decoded like a photo and published as JPEG (as PNG if it has
//!   transparency): there is no pure-Rust encoder of lossy WebP. An animated
//!   WebP is refused.
//! - GIF: published once, as it is, at its own size, without comments or XMP:
//!   resizing would drop an animation's frames, and GIF has no EXIF.
//! - SVG is not an image for this module ([`handles`] says no): the caller
//!   copies it as an attachment.
//! - HEIC, AVIF, TIFF, BMP and the rest: an error saying to export JPEG or PNG.
//!
//! The colour profile (ICC) is kept in every copy when it fits the pixels:
//! without it a wide-gamut phone photo shows dull. It names a colour space,
//! not a person or a place.

mod cache;
mod containers;

use std::io::Cursor;
use std::path::Path;

use fast_image_resize as fir;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageError, ImageReader, Limits};

use crate::config::CONFIG_FILE;
pub use crate::config::ImagesConfig;
use crate::diagnostics::Diagnostic;
pub use cache::{CacheUse, Store, entry_name};
use containers::Damage;

/// JPEG quality of an original that had to be re-encoded to stand upright (a
/// lossless JPEG rotation needs a transcoder that pure Rust does not have).
pub const ORIGINAL_QUALITY: u8 = 95;

const ANIMATED_WEBP: &str = "an animated WebP";

/// The formats placard reads, and writes (JPEG, PNG, GIF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG (`.jpg`).
    Jpeg,
    /// PNG.
    Png,
    /// GIF, published as it is.
    Gif,
    /// WebP, read only.
    WebP,
}

impl Format {
    /// The file name extension of a published file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::WebP => "webp",
        }
    }

    /// The media type (`image/jpeg`).
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::WebP => "image/webp",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
        }
    }
}

/// One file to publish: a resized copy, or the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The format of `bytes`.
    pub format: Format,
    /// The file.
    pub bytes: Vec<u8>,
}

impl Variant {
    /// `photo-960.jpg` for the copy 960 pixels wide of `photo.jpg` (stem `photo`).
    pub fn file_name(&self, stem: &str) -> String {
        copy_name(stem, self.width, self.format)
    }
}

/// The name of the copy `width` pixels wide of an image named `stem.*`:
/// `photo-960.jpg`.
pub fn copy_name(stem: &str, width: u32, format: Format) -> String {
    format!("{stem}-{width}.{}", format.extension())
}

/// What one image became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Width of the image upright, at full size.
    pub width: u32,
    /// Height of the image upright, at full size.
    pub height: u32,
    /// The copies for `srcset`, narrowest first. Each configured width smaller
    /// than the image, and the image's own width when it is narrower than the
    /// widest configured one (never upscaled): a 1200-pixel image with widths
    /// 480, 960, 1600 gives 480, 960, 1200; a 300-pixel one gives 300 alone.
    /// A GIF gives one copy, itself.
    pub copies: Vec<Variant>,
    /// The original, with `images.keep_original`: its own bytes without
    /// metadata when it was upright already, else re-encoded upright (JPEG at
    /// [`ORIGINAL_QUALITY`], PNG lossless). None for a GIF (its copy is it).
    pub original: Option<Variant>,
    /// Warnings for the reference (a source over `images.warn_bytes`).
    pub warnings: Vec<ImageProblem>,
    /// Whether the copies came from the cache.
    pub cache: CacheUse,
}

impl Processed {
    /// The widest copy.
    pub fn largest(&self) -> &Variant {
        self.copies
            .last()
            .expect("every processed image has a copy")
    }

    /// Each file to publish with its name, for an image at `name` inside its
    /// bundle: the names of [`file_names`].
    pub fn files(&self, name: &str, header: &Header) -> Vec<(String, &Variant)> {
        let stem = stem(name);
        let copies = self.copies.iter().map(|copy| (copy.file_name(stem), copy));
        let original = self.original.iter().map(|original| {
            (
                original_name(name, header.format, original.format),
                original,
            )
        });
        copies.chain(original).collect()
    }

    /// `srcset`: each copy's URL and width (`a-480.jpg 480w, a-960.jpg 960w`).
    pub fn srcset(&self, url: impl Fn(&Variant) -> String) -> String {
        self.copies
            .iter()
            .map(|copy| format!("{} {}w", url(copy), copy.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why an image was not published, or a warning about it. The caller turns
/// it into a diagnostic at the file and line of the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// The file could not be read.
    Unreadable {
        /// The system's words.
        detail: String,
    },
    /// No image format recognised in the bytes.
    NotAnImage,
    /// A format or variant placard does not publish (HEIC, TIFF, animated WebP…).
    Unsupported {
        /// What it is (`HEIC`, `an animated WebP`).
        format: String,
    },
    /// The file ends before the picture does.
    Truncated {
        /// What it claims to be.
        format: Format,
    },
    /// The bytes are not a valid image of their format.
    Corrupt {
        /// What it claims to be.
        format: Format,
        /// What the decoder found.
        detail: String,
    },
    /// More pixels than `images.max_pixels`, known from the header alone.
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// `images.max_pixels`.
        max_pixels: u64,
    },
    /// A warning: the source is bigger than `images.warn_bytes`.
    Large {
        /// The source's size.
        bytes: u64,
        /// `images.warn_bytes`.
        warn_bytes: u64,
    },
}

impl ImageProblem {
    /// False for a warning.
    pub fn is_error(&self) -> bool {
        !matches!(self, ImageProblem::Large { .. })
    }

    /// What to tell the author; `image` is the image as the Markdown names it.
    /// The caller adds the file and line of the reference.
    pub fn diagnostic(&self, image: &str) -> Diagnostic {
        use crate::messages::images as say;
        let megabytes = |bytes: u64| format!("{:.1} MB", bytes as f64 / 1e6);
        match self {
            ImageProblem::Unreadable { detail } => {
                Diagnostic::error(say::unreadable(image, detail)).with_hint(say::unreadable_hint())
            }
            ImageProblem::NotAnImage => {
                Diagnostic::error(say::not_an_image(image)).with_hint(say::not_an_image_hint())
            }
            ImageProblem::Unsupported { format } => Diagnostic::error(say::unsupported(
                image, format,
            ))
            .with_hint(if format == ANIMATED_WEBP {
                say::animated_webp_hint()
            } else {
                say::unsupported_hint()
            }),
            ImageProblem::Truncated { format } => {
                Diagnostic::error(say::truncated(image, format.name()))
                    .with_hint(say::truncated_hint())
            }
            ImageProblem::Corrupt { format, detail } => {
                Diagnostic::error(say::corrupt(image, format.name(), detail))
                    .with_hint(say::corrupt_hint())
            }
            ImageProblem::TooManyPixels {
                width,
                height,
                max_pixels,
            } => Diagnostic::error(say::too_many_pixels(
                image,
                (*width, *height),
                &format!("{:.0}", *width as f64 * *height as f64 / 1e6),
                &format!("{:.0}", *max_pixels as f64 / 1e6),
                &gigabytes(u64::from(*width) * u64::from(*height) * 4),
            ))
            .with_hint(say::too_many_pixels_hint(CONFIG_FILE)),
            ImageProblem::Large { bytes, warn_bytes } => Diagnostic::warning(say::large(
                image,
                &megabytes(*bytes),
                &megabytes(*warn_bytes),
            ))
            .with_hint(say::large_hint(CONFIG_FILE)),
        }
    }
}

fn gigabytes(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else {
        format!("{} MB", bytes / 1_000_000)
    }
}

/// Whether `path` names a picture for this module (by its extension): JPEG,
/// PNG, WebP, GIF, and the formats it refuses with a hint (HEIC, AVIF, TIFF,
/// BMP). Not SVG: that is copied as it is.
pub fn handles(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .is_some_and(|e| {
            matches!(
                e.as_str(),
                "jpg"
                    | "jpeg"
                    | "jpe"
                    | "jfif"
                    | "png"
                    | "webp"
                    | "gif"
                    | "heic"
                    | "heif"
                    | "avif"
                    | "tif"
                    | "tiff"
                    | "bmp"
            )
        })
}

/// What an image's header says, read without decoding its pixels: enough to
/// refuse it (not an image, damaged blocks, a bomb) and to plan its copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Width upright (after the EXIF orientation).
    pub width: u32,
    /// Height upright.
    pub height: u32,
    /// The format of the source.
    pub format: Format,
    /// The format of the copies: JPEG for a JPEG or an opaque WebP, PNG for a
    /// PNG or a WebP with an alpha channel, GIF for a GIF.
    pub output: Format,
}

/// Reads `source`'s header: its format, that its blocks are whole, its size
/// (a decompression bomb is refused here, before any pixel is decoded), and
/// its orientation. The problems come first; a warning (a source over
/// `images.warn_bytes`) is in the list returned with the header.
pub fn read_header(
    source: &[u8],
    settings: &ImagesConfig,
) -> Result<(Header, Vec<ImageProblem>), ImageProblem> {
    let mut warnings = Vec::new();
    if source.len() as u64 > settings.warn_bytes {
        warnings.push(ImageProblem::Large {
            bytes: source.len() as u64,
            warn_bytes: settings.warn_bytes,
        });
    }
    let format = containers::sniff(source).map_err(|name| match name {
        Some(name) => ImageProblem::Unsupported {
            format: name.to_string(),
        },
        None => ImageProblem::NotAnImage,
    })?;
    if format == Format::WebP && containers::is_animated_webp(source) {
        return Err(ImageProblem::Unsupported {
            format: ANIMATED_WEBP.to_string(),
        });
    }
    // The pixel count first (a bomb is refused whatever else is wrong);
    // when the header cannot be read, the blocks say best what is damaged.
    match check_pixels(format, source, settings.max_pixels) {
        Err(problem @ ImageProblem::TooManyPixels { .. }) => return Err(problem),
        Err(problem) => {
            containers::check(format, source).map_err(|d| damage(format, d))?;
            return Err(problem);
        }
        Ok(()) => containers::check(format, source).map_err(|d| damage(format, d))?,
    }
    let mut decoder = reader(format, source, settings.max_pixels)
        .into_decoder()
        .map_err(|err| problem(format, err))?;
    let (width, height) = decoder.dimensions();
    let turned = format != Format::Gif
        && matches!(
            decoder.orientation(),
            Ok(Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH)
        );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    let output = match format {
        Format::WebP if decoder.color_type().has_alpha() => Format::Png,
        Format::WebP => Format::Jpeg,
        other => other,
    };
    let header = Header {
        width,
        height,
        format,
        output,
    };
    Ok((header, warnings))
}

/// The copies an image with `header` gets, narrowest first: each configured
/// width smaller than the image, and the image's own width when it is
/// narrower than the widest configured one (never upscaled). A GIF gets one
/// copy, itself.
pub fn copies(header: &Header, settings: &ImagesConfig) -> Vec<(u32, u32)> {
    let (width, height) = (header.width, header.height);
    if header.format == Format::Gif {
        return vec![(width, height)];
    }
    copy_widths(width, &settings.widths)
        .into_iter()
        .map(|copy_width| {
            let copy_height = ((u64::from(height) * u64::from(copy_width) + u64::from(width) / 2)
                / u64::from(width))
            .max(1) as u32;
            (copy_width, copy_height)
        })
        .collect()
}

/// The files an image at `name` inside its bundle (`photos/a.jpg`) publishes,
/// beside where it is: its copies (`photos/a-480.jpg`, …), narrowest first,
/// then, with `images.keep_original`, the original (a WebP's as the format of
/// its copies, `photos/a.jpg`). The same names as [`Processed::files`].
pub fn file_names(name: &str, header: &Header, settings: &ImagesConfig) -> Vec<String> {
    let stem = stem(name);
    let mut names: Vec<String> = copies(header, settings)
        .into_iter()
        .map(|(width, _)| copy_name(stem, width, header.output))
        .collect();
    if settings.keep_original && header.format != Format::Gif {
        names.push(original_name(name, header.format, header.output));
    }
    names
}

/// `photos/a` of `photos/a.jpg`.
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() && !stem.ends_with('/') => stem,
        _ => name,
    }
}

/// The original keeps its name, unless it had to change format (a WebP).
fn original_name(name: &str, format: Format, output: Format) -> String {
    if format == output {
        name.to_string()
    } else {
        format!("{}.{}", stem(name), output.extension())
    }
}

/// Processes one image's bytes: the header checked ([`read_header`]), then
/// the cache, then decoding, orientation, resizing and encoding.
pub fn process(
    source: &[u8],
    settings: &ImagesConfig,
    cache: Option<&dyn Store>,
) -> Result<Processed, ImageProblem> {
    let (header, warnings) = read_header(source, settings)?;
    let (made, use_of_cache) = match cache {
        None => (make(&header, source, settings)?, CacheUse::Off),
        Some(store) => {
            cache::get_or_make(store, source, settings, || make(&header, source, settings))?
        }
    };
    Ok(Processed {
        width: made.width,
        height: made.height,
        copies: made.copies,
        original: made.original,
        warnings,
        cache: use_of_cache,
    })
}

/// What is cached for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Made {
    width: u32,
    height: u32,
    copies: Vec<Variant>,
    original: Option<Variant>,
}

/// Refuses a decompression bomb from the header alone.
fn check_pixels(format: Format, source: &[u8], max_pixels: u64) -> Result<(), ImageProblem> {
    let (width, height) = reader(format, source, max_pixels)
        .into_dimensions()
        .map_err(|err| problem(format, err))?;
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(ImageProblem::TooManyPixels {
            width,
            height,
            max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(ImageProblem::Corrupt {
            format,
            detail: "it has no pixels".to_string(),
        });
    }
    Ok(())
}

fn reader(format: Format, source: &[u8], max_pixels: u64) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(
        Cursor::new(source),
        match format {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Gif => image::ImageFormat::Gif,
            Format::WebP => image::ImageFormat::WebP,
        },
    );
    let mut limits = Limits::default();
    // Four 16-bit channels a pixel, and the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    reader
}

fn problem(format: Format, err: ImageError) -> ImageProblem {
    match err {
        ImageError::IoError(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageProblem::Truncated { format }
        }
        ImageError::Unsupported(err) => ImageProblem::Unsupported {
            format: format!("a kind of {} that cannot be decoded ({err})", format.name()),
        },
        other => {
            // "Format error decoding Jpeg: …": the format is in our message already.
            let detail = other.to_string();
            let detail = match detail.split_once(": ") {
                Some((head, rest)) if head.starts_with("Format error") => rest,
                _ => &detail,
            };
            // One line, whatever the decoder wrote.
            let detail = detail.split_whitespace().collect::<Vec<_>>().join(" ");
            ImageProblem::Corrupt {
                format,
                detail: detail.trim_matches('"').to_string(),
            }
        }
    }
}

fn damage(format: Format, damage: Damage) -> ImageProblem {
    match damage {
        Damage::Truncated => ImageProblem::Truncated { format },
        Damage::Corrupt(detail) => ImageProblem::Corrupt { format, detail },
    }
}

/// The pixels of one image, upright, in one of the four layouts the encoders take.
struct Upright {
    image: DynamicImage,
    icc: Option<Vec<u8>>,
    was_upright: bool,
}

fn make(header: &Header, source: &[u8], settings: &ImagesConfig) -> Result<Made, ImageProblem> {
    let format = header.format;
    let stripped = containers::strip(format, source).map_err(|d| damage(format, d))?;
    if format == Format::Gif {
        let (width, height) = reader(format, source, settings.max_pixels)
            .into_dimensions()
            .map_err(|err| problem(format, err))?;
        return Ok(Made {
            width,
            height,
            copies: vec![Variant {
                width,
                height,
                format,
                bytes: stripped,
            }],
            original: None,
        });
    }
    let upright = decode(format, source, settings.max_pixels)?;
    let (width, height) = (upright.image.width(), upright.image.height());
    if (width, height) != (header.width, header.height) {
        return Err(ImageProblem::Corrupt {
            format,
            detail: format!(
                "its header says {} × {} pixels, its picture is {width} × {height}",
                header.width, header.height
            ),
        });
    }
    let output = header.output;
    let copies = copies(header, settings)
        .into_iter()
        .map(|(copy_width, copy_height)| {
            let pixels = if copy_width == width {
                upright.image.clone()
            } else {
                resize(&upright.image, copy_width, copy_height)
            };
            encode(&pixels, output, settings.quality, upright.icc.as_deref())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let original = if !settings.keep_original {
        None
    } else if upright.was_upright && format != Format::WebP {
        Some(Variant {
            width,
            height,
            format,
            bytes: stripped,
        })
    } else {
        Some(encode(
            &upright.image,
            output,
            ORIGINAL_QUALITY,
            upright.icc.as_deref(),
        )?)
    };
    Ok(Made {
        width,
        height,
        copies,
        original,
    })
}

/// The widths of the copies of an image `width` pixels wide, ascending.
fn copy_widths(width: u32, configured: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = configured.iter().copied().filter(|&w| w < width).collect();
    if configured.last().is_none_or(|&widest| width <= widest) {
        widths.push(width);
    }
    widths
}

fn decode(format: Format, source: &[u8], max_pixels: u64) -> Result<Upright, ImageProblem> {
    let mut decoder = reader(format, source, max_pixels)
        .into_decoder()
        .map_err(|err| problem(format, err))?;
    // A damaged EXIF block is not worth refusing the photo for: shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|err| problem(format, err))?;
    image.apply_orientation(orientation);
    let colour = image.color();
    let grey = matches!(
        colour,
        image::ColorType::L8
            | image::ColorType::L16
            | image::ColorType::La8
            | image::ColorType::La16
    );
    let alpha = colour.has_alpha() && !fully_opaque(&image);
    let image = match (grey, alpha) {
        (true, false) => DynamicImage::ImageLuma8(image.into_luma8()),
        (true, true) => DynamicImage::ImageLumaA8(image.into_luma_alpha8()),
        (false, false) => DynamicImage::ImageRgb8(image.into_rgb8()),
        (false, true) => DynamicImage::ImageRgba8(image.into_rgba8()),
    };
    Ok(Upright {
        image,
        icc,
        was_upright: orientation == Orientation::NoTransforms,
    })
}

/// An alpha channel that hides nothing is dropped (a PNG saved with one by habit).
fn fully_opaque(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageLumaA8(i) => i.pixels().all(|p| p.0[1] == u8::MAX),
        DynamicImage::ImageRgba8(i) => i.pixels().all(|p| p.0[3] == u8::MAX),
        DynamicImage::ImageLumaA16(i) => i.pixels().all(|p| p.0[1] == u16::MAX),
        DynamicImage::ImageRgba16(i) => i.pixels().all(|p| p.0[3] == u16::MAX),
        _ => !image.color().has_alpha(),
    }
}

/// Lanczos3 through fast_image_resize (alpha premultiplied while resizing).
fn resize(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let mut resized = DynamicImage::new(width, height, image.color());
    fir::Resizer::new()
        .resize(
            image,
            &mut resized,
            &fir::ResizeOptions::new()
                .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3)),
        )
        .expect("source and destination have the same 8-bit layout");
    resized
}

fn encode(
    image: &DynamicImage,
    format: Format,
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Variant, ImageProblem> {
    let (width, height) = (image.width(), image.height());
    // An ICC profile describes one colour space: only one that fits the pixels.
    let space = if image.color().has_color() {
        b"RGB "
    } else {
        b"GRAY"
    };
    let icc = icc.filter(|icc| icc.get(16..20) == Some(space));
    let mut bytes = Vec::new();
    match format {
        Format::Jpeg => {
            let too_wide = || ImageProblem::Unsupported {
                format: format!("{width} × {height} pixels, over JPEG's 65535"),
            };
            let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
            if let Some(icc) = icc {
                encoder
                    .add_icc_profile(icc)
                    .expect("an ICC profile from a decoder fits in APP2 blocks");
            }
            let colour = match image {
                DynamicImage::ImageLuma8(_) => jpeg_encoder::ColorType::Luma,
                _ => jpeg_encoder::ColorType::Rgb,
            };
            encoder
                .encode(
                    image.as_bytes(),
                    u16::try_from(width).map_err(|_| too_wide())?,
                    u16::try_from(height).map_err(|_| too_wide())?,
                    colour,
                )
                .expect("JPEG encoding into memory of pixels of the size given");
        }
        Format::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut bytes);
            if let Some(icc) = icc {
                encoder
                    .set_icc_profile(icc.to_vec())
                    .expect("the PNG encoder takes ICC profiles");
            }
            encoder
                .write_image(image.as_bytes(), width, height, image.color().into())
                .expect("PNG encoding into memory of pixels of the size given");
        }
        Format::Gif | Format::WebP => unreachable!("GIF is never re-encoded, WebP never written"),
    }
    Ok(Variant {
        width,
        height,
        format,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_never_wider_than_the_image() {
        let widths = [480, 960, 1600];
        assert_eq!(copy_widths(4000, &widths), [480, 960, 1600]);
        assert_eq!(copy_widths(1600, &widths), [480, 960, 1600]);
        assert_eq!(copy_widths(1200, &widths), [480, 960, 1200]);
        assert_eq!(copy_widths(480, &widths), [480]);
        assert_eq!(copy_widths(300, &widths), [300]);
    }
}
