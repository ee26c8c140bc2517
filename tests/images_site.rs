//! Photos in a built site (SPEC §11, issue 25), as a reader gets them: each
//! picture of a page bundle published as copies at the configured widths
//! (never wider than the photo), upright, without a GPS position or any other
//! EXIF, XMP or IPTC in any published byte (read back with kamadak-exif); the
//! `<img>` with `srcset`, `sizes`, `width`, `height`, lazy loading; the original
//! only with `images.keep_original`; made once, then from `.placard-cache/`;
//! `check` notes the copies' paths and makes none. The photos are made here.

#[path = "support/photos.rs"]
mod photos;
mod support;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::GenericImageView;
use scraper::{Html, Selector};
use support::site::{add_to_config, build, placard, read};

const PAGE: &str = "---\ntitle: 集市通报\ndate: 2024-05-01\n---\n\n集市照片如下。\n\n\
![县城集市的广场，村民在咨询台前排队](square.jpg)\n\n\
![报名人数图表](chart.png \"报名人数\")\n";

/// A site whose notice bundle holds a phone photo stored sideways (EXIF
/// orientation 6, 900 × 600 upright, with GPS, XMP and IPTC) and a PNG chart
/// (400 × 300, with an eXIf chunk and a place in its text), copies at 160, 320
/// and 640 pixels.
fn site_with_photos() -> support::TempDir {
    let site = support::tempdir();
    let root = site.path();
    support::write_files(
        root,
        &[
            (
                "placard.yaml",
                "title: 测试站点\nbase_url: https://example.gov.cn\ndefault_language: zh\n\
                 images:\n  widths: [160, 320, 640]\n",
            ),
            ("content/notices/fair/index.md", PAGE),
        ],
    );
    let bundle = root.join("content/notices/fair");
    std::fs::write(
        bundle.join("square.jpg"),
        photos::phone_jpeg(900, 600, 3, 6),
    )
    .unwrap();
    let chart = image::DynamicImage::ImageRgb8(photos::scene(400, 300, 4));
    let chart = photos::with_png_metadata(
        &photos::png(&chart),
        &photos::exif_block(1, Some(photos::GPS)),
    );
    std::fs::write(bundle.join("chart.png"), chart).unwrap();
    site
}

fn build_ok(root: &Path) -> PathBuf {
    let (code, stderr) = build(root, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    root.join("output")
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn size_of(path: &Path) -> (u32, u32) {
    image::load_from_memory(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .dimensions()
}

/// No EXIF block for kamadak-exif, and neither the position nor the place nor
/// the camera anywhere in any file of the output.
fn assert_nothing_tells_where(output: &Path) {
    for entry in walkdir::WalkDir::new(output) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert_tells_nothing(&entry.path().display().to_string(), &bytes);
        }
    }
}

/// No EXIF (read with kamadak-exif), XMP, IPTC, place or phone in `bytes` of
/// the file `name`.
fn assert_tells_nothing(name: &str, bytes: &[u8]) {
    if name.ends_with(".jpg") || name.ends_with(".png") {
        match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
            Err(exif::Error::NotFound(_)) => {}
            Ok(found) => panic!(
                "{name}: EXIF published: {:?}",
                found.fields().map(|f| f.tag).collect::<Vec<_>>()
            ),
            Err(other) => panic!("{name}: kamadak-exif could not read it: {other}"),
        }
    }
    for needle in [
        &b"GPS"[..],
        b"Exif\0\0",
        b"xmpmeta",
        b"8BIM",
        photos::PLACE.as_bytes(),
        b"Placard Test Phone",
    ] {
        assert!(
            !photos::contains(bytes, needle),
            "{name} holds `{}`",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn a_bundles_photos_are_published_upright_at_each_width_without_where_they_were_taken() {
    let site = site_with_photos();
    let output = build_ok(site.path());
    let page = output.join("notices/fair");

    assert_eq!(
        names(&page),
        [
            "chart-160.png",
            "chart-320.png",
            "chart-400.png",
            "index.html",
            "square-160.jpg",
            "square-320.jpg",
            "square-640.jpg",
        ],
        "copies only: no original without images.keep_original"
    );
    // Upright: the photo was stored 600 × 900 and turned by EXIF.
    assert_eq!(size_of(&page.join("square-160.jpg")), (160, 107));
    assert_eq!(size_of(&page.join("square-640.jpg")), (640, 427));
    // Never upscaled: the chart is 400 wide, so its widest copy is too.
    assert_eq!(size_of(&page.join("chart-400.png")), (400, 300));
    assert_nothing_tells_where(&output);

    let html = Html::parse_document(&read(&output, "notices/fair/index.html"));
    let images: Vec<_> = html
        .select(&Selector::parse("main img").unwrap())
        .map(|img| img.value().clone())
        .collect();
    assert_eq!(images.len(), 2);
    // The page's image for social cards is the first photo's widest copy.
    let meta = |selector: &str| {
        html.select(&Selector::parse(selector).unwrap())
            .map(|m| m.value().attr("content").unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let copy = "https://example.gov.cn/notices/fair/square-640.jpg";
    assert_eq!(meta("meta[property='og:image']"), [copy]);
    assert_eq!(meta("meta[property='og:image:width']"), ["640"]);
    // `<meta name="Image">` is one of a government site's records (with
    // `government:` it is the same copy: tests/government.rs).
    assert!(meta("meta[name=Image]").is_empty());
    let attributes = |i: usize| {
        let mut attributes: Vec<(String, String)> = images[i]
            .attrs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        attributes.sort();
        attributes
    };
    let pairs = |list: &[(&str, &str)]| {
        let mut list: Vec<(String, String)> = list
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        list.sort();
        list
    };
    assert_eq!(
        attributes(0),
        pairs(&[
            ("src", "square-640.jpg"),
            (
                "srcset",
                "square-160.jpg 160w, square-320.jpg 320w, square-640.jpg 640w"
            ),
            ("sizes", "(max-width: 640px) 100vw, 640px"),
            ("width", "640"),
            ("height", "427"),
            ("alt", "县城集市的广场，村民在咨询台前排队"),
            ("loading", "lazy"),
            ("decoding", "async"),
        ])
    );
    assert_eq!(
        attributes(1),
        pairs(&[
            ("src", "chart-400.png"),
            (
                "srcset",
                "chart-160.png 160w, chart-320.png 320w, chart-400.png 400w"
            ),
            ("sizes", "(max-width: 400px) 100vw, 400px"),
            ("width", "400"),
            ("height", "300"),
            ("alt", "报名人数图表"),
            ("title", "报名人数"),
            ("loading", "lazy"),
            ("decoding", "async"),
        ])
    );
}

#[test]
fn a_poster_carries_the_pages_photo_inside_itself_and_prints_it_on_one_sheet() {
    let site = site_with_photos();
    let page = site.path().join("content/notices/fair/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen(
            "date: 2024-05-01\n",
            "date: 2024-05-01\nposter: { size: A4 }\n",
            1,
        ),
    )
    .unwrap();
    let output = build_ok(site.path());

    let poster = read(&output, "notices/fair/poster/index.html");
    let html = Html::parse_document(&poster);
    let img = Selector::parse(".photo img").unwrap();
    let shown: Vec<_> = html.select(&img).collect();
    assert_eq!(
        shown.len(),
        1,
        "the poster shows the page's first photo:\n{poster}"
    );
    let src = shown[0].value().attr("src").unwrap();
    let data = src
        .strip_prefix("data:image/jpeg;base64,")
        .unwrap_or_else(|| panic!("not inside the poster: {}", &src[..src.len().min(60)]));
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    // The published widest copy, byte for byte: upright, without EXIF or GPS.
    assert_eq!(
        bytes,
        std::fs::read(output.join("notices/fair/square-640.jpg")).unwrap()
    );
    assert_eq!(
        (
            shown[0].value().attr("width"),
            shown[0].value().attr("height")
        ),
        (Some("640"), Some("427"))
    );
    assert_tells_nothing("the poster's photo.jpg", &bytes);

    // Printed: one A4 sheet with the photo on it, and nothing else fetched.
    let server = support::StaticServer::serve(&output);
    let pdf = site.path().join("poster.pdf");
    support::print_to_pdf(&server.url("/notices/fair/poster/"), &pdf);
    assert_eq!(server.requests(), ["/notices/fair/poster/"]);
    let info = support::pdf_info(&pdf);
    assert_eq!(info.pages, 1, "{info:?}");
    assert_eq!(support::pdf_images(&pdf), [(640, 427)]);
}

#[test]
fn the_original_is_published_with_keep_original_upright_and_without_its_position() {
    let site = site_with_photos();
    add_to_config(site.path(), "  keep_original: true\n");
    let output = build_ok(site.path());
    let page = output.join("notices/fair");
    assert!(names(&page).contains(&"square.jpg".to_string()));
    assert!(names(&page).contains(&"chart.png".to_string()));
    assert_eq!(size_of(&page.join("square.jpg")), (900, 600));
    assert_eq!(size_of(&page.join("chart.png")), (400, 300));
    assert_nothing_tells_where(&output);
}

#[test]
fn photos_are_made_once_and_the_next_build_takes_them_from_the_cache() {
    let site = site_with_photos();
    let output = build_ok(site.path());
    let cache = site.path().join(".placard-cache/images");
    assert_eq!(names(&cache).len(), 2, "one entry a photo");
    let first = support::site::snapshot(&output);
    // An entry is used only for its own photo: swapped, each is made again.
    let entries = names(&cache);
    let (a, b) = (cache.join(&entries[0]), cache.join(&entries[1]));
    let bytes_a = std::fs::read(&a).unwrap();
    std::fs::write(&a, std::fs::read(&b).unwrap()).unwrap();
    std::fs::write(&b, bytes_a).unwrap();
    build_ok(site.path());
    assert_eq!(support::site::snapshot(&output), first);
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Taken from the cache: a good entry is read, not written again.
    let modified = std::fs::metadata(&a).unwrap().modified().unwrap();
    build_ok(site.path());
    assert_eq!(std::fs::metadata(&a).unwrap().modified().unwrap(), modified);
    assert_eq!(support::site::snapshot(&output), first);
}

#[cfg(unix)]
#[test]
fn the_cache_is_never_written_through_a_link() {
    let site = site_with_photos();
    let elsewhere = support::tempdir();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join(".placard-cache")).unwrap();
    let (code, stderr) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        site.path()
            .join("output/notices/fair/square-640.jpg")
            .is_file()
    );
    assert_eq!(names(elsewhere.path()), Vec::<String>::new());
    assert_eq!(
        stderr
            .matches("warning: processed photos cannot be kept")
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(".placard-cache is a symbolic link"),
        "{stderr}"
    );
}

#[test]
fn check_knows_the_copies_paths_and_makes_none() {
    let site = site_with_photos();
    let page = site.path().join("content/notices/fair/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n[大图](square-640.jpg)\n\n[原图](square.jpg)\n"),
    )
    .unwrap();
    let run = placard(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = support::site::stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    // The copy exists; the original is not published without keep_original.
    assert!(!stderr.contains("square-640.jpg"), "{stderr}");
    assert!(
        stderr.contains(
            "error: link to `square.jpg`: a photo is published as resized copies only, not as it is\n  \
             --> content/notices/fair/index.md:14\n  \
             = hint: show it as an image (![…](…)), link one of its copies (`name-960.jpg`), or set \
             `images: { keep_original: true }` in placard.yaml to publish the original (upright, without EXIF)\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("check found 1 error(s)"), "{stderr}");
    assert!(
        !site.path().join(".placard-cache").exists(),
        "check made no photo"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn a_photo_over_the_size_limit_is_published_with_a_warning_at_its_line() {
    let site = site_with_photos();
    add_to_config(site.path(), "  warn_megabytes: 1\n");
    // Noise does not compress: a PNG of 700 × 700 is over 1 MB.
    let noise = image::RgbImage::from_fn(700, 700, |x, y| {
        let n =
            (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).wrapping_mul(2_246_822_519);
        image::Rgb([(n >> 24) as u8, (n >> 16) as u8, (n >> 8) as u8])
    });
    let noise = photos::png(&image::DynamicImage::ImageRgb8(noise));
    assert!(noise.len() > 1_000_000, "{}", noise.len());
    std::fs::write(site.path().join("content/notices/fair/chart.png"), &noise).unwrap();
    let (code, stderr) = build(site.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: image `chart.png` is {:.1} MB, over images.warn_megabytes (1.0 MB)",
            noise.len() as f64 / 1e6
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/notices/fair/index.md:10"),
        "{stderr}"
    );
    assert!(
        site.path()
            .join("output/notices/fair/chart-640.png")
            .is_file()
    );
}
