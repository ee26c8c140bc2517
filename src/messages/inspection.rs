//! What `check` says when a site would fail a government website inspection
//! (国办秘函〔2019〕19号: stale or empty columns, a stale home page, policy
//! interpretations not linked), and what is said of `interprets:` and
//! `update_every:` (issue 21).

use super::Text;
use crate::dates::{Every, Unit};

/// An interval as the officer writes it: `6 个月` / `6 months`.
pub(crate) fn every(every: Every) -> Text {
    let n = every.count;
    let (zh, en) = match every.unit {
        Unit::Days => ("天", "day"),
        Unit::Weeks => ("周", "week"),
        Unit::Months => ("个月", "month"),
        Unit::Years => ("年", "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    Text::new(format!("{n}{zh}"), format!("{n} {en}{plural}"))
}

/// `update_every:` that is not an interval.
pub(crate) fn update_every_invalid(written: &str) -> Text {
    Text::new(
        format!("`update_every` 写作 `{written}`，看不出是多长时间"),
        format!("`update_every: {written}` is not an interval"),
    )
}

/// How to write `update_every:`.
pub(crate) fn update_every_hint() -> Text {
    Text::new(
        "写成数字加单位，如 `update_every: 6个月`、`update_every: 2周`、`update_every: 14天`、`update_every: 半年`（英文 `6 months`、`2 weeks`、`14 days` 亦可）",
        "write a number and a unit, like `update_every: 6 months`, `2 weeks`, `14 days` or `1 year`",
    )
}

/// A key only a section's `_index.md` has, on a page.
pub(crate) fn section_key_on_page(key: &str) -> Text {
    Text::new(
        format!("`{key}` 是栏目的设置，写在普通页面里不起作用"),
        format!("key `{key}` belongs to a section's _index.md; this page ignores it"),
    )
}

/// Where a section's key goes.
pub(crate) fn section_key_on_page_hint(key: &str) -> Text {
    Text::new(
        format!("把 `{key}` 移到该栏目文件夹的 _index.md 里"),
        format!("move `{key}` to the _index.md of the section's folder"),
    )
}

/// `interprets:` names a file that is not in the site.
pub(crate) fn interprets_missing(written: &str) -> Text {
    Text::new(
        format!("`interprets: {written}` 所指的文件不存在"),
        format!("`interprets: {written}`: there is no such page"),
    )
}

/// `interprets:` names a file that is not in the site; the nearest page.
pub(crate) fn interprets_did_you_mean(near: &str) -> Text {
    Text::new(
        format!("是不是要写 `interprets: {near}`？"),
        format!("did you mean `interprets: {near}`?"),
    )
}

/// `interprets:` names a file that is not in the site, and nothing is near.
pub(crate) fn interprets_missing_hint(dir: &str) -> Text {
    let from = if dir.is_empty() {
        "content/".to_string()
    } else {
        format!("content/{dir}/")
    };
    Text::new(
        format!(
            "写被解读文件的 .md 路径，从本页所在的文件夹 {from} 算起，如 `interprets: ../plans/文件名.md`；文件若是草稿（draft: true），先发布它"
        ),
        format!(
            "write the path of the policy's .md file from this page's folder, {from}, like `interprets: ../plans/work-points-2024.md`; if that page is a draft (draft: true), publish it first"
        ),
    )
}

/// `interprets:` names a section, a file that is not Markdown, or a path
/// out of `content/`.
pub(crate) fn interprets_not_a_page(written: &str) -> Text {
    Text::new(
        format!("`interprets: {written}` 指的不是一篇文件（页面）"),
        format!("`interprets: {written}` is not a page"),
    )
}

/// What `interprets:` must name.
pub(crate) fn interprets_not_a_page_hint() -> Text {
    Text::new(
        "解读对应的是一篇政策文件：写它的 .md 文件，不要写栏目的 _index.md、附件或 content/ 以外的路径",
        "an interpretation interprets one policy page: name its .md file, not a section's _index.md, an attachment or a path outside content/",
    )
}

/// `interprets:` names the page itself.
pub(crate) fn interprets_itself(written: &str) -> Text {
    Text::new(
        format!("`interprets: {written}` 指向本页自己"),
        format!("`interprets: {written}` names this page itself"),
    )
}

/// What a page names in `interprets:`.
pub(crate) fn interprets_itself_hint() -> Text {
    Text::new(
        "写被解读的那篇政策文件的 .md 路径",
        "name the .md file of the policy this page explains",
    )
}

/// A column not updated within its interval.
pub(crate) fn stale_section(
    column: &str,
    folder: &str,
    language: &str,
    newest: &str,
    limit: Text,
    today: &str,
) -> Text {
    Text::new(
        format!(
            "栏目“{column}”（{folder}，{language}）最新一篇发布于 {newest}，已超过{}未更新（今天是 {today}）；按网站检查指标（国办秘函〔2019〕19号）属于栏目不更新",
            limit.zh()
        ),
        format!(
            "column \"{column}\" ({folder}, {language}) was last updated on {newest}, more than {} ago (today is {today}): a stale column fails the website inspection (国办秘函〔2019〕19号)",
            limit.en()
        ),
    )
}

/// What to do about a stale column.
pub(crate) fn stale_section_hint(index_file: &str) -> Text {
    Text::new(
        format!(
            "在该栏目发布新的内容；如果这个栏目本来就更新得少，在 {index_file} 里用 `update_every:` 写明更新周期，如 `update_every: 1年`"
        ),
        format!(
            "publish something new in it; if the column is updated less often by its nature, say how often in {index_file} with `update_every:`, like `update_every: 1 year`"
        ),
    )
}

/// A column with no page.
pub(crate) fn empty_section(column: &str, folder: &str, language: &str) -> Text {
    Text::new(
        format!(
            "栏目“{column}”（{folder}，{language}）没有任何内容；按网站检查指标（国办秘函〔2019〕19号）属于空白栏目"
        ),
        format!(
            "column \"{column}\" ({folder}, {language}) has no pages: an empty column fails the website inspection (国办秘函〔2019〕19号)"
        ),
    )
}

/// What to do about an empty column.
pub(crate) fn empty_section_hint() -> Text {
    Text::new(
        "在该栏目发布内容，或者删除这个栏目的文件夹，不再在导航中显示它",
        "publish a page in it, or remove the section's folder so that the menu no longer shows it",
    )
}

/// A home page whose newest item is too old.
pub(crate) fn stale_home(language: &str, newest: &str, limit: Text, today: &str) -> Text {
    Text::new(
        format!(
            "首页（{language}）最新的内容发布于 {newest}，已超过{}未更新（今天是 {today}）；按网站检查指标（国办秘函〔2019〕19号），首页连续2周不更新即为单项否决",
            limit.zh()
        ),
        format!(
            "the home page ({language}) shows nothing newer than {newest}, more than {} ago (today is {today}): a home page not updated for 2 weeks fails the website inspection outright (国办秘函〔2019〕19号)",
            limit.en()
        ),
    )
}

/// What to do about a stale home page.
pub(crate) fn stale_home_hint() -> Text {
    Text::new(
        "发布新的通知、动态或其他内容，首页的“最新信息”就会更新",
        "publish a new notice or page: the home page's latest list shows it",
    )
}

/// A home page with nothing on it.
pub(crate) fn empty_home(language: &str) -> Text {
    Text::new(
        format!(
            "首页（{language}）的最新信息是空的：没有一篇带发布日期、又未过有效期的页面；按网站检查指标（国办秘函〔2019〕19号），首页连续2周不更新即为单项否决"
        ),
        format!(
            "the home page ({language}) lists nothing new: no page has a date and is still valid; a home page not updated for 2 weeks fails the website inspection outright (国办秘函〔2019〕19号)"
        ),
    )
}

/// A page that looks like a policy interpretation but links no policy.
pub(crate) fn interpretation_not_linked(title: &str) -> Text {
    Text::new(
        format!(
            "“{title}”看起来是一篇政策解读，但没有写明解读的是哪份文件；按网站检查指标（国办秘函〔2019〕19号），解读应与被解读的文件相互关联"
        ),
        format!(
            "\"{title}\" reads as a policy interpretation (解读) but names no policy: the website inspection (国办秘函〔2019〕19号) wants each interpretation and its policy linked both ways"
        ),
    )
}

/// How to link an interpretation.
pub(crate) fn interpretation_not_linked_hint() -> Text {
    Text::new(
        "在前置信息里加一行 `interprets: ../plans/文件名.md`，写被解读文件的 .md 路径；两个页面会互相链接",
        "add a line `interprets: ../plans/the-policy.md` to the front matter, the policy's .md file: each page then links the other",
    )
}
