//! Notices, plans and trainings as their readers see them (SPEC §2, §4, issue 3):
//! each layout's fields in both languages, expiry and the archive, the urgent
//! banner, the targets table, the timetable by week with its totals, the
//! calendar file read back by a real iCalendar parser, the checks of what a
//! page says (one broken fixture each) and `placard new`.

mod support;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike};
use support::html::{ElementRef, Html, all, html, one, select, text, texts};
use support::site::{build_ok, fixture, placard, placard_on, read, stderr};
use support::{Browser, StaticServer};

// ───────────────────────────── reading the output ─────────────────────────────

/// The disclosure box of a page as (label, value) pairs, in order.
fn disclosure(doc: &Html) -> Vec<(String, String)> {
    all(doc, ".disclosure .disclosure-row")
        .into_iter()
        .map(|row| (texts(row, "dt").join(""), texts(row, "dd").join("")))
        .collect()
}

fn row<'a>(rows: &'a [(String, String)], label: &str) -> &'a str {
    rows.iter()
        .find(|(dt, _)| dt == label)
        .map(|(_, dd)| dd.as_str())
        .unwrap_or_else(|| panic!("no disclosure row `{label}` in {rows:?}"))
}

/// The theme's UI strings of a language (labels change; the keys do not).
fn ui(lang: &str) -> HashMap<String, String> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/i18n")
        .join(format!("{lang}.yaml"));
    serde_saphyr::from_str(&fs::read_to_string(&file).expect("i18n file")).expect("i18n YAML")
}

fn meta(doc: &Html, name: &str) -> Option<String> {
    all(doc, &format!("head meta[name=\"{name}\"]"))
        .first()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string)
}

fn hrefs(scope: ElementRef, css: &str) -> Vec<String> {
    select(scope, css)
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

// ───────────────────────────── notices ─────────────────────────────

#[test]
fn notice_shows_its_disclosure_fields_and_attachments_in_both_languages() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let (zh_t, en_t) = (ui("zh"), ui("en"));

    let zh = html(&out, "notices/enrolment/index.html");
    let rows = disclosure(&zh);
    assert_eq!(row(&rows, &zh_t["issuer"]), "县人口和计划生育委员会");
    assert_eq!(row(&rows, &zh_t["doc_number"]), "县人口发〔2024〕3号");
    assert_eq!(row(&rows, &zh_t["published"]), "2024年3月1日");
    assert_eq!(row(&rows, &zh_t["contact_name"]), "王林");
    assert_eq!(row(&rows, &zh_t["phone"]), "0551-1234567");
    assert_eq!(row(&rows, &zh_t["address"]), "县政府二楼");
    assert_eq!(row(&rows, &zh_t["tags"]), "培训 计划生育");
    let attachment = one(&zh, ".attachments li");
    assert_eq!(texts(attachment, "a"), ["报名表"]);
    assert_eq!(hrefs(attachment, "a"), ["/notices/enrolment/报名表.txt"]);
    assert!(text(attachment).contains("TXT"), "{}", text(attachment));
    assert!(text(attachment).contains("115 B"), "{}", text(attachment));

    let en = html(&out, "en/notices/enrolment/index.html");
    let rows = disclosure(&en);
    assert_eq!(
        row(&rows, &en_t["issuer"]),
        "County Population and Family Planning Commission"
    );
    assert_eq!(row(&rows, &en_t["doc_number"]), "县人口发〔2024〕3号");
    assert_eq!(row(&rows, &en_t["published"]), "1 March 2024");
    assert_eq!(row(&rows, &en_t["contact_name"]), "Wang Lin");
    assert_eq!(
        row(&rows, &en_t["address"]),
        "2nd floor, County Government Building"
    );
    let attachment = one(&en, ".attachments li");
    assert_eq!(texts(attachment, "a"), ["Enrolment form"]);
    assert_eq!(hrefs(attachment, "a"), ["/en/notices/enrolment/报名表.txt"]);
    assert!(text(attachment).contains("115 B"), "{}", text(attachment));
}

#[test]
fn notice_validity_is_shown_and_an_expired_notice_is_marked() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let (zh_t, en_t) = (ui("zh"), ui("en"));
    let valid = html(&out, "notices/urgent-vaccination/index.html");
    assert_eq!(
        row(&disclosure(&valid), &zh_t["valid_until"]),
        format!("2030年12月31日 {}", zh_t["valid"])
    );
    let expired = html(&out, "notices/expired-campaign/index.html");
    assert_eq!(
        row(&disclosure(&expired), &zh_t["valid_until"]),
        format!("2024年5月31日 {}", zh_t["expired"])
    );
    assert!(text(one(&expired, ".status-expired")).contains(&zh_t["expired"]));
    let expired_en = html(&out, "en/notices/expired-campaign/index.html");
    assert_eq!(
        row(&disclosure(&expired_en), &en_t["valid_until"]),
        format!("31 May 2024 {}", en_t["expired"])
    );
    assert!(text(one(&expired_en, ".status-expired")).contains(&en_t["expired"]));
}

#[test]
fn expired_notice_is_in_the_archive_and_not_among_current_notices() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for (file, lang) in [
        ("notices/index.html", "zh"),
        ("en/notices/index.html", "en"),
    ] {
        let archive_title = ui(lang)["archive"].clone();
        let doc = html(&out, file);
        let prefix = if file.starts_with("en/") { "/en" } else { "" };
        let current = hrefs(one(&doc, "#section-pages"), ".page-item-title");
        assert_eq!(
            current,
            [
                format!("{prefix}/notices/urgent-vaccination/"),
                format!("{prefix}/notices/enrolment/"),
            ],
            "{file}: current notices, newest first"
        );
        let archive = one(&doc, ".archive");
        assert_eq!(texts(archive, "h2"), [archive_title]);
        assert_eq!(
            hrefs(archive, ".page-item-title"),
            [format!("{prefix}/notices/expired-campaign/")],
            "{file}: archive"
        );
    }
}

#[test]
fn urgent_banner_is_on_the_home_page_while_valid_and_gone_after() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    for (home, url) in [
        ("index.html", "/notices/urgent-vaccination/"),
        ("en/index.html", "/en/notices/urgent-vaccination/"),
    ] {
        let run = placard_on(&["build", "--root", root], "2030-12-31");
        assert!(run.status.success(), "{}", stderr(&run));
        let doc = html(&site.path().join("output"), home);
        let banner = one(&doc, ".urgent-banner");
        assert_eq!(hrefs(banner, "a"), [url], "{home}: on its last valid day");

        let run = placard_on(&["build", "--root", root], "2031-01-01");
        assert!(run.status.success(), "{}", stderr(&run));
        let out = site.path().join("output");
        let doc = html(&out, home);
        assert!(
            all(&doc, ".urgent-banner").is_empty(),
            "{home}: no banner once valid_until has passed"
        );
        let section = html(&out, &home.replace("index.html", "notices/index.html"));
        assert!(
            hrefs(one(&section, ".archive"), ".page-item-title").contains(&url.to_string()),
            "the urgent notice is archived after it expires"
        );
    }
}

#[test]
fn pages_carry_government_metadata_in_head() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let zh = html(&out, "notices/enrolment/index.html");
    assert_eq!(
        meta(&zh, "SiteName").as_deref(),
        Some("某某县人民政府信息公开")
    );
    assert_eq!(meta(&zh, "ColumnName").as_deref(), Some("通知公告"));
    assert_eq!(
        meta(&zh, "ArticleTitle").as_deref(),
        Some("关于技术服务人员进修培训报名的通知")
    );
    assert_eq!(meta(&zh, "PubDate").as_deref(), Some("2024-03-01 00:00"));
    assert_eq!(
        meta(&zh, "ContentSource").as_deref(),
        Some("县人口和计划生育委员会")
    );
    assert_eq!(meta(&zh, "Keywords").as_deref(), Some("培训,计划生育"));
    assert_eq!(
        meta(&zh, "Description").as_deref(),
        Some("请各乡镇按时报送进修培训报名表。")
    );

    let en = html(&out, "en/trainings/technician-course/index.html");
    assert_eq!(
        meta(&en, "SiteName").as_deref(),
        Some("Example County Government")
    );
    assert_eq!(meta(&en, "ColumnName").as_deref(), Some("Training"));
    assert_eq!(
        meta(&en, "ContentSource").as_deref(),
        Some("County Family Planning Service Station")
    );
    assert_eq!(meta(&en, "PubDate").as_deref(), Some("2024-02-26 00:00"));

    let plan = html(&out, "plans/work-points-2024/index.html");
    assert_eq!(
        meta(&plan, "ContentSource").as_deref(),
        Some("縣人口和計劃生育委員會")
    );
    // A list page is not an article.
    let list = html(&out, "notices/index.html");
    assert_eq!(meta(&list, "ArticleTitle"), None);
}

// ───────────────────────────── plans ─────────────────────────────

#[test]
fn plan_shows_period_status_issuer_and_targets_table_in_both_languages() {
    let site = fixture("good");
    let out = build_ok(site.path());

    let (zh_t, en_t) = (ui("zh"), ui("en"));
    let zh = html(&out, "plans/work-points-2024/index.html");
    let rows = disclosure(&zh);
    assert_eq!(row(&rows, &zh_t["issuer"]), "縣人口和計劃生育委員會");
    assert_eq!(
        row(&rows, &zh_t["period"]),
        format!("2024年1月1日 {} 2024年12月31日", zh_t["period_to"])
    );
    assert_eq!(row(&rows, &zh_t["status"]), zh_t["status_in_force"]);
    let targets = one(&zh, ".targets table");
    let body: Vec<Vec<String>> = select(targets, "tbody tr")
        .into_iter()
        .map(|tr| texts(tr, "th, td"))
        .collect();
    assert_eq!(
        body,
        [
            ["1", "自然增長率", "≤ 7.5‰"],
            ["2", "綜合性別比", "120左右"],
            ["3", "統計準確率", "100%"],
        ]
    );

    let en = html(&out, "en/plans/work-points-2024/index.html");
    let rows = disclosure(&en);
    assert_eq!(
        row(&rows, &en_t["period"]),
        format!("1 January 2024 {} 31 December 2024", en_t["period_to"])
    );
    assert_eq!(row(&rows, &en_t["status"]), en_t["status_in_force"]);
    let targets = one(&en, ".targets table");
    assert_eq!(
        texts(targets, "thead th"),
        ["#", en_t["indicator"].as_str(), en_t["target"].as_str()]
    );
    assert_eq!(
        texts(targets, "tbody th"),
        [
            "Natural growth rate",
            "Overall sex ratio at birth",
            "Accuracy of statistics"
        ]
    );
    let completed = html(&out, "plans/untranslated-plan/index.html");
    assert_eq!(
        row(&disclosure(&completed), &zh_t["status"]),
        zh_t["status_completed"]
    );
}

#[test]
fn plan_list_offers_a_status_and_year_filter() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let t = ui("zh");
    let doc = html(&out, "plans/index.html");
    let form = one(&doc, "form.list-filter");
    assert_eq!(
        texts(form, "select[name=status] option"),
        [
            t["filter_any"].as_str(),
            t["status_in_force"].as_str(),
            t["status_completed"].as_str()
        ]
    );
    assert_eq!(
        texts(form, "select[name=year] option"),
        [t["filter_any"].as_str(), "2024", "2023"]
    );
    let items: Vec<(String, String, String)> = all(&doc, "#section-pages .page-item")
        .into_iter()
        .map(|li| {
            let attr = |name| li.value().attr(name).unwrap_or_default().to_string();
            (
                hrefs(li, ".page-item-title").join(""),
                attr("data-status"),
                attr("data-year"),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "/plans/work-points-2024/".to_string(),
                "in_force".to_string(),
                "2024".to_string()
            ),
            (
                "/plans/untranslated-plan/".to_string(),
                "completed".to_string(),
                "2023".to_string()
            ),
        ]
    );
}

#[test]
fn plan_filter_hides_other_plans_in_chromium_and_keeps_the_choice_in_the_url() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let server = StaticServer::serve(&out);
    let browser = Browser::launch();
    let visible = |b: &Browser| -> Vec<String> {
        b.texts("#section-pages .page-item-title")
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect()
    };

    browser.goto(&server.url("/plans/?status=completed"));
    assert_eq!(visible(&browser), ["2023年流动人口服务管理工作计划"]);
    assert_eq!(
        browser.text(".list-filter-count"),
        ui("zh")["page_count"].replace("{count}", "1")
    );

    browser.click("select[name=status] option[value='']");
    browser.click("select[name=year] option[value='2024']");
    assert_eq!(visible(&browser), ["2024年全縣計劃生育工作要點"]);
    let url = browser.current_url();
    assert!(url.ends_with("/plans/?year=2024"), "{url}");
}

// ───────────────────────────── trainings ─────────────────────────────

/// Rows of the modules table (id, planned, scheduled) and its footer totals.
fn module_hours(doc: &Html) -> (Vec<(String, String, String)>, Vec<String>) {
    let table = one(doc, ".modules table");
    let rows = select(table, "tbody tr")
        .into_iter()
        .map(|tr| {
            let cells = texts(tr, "td");
            (
                cells[0].clone(),
                cells[cells.len() - 2].clone(),
                cells[cells.len() - 1].clone(),
            )
        })
        .collect();
    let totals = texts(one(doc, ".modules tfoot tr"), "td.num");
    (rows, totals)
}

#[test]
fn training_shows_its_fields_batches_and_module_hours_in_both_languages() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for (file, lang, organizer, audience, venue, batch) in [
        (
            "trainings/technician-course/index.html",
            "zh",
            "县计划生育服务站",
            "乡级计划生育技术服务人员",
            "县服务站培训室",
            vec!["第一期", "2024年3月4日 – 2024年3月15日", "20"],
        ),
        (
            "en/trainings/technician-course/index.html",
            "en",
            "County Family Planning Service Station",
            "Township family-planning technicians",
            "County Service Station Training Room",
            vec!["Batch 1", "4 March 2024 – 15 March 2024", "20"],
        ),
    ] {
        let t = ui(lang);
        let doc = html(&out, file);
        let rows = disclosure(&doc);
        assert_eq!(row(&rows, &t["organizer"]), organizer, "{file}");
        assert_eq!(row(&rows, &t["audience"]), audience, "{file}");
        assert_eq!(row(&rows, &t["venue"]), venue, "{file}");
        let batches = select(one(&doc, ".batches table"), "tbody tr");
        assert_eq!(batches.len(), 2, "{file}");
        assert_eq!(texts(batches[0], "th, td"), batch, "{file}");

        let (modules, totals) = module_hours(&doc);
        let expected: Vec<(String, String, String)> = [("T1", "6"), ("U1", "6"), ("R1", "3")]
            .iter()
            .map(|(id, h)| (id.to_string(), h.to_string(), h.to_string()))
            .collect();
        assert_eq!(modules, expected, "{file}: planned and scheduled hours");
        assert_eq!(totals, ["15", "15"], "{file}: totals");

        let ics = file.replace("index.html", "schedule.ics");
        let links = hrefs(one(&doc, "article"), "a[href$='schedule.ics']");
        assert!(!links.is_empty(), "{file}: a link to the calendar");
        assert!(
            links.iter().all(|l| l == &format!("/{ics}")),
            "{file}: {links:?}"
        );
    }
}

#[test]
fn timetable_is_grouped_by_week_with_the_right_sessions_and_hours() {
    let site = fixture("good");
    let out = build_ok(site.path());
    for (file, labels, first) in [
        (
            "trainings/technician-course/index.html",
            ["第1周（3月4日—3月10日）", "第2周（3月11日—3月17日）"],
            "2024年3月4日",
        ),
        (
            "en/trainings/technician-course/index.html",
            [
                "Week 1 (4 March – 10 March)",
                "Week 2 (11 March – 17 March)",
            ],
            "4 March 2024",
        ),
    ] {
        let doc = html(&out, file);
        let weeks = all(&doc, ".timetable .timetable-week");
        assert_eq!(weeks.len(), 2, "{file}: two weeks");
        let mut sessions_per_week = Vec::new();
        let mut hours_per_week = Vec::new();
        for (week, label) in weeks.iter().zip(labels) {
            assert_eq!(texts(*week, "h3"), [label], "{file}");
            let rows = select(*week, "tbody tr");
            sessions_per_week.push(rows.len());
            hours_per_week.push(
                rows.iter()
                    .map(|tr| {
                        let cells = texts(*tr, "td");
                        cells.last().unwrap().parse::<f64>().unwrap()
                    })
                    .sum::<f64>(),
            );
        }
        assert_eq!(sessions_per_week, [3, 2], "{file}");
        assert_eq!(hours_per_week, [9.0, 6.0], "{file}");
        let first_row = select(weeks[0], "tbody tr")[0];
        assert!(text(first_row).starts_with(first), "{}", text(first_row));
        assert_eq!(texts(first_row, ".col-time"), ["09:00–12:00"]);
        assert_eq!(texts(first_row, ".module-id"), ["T1"]);
        let modules: Vec<String> = all(&doc, ".timetable .module-id")
            .into_iter()
            .map(text)
            .collect();
        assert_eq!(
            modules,
            ["T1", "U1", "R1", "T1", "U1"],
            "{file}: in time order"
        );
    }
}

#[test]
fn timetable_prints_on_a4_without_the_screen_controls() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let server = StaticServer::serve(&out);
    let pdf = site.path().join("timetable.pdf");
    support::print_to_pdf(&server.url("/en/trainings/technician-course/"), &pdf);
    let info = support::pdf_info(&pdf);
    assert!(
        (info.width_pt - 595.3).abs() < 2.0 && (info.height_pt - 841.9).abs() < 2.0,
        "A4 portrait: {info:?}"
    );
    let printed = support::pdf_text(&pdf);
    for expected in [
        "Week 1 (4 March – 10 March)",
        "Week 2 (11 March – 17 March)",
        "Writing and managing medical records",
        "14:00–17:00",
    ] {
        assert!(
            printed.contains(expected),
            "`{expected}` in the printout:\n{printed}"
        );
    }
    assert!(
        !printed.contains("Subscribe / download"),
        "links meant for the screen are not printed:\n{printed}"
    );
}

// ───────────────────────────── schedule.ics ─────────────────────────────

fn events(calendar: &Calendar) -> Vec<&Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect()
}

fn utc(moment: Option<DatePerhapsTime>) -> String {
    match moment {
        Some(DatePerhapsTime::DateTime(date_time @ CalendarDateTime::WithTimezone { .. })) => {
            date_time
                .try_into_utc()
                .expect("a time zone the parser knows")
                .to_rfc3339()
        }
        other => panic!("expected a time with TZID, got {other:?}"),
    }
}

#[test]
fn schedule_ics_is_read_by_a_real_icalendar_parser() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let zh_text = read(&out, "trainings/technician-course/schedule.ics");
    let zh: Calendar = zh_text.parse().expect("schedule.ics parses");
    let zh_events = events(&zh);
    assert_eq!(zh_events.len(), 5, "one VEVENT per session");

    // 09:00 in Asia/Shanghai is 01:00 UTC.
    let first = zh_events[0];
    assert_eq!(utc(first.get_start()), "2024-03-04T01:00:00+00:00");
    assert_eq!(utc(first.get_end()), "2024-03-04T04:00:00+00:00");
    let starts: Vec<String> = zh_events.iter().map(|e| utc(e.get_start())).collect();
    assert_eq!(
        starts,
        [
            "2024-03-04T01:00:00+00:00",
            "2024-03-04T06:00:00+00:00",
            "2024-03-05T01:00:00+00:00",
            "2024-03-11T01:00:00+00:00",
            "2024-03-11T06:00:00+00:00",
        ]
    );
    assert_eq!(
        first.get_summary(),
        Some("乡级计划生育技术服务人员进修培训 — 计划生育手术操作技能")
    );
    assert_eq!(first.get_location(), Some("县服务站培训室"));
    let description = first.get_description().expect("a description");
    assert!(description.contains("王林"), "{description}");
    assert_eq!(
        first.get_timestamp().map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-02-26T00:00:00+00:00"),
        "DTSTAMP comes from the page's date"
    );
    assert!(zh_text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
    assert!(zh_text.contains("TZOFFSETTO:+0800\r\n"));

    let en: Calendar = read(&out, "en/trainings/technician-course/schedule.ics")
        .parse()
        .expect("English schedule.ics parses");
    let en_events = events(&en);
    assert_eq!(en_events.len(), 5);
    assert_eq!(
        en_events[2].get_summary(),
        Some(
            "Refresher Course for Township Family-Planning Technicians — Writing and managing medical records"
        )
    );
    let description = en_events[2].get_description().unwrap();
    assert!(
        description.contains("Instructor: Zhang Jianhua"),
        "{description}"
    );
    assert_eq!(utc(en_events[2].get_start()), "2024-03-05T01:00:00+00:00");

    // The same sessions are the same events in both languages.
    let uids = |events: &[&Event]| -> Vec<String> {
        events
            .iter()
            .map(|e| e.get_uid().unwrap().to_string())
            .collect()
    };
    let zh_uids = uids(&zh_events);
    assert_eq!(zh_uids, uids(&en_events));
    let mut distinct = zh_uids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "every UID is different: {zh_uids:?}");
}

#[test]
fn schedule_ics_has_crlf_folded_lines_and_is_the_same_on_every_build() {
    let site = fixture("good");
    let out = build_ok(site.path());
    let first = fs::read(out.join("trainings/technician-course/schedule.ics")).unwrap();
    let text = String::from_utf8(first.clone()).expect("UTF-8");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(
        text.contains("\r\n "),
        "long Chinese summaries are folded onto continuation lines"
    );

    // Another day, another build: the same bytes (stable UIDs and DTSTAMP).
    let run = placard_on(
        &["build", "--root", site.path().to_str().unwrap()],
        "2026-06-30",
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let second = fs::read(out.join("trainings/technician-course/schedule.ics")).unwrap();
    assert_eq!(first, second);
}

#[test]
fn schedule_ics_escapes_what_authors_write() {
    let site = fixture("good");
    let course = site
        .path()
        .join("content/trainings/technician-course/index.en.md");
    let source = fs::read_to_string(&course).unwrap();
    let hostile = source.replace(
        "title: Refresher Course for Township Family-Planning Technicians",
        "title: \"Course; with, commas\\\\ and\\nEND:VEVENT\\nBEGIN:VEVENT\"",
    );
    assert_ne!(source, hostile);
    fs::write(&course, hostile).unwrap();
    let out = build_ok(site.path());
    let text = read(&out, "en/trainings/technician-course/schedule.ics");
    let calendar: Calendar = text.parse().expect("parses");
    let events = events(&calendar);
    assert_eq!(events.len(), 5, "no event smuggled in through the title");
    assert!(
        events[0]
            .get_summary()
            .unwrap()
            .starts_with("Course; with, commas\\ and\nEND:VEVENT\nBEGIN:VEVENT — "),
        "{:?}",
        events[0].get_summary()
    );
    let begins = text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(begins, 5, "one line BEGIN:VEVENT per session");
}

// ───────────────────────────── checks ─────────────────────────────
//
// The checks of a training's timetable, a notice's validity and attachments
// and a plan's period, one broken fixture each (training-*, notice-*,
// plan-period-reversed), are cases of the table in tests/invalid.rs: the whole
// stderr of each build, its exit code (0 for the warnings), and nothing else
// changed.

#[test]
fn good_fixture_and_example_site_pass_every_check_without_warnings() {
    let site = fixture("good");
    let run = placard(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    // The fixture leaves two pages untranslated on purpose; nothing else is wrong.
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning:") && !l.contains("not translated into"))
        .collect();
    assert!(warnings.is_empty(), "{err}");

    // The repository's own example site (the technician course is the showcase).
    let example = support::tempdir();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        repo.join("placard.yaml"),
        example.path().join("placard.yaml"),
    )
    .unwrap();
    support::site::copy_dir(&repo.join("content"), &example.path().join("content"));
    let run = placard(&["build", "--root", example.path().to_str().unwrap()]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    let ics = read(
        &example.path().join("output"),
        "trainings/technician-refresher-2024/schedule.ics",
    );
    let calendar: Calendar = ics.parse().expect("the example's calendar parses");
    assert_eq!(events(&calendar).len(), 30);
}

// ───────────────────────────── placard new ─────────────────────────────

/// Removes `# ` before every commented example key except those that would
/// need more than the file itself (an attachment file) or hide the page (draft).
fn uncomment_examples(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if !rest.starts_with("attachments:") && !rest.starts_with("draft:") => {
                rest.to_string()
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn placard_new_writes_pages_that_build_cleanly() {
    for (target, kind, lang, file, url) in [
        (
            "notices/spring-campaign",
            None,
            None,
            "content/notices/spring-campaign.md",
            "notices/spring-campaign/index.html",
        ),
        (
            "plans/work-plan-2025",
            None,
            Some("en"),
            "content/plans/work-plan-2025.en.md",
            "en/plans/work-plan-2025/index.html",
        ),
        (
            "trainings/b-ultrasound",
            None,
            None,
            "content/trainings/b-ultrasound.md",
            "trainings/b-ultrasound/index.html",
        ),
        (
            "guide/contact-us",
            None,
            Some("en"),
            "content/guide/contact-us.en.md",
            "en/guide/contact-us/index.html",
        ),
        (
            "notices/course-2025",
            Some("training"),
            Some("en"),
            "content/notices/course-2025.en.md",
            "en/notices/course-2025/index.html",
        ),
    ] {
        let site = fixture("good");
        let root = site.path().to_str().unwrap();
        let mut args = vec!["new", target, "--root", root];
        if let Some(kind) = kind {
            args.extend(["--kind", kind]);
        }
        if let Some(lang) = lang {
            args.extend(["--lang", lang]);
        }
        let run = placard(&args);
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
        let written =
            fs::read_to_string(site.path().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let dated = kind.is_some() || !target.starts_with("guide/");
        assert_eq!(
            written.contains("\ndate: 2025-01-15\n"),
            dated,
            "{file} is dated today (PLACARD_TODAY):\n{written}"
        );
        if kind == Some("training") {
            assert!(written.contains("\nkind: training\n"), "{written}");
        }

        let run = placard(&["build", "--root", root]);
        let err = stderr(&run);
        assert!(run.status.success(), "{file} as written:\n{err}\n{written}");
        assert!(!err.contains("warning"), "{file} as written:\n{err}");
        assert!(site.path().join("output").join(url).is_file(), "{url}");

        // Every commented example is valid too.
        fs::write(site.path().join(file), uncomment_examples(&written)).unwrap();
        let run = placard(&["build", "--root", root]);
        let err = stderr(&run);
        assert!(
            run.status.success() && !err.contains("warning"),
            "{file} with its examples uncommented:\n{err}\n{}",
            uncomment_examples(&written)
        );
    }
}

#[test]
fn placard_new_comments_an_example_of_every_key_of_the_kind() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    for (target, keys) in [
        (
            "notices/a",
            &[
                "issuer",
                "doc_number",
                "valid_until",
                "urgent",
                "contact",
                "attachments",
                "poster",
            ][..],
        ),
        ("plans/b", &["issuer", "period", "status", "targets"][..]),
        (
            "trainings/c",
            &[
                "organizer",
                "audience",
                "venue",
                "batches",
                "modules",
                "sessions",
            ][..],
        ),
    ] {
        let run = placard(&["new", target, "--root", root]);
        assert!(run.status.success(), "{}", stderr(&run));
        let written = fs::read_to_string(site.path().join(format!("content/{target}.md"))).unwrap();
        let common = [
            "summary", "tags", "updated", "slug", "aliases", "weight", "template", "draft",
        ];
        for key in keys.iter().chain(&common) {
            assert!(
                written.contains(&format!("\n# {key}:")),
                "{target}: no example of `{key}`:\n{written}"
            );
        }
    }
}

#[test]
fn placard_new_never_overwrites_and_rejects_bad_arguments() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    let existing = site.path().join("content/notices/expired-campaign.md");
    let before = fs::read(&existing).unwrap();
    let run = placard(&["new", "notices/expired-campaign", "--root", root]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("content/notices/expired-campaign.md already exists"),
        "{}",
        stderr(&run)
    );
    assert_eq!(fs::read(&existing).unwrap(), before);

    // A page bundle of that name would be the same page.
    let run = placard(&["new", "notices/enrolment", "--root", root]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(!site.path().join("content/notices/enrolment.md").exists());

    for args in [
        &["new", "../outside", "--root", root][..],
        &["new", "notices/x", "--lang", "fr", "--root", root][..],
        &["new", "notices/x", "--kind", "memo", "--root", root][..],
        &["new", "notices/_index", "--root", root][..],
    ] {
        let run = placard(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
    }
    assert!(!site.path().join("outside.md").exists());
    assert!(!site.path().join("content/notices/x.md").exists());
}
