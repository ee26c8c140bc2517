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
use crate::messages::Text;
use crate::messages::yaml::{self as say, Needed, Shape};

mod full_width;

/// How deep YAML values may nest. Front matter needs three or four levels
/// (`sessions:` → a session → its fields).
pub(crate) const MAX_DEPTH: usize = 32;

/// How many times `read_every` reads a text again, at most: a page or a
/// placard.yaml has a few dozen keys, and each reading takes the whole text.
const MAX_READINGS: usize = 100;

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
    let value = serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| error_diagnostic(&err, text, file, first_line))?;
    match full_width::in_parsed(text, || keys_with_full_width(text)) {
        Some(finding) => Err(full_width_diagnostic(finding, file, first_line)),
        None => Ok(value),
    }
}

/// Parse `text` as `T` and report every wrong value, not only the first: a
/// placard.yaml or a page with three mistakes is mended in one go. After each
/// error the key whose value it is, is hidden from serde (its letters
/// overwritten with a name no type has, so that every line and column stays
/// where it is) and the text is read again, the key's default standing in for
/// it. `T` must ignore keys it does not know (no `deny_unknown_fields`):
/// unknown keys are the caller's to report, with [`unknown_keys`]. A mapping
/// inside `T` that refuses unknown keys, or needs the hidden one, is hidden
/// whole under its own key (a session with a wrong value leaves `sessions`
/// to its default); what hiding causes is not reported, and no place gets a
/// second error. A syntax error stops the reading, since nothing after it can
/// be read. Returns the value when the text could be read (with defaults for
/// the wrong ones), and the errors.
pub(crate) fn parse_every<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> (Option<T>, Vec<Diagnostic>) {
    let every = read_every(text, file, first_line);
    (every.value, every.errors)
}

/// What [`read_every`] made of a text.
pub(crate) struct Every<T> {
    /// The value, the wrong ones at their defaults; None after a syntax error.
    pub value: Option<T>,
    pub errors: Vec<Diagnostic>,
    /// The top-level keys whose values were left at their defaults (a key
    /// with a wrong value under it), for the checks that must not take the
    /// default for what is written.
    pub hidden: Vec<String>,
}

/// [`parse_every`], saying which top-level keys were left at their defaults.
pub(crate) fn read_every<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Every<T> {
    let every = |value, errors, hidden| Every {
        value,
        errors,
        hidden,
    };
    let Some(tree) = Tree::read(text) else {
        // A syntax error: the first error serde meets before it, and it.
        let first = match parse(text, file, first_line) {
            Ok(value) => return every(Some(value), Vec::new(), Vec::new()),
            Err(error) => error,
        };
        let syntax = parse::<IgnoredAny>(text, file, first_line).err();
        let errors = std::iter::once(first.clone())
            .chain(syntax.filter(|syntax| *syntax != first))
            .collect();
        return every(None, errors, Vec::new());
    };
    let mut read = text.to_string();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut hidden: Vec<Location> = Vec::new();
    let mut hidden_at_top: Vec<String> = Vec::new();
    loop {
        match serde_saphyr::from_str_with_options::<T>(&read, options()) {
            Ok(value) => {
                if let Some(finding) = full_width::in_parsed(text, || keys_with_full_width(text)) {
                    errors.push(full_width_diagnostic(finding, file, first_line));
                }
                return every(Some(value), errors, hidden_at_top);
            }
            Err(err) => {
                let chain = err
                    .location()
                    .map(|at| tree.entries_at(&at))
                    .unwrap_or_default();
                let is_hidden = |entry: &Entry| hidden.iter().any(|h| same_place(h, &entry.key_at));
                // The mapping an error is about: a key missing from it, or a
                // hidden key it refuses, hides the key the mapping is under.
                let whole_mapping = match innermost(&err) {
                    Error::SerdeMissingField { field, .. } => Some(
                        chain.len() >= 2
                            && tree
                                .siblings(chain[chain.len() - 1])
                                .any(|e| e.key == *field && is_hidden(e)),
                    ),
                    Error::SerdeUnknownField { field, .. } if is_placeholder(field) => Some(true),
                    _ => None,
                };
                let diagnostic = error_diagnostic(&err, &read, file, first_line);
                let caused_by_hiding = whole_mapping == Some(true)
                    || errors
                        .iter()
                        .any(|e| (e.line, e.column) == (diagnostic.line, diagnostic.column));
                if !caused_by_hiding {
                    errors.push(diagnostic);
                }
                // The deepest entry the error is in, or the one its mapping
                // is under; else the nearest one above it not yet hidden.
                let deepest =
                    chain.len() - usize::from(whole_mapping.is_some() && chain.len() >= 2);
                let next = chain[..deepest.min(chain.len())]
                    .iter()
                    .rev()
                    .filter(|entry| !is_hidden(entry))
                    .find_map(|entry| hide_key(&mut read, &entry.key_at, hidden.len()));
                if hidden.len() >= MAX_READINGS {
                    // A file of a thousand repeated keys is not read a
                    // thousand times: what was found so far is reported.
                    return every(None, errors, hidden_at_top);
                }
                match next {
                    Some(key_at) => {
                        hidden.push(key_at);
                        hidden_at_top.push(chain[0].key.clone());
                    }
                    None => return every(None, errors, hidden_at_top),
                }
            }
        }
    }
}

/// A name `hide_key` gives a key (`_3______`).
fn is_placeholder(key: &str) -> bool {
    let digits = key
        .strip_prefix('_')
        .map(|rest| rest.trim_end_matches('_'))
        .unwrap_or_default();
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Overwrites the key written at `at` with `_n` (the `n`th key hidden), as
/// long as the key: `paginate` → `_3______`. None when the key is not plain
/// ASCII letters (no known key is other) or too short to hold the name.
fn hide_key(text: &mut String, at: &Location, n: usize) -> Option<Location> {
    let span = at.span();
    let start = span.byte_offset()? as usize;
    let written = text.get(start..start + span.byte_len()? as usize)?;
    let quote = usize::from(written.starts_with(['"', '\'']));
    let key = &written[quote..written.len() - quote];
    let name = format!("_{n}");
    if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.len() > key.len() {
        return None;
    }
    let hidden = format!("{name:_<width$}", width = key.len());
    let from = start + quote;
    text.replace_range(from..from + key.len(), &hidden);
    Some(*at)
}

/// The errors of keys that their mapping does not have, each with the
/// nearest known key (or the keys allowed). `known` gives the keys of the
/// mapping at a path of keys from the top (`["languages", "en"]`), None
/// where any key goes; the keys under an unknown key are not looked at.
pub(crate) fn unknown_keys(
    tree: &Tree,
    file: &Path,
    first_line: usize,
    known: &dyn Fn(&[&str]) -> Option<&'static [&'static str]>,
) -> Vec<Diagnostic> {
    fn walk<'t>(
        node: &'t Node,
        path: &mut Vec<&'t str>,
        known: &dyn Fn(&[&str]) -> Option<&'static [&'static str]>,
        found: &mut Vec<(&'t Entry, &'static [&'static str])>,
    ) {
        let Node::Mapping(entries) = node else {
            return;
        };
        let allowed = known(path);
        for entry in entries {
            match allowed {
                Some(allowed) if !allowed.contains(&entry.key.as_str()) => {
                    found.push((entry, allowed))
                }
                _ => {
                    path.push(&entry.key);
                    walk(&entry.value, path, known, found);
                    path.pop();
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&tree.0, &mut Vec::new(), known, &mut found);
    found
        .into_iter()
        .map(|(entry, allowed)| {
            let at = &entry.key_at;
            Diagnostic::error(say::unknown_key(&entry.key))
                .in_file(file)
                .with_hint(near_or(&entry.key, allowed, say::keys_allowed))
                .at(
                    line_of(at, first_line).unwrap_or(first_line),
                    at.column().max(1) as usize,
                )
        })
        .collect()
}

/// The lines (in `text`) of keys that hold a full-width colon or space.
fn keys_with_full_width(text: &str) -> Vec<usize> {
    let Some(tree) = Tree::read(text) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    tree.each_key(&mut |key, at| {
        if key.contains(['：', '\u{3000}']) {
            lines.push(at.line() as usize);
        }
    });
    lines
}

fn full_width_diagnostic(
    finding: full_width::Finding,
    file: &Path,
    first_line: usize,
) -> Diagnostic {
    Diagnostic::error(finding.message)
        .in_file(file)
        .at_line(Some(first_line + finding.line - 1))
        .with_hint(say::write_it_as(&finding.fixed))
}

/// The error a deserializer of placard's own (a date, a time, hours) gives for
/// a value it refuses, with the hint that goes with it. Serde carries only a
/// message, so the four texts travel joined and are parted again by
/// `error_diagnostic`.
pub(crate) fn invalid<E: de::Error>(message: Text, hint: Text) -> E {
    E::custom(Invalid { message, hint })
}

/// A value a check of placard's own refuses, with how to write it: the error
/// of a `#[serde(try_from = …)]` conversion, which serde turns into a message
/// (see `invalid`).
pub(crate) struct Invalid {
    pub message: Text,
    pub hint: Text,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (message, hint) = (&self.message, &self.hint);
        let parts = [message.zh(), message.en(), hint.zh(), hint.en()];
        f.write_str(&parts.join(&HINT_SEPARATOR.to_string()))
    }
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
    // Full-width punctuation in YAML's syntax explains the error better than
    // what YAML makes of it (a strange key, a line that is not `key: value`).
    let error_line = place.location.map_or(1, |l| l.line() as usize);
    if let Some(finding) = full_width::explaining(text, error_line) {
        return full_width_diagnostic(finding, file, first_line);
    }
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

    /// The line of the text the error is on, as written.
    fn line_text(&self) -> Option<&str> {
        self.text.lines().nth(self.location?.line() as usize - 1)
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
        let line = self.line_text()?;
        let (key, value) = line.split_once(": ")?;
        if location.column() as usize <= key.chars().count() + 1 {
            return None;
        }
        let value = value.trim();
        let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
        Some(plain.then(|| format!("{key}: {}", quoted(value))))
    }

    /// For `{ name: 王林: 科长 }`: the line with each value inside the braces
    /// that holds a colon in quotes, when there is one.
    fn colon_in_braces(&self) -> Option<String> {
        let line = self.line_text()?;
        let open = line.find('{')?;
        let close = line.rfind('}').filter(|c| *c > open)?;
        let inner = &line[open + 1..close];
        let mut changed = false;
        let items: Vec<String> = inner
            .split(',')
            .map(|item| match item.split_once(':') {
                Some((key, value))
                    if value.contains(':') && !value.trim().starts_with(['"', '\'']) =>
                {
                    changed = true;
                    format!("{key}: {}", quoted(value.trim()))
                }
                _ => item.to_string(),
            })
            .collect();
        changed.then(|| {
            format!(
                "{}{{{}}}{}",
                &line[..open],
                items.join(","),
                &line[close + 1..]
            )
        })
    }

    fn line(&self) -> Option<usize> {
        line_of(self.location.as_ref()?, self.first_line)
    }
}

/// `时间: 上午` → `"时间: 上午"`.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A message and its hint.
struct Explained {
    message: Text,
    hint: Option<Text>,
}

fn explained(message: Text, hint: Text) -> Explained {
    Explained {
        message,
        hint: Some(hint),
    }
}

fn explain(err: &Error, place: &Place) -> Explained {
    let key = || place.key();
    match err {
        Error::DuplicateMappingKey { key, .. } => explained(
            say::duplicate_key(key.as_deref(), place.first_of_duplicate(), place.line()),
            say::duplicate_key_hint(key.as_deref()),
        ),
        Error::SerdeUnknownField {
            field, expected, ..
        } => explained(
            say::unknown_key(field),
            near_or(field, expected, say::keys_allowed),
        ),
        Error::SerdeMissingField { field, .. } => {
            explained(say::missing_key(field), say::missing_key_hint(field))
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => explained(
            say::unknown_value(key().as_deref(), variant),
            near_or(variant, expected, say::write_one_of),
        ),
        Error::InvalidScalar { ty, .. } => not_of_type(key().as_deref(), needed(ty), place),
        Error::InvalidBooleanStrict { .. } => not_of_type(key().as_deref(), Needed::Boolean, place),
        Error::NullIntoString { .. } => {
            let key = key();
            explained(
                say::no_value(key.as_deref()),
                say::no_value_hint(key.as_deref()),
            )
        }
        Error::Unexpected { expected, .. } => {
            let shape = match *expected {
                "sequence start" => Shape::List,
                "mapping start" => Shape::Mapping,
                _ => Shape::Single,
            };
            explained(
                say::wrong_shape(key().as_deref(), shape),
                say::wrong_shape_hint(shape),
            )
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => explained(
            say::wrong_value(key().as_deref(), unexpected, expected),
            say::check_documentation(),
        ),
        Error::Message { msg, .. } => own_message(msg),
        Error::UnknownAnchor { .. } => explained(say::star_value(), say::star_value_hint()),
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => explained(say::second_document(), say::second_document_hint()),
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => runaway(&library_message(err)),
        Error::IndentationError { .. } => misaligned(),
        Error::Eof { .. } => explained(say::ends_early(), say::ends_early_hint()),
        Error::ExternalMessage {
            source, msg: text, ..
        } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => syntax(scan.kind(), text, place),
            _ => other(text),
        },
        _ => other(&library_message(err)),
    }
}

/// "did you mean …?" when `written` is near one of `known`, else `all` of them.
fn near_or(written: &str, known: &[&'static str], all: fn(&[&str]) -> Text) -> Text {
    match suggest(written, known.iter().copied()) {
        Some(near) => say::did_you_mean(near),
        None => all(known),
    }
}

/// What a scalar type of serde's (`boolean`, `u64`, `f64`) asks an author for.
fn needed(ty: &str) -> Needed {
    match ty {
        "boolean" => Needed::Boolean,
        "floating point" | "f32" | "f64" => Needed::Number,
        unsigned if unsigned.starts_with('u') => Needed::Unsigned,
        signed if signed.starts_with('i') => Needed::Signed,
        _ => Needed::Other,
    }
}

/// A value that is not of its key's type, with the line fixed where the
/// author's meaning is plain: `urgent: 是` → `urgent: true`.
fn not_of_type(key: Option<&str>, needed: Needed, place: &Place) -> Explained {
    let written = place.written();
    let fixed = match (needed, key, written) {
        (Needed::Boolean, Some(key), Some(written)) => {
            meant_boolean(written).map(|b| format!("{key}: {b}"))
        }
        _ => None,
    };
    explained(
        say::not_of_type(key, needed, written),
        say::not_of_type_hint(needed, fixed.as_deref()),
    )
}

/// What an author means by `是`, `否`, `yes`, `Y`…, when it is plain.
pub(crate) fn meant_boolean(written: &str) -> Option<bool> {
    let written = written.trim_matches(['"', '\'']).trim().to_lowercase();
    match written.as_str() {
        "是" | "对" | "真" | "有" | "要" | "需要" | "紧急" | "yes" | "y" | "on" | "1" | "√" => {
            Some(true)
        }
        "否" | "不" | "不是" | "假" | "无" | "没有" | "不要" | "不需要" | "no" | "n" | "off"
        | "0" | "×" => Some(false),
        _ => None,
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

/// A message of one of placard's own deserializers (see `invalid`) with its
/// hint, or serde's own (`data did not match any variant`) as it is.
fn own_message(text: &str) -> Explained {
    let parts: Vec<&str> = text.split(HINT_SEPARATOR).collect();
    match parts[..] {
        [message_zh, message_en, hint_zh, hint_en] => explained(
            Text::new(message_zh.to_string(), message_en.to_string()),
            Text::new(hint_zh.to_string(), hint_en.to_string()),
        ),
        _ => other(text),
    }
}

fn runaway(detail: &str) -> Explained {
    explained(say::runaway(detail), say::runaway_hint(MAX_DEPTH))
}

fn misaligned() -> Explained {
    explained(say::misaligned(), say::misaligned_hint())
}

fn other(text: &str) -> Explained {
    explained(say::other(text), say::other_hint())
}

/// What YAML's scanner could not read, in an author's terms where the mistake
/// is a common one; its own words otherwise.
fn syntax(kind: &ErrorKind, text: &str, place: &Place) -> Explained {
    match kind {
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::MappingKeyNotAllowed
        | ErrorKind::InvalidColonPlacement => match place.colon_in_value() {
            Some(fixed) => explained(
                say::colon_in_value(),
                say::quote_the_value(fixed.as_deref()),
            ),
            None => misaligned(),
        },
        ErrorKind::UnclosedQuotedScalar => {
            explained(say::unclosed_quote(), say::unclosed_quote_hint())
        }
        ErrorKind::UnclosedFlowCollection { open } => explained(
            say::unclosed_bracket(*open),
            say::unclosed_bracket_hint(*open, if *open == '[' { ']' } else { '}' }),
        ),
        ErrorKind::ExpectedFlowMappingSeparator => match place.colon_in_braces() {
            Some(fixed) => explained(say::colon_in_braces(), say::quote_the_value(Some(&fixed))),
            None => explained(say::brackets(), say::brackets_hint()),
        },
        ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::MismatchedFlowCollectionEnd { .. } => {
            explained(say::brackets(), say::brackets_hint())
        }
        ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::InvalidIndentation => misaligned(),
        ErrorKind::TabInIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => explained(say::tab(), say::tab_hint()),
        ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::InvalidMappingValueWhitespace => {
            explained(say::not_key_value(), say::not_key_value_hint())
        }
        ErrorKind::UnexpectedCharacter { character } => explained(
            say::bad_first_character(*character),
            say::bad_first_character_hint(*character),
        ),
        ErrorKind::UnknownAnchor => explained(say::star_value(), say::star_value_hint()),
        ErrorKind::RecursionLimitExceeded | ErrorKind::AnchorCountOverflow => runaway(text),
        _ => other(text),
    }
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

    /// The entry an error at `at` is about, after the entries it is under
    /// (outermost first): the one whose value or key is written there, else
    /// the last key written before it (a value inside a list, or past its
    /// start). Empty when no key is written before `at`.
    fn entries_at(&self, at: &Location) -> Vec<&Entry> {
        /// Every entry, each with the index of the one it is under.
        fn walk<'t>(
            node: &'t Node,
            under: Option<usize>,
            all: &mut Vec<(&'t Entry, Option<usize>)>,
        ) {
            match node {
                Node::Mapping(entries) => entries.iter().for_each(|entry| {
                    all.push((entry, under));
                    walk(&entry.value, Some(all.len() - 1), all);
                }),
                Node::Sequence(items) => items.iter().for_each(|item| walk(item, under, all)),
                Node::Scalar => {}
            }
        }
        let mut all = Vec::new();
        walk(&self.0, None, &mut all);
        let place = |l: &Location| (l.line(), l.column());
        let found = (0..all.len())
            .find(|&i| same_place(&all[i].0.value_at, at))
            .or_else(|| (0..all.len()).find(|&i| same_place(&all[i].0.key_at, at)))
            .or_else(|| {
                (0..all.len())
                    .filter(|&i| place(&all[i].0.key_at) <= place(at))
                    .max_by_key(|&i| place(&all[i].0.key_at))
            });
        let mut chain: Vec<&Entry> = std::iter::successors(found, |&i| all[i].1)
            .map(|i| all[i].0)
            .collect();
        chain.reverse();
        chain
    }

    /// The entries of the mapping `entry` is in, itself included.
    fn siblings<'t>(&'t self, entry: &'t Entry) -> impl Iterator<Item = &'t Entry> {
        fn walk<'t>(node: &'t Node, entry: &Entry) -> Option<&'t [Entry]> {
            match node {
                Node::Mapping(entries) => {
                    if entries.iter().any(|e| std::ptr::eq(e, entry)) {
                        return Some(entries);
                    }
                    entries.iter().find_map(|e| walk(&e.value, entry))
                }
                Node::Sequence(items) => items.iter().find_map(|item| walk(item, entry)),
                Node::Scalar => None,
            }
        }
        walk(&self.0, entry).unwrap_or_default().iter()
    }

    /// Calls `each` with every key and where it is written, nested ones included.
    fn each_key(&self, each: &mut dyn FnMut(&str, &Location)) {
        fn walk(node: &Node, each: &mut dyn FnMut(&str, &Location)) {
            match node {
                Node::Mapping(entries) => entries.iter().for_each(|entry| {
                    each(&entry.key, &entry.key_at);
                    walk(&entry.value, each);
                }),
                Node::Sequence(items) => items.iter().for_each(|item| walk(item, each)),
                Node::Scalar => {}
            }
        }
        walk(&self.0, each)
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
