//! Micro-benchmarks of each stage of a check, one thread, over a fixed synthetic module
//! of 2,000 files in 250 directories (written once by `benches/support/gen.rs` into a
//! temporary directory): discovery, reading and grouping, resolving import names,
//! collecting import usage, the rules, and the whole `golayout::check`, also for one file.
//!
//! ```text
//! cargo bench --bench stages
//! ```

#[allow(dead_code)]
#[path = "support/gen.rs"]
mod synthetic;

use divan::Bencher;
use divan::counter::ItemsCount;
use golayout::discover::{self, Discovery, ModuleIndex};
use golayout::package::{self, Directory};
use golayout::resolve::Resolutions;
use golayout::rules::{self, Level};
use golayout::usage::ImportUsage;
use golayout::{Settings, header};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FILES: usize = 2_000;

fn main() {
    divan::main();
}

/// The tree, written on first use; it lives as long as the process.
fn tree() -> &'static Path {
    static TREE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TREE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        synthetic::write_tree(dir.path(), FILES, 1).expect("synthetic tree");
        dir
    })
    .path()
}

fn settings() -> Settings {
    let mut settings = Settings::new(tree().to_path_buf());
    settings.threads = 1;
    settings
}

fn discovery() -> Discovery {
    discover::discover(&["./...".to_string()], tree(), 1, None, true)
}

/// Reads and groups every directory, as a check does (without the thread pool).
fn read_and_group(discovery: &Discovery, settings: &Settings) -> Vec<Directory> {
    let mut modules = ModuleIndex::default();
    discovery
        .dirs
        .iter()
        .map(|dir| {
            let module = modules.module_for(&dir.abs);
            let reads = dir
                .files
                .iter()
                .map(|abs| {
                    let shown = discover::display_path(abs, &settings.cwd);
                    header::read_file(abs, &shown)
                })
                .collect();
            package::group(dir, module, reads, &settings.build)
        })
        .collect()
}

fn resolve(dirs: &[Directory], settings: &Settings) -> Resolutions {
    Resolutions::build(dirs, &settings.build, &settings.resolve_env)
}

#[divan::bench]
fn discover(bencher: Bencher) {
    tree();
    bencher
        .counter(ItemsCount::new(FILES))
        .bench(|| divan::black_box(discovery()));
}

#[divan::bench]
fn read_group(bencher: Bencher) {
    let settings = settings();
    let discovery = discovery();
    bencher
        .counter(ItemsCount::new(FILES))
        .bench(|| divan::black_box(read_and_group(&discovery, &settings)));
}

#[divan::bench]
fn resolve_names(bencher: Bencher) {
    let settings = settings();
    let dirs = read_and_group(&discovery(), &settings);
    bencher
        .counter(ItemsCount::new(FILES))
        .bench(|| divan::black_box(resolve(&dirs, &settings)));
}

#[divan::bench]
fn import_usage(bencher: Bencher) {
    let settings = settings();
    let dirs = read_and_group(&discovery(), &settings);
    let resolutions = resolve(&dirs, &settings);
    bencher
        .counter(ItemsCount::new(FILES))
        .bench(|| divan::black_box(ImportUsage::build(&dirs, &resolutions)));
}

/// Every default rule over every directory (suppressions left out).
#[divan::bench]
fn rules(bencher: Bencher) {
    let settings = settings();
    let dirs = read_and_group(&discovery(), &settings);
    let resolutions = resolve(&dirs, &settings);
    let usage = ImportUsage::build(&dirs, &resolutions);
    let context = rules::Context {
        options: &settings.options,
        resolutions: &resolutions,
        usage: &usage,
    };
    let enabled: Vec<_> = rules::RULES
        .iter()
        .filter(|rule| settings.level(rule.info()) != Level::Off)
        .collect();
    bencher.counter(ItemsCount::new(FILES)).bench(|| {
        let mut out = Vec::new();
        for dir in &dirs {
            for rule in &enabled {
                rule.check(dir, &context, &mut out);
            }
        }
        divan::black_box(out)
    });
}

/// The whole check of `./...`, one thread.
#[divan::bench]
fn check_tree(bencher: Bencher) {
    let settings = settings();
    bencher
        .counter(ItemsCount::new(FILES))
        .bench(|| divan::black_box(golayout::check(&["./...".to_string()], &settings)));
}

/// Checking one file: its directory and the directories its imports resolve to.
#[divan::bench]
fn check_one_file(bencher: Bencher) {
    let settings = settings();
    let file: PathBuf = Path::new(&synthetic::dir_of(3)).join("f0.go");
    let pattern = file.to_string_lossy().into_owned();
    bencher.bench(|| divan::black_box(golayout::check(std::slice::from_ref(&pattern), &settings)));
}
