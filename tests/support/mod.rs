//! Helpers shared by the integration tests (`mod support;` in each test file):
//! a static file server, a real Chromium driven over WebDriver, and the
//! print-to-PDF / pdfinfo / pdftotext / QR-decoding tools from
//! `scripts/install-test-deps`. A missing tool is a test failure, never a skip.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt;

pub(crate) use tempfile::TempDir;

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
const INSTALL_HINT: &str = "run scripts/install-test-deps";
/// Upper bound for one headless Chromium run (print, dump-dom); CI has 2 cores.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

// ───────────────────────────── small helpers ─────────────────────────────

/// A port that was free a moment ago on 127.0.0.1.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// A fresh temporary directory, deleted when the value is dropped.
pub(crate) fn tempdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("placard-test-")
        .tempdir()
        .expect("create temp dir")
}

/// Writes `files` (relative path → contents) under `dir`, creating folders.
pub(crate) fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (rel, contents) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// `file://` URL of an existing local path.
pub(crate) fn file_url(path: &Path) -> String {
    let abs = fs::canonicalize(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut url = String::from("file://");
    for byte in abs.to_str().expect("UTF-8 path").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    if path.is_dir() && !url.ends_with('/') {
        url.push('/');
    }
    url
}

fn require_tool(name: &str) -> PathBuf {
    if name.starts_with('/') {
        let path = PathBuf::from(name);
        assert!(path.exists(), "{name} is missing: {INSTALL_HINT}");
        return path;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not installed: {INSTALL_HINT}"))
}

/// Kills a child we spawned with `process_group(0)` together with everything
/// it started (Chromium's helpers keep running after the main process).
fn kill_process_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs `cmd` in its own process group, capturing stdout/stderr, and panics
/// if it has not finished after `timeout`. Leftover helpers are killed.
fn run_with_timeout(mut cmd: Command, what: &str, timeout: Duration) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e} ({INSTALL_HINT})"));
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let deadline = Instant::now() + timeout;
    let status: ExitStatus = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if Instant::now() > deadline {
            kill_process_group(&mut child);
            let err = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
            panic!("{what}: still running after {timeout:?}, killed. stderr:\n{err}");
        }
        thread::sleep(Duration::from_millis(25));
    };
    // Helpers (crashpad, zygote) may hold the pipes open: end them too.
    kill_process_group(&mut child);
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

fn run_tool(program: &str, args: &[&std::ffi::OsStr], timeout: Duration) -> Output {
    let path = require_tool(program);
    let mut cmd = Command::new(path);
    cmd.args(args);
    run_with_timeout(cmd, program, timeout)
}

// ───────────────────────────── static server ─────────────────────────────

/// Serves a folder over HTTP on 127.0.0.1 from a background thread, like a
/// plain static host: `GET`/`HEAD`, `dir/` → `dir/index.html`, `dir` → 301 to
/// `dir/`, missing → 404 with the folder's `404.html`. Stops when dropped.
pub(crate) struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub(crate) fn serve(dir: &Path) -> StaticServer {
        let root = fs::canonicalize(dir).unwrap_or_else(|e| panic!("serve {}: {e}", dir.display()));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, requests) = (stop.clone(), requests.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (root, requests) = (root.clone(), requests.clone());
                    thread::spawn(move || {
                        let _ = handle_connection(stream, &root, &requests);
                    });
                }
            })
        };
        StaticServer {
            addr,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>` with `path` appended (a leading `/` is added).
    pub(crate) fn url(&self, path: &str) -> String {
        let slash = if path.starts_with('/') { "" } else { "/" };
        format!("http://{}{slash}{path}", self.addr)
    }

    pub(crate) fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Request targets (path and query) received so far, in order.
    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wake up accept()
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle_connection(
    stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    // Persistent connections (HTTP/1.1 keep-alive), as a real static host keeps them:
    // requests are answered one after another until the browser closes the
    // connection or leaves it idle.
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut close = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
            if header.to_ascii_lowercase().replace(' ', "") == "connection:close\r\n" {
                close = true;
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if !target.is_empty() {
            log.lock().unwrap().push(target.to_string());
        }

        let response = if method != "GET" && method != "HEAD" {
            close = true;
            Response::text(405, "method not allowed\n")
        } else {
            resolve(root, target)
        };
        let mut head = format!(
            "HTTP/1.1 {} {}\r\n",
            response.status,
            reason(response.status)
        );
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let connection = if close { "close" } else { "keep-alive" };
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            response.body.len()
        ));
        let mut out = head.into_bytes();
        if method != "HEAD" {
            out.extend_from_slice(&response.body);
        }
        stream.write_all(&out)?;
        stream.flush()?;
        if close {
            return stream.shutdown(Shutdown::Both);
        }
    }
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        let headers = vec![("Content-Type", "text/plain; charset=utf-8".to_string())];
        Response {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }
}

fn resolve(root: &Path, target: &str) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(decoded) = percent_decode(path) else {
        return Response::text(400, "bad request\n");
    };
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return Response::text(400, "bad path\n"),
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = target.strip_prefix(path).unwrap_or("");
            let mut r = Response::text(301, "moved\n");
            r.headers.push(("Location", format!("{path}/{query}")));
            return r;
        }
        file.push("index.html");
    }
    match fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            headers: vec![("Content-Type", content_type(&file).into())],
            body,
        },
        Err(_) => match fs::read(root.join("404.html")) {
            Ok(body) => Response {
                status: 404,
                headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
                body,
            },
            Err(_) => Response::text(404, "not found\n"),
        },
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content-Type by extension, the way a static host would send it: the table
/// `placard serve` uses.
pub(crate) fn content_type(path: &Path) -> &'static str {
    placard::serve::content_type(&path.to_string_lossy())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

// ───────────────────────────── plain HTTP client ─────────────────────────────

/// One HTTP response, as read by [`http_get`].
#[derive(Debug)]
pub(crate) struct HttpResponse {
    pub status: u16,
    /// Header names are lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("response body is not UTF-8")
    }
}

/// A plain `GET` of an `http://host:port/path` URL (no redirects followed),
/// for checking status codes and headers without a browser.
pub(crate) fn http_get(url: &str) -> HttpResponse {
    try_http_get(url).unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

pub(crate) fn try_http_get(url: &str) -> Result<HttpResponse, String> {
    let rest = url.strip_prefix("http://").ok_or("not an http:// URL")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host).map_err(|e| format!("connect {host}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("send: {e}"))?;
    // Read by Content-Length / chunks: some servers (chromedriver) keep the
    // connection open despite `Connection: close`.
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("read: {e}"))?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?}"))?;
    let mut headers = HashMap::new();
    loop {
        line.clear();
        reader
            .read_line(&mut line)
            .map_err(|e| format!("read: {e}"))?;
        let Some((name, value)) = line.split_once(':') else {
            break;
        };
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let mut body = Vec::new();
    let io = |e: std::io::Error| format!("read body: {e}");
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(io)?;
            let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| format!("bad chunk size {line:?}"))?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).map_err(io)?;
            reader.read_line(&mut line).map_err(io)?; // CRLF after the chunk
        }
    } else if let Some(length) = headers.get("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("bad Content-Length {length:?}"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body).map_err(io)?;
    } else {
        reader.read_to_end(&mut body).map_err(io)?;
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

// ───────────────────────────── headless CLI: PDF and DOM ─────────────────────────────

/// Prints `url` to a PDF at `out` with headless Chromium (no header/footer,
/// CSS `@page` size honoured), as a user printing the page would get it.
pub(crate) fn print_to_pdf(url: &str, out: &Path) {
    let profile = tempdir();
    let _ = fs::remove_file(out);
    let mut cmd = chromium_command(profile.path());
    cmd.arg("--no-pdf-header-footer")
        .arg("--run-all-compositor-stages-before-draw")
        .arg("--virtual-time-budget=5000")
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(url);
    let output = run_with_timeout(cmd, "chromium --print-to-pdf", CHROMIUM_TIMEOUT);
    let written = fs::metadata(out).map(|m| m.len() > 0).unwrap_or(false);
    if !output.status.success() || !written {
        panic!(
            "chromium --print-to-pdf {url} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The DOM after scripts ran (up to 5 s of virtual time), serialized as HTML.
/// Works for `file://` URLs, to check that pages open from a folder.
pub(crate) fn dump_dom(url: &str) -> String {
    let profile = tempdir();
    let mut cmd = chromium_command(profile.path());
    cmd.arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url);
    let output = run_with_timeout(cmd, "chromium --dump-dom", CHROMIUM_TIMEOUT);
    if !output.status.success() {
        panic!(
            "chromium --dump-dom {url} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).expect("dump-dom output is UTF-8")
}

/// Page count and first-page size of a PDF, from `pdfinfo`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PdfInfo {
    pub pages: u32,
    pub width_pt: f64,
    pub height_pt: f64,
}

pub(crate) fn pdf_info(pdf: &Path) -> PdfInfo {
    let out = run_tool("pdfinfo", &[pdf.as_os_str()], Duration::from_secs(30));
    assert!(
        out.status.success(),
        "pdfinfo {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo {}: no `{name}` in\n{text}", pdf.display()))
    };
    let pages = field("Pages:").parse().expect("page count");
    // "Page size:      595.276 x 841.89 pts (A4)"
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        size.len() >= 2,
        "pdfinfo {}: bad page size in\n{text}",
        pdf.display()
    );
    PdfInfo {
        pages,
        width_pt: size[0],
        height_pt: size[1],
    }
}

/// The PDF's text, laid out as on the page (`pdftotext -layout`).
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let out = run_tool(
        "pdftotext",
        &[
            "-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
        Duration::from_secs(30),
    );
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext output is UTF-8")
}

/// Every QR code (and other barcode) found on any page, decoded as text.
pub(crate) fn decode_qr_from_pdf(pdf: &Path) -> Vec<String> {
    let dir = tempdir();
    let prefix = dir.path().join("page");
    let out = run_tool(
        "pdftoppm",
        &[
            "-r".as_ref(),
            "150".as_ref(),
            "-png".as_ref(),
            pdf.as_os_str(),
            prefix.as_os_str(),
        ],
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "pdftoppm {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    assert!(
        !pages.is_empty(),
        "pdftoppm {}: no pages rendered",
        pdf.display()
    );
    pages
        .iter()
        .flat_map(|png| decode_qr_from_png(png))
        .collect()
}

/// Every QR code found in a PNG image (e.g. a screenshot), via `zbarimg`.
pub(crate) fn decode_qr_from_png(png: &Path) -> Vec<String> {
    let out = run_tool(
        "zbarimg",
        &["--raw".as_ref(), "-q".as_ref(), png.as_os_str()],
        Duration::from_secs(30),
    );
    // zbarimg exits with 4 when the image has no symbol.
    match out.status.code() {
        Some(0) => String::from_utf8(out.stdout)
            .expect("zbarimg output is UTF-8")
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        Some(4) => Vec::new(),
        _ => panic!(
            "zbarimg {}: {}",
            png.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

mod browser;
pub(crate) mod html;
pub(crate) mod process;
pub(crate) mod site;

// Not every test crate drives a browser (the dead code of support is allowed
// above for the same reason).
#[allow(unused_imports)]
pub(crate) use browser::Browser;
use browser::chromium_command;

/// The width and height of every raster image in a PDF (`pdfimages -list`).
pub(crate) fn pdf_images(pdf: &Path) -> Vec<(u32, u32)> {
    let out = run_tool(
        "pdfimages",
        &["-list".as_ref(), pdf.as_os_str()],
        Duration::from_secs(30),
    );
    assert!(
        out.status.success(),
        "pdfimages -list {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    // page num type width height …, after two header lines
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            Some((fields.get(3)?.parse().ok()?, fields.get(4)?.parse().ok()?))
        })
        .collect()
}
