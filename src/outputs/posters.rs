//! Posters (SPEC §6): `poster.html` for every page with `poster:`, beside it,
//! with what the template needs — the
//! key facts of its kind, an inline SVG QR code to its absolute URL, and the
//! type sizes that make title, slogan and facts fit one sheet, chosen here at
//! build time from CJK-aware text widths.

use crate::messages::outputs as say;
use indexmap::IndexMap;
use jiff::civil::Date;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use rayon::prelude::*;
use serde::Serialize;

use super::pages::while_rendering;
use super::{Context, Origin, Output, Picture, Sink, page_origin};
use crate::content::front_matter::{KindMeta, Poster, PosterSize};
use crate::diagnostics::Diagnostic;
use crate::images::{Format, Variant};
use crate::model::markdown::first_bundle_picture;
use crate::model::{Page, Site};
use crate::render::Place;
use crate::render::i18n::{format_date, format_day_month};
use crate::render::views::{PageView, label};
use crate::text::escape_html;

pub(crate) struct Posters;

impl Output for Posters {
    fn name(&self) -> &'static str {
        "posters"
    }

    fn render(&self, cx: &Context<'_>, sink: &dyn Sink) {
        let pages: Vec<&Page> = cx.pages().map(|(_, page)| page).collect();
        pages.par_iter().for_each(|page| {
            if let Some(warning) = unstyled(page, &cx.theme.poster_styles) {
                cx.diagnostics.push(warning);
            }
            if let Some(poster) = &page.meta.poster {
                cx.report(render_poster(cx, page, poster, sink));
            }
        });
    }
}

/// poster.html for a page with `poster:`, beside the page, with the page's
/// variables (`page`) and the poster's (`poster`).
fn render_poster(
    cx: &Context<'_>,
    page: &Page,
    poster: &Poster,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let renderer = &cx.renderer;
    let t = renderer.t(&page.lang);
    let place = Place {
        file: page.poster_file(),
        url: page.poster_url(),
        ..renderer.page_place(page)
    };
    let mut context = renderer.context(&place);
    context.insert("page", &PageView::new(cx.site, page, t, true));
    let photo = photo(cx, page, sink)?;
    context.insert("poster", &view(cx.site, page, poster, photo, t)?);
    let origin = page_origin(page, crate::messages::outputs::poster_of_page());
    cx.put_html(sink, "poster.html", &place.file, &context, origin)
        .map_err(|d| while_rendering(d, page))
}

/// The first photo of `page`'s bundle that its Markdown shows, as its widest
/// copy (made by `sink` as the published copies are: upright, without EXIF):
/// what its poster shows. None without one, or from a sink that makes none.
fn photo(cx: &Context<'_>, page: &Page, sink: &dyn Sink) -> Result<Option<Variant>, Diagnostic> {
    let Some((name, file, header)) = first_bundle_picture(page, &page.rendered) else {
        return Ok(None);
    };
    let picture = Picture {
        file,
        header,
        settings: &cx.site.config.images,
        name,
        dirs: Vec::new(),
    };
    let origin = Origin::from_file(
        crate::messages::images::the_image(),
        &page.source.path,
        Some(page.meta.line),
        None,
    );
    sink.widest_copy(&picture, &origin)
}

/// The poster of `page`, with `photo` when it leaves the text room enough,
/// labelled with the theme's strings `t` of its language.
fn view(
    site: &Site,
    page: &Page,
    poster: &Poster,
    photo: Option<Variant>,
    t: &IndexMap<String, String>,
) -> Result<PosterView, Diagnostic> {
    let target_url = site.permalink(&page.url);
    let qr_svg = qr_svg(&target_url).map_err(|err| {
        Diagnostic::error(say::qr_code_failed(&err.to_string()))
            .in_file(&page.source.path)
            .at_line(Some(page.meta.line))
            .with_hint(say::qr_code_failed_hint())
    })?;
    let facts = facts(page, t);
    // poster.html shows the summary where there is no slogan.
    let slogan = poster.slogan.as_deref().or(page.meta.summary.as_deref());
    let (fit, photo) = Fit::with_photo(&page.meta.title, slogan, &facts, photo.as_ref());
    Ok(PosterView {
        size: poster_size(poster),
        slogan: poster.slogan.clone(),
        style: style_name(poster.style.as_deref()),
        qr_svg,
        target_url,
        facts,
        title_class: TITLE_CLASSES[fit.title],
        slogan_class: SLOGAN_CLASSES[fit.slogan],
        facts_class: FACTS_CLASSES[fit.facts],
        photo,
    })
}

/// Poster data for poster.html.
#[derive(Debug, Clone, Serialize)]
struct PosterView {
    pub size: &'static str,
    pub slogan: Option<String>,
    pub style: String,
    pub qr_svg: String,
    pub target_url: String,
    pub facts: Vec<Fact>,
    /// Size classes chosen so title, slogan and facts fit one sheet (outputs::poster).
    pub title_class: &'static str,
    pub slogan_class: &'static str,
    pub facts_class: &'static str,
    /// The page's photo, when the text leaves it room.
    pub photo: Option<PhotoView>,
}

/// A photo on a poster: a `data:` URI (the poster is one file), and the height
/// class of its box (`photo-1`…), chosen with the type sizes.
#[derive(Debug, Clone, Serialize)]
struct PhotoView {
    pub src: String,
    pub width: u32,
    pub height: u32,
    pub class: &'static str,
}

impl PhotoView {
    fn new(copy: &Variant, class: &'static str) -> PhotoView {
        use base64::Engine as _;
        let mime = match copy.format {
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Jpeg | Format::WebP => "image/jpeg",
        };
        let data = base64::engine::general_purpose::STANDARD.encode(&copy.bytes);
        PhotoView {
            src: format!("data:{mime};base64,{data}"),
            width: copy.width,
            height: copy.height,
            class,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct Fact {
    pub label: String,
    pub value: String,
}

fn poster_size(poster: &Poster) -> &'static str {
    match poster.size {
        PosterSize::A4 => "A4",
        PosterSize::A3 => "A3",
    }
}

/// A warning when `page`'s `poster.style` is not one the theme styles (`styles`,
/// besides the default `red`): its poster would silently keep the default colours.
/// None when the theme styles no names at all (then it has no choice to offer).
pub(crate) fn unstyled(
    page: &Page,
    styles: &std::collections::BTreeSet<String>,
) -> Option<Diagnostic> {
    let written = page.meta.poster.as_ref()?.style.as_deref()?;
    let name = style_name(Some(written));
    if styles.is_empty() || name == "red" || styles.contains(&name) {
        return None;
    }
    let mut known: Vec<&str> = styles.iter().map(String::as_str).collect();
    if !known.contains(&"red") {
        known.push("red");
        known.sort_unstable();
    }
    Some(
        Diagnostic::warning(say::unknown_poster_style(written))
            .in_file(&page.source.path)
            .at_line(page.meta.poster_line)
            .with_hint(say::poster_styles_are(&known)),
    )
}

/// `poster.style` as a CSS class suffix: lower case letters, digits and `-`,
/// `red` when absent. The theme decides which names it styles.
fn style_name(style: Option<&str>) -> String {
    let name: String = style
        .unwrap_or("")
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        "red".to_string()
    } else {
        name
    }
}

/// The QR code as an `<svg>` element (no XML declaration) that scales to
/// whatever size the CSS gives it; dark modules black on white for any scheme.
fn qr_svg(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let element = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
    Ok(element.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"QR: {}\" ", escape_html(url)),
        1,
    ))
}

/// The key facts of a page by kind: when, where, who, whom to ask.
fn facts(page: &Page, t: &IndexMap<String, String>) -> Vec<Fact> {
    let lang = page.lang.as_str();
    let mut facts = Vec::new();
    let mut add = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            facts.push(Fact {
                label: label(t, key),
                value: unbroken_numbers(&value),
            });
        }
    };
    match &page.meta.kind {
        KindMeta::Notice(notice) => {
            add("published", page.date().map(|d| format_date(d, lang)));
            add(
                "valid_until",
                notice
                    .valid_until
                    .as_ref()
                    .map(|v| format_date(v.value, lang)),
            );
            add("issuer", notice.issuer.clone());
            if let Some(contact) = &notice.contact {
                add("contact_name", contact.name.clone());
                add("phone", contact.phone.clone());
                add("email", contact.email.clone());
                add("address", contact.address.clone());
            }
        }
        KindMeta::Training(training) => {
            let batches: Vec<_> = training.batches.iter().map(|b| &b.value).collect();
            // Places once for all batches when they are the same, else per batch.
            let seats: Vec<Option<u32>> = batches.iter().map(|b| b.seats).collect();
            let same_seats = match seats.as_slice() {
                [Some(first), rest @ ..] if rest.iter().all(|s| *s == Some(*first)) => Some(*first),
                _ => None,
            };
            let lines: Vec<String> = batches
                .iter()
                .map(|b| {
                    let range = date_range(b.start, b.end, lang, t);
                    // `（名额20）` / `(Places 20)` moves to the next line whole.
                    let seats = match b.seats.filter(|_| same_seats.is_none()) {
                        Some(n) if lang == "zh" => {
                            unbreakable(&format!("（{}{n}）", label(t, "seats")))
                        }
                        Some(n) => format!(" ({}\u{A0}{n})", label(t, "seats")),
                        None => String::new(),
                    };
                    format!("{}{}{range}{seats}", b.name, label(t, "colon"))
                })
                .collect();
            if lines.is_empty() {
                let schedule = crate::timetable::Schedule::of(training);
                let last = schedule.sessions.last().map(|s| s.date);
                add(
                    "dates",
                    schedule
                        .first_day()
                        .zip(last)
                        .map(|(first, last)| date_range(first, last, lang, t)),
                );
            } else {
                let key = if lines.len() == 1 { "dates" } else { "batches" };
                add(key, Some(lines.join("\n")));
            }
            add(
                "seats",
                same_seats.map(|n| {
                    let key = if batches.len() == 1 {
                        "seats_total"
                    } else {
                        "seats_each"
                    };
                    label(t, key).replace("{n}", &n.to_string())
                }),
            );
            add("venue", training.venue.clone());
            add("audience", training.audience.clone());
            add("organizer", training.organizer.clone());
        }
        KindMeta::Plan(plan) => {
            add(
                "period",
                plan.period
                    .as_ref()
                    .map(|p| date_range(p.value.start, p.value.end, lang, t)),
            );
            add("issuer", plan.issuer.clone());
        }
        KindMeta::Page => {
            add("published", page.date().map(|d| format_date(d, lang)));
        }
    }
    facts
}

/// Numbers kept whole: browsers may break after the `-` of `0551-1234571`
/// or around the dash of `8:30—17:30`, so a hyphen or dash between two
/// digits gets a WORD JOINER (U+2060, invisible) on each side.
fn unbroken_numbers(text: &str) -> String {
    const JOINER: char = '\u{2060}';
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if between_digits && matches!(c, '-' | '\u{2013}' | '\u{2014}' | '~' | '\u{FF5E}') {
            out.extend([JOINER, c, JOINER]);
        } else {
            out.push(c);
        }
    }
    out
}

/// Text that never breaks over two lines: WORD JOINERs between its characters.
fn unbreakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            out.push('\u{2060}');
        }
        out.push(c);
    }
    out
}

/// `2024年3月4日至3月15日` / `4 March to 15 March 2024`: the year once when it is shared.
fn date_range(start: Date, end: Date, lang: &str, t: &IndexMap<String, String>) -> String {
    let to = label(t, "period_to");
    let (from, until) = if start.year() == end.year() && lang == "zh" {
        (format_date(start, lang), format_day_month(end, lang))
    } else if start.year() == end.year() {
        (format_day_month(start, lang), format_date(end, lang))
    } else {
        (format_date(start, lang), format_date(end, lang))
    };
    if lang == "zh" {
        format!("{from}{to}{until}")
    } else {
        format!("{from} {to} {until}")
    }
}

// ───────────────────────────── fitting one sheet ─────────────────────────────
//
// Sizes are in poster units: 1 mm on A4 (the A3 sheet is the same layout
// scaled by √2, so one choice serves both). poster.html gives each class
// below exactly this font size and line height; a unit test keeps them equal.

/// Font sizes of the title classes, largest first.
const TITLE_SIZES: [f64; 7] = [18.0, 15.0, 12.5, 10.5, 9.0, 7.5, 6.5];
const TITLE_CLASSES: [&str; 7] = [
    "title-1", "title-2", "title-3", "title-4", "title-5", "title-6", "title-7",
];
const SLOGAN_SIZES: [f64; 5] = [10.0, 8.5, 7.0, 6.0, 5.0];
const SLOGAN_CLASSES: [&str; 5] = ["slogan-1", "slogan-2", "slogan-3", "slogan-4", "slogan-5"];
const FACTS_SIZES: [f64; 5] = [7.0, 6.0, 5.2, 4.5, 4.0];
const FACTS_CLASSES: [&str; 5] = ["facts-1", "facts-2", "facts-3", "facts-4", "facts-5"];

/// Sizes read comfortably from 2 m; below them a block counts as shrunk.
const TITLE_READABLE: f64 = 12.5;
const SLOGAN_READABLE: f64 = 7.0;
const FACTS_READABLE: f64 = 7.0;

const TITLE_LINE_HEIGHT: f64 = 1.25;
const SLOGAN_LINE_HEIGHT: f64 = 1.4;
const FACTS_LINE_HEIGHT: f64 = 1.45;

/// Width of the text column: the sheet (190 on A4 after the page margins)
/// less the inner padding on both sides.
const TEXT_WIDTH: f64 = 170.0;
/// Height the title, slogan and facts may take together: the sheet (276) less
/// the coloured band (21), the footer with the QR code (59) and the space
/// above the title (9) leaves 187; ~6% of that is kept in reserve because
/// real fonts are not the averages used here.
const BODY_HEIGHT: f64 = 176.0;
/// Heights of a photo's box, tallest first, and their classes in poster.html;
/// the space below the box.
const PHOTO_HEIGHTS: [f64; 3] = [70.0, 55.0, 40.0];
const PHOTO_CLASSES: [&str; 3] = ["photo-1", "photo-2", "photo-3"];
const PHOTO_GAP: f64 = 7.0;
/// Space below the title and around the slogan box (padding + margin).
const TITLE_GAP: f64 = 7.0;
const SLOGAN_EXTRA: f64 = 2.0 * 5.0 + 8.0;
const SLOGAN_INSET: f64 = 2.0 * 6.0 + 2.5;
/// Between the label and value columns; between two facts, in ems of their size.
const FACTS_COLUMN_GAP: f64 = 5.0;
const FACTS_ROW_GAP_EM: f64 = 0.5;
/// A title of more lines than this is shrunk even when there is room.
const TITLE_MAX_LINES: usize = 5;
/// How much wider bold glyphs are than regular ones.
const BOLD: f64 = 1.06;

/// One choice of size class per block (indices into the tables above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fit {
    title: usize,
    slogan: usize,
    facts: usize,
}

impl Fit {
    /// Of every combination of sizes whose estimated height fits the sheet,
    /// the one that keeps every block closest to its comfortable reading
    /// size (the largest smallest ratio, capped at 1), then the one with the
    /// largest sizes (sum of ratios to the full sizes). The
    /// title keeps at most `TITLE_MAX_LINES` lines and is never smaller than
    /// the slogan or the facts. When nothing fits (an absurd amount of text)
    /// everything gets the smallest size and the sheet clips the rest.
    fn choose(title: &str, slogan: Option<&str>, facts: &[Fact]) -> Fit {
        Fit::within(BODY_HEIGHT, title, slogan, facts).0
    }

    /// The sizes, and the photo's box (the tallest of `PHOTO_HEIGHTS` no
    /// taller than the photo is at the column's width, or the lowest) when the
    /// text still fits beside it at sizes read comfortably from 2 m. Else no
    /// photo: the text is what the poster is for.
    fn with_photo(
        title: &str,
        slogan: Option<&str>,
        facts: &[Fact],
        photo: Option<&Variant>,
    ) -> (Fit, Option<PhotoView>) {
        if let Some(photo) = photo.filter(|p| p.width > 0) {
            let natural = TEXT_WIDTH * f64::from(photo.height) / f64::from(photo.width);
            let lowest = PHOTO_HEIGHTS.len() - 1;
            for (step, &height) in PHOTO_HEIGHTS.iter().enumerate() {
                if height > natural && step < lowest {
                    continue;
                }
                let (fit, readable) =
                    Fit::within(BODY_HEIGHT - height - PHOTO_GAP, title, slogan, facts);
                if readable {
                    return (fit, Some(PhotoView::new(photo, PHOTO_CLASSES[step])));
                }
            }
        }
        (Fit::choose(title, slogan, facts), None)
    }

    /// `choose` for a body `body` units high, and whether every block keeps
    /// its comfortable reading size there.
    fn within(body: f64, title: &str, slogan: Option<&str>, facts: &[Fact]) -> (Fit, bool) {
        let slogan_steps = if slogan.is_some() {
            SLOGAN_SIZES.len()
        } else {
            1
        };
        let facts_steps = if facts.is_empty() {
            1
        } else {
            FACTS_SIZES.len()
        };
        let title_lines_ok = |t: usize| {
            t + 1 == TITLE_SIZES.len()
                || wrapped_lines(title, TEXT_WIDTH / TITLE_SIZES[t] / BOLD) <= TITLE_MAX_LINES
        };
        let mut best: Option<(f64, f64, Fit)> = None;
        for (t, &title_size) in TITLE_SIZES.iter().enumerate() {
            if !title_lines_ok(t) {
                continue;
            }
            let title_height = title_height(title, t);
            for (s, &slogan_size) in SLOGAN_SIZES.iter().enumerate().take(slogan_steps) {
                if slogan.is_some() && slogan_size > title_size {
                    continue;
                }
                let slogan_height = slogan.map_or(0.0, |text| slogan_height(text, s));
                for (f, &facts_size) in FACTS_SIZES.iter().enumerate().take(facts_steps) {
                    if !facts.is_empty() && facts_size > title_size {
                        continue;
                    }
                    if title_height + slogan_height + facts_height(facts, f) > body {
                        continue;
                    }
                    let mut blocks = vec![(title_size, TITLE_READABLE, TITLE_SIZES[0])];
                    if slogan.is_some() {
                        blocks.push((slogan_size, SLOGAN_READABLE, SLOGAN_SIZES[0]));
                    }
                    if !facts.is_empty() {
                        blocks.push((facts_size, FACTS_READABLE, FACTS_SIZES[0]));
                    }
                    let smallest = blocks
                        .iter()
                        .map(|(size, readable, _)| (size / readable).min(1.0))
                        .fold(f64::INFINITY, f64::min);
                    let sum: f64 = blocks.iter().map(|(size, _, full)| size / full).sum();
                    let fit = Fit {
                        title: t,
                        slogan: s,
                        facts: f,
                    };
                    if best.is_none_or(|(bs, bsum, _)| (smallest, sum) > (bs, bsum)) {
                        best = Some((smallest, sum, fit));
                    }
                }
            }
        }
        best.map_or(
            (
                Fit {
                    title: TITLE_SIZES.len() - 1,
                    slogan: slogan_steps - 1,
                    facts: facts_steps - 1,
                },
                false,
            ),
            |(smallest, _, fit)| (fit, smallest >= 1.0),
        )
    }
}

fn title_height(title: &str, step: usize) -> f64 {
    let size = TITLE_SIZES[step];
    wrapped_lines(title, TEXT_WIDTH / size / BOLD) as f64 * size * TITLE_LINE_HEIGHT + TITLE_GAP
}

fn slogan_height(slogan: &str, step: usize) -> f64 {
    let size = SLOGAN_SIZES[step];
    wrapped_lines(slogan, (TEXT_WIDTH - SLOGAN_INSET) / size / BOLD) as f64
        * size
        * SLOGAN_LINE_HEIGHT
        + SLOGAN_EXTRA
}

fn facts_height(facts: &[Fact], step: usize) -> f64 {
    if facts.is_empty() {
        return 0.0;
    }
    let size = FACTS_SIZES[step];
    let label_width = facts
        .iter()
        .map(|f| text_width(&f.label) * BOLD)
        .fold(0.0, f64::max)
        * size;
    let value_width = (TEXT_WIDTH - label_width - FACTS_COLUMN_GAP) / size;
    let lines: usize = facts
        .iter()
        .map(|f| {
            f.value
                .lines()
                .map(|line| wrapped_lines(line, value_width))
                .sum::<usize>()
                .max(1)
        })
        .sum();
    lines as f64 * size * FACTS_LINE_HEIGHT + (facts.len() - 1) as f64 * FACTS_ROW_GAP_EM * size
}

/// Width of a character in ems: CJK ideographs, kana, hangul, full-width
/// forms and the em dash take a whole em; Latin text about half of one
/// (measured on Noto Sans CJK and Arial, rounded up: lower case 0.53,
/// capitals 0.67, digits 0.56, punctuation 0.33, a space 0.28).
fn char_width(c: char) -> f64 {
    match c as u32 {
        0x1100..=0x115F
        | 0x2014
        | 0x2026
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 1.0,
        // invisible: the word joiners of `unbroken_numbers`
        0x2060 => 0.0,
        _ if c.is_whitespace() => 0.28,
        _ if c.is_ascii_lowercase() => 0.53,
        _ if c.is_ascii_uppercase() => 0.67,
        _ if c.is_ascii_digit() => 0.56,
        _ if c.is_ascii_punctuation() => 0.33,
        _ => 0.6,
    }
}

/// Width of a text in ems, CJK-aware (a CJK character counts 1, Latin ~0.55).
/// Bold text (title, slogan, labels) is about 6% wider: see `BOLD`.
fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// Lines a text takes in a column `width` ems wide, breaking as a browser
/// does: between any two CJK characters, at spaces between Latin words, and
/// inside a Latin word only when it is wider than the column.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = width.max(1.0);
    let mut lines = 1;
    let mut line = 0.0;
    let place = |piece: f64, lines: &mut usize, line: &mut f64| {
        if *line > 0.0 && *line + piece > width {
            *lines += 1;
            *line = 0.0;
        }
        *line += piece;
        while *line > width {
            *lines += 1;
            *line -= width;
        }
    };
    let mut word = 0.0;
    for c in text.trim().chars() {
        let w = char_width(c);
        if c.is_whitespace() {
            place(word, &mut lines, &mut line);
            word = 0.0;
            if line > 0.0 {
                line += w;
            }
        } else if w >= 1.0 {
            place(word, &mut lines, &mut line);
            word = 0.0;
            place(w, &mut lines, &mut line);
        } else {
            word += w;
        }
    }
    place(word, &mut lines, &mut line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(label: &str, value: &str) -> Fact {
        Fact {
            label: label.to_string(),
            value: value.to_string(),
        }
    }

    #[test]
    fn cjk_characters_count_one_and_latin_about_half() {
        assert_eq!(text_width("婚育新风进万家"), 7.0);
        let latin = text_width("Rubella vaccination, 2024") / 25.0;
        assert!((0.45..0.6).contains(&latin), "{latin}");
        assert_eq!(
            text_width("0551-\u{2060}1234571"),
            text_width("0551-1234571")
        );
        assert_eq!(text_width("，。（）"), 4.0);
    }

    #[test]
    fn lines_break_between_cjk_characters_and_between_latin_words() {
        assert_eq!(wrapped_lines("一二三四五六七八九十", 10.0), 1);
        assert_eq!(wrapped_lines("一二三四五六七八九十一", 10.0), 2);
        // 20 words of 5 letters: each 2.75 em + a space; 3 words a line in 10 em.
        let words = vec!["abcde"; 20].join(" ");
        assert_eq!(wrapped_lines(&words, 10.0), 7);
        // A word wider than the column is broken inside.
        assert_eq!(wrapped_lines(&"a".repeat(40), 10.0), 3);
    }

    #[test]
    fn a_short_notice_keeps_the_largest_sizes() {
        let facts = [
            fact("发布日期", "2024年4月2日"),
            fact("有效期至", "2030年12月31日"),
            fact("发文机关", "县人口和计划生育委员会"),
            fact("联系方式", "陈静  0551-1234571"),
            fact("地址", "县政府三楼"),
        ];
        let fit = Fit::choose(
            "关于做好育龄妇女风疹疫苗接种工作的紧急通知",
            Some("婚育新风进万家"),
            &facts,
        );
        assert_eq!((fit.slogan, fit.facts), (0, 0), "{fit:?}");
        assert!(fit.title <= 1, "{fit:?}");
    }

    #[test]
    fn a_sixty_character_title_with_a_long_slogan_and_many_facts_shrinks_to_fit() {
        let title = "关于在全县范围内开展育龄妇女风疹疫苗免费接种暨孕前优生健康检查和出生缺陷综合防治宣传服务月活动的紧急通知";
        assert_eq!(title.chars().count(), 52);
        let title = format!("{title}（第二次补充通知）");
        assert!(title.chars().count() >= 60);
        let slogan = "婚育新风进万家，优生优育惠民生；关爱育龄妇女健康，预防出生缺陷从孕前检查做起，免费服务送到家门口";
        let facts: Vec<Fact> = (0..8)
            .map(|i| fact("联系地址", &format!("县政府第{i}办公楼三楼东侧服务大厅计划生育综合窗口，工作日上午八点至下午五点")))
            .collect();
        let fit = Fit::choose(&title, Some(slogan), &facts);
        let total = title_height(&title, fit.title)
            + slogan_height(slogan, fit.slogan)
            + facts_height(&facts, fit.facts);
        assert!(total <= BODY_HEIGHT, "{fit:?} needs {total}");
        assert!(fit.title > 0 && fit.facts > 0, "{fit:?}");
        assert!(TITLE_SIZES[fit.title] >= SLOGAN_SIZES[fit.slogan]);
        assert!(TITLE_SIZES[fit.title] >= FACTS_SIZES[fit.facts]);
    }

    fn photo(width: u32, height: u32) -> Variant {
        Variant {
            width,
            height,
            format: Format::Jpeg,
            bytes: vec![0xFF, 0xD8, 0xFF],
        }
    }

    #[test]
    fn a_short_notice_shows_its_photo_in_the_tallest_box_and_keeps_readable_sizes() {
        let facts = [fact("发布日期", "2024年4月2日"), fact("地址", "县政府三楼")];
        let (fit, shown) = Fit::with_photo(
            "关于开展便民服务日活动的通知",
            Some("婚育新风进万家"),
            &facts,
            Some(&photo(1600, 1200)),
        );
        let shown = shown.expect("room for the photo");
        assert_eq!(shown.class, "photo-1");
        assert_eq!(shown.src, "data:image/jpeg;base64,/9j/");
        assert_eq!((shown.width, shown.height), (1600, 1200));
        let total = title_height("关于开展便民服务日活动的通知", fit.title)
            + slogan_height("婚育新风进万家", fit.slogan)
            + facts_height(&facts, fit.facts);
        assert!(
            total + PHOTO_HEIGHTS[0] + PHOTO_GAP <= BODY_HEIGHT,
            "{fit:?}"
        );
        assert!(TITLE_SIZES[fit.title] >= TITLE_READABLE, "{fit:?}");
    }

    #[test]
    fn a_wide_photo_gets_a_box_no_taller_than_itself() {
        // 170 units wide, a 4:1 panorama is 42.5 high: the 40 box.
        let (_, shown) = Fit::with_photo("通知", None, &[], Some(&photo(2000, 500)));
        assert_eq!(shown.expect("a photo").class, "photo-3");
    }

    #[test]
    fn a_poster_full_of_text_leaves_the_photo_out() {
        let title = "关于在全县范围内开展育龄妇女风疹疫苗免费接种暨孕前优生健康检查和出生缺陷综合防治宣传服务月活动的紧急通知";
        let slogan = "婚育新风进万家，优生优育惠民生；关爱育龄妇女健康，预防出生缺陷从孕前检查做起，免费服务送到家门口";
        let facts: Vec<Fact> = (0..6)
            .map(|i| {
                fact(
                    "联系地址",
                    &format!("县政府第{i}办公楼三楼东侧服务大厅计划生育综合窗口"),
                )
            })
            .collect();
        let (fit, shown) = Fit::with_photo(title, Some(slogan), &facts, Some(&photo(1600, 1200)));
        assert!(
            shown.is_none(),
            "the photo pushed the text below its readable size"
        );
        assert_eq!(fit, Fit::choose(title, Some(slogan), &facts));
    }

    #[test]
    fn the_longer_the_title_the_smaller_its_class() {
        let mut last = 0;
        for n in [6, 20, 40, 60, 90] {
            let fit = Fit::choose(&"通".repeat(n), None, &[]);
            assert!(fit.title >= last, "{n} characters: {fit:?}");
            last = fit.title;
        }
        assert!(last >= 3);
    }

    #[test]
    fn the_qr_code_is_an_inline_svg_element() {
        let svg = qr_svg("https://example.gov.cn/notices/x/").unwrap();
        assert!(svg.starts_with(
            "<svg role=\"img\" aria-label=\"QR: https://example.gov.cn/notices/x/\" xmlns="
        ));
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn numbers_do_not_break_at_their_hyphen_or_dash() {
        assert_eq!(
            unbroken_numbers("0551-1234571，工作日 8:30—17:30"),
            "0551\u{2060}-\u{2060}1234571，工作日 8:30\u{2060}—\u{2060}17:30"
        );
        assert_eq!(unbroken_numbers("call -1 or 12- ——"), "call -1 or 12- ——");
    }

    #[test]
    fn style_names_are_css_safe() {
        assert_eq!(style_name(None), "red");
        assert_eq!(style_name(Some(" Blue ")), "blue");
        assert_eq!(style_name(Some("\"><script>")), "script");
    }

    /// poster.html must give every class the size `Fit` assumed.
    #[test]
    fn the_default_theme_styles_every_size_class() {
        let template = crate::load::theme::DEFAULT_THEME
            .get_file("templates/poster.html")
            .and_then(|f| f.contents_utf8())
            .expect("the default theme has poster.html");
        let tables: [(&[&str], &[f64]); 3] = [
            (&TITLE_CLASSES, &TITLE_SIZES),
            (&SLOGAN_CLASSES, &SLOGAN_SIZES),
            (&FACTS_CLASSES, &FACTS_SIZES),
        ];
        for (classes, sizes) in tables {
            for (class, size) in classes.iter().zip(sizes) {
                let rule = format!(".{class} {{ --size: {size}; }}");
                assert!(template.contains(&rule), "poster.html lacks `{rule}`");
            }
        }
        for (class, height) in PHOTO_CLASSES.iter().zip(PHOTO_HEIGHTS) {
            let rule = format!(".{class} {{ height: calc({height} * var(--u)); }}");
            assert!(template.contains(&rule), "poster.html lacks `{rule}`");
        }
        let gap = format!("margin: 0 0 calc({PHOTO_GAP} * var(--u));");
        assert!(template.contains(&gap), "poster.html lacks `{gap}`");
    }
}
