//! The sink `build` writes through: a staging folder begun when the first
//! output arrives, and none at all once the build has an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use super::image_cache::{ImageCache, cache_unwritable, processed_image, widest_copy};
use super::in_place::Stamp;
use super::staging::Staging;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{CacheUse, Variant};
use crate::load::Asset;
use crate::outputs::{Origin, Picture, Sink};
use crate::paths::safe_relative;

/// The outputs of a build: into a staging folder, made when the first output
/// arrives, as long as the build has no errors; nowhere once it has one. The
/// outputs are still made after an error, so that their own errors (two at one
/// path, a template that fails) are found in the same run; but a build whose
/// errors came before its first output leaves no trace beside the output
/// folder, and `abort` removes the staging folder of one whose errors came later.
pub(crate) struct LazyStaging<'a> {
    output: PathBuf,
    diagnostics: &'a Diagnostics,
    /// None once `Staging::begin` failed (its error is in `diagnostics`).
    staging: OnceLock<Option<Staging>>,
    /// The files handed over, and their bytes: what the build reports.
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Where processed pictures are kept between builds.
    images: Option<ImageCache>,
    /// Whether the build was told that the cache cannot be written.
    cache_warned: AtomicBool,
}

impl<'a> LazyStaging<'a> {
    /// Call with the output's `BuildLock` held, as for `Staging::begin`.
    pub(crate) fn new(output: &Path, diagnostics: &'a Diagnostics) -> LazyStaging<'a> {
        LazyStaging {
            output: output.to_path_buf(),
            diagnostics,
            staging: OnceLock::new(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            images: None,
            cache_warned: AtomicBool::new(false),
        }
    }

    /// Pictures made through `cache` (those it has are not made again).
    pub(crate) fn with_image_cache(self, cache: ImageCache) -> Self {
        LazyStaging {
            images: Some(cache),
            ..self
        }
    }

    /// How many files were handed over, and their bytes.
    pub(crate) fn written(&self) -> (usize, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// The staging folder, begun if need be; None after any error.
    fn staging(&self) -> Option<&Staging> {
        if self.diagnostics.has_errors() {
            return None;
        }
        self.staging
            .get_or_init(|| {
                Staging::begin(&self.output)
                    .map_err(|err| self.diagnostics.push(err))
                    .ok()
            })
            .as_ref()
    }

    /// How many files were kept from the previous output, unchanged.
    pub(crate) fn unchanged(&self) -> usize {
        self.staging
            .get()
            .and_then(Option::as_ref)
            .map_or(0, Staging::unchanged)
    }

    /// Swaps the staged outputs in (an empty output if there were none), and
    /// returns every entry of the new output with its stamp (as `output_files`
    /// finds them). Call only when the build has no errors.
    pub(crate) fn commit(self) -> Result<BTreeMap<String, Stamp>, Diagnostic> {
        match self.staging.into_inner().flatten() {
            Some(staging) => staging.commit(),
            None => Staging::begin(&self.output)?.commit(),
        }
    }

    /// Removes whatever was staged; the old output stays as it was.
    pub(crate) fn abort(self) {
        if let Some(staging) = self.staging.into_inner().flatten() {
            staging.abort();
        }
    }
}

impl Sink for LazyStaging<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        match self.staging() {
            Some(staging) => staging.put(path, bytes, origin),
            None => safe_relative(path).map(drop),
        }
    }

    fn copy(&self, path: &str, file: &Asset, origin: Origin) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.size, Ordering::Relaxed);
        match self.staging() {
            Some(staging) => staging.copy(path, file, origin),
            None => safe_relative(path).map(drop),
        }
    }

    /// Made (or taken from the cache) only while the build has no error.
    fn image(&self, picture: &Picture<'_>, origin: Origin) -> Result<(), Diagnostic> {
        let Some(staging) = self.staging() else {
            return picture
                .paths()
                .iter()
                .try_for_each(|path| safe_relative(path).map(drop));
        };
        let (files, cache) = processed_image(picture, self.images.as_ref(), &origin)?;
        if let CacheUse::Unwritable(detail) = cache
            && !self.cache_warned.swap(true, Ordering::Relaxed)
        {
            self.diagnostics.push(cache_unwritable(&detail));
        }
        for (path, bytes) in files {
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            staging.put(&path, bytes, origin.clone())?;
        }
        Ok(())
    }

    fn widest_copy(
        &self,
        picture: &Picture<'_>,
        origin: &Origin,
    ) -> Result<Option<Variant>, Diagnostic> {
        if self.staging().is_none() {
            return Ok(None);
        }
        widest_copy(picture, self.images.as_ref(), origin)
    }
}
