//! What `check` says: links and `#anchors`, files of a bundle nothing uses,
//! pages not translated, urgent notices that have expired.

use super::Text;

pub(crate) fn link_leaves_site(url: &str) -> Text {
    Text::new(
        format!("链接 `{url}` 跑到了网站外面"),
        format!("link `{url}` leaves the site"),
    )
}

pub(crate) fn link_leaves_site_hint() -> Text {
    Text::new(
        "`../` 写多了：从页面的网址开始数文件夹层数",
        "too many `../`: count the folders from the page's URL",
    )
}

pub(crate) fn link_target_missing(url: &str) -> Text {
    Text::new(
        format!("链接 `{url}` 指向的页面或文件在网站里不存在"),
        format!("link to `{url}`, which the site does not have"),
    )
}

pub(crate) fn not_in_bundle_hint(path: &str, bundle: &str) -> Text {
    Text::new(
        format!(
            "页面文件夹里没有文件 `{path}`：把它放进 content/{bundle}/，与页面的 Markdown 文件放在一起"
        ),
        format!(
            "there is no file `{path}` in the page bundle: put it in content/{bundle}/, beside the page's Markdown file"
        ),
    )
}

pub(crate) fn no_such_url_hint() -> Text {
    Text::new(
        "网站在这个网址上没有页面或文件；请用 .md 文件的路径链接内容文件",
        "the site has no page or file at this URL; link to a content file by its .md path instead",
    )
}

pub(crate) fn relative_link_hint(page_url: &str) -> Text {
    Text::new(
        format!(
            "相对链接从页面的网址 {page_url} 算起；链接页面请写它的 .md 文件，文件请放进页面文件夹（有 index.md 的文件夹）再按名字链接"
        ),
        format!(
            "relative links start from the page's URL {page_url}; link a page by its .md file, or put files in a page bundle (a folder with index.md) and link them by name"
        ),
    )
}

pub(crate) fn no_heading(url: &str, fragment: &str) -> Text {
    Text::new(
        format!("链接 `{url}`：没有标题 `#{fragment}`"),
        format!("link `{url}`: there is no heading `#{fragment}`"),
    )
}

/// The page a link's `#anchor` is looked for in, when it is the link's own.
pub(crate) fn this_page() -> Text {
    Text::new("本页", "this page")
}

/// `target` is the page (a path, or `this_page`).
pub(crate) fn has_no_headings(target: &Text) -> Text {
    Text::new(
        format!("{} 没有标题", target.zh()),
        format!("{} has no headings", target.en()),
    )
}

pub(crate) fn did_you_mean_heading(near: &str, target: &Text) -> Text {
    Text::new(
        format!("是不是要写 `#{near}`？（{} 的标题）", target.zh()),
        format!("did you mean `#{near}`? (headings of {})", target.en()),
    )
}

/// `headings` are written `#a, #b`.
pub(crate) fn headings_are(target: &Text, headings: &str) -> Text {
    Text::new(
        format!("{} 的标题有：{headings}", target.zh()),
        format!("the headings of {} are: {headings}", target.en()),
    )
}

pub(crate) fn unused_bundle_file(name: &str) -> Text {
    Text::new(
        format!("`{name}` 在页面文件夹里，但没有附件或链接用到它"),
        format!("`{name}` is in the page bundle but no attachment or link uses it"),
    )
}

pub(crate) fn unused_bundle_file_hint(page: &str) -> Text {
    Text::new(
        format!("把它列在 {page} 的 `attachments:` 下、链接它，或删掉它（不删也会照样发布）"),
        format!(
            "list it under `attachments:` in {page}, link to it, or delete it (it is published all the same)"
        ),
    )
}

/// The first names of a list, and how many more there are.
pub(crate) fn and_more(shown: &[&str], more: usize) -> Text {
    Text::new(
        format!("{} 等 {} 个", shown.join(", "), shown.len() + more),
        format!("{} and {more} more", shown.join(", ")),
    )
}

pub(crate) fn not_translated(
    count: usize,
    folder: &str,
    language: &str,
    lang: &str,
    list: &Text,
) -> Text {
    let pages = if count == 1 { "page" } else { "pages" };
    Text::new(
        format!(
            "{folder} 里有 {count} 个页面没有翻译成 {language}（{lang}）：{}",
            list.zh()
        ),
        format!(
            "{count} {pages} in {folder} not translated into {language} ({lang}): {}",
            list.en()
        ),
    )
}

pub(crate) fn not_translated_hint(lang: &str, language: &str) -> Text {
    Text::new(
        format!(
            "在每个文件旁边加一个 `.{lang}.md` 文件；加好之前，语言切换会带读者到 {language} 栏目，并注明“尚未翻译”"
        ),
        format!(
            "add a `.{lang}.md` file beside each; until then the switcher leads to the {language} section with a \"not translated yet\" note"
        ),
    )
}

pub(crate) fn urgent_expired(until: &str, today: &str) -> Text {
    Text::new(
        format!("紧急通知已于 {until} 过期（今天是 {today}）：不再显示为紧急，已列入归档"),
        format!(
            "urgent notice expired on {until} (today is {today}): it is no longer shown as urgent and is listed as archived"
        ),
    )
}

pub(crate) fn urgent_expired_hint() -> Text {
    Text::new(
        "去掉 `urgent: true`；如果通知仍然有效，把 `valid_until` 往后改",
        "remove `urgent: true`, or move `valid_until` later if the notice still applies",
    )
}
