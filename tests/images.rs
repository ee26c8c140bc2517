//! Photos published for the web (SPEC §11, issue 25): upright, resized to the
//! configured widths and never upscaled, without EXIF, XMP or IPTC — read back
//! with a real EXIF parser (kamadak-exif) — and made once, then taken from the
//! cache; bad images are errors that say what is wrong and what to do.
//! The photos are made here (tests/support/photos.rs), not committed.

#[path = "support/photos.rs"]
mod photos;

use std::io::Cursor;

use image::{GenericImageView, Rgb, RgbImage};
use placard::ImageCache;
use placard::images::{
    CacheUse, Format, ImageProblem, ImagesConfig, Processed, Store, Variant, process,
};

/// `cache` as process takes it.
fn cached(cache: &ImageCache) -> Option<&dyn Store> {
    Some(cache)
}

fn settings() -> ImagesConfig {
    ImagesConfig::default()
}

/// Smaller widths, so that small photos (quick to make and check) get three copies.
fn small_widths() -> ImagesConfig {
    ImagesConfig {
        widths: vec![160, 320, 640],
        ..settings()
    }
}

fn sizes(variants: &[Variant]) -> Vec<(u32, u32)> {
    variants.iter().map(|v| (v.width, v.height)).collect()
}

/// Every published file of `processed`, copies and original.
fn published(processed: &Processed) -> Vec<&Variant> {
    processed.copies.iter().chain(&processed.original).collect()
}

/// Asserts what a reader of the published bytes could learn: no EXIF block for
/// kamadak-exif, and none of the position, place or camera anywhere in them.
fn assert_no_metadata(variant: &Variant) {
    let label = format!("{}×{} {:?}", variant.width, variant.height, variant.format);
    match exif::Reader::new().read_from_container(&mut Cursor::new(&variant.bytes)) {
        Err(exif::Error::NotFound(_)) => {}
        // kamadak-exif reads no GIF: GIF has no EXIF (the bytes are searched below).
        Err(exif::Error::InvalidFormat(_)) if variant.format == Format::Gif => {}
        Ok(found) => panic!(
            "{label}: EXIF published: {:?}",
            found.fields().map(|f| f.tag).collect::<Vec<_>>()
        ),
        Err(other) => panic!("{label}: kamadak-exif could not read the file: {other}"),
    }
    for needle in [
        &b"Exif\0\0"[..],
        b"eXIf",
        b"GPS",
        b"http://ns.adobe.com/xap",
        b"xmpmeta",
        b"Photoshop 3.0",
        b"8BIM",
        photos::PLACE.as_bytes(),
        b"Placard Test Phone",
    ] {
        assert!(
            !photos::contains(&variant.bytes, needle),
            "{label}: `{}` is in the published bytes",
            String::from_utf8_lossy(needle)
        );
    }
}

/// The GPS latitude kamadak-exif reads in `bytes` (to show a fixture has one).
fn gps_latitude(bytes: &[u8]) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let field = exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)?;
    Some(field.display_value().to_string())
}

/// Decodes a published file, checking that its format and size are the ones stated.
fn decode(variant: &Variant) -> image::DynamicImage {
    let format = image::guess_format(&variant.bytes).expect("a known format");
    let expected = match variant.format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Gif => image::ImageFormat::Gif,
        Format::WebP => image::ImageFormat::WebP,
    };
    assert_eq!(format, expected);
    let decoded = image::load_from_memory(&variant.bytes).expect("the published file decodes");
    assert_eq!(decoded.dimensions(), (variant.width, variant.height));
    decoded
}

#[test]
fn a_phone_photo_turned_by_exif_6_is_published_upright_at_each_width_without_its_position() {
    // Stored 1800 × 1200 and turned a quarter clockwise by EXIF: 1200 × 1800 upright.
    let source = photos::phone_jpeg(1200, 1800, 1, 6);
    let stored = image::load_from_memory(&source).expect("the fixture decodes");
    assert_eq!(stored.dimensions(), (1800, 1200));
    let latitude = gps_latitude(&source).expect("the fixture has a position");
    assert!(latitude.starts_with("32 deg 7 min 24.2"), "{latitude}");

    let processed = process(&source, &settings(), None).expect("a good photo");

    assert_eq!((processed.width, processed.height), (1200, 1800));
    // 480 and 960, and the photo's own 1200 (narrower than 1600: not upscaled).
    assert_eq!(
        sizes(&processed.copies),
        [(480, 720), (960, 1440), (1200, 1800)]
    );
    assert_eq!(processed.original, None, "keep_original is off by default");
    assert!(processed.warnings.is_empty());
    for copy in &processed.copies {
        assert_eq!(copy.format, Format::Jpeg);
        decode(copy);
        assert_no_metadata(copy);
    }
    // Upright: the sky is at the top and the hills at the bottom.
    let upright = decode(&processed.copies[0]).to_rgb8();
    let (top, bottom) = (upright.get_pixel(240, 20), upright.get_pixel(240, 700));
    assert!(top[2] > 180 && top[2] > top[1], "sky at the top: {top:?}");
    assert!(bottom[1] > bottom[2], "hills at the bottom: {bottom:?}");
}

#[test]
fn every_one_of_the_eight_exif_orientations_is_undone() {
    // Four quadrants of four colours, so that any turn or mirror shows.
    let colours = [[220, 30, 30], [30, 200, 30], [30, 30, 220], [240, 240, 240]];
    let upright = RgbImage::from_fn(96, 64, |x, y| {
        Rgb(colours[usize::from(x >= 48) + 2 * usize::from(y >= 32)])
    });
    let one_width = ImagesConfig {
        widths: vec![48],
        ..settings()
    };
    for orientation in 1..=8 {
        let stored = photos::stored_for(&upright, orientation);
        let source = photos::with_jpeg_metadata(
            &photos::jpeg(&stored, 95),
            &photos::exif_block(orientation, None),
        );
        let processed = process(&source, &one_width, None).expect("a good photo");
        assert_eq!(
            sizes(&processed.copies),
            [(48, 32)],
            "orientation {orientation}"
        );
        let copy = decode(&processed.copies[0]).to_rgb8();
        for (quadrant, (x, y)) in [(12, 8), (36, 8), (12, 24), (36, 24)]
            .into_iter()
            .enumerate()
        {
            let seen = copy.get_pixel(x, y).0;
            let distance: i32 = seen
                .iter()
                .zip(colours[quadrant])
                .map(|(&a, b)| (i32::from(a) - i32::from(b)).abs())
                .sum();
            assert!(
                distance < 60,
                "orientation {orientation}: quadrant {quadrant} is {seen:?}, not {:?}",
                colours[quadrant]
            );
        }
    }
}

#[test]
fn a_png_stays_png_with_its_transparency_and_without_exif_xmp_or_text() {
    let upright = image::RgbaImage::from_fn(800, 400, |x, y| {
        image::Rgba([
            (x / 4) as u8,
            (y / 2) as u8,
            120,
            if x < 400 { 255 } else { 90 },
        ])
    });
    let source = photos::with_png_metadata(
        &photos::png(&image::DynamicImage::ImageRgba8(upright)),
        &photos::exif_block(1, Some(photos::GPS)),
    );
    assert!(
        gps_latitude(&source).is_some(),
        "the fixture has a position"
    );

    let processed = process(&source, &small_widths(), None).expect("a good PNG");

    assert_eq!(
        sizes(&processed.copies),
        [(160, 80), (320, 160), (640, 320)]
    );
    for copy in &processed.copies {
        assert_eq!(copy.format, Format::Png);
        let decoded = decode(copy).to_rgba8();
        assert_eq!(decoded.get_pixel(copy.width / 4, 10)[3], 255);
        assert_eq!(decoded.get_pixel(copy.width * 3 / 4, 10)[3], 90);
        assert_no_metadata(copy);
    }
}

#[test]
fn the_original_is_published_only_when_kept_and_then_upright_and_without_metadata() {
    let keep = ImagesConfig {
        keep_original: true,
        ..small_widths()
    };
    // Upright already: its own bytes, less the metadata blocks (same pixels).
    let source = photos::phone_jpeg(1000, 750, 2, 1);
    let processed = process(&source, &keep, None).expect("a good photo");
    let original = processed.original.as_ref().expect("kept");
    assert_eq!((original.width, original.height), (1000, 750));
    assert!(original.bytes.len() < source.len());
    assert_eq!(
        decode(original).to_rgb8(),
        image::load_from_memory(&source).unwrap().to_rgb8(),
        "the original's pixels are the source's"
    );
    // Turned by EXIF: re-encoded upright.
    let turned = photos::phone_jpeg(750, 1000, 3, 8);
    let processed_turned = process(&turned, &keep, None).expect("a good photo");
    let original_turned = processed_turned.original.as_ref().expect("kept");
    assert_eq!((original_turned.width, original_turned.height), (750, 1000));
    for processed in [&processed, &processed_turned] {
        for variant in published(processed) {
            decode(variant);
            assert_no_metadata(variant);
        }
    }
}

#[test]
fn a_damaged_image_is_an_error_that_says_which_damage_and_what_to_do() {
    let good = photos::phone_jpeg(800, 600, 4, 1);

    let mut corrupt = good.clone();
    let frame = corrupt
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("frame header");
    corrupt[frame..frame + 40].fill(0x55);
    let truncated = &good[..good.len() * 3 / 5];
    let png = photos::png(&image::DynamicImage::ImageRgb8(photos::scene(64, 48, 5)));
    let mut png_bad_crc = png.clone();
    let last_data = png_bad_crc.len() - 20;
    png_bad_crc[last_data] ^= 0xFF;
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);

    // The decoders' own words for what is corrupt are theirs: only the kind is ours.
    let corrupt_jpeg = ImageProblem::Corrupt {
        format: Format::Jpeg,
        detail: String::new(),
    };
    let corrupt_png = ImageProblem::Corrupt {
        format: Format::Png,
        detail: String::new(),
    };
    let cases: [(&str, &[u8], ImageProblem); 6] = [
        ("corrupt.jpg", &corrupt, corrupt_jpeg),
        (
            "truncated.jpg",
            truncated,
            ImageProblem::Truncated {
                format: Format::Jpeg,
            },
        ),
        (
            "truncated.png",
            &png[..png.len() / 2],
            ImageProblem::Truncated {
                format: Format::Png,
            },
        ),
        (
            "notes.jpg",
            b"minutes of the meeting",
            ImageProblem::NotAnImage,
        ),
        (
            "iphone.heic",
            &heic,
            ImageProblem::Unsupported {
                format: "HEIC".to_string(),
            },
        ),
        ("crc.png", &png_bad_crc, corrupt_png),
    ];
    for (name, bytes, expected) in cases {
        let problem = process(bytes, &settings(), None).expect_err(name);
        match (&problem, &expected) {
            (
                ImageProblem::Corrupt { format, detail },
                ImageProblem::Corrupt {
                    format: expected, ..
                },
            ) => {
                assert_eq!(format, expected, "{name}");
                assert!(!detail.is_empty(), "{name}");
                assert!(!detail.contains("Format error"), "{name}: {detail}");
            }
            _ => assert_eq!(problem, expected, "{name}"),
        }
        assert!(problem.is_error());
    }
}

#[test]
fn what_the_author_reads_names_the_image_the_damage_and_the_fix() {
    let shown = |problem: ImageProblem| {
        let mut diagnostic = problem.diagnostic("photos/square.jpg");
        diagnostic.file = Some("content/notices/fair/index.md".into());
        diagnostic.line = Some(7);
        diagnostic.to_string()
    };
    assert_eq!(
        shown(ImageProblem::Truncated {
            format: Format::Jpeg
        }),
        "error: image `photos/square.jpg` is cut short: the JPEG file ends before the picture does\n  \
         --> content/notices/fair/index.md:7\n  \
         = hint: copy it again from the camera, phone or message it came from (the copy was probably interrupted)\n"
    );
    assert_eq!(
        shown(ImageProblem::Unsupported {
            format: "HEIC".to_string()
        }),
        "error: image `photos/square.jpg` is HEIC, which placard does not publish\n  \
         --> content/notices/fair/index.md:7\n  \
         = hint: open it in an image editor or a phone's gallery and save or export it as JPEG (a photo) or PNG (a drawing or screenshot)\n"
    );
    assert_eq!(
        shown(ImageProblem::TooManyPixels {
            width: 100_000,
            height: 100_000,
            max_pixels: 120_000_000
        }),
        "error: image `photos/square.jpg` is 100000 × 100000 pixels (10000 megapixels), over the limit of 120: decoding it would take 40.0 GB of memory\n  \
         --> content/notices/fair/index.md:7\n  \
         = hint: resize it to at most 4000 pixels wide before adding it, or, if it really is that large, raise images.max_megapixels in placard.yaml\n"
    );
    assert_eq!(
        shown(ImageProblem::Large {
            bytes: 14_200_000,
            warn_bytes: 10_000_000
        }),
        "warning: image `photos/square.jpg` is 14.2 MB, over images.warn_megabytes (10.0 MB): every build without a cache reads and decodes all of it\n  \
         --> content/notices/fair/index.md:7\n  \
         = hint: export it smaller (4000 pixels wide and JPEG quality 90 are plenty: readers see at most the widest copy), or raise images.warn_megabytes in placard.yaml\n"
    );
    assert_eq!(
        shown(ImageProblem::NotAnImage),
        "error: `photos/square.jpg` is not an image placard can read (JPEG, PNG, WebP or GIF)\n  \
         --> content/notices/fair/index.md:7\n  \
         = hint: if it opens in an image viewer, save or export it as JPEG (a photo) or PNG (a drawing or screenshot) from there; if not, the file is damaged: copy it again from where it came from\n"
    );
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // 10 gigapixels in 70 bytes; 60000 × 60000 in a JPEG of 16 × 16.
    let png = photos::bomb_png(100_000, 100_000);
    assert!(png.len() < 100);
    assert_eq!(
        process(&png, &settings(), None),
        Err(ImageProblem::TooManyPixels {
            width: 100_000,
            height: 100_000,
            max_pixels: 120_000_000
        })
    );
    let jpeg = photos::bomb_jpeg(60_000, 60_000);
    assert_eq!(
        process(&jpeg, &settings(), None),
        Err(ImageProblem::TooManyPixels {
            width: 60_000,
            height: 60_000,
            max_pixels: 120_000_000
        })
    );
    // The limit is the configured one: a photo over it is refused too.
    let photo = photos::phone_jpeg(400, 300, 6, 1);
    let small_limit = ImagesConfig {
        max_pixels: 100_000,
        ..settings()
    };
    assert!(matches!(
        process(&photo, &small_limit, None),
        Err(ImageProblem::TooManyPixels {
            width: 400,
            height: 300,
            ..
        })
    ));
}

#[test]
fn an_image_over_the_size_limit_is_published_with_a_warning() {
    let source = photos::phone_jpeg(400, 300, 7, 1);
    let limit = source.len() as u64 - 1;
    let strict = ImagesConfig {
        warn_bytes: limit,
        ..settings()
    };
    let processed = process(&source, &strict, None).expect("published all the same");
    assert_eq!(
        processed.warnings,
        [ImageProblem::Large {
            bytes: source.len() as u64,
            warn_bytes: limit
        }]
    );
    assert!(!processed.warnings[0].is_error());
    assert_eq!(sizes(&processed.copies), [(400, 300)]);
}

#[test]
fn a_gif_is_published_once_as_it_is_without_comments() {
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode_frame(image::Frame::new(image::RgbaImage::from_pixel(
            40,
            30,
            image::Rgba([200, 10, 10, 255]),
        )))
        .expect("encode a GIF");
    // A comment block just after the screen descriptor and colour table.
    let trailer = gif.len() - 1;
    gif.splice(trailer..trailer, *b"\x21\xFE\x10Xinyang Pingqiao\0");
    let processed = process(&gif, &settings(), None).expect("a good GIF");
    assert_eq!(sizes(&processed.copies), [(40, 30)]);
    assert_eq!(processed.copies[0].format, Format::Gif);
    assert_eq!(processed.copies[0].bytes.len(), gif.len() - 20);
    decode(&processed.copies[0]);
    assert_no_metadata(&processed.copies[0]);
}

#[test]
fn a_webp_is_published_as_jpeg_or_as_png_when_it_has_transparency() {
    let webp = |image: image::DynamicImage| {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::WebP)
            .expect("encode a WebP");
        out
    };
    let opaque = webp(image::DynamicImage::ImageRgb8(photos::scene(400, 300, 11)));
    let processed = process(&opaque, &small_widths(), None).expect("a good WebP");
    assert_eq!(
        sizes(&processed.copies),
        [(160, 120), (320, 240), (400, 300)]
    );
    assert!(processed.copies.iter().all(|c| c.format == Format::Jpeg));
    let see_through = webp(image::DynamicImage::ImageRgba8(
        image::RgbaImage::from_pixel(200, 100, image::Rgba([10, 20, 30, 128])),
    ));
    let processed = process(&see_through, &small_widths(), None).expect("a good WebP");
    assert_eq!(sizes(&processed.copies), [(160, 80), (200, 100)]);
    for copy in &processed.copies {
        assert_eq!(copy.format, Format::Png);
        assert_eq!(decode(copy).to_rgba8().get_pixel(5, 5)[3], 128);
    }
    // An animation (VP8X with the animation flag) is refused, not flattened.
    let mut animated = b"RIFF\x16\0\0\0WEBPVP8X\x0a\0\0\0\x02\0\0\0".to_vec();
    animated.extend_from_slice(&[99, 0, 0, 99, 0, 0]);
    assert_eq!(
        process(&animated, &settings(), None),
        Err(ImageProblem::Unsupported {
            format: "an animated WebP".to_string()
        })
    );
}

#[test]
fn copies_are_made_once_then_taken_from_the_cache_and_a_damaged_entry_is_made_again() {
    let folder = tempfile::tempdir().expect("temp dir");
    let cache = ImageCache::new(folder.path());
    let source = photos::phone_jpeg(500, 400, 8, 6);
    let settings = small_widths();

    let first = process(&source, &settings, cached(&cache)).expect("a good photo");
    assert_eq!(first.cache, CacheUse::Made);
    let entry = cache.entry_path(&source, &settings);
    assert!(entry.starts_with(folder.path().join(".placard-cache/images")));
    assert!(entry.is_file());

    let second = process(&source, &settings, cached(&cache)).expect("a good photo");
    assert_eq!(second.cache, CacheUse::Hit);
    assert_eq!(second.copies, first.copies);

    // One byte of a copy changed, the entry cut short, or another file put in
    // its place: never used, made again, and stored right.
    let good_entry = std::fs::read(&entry).unwrap();
    let mut flipped = good_entry.clone();
    flipped[good_entry.len() / 2] ^= 0x01;
    let other_photo = photos::phone_jpeg(200, 150, 9, 1);
    process(&other_photo, &settings, cached(&cache)).unwrap();
    let foreign = std::fs::read(cache.entry_path(&other_photo, &settings)).unwrap();
    for damaged in [
        flipped,
        good_entry[..good_entry.len() - 100].to_vec(),
        foreign,
        Vec::new(),
    ] {
        std::fs::write(&entry, damaged).unwrap();
        let again = process(&source, &settings, cached(&cache)).expect("a good photo");
        assert_eq!(again.cache, CacheUse::Remade);
        assert_eq!(again.copies, first.copies);
        assert_eq!(std::fs::read(&entry).unwrap(), good_entry);
    }

    // Settings that change the output are part of the key.
    let other_quality = ImagesConfig {
        quality: 60,
        ..settings.clone()
    };
    let recoded = process(&source, &other_quality, cached(&cache)).unwrap();
    assert_eq!(recoded.cache, CacheUse::Made);
    assert!(recoded.copies[0].bytes.len() < first.copies[0].bytes.len());
    let kept = ImagesConfig {
        keep_original: true,
        ..settings.clone()
    };
    let with_original = process(&source, &kept, cached(&cache)).unwrap();
    assert_eq!(with_original.cache, CacheUse::Made);
    assert!(with_original.original.is_some());
    assert_eq!(
        process(&source, &kept, cached(&cache)).unwrap().original,
        with_original.original
    );
    // Nothing but entries in the cache folder.
    let names: Vec<String> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().all(|n| n.len() == 64), "{names:?}");
}

#[test]
fn srcset_lists_each_copy_with_its_width() {
    let processed = process(&photos::phone_jpeg(1200, 900, 10, 1), &settings(), None).unwrap();
    assert_eq!(
        processed.srcset(|copy| format!("/notices/fair/{}", copy.file_name("square"))),
        "/notices/fair/square-480.jpg 480w, /notices/fair/square-960.jpg 960w, /notices/fair/square-1200.jpg 1200w"
    );
    assert_eq!(processed.largest().width, 1200);
}
