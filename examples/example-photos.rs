//! Makes the example site's two photos (docs/example-photos/), run by
//! `scripts/example-photos`: a village square in landscape, and the same
//! county in portrait stored sideways as a phone held upright does (EXIF
//! orientation 6), both with the GPS position, XMP and IPTC a phone writes, so
//! that the example site shows placard turning them upright and stripping them.
//!
//!   cargo run --example example-photos -- FOLDER

#[path = "../tests/support/photos.rs"]
mod photos;

use std::path::PathBuf;

/// Under 1.5 MB each at 3000 × 2000.
const QUALITY: u8 = 85;

fn main() {
    let folder = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: example-photos FOLDER"),
    );
    std::fs::create_dir_all(&folder).expect("create the folder");
    for (name, width, height, seed, orientation) in [
        ("village-square.jpg", 3000, 2000, 25, 1),
        ("hillside-portrait.jpg", 2000, 3000, 11, 6),
    ] {
        let stored = photos::stored_for(&photos::scene(width, height, seed), orientation);
        let bytes = photos::with_jpeg_metadata(
            &photos::jpeg(&stored, QUALITY),
            &photos::exif_block(orientation, Some(photos::GPS)),
        );
        let path = folder.join(name);
        std::fs::write(&path, &bytes).expect("write a photo");
        println!(
            "{}: {} × {} stored, EXIF orientation {orientation}, {:.2} MB",
            path.display(),
            stored.width(),
            stored.height(),
            bytes.len() as f64 / 1e6
        );
    }
}
