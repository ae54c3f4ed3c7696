//! Every rule document's examples run as tests: each `## ` (or `### `) section's code blocks, each
//! headed by a `` `path`: `` line, form a Go tree whose `// want` comments must match
//! what `golayout check ./...` finds there.

mod common;

use golayout::rules::RULES;

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

#[test]
fn rule_documents_list_exactly_the_options_the_rules_read() {
    for rule in RULES {
        let info = rule.info();
        let mut documented = documented_options(info.doc);
        documented.sort();
        let mut read: Vec<String> = info.options.iter().map(|o| o.to_string()).collect();
        read.sort();
        assert_eq!(
            documented, read,
            "{}: documented options vs options read",
            info.name
        );
    }
}

#[test]
fn rule_document_examples_hold() {
    let mut failures = Vec::new();
    for rule in RULES {
        let info = rule.info();
        let sections = trees(info.doc);
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
                failures.push(format!("{}: no `## {heading}` section", info.name));
            }
        }
        let mut flagged = false;
        for (heading, files) in &sections {
            let temp = tempfile::tempdir().unwrap();
            common::materialize(temp.path(), files);
            let wants = common::collect_wants(temp.path());
            if heading == "Use instead" && wants.iter().any(|w| w.rule == info.name) {
                failures.push(format!(
                    "{}: `Use instead` must not trigger the rule",
                    info.name
                ));
            }
            if heading == "Example" && !wants.iter().any(|w| w.rule == info.name) {
                failures.push(format!(
                    "{}: `Example` must show the rule firing",
                    info.name
                ));
            }
            flagged |= wants.iter().any(|w| w.rule == info.name);
            let report = common::run(temp.path(), &["./..."]);
            for problem in common::compare(&report, &wants) {
                failures.push(format!("{} / {heading}: {problem}", info.name));
            }
        }
        if !flagged {
            failures.push(format!("{}: no example shows the rule firing", info.name));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
