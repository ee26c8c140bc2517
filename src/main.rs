//! The command line: parse arguments, call the library, print diagnostics.
//! Exit codes: 0 success, 1 content or template errors, 2 usage errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use placard::content::front_matter::Kind;
use placard::diagnostics::Diagnostic;

#[derive(Parser)]
#[command(
    name = "placard",
    version,
    about = "Bilingual static sites for public-sector publishing"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder (holding placard.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from placard.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Convert content files saved in GBK/GB18030, Big5 or UTF-16 to UTF-8
        /// in place, keeping the original as <file>.bak.
        #[arg(long)]
        transcode: bool,
    },
    /// Validate everything; write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR with a copy of the default theme.
    Init { dir: PathBuf },
    /// Create content/SECTION/SLUG.md with the front matter of its kind.
    ///
    /// Exit code 2 for a wrong SECTION/SLUG, language or kind; 1 when the
    /// file already exists (it is never overwritten) or cannot be written.
    New {
        /// Where the page goes, like notices/spring-campaign.
        path: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the file [default: the site's default language].
        #[arg(long)]
        lang: Option<String>,
        /// Kind of page [default: from the section, as when building].
        #[arg(long, value_parser = ["notice", "plan", "training", "page"])]
        kind: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            transcode,
        } => {
            let started = Instant::now();
            let options = placard::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                transcode,
            };
            match placard::build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics);
                    let pages: Vec<String> = report
                        .pages
                        .iter()
                        .map(|(l, n)| format!("{n} {l}"))
                        .collect();
                    eprintln!(
                        "built {} pages ({}), {} files, {:.1} MB in {:.2} s → {}",
                        report.pages.iter().map(|(_, n)| n).sum::<usize>(),
                        pages.join(", "),
                        report.files,
                        report.bytes as f64 / 1_048_576.0,
                        started.elapsed().as_secs_f64(),
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => fail(
                    &diagnostics,
                    "build failed; the previous output was left as it was",
                ),
            }
        }
        Command::Check { root } => {
            let options = placard::BuildOptions {
                root,
                ..Default::default()
            };
            let diagnostics = placard::check(&options);
            if diagnostics.iter().any(Diagnostic::is_error) {
                fail(&diagnostics, "check found errors")
            } else {
                print_diagnostics(&diagnostics);
                eprintln!("check passed ({} warnings)", diagnostics.len());
                ExitCode::SUCCESS
            }
        }
        Command::New {
            path,
            root,
            lang,
            kind,
        } => {
            let kind = kind.and_then(|name| Kind::ALL.into_iter().find(|k| k.name() == name));
            match placard::new_page(&root, &path, lang.as_deref(), kind) {
                Ok(file) => {
                    eprintln!("created {}", root.join(file).display());
                    ExitCode::SUCCESS
                }
                Err(placard::NewError::Usage(diagnostic)) => {
                    print_diagnostics(&[diagnostic]);
                    ExitCode::from(2)
                }
                Err(placard::NewError::Failed(diagnostic)) => fail(&[diagnostic], "new failed"),
            }
        }
        Command::Init { dir } => match placard::init(&dir) {
            Ok(()) => {
                eprintln!(
                    "created a new site in {}; build it with `placard build --root {}`",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostic) => fail(&[diagnostic], "init failed"),
        },
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        let text = diagnostic.to_string();
        if color {
            let (label, code) = if diagnostic.is_error() {
                ("error", "\x1b[1;31m")
            } else {
                ("warning", "\x1b[1;33m")
            };
            eprint!(
                "{}",
                text.replacen(label, &format!("{code}{label}\x1b[0m"), 1)
            );
        } else {
            eprint!("{text}");
        }
    }
}

fn fail(diagnostics: &[Diagnostic], summary: &str) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("{summary}: {errors} error(s)");
    ExitCode::from(1)
}
