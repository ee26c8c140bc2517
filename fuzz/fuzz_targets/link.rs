//! A link target through everything that reads one (where it points,
//! percent-decoding, joining, the rendered link and image, relative_urls);
//! panics if a path climbs out of `content/` or the output folder, or if the
//! link is not recorded as written on its line (the first byte picks the
//! page's folder and turns raw HTML on).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| placard::fuzzing::link(data));
