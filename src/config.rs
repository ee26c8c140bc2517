//! `placard.yaml`: the site configuration, typed and checked at load time.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;

pub const CONFIG_FILE: &str = "placard.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub languages: IndexMap<String, LanguageConfig>,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Pages per list page (sections and tags).
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Write the site's own links relative to each page and to the file
    /// (`../notices/index.html`), so that the output can be browsed from disk
    /// (`file://`, a USB stick). Off: links are root-relative (`/notices/`).
    #[serde(default)]
    pub relative_urls: bool,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub images: ImagesConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through as is (trusted authors only).
    #[serde(default)]
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest content file read, in bytes.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
    /// How many folders deep `content/` may nest (`content/a/b/x.md` is 2).
    #[serde(default = "default_max_depth")]
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: default_max_file_size(),
            max_depth: default_max_depth(),
        }
    }
}

/// `images:`: how photos referenced from Markdown are published (SPEC §11,
/// src/images/). Checked while the YAML is read, so that a wrong value is an
/// error at its line of placard.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "ImagesYaml")]
pub struct ImagesConfig {
    /// The widths of the copies, in pixels, ascending and without repeats.
    pub widths: Vec<u32>,
    /// JPEG quality of the copies, 1–100.
    pub quality: u8,
    /// Publish the original too (upright, without EXIF, XMP or IPTC).
    pub keep_original: bool,
    /// A source file bigger than this, in bytes, gets a warning.
    pub warn_bytes: u64,
    /// An image with more pixels than this is refused from its header
    /// (a decompression bomb, or a scan that should be resized first).
    pub max_pixels: u64,
}

/// The widths allowed in `images.widths`: below 16 pixels is no photo, and no
/// screen shows more than 8192.
pub const IMAGE_WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            keep_original: false,
            // A phone's photo is 3–8 MB.
            warn_bytes: 10 * 1_000_000,
            // A 108-megapixel phone photo passes; decoding one takes about 330 MB.
            max_pixels: 120 * 1_000_000,
        }
    }
}

/// `images:` as written in placard.yaml: sizes in megabytes and megapixels.
/// Each value is checked as it is read, so that an error is at its own line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImagesYaml {
    widths: Option<ImageWidths>,
    quality: Option<JpegQuality>,
    keep_original: Option<bool>,
    warn_megabytes: Option<Megabytes>,
    max_megapixels: Option<Megapixels>,
}

impl From<ImagesYaml> for ImagesConfig {
    fn from(yaml: ImagesYaml) -> Self {
        let default = ImagesConfig::default();
        ImagesConfig {
            widths: yaml.widths.map_or(default.widths, |w| w.0),
            quality: yaml.quality.map_or(default.quality, |q| q.0),
            keep_original: yaml.keep_original.unwrap_or(default.keep_original),
            warn_bytes: yaml
                .warn_megabytes
                .map_or(default.warn_bytes, |mb| u64::from(mb.0) * 1_000_000),
            max_pixels: yaml
                .max_megapixels
                .map_or(default.max_pixels, |mp| u64::from(mp.0) * 1_000_000),
        }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "Vec<u32>")]
struct ImageWidths(Vec<u32>);

impl TryFrom<Vec<u32>> for ImageWidths {
    type Error = String;

    fn try_from(mut widths: Vec<u32>) -> Result<Self, String> {
        if widths.is_empty() {
            return Err(
                "images.widths is empty: give at least one width, e.g. `widths: [480, 960, 1600]`"
                    .to_string(),
            );
        }
        if let Some(wrong) = widths.iter().find(|w| !IMAGE_WIDTHS.contains(w)) {
            return Err(format!(
                "images.widths has {wrong}: each width is between {} and {} pixels, e.g. `widths: [480, 960, 1600]`",
                IMAGE_WIDTHS.start(),
                IMAGE_WIDTHS.end()
            ));
        }
        widths.sort_unstable();
        widths.dedup();
        Ok(ImageWidths(widths))
    }
}

#[derive(Deserialize)]
#[serde(try_from = "u32")]
struct JpegQuality(u8);

impl TryFrom<u32> for JpegQuality {
    type Error = String;

    fn try_from(quality: u32) -> Result<Self, String> {
        match u8::try_from(quality) {
            Ok(q @ 1..=100) => Ok(JpegQuality(q)),
            _ => Err(format!(
                "images.quality is {quality}: JPEG quality is between 1 and 100 (80 is a good start), e.g. `quality: 80`"
            )),
        }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "u32")]
struct Megabytes(u32);

impl TryFrom<u32> for Megabytes {
    type Error = &'static str;

    fn try_from(megabytes: u32) -> Result<Self, Self::Error> {
        match megabytes {
            0 => {
                Err("images.warn_megabytes is 0: it must be at least 1, e.g. `warn_megabytes: 10`")
            }
            n => Ok(Megabytes(n)),
        }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "u32")]
struct Megapixels(u32);

impl TryFrom<u32> for Megapixels {
    type Error = &'static str;

    fn try_from(megapixels: u32) -> Result<Self, Self::Error> {
        match megapixels {
            0 => {
                Err("images.max_megapixels is 0: it must be at least 1, e.g. `max_megapixels: 120`")
            }
            n => Ok(Megapixels(n)),
        }
    }
}

fn default_base_url() -> String {
    "http://127.0.0.1:1111".to_string()
}
fn default_language() -> String {
    "zh".to_string()
}
fn default_timezone() -> String {
    "Asia/Shanghai".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_paginate() -> usize {
    20
}
fn default_max_file_size() -> u64 {
    10 * 1024 * 1024
}
fn default_max_depth() -> usize {
    16
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|err| {
            Diagnostic::error(format!("cannot read {CONFIG_FILE}: {err}"))
                .in_file(CONFIG_FILE)
                .with_hint("run `placard init DIR` to start a new site, or pass --root")
        })?;
        let text = crate::content::encoding::decode(&bytes)
            .map_err(|err| err.diagnostic(None).in_file(CONFIG_FILE))?;
        let mut config: Config = crate::yaml::parse(&text, Path::new(CONFIG_FILE), 1)?;
        config.normalise()?;
        Ok(config)
    }

    fn normalise(&mut self) -> Result<(), Diagnostic> {
        let invalid = |message: String| Diagnostic::error(message).in_file(CONFIG_FILE);
        self.base_url = self.base_url.trim_end_matches('/').to_string();
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(invalid(format!(
                "base_url `{}` must start with http:// or https://",
                self.base_url
            )));
        }
        if self.languages.is_empty() {
            let name = match self.default_language.as_str() {
                "zh" => "中文",
                "en" => "English",
                other => other,
            };
            self.languages.insert(
                self.default_language.clone(),
                LanguageConfig {
                    name: name.to_string(),
                    title: None,
                },
            );
        }
        if !self.languages.contains_key(&self.default_language) {
            return Err(invalid(format!(
                "default_language `{}` is not one of the languages ({})",
                self.default_language,
                self.languages
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        for code in self.languages.keys() {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                return Err(invalid(format!(
                    "language code `{code}` must be lowercase letters, like `zh` or `en`"
                )));
            }
        }
        // The default language comes first everywhere (switchers, sitemaps).
        let default = self.default_language.clone();
        self.languages
            .sort_by(|a, _, b, _| (a != &default).cmp(&(b != &default)));
        if jiff::tz::TimeZone::get(&self.timezone).is_err() {
            return Err(invalid(format!("unknown timezone `{}`", self.timezone))
                .with_hint("use an IANA name such as Asia/Shanghai"));
        }
        if self.paginate == 0 {
            self.paginate = default_paginate();
        }
        Ok(())
    }

    /// Title of the site in one language.
    pub fn title_in(&self, lang: &str) -> &str {
        self.languages
            .get(lang)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// URL prefix of a language: "" for the default, "/en" for others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// Path part of base_url ("" or "/portal"), prepended to every root-relative URL.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |at| &after_scheme[at..])
    }

    /// Origin of base_url, for absolute URLs (`https://host`).
    pub fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }
}
