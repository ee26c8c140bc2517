//! Proves the test infrastructure itself on a tiny hand-written site: the
//! static server, Chromium over WebDriver, print-to-PDF, PDF text, QR decoding
//! and file:// loading. If Chromium or the tools are missing these tests fail
//! (run scripts/install-test-deps), they never skip.

mod support;

use std::time::Duration;

use qrcode::QrCode;
use qrcode::render::svg;
use support::*;

const QR_URL: &str = "https://example.gov.cn/notices/x/";

/// A page with Chinese text, a script, an A4 `@page` rule and an inline SVG QR code.
fn tiny_site() -> TempDir {
    let qr = QrCode::new(QR_URL.as_bytes())
        .expect("encode QR")
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .build();
    let qr = &qr[qr.find("<svg").expect("an <svg> element")..];
    let index = format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>婚育新风进万家</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<h1 id="title">婚育新风进万家</h1>
<p id="status">等待点击</p>
<button id="go" type="button">点击</button>
<input id="name" type="text">
<p id="echo"></p>
<ul><li class="item">一</li><li class="item">二</li><li class="item">三</li></ul>
<div class="qr">{qr}</div>
<script src="app.js"></script>
</body>
</html>
"#
    );
    let dir = tempdir();
    write_files(
        dir.path(),
        &[
            ("index.html", &index),
            (
                "style.css",
                "@page { size: A4; margin: 15mm; }\n\
                 body { font-family: sans-serif; font-size: 20px; }\n\
                 .qr svg { width: 200px; height: 200px; }\n",
            ),
            (
                "app.js",
                "document.body.dataset.js = 'ran';\n\
                 document.getElementById('go').addEventListener('click', () => {\n\
                   document.getElementById('status').textContent = '已点击';\n\
                 });\n\
                 document.getElementById('name').addEventListener('input', (e) => {\n\
                   document.getElementById('echo').textContent = '你好，' + e.target.value;\n\
                 });\n",
            ),
            (
                "notices/x/index.html",
                "<!doctype html><meta charset=utf-8><title>通知</title><p>通知正文</p>",
            ),
            (
                "404.html",
                "<!doctype html><meta charset=utf-8><title>404</title><p>页面不存在</p>",
            ),
            ("data/index.json", r#"{"标题":"通知"}"#),
        ],
    );
    dir
}

#[test]
fn static_server_serves_files_directories_and_404() {
    let site = tiny_site();
    let server = StaticServer::serve(site.path());

    let home = http_get(&server.url("/"));
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("婚育新风进万家"));

    assert_eq!(
        http_get(&server.url("style.css")).header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        http_get(&server.url("app.js")).header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        http_get(&server.url("data/index.json")).header("content-type"),
        Some("application/json")
    );

    let notice = http_get(&server.url("/notices/x/"));
    assert_eq!(notice.status, 200);
    assert!(notice.text().contains("通知正文"));

    let no_slash = http_get(&server.url("/notices/x?q=1"));
    assert_eq!(no_slash.status, 301);
    assert_eq!(no_slash.header("location"), Some("/notices/x/?q=1"));

    let missing = http_get(&server.url("/nope/"));
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("页面不存在"));

    assert_eq!(http_get(&server.url("/../etc/passwd")).status, 400);
    assert!(server.requests().contains(&"/notices/x/".to_string()));
}

#[test]
fn chromium_runs_scripts_and_reports_layout() {
    let site = tiny_site();
    let server = StaticServer::serve(site.path());
    let browser = Browser::launch();

    browser.goto(&server.url("/"));
    assert_eq!(browser.current_url(), server.url("/"));
    assert_eq!(browser.text("#title"), "婚育新风进万家");
    assert_eq!(browser.texts("li.item"), ["一", "二", "三"]);
    assert_eq!(browser.attr("html", "lang").as_deref(), Some("zh-CN"));

    browser.click("#go");
    assert_eq!(browser.text("#status"), "已点击");

    browser.send_keys("#name", "王林");
    assert_eq!(browser.text("#echo"), "你好，王林");

    assert_eq!(
        browser.eval("getComputedStyle(document.body).fontSize"),
        "20px"
    );
    assert_eq!(
        browser.eval("const n = document.querySelectorAll('li').length; return n * 2;"),
        6
    );
    assert_eq!(
        browser.eval("Promise.resolve(document.body.dataset.js)"),
        "ran"
    );
    assert_eq!(
        browser.eval("document.title = '新标题'; window.ran = (window.ran || 0) + 1;"),
        serde_json::Value::Null
    );
    assert_eq!(
        browser.eval("[document.title, window.ran]"),
        serde_json::json!(["新标题", 1])
    );
    let thrown = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| browser.eval("null.x")));
    assert!(thrown.is_err(), "a JavaScript error fails the test");

    browser.eval("setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p id=late>迟到</p>'), 200)");
    browser.wait_for("#late", Duration::from_secs(5));
    assert!(browser.exists("#late"));
    assert!(!browser.exists("#never"));

    browser.set_window_size(400, 800);
    browser.wait_until("window.innerWidth < 500", Duration::from_secs(5));

    let shot = site.path().join("shot.png");
    browser.screenshot_png(&shot);
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "screenshot is a PNG");
}

#[test]
fn a4_page_prints_to_one_page_with_chinese_text_and_a_readable_qr_code() {
    let site = tiny_site();
    let server = StaticServer::serve(site.path());
    let pdf = site.path().join("page.pdf");

    print_to_pdf(&server.url("/"), &pdf);

    let info = pdf_info(&pdf);
    assert_eq!(info.pages, 1, "{info:?}");
    assert!((info.width_pt - 595.0).abs() <= 2.0, "A4 width: {info:?}");
    assert!((info.height_pt - 842.0).abs() <= 2.0, "A4 height: {info:?}");

    let text = pdf_text(&pdf);
    assert!(text.contains("婚育新风进万家"), "PDF text:\n{text}");
    assert!(text.contains("等待点击"), "PDF text:\n{text}");

    assert_eq!(decode_qr_from_pdf(&pdf), [QR_URL]);
}

#[test]
fn page_opens_from_the_file_system() {
    let site = tiny_site();
    let dom = dump_dom(&file_url(&site.path().join("index.html")));
    assert!(dom.contains("婚育新风进万家"), "{dom}");
    assert!(
        dom.contains(r#"data-js="ran""#),
        "script did not run from file://:\n{dom}"
    );
}
