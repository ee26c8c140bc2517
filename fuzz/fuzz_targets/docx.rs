//! A Word document (whole, or its parts in a package made by the target)
//! through `placard import`'s reader, layout recognition and page writer
//! (the first byte picks the kind of page and how the bytes are read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| placard::fuzzing::docx(data));
