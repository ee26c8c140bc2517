//! What placard says about a page's front matter: its kind, title, date,
//! keys, and the values its own readers refuse (hours, seats).

use super::Text;

/// A kind of page (`notice`, `plan`, `training`, `page`) as an officer names it.
pub(crate) fn kind_zh(kind: &str) -> &str {
    match kind {
        "notice" => "通知",
        "plan" => "计划",
        "training" => "培训",
        "page" => "页面",
        "section" => "栏目首页",
        other => other,
    }
}

pub(crate) fn unknown_kind(kind: &str, known: &[&str]) -> Text {
    let known = known.join(", ");
    Text::new(
        format!("不认识的页面类型 `{kind}`：应为 {known} 之一"),
        format!("unknown kind `{kind}`: expected one of {known}"),
    )
}

pub(crate) fn did_you_mean(near: &str) -> Text {
    super::yaml::did_you_mean(near)
}

pub(crate) fn missing_title() -> Text {
    Text::new(
        "缺少 `title`：每个页面都要有标题",
        "missing `title`: every page needs a title",
    )
}

pub(crate) fn missing_title_hint() -> Text {
    Text::new(
        "在页头加一行 `title: …`",
        "add a line `title: …` to the front matter",
    )
}

/// A notice, plan or training without its `date`.
pub(crate) fn missing_date(kind: &str) -> Text {
    Text::new(
        format!("缺少 `date`：{}要写发布日期", kind_zh(kind)),
        format!("missing `date`: a {kind} needs the date it was issued"),
    )
}

pub(crate) fn missing_date_hint() -> Text {
    Text::new(
        "加一行，如 `date: 2026-12-07`",
        "add a line like `date: 2026-12-07`",
    )
}

/// `valid_until` on a plan: a key of another kind of page. `page` is the kind
/// of this page, or `section`.
pub(crate) fn key_of_another_kind(key: &str, owner: &str, page: &str) -> Text {
    Text::new(
        format!(
            "`{key}` 是{}页面的键，这个{}不用它",
            kind_zh(owner),
            kind_zh(page)
        ),
        format!("key `{key}` belongs to {owner} pages; this {page} ignores it"),
    )
}

pub(crate) fn key_of_another_kind_hint(owner: &str) -> Text {
    Text::new(
        format!("如果这是{}，请写 `kind: {owner}`", kind_zh(owner)),
        format!("set `kind: {owner}` if this page is a {owner}"),
    )
}

pub(crate) fn unknown_key(key: &str) -> Text {
    super::yaml::unknown_key(key)
}

/// A module's `hours` that is no number of hours.
pub(crate) fn hours_out_of_range(max: f64, written: &str) -> Text {
    Text::new(
        format!("`hours` 必须是大于 0、不超过 {max} 的数，不能写 `{written}`"),
        format!("`hours` must be a number more than 0 and at most {max}, not `{written}`"),
    )
}

pub(crate) fn hours_out_of_range_hint() -> Text {
    Text::new(
        "写上这个模块计划的学时，如 `hours: 6` 或 `hours: 1.5`；学时还没定时就不写 `hours`",
        "write the hours the module plans, like `hours: 6` or `hours: 1.5`; leave `hours` out while they are not known",
    )
}

pub(crate) fn no_seats() -> Text {
    Text::new("`seats` 至少是 1", "`seats` must be at least 1")
}

pub(crate) fn no_seats_hint() -> Text {
    Text::new(
        "写上这一期招收的人数；人数没定时就不写 `seats`",
        "write how many people the batch takes, or leave `seats` out when it is not fixed",
    )
}
