//! A fast hash for the tables of a build that hold many short keys and are
//! only looked up: SipHash, the standard library's, is built to resist keys
//! chosen to collide, which a site's own words and paths are not.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The multiply-rotate hash rustc uses: fast for short keys (the search index's
/// words, output paths). Only for tables that are looked up, never written out
/// in their order; the keys are the site's own, so no flooding to fear.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    /// A hasher that starts from `seed` (the search index seeds a word's hash with its length).
    pub(crate) fn seeded(seed: u64) -> FxHasher {
        FxHasher(seed)
    }
}

impl Hasher for FxHasher {
    /// Eight bytes at a time, the last piece padded with zeros.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    /// A product's low bits depend only on the key's low bits, and a hash table
    /// picks its bucket from the low bits: without the rotation every pair of
    /// characters with the same second character (the low 21 bits of its key) would
    /// probe the same buckets. The high bits depend on the whole key.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Bytes in lower-case hexadecimal (the digests the build cache keeps).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 15)] as char);
    }
    out
}
