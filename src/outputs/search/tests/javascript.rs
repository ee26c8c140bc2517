//! The Rust and JavaScript halves of search checked against each other:
//! normalisation, stemming (on the Snowball vocabulary) and query terms.

use serde_json::{Value, json};

use super::*;

#[test]
fn javascript_normalises_like_rust() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("../normalize_cases.json"))
        .expect("normalize_cases.json");
    let mut inputs: Vec<String> = cases
        .iter()
        .map(|c| c["input"].as_str().unwrap().to_string())
        .collect();
    // Every character of the BMP on its own, and the ideographs beyond it.
    let singles = (0x20..0x3_0000u32)
        .filter(|&cp| {
            cp < 0x1_0000
                || (0x2_0000..0x2_0100).contains(&cp)
                || t2s().pairs().iter().any(|p| p.0 as u32 == cp)
        })
        .filter_map(char::from_u32)
        .filter(|c| !c.is_control());
    inputs.extend(singles.map(String::from));
    let out = node("normalize", &json!({"t2s": full_t2s(), "inputs": inputs}));
    let js: Vec<String> = serde_json::from_value(out).unwrap();
    let mut differ = Vec::new();
    for (input, js) in inputs.iter().zip(&js) {
        let rust = normalize(input);
        if &rust != js {
            differ.push(format!(
                "{:?} (U+{:04X}): rust {rust:?}, js {js:?}",
                input,
                input.chars().next().map_or(0, |c| c as u32)
            ));
        }
    }
    // The two sides may run different Unicode versions: only characters assigned
    // since then may differ, and none of the shared cases.
    let case_count = cases.len();
    let case_failures: Vec<&String> = differ
        .iter()
        .filter(|d| {
            inputs[..case_count]
                .iter()
                .any(|i| d.starts_with(&format!("{i:?} ")))
        })
        .collect();
    assert!(
        case_failures.is_empty(),
        "shared cases differ:\n{}",
        differ.join("\n")
    );
    assert!(
        differ.len() <= 50,
        "{} characters differ:\n{}",
        differ.len(),
        differ[..differ.len().min(50)].join("\n")
    );
}

/// The English sample vocabulary of the Snowball project (29,417 words), as
/// rust-stemmers 1.2.0 ships it in test_data/voc_en.txt; committed beside this
/// file (see SNOWBALL-NOTICE), so that the test never runs without it.
fn snowball_vocabulary() -> Vec<&'static str> {
    include_str!("snowball_voc_en.txt")
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn javascript_stems_like_rust() {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let bases = [
        "volunteer",
        "run",
        "plan",
        "train",
        "notice",
        "nation",
        "relate",
        "hope",
        "hop",
        "agree",
        "feed",
        "generate",
        "communicate",
        "arsenal",
        "sky",
        "news",
        "die",
        "lie",
        "fly",
        "happy",
        "cry",
        "play",
        "conflate",
        "trouble",
        "size",
        "fall",
        "fizz",
        "fail",
        "file",
        "hope",
        "rate",
        "control",
        "roll",
        "analogy",
        "formal",
        "electric",
        "sensible",
        "adjust",
        "depend",
        "adopt",
        "effective",
        "bowdler",
        "inning",
        "proceed",
        "succeed",
        "canning",
        "early",
        "only",
        "gently",
        "yes",
        "yield",
        "eye",
        "say",
        "programme",
        "township",
        "technician",
        "population",
        "service",
        "quality",
        "migrant",
        "record",
    ];
    let suffixes = [
        "", "s", "es", "ed", "ing", "ly", "er", "ers", "ness", "ful", "ment", "ments", "ation",
        "ational", "ization", "ize", "izer", "ality", "alism", "ousness", "iveness", "fulness",
        "ical", "ative", "ence", "ance", "ible", "able", "ably", "edly", "ingly", "eed", "ied",
        "ies", "sses", "y", "li", "ogi",
    ];
    let mut words: Vec<String> = bases
        .iter()
        .flat_map(|b| suffixes.iter().map(move |s| format!("{b}{s}")))
        .collect();
    let vocabulary = snowball_vocabulary();
    assert!(
        vocabulary.len() > 29_000,
        "the vocabulary fixture is all there"
    );
    words.extend(
        vocabulary
            .into_iter()
            .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(String::from),
    );
    let out = node("stem", &json!({ "words": words }));
    let js: Vec<String> = serde_json::from_value(out).unwrap();
    let differ: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, js)| stemmer.stem(w) != js.as_str())
        .map(|(w, js)| format!("{w}: rust {}, js {js}", stemmer.stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
}

#[test]
fn javascript_splits_queries_like_rust() {
    let texts = [
        "计划生育",
        "計劃生育 工作要點",
        "B超操作",
        "县人口发〔2024〕3号",
        "Volunteers running",
        "ＴＥＣＨＮＩＣＩＡＮＳ ２０２４年",
        "café naïve résumé",
        "한국어 テスト カタカナ",
        "二〇二四年 々",
        "emoji🙂mixed中文and English",
        "x1y2 0551-1234567 7.5‰",
        "county's children\u{2019}s 'quoted' students' don't",
        "一",
        "supercalifragilisticexpialidocious-and-a-very-long-word-beyond-forty-characters",
        "thisisaverylongwordwithmorethanfortycharactersinit",
    ];
    // Every character on its own (beyond the BMP: the CJK extension B block's start
    // and a few others), so that each one is a word, a CJK unit or a separator on
    // both sides alike.
    let every: String = (0x20..0x1_0000u32)
        .chain(0x2_0000..0x2_0100)
        .chain([0x1_F642, 0x1_D400, 0x3_23AF, 0x3_23B0])
        .filter_map(char::from_u32)
        .filter(|c| !c.is_control())
        // Letters new in Unicode 16 (2024), which Rust's tables know and node 20's ICU
        // does not yet (Chromium's does).
        .filter(|c| !matches!(*c as u32, 0x558 | 0x58B | 0x58C | 0x209D..=0x209F))
        .flat_map(|c| [c, ' '])
        .collect();
    let every: Vec<String> = every
        .chars()
        .collect::<Vec<char>>()
        .chunks(4000)
        .map(|chunk| chunk.iter().collect())
        .collect();
    let mut texts: Vec<&str> = texts.to_vec();
    texts.extend(every.iter().map(String::as_str));
    let stemmer = WordStemmer::new();
    // The CJK ranges as meta.js hands them to the browser.
    let cjk = crate::text::CJK_RANGES;
    let out = node(
        "terms",
        &json!({"t2s": full_t2s(), "cjk": cjk, "texts": texts}),
    );
    for (text, js) in texts.iter().zip(out.as_array().unwrap()) {
        let rust = query_terms(&normalize(text), &stemmer);
        let hashes: Vec<u32> = rust
            .iter()
            .map(|t| crate::outputs::search::encode::term_hash(t))
            .collect();
        assert_eq!(json!(rust), js["terms"], "terms of {text:?}");
        assert_eq!(json!(hashes), js["hashes"], "hashes of {text:?}");
    }
}
