//! What placard says about YAML (placard.yaml, front matter, a theme's
//! strings): the author's mistake and its fix, never the YAML library's words
//! alone. `src/yaml/` decides which message fits; this file says it.

use super::Text;

/// "`paginate` 必须是…" / "`paginate` must be …" when the key is known.
fn must_be(key: Option<&str>, zh: &str, en: &str) -> Text {
    match key {
        Some(key) => Text::new(
            format!("`{key}` 必须是{zh}"),
            format!("`{key}` must be {en}"),
        ),
        None => Text::new(format!("这里应当是{zh}"), format!("expected {en} here")),
    }
}

/// A key written twice in one mapping; the lines where, when known.
pub(crate) fn duplicate_key(
    key: Option<&str>,
    first: Option<usize>,
    second: Option<usize>,
) -> Text {
    let (zh_lines, en_lines) = match (first, second) {
        (Some(first), Some(second)) if first == second => {
            (format!("（第 {first} 行）"), format!(" on line {first}"))
        }
        (Some(first), Some(second)) => (
            format!("（第 {first} 行和第 {second} 行）"),
            format!(", on lines {first} and {second}"),
        ),
        _ => (String::new(), String::new()),
    };
    match key {
        Some(key) => Text::new(
            format!("`{key}` 写了两次{zh_lines}"),
            format!("key `{key}` is written twice{en_lines}"),
        ),
        None => Text::new(
            format!("同一组里有一个键写了两次{zh_lines}"),
            format!("a key is written twice in one mapping{en_lines}"),
        ),
    }
}

pub(crate) fn duplicate_key_hint(key: Option<&str>) -> Text {
    match key {
        Some(key) => Text::new(
            format!("保留要用的那一行 `{key}:`，删掉另一行"),
            format!("keep the `{key}:` you mean and delete the other"),
        ),
        None => Text::new(
            "保留要用的那一行，删掉另一行",
            "keep the key you mean and delete the other",
        ),
    }
}

pub(crate) fn unknown_key(key: &str) -> Text {
    Text::new(
        format!("不认识的键 `{key}`"),
        format!("unknown key `{key}`"),
    )
}

/// A near spelling of what was written.
pub(crate) fn did_you_mean(near: &str) -> Text {
    Text::new(
        format!("是不是要写 `{near}`？"),
        format!("did you mean `{near}`?"),
    )
}

pub(crate) fn keys_allowed(known: &[&str]) -> Text {
    let known = known.join(", ");
    Text::new(
        format!("这里可以写的键有：{known}"),
        format!("the keys allowed here are: {known}"),
    )
}

pub(crate) fn missing_key(key: &str) -> Text {
    Text::new(format!("缺少 `{key}`"), format!("missing key `{key}`"))
}

pub(crate) fn missing_key_hint(key: &str) -> Text {
    Text::new(
        format!("加一行 `{key}: …`"),
        format!("add a line `{key}: …`"),
    )
}

pub(crate) fn unknown_value(key: Option<&str>, value: &str) -> Text {
    match key {
        Some(key) => Text::new(
            format!("`{key}` 不能写 `{value}`"),
            format!("unknown value `{value}` for `{key}`"),
        ),
        None => Text::new(
            format!("不认识的值 `{value}`"),
            format!("unknown value `{value}`"),
        ),
    }
}

pub(crate) fn write_one_of(known: &[&str]) -> Text {
    let known = known.join(", ");
    Text::new(
        format!("请写其中之一：{known}"),
        format!("write one of: {known}"),
    )
}

/// What a key needs, when a value is not of its type.
#[derive(Clone, Copy)]
pub(crate) enum Needed {
    Boolean,
    Number,
    Unsigned,
    Signed,
    Other,
}

/// `urgent: 是`: the value is not of the type the key needs.
pub(crate) fn not_of_type(key: Option<&str>, needed: Needed, written: Option<&str>) -> Text {
    let (zh, en) = match needed {
        Needed::Boolean => (" true 或 false", "true or false"),
        Needed::Number => ("数字", "a number"),
        Needed::Unsigned | Needed::Signed => ("整数", "a whole number"),
        Needed::Other => ("另一种类型的值", "of another type"),
    };
    let must = must_be(key, zh, en);
    match written {
        Some(w) => Text::new(
            format!("{}，不能写 `{w}`", must.zh()),
            format!("{}, not `{w}`", must.en()),
        ),
        None => must,
    }
}

/// How to write a value of the type; `fixed` is the line as it should be
/// (`urgent: true`) when placard can tell what was meant.
pub(crate) fn not_of_type_hint(needed: Needed, fixed: Option<&str>) -> Text {
    let plain = match needed {
        Needed::Boolean => Text::new("请写 true 或 false", "write true or false"),
        Needed::Number => Text::new("请写数字，如 3 或 1.5", "write a number, like 3 or 1.5"),
        Needed::Unsigned => Text::new(
            "请写不带正负号、小数和单位的整数，如 20",
            "write a whole number without sign, decimals or units, like 20",
        ),
        Needed::Signed => Text::new(
            "请写不带小数和单位的整数，如 3 或 -1",
            "write a whole number without decimals or units, like 3 or -1",
        ),
        Needed::Other => Text::new(
            "请对照说明文档检查这个值",
            "check the value against the documentation",
        ),
    };
    match fixed {
        Some(fixed) => Text::new(
            format!("{}：`{fixed}`", plain.zh()),
            format!("{}: `{fixed}`", plain.en()),
        ),
        None => plain,
    }
}

pub(crate) fn no_value(key: Option<&str>) -> Text {
    match key {
        Some(key) => Text::new(format!("`{key}` 没有写值"), format!("`{key}` has no value")),
        None => Text::new("这里缺一个值", "a value is missing here"),
    }
}

pub(crate) fn no_value_hint(key: Option<&str>) -> Text {
    match key {
        Some(key) => Text::new(
            format!("在 `{key}: ` 后面写上值"),
            format!("write the value after `{key}: `"),
        ),
        None => Text::new("在冒号后面写上值", "write the value after the colon"),
    }
}

/// The shape a key needs: a list, keys and values, or one value.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    List,
    Mapping,
    Single,
}

pub(crate) fn wrong_shape(key: Option<&str>, shape: Shape) -> Text {
    match shape {
        Shape::List => must_be(key, "一个列表", "a list"),
        Shape::Mapping => must_be(key, "一组“键: 值”", "keys and values"),
        Shape::Single => must_be(key, "单个值", "a single value"),
    }
}

pub(crate) fn wrong_shape_hint(shape: Shape) -> Text {
    match shape {
        Shape::List => Text::new(
            "每项一行，以 `- ` 开头，缩进在键的下面；或写在一行的方括号里：[甲, 乙]",
            "write one item a line, each starting with `- ` and indented under the key, or all on one line in brackets: [a, b]",
        ),
        Shape::Mapping => Text::new(
            "在它下面缩进写 `键: 值` 各行，或写在一行的花括号里：{ name: 王林 }",
            "write `key: value` lines indented under it, or all on one line in braces: { key: value }",
        ),
        Shape::Single => Text::new(
            "在冒号后面写值；以 [ 或 { 开头的文字请加引号",
            "write the value after the colon; put text that starts with [ or { in quotes",
        ),
    }
}

/// serde's words for what was found and expected (`a sequence`, `string`)
/// are quoted as they are.
pub(crate) fn wrong_value(key: Option<&str>, found: &str, expected: &str) -> Text {
    let must = must_be(key, &format!(" {expected}"), expected);
    Text::new(
        format!("{}，实际是 {found}", must.zh()),
        format!("{}, not {found}", must.en()),
    )
}

pub(crate) fn check_documentation() -> Text {
    Text::new(
        "请对照说明文档检查这个值",
        "check the value against the documentation",
    )
}

pub(crate) fn star_value() -> Text {
    Text::new(
        "YAML 格式错误：值以 `*` 开头，YAML 会把它当作对 `&锚点` 的引用",
        "invalid YAML: a value starts with `*`, which YAML reads as a reference to an `&anchor`",
    )
}

pub(crate) fn star_value_hint() -> Text {
    Text::new(
        "给这个值加上引号：\"*…\"",
        "put the value in quotes: \"*…\"",
    )
}

pub(crate) fn second_document() -> Text {
    Text::new(
        "YAML 格式错误：这里又出现了一行 `---`，开始了第二段内容",
        "invalid YAML: a second document starts here (a `---` line)",
    )
}

pub(crate) fn second_document_hint() -> Text {
    Text::new(
        "删掉这行 `---`：一个文件里只能有一段 YAML",
        "delete the `---` line: one file holds one YAML document",
    )
}

/// `detail` is the YAML library's account of the limit reached.
pub(crate) fn runaway(detail: &str) -> Text {
    Text::new(
        format!("YAML 嵌套太深或内容太多：{detail}"),
        format!("YAML too deeply nested or too large: {detail}"),
    )
}

pub(crate) fn runaway_hint(max_depth: usize) -> Text {
    Text::new(
        format!("YAML 最多嵌套 {max_depth} 层，锚点和引用最多各 1000 个；文件是否损坏了？"),
        format!(
            "YAML may nest at most {max_depth} levels, with at most 1000 anchors and aliases; is the file damaged?"
        ),
    )
}

/// `summary: 活动时间: 12月8日`.
pub(crate) fn colon_in_value() -> Text {
    Text::new(
        "YAML 格式错误：值里有“冒号加空格”（: ），YAML 会把它当成另一个键的开始",
        "invalid YAML: a value contains `: `, which YAML reads as the start of another key",
    )
}

/// The fix of a colon in a value: the line with the value in quotes.
pub(crate) fn quote_the_value(fixed: Option<&str>) -> Text {
    match fixed {
        Some(fixed) => Text::new(
            format!("值里有冒号或逗号时请加引号：`{fixed}`"),
            format!("put the value in quotes: `{fixed}`"),
        ),
        None => Text::new("值里有冒号或逗号时请加引号", "put the value in quotes"),
    }
}

/// `contact: { name: 王林: 科长 }`: a colon in a value inside braces.
pub(crate) fn colon_in_braces() -> Text {
    Text::new(
        "YAML 格式错误：花括号 { } 里的值有冒号，YAML 把它当成了下一个键",
        "invalid YAML: a value inside { } contains a colon, which YAML reads as the next key",
    )
}

pub(crate) fn ends_early() -> Text {
    Text::new(
        "YAML 格式错误：内容没写完就结束了",
        "invalid YAML: the text ends where more was expected",
    )
}

pub(crate) fn ends_early_hint() -> Text {
    Text::new(
        "是空的，还是被截断了？placard.yaml 和页头至少要有一行 `title: …`",
        "is it empty or cut short? placard.yaml and front matter need at least a line `title: …`",
    )
}

pub(crate) fn misaligned() -> Text {
    Text::new(
        "YAML 格式错误：这一行和上面的行没有对齐",
        "invalid YAML: this line does not line up with the lines above it",
    )
}

pub(crate) fn misaligned_hint() -> Text {
    Text::new(
        "用空格缩进：同一组的键从同一列开始，列表项（`- …`）比它的键缩进更多",
        "indent with spaces so that the keys of one mapping start in the same column, and list items (`- …`) further in than their key",
    )
}

pub(crate) fn unclosed_quote() -> Text {
    Text::new(
        "YAML 格式错误：引号只有开头，没有结尾",
        "invalid YAML: a quote is opened and never closed",
    )
}

pub(crate) fn unclosed_quote_hint() -> Text {
    Text::new(
        "在值的末尾补上同样的引号，或者去掉开头的引号",
        "end the value with the quote mark it starts with, or remove the quote",
    )
}

pub(crate) fn unclosed_bracket(open: char) -> Text {
    Text::new(
        format!("YAML 格式错误：`{open}` 没有配对的结尾"),
        format!("invalid YAML: `{open}` is opened and never closed"),
    )
}

pub(crate) fn unclosed_bracket_hint(open: char, close: char) -> Text {
    Text::new(
        format!("在同一行用 `{close}` 结尾；以 `{open}` 开头的文字请加引号"),
        format!(
            "close it with `{close}` on the same line; text that starts with `{open}` goes in quotes"
        ),
    )
}

pub(crate) fn brackets() -> Text {
    Text::new(
        "YAML 格式错误：括号不配对，或者两项之间少了逗号",
        "invalid YAML: brackets that do not match, or items without a comma between them",
    )
}

pub(crate) fn brackets_hint() -> Text {
    Text::new(
        "各项之间用半角逗号隔开，每个括号都要配对：{ name: 王林, phone: 0551-1234567 } 或 [甲, 乙]",
        "separate the items with commas and close each bracket: { name: 王林, phone: 0551-1234567 } or [a, b]",
    )
}

pub(crate) fn tab() -> Text {
    Text::new(
        "YAML 格式错误：这里用了 Tab 键，YAML 只认空格",
        "invalid YAML: a tab where YAML needs spaces",
    )
}

pub(crate) fn tab_hint() -> Text {
    Text::new(
        "请用空格缩进，不要用 Tab（把编辑器插入的 Tab 换成空格）",
        "indent with spaces, never tabs (replace the tabs your editor put in)",
    )
}

pub(crate) fn not_key_value() -> Text {
    Text::new(
        "YAML 格式错误：这一行不是 `键: 值` 的写法",
        "invalid YAML: a line that is not `key: value`",
    )
}

pub(crate) fn not_key_value_hint() -> Text {
    Text::new(
        "每行写成 `键: 值`，冒号是半角的，后面有一个空格",
        "write each line as `key: value`, with a space after the colon",
    )
}

pub(crate) fn bad_first_character(character: char) -> Text {
    Text::new(
        format!("YAML 格式错误：值不能以 `{character}` 开头"),
        format!("invalid YAML: a value cannot start with `{character}`"),
    )
}

pub(crate) fn bad_first_character_hint(character: char) -> Text {
    Text::new(
        format!("给这个值加上引号：\"{character}…\""),
        format!("put the value in quotes: \"{character}…\""),
    )
}

/// A mistake placard has no words of its own for: the YAML library's, quoted.
pub(crate) fn other(text: &str) -> Text {
    Text::new(
        format!("YAML 格式错误：{text}"),
        format!("invalid YAML: {text}"),
    )
}

pub(crate) fn other_hint() -> Text {
    Text::new(
        "每行写成 `键: 值`，用空格缩进；值里有 `: ` 或 ` #`，或以 [ ] { } * & ! | > ' \" % @ ` 开头时，请加引号",
        "write each line as `key: value`, indented with spaces; put a value in quotes when it contains `: ` or ` #`, or starts with [ ] { } * & ! | > ' \" % @ or `",
    )
}

// ───────────────────── full-width punctuation where YAML needs ASCII ─────────────────────

/// `title：通知`: the colon after a key is full-width.
pub(crate) fn full_width_colon(key: &str) -> Text {
    Text::new(
        format!("`{key}` 后面的冒号是全角的“：”，YAML 只认半角冒号“:”"),
        format!("the colon after `{key}` is a full-width `：`; YAML needs an ASCII colon `:`"),
    )
}

/// `tags: [甲，乙]`: items separated by a full-width comma.
pub(crate) fn full_width_comma() -> Text {
    Text::new(
        "括号里各项之间用了全角逗号“，”，YAML 会把它们当成一项",
        "the items in brackets are separated by a full-width `，`, which YAML reads as one item",
    )
}

/// `　date: …`: a line indented with a full-width space.
pub(crate) fn full_width_space() -> Text {
    Text::new(
        "行首用了全角空格，YAML 只认半角空格",
        "the line starts with a full-width space; YAML indents with ASCII spaces only",
    )
}

/// `summary: “时间: 上午”`: full-width quotes, which YAML does not read as quotes.
pub(crate) fn full_width_quotes() -> Text {
    Text::new(
        "值外面的引号是全角的“”，YAML 只认半角引号 \"\"",
        "the value is in full-width quotes “”, which YAML does not read as quotes; it needs ASCII \"\"",
    )
}

/// How the line reads with ASCII punctuation.
pub(crate) fn write_it_as(fixed: &str) -> Text {
    Text::new(
        format!("请改成：`{fixed}`"),
        format!("write it as: `{fixed}`"),
    )
}
