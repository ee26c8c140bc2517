//! The command line: parse arguments, call the library, print diagnostics.
//! Exit codes: 0 success, 1 content or template errors, 2 usage errors (in
//! the officer's language: `command_line`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

mod command_line;
use placard::Kind;
use placard::diagnostics::Diagnostic;
use placard::messages::{Lang, Text, commands, summary};

/// The language everything is printed in, chosen once from the command's site.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

fn lang() -> Lang {
    *LANG.get_or_init(|| Lang::for_site(None))
}

/// The commands and their arguments. What their help says, in Chinese and
/// English, is in `placard::messages::cli` (`command_line` puts it in).
#[derive(Parser)]
#[command(name = "placard", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        transcode: bool,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        no_cache: bool,
    },
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        strict: bool,
    },
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    Init {
        dir: PathBuf,
        #[arg(long)]
        theme: bool,
    },
    New {
        path: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_parser = ["notice", "plan", "training", "page"])]
        kind: Option<String>,
        #[arg(long)]
        bundle: bool,
    },
    Import {
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        section: Option<String>,
        #[arg(long, value_parser = ["notice", "plan", "training", "page"])]
        kind: Option<String>,
        #[arg(long)]
        slug: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, num_args = 1..)]
        attach: Vec<PathBuf>,
    },
}

/// `search index: zh 1.2 MB, first query ≤ 96 KB; en …`: the size budget of search.
fn search_budget_line(budgets: &[placard::SearchBudget]) -> Text {
    let size = |bytes: usize| {
        if bytes >= 1_048_576 {
            format!("{:.1} MB", bytes as f64 / 1_048_576.0)
        } else {
            format!("{} KB", bytes.div_ceil(1024))
        }
    };
    let langs: Vec<(&str, String, String)> = budgets
        .iter()
        .map(|b| {
            (
                b.lang.as_str(),
                size(b.total_bytes),
                size(b.first_query_bytes),
            )
        })
        .collect();
    commands::search_budget(&langs)
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = *LANG.get_or_init(|| command_line::language(&args));
    let cli: Cli = match command_line::parse(args, lang, print_diagnostics) {
        command_line::Parsed::Run(cli) => cli,
        command_line::Parsed::Exit(code) => return ExitCode::from(code),
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            transcode,
            force,
            no_cache,
        } => build(placard::BuildOptions {
            root,
            output,
            base_url,
            drafts,
            transcode,
            force,
            no_cache,
            ..Default::default()
        }),
        Command::Check { root, strict } => check(root, strict),
        Command::Serve { root, port, bind } => serve(placard::serve::ServeOptions {
            root,
            bind,
            port,
            report: print_diagnostics,
        }),
        Command::New {
            path,
            root,
            lang,
            kind,
            bundle,
        } => new(&root, &path, lang.as_deref(), kind_named(kind), bundle),
        Command::Import {
            file,
            root,
            section,
            kind,
            slug,
            lang,
            attach,
        } => import(&placard::import::ImportOptions {
            file,
            root,
            section,
            kind: kind_named(kind),
            slug,
            lang,
            attach,
        }),
        Command::Init { dir, theme } => init(&dir, theme),
    }
}

/// The kind a `--kind` option names (clap has checked it is one).
fn kind_named(name: Option<String>) -> Option<Kind> {
    name.and_then(|name| Kind::ALL.into_iter().find(|k| k.name() == name))
}

/// `placard build`: a bar after a second on a terminal, then what was built.
fn build(options: placard::BuildOptions) -> ExitCode {
    let started = Instant::now();
    let bar = Bar::after_a_second();
    let result = match &bar {
        Some(bar) => placard::build_with_progress(&options, bar),
        None => placard::build(&options),
    };
    if let Some(bar) = bar {
        bar.finish();
    }
    let report = match result {
        Ok(report) => report,
        Err(diagnostics) => {
            return fail(&diagnostics, summary::build_failed);
        }
    };
    print_diagnostics(&report.diagnostics);
    let pages: Vec<String> = report
        .pages
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    let built = commands::built(
        report.pages.iter().map(|(_, n)| n).sum::<usize>(),
        &pages.join(", "),
        report.files,
        report.unchanged,
        report.bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64(),
        &report.output.display().to_string(),
    );
    eprintln!("{}", built.in_lang(lang()));
    if !report.search.is_empty() {
        eprintln!("{}", search_budget_line(&report.search).in_lang(lang()));
    }
    eprintln!("{}", incremental_line(&report.incremental).in_lang(lang()));
    ExitCode::SUCCESS
}

/// What the build cache let a build skip.
fn incremental_line(incremental: &placard::Incremental) -> Text {
    match incremental {
        placard::Incremental::Full(why) => commands::built_everything(why.as_ref()),
        placard::Incremental::Unchanged => commands::nothing_changed(),
        placard::Incremental::Pages {
            pages,
            outputs,
            written,
        } => commands::built_incrementally(*pages, *outputs, *written),
    }
}

/// `placard check`: every diagnostic, grouped by file; `--strict` makes the
/// inspection's findings errors.
fn check(root: PathBuf, strict: bool) -> ExitCode {
    let options = placard::BuildOptions {
        root,
        strict,
        ..Default::default()
    };
    let diagnostics = placard::check(&options);
    print_by_file(&diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("{}", summary::check_found(errors, warnings).in_lang(lang()));
        ExitCode::from(1)
    } else {
        eprintln!("{}", summary::check_passed(warnings).in_lang(lang()));
        ExitCode::SUCCESS
    }
}

/// `placard serve`, until Ctrl-C.
fn serve(options: placard::serve::ServeOptions) -> ExitCode {
    match placard::serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostic) => fail(&[diagnostic], summary::serve_failed),
    }
}

/// `placard new`: exit code 2 for a wrong argument.
fn new(root: &Path, path: &str, lang: Option<&str>, kind: Option<Kind>, bundle: bool) -> ExitCode {
    match placard::new_page(root, path, lang, kind, bundle) {
        Ok(files) => {
            for file in files {
                let created = commands::created_page(&root.join(file).display().to_string());
                eprintln!("{}", created.in_lang(self::lang()));
            }
            ExitCode::SUCCESS
        }
        Err(placard::NewError::Usage(diagnostic)) => {
            print_diagnostics(&[diagnostic]);
            ExitCode::from(2)
        }
        Err(placard::NewError::Failed(diagnostics)) => fail(&diagnostics, summary::new_failed),
    }
}

/// `placard import`: the report, the warnings, and the page created.
fn import(options: &placard::import::ImportOptions) -> ExitCode {
    match placard::import::import(options) {
        Ok(imported) => {
            for line in &imported.report {
                eprintln!("{line}");
            }
            print_diagnostics(&imported.warnings);
            eprintln!("{}", imported.created);
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print_diagnostics(&failed.diagnostics);
            eprintln!("{}", failed.summary);
            ExitCode::from(if failed.usage { 2 } else { 1 })
        }
    }
}

/// `placard init DIR`.
fn init(dir: &Path, with_theme: bool) -> ExitCode {
    match placard::init(dir, with_theme) {
        Ok(()) => {
            let created = commands::created_site(&dir.display().to_string());
            eprintln!("{}", created.in_lang(lang()));
            ExitCode::SUCCESS
        }
        Err(diagnostic) => fail(&[diagnostic], summary::init_failed),
    }
}

/// A build's progress on stderr: only on a terminal, and only once the build has
/// taken a second (a small site is built before a bar would be read).
struct Bar {
    bar: indicatif::ProgressBar,
    /// Set when the build is over; the bar is then never shown.
    done: Arc<Mutex<bool>>,
}

impl Bar {
    fn after_a_second() -> Option<Bar> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        let done = Arc::new(Mutex::new(false));
        let (shown, over) = (bar.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            let over = over.lock().unwrap_or_else(|e| e.into_inner());
            if !*over {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Some(Bar { bar, done })
    }

    fn finish(self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.bar.finish_and_clear();
    }
}

impl placard::progress::Progress for Bar {
    fn stage(&self, what: &Text, total: u64) {
        let template = if total > 0 {
            "{spinner} {msg:<20} [{bar:30}] {pos}/{len}, {elapsed}"
        } else {
            "{spinner} {msg}… {elapsed}"
        };
        let style = indicatif::ProgressStyle::with_template(template)
            .expect("a valid template")
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(what.in_lang(lang()).to_string());
    }

    fn advance(&self, done: u64) {
        self.bar.inc(done);
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let lang = lang();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        let text = diagnostic.render(lang);
        let label_end = text.find(':').unwrap_or(0);
        if color {
            let code = if diagnostic.is_error() {
                "\x1b[1;31m"
            } else {
                "\x1b[1;33m"
            };
            eprint!("{code}{}\x1b[0m{}", &text[..label_end], &text[label_end..]);
        } else {
            eprint!("{text}");
        }
    }
}

/// Diagnostics grouped under the file they are about, files in order, lines in order.
fn print_by_file(diagnostics: &[Diagnostic]) {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| (&a.file, a.line, a.severity).cmp(&(&b.file, b.line, b.severity)));
    for group in sorted.chunk_by(|a, b| a.file == b.file) {
        let errors = group.iter().filter(|d| d.is_error()).count();
        let warnings = group.len() - errors;
        let name = group[0].file.as_ref().map(|f| f.display().to_string());
        let heading = commands::file_heading(name.as_deref(), errors, warnings);
        eprintln!("{}", heading.in_lang(lang()));
        let group: Vec<Diagnostic> = group.iter().map(|d| (*d).clone()).collect();
        print_diagnostics(&group);
        eprintln!();
    }
}

fn fail(diagnostics: &[Diagnostic], summary: fn(usize) -> Text) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("{}", summary(errors).in_lang(lang()));
    ExitCode::from(1)
}
