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
                .any(|d| d.message == "unknown key `valid_untill`"),
            "{yaml:?}: {diags:?}"
        );
    }
}

#[test]
fn misspelt_key_gets_a_suggestion_with_its_line() {
    let (_, diags) = parse_ok(
        "title: a\ndate: 2024-03-01\nvalid_untill: 2024-05-31\n",
        Some("notices"),
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "unknown key `valid_untill`");
    assert_eq!(
        diags[0].hint.as_deref(),
        Some("did you mean `valid_until`?")
    );
    assert_eq!(diags[0].line, Some(4));
}

#[test]
fn impossible_date_is_an_error_on_its_line() {
    let (fm, diags) = parse_ok("title: a\ndate: 2024-02-30\n", Some("notices"));
    assert!(fm.is_none());
    assert!(
        diags[0].message.contains("2024-02-30"),
        "{}",
        diags[0].message
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
            diags[0].message,
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
                .as_deref()
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
    assert_eq!(diags[0].message, "`seats` must be at least 1");
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
