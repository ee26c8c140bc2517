//! What placard says about mistakes that would change what is published (a
//! misspelt date or publication key, a key written in Chinese, tags run
//! together with full-width commas, sessions of one batch at the same time),
//! and the words `init`, `new` and `check` use for sections.

use super::Text;

/// An unknown key one edit from a key that decides whether, where or until
/// when a page is published: the build stops.
pub(crate) fn misspelt_publication_key(key: &str, near: &str) -> Text {
    Text::new(
        format!(
            "未知的键 `{key}`：它很像 `{near}`，而 `{near}` 决定页面是否发布、在哪里发布、发布到何时；\
             写错了就会按没写处理，所以构建停止"
        ),
        format!(
            "unknown key `{key}`: it looks like `{near}`, which decides whether, where or until when \
             the page is published; misspelt, it would be ignored, so the build stops"
        ),
    )
}

/// The fix of a misspelt (or Chinese-named) key: the line as it should read.
pub(crate) fn write_key_as(fixed_line: &str) -> Text {
    Text::new(
        format!("改成：`{fixed_line}`"),
        format!("write it as `{fixed_line}`"),
    )
}

/// A key written in Chinese whose key decides publication: the build stops.
pub(crate) fn chinese_publication_key(key: &str, field: &str) -> Text {
    Text::new(
        format!(
            "键 `{key}` 要用英文写作 `{field}`：`{field}` 决定页面是否发布、发布到何时，\
             写成中文不会生效，所以构建停止"
        ),
        format!(
            "key `{key}` must be written `{field}`: `{field}` decides whether or until when the page \
             is published, and under a Chinese name it would be ignored, so the build stops"
        ),
    )
}

/// A key written in Chinese: ignored, with the key it stands for.
pub(crate) fn chinese_key(key: &str, field: &str) -> Text {
    Text::new(
        format!("键 `{key}` 要用英文写作 `{field}`；写成中文会被忽略"),
        format!(
            "key `{key}` is written `{field}` in front matter; under a Chinese name it is ignored"
        ),
    )
}

/// A Chinese key whose English key belongs to another kind of page.
pub(crate) fn chinese_key_of_another_kind(key: &str, field: &str, owner: &str) -> Text {
    Text::new(
        format!("键 `{key}` 即 `{field}`，但 `{field}` 只用于 {owner} 类页面；本页会忽略它"),
        format!(
            "key `{key}` stands for `{field}`, which only {owner} pages have; this page ignores it"
        ),
    )
}

/// The hint for a key of another kind: the kind to set.
pub(crate) fn set_kind(owner: &str) -> Text {
    Text::new(
        format!("如果这是 {owner} 类页面，请加一行 `kind: {owner}`"),
        format!("set `kind: {owner}` if this page is a {owner}"),
    )
}

/// Tags written in one value with full-width commas or 顿号: split.
pub(crate) fn tags_run_together(written: &str, count: usize) -> Text {
    Text::new(
        format!(
            "标签 `{written}` 用全角逗号或顿号分隔，已拆成 {count} 个标签；列表请用半角逗号分隔"
        ),
        format!(
            "tags `{written}` are separated by full-width commas or 、: read as {count} tags; \
             separate a list's items with `,`"
        ),
    )
}

/// Tags written as one text rather than a list: read as a list.
pub(crate) fn tags_not_a_list(written: &str, count: usize) -> Text {
    Text::new(
        format!("`tags` 应写成列表，而不是一段文字 `{written}`：已读作 {count} 个标签"),
        format!("`tags` is a list, not the text `{written}`: read as {count} tag(s)"),
    )
}

/// The fix of tags written run together: the list as it should read.
pub(crate) fn write_tags_as(fixed_line: &str) -> Text {
    Text::new(
        format!("改成：`{fixed_line}`"),
        format!("write it as `{fixed_line}`"),
    )
}

/// Two sessions of one batch (or of a course without batches) at the same time.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sessions_of_one_batch_overlap(
    batch: Option<&str>,
    date: &str,
    here: &str,
    here_module: &str,
    there_line: Option<usize>,
    there: &str,
    there_module: &str,
) -> Text {
    let line = line_name(there_line);
    let (line_zh, line_en) = (line.zh(), line.en());
    let (zh_of, zh_who, en_of) = match batch {
        Some(name) => (
            format!("同属{name}的"),
            "同一期学员",
            format!("of the same batch {name}"),
        ),
        None => ("的".to_string(), "学员", "of the same course".to_string()),
    };
    Text::new(
        format!(
            "{date} {here} 的课（{here_module}）与{line_zh}{zh_of}课（{there}，{there_module}）\
             时间重叠：{zh_who}不能同时上两节课"
        ),
        format!(
            "the session on {date} {here} ({here_module}) overlaps the session {en_of} on \
             {line_en} ({there}, {there_module}): trainees cannot attend both"
        ),
    )
}

/// How to fix two sessions of one batch at the same time.
pub(crate) fn move_one_session() -> Text {
    Text::new(
        "把其中一节课改到别的时间；如果两节课属于不同期次，请给它们写上 `batch:`",
        "move one of the two sessions to another time; if they belong to different batches, \
         give each its `batch:`",
    )
}

/// "line 12" / "第 12 行".
pub(crate) fn line_name(line: Option<usize>) -> Text {
    match line {
        Some(line) => Text::new(format!("第 {line} 行"), format!("line {line}")),
        None => Text::new("另一行", "another line"),
    }
}

/// The title of a section `init` and `new` know, for its `_index` file.
pub(crate) fn section_title(key: &str) -> Option<Text> {
    Some(match key {
        "notices" => Text::new("通知公告", "Notices"),
        "plans" => Text::new("工作计划", "Plans"),
        "trainings" => Text::new("培训信息", "Training"),
        _ => return None,
    })
}

/// A section's title in the language `lang` (a code, like `zh` or `en`): the
/// one `init` gives the sections it knows (in English for a language other
/// than Chinese), else the folder's name, for the officer to change.
pub(crate) fn section_title_in(key: &str, lang: &str) -> String {
    let folder = key.rsplit('/').next().unwrap_or(key);
    match section_title(key) {
        Some(title) if lang == "zh" || lang.starts_with("zh-") => title.zh().to_string(),
        Some(title) => title.en().to_string(),
        None => folder.to_string(),
    }
}

/// The title of the `about` page `init` writes.
pub(crate) fn about_title() -> Text {
    Text::new("关于本站", "About")
}

/// The body of the `about` page `init` writes: what the officer fills in.
pub(crate) fn about_body() -> Text {
    Text::new(
        "本站由某某县人民政府办公室主办，发布本县的通知公告、工作计划和培训信息。\n\n\
         联系电话：0551-1234567　地址：某某县人民政府二楼\n",
        "This site is run by the Office of Example County Government. It publishes the \
         county's notices, work plans and training courses.\n\n\
         Telephone: 0551-1234567. Address: 2nd floor, County Government.\n",
    )
}

/// A section that has no `_index` file in a language: its folder's name is
/// its title in the menu, the breadcrumbs and the headings.
pub(crate) fn section_without_title(key: &str, lang_name: &str, lang: &str) -> Text {
    Text::new(
        format!(
            "栏目 `{key}` 没有{lang_name}（{lang}）标题：导航、面包屑和栏目标题都会显示文件夹名 `{key}`"
        ),
        format!(
            "section `{key}` has no title in {lang_name} ({lang}): the menu, the breadcrumbs and \
             its heading show the folder name `{key}`"
        ),
    )
}

/// How to give a section its title.
pub(crate) fn give_section_a_title(file: &str, title: &str) -> Text {
    Text::new(
        format!(
            "新建 {file}，内容为 `---`、`title: {title}`、`---` 三行（`placard new` 会自动写好）"
        ),
        format!(
            "create {file} holding the three lines `---`, `title: {title}`, `---` \
             (`placard new` writes it for you)"
        ),
    )
}
