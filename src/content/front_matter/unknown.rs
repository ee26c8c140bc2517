//! What an unknown front-matter key most likely is. A key one edit from a key
//! that decides publication or dates (`valid_untill`, `Draft`, `data`) is an
//! error, since ignoring it would publish the page otherwise than the author
//! wrote; a key written in Chinese (`发文机关`) is named with its key.

/// Keys that decide whether, where, until when or as what a page is
/// published: misspelt, the page would go out otherwise than the author meant.
const PUBLICATION_KEYS: [&str; 9] = [
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "kind",
    "valid_until",
    "urgent",
    "period",
];

/// Names other generators and habits use for a publication key, each more
/// than one edit from it (Hugo's `expiryDate`, `publishDate`).
const OTHER_NAMES: [(&str, &str); 10] = [
    ("expirydate", "valid_until"),
    ("expiry_date", "valid_until"),
    ("expiry", "valid_until"),
    ("expires", "valid_until"),
    ("expire", "valid_until"),
    ("valid_to", "valid_until"),
    ("publishdate", "date"),
    ("publish_date", "date"),
    ("pubdate", "date"),
    ("lastmod", "updated"),
];

/// Front-matter keys as a Chinese office writes them, with placard's key.
pub(crate) const CHINESE_KEYS: [(&str, &str); 41] = [
    ("标题", "title"),
    ("题目", "title"),
    ("日期", "date"),
    ("发布日期", "date"),
    ("发文日期", "date"),
    ("成文日期", "date"),
    ("更新日期", "updated"),
    ("修改日期", "updated"),
    ("摘要", "summary"),
    ("简介", "summary"),
    ("标签", "tags"),
    ("草稿", "draft"),
    ("网址", "slug"),
    ("别名", "aliases"),
    ("旧网址", "aliases"),
    ("排序", "weight"),
    ("类型", "kind"),
    ("模板", "template"),
    ("海报", "poster"),
    ("发文机关", "issuer"),
    ("发布机关", "issuer"),
    ("发文单位", "issuer"),
    ("发文字号", "doc_number"),
    ("文号", "doc_number"),
    ("有效期至", "valid_until"),
    ("有效期", "valid_until"),
    ("截止日期", "valid_until"),
    ("紧急", "urgent"),
    ("联系人", "contact"),
    ("联系方式", "contact"),
    ("附件", "attachments"),
    ("实施期限", "period"),
    ("状态", "status"),
    ("目标", "targets"),
    ("主办单位", "organizer"),
    ("培训对象", "audience"),
    ("地点", "venue"),
    ("培训地点", "venue"),
    ("期次", "batches"),
    ("课程", "modules"),
    ("课程安排", "sessions"),
];

/// What an unknown key is taken for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Guess {
    /// Close to a publication key (or another name for one) that this page has.
    Publication(&'static str),
    /// A Chinese name of a key.
    Chinese(&'static str),
}

/// The key `key` most likely stands for, if placard can tell. `allowed` are the
/// keys this page may have: a near-miss of a key the page would ignore anyway
/// (`valid_untill` on a plan) changes nothing, and stays a warning.
pub(super) fn guess(key: &str, allowed: &[&str]) -> Option<Guess> {
    let trimmed = key.trim();
    if let Some((_, field)) = CHINESE_KEYS.iter().find(|(name, _)| *name == trimmed) {
        return Some(Guess::Chinese(field));
    }
    let normal: String = trimmed
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let by_name = OTHER_NAMES
        .iter()
        .find(|(name, _)| *name == normal)
        .map(|(_, field)| *field);
    let by_spelling = || {
        PUBLICATION_KEYS
            .into_iter()
            .map(|field| (strsim::osa_distance(&normal, field), field))
            .filter(|(distance, field)| *distance <= edits_allowed(field))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, field)| field)
    };
    by_name
        .or_else(by_spelling)
        .filter(|field| allowed.contains(field))
        .map(Guess::Publication)
}

/// Whether a key decides publication (a Chinese name of one is then an error).
pub(super) fn is_publication_key(field: &str) -> bool {
    PUBLICATION_KEYS.contains(&field)
}

/// How many edits (insert, delete, change or swap two letters) still count
/// as the same key: one for a key of four letters (`data` is `date`, `name`
/// is not), two for longer ones (`valid_untl`, `urgnet`, `alias`).
fn edits_allowed(field: &str) -> usize {
    if field.len() <= 4 { 1 } else { 2 }
}

/// The keys whose value is true or false.
const BOOLEAN_KEYS: [&str; 2] = ["urgent", "draft"];

/// The front matter line `line` (counted from 0 in `yaml_text`) with its key
/// written as `field`: `valid_untill: 2026-12-31` → `valid_until: 2026-12-31`.
pub(super) fn with_key(yaml_text: &str, line: usize, key: &str, field: &str) -> String {
    let written = yaml_text.lines().nth(line).unwrap_or_default();
    match written.find(key) {
        Some(at)
            if written[..at]
                .trim_start()
                .trim_start_matches(['"', '\''])
                .is_empty() =>
        {
            let rest = &written[at + key.len()..];
            // A closing quote of a quoted key goes with it.
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            // `紧急: 是` is `urgent: true`: the value as the key reads it.
            let value = rest.trim_start().strip_prefix(':').map(str::trim);
            match value.and_then(crate::yaml::meant_boolean) {
                Some(meant) if BOOLEAN_KEYS.contains(&field) => format!("{field}: {meant}"),
                _ => format!("{field}{}", rest.trim_end()),
            }
        }
        _ => format!("{field}: …"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: [&str; 7] = [
        "title",
        "date",
        "valid_until",
        "urgent",
        "draft",
        "slug",
        "kind",
    ];

    #[test]
    fn one_or_two_edits_from_a_publication_key_is_that_key() {
        for (key, field) in [
            ("valid_untill", "valid_until"),
            ("valid-until", "valid_until"),
            ("Valid_Until", "valid_until"),
            ("validuntil", "valid_until"),
            ("valid_untli", "valid_until"),
            ("urgnet", "urgent"),
            ("urgency", "urgent"),
            ("Draft", "draft"),
            ("drafts", "draft"),
            ("data", "date"),
            ("Date", "date"),
            ("slgu", "slug"),
            ("expiryDate", "valid_until"),
            ("expires", "valid_until"),
        ] {
            assert_eq!(
                guess(key, &NOTICE),
                Some(Guess::Publication(field)),
                "{key}"
            );
        }
        for key in [
            "name",
            "type",
            "author",
            "category",
            "description",
            "lang",
            "image",
            "dates_",
        ] {
            assert_eq!(guess(key, &NOTICE), None, "{key}");
        }
        // A plan has no `valid_until`: misspelt, it changes nothing.
        assert_eq!(guess("valid_untill", &["title", "date", "period"]), None);
    }

    #[test]
    fn chinese_names_are_their_keys_and_the_line_is_rewritten() {
        assert_eq!(guess("发文机关", &NOTICE), Some(Guess::Chinese("issuer")));
        assert_eq!(guess("有效期至", &[]), Some(Guess::Chinese("valid_until")));
        let yaml = "title: 通知\n发文机关: 县人口计生委\n\"valid_untill\": 2026-12-31  \n";
        assert_eq!(
            with_key(yaml, 1, "发文机关", "issuer"),
            "issuer: 县人口计生委"
        );
        assert_eq!(
            with_key(yaml, 2, "valid_untill", "valid_until"),
            "valid_until: 2026-12-31"
        );
        assert_eq!(with_key(yaml, 9, "x", "date"), "date: …");
    }

    #[test]
    fn a_yes_written_in_chinese_is_true_in_the_fixed_line() {
        let yaml = "紧急: 是\n草稿: 否\nurgnet: yes\n紧急: 明天\n";
        assert_eq!(with_key(yaml, 0, "紧急", "urgent"), "urgent: true");
        assert_eq!(with_key(yaml, 1, "草稿", "draft"), "draft: false");
        assert_eq!(with_key(yaml, 2, "urgnet", "urgent"), "urgent: true");
        assert_eq!(with_key(yaml, 3, "紧急", "urgent"), "urgent: 明天");
    }
}
