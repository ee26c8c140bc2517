//! The command line in the officer's language: clap parses the arguments that
//! `main.rs` declares, and every word a help page or a usage error shows —
//! about, arguments, headings, the help and version flags — comes from the
//! catalogue (`placard::messages::cli`), in the language of the site the
//! command is for (`--root`, else the current folder; `PLACARD_LANG` wins).

use std::ffi::OsString;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};
use placard::diagnostics::{Diagnostic, Severity};
use placard::messages::{Lang, cli as say};

/// The language of the command in `args` (the program's name first): the
/// site's at `--root` (or the current folder), Chinese for `init`, which has
/// no site yet.
pub(crate) fn language(args: &[OsString]) -> Lang {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    if words.iter().skip(1).find(|w| !w.starts_with('-')) == Some(&"init") {
        return Lang::for_site(None);
    }
    let root = words.iter().enumerate().find_map(|(at, word)| {
        word.strip_prefix("--root=").or_else(|| {
            (*word == "--root")
                .then(|| words.get(at + 1).copied())
                .flatten()
        })
    });
    Lang::for_root(Path::new(root.unwrap_or(".")))
}

/// What the arguments ask for: a command to run, or a help page or version
/// printed (exit 0), or a usage error printed (exit 2).
pub(crate) enum Parsed<T> {
    Run(T),
    Exit(u8),
}

/// `args` parsed into `T`, the help pages in `lang`; a usage error is printed
/// with `report` as a diagnostic in `lang`.
pub(crate) fn parse<T: CommandFactory + FromArgMatches>(
    args: Vec<OsString>,
    lang: Lang,
    report: impl Fn(&[Diagnostic]),
) -> Parsed<T> {
    let mut command = localized(T::command(), lang, "");
    let asked_help = args.get(1).and_then(|a| a.to_str()) == Some("help");
    let matches = if asked_help {
        // `placard help [COMMAND]`: the help of the command named, if any.
        command.build();
        let names: Vec<&str> = args.iter().skip(2).filter_map(|a| a.to_str()).collect();
        let _ = named(&mut command, &names).print_help();
        return Parsed::Exit(0);
    } else {
        command.try_get_matches_from_mut(&args)
    };
    let error = match matches.and_then(|m| T::from_arg_matches(&m)) {
        Ok(parsed) => return Parsed::Run(parsed),
        Err(error) => error,
    };
    match usage_error(&error) {
        Some(message) => {
            let called = called(&command, &args);
            report(&[Diagnostic {
                severity: Severity::Error,
                file: None,
                line: None,
                column: None,
                message,
                hint: Some(say::more_with_help(&called)),
            }]);
        }
        None => {
            let _ = error.print();
        }
    }
    Parsed::Exit(if error.use_stderr() { 2 } else { 0 })
}

/// The command of `command` that `names` name, as far as they name one.
fn named<'a>(command: &'a mut clap::Command, names: &[&str]) -> &'a mut clap::Command {
    match names.split_first() {
        Some((first, rest)) if command.find_subcommand(first).is_some() => {
            let sub = command.find_subcommand_mut(first).expect("found just now");
            named(sub, rest)
        }
        _ => command,
    }
}

/// `command` (at `path`: `""` for placard, `"build"` for its build) and its
/// commands and arguments with their words from the catalogue in `lang`.
fn localized(mut command: clap::Command, lang: Lang, path: &str) -> clap::Command {
    let text = |id: &str| say::help(id).map(|t| t.in_lang(lang).to_string());
    let [usage, commands, arguments, options] =
        say::headings().map(|t| t.in_lang(lang).to_string());
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    if let Some(about) = text(path) {
        command = command.about(about);
    }
    command = match text(&format!("{path}.long")) {
        Some(long) => command.long_about(long),
        None => command.long_about(None),
    };
    let ids: Vec<(String, bool)> = command
        .get_arguments()
        .map(|arg| (arg.get_id().to_string(), arg.is_positional()))
        .collect();
    for (id, positional) in ids {
        let help = text(&format!("{path}.{id}"));
        let heading = if positional { &arguments } else { &options };
        command = command.mut_arg(&id, |arg| {
            // The catalogue's help says the default and the values allowed.
            let arg = if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            };
            let arg = arg.help_heading(heading.clone());
            match help {
                Some(help) => arg.help(help),
                None => arg,
            }
        });
    }
    command = command
        .help_template(format!(
            "{{about-with-newline}}\n{usage}{colon}{{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(commands)
        .subcommand_value_name(say::command_placeholder().in_lang(lang).to_string())
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("help").unwrap_or_default())
                .help_heading(options.clone()),
        );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("version").unwrap_or_default())
                .help_heading(options),
        );
        let about = text("help_command").unwrap_or_default();
        command = command.subcommand(clap::Command::new("help").about(about));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .filter(|name| name != "help")
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| localized(sub, lang, &name));
    }
    command
}

/// A usage error in the officer's words, for the kinds of mistake an officer
/// makes (a mistyped command or option, a value not allowed, one missing);
/// None for the rest, which keep clap's words.
fn usage_error(error: &clap::Error) -> Option<placard::messages::Text> {
    let first = |kind| context(error, kind).into_iter().next();
    match error.kind() {
        ErrorKind::InvalidSubcommand => Some(say::unknown_command(
            &first(ContextKind::InvalidSubcommand)?,
            first(ContextKind::SuggestedSubcommand).as_deref(),
        )),
        ErrorKind::UnknownArgument => {
            let argument = first(ContextKind::InvalidArg)?;
            Some(if argument.starts_with('-') {
                say::unknown_option(&argument, first(ContextKind::SuggestedArg).as_deref())
            } else {
                // `placard new notices/spring campaign`: a name with a space.
                say::extra_argument(&argument)
            })
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // `--kind <KIND>`: the option as the officer typed it.
            let option = first(ContextKind::InvalidArg)?;
            let option = option.split_whitespace().next().unwrap_or(&option);
            Some(say::bad_value(
                &first(ContextKind::InvalidValue)?,
                option,
                &context(error, ContextKind::ValidValue),
                first(ContextKind::SuggestedValue).as_deref(),
            ))
        }
        ErrorKind::MissingRequiredArgument => Some(say::missing(
            &context(error, ContextKind::InvalidArg).join(", "),
        )),
        _ => None,
    }
}

/// The values of one kind of context of `error`, as text.
fn context(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => vec![value.clone()],
        Some(ContextValue::Strings(values)) => values.clone(),
        Some(ContextValue::StyledStr(value)) => vec![value.to_string()],
        Some(ContextValue::StyledStrs(values)) => values.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// `placard` or `placard build`: the command of `args` that the error is in.
fn called(command: &clap::Command, args: &[OsString]) -> String {
    let name = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .filter(|name| command.find_subcommand(name).is_some());
    match name {
        Some(name) => format!("placard {name}"),
        None => "placard".to_string(),
    }
}
