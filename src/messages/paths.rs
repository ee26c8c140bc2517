//! Why a name cannot be part of a URL or a file name on Windows: the second
//! half of a sentence ("slug `a#b` contains `#`, …"), which the messages
//! about slugs, aliases, attachments and file names begin.

use super::Text;

pub(crate) fn has_hash() -> Text {
    Text::new(
        "含有 `#`，网址在 `#` 处就断开了",
        "contains `#`, where a URL's path ends and its fragment begins",
    )
}

pub(crate) fn has_question_mark() -> Text {
    Text::new(
        "含有 `?`，网址在 `?` 处就断开了",
        "contains `?`, where a URL's path ends and its query begins",
    )
}

pub(crate) fn has_percent() -> Text {
    Text::new(
        "含有 `%`，服务器会把它当作 `%2F` 这样的转义",
        "contains `%`, which a server reads as the start of an escape such as `%2F`",
    )
}

/// `c` as written (escaped if it is a control character).
pub(crate) fn has_character(c: &str) -> Text {
    Text::new(format!("含有 `{c}`"), format!("contains `{c}`"))
}

pub(crate) fn ends_with_dot_or_space() -> Text {
    Text::new("以点或空格结尾", "ends with a dot or a space")
}

pub(crate) fn windows_device(stem: &str) -> Text {
    Text::new(
        format!("是 `{stem}`，这是 Windows 的设备名"),
        format!("is `{stem}`, a device name on Windows"),
    )
}

pub(crate) fn is_empty() -> Text {
    Text::new("是空的", "is empty")
}

pub(crate) fn leaves_folder() -> Text {
    Text::new(
        "含有 `..`，会跑到文件夹外面",
        "contains `..` and would leave its folder",
    )
}

pub(crate) fn not_in_url_segment(c: &str) -> Text {
    Text::new(
        format!("含有 `{c}`，网址的一段里不能有它"),
        format!("contains `{c}`, which is not allowed in a URL segment"),
    )
}

pub(crate) fn full_url() -> Text {
    Text::new(
        "是完整的网址；别名应当是本站内的路径",
        "is a full URL; an alias is a path inside the site",
    )
}

pub(crate) fn site_root() -> Text {
    Text::new("是网站的根目录", "is the site root")
}

pub(crate) fn not_utf8() -> Text {
    Text::new(
        "不是有效的 UTF-8（是用其他编码的系统保存的吗？）",
        "is not valid UTF-8 (saved by a system in another encoding?)",
    )
}

/// An output path that could leave the output folder; `why` ends the sentence.
pub(crate) fn refusing_to_write(path: &str, why: &Text) -> Text {
    Text::new(
        format!("拒绝写入 `{path}`：{}", why.zh()),
        format!("refusing to write `{path}`: {}", why.en()),
    )
}

pub(crate) fn refusing_to_write_hint() -> Text {
    Text::new(
        "给文件改名，或修改它所来自的 `slug` 或别名",
        "rename the file, or change the `slug` or alias it comes from",
    )
}

pub(crate) fn path_empty() -> Text {
    Text::new("路径是空的", "the path is empty")
}

pub(crate) fn path_backslash() -> Text {
    Text::new(
        "其中有 `\\`，这在 Windows 上是文件夹分隔符",
        "it contains `\\`, a folder separator on Windows",
    )
}

pub(crate) fn path_colon() -> Text {
    Text::new(
        "其中有 `:`，这在 Windows 上表示盘符",
        "it contains `:`, a drive letter on Windows",
    )
}

pub(crate) fn path_nul() -> Text {
    Text::new("其中有 NUL 字符", "it contains a NUL character")
}

pub(crate) fn path_parent() -> Text {
    Text::new(
        "其中有 `..`，会跑到输出文件夹外面",
        "it contains `..` and would leave the output folder",
    )
}

pub(crate) fn path_not_relative() -> Text {
    Text::new(
        "它不是输出文件夹里的相对路径",
        "it is not a relative path inside the output folder",
    )
}
