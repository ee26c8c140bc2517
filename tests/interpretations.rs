//! Policy interpretations (政策解读): `interprets: ../plans/x.md` links a page
//! and the policy it explains both ways, as the website inspection asks (国办秘函
//! 〔2019〕19号). The built pages are read with an HTML parser. The broken
//! `interprets:` (a file that does not exist, a section, the page itself) are
//! cases of tests/invalid.rs (interprets-missing, interprets-missing-check).

mod support;

use support::html::{Html, all, html, one, text};
use support::site::{build_ok, fixture};

/// The `.interprets` note of a page: its label and its link (text, href, lang).
fn interprets(doc: &Html) -> (String, String, String, Option<String>) {
    let note = one(doc, "article .interprets");
    let label = text(one_in(note, ".interprets-label"));
    let link = one_in(note, "a");
    (
        label,
        text(link),
        link.value().attr("href").unwrap_or_default().to_string(),
        link.value().attr("lang").map(str::to_string),
    )
}

/// The `相关解读` section of a page: its heading and its links (text, href, lang).
fn interpretations(doc: &Html) -> (String, Vec<(String, String, Option<String>)>) {
    let section = one(doc, "article section.interpretations");
    let heading = text(one_in(section, "h2"));
    let links = section
        .select(&support::html::Selector::parse("li a").expect("selector"))
        .map(|a| {
            (
                text(a),
                a.value().attr("href").unwrap_or_default().to_string(),
                a.value().attr("lang").map(str::to_string),
            )
        })
        .collect();
    (heading, links)
}

fn one_in<'a>(scope: support::html::ElementRef<'a>, css: &str) -> support::html::ElementRef<'a> {
    let found = support::html::select(scope, css);
    assert_eq!(found.len(), 1, "expected one `{css}`");
    found[0]
}

#[test]
fn an_interpretation_and_its_policy_link_each_other_in_each_language() {
    let site = fixture("interpretations");
    let out = build_ok(site.path());
    let zh_policy = "龙湖街道老旧小区改造实施方案（2025—2026年）";
    let en_policy = "Longhu Old Housing Renewal Plan, 2025–2026";

    // The 解读 shows the policy it interprets, in its own language.
    let qa = html(&out, "interpretations/housing-qa/index.html");
    assert_eq!(
        interprets(&qa),
        (
            "解读的文件：".to_string(),
            zh_policy.to_string(),
            "/plans/housing-plan/".to_string(),
            None
        )
    );
    let qa_en = html(&out, "en/interpretations/housing-qa/index.html");
    assert_eq!(
        interprets(&qa_en),
        (
            "Interprets:".to_string(),
            en_policy.to_string(),
            "/en/plans/housing-plan/".to_string(),
            None
        )
    );
    // A page bundle two folders down names it the same way.
    let hearing = html(&out, "notices/housing-hearing/index.html");
    assert_eq!(interprets(&hearing).2, "/plans/housing-plan/");

    // The policy lists every page that interprets it, newest first.
    let policy = html(&out, "plans/housing-plan/index.html");
    let none = None;
    assert_eq!(
        interpretations(&policy),
        (
            "相关解读".to_string(),
            vec![
                (
                    "关于老旧小区改造方案听证会的通知".to_string(),
                    "/notices/housing-hearing/".to_string(),
                    none.clone()
                ),
                (
                    "一图读懂老旧小区改造".to_string(),
                    "/interpretations/housing-chart/".to_string(),
                    none.clone()
                ),
                (
                    "《老旧小区改造实施方案》问答解读".to_string(),
                    "/interpretations/housing-qa/".to_string(),
                    none.clone()
                ),
            ]
        )
    );
    // In English: the translated one in English, the others in Chinese,
    // marked as such for screen readers.
    let policy_en = html(&out, "en/plans/housing-plan/index.html");
    let zh = Some("zh".to_string());
    assert_eq!(
        interpretations(&policy_en),
        (
            "Interpretations".to_string(),
            vec![
                (
                    "关于老旧小区改造方案听证会的通知".to_string(),
                    "/notices/housing-hearing/".to_string(),
                    zh.clone()
                ),
                (
                    "一图读懂老旧小区改造".to_string(),
                    "/interpretations/housing-chart/".to_string(),
                    zh.clone()
                ),
                (
                    "The Old Housing Renewal Plan, questions and answers".to_string(),
                    "/en/interpretations/housing-qa/".to_string(),
                    none
                ),
            ]
        )
    );

    // Pages outside the relation show neither.
    for page in [
        "plans/roads-plan/index.html",
        "en/plans/roads-plan/index.html",
    ] {
        let doc = html(&out, page);
        assert!(all(&doc, ".interprets").is_empty(), "{page}");
        assert!(all(&doc, ".interpretations").is_empty(), "{page}");
    }
    assert!(all(&policy, ".interprets").is_empty());
    assert!(all(&qa, ".interpretations").is_empty());
}
