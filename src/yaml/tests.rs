use super::*;

/// A front matter-like shape, with the kinds of values authors get wrong.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Page {
    title: String,
    date: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    paginate: usize,
    #[serde(default)]
    hours: Option<f64>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    tags: Vec<String>,
    contact: Option<Contact>,
    status: Option<Status>,
    #[serde(default, deserialize_with = "positive")]
    seats: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Contact {
    name: String,
    phone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Draft,
    InForce,
}

fn positive<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Option::<i64>::deserialize(deserializer)? {
        Some(n) if n < 1 => Err(invalid(
            Text::new("`seats` 至少是 1", "`seats` must be at least 1"),
            Text::new("去掉它", "leave it out"),
        )),
        seats => Ok(seats),
    }
}

/// The diagnostic for front matter `yaml` that starts on line 2 of content/x.md.
fn error_of(yaml: &str) -> Diagnostic {
    parse::<Page>(yaml, Path::new("content/x.md"), 2).expect_err(yaml)
}

#[test]
fn a_key_written_twice_names_both_lines_and_says_keep_one() {
    let error = error_of("title: 通知\ndate: 2024-03-01\ntitle: 另一个通知\n");
    assert_eq!(
        error.message.en(),
        "key `title` is written twice, on lines 2 and 4"
    );
    assert_eq!((error.line, error.column), (Some(4), Some(1)));
    assert_eq!(
        error.hint.as_ref().map(|h| h.en()),
        Some("keep the `title:` you mean and delete the other")
    );
    assert!(!error.to_string().contains("DuplicateKeyPolicy"));

    let nested = error_of("title: a\ncontact:\n  name: 王林\n  phone: 1\n  name: 李秀梅\n");
    assert_eq!(
        nested.message.en(),
        "key `name` is written twice, on lines 4 and 6"
    );
    let flow = error_of("title: a\ncontact: { name: 王林, name: 李秀梅 }\n");
    assert_eq!(flow.message.en(), "key `name` is written twice on line 3");
}

#[test]
fn an_unknown_key_gets_a_did_you_mean_or_the_keys_allowed() {
    let error = error_of("title: a\npagniate: 10\n");
    assert_eq!(error.message.en(), "unknown key `pagniate`");
    assert_eq!(
        error.hint.as_ref().map(|h| h.en()),
        Some("did you mean `paginate`?")
    );
    assert_eq!(error.line, Some(3));
    let error = error_of("title: a\ncontact: { name: 王林, mobile: 1 }\n");
    assert_eq!(error.message.en(), "unknown key `mobile`");
    assert_eq!(
        error.hint.as_ref().map(|h| h.en()),
        Some("the keys allowed here are: name, phone")
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_quotes_it() {
    for (yaml, message, line) in [
        (
            "title: a\npaginate: 二十\n",
            "`paginate` must be a whole number, not `二十`",
            3,
        ),
        (
            "title: a\npaginate: -3\n",
            "`paginate` must be a whole number, not `-3`",
            3,
        ),
        (
            "title: a\nweight: 1.5\n",
            "`weight` must be a whole number, not `1.5`",
            3,
        ),
        (
            "title: a\nhours: 三\n",
            "`hours` must be a number, not `三`",
            3,
        ),
        (
            "title: a\ndraft: maybe\n",
            "`draft` must be true or false, not `maybe`",
            3,
        ),
        ("title: a\ntags: 通知\n", "`tags` must be a list", 3),
        (
            "title: a\ncontact: 王林\n",
            "`contact` must be keys and values",
            3,
        ),
        ("title: [a, b]\n", "`title` must be a single value", 2),
        ("title:\n", "`title` has no value", 2),
        (
            "title: a\nstatus: in-force\n",
            "unknown value `in-force` for `status`",
            3,
        ),
        ("title: a\ncontact:\n  phone: 1\n", "missing key `name`", 4),
        ("draft: true\n", "missing key `title`", 2),
    ] {
        let error = error_of(yaml);
        assert_eq!(error.message.en(), message, "{yaml:?}");
        assert_eq!(error.line, Some(line), "{yaml:?}");
        assert!(error.hint.is_some(), "{yaml:?}");
    }
    let error = error_of("title: a\nstatus: in-force\n");
    assert_eq!(
        error.hint.as_ref().map(|h| h.en()),
        Some("did you mean `in_force`?")
    );
}

#[test]
fn a_colon_in_a_value_is_answered_with_the_line_quoted() {
    let error = error_of("title: a\nsummary: 活动时间: 12月8日\n");
    assert_eq!(
        error.message.en(),
        "invalid YAML: a value contains `: `, which YAML reads as the start of another key"
    );
    assert_eq!(
        error.hint.as_ref().map(|h| h.en()),
        Some("put the value in quotes: `summary: \"活动时间: 12月8日\"`")
    );
    assert_eq!((error.line, error.column), (Some(3), Some(14)));
    let error = error_of("title: a\n  draft: true\n");
    assert_eq!(
        error.message.en(),
        "invalid YAML: this line does not line up with the lines above it"
    );
}

/// The mistakes authors make most, each answered in an author's terms:
/// a line, a hint, and none of the library's advice to programmers.
#[test]
fn every_common_mistake_has_a_line_and_a_hint() {
    for yaml in [
        "title: a\ntitle: b\n",
        "title: a\npagniate: 10\n",
        "title: a\npaginate: many\n",
        "title: a\ndraft: maybe\n",
        "title: a\ntags: x\n",
        "title:\n",
        "draft: true\n",
        "title: a\nstatus: zzz\n",
        "title: a: b\n",
        "title: \"a\n",
        "title: 'a\n",
        "title: a\n  b: c\n",
        "title: a\ntags: [a, b\n",
        "title: a\ncontact: { name: 王林, phone: 1\ndraft: true\n",
        "title: a\n\tdraft: true\n",
        "title: *a\n",
        "title: @a\n",
        "title: `a\n",
        "title: a\n- b\n",
        "- a\n",
        "title: a # x\ndraft:true\n",
        "title: a\n---\ndraft: true\n",
        "",
        "title: a\nseats: 0\n",
    ] {
        let error = error_of(yaml);
        let shown = error.to_string();
        assert!(error.line.is_some(), "{yaml:?}: no line\n{shown}");
        assert!(error.hint.is_some(), "{yaml:?}: no hint\n{shown}");
        for advice in ["Options", "Option<", "use from_str", "set "] {
            assert!(!shown.contains(advice), "{yaml:?}: `{advice}` in\n{shown}");
        }
        assert!(!shown.contains(HINT_SEPARATOR), "{yaml:?}");
    }
}

#[test]
fn placards_own_errors_carry_their_hint() {
    let error = error_of("title: a\nseats: 0\n");
    assert_eq!(error.message.en(), "`seats` must be at least 1");
    assert_eq!(error.hint.as_ref().map(|h| h.en()), Some("leave it out"));
    assert_eq!((error.line, error.column), (Some(3), Some(8)));
}

#[test]
fn the_tree_finds_keys_and_values_where_they_are_written() {
    let tree = Tree::read("title: a\nlimits:\n  max_depth: 3\n  max_depth: 4\n").unwrap();
    let value = tree.value(&["limits", "max_depth"]).unwrap();
    assert_eq!((value.line(), value.column()), (4, 14));
    let key = tree.key(&["limits"]).unwrap();
    assert_eq!((key.line(), key.column()), (2, 1));
    assert!(tree.value(&["limits", "max_file_size"]).is_none());
    assert!(Tree::read("title: [a\n").is_none());
}

/// The error of `yaml` as an officer reads it in Chinese: message, line, hint.
fn zh_of(yaml: &str) -> (String, Option<usize>, String) {
    let error = error_of(yaml);
    let hint = error
        .hint
        .as_ref()
        .map(|h| h.zh().to_string())
        .unwrap_or_default();
    (error.message.zh().to_string(), error.line, hint)
}

#[test]
fn the_mistakes_officers_make_are_named_in_chinese_with_the_fixed_line() {
    for (yaml, message, line, hint) in [
        (
            "title: a\nsummary: 活动时间: 12月8日至1月8日\n",
            "YAML 格式错误：值里有“冒号加空格”（: ），YAML 会把它当成另一个键的开始",
            3,
            "值里有冒号或逗号时请加引号：`summary: \"活动时间: 12月8日至1月8日\"`",
        ),
        (
            "title: a\ncontact: { name: 王林: 科长, phone: 1 }\n",
            "YAML 格式错误：花括号 { } 里的值有冒号，YAML 把它当成了下一个键",
            3,
            "值里有冒号或逗号时请加引号：`contact: { name: \"王林: 科长\", phone: 1 }`",
        ),
        (
            "title: a\ndraft: 是\n",
            "`draft` 必须是 true 或 false，不能写 `是`",
            3,
            "请写 true 或 false：`draft: true`",
        ),
        (
            "title: a\ncontact:\n\tname: 王林\n",
            "YAML 格式错误：这里用了 Tab 键，YAML 只认空格",
            4,
            "请用空格缩进，不要用 Tab（把编辑器插入的 Tab 换成空格）",
        ),
    ] {
        assert_eq!(
            zh_of(yaml),
            (message.to_string(), Some(line), hint.to_string()),
            "{yaml:?}"
        );
    }
}

#[test]
fn full_width_punctuation_in_yaml_syntax_is_named_with_the_line_in_ascii() {
    for (yaml, message, line, fixed) in [
        (
            "title：通知\n",
            "`title` 后面的冒号是全角的“：”，YAML 只认半角冒号“:”",
            2,
            "title: 通知",
        ),
        (
            "title: a\ncontact：\n  name: 王林\n",
            "`contact` 后面的冒号是全角的“：”，YAML 只认半角冒号“:”",
            3,
            "contact:",
        ),
        (
            "title: a\ncontact: { name：王林 }\n",
            "`name` 后面的冒号是全角的“：”，YAML 只认半角冒号“:”",
            3,
            "contact: { name: 王林 }",
        ),
        (
            "title: a\nsummary: 通知\n　date: 2026-12-07\n",
            "行首用了全角空格，YAML 只认半角空格",
            4,
            "date: 2026-12-07",
        ),
        (
            "title: a\nstatus: [in_force，draft]\n",
            "括号里各项之间用了全角逗号“，”，YAML 会把它们当成一项",
            3,
            "status: [in_force, draft]",
        ),
        (
            "title: a\nsummary: “时间: 上午”\n",
            "值外面的引号是全角的“”，YAML 只认半角引号 \"\"",
            3,
            "summary: \"时间: 上午\"",
        ),
    ] {
        assert_eq!(
            zh_of(yaml),
            (
                message.to_string(),
                Some(line),
                format!("请改成：`{fixed}`")
            ),
            "{yaml:?}"
        );
    }
    // A paragraph of a block of text may start with full-width spaces.
    let error = zh_of("title: a\nsummary: |\n  　　第一段：内容\n  　　时间: 上午\ntags: [a\n");
    assert_eq!(error.0, "YAML 格式错误：`[` 没有配对的结尾");
    // In a value, full-width punctuation is Chinese text: in braces unless
    // a key follows it, in brackets when the items are Chinese.
    let error = zh_of("title: a\ncontact: { name: 王林，phone: 1 }\n");
    assert_eq!(error.2, "请改成：`contact: { name: 王林, phone: 1 }`");
    parse::<Page>(
        "title: a\ncontact: { name: 王林，李秀梅 }\nstatus: draft\n",
        Path::new("content/x.md"),
        2,
    )
    .expect("a full-width comma in the text of a value in braces");
    let page: Page = parse(
        "title: “通知”\nsummary: 时间：上午，地点：会议室\ntags: [计划生育，宣传教育]\n",
        Path::new("content/x.md"),
        2,
    )
    .expect("full-width punctuation in values");
    assert_eq!(page.summary.as_deref(), Some("时间：上午，地点：会议室"));
}

/// A placard.yaml-like shape: every key has a default, unknown keys are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Settings {
    paginate: usize,
    relative_urls: bool,
    limits: Limits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Limits {
    max_depth: usize,
    max_file_size: u64,
}

#[test]
fn every_wrong_value_is_reported_at_its_line_and_the_rest_is_read() {
    let text =
        "paginate: many\nrelative_urls: 是\nlimits:\n  max_depth: 3\n  max_file_size: 10MB\n";
    let (settings, errors) = parse_every::<Settings>(text, Path::new("placard.yaml"), 1);
    let places: Vec<_> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        places,
        [
            (Some(1), Some(11)),
            (Some(2), Some(16)),
            (Some(5), Some(18))
        ],
        "{errors:?}"
    );
    assert!(errors[0].message.en().contains("`paginate`"), "{errors:?}");
    assert!(
        errors[2].message.en().contains("`max_file_size`"),
        "{errors:?}"
    );
    // The wrong values are left at their defaults, the right one is read.
    let settings = settings.expect("the text is YAML");
    assert_eq!((settings.paginate, settings.limits.max_depth), (0, 3));
}

#[test]
fn a_syntax_error_stops_the_reading_at_its_line() {
    let text = "paginate: many\nrelative_urls: \"yes\nlimits: 3\n";
    let (settings, errors) = parse_every::<Settings>(text, Path::new("placard.yaml"), 1);
    assert!(settings.is_none());
    let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
    // The wrong value before the unclosed quote, and the quote; nothing after it.
    assert_eq!(lines, [Some(1), Some(2)], "{errors:?}");
    assert!(errors[1].message.en().contains("quote"), "{errors:?}");
}

#[test]
fn unknown_keys_are_named_with_the_nearest_known_key_at_every_level() {
    let text = "pagniate: 3\nlimits:\n  max_dept: 3\n  anything:\n    under: it\n";
    let tree = Tree::read(text).unwrap();
    let known = |path: &[&str]| match path {
        [] => Some(fields_of::<Settings>()),
        ["limits"] => Some(fields_of::<Limits>()),
        _ => None,
    };
    let errors = unknown_keys(&tree, Path::new("placard.yaml"), 1, &known);
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.line, e.message.en(), e.hint.as_ref().map(|h| h.en())))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(1),
                "unknown key `pagniate`",
                Some("did you mean `paginate`?")
            ),
            (
                Some(3),
                "unknown key `max_dept`",
                Some("did you mean `max_depth`?")
            ),
            (
                Some(4),
                "unknown key `anything`",
                Some("the keys allowed here are: max_depth, max_file_size")
            ),
        ]
    );
}

/// A page-like shape with mappings that refuse unknown keys or need a key.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Training {
    #[serde(default)]
    weight: i64,
    contact: Option<Contact>,
    #[serde(default)]
    sessions: Vec<Session>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Session {
    date: String,
    hours: u32,
    module: String,
}

/// Where each error is and what it says, in English.
fn places_and_messages(errors: &[Diagnostic]) -> Vec<(Option<usize>, Option<usize>, String)> {
    errors
        .iter()
        .map(|e| (e.line, e.column, e.message.en().to_string()))
        .collect()
}

#[test]
fn a_wrong_value_in_a_nested_mapping_is_reported_once_and_its_mapping_left_out() {
    // `phnoe` and `hours: many` are the mistakes; hiding them (a key contact
    // and a session refuse, a key a session needs) must not be reported too.
    let text = "weight: 十\ncontact:\n  name: 王\n  phnoe: 1\nsessions:\n  - date: x\n    hours: many\n    module: a\n";
    let (training, errors) = parse_every::<Training>(text, Path::new("x.md"), 1);
    assert_eq!(
        places_and_messages(&errors),
        [
            (
                Some(1),
                Some(9),
                "`weight` must be a whole number, not `十`".into()
            ),
            (Some(4), Some(3), "unknown key `phnoe`".into()),
            (
                Some(7),
                Some(12),
                "`hours` must be a whole number, not `many`".into()
            ),
        ]
    );
    let training = training.expect("the text is YAML");
    assert!(training.contact.is_none() && training.sessions.is_empty());
}

#[test]
fn a_key_missing_from_a_list_item_is_reported_once() {
    let text = "sessions:\n  - date: x\n    hours: 3\n  - date: y\n    hours: 2\n    module: b\n";
    let (training, errors) = parse_every::<Training>(text, Path::new("x.md"), 1);
    assert_eq!(
        places_and_messages(&errors),
        [(Some(3), Some(5), "missing key `module`".into())]
    );
    assert!(training.expect("the text is YAML").sessions.is_empty());
}

#[test]
fn a_text_of_many_mistakes_is_read_again_a_bounded_number_of_times() {
    let text = "paginate: many\n".repeat(300);
    let (settings, errors) = parse_every::<Settings>(&text, Path::new("placard.yaml"), 1);
    assert!(settings.is_none());
    assert!(
        (2..=MAX_READINGS + 1).contains(&errors.len()),
        "{} errors",
        errors.len()
    );
}
