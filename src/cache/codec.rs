//! A compact binary form for what the build cache keeps of typed values
//! (`front_matter.rs`): numbers as varints, strings with their length, read
//! back with every length and value checked (None for anything amiss, and
//! the cache's entry is then not trusted). Twenty thousand front matters are
//! read back in a few milliseconds, where JSON would take a tenth of a second.
//!
//! Each type lists its fields once (`coded!`), destructured in full: a field
//! added to a type is a compile error here until the cache keeps it too.

use std::path::PathBuf;

use std::collections::BTreeMap;

use jiff::civil::{Date, Time};

use crate::messages::Text;

/// A value that the cache writes as bytes and reads back.
pub(super) trait Code: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader<'_>) -> Option<Self>;
}

pub(super) use crate::binary::{Reader, put_bytes, put_num};

impl Code for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, *self);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        r.num()
    }
}

impl Code for usize {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, *self as u64);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        usize::try_from(r.num()?).ok()
    }
}

impl Code for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        u32::try_from(r.num()?).ok()
    }
}

impl Code for u16 {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        u16::try_from(r.num()?).ok()
    }
}

impl Code for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        // Zigzag: small negative numbers stay short.
        put_num(out, ((*self << 1) ^ (*self >> 63)) as u64);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let v = r.num()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

impl Code for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        match r.num()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Code for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let (bytes, rest) = r.0.split_first_chunk::<8>()?;
        r.0 = rest;
        Some(f64::from_le_bytes(*bytes))
    }
}

impl Code for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        r.str().map(str::to_string)
    }
}

/// A path as UTF-8 (a value holding any other path is not kept: `encodable`).
impl Code for PathBuf {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.to_string_lossy().as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        r.str().map(PathBuf::from)
    }
}

impl<T: Code> Code for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        match r.num()? {
            0 => Some(None),
            1 => Some(Some(T::take(r)?)),
            _ => None,
        }
    }
}

impl<T: Code> Code for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, self.len() as u64);
        for value in self {
            value.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        // Every value takes a byte at least.
        let n = r.len()?;
        (0..n).map(|_| T::take(r)).collect()
    }
}

impl<A: Code, B: Code> Code for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some((A::take(r)?, B::take(r)?))
    }
}

impl<A: Code, B: Code, C: Code> Code for (A, B, C) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some((A::take(r)?, B::take(r)?, C::take(r)?))
    }
}

impl<K: Code + Ord, V: Code> Code for BTreeMap<K, V> {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, self.len() as u64);
        for (key, value) in self {
            key.put(out);
            value.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let n = r.len()?;
        (0..n).map(|_| Some((K::take(r)?, V::take(r)?))).collect()
    }
}

impl Code for u8 {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        u8::try_from(r.num()?).ok()
    }
}

/// A message in both languages.
impl Code for Text {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.zh().as_bytes());
        put_bytes(out, self.en().as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let zh = r.str()?.to_string();
        let en = r.str()?.to_string();
        Some(Text::new(zh, en))
    }
}

impl Code for Date {
    fn put(&self, out: &mut Vec<u8>) {
        i64::from(self.year()).put(out);
        put_num(out, self.month() as u64);
        put_num(out, self.day() as u64);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let year = i16::try_from(i64::take(r)?).ok()?;
        let month = i8::try_from(r.num()?).ok()?;
        let day = i8::try_from(r.num()?).ok()?;
        Date::new(year, month, day).ok()
    }
}

impl Code for Time {
    fn put(&self, out: &mut Vec<u8>) {
        put_num(out, self.hour() as u64);
        put_num(out, self.minute() as u64);
        put_num(out, self.second() as u64);
        put_num(out, self.subsec_nanosecond() as u64);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let hour = i8::try_from(r.num()?).ok()?;
        let minute = i8::try_from(r.num()?).ok()?;
        let second = i8::try_from(r.num()?).ok()?;
        let nanos = i32::try_from(r.num()?).ok()?;
        Time::new(hour, minute, second, nanos).ok()
    }
}

/// `Code` for a struct, field by field in the order listed: every field must
/// be listed (the struct is destructured and built in full).
macro_rules! coded {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::cache::codec::Code for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $( $crate::cache::codec::Code::put($field, out); )*
            }
            fn take(r: &mut $crate::cache::codec::Reader<'_>) -> Option<Self> {
                Some($ty { $($field: $crate::cache::codec::Code::take(r)?),* })
            }
        }
    };
}
pub(super) use coded;

/// `Code` for an enum whose variants carry nothing, each by its place in the list.
macro_rules! coded_unit_enum {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl $crate::cache::codec::Code for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let all = [$(<$ty>::$variant),*];
                let at = all.iter().position(|v| v == self).expect("a listed variant");
                $crate::cache::codec::put_num(out, at as u64);
            }
            fn take(r: &mut $crate::cache::codec::Reader<'_>) -> Option<Self> {
                let all = [$(<$ty>::$variant),*];
                all.get(usize::try_from(r.num()?).ok()?).copied()
            }
        }
    };
}
pub(super) use coded_unit_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Code + PartialEq + std::fmt::Debug>(value: T) {
        let mut out = Vec::new();
        value.put(&mut out);
        let mut r = Reader(&out);
        assert_eq!(T::take(&mut r), Some(value));
        assert!(r.is_empty());
    }

    #[test]
    fn values_read_back_as_written() {
        round_trip(0u64);
        round_trip(u64::MAX);
        round_trip(-3i64);
        round_trip(i64::MIN);
        round_trip(i64::MAX);
        round_trip(1.5f64);
        round_trip("通知 notice".to_string());
        round_trip(Some(vec![Some(1u32), None]));
        round_trip(Date::new(2026, 12, 7).unwrap());
        round_trip(Time::new(9, 30, 0, 0).unwrap());
    }

    #[test]
    fn bytes_cut_short_or_out_of_range_are_not_read() {
        let mut out = Vec::new();
        "a longer string".to_string().put(&mut out);
        assert_eq!(String::take(&mut Reader(&out[..out.len() - 1])), None);
        let mut out = Vec::new();
        put_num(&mut out, 300);
        assert_eq!(u16::take(&mut Reader(&out)), Some(300));
        let mut out = Vec::new();
        put_num(&mut out, 70_000);
        assert_eq!(u16::take(&mut Reader(&out)), None);
        // February 30th is no date.
        let mut out = Vec::new();
        2026i64.put(&mut out);
        put_num(&mut out, 2);
        put_num(&mut out, 30);
        assert_eq!(Date::take(&mut Reader(&out)), None);
        assert_eq!(bool::take(&mut Reader(&[2])), None);
    }
}
