//! What `placard serve` says: in the terminal as it rebuilds, and in the
//! browser (the page while the site builds, the errors over the page).

use super::Text;

pub(crate) fn cannot_open_site(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法打开网站文件夹 {path}：{err}"),
        format!("cannot open the site folder {path}: {err}"),
    )
}

pub(crate) fn cannot_open_site_hint() -> Text {
    Text::new(
        "用 --root 指定放 placard.yaml 的文件夹",
        "pass the folder that holds placard.yaml with --root",
    )
}

/// A part of the server that did not start.
pub(crate) enum Part {
    Socket,
    RebuildThread,
    Runtime,
    Server,
    Watcher,
}

pub(crate) fn cannot_start(part: Part, err: &str) -> Text {
    let (zh, en) = match part {
        Part::Socket => ("网络端口", "socket"),
        Part::RebuildThread => ("重新生成的线程", "rebuild thread"),
        Part::Runtime => ("运行环境", "runtime"),
        Part::Server => ("服务器", "server"),
        Part::Watcher => ("文件监视", "file watcher"),
    };
    Text::new(
        format!("预览服务启动不了：{zh}：{err}"),
        format!("cannot start the server: {en}: {err}"),
    )
}

pub(crate) fn port_in_use(port: u16, ip: &str) -> Text {
    Text::new(
        format!("{ip} 上的端口 {port} 已被占用（是不是另一个 `placard serve`？）"),
        format!("port {port} on {ip} is already in use (another `placard serve`?)"),
    )
}

pub(crate) fn port_in_use_hint(other: u16) -> Text {
    Text::new(
        format!("关掉另一个服务，或换一个端口：`placard serve --port {other}`"),
        format!("stop the other server, or choose another port: `placard serve --port {other}`"),
    )
}

pub(crate) fn no_such_address(ip: &str) -> Text {
    Text::new(
        format!("无法在 {ip} 上监听：这台电脑没有这个地址"),
        format!("cannot listen on {ip}: this machine has no such address"),
    )
}

pub(crate) fn no_such_address_hint() -> Text {
    Text::new(
        "不写 --bind，就在 127.0.0.1 上提供预览",
        "leave out --bind to serve on 127.0.0.1",
    )
}

pub(crate) fn cannot_listen(address: &str, err: &str) -> Text {
    Text::new(
        format!("无法在 {address} 上监听：{err}"),
        format!("cannot listen on {address}: {err}"),
    )
}

pub(crate) fn cannot_listen_hint() -> Text {
    Text::new("用 --port 换一个端口", "choose another port with --port")
}

pub(crate) fn cannot_watch(path: &str, err: &str) -> Text {
    Text::new(
        format!("无法监视 {path}：{err}；那里的改动看不到"),
        format!("cannot watch {path}: {err}; changes there are not seen"),
    )
}

pub(crate) fn cannot_watch_hint() -> Text {
    Text::new(
        "在 Linux 上，调大 fs.inotify.max_user_watches",
        "on Linux, raise fs.inotify.max_user_watches",
    )
}

// ───────────────────────────── the terminal ─────────────────────────────

pub(crate) fn serving(root: &str, origin: &str) -> Text {
    Text::new(
        format!("正在预览 {root}：{origin}/（按 Ctrl-C 停止）"),
        format!("serving {root} at {origin}/ (Ctrl-C to stop)"),
    )
}

pub(crate) fn stopped() -> Text {
    Text::new("已停止", "stopped")
}

/// `files` are the edited files, `a.md, b.md`.
pub(crate) fn rebuilt_pages(files: &str, count: usize, ms: u128) -> Text {
    Text::new(
        format!("{files}：重新生成了 {count} 个文件，用时 {ms} 毫秒"),
        format!("{files}: rebuilt {count} files in {ms} ms"),
    )
}

pub(crate) fn rebuilt_tag_pages(files: &str, count: usize, ms: u128) -> Text {
    Text::new(
        format!("{files}：重新生成了 {count} 个标签页，共用时 {ms} 毫秒"),
        format!("{files}: rebuilt {count} tag pages, {ms} ms in all"),
    )
}

pub(crate) fn built_site(pages: usize, count: usize, seconds: f64) -> Text {
    Text::new(
        format!("生成了 {pages} 个页面、{count} 个文件，用时 {seconds:.2} 秒"),
        format!("built {pages} pages, {count} files in {seconds:.2} s"),
    )
}

pub(crate) fn rebuilt_site(why: &Text, count: usize, seconds: f64) -> Text {
    Text::new(
        format!(
            "{}：重新生成了整个网站（{count} 个文件），用时 {seconds:.2} 秒",
            why.zh()
        ),
        format!(
            "{}: rebuilt the whole site ({count} files) in {seconds:.2} s",
            why.en()
        ),
    )
}

pub(crate) fn still_serving(errors: usize) -> Text {
    Text::new(
        format!("{errors} 个错误：仍在预览上一个正确的版本；改好并保存后继续"),
        format!("{errors} error(s): still serving the last good version; fix and save to go on"),
    )
}

/// Why the whole site is built again: a file that changed.
pub(crate) fn changed(file: &str) -> Text {
    Text::new(format!("{file} 改动了"), format!("{file} changed"))
}

pub(crate) fn page_moved(file: &str) -> Text {
    Text::new(
        format!("{file}：它的网址、标签或所在列表变了"),
        format!("{file}: its URL, tags or lists changed"),
    )
}

pub(crate) fn page_reordered(file: &str) -> Text {
    Text::new(
        format!("{file}：它的日期、排序权重或标题改变了它在列表中的位置"),
        format!("{file}: its date, weight or title moved it in the lists"),
    )
}

// ───────────────────────────── the browser ─────────────────────────────

pub(crate) fn could_not_build() -> Text {
    Text::new(
        "网站生成失败：请看下面和终端里的错误。",
        "The site could not be built: see the errors below and in the terminal.",
    )
}

pub(crate) fn building() -> Text {
    Text::new("placard 正在生成网站…", "placard is building the site…")
}

pub(crate) fn changed_since_build() -> Text {
    Text::new(
        "找不到：这个文件在上次成功生成之后改动了；网站再次生成成功后会重新提供（见终端）",
        "not found: this file changed after the last good build of the site; it is served again once the site builds (see the terminal)",
    )
}

pub(crate) fn bad_path() -> Text {
    Text::new("路径有误", "bad path")
}

/// The heading of the errors shown over a page.
pub(crate) fn overlay_heading() -> Text {
    Text::new(
        "placard：最近的改动生成失败；这个页面显示的是上一个正确的版本。",
        "placard: the last change could not be built; this page shows the last good version.",
    )
}
