//! `placard serve`: the binary serving a copy of the good fixture from memory,
//! rebuilding on edits, keeping the last good page under an error overlay,
//! telling open tabs to reload, and stopping cleanly.

#[path = "support/photos.rs"]
mod photos;
mod support;
mod word;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::site::{BESIDE, Room, TODAY, build_ok, fixture, read};
use support::{free_port, try_http_get};

/// What an author waits at most for an edit to show.
const EDIT_DEADLINE: Duration = Duration::from_secs(2);
/// The first build of a debug binary on a busy 2-core machine.
const START_DEADLINE: Duration = Duration::from_secs(60);

const ENROLMENT: &str = "content/notices/enrolment/index.md";
/// An attachment of the enrolment notice (a bundle file), and its URL.
const FORM: &str = "content/notices/enrolment/报名表.txt";
const FORM_URL: &str = "/notices/enrolment/报名表.txt";

/// `placard serve` on a copy of the good fixture in a room of its own
/// (`room/site`, beside `room/beside.txt`), stopped when dropped.
struct Server {
    room: Room,
    port: u16,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start() -> Server {
        Server::start_with(|_| {})
    }

    /// Starts on the fixture after `prepare` has changed it.
    fn start_with(prepare: impl FnOnce(&Room)) -> Server {
        let room = Room::fixture("good");
        prepare(&room);
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
            .args(["serve", "--root"])
            .arg(room.site())
            .args(["--port", &port.to_string()])
            .env("PLACARD_TODAY", TODAY)
            .env("PLACARD_LANG", "en")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start placard serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().expect("stderr");
        let collected = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = collected.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let server = Server {
            room,
            port,
            child,
            stderr,
        };
        server.wait_until("the first build is served", START_DEADLINE, || {
            server.stderr().contains("serving ")
                && server.try_get("/").is_some_and(|(status, _)| status == 200)
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn try_get(&self, path: &str) -> Option<(u16, String)> {
        let response = try_http_get(&self.url(&percent_encoded(path))).ok()?;
        Some((
            response.status,
            String::from_utf8_lossy(&response.body).into_owned(),
        ))
    }

    /// The page's HTML, asserting a 200.
    fn get(&self, path: &str) -> String {
        let (status, body) = self
            .try_get(path)
            .unwrap_or_else(|| panic!("GET {path} failed; server said:\n{}", self.stderr()));
        assert_eq!(status, 200, "GET {path}:\n{body}");
        body
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.room.file(file);
        let text = std::fs::read_to_string(&path).expect("read content file");
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("save content file");
    }

    /// Polls `done` until it holds; fails after `deadline` with the server's output.
    fn wait_until(&self, what: &str, deadline: Duration, mut done: impl FnMut() -> bool) {
        let started = Instant::now();
        while !done() {
            assert!(
                started.elapsed() < deadline,
                "{what}: not within {deadline:?}; server said:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Polls a page until `done` holds for its HTML; returns that HTML.
    fn wait_for_page(&self, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        self.wait_until(what, EDIT_DEADLINE, || {
            last = self.try_get(path).map(|(_, body)| body).unwrap_or_default();
            done(&last)
        });
        last
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A path as a browser sends it: non-ASCII bytes percent-encoded.
fn percent_encoded(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b if b.is_ascii() => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The error overlay, as the server puts it in a page (the script only names its id).
fn overlay(html: &str) -> Option<&str> {
    let start = html.find("<div id=\"placard-errors\"")?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</div>").unwrap_or(rest.len())])
}

/// A client of the live-reload stream, as an open tab would be.
struct EventStream {
    stream: TcpStream,
    received: String,
}

impl EventStream {
    fn connect(server: &Server) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        write!(
            stream,
            "GET /__placard/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut events = EventStream {
            stream,
            received: String::new(),
        };
        assert!(
            events.wait_for(": connected", Duration::from_secs(10)),
            "no connection comment: {:?}",
            events.received
        );
        assert!(
            events.received.starts_with("HTTP/1.1 200"),
            "{}",
            events.received
        );
        assert!(
            events.received.contains("text/event-stream"),
            "{}",
            events.received
        );
        events.received.clear();
        events
    }

    /// Reads until `text` has arrived (true) or `deadline` passed (false).
    fn wait_for(&mut self, text: &str, deadline: Duration) -> bool {
        let started = Instant::now();
        let mut buffer = [0u8; 4096];
        while !self.received.contains(text) {
            if started.elapsed() > deadline {
                return false;
            }
            match self.stream.read(&mut buffer) {
                Ok(0) => return false,
                Ok(n) => self
                    .received
                    .push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
        true
    }
}

#[test]
fn an_edited_page_is_served_within_two_seconds_with_its_lists() {
    let server = Server::start();
    let page = server.get("/notices/enrolment/");
    assert!(page.contains("各乡镇人民政府"), "{page}");
    assert!(
        page.contains("/__placard/events"),
        "served pages reload themselves"
    );

    server.edit(ENROLMENT, "各乡镇人民政府:", "各乡镇人民政府（已修改）:");
    server.edit(
        ENROLMENT,
        "summary: 请各乡镇按时报送进修培训报名表。",
        "summary: 报名截止日期延后一周。",
    );
    server.wait_for_page("/notices/enrolment/", "the edited text", |html| {
        html.contains("各乡镇人民政府（已修改）")
    });
    // The summary shows in the lists the page is in: its section, its tags, the home page.
    for list in ["/notices/", "/tags/培训/", "/"] {
        let html = server.wait_for_page(list, "the new summary in a list", |html| {
            html.contains("报名截止日期延后一周")
        });
        assert!(!html.contains("请各乡镇按时报送进修培训报名表"), "{list}");
    }
    // Only what shows the page was rendered again, not the whole site.
    let reported = format!("{ENROLMENT}: rebuilt ");
    server.wait_until("the rebuild is reported", EDIT_DEADLINE, || {
        server.stderr().contains(&reported)
    });
    assert!(
        !server.stderr().contains("rebuilt the whole site"),
        "{}",
        server.stderr()
    );
    // The English translation is still there, and unchanged.
    assert!(server.get("/en/notices/enrolment/").contains("Wang Lin"));
}

#[test]
fn a_config_change_rebuilds_everything() {
    let server = Server::start();
    server.edit(
        "placard.yaml",
        "en: { name: English, title: Example County Government }",
        "en: { name: English, title: Example County Portal }",
    );
    // A full rebuild: not held to the two seconds of a page edit.
    server.wait_until("the new site title on every page", START_DEADLINE, || {
        server
            .try_get("/en/about/")
            .is_some_and(|(_, html)| html.contains("Example County Portal"))
    });
    server.wait_until("the full rebuild is reported", EDIT_DEADLINE, || {
        server
            .stderr()
            .contains("placard.yaml changed: rebuilt the whole site")
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_under_an_overlay_until_it_is_fixed() {
    let server = Server::start();
    let title = "关于技术服务人员进修培训报名的通知";
    assert!(server.get("/notices/enrolment/").contains(title));

    server.edit(ENROLMENT, &format!("title: {title}"), "title: [未闭合");
    let html = server.wait_for_page("/notices/enrolment/", "the error overlay", |html| {
        overlay(html).is_some()
    });
    let shown = overlay(&html).unwrap();
    assert!(
        shown.contains("content/notices/enrolment/index.md:2"),
        "{shown}"
    );
    assert!(html.contains(title), "the last good version stays: {html}");
    // Every page shows it, and the terminal too.
    assert!(overlay(&server.get("/en/")).is_some());
    assert!(
        server
            .stderr()
            .contains("--> content/notices/enrolment/index.md:2")
    );

    server.edit(
        ENROLMENT,
        "title: [未闭合",
        "title: 进修培训报名通知（修订）",
    );
    let html = server.wait_for_page("/notices/enrolment/", "the fixed page", |html| {
        html.contains("进修培训报名通知（修订）")
    });
    assert!(overlay(&html).is_none(), "{html}");
    assert!(overlay(&server.get("/")).is_none());
}

#[test]
fn a_full_rebuild_reports_the_errors_of_every_stage_together() {
    let server = Server::start();
    let write = |file: &str, text: &str| {
        std::fs::write(server.room.file(file), text).expect("save content file")
    };
    // New files: the whole site is rebuilt. A YAML error stops one page at
    // load; the clash of URLs is found only when the outputs are rendered.
    write(
        "content/notices/sign-up.md",
        "---\ntitle: 报名通知\ndate: 2024-03-03\nsummary: 活动时间: 12月8日\n---\n\n正文。\n",
    );
    write(
        "content/notices/clash.md",
        "---\ntitle: 另一个通知\ndate: 2024-03-04\nslug: enrolment\n---\n\n正文。\n",
    );
    // A full rebuild: not held to the two seconds of a page edit.
    let mut html = String::new();
    server.wait_until("both errors over the page", START_DEADLINE, || {
        html = server
            .try_get("/")
            .map(|(_, body)| body)
            .unwrap_or_default();
        overlay(&html).is_some_and(|shown| {
            shown.contains("content/notices/sign-up.md:4") && shown.contains("duplicate URL")
        })
    });
    assert!(
        overlay(&html).unwrap().contains("content/notices/clash.md"),
        "{html}"
    );
    // The last good site is still served.
    assert!(
        server
            .get("/notices/enrolment/")
            .contains("关于技术服务人员进修培训报名的通知")
    );
}

#[test]
fn open_tabs_are_told_to_reload_and_shown_errors() {
    let server = Server::start();
    let mut events = EventStream::connect(&server);

    server.edit(ENROLMENT, "各乡镇人民政府:", "各乡镇人民政府（事件）:");
    // First the page, its translation and the short lists; a tab reloads when
    // its own URL is named.
    assert!(
        events.wait_for("event: reload", EDIT_DEADLINE),
        "no reload event: {:?}\nserver said:\n{}",
        events.received,
        server.stderr()
    );
    assert!(
        events.wait_for("\"/notices/enrolment/\"", EDIT_DEADLINE),
        "{:?}",
        events.received
    );
    assert!(server.get("/notices/enrolment/").contains("（事件）"));
    // Then the tag pages that list it.
    assert!(
        events.wait_for("\"/tags/培训/\"", EDIT_DEADLINE),
        "{:?}",
        events.received
    );

    events.received.clear();
    server.edit(ENROLMENT, "date: 2024-03-01", "date: 2024-02-30");
    assert!(
        events.wait_for("event: errors", EDIT_DEADLINE),
        "no errors event: {:?}",
        events.received
    );
    assert!(
        events.wait_for("enrolment/index.md:3", EDIT_DEADLINE),
        "{:?}",
        events.received
    );
}

#[test]
fn a_bundles_photo_is_served_as_its_copies_made_in_memory_and_without_its_position() {
    let server = Server::start_with(|room| {
        let bundle = room.file("content/notices/enrolment");
        std::fs::write(
            bundle.join("square.jpg"),
            photos::phone_jpeg(900, 600, 5, 6),
        )
        .unwrap();
        let page = room.file(ENROLMENT);
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\n![报名现场](square.jpg)\n")).unwrap();
    });
    let html = server.get("/notices/enrolment/");
    assert!(
        html.contains("srcset=\"square-480.jpg 480w, square-900.jpg 900w\""),
        "{html}"
    );
    let copy = raw_get(&server, "/notices/enrolment/square-480.jpg");
    assert_eq!(copy.status, 200);
    assert_eq!(copy.header("content-type"), Some("image/jpeg"));
    let decoded = image::load_from_memory(&copy.body).expect("a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (480, 320), "upright");
    assert!(!photos::contains(&copy.body, b"GPS"));
    assert!(!photos::contains(&copy.body, photos::PLACE.as_bytes()));
    // The source itself is not served.
    assert_eq!(
        server
            .try_get("/notices/enrolment/square.jpg")
            .map(|(s, _)| s),
        Some(404)
    );
}

#[test]
fn served_pages_carry_the_reload_script_but_built_pages_do_not() {
    let server = Server::start();
    let served = server.get("/about/");
    assert!(served.contains("new EventSource(\"/__placard/events\")"));
    assert!(
        served.trim_end().ends_with("</html>"),
        "the script goes inside the page"
    );
    // Attachments come from the page bundle as they are.
    let attachment =
        try_http_get(&server.url(&percent_encoded("/notices/enrolment/报名表.txt"))).unwrap();
    assert_eq!(attachment.status, 200);
    assert_eq!(attachment.body.len(), 115);
    assert_eq!(server.try_get("/no/such/page/").map(|(s, _)| s), Some(404));

    let site = fixture("good");
    let output = build_ok(site.path());
    assert!(!read(&output, "about/index.html").contains("__placard"));
}

#[test]
fn a_busy_port_is_named_with_how_to_choose_another() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = fixture("good");
    let output = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(["serve", "--root"])
        .arg(site.path())
        .args(["--port", &port.to_string()])
        .env("PLACARD_LANG", "en")
        .env("NO_COLOR", "1")
        .output()
        .expect("run placard serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("placard serve --port"), "{stderr}");
}

#[test]
fn ctrl_c_stops_the_server_even_with_a_tab_open() {
    let mut server = Server::start();
    let _tab = EventStream::connect(&server);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    server.wait_until("the goodbye", Duration::from_secs(2), || {
        server.stderr().contains("stopped")
    });
    assert!(!server.room.file("output").exists(), "serve writes nothing");
}

/// A GET as any client may send it: the target exactly as given (`//x`), with
/// the status and the headers of the answer.
fn raw_get(server: &Server, target: &str) -> support::HttpResponse {
    try_http_get(&server.url(target))
        .unwrap_or_else(|e| panic!("GET {target}: {e}; server said:\n{}", server.stderr()))
}

#[test]
fn an_attachment_replaced_after_a_failed_rebuild_is_not_served() {
    let server = Server::start();
    let form = std::fs::read(server.room.file(FORM)).unwrap();
    assert_eq!(raw_get(&server, &percent_encoded(FORM_URL)).body, form);

    // A broken placard.yaml: the last good site stays served.
    server.edit("placard.yaml", "timezone:", "timezone: [");
    server.wait_until("the error overlay", START_DEADLINE, || {
        server
            .try_get("/")
            .is_some_and(|(_, html)| overlay(&html).is_some())
    });
    let changed = |response: &support::HttpResponse| {
        response.status == 404
            && String::from_utf8_lossy(&response.body)
                .contains("this file changed after the last good build of the site")
    };
    // Rewritten in place, then replaced by a link to a file outside the site:
    // neither is the file the last good build checked.
    std::fs::write(server.room.file(FORM), "改过的报名表\n").unwrap();
    let response = raw_get(&server, &percent_encoded(FORM_URL));
    assert!(changed(&response), "{response:?}");
    std::fs::remove_file(server.room.file(FORM)).unwrap();
    std::os::unix::fs::symlink(
        server.room.path().join("beside.txt"),
        server.room.file(FORM),
    )
    .unwrap();
    let response = raw_get(&server, &percent_encoded(FORM_URL));
    assert!(changed(&response), "{response:?}");
    assert!(!String::from_utf8_lossy(&response.body).contains(BESIDE));

    // placard.yaml fixed, the site is still broken: the link is skipped
    // (content/ is walked without following links), so the notice's
    // attachment is missing. The file beside the site is never served.
    server.edit("placard.yaml", "timezone: [", "timezone:");
    server.wait_until("the missing attachment", START_DEADLINE, || {
        server
            .stderr()
            .contains("attachment `报名表.txt` does not exist in the page bundle")
    });
    let response = raw_get(&server, &percent_encoded(FORM_URL));
    assert!(changed(&response), "{response:?}");
    assert!(!String::from_utf8_lossy(&response.body).contains(BESIDE));

    // A file again: built, and served as it is now.
    std::fs::remove_file(server.room.file(FORM)).unwrap();
    std::fs::write(server.room.file(FORM), "新的报名表\n").unwrap();
    server.wait_until("the new attachment", START_DEADLINE, || {
        raw_get(&server, &percent_encoded(FORM_URL)).body == "新的报名表\n".as_bytes()
    });
    server
        .room
        .untouched(&["site/placard.yaml", &format!("site/{FORM}")]);
}

#[test]
fn a_path_that_a_browser_reads_as_another_host_is_never_redirected_there() {
    let server = Server::start();
    for (target, location) in [
        ("//notices", "/notices/"),
        ("///notices", "/notices/"),
        ("//notices?page=2", "/notices/?page=2"),
        ("/%2F%2Fnotices", "/notices/"),
        ("/%2F/notices", "/notices/"),
        ("//en/about", "/en/about/"),
        ("/./notices", "/notices/"),
        ("//tags/%E5%9F%B9%E8%AE%AD", "/tags/%E5%9F%B9%E8%AE%AD/"),
    ] {
        let response = raw_get(&server, target);
        assert_eq!(response.status, 301, "{target}: {response:?}");
        assert_eq!(
            response.header("location"),
            Some(location),
            "{target}: {response:?}"
        );
    }
    // No folder of the site has that name: nothing to redirect to.
    for target in [
        "//evil.example",
        "/%5Cevil.example",
        "//evil.example/notices",
    ] {
        let response = raw_get(&server, target);
        assert_eq!(response.status, 404, "{target}: {response:?}");
        assert_eq!(response.header("location"), None, "{target}");
    }
}

#[test]
fn the_watch_survives_content_being_deleted_and_made_again() {
    let server = Server::start();
    let content = server.room.file("content");
    let kept = support::tempdir();
    support::site::copy_dir(&content, kept.path());
    // As `git checkout` of a branch without content/, then back.
    std::fs::remove_dir_all(&content).unwrap();
    server.wait_until("the error of the missing folder", START_DEADLINE, || {
        server.try_get("/").is_some_and(|(_, html)| {
            overlay(&html).is_some_and(|o| o.contains("no content/ folder"))
        })
    });
    support::site::copy_dir(kept.path(), &content);
    server.wait_until("the site built again", START_DEADLINE, || {
        server
            .try_get("/")
            .is_some_and(|(_, html)| overlay(&html).is_none())
    });
    // Edits in the folder made again are seen.
    server.edit(ENROLMENT, "各乡镇人民政府:", "各乡镇人民政府（恢复后）:");
    server.wait_for_page(
        "/notices/enrolment/",
        "the edit after the folder came back",
        |html| html.contains("各乡镇人民政府（恢复后）"),
    );
    server
        .room
        .untouched(&["site/content/notices/enrolment/index.md"]);
}

/// Starts a download of `target` over a connection of its own, reading only
/// the status line and headers: the body waits in the socket until
/// [`finish_download`] reads it.
fn start_download(server: &Server, target: &str) -> (BufReader<TcpStream>, u64) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{target}: {line}");
    let mut length = None;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    (reader, length.expect("a Content-Length"))
}

/// Reads the rest of a download, checking every byte against `byte_at`.
fn finish_download(mut reader: BufReader<TcpStream>, byte_at: impl Fn(u64) -> u8) -> u64 {
    let mut buffer = vec![0u8; 1 << 16];
    let mut read = 0u64;
    loop {
        let n = reader.read(&mut buffer).expect("read the download");
        if n == 0 {
            return read;
        }
        for (i, byte) in buffer[..n].iter().enumerate() {
            assert_eq!(*byte, byte_at(read + i as u64), "byte {}", read + i as u64);
        }
        read += n as u64;
    }
}

/// The peak resident memory of a process (VmHWM), in bytes.
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().strip_suffix("kB"))
        .and_then(|value| value.trim().parse().ok())
        .expect("VmHWM in /proc status");
    kib * 1024
}

#[test]
fn parallel_downloads_of_a_large_attachment_stream_in_little_memory() {
    const SIZE: u64 = 64 << 20;
    const DOWNLOADS: usize = 8;
    let byte_at = |at: u64| (at % 251) as u8;
    let server = Server::start_with(|room| {
        let bytes: Vec<u8> = (0..SIZE).map(byte_at).collect();
        std::fs::write(room.file("content/notices/enrolment/录像.bin"), bytes).unwrap();
    });
    let target = percent_encoded("/notices/enrolment/录像.bin");
    let before = peak_memory(server.child.id());
    // All downloads under way before any is read to its end.
    let started: Vec<_> = (0..DOWNLOADS)
        .map(|_| start_download(&server, &target))
        .collect();
    let finished: Vec<_> = started
        .into_iter()
        .map(|(reader, length)| {
            assert_eq!(length, SIZE);
            std::thread::spawn(move || finish_download(reader, byte_at))
        })
        .collect();
    for download in finished {
        assert_eq!(download.join().unwrap(), SIZE);
    }
    // Whole files in memory would take 8 × 64 MiB; a stream holds a chunk each.
    let peak = peak_memory(server.child.id());
    assert!(
        peak < before + SIZE,
        "peak memory {} MiB, {} MiB before the downloads",
        peak >> 20,
        before >> 20
    );
}

#[test]
fn a_page_imported_from_word_is_served_like_any_other() {
    let server = Server::start();
    let docx = server.room.path().join("通知.docx");
    std::fs::write(&docx, word::notice()).expect("write the Word file");
    let run = Command::new(env!("CARGO_BIN_EXE_placard"))
        .arg("import")
        .arg(&docx)
        .arg("--root")
        .arg(server.room.site())
        .args(["--slug", "from-word"])
        .env("PLACARD_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("run placard import");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let title = "关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知";
    let page = server.wait_for_page("/notices/from-word/", "the imported page", |html| {
        html.contains(title)
    });
    assert!(page.contains("某某县人口和计划生育委员会"), "{page}");
    server.wait_for_page("/notices/", "the imported page in its section", |html| {
        html.contains("/notices/from-word/")
    });
}

/// The served search page's results for `query` (root-relative links).
fn served_search(server: &Server, browser: &support::Browser, query: &str) -> Vec<String> {
    browser.goto(&server.url(&format!("/en/search/?q={query}")));
    browser.wait_until(
        "(() => { const app = document.querySelector('[data-search-app]'); \
         const status = document.querySelector('.search-status'); \
         return app && !app.hasAttribute('aria-busy') && status.textContent.trim() !== ''; })()",
        Duration::from_secs(20),
    );
    let links = browser.eval(
        "return [...document.querySelectorAll('.search-results > li a.page-item-title')]\
         .map((a) => new URL(a.href).pathname);",
    );
    links
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_word_added_to_a_page_is_found_by_the_served_search() {
    let server = Server::start();
    let browser = support::Browser::launch();
    assert_eq!(
        served_search(&server, &browser, "zyxwvq"),
        Vec::<String>::new()
    );
    server.edit(
        "content/notices/enrolment/index.en.md",
        "Wang Lin",
        "Wang Lin (zyxwvq desk)",
    );
    server.wait_for_page("/en/notices/enrolment/", "the edited text", |html| {
        html.contains("zyxwvq desk")
    });
    let mut found = Vec::new();
    server.wait_until("the new word is found", EDIT_DEADLINE, || {
        found = served_search(&server, &browser, "zyxwvq");
        !found.is_empty()
    });
    assert_eq!(found, ["/en/notices/enrolment/"]);
    // The search index was updated in place: the rebuild made a few files again
    // (made in full, the English index alone is 40-odd files).
    let log = server.stderr();
    let rebuilt: usize = log
        .lines()
        .find_map(|l| {
            l.split(": rebuilt ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no rebuild reported:\n{log}"));
    assert!(rebuilt < 30, "rebuilt {rebuilt} files:\n{log}");
}
