//! What placard says about what pages say: a notice's validity and
//! attachments, a plan's period, a training's modules, sessions and batches.

use super::Text;

pub(crate) fn did_you_mean(near: &str) -> Text {
    super::yaml::did_you_mean(near)
}

/// "line 12" / "第 12 行", or "another line" when it is not known.
fn line_name(line: Option<usize>) -> (String, String) {
    match line {
        Some(line) => (format!("第 {line} 行"), format!("line {line}")),
        None => ("另一行".to_string(), "another line".to_string()),
    }
}

pub(crate) fn valid_until_before_date(until: &str, date: &str) -> Text {
    Text::new(
        format!("`valid_until` {until} 早于通知的发布日期 `date` {date}"),
        format!("`valid_until` {until} is before the notice's `date` {date}"),
    )
}

pub(crate) fn valid_until_before_date_hint() -> Text {
    Text::new(
        "通知从发布日期起有效，到 valid_until 为止；请检查年份",
        "a notice is valid from its date until valid_until; check the year",
    )
}

pub(crate) fn period_reversed(end: &str, start: &str) -> Text {
    Text::new(
        format!("计划的 `period` 结束日期 {end} 早于开始日期 {start}"),
        format!("the plan's `period` ends on {end} before it starts on {start}"),
    )
}

pub(crate) fn period_reversed_hint() -> Text {
    Text::new(
        "写成 `period: { start: 2026-01-01, end: 2026-12-31 }`，较早的日期是 start",
        "write `period: { start: YYYY-MM-DD, end: YYYY-MM-DD }` with the earlier date as start",
    )
}

pub(crate) fn attachment_not_in_bundle(name: &str) -> Text {
    Text::new(
        format!("附件 `{name}` 不是页面文件夹里的文件"),
        format!("attachment `{name}` is not a file inside the page bundle"),
    )
}

pub(crate) fn attachment_not_in_bundle_hint() -> Text {
    Text::new(
        "写与 index.md 放在一起的文件名，如 `报名表.docx`：不带文件夹，不写 `..`",
        "name a file that lies beside index.md, like `报名表.docx`: no folders, no `..`",
    )
}

/// `problem` is what `paths` says of the name, in English.
pub(crate) fn attachment_unreachable(name: &str, problem: &Text) -> Text {
    Text::new(
        format!("附件 `{name}` {}：没有链接能打开这个文件", problem.zh()),
        format!(
            "attachment `{name}` {}: no link would reach the file",
            problem.en()
        ),
    )
}

pub(crate) fn attachment_unreachable_hint() -> Text {
    Text::new(
        "把文件和附件名改成只用字母、数字、`-` 或 `_`（可以用汉字）",
        "rename the file and the attachment with letters, digits, `-` or `_` (Chinese is fine)",
    )
}

pub(crate) fn attachment_without_bundle(name: &str) -> Text {
    Text::new(
        format!("找不到附件 `{name}`：这条通知不是页面文件夹（bundle）"),
        format!("attachment `{name}` cannot be found: this notice is not a page bundle"),
    )
}

pub(crate) fn attachment_without_bundle_hint(file: &str, name: &str) -> Text {
    Text::new(
        format!("把 {file} 放进一个单独的文件夹并改名为 index.md，再把 {name} 放在它旁边"),
        format!("move {file} to a folder of its own as index.md and put {name} beside it"),
    )
}

pub(crate) fn attachment_missing(name: &str) -> Text {
    Text::new(
        format!("页面文件夹里没有附件 `{name}`"),
        format!("attachment `{name}` does not exist in the page bundle"),
    )
}

pub(crate) fn attachment_missing_hint(bundle: &str) -> Text {
    Text::new(
        format!("把文件放进 content/{bundle}/，与 index.md 放在一起"),
        format!("put the file in content/{bundle}/, beside index.md"),
    )
}

pub(crate) fn module_id_twice(id: &str, first: Option<usize>) -> Text {
    let (zh, en) = line_name(first);
    Text::new(
        format!("模块编号 `{id}` 用了两次（第一次在{zh}）"),
        format!("module id `{id}` is used twice (first on {en})"),
    )
}

pub(crate) fn module_id_twice_hint() -> Text {
    Text::new(
        "每个模块要有自己的 `id`；课程安排靠 id 找到模块",
        "give every module its own `id`; sessions refer to modules by id",
    )
}

pub(crate) fn unknown_module(date: &str, module: &str) -> Text {
    Text::new(
        format!("{date} 的课程写的模块 `{module}` 不存在"),
        format!("session on {date} refers to unknown module `{module}`"),
    )
}

pub(crate) fn no_modules_hint() -> Text {
    Text::new(
        "在 `modules:` 下列出课程的模块，每个模块写一个 `id`",
        "list the course's modules under `modules:` with an `id` each",
    )
}

pub(crate) fn modules_are(ids: &[&str]) -> Text {
    let ids = ids.join(", ");
    Text::new(
        format!("已有的模块：{ids}"),
        format!("the modules are {ids}"),
    )
}

pub(crate) fn session_ends_before_start(date: &str, end: &str, start: &str) -> Text {
    Text::new(
        format!("{date} 的课程结束时间 {end} 早于开始时间 {start}"),
        format!("session on {date} ends at {end} before it starts at {start}"),
    )
}

pub(crate) fn session_ends_before_start_hint() -> Text {
    Text::new(
        "时间用 24 小时制的 时:分，如 start: \"14:30\", end: \"17:30\"",
        "times are HH:MM on a 24-hour clock, like start: \"14:30\", end: \"17:30\"",
    )
}

/// What two sessions at one time share: a venue, an instructor.
pub(crate) enum Shared<'a> {
    Venue(&'a str),
    Instructor(&'a str),
}

/// A session at the time of another (on `there`), in one room or with one teacher.
pub(crate) fn sessions_overlap(
    date: &str,
    (start, end): (&str, &str),
    there: Option<usize>,
    (other_start, other_end, other_module): (&str, &str, &str),
    shared: &[Shared],
) -> Text {
    let (zh_line, en_line) = line_name(there);
    let zh_shared: Vec<String> = shared
        .iter()
        .map(|s| match s {
            Shared::Venue(v) => format!("同一地点 `{v}`"),
            Shared::Instructor(i) => format!("同一位老师 `{i}`"),
        })
        .collect();
    let en_shared: Vec<String> = shared
        .iter()
        .map(|s| match s {
            Shared::Venue(v) => format!("the same venue `{v}`"),
            Shared::Instructor(i) => format!("the same instructor `{i}`"),
        })
        .collect();
    Text::new(
        format!(
            "{date} {start}–{end} 的课程与{zh_line}的课程（{other_start}–{other_end}，{other_module}）时间重叠，且用{}",
            zh_shared.join("、")
        ),
        format!(
            "session on {date} {start}–{end} overlaps the session on {en_line} ({other_start}–{other_end}, {other_module}) with {}",
            en_shared.join(" and ")
        ),
    )
}

pub(crate) fn sessions_overlap_hint() -> Text {
    Text::new(
        "把其中一节课换个时间，或换个地点、换位老师",
        "move one of the two sessions, or give it another venue or instructor",
    )
}

pub(crate) fn unknown_batch(date: &str, name: &str) -> Text {
    Text::new(
        format!("{date} 的课程写的期次 `{name}` 不存在"),
        format!("session on {date} names unknown batch `{name}`"),
    )
}

pub(crate) fn batches_are(names: &[&str]) -> Text {
    let names = names.join(", ");
    Text::new(
        format!("已有的期次：{names}"),
        format!("the batches are {names}"),
    )
}

pub(crate) fn session_outside_its_batch(date: &str, batch: &str, start: &str, end: &str) -> Text {
    Text::new(
        format!("{date} 的课程不在它所属期次 {batch} 的日期内（{start} – {end}）"),
        format!("session on {date} is outside the dates of its batch {batch} ({start} – {end})"),
    )
}

pub(crate) fn session_outside_its_batch_hint() -> Text {
    Text::new(
        "改正这节课的日期，或期次的开始、结束日期",
        "fix the session's date, or the batch's start and end",
    )
}

/// `batches` are each written `第一期 2026-03-02 – 2026-03-06`.
pub(crate) fn session_outside_every_batch(date: &str, batches: &[String]) -> Text {
    Text::new(
        format!(
            "{date} 的课程不在任何一期的日期内（{}）",
            batches.join("；")
        ),
        format!(
            "session on {date} is outside the dates of every batch ({})",
            batches.join("; ")
        ),
    )
}

pub(crate) fn session_outside_every_batch_hint() -> Text {
    Text::new(
        "改正这节课的日期，或在 `batches:` 下增加期次、延长期次的日期",
        "fix the session's date, or add or extend a batch under `batches:`",
    )
}

/// A module's planned hours against those its timetable (of `batch`) schedules.
pub(crate) fn hours_differ(id: &str, planned: &str, batch: Option<&str>, scheduled: &str) -> Text {
    let (zh, en) = match batch {
        Some(batch) => (
            format!("{batch}的课表"),
            format!("the timetable of batch {batch}"),
        ),
        None => ("课表".to_string(), "the timetable".to_string()),
    };
    Text::new(
        format!("模块 {id} 计划 {planned} 学时，但{zh}安排了 {scheduled} 学时"),
        format!("module {id} plans {planned} hours but {en} schedules {scheduled}"),
    )
}

pub(crate) fn hours_differ_hint(id: &str) -> Text {
    Text::new(
        format!("修改这个模块的 `hours`，或 {id} 的课程安排；一节课的学时从开始算到结束"),
        format!(
            "change the module's `hours` or the sessions of {id}; a session counts from its start to its end"
        ),
    )
}

/// `why` is what `paths` says of the slug.
pub(crate) fn bad_slug(slug: &str, why: &Text) -> Text {
    Text::new(
        format!("slug `{slug}` {}", why.zh()),
        format!("slug `{slug}` {}", why.en()),
    )
}

pub(crate) fn bad_slug_hint() -> Text {
    Text::new(
        "slug 是网址中的一段：用字母、数字、`-` 或 `_`",
        "a slug is one path segment: letters, digits, `-` or `_`",
    )
}

pub(crate) fn bad_alias(alias: &str, why: &Text) -> Text {
    Text::new(
        format!("别名 `{alias}` {}", why.zh()),
        format!("alias `{alias}` {}", why.en()),
    )
}

pub(crate) fn bad_alias_hint() -> Text {
    Text::new(
        "别名是本站内的路径，如 /old/notice/",
        "an alias is a path inside the site, like /old/notice/",
    )
}

/// Two spellings of a tag that would share one tag page.
pub(crate) fn tags_collide(tag: &str, kept_tag: &str, kept_at: &str, segment: &str) -> Text {
    Text::new(
        format!("标签 `{tag}` 和 `{kept_tag}`（在 {kept_at}）会共用一个标签页 tags/{segment}/"),
        format!(
            "tags `{tag}` and `{kept_tag}` (in {kept_at}) would both have the tag page tags/{segment}/"
        ),
    )
}

pub(crate) fn tags_collide_hint(kept_tag: &str) -> Text {
    Text::new(
        format!(
            "标签的文件夹名是标签转成小写、空格换成 `-`、去掉 `.#%:?*`：如果是同一个标签，两个页面都写 `{kept_tag}`；否则换成区别更明显的名字"
        ),
        format!(
            "a tag's folder is the tag lowercased, with spaces as `-` and `.#%:?*` left out: write `{kept_tag}` on both pages if they are one tag, or choose names that differ in more than that"
        ),
    )
}
