//! What placard says about a government website's records: the `government:`
//! block of placard.yaml, a section's column type, and the disclosure fields
//! of notices and plans (索引号, 主题分类).

use super::Text;

/// `site_code` is not a 网站标识码.
pub(crate) fn site_code_invalid(code: &str) -> Text {
    Text::new(
        format!("网站标识码 `{code}` 格式不对：应为 10 位数字，部门网站为 bm 加 8 位数字"),
        format!(
            "site_code `{code}` is not a site identification code (网站标识码): 10 digits, or `bm` and 8 digits for a department's site"
        ),
    )
}

/// How to write `site_code`.
pub(crate) fn site_code_hint() -> Text {
    Text::new(
        "照抄全国政府网站信息报送系统给出的标识码，加引号，如 site_code: \"3601230017\"",
        "copy the code the national register of government websites gave, in quotes, like site_code: \"3601230017\"",
    )
}

/// `disclosure_code` cannot begin an index number.
pub(crate) fn disclosure_code_invalid(code: &str) -> Text {
    Text::new(
        format!("信息公开索引号前段码 `{code}` 只能由字母和数字组成"),
        format!(
            "disclosure_code `{code}` must be letters and digits only: it is the first part of every index number (索引号)"
        ),
    )
}

/// How to write `disclosure_code`.
pub(crate) fn disclosure_code_hint() -> Text {
    Text::new(
        "写本单位的组织机构代码（去掉“-”），加引号，如 disclosure_code: \"MB1234567\"",
        "write the organisation code of the office (without `-`), in quotes, like disclosure_code: \"MB1234567\"",
    )
}

/// A record of the `government:` block is empty.
pub(crate) fn record_empty(key: &str) -> Text {
    Text::new(
        format!("government.{key} 不能为空"),
        format!("government.{key} is empty"),
    )
}

/// How to fill in an empty record (or leave it out).
pub(crate) fn record_empty_hint(key: &str) -> Text {
    Text::new(
        format!("写上备案信息，或删去 `{key}:` 这一行"),
        format!("write the record, or remove the line `{key}:`"),
    )
}

/// `organiser` is empty: every government site names its organiser.
pub(crate) fn organiser_hint() -> Text {
    Text::new(
        "写网站的主办单位，如 organiser: 某某县人民政府办公室",
        "write the office that runs the site (主办单位), like organiser: 某某县人民政府办公室",
    )
}

/// `topics:` lists no topic.
pub(crate) fn topics_empty() -> Text {
    Text::new(
        "government.topics 是空的：公开的文件无法归入主题分类",
        "government.topics is empty: no document could be given a topic (主题分类)",
    )
}

/// How to fill in `topics:`.
pub(crate) fn topics_hint() -> Text {
    Text::new(
        "删去 `topics:` 使用国务院公文主题分类，或列出本站的分类",
        "remove `topics:` to use the national list (国务院公文主题分类), or list the site's own topics",
    )
}

/// A topic is listed twice.
pub(crate) fn topic_repeated(topic: &str) -> Text {
    Text::new(
        format!("主题分类 `{topic}` 重复列出"),
        format!("topic `{topic}` is listed twice"),
    )
}

/// How to fix a repeated topic.
pub(crate) fn topic_repeated_hint() -> Text {
    Text::new("删去重复的一项", "remove one of them")
}

/// A page's `topic:` is not one of the site's topics.
pub(crate) fn topic_unknown(topic: &str) -> Text {
    Text::new(
        format!("主题分类 `{topic}` 不在本站的分类中"),
        format!("topic `{topic}` is not one of the site's topics (主题分类)"),
    )
}

/// Did you mean a topic of the list?
pub(crate) fn did_you_mean(near: &str) -> Text {
    Text::new(
        format!("是否要写 `{near}`？"),
        format!("did you mean `{near}`?"),
    )
}

/// Where the topics are listed.
pub(crate) fn topic_list_hint(topics: &[String]) -> Text {
    let list = topics.join("、");
    Text::new(
        format!("从以下分类中选一个：{list}（或在 placard.yaml 的 government.topics 中增加）"),
        format!("choose one of: {list} (or add it to government.topics in placard.yaml)"),
    )
}

/// A section's `column_type:` is not one of the fixed list.
pub(crate) fn column_type_unknown(value: &str) -> Text {
    Text::new(
        format!("栏目类型 `{value}` 不在《政府网站网页设计规范》的栏目类型中"),
        format!(
            "column_type `{value}` is not one of the column types of the government website design rules"
        ),
    )
}

/// The column types to choose from.
pub(crate) fn column_type_hint(types: &[&str]) -> Text {
    let list = types.join("、");
    Text::new(
        format!("从以下类型中选一个：{list}"),
        format!("choose one of: {list}"),
    )
}

/// 成文日期 after 发布日期.
pub(crate) fn written_after_date(written: &str, date: &str) -> Text {
    Text::new(
        format!("成文日期 {written} 晚于发布日期 {date}：文件要先成文才能发布"),
        format!(
            "`written` {written} is after the page's `date` {date}: a document is written before it is published"
        ),
    )
}

/// How to fix it.
pub(crate) fn written_after_date_hint() -> Text {
    Text::new(
        "`written` 写文件落款的日期，`date` 写在本站发布的日期；请核对年份和月份",
        "`written` is the date the document was signed, `date` the day it went up on the site; check the year and month",
    )
}

/// `column_type:` written on a page that is not a section's `_index.md`.
pub(crate) fn column_type_on_a_page() -> Text {
    Text::new(
        "`column_type` 只对栏目有效，本页面不使用它",
        "`column_type` is for sections: this page ignores it",
    )
}

/// Where `column_type` goes.
pub(crate) fn column_type_on_a_page_hint() -> Text {
    Text::new(
        "把它写在栏目文件夹的 _index.md 中",
        "write it in the _index.md of the section's folder",
    )
}

/// An index number that is not `code/YYYY-NNNNN`.
pub(crate) fn index_number_shape(value: &str, code: Option<&str>) -> Text {
    let shape = format!("{}/YYYY-NNNNN", code.unwrap_or("前段码"));
    let shape_en = format!("{}/YYYY-NNNNN", code.unwrap_or("CODE"));
    Text::new(
        format!("索引号 `{value}` 格式不对：应为 {shape}（前段码/四位年份-五位流水号）"),
        format!(
            "index_number `{value}` is not of the shape {shape_en} (organisation code / year - five-digit serial)"
        ),
    )
}

/// How to write an index number: the fixed one where it can be guessed.
pub(crate) fn index_number_shape_hint(fixed: Option<&str>) -> Text {
    match fixed {
        Some(fixed) => Text::new(
            format!("写成 index_number: \"{fixed}\""),
            format!("write index_number: \"{fixed}\""),
        ),
        None => Text::new(
            "如 index_number: \"MB1234567/2024-00001\"；`placard new` 会给新页面分配下一个索引号",
            "like index_number: \"MB1234567/2024-00001\"; `placard new` gives a new page the next free one",
        ),
    }
}

/// Two pages with one index number.
pub(crate) fn index_number_taken(value: &str, other: &str) -> Text {
    Text::new(
        format!("索引号 `{value}` 已被 {other} 使用：索引号一经分配，不能重复"),
        format!(
            "index_number `{value}` is already the number of {other}: each document has its own"
        ),
    )
}

/// How to fix a repeated index number.
pub(crate) fn index_number_taken_hint(next: &str) -> Text {
    Text::new(
        format!("给较新的文件另编一个号，如下一个空号 {next}；已发布的索引号不要改动"),
        format!(
            "give the newer document another number, like the next free one, {next}; never change a number already published"
        ),
    )
}

/// A notice or plan without an index number, on a site with a disclosure code.
pub(crate) fn index_number_missing(kind: &str) -> Text {
    let zh_kind = match kind {
        "notice" => "通知公告",
        "plan" => "计划",
        other => other,
    };
    Text::new(
        format!("这份{zh_kind}没有索引号，不会列入政府信息公开目录"),
        format!("this {kind} has no index_number: it is not in the disclosure catalogue"),
    )
}

/// How to give it one.
pub(crate) fn index_number_missing_hint(next: &str) -> Text {
    Text::new(
        format!("加一行 index_number: \"{next}\"（本年下一个空号）"),
        format!("add a line index_number: \"{next}\" (the next free number of the year)"),
    )
}

/// A translation whose index number is not its document's.
pub(crate) fn translation_number_differs(value: &str, number: &str, other: &str) -> Text {
    Text::new(
        format!(
            "索引号 `{value}` 与同一文件的 {other} 的索引号 `{number}` 不同：各语言版本是同一份文件，索引号相同"
        ),
        format!(
            "index_number `{value}` is not `{number}`, the number of the same document in {other}: its languages share one number"
        ),
    )
}

/// Write the document's number.
pub(crate) fn translation_number_hint(number: &str) -> Text {
    Text::new(
        format!("写成 index_number: \"{number}\""),
        format!("write index_number: \"{number}\""),
    )
}

/// A translation without the index number its document has in another language.
pub(crate) fn translation_number_missing_hint(number: &str, other: &str) -> Text {
    Text::new(
        format!("加一行 index_number: \"{number}\"（{other} 的索引号），这一语言的目录才会列出它"),
        format!(
            "add a line index_number: \"{number}\" (the number of {other}), so that this language's catalogue lists it"
        ),
    )
}

/// The comment `new` writes after the index number it assigned.
pub(crate) fn new_index_number_comment() -> Text {
    Text::new(
        "索引号：已分配，不要改动",
        "index number (索引号): assigned, never change it",
    )
}

/// What the disclosure catalogue is, when two outputs claim its path.
pub(crate) fn the_catalogue() -> Text {
    Text::new("政府信息公开目录", "the disclosure catalogue")
}
