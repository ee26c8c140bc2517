//! Atom feeds, one per language: the newest dated pages.

use jiff::civil::Date;

use super::{Context, Origin, Output, Sink, xml_escape};
use crate::model::{Page, Site};

const FEED_ENTRIES: usize = 30;

pub(crate) struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        for lang in cx.site.config.languages.keys() {
            if cx.scope.lists(lang) {
                let (path, xml) = atom(cx.site, lang);
                cx.report(sink.put(
                    &path,
                    xml.into_bytes(),
                    Origin::built(crate::messages::outputs::feed()),
                ));
            }
        }
    }
}

/// `2024-03-01T00:00:00+08:00`: midnight of a date in the site's time zone.
pub(crate) fn rfc3339(date: Date, timezone: &str) -> String {
    match date.in_tz(timezone) {
        Ok(zoned) => zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => format!("{date}T00:00:00Z"),
    }
}

/// The pages of a language's feed: its newest dated pages, whose whole HTML
/// the feed holds, with their indices.
pub(crate) fn entries<'s>(site: &'s Site, lang: &str) -> impl Iterator<Item = (usize, &'s Page)> {
    site.pages
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.lang == lang && p.date().is_some())
        .take(FEED_ENTRIES)
}

/// The feed of one language, as (output path, XML).
fn atom(site: &Site, lang: &str) -> (String, String) {
    let config = &site.config;
    let prefix = config.lang_prefix(lang);
    let feed_url = site.permalink(&format!("{}{prefix}/atom.xml", config.base_path()));
    let home_url = site.permalink(&site.home(lang).url);
    let entries: Vec<_> = entries(site, lang).map(|(_, page)| page).collect();
    let updated = entries
        .iter()
        .filter_map(|p| p.meta.updated.max(p.date()))
        .max()
        .map(|d| rfc3339(d, &config.timezone))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(lang)
    ));
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(config.title_in(lang))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&feed_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&home_url)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{updated}</updated>\n",
        xml_escape(&home_url)
    ));
    xml.push_str(&format!(
        "  <generator>placard {}</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for page in entries {
        let link = site.permalink(&page.url);
        let date = page.date().expect("filtered on date");
        let updated = page.meta.updated.unwrap_or(date).max(date);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&page.meta.title)
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            rfc3339(date, &config.timezone)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(updated, &config.timezone)
        ));
        if let KindAuthor(Some(author)) = author_of(page) {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(author)
            ));
        }
        for tag in &page.meta.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(tag)));
        }
        if let Some(summary) = &page.meta.summary {
            xml.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&page.rendered.html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    let path = format!(
        "{}atom.xml",
        if prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", &prefix[1..])
        }
    );
    (path, xml)
}

struct KindAuthor<'a>(Option<&'a str>);

/// The issuing office or organiser, as the feed entry's author.
fn author_of(page: &crate::model::Page) -> KindAuthor<'_> {
    use crate::content::front_matter::KindMeta;
    KindAuthor(match &page.meta.kind {
        KindMeta::Notice(n) => n.issuer.as_deref(),
        KindMeta::Plan(p) => p.issuer.as_deref(),
        KindMeta::Training(t) => t.organizer.as_deref(),
        KindMeta::Page => None,
    })
}
