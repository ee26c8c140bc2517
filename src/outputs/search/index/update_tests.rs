//! An index updated in place after an edit holds the very files, byte for byte, of
//! an index made from nothing of the pages as they are now; and it is updated in
//! place (not made again) whenever the edit allows.

use std::collections::BTreeMap;

use super::super::{SearchDoc, SearchFile};
use super::update::{IndexState, SavedState, split_page_file, update};
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
    let entry = entry_in(&previous);
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

/// A word a page has many times (its count kept on its own in the state's
/// bytes) keeps its impact when another page's edit writes its postings again.
#[test]
fn a_word_many_times_on_a_page_keeps_its_count() {
    for (lang, word) in [("zh", "疫苗"), ("en", "vaccination")] {
        let (mut before, _) = sites(lang);
        for (i, times) in [(5, 31), (9, 40), (12, 300)] {
            before[i].body.push_str(&format!(" {word}").repeat(times));
        }
        // Kept the same length, so that the average stays.
        before[6].body.push_str(" zz");
        let mut after = before.clone();
        after[6].body = after[6].body.replace(" zz", &format!(" {word}"));
        edit(lang, &before, &after, &[6]).expect("updated in place");
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

/// A page's entry in the page files of an index's `files`, as `build` reads
/// it from the last output (`update`'s `entry`).
fn entry_in(files: &BTreeMap<String, Vec<u8>>) -> impl Fn(&IndexState, usize) -> Option<String> {
    move |state, n| {
        let (key, start, lens) = state.page_file_of(n)?;
        let bytes = files.get(&format!("index/{key}.js"))?;
        split_page_file(bytes, &key, &lens)?
            .into_iter()
            .nth(n - start)
    }
}

/// An index and its state as the edits leave them, one edit after another
/// (as `serve` keeps them, or as `build` saves them: `saved`), and the pages as
/// they are now.
struct Edited {
    lang: &'static str,
    pages: Vec<Page>,
    files: BTreeMap<String, Vec<u8>>,
    state: IndexState,
    /// The state as `build` saves it: a base, and the records of the edits since.
    saved: Option<(Vec<u8>, Vec<u8>)>,
    /// How many times the base was written.
    bases: usize,
    /// Whether each edit is checked against a clean build.
    check: bool,
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
            saved: None,
            bases: 0,
            check: true,
        }
    }

    /// The state saved as `build` saves it, and read back for every edit.
    fn saved(mut self) -> Edited {
        self.saved = Some((self.state.to_bytes(), Vec::new()));
        self.bases = 1;
        self
    }

    /// Page `i`'s body gets `words`; the index is updated in place (true) or
    /// made again; either way its files, and its state, are a clean build's.
    fn append(&mut self, i: usize, words: &str) -> bool {
        self.edit(i, |body| body.push_str(&format!(" {words}")))
    }

    /// Page `i`'s body changed by `change`; as `append`.
    fn edit(&mut self, i: usize, change: impl FnOnce(&mut String)) -> bool {
        change(&mut self.pages[i].body);
        if let Some((base, records)) = &self.saved {
            self.state = IndexState::from_saved(base, records).expect("read back");
        }
        let page = &self.pages[i];
        let changed = [SearchDoc::notice(&page.url, &page.title, &page.body)];
        let written = std::sync::Mutex::new(Vec::new());
        let updated = update(&mut self.state, &changed, &entry_in(&self.files), &|f| {
            written.lock().unwrap().push((f.path, f.bytes));
        });
        if !self.check {
            assert!(updated.is_some(), "{}: made in full", self.lang);
            // Read back as the state the update left.
            if let Some(read) = self.saved_and_read_back() {
                assert!(read.to_bytes() == self.state.to_bytes(), "{}", self.lang);
            }
            return true;
        }
        let (clean, clean_state) = made(self.lang, &self.pages);
        let clean_bytes = clean_state.to_bytes();
        if updated.is_none() {
            (self.files, self.state) = (clean, clean_state);
        } else {
            self.files.extend(written.into_inner().unwrap());
            assert!(
                self.files == clean,
                "{}: not a clean build's files",
                self.lang
            );
        }
        assert!(
            self.state.to_bytes() == clean_bytes,
            "{}: not a clean build's state",
            self.lang
        );
        if let Some(read) = self.saved_and_read_back() {
            assert!(
                read.to_bytes() == clean_bytes,
                "{}: the saved state read back is not a clean build's",
                self.lang
            );
        }
        updated.is_some()
    }

    /// The state saved as `build` keeps it (its base, and the edits since it
    /// was last written whole), and read back; None when this run does not
    /// save it.
    fn saved_and_read_back(&mut self) -> Option<IndexState> {
        let (base, records) = self.saved.as_mut()?;
        match self.state.saved() {
            SavedState::Edits(edits) => *records = edits,
            SavedState::Whole(whole) => {
                (*base, *records) = (whole, Vec::new());
                self.bases += 1;
            }
        }
        Some(IndexState::from_saved(base, records).expect("read back"))
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

/// `build` saves a state once whole, then only what each edit changed, read
/// back over it as the state the edits left; and whole again once those
/// records weigh a sixteenth of it, so that they never cost much to read.
#[test]
fn edits_saved_over_the_base_read_back_as_a_clean_builds_state() {
    for lang in ["zh", "en"] {
        let mut index = Edited::new(lang).saved();
        let base = index.saved.as_ref().unwrap().0.len();
        let pieces = if lang == "zh" { ZH } else { EN };
        let mut next = super::tests::numbers(3);
        let mut records = Vec::new();
        let original = index.pages[1000].body.clone();
        for round in 0..10 {
            let i = next() % index.pages.len();
            // New words too, and a page edited twice.
            let i = if round == 5 { 1000 } else { i };
            let words = format!(
                "{} {}",
                pieces[next() % pieces.len()],
                ["zyxwvq", "卫生院夜间门诊"][round % 2]
            );
            assert!(index.append(i, &words), "{lang}: made in full");
            records.push(index.saved.as_ref().unwrap().1.len());
        }
        // The page edited twice put back as it was.
        index.edit(1000, |body| *body = original.clone());
        assert_eq!(index.bases, 1, "{lang}: the base written again");
        assert!(
            records.windows(2).all(|w| w[0] < w[1]) && records[9] * 16 <= base,
            "{lang}: records of {records:?} bytes over a base of {base}"
        );
        // Edits until the records outweigh a sixteenth of the base: then it is
        // written whole, and read back as the state the edits left.
        // Its first character goes to the end: the length, and so the
        // average, stays (and pairs lose pages: key lists that were full are
        // made again from all pairs, and only those that changed recorded).
        index.check = false;
        while index.bases == 1 {
            let i = next() % index.pages.len();
            index.edit(i, |body| {
                let first = body.remove(0);
                body.push(first);
            });
        }
        let (base, records) = index.saved.as_ref().unwrap();
        assert!(records.is_empty(), "{lang}");
        let (_, clean) = made(lang, &index.pages);
        let read = IndexState::from_saved(base, records).expect("read back");
        assert!(read.to_bytes() == clean.to_bytes(), "{lang}");
    }
}
