//! Numbers and strings as bytes, for the files a build keeps for itself (the
//! build cache's `codec.rs` and the search states of
//! `outputs/search/index/update.rs`): numbers as varints (seven bits a byte,
//! least significant first), strings and runs of bytes after their length.
//! Read back with every length checked, None for anything amiss, so that a
//! damaged file is never trusted.

/// `v` as a varint.
pub(crate) fn put_num(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// `bytes` after their length.
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_num(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Bytes being read back, from the front.
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// A varint.
    pub(crate) fn num(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    /// A length or a count: never more than the bytes left.
    pub(crate) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }

    /// A run of bytes written by `put_bytes`.
    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        let (bytes, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(bytes)
    }

    /// A string written by `put_bytes`.
    pub(crate) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    /// Whether every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
