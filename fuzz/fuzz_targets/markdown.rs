//! Markdown through the whole pipeline (raw HTML policy, link rewriting, heading
//! anchors, highlighting); panics if script survives with raw HTML off (the
//! first byte's low bit turns raw HTML on).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| placard::fuzzing::markdown(data));
