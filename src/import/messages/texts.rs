//! The texts of `placard import`'s messages, group by group: reading the
//! file, the arguments and writing, warnings, and the report's lines and notes.

use super::{Msg, Unreadable, field_name, object_names, piece_name, sample, status_name};

impl Msg<'_> {
    /// A file that cannot be imported: not found, not a Word document, empty.
    pub(super) fn reading(&self, say: &Say) -> (String, Option<String>) {
        match self {
            Msg::NotFound { file } => say.hinted(
                format!("找不到文件 {file}"),
                format!("{file} does not exist"),
                "检查文件名和所在文件夹；文件名中有空格时请加引号".into(),
                "check the file name and its folder; put the name in quotes if it has spaces".into(),
            ),
            Msg::CannotRead { file, error } => say.plain(
                format!("无法读取 {file}：{error}"),
                format!("cannot read {file}: {error}"),
            ),
            Msg::Folder { file } => say.hinted(
                format!("{file} 是文件夹，不是 Word 文档"),
                format!("{file} is a folder, not a Word document"),
                "请给出一个 .docx 文件".into(),
                "give the path of a .docx file".into(),
            ),
            Msg::FileTooLarge { file, limit_mb } => say.hinted(
                format!("{file} 超过 {limit_mb} MB，无法导入"),
                format!("{file} is larger than {limit_mb} MB and cannot be imported"),
                "在 Word 中压缩图片（文件 → 压缩图片）后另存为 .docx 再导入".into(),
                "compress its pictures in Word (File → Compress Pictures), save it as .docx and import it again".into(),
            ),
            Msg::Unreadable { file, why } => unreadable(file, why, say),
            Msg::NoText { file } => say.hinted(
                format!("{file} 中没有可导入的文字"),
                format!("{file} has no text to import"),
                "如果它是扫描件，请导入文字版的 Word 文档".into(),
                "if it is a scan, import a Word document with the text instead".into(),
            ),
            _ => unreachable!("`say` sends reading messages only"),
        }
    }

    /// A wrong option, an attachment, a page that cannot be written.
    pub(super) fn arguments(&self, say: &Say) -> (String, Option<String>) {
        match self {
            Msg::UnknownLanguage { code, known } => say.hinted(
                format!("未知语言 `{code}`"),
                format!("unknown language `{code}`"),
                format!("本站的语言有：{known}"),
                format!("the site's languages are {known}"),
            ),
            Msg::BadSlug { slug, why } => say.hinted(
                format!("--slug `{slug}` 不能用作网址：{why}"),
                format!("--slug `{slug}` cannot be a URL segment: {why}"),
                "用小写字母、数字和连字符，如 --slug spring-campaign".into(),
                "use lower-case letters, digits and hyphens, like --slug spring-campaign".into(),
            ),
            Msg::NoSlug { file } => say.hinted(
                format!("无法由文件名 {file} 生成网址名"),
                format!("no URL segment (slug) can be made from the file name {file}"),
                "用 --slug 指定，如 --slug spring-campaign".into(),
                "give one with --slug, like --slug spring-campaign".into(),
            ),
            Msg::BadSection { section, why } => say.hinted(
                format!("--section `{section}` 不能用作栏目：{why}"),
                format!("--section `{section}` cannot be a section: {why}"),
                "写栏目文件夹，如 --section notices".into(),
                "write the section folder, like --section notices".into(),
            ),
            Msg::NotAPageName => say.plain(
                "以 . 或 _ 开头、含有 . 或为 index 的名称不会被当作页面读取".into(),
                "placard does not read a name that starts with `.` or `_`, has a dot, or is `index` as a page".into(),
            ),
            Msg::AttachNotFound { file } => say.hinted(
                format!("找不到附件 {file}"),
                format!("the attachment {file} does not exist"),
                "检查 --attach 后的文件名和所在文件夹".into(),
                "check the file names after --attach and their folder".into(),
            ),
            Msg::AttachFolder { file } => say.hinted(
                format!("附件 {file} 是文件夹"),
                format!("the attachment {file} is a folder"),
                "--attach 后请给出文件".into(),
                "give files after --attach".into(),
            ),
            Msg::AttachName { file, why } => say.hinted(
                format!("附件 {file} 的文件名不能用在网站上：{why}"),
                format!("the name of the attachment {file} cannot be used on the site: {why}"),
                "请改名后再导入".into(),
                "rename the file and import again".into(),
            ),
            Msg::AttachReadAsPage => say.plain(
                "Markdown 文件会被当作页面读取".into(),
                "a Markdown file would be read as a page".into(),
            ),
            Msg::AttachHidden => say.plain(
                "以 . 开头的文件不会发布".into(),
                "a file whose name starts with a dot is not published".into(),
            ),
            Msg::AttachTwice { name } => say.hinted(
                format!("有两个附件都叫 {name}"),
                format!("two attachments are both named {name}"),
                "请给其中一个改名".into(),
                "rename one of them".into(),
            ),
            Msg::Exists { path } => say.hinted(
                format!("{path} 已存在"),
                format!("{path} already exists"),
                "placard import 从不覆盖文件；请用 --slug 换一个网址名，或先删除该文件".into(),
                "placard import never overwrites a file; choose another slug with --slug, or remove that file first".into(),
            ),
            Msg::Link { path } => say.hinted(
                format!("{path} 是符号链接；placard import 从不通过链接写入"),
                format!("{path} is a symbolic link; placard import never writes through a link"),
                "把链接换成真正的文件夹，或用 --section 导入到其他栏目".into(),
                "replace the link by a real folder, or import into another section with --section".into(),
            ),
            Msg::NotAFolder { path } => say.hinted(
                format!("{path} 是文件，不是文件夹"),
                format!("{path} is a file, not a folder"),
                "用 --section 导入到其他栏目".into(),
                "import into another section with --section".into(),
            ),
            Msg::WriteFailed { path, error } => say.plain(
                format!("无法写入 {path}：{error}；未写入任何文件"),
                format!("cannot write {path}: {error}; nothing was written"),
            ),
            Msg::OwnCheck { details } => say.hinted(
                format!("导入生成的页面未通过 placard 自身的检查（这是 placard 的缺陷）：{details}"),
                format!("the page made by the import does not pass placard's own check (a bug in placard): {details}"),
                "请报告此问题并附上该 Word 文档；未写入任何文件".into(),
                "please report it with the Word document; nothing was written".into(),
            ),
            Msg::Failed { errors } => say.plain(
                format!("导入失败：{errors} 个错误，未写入任何文件"),
                format!("import failed: {errors} error(s), nothing written"),
            ),
            _ => unreachable!("`say` sends arguments messages only"),
        }
    }

    /// What the page does not keep of the document.
    pub(super) fn warning(&self, say: &Say) -> (String, Option<String>) {
        match self {
            Msg::TextBoxes { texts } => say.hinted(
                format!("{} 个文本框未导入：{}", texts.len(), sample(texts)),
                format!("{} text box(es) left out: {}", texts.len(), sample(texts)),
                "文本框不属于正文；如需发布，请把文字移到正文中，或写进 Markdown".into(),
                "text boxes are not body text; to publish their text, move it into the body in Word, or add it to the Markdown".into(),
            ),
            Msg::TrackedChanges {
                insertions,
                deletions,
            } => say.hinted(
                format!("文档有修订记录：按全部接受导入（保留 {insertions} 处插入，删去 {deletions} 处删除）"),
                format!("the document has tracked changes: imported as if all were accepted ({insertions} insertion(s) kept, {deletions} deletion(s) dropped)"),
                "如果不应全部接受，请在 Word 中处理修订（审阅 → 接受/拒绝）后重新导入".into(),
                "if they should not all be accepted, settle them in Word (Review → Accept/Reject) and import again".into(),
            ),
            Msg::Comments { count } => say.hinted(
                format!("{count} 条批注未导入"),
                format!("{count} comment(s) left out"),
                "批注是写给作者的，从不发布".into(),
                "comments are for the authors and are never published".into(),
            ),
            Msg::Objects { objects } => say.hinted(
                format!("{} 个嵌入对象未导入：{}", objects.len(), object_names(objects, true)),
                format!("{} embedded object(s) left out: {}", objects.len(), object_names(objects, false)),
                "在 Word 中把它粘贴为图片或表格后重新导入，或用 --attach 附上原文件".into(),
                "paste it as a picture or a table in Word and import again, or attach its file with --attach".into(),
            ),
            Msg::LinkedImages { count } => say.hinted(
                format!("{count} 张链接的图片未导入（图片不在文档中）"),
                format!("{count} linked image(s) left out (the picture is not in the document)"),
                "在 Word 中插入图片本身（插入 → 图片），不要“链接到文件”".into(),
                "insert the picture itself in Word (Insert → Pictures), not a link to the file".into(),
            ),
            Msg::UnsupportedImages { formats } => say.hinted(
                format!("{} 张浏览器无法显示的图片未导入（{}）", formats.len(), formats.join("、")),
                format!("{} image(s) in formats browsers cannot show left out ({})", formats.len(), formats.join(", ")),
                "把图片另存为 PNG 或 JPEG，放到页面文件夹中并在 Markdown 里引用".into(),
                "save the picture as PNG or JPEG, put it in the page's folder and refer to it in the Markdown".into(),
            ),
            Msg::HiddenText { texts } => say.hinted(
                format!("{} 处隐藏文字未导入：{}", texts.len(), sample(texts)),
                format!("{} piece(s) of hidden text left out: {}", texts.len(), sample(texts)),
                "隐藏文字在 Word 中看不到，不予发布".into(),
                "hidden text is not shown in Word and is not published".into(),
            ),
            Msg::MergedCells { count } => say.hinted(
                format!("表格中 {count} 个合并单元格已拆开（Markdown 表格不能合并单元格）"),
                format!("{count} merged table cell(s) split (Markdown tables cannot merge cells)"),
                "检查页面中的表格".into(),
                "check the tables of the page".into(),
            ),
            Msg::NestedTables { count } => say.hinted(
                format!("{count} 个嵌套表格的文字已并入外层单元格"),
                format!("the text of {count} nested table(s) was put into the cell around it"),
                "检查页面中的表格".into(),
                "check the tables of the page".into(),
            ),
            Msg::NoAlt { files } => say.hinted(
                format!("图片没有替代文字：{}", files.join("、")),
                format!("image(s) without alt text: {}", files.join(", ")),
                "在 Word 中右键图片 → 编辑替代文字，或在 Markdown 的 ![] 中写上图片内容，供读屏软件朗读".into(),
                "in Word right-click the picture → Edit Alt Text, or write what it shows between the ![] of the Markdown, for screen readers".into(),
            ),
            Msg::Classified { mark } => say.hinted(
                format!("文件标有密级“{mark}”：已作为草稿导入（draft: true）"),
                format!("the document is marked “{mark}”: imported as a draft (draft: true)"),
                "只发布可以公开的内容；确认可以公开后再删去 draft: true".into(),
                "publish only what may be made public; remove draft: true once it may".into(),
            ),
            Msg::NoDate { today } => say.hinted(
                format!("未找到成文日期：日期暂定为今天 {today}"),
                format!("no written date found: the date was set to today, {today}"),
                "把 date: 改为文件上的日期".into(),
                "change date: to the date on the document".into(),
            ),
            Msg::ItemsWithoutFile { items } => say.hinted(
                format!("附件说明中的 {} 项没有对应文件：{}", items.len(), items.join("、")),
                format!("{} item(s) of the attachment note have no file: {}", items.len(), items.join(", ")),
                "用 --attach 按附件说明的顺序给出全部文件".into(),
                "give all the files with --attach, in the order of the note".into(),
            ),
            _ => unreachable!("`say` sends warning messages only"),
        }
    }

    /// The values of the report's lines: what was recognised and guessed.
    pub(super) fn report(&self, say: &Say) -> (String, Option<String>) {
        match self {
            Msg::ReadHeading { file } => say.plain(
                format!("读取 {file}（GB/T 9704 公文格式）："),
                format!("read {file} (GB/T 9704 official document layout):"),
            ),
            Msg::Row {
                status,
                field,
                value,
                note,
            } => say.plain(
                format!(
                    "  {}  {}：{value}{}",
                    status_name(*status, true),
                    field_name(*field, true),
                    note.as_ref().map_or(String::new(), |n| format!("（{n}）"))
                ),
                format!(
                    "  {:<10}  {}: {value}{}",
                    status_name(*status, false),
                    field_name(*field, false),
                    note.as_ref().map_or(String::new(), |n| format!(" ({n})"))
                ),
            ),
            Msg::Created { path } => say.plain(format!("已创建 {path}"), format!("created {path}")),
            Msg::BodyCounts {
                headings,
                items,
                tables,
                images,
                notes,
            } => body_counts(*headings, [*items, *tables, *images, *notes], say),
            Msg::AttachedFiles { files } => say.plain(
                format!(
                    "{} 个文件（--attach）：{}",
                    files.len(),
                    files
                        .iter()
                        .map(|(f, t)| format!("{f}“{t}”"))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                format!(
                    "{} file(s) (--attach): {}",
                    files.len(),
                    files
                        .iter()
                        .map(|(f, t)| format!("{f} “{t}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Msg::ContactOf { name, phone } => say.plain(
                [*name, *phone]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("，"),
                [*name, *phone]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Msg::NoteAsList { count } => say.plain(
                format!("附件说明 {count} 项，在正文中保留为列表"),
                format!("the 附件 note, {count} item(s), kept in the body as a list"),
            ),
            Msg::TargetsTable { rows, head } => say.plain(
                format!("{rows} 项，取自表格“{head}”"),
                format!("{rows} row(s) from the table “{head}”"),
            ),
            Msg::Pieces { pieces } => say.plain(
                pieces
                    .iter()
                    .map(|p| piece_name(*p, true))
                    .collect::<Vec<_>>()
                    .join("、"),
                pieces
                    .iter()
                    .map(|p| piece_name(*p, false))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => unreachable!("`say` sends report lines only"),
        }
    }

    /// The notes of the report's lines: where a value came from, how it was chosen.
    pub(super) fn note(&self, say: &Say) -> (String, Option<String>) {
        match self {
            Msg::FromRedHeader { line } => say.plain(
                format!("取自版头“{line}”"),
                format!("from the red header “{line}”"),
            ),
            Msg::FromPageHeader { line } => say.plain(
                format!("取自页眉“{line}”"),
                format!("from the page header “{line}”"),
            ),
            Msg::FromSignature => say.plain("取自署名".into(), "from the signature".into()),
            Msg::NumberWritten { written } => say.plain(
                format!("原文“{written}”，括号按 GB/T 9704 改为〔〕"),
                format!("written “{written}”; brackets made 〔〕 as GB/T 9704 writes them"),
            ),
            Msg::DateWritten { written } => {
                say.plain(format!("原文“{written}”"), format!("written “{written}”"))
            }
            Msg::DatePrinted { line } => say.plain(
                format!("未找到成文日期，取印发日期“{line}”"),
                format!("no written date: the printing date of “{line}”"),
            ),
            Msg::DateToday => say.plain(
                "未找到日期，暂用今天".into(),
                "no date found: today's".into(),
            ),
            Msg::CentredTitle { lines } => say.plain(
                format!("居中的标题，共 {lines} 行"),
                format!("the centred title, {lines} line(s)"),
            ),
            Msg::FirstLine => say.plain("第一行".into(), "the first line".into()),
            Msg::FromProperties => say.plain(
                "文档属性中的标题".into(),
                "the title in the document's properties".into(),
            ),
            Msg::FromFileName => say.plain("文件名".into(), "the file name".into()),
            Msg::KindOption => say.plain("--kind".into(), "--kind".into()),
            Msg::KindFromSection { section } => {
                say.plain(format!("栏目 {section}"), format!("the section {section}"))
            }
            Msg::KindFromTitle { word } => say.plain(
                format!("标题以“{word}”结尾"),
                format!("the title ends in “{word}”"),
            ),
            Msg::KindDefault => say.plain(
                "公文默认为通知类".into(),
                "official documents default to notices".into(),
            ),
            Msg::SectionOfKind => say.plain("按类型".into(), "that of the kind".into()),
            Msg::SectionOption => say.plain("--section".into(), "--section".into()),
            Msg::SlugOption => say.plain("--slug".into(), "--slug".into()),
            Msg::SlugPinyin => say.plain(
                "文件名的拼音，无声调，每字一节".into(),
                "the file name in pinyin, without tones, a syllable a character".into(),
            ),
            Msg::FirstParagraph => say.plain(
                "保留为正文第一段".into(),
                "kept as the first paragraph".into(),
            ),
            Msg::TitlesFromNote => say.plain(
                "名称取自附件说明".into(),
                "titles from the 附件 note".into(),
            ),
            Msg::TitlesFromNames => {
                say.plain("名称取自文件名".into(), "titles from the file names".into())
            }
            Msg::GiveFilesWithAttach => say.plain(
                "可用 --attach 附上文件".into(),
                "give the files with --attach to attach them".into(),
            ),
            Msg::ContactLine => say.plain("取自联系人一行".into(), "from the contact line".into()),
            Msg::YearsOfTitle => say.plain(
                "根据标题中的年份".into(),
                "from the years in the title".into(),
            ),
            Msg::MarkedAs { mark } => say.plain(
                format!("文件标有“{mark}”"),
                format!("the document is marked “{mark}”"),
            ),
            Msg::NoKeyForKind { key, kind } => say.plain(
                format!("{kind} 页面没有 {key} 项"),
                format!("a {kind} page has no `{key}`"),
            ),
            Msg::BodyAndHeadersApart => say.plain(
                "页眉、页脚和页码从不作为正文".into(),
                "page headers, footers and page numbers are never body text".into(),
            ),
            _ => unreachable!("`say` sends report notes only"),
        }
    }
}

/// Chinese or English, a message and its hint at a time.
pub(super) struct Say {
    pub(super) zh: bool,
}

impl Say {
    fn plain(&self, zh_text: String, en_text: String) -> (String, Option<String>) {
        (if self.zh { zh_text } else { en_text }, None)
    }

    fn hinted(
        &self,
        zh_text: String,
        en_text: String,
        zh_hint: String,
        en_hint: String,
    ) -> (String, Option<String>) {
        if self.zh {
            (zh_text, Some(zh_hint))
        } else {
            (en_text, Some(en_hint))
        }
    }
}

/// The hint for a document in a format Word can save as .docx.
const SAVE_AS_DOCX: (&str, &str) = (
    "请用 Word 或 WPS 打开，另存为 .docx 格式（文件 → 另存为 → Word 文档），再导入该 .docx 文件",
    "open it in Word or WPS, save it as .docx (File → Save As → Word Document), and import that file",
);

/// The hint for a damaged document.
const RESAVE: (&str, &str) = (
    "请用 Word 打开（Word 会提示修复损坏的文件），再另存为 .docx",
    "open it in Word (Word offers to repair a damaged file) and save it again as .docx",
);

/// What the body holds: `二级标题（###） 2 个，表格 1 个` / `2 heading(s) ###, 1 table(s)`.
fn body_counts(headings: [usize; 3], others: [usize; 4], say: &Say) -> (String, Option<String>) {
    let [items, tables, images, notes] = others;
    let zh_parts = [
        (headings[0], "一级标题（##）", "个"),
        (headings[1], "二级标题（###）", "个"),
        (headings[2], "三级标题（####）", "个"),
        (items, "列表项", "个"),
        (tables, "表格", "个"),
        (images, "图片", "张"),
        (notes, "脚注", "条"),
    ];
    let en_parts = [
        (headings[0], "heading(s) ##"),
        (headings[1], "heading(s) ###"),
        (headings[2], "heading(s) ####"),
        (items, "list item(s)"),
        (tables, "table(s)"),
        (images, "image(s)"),
        (notes, "footnote(s)"),
    ];
    let zh_text: Vec<String> = zh_parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, what, unit)| format!("{what} {n} {unit}"))
        .collect();
    let en_text: Vec<String> = en_parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    say.plain(
        if zh_text.is_empty() {
            "只有段落".into()
        } else {
            zh_text.join("，")
        },
        if en_text.is_empty() {
            "paragraphs only".into()
        } else {
            en_text.join(", ")
        },
    )
}

/// Why a file is not a Word document placard can read, and what to do.
fn unreadable(file: &str, why: &Unreadable, say: &Say) -> (String, Option<String>) {
    match why {
        Unreadable::Doc97 => say.hinted(
            format!("{file} 是 Word 97–2003 格式的文档（.doc），placard 无法读取"),
            format!("{file} is a Word 97–2003 document (.doc), which placard cannot read"),
            SAVE_AS_DOCX.0.into(),
            SAVE_AS_DOCX.1.into(),
        ),
        Unreadable::Encrypted => say.hinted(
            format!("{file} 设置了打开密码，无法读取其内容"),
            format!("{file} is protected by a password, so its text cannot be read"),
            "请用 Word 打开，取消密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码），保存为 .docx 后再导入".into(),
            "open it in Word, remove the password (File → Info → Protect Document → Encrypt with Password, clear it), save it as .docx and import it again".into(),
        ),
        Unreadable::OtherOffice(program) => say.hinted(
            format!("{file} 是 {program} 文件，不是 Word 文档"),
            format!("{file} is a {program} file, not a Word document"),
            "只能导入 Word 文档（.docx）；可把内容复制到 Word 文档中，或用 --attach 把它作为另一页面的附件".into(),
            "only Word documents (.docx) can be imported; copy its content into a Word document, or attach it to a page with --attach".into(),
        ),
        Unreadable::OtherCompound => say.hinted(
            format!("{file} 是旧版 Office 文件，placard 无法读取"),
            format!("{file} is an old Office file, which placard cannot read"),
            SAVE_AS_DOCX.0.into(),
            SAVE_AS_DOCX.1.into(),
        ),
        Unreadable::Rtf => say.hinted(
            format!("{file} 是 RTF 格式，不是 .docx 文档"),
            format!("{file} is in RTF format, not a .docx document"),
            SAVE_AS_DOCX.0.into(),
            SAVE_AS_DOCX.1.into(),
        ),
        Unreadable::Pdf => say.hinted(
            format!("{file} 是 PDF 文件，不是 Word 文档"),
            format!("{file} is a PDF, not a Word document"),
            "请导入制作该 PDF 的 Word 原件（.docx），或用 --attach 把 PDF 作为附件".into(),
            "import the Word document it was made from (.docx), or attach the PDF to a page with --attach".into(),
        ),
        Unreadable::Odt => say.hinted(
            format!("{file} 是 OpenDocument 文本（.odt），不是 .docx 文档"),
            format!("{file} is an OpenDocument text (.odt), not a .docx document"),
            "请在 WPS 或 LibreOffice 中另存为 .docx 格式，再导入".into(),
            "save it as .docx in LibreOffice or WPS (File → Save As), and import that file".into(),
        ),
        Unreadable::OtherZip => say.hinted(
            format!("{file} 是压缩包，不是 Word 文档"),
            format!("{file} is a zip archive, not a Word document"),
            SAVE_AS_DOCX.0.into(),
            SAVE_AS_DOCX.1.into(),
        ),
        Unreadable::NotWord => say.hinted(
            format!("{file} 不是 Word 文档"),
            format!("{file} is not a Word document"),
            SAVE_AS_DOCX.0.into(),
            SAVE_AS_DOCX.1.into(),
        ),
        Unreadable::Damaged(detail) => say.hinted(
            format!("{file} 已损坏，无法读取（{detail}）"),
            format!("{file} is damaged and cannot be read ({detail})"),
            RESAVE.0.into(),
            RESAVE.1.into(),
        ),
        Unreadable::TooBig { part, limit } => say.hinted(
            format!("{file} 太大，无法导入：其中的 {part} 解压后超过 {} MB", limit / 1_048_576),
            format!("{file} is too large to import: its {part} unpacks to more than {} MB", limit / 1_048_576),
            "真正的公文远小于此；请在 Word 中压缩图片（文件 → 压缩图片）后另存为 .docx".into(),
            "a real document is far smaller: compress its pictures in Word (File → Compress Pictures) and save it again as .docx".into(),
        ),
        Unreadable::BadXml {
            part,
            line,
            column,
            what,
        } => say.hinted(
            format!("{file} 已损坏：{part} 第 {line} 行第 {column} 列：{what}"),
            format!("{file} is damaged: {part}, line {line}, column {column}: {what}"),
            RESAVE.0.into(),
            RESAVE.1.into(),
        ),
        Unreadable::TooDeep { part } => say.hinted(
            format!("{file} 已损坏：{part} 的元素嵌套过深"),
            format!("{file} is damaged: the elements of {part} are nested too deep"),
            RESAVE.0.into(),
            RESAVE.1.into(),
        ),
    }
}
