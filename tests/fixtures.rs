//! Runs every scenario under `fixtures/`, each as a test case of its own named after its
//! directory (`cargo test -- import-names` runs one): a Go tree with `// want` comments,
//! copied to a temporary directory and checked with the patterns in its `golayout-args`
//! file (default `./...`). fixtures/README.md says how to add one.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 10, "expected the fixture scenarios");
    let trials = scenarios
        .into_iter()
        .map(|scenario| {
            let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
            Trial::test(name, move || check(&scenario))
        })
        .collect();
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

/// Checks one scenario: the findings are exactly its wants (none, for a tree that must
/// stay clean).
fn check(scenario: &Path) -> Result<(), Failed> {
    let name = scenario.file_name().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join(name);
    common::copy_tree(scenario, &root);
    let args = std::fs::read_to_string(root.join("golayout-args")).unwrap_or_default();
    let mut patterns: Vec<&str> = args.split_whitespace().collect();
    if patterns.is_empty() {
        patterns.push("./...");
    }
    let wants = common::collect_wants(&root);
    let report = common::run(&root, &patterns);
    let problems = common::compare(&report, &wants);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("\n{}\n", problems.join("\n")).into())
    }
}
