//! sitemap.xml: every page, section and home, and the disclosure catalogue of
//! each language where the site has one, with hreflang alternates.

use super::{Context, Origin, Output, Sink, xml_escape};
use crate::model::Site;

pub(crate) struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        if cx.scope.sitemap() {
            let catalogue = crate::render::has_catalogue(cx.site, cx.theme);
            let sitemap = sitemap(cx.site, catalogue).into_bytes();
            cx.report(sink.put(
                "sitemap.xml",
                sitemap,
                Origin::built(crate::messages::outputs::sitemap()),
            ));
        }
    }
}

fn sitemap(site: &Site, catalogue: bool) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut add = |url: &str, lastmod: Option<String>, alternates: &[(String, String)]| {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            xml_escape(&site.permalink(url))
        ));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        if alternates.len() > 1 {
            for (lang, alt) in alternates {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    xml_escape(lang),
                    xml_escape(&site.permalink(alt))
                ));
            }
        }
        xml.push_str("  </url>\n");
    };
    for section in &site.sections {
        let alternates: Vec<(String, String)> = site
            .config
            .languages
            .keys()
            .filter_map(|code| {
                site.section(code, &section.key)
                    .map(|s| (code.clone(), s.url.clone()))
            })
            .collect();
        add(&section.url, None, &alternates);
    }
    if catalogue {
        let alternates: Vec<(String, String)> = site
            .config
            .languages
            .keys()
            .map(|code| (code.clone(), crate::render::catalogue_url(site, code)))
            .collect();
        for (_, url) in &alternates {
            add(url, None, &alternates);
        }
    }
    for page in &site.pages {
        let alternates: Vec<(String, String)> = site
            .translations_of(page)
            .iter()
            .map(|(code, &i)| (code.clone(), site.pages[i].url.clone()))
            .collect();
        let lastmod = page.meta.updated.max(page.date()).map(|d| d.to_string());
        add(&page.url, lastmod, &alternates);
    }
    xml.push_str("</urlset>\n");
    xml
}
