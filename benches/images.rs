//! Image benchmark (issue 25), run by `scripts/bench-images`:
//!
//!   cargo bench --bench images -- PHOTO_DIR [COUNT]
//!
//! Makes COUNT (default 200) phone photos of 12 megapixels in PHOTO_DIR if they
//! are not there yet (tests/support/photos.rs: 4000 × 3000 JPEG at quality 92,
//! half of them stored sideways with EXIF orientation 6, all with GPS, XMP and
//! IPTC), then times `process` on all (in parallel, as a build does) of them with the default
//! `images:` settings, `BENCH_RUNS` times (default 3): each run once into an
//! empty cache (a first build) and once more on the cache it filled (a
//! rebuild). Prints wall and processor time (medians), what one photo costs,
//! the bytes published at each width, and the peak memory. Then the
//! alternatives the module chose between, on one photo: image's resize
//! against fast_image_resize, image's JPEG encoder against jpeg-encoder.

#[path = "../tests/support/photos.rs"]
mod photos;
#[path = "../tests/support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use image::ImageEncoder;
use placard::ImageCache;
use placard::images::{CacheUse, ImageProblem, ImagesConfig, Processed, process};
use process::processor_time;
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        // `cargo test --all-targets` runs bench binaries too: nothing to measure then.
        eprintln!(
            "usage: cargo bench --bench images -- PHOTO_DIR [COUNT] (see scripts/bench-images)"
        );
        return;
    };
    let count: usize = args.get(1).map_or(200, |c| c.parse().expect("COUNT"));
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);

    let paths = make_photos(&dir.join("photos"), count);
    let source_bytes: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).expect("photo").len())
        .sum();
    println!(
        "{count} photos of 4000 × 3000 (12 MP), {:.0} MB of JPEG ({:.1} MB each); rayon threads: {}",
        source_bytes as f64 / 1e6,
        source_bytes as f64 / 1e6 / count as f64,
        rayon::current_num_threads()
    );
    let settings = ImagesConfig::default();
    println!(
        "settings: widths {:?}, quality {}, keep_original {}",
        settings.widths, settings.quality, settings.keep_original
    );

    let mut first = Vec::new();
    let mut cached = Vec::new();
    let mut published = None;
    for run in 0..runs {
        let cache_dir = dir.join(format!("cache-{run}"));
        let _ = std::fs::remove_dir_all(&cache_dir);
        let cache = ImageCache::new(&cache_dir);
        for (label, times) in [("first", &mut first), ("cached", &mut cached)] {
            let (wall, cpu) = (Instant::now(), processor_time());
            let results = process_all(&paths, &settings, &cache);
            let took = (wall.elapsed(), processor_time().saturating_sub(cpu));
            let expected = if label == "first" {
                CacheUse::Made
            } else {
                CacheUse::Hit
            };
            for result in &results {
                let processed = result.as_ref().expect("every photo processes");
                assert_eq!(processed.cache, expected, "{label} run");
            }
            println!(
                "run {run} {label:6}: {} wall, {} processor",
                secs(took.0),
                secs(took.1)
            );
            times.push(took);
            published.get_or_insert(results);
        }
        let _ = std::fs::remove_dir_all(&cache_dir);
    }

    println!();
    println!("| {count} photos, 12 MP | wall (median) | processor (median) | wall per photo |");
    println!("|---|---|---|---|");
    for (label, times) in [("first run (empty cache)", &first), ("cached run", &cached)] {
        let wall = median(times.iter().map(|t| t.0).collect());
        let cpu = median(times.iter().map(|t| t.1).collect());
        println!(
            "| {label} | {} | {} | {:.0} ms |",
            secs(wall),
            secs(cpu),
            wall.as_secs_f64() * 1000.0 / count as f64
        );
    }
    let published = published.expect("at least one run");
    let mut by_width: std::collections::BTreeMap<u32, (usize, u64)> = Default::default();
    for processed in published.iter().flatten() {
        for copy in &processed.copies {
            let entry = by_width.entry(copy.width).or_default();
            entry.0 += 1;
            entry.1 += copy.bytes.len() as u64;
        }
    }
    println!();
    for (width, (copies, bytes)) in by_width {
        println!(
            "copies {width} wide: {copies}, {:.0} KB each on average",
            bytes as f64 / 1e3 / copies as f64
        );
    }
    println!("peak memory: {}", peak_memory());

    compare_codecs(&paths[0]);
}

/// Makes the photos that are not in `dir` yet, in parallel.
fn make_photos(dir: &Path, count: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("photo folder");
    let paths: Vec<PathBuf> = (0..count)
        .map(|i| dir.join(format!("photo-{i:03}.jpg")))
        .collect();
    let started = Instant::now();
    let made = paths
        .par_iter()
        .enumerate()
        .filter(|(_, path)| !path.is_file())
        .map(|(i, path)| {
            // Every other photo taken upright on a phone held sideways.
            let (width, height, orientation) = if i % 2 == 0 {
                (4000, 3000, 1)
            } else {
                (3000, 4000, 6)
            };
            let bytes = photos::phone_jpeg(width, height, i as u64, orientation);
            let temporary = path.with_extension("tmp");
            std::fs::write(&temporary, bytes).expect("write a photo");
            std::fs::rename(&temporary, path).expect("rename a photo");
        })
        .count();
    if made > 0 {
        println!("made {made} photos in {}", secs(started.elapsed()));
    }
    paths
}

/// The alternatives, on one photo: what fast_image_resize and jpeg-encoder buy.
fn compare_codecs(path: &Path) {
    let source = std::fs::read(path).expect("photo");
    let decoded = image::load_from_memory(&source).expect("decodes");
    let rgb = decoded.to_rgb8();
    println!();
    println!("one photo, {} × {}:", rgb.width(), rgb.height());
    let time = |f: &mut dyn FnMut()| {
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect();
        runs.sort();
        runs[2]
    };
    let started = Instant::now();
    let _ = image::load_from_memory(&source).expect("decodes");
    println!("  decode: {:.0} ms", ms(started.elapsed()));
    for width in [1600u32, 960, 480] {
        let height = rgb.height() * width / rgb.width();
        let mut resized = None;
        let image_resize = time(&mut || {
            resized = Some(image::imageops::resize(
                &rgb,
                width,
                height,
                image::imageops::FilterType::Lanczos3,
            ));
        });
        let mut fir_resized = image::DynamicImage::new_rgb8(width, height);
        let fir_resize = time(&mut || {
            fast_image_resize::Resizer::new()
                .resize(
                    &decoded,
                    &mut fir_resized,
                    &fast_image_resize::ResizeOptions::new().resize_alg(
                        fast_image_resize::ResizeAlg::Convolution(
                            fast_image_resize::FilterType::Lanczos3,
                        ),
                    ),
                )
                .expect("resize");
        });
        let small = fir_resized.to_rgb8();
        let mut image_jpeg = Vec::new();
        let image_encode = time(&mut || {
            image_jpeg.clear();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut image_jpeg, 80)
                .write_image(
                    small.as_raw(),
                    width,
                    height,
                    image::ExtendedColorType::Rgb8,
                )
                .expect("encode");
        });
        let mut jpeg_encoder = Vec::new();
        let encoder_encode = time(&mut || {
            jpeg_encoder.clear();
            jpeg_encoder::Encoder::new(&mut jpeg_encoder, 80)
                .encode(
                    small.as_raw(),
                    width as u16,
                    height as u16,
                    jpeg_encoder::ColorType::Rgb,
                )
                .expect("encode");
        });
        println!(
            "  {width} wide: resize (Lanczos3) image {:.0} ms, fast_image_resize {:.0} ms; \
             JPEG q80 image {:.0} ms {:.0} KB (PSNR {:.2} dB), jpeg-encoder {:.0} ms {:.0} KB (PSNR {:.2} dB)",
            ms(image_resize),
            ms(fir_resize),
            ms(image_encode),
            image_jpeg.len() as f64 / 1e3,
            psnr(&small, &image_jpeg),
            ms(encoder_encode),
            jpeg_encoder.len() as f64 / 1e3,
            psnr(&small, &jpeg_encoder),
        );
    }
}

/// Peak signal-to-noise ratio of the luma of `encoded` against `reference`.
fn psnr(reference: &image::RgbImage, encoded: &[u8]) -> f64 {
    let decoded = image::load_from_memory(encoded).expect("decodes").to_rgb8();
    let luma = |p: &image::Rgb<u8>| {
        0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
    };
    let squared: f64 = reference
        .pixels()
        .zip(decoded.pixels())
        .map(|(a, b)| (luma(a) - luma(b)).powi(2))
        .sum();
    let mean = squared / f64::from(reference.width() * reference.height());
    10.0 * (255.0f64 * 255.0 / mean).log10()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or("unknown".to_string(), |v| v.trim().to_string())
}

/// Each photo read and processed, in parallel as a build does.
fn process_all(
    paths: &[PathBuf],
    settings: &ImagesConfig,
    cache: &ImageCache,
) -> Vec<Result<Processed, ImageProblem>> {
    paths
        .par_iter()
        .map(|path| {
            let source = std::fs::read(path).expect("a photo of the benchmark");
            process(&source, settings, Some(cache))
        })
        .collect()
}
