//! Import-name resolution against the real go command (Go 1.27.3).
//!
//! For each tree, `go list -e -deps` tells, for every package it loads, which import path
//! each of its imports resolved to and that package's name. For every import of a
//! directory golayout also checks, golayout's `Resolutions::name` must give the same name
//! wherever both resolve it. The trees:
//!
//! - the standard library, from `$GOROOT/src` (module `std`, its `vendor/`);
//! - cmd, from `$GOROOT/src/cmd` (module `cmd`, golang.org/x through `cmd/vendor`);
//! - Debian's GOPATH tree `/usr/share/gocode/src` with `GO111MODULE=off`. golayout reads
//!   its module roots as modules, which see no module cache here, so only the imports both
//!   sides resolve are compared; the counts are printed.
//!
//! In the Go tree every import the go command resolves must be resolved by golayout too.

mod common;

use golayout::package::{BuildSettings, Directory};
use golayout::resolve::{Resolutions, ResolveEnv};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Debian GOPATH tree the third test reads.
const GOCODE: &str = "/usr/share/gocode";

/// One package as `go list -deps` reports it.
struct Listed {
    dir: Option<PathBuf>,
    /// (path as written in the source, import path it resolved to).
    imports: Vec<(String, String)>,
}

/// What `go list -e -deps` says: the packages and each loaded import path's name.
struct GoView {
    packages: Vec<Listed>,
    /// Import path to name, for the packages that loaded without an error.
    names: HashMap<String, String>,
}

fn go_list(goroot: &Path, cwd: &Path, env: &[(&str, &str)]) -> GoView {
    let mut command = Command::new(goroot.join("bin/go"));
    command
        .current_dir(cwd)
        .args([
            "list",
            "-e",
            "-deps",
            "-json=ImportPath,Name,Dir,Imports,ImportMap,Error",
            "./...",
        ])
        .env("GOROOT", goroot)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOWORK", "off")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("GOEXPERIMENT", "");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("go list runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut view = GoView {
        packages: Vec::new(),
        names: HashMap::new(),
    };
    for value in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let value = value.expect("go list prints JSON");
        let import_path = value["ImportPath"].as_str().unwrap_or("").to_string();
        let name = value["Name"].as_str().unwrap_or("");
        if !name.is_empty() && value["Error"].is_null() {
            view.names.insert(import_path.clone(), name.to_string());
        }
        // ImportMap maps a source path to the path it resolved to, when they differ
        // (std's vendored golang.org/x packages are `vendor/golang.org/x/...`).
        let mut source_of: HashMap<&str, &str> = HashMap::new();
        if let Some(map) = value["ImportMap"].as_object() {
            for (source, resolved) in map {
                if let Some(resolved) = resolved.as_str() {
                    source_of.insert(resolved, source);
                }
            }
        }
        let imports = value["Imports"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|resolved| {
                let source = source_of.get(resolved).copied().unwrap_or(resolved);
                (source.to_string(), resolved.to_string())
            })
            .collect();
        view.packages.push(Listed {
            dir: value["Dir"].as_str().map(canonical),
            imports,
        });
    }
    assert!(
        !view.packages.is_empty(),
        "go list printed nothing in {}: {}",
        cwd.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    view
}

fn canonical(path: impl AsRef<Path>) -> PathBuf {
    let path = path.as_ref();
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// golayout's directories for `./...` from `cwd`, read and grouped as `check` does.
fn golayout_dirs(cwd: &Path) -> Vec<Directory> {
    let settings = golayout::Settings::new(cwd.to_path_buf());
    let loaded = golayout::load(&["./...".to_string()], &settings);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.dirs
}

/// The outcome of comparing one tree.
#[derive(Default)]
struct Tally {
    /// Imports both sides resolved.
    compared: usize,
    /// Imports the go command resolved (of directories golayout checks).
    go_resolved: usize,
    /// Imports golayout resolved (of packages go lists).
    golayout_resolved: usize,
    /// Imports the go command resolved and golayout did not.
    go_only: Vec<String>,
    /// Both resolved, to different names.
    disagreements: Vec<String>,
}

fn compare(label: &str, cwd: &Path, goroot: &Path, go_env: &[(&str, &str)]) -> Tally {
    let started = std::time::Instant::now();
    let dirs = golayout_dirs(cwd);
    let resolve_started = std::time::Instant::now();
    // No module cache: every answer must come from the tree itself.
    let env = ResolveEnv { module_cache: None };
    let resolutions = Resolutions::build(&dirs, &BuildSettings::default(), &env);
    let resolve_time = resolve_started.elapsed();
    let go = go_list(goroot, cwd, go_env);

    let by_dir: HashMap<PathBuf, &Directory> =
        dirs.iter().map(|dir| (canonical(&dir.abs), dir)).collect();
    let mut tally = Tally::default();
    for package in &go.packages {
        let Some(dir) = package.dir.as_ref().and_then(|d| by_dir.get(d)) else {
            continue;
        };
        // go lists the imports of the files it builds here, plus those cgo adds; compare
        // those that some file of the directory writes.
        let written: BTreeSet<&str> = dir
            .files
            .iter()
            .flat_map(|f| &f.go.imports)
            .map(|i| i.path.value.as_str())
            .collect();
        for (source, resolved) in &package.imports {
            if !written.contains(source.as_str()) {
                continue;
            }
            let theirs = go.names.get(resolved);
            let ours = resolutions.name(dir, source);
            tally.go_resolved += usize::from(theirs.is_some());
            tally.golayout_resolved += usize::from(ours.is_some());
            match (theirs, ours) {
                (Some(theirs), Some(ours)) => {
                    tally.compared += 1;
                    if theirs != ours {
                        tally.disagreements.push(format!(
                            "{}: import {source:?}: go says {theirs}, golayout says {ours}",
                            dir.display.display()
                        ));
                    }
                }
                (Some(theirs), None) => tally.go_only.push(format!(
                    "{}: import {source:?}: go says {theirs}, golayout resolves nothing",
                    dir.display.display()
                )),
                _ => {}
            }
        }
    }
    println!(
        "{label}: {} dirs, {} imports compared, go resolved {}, golayout resolved {}, \
         go only {}, disagreements {}; Resolutions::build took {:?} (whole comparison {:?})",
        dirs.len(),
        tally.compared,
        tally.go_resolved,
        tally.golayout_resolved,
        tally.go_only.len(),
        tally.disagreements.len(),
        resolve_time,
        started.elapsed()
    );
    tally
}

fn assert_agrees(label: &str, tally: &Tally, min_compared: usize) {
    assert!(
        tally.disagreements.is_empty(),
        "{label}: golayout and go list disagree on {} imports:\n{}",
        tally.disagreements.len(),
        tally.disagreements.join("\n")
    );
    assert!(
        tally.compared >= min_compared,
        "{label}: only {} imports compared, expected at least {min_compared}",
        tally.compared
    );
}

#[test]
fn std_names_agree_with_go_list() {
    let goroot = common::goroot();
    let tally = compare("std", &goroot.join("src"), goroot, &[]);
    assert_agrees("std", &tally, 2500);
    assert!(
        tally.go_only.is_empty(),
        "std: golayout left unresolved what go resolves:\n{}",
        tally.go_only.join("\n")
    );
}

#[test]
fn cmd_names_agree_with_go_list() {
    let goroot = common::goroot();
    let tally = compare("cmd", &goroot.join("src/cmd"), goroot, &[]);
    assert_agrees("cmd", &tally, 3500);
    assert!(
        tally.go_only.is_empty(),
        "cmd: golayout left unresolved what go resolves:\n{}",
        tally.go_only.join("\n")
    );
}

#[test]
fn gopath_tree_names_agree_with_go_list() {
    let src = Path::new(GOCODE).join("src");
    assert!(
        src.is_dir(),
        "{} is missing: run `bash scripts/install-test-deps.sh` to install the Debian Go packages \
         listed in /work/shared/corpora/debian-gocode-packages.txt",
        src.display()
    );
    let goroot = common::goroot();
    let env = [("GO111MODULE", "off"), ("GOPATH", GOCODE)];
    let tally = compare("gocode (GOPATH mode)", &src, goroot, &env);
    for line in &tally.go_only {
        println!("  go only: {line}");
    }
    assert_agrees("gocode", &tally, 15000);
}
