//! The search normaliser, tokeniser and index writer on arbitrary text: the
//! index files must be `__placardSearch.load("key", JSON);` scripts whose JSON
//! parses, holds the page's title exactly, and never contains `</`.
#![no_main]

use placard::outputs::search::{SearchDoc, build_index, normalize};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = normalize(text);
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let tags = vec![title.chars().take(8).collect::<String>()];
    let headings = vec![body.lines().next().unwrap_or("").to_string()];
    let docs = [
        SearchDoc {
            url: "/notices/x/",
            title,
            kind: "notice",
            section: Some("notices"),
            date: Some("2024-03-01"),
            tags: &tags,
            headings: &headings,
            summary: Some(title),
            body,
            facts: &tags,
        },
        SearchDoc {
            url: "/en/y/",
            title: body,
            kind: "page",
            section: None,
            date: None,
            tags: &[],
            headings: &[],
            summary: None,
            body: title,
            facts: &[],
        },
    ];
    for lang in ["zh", "en"] {
        let index = build_index(lang, &docs);
        for file in &index.files {
            let js = std::str::from_utf8(&file.bytes).expect("index files are UTF-8");
            assert!(!js.contains("</"), "`</` in {}", file.path);
            let arguments = js
                .strip_prefix("__placardSearch.load(")
                .and_then(|rest| rest.strip_suffix(");\n"))
                .unwrap_or_else(|| panic!("{} is not a load call", file.path));
            let value: serde_json::Value = serde_json::from_str(&format!("[{arguments}]"))
                .unwrap_or_else(|err| panic!("{}: not JSON ({err}): {arguments}", file.path));
            if file.path.starts_with("index/d/") {
                let expected = if value[1]["url"] == "/notices/x/" {
                    title
                } else {
                    body
                };
                assert_eq!(value[1]["title"], expected, "titles survive the round trip");
            }
        }
    }
});
