//! golayout: a Go package-layout linter.
//!
//! The pipeline runs left to right, each step a module with plain data in and out:
//! [`discover`] (patterns to directories and modules), [`header`] (tree-sitter reads each
//! file's header, in parallel), [`package`] (files grouped into packages as go/build does,
//! across every platform), [`rules`], then sorting and [`render`].
//!
//! ```no_run
//! let settings = golayout::Settings::new(std::env::current_dir().unwrap());
//! let report = golayout::check(&["./...".to_string()], &settings);
//! for diagnostic in &report.diagnostics {
//!     println!("{}: {}", diagnostic.path.display(), diagnostic.message);
//! }
//! ```

pub mod cli;
pub mod constraint;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod gomod;
pub mod header;
pub mod importpath;
pub mod package;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod scope;
pub mod server;
pub mod settings;
pub mod suppress;
pub mod usage;

use diagnostic::{Diagnostic, RunError, Severity, Span};
use discover::{ModuleIndex, SourceDir};
use package::Directory;
use rayon::prelude::*;
use rules::Level;
pub use settings::Settings;
use std::panic::AssertUnwindSafe;

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings, sorted by path, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with the run itself (exit status 2).
    pub errors: Vec<RunError>,
    /// How many directories held `.go` files.
    pub dirs_checked: usize,
    /// How many `.go` files were read.
    pub files_checked: usize,
    /// Every directory checked, with the package golayout settled on, sorted by path.
    pub packages: Vec<PackageSummary>,
    /// The findings whose fix was not offered, and why, in the findings' order.
    pub declined: Vec<fix::Declined>,
}

/// What golayout made of one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSummary {
    /// The directory, as displayed.
    pub dir: std::path::PathBuf,
    /// Its import path.
    pub import_path: String,
    /// The directory's package name, if any file can be built.
    pub name: Option<String>,
}

/// Checks the packages that `patterns` name.
pub fn check(patterns: &[String], settings: &Settings) -> Report {
    let threads = if settings.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        settings.threads
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    match pool {
        Ok(pool) => pool.install(|| check_in_pool(patterns, settings, threads)),
        Err(_) => check_in_pool(patterns, settings, threads),
    }
}

fn check_in_pool(patterns: &[String], settings: &Settings, threads: usize) -> Report {
    let exclude = settings.exclude.clone().map(std::sync::Arc::new);
    // The walker threads read each file's header as they find it.
    let mut discovery = discover::discover_and_read(
        patterns,
        &settings.cwd,
        threads,
        exclude.as_ref(),
        settings.force_exclude,
        &|abs| settings.overlays.contains_key(abs),
    );
    discovery.include_overlays(&settings.overlays, patterns, &settings.cwd);
    let mut modules = ModuleIndex::default();
    let dir_modules: Vec<_> = discovery
        .dirs
        .iter()
        .map(|dir| modules.module_for(&dir.abs))
        .collect();
    let mut errors = discovery.errors;
    errors.extend(modules.errors);
    let mut diagnostics = Vec::new();
    let files_checked = discovery.dirs.iter().map(|d| d.files.len()).sum();

    // Group every directory; a panic costs only its own directory.
    let mut headers = std::mem::take(&mut discovery.headers);
    headers.resize_with(discovery.dirs.len(), Vec::new);
    let grouped: Vec<Guarded<Directory>> = discovery
        .dirs
        .par_iter()
        .zip(dir_modules)
        .zip(headers)
        .map(|((dir, module), headers)| {
            guarded(dir, &settings.cwd, || {
                read_and_group(dir, module, headers, settings)
            })
        })
        .collect();
    let mut dirs = Vec::with_capacity(grouped.len());
    let mut sources = Vec::with_capacity(grouped.len());
    for (outcome, source) in grouped.into_iter().zip(&discovery.dirs) {
        match outcome {
            Ok(dir) => {
                dirs.push(dir);
                sources.push(source);
            }
            Err((found, error)) => {
                diagnostics.extend(found);
                errors.push(error);
            }
        }
    }

    // Resolving imports reads other directories: only when an enabled rule needs it.
    // Resolution and usage span the run, so a panic in them is no directory's: it costs
    // the rules that need real names (skipped: their findings would be wrong), not the run.
    let needs_names = rules::RULES.iter().any(|r| {
        let info = r.info();
        (info.needs_real_names || info.reads_importers) && settings.level(info) != Level::Off
    });
    let resolutions = if needs_names {
        whole_run_stage("resolving imports", &mut errors, || {
            sources
                .iter()
                .for_each(|dir| test_panic_hook("resolve", &dir.abs));
            resolve::Resolutions::build(&dirs, &settings.build, &settings.resolve_env)
        })
    } else {
        Some(resolve::Resolutions::default())
    };
    let usage = resolutions.as_ref().and_then(|resolutions| {
        whole_run_stage("collecting the imports of each module", &mut errors, || {
            sources
                .iter()
                .for_each(|dir| test_panic_hook("usage", &dir.abs));
            usage::ImportUsage::build(&dirs, resolutions)
        })
    });
    let names_known = usage.is_some();
    let unresolved = resolve::Resolutions::default();
    let usage = usage.unwrap_or_default();
    let context = rules::Context {
        overlays: &settings.overlays,
        options: &settings.options,
        resolutions: resolutions.as_ref().unwrap_or(&unresolved),
        usage: &usage,
    };
    let checked: Vec<Guarded<Vec<Diagnostic>>> = dirs
        .par_iter()
        .zip(&sources)
        .map(|(dir, source)| {
            guarded(source, &settings.cwd, || {
                test_panic_hook("rules", &source.abs);
                run_rules(dir, &context, settings, names_known)
            })
        })
        .collect();
    for outcome in checked {
        match outcome {
            Ok(found) => diagnostics.extend(found),
            Err((found, error)) => {
                diagnostics.extend(found);
                errors.push(error);
            }
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let declined = if settings.offer_fixes {
        let resolutions = resolutions.as_ref().unwrap_or(&unresolved);
        let mut names = scope::RenameCheck::new(&dirs, resolutions, &settings.overlays);
        let mut clash = |rename: &diagnostic::Rename| names.clash(rename);
        let declined = fix::offer(
            &mut diagnostics,
            &mut clash,
            &settings.cwd,
            &settings.overlays,
        );
        errors.extend(
            declined
                .iter()
                .filter(|d| d.internal_error)
                .map(|d| RunError::new(Some(d.path.clone()), d.reason.clone())),
        );
        declined
    } else {
        // Unplanned fixes are never shown.
        diagnostics.iter_mut().for_each(|d| d.fix = None);
        Vec::new()
    };
    let packages = dirs
        .into_iter()
        .map(|dir| PackageSummary {
            dir: dir.display,
            import_path: dir.import_path,
            name: dir.package,
        })
        .collect();
    Report {
        diagnostics,
        errors,
        dirs_checked: discovery.dirs.len(),
        files_checked,
        packages,
        declined,
    }
}

/// A directory's result, or the internal error its panic became.
type Guarded<T> = Result<T, (Vec<Diagnostic>, RunError)>;

/// Runs `work` for one directory, turning a panic into an internal error for it.
fn guarded<T>(dir: &SourceDir, cwd: &std::path::Path, work: impl FnOnce() -> T) -> Guarded<T> {
    catch_panic(work).map_err(|what| internal_error(dir, &what, cwd))
}

/// Runs a stage that spans the whole run (`doing` says what it does); a panic becomes a
/// run error that names no path, as no directory is at fault, and `None`.
fn whole_run_stage<T>(
    doing: &str,
    errors: &mut Vec<RunError>,
    work: impl FnOnce() -> T,
) -> Option<T> {
    catch_panic(work)
        .map_err(|what| {
            let cost = "the rules that need imported packages' real names were skipped";
            errors.push(RunError::new(
                None,
                internal_error_message(doing, &what, cost),
            ));
        })
        .ok()
}

/// Runs `work`, turning a panic into its message: the guards against panics are built on
/// this. (Whatever a panic leaves half-made is dropped with the work's result.)
pub(crate) fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|panic| panic_message(&panic))
}

/// A panic's message, when it has one.
// `&Box` on purpose: a `&dyn Any` made from it would be the box, and downcast to nothing.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The message of an internal error (a panic caught): what golayout was doing, the
/// panic's message, what that cost, and the request to report it.
pub(crate) fn internal_error_message(doing: &str, panic: &str, cost: &str) -> String {
    format!(
        "internal error while {doing}: {panic}; {cost}; please report this, with the files \
         concerned if you can"
    )
}

/// A hook for tests, not an interface: with `GOLAYOUT_TEST_PANIC=STAGE:NAME`, golayout
/// panics at STAGE when the directory or file concerned is named NAME, so that
/// tests/hostile.rs can show end to end that each guard holds. (No input is known to make
/// golayout panic.) The stages: `read` and `rules` (one directory), `resolve` and `usage`
/// (whole-run stages, when a directory NAME is checked), `fix` (planning a fix of file
/// NAME before it is offered), `apply`, `write` and `diff` (one file of `--fix`, `--diff`
/// or a code action), `render` (NAME is the format), `command` (NAME is the subcommand,
/// outside every narrower guard).
pub(crate) fn test_panic_hook(stage: &str, path: &std::path::Path) {
    static REQUEST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let request = REQUEST.get_or_init(|| std::env::var("GOLAYOUT_TEST_PANIC").ok());
    if let Some((at, name)) = request.as_deref().and_then(|r| r.split_once(':'))
        && at == stage
        && path.file_name().is_some_and(|n| n == name)
    {
        panic!("GOLAYOUT_TEST_PANIC asked for a panic at {stage}:{name}");
    }
}

/// Groups a directory's headers into its package: those the walk read (`headers`, one per
/// file, None for a file it left), else the overlay's contents, else the file on disk.
fn read_and_group(
    dir: &SourceDir,
    module: Option<std::sync::Arc<gomod::Module>>,
    mut headers: Vec<Option<discover::Prefetched>>,
    settings: &Settings,
) -> Directory {
    test_panic_hook("read", &dir.abs);
    headers.resize_with(dir.files.len(), || None);
    let reads = dir
        .files
        .iter()
        .zip(headers)
        .map(|(abs, header)| {
            if let Some(contents) = settings.overlays.get(abs) {
                let shown = discover::display_path(abs, &settings.cwd);
                return header::parse_header(&shown, contents);
            }
            match header {
                Some(Ok(read)) => read,
                // A panic in a walker thread counts against this directory.
                Some(Err(panic)) => panic.resume(),
                None => header::read_file(abs, &discover::display_path(abs, &settings.cwd)),
            }
        })
        .collect();
    package::group(dir, module, reads, &settings.build)
}

/// Runs every enabled rule over one directory, then applies its suppressions. Without
/// `names_known` (their analysis panicked), the rules that need real names do not run.
fn run_rules(
    dir: &Directory,
    context: &rules::Context,
    settings: &Settings,
    names_known: bool,
) -> Vec<Diagnostic> {
    let enabled = |name: &str| {
        rules::find(name).is_some_and(|r| {
            settings.level(r.info()) != Level::Off && (names_known || !r.info().needs_real_names)
        })
    };
    let mut out = Vec::new();
    for rule in rules::RULES.iter().filter(|r| enabled(r.info().name)) {
        rule.check(dir, context, &mut out);
    }
    rules::drop_superseded(&mut out);
    let report_unused = enabled(rules::unused_suppression::NAME);
    let mut out = suppress::apply(dir, out, &enabled, report_unused);
    // A level set in the config replaces the rule's own severities.
    for finding in &mut out {
        if let Some(&forced) = settings.levels.get(finding.rule) {
            finding.severity = if forced == Level::Error {
                Severity::Error
            } else {
                Severity::Warning
            };
        }
    }
    out
}

/// Turns a panic while checking `dir` into a finding and a run error.
fn internal_error(
    dir: &SourceDir,
    what: &str,
    cwd: &std::path::Path,
) -> (Vec<Diagnostic>, RunError) {
    let message =
        internal_error_message("checking this directory", what, "its findings are missing");
    let path = dir.files.first().unwrap_or(&dir.abs);
    let diagnostic = Diagnostic {
        rule: "internal-error",
        severity: Severity::Error,
        message: message.clone(),
        path: discover::display_path(path, cwd),
        span: Span::from_offsets(b"", 0, 0),
        help: None,
        related: Vec::new(),
        fix: None,
    };
    let error = RunError::new(Some(dir.display.clone()), message);
    (vec![diagnostic], error)
}
