//! What placard says while it reads the site's files: placard.yaml,
//! content/ (names, sizes, encodings, front matter fences), the theme, and
//! the files it refuses to publish because they would run code.

use super::Text;

/// `err` is the system's own words (in English).
pub(crate) fn cannot_read_config(file: &str, err: &str) -> Text {
    Text::new(
        format!("无法读取 {file}：{err}"),
        format!("cannot read {file}: {err}"),
    )
}

pub(crate) fn cannot_read_config_hint() -> Text {
    Text::new(
        "用 `placard init 文件夹` 新建一个网站，或用 --root 指定网站所在的文件夹",
        "run `placard init DIR` to start a new site, or pass --root",
    )
}

pub(crate) fn no_content_folder() -> Text {
    Text::new(
        "网站没有 content/ 文件夹",
        "the site has no content/ folder",
    )
}

pub(crate) fn no_content_folder_hint() -> Text {
    Text::new(
        "新建 content/_index.md，或运行 `placard init 文件夹`",
        "create content/_index.md, or run `placard init DIR`",
    )
}

/// A folder of content/ that cannot be listed.
pub(crate) fn cannot_read(err: &str) -> Text {
    Text::new(format!("无法读取：{err}"), format!("cannot read: {err}"))
}

pub(crate) fn cannot_read_file(err: &str) -> Text {
    Text::new(
        format!("无法读取文件：{err}"),
        format!("cannot read file: {err}"),
    )
}

pub(crate) fn symlink_skipped() -> Text {
    Text::new(
        "跳过了符号链接：placard 从不跟随 content/ 里的链接",
        "symbolic link skipped: placard never follows links in content/",
    )
}

pub(crate) fn too_deep(max_depth: usize) -> Text {
    Text::new(
        format!("content/ 里的文件夹嵌套超过 {max_depth} 层，里面的内容都没有读取"),
        format!(
            "folder nested more than {max_depth} levels deep in content/; nothing inside it is read"
        ),
    )
}

pub(crate) fn too_deep_hint() -> Text {
    Text::new(
        "减少文件夹层数，或调大 placard.yaml 里的 limits.max_depth",
        "flatten the folders, or raise limits.max_depth in placard.yaml",
    )
}

/// `problem` is what `paths` says of the name.
/// `folder` is `content` or `static`, whose names are parts of URLs.
pub(crate) fn name_unreachable(name: &str, problem: &Text, folder: &str) -> Text {
    Text::new(
        format!(
            "文件名 `{name}` {}：{folder}/ 里的名字会成为网址的一部分，没有链接能打开它",
            problem.zh()
        ),
        format!(
            "the name `{name}` {}: names in {folder}/ become parts of URLs, and no link would reach this one",
            problem.en()
        ),
    )
}

pub(crate) fn name_not_for_windows(name: &str, problem: &Text) -> Text {
    Text::new(
        format!(
            "文件名 `{name}` {}：这个网站无法复制到 Windows 上",
            problem.zh()
        ),
        format!(
            "the name `{name}` {}: this site cannot be copied to Windows",
            problem.en()
        ),
    )
}

pub(crate) fn rename_hint() -> Text {
    Text::new(
        "改名，只用字母、数字、`-` 或 `_`（可以用汉字）",
        "rename it with letters, digits, `-` or `_` (Chinese is fine)",
    )
}

pub(crate) fn cannot_transcode(err: &str) -> Text {
    Text::new(
        format!("无法把文件转成 UTF-8：{err}"),
        format!("cannot convert the file to UTF-8: {err}"),
    )
}

pub(crate) fn cannot_transcode_hint(backup: &str) -> Text {
    Text::new(
        format!("原文件没有改动；如果 {backup} 已经存在，请先把它移走"),
        format!("the original is kept; if {backup} exists already, move it away"),
    )
}

pub(crate) fn transcoded(encoding: &str, backup: &str) -> Text {
    Text::new(
        format!("已从 {encoding} 转为 UTF-8；原文件保存在 {backup}"),
        format!("converted from {encoding} to UTF-8; the original is kept in {backup}"),
    )
}

pub(crate) fn legacy_encoding(encoding: &str) -> Text {
    Text::new(
        format!("文件是 {encoding} 编码，不是 UTF-8"),
        format!("file is encoded in {encoding}, not UTF-8"),
    )
}

pub(crate) fn legacy_encoding_transcode_hint(backup: &str) -> Text {
    Text::new(
        format!(
            "运行 `placard build --transcode` 把它转成 UTF-8（原文件保存为 {backup}），或在编辑器里另存为 UTF-8"
        ),
        format!(
            "run `placard build --transcode` to convert it to UTF-8 (the original is kept as {backup}), or save it as UTF-8 in your editor"
        ),
    )
}

pub(crate) fn legacy_encoding_hint() -> Text {
    Text::new(
        "在编辑器里另存为 UTF-8（另存为 → 编码：UTF-8）",
        "save it as UTF-8 in your editor (Save As → Encoding: UTF-8)",
    )
}

pub(crate) fn invalid_utf8(offset: usize) -> Text {
    Text::new(
        format!(
            "文件不是有效的 UTF-8（第一个错误字节在第 {offset} 字节处），也不是 GBK 或 Big5 文本"
        ),
        format!(
            "file is not valid UTF-8 (first bad byte at offset {offset}), nor GBK or Big5 text"
        ),
    )
}

pub(crate) fn invalid_utf8_hint() -> Text {
    Text::new(
        "把文件另存为 UTF-8；那个位置的字节可能已经损坏",
        "save the file as UTF-8; the bytes at that offset may be damaged",
    )
}

pub(crate) fn too_large(size: &str, limit: u64) -> Text {
    Text::new(
        format!("文件有 {size} 字节，超过了 {limit} 字节的上限"),
        format!("file is {size} bytes, over the limit of {limit} bytes"),
    )
}

pub(crate) fn too_large_hint() -> Text {
    Text::new(
        "把文档拆开，或调大 placard.yaml 里的 limits.max_file_size",
        "split the document, or raise limits.max_file_size in placard.yaml",
    )
}

pub(crate) fn no_front_matter() -> Text {
    Text::new(
        "缺少页头：文件第一行必须是 `---`",
        "missing front matter: the file must start with a line `---`",
    )
}

pub(crate) fn no_front_matter_hint() -> Text {
    Text::new(
        "文件开头先写一行 ---，再写 `title: …`，然后再写一行 ---",
        "start the file with ---, then `title: …`, then --- again",
    )
}

pub(crate) fn front_matter_not_closed() -> Text {
    Text::new(
        "页头没有结束：缺少第二行 `---`",
        "front matter is not closed: no second `---` line",
    )
}

pub(crate) fn front_matter_not_closed_hint() -> Text {
    Text::new(
        "在页头最后写一行 `---`",
        "end the front matter with a line `---`",
    )
}

pub(crate) fn theme_not_found(theme: &str) -> Text {
    Text::new(
        format!("找不到主题 `{theme}`：没有 themes/{theme}/ 文件夹"),
        format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
    )
}

pub(crate) fn theme_not_found_hint() -> Text {
    Text::new(
        "写 `theme: default`，或运行 `placard init` 获得一份默认主题",
        "use `theme: default`, or run `placard init` to get a copy of the default theme",
    )
}

// ───────────────────── files that would run code, refused ─────────────────────

/// What a file would do on the site: the end of each refusal's sentence.
fn runs() -> (&'static str, &'static str) {
    (
        "发布到网站上会在读者的浏览器里运行脚本",
        "published on the site, it could run script in readers' browsers",
    )
}

fn would_run(zh: String, en: String) -> Text {
    let (runs_zh, runs_en) = runs();
    Text::new(format!("{zh}：{runs_zh}"), format!("{en}: {runs_en}"))
}

pub(crate) fn browser_type(ext: &str) -> Text {
    would_run(format!(".{ext} 文件"), format!("a .{ext} file"))
}

pub(crate) fn browser_type_inside(ext: &str) -> Text {
    let (runs_zh, runs_en) = runs();
    Text::new(
        format!("文件名中间有 `.{ext}`：Apache 等服务器可能把它当作 .{ext} 文件发送；{runs_zh}"),
        format!(
            "`.{ext}` inside the file name: web servers such as Apache may serve the file as .{ext}; {runs_en}"
        ),
    )
}

pub(crate) fn server_code(ext: &str) -> Text {
    Text::new(
        format!(".{ext} 文件：服务器会把它当作程序运行，所以从不发布"),
        format!("a .{ext} file: web servers run it as a program, so it is never published"),
    )
}

pub(crate) fn server_code_inside(ext: &str) -> Text {
    Text::new(
        format!(
            "文件名中间有 `.{ext}`：Apache 会把 `x.{ext}.jpg` 当作 .{ext} 程序运行，所以从不发布"
        ),
        format!(
            "`.{ext}` inside the file name: Apache runs `x.{ext}.jpg` as a .{ext} program, so it is never published"
        ),
    )
}

pub(crate) fn server_config(name: &str) -> Text {
    Text::new(
        format!(
            "`{name}` 是网站服务器的配置文件：放到网站上会改变服务器运行文件的方式，所以从不发布"
        ),
        format!(
            "`{name}` is a web server's configuration: on the site it would change how the server runs files, so it is never published"
        ),
    )
}

pub(crate) fn svg_unknown_encoding(label: &str) -> Text {
    Text::new(
        format!("SVG 图片的编码 placard 读不了（`encoding=\"{label}\"`）：无法检查其中有没有脚本"),
        format!(
            "an SVG image in an encoding placard cannot read (`encoding=\"{label}\"`): it cannot be checked for script"
        ),
    )
}

pub(crate) fn svg_undecodable(encoding: &str) -> Text {
    Text::new(
        format!("SVG 图片不是有效的 {encoding}：无法检查其中有没有脚本"),
        format!("an SVG image that is not valid {encoding}: it cannot be checked for script"),
    )
}

/// `words` are the XML parser's.
pub(crate) fn svg_not_well_formed(words: &str) -> Text {
    Text::new(
        format!("SVG 图片不是格式正确的 XML（{words}）：无法检查其中有没有脚本"),
        format!(
            "an SVG image that is not well-formed XML ({words}): it cannot be checked for script"
        ),
    )
}

pub(crate) fn svg_script(name: &str) -> Text {
    would_run(
        format!("SVG 图片里有脚本元素 `{name}`"),
        format!("an SVG image with a script element `{name}`"),
    )
}

pub(crate) fn svg_embedded(name: &str) -> Text {
    would_run(
        format!("SVG 图片里嵌入了网页或对象 `{name}`"),
        format!("an SVG image with an embedded page or object `{name}`"),
    )
}

pub(crate) fn svg_handler(name: &str) -> Text {
    would_run(
        format!("SVG 图片里有事件处理属性 `{name}`"),
        format!("an SVG image with an event handler `{name}`"),
    )
}

pub(crate) fn svg_script_url(name: &str, scheme: &str) -> Text {
    would_run(
        format!("SVG 图片的 `{name}` 里有 `{scheme}` 网址"),
        format!("an SVG image with a `{scheme}` URL in `{name}`"),
    )
}

pub(crate) fn svg_animation(target: &str) -> Text {
    would_run(
        format!("SVG 图片里有改变 `{target}` 的动画"),
        format!("an SVG image with an animation that changes `{target}`"),
    )
}

pub(crate) fn svg_external_use(href: &str) -> Text {
    would_run(
        format!("SVG 图片引用了另一个文件的内容（`use` 了 `{href}`）"),
        format!("an SVG image that uses another file's content (`use` of `{href}`)"),
    )
}

pub(crate) fn svg_stylesheet() -> Text {
    would_run(
        "SVG 图片里有 `<?xml-stylesheet?>` 指令（样式表或 XSLT 程序）".to_string(),
        "an SVG image with an `<?xml-stylesheet?>` instruction (a stylesheet or an XSLT program)"
            .to_string(),
    )
}

pub(crate) fn svg_attribute_defaults() -> Text {
    would_run(
        "SVG 图片的 DOCTYPE 给元素添加了属性（`<!ATTLIST`）".to_string(),
        "an SVG image whose DOCTYPE adds attributes to its elements (`<!ATTLIST`)".to_string(),
    )
}

/// A refusal's hint, and what `markdown.unsafe_html: true` lifts.
fn or_trusted(zh: &str, en: &str) -> Text {
    Text::new(
        format!("{zh}；如果所有作者都可信，设置 markdown.unsafe_html: true 可以取消这项检查"),
        format!("{en}; if every author is trusted, markdown.unsafe_html: true lifts this check"),
    )
}

pub(crate) fn browser_type_hint() -> Text {
    or_trusted(
        "把文档以 PDF 或图片发布",
        "publish the document as PDF or an image",
    )
}

pub(crate) fn browser_type_inside_hint() -> Text {
    or_trusted(
        "给文件改名，让点后面只有它真正的类型（`report-html.pdf`）",
        "rename the file so that only its real type comes after a dot (`report-html.pdf`)",
    )
}

pub(crate) fn server_code_hint() -> Text {
    Text::new(
        "如果它不是程序，请改名（`setup-php.txt`）；否则压缩后或转成 PDF 发布；没有设置能取消这项检查",
        "if it is not a program, rename it (`setup-php.txt`); else publish it zipped or as PDF; no setting lifts this",
    )
}

pub(crate) fn server_config_hint() -> Text {
    Text::new(
        "请在服务器上配置网站服务器，不要通过 content/；没有设置能取消这项检查",
        "configure the web server on the server, not from content/; no setting lifts this",
    )
}

pub(crate) fn svg_encoding_hint() -> Text {
    or_trusted(
        "把图片重新保存为 UTF-8（Inkscape 和 Illustrator 默认就是）",
        "save the image again as UTF-8 (Inkscape and Illustrator do by default)",
    )
}

pub(crate) fn svg_not_well_formed_hint() -> Text {
    or_trusted(
        "文件已损坏或不是 SVG 图片：用图片编辑软件打开后重新保存为 SVG，或以 PNG 发布",
        "the file is damaged or not an SVG image: open it in an image editor and save it again as SVG, or publish it as PNG",
    )
}

pub(crate) fn svg_data_url_hint() -> Text {
    or_trusted(
        "把嵌入的文件（data: 网址）另存为单独的文件再链接它，或把图片导出为 PNG",
        "save the embedded file (a data: URL) as a file of its own and link it, or export the image as PNG",
    )
}

pub(crate) fn svg_external_use_hint() -> Text {
    or_trusted(
        "把引用的图形复制到这张图片里（Inkscape：编辑 → 克隆 → 取消克隆链接），或导出为 PNG",
        "copy the used shapes into this image (Inkscape: Edit → Clone → Unlink Clone), or export it as PNG",
    )
}

pub(crate) fn svg_hint() -> Text {
    or_trusted(
        "重新导出不带脚本、链接或嵌入网页的图片（Inkscape：另存为 → 优化的 SVG），或以 PNG 发布",
        "export the image again without scripts, links or embedded pages (Inkscape: Save As → Optimized SVG), or publish it as PNG",
    )
}

/// A Markdown file read late in a build (the build cache knew all but its
/// body) whose bytes are no longer those the build began with.
pub(crate) fn changed_while_building() -> Text {
    Text::new(
        "构建期间这个文件被改动了，已不是构建开始时的内容，本次没有写出任何文件",
        "this file changed while the site was being built: it is no longer what the build began with, so nothing was written",
    )
}

pub(crate) fn changed_while_building_hint() -> Text {
    Text::new(
        "保存完所有文件后，再运行一次 `placard build`",
        "run `placard build` again once every file is saved",
    )
}
