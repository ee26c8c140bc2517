//! YAML through serde-saphyr, with its errors turned into diagnostics an author
//! can act on: what is wrong in their words (the key, the value as written),
//! how to fix it, and the line in the file the YAML came from (front matter
//! starts a few lines into a Markdown file). This is the one place YAML errors
//! become diagnostics; each message is built by one function below.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error, ExternalMessageSource, Location, Spanned};

use crate::diagnostics::{Diagnostic, suggest};

/// How deep YAML values may nest. Front matter needs three or four levels
/// (`sessions:` → a session → its fields).
pub(crate) const MAX_DEPTH: usize = 32;

/// Limits for one YAML text, so that a runaway or hostile file (deep nesting,
/// an alias bomb, thousands of documents) is an error and not an out-of-memory kill.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: 100_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: MAX_DEPTH,
        },
    }
}

/// Parse `text` as `T`. `first_line` is the line of `file` on which `text` starts.
pub(crate) fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| error_diagnostic(&err, text, file, first_line))
}

/// The error a deserializer of placard's own (a date, a time, hours) gives for
/// a value it refuses, with the hint that goes with it. Serde carries only a
/// message, so the two travel joined and are parted again by `error_diagnostic`.
pub(crate) fn invalid<E: de::Error>(message: impl fmt::Display, hint: impl fmt::Display) -> E {
    E::custom(format!("{message}{HINT_SEPARATOR}{hint}"))
}

const HINT_SEPARATOR: char = '\u{1f}';

/// Location of a value parsed with `serde_saphyr::Spanned`, as a line of the file.
pub(crate) fn line_of(location: &Location, first_line: usize) -> Option<usize> {
    (location.line() > 0).then(|| first_line + location.line() as usize - 1)
}

/// The diagnostic for `err`, raised while reading `text` (which starts on line
/// `first_line` of `file`).
fn error_diagnostic(err: &Error, text: &str, file: &Path, first_line: usize) -> Diagnostic {
    let place = Place {
        text,
        first_line,
        location: err.location().filter(|l| l.line() > 0),
    };
    let Explained { message, hint } = explain(innermost(err), &place);
    let diagnostic = Diagnostic::error(message).in_file(file);
    let diagnostic = match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    };
    match place.location {
        Some(location) => diagnostic.at(
            first_line + location.line() as usize - 1,
            location.column().max(1) as usize,
        ),
        None => diagnostic.at_line(Some(first_line)),
    }
}

/// The error itself, without the snippet or alias it may be wrapped in.
fn innermost(mut err: &Error) -> &Error {
    loop {
        err = match err {
            Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => error,
            _ => return err,
        }
    }
}

/// Where an error is, to name the key and quote the value it is about.
struct Place<'a> {
    text: &'a str,
    first_line: usize,
    location: Option<Location>,
}

impl Place<'_> {
    /// The value at the error as it is written (`many`, `.nan`).
    fn written(&self) -> Option<&str> {
        let span = self.location?.span();
        let start = span.byte_offset()? as usize;
        let written = self.text.get(start..start + span.byte_len()? as usize)?;
        Some(written.trim()).filter(|w| !w.is_empty())
    }

    /// The key whose value is at the error (`paginate`, `hours`), when the
    /// text is YAML that can be read again.
    fn key(&self) -> Option<String> {
        Tree::read(self.text)?.key_of_value(&self.location?)
    }

    /// The line of the file where a key written twice was first written.
    fn first_of_duplicate(&self) -> Option<usize> {
        let first = Tree::read(self.text)?.earlier_same_key(&self.location?)?;
        line_of(&first, self.first_line)
    }

    /// For a `:` where YAML does not expect one: Some when it is inside the
    /// value of the line's key (`summary: 时间: 上午`), with the line as it
    /// should be written when the value is plain text (`summary: "时间: 上午"`);
    /// None when it is the line's own key that is out of place (indented too far).
    fn colon_in_value(&self) -> Option<Option<String>> {
        let location = self.location?;
        let line = self.text.lines().nth(location.line() as usize - 1)?;
        let (key, value) = line.split_once(": ")?;
        if location.column() as usize <= key.chars().count() + 1 {
            return None;
        }
        let value = value.trim();
        let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
        Some(plain.then(|| {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            format!("{key}: \"{escaped}\"")
        }))
    }

    fn line(&self) -> Option<usize> {
        line_of(self.location.as_ref()?, self.first_line)
    }
}

/// A message and its hint.
struct Explained {
    message: String,
    hint: Option<String>,
}

fn explained(message: String, hint: impl Into<String>) -> Explained {
    Explained {
        message,
        hint: Some(hint.into()),
    }
}

fn explain(err: &Error, place: &Place) -> Explained {
    match err {
        Error::DuplicateMappingKey { key, .. } => {
            duplicate_key(key.as_deref(), place.first_of_duplicate(), place.line())
        }
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(field, expected),
        Error::SerdeMissingField { field, .. } => missing_key(field),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown_value(place.key().as_deref(), variant, expected),
        Error::InvalidScalar { ty, .. } => not_of_type(place.key().as_deref(), ty, place.written()),
        Error::InvalidBooleanStrict { .. } => {
            not_of_type(place.key().as_deref(), "boolean", place.written())
        }
        Error::NullIntoString { .. } => no_value(place.key().as_deref()),
        Error::Unexpected { expected, .. } => wrong_shape(place.key().as_deref(), expected),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => wrong_value(place.key().as_deref(), unexpected, expected),
        Error::Message { msg, .. } => own_message(msg),
        Error::UnknownAnchor { .. } => star_value(),
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => second_document(),
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => runaway(&library_message(err)),
        Error::IndentationError { .. } => misaligned(),
        Error::Eof { .. } => ends_early(),
        Error::ExternalMessage {
            source, msg: text, ..
        } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => syntax(scan.kind(), text, place),
            _ => other(text),
        },
        _ => other(&library_message(err)),
    }
}

/// serde-saphyr's own words for an error, without the position it appends
/// (our diagnostics carry it).
fn library_message(err: &Error) -> String {
    let message = err.without_snippet().to_string();
    let first = message.lines().next().unwrap_or(&message).trim();
    let cut = first.find(" at line ").map_or(first, |at| &first[..at]);
    cut.trim_start_matches("error: ")
        .trim_end_matches('.')
        .to_string()
}

/// "`paginate` must be …" when the key is known, else "expected … here".
fn must_be(key: Option<&str>, needed: &str) -> String {
    match key {
        Some(key) => format!("`{key}` must be {needed}"),
        None => format!("expected {needed} here"),
    }
}

// ─────────────────────── the messages, one function each ───────────────────────

fn duplicate_key(key: Option<&str>, first: Option<usize>, second: Option<usize>) -> Explained {
    let lines = match (first, second) {
        (Some(first), Some(second)) if first == second => format!(" on line {first}"),
        (Some(first), Some(second)) => format!(", on lines {first} and {second}"),
        _ => String::new(),
    };
    match key {
        Some(key) => explained(
            format!("key `{key}` is written twice{lines}"),
            format!("keep the `{key}:` you mean and delete the other"),
        ),
        None => explained(
            format!("a key is written twice in one mapping{lines}"),
            "keep the key you mean and delete the other",
        ),
    }
}

fn unknown_key(key: &str, known: &[&'static str]) -> Explained {
    let hint = match suggest(key, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the keys allowed here are: {}", known.join(", ")),
    };
    explained(format!("unknown key `{key}`"), hint)
}

fn missing_key(key: &str) -> Explained {
    explained(
        format!("missing key `{key}`"),
        format!("add a line `{key}: …`"),
    )
}

fn unknown_value(key: Option<&str>, value: &str, known: &[&'static str]) -> Explained {
    let message = match key {
        Some(key) => format!("unknown value `{value}` for `{key}`"),
        None => format!("unknown value `{value}`"),
    };
    let hint = match suggest(value, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("write one of: {}", known.join(", ")),
    };
    explained(message, hint)
}

/// A scalar that is not of the type its key needs (`invalid u64`, `invalid boolean`).
fn not_of_type(key: Option<&str>, ty: &str, written: Option<&str>) -> Explained {
    let (needed, hint) = match ty {
        "boolean" => ("true or false", "write true or false"),
        "floating point" | "f32" | "f64" => ("a number", "write a number, like 3 or 1.5"),
        unsigned if unsigned.starts_with('u') => (
            "a whole number",
            "write a whole number without sign, decimals or units, like 20",
        ),
        signed if signed.starts_with('i') => (
            "a whole number",
            "write a whole number without decimals or units, like 3 or -1",
        ),
        _ => (
            "of another type",
            "check the value against the documentation",
        ),
    };
    let not = written.map_or_else(String::new, |w| format!(", not `{w}`"));
    explained(format!("{}{not}", must_be(key, needed)), hint)
}

fn no_value(key: Option<&str>) -> Explained {
    match key {
        Some(key) => explained(
            format!("`{key}` has no value"),
            format!("write the value after `{key}: `"),
        ),
        None => explained(
            "a value is missing here".to_string(),
            "write the value after the colon",
        ),
    }
}

/// A list, mapping or single value where the key needs another of the three.
fn wrong_shape(key: Option<&str>, expected: &str) -> Explained {
    let (needed, hint) = match expected {
        "sequence start" => (
            "a list",
            "write one item a line, each starting with `- ` and indented under the key, or all on one line in brackets: [a, b]",
        ),
        "mapping start" => (
            "keys and values",
            "write `key: value` lines indented under it, or all on one line in braces: { key: value }",
        ),
        _ => (
            "a single value",
            "write the value after the colon; put text that starts with [ or { in quotes",
        ),
    };
    explained(must_be(key, needed), hint)
}

fn wrong_value(key: Option<&str>, found: &str, expected: &str) -> Explained {
    explained(
        format!("{}, not {found}", must_be(key, expected)),
        "check the value against the documentation",
    )
}

/// A message of one of placard's own deserializers (see `invalid`) with its
/// hint, or serde's own (`data did not match any variant`) as it is.
fn own_message(text: &str) -> Explained {
    match text.split_once(HINT_SEPARATOR) {
        Some((message, hint)) => explained(message.to_string(), hint),
        None => other(text),
    }
}

fn star_value() -> Explained {
    explained(
        "invalid YAML: a value starts with `*`, which YAML reads as a reference to an `&anchor`"
            .to_string(),
        "put the value in quotes: \"*…\"",
    )
}

fn second_document() -> Explained {
    explained(
        "invalid YAML: a second document starts here (a `---` line)".to_string(),
        "delete the `---` line: one file holds one YAML document",
    )
}

fn runaway(detail: &str) -> Explained {
    explained(
        format!("YAML too deeply nested or too large: {detail}"),
        format!(
            "YAML may nest at most {MAX_DEPTH} levels, with at most 1000 anchors and aliases; is the file damaged?"
        ),
    )
}

fn colon_in_value(hint: &str) -> Explained {
    explained(
        "invalid YAML: a value contains `: `, which YAML reads as the start of another key"
            .to_string(),
        hint,
    )
}

fn ends_early() -> Explained {
    explained(
        "invalid YAML: the text ends where more was expected".to_string(),
        "is it empty or cut short? placard.yaml and front matter need at least a line `title: …`",
    )
}

fn misaligned() -> Explained {
    explained(
        "invalid YAML: this line does not line up with the lines above it".to_string(),
        "indent with spaces so that the keys of one mapping start in the same column, and list items (`- …`) further in than their key",
    )
}

/// What YAML's scanner could not read, in an author's terms where the mistake
/// is a common one; its own words otherwise.
fn syntax(kind: &ErrorKind, text: &str, place: &Place) -> Explained {
    match kind {
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::MappingKeyNotAllowed
        | ErrorKind::InvalidColonPlacement => match place.colon_in_value() {
            Some(Some(fixed)) => colon_in_value(&format!("put the value in quotes: {fixed}")),
            Some(None) => colon_in_value("put the value in quotes"),
            None => misaligned(),
        },
        ErrorKind::UnclosedQuotedScalar => explained(
            "invalid YAML: a quote is opened and never closed".to_string(),
            "end the value with the quote mark it starts with, or remove the quote",
        ),
        ErrorKind::UnclosedFlowCollection { open } => explained(
            format!("invalid YAML: `{open}` is opened and never closed"),
            format!(
                "close it with `{}` on the same line; text that starts with `{open}` goes in quotes",
                if *open == '[' { ']' } else { '}' }
            ),
        ),
        ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::MismatchedFlowCollectionEnd { .. } => explained(
            "invalid YAML: brackets that do not match, or items without a comma between them"
                .to_string(),
            "separate the items with commas and close each bracket: { name: 王林, phone: 0551-1234567 } or [a, b]",
        ),
        ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::InvalidIndentation => misaligned(),
        ErrorKind::TabInIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => explained(
            "invalid YAML: a tab where YAML needs spaces".to_string(),
            "indent with spaces, never tabs (replace the tabs your editor put in)",
        ),
        ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::InvalidMappingValueWhitespace => explained(
            "invalid YAML: a line that is not `key: value`".to_string(),
            "write each line as `key: value`, with a space after the colon",
        ),
        ErrorKind::UnexpectedCharacter { character } => explained(
            format!("invalid YAML: a value cannot start with `{character}`"),
            format!("put the value in quotes: \"{character}…\""),
        ),
        ErrorKind::UnknownAnchor => star_value(),
        ErrorKind::RecursionLimitExceeded | ErrorKind::AnchorCountOverflow => runaway(text),
        _ => other(text),
    }
}

fn other(text: &str) -> Explained {
    explained(
        format!("invalid YAML: {text}"),
        "write each line as `key: value`, indented with spaces; put a value in quotes when it contains `: ` or ` #`, or starts with [ ] { } * & ! | > ' \" % @ or `",
    )
}

// ─────────────────────────── where keys are written ───────────────────────────

/// Where the keys of a YAML text are written: every mapping's keys in order,
/// repeats included, with where their values are. Read again after an error
/// (with repeats allowed), to name the key of a value and the first of two
/// keys written twice, and by `placard.yaml` for the lines of its checks.
pub(crate) struct Tree(Node);

enum Node {
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
    Scalar,
}

struct Entry {
    key: String,
    key_at: Location,
    value_at: Location,
    value: Node,
}

impl Tree {
    /// None when `text` is not YAML placard can read.
    pub(crate) fn read(text: &str) -> Option<Tree> {
        let mut options = options();
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
        options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
        serde_saphyr::from_str_with_options::<Node>(text, options)
            .ok()
            .map(Tree)
    }

    /// Line and column (in the text) of the key at `path` (keys from the top).
    pub(crate) fn key(&self, path: &[&str]) -> Option<Location> {
        self.entry(path).map(|e| e.key_at)
    }

    /// Line and column (in the text) of the value at `path`.
    pub(crate) fn value(&self, path: &[&str]) -> Option<Location> {
        self.entry(path).map(|e| e.value_at)
    }

    fn entry(&self, path: &[&str]) -> Option<&Entry> {
        let (last, up) = path.split_last()?;
        let mut node = &self.0;
        for key in up {
            node = &find(node, key)?.value;
        }
        find(node, last)
    }

    /// The key whose value starts at `at`.
    fn key_of_value(&self, at: &Location) -> Option<String> {
        fn walk(node: &Node, at: &Location) -> Option<String> {
            match node {
                Node::Mapping(entries) => entries.iter().find_map(|entry| {
                    if same_place(&entry.value_at, at) {
                        Some(entry.key.clone())
                    } else {
                        walk(&entry.value, at)
                    }
                }),
                Node::Sequence(items) => items.iter().find_map(|item| walk(item, at)),
                Node::Scalar => None,
            }
        }
        walk(&self.0, at)
    }

    /// Where the key written at `at` was first written in its mapping.
    fn earlier_same_key(&self, at: &Location) -> Option<Location> {
        fn walk(node: &Node, at: &Location) -> Option<Location> {
            match node {
                Node::Mapping(entries) => {
                    if let Some(index) = entries.iter().position(|e| same_place(&e.key_at, at)) {
                        let key = &entries[index].key;
                        return entries[..index]
                            .iter()
                            .find(|e| &e.key == key)
                            .map(|e| e.key_at);
                    }
                    entries.iter().find_map(|e| walk(&e.value, at))
                }
                Node::Sequence(items) => items.iter().find_map(|item| walk(item, at)),
                Node::Scalar => None,
            }
        }
        walk(&self.0, at)
    }
}

/// The last entry with `key` in a mapping (a repeated key's value is the last one's).
fn find<'a>(node: &'a Node, key: &str) -> Option<&'a Entry> {
    match node {
        Node::Mapping(entries) => entries.iter().rev().find(|e| e.key == key),
        _ => None,
    }
}

fn same_place(a: &Location, b: &Location) -> bool {
    (a.line(), a.column()) == (b.line(), b.column())
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push(Entry {
                key: key.value.0,
                key_at: key.referenced,
                value_at: value.referenced,
                value: value.value,
            });
        }
        Ok(Node::Mapping(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::Sequence(items))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
}

/// A mapping key as text (`1` and `true` as written in digits and letters; a
/// list or mapping used as a key, which YAML allows, as nothing).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }
    fn visit_none<E>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Key(String::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Key(String::new()))
    }
}

/// The keys serde reads for the struct `T` (its fields, as renamed): what a
/// mapping of `T` may hold. Asked of serde itself, so that no list repeats them.
pub(crate) fn fields_of<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::value::Error;
    use serde::de::{Deserializer, Visitor};
    /// A deserializer that notes the fields it is asked for and reads nothing.
    struct Fields(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut Fields {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            self.0 = fields;
            Err(serde::de::Error::custom("only the fields were asked for"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields = Fields(&[]);
    let _ = T::deserialize(&mut fields);
    fields.0
}

#[cfg(test)]
mod tests;
