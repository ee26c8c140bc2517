//! The command line's own words: `placard --help`, each command's help, and
//! what a mistyped command or option gets. The arguments are declared in
//! `main.rs` (clap); every text they show comes from here, in the officer's
//! language.

use super::Text;

/// The help of the program (`""`), of a command (`"build"`) or of one of its
/// arguments (`"build.root"`); the long help of a command is `"new.long"`.
/// None for an id placard does not know (the command line keeps clap's words).
pub fn help(id: &str) -> Option<Text> {
    let (zh, en) = match id {
        "" => (
            "面向政府信息公开的中英双语静态网站生成器",
            "Bilingual static sites for public-sector publishing",
        ),
        "build" => (
            "把网站生成到输出文件夹",
            "Build the site into the output folder",
        ),
        "build.root" | "check.root" | "serve.root" | "new.root" | "import.root" => (
            "网站文件夹（放 placard.yaml 的文件夹）[默认：当前文件夹]",
            "The site folder (holding placard.yaml) [default: .]",
        ),
        "build.output" => (
            "输出文件夹 [默认：网站文件夹里的 output]",
            "Output folder [default: ROOT/output]",
        ),
        "build.base_url" => (
            "这次生成用的网站地址，代替 placard.yaml 的 base_url",
            "Override base_url from placard.yaml",
        ),
        "build.drafts" => (
            "也生成标了 `draft: true` 的草稿",
            "Include pages marked `draft: true`",
        ),
        "build.transcode" => (
            "把用 GBK/GB18030、Big5 或 UTF-16 保存的内容文件就地转成 UTF-8，原文件另存为 <文件>.bak",
            "Convert content files saved in GBK/GB18030, Big5 or UTF-16 to UTF-8 in place, keeping the original as <file>.bak",
        ),
        "build.force" => (
            "输出文件夹里没有 placard 的生成标记也照样替换（里面的东西全部删除）：只用一次，用于 placard 加标记以前生成的输出",
            "Replace the output folder even if it holds no mark of a placard build (everything in it is deleted): once, for an output made by placard before it marked its outputs",
        ),
        "build.no_cache" => (
            "不管构建缓存（网站文件夹里的 .placard-cache/）怎么说，全部重新生成；缓存随之重建",
            "Build everything, whatever the build cache (.placard-cache/ in the site folder) says; the cache is made again",
        ),
        "check" => (
            "检查全部内容，不写任何文件",
            "Validate everything; write nothing",
        ),
        "check.strict" => (
            "把网站检查的发现（栏目不更新、空白栏目、首页不更新、解读未关联）当作错误：退出码为 1",
            "Make the website inspection's findings (columns not updated in time, empty columns, a stale home page, interpretations not linked) errors: exit code 1",
        ),
        "serve" => (
            "在内存里运行网站预览；每次改动后重新生成并刷新浏览器",
            "Serve the site from memory, rebuild on every change, reload the browser",
        ),
        "serve.port" => ("端口 [默认：1111]", "Port [default: 1111]"),
        "serve.bind" => (
            "监听的地址 [默认：127.0.0.1]；只有不是 127.0.0.1 时，别的电脑才能访问",
            "Address to listen on [default: 127.0.0.1]; other machines can reach the server only if this is not 127.0.0.1",
        ),
        "init" => ("在 DIR 新建一个网站", "Create a new site in DIR"),
        "init.dir" => ("新网站的文件夹", "The new site's folder"),
        "init.theme" => (
            "同时把默认主题复制到 themes/default/，用来修改；复制的主题不会随 placard 升级而更新",
            "Also copy the default theme into themes/default/, to change it; a copy does not get the fixes of a newer placard",
        ),
        "new" => (
            "新建 content/栏目/名称.md，写好该类页面的前置信息",
            "Create content/SECTION/SLUG.md with the front matter of its kind",
        ),
        "new.long" => (
            "新建 content/栏目/名称.md，写好该类页面的前置信息。\n\n栏目/名称、语言或类型写错时退出码为 2；文件已存在（绝不覆盖）或无法写入时为 1。",
            "Create content/SECTION/SLUG.md with the front matter of its kind.\n\nExit code 2 for a wrong SECTION/SLUG, language or kind; 1 when the file already exists (it is never overwritten) or cannot be written.",
        ),
        "new.path" => (
            "页面放在哪里，如 notices/spring-campaign",
            "Where the page goes, like notices/spring-campaign",
        ),
        "new.lang" | "import.lang" => (
            "页面的语言 [默认：网站的默认语言]",
            "Language of the page [default: the site's default language]",
        ),
        "new.kind" => (
            "页面类型：notice（通知）、plan（规划）、training（培训）或 page（普通页面）[默认：按栏目，与生成时相同]",
            "Kind of page: notice, plan, training or page [default: from the section, as when building]",
        ),
        "new.bundle" => (
            "建成页面包：content/栏目/名称/index.md，文件夹里放页面的附件和图片",
            "Make a page bundle: content/SECTION/SLUG/index.md, a folder for the page's attachments and images",
        ),
        "import" => (
            "把 Word 文档（.docx）做成一个页面，按公文格式（GB/T 9704）排版",
            "Make a page of a Word document (.docx) in the official layout (GB/T 9704)",
        ),
        "import.long" => (
            "把 Word 文档（.docx）做成一个页面，按公文格式（GB/T 9704）排版。\n\n选项写错时退出码为 2；文件无法导入或页面已存在（绝不覆盖）时为 1。",
            "Make a page of a Word document (.docx) in the official layout (GB/T 9704).\n\nExit code 2 for a wrong option; 1 when the file cannot be imported or the page already exists (it is never overwritten).",
        ),
        "import.file" => ("Word 文档（.docx）", "The Word document (.docx)"),
        "import.section" => (
            "栏目文件夹 [默认：该类型的栏目：notices、plans、trainings]",
            "Section folder [default: that of the kind: notices, plans, trainings]",
        ),
        "import.kind" => (
            "页面类型：notice、plan、training 或 page [默认：按 --section，否则按标题的最后一个词]",
            "Kind of page: notice, plan, training or page [default: from --section, else from the title's last word]",
        ),
        "import.slug" => (
            "页面网址里的名称 [默认：文件名的拼音]",
            "URL segment of the page [default: the file name in pinyin]",
        ),
        "import.attach" => (
            "要附上的文件（通知的附件，标题取自文中的“附件”说明）",
            "Files to attach (the notice's attachments, titled from its 附件 note)",
        ),
        "help" => ("显示帮助", "Print help"),
        "version" => ("显示版本", "Print version"),
        "help_command" => (
            "显示本帮助，或某个命令的帮助",
            "Print this message or the help of the given subcommand(s)",
        ),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

/// The headings of a help page: usage, commands, arguments, options.
pub fn headings() -> [Text; 4] {
    [
        Text::new("用法", "Usage"),
        Text::new("命令", "Commands"),
        Text::new("参数", "Arguments"),
        Text::new("选项", "Options"),
    ]
}

/// The name a help page gives a command in its usage line (`placard <COMMAND>`).
pub fn command_placeholder() -> Text {
    Text::new("命令", "COMMAND")
}

/// A command placard does not have; `suggested` is the one meant, if any.
pub fn unknown_command(name: &str, suggested: Option<&str>) -> Text {
    match suggested {
        Some(meant) => Text::new(
            format!("没有 `{name}` 这个命令；是不是要用 `{meant}`？"),
            format!("there is no command `{name}`; did you mean `{meant}`?"),
        ),
        None => Text::new(
            format!("没有 `{name}` 这个命令"),
            format!("there is no command `{name}`"),
        ),
    }
}

/// An option the command does not take; `suggested` is the one meant, if any.
pub fn unknown_option(option: &str, suggested: Option<&str>) -> Text {
    match suggested {
        Some(meant) => Text::new(
            format!("这个命令没有 `{option}` 选项；是不是要用 `{meant}`？"),
            format!("this command takes no `{option}`; did you mean `{meant}`?"),
        ),
        None => Text::new(
            format!("这个命令没有 `{option}` 选项"),
            format!("this command takes no `{option}`"),
        ),
    }
}

/// A word after the arguments the command takes: most often the second half
/// of a name with a space, typed without quotes.
pub fn extra_argument(argument: &str) -> Text {
    Text::new(
        format!(
            "多了一个参数 `{argument}`；名字里有空格时，要把整个名字放在引号里，如 \"notices/春季 活动\""
        ),
        format!(
            "unexpected argument `{argument}`; a name with a space goes in quotes as one, as in \"notices/spring campaign\""
        ),
    )
}

/// A value `option` does not take; `allowed` lists the ones it does, if
/// fixed, and `suggested` is the one meant, if any.
pub fn bad_value(value: &str, option: &str, allowed: &[String], suggested: Option<&str>) -> Text {
    let (mut zh, mut en) = (
        format!("`{value}` 不是 {option} 可以用的值"),
        format!("`{value}` is not a value {option} takes"),
    );
    if let Some(meant) = suggested {
        zh += &format!("；是不是要用 `{meant}`？");
        en += &format!("; did you mean `{meant}`?");
    }
    if !allowed.is_empty() {
        zh += &format!("（可以用：{}）", allowed.join("、"));
        en += &format!(" (it takes: {})", allowed.join(", "));
    }
    Text::new(zh, en)
}

/// Arguments the command needs and was not given.
pub fn missing(arguments: &str) -> Text {
    Text::new(
        format!("缺少参数 {arguments}"),
        format!("{arguments} is missing"),
    )
}

/// The last line of a usage error.
pub fn more_with_help(command: &str) -> Text {
    Text::new(
        format!("运行 `{command} --help` 查看用法"),
        format!("run `{command} --help` for how to use it"),
    )
}
