//! Every rule document's examples run as tests, one test case per document named after
//! its rule (`cargo test -- multiple-packages` runs one): each `## ` (or `### `) section's
//! code blocks, each headed by a `` `path`: `` line, form a Go tree whose `// want`
//! comments must match what `golayout check ./...` finds there; and the `## Options`
//! section lists exactly the options the rule reads.

mod common;

use golayout::rules::{RULES, RuleInfo};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let trials = RULES
        .iter()
        .map(|rule| {
            let info = rule.info();
            Trial::test(info.name, move || check(info))
        })
        .collect();
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

/// The sections of a document that hold a tree: (heading, files).
fn trees(doc: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut lines = doc.lines().peekable();
    let mut pending_path: Option<String> = None;
    let mut section = String::new();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.to_string();
            out.push((section.clone(), Vec::new()));
            pending_path = None;
        } else if let Some(sub) = line.strip_prefix("### ") {
            // Each `### ` example (one per exception, say) is a tree of its own.
            out.push((format!("{section} / {sub}"), Vec::new()));
            pending_path = None;
        } else if let Some(path) = line.strip_prefix('`').and_then(|l| l.strip_suffix("`:")) {
            pending_path = Some(path.to_string());
        } else if line.starts_with("```") {
            let mut body = String::new();
            for inner in lines.by_ref() {
                if inner.starts_with("```") {
                    break;
                }
                body.push_str(inner);
                body.push('\n');
            }
            if let (Some(path), Some(section)) = (pending_path.take(), out.last_mut()) {
                section.1.push((path, body));
            }
        } else if !line.trim().is_empty() {
            pending_path = None;
        }
    }
    out.retain(|(_, files)| !files.is_empty());
    out
}

/// The option names a document's `## Options` section lists as `- `name`: ...` items.
fn documented_options(doc: &str) -> Vec<String> {
    let Some(start) = doc.find("\n## Options\n") else {
        return Vec::new();
    };
    let section = &doc[start + "\n## Options\n".len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once("`:"))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Checks one rule's document: its sections, its options, and every example tree.
fn check(info: &'static RuleInfo) -> Result<(), Failed> {
    let mut failures = Vec::new();
    let mut documented = documented_options(info.doc);
    documented.sort();
    let mut read: Vec<String> = info.options.iter().map(|o| o.to_string()).collect();
    read.sort();
    if documented != read {
        failures.push(format!(
            "the document lists the options {documented:?}, the rule reads {read:?}"
        ));
    }
    for heading in [
        "What it does",
        "Why is this bad?",
        "Example",
        "Use instead",
        "Options",
        "Exceptions",
        "Fix safety",
    ] {
        if !info.doc.contains(&format!("\n## {heading}\n")) {
            failures.push(format!("no `## {heading}` section"));
        }
    }
    let mut flagged = false;
    for (heading, files) in &trees(info.doc) {
        let temp = tempfile::tempdir().unwrap();
        common::materialize(temp.path(), files);
        let wants = common::collect_wants(temp.path());
        let fires = wants.iter().any(|w| w.rule == info.name);
        if heading == "Use instead" && fires {
            failures.push("`Use instead` must not trigger the rule".to_string());
        }
        if heading == "Example" && !fires {
            failures.push("`Example` must show the rule firing".to_string());
        }
        flagged |= fires;
        let report = common::run(temp.path(), &["./..."]);
        for problem in common::compare(&report, &wants) {
            failures.push(format!("{heading}: {problem}"));
        }
    }
    if !flagged {
        failures.push("no example shows the rule firing".to_string());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("\n{}\n", failures.join("\n")).into())
    }
}
