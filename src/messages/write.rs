//! What placard says while it writes: the output folder refused, the lock,
//! the staging folder swapped in, and files written for `init` and `new`.

use super::Text;

/// `err` is the system's words.
pub(crate) fn cannot_create_staging(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法创建临时文件夹 {path}：{err}"),
        format!("cannot create staging folder {path}: {err}"),
    )
}

pub(crate) fn cannot_write(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法写入 {path}：{err}"),
        format!("cannot write {path}: {err}"),
    )
}

pub(crate) fn cannot_create_folder(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法创建文件夹 {path}：{err}"),
        format!("cannot create folder {path}: {err}"),
    )
}

pub(crate) fn cannot_move_old_output(err: &str) -> Text {
    Text::new(
        format!("无法把原来的输出移开：{err}"),
        format!("cannot move the old output aside: {err}"),
    )
}

pub(crate) fn cannot_move_new_output(err: &str) -> Text {
    Text::new(
        format!("无法把新的输出放到位：{err}"),
        format!("cannot move the new output into place: {err}"),
    )
}

/// `what` is the output's origin (`the page`, `the file`).
pub(crate) fn changed_while_building(what: &Text, err: &str) -> Text {
    Text::new(
        format!("{} 没有发布：{err}", what.zh()),
        format!("{} is not published: {err}", what.en()),
    )
}

pub(crate) fn changed_while_building_hint() -> Text {
    Text::new(
        "它在生成网站的过程中被改动了；等没有程序再往网站文件夹里写东西时，再生成一次",
        "it changed while the site was being built; build again once nothing writes into the site's folders",
    )
}

/// Why a folder cannot be the output.
pub(crate) enum NotAnOutput<'a> {
    Root,
    HoldsTheSite,
    HoldsSiteFolder(&'a str),
    InsideSiteFolder(&'a str),
    Link,
    File,
}

pub(crate) fn refusing_output(output: &str, why: NotAnOutput) -> Text {
    let (zh, en) = match why {
        NotAnOutput::Root => (
            "它是文件系统的根目录".to_string(),
            "it is the root of the file system".to_string(),
        ),
        NotAnOutput::HoldsTheSite => (
            "网站就在它里面，而生成时会替换整个文件夹".to_string(),
            "the site is inside it, and building replaces the whole folder".to_string(),
        ),
        NotAnOutput::HoldsSiteFolder(folder) => (
            format!("网站的 {folder}/ 文件夹（通过链接）就在它里面，而生成时会替换整个文件夹"),
            format!(
                "the site's {folder}/ folder is inside it (through a link), and building replaces the whole folder"
            ),
        ),
        NotAnOutput::InsideSiteFolder(folder) => (
            format!("它在网站的 {folder}/ 文件夹里面"),
            format!("it is inside the site's {folder}/ folder"),
        ),
        NotAnOutput::Link => (
            "它是符号链接，生成时会替换它指向的内容".to_string(),
            "it is a symbolic link, and building would replace what it points to".to_string(),
        ),
        NotAnOutput::File => (
            "它是一个文件，生成时会把它移走".to_string(),
            "it is a file, and building would move it away".to_string(),
        ),
    };
    Text::new(
        format!("拒绝把 {output} 用作输出文件夹：{zh}"),
        format!("refusing to use {output} as the output folder: {en}"),
    )
}

pub(crate) fn refusing_output_hint() -> Text {
    Text::new(
        "选一个专用的文件夹，如网站里的 output/",
        "choose a folder of its own, such as output/ inside the site",
    )
}

pub(crate) fn not_placards_output(output: &str, mark: &str) -> Text {
    Text::new(
        format!(
            "拒绝替换 {output}：里面有文件，但没有 {mark} 标记说明它们是 placard 生成的；生成时会把它们全部删除"
        ),
        format!(
            "refusing to replace {output}: it holds files, and no {mark} in it says a placard build made them; building would delete them all"
        ),
    )
}

pub(crate) fn not_placards_output_hint(output: &str) -> Text {
    Text::new(
        format!(
            "换一个新的或空的文件夹作为输出；如果 {output} 是早先版本的 placard 生成的（没有留下标记），就用 --force 生成一次"
        ),
        format!(
            "choose a new or empty folder for the output; if {output} is the output of an earlier placard (which left no mark), build once with --force"
        ),
    )
}

/// What placard keeps beside the output folder.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kept {
    Lock,
    Staging,
    SetAside,
}

fn kept(kept: Kept) -> (&'static str, &'static str) {
    match kept {
        Kept::Lock => ("输出的锁", "the lock of its output"),
        Kept::Staging => ("生成用的临时文件夹", "the staging folder of a build"),
        Kept::SetAside => (
            "换入新输出时暂存的原输出",
            "the previous output while it swaps in a new one",
        ),
    }
}

pub(crate) fn not_placards_own(path: &str, what: Kept, link: bool) -> Text {
    let (what_zh, what_en) = kept(what);
    let (is_zh, is_en) = if link {
        ("一个符号链接", "a symbolic link")
    } else {
        ("一个不是 placard 建的文件夹", "not a folder placard made")
    };
    Text::new(
        format!(
            "{path} 是{is_zh}，而 placard 在这里存放{what_zh}：placard 从不通过不是它建的东西写入、移动或删除"
        ),
        format!(
            "{path} is {is_en}, where placard keeps {what_en}: placard never writes, moves or deletes through what it did not make"
        ),
    )
}

pub(crate) fn not_placards_own_hint(link: bool) -> Text {
    if link {
        Text::new(
            "删掉这个链接（如果它来自网站的代码库，也从那里删掉）；placard 会自己建它要放在那里的东西",
            "remove the link (from the site's repository too, if it came from there); placard makes what it keeps there itself",
        )
    } else {
        Text::new(
            "把它移走；placard 会自己建它要放在那里的东西",
            "move it away; placard makes what it keeps there itself",
        )
    }
}

pub(crate) fn cannot_remove_leftover(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法删除遗留的文件夹 {path}：{err}"),
        format!("cannot remove the leftover folder {path}: {err}"),
    )
}

pub(crate) fn cannot_lock(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法加锁 {path}：{err}"),
        format!("cannot lock {path}: {err}"),
    )
}

pub(crate) fn cannot_lock_hint() -> Text {
    Text::new(
        "输出文件夹所在的文件夹必须可写",
        "the folder that holds the output folder must be writable",
    )
}

/// `pid` is the other build's process, when it wrote it.
pub(crate) fn another_build(pid: Option<&str>, output: &str) -> Text {
    match pid {
        Some(pid) => Text::new(
            format!("另一个 placard（进程 {pid}）正在生成 {output}"),
            format!("another placard build (process {pid}) is writing {output} right now"),
        ),
        None => Text::new(
            format!("另一个 placard 正在生成 {output}"),
            format!("another placard build is writing {output} right now"),
        ),
    }
}

pub(crate) fn another_build_hint() -> Text {
    Text::new(
        "等它结束后再生成",
        "wait for it to finish, then build again",
    )
}

pub(crate) fn cannot_restore(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法从 {path} 恢复原来的输出：{err}"),
        format!("cannot restore the previous output from {path}: {err}"),
    )
}

pub(crate) fn link_in_the_way(path: &str) -> Text {
    Text::new(
        format!("{path} 是符号链接：placard 从不通过链接写入，链接可能指向任何地方"),
        format!(
            "{path} is a symbolic link: placard never writes through a link, which may lead anywhere"
        ),
    )
}

pub(crate) fn link_in_the_way_hint() -> Text {
    Text::new(
        "把它换成真正的文件夹，或者自己把文件写到链接指向的地方",
        "make it a real folder, or write the file where the link leads yourself",
    )
}

pub(crate) fn file_in_the_way(path: &str, file: &str) -> Text {
    Text::new(
        format!("{path} 是一个文件，而写 {file} 需要这里是文件夹"),
        format!("{path} is a file, where a folder is needed for {file}"),
    )
}

pub(crate) fn file_in_the_way_hint() -> Text {
    Text::new(
        "把这个文件移走，或换一个名字",
        "move the file away, or choose another name",
    )
}

pub(crate) fn already_exists(path: &str) -> Text {
    Text::new(format!("{path} 已经存在"), format!("{path} already exists"))
}

pub(crate) fn already_exists_hint() -> Text {
    Text::new(
        "placard 从不覆盖文件；换一个名字，或直接编辑那个文件",
        "placard never overwrites a file; choose another name or edit that file",
    )
}
