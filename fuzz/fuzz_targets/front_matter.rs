//! A content file's bytes through decoding, front matter splitting and typed
//! front matter parsing (the first byte picks the section and kind).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| placard::fuzzing::front_matter(data));
