//! Runs every scenario under `fixtures/`: each is a Go tree with `// want` comments,
//! copied to a temporary directory and checked with the patterns in its `golayout-args`
//! file (default `./...`).

mod common;

use std::path::Path;

#[test]
fn every_fixture_meets_its_wants() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut scenarios: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 10, "expected the fixture scenarios");
    let mut failures = Vec::new();
    let mut wanted = 0;
    for scenario in &scenarios {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join(&name);
        common::copy_tree(scenario, &root);
        let args = std::fs::read_to_string(root.join("golayout-args")).unwrap_or_default();
        let mut patterns: Vec<&str> = args.split_whitespace().collect();
        if patterns.is_empty() {
            patterns.push("./...");
        }
        let wants = common::collect_wants(&root);
        wanted += wants.len();
        let report = common::run(&root, &patterns);
        for problem in common::compare(&report, &wants) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(wanted > 0);
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
