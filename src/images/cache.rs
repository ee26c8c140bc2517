//! What is kept of one processed image between builds, as bytes: the entry's
//! name (the SHA-256 of the source bytes, the settings that change the output
//! and placard's version) and its layout. An entry carries its own key and a
//! SHA-256 of its contents; one that does not check out (cut short, edited,
//! foreign, of an older layout) is made again and rewritten, never used.
//! Where the entries are kept is a [`Store`]'s business (`write::ImageCache`:
//! `.placard-cache/images/`, through no link).

use sha2::{Digest, Sha256};

use super::{Format, ImageProblem, ImagesConfig, Made, Variant};

/// First bytes of an entry; the number is the layout's version.
const MAGIC: &[u8] = b"placard image cache 1\n";
const HASH: usize = 32;

/// Where cache entries are kept, each under a name of 64 hex digits. Called
/// from many threads at once.
pub trait Store: Sync {
    /// The entry called `name`: Ok(None) when there is none.
    fn read(&self, name: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// Stores `bytes` as the entry `name`, whole or not at all.
    fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Where the entries are, for a message.
    fn describe(&self) -> String;
}

/// What the cache did for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache was given.
    Off,
    /// Taken from the cache.
    Hit,
    /// Made, and stored for next time.
    Made,
    /// The entry was damaged: made again, and stored anew.
    Remade,
    /// Made, but the cache could not store it (the build goes on).
    Unwritable(String),
}

/// The name of the entry for `source` processed with `settings`.
pub fn entry_name(source: &[u8], settings: &ImagesConfig) -> String {
    hex(&key(source, settings))
}

pub(super) fn get_or_make(
    store: &dyn Store,
    source: &[u8],
    settings: &ImagesConfig,
    make: impl FnOnce() -> Result<Made, ImageProblem>,
) -> Result<(Made, CacheUse), ImageProblem> {
    let key = key(source, settings);
    let name = hex(&key);
    let damaged = match store.read(&name) {
        Ok(Some(bytes)) => match decode(&bytes, &key) {
            Some(made) => return Ok((made, CacheUse::Hit)),
            None => true,
        },
        Ok(None) => false,
        Err(_) => true,
    };
    let made = make()?;
    let stored = match store.write(&name, &encode(&key, &made)) {
        Ok(()) if damaged => CacheUse::Remade,
        Ok(()) => CacheUse::Made,
        Err(err) => CacheUse::Unwritable(format!("{}: {err}", store.describe())),
    };
    Ok((made, stored))
}

fn key(source: &[u8], settings: &ImagesConfig) -> [u8; HASH] {
    let mut hasher = Sha256::new();
    hasher.update(MAGIC);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    for width in &settings.widths {
        hasher.update(width.to_le_bytes());
    }
    hasher.update([0, settings.quality, u8::from(settings.keep_original)]);
    hasher.update(source);
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// An entry: MAGIC, the key, width and height (u32 LE), the number of copies
// (u32 LE) and whether an original follows (u8), for each copy then the original
// its format (u8), width, height (u32 LE) and length (u64 LE), then their
// bytes one after another, then the SHA-256 of all that comes before.

fn encode(key: &[u8; HASH], made: &Made) -> Vec<u8> {
    let variants: Vec<&Variant> = made.copies.iter().chain(&made.original).collect();
    let mut out =
        Vec::with_capacity(variants.iter().map(|v| v.bytes.len() + 17).sum::<usize>() + 128);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    out.extend_from_slice(&made.width.to_le_bytes());
    out.extend_from_slice(&made.height.to_le_bytes());
    out.extend_from_slice(&(made.copies.len() as u32).to_le_bytes());
    out.push(u8::from(made.original.is_some()));
    for variant in &variants {
        out.push(match variant.format {
            Format::Jpeg => 0,
            Format::Png => 1,
            Format::Gif => 2,
            Format::WebP => 3,
        });
        out.extend_from_slice(&variant.width.to_le_bytes());
        out.extend_from_slice(&variant.height.to_le_bytes());
        out.extend_from_slice(&(variant.bytes.len() as u64).to_le_bytes());
    }
    for variant in &variants {
        out.extend_from_slice(&variant.bytes);
    }
    let digest: [u8; HASH] = Sha256::digest(&out).into();
    out.extend_from_slice(&digest);
    out
}

/// The entry, or None if anything in it does not check out.
fn decode(bytes: &[u8], key: &[u8; HASH]) -> Option<Made> {
    let (body, digest) = bytes.split_at_checked(bytes.len().checked_sub(HASH)?)?;
    if <[u8; HASH]>::from(Sha256::digest(body)) != digest {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?.strip_prefix(&key[..])?;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
    let width = u32_at(take(4)?);
    let height = u32_at(take(4)?);
    let counts = take(5)?;
    let (copies, has_original) = (u32_at(&counts[..4]) as usize, counts[4] == 1);
    let mut heads = Vec::with_capacity(copies.min(64));
    for _ in 0..copies + usize::from(has_original) {
        let head = take(17)?;
        let format = match head[0] {
            0 => Format::Jpeg,
            1 => Format::Png,
            2 => Format::Gif,
            3 => Format::WebP,
            _ => return None,
        };
        let length = usize::try_from(u64::from_le_bytes(head[9..17].try_into().ok()?)).ok()?;
        heads.push((format, u32_at(&head[1..5]), u32_at(&head[5..9]), length));
    }
    let mut variants = Vec::new();
    for (format, width, height, length) in heads {
        variants.push(Variant {
            width,
            height,
            format,
            bytes: take(length)?.to_vec(),
        });
    }
    if !rest.is_empty() || copies == 0 {
        return None;
    }
    let original = has_original.then(|| variants.pop()).flatten();
    Some(Made {
        width,
        height,
        copies: variants,
        original,
    })
}
