//! `placard import`: Word documents in the official layout (made by
//! `word/mod.rs` from the seed documents) become pages with typed front
//! matter that build; what is layout is left out, what a page cannot keep is
//! warned about; bad files are refused with what to do, and nothing outside
//! the new page is ever written.

mod support;
mod word;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::html::{self, all, one, text};
use support::site::{Room, TODAY};

/// A run of `placard import` from the room (so that paths print short).
struct Run {
    status: i32,
    stderr: String,
}

fn placard_in(room: &Room, args: &[&str], lang: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_placard"));
    command
        .args(args)
        .current_dir(room.path())
        .env("PLACARD_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("PLACARD_LANG");
    if let Some(lang) = lang {
        command.env("PLACARD_LANG", lang);
    }
    let out = command.output().expect("run placard");
    Run {
        status: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `placard import FILE --root site ARGS…`, run in the room.
fn import(room: &Room, file: &str, args: &[&str]) -> Run {
    let mut all_args = vec!["import", file, "--root", "site"];
    all_args.extend_from_slice(args);
    placard_in(room, &all_args, None)
}

fn build(room: &Room) -> Run {
    placard_in(room, &["build", "--root", "site"], Some("en"))
}

/// A room holding the `import` site and a Word document beside it.
fn room_with(name: &str, docx: &[u8]) -> Room {
    let mut room = Room::fixture("import");
    fs::write(room.path().join(name), docx).expect("write docx");
    room.remember();
    room
}

fn read(room: &Room, rel: &str) -> String {
    fs::read_to_string(room.file(rel)).unwrap_or_else(|e| panic!("read site/{rel}: {e}"))
}

/// The front matter of a page file, without its first comment line.
fn front_matter(page: &str) -> String {
    let (yaml, _) = page
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .expect("front matter");
    yaml.lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

fn body(page: &str) -> String {
    page.split_once("\n---\n")
        .expect("front matter")
        .1
        .trim()
        .to_string()
}

const NOTICE_SLUG: &str = "guan-yu-zuo-hao-2024-nian-bao-ming-gong-zuo-de-tong-zhi";

#[test]
fn a_notice_with_number_and_attachments_becomes_a_notice_bundle_that_builds() {
    let mut room = Room::fixture("import");
    fs::write(
        room.path().join("关于做好2024年报名工作的通知.docx"),
        word::notice(),
    )
    .unwrap();
    fs::write(room.path().join("报名表.csv"), "姓名,性别,单位\n").unwrap();
    fs::write(room.path().join("须知.txt"), "进修人员须知\n").unwrap();
    room.remember();

    let run = import(
        &room,
        "关于做好2024年报名工作的通知.docx",
        &["--attach", "报名表.csv", "须知.txt"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page_rel = format!("content/notices/{NOTICE_SLUG}/index.md");
    assert!(
        run.stderr.ends_with(&format!("已创建 {page_rel}\n")),
        "{}",
        run.stderr
    );
    let page = read(&room, &page_rel);
    assert_eq!(
        front_matter(&page),
        "title: \"关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知\"\n\
         date: 2024-02-20\n\
         issuer: \"某某县人口和计划生育委员会\"\n\
         doc_number: \"县人口发〔2024〕3号\"\n\
         contact: { name: \"王林\", phone: \"0551-1234567\" }\n\
         attachments:\n  \
         - { file: \"报名表.csv\", title: \"进修培训报名表\" }\n  \
         - { file: \"须知.txt\", title: \"进修人员须知\" }"
    );
    assert!(
        page.starts_with("---\n# 关于做好2024年报名工作的通知.docx ← placard import, 2025-01-15\n")
    );
    let body = body(&page);
    assert!(
        body.starts_with("各乡镇人民政府、城关街道办事处，县计划生育服务站：\n\n为全面提高"),
        "{body}"
    );
    for expected in [
        "\n\n## 一、培训对象\n\n",
        "尚未参加过县级进修[^1]的人员。",
        "\n\n## 二、培训时间和期次\n\n",
        "| 期次 | 培训时间 | 名额 | 报名截止 |\n|---|---|---|---|\n| 第一期 | 3月4日—5月31日 | 20 | 2月28日 |",
        "\n\n1. 各乡镇（街道）服务所按名额确定参训人员，填写《进修培训报名表》，于报名截止日前报县服务站培训科；\n2. 电子版报名表",
        "\n\n### （一）高度重视\n\n",
        "**此次进修培训是提高基层技术人员业务水平的重要措施**。各乡镇（街道）要精心组织，按时足额选派人员，*不得以工作忙为由推诿*。",
        "\n\n[^1]: 县级进修指在县计划生育服务站脱产学习3个月。",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    // The layout is not text: copy number, red header, rule, signature and
    // date, contact note (now front matter), colophon, page header and footer.
    for layout in [
        "000125",
        "文件",
        "2024年2月20日",
        "联系人",
        "抄送",
        "印发",
        "附件：",
        "— ",
        "PAGE",
        "某某县人口和计划生育委员会\n",
    ] {
        assert!(!body.contains(layout), "{layout:?} is in the body:\n{body}");
    }
    assert_eq!(
        fs::read(room.file(&format!("content/notices/{NOTICE_SLUG}/报名表.csv"))).unwrap(),
        "姓名,性别,单位\n".as_bytes()
    );
    for line in [
        "读取 关于做好2024年报名工作的通知.docx（GB/T 9704 公文格式）：",
        "  识别  标题：关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知（居中的标题，共 2 行）",
        "  识别  发文字号：县人口发〔2024〕3号",
        "  识别  发文机关：某某县人口和计划生育委员会（取自版头“某某县人口和计划生育委员会文件”）",
        "  识别  成文日期：2024-02-20（原文“2024年2月20日”）",
        "  识别  正文：一级标题（##） 4 个，二级标题（###） 2 个，列表项 2 个，表格 1 个，脚注 1 条",
        "  推测  类型：notice（标题以“通知”结尾）",
        "  未导入  版式：份号、版头（发文机关标志）、红色分隔线、署名和成文日期、版记（抄送、印发）（页眉、页脚和页码从不作为正文）",
    ] {
        assert!(
            run.stderr.contains(&format!("{line}\n")),
            "missing {line:?} in:\n{}",
            run.stderr
        );
    }

    let built = build(&room);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let doc = html::html(
        &room.file("output"),
        &format!("notices/{NOTICE_SLUG}/index.html"),
    );
    assert_eq!(
        text(one(&doc, "h1")),
        "关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知"
    );
    let headings: Vec<String> = all(&doc, "main h2").into_iter().map(text).collect();
    assert!(headings.iter().any(|h| h == "一、培训对象"), "{headings:?}");
    assert!(
        all(&doc, "main table td")
            .into_iter()
            .any(|td| text(td) == "3月4日—5月31日")
    );
    assert!(
        all(&doc, "main strong")
            .into_iter()
            .any(|s| text(s) == "此次进修培训是提高基层技术人员业务水平的重要措施")
    );
    let links: Vec<String> = all(&doc, "a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.iter().any(|l| l.ends_with("报名表.csv")), "{links:?}");
    assert!(
        room.file(&format!("output/notices/{NOTICE_SLUG}/须知.txt"))
            .is_file()
    );
    let page_html = support::site::read(
        &room.file("output"),
        &format!("notices/{NOTICE_SLUG}/index.html"),
    );
    assert!(page_html.contains("县人口发〔2024〕3号"));
    room.untouched(&[
        &format!("site/content/notices/{NOTICE_SLUG}"),
        "site/output",
        "site/.placard-cache",
    ]);
}

#[test]
fn a_plan_takes_its_targets_table_and_period_and_word_numbering_gives_its_headings() {
    let room = room_with("2024年工作要点.docx", &word::plan());
    let run = import(&room, "2024年工作要点.docx", &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = read(&room, "content/plans/2024-nian-gong-zuo-yao-dian.md");
    assert_eq!(
        front_matter(&page),
        "title: \"某某县2024年人口和计划生育工作要点\"\n\
         date: 2024-01-15\n\
         issuer: \"某某县人口和计划生育委员会\"\n\
         period: { start: 2024-01-01, end: 2024-12-31 }\n\
         targets:\n  \
         - { indicator: \"人口自然增长率\", target: \"≤ 7.5‰\", note: \"全年\" }\n  \
         - { indicator: \"综合性别比\", target: \"120左右\" }\n  \
         - { indicator: \"统计准确率\", target: \"100%\", note: \"力争\" }"
    );
    let body = body(&page);
    assert_eq!(
        body,
        "## 一、总体要求\n\n\
         全县人口计生工作继续以稳定低生育水平为核心，以降低统计误差、综合治理出生人口性别比为重点，进一步强化基层基础工作，全面提升计划生育工作整体水平。\n\n\
         ## 二、主要目标\n\n\
         ## 三、工作要点\n\n\
         ### （一）完善三项机制\n\n\
         1. **注重过程，完善经常性工作机制**。计生工作责任在乡镇，县计生领导小组强化对乡镇“周调度、月督查、季考核”。\n\
         2. **重心下移，完善“村为主”工作机制**。真正建立“县具体指导，乡镇负责管理，村为主负责落实”的工作格局。\n\n\
         ### （二）突出工作重点\n\n\
         强化孕前管理，提高出生人口政策符合率；强化流动人口服务管理。"
    );
    assert!(
        run.stderr
            .contains("  推测  类型：plan（标题以“要点”结尾）\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  识别  目标：3 项，取自表格“指标 | 目标值 | 备注”\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  推测  期限：2024-01-01 – 2024-12-31（根据标题中的年份）\n"),
        "{}",
        run.stderr
    );

    let built = build(&room);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let doc = html::html(
        &room.file("output"),
        "plans/2024-nian-gong-zuo-yao-dian/index.html",
    );
    let indicators: Vec<String> = all(&doc, ".targets tbody th")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(indicators, ["人口自然增长率", "综合性别比", "统计准确率"]);
    let h3: Vec<String> = all(&doc, "main h3").into_iter().map(text).collect();
    assert!(h3.contains(&"（一）完善三项机制".to_string()), "{h3:?}");
    room.untouched(&[
        "site/content/plans/2024-nian-gong-zuo-yao-dian.md",
        "site/output",
        "site/.placard-cache",
    ]);
}

#[test]
fn chinese_numeral_dates_half_width_brackets_and_urgency_are_read() {
    let room = room_with("婚育新风进万家.docx", &word::chinese_dates());
    let run = import(&room, "婚育新风进万家.docx", &["--slug", "campaign"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = read(&room, "content/notices/campaign.md");
    assert_eq!(
        front_matter(&page),
        "title: \"关于开展“婚育新风进万家”活动的通知\"\n\
         date: 2024-03-08\n\
         issuer: \"某某县人民政府办公室\"\n\
         doc_number: \"县政办发〔2024〕12号\"\n\
         urgent: true"
    );
    // A date in the text is text.
    assert!(body(&page).contains("活动自二〇二四年三月十日开始"));
    for line in [
        "  识别  成文日期：2024-03-08（原文“二〇二四年三月八日”）",
        "  识别  发文字号：县政办发〔2024〕12号（原文“县政办发[2024]12号”，括号按 GB/T 9704 改为〔〕）",
        "  识别  紧急：true（文件标有“特急”）",
        "  指定  网址名：campaign（--slug）",
    ] {
        assert!(
            run.stderr.contains(&format!("{line}\n")),
            "missing {line:?} in:\n{}",
            run.stderr
        );
    }
    let built = build(&room);
    assert_eq!(built.status, 0, "{}", built.stderr);
    assert!(room.file("output/notices/campaign/index.html").is_file());
}

#[test]
fn images_go_into_the_bundle_with_their_alt_text_or_a_warning() {
    let room = room_with("宣传栏.docx", &word::with_image());
    let run = import(&room, "宣传栏.docx", &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = read(&room, "content/notices/xuan-chuan-lan/index.md");
    let body = body(&page);
    assert!(
        body.contains("\n\n![城关镇婚育新风宣传栏](image-1.png)\n\n"),
        "{body}"
    );
    assert!(body.contains("\n\n![](image-2.png)\n\n"), "{body}");
    assert!(
        body.contains("宣传材料可从[县政府网站](<https://www.example.gov.cn/xcl/>)下载。"),
        "{body}"
    );
    assert_eq!(
        fs::read(room.file("content/notices/xuan-chuan-lan/image-1.png")).unwrap(),
        word::png(word::RED_PIXEL)
    );
    assert!(
        run.stderr.contains(
            "警告: 图片没有替代文字：image-2.png\n  --> 宣传栏.docx\n  = 提示: 在 Word 中右键图片 → 编辑替代文字"
        ),
        "{}",
        run.stderr
    );

    let built = build(&room);
    assert_eq!(built.status, 0, "{}", built.stderr);
    assert!(
        built.stderr.contains("image without alt text: image-2.png"),
        "{}",
        built.stderr
    );
    let doc = html::html(&room.file("output"), "notices/xuan-chuan-lan/index.html");
    let alts: Vec<String> = all(&doc, "main img")
        .into_iter()
        .filter_map(|i| i.value().attr("alt").map(str::to_string))
        .collect();
    assert!(
        alts.contains(&"城关镇婚育新风宣传栏".to_string()),
        "{alts:?}"
    );
    // Published as its processed copies (issue 25), not as it is.
    let src = all(&doc, "main img")
        .into_iter()
        .find(|i| i.value().attr("alt") == Some("城关镇婚育新风宣传栏"))
        .and_then(|i| i.value().attr("src").map(str::to_string))
        .expect("the picture's <img>");
    assert!(
        src.starts_with("image-1-") && src.ends_with(".png"),
        "{src}"
    );
    assert!(
        room.file(&format!("output/notices/xuan-chuan-lan/{src}"))
            .is_file()
    );
    assert!(
        !room
            .file("output/notices/xuan-chuan-lan/image-1.png")
            .exists()
    );
}

const WARNINGS_ZH: &str = "\
读取 培训名额.docx（GB/T 9704 公文格式）：
  识别  标题：关于调整培训名额的通知（居中的标题，共 1 行）
  识别  发文机关：某某县人口和计划生育委员会（取自署名）
  识别  成文日期：2024-03-01（原文“2024年3月1日”）
  识别  主送机关：各乡镇人民政府：（保留为正文第一段）
  识别  正文：只有段落
  推测  类型：notice（标题以“通知”结尾）
  推测  栏目：notices（按类型）
  推测  网址名：pei-xun-ming-e（文件名的拼音，无声调，每字一节）
  未导入  版式：署名和成文日期（页眉、页脚和页码从不作为正文）
警告: 1 个文本框未导入：“内部传阅，请勿外传”
  --> 培训名额.docx
  = 提示: 文本框不属于正文；如需发布，请把文字移到正文中，或写进 Markdown
警告: 文档有修订记录：按全部接受导入（保留 1 处插入，删去 1 处删除）
  --> 培训名额.docx
  = 提示: 如果不应全部接受，请在 Word 中处理修订（审阅 → 接受/拒绝）后重新导入
警告: 1 条批注未导入
  --> 培训名额.docx
  = 提示: 批注是写给作者的，从不发布
警告: 1 个嵌入对象未导入：Excel 表格
  --> 培训名额.docx
  = 提示: 在 Word 中把它粘贴为图片或表格后重新导入，或用 --attach 附上原文件
警告: 1 处隐藏文字未导入：“（内部：名额由王林核定）”
  --> 培训名额.docx
  = 提示: 隐藏文字在 Word 中看不到，不予发布
已创建 content/notices/pei-xun-ming-e.md
";

const WARNINGS_EN: &str = "\
read 培训名额.docx (GB/T 9704 official document layout):
  recognised  title: 关于调整培训名额的通知 (the centred title, 1 line(s))
  recognised  issuer: 某某县人口和计划生育委员会 (from the signature)
  recognised  date: 2024-03-01 (written “2024年3月1日”)
  recognised  recipients: 各乡镇人民政府： (kept as the first paragraph)
  recognised  body: paragraphs only
  guessed     kind: notice (the title ends in “通知”)
  guessed     section: notices (that of the kind)
  guessed     slug: pei-xun-ming-e (the file name in pinyin, without tones, a syllable a character)
  left out    layout: signature and written date (page headers, footers and page numbers are never body text)
warning: 1 text box(es) left out: “内部传阅，请勿外传”
  --> 培训名额.docx
  = hint: text boxes are not body text; to publish their text, move it into the body in Word, or add it to the Markdown
warning: the document has tracked changes: imported as if all were accepted (1 insertion(s) kept, 1 deletion(s) dropped)
  --> 培训名额.docx
  = hint: if they should not all be accepted, settle them in Word (Review → Accept/Reject) and import again
warning: 1 comment(s) left out
  --> 培训名额.docx
  = hint: comments are for the authors and are never published
warning: 1 embedded object(s) left out: an Excel sheet
  --> 培训名额.docx
  = hint: paste it as a picture or a table in Word and import again, or attach its file with --attach
warning: 1 piece(s) of hidden text left out: “（内部：名额由王林核定）”
  --> 培训名额.docx
  = hint: hidden text is not shown in Word and is not published
created content/notices/pei-xun-ming-e.md
";

#[test]
fn what_a_page_cannot_keep_is_left_out_with_a_warning_for_each_kind_in_both_languages() {
    for (lang, expected) in [(None, WARNINGS_ZH), (Some("en"), WARNINGS_EN)] {
        let room = room_with("培训名额.docx", &word::with_warnings());
        let run = placard_in(&room, &["import", "培训名额.docx", "--root", "site"], lang);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(run.stderr, expected);
        let page = read(&room, "content/notices/pei-xun-ming-e.md");
        let body = body(&page);
        assert_eq!(
            body,
            "各乡镇人民政府：\n\n第一期名额调整为24名。\n\n各乡镇按调整后的名额报名。\n\n请于3月15日前报送。"
        );
        let built = build(&room);
        assert_eq!(built.status, 0, "{}", built.stderr);
    }
}

#[test]
fn a_page_of_another_kind_and_language_keeps_in_its_body_what_it_has_no_key_for() {
    let room = room_with("enrolment.docx", &word::notice());
    let run = import(
        &room,
        "enrolment.docx",
        &["--kind", "page", "--lang", "en", "--section", "about"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = read(&room, "content/about/enrolment.en.md");
    assert_eq!(
        front_matter(&page),
        "title: \"关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知\"\n\
         date: 2024-02-20"
    );
    let body = body(&page);
    assert!(
        body.starts_with("县人口发〔2024〕3号\n\n各乡镇人民政府"),
        "{body}"
    );
    assert!(
        body.contains("\n\n附件：\n\n1. 进修培训报名表\n2. 进修人员须知\n\n"),
        "{body}"
    );
    assert!(
        body.contains("（联系人：王林，联系电话：0551－1234567）"),
        "{body}"
    );
    assert!(
        body.ends_with(
            "\n\n某某县人口和计划生育委员会\n\n[^1]: 县级进修指在县计划生育服务站脱产学习3个月。"
        ),
        "{body}"
    );
    assert!(
        run.stderr
            .contains("  正文  发文字号：县人口发〔2024〕3号（page 页面没有 doc_number 项）\n"),
        "{}",
        run.stderr
    );
    let built = build(&room);
    assert_eq!(built.status, 0, "{}", built.stderr);
    assert!(room.file("output/en/about/enrolment/index.html").is_file());
}

#[test]
fn an_existing_page_is_never_overwritten() {
    let mut room = room_with("通知.docx", &word::notice());
    let first = import(&room, "通知.docx", &["--slug", "enrolment"]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let written = read(&room, "content/notices/enrolment.md");
    room.remember();
    let second = import(&room, "通知.docx", &["--slug", "enrolment"]);
    assert_eq!(second.status, 1, "{}", second.stderr);
    assert_eq!(
        second.stderr,
        "错误: content/notices/enrolment.md 已存在\n  --> content/notices/enrolment.md\n  \
         = 提示: placard import 从不覆盖文件；请用 --slug 换一个网址名，或先删除该文件\n\
         导入失败：1 个错误，未写入任何文件\n"
    );
    // As a bundle (attachments) the page would take the same URL: refused too.
    fs::write(room.path().join("a.txt"), "a").unwrap();
    room.remember();
    let bundle = import(
        &room,
        "通知.docx",
        &["--slug", "enrolment", "--attach", "a.txt"],
    );
    assert_eq!(bundle.status, 1, "{}", bundle.stderr);
    assert!(
        bundle
            .stderr
            .starts_with("错误: content/notices/enrolment.md 已存在\n"),
        "{}",
        bundle.stderr
    );
    assert_eq!(read(&room, "content/notices/enrolment.md"), written);
    room.untouched(&[]);
}

#[test]
fn a_linked_content_or_section_folder_is_never_written_through() {
    for linked in ["content", "content/notices"] {
        let mut room = room_with("通知.docx", &word::notice());
        let real = room.path().join("elsewhere");
        fs::rename(room.file(linked), &real).unwrap();
        std::os::unix::fs::symlink(&real, room.file(linked)).unwrap();
        room.remember();
        let run = import(&room, "通知.docx", &["--slug", "enrolment"]);
        assert_eq!(run.status, 1, "{linked}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!(
                "错误: {linked} 是符号链接；placard import 从不通过链接写入\n  --> {linked}\n"
            )),
            "{}",
            run.stderr
        );
        room.untouched(&[]);
    }
}

#[test]
fn files_that_are_not_a_docx_are_refused_with_what_to_do() {
    let mut truncated = word::notice();
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "旧通知.doc",
            word::doc97(),
            "error: 旧通知.doc is a Word 97–2003 document (.doc), which placard cannot read",
            "open it in Word or WPS, save it as .docx (File → Save As → Word Document), and import that file",
        ),
        (
            "加密.docx",
            word::encrypted(),
            "error: 加密.docx is protected by a password, so its text cannot be read",
            "open it in Word, remove the password",
        ),
        (
            "半截.docx",
            truncated,
            "error: 半截.docx is damaged and cannot be read (",
            "open it in Word (Word offers to repair a damaged file) and save it again as .docx",
        ),
        (
            "压缩包.docx",
            word::zip_of(&[("readme.txt", b"hello")]),
            "error: 压缩包.docx is a zip archive, not a Word document",
            "save it as .docx",
        ),
        (
            "文稿.odt",
            word::odt(),
            "error: 文稿.odt is an OpenDocument text (.odt), not a .docx document",
            "save it as .docx in LibreOffice or WPS",
        ),
        (
            "炸弹.docx",
            word::bomb(),
            "error: 炸弹.docx is too large to import: its word/document.xml unpacks to more than 32 MB",
            "compress its pictures in Word",
        ),
        (
            "扫描.pdf",
            b"%PDF-1.7\n".to_vec(),
            "error: 扫描.pdf is a PDF, not a Word document",
            "import the Word document it was made from (.docx)",
        ),
        (
            "笔记.txt",
            "只是一段文字".as_bytes().to_vec(),
            "error: 笔记.txt is not a Word document",
            "save it as .docx",
        ),
    ];
    for (name, bytes, message, hint) in cases {
        let room = room_with(name, &bytes);
        let run = placard_in(&room, &["import", name, "--root", "site"], Some("en"));
        assert_eq!(run.status, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with(message), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("\n  --> {name}\n  = hint: ")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(hint), "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .ends_with("import failed: 1 error(s), nothing written\n"),
            "{name}: {}",
            run.stderr
        );
        room.untouched(&[]);
    }

    let room = Room::fixture("import");
    let run = import(&room, "不存在.docx", &[]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "错误: 找不到文件 不存在.docx\n  --> 不存在.docx\n  \
         = 提示: 检查文件名和所在文件夹；文件名中有空格时请加引号\n\
         导入失败：1 个错误，未写入任何文件\n"
    );
    room.untouched(&[]);
}

#[test]
fn wrong_options_are_usage_errors_and_write_nothing() {
    let room = room_with("通知.docx", &word::notice());
    for (args, message) in [
        (
            &["--lang", "fr"][..],
            "error: unknown language `fr`\n  = hint: the site's languages are zh, en\n",
        ),
        (
            &["--slug", "../x"][..],
            "error: --slug `../x` cannot be a URL segment: contains `..` and would leave its folder\n",
        ),
        (
            &["--section", "_drafts"][..],
            "error: --section `_drafts` cannot be a section: placard does not read a name",
        ),
    ] {
        let mut all_args = vec!["import", "通知.docx", "--root", "site"];
        all_args.extend_from_slice(args);
        let run = placard_in(&room, &all_args, Some("en"));
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
    }
    room.untouched(&[]);
}

#[test]
fn bad_attachments_are_named_and_nothing_is_written() {
    let mut room = room_with("通知.docx", &word::notice());
    fs::write(room.path().join("index.md"), "x").unwrap();
    room.remember();
    let run = placard_in(
        &room,
        &[
            "import",
            "通知.docx",
            "--root",
            "site",
            "--attach",
            "missing.xlsx",
            "index.md",
        ],
        Some("en"),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: the attachment missing.xlsx does not exist\n  \
         = hint: check the file names after --attach and their folder\n\
         error: the name of the attachment index.md cannot be used on the site: a Markdown file would be read as a page\n  \
         = hint: rename the file and import again\n\
         import failed: 2 error(s), nothing written\n"
    );
    room.untouched(&[]);
    assert!(!Path::new(&room.file("content/notices/guan-yu")).exists());
}
