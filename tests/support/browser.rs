//! A real headless Chromium: the flags of every run, and a browser driven
//! through chromedriver (WebDriver) with a blocking API.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt;

use super::{
    CHROMIUM, INSTALL_HINT, TempDir, free_port, kill_process_group, require_tool, tempdir,
    try_http_get,
};

// ───────────────────────────── Chromium flags ─────────────────────────────

/// Flags for a quiet, offline, reproducible headless Chromium.
pub(super) fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

pub(super) fn chromium_command(profile: &Path) -> Command {
    require_tool(CHROMIUM);
    let mut cmd = Command::new(CHROMIUM);
    cmd.args(chromium_args(profile));
    cmd
}

// ───────────────────────────── Browser ─────────────────────────────

/// A real headless Chromium driven through chromedriver (WebDriver), with a
/// blocking API. Every call panics with the selector and page URL on failure.
pub(crate) struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<fantoccini::Client>,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub(crate) fn launch() -> Browser {
        require_tool(CHROMIUM);
        let chromedriver = require_tool("chromedriver");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let profile = tempdir();

        // The port may be taken between free_port() and chromedriver's bind: retry.
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let mut driver = Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start chromedriver: {e} ({INSTALL_HINT})"));
            if let Err(e) = wait_for_driver(&mut driver, port) {
                last_error = e;
                kill_process_group(&mut driver);
                continue;
            }
            let caps = serde_json::json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": chromium_args(profile.path()),
                },
            });
            let serde_json::Value::Object(caps) = caps else {
                unreachable!()
            };
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let session = rt.block_on(
                fantoccini::ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            );
            match session {
                Ok(client) => {
                    return Browser {
                        rt,
                        client: Some(client),
                        driver,
                        _profile: profile,
                    };
                }
                Err(e) => {
                    last_error = format!("cannot start Chromium through chromedriver: {e}");
                    kill_process_group(&mut driver);
                }
            }
        }
        panic!("{last_error} ({INSTALL_HINT})");
    }

    fn client(&self) -> &fantoccini::Client {
        self.client.as_ref().expect("browser session is open")
    }

    /// Escape hatch: run any fantoccini call, e.g.
    /// `b.with_client(|c| c.title())`.
    pub(crate) fn with_client<'a, F, T>(&'a self, f: impl FnOnce(&'a fantoccini::Client) -> F) -> T
    where
        F: std::future::Future<Output = T> + 'a,
    {
        self.rt.block_on(f(self.client()))
    }

    /// Navigates and waits for the `load` event.
    pub(crate) fn goto(&self, url: &str) {
        self.rt
            .block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    pub(crate) fn current_url(&self) -> String {
        self.rt
            .block_on(self.client().current_url())
            .unwrap_or_else(|e| panic!("current_url: {e}"))
            .to_string()
    }

    /// Evaluates JavaScript in the page and returns its value as JSON.
    /// `js` is an expression (`document.title`, a Promise is awaited) or a
    /// function body with statements and an explicit `return`.
    pub(crate) fn eval(&self, js: &str) -> serde_json::Value {
        const THREW: &str = "__placard_eval_threw";
        // Runtime errors are caught in the page, so an error from the driver
        // means `js` is not an expression (a syntax error: nothing ran) and
        // is then run once as a function body.
        let as_expression = format!(
            "return (async () => {{ try {{ return await (\n{js}\n); }} \
             catch (e) {{ return {{ {THREW}: String(e && e.stack || e) }}; }} }})();"
        );
        let url = || self.current_url();
        let value = match self
            .rt
            .block_on(self.client().execute(&as_expression, vec![]))
        {
            Ok(value) => value,
            Err(_) => self
                .rt
                .block_on(self.client().execute(js, vec![]))
                .unwrap_or_else(|e| panic!("eval on {}: {e}\n{js}", url())),
        };
        if let Some(error) = value.get(THREW) {
            panic!(
                "eval on {}: {}\n{js}",
                url(),
                error.as_str().unwrap_or_default()
            );
        }
        value
    }

    fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.rt
            .block_on(self.client().find(fantoccini::Locator::Css(css)))
            .unwrap_or_else(|e| panic!("no element `{css}` on {}: {e}", self.current_url()))
    }

    /// Whether at least one element matches `css` right now.
    pub(crate) fn exists(&self, css: &str) -> bool {
        !self.find_all(css).is_empty()
    }

    fn find_all(&self, css: &str) -> Vec<fantoccini::elements::Element> {
        self.rt
            .block_on(self.client().find_all(fantoccini::Locator::Css(css)))
            .unwrap_or_else(|e| panic!("find_all `{css}` on {}: {e}", self.current_url()))
    }

    /// Rendered (visible) text of the first element matching `css`.
    pub(crate) fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.rt
            .block_on(el.text())
            .unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
    }

    /// Rendered text of every element matching `css` (possibly none).
    pub(crate) fn texts(&self, css: &str) -> Vec<String> {
        self.find_all(css)
            .into_iter()
            .map(|el| {
                self.rt
                    .block_on(el.text())
                    .unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
            })
            .collect()
    }

    /// An attribute of the first element matching `css`.
    pub(crate) fn attr(&self, css: &str, name: &str) -> Option<String> {
        let el = self.find(css);
        self.rt
            .block_on(el.attr(name))
            .unwrap_or_else(|e| panic!("attribute {name} of `{css}`: {e}"))
    }

    pub(crate) fn click(&self, css: &str) {
        let el = self.find(css);
        self.rt
            .block_on(el.click())
            .unwrap_or_else(|e| panic!("click `{css}` on {}: {e}", self.current_url()));
    }

    /// Types `text` into the element (use `fantoccini::key::Key::Enter` chars for keys).
    pub(crate) fn send_keys(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.rt
            .block_on(el.send_keys(text))
            .unwrap_or_else(|e| panic!("send_keys to `{css}` on {}: {e}", self.current_url()));
    }

    /// Waits until an element matches `css`; panics after `timeout`.
    pub(crate) fn wait_for(&self, css: &str, timeout: Duration) {
        let found = self.rt.block_on(
            self.client()
                .wait()
                .at_most(timeout)
                .every(Duration::from_millis(50))
                .for_element(fantoccini::Locator::Css(css)),
        );
        if let Err(e) = found {
            panic!(
                "`{css}` did not appear within {timeout:?} on {}: {e}",
                self.current_url()
            );
        }
    }

    /// Waits until the JavaScript expression `js` is truthy; panics after `timeout`.
    pub(crate) fn wait_until(&self, js: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.eval(&format!("!!({js})"));
            if value == serde_json::Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "`{js}` still false after {timeout:?} on {}",
                    self.current_url()
                );
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resizes the window (outer size, like a user would).
    pub(crate) fn set_window_size(&self, width: u32, height: u32) {
        self.rt
            .block_on(self.client().set_window_size(width, height))
            .unwrap_or_else(|e| panic!("set_window_size {width}x{height}: {e}"));
    }

    /// Saves a PNG screenshot of the viewport.
    pub(crate) fn screenshot_png(&self, path: &Path) {
        let png = self
            .rt
            .block_on(self.client().screenshot())
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

fn wait_for_driver(driver: &mut Child, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let url = format!("http://127.0.0.1:{port}/status");
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited early ({status})"));
        }
        if try_http_get(&url).is_ok_and(|r| r.status == 200) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("chromedriver did not answer within 20s".into());
        }
        thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Ends the session, which quits Chromium; bounded so a hung
            // browser cannot hang the test run.
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
        kill_process_group(&mut self.driver);
    }
}
