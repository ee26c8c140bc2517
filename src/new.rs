//! `placard new SECTION/SLUG`: a new content file whose front matter has the
//! keys of its kind filled in (dated today in the site's time zone) and every
//! optional key shown as a commented example, ready to uncomment.

use crate::messages::commands::{self as say, BadTarget};
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::content::front_matter::Kind;
use crate::create::{already_exists, create_new_file};
use crate::diagnostics::Diagnostic;
use crate::load::CONTENT_DIR;
use crate::messages::government;
use crate::model::disclosure::{self, IndexNumber};
use crate::paths::check_slug;

/// Why `new` wrote nothing: the command line was wrong, or the site or the
/// file system would not allow it.
#[derive(Debug)]
pub enum NewError {
    /// A wrong SECTION/SLUG, language or kind (exit code 2).
    Usage(Diagnostic),
    /// The site or the file system would not allow it (exit code 1): every
    /// error of placard.yaml, or the one that stopped the writing.
    Failed(Vec<Diagnostic>),
}

/// Writes `content/<target>.md` (`.<lang>.md` for a language other than the
/// default), or `content/<target>/index.md` in a page bundle: when `bundle`
/// asks for one, or when the bundle's folder is already there (a translation
/// goes inside it, beside `index.md`). Each section folder on the way that has
/// no `_index` file gets one per language, titled. Returns the files written,
/// relative to `root`, the page first. `kind` defaults to the kind of the
/// top-level section, as when building. Never overwrites.
pub fn new_page(
    root: &Path,
    target: &str,
    lang: Option<&str>,
    kind: Option<Kind>,
    bundle: bool,
) -> Result<Vec<PathBuf>, NewError> {
    let target = within_content(root, target).map_err(NewError::Usage)?;
    let segments = segments_of(&target).map_err(NewError::Usage)?;
    let config = crate::load::config(root).map_err(NewError::Failed)?;
    let lang = match lang {
        None => config.default_language.clone(),
        Some(code) if config.languages.contains_key(code) => code.to_string(),
        Some(code) => {
            let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
            return Err(NewError::Usage(
                Diagnostic::error(say::unknown_language(code))
                    .with_hint(say::languages_are(&known)),
            ));
        }
    };
    let section_kind = Kind::from_section(&segments[0]);
    let kind = kind.unwrap_or(section_kind);

    let suffix = suffix_of(&lang, &config.default_language);
    let (slug, dirs) = segments
        .split_last()
        .expect("segments_of returns at least one");
    let dir = dirs
        .iter()
        .fold(PathBuf::from(CONTENT_DIR), |path, d| path.join(d));
    let plain = dir.join(format!("{slug}{suffix}"));
    // The same page as a bundle would take the same URL.
    let in_bundle = dir.join(slug).join(format!("index{suffix}"));
    for existing in [&plain, &in_bundle] {
        // A link counts as there, even one that leads nowhere.
        if root.join(existing).symlink_metadata().is_ok() {
            return Err(NewError::Failed(vec![already_exists(existing)]));
        }
    }
    let rel = if bundle || is_a_bundle(&root.join(&dir).join(slug)) {
        in_bundle
    } else {
        plain
    };

    let today = crate::dates::today(&config.timezone);
    let key = segments.join("/");
    let index_number = next_index_number(root, &config, kind, &key, today);
    let text = front_matter(slug, kind, section_kind, &lang, today, index_number);
    create_new_file(root, &rel, text.as_bytes(), Path::new(""))
        .map_err(|error| NewError::Failed(vec![error]))?;
    let mut written = vec![rel];
    for section in (1..=dirs.len()).map(|depth| &dirs[..depth]) {
        for code in config.languages.keys() {
            let folder = section
                .iter()
                .fold(PathBuf::from(CONTENT_DIR), |path, d| path.join(d));
            let index = folder.join(format!(
                "_index{}",
                suffix_of(code, &config.default_language)
            ));
            if root.join(&index).symlink_metadata().is_ok() {
                continue;
            }
            let text = section_index(&section.join("/"), code);
            create_new_file(root, &index, text.as_bytes(), Path::new(""))
                .map_err(|error| NewError::Failed(vec![error]))?;
            written.push(index);
        }
    }
    Ok(written)
}

/// `.md` for the default language, `.<lang>.md` for another.
fn suffix_of(lang: &str, default_language: &str) -> String {
    if lang == default_language {
        ".md".to_string()
    } else {
        format!(".{lang}.md")
    }
}

/// Whether `folder` is a page bundle already: a real folder with an
/// `index.md` (or a translation of it) inside.
fn is_a_bundle(folder: &Path) -> bool {
    let Ok(meta) = folder.symlink_metadata() else {
        return false;
    };
    meta.is_dir()
        && std::fs::read_dir(folder).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with("index.") && name.ends_with(".md")
            })
        })
}

/// A section's `_index` file in `lang`, with its title.
pub(crate) fn section_index(key: &str, lang: &str) -> String {
    format!(
        "---\ntitle: {}\n---\n",
        yaml_string(&crate::messages::publishing::section_title_in(key, lang))
    )
}

/// A target given as a path on the disk (`/home/ke/site/content/notices/x`,
/// as a shell's completion writes it) as the path inside `content/` it names;
/// any other target as it is. A path on the disk outside the site's `content/`
/// is refused rather than made into folders named after it.
fn within_content(root: &Path, target: &str) -> Result<String, Diagnostic> {
    let written = Path::new(target);
    if !written.has_root() {
        return Ok(target.to_string());
    }
    let content = root.join(CONTENT_DIR);
    let inside = [
        std::path::absolute(&content).ok(),
        content.canonicalize().ok(),
    ]
    .into_iter()
    .flatten()
    .find_map(|content| written.strip_prefix(content).ok().map(Path::to_path_buf));
    match inside {
        Some(rel) => Ok(rel.to_string_lossy().replace('\\', "/")),
        None => Err(
            Diagnostic::error(say::bad_target(target, BadTarget::OutsideContent))
                .with_hint(say::bad_target_hint()),
        ),
    }
}

/// `notices/spring-campaign` → its folder segments and slug (at least a section
/// and a slug), each one safe.
fn segments_of(target: &str) -> Result<Vec<String>, Diagnostic> {
    let usage = |why: BadTarget| {
        Diagnostic::error(say::bad_target(target, why)).with_hint(say::bad_target_hint())
    };
    let trimmed = target.trim().trim_matches('/');
    let trimmed = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let trimmed = trimmed
        .strip_prefix("content/")
        .unwrap_or(trimmed)
        .replace('\\', "/");
    if trimmed.is_empty() {
        return Err(usage(BadTarget::NotAPath));
    }
    if !trimmed.contains('/') {
        return Err(usage(BadTarget::OneName(&trimmed)));
    }
    let mut segments = Vec::new();
    for segment in trimmed.split('/') {
        if segment == ".." {
            return Err(usage(BadTarget::GoesUp));
        }
        check_slug(segment).map_err(|why| usage(BadTarget::BadSegment(segment, &why)))?;
        if segment.starts_with(['.', '_']) || segment == "index" || segment.contains('.') {
            return Err(usage(BadTarget::NotAPageName(segment)));
        }
        segments.push(segment.to_string());
    }
    Ok(segments)
}

/// The index number (索引号) of a new page of a disclosed kind on a site with a
/// disclosure code: that of its translation, when the page `key` (`notices/x`)
/// is already written in another language with one (a document has one number
/// in every language); else the next free one of `today`'s year, one more than
/// the highest that any content file — draft or one that does not build — is
/// written with, so that no number is given twice, even after a page is removed.
fn next_index_number(
    root: &Path,
    config: &crate::config::Config,
    kind: Kind,
    key: &str,
    today: Date,
) -> Option<IndexNumber> {
    let code = config.disclosure_code()?;
    if !disclosure::is_disclosed(kind) {
        return None;
    }
    let quiet = crate::diagnostics::Diagnostics::new();
    let loaded = crate::load::load(root, config, false, &(), &quiet);
    let written = |source: &crate::load::Source| {
        source
            .front_matter
            .lines()
            .filter_map(|line| line.strip_prefix("index_number:"))
            .find_map(|value| {
                let value = value.split(" #").next().unwrap_or_default().trim();
                IndexNumber::parse(value.trim_matches(|c| c == '"' || c == '\''))
            })
    };
    let mut taken = Vec::new();
    for source in &loaded.sources {
        if let Some(number) = written(source) {
            if source.key == key {
                return Some(number);
            }
            taken.push(number);
        }
    }
    Some(IndexNumber::next_free(code, today.year(), &taken))
}

/// The file's text: front matter with the kind's keys, then a first line of body.
fn front_matter(
    slug: &str,
    kind: Kind,
    section_kind: Kind,
    lang: &str,
    today: Date,
    index_number: Option<IndexNumber>,
) -> String {
    let zh = lang == "zh";
    let say = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
    let title = slug.replace(['-', '_'], " ");
    let mut lines: Vec<String> = vec!["---".to_string(), format!("title: {}", yaml_string(&title))];
    let dated = kind != Kind::Page;
    if dated {
        lines.push(format!("date: {today}"));
    } else {
        lines.push(format!(
            "# date: {today}  # {}",
            say(
                "有日期的页面出现在最新列表和订阅中",
                "dated pages appear in the latest lists and the feed"
            )
        ));
    }
    if kind != section_kind {
        lines.push(format!("kind: {}", kind.name()));
    }
    if let Some(number) = index_number {
        let comment = government::new_index_number_comment();
        let comment = if zh { comment.zh() } else { comment.en() };
        lines.push(format!("index_number: \"{number}\"  # {comment}"));
    }
    lines.push(
        say(
            "## 以下为可选项：删去行首的“# ”即可启用",
            "## Optional keys: remove the leading \"# \" to use one",
        )
        .to_string(),
    );
    lines.extend([
        format!(
            "# summary: {}",
            say(
                "一句话摘要，显示在列表、搜索结果和页面描述中",
                "One sentence shown in lists, search results and the page description"
            )
        ),
        format!(
            "# tags: [{}]",
            say("计划生育, 宣传教育", "family planning, public education")
        ),
        format!("# updated: {today}"),
        format!(
            "# slug: another-url  # {}",
            say(
                "网址中代替文件名的部分",
                "URL segment instead of the file name"
            )
        ),
        format!(
            "# aliases: [/old/url/]  # {}",
            say("转到本页的旧网址", "old URLs that redirect here")
        ),
        format!(
            "# weight: 1  # {}",
            say(
                "同一日期页面的排列顺序",
                "order among pages of the same date"
            )
        ),
        format!(
            "# template: {}.html  # {}",
            kind.name(),
            say("使用主题中的另一个模板", "another template of the theme")
        ),
    ]);
    if kind == section_kind {
        lines.push(format!(
            "# kind: {}  # notice | plan | training | page",
            kind.name()
        ));
    }
    lines.extend(examples_of(kind, zh, today));
    lines.push(format!(
        "# draft: true  # {}",
        say(
            "草稿：不发布（`build --drafts` 时除外）",
            "not published (except with `build --drafts`)"
        )
    ));
    lines.push("---".to_string());
    lines.push(String::new());
    lines.push(say("正文从这里开始。", "The text starts here.").to_string());
    lines.push(String::new());
    lines.join("\n")
}

/// The commented examples of the keys only `kind` has.
fn examples_of(kind: Kind, zh: bool, today: Date) -> Vec<String> {
    let say =
        move |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
    match kind {
        Kind::Notice => notice_examples(say, today),
        Kind::Plan => plan_examples(say, today),
        Kind::Training => training_examples(say, today),
        Kind::Page => vec![poster_example(&say)],
    }
}

/// The `issuer:` line of a notice's and a plan's examples.
fn issuer_example(say: &impl Fn(&'static str, &'static str) -> &'static str) -> String {
    format!(
        "# issuer: {}",
        say(
            "县人口和计划生育委员会",
            "County Population and Family Planning Commission"
        )
    )
}

/// The `poster:` line of every kind's examples.
fn poster_example(say: &impl Fn(&'static str, &'static str) -> &'static str) -> String {
    format!(
        "# poster: {{ size: A4, slogan: {} }}",
        say("婚育新风进万家", "New customs for every home")
    )
}

/// A notice's keys, dated a month ahead.
fn notice_examples(
    say: impl Fn(&'static str, &'static str) -> &'static str,
    today: Date,
) -> Vec<String> {
    let in_a_month = today.checked_add(1.month()).unwrap_or(today);
    vec![
        issuer_example(&say),
        format!("# doc_number: 县人口发〔{}〕1号", today.year()),
        disclosure_example(&say, today),
        format!(
            "# valid_until: {in_a_month}  # {}",
            say(
                "过期后标为失效并移入归档",
                "after this date: marked expired and archived"
            )
        ),
        format!(
            "# urgent: true  # {}",
            say(
                "有效期内在首页显示紧急通知横幅",
                "a banner on the home page while valid"
            )
        ),
        format!(
            "# contact: {{ name: {}, phone: 0551-1234567, address: {}, email: office@example.gov.cn }}",
            say("王林", "Wang Lin"),
            say("县政府二楼", "\"2nd floor, County Government\"")
        ),
        format!(
            "# attachments: [ {{ file: {}, title: {} }} ]  # {}",
            say("报名表.docx", "form.docx"),
            say("报名表", "Enrolment form"),
            say(
                "文件放在页面包中 index.md 旁边",
                "the file lies beside index.md in a page bundle"
            )
        ),
        poster_example(&say),
    ]
}

/// A plan's keys, for this year.
fn plan_examples(
    say: impl Fn(&'static str, &'static str) -> &'static str,
    today: Date,
) -> Vec<String> {
    let year = today.year();
    vec![
        issuer_example(&say),
        format!("# period: {{ start: {year}-01-01, end: {year}-12-31 }}"),
        "# status: in_force  # draft | in_force | completed | superseded".to_string(),
        disclosure_example(&say, today),
        "# targets:".to_string(),
        format!(
            "#   - {{ indicator: {}, target: \"≤ 7.5‰\", baseline: \"7.9‰\", note: {} }}",
            say("自然增长率", "Natural growth rate"),
            say("全年", "for the year")
        ),
        format!(
            "#   - {{ indicator: {}, target: \"100%\" }}",
            say("统计准确率", "Accuracy of statistics")
        ),
        poster_example(&say),
    ]
}

/// The topic and date written of a disclosed document (its index number is
/// written by `new` itself).
fn disclosure_example(
    say: &impl Fn(&'static str, &'static str) -> &'static str,
    today: Date,
) -> String {
    format!(
        "# topic: 人口与计划生育、妇女儿童工作  # {}\n# written: {today}  # {}",
        say(
            "主题分类，见 placard.yaml 的 government.topics",
            "topic (主题分类), one of government.topics"
        ),
        say("成文日期", "the date the document was signed (成文日期)")
    )
}

/// A training's keys: an example that checks cleanly (one week, two modules, both fully scheduled).
fn training_examples(
    say: impl Fn(&'static str, &'static str) -> &'static str,
    today: Date,
) -> Vec<String> {
    // An example that checks cleanly: one week, two modules, both fully scheduled.
    let monday = next_monday(today);
    let friday = monday.checked_add(4.days()).unwrap_or(monday);
    let venue = say("县服务站培训室", "County Service Station Training Room");
    vec![
        format!(
            "# organizer: {}",
            say("县计划生育服务站", "County Family Planning Service Station")
        ),
        format!(
            "# audience: {}",
            say(
                "乡级计划生育技术服务人员",
                "Township family-planning technicians"
            )
        ),
        format!("# venue: {venue}"),
        "# batches:".to_string(),
        format!(
            "#   - {{ name: {}, start: {monday}, end: {friday}, seats: 20 }}",
            say("第一期", "Batch 1")
        ),
        "# modules:".to_string(),
        format!(
            "#   - {{ id: T1, title: {}, hours: 3, instructor: {} }}",
            say("计划生育手术操作技能", "Surgical technique"),
            say("王林", "Wang Lin")
        ),
        format!(
            "#   - {{ id: U1, title: {}, hours: 3, instructor: {} }}",
            say("查环查孕及B超操作技能", "B-ultrasound"),
            say("李秀梅", "Li Xiumei")
        ),
        "# sessions:".to_string(),
        format!(
            "#   - {{ date: {monday}, start: \"09:00\", end: \"12:00\", module: T1, venue: {venue} }}"
        ),
        format!(
            "#   - {{ date: {monday}, start: \"14:00\", end: \"17:00\", module: U1, venue: {venue}, instructor: {}, batch: {}, title: {} }}",
            say("李秀梅", "Li Xiumei"),
            say("第一期", "Batch 1"),
            say("B超实操", "Hands-on scanning")
        ),
        format!(
            "# poster: {{ size: A3, slogan: {} }}",
            say("规范操作 安全服务", "Safe and standard practice")
        ),
    ]
}

/// The first Monday after `today`.
fn next_monday(today: Date) -> Date {
    let ahead = 7 - today.weekday().since(Weekday::Monday);
    today.checked_add(i64::from(ahead).days()).unwrap_or(today)
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_checked_before_anything_is_written() {
        assert!(segments_of("notices/spring-campaign").is_ok());
        assert_eq!(
            segments_of("content/notices/x.md").unwrap(),
            vec!["notices", "x"]
        );
        for bad in [
            "",
            "../x",
            "notices/../x",
            "notices/_index",
            "notices/index",
            "a/.x",
            "a/b:c",
            // One name: a page at content/notices.md takes the section's URL.
            "notices",
            "notices/",
            "content/notices.md",
        ] {
            assert!(segments_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_target_written_as_a_path_on_the_disk_must_be_inside_content() {
        let room = std::env::temp_dir().join(format!("placard-new-{}", std::process::id()));
        let content = room.join("content");
        std::fs::create_dir_all(&content).unwrap();
        let inside = content.join("notices").join("x");
        assert_eq!(
            within_content(&room, inside.to_str().unwrap()).unwrap(),
            "notices/x"
        );
        assert_eq!(within_content(&room, "notices/x").unwrap(), "notices/x");
        let outside = within_content(&room, "/tmp/evil").unwrap_err();
        assert!(
            outside
                .message
                .en()
                .contains("not inside the site's content/"),
            "{}",
            outside.message.en()
        );
        std::fs::remove_dir_all(&room).unwrap();
    }

    #[test]
    fn a_target_that_goes_up_says_so_once() {
        let error = segments_of("notices/../x").unwrap_err();
        assert_eq!(
            error.message.zh(),
            "`notices/../x` 含有 `..`，会跑到 content/ 外面"
        );
    }

    #[test]
    fn next_monday_is_after_today() {
        assert_eq!(
            next_monday(Date::constant(2025, 1, 15)),
            Date::constant(2025, 1, 20)
        );
        assert_eq!(
            next_monday(Date::constant(2025, 1, 20)),
            Date::constant(2025, 1, 27)
        );
        assert_eq!(
            next_monday(Date::constant(2025, 1, 19)),
            Date::constant(2025, 1, 20)
        );
    }
}
