//! `tags:` as written. A list is what placard wants, but Chinese typing puts
//! a full-width comma or a 顿号 between words (`tags: [计划生育，宣传教育]`),
//! and YAML then reads one tag; or the list is written as one text
//! (`tags: 计划生育，宣传教育`). Both are split where the author meant, with a
//! warning that shows the list as it should read: a tag never holds `，` or `、`.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::publishing;
use crate::yaml;

/// What separates tags run together in one value: full-width commas and the
/// 顿号 in a list's item; a comma of either width too in a text.
const IN_AN_ITEM: [char; 2] = ['，', '、'];
const IN_A_TEXT: [char; 3] = [',', '，', '、'];

/// `tags:` as the YAML says it: a list, or one text.
#[derive(Debug)]
pub(super) enum Written {
    List(Vec<Spanned<String>>),
    Text(String),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagsVisitor;
        impl<'de> Visitor<'de> for TagsVisitor {
            type Value = Written;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of tags")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Written, E> {
                Ok(Written::Text(text.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Written, E> {
                Ok(Written::List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Written, E> {
                Ok(Written::List(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
                let mut tags = Vec::new();
                while let Some(tag) = seq.next_element::<Spanned<String>>()? {
                    tags.push(tag);
                }
                Ok(Written::List(tags))
            }
        }
        deserializer.deserialize_any(TagsVisitor)
    }
}

/// The page's tags, each with its line, from what `tags:` says (at
/// `first_line` of `file`); a warning for tags run together.
pub(super) fn read(
    written: Option<Spanned<Written>>,
    first_line: usize,
    file: &Path,
    diagnostics: &Diagnostics,
) -> (Vec<String>, Vec<Option<usize>>) {
    let Some(written) = written else {
        return (Vec::new(), Vec::new());
    };
    let line = yaml::line_of(&written.referenced, first_line);
    let mut tags: Vec<(String, Option<usize>)> = Vec::new();
    let mut warnings = Vec::new();
    match written.value {
        Written::Text(text) => {
            let parts = split(&text, &IN_A_TEXT);
            warnings.push((publishing::tags_not_a_list(&text, parts.len()), line));
            tags.extend(parts.into_iter().map(|t| (t, line)));
        }
        Written::List(items) => {
            for item in items {
                let at = yaml::line_of(&item.referenced, first_line);
                if item.value.contains(IN_AN_ITEM) {
                    let parts = split(&item.value, &IN_AN_ITEM);
                    warnings.push((publishing::tags_run_together(&item.value, parts.len()), at));
                    tags.extend(parts.into_iter().map(|t| (t, at)));
                } else {
                    tags.push((item.value, at));
                }
            }
        }
    }
    let fixed = format!(
        "tags: [{}]",
        tags.iter()
            .map(|(tag, _)| tag.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (message, at) in warnings {
        diagnostics.push(
            Diagnostic::warning(message)
                .in_file(file)
                .at_line(at)
                .with_hint(publishing::write_tags_as(&fixed)),
        );
    }
    tags.into_iter().unzip()
}

/// `text` cut at every one of `separators`, each part trimmed, empty ones left out.
fn split(text: &str, separators: &[char]) -> Vec<String> {
    text.split(separators)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}
