//! Word text written as Markdown that means exactly that text: every character
//! Markdown would read as markup is escaped, bold and italic are placed where
//! CommonMark's rules for `*` hold next to Chinese punctuation, and tables
//! become GFM tables.

use super::docx::{Inline, Span, Table};

/// How inline images and notes are named in the page.
pub(super) struct Names<'a> {
    /// The bundle file of each of the document's images (`image-1.png`), or
    /// `None` for an image that is not kept.
    pub images: &'a [Option<String>],
}

/// One line of inline Markdown (hard breaks as `\` + newline, each line after
/// one indented by `indent` spaces, for a list item's continuation).
pub(super) fn inlines(inlines: &[Inline], names: &Names, indent: usize) -> String {
    let mut out = String::new();
    let mut line_start = true;
    let mut index = 0;
    let pad = " ".repeat(indent);
    while index < inlines.len() {
        match &inlines[index] {
            Inline::Text(_) => {
                let start = index;
                while index < inlines.len() && matches!(inlines[index], Inline::Text(_)) {
                    index += 1;
                }
                let spans: Vec<&Span> = inlines[start..index]
                    .iter()
                    .filter_map(|i| match i {
                        Inline::Text(span) => Some(span),
                        _ => None,
                    })
                    .collect();
                let mut text = linked(&spans);
                if line_start {
                    text = escape_line_start(text.trim_start_matches([' ', '\t', '\u{3000}']));
                }
                if !text.is_empty() {
                    line_start = false;
                }
                out.push_str(&text);
                continue;
            }
            Inline::Break => {
                let rest_has_text = inlines[index + 1..].iter().any(|i| match i {
                    Inline::Text(span) => !span.text.trim().is_empty(),
                    Inline::Break => false,
                    _ => true,
                });
                if !line_start && rest_has_text {
                    let trimmed = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(trimmed);
                    out.push_str("\\\n");
                    out.push_str(&pad);
                    line_start = true;
                }
            }
            Inline::Image { index: image, alt } => {
                if let Some(Some(name)) = names.images.get(*image) {
                    out.push_str(&format!("![{}]({name})", escape(alt.trim())));
                    line_start = false;
                }
            }
            Inline::Note(number) => {
                out.push_str(&format!("[^{number}]"));
                line_start = false;
            }
        }
        index += 1;
    }
    out.trim_end().to_string()
}

/// Spans with links grouped into `[text](url)`.
fn linked(spans: &[&Span]) -> String {
    let mut out = String::new();
    let mut index = 0;
    while index < spans.len() {
        let link = spans[index].link.clone();
        let start = index;
        while index < spans.len() && spans[index].link == link {
            index += 1;
        }
        let text = emphasised(&spans[start..index]);
        match link {
            Some(url) if !text.trim().is_empty() => {
                out.push_str(&format!(
                    "[{text}](<{}>)",
                    url.replace(['<', '>', '\n'], "")
                ));
            }
            _ => out.push_str(&text),
        }
    }
    out
}

/// Runs of bold and italic text with `**` and `*` around them. A run's leading
/// and trailing punctuation and spaces stay outside the markers, so that each
/// marker touches a letter: CommonMark then opens and closes it whatever comes
/// next (`**注重过程**。计生` is bold; `**注重过程。**计生` is not).
fn emphasised(spans: &[&Span]) -> String {
    // (text, bold, italic), with neighbours of the same look joined, and
    // emphasised neighbours of different looks joined into the look of both
    // (so that no `***` run of markers is ambiguous).
    let mut runs: Vec<(String, bool, bool)> = Vec::new();
    for span in spans {
        if span.text.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some(last) if (last.1, last.2) == (span.bold, span.italic) => {
                last.0.push_str(&span.text)
            }
            Some(last) if (last.1 || last.2) && (span.bold || span.italic) => {
                last.0.push_str(&span.text);
                last.1 |= span.bold;
                last.2 |= span.italic;
            }
            _ => runs.push((span.text.clone(), span.bold, span.italic)),
        }
    }
    let mut out = String::new();
    for (text, bold, italic) in runs {
        let marker = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let is_edge = |c: char| c.is_whitespace() || is_punctuation(c);
        let core_start = text.find(|c: char| !is_edge(c));
        let core_end = text
            .char_indices()
            .rev()
            .find(|(_, c)| !is_edge(*c))
            .map(|(i, c)| i + c.len_utf8());
        match (marker, core_start, core_end) {
            ("", _, _) | (_, None, _) | (_, _, None) => out.push_str(&escape(&text)),
            (marker, Some(start), Some(end)) => {
                out.push_str(&escape(&text[..start]));
                out.push_str(marker);
                out.push_str(&escape(&text[start..end]));
                out.push_str(marker);
                out.push_str(&escape(&text[end..]));
            }
        }
    }
    out
}

/// Punctuation as CommonMark counts it for emphasis: ASCII punctuation and
/// Unicode's P and S categories (Chinese punctuation among them). An
/// approximation good for the characters of Chinese and English text.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3020}' | '\u{3030}' | '\u{30FB}' | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE6B}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{00A1}'..='\u{00BF}'
            | '\u{00D7}' | '\u{00F7}' | '\u{2190}'..='\u{21FF}' | '\u{2200}'..='\u{22FF}'
            | '\u{2460}'..='\u{24FF}' | '\u{2500}'..='\u{27BF}')
}

/// Escapes what Markdown reads as markup anywhere in a line.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes what Markdown reads as markup at the start of a line only: a
/// heading, quote, list marker, thematic break, setext underline or code fence.
fn escape_line_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let first = text.chars().next();
    if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    match first {
        Some('#' | '-' | '+' | '=' | ':' | '^') => format!("\\{text}"),
        _ => text.to_string(),
    }
}

/// A GFM table: the first row is its head, a spanned cell fills its columns
/// with empty cells, a cell merged with the one above is empty.
pub(super) fn table(table: &Table, names: &Names) -> String {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            for cell in &row.cells {
                let text = if cell.continued {
                    String::new()
                } else {
                    cell.paragraphs
                        .iter()
                        .map(|p| {
                            let flat: Vec<Inline> = p
                                .inlines
                                .iter()
                                .map(|i| match i {
                                    Inline::Break => Inline::Text(Span {
                                        text: " ".to_string(),
                                        ..Span::default()
                                    }),
                                    other => other.clone(),
                                })
                                .collect();
                            inlines(&flat, names, 0)
                        })
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                cells.push(text);
                cells.extend(std::iter::repeat_n(String::new(), cell.span.max(1) - 1));
            }
            cells
        })
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |cells: &[String]| {
        let mut padded: Vec<String> = cells.to_vec();
        padded.resize(columns, String::new());
        let cells: Vec<String> = padded
            .iter()
            .map(|c| {
                if c.is_empty() {
                    " ".to_string()
                } else {
                    format!(" {c} ")
                }
            })
            .collect();
        format!("|{}|", cells.join("|"))
    };
    let mut out = Vec::new();
    let empty: Vec<String> = Vec::new();
    out.push(line(rows.first().unwrap_or(&empty)));
    out.push(format!("|{}|", vec!["---"; columns].join("|")));
    for row in rows.iter().skip(1) {
        out.push(line(row));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    fn html_of(markdown: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            Parser::new_ext(
                markdown,
                Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH,
            ),
        );
        out
    }

    fn span(text: &str, bold: bool, italic: bool) -> Inline {
        Inline::Text(Span {
            text: text.to_string(),
            bold,
            italic,
            ..Span::default()
        })
    }

    const NAMES: Names = Names { images: &[] };

    #[test]
    fn bold_next_to_chinese_punctuation_is_bold() {
        let md = inlines(
            &[
                span("注重过程，完善经常性工作机制。", true, false),
                span("计生工作责任在乡镇。", false, false),
            ],
            &NAMES,
            0,
        );
        assert_eq!(md, "**注重过程，完善经常性工作机制**。计生工作责任在乡镇。");
        assert_eq!(
            html_of(&md),
            "<p><strong>注重过程，完善经常性工作机制</strong>。计生工作责任在乡镇。</p>\n"
        );
        let md = inlines(
            &[
                span("一是", false, false),
                span("“三生”", true, false),
                span("服务", false, false),
            ],
            &NAMES,
            0,
        );
        assert_eq!(html_of(&md), "<p>一是“<strong>三生</strong>”服务</p>\n");
    }

    #[test]
    fn bold_then_italic_never_makes_a_run_of_three() {
        let md = inlines(
            &[
                span("加粗", true, false),
                span("斜体", false, true),
                span("正文", false, false),
            ],
            &NAMES,
            0,
        );
        assert_eq!(
            html_of(&md),
            "<p><em><strong>加粗斜体</strong></em>正文</p>\n"
        );
    }

    #[test]
    fn markup_in_word_text_stays_text() {
        let text = "# 1. *星* _下_ [链接](x) <script>alert(1)</script> | a & b ~~删~~ `码` $x$";
        let md = inlines(&[span(text, false, false)], &NAMES, 0);
        let html = html_of(&md);
        assert_eq!(
            html,
            "<p># 1. *星* _下_ [链接](x) &lt;script&gt;alert(1)&lt;/script&gt; | a &amp; b ~~删~~ `码` $x$</p>\n"
        );
        for start in ["- 项", "+ 项", "> 引", "2024. 年", "3) 项", "=== ", "--- "] {
            let html = html_of(&inlines(&[span(start, false, false)], &NAMES, 0));
            assert!(html.starts_with("<p>"), "{start}: {html}");
        }
    }

    #[test]
    fn line_breaks_are_hard_breaks_and_start_lines_safely() {
        let md = inlines(
            &[
                span("某某县人民政府", false, false),
                Inline::Break,
                span("# 2024年3月8日", false, false),
            ],
            &NAMES,
            0,
        );
        assert_eq!(
            html_of(&md),
            "<p>某某县人民政府<br />\n# 2024年3月8日</p>\n"
        );
    }

    #[test]
    fn tables_keep_their_columns() {
        use super::super::docx::{Cell, Paragraph, Row};
        let cell = |text: &str, span: usize, continued: bool| Cell {
            paragraphs: vec![Paragraph {
                inlines: vec![span_of(text)],
                ..Paragraph::default()
            }],
            span,
            continued,
        };
        fn span_of(text: &str) -> Inline {
            Inline::Text(Span {
                text: text.to_string(),
                ..Span::default()
            })
        }
        let t = Table {
            rows: vec![
                Row {
                    cells: vec![
                        cell("指标", 1, false),
                        cell("目标", 1, false),
                        cell("备注", 1, false),
                    ],
                },
                Row {
                    cells: vec![cell("自然增长率", 1, false), cell("≤ 7.5‰|", 2, false)],
                },
                Row {
                    cells: vec![
                        cell("x", 1, true),
                        cell("100%", 1, false),
                        cell("", 1, false),
                    ],
                },
            ],
        };
        let md = table(&t, &NAMES);
        assert_eq!(
            md,
            "| 指标 | 目标 | 备注 |\n|---|---|---|\n| 自然增长率 | ≤ 7.5‰\\| | |\n| | 100% | |"
        );
        assert!(html_of(&md).contains("<td>≤ 7.5‰|</td>"));
    }
}
