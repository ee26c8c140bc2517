//! Reading built pages with a real HTML parser (scraper), for assertions about
//! structure rather than grepped strings.

use std::path::Path;

pub(crate) use scraper::{ElementRef, Html, Selector};

/// An output file parsed as an HTML document.
pub(crate) fn html(output: &Path, rel: &str) -> Html {
    Html::parse_document(&super::site::read(output, rel))
}

pub(crate) fn select<'a>(scope: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    scope
        .select(&Selector::parse(css).expect("valid selector"))
        .collect()
}

/// Every element of the document matching `css` (the `<html>` element included).
pub(crate) fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("valid selector"))
        .collect()
}

pub(crate) fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = all(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// An attribute of the first element matching `css`.
pub(crate) fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    all(doc, css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

/// Text of an element with white space collapsed.
pub(crate) fn text(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn texts(scope: ElementRef, css: &str) -> Vec<String> {
    select(scope, css).into_iter().map(text).collect()
}
