//! The build cache (`.placard-cache/`): what an incremental build says.

use super::Text;

pub(crate) fn damaged(what: &str) -> Text {
    Text::new(
        format!("构建缓存已损坏（{what}），本次不使用它，全部重新构建"),
        format!("the build cache is damaged ({what}); it is ignored and everything is built"),
    )
}

pub(crate) fn foreign(site: &str) -> Text {
    Text::new(
        format!("构建缓存是为另一个网站文件夹（{site}）建立的，本次不使用它，全部重新构建"),
        format!(
            "the build cache was made for another site folder ({site}); it is ignored and everything is built"
        ),
    )
}

pub(crate) fn nothing_to_do() -> Text {
    Text::new(
        "无需处理：本次构建会写入新的缓存",
        "nothing to do: this build writes a new one",
    )
}

pub(crate) fn cannot_write(dir: &str, err: &str) -> Text {
    Text::new(
        format!("无法在 {dir} 写入构建缓存：{err}；下次构建将全部重新构建"),
        format!("cannot write the build cache in {dir}: {err}; the next build builds everything"),
    )
}

pub(crate) fn cannot_write_hint(cache_dir: &str) -> Text {
    Text::new(
        format!("删除网站文件夹中的 {cache_dir}，或用 --no-cache 构建"),
        format!("remove what is at {cache_dir} in the site folder, or build with --no-cache"),
    )
}

pub(crate) fn updating_output() -> Text {
    Text::new("更新输出文件夹", "updating the output")
}

pub(crate) fn photos_not_kept(detail: &str) -> Text {
    Text::new(
        format!("处理过的照片无法保留到下次构建：{detail}"),
        format!("processed photos cannot be kept for the next build: {detail}"),
    )
}

pub(crate) fn photos_not_kept_hint(cache_dir: &str) -> Text {
    Text::new(
        format!(
            "每次构建都会重新处理照片；请让网站中的 {cache_dir}/ 成为 placard 可以写入的文件夹（不是链接），或删除它"
        ),
        format!(
            "every build makes them again; make {cache_dir}/ in the site a folder placard may write (not a link), or delete it"
        ),
    )
}

// Why a build built everything (the report's last line).

pub(crate) fn why_no_cache_option() -> Text {
    Text::verbatim("--no-cache")
}

pub(crate) fn why_no_cache_folder() -> Text {
    Text::new(
        "这个输出文件夹没有构建缓存",
        "no build cache for this output folder",
    )
}

pub(crate) fn why_no_in_place() -> Text {
    Text::new(
        "这个系统不能就地更新输出文件夹",
        "this system cannot update an output folder in place",
    )
}

pub(crate) fn why_no_cache_yet() -> Text {
    Text::new("还没有构建缓存", "no build cache yet")
}

pub(crate) fn why_key_changed() -> Text {
    Text::new(
        "placard、构建选项或今天的日期变了",
        "placard, the build's options or today's date changed",
    )
}

pub(crate) fn why_transcode() -> Text {
    Text::verbatim("--transcode")
}

pub(crate) fn why_output_changed() -> Text {
    Text::new(
        "上次构建后输出文件夹被改动过",
        "the output folder changed since the last build",
    )
}

pub(crate) fn why_structure_changed() -> Text {
    Text::new(
        "有页面移动了位置，或页面的标签、所在列表、翻译变了",
        "pages moved, or their tags, lists or translations changed",
    )
}

pub(crate) fn why_file_changed(path: &str) -> Text {
    Text::new(
        format!("{path} 有改动、新增或删除"),
        format!("{path} changed, came or went"),
    )
}
