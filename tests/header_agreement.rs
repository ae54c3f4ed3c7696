//! The header reader takes most headers without tree-sitter (the plain shape nearly every
//! Go file has) and gives the rest to tree-sitter. On every `.go` file of the Go source
//! tree (testdata included: it holds the oddest files) and of Debian's GOPATH tree, the
//! answer must be the one tree-sitter alone gives.

mod common;

use golayout::header::{parse_header, parse_header_with_tree_sitter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Every `.go` file below `root`, symlinks not followed.
fn go_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "go") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The files of `root` on which the two readers disagree, and how many were compared.
fn disagreements(root: &Path) -> (Vec<String>, usize) {
    let files = go_files(root);
    let differing = files
        .par_iter()
        .filter_map(|path| {
            let source = std::fs::read(path).ok()?;
            let plain = parse_header(path, &source);
            let parsed = parse_header_with_tree_sitter(path, &source);
            (plain != parsed).then(|| {
                format!(
                    "{}:\n  plain:  {plain:?}\n  parsed: {parsed:?}",
                    path.display()
                )
            })
        })
        .collect();
    (differing, files.len())
}

#[test]
fn plain_reader_agrees_with_tree_sitter_on_the_go_tree() {
    let (differing, compared) = disagreements(&common::goroot().join("src"));
    assert!(compared > 8_000, "only {compared} files in the Go tree");
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}

#[test]
fn plain_reader_agrees_with_tree_sitter_on_debian_gocode() {
    let root = Path::new("/usr/share/gocode/src");
    assert!(
        root.is_dir(),
        "{} is missing: run `bash scripts/install-test-deps.sh`",
        root.display()
    );
    let (differing, compared) = disagreements(root);
    assert!(
        compared > 10_000,
        "only {compared} files in {}",
        root.display()
    );
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}
