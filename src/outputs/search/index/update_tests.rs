//! An index updated in place after an edit holds the very files, byte for byte, of
//! an index made from nothing of the pages as they are now; and it is updated in
//! place (not made again) whenever the edit allows.

use std::collections::BTreeMap;

use super::super::{SearchDoc, SearchFile};
use super::update::{IndexState, split_page_file, update};
use super::{OWN_FILE_BYTES, build_keeping};

/// A page of the test site: its URL, title and body.
#[derive(Clone)]
struct Page {
    url: String,
    title: String,
    body: String,
}

/// `n` pages of `lang`, each with different words (a pseudo-random pick of
/// `pieces`) and every one with `common`, so that it has a long list.
fn site(lang: &str, n: usize, pieces: &[&str], common: &str) -> Vec<Page> {
    let mut next = super::tests::numbers(7);
    (0..n)
        .map(|i| {
            let words: Vec<&str> = (0..20 + next() % 30)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let sep = if lang == "zh" { "" } else { " " };
            Page {
                url: format!("/{lang}/notices/n{i:05}/"),
                title: format!("{} {i}", pieces[next() % pieces.len()]),
                body: format!("{common}{sep}{}", words.join(sep)),
            }
        })
        .collect()
}

const ZH: &[&str] = &[
    "计划生育",
    "培训",
    "流动人口",
    "幸福工程",
    "村民",
    "乡镇",
    "卫生院",
    "接种",
    "疫苗",
    "通知",
    "报名",
    "服务",
    "县政府",
    "补助",
    "申请",
    "材料",
    "截止",
    "办理",
    "窗口",
    "咨询",
];
const EN: &[&str] = &[
    "volunteers",
    "training",
    "township",
    "clinic",
    "vaccination",
    "notice",
    "residents",
    "apply",
    "subsidy",
    "deadline",
    "window",
    "consult",
    "health",
    "county",
    "office",
    "families",
    "running",
    "schedule",
    "village",
    "register",
];

fn docs(pages: &[Page]) -> Vec<SearchDoc<'_>> {
    pages
        .iter()
        .map(|p| SearchDoc::notice(&p.url, &p.title, &p.body))
        .collect()
}

/// Every file of the index of `pages`, by path, and what updating it needs.
fn made(lang: &str, pages: &[Page]) -> (BTreeMap<String, Vec<u8>>, IndexState) {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let (.., state) = build_keeping(
        lang,
        &docs(pages),
        &|f: SearchFile| {
            files.lock().unwrap().insert(f.path, f.bytes);
        },
        true,
    );
    (files.into_inner().unwrap(), state.expect("kept"))
}

/// Builds `before`, updates it for the pages `changed` of `after`, and asserts the
/// files are a clean build's of `after`; returns whether it was updated in place
/// (else it is made again, as it must be sometimes) and how many files it wrote.
fn edit(lang: &str, before: &[Page], after: &[Page], changed: &[usize]) -> Option<usize> {
    let (mut files, state) = made(lang, before);
    // Through its bytes, as `build` keeps it in its cache.
    let mut state = IndexState::from_bytes(&state.to_bytes()).expect("read back");
    let (clean, _) = made(lang, after);
    let changed_docs: Vec<SearchDoc> = changed
        .iter()
        .map(|&i| SearchDoc::notice(&after[i].url, &after[i].title, &after[i].body))
        .collect();
    let written = std::sync::Mutex::new(Vec::new());
    let previous = files.clone();
    let entry = |state: &IndexState, n: usize| {
        let (key, start, lens) = state.page_file_of(n)?;
        let bytes = previous.get(&format!("index/{key}.js"))?;
        split_page_file(bytes, &key, &lens)?
            .into_iter()
            .nth(n - start)
    };
    let updated = update(&mut state, &changed_docs, &entry, &|f| {
        written.lock().unwrap().push((f.path, f.bytes));
    });
    let written = written.into_inner().unwrap();
    if updated.is_none() {
        assert!(
            written.is_empty(),
            "nothing is written before the index is made again"
        );
        return None;
    }
    let count = written.len();
    for (path, bytes) in written {
        files.insert(path, bytes);
    }
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "other files than a clean build's"
    );
    for (path, bytes) in &clean {
        assert!(
            files[path] == *bytes,
            "{path} differs from a clean build's:\n--- updated\n{}\n--- clean\n{}",
            String::from_utf8_lossy(&files[path]),
            String::from_utf8_lossy(bytes)
        );
    }
    Some(count)
}

/// A site and a copy of it to edit.
fn sites(lang: &str) -> (Vec<Page>, Vec<Page>) {
    let pieces = if lang == "zh" { ZH } else { EN };
    let common = if lang == "zh" { "县" } else { "county" };
    // Enough pages for the common term to have a long list.
    let before = site(lang, OWN_FILE_BYTES + 200, pieces, common);
    let after = before.clone();
    (before, after)
}

#[test]
fn words_added_to_a_body_update_only_their_files() {
    for (lang, added) in [
        ("zh", "流动服务车逢集日到各村服务"),
        ("en", "zyxwvq mobile vans visit"),
    ] {
        let (before, mut after) = sites(lang);
        after[1000].body.push_str(&format!(" {added}"));
        let written = edit(lang, &before, &after, &[1000]).expect("updated in place");
        let all = made(lang, &after).0.len();
        assert!(
            written * 2 < all,
            "{lang}: {written} of {all} files written"
        );
    }
}

#[test]
fn words_removed_from_a_body_update_the_index_in_place() {
    for lang in ["zh", "en"] {
        let (before, mut after) = sites(lang);
        // Its last word (and the pairs it made), which no other page may have.
        let body = &mut after[1500].body;
        let cut = match lang {
            "zh" => body.char_indices().rev().nth(3).unwrap().0,
            _ => body.rfind(' ').unwrap(),
        };
        body.truncate(cut);
        edit(lang, &before, &after, &[1500]).expect("updated in place");
    }
}

#[test]
fn a_new_title_updates_the_exact_keys() {
    for (lang, title) in [
        ("zh", "关于调整补助标准的通知"),
        ("en", "Revised subsidy rates"),
    ] {
        let (before, mut after) = sites(lang);
        after[42].title = title.to_string();
        edit(lang, &before, &after, &[42]).expect("updated in place");
    }
}

#[test]
fn a_term_with_a_long_list_is_updated_in_its_own_file() {
    for (lang, common) in [("zh", "县"), ("en", "county")] {
        let (before, mut after) = sites(lang);
        // The common term leaves a page and comes back to another twice over.
        after[7].body = after[7].body.replacen(common, "", 1);
        after[8].body.push_str(&format!(" {common} {common}"));
        edit(lang, &before, &after, &[7, 8]).expect("updated in place");
    }
}

#[test]
fn a_page_that_moves_the_average_length_makes_the_index_again() {
    // A long page (its own page file, two pieces of deep text) grows by six times
    // as many characters as the site has pages: the average length moves (it is
    // kept to five significant bits, here steps of four), and so does every
    // posting's impact.
    let text = |chars: usize| ZH.concat().chars().cycle().take(chars).collect::<String>();
    let mut before = site("zh", 200, ZH, "县");
    before[3].body = text(2800);
    let mut after = before.clone();
    after[3].body = text(4000);
    assert_eq!(edit("zh", &before, &after, &[3]), None);
    // A page that does not move it.
    after[3].body = text(2810);
    edit("zh", &before, &after, &[3]).expect("updated in place");
}

#[test]
fn several_edits_in_a_row_stay_equal_to_a_clean_build() {
    let (mut before, _) = sites("en");
    for (i, extra) in ["alpha beta", "gamma", "delta alpha"].iter().enumerate() {
        let mut after = before.clone();
        after[100 + i].body.push_str(&format!(" {extra}"));
        edit("en", &before, &after, &[100 + i]).expect("updated in place");
        before = after;
    }
}

/// An index and its state as the edits leave them, one edit after another
/// (as `serve` and `build` keep them), and the pages as they are now.
struct Edited {
    lang: &'static str,
    pages: Vec<Page>,
    files: BTreeMap<String, Vec<u8>>,
    state: IndexState,
}

impl Edited {
    fn new(lang: &'static str) -> Edited {
        let (pages, _) = sites(lang);
        let (files, state) = made(lang, &pages);
        Edited {
            lang,
            pages,
            files,
            state,
        }
    }

    /// Page `i`'s body gets `words`; the index is updated in place (true) or
    /// made again; either way its files, and its state, are a clean build's.
    fn append(&mut self, i: usize, words: &str) -> bool {
        self.pages[i].body.push_str(&format!(" {words}"));
        let page = &self.pages[i];
        let changed = [SearchDoc::notice(&page.url, &page.title, &page.body)];
        let previous = &self.files;
        let entry = |state: &IndexState, n: usize| {
            let (key, start, lens) = state.page_file_of(n)?;
            let bytes = previous.get(&format!("index/{key}.js"))?;
            split_page_file(bytes, &key, &lens)?
                .into_iter()
                .nth(n - start)
        };
        let written = std::sync::Mutex::new(Vec::new());
        let updated = update(&mut self.state, &changed, &entry, &|f| {
            written.lock().unwrap().push((f.path, f.bytes));
        });
        let (clean, clean_state) = made(self.lang, &self.pages);
        if updated.is_none() {
            (self.files, self.state) = (clean, clean_state);
            return false;
        }
        self.files.extend(written.into_inner().unwrap());
        assert!(
            self.files == clean,
            "{}: not a clean build's files",
            self.lang
        );
        assert!(
            self.state.to_bytes() == clean_state.to_bytes(),
            "{}: not a clean build's state",
            self.lang
        );
        true
    }
}

/// A page's words that change in number but not in impact leave its postings
/// in the files as they were; the state still counts them as they are now, or
/// a later edit of another page that has the same words writes their impacts
/// from the old counts.
#[test]
fn edits_in_a_row_keep_the_state_of_a_clean_build() {
    for lang in ["zh", "en"] {
        let mut index = Edited::new(lang);
        let pieces = if lang == "zh" { ZH } else { EN };
        let mut next = super::tests::numbers(11);
        let mut in_place = 0;
        for _ in 0..12 {
            let i = next() % index.pages.len();
            in_place += usize::from(index.append(i, pieces[next() % pieces.len()]));
        }
        assert!(in_place >= 10, "{lang}: {in_place} of 12 updated in place");
    }
}
