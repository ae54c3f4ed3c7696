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
mod guard;
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

use diagnostic::{Diagnostic, RunError, Severity};
use discover::{ModuleIndex, SourceDir};
use guard::{Guarded, guarded, whole_run_stage};
pub(crate) use guard::{catch_panic, internal_error_message, test_panic_hook};
use package::Directory;
use rayon::prelude::*;
use rules::Level;
pub use settings::Settings;

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
        Ok(pool) => pool.install(|| check_in_pool(patterns, settings)),
        Err(_) => check_in_pool(patterns, settings),
    }
}

/// What [`load`] found: the directories of the patterns, each grouped into its package.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every directory that could be read, in the walk's order.
    pub dirs: Vec<Directory>,
    /// The discovered directory each of `dirs` came from.
    pub sources: Vec<SourceDir>,
    /// Problems met on the way: a missing path, a broken go.mod, a directory whose
    /// reading panicked.
    pub errors: Vec<RunError>,
    /// The internal-error findings of directories whose reading panicked.
    pub diagnostics: Vec<Diagnostic>,
    /// How many directories held `.go` files.
    pub dirs_found: usize,
    /// How many `.go` files they held.
    pub files_found: usize,
}

/// The first stage of a check: finds the directories `patterns` name (with `settings`'
/// excludes and unsaved overlays), reads each file's header and groups every directory
/// into its package, as go/build does. A panic costs only its own directory.
pub fn load(patterns: &[String], settings: &Settings) -> Loaded {
    let exclude = settings.exclude.clone().map(std::sync::Arc::new);
    let options = discover::WalkOptions {
        threads: rayon::current_num_threads(),
        exclude: exclude.as_ref(),
        force_exclude: settings.force_exclude,
    };
    // The walker threads read each file's header as they find it.
    let mut discovery = discover::discover_and_read(patterns, &settings.cwd, &options, &|abs| {
        settings.overlays.contains_key(abs)
    });
    discovery.include_overlays(&settings.overlays, patterns, &settings.cwd);
    let mut modules = ModuleIndex::default();
    let dir_modules: Vec<_> = discovery
        .dirs
        .iter()
        .map(|dir| modules.module_for(&dir.abs))
        .collect();
    let mut loaded = Loaded {
        errors: discovery.errors,
        dirs_found: discovery.dirs.len(),
        files_found: discovery.dirs.iter().map(|d| d.files.len()).sum(),
        ..Loaded::default()
    };
    loaded.errors.extend(modules.errors);

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
    for (outcome, source) in grouped.into_iter().zip(discovery.dirs) {
        match outcome {
            Ok(dir) => {
                loaded.dirs.push(dir);
                loaded.sources.push(source);
            }
            Err((found, error)) => {
                loaded.diagnostics.extend(found);
                loaded.errors.push(error);
            }
        }
    }
    loaded
}

fn check_in_pool(patterns: &[String], settings: &Settings) -> Report {
    let Loaded {
        dirs,
        sources,
        mut errors,
        mut diagnostics,
        dirs_found,
        files_found,
    } = load(patterns, settings);

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
        dirs_checked: dirs_found,
        files_checked: files_found,
        packages,
        declined,
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
