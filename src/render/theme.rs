//! The theme: Tera templates, static files and UI strings, made of the files
//! load read (`load::theme`), with what the theme offers pages: the poster
//! styles it defines and the ids its templates write.

use crate::messages::outputs as say;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::PathBuf;

use indexmap::IndexMap;
use tera::Tera;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::theme::ThemeFile;

pub struct Theme {
    pub tera: Tera,
    /// Files of the theme's `static/`, copied to the output root.
    pub static_files: Vec<(String, Cow<'static, [u8]>)>,
    /// UI strings per language.
    pub strings: IndexMap<String, IndexMap<String, String>>,
    /// Template name → the file it came from, for diagnostics.
    origins: IndexMap<String, PathBuf>,
    /// The values `poster.style` can take: every `.style-<name>` class the
    /// theme's templates and style sheets define. Empty when it styles none.
    pub poster_styles: BTreeSet<String>,
    /// The ids the templates write literally (`main`, `section-pages`): no
    /// heading or footnote of a page takes one of them.
    pub ids: BTreeSet<String>,
}

impl Theme {
    /// The theme made of its `files` (as load read them) for the site's languages.
    pub(crate) fn new(files: Vec<ThemeFile>, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates = Vec::new();
        let mut origins = IndexMap::new();
        let mut static_files = Vec::new();
        let mut strings = IndexMap::new();
        let mut diagnostics = Vec::new();
        for file in files {
            if let Some(name) = file.rel.strip_prefix("templates/") {
                match String::from_utf8(file.bytes.into_owned()) {
                    Ok(text) => {
                        origins.insert(name.to_string(), file.origin);
                        templates.push((name.to_string(), text));
                    }
                    Err(_) => diagnostics
                        .push(Diagnostic::error(say::template_not_utf8()).in_file(&file.origin)),
                }
            } else if let Some(name) = file.rel.strip_prefix("static/") {
                static_files.push((name.to_string(), file.bytes));
            } else if let Some(name) = file
                .rel
                .strip_prefix("i18n/")
                .and_then(|n| n.strip_suffix(".yaml"))
            {
                let text = String::from_utf8_lossy(&file.bytes);
                match crate::yaml::parse::<IndexMap<String, String>>(&text, &file.origin, 1) {
                    Ok(map) => {
                        strings.insert(name.to_string(), map);
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
        // Every language gets strings: its own file, else English, else the first.
        for lang in config.languages.keys() {
            if !strings.contains_key(lang) {
                let fallback = strings
                    .get("en")
                    .or_else(|| strings.values().next())
                    .cloned()
                    .unwrap_or_default();
                strings.insert(lang.clone(), fallback);
            }
        }
        let mut poster_styles = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for (_, text) in &templates {
            style_classes(text, &mut poster_styles);
            literal_ids(text, &mut ids);
        }
        for (name, bytes) in &static_files {
            if name.ends_with(".css") {
                style_classes(&String::from_utf8_lossy(bytes), &mut poster_styles);
            }
        }
        let mut tera = Tera::new();
        if let Err(err) = tera.add_raw_templates(templates) {
            diagnostics.push(template_diagnostic(&err, &origins));
        }
        if diagnostics.is_empty() {
            Ok(Theme {
                tera,
                static_files,
                strings,
                origins,
                poster_styles,
                ids,
            })
        } else {
            Err(diagnostics)
        }
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The bytes of `name` rendered with `context`. Tera writes only text, so
    /// the bytes are UTF-8; `Tera::render` would check them all again to make a
    /// `String` (2 % of a large build's processor time) for bytes that go to a file.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        // Most pages are 6–18 KB: one allocation for most, and a doubling or two for the rest.
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut bytes)
            .map_err(|err| template_diagnostic(&err, &self.origins))?;
        Ok(bytes)
    }
}

/// The names of the `.style-<name>` classes that `css` (a style sheet, or a
/// template with one) defines.
fn style_classes(css: &str, names: &mut BTreeSet<String>) {
    for (at, prefix) in css.match_indices(".style-") {
        let name: String = css[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        if !name.is_empty() {
            names.insert(name);
        }
    }
}

/// The ids a template writes as they are (`id="main"`, `id='x'`); one made by
/// an expression (`id="{{ sid }}"`) is not known until a page is rendered.
fn literal_ids(template: &str, ids: &mut BTreeSet<String>) {
    for (at, _) in template.match_indices("id=") {
        if !template[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_whitespace())
        {
            continue; // `data-id=`, `aria-labelledby=`…
        }
        let rest = &template[at + "id=".len()..];
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let Some(id) = rest[1..]
            .split(quote)
            .next()
            .filter(|_| rest[1..].contains(quote))
        else {
            continue;
        };
        if !id.is_empty() && !["{{", "{%", "{#"].iter().any(|open| id.contains(open)) {
            ids.insert(id.to_string());
        }
    }
}

/// A Tera error as a diagnostic naming the template file and line.
fn template_diagnostic(err: &tera::Error, origins: &IndexMap<String, PathBuf>) -> Diagnostic {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let message = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                say::template_syntax_error(report.filename(), report.message())
            } else {
                say::template_error_in(report.filename(), report.message())
            };
            let span = report.span();
            Diagnostic::error(message)
                .in_file(origin(report.filename()))
                .at(span.start_line, span.start_col + 1)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            Diagnostic::error(say::template_missing_parent(current, parent))
                .in_file(origin(current))
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(say::template_not_found(name))
            .with_hint(say::template_not_found_hint()),
        _ => Diagnostic::error(say::template_error(&err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_a_template_writes_literally_are_known() {
        let mut ids = BTreeSet::new();
        literal_ids(
            "<main id=\"main\"><ul id='section-pages' data-id=\"no\" aria-labelledby=\"no2\">\n\
             <h2 id=\"{{ sid }}\"><div\nid=\"toc-title\"><p id=\"\"><p id=\"unclosed",
            &mut ids,
        );
        assert_eq!(
            ids.iter().map(String::as_str).collect::<Vec<_>>(),
            ["main", "section-pages", "toc-title"]
        );
    }

    #[test]
    fn the_default_theme_holds_the_ids_its_pages_rely_on() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::load::config(root).expect("the example site's placard.yaml");
        let files = crate::load::theme::theme_files(root, &config).expect("the theme's files");
        let theme = Theme::new(files, &config).unwrap_or_else(|e| panic!("{e:?}"));
        for id in ["main", "section-pages", "toc-title", "attachments-title"] {
            assert!(theme.ids.contains(id), "{id} not in {:?}", theme.ids);
        }
    }
}
