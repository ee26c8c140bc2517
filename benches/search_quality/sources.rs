//! The pages as their sources say, for the ground truth: front matter and Markdown read
//! here, not the built site and not the index, folded by the rule of `docs/search.md`
//! ("Quality benchmark").

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A language of the site: the pages judged and the search page used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Lang {
    Zh,
    En,
}

/// Text folded as both engines are expected to fold it: Unicode NFKC (full-width
/// letters and digits become ASCII), lower case, Traditional → Simplified one character
/// at a time by OpenCC's table; English words Snowball-stemmed.
pub(crate) struct Fold {
    t2s: HashMap<char, char>,
    stemmer: Stemmer,
}

impl Fold {
    /// `t2s.txt` as `scripts/gen-t2s` writes it: `#` comment lines, then the Traditional
    /// characters on one line and their Simplified forms on the next.
    pub(crate) fn from_table(table: &str) -> Result<Fold, String> {
        let mut lines = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        let (Some(from), Some(to)) = (lines.next(), lines.next()) else {
            return Err("the Traditional → Simplified table has no two lines of characters".into());
        };
        if from.chars().count() != to.chars().count() {
            return Err("the Traditional → Simplified table's two lines differ in length".into());
        }
        Ok(Fold {
            t2s: from.chars().zip(to.chars()).collect(),
            stemmer: Stemmer::create(Algorithm::English),
        })
    }

    /// Finds the search's `t2s.txt` under `src/` of the repository (wherever the
    /// search code lives) and reads it.
    pub(crate) fn load(repo: &Path) -> Result<Fold, String> {
        let path = walkdir::WalkDir::new(repo.join("src"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == "t2s.txt")
            .map(|e| e.into_path())
            .ok_or_else(|| {
                format!(
                    "no t2s.txt under {}: the Traditional → Simplified table (scripts/gen-t2s) is needed to fold text",
                    repo.join("src").display()
                )
            })?;
        let table = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        Fold::from_table(&table).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// NFKC, lower case, Traditional → Simplified.
    pub(crate) fn text(&self, s: &str) -> String {
        s.nfkc()
            .flat_map(char::to_lowercase)
            .map(|c| self.t2s.get(&c).copied().unwrap_or(c))
            .collect()
    }

    /// NFKC and lower case only: the text in its own script.
    pub(crate) fn script(&self, s: &str) -> String {
        s.nfkc().flat_map(char::to_lowercase).collect()
    }

    pub(crate) fn is_traditional(&self, c: char) -> bool {
        self.t2s.contains_key(&c)
    }

    pub(crate) fn stem(&self, word: &str) -> String {
        self.stemmer.stem(&word.replace('’', "'")).into_owned()
    }

    /// The words of folded text as runs of stems ([`word_runs`]).
    pub(crate) fn word_runs(&self, folded: &str) -> Vec<Vec<String>> {
        word_runs(folded)
            .into_iter()
            .map(|run| run.iter().map(|w| self.stem(w)).collect())
            .collect()
    }
}

/// The words of text as runs: words that follow each other with only spaces or a
/// hyphen between them are in one run; any other character (a full stop, a comma, a
/// CJK character, the end of a block) ends the run. A phrase of words is found where
/// its words (stems) follow each other within one run. An apostrophe inside a word
/// (county's) belongs to it.
pub(crate) fn word_runs(text: &str) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_word_char(c) {
            word.push(c);
            continue;
        }
        if matches!(c, '\'' | '’')
            && !word.is_empty()
            && chars.peek().is_some_and(|&n| is_word_char(n))
        {
            word.push('\'');
            continue;
        }
        if !word.is_empty() {
            run.push(std::mem::take(&mut word));
        }
        if !joins_words(c) && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !word.is_empty() {
        run.push(word);
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Characters that may stand between two words of a phrase.
fn joins_words(c: char) -> bool {
    matches!(c, ' ' | '\t' | '-')
}

/// A letter or digit of a word (not a CJK character, which is a unit of its own).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// CJK ideographs (the unified blocks, extension A, compatibility ideographs and the
/// supplementary planes).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// One page of the site.
pub(crate) struct Page {
    pub lang: Lang,
    /// As the site serves it: `/notices/notice-000001/`, `/en/notices/notice-000001/`.
    pub url: String,
    pub title: String,
    pub doc_number: Option<String>,
    /// The body's blocks as written (paragraphs, headings, list items, table cells,
    /// code blocks), Markdown removed.
    pub body: Vec<String>,
    /// Whether the page is written in Traditional characters (its text changes under
    /// the Traditional → Simplified fold).
    pub traditional: bool,
    /// Everything a reader sees of the page's own text, folded: title, summary, tags,
    /// the front-matter values the page shows (issuer, document number, organiser,
    /// venue, module titles) and the body, one block a line.
    pub folded: String,
    /// `folded` as runs of stemmed words ([`Fold::word_runs`]).
    pub runs: Vec<Vec<String>>,
}

/// Characters of the Traditional → Simplified table a page needs to count as written in
/// Traditional characters.
const TRADITIONAL_AT_LEAST: usize = 5;

#[derive(Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    title: String,
    summary: Option<String>,
    tags: Vec<String>,
    issuer: Option<String>,
    doc_number: Option<String>,
    organizer: Option<String>,
    venue: Option<String>,
    modules: Vec<Module>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Module {
    title: String,
}

/// Every page of the site at `root` (a placard site: `content/<section>/<slug>.md` in
/// the default language, zh, and `<slug>.en.md` in English), sorted by URL. Section
/// and home pages (`_index`) are lists, not pages of their own.
pub(crate) fn load_pages(root: &Path, fold: &Fold) -> Result<Vec<Page>, String> {
    let content = root.join("content");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("_index"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no pages (*.md)", content.display()));
    }
    let mut pages = files
        .iter()
        .map(|file| {
            let source = std::fs::read_to_string(file)
                .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
            let rel = file.strip_prefix(&content).expect("under content");
            read_page(rel, &source, fold).map_err(|e| format!("{}: {e}", file.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(pages)
}

/// The page of the file at `rel` (under `content/`) holding `source`.
pub(crate) fn read_page(rel: &Path, source: &str, fold: &Fold) -> Result<Page, String> {
    let name = rel.file_name().expect("file").to_string_lossy();
    let (slug, lang) = match name.strip_suffix(".en.md") {
        Some(slug) => (slug.to_string(), Lang::En),
        None => (name.trim_end_matches(".md").to_string(), Lang::Zh),
    };
    let dir = rel
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let path = if dir.is_empty() {
        slug
    } else {
        format!("{dir}/{slug}")
    };
    let url = match lang {
        Lang::Zh => format!("/{path}/"),
        Lang::En => format!("/en/{path}/"),
    };
    let rest = source
        .strip_prefix("---\n")
        .ok_or("no front matter (the file does not start with ---)")?;
    let end = rest
        .find("\n---\n")
        .ok_or("the front matter has no closing ---")?;
    let fm: FrontMatter =
        serde_saphyr::from_str(&rest[..end + 1]).map_err(|e| format!("front matter: {e}"))?;
    let body = body_blocks(&rest[end + 5..]);

    let mut shown: Vec<&str> = vec![&fm.title];
    shown.extend(fm.summary.as_deref());
    shown.extend(fm.tags.iter().map(String::as_str));
    shown.extend(fm.issuer.as_deref());
    shown.extend(fm.doc_number.as_deref());
    shown.extend(fm.organizer.as_deref());
    shown.extend(fm.venue.as_deref());
    shown.extend(fm.modules.iter().map(|m| m.title.as_str()));
    shown.extend(body.iter().map(String::as_str));
    let folded = shown
        .iter()
        .map(|s| fold.text(s))
        .collect::<Vec<_>>()
        .join("\n");
    // A few characters of the table are also used in Simplified text (乾坤): a page is
    // Traditional when it has more than a handful.
    let traditional = fm
        .title
        .chars()
        .chain(body.iter().flat_map(|b| b.chars()))
        .filter(|&c| fold.is_traditional(c))
        .nth(TRADITIONAL_AT_LEAST - 1)
        .is_some();
    Ok(Page {
        lang,
        url,
        runs: fold.word_runs(&folded),
        title: fm.title,
        doc_number: fm.doc_number,
        body,
        traditional,
        folded,
    })
}

/// The text of a Markdown body, a block at a time: what a reader sees of it, without
/// the markup (`**计划**生育` is 计划生育).
fn body_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut block = String::new();
    let mut end_block = |block: &mut String| {
        let text = block.trim();
        if !text.is_empty() {
            blocks.push(text.to_string());
        }
        block.clear();
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => end_block(&mut block),
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::CodeBlock(_),
            ) => end_block(&mut block),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => end_block(&mut block),
            _ => {}
        }
    }
    end_block(&mut block);
    blocks
}
