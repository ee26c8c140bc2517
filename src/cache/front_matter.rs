//! What the build cache keeps of each content file's front matter
//! (`.placard-cache/front-matter.bin`): the typed front matter its parse gave
//! and the warnings that parse reported. A build recalls the entry of every
//! file whose bytes are those the entry was made from (their hash in
//! `inputs`), parsed in the same `context` (placard and the build's options:
//! the cache's key; placard.yaml), instead of parsing it again, and reports
//! its warnings again in the same words. Parsing twenty thousand front
//! matters took a third of a second; reading them back takes a few
//! milliseconds (`codec.rs`).
//!
//! The file is trusted only when its bytes have the checksum the cache file
//! (itself checked by SHA-256) names for it, and its context is this build's;
//! an entry only for the file, top-level folder and kind of file it was made for.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::codec::{Code, Reader, coded, coded_unit_enum, put_bytes, put_num};
use super::inputs::Inputs;
use crate::config::CONFIG_FILE;
use crate::content::front_matter::{
    Attachment, Batch, Contact, Disclosure, FrontMatter, KindMeta, Located, Module, Notice, Period,
    Plan, PlanStatus, Poster, PosterSize, Session, Target, Training,
};
use crate::content::{Recalled, Remembered};
use crate::dates::{Every, Unit};
use crate::diagnostics::{Diagnostic, Severity};
use crate::hashing::hex;
use crate::load::{CONTENT_DIR, Source};

/// The file, in the cache folder.
pub(super) const FILE: &str = "front-matter.bin";
/// Its first bytes.
const MAGIC: &[u8] = b"placard front matter cache 1\n";

/// The front matter the last build saved, and this build's, to be saved.
pub(super) struct FrontMatters {
    context: String,
    /// The last build's file, when it can be trusted.
    saved: Vec<u8>,
    /// By path in `content/`: where in `saved` the entry of each file is,
    /// for the files whose bytes are still those it was made from.
    entries: HashMap<String, Range<usize>>,
    /// This build's entries (recalled, or made), as they are saved.
    made: Mutex<Made>,
}

#[derive(Default)]
struct Made {
    /// Each entry's file (its path from the site root: `content/x.md`) and
    /// what it holds after the file's hash.
    entries: Vec<(String, Vec<u8>)>,
    /// Whether any was parsed again (else the saved file is still right).
    new: bool,
}

/// The hash of what every file's front matter is parsed with besides its
/// own bytes: `key` (placard, its options, the folders, today) and placard.yaml.
pub(super) fn context(key: &str, inputs: &Inputs) -> String {
    let mut hash = Sha256::new();
    for part in [
        std::str::from_utf8(MAGIC).expect("ASCII"),
        key,
        inputs.get(CONFIG_FILE).map_or("", |input| &input.hash),
    ] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    hex(&hash.finalize())
}

impl FrontMatters {
    /// Nothing saved to recall: every file is parsed.
    pub(super) fn none(context: String) -> FrontMatters {
        FrontMatters {
            context,
            saved: Vec::new(),
            entries: HashMap::new(),
            made: Mutex::new(Made::default()),
        }
    }

    /// What the last build saved in the cache folder `dir`, when the file's
    /// bytes have the checksum `sum` (as the cache file names it) and were
    /// made in `context`; the entries of files whose bytes are not those of
    /// `inputs` any more are left out.
    pub(super) fn read(dir: &Path, sum: &str, context: String, inputs: &Inputs) -> FrontMatters {
        // Only in a real folder: a link there is not followed.
        let real = dir.symlink_metadata().is_ok_and(|meta| meta.is_dir());
        let saved = real
            .then(|| crate::load::files::open_no_follow(&dir.join(FILE)).ok())
            .flatten()
            .and_then(|mut file| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut bytes)
                    .ok()
                    .map(|_| bytes)
            })
            .filter(|bytes| super::checksum(bytes) == sum);
        let Some(saved) = saved else {
            return FrontMatters::none(context);
        };
        match index(&saved, &context, inputs) {
            Some(entries) => FrontMatters {
                context,
                saved,
                entries,
                made: Mutex::new(Made::default()),
            },
            None => FrontMatters::none(context),
        }
    }

    /// The bytes to save, each entry with the hash `inputs` has for its
    /// file (as for every source, `inputs.rs`: after a build with no cache to
    /// go by, the hash of the bytes load read and parsed); None when no entry
    /// is new (the saved file holds every entry of this build already, or
    /// more).
    pub(super) fn to_save(&self, inputs: &Inputs) -> Option<Vec<u8>> {
        let made = self.made.lock().expect("front matter lock");
        if !made.new {
            return None;
        }
        let hashed: Vec<(&str, &str, &[u8])> = made
            .entries
            .iter()
            .filter_map(|(input, inner)| {
                let hash = inputs.get(input)?.hash.as_str();
                Some((input.as_str(), hash, inner.as_slice()))
            })
            .collect();
        let size: usize = hashed
            .iter()
            .map(|(i, h, b)| i.len() + h.len() + b.len() + 8)
            .sum();
        let mut out = Vec::with_capacity(size + 100);
        out.extend_from_slice(MAGIC);
        put_bytes(&mut out, self.context.as_bytes());
        put_num(&mut out, hashed.len() as u64);
        for (input, hash, inner) in hashed {
            put_bytes(&mut out, input.as_bytes());
            put_bytes(&mut out, hash.as_bytes());
            put_bytes(&mut out, inner);
        }
        Some(out)
    }
}

/// Where each entry of `saved` is, by path in `content/`, for the files whose
/// hash in `inputs` is the one it was made from; None when the file is not
/// one of front matter made in `context`, or is damaged.
fn index(saved: &[u8], context: &str, inputs: &Inputs) -> Option<HashMap<String, Range<usize>>> {
    let mut r = Reader(saved.strip_prefix(MAGIC)?);
    if r.str()? != context {
        return None;
    }
    let count = r.len()?;
    let mut entries = HashMap::with_capacity(count);
    for _ in 0..count {
        let start = saved.len() - r.0.len();
        let input = r.str()?;
        let hash = r.str()?;
        r.bytes()?;
        let end = saved.len() - r.0.len();
        let rel = input.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
        if inputs.get(input).is_some_and(|now| now.hash == hash) {
            entries.insert(rel.to_string(), start..end);
        }
    }
    r.is_empty().then_some(entries)
}

/// What an entry holds after the file's path and hash.
struct Entry {
    section: Option<String>,
    is_section: bool,
    front_matter_line: usize,
    meta: FrontMatter,
    reported: Vec<Diagnostic>,
}

impl FrontMatters {
    /// Whether the front matter of a file (its path in `content/`) is known,
    /// made from the bytes the file has now (by their hash in `inputs`).
    pub(super) fn knows(&self, rel: &str) -> bool {
        self.entries.contains_key(rel)
    }
}

impl Remembered for FrontMatters {
    fn recall(&self, source: &Source, section: Option<&str>) -> Option<Recalled> {
        let range = self.entries.get(&source.rel)?.clone();
        let bytes = &self.saved[range];
        let mut r = Reader(bytes);
        let (input, _hash) = (r.str()?, r.str()?);
        let inner = r.bytes()?;
        let mut r = Reader(inner);
        let entry = Entry {
            section: Code::take(&mut r)?,
            is_section: Code::take(&mut r)?,
            front_matter_line: Code::take(&mut r)?,
            meta: Code::take(&mut r)?,
            reported: Code::take(&mut r)?,
        };
        let same = r.is_empty()
            && entry.section.as_deref() == section
            && entry.is_section == source.is_section
            && entry.front_matter_line == source.front_matter_line;
        if !same {
            return None;
        }
        let mut made = self.made.lock().expect("front matter lock");
        made.entries.push((input.to_string(), inner.to_vec()));
        Some(Recalled {
            meta: entry.meta,
            reported: entry.reported,
        })
    }

    fn remember(
        &self,
        source: &Source,
        section: Option<&str>,
        meta: &FrontMatter,
        reported: &[Diagnostic],
    ) {
        // A file whose parse gave an error is parsed again; so is one whose
        // warnings name a path that is not UTF-8 (it could not be read back).
        let kept =
            |d: &Diagnostic| !d.is_error() && d.file.as_ref().is_none_or(|f| f.to_str().is_some());
        if !reported.iter().all(kept) {
            return;
        }
        let mut inner = Vec::with_capacity(256);
        section.map(str::to_string).put(&mut inner);
        source.is_section.put(&mut inner);
        source.front_matter_line.put(&mut inner);
        meta.put(&mut inner);
        put_num(&mut inner, reported.len() as u64);
        for diagnostic in reported {
            diagnostic.put(&mut inner);
        }
        let input = format!("{CONTENT_DIR}/{}", source.rel);
        let mut made = self.made.lock().expect("front matter lock");
        made.entries.push((input, inner));
        made.new = true;
    }
}

coded!(FrontMatter {
    title,
    date,
    time,
    updated,
    summary,
    author,
    tags,
    tag_lines,
    draft,
    slug,
    aliases,
    weight,
    template,
    poster,
    poster_line,
    kind,
    column_type,
    description,
    line,
    interprets,
    update_every,
});
coded!(Notice {
    issuer,
    doc_number,
    valid_until,
    urgent,
    contact,
    attachments,
    disclosure,
});
coded!(Disclosure {
    index_number,
    topic,
    written
});
coded!(Plan {
    issuer,
    period,
    status,
    targets,
    disclosure,
});
coded!(Training {
    organizer,
    audience,
    venue,
    batches,
    modules,
    sessions,
});
coded!(Contact {
    name,
    phone,
    address,
    email
});
coded!(Attachment { file, title });
coded!(Period { start, end });
coded!(Target {
    indicator,
    target,
    baseline,
    note
});
coded!(Batch {
    name,
    start,
    end,
    seats
});
coded!(Module {
    id,
    title,
    hours,
    instructor
});
coded!(Session {
    date,
    start,
    end,
    module,
    venue,
    instructor,
    batch,
    title,
});
coded!(Poster {
    size,
    slogan,
    style
});
coded!(Every { count, unit });
coded_unit_enum!(PosterSize { A4, A3 });
coded_unit_enum!(PlanStatus {
    Draft,
    InForce,
    Completed,
    Superseded
});
coded_unit_enum!(Unit {
    Days,
    Weeks,
    Months,
    Years
});

impl<T: Code> Code for Located<T> {
    fn put(&self, out: &mut Vec<u8>) {
        let Located { value, line } = self;
        value.put(out);
        line.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some(Located {
            value: T::take(r)?,
            line: Code::take(r)?,
        })
    }
}

impl Code for KindMeta {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            KindMeta::Page => put_num(out, 0),
            KindMeta::Notice(notice) => {
                put_num(out, 1);
                notice.put(out);
            }
            KindMeta::Plan(plan) => {
                put_num(out, 2);
                plan.put(out);
            }
            KindMeta::Training(training) => {
                put_num(out, 3);
                training.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.num()? {
            0 => KindMeta::Page,
            1 => KindMeta::Notice(Code::take(r)?),
            2 => KindMeta::Plan(Code::take(r)?),
            3 => KindMeta::Training(Code::take(r)?),
            _ => return None,
        })
    }
}

/// A warning (the only kind kept).
impl Code for Diagnostic {
    fn put(&self, out: &mut Vec<u8>) {
        let Diagnostic {
            severity: _,
            file,
            line,
            column,
            message,
            hint,
        } = self;
        file.put(out);
        line.put(out);
        column.put(out);
        message.put(out);
        hint.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some(Diagnostic {
            severity: Severity::Warning,
            file: Code::take(r)?,
            line: Code::take(r)?,
            column: Code::take(r)?,
            message: Code::take(r)?,
            hint: Code::take(r)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::inputs::Input;
    use super::*;
    use crate::diagnostics::Diagnostics;

    /// Every Markdown file of the `good` fixture (all kinds of page, sections,
    /// trainings with their timetables) and of `inspection` (a section's
    /// `update_every`), as load splits it.
    fn sources() -> Vec<Source> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut sources = Vec::new();
        for site in ["good", "inspection"] {
            let content = root.join(site).join(CONTENT_DIR);
            for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
                let entry = entry.expect("walk");
                let rel = entry.path().strip_prefix(&content).expect("inside");
                let rel = format!("{site}/{}", rel.to_string_lossy());
                if !rel.ends_with(".md") {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).expect("read");
                let (front_matter, front_matter_line, body, body_line) =
                    crate::load::content::split_front_matter(&text).expect("front matter");
                let is_section = rel.ends_with("_index.md") || rel.contains("/_index.");
                sources.push(Source {
                    path: Path::new(CONTENT_DIR).join(&rel),
                    key: rel.trim_end_matches(".md").to_string(),
                    rel,
                    lang: "zh".into(),
                    is_section,
                    bundle_dir: None,
                    front_matter,
                    front_matter_line,
                    body,
                    body_line,
                    unread: None,
                });
            }
        }
        assert!(sources.len() > 20, "{}", sources.len());
        sources
    }

    /// Each file's hash, as the build cache has it.
    fn hashed(sources: &[Source], salt: &str) -> Inputs {
        sources
            .iter()
            .map(|s| {
                let input = format!("{CONTENT_DIR}/{}", s.rel);
                (input.clone(), Input::with_hash(&format!("{salt}{input}")))
            })
            .collect()
    }

    /// What `content::parse_all` gives for `sources`: each file's front
    /// matter (`Debug`, for comparing) and every warning, in words.
    fn parse_all(sources: &[Source], remembered: &dyn Remembered) -> (Vec<String>, Vec<String>) {
        let diagnostics = Diagnostics::new();
        let (parsed, failed) =
            crate::content::parse_all(sources.to_vec(), remembered, &diagnostics);
        let failed: Vec<&str> = failed.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(failed, Vec::<&str>::new());
        let mut metas: Vec<(String, String)> = parsed
            .iter()
            .map(|p| (p.source.rel.clone(), format!("{:?}", p.meta)))
            .collect();
        metas.sort();
        let warnings = diagnostics.into_sorted();
        (
            metas.into_iter().map(|(_, meta)| meta).collect(),
            warnings.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn front_matter_recalled_is_what_parsing_gives_and_so_are_its_warnings() {
        let mut sources = sources();
        // A warning to report again: a key placard does not know.
        sources[0].front_matter.push_str("colour: red\n");
        let inputs = hashed(&sources, "a");
        let context = context("key", &inputs);
        let first = FrontMatters::none(context.clone());
        let parsed = parse_all(&sources, &first);
        assert!(
            parsed.1.iter().any(|w| w.contains("colour")),
            "{:?}",
            parsed.1
        );
        let saved = first.to_save(&inputs).expect("every entry is new");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE), &saved).expect("write");
        let sum = super::super::checksum(&saved);

        let second = FrontMatters::read(dir.path(), &sum, context.clone(), &inputs);
        assert_eq!(second.entries.len(), sources.len());
        assert_eq!(parse_all(&sources, &second), parsed);
        // All recalled: nothing new to save.
        assert!(second.to_save(&inputs).is_none());

        // Not trusted: another checksum, another context, other bytes of the
        // files, a damaged file.
        let none = |f: FrontMatters| f.entries.is_empty();
        assert!(none(FrontMatters::read(
            dir.path(),
            "0",
            context.clone(),
            &inputs
        )));
        let other_yaml = super::context("key", &{
            let mut i = inputs.clone();
            i.insert(CONFIG_FILE.into(), Input::with_hash("x"));
            i
        });
        assert!(none(FrontMatters::read(
            dir.path(),
            &sum,
            other_yaml,
            &inputs
        )));
        let edited = super::super::inputs::Inputs::from_iter(
            hashed(&sources, "b")
                .into_iter()
                .take(1)
                .chain(inputs.clone().into_iter().skip(1)),
        );
        let fewer = FrontMatters::read(dir.path(), &sum, context.clone(), &edited);
        assert_eq!(fewer.entries.len(), sources.len() - 1);
        let mut damaged = saved.clone();
        damaged.truncate(saved.len() - 3);
        std::fs::write(dir.path().join(FILE), &damaged).expect("write");
        let sum = super::super::checksum(&damaged);
        assert!(none(FrontMatters::read(dir.path(), &sum, context, &inputs)));
    }
}
