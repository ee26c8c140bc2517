//! What placard says about the outputs of a build: what each output is made
//! from (named when two outputs claim one path), and the errors of two
//! outputs at one path.

use super::Text;

// ─────────────── what an output is made from, and how an author moves it ───────────────

pub(crate) fn the_page() -> Text {
    Text::new("页面", "the page")
}

pub(crate) fn poster_of_page() -> Text {
    Text::new("页面的海报", "the poster of the page")
}

pub(crate) fn calendar_of_page() -> Text {
    Text::new("页面的日历", "the calendar of the page")
}

pub(crate) fn alias_of_page() -> Text {
    Text::new("页面的别名", "the alias of the page")
}

pub(crate) fn list_of_tags() -> Text {
    Text::new("标签列表", "the list of tags")
}

pub(crate) fn home_page() -> Text {
    Text::new("首页", "the home page")
}

pub(crate) fn list_of_section() -> Text {
    Text::new("栏目的列表", "the list of the section")
}

pub(crate) fn list_of_folder() -> Text {
    Text::new("文件夹的列表", "the list of the folder")
}

pub(crate) fn list_of_tag(name: &str) -> Text {
    Text::new(
        format!("标签 `{name}` 的列表"),
        format!("the list of tag `{name}`"),
    )
}

/// The list of a tag, named with the page it is written on.
pub(crate) fn list_of_tag_from(name: &str) -> Text {
    Text::new(
        format!("标签 `{name}` 的列表，来自"),
        format!("the list of tag `{name}`, from"),
    )
}

pub(crate) fn the_file() -> Text {
    Text::new("文件", "the file")
}

pub(crate) fn theme_file(name: &str) -> Text {
    Text::new(
        format!("主题的文件 static/{name}"),
        format!("the theme's file static/{name}"),
    )
}

pub(crate) fn highlighting_stylesheet() -> Text {
    Text::new("代码高亮样式表", "the code highlighting stylesheet")
}

pub(crate) fn search_index() -> Text {
    Text::new("搜索索引", "the search index")
}

/// `the search page`, `the 404 page`.
pub(crate) fn plain_page(name: &str) -> Text {
    match name {
        "search" => Text::new("搜索页", "the search page"),
        "404" => Text::new("404 页", "the 404 page"),
        other => Text::new(format!("{other} 页"), format!("the {other} page")),
    }
}

pub(crate) fn feed() -> Text {
    Text::new("订阅源（feed）", "the feed")
}

pub(crate) fn sitemap() -> Text {
    Text::new("网站地图", "the sitemap")
}

pub(crate) fn build_mark() -> Text {
    Text::new("placard 生成标记", "the mark of a placard build")
}

pub(crate) fn fix_slug() -> Text {
    Text::new("给页面换一个 `slug`", "give the page another `slug`")
}

pub(crate) fn fix_section_folder() -> Text {
    Text::new("给栏目文件夹改名", "rename the section's folder")
}

pub(crate) fn fix_folder() -> Text {
    Text::new("给文件夹改名", "rename the folder")
}

pub(crate) fn fix_tag() -> Text {
    Text::new("给标签改名", "rename the tag")
}

pub(crate) fn fix_static_file() -> Text {
    Text::new(
        "给 static/ 里的文件改名或移走",
        "rename or move the file in static/",
    )
}

pub(crate) fn fix_file() -> Text {
    Text::new("给文件改名或移走", "rename or move the file")
}

pub(crate) fn fix_alias() -> Text {
    Text::new("修改别名", "change the alias")
}

/// An origin named with where it is written: `the page content/a.md:2`.
pub(crate) fn described(what: &Text, place: Option<&str>) -> Text {
    match place {
        Some(place) => Text::new(
            format!("{} {place}", what.zh()),
            format!("{} {place}", what.en()),
        ),
        None => what.clone(),
    }
}

// ───────────────────────────── two outputs at one path ─────────────────────────────

pub(crate) fn duplicate_url(url: &str, path: &str, first: &Text, second: &Text) -> Text {
    Text::new(
        format!(
            "网址 /{url} 重复了：{} 和 {} 都发布在 {path}",
            first.zh(),
            second.zh()
        ),
        format!(
            "duplicate URL /{url}: {} and {} are both published at {path}",
            first.en(),
            second.en()
        ),
    )
}

pub(crate) fn file_and_folder(path: &str, first: &Text, second: &Text, inside: &str) -> Text {
    Text::new(
        format!(
            "{path} 既是文件又是文件夹：{} 发布在这里，{} 发布在它里面的 {inside}",
            first.zh(),
            second.zh()
        ),
        format!(
            "{path} is both a file and a folder: {} is published there, and {} inside it at {inside}",
            first.en(),
            second.en()
        ),
    )
}

/// `fixes` are how each of the two is moved, when an author can move it.
pub(crate) fn own_path_hint(fixes: &[&Text]) -> Text {
    if fixes.is_empty() {
        return Text::new(
            "每个输出都要有自己的路径",
            "each output needs a path of its own",
        );
    }
    let zh: Vec<&str> = fixes.iter().map(|f| f.zh()).collect();
    let en: Vec<&str> = fixes.iter().map(|f| f.en()).collect();
    Text::new(
        format!("每个输出都要有自己的路径：{}", zh.join("，或")),
        format!("each output needs a path of its own: {}", en.join(", or ")),
    )
}

pub(crate) fn case_only(first: &Text, first_path: &str, second: &Text, second_path: &str) -> Text {
    Text::new(
        format!(
            "{} 发布在 {first_path}，{} 发布在 {second_path}：两个路径只差大小写，在不区分大小写的文件系统（Windows、macOS）上，一个会覆盖另一个",
            first.zh(),
            second.zh()
        ),
        format!(
            "{} is published at {first_path} and {} at {second_path}: the paths differ only in case, and on a file system that ignores case (Windows, macOS) one replaces the other",
            first.en(),
            second.en()
        ),
    )
}

pub(crate) fn case_only_hint() -> Text {
    Text::new(
        "给其中一个换个名字（slug、文件名或标签），不要只改大小写",
        "give one of them another name (slug, file name or tag), not only other capitals",
    )
}

/// How a path's characters are composed, in Unicode's terms.
#[derive(Clone, Copy)]
pub(crate) enum Form {
    Composed,
    Decomposed,
    Partly,
}

fn form(form: Form) -> (&'static str, &'static str) {
    match form {
        Form::Composed => ("组合形式，NFC", "composed, NFC"),
        Form::Decomposed => ("分解形式，NFD", "decomposed, NFD"),
        Form::Partly => ("部分组合", "partly composed"),
    }
}

pub(crate) fn normalisation(
    (first, first_path, first_form): (&Text, &str, Form),
    (second, second_path, second_form): (&Text, &str, Form),
    and_case: bool,
) -> Text {
    let (f1_zh, f1_en) = form(first_form);
    let (f2_zh, f2_en) = form(second_form);
    let (case_zh, case_en) = if and_case {
        ("和大小写", " and case")
    } else {
        ("", "")
    };
    Text::new(
        format!(
            "{} 发布在 {first_path}（{f1_zh}），{} 发布在 {second_path}（{f2_zh}）：两个路径只差 Unicode 规范化形式{case_zh}，链接只能到达输入方式相同的那一个，在 macOS 上一个会覆盖另一个",
            first.zh(),
            second.zh()
        ),
        format!(
            "{} is published at {first_path} ({f1_en}) and {} at {second_path} ({f2_en}): the paths differ only in Unicode normalisation{case_en}, so a link reaches only the one typed the same way, and on macOS one replaces the other",
            first.en(),
            second.en()
        ),
    )
}

pub(crate) fn normalisation_hint() -> Text {
    Text::new(
        "给其中一个换个名字，或者重新输入其中一个的名字（多数系统输入的是组合形式 NFC）；如果它们是同一个页面，只保留一个文件",
        "give one of them another name, or type the name of one anew (most systems type it composed, NFC); if they are one page, keep one file",
    )
}

// ───────────────────────────── templates and posters ─────────────────────────────

pub(crate) fn template_not_utf8() -> Text {
    Text::new("模板不是 UTF-8 编码", "template is not UTF-8")
}

/// `message` is Tera's words about the template.
pub(crate) fn template_syntax_error(file: &str, message: &str) -> Text {
    Text::new(
        format!("模板 {file} 有语法错误：{message}"),
        format!("template syntax error in {file}: {message}"),
    )
}

pub(crate) fn template_error_in(file: &str, message: &str) -> Text {
    Text::new(
        format!("模板 {file} 出错：{message}"),
        format!("template error in {file}: {message}"),
    )
}

pub(crate) fn template_missing_parent(current: &str, parent: &str) -> Text {
    Text::new(
        format!("模板 {current} 继承的 {parent} 不存在"),
        format!("template {current} extends {parent}, which does not exist"),
    )
}

pub(crate) fn template_not_found(name: &str) -> Text {
    Text::new(
        format!("找不到模板 {name}"),
        format!("template {name} not found"),
    )
}

pub(crate) fn template_not_found_hint() -> Text {
    Text::new(
        "主题需要它；从默认主题里复制一份（`placard init`）",
        "the theme needs it; copy it from the default theme (`placard init`)",
    )
}

pub(crate) fn template_error(err: &str) -> Text {
    Text::new(format!("模板出错：{err}"), format!("template error: {err}"))
}

pub(crate) fn while_rendering(file: &str) -> Text {
    Text::new(
        format!("出错时正在生成 {file}"),
        format!("while rendering {file}"),
    )
}

pub(crate) fn qr_code_failed(err: &str) -> Text {
    Text::new(
        format!("无法生成海报的二维码：{err}"),
        format!("cannot make the poster's QR code: {err}"),
    )
}

pub(crate) fn qr_code_failed_hint() -> Text {
    Text::new(
        "页面的地址（base_url 加上网址）太长，放不进二维码",
        "the page's address (base_url + URL) is too long for a QR code",
    )
}

pub(crate) fn unknown_poster_style(written: &str) -> Text {
    Text::new(
        format!("poster.style `{written}` 不是主题里的样式：海报使用默认颜色"),
        format!(
            "poster.style `{written}` is not a style of the theme: the poster keeps the default colours"
        ),
    )
}

pub(crate) fn poster_styles_are(known: &[&str]) -> Text {
    let known = known.join(", ");
    Text::new(
        format!("主题里有：{known}"),
        format!("the theme has: {known}"),
    )
}

pub(crate) fn relative_urls_failed(path: &str, err: &str) -> Text {
    Text::new(
        format!("relative_urls：{path} 的链接无法改成相对链接：{err}"),
        format!("relative_urls: the links of {path} could not be made relative: {err}"),
    )
}

pub(crate) fn relative_urls_failed_hint() -> Text {
    Text::new(
        "这是 placard 的缺陷；在修好之前，请不用 `relative_urls: true` 生成",
        "this is a bug of placard; build without `relative_urls: true` meanwhile",
    )
}
