//! Photos made by code, for the image tests, the image benchmark and the
//! example site's pictures: a landscape with hills, clouds, a sun and a
//! building, with grain and sharp edges (so that a JPEG of it weighs what a
//! phone's does), and the metadata a phone writes put into its bytes: EXIF with
//! an orientation, a GPS position, the camera and the time; XMP with the
//! position again; IPTC with a place name; a comment.
//!
//! Included with `#[path = "support/photos.rs"] mod photos;` (it needs `image`
//! and `kamadak-exif`, nothing else).
#![allow(dead_code)]

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::metadata::Orientation;
use image::{DynamicImage, Rgb, RgbImage};

/// Where the test photos were "taken": the latitude and longitude written in
/// their EXIF and XMP (a village square in Henan).
pub(crate) const GPS: (f64, f64) = (32.1234, 114.0567);
/// The place name in their IPTC block, and the XMP's.
pub(crate) const PLACE: &str = "Xinyang Pingqiao";

/// A deterministic scene of `width` × `height`, upright; `seed` moves the hills,
/// the clouds, the sun, the building and the grain.
// 6.283 rather than TAU: the benchmark's and the example's photos were made with it.
#[allow(clippy::approx_constant)]
pub(crate) fn scene(width: u32, height: u32, seed: u64) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32
    };
    // Three hill lines, far to near, each a sum of sines with random phases.
    let ridges: Vec<Vec<f32>> = (0..3)
        .map(|layer| {
            let base = 0.45 + 0.12 * layer as f32;
            let waves: Vec<(f32, f32, f32)> = (0..5)
                .map(|k| {
                    let frequency = (k + 1) as f32 * (1.5 + random() * 2.0);
                    (frequency, random() * 6.283, 0.06 / (k + 1) as f32)
                })
                .collect();
            (0..width)
                .map(|x| {
                    let t = x as f32 / w;
                    let y: f32 = waves
                        .iter()
                        .map(|(f, phase, amplitude)| amplitude * (t * f * 6.283 + phase).sin())
                        .sum();
                    (base + y) * h
                })
                .collect()
        })
        .collect();
    let hills = [
        [96.0, 122.0, 140.0],
        [70.0, 118.0, 62.0],
        [92.0, 140.0, 48.0],
    ];
    // Texture: random fields read with smoothed bilinear interpolation, a
    // coarse one for clouds and light, finer ones for leaves and grass.
    let mut field = |cell: u32| {
        let columns = width / cell + 2;
        let values: Vec<f32> = (0..columns * (height / cell + 2))
            .map(|_| random() - 0.5)
            .collect();
        move |x: u32, y: u32| {
            let (gx, gy) = (x / cell, y / cell);
            let smooth = |f: f32| f * f * (3.0 - 2.0 * f);
            let fx = smooth((x % cell) as f32 / cell as f32);
            let fy = smooth((y % cell) as f32 / cell as f32);
            let at = |i: u32, j: u32| values[(j * columns + i) as usize];
            let top = at(gx, gy) * (1.0 - fx) + at(gx + 1, gy) * fx;
            let bottom = at(gx, gy + 1) * (1.0 - fx) + at(gx + 1, gy + 1) * fx;
            top * (1.0 - fy) + bottom * fy
        }
    };
    let coarse = field((width.min(height) / 7).max(4));
    let middle = field((width.min(height) / 25).max(4));
    let fine = field((width.min(height) / 150).max(2));
    let sun = (
        w * (0.15 + 0.7 * random()),
        h * (0.12 + 0.1 * random()),
        h * 0.05,
    );
    let house = (
        (w * (0.2 + 0.5 * random())) as u32,
        (h * 0.62) as u32,
        (w * 0.18) as u32,
        (h * 0.2) as u32,
    );
    let mut grain = seed ^ 0xA076_1D64_78BD_642F;
    RgbImage::from_fn(width, height, |x, y| {
        grain = grain
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let noise = ((grain >> 59) as f32 - 16.0) * 0.5;
        let t = y as f32 / h;
        let (light, detail) = (coarse(x, y), middle(x, y) + 0.6 * fine(x, y));
        let hill = (0..3).rev().find(|&l| y as f32 >= ridges[l][x as usize]);
        let mut colour = if let Some(layer) = hill {
            let depth = (y as f32 - ridges[layer][x as usize]) / h;
            let texture = 0.3 * detail * (0.2 + 0.4 * layer as f32);
            let shade = 1.0 + 0.5 * light + texture - 0.25 * depth;
            hills[layer].map(|c| c * shade)
        } else if ((x as f32 - sun.0).powi(2) + (y as f32 - sun.1).powi(2)).sqrt() < sun.2 {
            [255.0, 240.0, 200.0]
        } else {
            let puff = (light + 0.35 * middle(x, y) - 0.05).clamp(0.0, 0.25) * 4.0;
            let cloud = puff * puff * (3.0 - 2.0 * puff) * (150.0 - 60.0 * t);
            [
                90.0 + 110.0 * t + cloud,
                140.0 + 80.0 * t + cloud,
                220.0 + 20.0 * t + cloud,
            ]
        };
        let (hx, hy, hw, hh) = house;
        if x >= hx && x < hx + hw && y >= hy && y < hy + hh {
            let window =
                (x - hx) % (hw / 5).max(1) > hw / 12 && (y - hy) % (hh / 3).max(1) > hh / 8;
            let wall = if window {
                [60.0, 80.0, 110.0]
            } else {
                [225.0, 215.0, 196.0]
            };
            colour = wall.map(|c| c * (1.0 + 0.1 * detail + 0.2 * light));
        }
        Rgb(colour.map(|c| (c + noise).clamp(0.0, 255.0) as u8))
    })
}

/// The pixels a camera stores for an `upright` picture when it writes EXIF
/// `orientation` (1–8): turning them by the orientation gives `upright` back.
pub(crate) fn stored_for(upright: &RgbImage, orientation: u8) -> RgbImage {
    // 6 and 8 undo each other; every other orientation undoes itself.
    let inverse = match orientation {
        6 => 8,
        8 => 6,
        other => other,
    };
    let mut stored = DynamicImage::ImageRgb8(upright.clone());
    stored.apply_orientation(Orientation::from_exif(inverse).expect("orientation 1-8"));
    stored.into_rgb8()
}

pub(crate) fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .expect("encode a JPEG");
    out
}

pub(crate) fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode a PNG");
    out
}

/// A phone's JPEG of `scene(width, height, seed)`: stored turned for EXIF
/// `orientation`, quality 92, with EXIF (orientation, GPS), XMP, IPTC and a comment.
pub(crate) fn phone_jpeg(width: u32, height: u32, seed: u64, orientation: u8) -> Vec<u8> {
    let stored = stored_for(&scene(width, height, seed), orientation);
    with_jpeg_metadata(&jpeg(&stored, 92), &exif_block(orientation, Some(GPS)))
}

/// An EXIF block (TIFF bytes, as in a JPEG's APP1 after `Exif\0\0`) with an
/// orientation, a camera, a time, and a GPS position when given.
pub(crate) fn exif_block(orientation: u8, gps: Option<(f64, f64)>) -> Vec<u8> {
    let dms = |degrees: f64| {
        let minutes = degrees.fract() * 60.0;
        Value::Rational(vec![
            Rational::from((degrees as u32, 1)),
            Rational::from((minutes as u32, 1)),
            Rational::from(((minutes.fract() * 60.0 * 100.0) as u32, 100)),
        ])
    };
    let field = |tag, ifd_num, value| Field {
        tag,
        ifd_num,
        value,
    };
    let mut fields = vec![
        field(
            Tag::Orientation,
            In::PRIMARY,
            Value::Short(vec![u16::from(orientation)]),
        ),
        field(
            Tag::Make,
            In::PRIMARY,
            Value::Ascii(vec![b"Placard Test Phone".to_vec()]),
        ),
        field(
            Tag::DateTimeOriginal,
            In::PRIMARY,
            Value::Ascii(vec![b"2026:12:01 09:30:00".to_vec()]),
        ),
    ];
    if let Some((latitude, longitude)) = gps {
        fields.extend([
            field(
                Tag::GPSLatitudeRef,
                In::PRIMARY,
                Value::Ascii(vec![b"N".to_vec()]),
            ),
            field(Tag::GPSLatitude, In::PRIMARY, dms(latitude)),
            field(
                Tag::GPSLongitudeRef,
                In::PRIMARY,
                Value::Ascii(vec![b"E".to_vec()]),
            ),
            field(Tag::GPSLongitude, In::PRIMARY, dms(longitude)),
        ]);
    }
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, false).expect("write EXIF");
    out.into_inner()
}

/// An XMP packet with the GPS position and the place, as phones and photo
/// editors write it.
pub(crate) fn xmp_packet() -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" exif:GPSLatitude="32,7.404N" exif:GPSLongitude="114,3.402E" photoshop:City="{PLACE}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#
    )
}

/// A Photoshop APP13 payload with an IPTC record naming the place.
fn iptc_payload() -> Vec<u8> {
    let mut record = vec![0x1C, 2, 90];
    record.extend_from_slice(&(PLACE.len() as u16).to_be_bytes());
    record.extend_from_slice(PLACE.as_bytes());
    let mut out = b"Photoshop 3.0\0".to_vec();
    out.extend_from_slice(b"8BIM\x04\x04\0\0");
    out.extend_from_slice(&(record.len() as u32).to_be_bytes());
    out.extend_from_slice(&record);
    if record.len() % 2 == 1 {
        out.push(0);
    }
    out
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(
        &u16::try_from(payload.len() + 2)
            .expect("small")
            .to_be_bytes(),
    );
    out.extend_from_slice(payload);
    out
}

/// `jpeg` with EXIF (`exif`), XMP, IPTC and a comment put in after its header.
pub(crate) fn with_jpeg_metadata(jpeg: &[u8], exif: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8], "a JPEG");
    let mut out = jpeg[..2].to_vec();
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(exif);
    out.extend(segment(0xE1, &payload));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(xmp_packet().as_bytes());
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xED, &iptc_payload()));
    out.extend(segment(0xFE, format!("taken at {PLACE}").as_bytes()));
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// `png` with an eXIf chunk (`exif`), XMP in an iTXt chunk and a place in a
/// tEXt chunk, after its header chunk.
pub(crate) fn with_png_metadata(png: &[u8], exif: &[u8]) -> Vec<u8> {
    let after_header = 8 + 8 + 13 + 4;
    let mut out = png[..after_header].to_vec();
    out.extend(png_chunk(b"eXIf", exif));
    let mut xmp = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    xmp.extend_from_slice(xmp_packet().as_bytes());
    out.extend(png_chunk(b"iTXt", &xmp));
    out.extend(png_chunk(b"tEXt", format!("Location\0{PLACE}").as_bytes()));
    out.extend_from_slice(&png[after_header..]);
    out
}

pub(crate) fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `width` × `height` pixels, with a few bytes of
/// compressed data after it: a decompression bomb's header in 70 bytes.
pub(crate) fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &header));
    out.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x00, 0x00]));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A JPEG whose frame header claims `width` × `height` pixels.
pub(crate) fn bomb_jpeg(width: u16, height: u16) -> Vec<u8> {
    let small = jpeg(&RgbImage::new(16, 16), 80);
    let sof = small
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    let mut out = small;
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// Whether `needle` occurs in `haystack`.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
