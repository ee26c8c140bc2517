use std::collections::BTreeMap;

use super::impacts::*;
use super::terms::*;
use super::*;
use crate::outputs::search::tokenize::{Segment, WordStemmer, segments};

/// The same pseudo-random numbers for the same `seed` every run (a linear
/// congruential generator): the tests' pages are made from them.
pub(super) fn numbers(mut seed: u32) -> impl FnMut() -> usize {
    move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 8) as usize
    }
}

/// Pages over several batches (so several groupings) and many counting-space
/// reuses: every term's postings are every page that has it, in page order, with
/// its counts, as counted the slow way.
#[test]
fn postings_are_every_page_in_order_across_batches() {
    let pieces = [
        "计划生育",
        "培训",
        "流动人口",
        "幸福工程",
        "臺灣",
        "中",
        "ㄅ",
        "가나",
        "volunteers",
        "volunteer",
        "run",
        "running",
        "2024",
        "b超",
        "3月",
    ];
    let mut next = numbers(11);
    let mut bodies: Vec<String> = (0..BATCH * 2 + 37)
        .map(|_| {
            let words: Vec<&str> = (0..next() % 12)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            words.join(" ")
        })
        .collect();
    // Terms on one page only: a batch with a single posting of them.
    bodies[3].push_str(" 罕见");
    bodies[BATCH + 1].push_str(" 罕");
    let urls: Vec<String> = (0..bodies.len()).map(|i| format!("/{i:04}/")).collect();
    let docs: Vec<SearchDoc<'_>> = bodies
        .iter()
        .zip(&urls)
        .map(|(body, url)| SearchDoc::notice(url, "Notice", body))
        .collect();
    let refs: Vec<&SearchDoc<'_>> = docs.iter().collect();
    let terms = gather_terms(&refs);

    // term → [(page, body count, in the title)]
    let stemmer = WordStemmer::new();
    let mut expected: BTreeMap<String, Vec<(u32, u16, bool)>> = BTreeMap::new();
    for (page, body) in bodies.iter().enumerate() {
        let mut counts: BTreeMap<String, (u16, bool)> = BTreeMap::new();
        counts.entry("notic".to_string()).or_default().1 = true;
        // The title's exact key.
        counts.entry("=notice".to_string()).or_default().1 = true;
        let normalized = crate::outputs::search::normalize(body);
        let mut number_end = None;
        for (at, segment) in segments(&normalized) {
            let mut add = |term: String| counts.entry(term).or_default().0 += 1;
            match segment {
                Segment::Word(w) => {
                    add(stemmer.term(w).unwrap().into_owned());
                    number_end = w
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                        .then_some((w, at + w.len()));
                }
                Segment::Cjk(run) => {
                    // A number right before a CJK character is a term with it (3月).
                    if let Some((number, end)) = number_end.take()
                        && end == at
                    {
                        add(format!("{number}{}", run.chars().next().unwrap()));
                    }
                    let chars: Vec<char> = run.chars().collect();
                    chars.iter().for_each(|c| add(c.to_string()));
                    chars.windows(2).for_each(|p| add(p.iter().collect()));
                }
            }
        }
        for (term, (body, title)) in counts {
            expected
                .entry(term)
                .or_default()
                .push((page as u32, body, title));
        }
    }
    let got: BTreeMap<String, Vec<(u32, u16, bool)>> = terms
        .names
        .iter()
        .enumerate()
        .map(|(t, name)| {
            let (postings, count) = terms.postings_of(t);
            let list: Vec<_> = postings
                .map(|p| (p.doc, p.counts.body, p.counts.title))
                .collect();
            assert_eq!(list.len(), count, "{name}");
            (name.clone(), list)
        })
        .collect();
    assert!(expected.contains_key("台湾") && expected.contains_key("volunt"));
    assert_eq!(got, expected);
}

/// The impact's rounding is `f64::round`'s, at the halves and just below them.
#[test]
fn impacts_round_as_round_does() {
    let mut values = vec![0.0, 0.5, 1.5, 2.5, 30.5, 31.0, 0.49999999999999994];
    for k in 0..40u32 {
        let half = k as f64 + 0.5;
        values.extend([half, half.next_down(), half.next_up(), k as f64]);
    }
    for x in values {
        assert_eq!(round_positive(x), x.round(), "{x:e}");
    }
    proptest::proptest!(|(x in 0.0..40.0f64)| {
        proptest::prop_assert_eq!(round_positive(x), x.round());
    });
}

/// The impacts worked out once a page are those of the formula, posting by posting.
#[test]
fn common_impacts_are_the_formulas() {
    let lens = [1, 7, 40, 300, 2_000, 0];
    let impacts = Impacts::new(&lens);
    for doc in 0..lens.len() as u32 {
        for body in 0..8u16 {
            for (title, heading) in [(false, false), (true, false), (false, true), (true, true)] {
                let counts = Counts {
                    body,
                    title,
                    heading,
                };
                let p = Posting { doc, counts };
                let expected = impact(counts, impacts.norms[doc as usize]);
                assert_eq!(impacts.level(&p), expected, "page {doc}, {body} times");
            }
        }
    }
    assert_ne!(
        impacts.common[0], impacts.common[4],
        "norms differ by length"
    );
}

/// What search.js must not keep a copy of comes from meta.js: how many results
/// a page shows, and which characters are CJK (the table `text.rs` holds).
#[test]
fn meta_js_carries_what_the_browser_must_mirror() {
    let docs = [SearchDoc::notice("/n/", "通知", "正文")];
    let index = super::super::build_index("zh", &docs);
    let meta = index
        .files
        .iter()
        .find(|f| f.path == "index/meta.js")
        .expect("meta.js");
    let text = std::str::from_utf8(&meta.bytes).unwrap();
    let json = text
        .strip_prefix("__placardSearch.load(\"meta\",")
        .and_then(|t| t.strip_suffix(");\n"))
        .expect("a script that hands meta over");
    let meta: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(meta["pageSize"], PAGE_SIZE);
    let ranges: Vec<(u32, u32)> = serde_json::from_value(meta["cjk"].clone()).unwrap();
    assert_eq!(ranges, crate::text::CJK_RANGES);
}

/// A full build keeps the state of its index as bytes made straight from its
/// own postings (`Keep::Bytes`): they are the bytes of the state an edit updates
/// (`Keep::State`, then `IndexState::to_bytes`), in both languages, over several
/// batches of pages, with filters, headings, facts, English forms and long lists
/// (`通知` and `notice` are on every page: more postings than `OWN_FILE_BYTES`).
#[test]
fn the_state_kept_as_bytes_is_the_states_bytes() {
    let pieces = [
        "计划生育",
        "培训",
        "流动人口",
        "幸福工程",
        "臺灣",
        "volunteers",
        "volunteer",
        "running",
        "clinic",
        "2024",
        "3月",
    ];
    let mut next = numbers(5);
    let n = OWN_FILE_BYTES + 19;
    let bodies: Vec<String> = (0..n)
        .map(|i| {
            let words: Vec<&str> = (0..3 + next() % 20)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            format!("通知 notice {i} {}", words.join(" "))
        })
        .collect();
    let urls: Vec<String> = (0..n).map(|i| format!("/p{:04}/", n - i)).collect();
    let titles: Vec<String> = (0..n).map(|i| format!("{} {i}", pieces[i % 7])).collect();
    let tags = [vec!["卫生".to_string()], vec![], vec!["health".to_string()]];
    let headings = [vec!["办理".to_string()], vec![]];
    let facts = [vec!["县人口发〔2024〕3号".to_string()], vec![]];
    let docs: Vec<SearchDoc<'_>> = (0..n)
        .map(|i| SearchDoc {
            url: &urls[i],
            title: &titles[i],
            kind: ["notice", "plan", "page"][i % 3],
            section: [Some("notices"), None][i % 2],
            date: [Some("2024-03-01"), None, Some("2019-12-31")][i % 3],
            tags: &tags[i % 3],
            headings: &headings[i % 2],
            summary: [Some("摘要 summary"), None][i % 2],
            body: &bodies[i],
            facts: &facts[i % 2],
        })
        .collect();
    for lang in ["zh", "en"] {
        let files = |keep| {
            let made = std::sync::Mutex::new(BTreeMap::new());
            let (total, first, kept) = build_with(
                lang,
                &docs,
                &|f: SearchFile| {
                    made.lock().unwrap().insert(f.path, f.bytes);
                },
                keep,
            );
            (made.into_inner().unwrap(), total, first, kept)
        };
        let (as_state, total, first, state) = files(Keep::State);
        let (as_bytes, total_b, first_b, bytes) = files(Keep::Bytes);
        let (Some(Kept::State(state)), Some(Kept::Bytes(bytes))) = (state, bytes) else {
            panic!("{lang}: not what was asked to keep");
        };
        assert!(
            as_state.keys().any(|k| k.starts_with("index/p/")),
            "{lang}: a long list"
        );
        assert!(state.pages() == n && !bytes.is_empty());
        assert_eq!(bytes, state.to_bytes(), "{lang}");
        assert!(
            IndexState::from_bytes(&bytes).is_some(),
            "{lang}: read back"
        );
        assert!(as_state == as_bytes && (total, first) == (total_b, first_b));
    }
}
