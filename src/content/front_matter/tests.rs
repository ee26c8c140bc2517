use super::*;

fn parse_ok(yaml: &str, section: Option<&str>) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let diagnostics = Diagnostics::new();
    let fm = parse(
        yaml,
        2,
        Path::new("content/x.md"),
        section,
        false,
        &diagnostics,
    );
    (fm, diagnostics.into_sorted())
}

#[test]
fn the_keys_of_each_kind_are_keys_serde_reads() {
    let all = all_keys();
    assert!(
        all.contains(&"title") && all.contains(&"sessions"),
        "{all:?}"
    );
    for (kind, keys) in KIND_KEYS {
        for key in keys {
            assert!(all.contains(key), "{key} of {kind:?} is not a field of Raw");
        }
    }
    assert!(keys_allowed(Kind::Page).contains(&"poster"));
    assert!(!keys_allowed(Kind::Page).contains(&"issuer"));
    assert!(keys_allowed(Kind::Plan).contains(&"issuer"));
}

#[test]
fn notice_keys_are_typed() {
    let (fm, diags) = parse_ok(
        "title: 通知\ndate: 2024-03-01\nvalid_until: 2024-05-31\nurgent: true\ncontact: { name: 王林, phone: 0551-1234567 }\n",
        Some("notices"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let fm = fm.unwrap();
    let KindMeta::Notice(notice) = fm.kind else {
        panic!("not a notice")
    };
    let valid_until = notice.valid_until.unwrap();
    assert_eq!(valid_until.value, Date::constant(2024, 5, 31));
    assert_eq!(valid_until.line, Some(4));
}

#[test]
fn plain_known_keys_need_no_second_parse() {
    let allowed = ["title", "date", "tags", "summary"];
    let known = "title: a\n# note\ndate: 2024-03-01\ntags:\n  - x\nsummary: >\n  two\n\n  lines\n";
    assert!(only_known_plain_keys(known, &allowed));
    for text in [
        "title: a\nvalid_untill: 2024-05-31\n",
        "\"title\": a\n",
        "{title: a}\n",
        "  title: a\n  date: 2024-03-01\n",
        "title: a\n? date\n: 2024-03-01\n",
        "<<: *base\ntitle: a\n",
        "title:a\n",
        "---\ntitle: a\n",
    ] {
        assert!(!only_known_plain_keys(text, &allowed), "{text:?}");
    }
}

#[test]
fn unknown_keys_are_found_in_any_layout() {
    for yaml in [
        "title: a\ndate: 2024-03-01\nvalid_untill: 2024-05-31\n",
        "\"title\": a\ndate: 2024-03-01\n'valid_untill': 2024-05-31\n",
        "{title: a, date: 2024-03-01, valid_untill: 2024-05-31}\n",
        "  title: a\n  date: 2024-03-01\n  valid_untill: 2024-05-31\n",
    ] {
        let (_, diags) = parse_ok(yaml, Some("notices"));
        assert!(
            diags
                .iter()
                .any(|d| d.is_error() && d.message.en().starts_with("unknown key `valid_untill`")),
            "{yaml:?}: {diags:?}"
        );
    }
}

#[test]
fn misspelt_key_gets_a_suggestion_with_its_line() {
    let (_, diags) = parse_ok(
        "title: a\ndate: 2024-03-01\nsummry: 一句话\n",
        Some("notices"),
    );
    assert_eq!(diags.len(), 1);
    assert!(!diags[0].is_error());
    assert_eq!(diags[0].message.en(), "unknown key `summry`");
    assert_eq!(
        diags[0].hint.as_ref().map(|h| h.en()),
        Some("did you mean `summary`?")
    );
    assert_eq!(diags[0].line, Some(4));
}

#[test]
fn a_misspelt_publication_key_is_an_error_with_the_line_fixed() {
    let (_, diags) = parse_ok(
        "title: a\ndate: 2024-03-01\nvalid_untill: 2024-05-31\n发文机关: 县计生委\n紧急: true\n",
        Some("notices"),
    );
    let found: Vec<(bool, Option<usize>, &str)> = diags
        .iter()
        .map(|d| (d.is_error(), d.line, d.hint.as_ref().map_or("", |h| h.en())))
        .collect();
    assert_eq!(
        found,
        [
            (true, Some(4), "write it as `valid_until: 2024-05-31`"),
            (true, Some(6), "write it as `urgent: true`"),
            (false, Some(5), "write it as `issuer: 县计生委`"),
        ]
    );
    assert!(
        diags[1]
            .message
            .zh()
            .contains("`紧急` 要用英文写作 `urgent`")
    );
}

#[test]
fn impossible_date_is_an_error_on_its_line() {
    let (fm, diags) = parse_ok("title: a\ndate: 2024-02-30\n", Some("notices"));
    assert!(fm.is_none());
    assert!(
        diags[0].message.en().contains("2024-02-30"),
        "{}",
        diags[0].message.en()
    );
    assert_eq!(diags[0].line, Some(3));
}

fn training(modules: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    parse_ok(
        &format!("title: 培训\ndate: 2024-03-01\nmodules:\n{modules}"),
        Some("trainings"),
    )
}

#[test]
fn module_hours_must_be_more_than_zero_and_finite() {
    for written in [
        ".nan", ".NaN", "-.inf", ".inf", "-3", "0", "10001", "1e400", "三",
    ] {
        let (fm, diags) = training(&format!(
            "  - {{ id: T1, title: 手术, hours: {written} }}\n"
        ));
        assert!(fm.is_none(), "{written}");
        assert_eq!(diags.len(), 1, "{written}: {diags:?}");
        assert_eq!(
            diags[0].message.en(),
            format!("`hours` must be a number more than 0 and at most 10000, not `{written}`")
        );
        assert_eq!(
            (diags[0].line, diags[0].column),
            (Some(5), Some(33)),
            "{written}"
        );
        assert!(
            diags[0]
                .hint
                .as_ref()
                .map(|h| h.en())
                .is_some_and(|h| h.contains("hours: 1.5"))
        );
    }
    for (written, hours) in [
        ("6", 6.0),
        ("1.5", 1.5),
        ("0.25", 0.25),
        ("10000", 10_000.0),
    ] {
        let (fm, diags) = training(&format!(
            "  - {{ id: T1, title: 手术, hours: {written} }}\n"
        ));
        assert!(diags.is_empty(), "{written}: {diags:?}");
        let KindMeta::Training(training) = fm.unwrap().kind else {
            panic!()
        };
        assert_eq!(training.modules[0].value.hours, Some(hours));
    }
    let (fm, _) = training("  - { id: T1, title: 手术 }\n");
    let KindMeta::Training(training) = fm.unwrap().kind else {
        panic!()
    };
    assert_eq!(
        training.modules[0].value.hours, None,
        "hours may be left out"
    );
}

#[test]
fn a_batch_has_at_least_one_seat() {
    let (fm, diags) = parse_ok(
        "title: 培训\ndate: 2024-03-01\nbatches:\n  - { name: 第一期, start: 2024-03-04, end: 2024-03-08, seats: 0 }\n",
        Some("trainings"),
    );
    assert!(fm.is_none());
    assert_eq!(diags[0].message.en(), "`seats` must be at least 1");
    assert_eq!(diags[0].line, Some(5));
}

#[test]
fn plan_targets_are_kept_as_written() {
    let (fm, diags) = parse_ok(
        "title: 规划\ndate: 2024-03-01\ntargets:\n  - { indicator: a, target: .nan }\n  - { indicator: b, target: 0.10, baseline: 100 }\n  - { indicator: c, target: \"≥ 98%\" }\n",
        Some("plans"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let KindMeta::Plan(plan) = fm.unwrap().kind else {
        panic!()
    };
    let shown: Vec<(&str, Option<&str>)> = plan
        .targets
        .iter()
        .map(|t| (t.target.as_str(), t.baseline.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [(".nan", None), ("0.10", Some("100")), ("≥ 98%", None)]
    );
}

#[test]
fn session_lines_are_kept() {
    let (fm, diags) = parse_ok(
        "title: 培训\ndate: 2024-03-01\nmodules:\n  - { id: T1, title: 手术, hours: 3 }\nsessions:\n  - { date: 2024-03-04, start: \"09:00\", end: \"12:00\", module: T1 }\n",
        Some("trainings"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let KindMeta::Training(training) = fm.unwrap().kind else {
        panic!()
    };
    assert_eq!(training.sessions[0].line, Some(7));
    assert_eq!(training.sessions[0].value.start, Time::constant(9, 0, 0, 0));
}

#[test]
fn tags_run_together_with_full_width_commas_are_split_with_a_warning() {
    for (yaml, line) in [
        ("title: a\ntags: [计划生育，宣传教育]\n", 3),
        ("title: a\ntags: 计划生育，宣传教育\n", 3),
        ("title: a\ntags:\n  - 计划生育、 宣传教育\n", 4),
        ("title: a\ntags: 计划生育, 宣传教育\n", 3),
    ] {
        let (fm, diags) = parse_ok(yaml, None);
        let fm = fm.unwrap();
        assert_eq!(fm.tags, ["计划生育", "宣传教育"], "{yaml}");
        assert_eq!(fm.tag_lines, [Some(line), Some(line)], "{yaml}");
        assert_eq!(diags.len(), 1, "{yaml}: {diags:?}");
        assert!(!diags[0].is_error());
        assert_eq!(diags[0].line, Some(line));
        assert_eq!(
            diags[0].hint.as_ref().map(|h| h.zh()),
            Some("改成：`tags: [计划生育, 宣传教育]`")
        );
    }
    let (fm, diags) = parse_ok("title: a\ntags: [计划生育, 宣传教育]\n", None);
    assert_eq!(fm.unwrap().tags, ["计划生育", "宣传教育"]);
    assert!(diags.is_empty(), "{diags:?}");
    let (fm, diags) = parse_ok("title: a\ntags:\n", None);
    assert!(fm.unwrap().tags.is_empty());
    assert!(diags.is_empty(), "{diags:?}");
}

/// What `read` makes of front matter starting on line 2 of content/x.md,
/// with what it reported: (line, English message) of each.
fn read_faulty(yaml: &str, section: Option<&str>) -> (Option<FrontMatter>, Vec<(usize, String)>) {
    let diagnostics = Diagnostics::new();
    let read = read(
        yaml,
        2,
        Path::new("content/x.md"),
        section,
        false,
        &diagnostics,
    );
    let Read::Faulty(meta) = read else {
        panic!("read without an error: {yaml}")
    };
    let reported = diagnostics
        .into_sorted()
        .iter()
        .map(|d| (d.line.unwrap_or(0), d.message.en().to_string()))
        .collect();
    (meta, reported)
}

#[test]
fn a_title_or_date_with_a_wrong_value_is_reported_once_not_also_as_missing() {
    let (meta, reported) = read_faulty(
        "title: [通知]\ndate: 2024-02-30\nweight: 十\n",
        Some("notices"),
    );
    let lines: Vec<usize> = reported.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 3, 4], "{reported:?}");
    assert!(reported[1].1.contains("2024-02-30"), "{reported:?}");
    let meta = meta.expect("read without the wrong values");
    assert!(meta.date.is_none());
}

#[test]
fn a_missing_title_and_an_unknown_kind_are_reported_with_the_wrong_values() {
    let (_, reported) = read_faulty(
        "kind: trainig\ndate: 2024-03-01\ndraft: 是\nsessions: []\n",
        Some("notices"),
    );
    // The title is missing (reported at the front matter's first line), the
    // kind is unknown, draft is wrong; sessions: is a key of a kind, not unknown.
    assert_eq!(reported.len(), 3, "{reported:?}");
    for (line, word) in [(2, "title"), (2, "trainig"), (4, "draft")] {
        assert!(
            reported.iter().any(|(l, m)| *l == line && m.contains(word)),
            "{word} at {line}: {reported:?}"
        );
    }
}

#[test]
fn sessions_are_not_checked_against_modules_left_unread() {
    let (meta, reported) = read_faulty(
        "title: 培训\ndate: 2024-03-01\nmodules:\n  - { id: T1, title: 操作, hours: -3 }\nsessions:\n  - { date: 2024-03-04, start: \"09:00\", end: \"12:00\", module: T1 }\n",
        Some("trainings"),
    );
    assert_eq!(reported.len(), 1, "{reported:?}");
    let Some(FrontMatter {
        kind: KindMeta::Training(training),
        ..
    }) = meta
    else {
        panic!("not a training")
    };
    assert!(training.modules.is_empty() && training.sessions.is_empty());
}

#[test]
fn a_syntax_error_still_stops_the_file() {
    let (meta, reported) = read_faulty("title: \"通知\ndraft: 是\n", Some("notices"));
    assert!(meta.is_none());
    assert_eq!(reported.len(), 1, "{reported:?}");
}

#[test]
fn a_kind_of_the_wrong_type_does_not_make_the_keys_of_a_kind_unknown() {
    let (_, reported) = read_faulty(
        "title: 培训\ndate: 2024-03-01\nkind: [training]\nsessions: []\n",
        Some("notices"),
    );
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(reported[0].1.contains("`kind`"), "{reported:?}");
}
