//! Read aloud (朗读全文, 适老化) on article pages, in a real Chromium: the
//! browser's own speech synthesis, stood in for by an init script that records
//! what `speechSynthesis.speak`, `pause`, `resume` and `cancel` are asked (a
//! headless browser has no voice). The buttons are keyboard buttons, their
//! labels say what they will do, axe-core finds nothing serious in them, and
//! they stay hidden in a browser without speech synthesis.

mod support;

use std::time::Duration;

use support::site::{build_ok, fixture};
use support::{Browser, StaticServer};

/// Records the calls instead of speaking; `?no-speech` in the URL takes
/// speech synthesis away, as in a browser that has none.
const STAND_IN: &str = r#"
if (location.search.indexOf('no-speech') >= 0) {
  delete window.speechSynthesis;
  delete Window.prototype.speechSynthesis;
} else {
  window.__speech = [];
  var synth = window.speechSynthesis;
  synth.speak = function (u) { window.__speech.push({ call: 'speak', text: u.text, lang: u.lang }); };
  ['pause', 'resume', 'cancel'].forEach(function (name) {
    synth[name] = function () { window.__speech.push({ call: name }); };
  });
}
"#;

const TOGGLE: &str = "[data-read-aloud-toggle]";
const STOP: &str = "[data-read-aloud-stop]";

/// The calls recorded since the page was opened.
fn calls(browser: &Browser) -> Vec<String> {
    let value = browser.eval("window.__speech.map(c => c.call)");
    serde_json::from_value(value).expect("a list of calls")
}

/// (text, lang) of every `speak` call.
fn spoken(browser: &Browser) -> Vec<(String, String)> {
    let value =
        browser.eval("window.__speech.filter(c => c.call === 'speak').map(c => [c.text, c.lang])");
    serde_json::from_value(value).expect("a list of utterances")
}

/// Whether the element is shown (not hidden, laid out).
fn shown(browser: &Browser, css: &str) -> bool {
    browser.eval(&format!(
        "(() => {{ const e = document.querySelector('{css}'); return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0; }})()"
    )) == serde_json::Value::Bool(true)
}

/// Serious and critical axe-core violations in the page's actions.
fn axe_violations(browser: &Browser) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".test-deps/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: axe-core is not installed, run scripts/install-test-deps",
            path.display()
        )
    });
    let injected = browser.with_client(|c| {
        c.execute(
            "const s = document.createElement('script'); s.textContent = arguments[0]; \
             document.head.appendChild(s); return typeof window.axe;",
            vec![serde_json::Value::from(axe)],
        )
    });
    assert_eq!(injected.expect("inject axe-core"), "object");
    let found = browser.eval(
        "axe.run('.doc-actions', { resultTypes: ['violations'] }).then(r => r.violations
           .filter(v => v.impact === 'serious' || v.impact === 'critical')
           .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
    );
    serde_json::from_value(found).expect("a list of violations")
}

#[test]
fn read_aloud_speaks_the_article_in_the_pages_language_pauses_resumes_and_stops() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let server = StaticServer::serve(&out);
    let browser = Browser::launch();
    browser.add_init_script(STAND_IN);

    // A Chinese notice: the buttons are there, the stop button not yet.
    browser.goto(&server.url("/notices/enrolment/"));
    browser.wait_for("[data-read-aloud]:not([hidden])", Duration::from_secs(5));
    assert!(shown(&browser, TOGGLE));
    assert!(!shown(&browser, STOP));
    assert_eq!(browser.text(TOGGLE), "朗读全文");
    assert_eq!(
        browser.eval(&format!(
            "[...document.querySelectorAll('{TOGGLE}, {STOP}')].map(b => b.tagName + ' ' + b.type + ' ' + b.tabIndex)"
        )),
        serde_json::json!(["BUTTON button 0", "BUTTON button 0"]),
        "real buttons, in the tab order"
    );

    // Enter on the focused button starts reading: the title and the text of
    // the article, in zh-CN, and nothing of the menus, the breadcrumbs or the footer.
    browser.eval(&format!("document.querySelector('{TOGGLE}').focus()"));
    browser.send_keys(TOGGLE, "\u{e007}");
    let utterances = spoken(&browser);
    assert!(!utterances.is_empty(), "nothing spoken");
    assert!(
        utterances.iter().all(|(_, lang)| lang == "zh-CN"),
        "{utterances:?}"
    );
    let text: String = utterances.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        utterances[0]
            .0
            .starts_with("关于技术服务人员进修培训报名的通知"),
        "the title first: {utterances:?}"
    );
    assert!(
        text.contains("县计划生育服务站将举办乡级技术服务人员进修培训"),
        "{text}"
    );
    for elsewhere in ["跳到正文", "当前位置", "站内搜索", "通知公告"] {
        assert!(
            !text.contains(elsewhere),
            "`{elsewhere}` is not the article: {text}"
        );
    }
    assert!(utterances.iter().all(|(t, _)| t.chars().count() <= 180));
    assert_eq!(browser.text(TOGGLE), "暂停朗读");
    assert!(shown(&browser, STOP));
    assert_eq!(browser.text(STOP), "停止朗读");
    let violations = axe_violations(&browser);
    assert!(
        violations.is_empty(),
        "axe-core, while reading: {violations:?}"
    );

    // Pause, resume, stop.
    browser.click(TOGGLE);
    assert_eq!(calls(&browser).last().map(String::as_str), Some("pause"));
    assert_eq!(browser.text(TOGGLE), "继续朗读");
    browser.click(TOGGLE);
    assert_eq!(calls(&browser).last().map(String::as_str), Some("resume"));
    assert_eq!(browser.text(TOGGLE), "暂停朗读");
    browser.click(STOP);
    assert_eq!(calls(&browser).last().map(String::as_str), Some("cancel"));
    assert_eq!(browser.text(TOGGLE), "朗读全文");
    assert!(!shown(&browser, STOP));
    assert_eq!(
        browser.eval("document.activeElement.hasAttribute('data-read-aloud-toggle')"),
        serde_json::Value::Bool(true),
        "focus goes back to the read-aloud button, not to the top of the page"
    );

    // An English plan is read in English.
    browser.goto(&server.url("/en/plans/work-points-2024/"));
    browser.wait_for("[data-read-aloud]:not([hidden])", Duration::from_secs(5));
    assert_eq!(browser.text(TOGGLE), "Read aloud");
    browser.click(TOGGLE);
    let utterances = spoken(&browser);
    assert!(!utterances.is_empty());
    assert!(
        utterances.iter().all(|(_, lang)| lang == "en"),
        "{utterances:?}"
    );
    let title = browser.text("article h1");
    assert!(utterances[0].0.starts_with(&title), "{utterances:?}");
    assert_eq!(browser.text(TOGGLE), "Pause reading");

    // Without speech synthesis the buttons stay hidden.
    browser.goto(&server.url("/notices/enrolment/?no-speech"));
    assert_eq!(
        browser.eval("'speechSynthesis' in window"),
        serde_json::Value::Bool(false)
    );
    browser.wait_until("document.readyState === 'complete'", Duration::from_secs(5));
    assert!(browser.exists("[data-read-aloud][hidden]"));
    assert!(!shown(&browser, TOGGLE));
}
