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
pub mod gomod;
pub mod header;
pub mod importpath;
pub mod package;
pub mod render;
pub mod rules;
pub mod settings;

use diagnostic::{Diagnostic, RunError, Severity, Span};
use discover::{ModuleIndex, SourceDir};
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
    let discovery = discover::discover(patterns, &settings.cwd, threads);
    let mut modules = ModuleIndex::default();
    let dir_modules: Vec<_> = discovery
        .dirs
        .iter()
        .map(|dir| modules.module_for(&dir.abs))
        .collect();
    let mut errors = discovery.errors;
    errors.extend(modules.errors);

    let files_checked = discovery.dirs.iter().map(|d| d.files.len()).sum();
    let results: Vec<(Vec<Diagnostic>, Option<PackageSummary>, Option<RunError>)> = discovery
        .dirs
        .par_iter()
        .zip(dir_modules)
        .map(|(dir, module)| {
            let outcome =
                std::panic::catch_unwind(AssertUnwindSafe(|| check_dir(dir, module, settings)));
            match outcome {
                Ok((diagnostics, summary)) => (diagnostics, Some(summary), None),
                Err(panic) => {
                    let (diagnostics, error) = internal_error(dir, panic, &settings.cwd);
                    (diagnostics, None, Some(error))
                }
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut packages = Vec::new();
    for (found, summary, error) in results {
        diagnostics.extend(found);
        packages.extend(summary);
        errors.extend(error);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    Report {
        diagnostics,
        errors,
        dirs_checked: discovery.dirs.len(),
        files_checked,
        packages,
    }
}

/// Reads, groups and checks one directory.
fn check_dir(
    dir: &SourceDir,
    module: Option<std::sync::Arc<gomod::Module>>,
    settings: &Settings,
) -> (Vec<Diagnostic>, PackageSummary) {
    let reads: Vec<_> = dir
        .files
        .par_iter()
        .map(|abs| {
            let shown = discover::display_path(abs, &settings.cwd);
            header::read_file(abs, &shown)
        })
        .collect();
    let grouped = package::group(dir, module, reads, &settings.build);
    let mut out = Vec::new();
    for rule in rules::RULES {
        let level = settings.level(rule.info());
        if level == Level::Off {
            continue;
        }
        let start = out.len();
        rule.check(&grouped, &settings.options, &mut out);
        // A level set in the config replaces the rule's own severities.
        if let Some(&forced) = settings.levels.get(rule.info().name) {
            let severity = if forced == Level::Error {
                Severity::Error
            } else {
                Severity::Warning
            };
            out[start..].iter_mut().for_each(|d| d.severity = severity);
        }
    }
    let summary = PackageSummary {
        dir: grouped.display,
        import_path: grouped.import_path,
        name: grouped.package,
    };
    (out, summary)
}

/// Turns a panic while checking `dir` into a finding and a run error.
fn internal_error(
    dir: &SourceDir,
    panic: Box<dyn std::any::Any + Send>,
    cwd: &std::path::Path,
) -> (Vec<Diagnostic>, RunError) {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let message = format!(
        "internal error while checking this directory: {what}; please report this with the directory's files"
    );
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
    let error = RunError {
        path: Some(dir.display.clone()),
        message,
    };
    (vec![diagnostic], error)
}
