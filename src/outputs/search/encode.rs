//! The compact text encodings the index files use, chosen so that a browser decodes
//! them with a few lines of JavaScript (`search.js` has the decoders) and so that they
//! need no escaping inside a JSON string.

/// One character carries six bits.
const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A number from 0 to 63 as one character.
pub(crate) fn push_digit(out: &mut String, d: u8) {
    debug_assert!(d < 64);
    out.push(ALPHABET[d as usize] as char);
}

/// A number as five-bit groups, least significant first; the sixth bit of a
/// character says another group follows.
pub(crate) fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as u8;
        v >>= 5;
        if v == 0 {
            push_digit(out, low);
            return;
        }
        push_digit(out, 32 | low);
    }
}

/// The bytes that [`push_json_chars`] looks at twice: control characters, `"`, `\`,
/// `<`, `>`, `&`, and 0xE2, which starts U+2028 and U+2029.
const MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    let mut i = 0;
    let others = *b"\"\\<>&\xE2";
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// `s` as a JSON string literal that is also safe inside a JavaScript file.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    push_json_chars(out, s);
    out.push('"');
}

/// The inside of [`push_json_str`]'s literal, so that a string can be written in
/// pieces. Byte by byte: everything escaped is ASCII or starts with 0xE2 (U+2028,
/// U+2029), so the rest of a UTF-8 sequence (nearly all of Chinese text) is copied
/// unlooked-at.
pub(crate) fn push_json_chars(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: skip them with one table lookup each.
        match bytes[i..].iter().position(|&b| MAY_ESCAPE[b as usize]) {
            Some(skip) => i += skip,
            None => break,
        }
        let escape = match bytes[i] {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            // `<`, `>` and `&` escaped so that no `</script>` or `<!--` can appear,
            // even if a file's text is ever inlined into a page.
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA8 => "\\u2028",
            0xE2 if bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA9 => "\\u2029",
            b if b < 0x20 => "",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[plain..i]);
        let len = if bytes[i] == 0xE2 { 3 } else { 1 };
        if escape.is_empty() {
            out.push_str(&format!("\\u{:04x}", bytes[i]));
        } else {
            out.push_str(escape);
        }
        i += len;
        plain = i;
    }
    out.push_str(&s[plain..]);
}

/// The hash that places a term in a shard. `search.js` computes the same: FNV-1a over
/// the code points, then a final mix so that the low bits spread well.
pub(crate) fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x045d_9f3b);
    h ^= h >> 16;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Vec<u32> {
        let (mut out, mut v, mut shift) = (Vec::new(), 0u64, 0);
        for b in s.bytes() {
            let d = ALPHABET.iter().position(|&a| a == b).unwrap() as u64;
            v |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                out.push(v as u32);
                (v, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn varints_round_trip() {
        let values = [0, 1, 31, 32, 1000, 1 << 20, u32::MAX];
        let mut s = String::new();
        for v in values {
            push_varint(&mut s, v);
        }
        assert_eq!(decode(&s), values);
        assert_eq!(&s[..5], "01VW1");
    }

    #[test]
    fn json_strings_round_trip() {
        let s = "a\"b\\c\nd\u{1}e\u{2028}f 中文🙂";
        let mut out = String::new();
        push_json_str(&mut out, s);
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        assert!(!out.contains('\u{2028}'));
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_json_that_no_page_can_misread(s in "(\\PC|[<>&\"\\\\\u{0}-\u{1f}\u{2028}\u{2029}\u{2027}\u{202a}])*") {
            let mut out = String::new();
            push_json_str(&mut out, &s);
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
            for raw in ['<', '>', '&', '\u{2028}', '\u{2029}', '\n'] {
                proptest::prop_assert!(!out.contains(raw), "{:?} in {:?}", raw, out);
            }
        }
    }
}
