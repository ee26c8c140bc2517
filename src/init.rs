//! `placard init DIR`: a new site (placard.yaml, a home page, the sections
//! and an about page in each language; with `--theme`, a copy of the default
//! theme to change) in a new or empty folder, written through no link.
//!
//! Without `--theme` the site uses the theme compiled into placard, so a newer
//! placard brings its theme's fixes with it; a copy stays as it was copied.

use crate::messages::commands::{self as say, NotNewOrEmpty};
use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::create::create_new_file;
use crate::diagnostics::Diagnostic;
use crate::load::theme::default_theme_files;
use crate::messages::{Lang, publishing};
use crate::new::section_index;

/// Creates a new site in `dir`, which must be missing, empty, or hold only `.git`
/// (a repository just made or cloned for the site); with `with_theme`, a copy
/// of the default theme in `themes/default/`, to change.
pub fn init(dir: &Path, with_theme: bool) -> Result<(), Diagnostic> {
    check_new_or_empty(dir)?;
    std::fs::create_dir_all(dir).map_err(|err| {
        Diagnostic::error(say::cannot_create(
            &dir.display().to_string(),
            &err.to_string(),
        ))
    })?;
    let site = [
        (CONFIG_FILE.to_string(), INIT_CONFIG.as_bytes().to_vec()),
        (
            "content/_index.md".to_string(),
            INIT_HOME.as_bytes().to_vec(),
        ),
        (
            "content/_index.en.md".to_string(),
            INIT_HOME_EN.as_bytes().to_vec(),
        ),
    ];
    let theme = default_theme_files()
        .into_iter()
        .filter(|_| with_theme)
        .map(|(rel, bytes)| (format!("themes/default/{rel}"), bytes.to_vec()));
    for (rel, bytes) in site.into_iter().chain(sections()).chain(theme) {
        create_new_file(dir, Path::new(&rel), &bytes, dir)?;
    }
    Ok(())
}

/// The sections a county office publishes, titled in both languages (通知公告 /
/// Notices, 工作计划 / Plans, 培训信息 / Training), and the about page: so that
/// a new site's menu, breadcrumbs and headings read as words, not folder names.
fn sections() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for key in ["notices", "plans", "trainings"] {
        for (lang, suffix) in [("zh", ".md"), ("en", ".en.md")] {
            files.push((
                format!("content/{key}/_index{suffix}"),
                section_index(key, lang).into_bytes(),
            ));
        }
    }
    let (title, body) = (publishing::about_title(), publishing::about_body());
    for (lang, suffix) in [(Lang::Zh, ".md"), (Lang::En, ".en.md")] {
        files.push((
            format!("content/about{suffix}"),
            format!(
                "---\ntitle: {}\n---\n\n{}",
                title.in_lang(lang),
                body.in_lang(lang)
            )
            .into_bytes(),
        ));
    }
    files
}

/// `dir` is missing, or a real folder (not a link) holding nothing but `.git`.
fn check_new_or_empty(dir: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: NotNewOrEmpty| {
        Diagnostic::error(say::not_new_or_empty(&dir.display().to_string(), why))
            .with_hint(say::not_new_or_empty_hint())
    };
    let meta = match dir.symlink_metadata() {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(refuse(NotNewOrEmpty::Unreadable(&err.to_string()))),
        Ok(meta) => meta,
    };
    if meta.is_symlink() {
        return Err(refuse(NotNewOrEmpty::Link));
    }
    if !meta.is_dir() {
        return Err(refuse(NotNewOrEmpty::File));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|err| refuse(NotNewOrEmpty::Unreadable(&err.to_string())))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    names.sort();
    match names.first() {
        None => Ok(()),
        Some(first) => Err(refuse(NotNewOrEmpty::Holds(first, names.len() > 1))),
    }
}

const INIT_CONFIG: &str = "title: 某某县人民政府信息公开\nbase_url: https://www.example.gov.cn\ndefault_language: zh\nlanguages:\n  zh: { name: 中文, title: 某某县人民政府信息公开 }\n  en: { name: English, title: Example County Government }\ntimezone: Asia/Shanghai\ntheme: default\n";
const INIT_HOME: &str = "---\ntitle: 首页\n---\n\n欢迎访问。\n";
const INIT_HOME_EN: &str = "---\ntitle: Home\n---\n\nWelcome.\n";
