//! Residents first (issue 9): the default theme as residents meet it, in real
//! Chromium. Every kind of page passes axe-core with no serious or critical
//! violation in both languages, also in high contrast and in dark mode; the
//! text-size and contrast switches work without a reload, by mouse and by
//! keyboard, and are remembered on the next page; keyboard users get a skip
//! link, a visible focus and every control in page order; on a 320 px phone nothing
//! scrolls sideways but a wide table inside its own box (which then says so),
//! and every tap target is at least 44 px. And an image without alt text is a
//! warning in `build` and in `check`, with its file and line.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use support::site::{build_ok, fixture, placard, stderr};
use support::*;

/// The `good` fixture, built once per test binary and served (tests only read it).
struct Served {
    _root: TempDir,
    server: StaticServer,
}

fn good() -> &'static Served {
    static CELL: OnceLock<Served> = OnceLock::new();
    CELL.get_or_init(|| {
        let root = fixture("good");
        let output = build_ok(root.path());
        Served {
            server: StaticServer::serve(&output),
            _root: root,
        }
    })
}

/// Every kind of page of the default theme, in both languages. The 404 page is
/// asked for at a missing URL two folders deep, as a resident would meet it.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("home", "/en/"),
    ("section list", "/notices/"),
    ("section list", "/en/notices/"),
    ("plan list (with filters)", "/plans/"),
    ("plan list (with filters)", "/en/plans/"),
    ("notice", "/notices/enrolment/"),
    ("notice", "/en/notices/enrolment/"),
    ("expired notice", "/notices/expired-campaign/"),
    ("expired notice", "/en/notices/expired-campaign/"),
    ("plan", "/plans/work-points-2024/"),
    ("plan", "/en/plans/work-points-2024/"),
    ("training", "/trainings/technician-course/"),
    ("training", "/en/trainings/technician-course/"),
    ("page (table, footnote, code)", "/about/"),
    ("page (table, footnote, code)", "/en/about/"),
    ("search with results", "/search/?q=计划生育"),
    ("search with results", "/en/search/?q=training"),
    ("tag", "/tags/培训/"),
    ("tag", "/en/tags/training/"),
    ("all tags", "/tags/"),
    ("all tags", "/en/tags/"),
    ("404", "/notices/no-such-page/"),
    ("404", "/en/notices/no-such-page/"),
    ("poster", "/notices/urgent-vaccination/poster/"),
    ("poster", "/en/notices/urgent-vaccination/poster/"),
    ("poster", "/trainings/technician-course/poster/"),
    ("poster", "/en/trainings/technician-course/poster/"),
];

/// axe.min.js as installed by scripts/install-test-deps.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(".test-deps/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}: axe-core is not installed, run scripts/install-test-deps",
                path.display()
            )
        })
    })
}

/// One axe-core rule broken on a page, with the elements that break it.
#[derive(Debug)]
struct Violation {
    rule: String,
    impact: String,
    help: String,
    targets: Vec<String>,
}

/// Runs axe-core on the page the browser shows (every rule: WCAG 2.x A and
/// AA and best practices, or only `rules`); returns the serious and critical
/// violations.
fn serious_violations(browser: &Browser, rules: &[&str]) -> Vec<Violation> {
    let injected = browser.with_client(|c| {
        c.execute(
            "if (!window.axe) { const s = document.createElement('script'); \
             s.textContent = arguments[0]; document.head.appendChild(s); } \
             return typeof window.axe;",
            vec![serde_json::Value::from(axe_source())],
        )
    });
    assert_eq!(
        injected.expect("inject axe-core"),
        "object",
        "axe-core did not load on {}",
        browser.current_url()
    );
    let mut options = serde_json::json!({ "resultTypes": ["violations"] });
    if !rules.is_empty() {
        options["runOnly"] = serde_json::json!({ "type": "rule", "values": rules });
    }
    let result = browser.eval(&format!(
        "axe.run(document, {options}).then(r => r.violations.map(v => ({{
            rule: v.id, impact: v.impact || '', help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
        }})))"
    ));
    result
        .as_array()
        .expect("axe violations are a list")
        .iter()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or_default().to_string(),
            impact: v["impact"].as_str().unwrap_or_default().to_string(),
            help: v["help"].as_str().unwrap_or_default().to_string(),
            targets: v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
        })
        .filter(|v| v.impact == "serious" || v.impact == "critical")
        .collect()
}

/// How a page is shown while axe-core looks at it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Look {
    Standard,
    /// The header's high-contrast switch (black ground, white text, yellow links).
    HighContrast,
    /// `prefers-color-scheme: dark`: the stylesheet's dark-scheme rules are
    /// switched on through the CSSOM (WebDriver cannot emulate the media query).
    Dark,
}

impl Look {
    /// The axe-core rules a look can change: all of them for the standard
    /// look, the colour rules for the others.
    fn rules(self) -> &'static [&'static str] {
        match self {
            Look::Standard => &[],
            Look::HighContrast | Look::Dark => &["color-contrast", "link-in-text-block"],
        }
    }

    /// Switches the loaded page to this look, and fails unless the page
    /// then has a dark ground.
    fn apply(self, browser: &Browser) {
        let script = match self {
            Look::Standard => return,
            Look::HighContrast => "document.documentElement.classList.add('high-contrast');",
            Look::Dark => {
                "let n = 0;
                 for (const sheet of document.styleSheets) {
                   for (const rule of sheet.cssRules) {
                     if (rule.media && /prefers-color-scheme:\\s*dark/.test(rule.media.mediaText)) {
                       rule.media.mediaText = 'all'; n += 1;
                     }
                   }
                 }
                 if (n === 0) throw new Error('no prefers-color-scheme: dark rules');"
            }
        };
        browser.eval(script);
        assert_eq!(
            browser.eval(
                "getComputedStyle(document.body).backgroundColor.match(/\\d+/g)
                   .slice(0, 3).map(Number).reduce((a, b) => a + b) < 150"
            ),
            true,
            "{self:?} did not darken {}",
            browser.current_url()
        );
        // links and buttons fade their colours (0.15 s): let them settle
        browser.wait_until(
            "document.getAnimations().every(a => a.playState === 'finished')",
            Duration::from_secs(5),
        );
    }
}

/// Runs axe on every page of [`PAGES`] that `which` keeps, shown in `look`;
/// the report names page, rule, impact and elements of every serious or
/// critical violation.
fn axe_report(
    browser: &Browser,
    server: &StaticServer,
    look: Look,
    which: impl Fn(&str) -> bool,
) -> Vec<String> {
    axe_report_of(browser, server, PAGES, look, which)
}

/// [`axe_report`] on the pages of another site.
fn axe_report_of(
    browser: &Browser,
    server: &StaticServer,
    pages: &[(&str, &str)],
    look: Look,
    which: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut report = Vec::new();
    for (kind, path) in pages.iter().filter(|(_, path)| which(path)) {
        browser.goto(&server.url(path));
        browser.wait_until(
            "document.readyState === 'complete'",
            Duration::from_secs(10),
        );
        look.apply(browser);
        for v in serious_violations(browser, look.rules()) {
            report.push(format!(
                "{kind} {path} ({look:?}): {} [{}] {}\n    {}",
                v.rule,
                v.impact,
                v.help,
                v.targets.join("\n    ")
            ));
        }
    }
    report
}

#[test]
fn every_kind_of_page_passes_axe_core_in_both_languages_and_every_look() {
    let site = good();
    let browser = Browser::launch();
    let mut report = axe_report(&browser, &site.server, Look::Standard, |_| true);
    // Colours are the same in both languages; posters have one look (print).
    let themed_zh = |path: &str| !path.starts_with("/en/") && !path.contains("/poster/");
    report.extend(axe_report(
        &browser,
        &site.server,
        Look::HighContrast,
        themed_zh,
    ));
    report.extend(axe_report(&browser, &site.server, Look::Dark, themed_zh));
    // And on a 320 px phone, where tables stack or scroll in their boxes.
    browser.set_window_size(320, 900);
    browser.wait_until("window.innerWidth === 320", Duration::from_secs(5));
    report.extend(
        axe_report(&browser, &site.server, Look::Standard, |_| true)
            .into_iter()
            .map(|finding| format!("320 px: {finding}")),
    );
    assert!(
        report.is_empty(),
        "{} serious or critical axe-core violations:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The pages of a government site (issue 21): its metadata, the footer's
/// records, the disclosure table and the disclosure catalogue with its filters.
const GOVERNMENT_PAGES: &[(&str, &str)] = &[
    ("home with the records", "/"),
    ("disclosure catalogue", "/disclosure/"),
    (
        "disclosure catalogue, filtered",
        "/en/disclosure/?topic=%E5%8D%AB%E7%94%9F%E3%80%81%E4%BD%93%E8%82%B2",
    ),
    ("notice with the disclosure table", "/notices/flu/"),
    ("notice with the disclosure table", "/en/notices/flu/"),
    ("plan with the disclosure table", "/plans/work-points/"),
];

#[test]
fn a_government_sites_pages_pass_axe_core_in_every_look() {
    let root = fixture("government");
    let site = root.path().to_str().expect("UTF-8 path");
    // Served from the top of the output: the site's address without its path.
    let out = placard(&[
        "build",
        "--root",
        site,
        "--base-url",
        "https://www.longhu.gov.cn",
    ]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let server = StaticServer::serve(&root.path().join("output"));
    let browser = Browser::launch();
    let mut report = Vec::new();
    for look in [Look::Standard, Look::HighContrast, Look::Dark] {
        report.extend(axe_report_of(
            &browser,
            &server,
            GOVERNMENT_PAGES,
            look,
            |_| true,
        ));
    }
    assert!(
        report.is_empty(),
        "{} serious or critical axe-core violations:\n{}",
        report.len(),
        report.join("\n")
    );
}

// ───────────────────────────── the switches ─────────────────────────────

/// Computed font size of the first element matching `css`, in px.
fn font_px(browser: &Browser, css: &str) -> f64 {
    let size = browser.eval(&format!(
        "getComputedStyle(document.querySelector({css:?})).fontSize"
    ));
    let size = size.as_str().expect("a font size");
    size.trim_end_matches("px")
        .parse()
        .unwrap_or_else(|_| panic!("font size of {css}: {size}"))
}

/// Text size as a resident reads it: the root, and a paragraph of the body.
fn text_sizes(browser: &Browser) -> (f64, f64) {
    (font_px(browser, "html"), font_px(browser, ".prose p"))
}

fn pressed(browser: &Browser, css: &str) -> bool {
    browser.attr(css, "aria-pressed").as_deref() == Some("true")
}

/// Follows a link of the page (as a resident would) and waits for the next page.
fn follow(browser: &Browser, link: &str, path: &str) {
    browser.click(link);
    browser.wait_until(
        &format!("location.pathname === {path:?} && document.readyState === 'complete'"),
        Duration::from_secs(10),
    );
}

const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";

#[test]
fn text_size_control_enlarges_the_text_at_once_and_is_remembered_on_the_next_page() {
    let site = good();
    let browser = Browser::launch();
    browser.goto(&site.server.url("/notices/enrolment/"));
    browser.eval("localStorage.clear(); window.notReloaded = true;");
    assert_eq!(text_sizes(&browser), (16.0, 16.0), "standard size");
    assert!(pressed(&browser, "[data-font-size=standard]"));

    browser.click("[data-font-size=large]");
    assert_eq!(text_sizes(&browser), (20.0, 20.0), "大");
    assert!(pressed(&browser, "[data-font-size=large]"));
    assert!(!pressed(&browser, "[data-font-size=standard]"));

    // by keyboard: Enter on the focused button
    browser.send_keys("[data-font-size=xlarge]", ENTER);
    assert_eq!(text_sizes(&browser), (24.0, 24.0), "特大");
    assert!(pressed(&browser, "[data-font-size=xlarge]"));
    assert_eq!(
        browser.eval("window.notReloaded === true"),
        true,
        "the size changes without reloading the page"
    );

    // the next page, and the other language, open at 特大
    follow(&browser, ".site-nav a[href=\"/trainings/\"]", "/trainings/");
    assert_eq!(
        font_px(&browser, "html"),
        24.0,
        "remembered on the next page"
    );
    assert!(pressed(&browser, "[data-font-size=xlarge]"));
    browser.goto(&site.server.url("/en/notices/enrolment/"));
    assert_eq!(text_sizes(&browser), (24.0, 24.0), "and in English");

    browser.click("[data-font-size=standard]");
    assert_eq!(text_sizes(&browser), (16.0, 16.0), "back to 标准");
    follow(&browser, ".site-nav a[href=\"/en/\"]", "/en/");
    assert_eq!(font_px(&browser, "html"), 16.0, "标准 is remembered too");
}

#[test]
fn high_contrast_switch_applies_at_once_and_is_remembered_on_the_next_page() {
    let site = good();
    let browser = Browser::launch();
    browser.goto(&site.server.url("/plans/work-points-2024/"));
    browser.eval("localStorage.clear(); window.notReloaded = true;");
    let colours = |browser: &Browser| {
        browser.eval(
            "const s = getComputedStyle(document.body);
             return [document.documentElement.classList.contains('high-contrast'),
                     s.backgroundColor, s.color];",
        )
    };
    assert_eq!(
        colours(&browser),
        serde_json::json!([false, "rgb(244, 244, 242)", "rgb(29, 31, 33)"]),
        "standard colours"
    );
    assert!(!pressed(&browser, "[data-contrast]"));

    browser.click("[data-contrast]");
    let high = serde_json::json!([true, "rgb(0, 0, 0)", "rgb(255, 255, 255)"]);
    assert_eq!(colours(&browser), high, "white on black");
    assert!(pressed(&browser, "[data-contrast]"));
    browser.wait_until(
        "getComputedStyle(document.querySelector('.site-nav a')).color === 'rgb(255, 255, 0)'",
        Duration::from_secs(5),
    );
    assert_eq!(browser.eval("window.notReloaded === true"), true);

    follow(&browser, ".site-nav a[href=\"/notices/\"]", "/notices/");
    assert_eq!(colours(&browser), high, "remembered on the next page");
    assert!(pressed(&browser, "[data-contrast]"));

    // by keyboard: Space on the focused switch turns it off again
    browser.send_keys("[data-contrast]", SPACE);
    assert_eq!(colours(&browser)[0], false);
    assert!(!pressed(&browser, "[data-contrast]"));
    follow(&browser, ".site-nav a[href=\"/\"]", "/");
    assert_eq!(colours(&browser)[0], false, "off is remembered too");
}

// ───────────────────────────── keyboard ─────────────────────────────

/// Presses `key` as a keyboard does: on whatever has the focus.
fn press(browser: &Browser, key: Key) {
    let key = char::from(key);
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser
        .with_client(|c| c.perform_actions(actions))
        .expect("press a key");
}

/// The focused element: a short description, whether it is on screen with
/// a visible focus ring (outline or box shadow), and whether it comes after
/// the element focused before it in the page.
const FOCUSED: &str = "
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    const after = !window.lastFocused
      || !!(window.lastFocused.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
    window.lastFocused = e;
    const name = (e.getAttribute('aria-label') || e.textContent || e.name || '').trim().replace(/\\s+/g, ' ');
    return {
      what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + JSON.stringify(name.slice(0, 24)),
      body: e === document.body,
      shown: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth,
      ring, after,
    };";

#[test]
fn keyboard_users_get_a_skip_link_a_visible_focus_and_every_control_in_page_order() {
    let site = good();
    let browser = Browser::launch();
    browser.goto(&site.server.url("/notices/enrolment/"));

    // the first Tab shows the skip link; Enter takes the focus to the text
    press(&browser, Key::Tab);
    let first = browser.eval(FOCUSED);
    assert_eq!(first["what"], "a \"跳到正文\"", "{first}");
    assert_eq!(first["shown"], true, "the skip link appears when focused");
    assert_eq!(first["ring"], true, "{first}");
    press(&browser, Key::Enter);
    assert_eq!(
        browser.eval("[location.hash, document.activeElement.id]"),
        serde_json::json!(["#main", "main"])
    );

    // Tab from the top of the page to its end
    browser.goto(&site.server.url("/notices/enrolment/"));
    let mut visited = Vec::new();
    let mut problems = Vec::new();
    for _ in 0..200 {
        press(&browser, Key::Tab);
        let focused = browser.eval(FOCUSED);
        if focused["body"] == true {
            break;
        }
        let what = focused["what"].as_str().unwrap_or_default().to_string();
        for (check, problem) in [
            ("shown", "is focused off screen"),
            ("ring", "has no visible focus"),
            ("after", "comes before the element focused before it"),
        ] {
            if focused[check] != true {
                problems.push(format!("{what} {problem}"));
            }
        }
        visited.push(what);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for control in [
        "button \"标准\"",
        "button \"大\"",
        "button \"特大\"",
        "button \"高对比度\"",
        "input#site-search-q \"q\"",
        "button \"搜索\"",
        "a \"报名表",
    ] {
        assert!(
            visited.iter().any(|v| v.starts_with(control)),
            "{control} is not reachable by Tab; reached:\n{}",
            visited.join("\n")
        );
    }
}

// ───────────────────────────── text and motion ─────────────────────────────

#[test]
fn chinese_text_is_16_px_with_line_height_1_7_strict_line_breaks_and_40_characters_a_line() {
    let site = good();
    let browser = Browser::launch();
    browser.set_window_size(1280, 900);
    browser.goto(&site.server.url("/notices/enrolment/"));
    let text = browser.eval(
        "const p = document.querySelector('.prose p');
         const s = getComputedStyle(p);
         const size = parseFloat(s.fontSize);
         return {
           size,
           line_height: Math.round(parseFloat(s.lineHeight) / size * 100) / 100,
           line_break: s.lineBreak,
           characters_a_line: Math.round(p.clientWidth / size),
           faux_bold_or_italic: s.fontSynthesisWeight !== 'none' || s.fontSynthesisStyle !== 'none',
           web_fonts: document.fonts.size,
         };",
    );
    assert!(text["size"].as_f64().unwrap() >= 16.0, "{text}");
    assert!(text["line_height"].as_f64().unwrap() >= 1.7, "{text}");
    assert_eq!(text["line_break"], "strict", "{text}");
    let per_line = text["characters_a_line"].as_u64().unwrap();
    assert!(
        (30..=41).contains(&per_line),
        "about 40 characters a line on a wide screen: {text}"
    );
    assert_eq!(text["faux_bold_or_italic"], false, "{text}");
    assert_eq!(
        text["web_fonts"], 0,
        "the system's fonts, no web font: {text}"
    );
}

/// Style rules that move something (transition, animation, smooth scrolling)
/// outside `@media (prefers-reduced-motion: no-preference)`, and how many do
/// inside it.
const MOTION: &str = "
    const outside = [];
    let inside = 0;
    const moves = st => (st.transitionDuration && !/^0s(, 0s)*$/.test(st.transitionDuration))
      || (st.animationName && st.animationName !== 'none') || st.scrollBehavior === 'smooth';
    const walk = (rules, allowed) => {
      for (const r of rules) {
        if (r instanceof CSSMediaRule) {
          walk(r.cssRules, allowed || /prefers-reduced-motion:\\s*no-preference/.test(r.media.mediaText));
        } else if (r instanceof CSSStyleRule && moves(r.style)) {
          if (allowed) { inside += 1; } else { outside.push(r.selectorText); }
        } else if (r.cssRules) {
          walk(r.cssRules, allowed);
        }
      }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules, false);
    return { outside, inside };";

#[test]
fn motion_only_for_those_who_do_not_ask_for_reduced_motion() {
    let site = good();
    let browser = Browser::launch();
    for path in ["/", "/notices/urgent-vaccination/poster/"] {
        browser.goto(&site.server.url(path));
        let motion = browser.eval(MOTION);
        assert_eq!(
            motion["outside"],
            serde_json::json!([]),
            "{path}: motion without prefers-reduced-motion: no-preference"
        );
        if path == "/" {
            assert!(motion["inside"].as_u64().unwrap() > 0, "{motion}");
        }
    }
}

// ───────────────────────────── phones ─────────────────────────────

/// Pages a resident opens on a phone, in both languages.
const PHONE_PAGES: &[&str] = &[
    "/",
    "/en/",
    "/notices/",
    "/notices/enrolment/",
    "/en/notices/enrolment/",
    "/plans/",
    "/plans/work-points-2024/",
    "/trainings/technician-course/",
    "/en/trainings/technician-course/",
    "/about/",
    "/en/about/",
    "/search/?q=计划生育",
    "/tags/培训/",
    "/notices/no-such-page/",
];

/// Links, buttons and fields smaller than 44 × 44 CSS px, except links in the
/// Markdown body's running text (WCAG 2.5.5 exempts inline links).
const SMALL_TARGETS: &str = "
    const small = [];
    const targets = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]):not([disabled]), select, textarea, summary');
    for (const e of targets) {
      if (e.tagName === 'A' && e.closest('.prose')) continue;
      const r = e.getBoundingClientRect();
      if (e.getClientRects().length === 0 || r.bottom < 0) continue; // not shown, or the skip link
      if (r.width < 43.5 || r.height < 43.5) {
        const name = (e.textContent || e.value || e.name || '').trim().replace(/\\s+/g, ' ');
        small.push(`${e.tagName.toLowerCase()}${e.className ? '.' + e.className.trim().replace(/\\s+/g, '.') : ''}`
          + ` \"${name.slice(0, 30)}\" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return small;";

#[test]
fn on_a_320_px_phone_only_wide_tables_scroll_sideways_and_tap_targets_are_44_px() {
    let site = good();
    let browser = Browser::launch();
    browser.set_window_size(320, 900);
    browser.goto(&site.server.url("/"));
    browser.wait_until("window.innerWidth === 320", Duration::from_secs(5));

    let mut problems = Vec::new();
    for size in ["standard", "xlarge"] {
        browser.eval(&format!(
            "localStorage.setItem('placard-font-size', '{size}')"
        ));
        for path in PHONE_PAGES {
            browser.goto(&site.server.url(path));
            let width = browser.eval("document.documentElement.scrollWidth");
            if width.as_u64().unwrap_or(u64::MAX) > 320 {
                problems.push(format!("{path} ({size} text) is {width} px wide"));
            }
            if size == "standard" {
                let small = browser.eval(SMALL_TARGETS);
                for target in small.as_array().into_iter().flatten() {
                    problems.push(format!(
                        "{path}: tap target {}",
                        target.as_str().unwrap_or("?")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "at 320 px:\n{}", problems.join("\n"));

    // The timetable is a list of days, and the module and batch tables are
    // cards: none scrolls, so none shows a hint. A plan's targets table still
    // scrolls inside its box, and the box says so.
    browser.eval("localStorage.clear()");
    browser.goto(&site.server.url("/trainings/technician-course/"));
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.timetable-table tr')).display"),
        "block",
        "each session is a card, not a table row"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('.table-hint:not([hidden])').length"),
        0,
        "no table of a training scrolls: no hint"
    );
    browser.goto(&site.server.url("/plans/work-points-2024/"));
    let targets_table = browser.eval(
        "const box = document.querySelector('.targets .table-wrap');
         const hint = box.previousElementSibling;
         return [box.scrollWidth > box.clientWidth, hint.className,
                 hint.getBoundingClientRect().height > 0, hint.innerText];",
    );
    assert_eq!(
        targets_table,
        serde_json::json!([true, "table-hint", true, "表格可左右滑动"]),
        "a wide targets table scrolls inside its box, with a visible hint"
    );

    // On a wide screen the same tables fit: no hint.
    browser.set_window_size(1280, 900);
    browser.wait_until(
        "window.innerWidth === 1280 && document.querySelectorAll('.table-hint:not([hidden])').length === 0",
        Duration::from_secs(5),
    );
}

// ───────────────────────────── alt text ─────────────────────────────

#[test]
fn an_image_without_alt_text_is_a_warning_in_build_and_check_with_file_and_line() {
    let site = fixture("missing-alt");
    let root = site.path().to_str().expect("utf-8");
    for command in ["build", "check"] {
        let out = placard(&[command, "--root", root]);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{command} succeeds:\n{text}");
        for (src, line) in [("门诊.png", 10), ("地图.png", 12)] {
            let expected = format!(
                "warning: image without alt text: {src}\n  --> content/notices/clinic/index.md:{line}\n"
            );
            assert!(
                text.contains(&expected),
                "{command}: no {expected:?} in:\n{text}"
            );
        }
        assert_eq!(
            text.matches("image without alt text").count(),
            2,
            "{command}: the image with alt text is fine:\n{text}"
        );
    }
    assert!(
        site.path()
            .join("output/notices/clinic/index.html")
            .is_file(),
        "the page is built all the same"
    );
}

/// With `markdown.unsafe_html: true` raw HTML is published as written, and an
/// `<img>` in it without an `alt` attribute is a warning at its line too
/// (`alt=""`, HTML's way to mark decoration, is not).
#[test]
fn a_raw_img_without_alt_is_a_warning_when_raw_html_is_allowed() {
    let site = fixture("missing-alt");
    let config = site.path().join("placard.yaml");
    let yaml = std::fs::read_to_string(&config).expect("placard.yaml");
    std::fs::write(&config, format!("{yaml}markdown:\n  unsafe_html: true\n")).expect("write");
    let page = site.path().join("content/notices/clinic/index.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(
        &page,
        format!("{text}\n<figure>\n<img src=\"外景.png\" width=\"300\">\n<img alt=\"\" src=\"地图.png\">\n</figure>\n"),
    )
    .expect("write");
    let root = site.path().to_str().expect("utf-8");
    for command in ["build", "check"] {
        let out = placard(&[command, "--root", root]);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{command} succeeds:\n{text}");
        let expected = "warning: <img> without an alt attribute: 外景.png\n  --> content/notices/clinic/index.md:15\n";
        assert!(
            text.contains(expected),
            "{command}: no {expected:?} in:\n{text}"
        );
        assert_eq!(
            text.matches("without an alt attribute").count(),
            1,
            "{command}:\n{text}"
        );
    }
    let html = std::fs::read_to_string(site.path().join("output/notices/clinic/index.html"))
        .expect("page built");
    assert!(
        html.contains("<img src=\"外景.png\" width=\"300\">"),
        "published as written"
    );
}

// ───────────────────────────── screenshots ─────────────────────────────

/// Not a test: `scripts/screenshots` runs this to make docs/screenshots/ from
/// the example site (the repository's `content/`): its home page from the top
/// and its training page from the course modules down (hours table and
/// timetable), at 320, 768 and 1280 px wide, at most 1600 px tall. Without
/// `PLACARD_SCREENSHOTS=<folder>` the pictures go to a temp folder.
#[test]
#[ignore = "makes the README's screenshots: scripts/screenshots"]
fn screenshots_of_the_example_site() {
    // name, page, where the picture starts
    const PAGES: &[(&str, &str, &str)] = &[
        ("home", "/", "body"),
        (
            "training",
            "/trainings/technician-refresher-2024/",
            ".modules",
        ),
    ];
    const MAX_HEIGHT: u64 = 1600;
    let scratch = tempdir();
    let folder = std::env::var_os("PLACARD_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| scratch.path().join("screenshots"));
    std::fs::create_dir_all(&folder).expect("screenshot folder");
    let output = scratch.path().join("output");
    let built = placard(&[
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--output",
        output.to_str().expect("utf-8"),
    ]);
    assert!(built.status.success(), "{}", stderr(&built));
    let server = StaticServer::serve(&output);
    let browser = Browser::launch();
    for width in [320u32, 768, 1280] {
        for (name, path, start) in PAGES {
            browser.set_window_size(width, MAX_HEIGHT as u32);
            browser.goto(&server.url(path));
            browser.eval("document.fonts.ready.then(() => true)");
            let height = browser
                .eval(&format!(
                    "document.documentElement.scrollHeight
                     - document.querySelector({start:?}).getBoundingClientRect().top"
                ))
                .as_f64()
                .expect("page height")
                .min(MAX_HEIGHT as f64) as u64;
            // the window's frame, if any, on top of the page's height
            let frame = browser
                .eval("window.outerHeight - window.innerHeight")
                .as_u64()
                .unwrap_or(0);
            browser.set_window_size(width, (height + frame) as u32);
            browser.wait_until(
                &format!("window.innerWidth === {width} && window.innerHeight === {height}"),
                Duration::from_secs(5),
            );
            browser.eval(&format!(
                "const top = document.querySelector({start:?}).getBoundingClientRect().top;
                 window.scrollTo({{ top: top + window.scrollY, behavior: 'instant' }});"
            ));
            let file = folder.join(format!("{name}-{width}.png"));
            browser.screenshot_png(&file);
            println!("{}", file.display());
        }
    }
}

// ───────────────────────────── a 375 px phone ─────────────────────────────

/// The cells of the batch and module tables that hold something, each as
/// `[text, shown whole inside the window, its column's name shown before it]`.
const TRAINING_CELLS: &str = "
    const cells = [];
    for (const td of document.querySelectorAll('.batches td, .modules td')) {
      const text = td.innerText.trim();
      if (!text) continue;
      const r = td.getBoundingClientRect();
      const shown = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth + 0.5;
      const before = getComputedStyle(td, '::before').content;
      const label = td.dataset.label || '';
      cells.push([text, shown, label !== '' && before.includes(label)]);
    }
    return cells;";

/// The header's controls (not the site's title, which may wrap between
/// words) whose words break over two lines: each as its text.
const BROKEN_CONTROLS: &str = "
    const broken = [];
    for (const e of document.querySelectorAll(
        '.site-header button, .site-nav a, .lang-switch a, .site-header .pref-label')) {
      if (!e.offsetParent) continue;
      const range = document.createRange();
      range.selectNodeContents(e);
      const tops = new Set([...range.getClientRects()]
        .filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(e.innerText.trim());
    }
    return broken;";

/// Boxes that scroll (and code blocks, which do once a line is long) but
/// cannot be reached by keyboard or have no name.
const UNREACHABLE_SCROLL_BOXES: &str = "
    const bad = [];
    for (const e of document.querySelectorAll('body *')) {
      const style = getComputedStyle(e);
      const scrolls = (/auto|scroll/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        || (/auto|scroll/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 1);
      if (!scrolls && e.tagName !== 'PRE') continue;
      const named = e.hasAttribute('aria-label') || e.hasAttribute('aria-labelledby');
      if (e.tabIndex < 0 || !named) bad.push(`${e.tagName.toLowerCase()}.${e.className}`);
    }
    return bad;";

#[test]
fn on_a_375_px_phone_training_tables_stack_a_notice_starts_with_its_text_and_header_words_stay_whole()
 {
    let site = good();
    let browser = Browser::launch();
    browser.set_window_size(375, 740);
    browser.goto(&site.server.url("/"));
    browser.wait_until("window.innerWidth === 375", Duration::from_secs(5));
    let mut problems = Vec::new();

    // Every value of the batch and module tables is on the screen, under its
    // column's name; nothing scrolls sideways, at any text size.
    for size in ["standard", "xlarge"] {
        browser.eval(&format!(
            "localStorage.setItem('placard-font-size', '{size}')"
        ));
        for path in [
            "/trainings/technician-course/",
            "/en/trainings/technician-course/",
        ] {
            browser.goto(&site.server.url(path));
            let at = format!("{path} ({size} text)");
            let width = browser.eval("document.documentElement.scrollWidth");
            if width.as_u64().unwrap_or(u64::MAX) > 375 {
                problems.push(format!("{at} is {width} px wide"));
            }
            let boxes = browser.eval(
                "return [...document.querySelectorAll('.batches .table-wrap, .modules .table-wrap')]
                   .filter(b => b.scrollWidth > b.clientWidth + 1).length",
            );
            if boxes != 0 {
                problems.push(format!("{at}: {boxes} table box(es) scroll sideways"));
            }
            let cells = browser.eval(TRAINING_CELLS);
            let cells = cells.as_array().expect("a list");
            // 2 batches × (dates, seats) and 3 modules × (id, instructor, hours, 2 batches), totals.
            if cells.len() < 4 + 3 * 5 + 3 {
                problems.push(format!("{at}: only {} cells: {cells:?}", cells.len()));
            }
            for cell in cells {
                if cell[1] != true || cell[2] != true {
                    problems.push(format!(
                        "{at}: cell {cell} is cut off or has no column name"
                    ));
                }
            }
        }
    }
    browser.eval("localStorage.clear()");

    // Whatever scrolls inside a page (a wide table, a code block) is reached
    // by keyboard and named.
    for path in [
        "/about/",
        "/en/about/",
        "/plans/work-points-2024/",
        "/trainings/technician-course/",
    ] {
        browser.goto(&site.server.url(path));
        let bad = browser.eval(UNREACHABLE_SCROLL_BOXES);
        if bad.as_array().is_none_or(|b| !b.is_empty()) {
            problems.push(format!("{path}: scroll boxes without focus or name: {bad}"));
        }
    }

    // A notice starts with its text on the first screen (375 × 667, the
    // smallest phone still sold): the document information before it is
    // closed, and opens on a tap.
    browser.set_window_size(375, 667);
    let chrome = browser
        .eval("return 667 - window.innerHeight")
        .as_i64()
        .unwrap_or(0);
    browser.set_window_size(375, 667 + chrome.max(0) as u32);
    browser.wait_until(
        "window.innerWidth === 375 && window.innerHeight === 667",
        Duration::from_secs(5),
    );
    for path in ["/notices/enrolment/", "/en/notices/enrolment/"] {
        browser.goto(&site.server.url(path));
        let order = browser.eval(
            "const details = document.querySelector('.disclosure-details');
             const text = document.querySelector('.doc-body .prose > *');
             const line = parseFloat(getComputedStyle(text).lineHeight);
             return [details.open, text.getBoundingClientRect().top + line < window.innerHeight,
                     details.getBoundingClientRect().top < text.getBoundingClientRect().top];",
        );
        if order != serde_json::json!([false, true, true]) {
            problems.push(format!(
                "{path}: [details open, text on the first screen, details above] = {order}"
            ));
        }
        browser.eval("document.querySelector('.disclosure-details > summary').click()");
        let opened = browser.eval(
            "return document.querySelector('.disclosure-details').open
               && document.querySelector('.disclosure dl').getBoundingClientRect().height > 0",
        );
        if opened != true {
            problems.push(format!(
                "{path}: the summary does not open the document information"
            ));
        }
    }

    // The header's controls keep their words whole at the largest text size,
    // on this phone, at 320 px (a 640 px window zoomed to 200 %) and at 768 px
    // (a tablet, or 1536 px zoomed to 200 %).
    browser.goto(&site.server.url("/"));
    browser.click("[data-font-size=xlarge]");
    for width in [375, 320, 768] {
        browser.set_window_size(width, 740);
        browser.wait_until(
            &format!("window.innerWidth === {width}"),
            Duration::from_secs(5),
        );
        for path in ["/", "/en/", "/notices/enrolment/"] {
            browser.goto(&site.server.url(path));
            assert!(
                browser.eval("document.documentElement.classList.contains('fs-xlarge')") == true,
                "the largest text size is on"
            );
            let broken = browser.eval(BROKEN_CONTROLS);
            if broken.as_array().is_none_or(|b| !b.is_empty()) {
                problems.push(format!("{path} at {width} px: words broken in {broken}"));
            }
        }
    }
    browser.eval("localStorage.clear()");

    // On a wide screen the document information is open, as before.
    browser.set_window_size(1280, 900);
    browser.wait_until("window.innerWidth === 1280", Duration::from_secs(5));
    browser.goto(&site.server.url("/notices/enrolment/"));
    assert_eq!(
        browser.eval("return document.querySelector('.disclosure-details').open"),
        true
    );
    assert!(problems.is_empty(), "at 375 px:\n{}", problems.join("\n"));
}
