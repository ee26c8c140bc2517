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
/// Unknown keys are not serde's to refuse (none of these structs denies
/// unknown fields): `Config::parse` reports them all, with the wrong values.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Required: a missing title is reported by `normalise`, with the other errors.
    #[serde(default)]
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
    /// The records of a government website (政府网站); None: an ordinary site.
    #[serde(default)]
    pub(crate) government: Option<Government>,
    /// `images:`: how photos referenced from Markdown are published.
    #[serde(default)]
    pub(crate) images: ImagesConfig,
    /// The line of `theme:` in placard.yaml, for the error when the theme is missing.
    #[serde(skip)]
    pub(crate) theme_line: Option<usize>,
}

/// One of the site's languages.
#[derive(Debug, Clone, Deserialize)]
pub struct LanguageConfig {
    /// Required (checked by `normalise`).
    #[serde(default)]
    pub(crate) name: String,
    pub(crate) title: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct MarkdownConfig {
    /// Pass raw HTML in Markdown through as is (trusted authors only).
    #[serde(default)]
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Limits {
    /// Largest content file read, in bytes.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
    /// How many folders deep `content/` may nest (`content/a/b/x.md` is 2).
    #[serde(default = "default_max_depth")]
    pub max_depth: usize,
}

/// A government website's records: the metadata every page carries
/// (政府网站网页设计规范), the footer, and the prefix of the index numbers of
/// disclosed documents (政府信息公开目录).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Government {
    /// 网站标识码 (`SiteIDCode`): 10 digits, or `bm` and 8 digits. Required
    /// (checked by `normalise`, as `organiser` is).
    #[serde(default)]
    pub site_code: String,
    /// 主办单位.
    #[serde(default)]
    pub organiser: String,
    /// ICP备案号.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police_record: Option<String>,
    /// The organisation code that begins every index number (索引号).
    pub disclosure_code: Option<String>,
    /// 主题分类: what a disclosed document's `topic:` may be.
    #[serde(default = "national_topics")]
    pub topics: Vec<String>,
}

/// The top level of the national subject classification of official
/// documents (国务院公文主题分类), the default `topics:`.
pub(crate) const NATIONAL_TOPICS: [&str; 21] = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
];

/// The national topics in English, in `NATIONAL_TOPICS`' order: what an
/// English page shows for a topic that is written in Chinese.
const NATIONAL_TOPICS_EN: [&str; 21] = [
    "General government affairs",
    "Economic management and state-owned assets",
    "Public finance, banking and auditing",
    "Land, natural resources and energy",
    "Agriculture, forestry and water",
    "Industry and transport",
    "Commerce, customs and tourism",
    "Market regulation and work safety",
    "Urban and rural development, environmental protection",
    "Science, technology and education",
    "Culture, broadcasting, press and publishing",
    "Health and sport",
    "Population and family planning, women and children",
    "Labour, personnel and supervision",
    "Public security, state security and justice",
    "Civil affairs, poverty relief and disaster relief",
    "Ethnic and religious affairs",
    "Foreign affairs",
    "Hong Kong, Macao, Taiwan and overseas Chinese affairs",
    "National defence",
    "Other",
];

/// How a page in `lang` names `topic`: a national topic by its English name on
/// English pages; any other topic (a site's own) as written.
pub(crate) fn topic_name(topic: &str, lang: &str) -> String {
    let english = (lang == "en")
        .then(|| NATIONAL_TOPICS.iter().position(|t| *t == topic))
        .flatten()
        .map(|i| NATIONAL_TOPICS_EN[i]);
    english.unwrap_or(topic).to_string()
}

fn national_topics() -> Vec<String> {
    NATIONAL_TOPICS.iter().map(|t| t.to_string()).collect()
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
pub(crate) const IMAGE_WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

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
    type Error = yaml::Invalid;

    fn try_from(mut widths: Vec<u32>) -> Result<Self, Self::Error> {
        let wrong = match widths.iter().find(|w| !IMAGE_WIDTHS.contains(w)) {
            _ if widths.is_empty() => Some(say::image_widths_empty()),
            Some(wrong) => Some(say::image_width_out_of_range(
                *wrong,
                *IMAGE_WIDTHS.start(),
                *IMAGE_WIDTHS.end(),
            )),
            None => None,
        };
        if let Some(message) = wrong {
            let hint = say::image_widths_hint();
            return Err(yaml::Invalid { message, hint });
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
    type Error = yaml::Invalid;

    fn try_from(quality: u32) -> Result<Self, Self::Error> {
        match u8::try_from(quality) {
            Ok(q @ 1..=100) => Ok(JpegQuality(q)),
            _ => Err(yaml::Invalid {
                message: say::image_quality_out_of_range(quality),
                hint: say::image_quality_hint(),
            }),
        }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "u32")]
struct Megabytes(u32);

impl TryFrom<u32> for Megabytes {
    type Error = yaml::Invalid;

    fn try_from(megabytes: u32) -> Result<Self, Self::Error> {
        at_least_one(megabytes, "warn_megabytes", 10).map(Megabytes)
    }
}

#[derive(Deserialize)]
#[serde(try_from = "u32")]
struct Megapixels(u32);

impl TryFrom<u32> for Megapixels {
    type Error = yaml::Invalid;

    fn try_from(megapixels: u32) -> Result<Self, Self::Error> {
        at_least_one(megapixels, "max_megapixels", 120).map(Megapixels)
    }
}

/// `value` of `images.<key>`, refused when 0 (`example` is a good value).
fn at_least_one(value: u32, key: &str, example: u32) -> Result<u32, yaml::Invalid> {
    match value {
        0 => Err(yaml::Invalid {
            message: say::image_setting_zero(key),
            hint: say::image_setting_zero_hint(key, example),
        }),
        n => Ok(n),
    }
}

fn default_base_url() -> String {
    "http://127.0.0.1:1111".to_string()
}
fn default_language() -> String {
    "zh".to_string()
}
/// The fix for a timezone the time zone database does not know: the IANA
/// name of what an officer is likely to have meant (北京时间, CST, UTC+8, a
/// misspelt name), or how such names are written.
fn timezone_hint(written: &str) -> Text {
    let plain: String = written
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(zone) = local_zone(&plain) {
        return say::timezone_is_named(written, zone);
    }
    if let Some(hours) = utc_offset(&plain) {
        return match hours {
            8 => say::timezone_is_named(written, "Asia/Shanghai"),
            0 => say::timezone_is_named(written, "UTC"),
            _ => say::timezone_offset(written, hours),
        };
    }
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .collect();
    match suggest(written, names.iter().map(String::as_str)) {
        Some(near) => crate::messages::yaml::did_you_mean(near),
        None => say::unknown_timezone_hint(),
    }
}

/// The zone of a place or a local name for its time, written in Chinese or
/// English (`plain`: lower case, no spaces).
fn local_zone(plain: &str) -> Option<&'static str> {
    const PLACES: &[(&[&str], &str)] = &[
        (&["香港", "hongkong"], "Asia/Hong_Kong"),
        (&["澳门", "macau", "macao"], "Asia/Macau"),
        (&["台北", "台湾", "taipei", "taiwan"], "Asia/Taipei"),
        (
            &[
                "北京",
                "中国",
                "东八区",
                "beijing",
                "china",
                "prc",
                "peking",
            ],
            "Asia/Shanghai",
        ),
    ];
    if plain == "cst" {
        return Some("Asia/Shanghai");
    }
    PLACES
        .iter()
        .find(|(names, _)| names.iter().any(|name| plain.contains(name)))
        .map(|(_, zone)| *zone)
}

/// The hours east of UTC in `utc+8`, `gmt+08:00`, `+0800`, `utc` (lower case,
/// no spaces), if that is what was written.
fn utc_offset(plain: &str) -> Option<i8> {
    let rest = ["utc", "gmt"]
        .iter()
        .find_map(|prefix| plain.strip_prefix(prefix))
        .unwrap_or(plain);
    if rest.is_empty() && plain != rest {
        return Some(0);
    }
    let (sign, digits) = match rest.chars().next()? {
        '+' | '＋' => (1, &rest[rest.chars().next()?.len_utf8()..]),
        '-' | '－' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let hours = match digits.split_once(':') {
        Some((hours, "00")) => hours,
        Some(_) => return None,
        None if digits.len() == 4 && digits.ends_with("00") => &digits[..2],
        None => digits,
    };
    if hours.is_empty() || hours.len() > 2 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i8 = hours.parse().ok()?;
    (hours <= 14).then_some(sign * hours)
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
    /// The configuration `text` (placard.yaml, decoded) says, checked; else
    /// every error it holds (all but a syntax error, after which nothing can
    /// be read), each at its line, in the order of the lines.
    pub(crate) fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let (config, mut errors) = yaml::parse_every::<Config>(text, file, 1);
        let written = Written(yaml::Tree::read(text));
        // Each stage adds the errors of places the ones before it left alone:
        // a wrong value is not also a failed check.
        if let Some(tree) = &written.0 {
            let unknown = yaml::unknown_keys(tree, file, 1, &keys_of);
            add_on_other_places(&mut errors, unknown);
        }
        let Some(mut config) = config else {
            return Err(errors);
        };
        let checked = config.normalise(&written);
        add_on_other_places(&mut errors, checked);
        if !errors.is_empty() {
            errors.sort_by_key(|error| (error.line, error.column));
            return Err(errors);
        }
        config.theme_line = written.value(&["theme"]).line;
        Ok(config)
    }

    /// `base_url` replaced by `--base-url`, which is checked as placard.yaml's is.
    pub(crate) fn override_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        if !valid_base_url(url) {
            return Err(Diagnostic::error(say::bad_base_url_option(url))
                .with_hint(say::bad_base_url_option_hint()));
        }
        self.base_url = url.trim_end_matches('/').to_string();
        Ok(())
    }

    /// Checks what serde cannot and fills in what follows from the rest;
    /// `written` gives each error its line. Every check is made, whatever
    /// the others find.
    fn normalise(&mut self, written: &Written) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        if written.value(&["title"]).line.is_none() {
            errors.push(written.key(&[]).missing("title"));
        }
        if valid_base_url(&self.base_url) {
            self.base_url = self.base_url.trim_end_matches('/').to_string();
        } else {
            errors.push(
                written
                    .value(&["base_url"])
                    .error(say::bad_base_url(&self.base_url), say::bad_base_url_hint()),
            );
        }
        for code in self.languages.keys() {
            if written.value(&["languages", code, "name"]).line.is_none() {
                errors.push(written.key(&["languages", code]).missing("name"));
            }
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
        for code in self.languages.keys() {
            if !valid_language_code(code) {
                let at = match written.key(&["languages", code]) {
                    found @ Place { line: Some(_), .. } => found,
                    _ => written.value(&["default_language"]),
                };
                errors.push(at.error(
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
            errors.push(at.error(
                say::default_language_unknown(&self.default_language, &codes),
                hint,
            ));
        }
        // The default language comes first everywhere (switchers, sitemaps).
        let default = self.default_language.clone();
        self.languages
            .sort_by(|a, _, b, _| (a != &default).cmp(&(b != &default)));
        if jiff::tz::TimeZone::get(&self.timezone).is_err() {
            errors.push(written.value(&["timezone"]).error(
                say::unknown_timezone(&self.timezone),
                timezone_hint(&self.timezone),
            ));
        }
        if !valid_theme_name(&self.theme) {
            errors.push(
                written
                    .value(&["theme"])
                    .error(say::bad_theme_name(&self.theme), say::bad_theme_name_hint()),
            );
        }
        if self.paginate == 0 {
            errors.push(
                written
                    .value(&["paginate"])
                    .error(say::paginate_zero(), say::paginate_zero_hint()),
            );
        }
        if self.limits.max_file_size == 0 {
            errors.push(written.value(&["limits", "max_file_size"]).error(
                say::max_file_size_zero(),
                say::max_file_size_zero_hint(default_max_file_size()),
            ));
        }
        if let Some(government) = &mut self.government {
            errors.extend(government.normalise(written));
        }
        errors
    }

    /// The topics a disclosed document may have: the site's, else the national list.
    pub(crate) fn topics(&self) -> Vec<String> {
        self.government
            .as_ref()
            .map_or_else(national_topics, |g| g.topics.clone())
    }

    /// The prefix of the site's index numbers, if it has one.
    pub(crate) fn disclosure_code(&self) -> Option<&str> {
        self.government.as_ref()?.disclosure_code.as_deref()
    }

    /// The host of base_url (`www.example.gov.cn`, without a port): `SiteDomain`.
    pub(crate) fn site_domain(&self) -> &str {
        let origin = self.origin();
        let host = origin.split_once("://").map_or(origin, |(_, host)| host);
        host.split(':').next().unwrap_or(host)
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

impl Government {
    /// Checks each record's shape (every one, whatever the others find);
    /// blanks around them are dropped.
    fn normalise(&mut self, written: &Written) -> Vec<Diagnostic> {
        use crate::messages::government as say;
        let at = |key: &str| written.value(&["government", key]);
        let mut errors = Vec::new();
        for key in ["site_code", "organiser"] {
            if at(key).line.is_none() {
                errors.push(written.key(&["government"]).missing(key));
            }
        }
        self.site_code = self.site_code.trim().to_string();
        if !valid_site_code(&self.site_code) && at("site_code").line.is_some() {
            errors.push(at("site_code").error(
                say::site_code_invalid(&self.site_code),
                say::site_code_hint(),
            ));
        }
        self.organiser = self.organiser.trim().to_string();
        if self.organiser.is_empty() && at("organiser").line.is_some() {
            errors
                .push(at("organiser").error(say::record_empty("organiser"), say::organiser_hint()));
        }
        for (key, record) in [
            ("icp", &mut self.icp),
            ("police_record", &mut self.police_record),
        ] {
            if let Some(value) = record {
                *value = value.trim().to_string();
                if value.is_empty() {
                    errors.push(at(key).error(say::record_empty(key), say::record_empty_hint(key)));
                }
            }
        }
        if let Some(code) = &mut self.disclosure_code {
            *code = code.trim().to_string();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                errors.push(at("disclosure_code").error(
                    say::disclosure_code_invalid(code),
                    say::disclosure_code_hint(),
                ));
            }
        }
        for topic in &mut self.topics {
            *topic = topic.trim().to_string();
        }
        self.topics.retain(|topic| !topic.is_empty());
        if self.topics.is_empty() {
            errors.push(at("topics").error(say::topics_empty(), say::topics_hint()));
        }
        for (i, topic) in self.topics.iter().enumerate() {
            if self.topics[..i].contains(topic) {
                errors.push(
                    at("topics").error(say::topic_repeated(topic), say::topic_repeated_hint()),
                );
            }
        }
        errors
    }
}

/// 网站标识码: 10 digits (a region's code and a serial), or `bm` and 8 digits
/// (a department's site).
fn valid_site_code(code: &str) -> bool {
    let digits = code.strip_prefix("bm").unwrap_or(code);
    code.len() == 10 && digits.chars().all(|c| c.is_ascii_digit())
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

/// The keys the mapping at `path` of placard.yaml may hold (None: any), as
/// serde reads them.
fn keys_of(path: &[&str]) -> Option<&'static [&'static str]> {
    match path {
        [] => Some(yaml::fields_of::<Config>()),
        ["languages", _] => Some(yaml::fields_of::<LanguageConfig>()),
        ["markdown"] => Some(yaml::fields_of::<MarkdownConfig>()),
        ["limits"] => Some(yaml::fields_of::<Limits>()),
        ["government"] => Some(yaml::fields_of::<Government>()),
        ["images"] => Some(yaml::fields_of::<ImagesYaml>()),
        _ => None,
    }
}

/// `more` added to `errors`, but for those at a place that already has one
/// (the same line and column, or the same line when either has no column).
fn add_on_other_places(errors: &mut Vec<Diagnostic>, more: Vec<Diagnostic>) {
    let taken: Vec<(Option<usize>, Option<usize>)> =
        errors.iter().map(|e| (e.line, e.column)).collect();
    let free = |error: &Diagnostic| {
        !taken.iter().any(|(line, column)| {
            *line == error.line
                && (column.is_none() || error.column.is_none() || *column == error.column)
        })
    };
    let more: Vec<Diagnostic> = more.into_iter().filter(free).collect();
    errors.extend(more);
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
    /// The error of `key`, required in the mapping written here, missing.
    fn missing(&self, key: &str) -> Diagnostic {
        use crate::messages::yaml::{missing_key, missing_key_hint};
        Place {
            line: self.line.or(Some(1)),
            column: self.column,
        }
        .error(missing_key(key), missing_key_hint(key))
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(yaml: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(&format!("title: t\n{yaml}"))
    }

    /// The one error of `yaml` (a test fails when there are more).
    fn the_error(result: Result<Config, Vec<Diagnostic>>, yaml: &str) -> Diagnostic {
        match result.map_err(<[Diagnostic; 1]>::try_from) {
            Err(Ok([error])) => error,
            Err(Err(errors)) => panic!("{yaml}: more than one error: {errors:?}"),
            Ok(_) => panic!("{yaml}: no error"),
        }
    }

    #[test]
    fn a_timezone_written_as_officers_say_it_gets_its_iana_name_as_the_fix() {
        for (written, fix) in [
            ("北京时间", "`timezone: Asia/Shanghai`"),
            ("中国标准时间", "`timezone: Asia/Shanghai`"),
            ("东八区", "`timezone: Asia/Shanghai`"),
            ("Asia/Beijing", "`timezone: Asia/Shanghai`"),
            ("CST", "`timezone: Asia/Shanghai`"),
            ("China Standard Time", "`timezone: Asia/Shanghai`"),
            ("UTC+8", "`timezone: Asia/Shanghai`"),
            ("GMT+08:00", "`timezone: Asia/Shanghai`"),
            ("+0800", "`timezone: Asia/Shanghai`"),
            ("香港时间", "`timezone: Asia/Hong_Kong`"),
            ("UTC+9", "`timezone: Etc/GMT-9`"),
            ("UTC-5", "`timezone: Etc/GMT+5`"),
            ("Asia/Shangai", "`Asia/Shanghai`？"),
            ("火星时间", "用 IANA 时区名"),
        ] {
            let yaml = format!("timezone: \"{written}\"");
            let error = the_error(parsed(&yaml), &yaml);
            let hint = error.hint.expect("a hint").zh().to_string();
            assert!(hint.contains(fix), "{written}: {hint}");
        }
        // The Etc/ names the hints give are real ones.
        for zone in ["Etc/GMT-9", "Etc/GMT+5", "Asia/Hong_Kong"] {
            assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn the_site_domain_is_the_host_of_base_url() {
        for (base_url, host) in [
            ("https://www.longhu.gov.cn", "www.longhu.gov.cn"),
            ("https://www.longhu.gov.cn/portal/", "www.longhu.gov.cn"),
            ("http://www.longhu.gov.cn:8080/portal", "www.longhu.gov.cn"),
        ] {
            let config = parsed(&format!("base_url: {base_url}")).unwrap();
            assert_eq!(config.site_domain(), host, "{base_url}");
        }
    }

    #[test]
    fn a_government_block_is_checked_and_its_topics_default_to_the_national_list() {
        let government = "government:\n  site_code: \"bm36000001\"\n  organiser: \" 办公室 \"\n";
        let config = parsed(government).unwrap();
        let records = config.government.as_ref().unwrap();
        assert_eq!(records.organiser, "办公室");
        assert_eq!(config.topics(), NATIONAL_TOPICS.map(String::from));
        assert_eq!(config.disclosure_code(), None);
        assert!(parsed("").unwrap().government.is_none());

        for (wrong, line) in [
            (
                "government:\n  site_code: \"36012300\"\n  organiser: o\n",
                3,
            ),
            (
                "government:\n  site_code: \"3601230017\"\n  organiser: \"\"\n",
                4,
            ),
            (
                "government:\n  site_code: \"3601230017\"\n  organiser: o\n  disclosure_code: MB-1\n",
                5,
            ),
            (
                "government:\n  site_code: \"3601230017\"\n  organiser: o\n  topics: []\n",
                5,
            ),
        ] {
            let error = the_error(parsed(wrong), wrong);
            assert_eq!(error.line, Some(line), "{wrong}: {}", error.message);
        }
    }

    #[test]
    fn missing_required_keys_are_reported_with_the_other_mistakes() {
        let yaml = "languages:\n  zh: { title: 测试 }\n  EN: { name: English }\ngovernment:\n  icp: x\npaginate: 0\n";
        let errors = Config::parse(yaml).unwrap_err();
        let found: Vec<(Option<usize>, &str)> =
            errors.iter().map(|e| (e.line, e.message.en())).collect();
        assert_eq!(
            found,
            [
                (Some(1), "missing key `title`"),
                (Some(2), "missing key `name`"),
                (
                    Some(3),
                    "language code `EN` must be lowercase letters, like `zh` or `en`"
                ),
                (Some(4), "missing key `site_code`"),
                (Some(4), "missing key `organiser`"),
                (Some(6), "`paginate` must be at least 1"),
            ]
        );
    }

    fn load_config(images: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(&format!("title: Test\n{images}"))
    }

    #[test]
    fn images_settings_are_read_from_placard_yaml_with_defaults() {
        let config = load_config("").unwrap();
        assert_eq!(config.images, ImagesConfig::default());
        assert_eq!(config.images.widths, [480, 960, 1600]);
        assert_eq!(config.images.quality, 80);
        assert!(!config.images.keep_original);
        assert_eq!(config.images.warn_bytes, 10_000_000);
        assert_eq!(config.images.max_pixels, 120_000_000);

        let config = load_config(
            "images:\n  widths: [1200, 640, 640]\n  quality: 72\n  keep_original: true\n  warn_megabytes: 4\n  max_megapixels: 50\n",
        )
        .unwrap();
        assert_eq!(
            config.images,
            ImagesConfig {
                widths: vec![640, 1200],
                quality: 72,
                keep_original: true,
                warn_bytes: 4_000_000,
                max_pixels: 50_000_000,
            }
        );
    }

    #[test]
    fn wrong_images_settings_are_errors_at_their_line_of_placard_yaml() {
        let cases = [
            (
                "images:\n  widths: []\n",
                "images.widths is empty: give at least one width",
            ),
            (
                "images:\n  widths: [480, 0]\n",
                "images.widths has 0: each width is between 16 and 8192 pixels",
            ),
            (
                "images:\n  quality: 0\n",
                "images.quality is 0: JPEG quality is between 1 and 100 (80 is a good start)",
            ),
            (
                "images:\n  max_megapixels: 0\n",
                "images.max_megapixels is 0: it must be at least 1",
            ),
            (
                "images:\n  keep_orignal: true\n",
                "unknown key `keep_orignal`",
            ),
            (
                "images:\n  quality: 300\n",
                "images.quality is 300: JPEG quality is between 1 and 100",
            ),
            (
                "images:\n  warn_megabytes: 0\n",
                "images.warn_megabytes is 0: it must be at least 1",
            ),
        ];
        for (yaml, message) in cases {
            let error = the_error(load_config(yaml), yaml);
            assert!(error.message.en().contains(message), "{yaml}: {error:?}");
            // Line 1 is the title, 2 `images:`, 3 the wrong value.
            assert_eq!(error.line, Some(3), "{yaml}: {error:?}");
        }
    }
}
