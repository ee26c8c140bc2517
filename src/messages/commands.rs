//! What the commands say besides their diagnostics' summary: `new` and
//! `init`'s refusals, the lines a build prints when it is over, the stages of
//! its progress bar, and `check`'s heading of each file.

use super::Text;

pub(crate) fn unknown_language(code: &str) -> Text {
    Text::new(
        format!("未知语言 `{code}`"),
        format!("unknown language `{code}`"),
    )
}

pub(crate) fn languages_are(known: &[&str]) -> Text {
    let known = known.join(", ");
    Text::new(
        format!("本站的语言有：{known}"),
        format!("the site's languages are {known}"),
    )
}

/// Why `placard new TARGET` is refused.
pub(crate) enum BadTarget<'a> {
    NotAPath,
    OneName(&'a str),
    BadSegment(&'a str, &'a Text),
    NotAPageName(&'a str),
    /// A `..` segment.
    GoesUp,
    /// A path on the disk outside the site's `content/`.
    OutsideContent,
}

pub(crate) fn bad_target(target: &str, why: BadTarget) -> Text {
    let (zh, en) = match why {
        BadTarget::NotAPath => ("不是页面路径".to_string(), "is not a page path".to_string()),
        BadTarget::OneName(name) => (
            format!(
                "只有一个名字，不是 栏目/网址名：放在 content/{name}.md 的页面会占用同名栏目的网址"
            ),
            format!(
                "is one name, not SECTION/SLUG: a page at content/{name}.md would take the URL of a section of that name"
            ),
        ),
        BadTarget::BadSegment(segment, why) => (
            format!("中的 `{segment}` {}", why.zh()),
            format!("has a segment `{segment}` that {}", why.en()),
        ),
        BadTarget::GoesUp => (
            "含有 `..`，会跑到 content/ 外面".to_string(),
            "has a `..`, which would leave content/".to_string(),
        ),
        BadTarget::OutsideContent => (
            "是磁盘上的路径，不在网站的 content/ 里".to_string(),
            "is a path on the disk, not inside the site's content/".to_string(),
        ),
        BadTarget::NotAPageName(segment) => (
            format!("中的 `{segment}` 不会被 placard 当作页面"),
            format!("has a segment `{segment}` that placard would not read as a page"),
        ),
    };
    Text::new(format!("`{target}` {zh}"), format!("`{target}` {en}"))
}

pub(crate) fn bad_target_hint() -> Text {
    Text::new(
        "写成 栏目/网址名，如 notices/spring-campaign",
        "write SECTION/SLUG, like notices/spring-campaign",
    )
}

pub(crate) fn cannot_create(dir: &str, err: &str) -> Text {
    Text::new(
        format!("无法创建 {dir}：{err}"),
        format!("cannot create {dir}: {err}"),
    )
}

/// Why `placard init DIR` does not write into DIR.
pub(crate) enum NotNewOrEmpty<'a> {
    Unreadable(&'a str),
    Link,
    File,
    /// The first name it holds, and whether there are more.
    Holds(&'a str, bool),
}

pub(crate) fn not_new_or_empty(dir: &str, why: NotNewOrEmpty) -> Text {
    let (zh, en) = match why {
        NotNewOrEmpty::Unreadable(err) => {
            (format!("读取不了：{err}"), format!("cannot be read: {err}"))
        }
        NotNewOrEmpty::Link => (
            "是符号链接：placard init 从不通过链接写入".to_string(),
            "is a symbolic link: placard init never writes through a link".to_string(),
        ),
        NotNewOrEmpty::File => (
            "是文件，不是文件夹".to_string(),
            "is a file, not a folder".to_string(),
        ),
        NotNewOrEmpty::Holds(first, more) => (
            format!(
                "不是空的（里面有 {first}{}）：placard init 只在新的或空的文件夹里建网站",
                if more { " 等" } else { "" }
            ),
            format!(
                "is not empty (it holds {first}{}): placard init writes a new site only into a new or empty folder",
                if more { " and more" } else { "" }
            ),
        ),
    };
    Text::new(format!("{dir} {zh}"), format!("{dir} {en}"))
}

pub(crate) fn not_new_or_empty_hint() -> Text {
    Text::new(
        "为网站选一个新的或空的文件夹，如 `placard init my-site`",
        "choose a new or empty folder for the site, such as `placard init my-site`",
    )
}

// ───────────────────────────── when a command is over ─────────────────────────────

/// `build`'s last line: pages per language (`8 zh, 4 en`), files, size, time, where.
pub fn built(
    pages: usize,
    per_language: &str,
    files: usize,
    unchanged: usize,
    megabytes: f64,
    seconds: f64,
    output: &str,
) -> Text {
    let (unchanged_zh, unchanged_en) = match unchanged {
        0 => (String::new(), String::new()),
        n => (format!("（{n} 个未变）"), format!(" ({n} unchanged)")),
    };
    Text::new(
        format!(
            "已生成 {pages} 个页面（{per_language}），{files} 个文件{unchanged_zh}，{megabytes:.1} MB，用时 {seconds:.2} 秒 → {output}"
        ),
        format!(
            "built {pages} pages ({per_language}), {files} files{unchanged_en}, {megabytes:.1} MB in {seconds:.2} s → {output}"
        ),
    )
}

/// The size of each language's search index, and what a first query loads
/// at most: `search index: zh 1.2 MB, first query ≤ 96 KB; en …`. Each
/// language is `(code, total, first query)`, the sizes written out.
pub fn search_budget(languages: &[(&str, String, String)]) -> Text {
    let zh: Vec<String> = languages
        .iter()
        .map(|(lang, total, first)| format!("{lang} {total}，首次查询最多下载 {first}"))
        .collect();
    let en: Vec<String> = languages
        .iter()
        .map(|(lang, total, first)| format!("{lang} {total}, first query ≤ {first}"))
        .collect();
    Text::new(
        format!("搜索索引：{}", zh.join("；")),
        format!("search index: {}", en.join("; ")),
    )
}

/// `new`: the file it made.
pub fn created_page(path: &str) -> Text {
    Text::new(format!("已创建 {path}"), format!("created {path}"))
}

/// `init`: the folder of the new site.
pub fn created_site(dir: &str) -> Text {
    Text::new(
        format!("已在 {dir} 创建新网站；用 `placard build --root {dir}` 生成"),
        format!("created a new site in {dir}; build it with `placard build --root {dir}`"),
    )
}

/// `check`'s heading of the diagnostics of one file.
pub fn file_heading(file: Option<&str>, errors: usize, warnings: usize) -> Text {
    let (zh, en) = match file {
        Some(file) => (file.to_string(), file.to_string()),
        None => ("（整个网站）".to_string(), "(the site)".to_string()),
    };
    Text::new(
        format!("── {zh}：{errors} 个错误，{warnings} 个警告"),
        format!("── {en}: {errors} error(s), {warnings} warning(s)"),
    )
}

// ───────────────────────────── a build's progress ─────────────────────────────

pub(crate) fn reading_content() -> Text {
    Text::new("读取内容", "reading content")
}

pub(crate) fn pages_and_search() -> Text {
    Text::new("页面和搜索", "pages and search")
}

pub(crate) fn replacing_output() -> Text {
    Text::new("替换输出", "replacing the output")
}

/// The report's last line: a build of everything, and why.
pub fn built_everything(why: Option<&Text>) -> Text {
    match why {
        None => Text::new("已全部重新构建", "built everything"),
        Some(why) => Text::new(
            format!("已全部重新构建：{}", why.zh()),
            format!("built everything: {}", why.en()),
        ),
    }
}

/// The report's last line: nothing to do.
pub fn nothing_changed() -> Text {
    Text::new(
        "上次构建后没有改动：输出保持原样",
        "nothing changed since the last build: the output was left as it was",
    )
}

/// The report's last line: an incremental build.
pub fn built_incrementally(pages: usize, outputs: usize, written: usize) -> Text {
    Text::new(
        format!(
            "增量构建：{pages} 个改动的页面，重新生成 {outputs} 个文件，其中 {written} 个有变化"
        ),
        format!(
            "incremental: {pages} edited page(s), {outputs} outputs made again, {written} of them changed"
        ),
    )
}
