//! `placard.yaml`: the site configuration, typed and checked at load time.

use crate::messages::config as say;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, suggest};
use crate::messages::Text;
use crate::yaml;

pub(crate) const CONFIG_FILE: &str = "placard.yaml";

/// placard.yaml, typed and checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub(crate) title: String,
    #[serde(default = "default_base_url")]
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) default_language: String,
    #[serde(default)]
    /// The site's languages, by code, in the order they are shown.
    pub languages: IndexMap<String, LanguageConfig>,
    #[serde(default = "default_timezone")]
    pub(crate) timezone: String,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    /// Pages per list page (sections and tags).
    #[serde(default = "default_paginate")]
    pub(crate) paginate: usize,
    /// Write the site's own links relative to each page and to the file
    /// (`../notices/index.html`), so that the output can be browsed from disk
    /// (`file://`, a USB stick). Off: links are root-relative (`/notices/`).
    #[serde(default)]
    pub(crate) relative_urls: bool,
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    #[serde(default)]
    pub(crate) limits: Limits,
    /// The line of `theme:` in placard.yaml, for the error when the theme is missing.
    #[serde(skip)]
    pub(crate) theme_line: Option<usize>,
}

/// One of the site's languages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub(crate) name: String,
    pub(crate) title: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownConfig {
    /// Pass raw HTML in Markdown through as is (trusted authors only).
    #[serde(default)]
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limits {
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
    /// The configuration `text` (placard.yaml, decoded) says, checked.
    pub(crate) fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = yaml::parse(text, Path::new(CONFIG_FILE), 1)?;
        let written = Written(yaml::Tree::read(text));
        config.normalise(&written)?;
        config.theme_line = written.value(&["theme"]).line;
        Ok(config)
    }

    /// Checks what serde cannot and fills in what follows from the rest;
    /// `written` gives each error its line.
    fn normalise(&mut self, written: &Written) -> Result<(), Diagnostic> {
        if !valid_base_url(&self.base_url) {
            return Err(written
                .value(&["base_url"])
                .error(say::bad_base_url(&self.base_url), say::bad_base_url_hint()));
        }
        self.base_url = self.base_url.trim_end_matches('/').to_string();
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
        for code in self.languages.keys() {
            if !valid_language_code(code) {
                let at = match written.key(&["languages", code]) {
                    found @ Place { line: Some(_), .. } => found,
                    _ => written.value(&["default_language"]),
                };
                return Err(at.error(
                    say::bad_language_code(code),
                    say::write_it(&suggested_code(code)),
                ));
            }
        }
        if !self.languages.contains_key(&self.default_language) {
            let codes: Vec<&str> = self.languages.keys().map(String::as_str).collect();
            let at = match written.value(&["default_language"]) {
                found @ Place { line: Some(_), .. } => found,
                _ => written.key(&["languages"]),
            };
            let hint = match suggest(&self.default_language, codes.iter().copied()) {
                Some(near) => crate::messages::yaml::did_you_mean(near),
                None => say::default_language_unknown_hint(&self.default_language, &codes),
            };
            return Err(at.error(
                say::default_language_unknown(&self.default_language, &codes),
                hint,
            ));
        }
        // The default language comes first everywhere (switchers, sitemaps).
        let default = self.default_language.clone();
        self.languages
            .sort_by(|a, _, b, _| (a != &default).cmp(&(b != &default)));
        if jiff::tz::TimeZone::get(&self.timezone).is_err() {
            return Err(written.value(&["timezone"]).error(
                say::unknown_timezone(&self.timezone),
                say::unknown_timezone_hint(),
            ));
        }
        if !valid_theme_name(&self.theme) {
            return Err(written
                .value(&["theme"])
                .error(say::bad_theme_name(&self.theme), say::bad_theme_name_hint()));
        }
        if self.paginate == 0 {
            return Err(written
                .value(&["paginate"])
                .error(say::paginate_zero(), say::paginate_zero_hint()));
        }
        if self.limits.max_file_size == 0 {
            return Err(written.value(&["limits", "max_file_size"]).error(
                say::max_file_size_zero(),
                say::max_file_size_zero_hint(default_max_file_size()),
            ));
        }
        Ok(())
    }

    /// Title of the site in one language.
    pub(crate) fn title_in(&self, lang: &str) -> &str {
        self.languages
            .get(lang)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// URL prefix of a language: "" for the default, "/en" for others.
    pub(crate) fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// Path part of base_url ("" or "/portal"), prepended to every root-relative URL.
    pub(crate) fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |at| &after_scheme[at..])
    }

    /// Origin of base_url, for absolute URLs (`https://host`).
    pub(crate) fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }
}

/// `http://` or `https://`, a host, and nothing a URL cannot hold.
fn valid_base_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty() && !url.contains(|c: char| c.is_whitespace() || matches!(c, '?' | '#'))
}

fn valid_language_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// `EN` → `en`, `zh_CN` → `zh-cn`.
fn suggested_code(code: &str) -> String {
    let code: String = code
        .trim()
        .chars()
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .filter(|c| c.is_ascii_lowercase() || *c == '-')
        .collect();
    if code.is_empty() {
        "zh".to_string()
    } else {
        code
    }
}

/// One folder name: placard reads `themes/<theme>/` and nothing outside `themes/`.
fn valid_theme_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0'])
}

/// Where keys and values are written in placard.yaml.
struct Written(Option<yaml::Tree>);

impl Written {
    fn key(&self, path: &[&str]) -> Place {
        self.place(self.0.as_ref().and_then(|tree| tree.key(path)))
    }

    fn value(&self, path: &[&str]) -> Place {
        self.place(self.0.as_ref().and_then(|tree| tree.value(path)))
    }

    fn place(&self, location: Option<serde_saphyr::Location>) -> Place {
        Place {
            line: location.as_ref().and_then(|l| yaml::line_of(l, 1)),
            column: location.map(|l| l.column() as usize),
        }
    }
}

/// A line and column of placard.yaml (None when the key is not written: a default).
struct Place {
    line: Option<usize>,
    column: Option<usize>,
}

impl Place {
    fn error(&self, message: Text, hint: Text) -> Diagnostic {
        let diagnostic = Diagnostic::error(message)
            .in_file(CONFIG_FILE)
            .with_hint(hint);
        match (self.line, self.column) {
            (Some(line), Some(column)) => diagnostic.at(line, column.max(1)),
            (line, _) => diagnostic.at_line(line),
        }
    }
}
