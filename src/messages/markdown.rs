//! What placard says about a page's Markdown: links, images, media from
//! other sites, heading ids.

use super::Text;

pub(crate) fn broken_link(target: &str) -> Text {
    Text::new(
        format!("链接到一个不存在的内容文件：{target}"),
        format!("link to a content file that does not exist: {target}"),
    )
}

pub(crate) fn broken_link_hint() -> Text {
    Text::new(
        "链接其他页面时，写它的 .md 文件的相对路径",
        "links to other pages are relative paths to their .md files",
    )
}

pub(crate) fn missing_alt(src: &str) -> Text {
    Text::new(
        format!("图片没有替代文字：{src}"),
        format!("image without alt text: {src}"),
    )
}

pub(crate) fn missing_alt_hint(src: &str) -> Text {
    Text::new(
        format!("在方括号里写上图片的内容，如 ![县服务站外景]({src})"),
        format!("describe the image between the brackets, e.g. ![县服务站外景]({src})"),
    )
}

pub(crate) fn raw_image_without_alt(src: &str) -> Text {
    Text::new(
        format!("<img> 没有 alt 属性：{src}"),
        format!("<img> without an alt attribute: {src}"),
    )
}

pub(crate) fn raw_image_without_alt_hint() -> Text {
    Text::new(
        "加上 alt=\"…\" 说明图片的内容（只是装饰时写 alt=\"\"）",
        "add alt=\"…\" saying what the image shows (alt=\"\" if it is only decoration)",
    )
}

/// An image (`element` is `image`) or an `<iframe>`, `<video>`… from another host.
pub(crate) fn outside_media(element: &str, src: &str) -> Text {
    let (zh, en) = match element {
        "image" => ("图片".to_string(), "image".to_string()),
        other => (format!("<{other}>"), format!("<{other}>")),
    };
    Text::new(
        format!("{zh}来自其他网站：{src}（网站不能让读者的浏览器向其他网站请求任何东西）"),
        format!(
            "{en} from another site: {src} (the site must not make readers' browsers ask other hosts for anything)"
        ),
    )
}

/// `example` is the link as it should be written (`![…](a.png)`).
pub(crate) fn outside_media_hint(example: &str) -> Text {
    Text::new(
        format!("把文件存进页面文件夹（以 index.md 保存页面的文件夹），再按名字链接，如 {example}"),
        format!(
            "save the file into the page bundle (the folder that holds the page as index.md) and link it by name, e.g. {example}"
        ),
    )
}

/// What already has a heading's id.
pub(crate) enum IdHolder {
    Theme,
    Heading(usize),
    Footnote(usize),
}

pub(crate) fn taken_id(wanted: &str, holder: IdHolder, given: &str) -> Text {
    let (zh, en) = match holder {
        IdHolder::Theme => (
            "主题页面布局里的一个元素".to_string(),
            "an element of the theme's page layout".to_string(),
        ),
        IdHolder::Heading(line) => (
            format!("第 {line} 行的标题"),
            format!("the heading on line {line}"),
        ),
        IdHolder::Footnote(line) => (
            format!("第 {line} 行的脚注"),
            format!("the footnote of line {line}"),
        ),
    };
    Text::new(
        format!("标题 id `{wanted}` 已经被{zh}用了；这个标题改用 `{given}`"),
        format!("heading id `{wanted}` is already used by {en}; this heading gets `{given}`"),
    )
}

pub(crate) fn taken_id_hint(wanted: &str, given: &str) -> Text {
    Text::new(
        format!(
            "换一个页面上没有用过的 id，如 {{#{given}}}：指向 `#{wanted}` 的链接到不了这个标题"
        ),
        format!(
            "choose an id nothing else on the page has, e.g. {{#{given}}}: a link to `#{wanted}` does not reach this heading"
        ),
    )
}
