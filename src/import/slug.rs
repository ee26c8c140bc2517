//! A slug from a file name: every Chinese character as its pinyin without
//! tones (the commonest reading of that character; there is no word
//! segmentation), Latin letters lower-cased and digits kept (full-width ones
//! made half-width first), everything else a separator; words joined by `-`
//! and cut at a word boundary to at most 60 characters.

use pinyin::ToPinyin;
use unicode_normalization::UnicodeNormalization;

const MAX_LEN: usize = 60;

/// `关于做好2024年报名工作的通知` → `guan-yu-zuo-hao-2024-nian-bao-ming-gong-zuo-de-tong-zhi`.
/// `None` when nothing of the name can be written in ASCII.
pub(super) fn from_file_name(stem: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in stem.nfkc() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if let Some(pinyin) = c.to_pinyin() {
            words.push(pinyin.plain().replace('ü', "v"));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut slug = String::new();
    for word in words {
        let word: String = word.chars().take(MAX_LEN).collect();
        if !slug.is_empty() && slug.len() + 1 + word.len() > MAX_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_become_pinyin() {
        assert_eq!(
            from_file_name("关于做好2024年报名工作的通知").as_deref(),
            Some("guan-yu-zuo-hao-2024-nian-bao-ming-gong-zuo-de-tong-zhi")
        );
        assert_eq!(
            from_file_name("縣人口發〔２０２４〕３號").as_deref(),
            Some("xian-ren-kou-fa-2024-3-hao")
        );
        assert_eq!(
            from_file_name("绿化 Plan_v2").as_deref(),
            Some("lv-hua-plan-v2")
        );
        assert_eq!(from_file_name("〔〕——"), None);
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let slug =
            from_file_name("关于做好2024年乡级计划生育技术服务人员进修培训报名工作的通知").unwrap();
        assert!(slug.len() <= MAX_LEN, "{slug}");
        assert_eq!(
            slug,
            "guan-yu-zuo-hao-2024-nian-xiang-ji-ji-hua-sheng-yu-ji-shu-fu"
        );
        let long = "a".repeat(100);
        assert_eq!(from_file_name(&long).unwrap().len(), MAX_LEN);
    }
}
