//! The command line: turns flags into [`Settings`], runs, prints, picks the exit status.

use crate::diagnostic::{Diagnostic, Span};
use crate::fix::{self, FileFix, FixError, FixSelection};
use crate::render::{self, Format};
use crate::rules::{self, RULES};
use crate::{Report, Settings, catch_panic, check, internal_error_message, test_panic_hook};
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit status: nothing found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, config or internal error.
pub const EXIT_ERROR: u8 = 2;
/// `--fix` stops after this many rounds even if fixes keep coming.
const MAX_FIX_ROUNDS: usize = 10;

/// The version line: the crate's version, the commit it was built from, and whether
/// tracked files differed from that commit (`GOLAYOUT_DIRTY` is then ", dirty").
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("GOLAYOUT_COMMIT"),
    env!("GOLAYOUT_DIRTY"),
    ")"
);

/// golayout: a Go package-layout linter.
#[derive(Debug, Parser)]
#[command(name = "golayout", version = VERSION, about, long_about = None)]
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
    /// Run the language server over stdin and stdout.
    Server,
    /// Print the version and the commit golayout was built from.
    Version {
        /// `text` (as --version prints it) or `json`, for scripts.
        #[arg(long, value_enum, default_value_t = VersionFormat::Text)]
        format: VersionFormat,
    },
    /// Print the config file's JSON Schema, or check a config file.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script (e.g. `source <(golayout completion bash)`).
    Completion {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigAction {
    /// Print the JSON Schema of golayout.toml (the repository's golayout.schema.json).
    Schema,
    /// Check a config file without checking any code: exit 0 when it is valid, 2 when not.
    Check {
        /// The file (default: the golayout.toml or .golayout.toml `check` would use).
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum VersionFormat {
    Text,
    Json,
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
    /// Apply the safe fixes, then report what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (renames).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if there are any).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Run only these rules (comma-separated), whatever their default level.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Read this file's contents from stdin; its directory is checked with the rest from disk.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["fix", "diff"])]
    stdin_filename: Option<PathBuf>,
    /// Write the output to this file instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print findings only: no notes and no summary.
    #[arg(short, long)]
    quiet: bool,
    /// Check paths named on the command line even when the config's `exclude` matches them.
    #[arg(long)]
    no_force_exclude: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> u8 {
    // The last resort: a panic that no narrower guard caught still ends in a message and
    // the documented status, not in a crash.
    catch_panic(|| run_unguarded(args)).unwrap_or_else(|panic| {
        let message = internal_error_message("running golayout", &panic, "the run stopped");
        eprintln!("golayout: error: {message}");
        EXIT_ERROR
    })
}

fn run_unguarded(args: impl IntoIterator<Item = std::ffi::OsString>) -> u8 {
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
    // The server writes from its own thread: stdout must not be locked here.
    if let Command::Server = cli.command {
        return crate::server::run();
    }
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
        Command::Version { format } => print_version(format, &mut stdout).map(|()| EXIT_CLEAN),
        Command::Config { action } => run_config(action, &mut stdout),
        Command::Completion { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "golayout", &mut stdout);
            Ok(EXIT_CLEAN)
        }
        // Served above, before stdout was locked.
        Command::Server => Ok(EXIT_CLEAN),
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

/// `golayout config schema` and `golayout config check`.
fn run_config(action: ConfigAction, out: &mut dyn Write) -> io::Result<u8> {
    let file = match action {
        ConfigAction::Schema => {
            let schema = crate::schema::config_schema();
            let text = serde_json::to_string_pretty(&schema).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
            return Ok(EXIT_CLEAN);
        }
        ConfigAction::Check { file } => file,
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => {
            eprintln!("golayout: error: cannot read the current directory: {err}");
            return Ok(EXIT_ERROR);
        }
    };
    let Some(path) = file.or_else(|| crate::settings::find_config(&cwd)) else {
        eprintln!(
            "golayout: error: no golayout.toml or .golayout.toml from {} up to the repository root",
            cwd.display()
        );
        return Ok(EXIT_ERROR);
    };
    let mut settings = Settings::new(cwd);
    match settings.apply_config_file(&path) {
        Ok(()) => {
            writeln!(out, "{}: valid", path.display())?;
            Ok(EXIT_CLEAN)
        }
        Err(err) => {
            let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!("{}", render::run_error(&err, color));
            Ok(EXIT_ERROR)
        }
    }
}

/// `golayout version`: the `--version` line, or its facts as one JSON object.
fn print_version(format: VersionFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        VersionFormat::Text => writeln!(out, "golayout {VERSION}"),
        VersionFormat::Json => {
            let facts = serde_json::json!({
                "name": "golayout",
                "version": env!("CARGO_PKG_VERSION"),
                "commit": env!("GOLAYOUT_COMMIT"),
                "dirty": !env!("GOLAYOUT_DIRTY").is_empty(),
                "target": env!("GOLAYOUT_TARGET"),
            });
            writeln!(out, "{facts}")
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
        let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!("{}", render::run_error(&err, color));
        return Ok(EXIT_ERROR);
    }
    // Like `go build -tags`: commas, or the older spaces, separate tags.
    let tags = args.tags.iter().flat_map(|t| t.split_whitespace());
    settings.build.tags.extend(tags.map(str::to_string));
    settings.threads = args.threads.unwrap_or(0);
    settings.force_exclude = !args.no_force_exclude;
    if let Err(err) = settings.select_rules(&args.select, &args.ignore) {
        eprintln!("golayout: error: {err}");
        return Ok(EXIT_ERROR);
    }
    let mut patterns = args.patterns.clone();
    if let Some(path) = &args.stdin_filename {
        let mut contents = Vec::new();
        if let Err(err) = io::Read::read_to_end(&mut io::stdin(), &mut contents) {
            eprintln!("golayout: error: cannot read stdin: {err}");
            return Ok(EXIT_ERROR);
        }
        let abs = crate::discover::normalize(&settings.cwd.join(path));
        // Only the file's directory is reported, as an editor expects.
        let dir = abs.parent().unwrap_or(&settings.cwd).to_path_buf();
        patterns = vec![dir.to_string_lossy().into_owned()];
        settings.overlays.insert(abs, contents);
    }

    test_panic_hook("command", Path::new("check"));

    let terminal = io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Full
    } else {
        Format::Concise
    });
    // Planning fixes parses whole files: only when they are applied or shown.
    settings.offer_fixes = args.fix || args.diff || (format.shows_fixes() && !args.statistics);
    let mut report = check(&patterns, &settings);
    let selection = FixSelection {
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut planner = FixPlanner::new(selection, &settings.cwd);
    if args.diff {
        return print_diff(report, &mut planner, &patterns, &settings, out);
    }
    let mut fix_failed = false;
    if args.fix {
        // One fix can make room for another (two fixes of one import overlap), so fix
        // until nothing changes, then report what is left, as a second run would.
        for _ in 0..MAX_FIX_ROUNDS {
            match apply_fixes(&report, &mut planner) {
                Some(0) => break,
                Some(_) => report = check(&patterns, &settings),
                None => {
                    fix_failed = true;
                    report = check(&patterns, &settings);
                    break;
                }
            }
        }
        fix_failed |= planner.failed();
        report_unfixed(&report, &selection, true);
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    // Rendered in memory, then written at once: a renderer that panics (or fails) leaves
    // no half-written output, and `-o FILE` keeps its previous contents.
    let rendered = catch_panic(|| -> io::Result<Vec<u8>> {
        let mut text = Vec::new();
        if args.statistics {
            write_statistics(&report, &mut text)?;
        } else {
            let sources = render::SourceFiles {
                cwd: &settings.cwd,
                overlays: &settings.overlays,
            };
            render::render(&report, format, color, &sources, &mut text)?;
        }
        Ok(text)
    });
    let text = match rendered {
        Ok(text) => text?,
        Err(panic) => {
            let doing = match format.to_possible_value() {
                Some(value) if !args.statistics => {
                    format!("writing the {} output", value.get_name())
                }
                _ => "writing the output".to_string(),
            };
            let message = internal_error_message(&doing, &panic, "nothing was written");
            eprintln!("golayout: error: {message}");
            exit_status(&report, args.quiet);
            return Ok(EXIT_ERROR);
        }
    };
    match &args.output_file {
        Some(path) => {
            if let Err(err) = std::fs::write(path, &text) {
                eprintln!("golayout: error: {}: cannot write: {err}", path.display());
                return Ok(EXIT_ERROR);
            }
        }
        None => out.write_all(&text)?,
    }
    let status = exit_status(&report, args.quiet);
    Ok(match status {
        _ if fix_failed => EXIT_ERROR,
        EXIT_FINDINGS if args.exit_zero => EXIT_CLEAN,
        status => status,
    })
}

/// `--statistics`: one line per rule with findings: count, rule, summary; most first.
fn write_statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(usize, &str)> = Vec::new();
    for finding in &report.diagnostics {
        match counts.iter_mut().find(|(_, rule)| *rule == finding.rule) {
            Some((n, _)) => *n += 1,
            None => counts.push((1, finding.rule)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let width = counts.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    for (count, rule) in counts {
        let summary = rules::find(rule).map_or("", |r| r.info().summary);
        writeln!(out, "{count:>5}  {rule:width$}  {summary}")?;
    }
    Ok(())
}

/// Says on stderr, one line per finding, which fixes are not applied and why: those
/// declined when planned and, once `--fix` is `done`, those it could not fit in; then how
/// many unsafe fixes were left out for want of `--unsafe-fixes`.
fn report_unfixed(report: &Report, selection: &FixSelection, done: bool) {
    let line = |path: &Path, span: Span, rule: &str, why: &str| {
        let at = (path.to_path_buf(), span.line, span.column);
        let text = format!(
            "{}:{}:{}: {rule}: not fixed: {why}",
            rules::slash(path),
            span.line,
            span.column
        );
        (at, text)
    };
    let mut lines: Vec<_> = report
        .declined
        .iter()
        // A panic is reported as a run error.
        .filter(|d| !d.internal_error)
        .map(|d| line(&d.path, d.span, d.rule, &d.reason))
        .collect();
    let mut unselected = 0;
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else {
            continue;
        };
        if !fix::selected(fix, selection) {
            unselected += 1;
        } else if done {
            let why = "its edits meet another fix's; run --fix again";
            lines.push(line(&d.path, d.span, d.rule, why));
        }
    }
    lines.sort();
    for (_, text) in lines {
        eprintln!("golayout: {text}");
    }
    if unselected > 0 {
        let s = if unselected == 1 { "" } else { "es" };
        eprintln!(
            "golayout: note: {unselected} unsafe fix{s} not applied; --unsafe-fixes applies them"
        );
    }
}

/// `--diff`: prints what `--fix` would write; exit 1 when there is anything. Like `--fix`,
/// it fixes in rounds (one fix can make room for another), each round checking the
/// previous one's output in memory, and shows the changes of all rounds.
fn print_diff(
    first: Report,
    planner: &mut FixPlanner,
    patterns: &[String],
    settings: &Settings,
    out: &mut dyn Write,
) -> io::Result<u8> {
    let status = exit_status(&first, false);
    let mut settings = settings.clone();
    // By displayed path: the contents before the first round, and after the last.
    let mut files: BTreeMap<PathBuf, FileFix> = BTreeMap::new();
    let mut report = first;
    for _ in 0..MAX_FIX_ROUNDS {
        let fixes = match planner.plan(&report.diagnostics, &settings.overlays) {
            Ok(fixes) => fixes,
            Err(err) => {
                eprintln!("golayout: error: {err}");
                return Ok(EXIT_ERROR);
            }
        };
        if fixes.iter().all(|file| file.fixed == file.original) {
            break;
        }
        for file in fixes {
            let abs = crate::discover::normalize(&settings.cwd.join(&file.path));
            settings.overlays.insert(abs, file.fixed.clone());
            match files.get_mut(&file.path) {
                Some(seen) => seen.fixed = file.fixed,
                None => {
                    files.insert(file.path.clone(), file);
                }
            }
        }
        report = check(patterns, &settings);
    }
    report_unfixed(&report, &planner.selection, true);
    let mut failed = planner.failed();
    for file in files.values() {
        match catch_panic(|| fix::unified_diff(file)) {
            Ok(diff) => write!(out, "{diff}")?,
            Err(panic) => {
                let doing = "showing its fixes as a diff";
                let err = file_error(
                    &file.path,
                    &internal_error_message(doing, &panic, "it is left out"),
                );
                eprintln!("golayout: error: {err}");
                failed = true;
            }
        }
    }
    Ok(if status == EXIT_ERROR || failed {
        EXIT_ERROR
    } else if files.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

/// `--fix`: writes the fixes; how many files changed, or None when some could not be
/// written (a file whose fixes could not be planned counts in [`FixPlanner::failed`]).
fn apply_fixes(report: &Report, planner: &mut FixPlanner) -> Option<usize> {
    let fixes = match planner.plan(&report.diagnostics, &BTreeMap::new()) {
        Ok(fixes) => fixes,
        Err(err) => {
            eprintln!("golayout: error: {err}");
            return None;
        }
    };
    let mut written = true;
    for file in &fixes {
        // Each file is written whole or not at all (fix::write), so a panic costs one file.
        let errors = catch_panic(|| fix::write(std::slice::from_ref(file), planner.cwd))
            .unwrap_or_else(|panic| {
                let cost = "the file is whole, old or new";
                vec![file_error(
                    &file.path,
                    &internal_error_message("writing its fixes", &panic, cost),
                )]
            });
        for err in &errors {
            eprintln!("golayout: error: {err}");
            written = false;
        }
    }
    written.then_some(fixes.len())
}

/// An error about one file to fix.
fn file_error(path: &Path, message: &str) -> FixError {
    FixError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Plans fixes so that a panic costs only the files it concerns: they are left as they
/// are, reported once, and left out of later rounds.
struct FixPlanner<'a> {
    selection: FixSelection,
    cwd: &'a Path,
    /// Files (as displayed) left alone because planning their fixes panicked.
    broken: BTreeSet<PathBuf>,
    /// Whether planning panicked with no file to blame: nothing more is fixed.
    gave_up: bool,
}

impl<'a> FixPlanner<'a> {
    fn new(selection: FixSelection, cwd: &'a Path) -> FixPlanner<'a> {
        FixPlanner {
            selection,
            cwd,
            broken: BTreeSet::new(),
            gave_up: false,
        }
    }

    /// Whether a panic left some fix out.
    fn failed(&self) -> bool {
        self.gave_up || !self.broken.is_empty()
    }

    /// Plans the fixes of `diagnostics` but those touching a broken file. Planning is one
    /// call over every file (fixes across files must not overlap), so after a panic each
    /// file's fixes are planned alone to find the files at fault, then the rest again; a
    /// fix touching a broken file is left out whole, as fixes apply whole or not at all.
    fn plan(
        &mut self,
        diagnostics: &[Diagnostic],
        overlays: &BTreeMap<PathBuf, Vec<u8>>,
    ) -> Result<Vec<FileFix>, FixError> {
        // Each round returns or adds a file to `broken`: the loop ends.
        while !self.gave_up {
            let wanted: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.fix.is_some() && !fixed_files(d).any(|f| self.broken.contains(f)))
                .cloned()
                .collect();
            let plan = |diagnostics: &[Diagnostic]| {
                catch_panic(|| {
                    fix::plan_with_overlays(diagnostics, &self.selection, self.cwd, overlays)
                })
            };
            let panic = match plan(&wanted) {
                Ok(planned) => return planned,
                Err(panic) => panic,
            };
            let files: BTreeSet<&Path> = wanted.iter().flat_map(fixed_files).collect();
            let mut at_fault = Vec::new();
            for &file in &files {
                let own: Vec<Diagnostic> = wanted
                    .iter()
                    .filter(|d| fixed_files(d).any(|f| f == file))
                    .cloned()
                    .collect();
                if let Err(panic) = plan(&own) {
                    let cost = "it was left as it is";
                    let message = internal_error_message("planning its fixes", &panic, cost);
                    eprintln!("golayout: error: {}", file_error(file, &message));
                    at_fault.push(file);
                }
            }
            if at_fault.is_empty() {
                // Only the fixes together panic: no file can be fixed safely.
                let message = internal_error_message("planning fixes", &panic, "nothing was fixed");
                eprintln!("golayout: error: {message}");
                self.gave_up = true;
            }
            self.broken
                .extend(at_fault.into_iter().map(Path::to_path_buf));
        }
        Ok(Vec::new())
    }
}

/// The files a diagnostic's fix edits.
fn fixed_files(diagnostic: &Diagnostic) -> impl Iterator<Item = &Path> {
    let fix = diagnostic.fix.as_ref();
    fix.into_iter()
        .flat_map(|f| &f.edits)
        .map(|e| e.path.as_path())
}

/// Prints the run's errors (and, unless `quiet`, notes) and picks the exit status.
fn exit_status(report: &Report, quiet: bool) -> u8 {
    for error in &report.errors {
        eprintln!("golayout: error: {error}");
    }
    if report.files_checked == 0 && report.errors.is_empty() && !quiet {
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
