//! The ground-truth rule and the query makers, checked on pages made up here. Runs
//! when the benchmark has no arguments, which is how `cargo test --all-targets` runs it.

use std::path::Path;

use super::queries::{Matcher, Rng, misspell, relevant, syllable};
use super::sources::{Fold, Lang, Page, read_page};

pub(crate) fn run(repo: &Path) {
    let fold = Fold::load(repo).unwrap_or_else(|e| panic!("{e}"));
    type Check = (&'static str, fn(&Fold));
    let checks: &[Check] = &[
        (
            "either script finds both, full-width digits as ASCII",
            either_script_and_width_fold,
        ),
        ("digits are not glued to other digits", digits_stand_alone),
        ("markup is not text", markup_is_not_text),
        ("a document number is found whole", document_numbers_whole),
        (
            "English words by stem, phrases within a run",
            english_by_stem,
        ),
        ("only the judged language's pages", only_the_judged_language),
        (
            "homophones share a syllable; polyphones are left out",
            homophones,
        ),
        ("typing errors are 1 or 2 edits away", typing_errors),
    ];
    for (name, check) in checks {
        check(&fold);
        println!("search_quality: ok: {name}");
    }
    println!(
        "search_quality: {} ground-truth checks passed (the benchmark itself: scripts/bench-search-quality)",
        checks.len()
    );
}

fn page(fold: &Fold, file: &str, front: &str, body: &str) -> Page {
    let source = format!("---\ntitle: \"a page\"\n{front}---\n\n{body}\n");
    read_page(Path::new(file), &source, fold).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn found(fold: &Fold, page: &Page, means: &str) -> bool {
    Matcher::new(fold, means).matches(page)
}

fn either_script_and_width_fold(fold: &Fold) {
    let traditional = page(
        fold,
        "plans/a.md",
        "",
        "全縣計劃生育工作要點，自３月起施行。各鄉鎮務必認真執行。",
    );
    let simplified = page(
        fold,
        "plans/b.md",
        "",
        "全县计划生育工作要点，自3月起施行。各乡镇务必认真执行。",
    );
    assert!(traditional.traditional);
    assert!(!simplified.traditional);
    assert_eq!(traditional.folded, simplified.folded);
    assert!(found(fold, &traditional, "计划生育"));
    assert!(found(fold, &traditional, "計劃生育"));
    assert!(found(fold, &traditional, "3月"));
    assert!(!found(fold, &traditional, "计化生育"));
}

fn digits_stand_alone(fold: &Fold) {
    let p = page(fold, "notices/b.md", "", "第13月；12024年；共23人。");
    assert!(!found(fold, &p, "3月"));
    assert!(!found(fold, &p, "2024年"));
    assert!(!found(fold, &p, "3人"));
    let p = page(fold, "notices/c.md", "", "2024年3月起，共3人。");
    assert!(found(fold, &p, "3月"));
    assert!(found(fold, &p, "2024年"));
    assert!(found(fold, &p, "3人"));
}

fn markup_is_not_text(fold: &Fold) {
    let p = page(
        fold,
        "notices/d.md",
        "",
        "做好**计划**生育工作。\n\n| 序号 | 内容 |\n|---|---|\n| 1 | 计划 |\n| 2 | 生育 |",
    );
    assert!(found(fold, &p, "计划生育"));
    // Table cells are blocks of their own: 计划 and 生育 of two rows make no phrase.
    let q = page(
        fold,
        "notices/e.md",
        "",
        "| 序号 | 内容 |\n|---|---|\n| 1 | 计划 |\n| 2 | 生育 |",
    );
    assert!(!found(fold, &q, "计划生育"));
}

fn document_numbers_whole(fold: &Fold) {
    let two = page(
        fold,
        "notices/f.md",
        "doc_number: \"县政办发〔2016〕2号\"\n",
        "正文。",
    );
    let twelve = page(
        fold,
        "notices/g.md",
        "doc_number: \"县政办发〔2016〕12号\"\n",
        "正文。",
    );
    assert!(found(fold, &two, "县政办发〔2016〕2号"));
    assert!(!found(fold, &twelve, "县政办发〔2016〕2号"));
    assert!(found(fold, &twelve, "县政办发〔2016〕12号"));
}

fn english_by_stem(fold: &Fold) {
    let p = page(
        fold,
        "notices/h.en.md",
        "",
        "Volunteers register at the county's office. It keeps an electronic. Register it.",
    );
    assert!(found(fold, &p, "volunteer"));
    assert!(found(fold, &p, "volunteering"));
    assert!(found(fold, &p, "county"));
    assert!(found(fold, &p, "volunteers register"));
    assert!(!found(fold, &p, "electronic register"));
    assert!(!found(fold, &p, "vounteer"));
}

fn only_the_judged_language(fold: &Fold) {
    let pages = vec![
        page(fold, "notices/i.md", "", "志愿服务。"),
        page(fold, "notices/i.en.md", "", "志愿服务 in a code block."),
    ];
    assert_eq!(pages[0].url, "/notices/i/");
    assert_eq!(pages[1].url, "/en/notices/i/");
    assert_eq!(
        relevant(&pages, fold, "志愿", Lang::Zh),
        vec!["/notices/i/".to_string()]
    );
    assert_eq!(
        relevant(&pages, fold, "志愿", Lang::En),
        vec!["/en/notices/i/".to_string()]
    );
}

fn homophones(_fold: &Fold) {
    assert_eq!(syllable('划').as_deref(), Some("hua"));
    assert_eq!(syllable('化'), syllable('划'));
    assert_eq!(syllable('原'), syllable('愿'));
    assert_eq!(syllable('绿'), None, "绿 is lü and lu");
    assert_eq!(syllable('女').as_deref(), Some("nv"));
    assert_eq!(syllable('行'), None, "行 is xing and hang");
}

fn typing_errors(_fold: &Fold) {
    let mut rng = Rng::new(1, "check");
    for word in ["volunteer", "inspection", "statistics", "township"] {
        for edits in [1, 2] {
            let (typo, how) = misspell(&mut rng, word, edits);
            assert_eq!(
                typo.chars().next(),
                word.chars().next(),
                "{word} → {typo} ({how})"
            );
            assert!(
                strsim::osa_distance(word, &typo) <= edits,
                "{word} → {typo} ({how})"
            );
        }
    }
}
