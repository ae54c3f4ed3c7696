//! The command line: turns flags into [`Settings`], runs, prints, picks the exit status.

use crate::render::{self, Format};
use crate::rules::{self, RULES};
use crate::{Report, Settings, check};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// Exit status: nothing found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, config or internal error.
pub const EXIT_ERROR: u8 = 2;

/// golayout: a Go package-layout linter.
#[derive(Debug, Parser)]
#[command(name = "golayout", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the packages that PATTERNS name (go-style: `./...`, `dir`, `dir/...`, files).
    Check(CheckArgs),
    /// Print a rule's document.
    Rule {
        /// The rule's name, e.g. multiple-packages.
        name: String,
    },
    /// List every rule with its default level and summary.
    Rules,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Packages to check: `./...`, `dir`, `dir/...`, or files (their directory is checked).
    #[arg(default_value = "./...")]
    patterns: Vec<String>,
    /// Output format (default: full on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Build tags to treat as set, as `go build -tags` takes them.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// Worker threads (default: one per CPU).
    #[arg(long)]
    threads: Option<usize>,
    /// When to color the full format.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this config file instead of searching for golayout.toml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Check(args) => run_check(args, &mut stdout),
        Command::Rule { name } => match rules::find(&name) {
            Some(rule) => write!(stdout, "{}", rule.info().doc).map(|()| EXIT_CLEAN),
            None => {
                eprintln!("golayout: error: unknown rule `{name}`; `golayout rules` lists them");
                Ok(EXIT_ERROR)
            }
        },
        Command::Rules => list_rules(&mut stdout).map(|()| EXIT_CLEAN),
    };
    let result = result.and_then(|code| stdout.flush().map(|()| code));
    match result {
        Ok(code) => code,
        // A closed pipe (`golayout check | head`) is not an error worth a word.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(err) => {
            eprintln!("golayout: error: cannot write output: {err}");
            EXIT_ERROR
        }
    }
}

fn list_rules(out: &mut dyn Write) -> io::Result<()> {
    let width = RULES.iter().map(|r| r.info().name.len()).max().unwrap_or(0);
    for rule in RULES {
        let info = rule.info();
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            info.name,
            info.default.as_str(),
            info.summary
        )?;
    }
    Ok(())
}

fn run_check(args: CheckArgs, out: &mut dyn Write) -> io::Result<u8> {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => {
            eprintln!("golayout: error: cannot read the current directory: {err}");
            return Ok(EXIT_ERROR);
        }
    };
    let mut settings = Settings::new(cwd);
    let config = if args.isolated {
        Ok(())
    } else if let Some(path) = &args.config {
        settings.apply_config_file(path)
    } else {
        settings.apply_discovered_config().map(|_| ())
    };
    if let Err(err) = config {
        eprintln!("golayout: error: {err}");
        return Ok(EXIT_ERROR);
    }
    settings
        .build
        .tags
        .extend(args.tags.iter().filter(|t| !t.is_empty()).cloned());
    settings.threads = args.threads.unwrap_or(0);

    let report = check(&args.patterns, &settings);
    let terminal = io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Full
    } else {
        Format::Concise
    });
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    render::render(&report, format, color, &settings.cwd, out)?;
    Ok(exit_status(&report))
}

fn exit_status(report: &Report) -> u8 {
    for error in &report.errors {
        eprintln!("golayout: error: {error}");
    }
    if report.files_checked == 0 && report.errors.is_empty() {
        eprintln!("golayout: note: no Go files in the given paths");
    }
    if !report.errors.is_empty() {
        EXIT_ERROR
    } else if !report.diagnostics.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
