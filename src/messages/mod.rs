//! What placard says to the officer, in Chinese and English.
//!
//! Every message is a [`Text`]: both languages side by side, built in one
//! function of the catalogue (a file of this folder per part of the program).
//! Which language is printed is decided once, when it is printed
//! ([`Lang::for_site`]): the site's `default_language`, unless `PLACARD_LANG`
//! says `zh` or `en`. Code that finds a problem never chooses the language.

pub(crate) mod cache;
pub(crate) mod check;
pub mod cli;
pub mod commands;
pub(crate) mod config;
pub(crate) mod dates;
pub(crate) mod front_matter;
pub(crate) mod government;
pub(crate) mod images;
pub(crate) mod inspection;
pub(crate) mod load;
pub(crate) mod markdown;
pub(crate) mod outputs;
pub(crate) mod paths;
pub(crate) mod publishing;
pub(crate) mod serve;
pub mod summary;
pub(crate) mod validate;
pub(crate) mod write;
pub(crate) mod yaml;

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The language messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `PLACARD_LANG` when it says `zh` or `en`; else Chinese for a site whose
    /// default language is Chinese (`zh`, `zh-…`), English for any other; and
    /// Chinese when there is no site to ask (or its `placard.yaml` cannot be
    /// read): placard's users are Chinese offices first.
    pub fn for_site(default_language: Option<&str>) -> Lang {
        if let Some(chosen) = Lang::chosen() {
            return chosen;
        }
        match default_language {
            Some(code) if !is_chinese(code) => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// The language for the site at `root`: its `placard.yaml`'s
    /// `default_language` (read leniently: a broken file says nothing, and
    /// its errors are reported by the command itself).
    pub fn for_root(root: &Path) -> Lang {
        if let Some(chosen) = Lang::chosen() {
            return chosen;
        }
        Lang::for_site(crate::load::default_language(root).as_deref())
    }

    /// What `PLACARD_LANG` asks for, if it names a language placard speaks.
    fn chosen() -> Option<Lang> {
        match std::env::var("PLACARD_LANG").ok()?.trim() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            code if is_chinese(code) => Some(Lang::Zh),
            code if code.starts_with("en-") || code.starts_with("en_") => Some(Lang::En),
            _ => None,
        }
    }
}

fn is_chinese(code: &str) -> bool {
    code == "zh" || code.starts_with("zh-") || code.starts_with("zh_")
}

/// A message in both languages (boxed: a diagnostic carries two of them and
/// stays small).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Text(Box<Pair>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
struct Pair {
    zh: Cow<'static, str>,
    en: Cow<'static, str>,
}

impl Text {
    /// A message written in both languages.
    pub(crate) fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Text {
        Text(Box::new(Pair {
            zh: zh.into(),
            en: en.into(),
        }))
    }

    /// The same words in both languages: a path, a quoted line of the
    /// author's, a number — text that is not a sentence of ours.
    pub(crate) fn verbatim(text: impl Into<Cow<'static, str>>) -> Text {
        let text = text.into();
        Text::new(text.clone(), text)
    }

    /// The message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.0.zh,
            Lang::En => &self.0.en,
        }
    }

    /// The English message (tests, logs).
    pub fn en(&self) -> &str {
        &self.0.en
    }

    /// The Chinese message.
    pub fn zh(&self) -> &str {
        &self.0.zh
    }
}

/// English, as logs and test failures show a message.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

/// The words around a diagnostic: its labels.
pub(crate) mod labels {
    use super::Lang;

    /// "error" / "错误".
    pub(crate) fn error(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "错误",
            Lang::En => "error",
        }
    }

    /// "warning" / "警告".
    pub(crate) fn warning(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "警告",
            Lang::En => "warning",
        }
    }

    /// "hint" / "提示".
    pub(crate) fn hint(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "提示",
            Lang::En => "hint",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_printed_in_the_language_asked_for() {
        let text = Text::new("日期请写成 2026-12-07", "write the date as 2026-12-07");
        assert_eq!(text.in_lang(Lang::Zh), "日期请写成 2026-12-07");
        assert_eq!(text.in_lang(Lang::En), "write the date as 2026-12-07");
        assert_eq!(text.to_string(), "write the date as 2026-12-07");
    }
}
