//! Rules for names and paths that become parts of URLs and of the output
//! folder: a relative output path that cannot leave it, a slug or alias that is
//! one safe segment (or a path of them), names no URL reaches, names Windows
//! cannot hold. A leaf: load, the model, outputs and write all ask it.

use std::path::{Component, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::messages::{Text, paths as say};

/// A relative output path, refused if any part of it could leave the output
/// folder here or on Windows (where `\\` separates and `C:` names a drive).
pub(crate) fn safe_relative(path: &str) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: Text| {
        Diagnostic::error(say::refusing_to_write(path, &why))
            .with_hint(say::refusing_to_write_hint())
    };
    if path.is_empty() {
        return Err(refuse(say::path_empty()));
    }
    if path.contains('\\') {
        return Err(refuse(say::path_backslash()));
    }
    if path.contains(':') {
        return Err(refuse(say::path_colon()));
    }
    if path.contains('\0') {
        return Err(refuse(say::path_nul()));
    }
    let relative = PathBuf::from(path);
    for component in relative.components() {
        match component {
            Component::Normal(_) => {}
            Component::ParentDir => {
                return Err(refuse(say::path_parent()));
            }
            _ => return Err(refuse(say::path_not_relative())),
        }
    }
    Ok(relative)
}

/// Why `name` (a slug, or a file or folder name that becomes one segment of a
/// URL) could not be reached at its URL, if it could not: a browser ends the
/// path at `#` or `?`, and a server decodes `%2e%2e` or `%2F` (or fails on a
/// lone `%`), so the page or file is published where no link leads.
pub(crate) fn url_segment_problem(name: &str) -> Option<Text> {
    if name.contains('#') {
        Some(say::has_hash())
    } else if name.contains('?') {
        Some(say::has_question_mark())
    } else if name.contains('%') {
        Some(say::has_percent())
    } else {
        None
    }
}

/// Why `name` (one file or folder name) cannot exist on Windows, if it cannot:
/// `<>:"/\|?*` and control characters, a trailing dot or space, or a device
/// name such as `CON` or `com1.txt`.
pub(crate) fn windows_name_problem(name: &str) -> Option<Text> {
    if let Some(c) = name
        .chars()
        .find(|c| "<>:\"/\\|?*".contains(*c) || c.is_control())
    {
        return Some(say::has_character(&c.escape_default().to_string()));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(say::ends_with_dot_or_space());
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let device = matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ["COM", "LPT"].iter().any(|prefix| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() <= 2 && n.chars().count() == 1 && "0123456789¹²³".contains(n))
    });
    device.then(|| say::windows_device(stem))
}

/// Characters that must not appear in one path segment on any system we publish from.
const FORBIDDEN_IN_SEGMENT: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|', '\0'];

/// A slug is one safe path segment.
pub(crate) fn check_slug(slug: &str) -> Result<(), Text> {
    if slug.trim().is_empty() {
        return Err(say::is_empty());
    }
    if slug == "." || slug == ".." || slug.contains("..") {
        return Err(say::leaves_folder());
    }
    if let Some(problem) = url_segment_problem(slug) {
        return Err(problem);
    }
    if let Some(c) = slug
        .chars()
        .find(|c| FORBIDDEN_IN_SEGMENT.contains(c) || c.is_control())
    {
        return Err(say::not_in_url_segment(&c.escape_default().to_string()));
    }
    // Sites are copied to Windows servers, where `con` or `a.` cannot be a folder.
    if let Some(problem) = windows_name_problem(slug) {
        return Err(problem);
    }
    Ok(())
}

/// An alias (`/old/path/` or `old/path`) → output folder, refusing anything that
/// could leave the output folder.
pub(crate) fn alias_path(alias: &str) -> Result<String, Text> {
    let trimmed = alias.trim();
    if trimmed.contains("://") {
        return Err(say::full_url());
    }
    let segments: Vec<&str> = trimmed
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if segments.is_empty() {
        return Err(say::site_root());
    }
    for segment in &segments {
        check_slug(segment)?;
    }
    let path = segments.join("/");
    Ok(path
        .strip_suffix("/index.html")
        .unwrap_or(&path)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    /// Strings made of the pieces that path attacks are made of.
    fn hostile_path() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("..".to_string()),
            Just(".".to_string()),
            Just("/".to_string()),
            Just("\\".to_string()),
            Just("C:".to_string()),
            Just(":".to_string()),
            Just("%2e%2e".to_string()),
            Just("%2F".to_string()),
            Just("#".to_string()),
            Just("?".to_string()),
            Just("\0".to_string()),
            Just(" ".to_string()),
            Just("con".to_string()),
            Just("COM1".to_string()),
            Just("~".to_string()),
            Just("中".to_string()),
            Just("\u{202e}".to_string()),
            "[a-z]{1,3}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    /// Joins `relative` onto an output folder the way Windows or Linux would:
    /// true if the result stays inside it.
    fn stays_inside(relative: &Path) -> bool {
        let mut depth = 0usize;
        for component in relative.components() {
            let Component::Normal(part) = component else {
                return false;
            };
            let part = part.to_string_lossy();
            // On Windows `\` separates folders and `X:` starts a drive.
            for piece in part.split('\\') {
                if piece.contains(':') || piece == ".." {
                    return false;
                }
                depth += 1;
            }
        }
        depth > 0
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_accepted_path_leaves_the_output(path in hostile_path()) {
            if let Ok(relative) = safe_relative(&path) {
                prop_assert!(stays_inside(&relative), "{path:?}");
                prop_assert!(relative.is_relative());
            }
        }

        #[test]
        fn an_accepted_slug_is_one_folder_inside_its_section(slug in hostile_path()) {
            if check_slug(&slug).is_ok() {
                let file = format!("en/notices/{slug}/index.html");
                let relative = safe_relative(&file).map_err(|d| TestCaseError::fail(d.message.en().to_string()))?;
                prop_assert!(stays_inside(&relative));
                prop_assert_eq!(relative.components().count(), 4, "{:?}", slug);
                prop_assert!(windows_name_problem(&slug).is_none());
                prop_assert!(!slug.contains(['#', '?', '%']), "{:?}", slug);
            }
        }

        #[test]
        fn an_accepted_alias_stays_inside_the_output(alias in hostile_path()) {
            if let Ok(path) = alias_path(&alias) {
                let relative = safe_relative(&format!("{path}/index.html"))
                    .map_err(|d| TestCaseError::fail(d.message.en().to_string()))?;
                prop_assert!(stays_inside(&relative), "{:?}", alias);
                for segment in path.split('/') {
                    prop_assert!(windows_name_problem(segment).is_none(), "{:?}", alias);
                    prop_assert!(!segment.contains(['#', '?', '%']), "{:?}", alias);
                }
            }
        }

        #[test]
        fn windows_names_are_judged_without_panicking(name in any::<String>()) {
            let _ = windows_name_problem(&name);
        }
    }

    #[test]
    fn names_windows_cannot_hold() {
        for bad in [
            "CON", "con.txt", "Com1.md", "lpt9", "aux .txt", "a.", "a ", "a<b", "a|b", "a?b",
            "a*b", "a\"b",
        ] {
            assert!(windows_name_problem(bad).is_some(), "{bad}");
        }
        for good in [
            "报名表.docx",
            "console",
            "com10",
            "a.b",
            "notice-1",
            "COM",
            "éé",
        ] {
            assert_eq!(windows_name_problem(good), None, "{good}");
        }
    }

    #[test]
    fn relative_paths_cannot_escape() {
        assert!(safe_relative("notices/x/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ""] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_and_aliases_cannot_leave_the_output() {
        assert!(check_slug("../x").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("C:x").is_err());
        assert!(check_slug("a\\b").is_err());
        assert!(check_slug("报名通知").is_ok());
        assert!(alias_path("/old/../../etc/").is_err());
        assert!(alias_path("C:\\Windows").is_err());
        assert_eq!(alias_path("/old/notice/").unwrap(), "old/notice");
    }
}
