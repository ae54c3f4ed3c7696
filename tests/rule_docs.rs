//! Every rule document's examples run as tests, one test case per document named after
//! its rule (`cargo test -- multiple-packages` runs one): each `## ` (or `### `) section's
//! code blocks, each headed by a `` `path`: `` line, form a Go tree whose `// want`
//! comments must match what `golayout check ./...` finds there; and the `## Options`
//! section lists exactly the options the rule reads.

mod common;

use golayout::diagnostic::Applicability;
use golayout::rules::{RULES, RuleInfo};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let mut trials: Vec<Trial> = RULES
        .iter()
        .map(|rule| {
            let info = rule.info();
            Trial::test(info.name, move || check(info))
        })
        .collect();
    trials.push(Trial::test("readme-rules-table", readme_rules_table));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

/// What a rule's fix is, as its document and `RuleInfo` say it: `none`, `safe`, `unsafe`.
fn fix_kind(fix: Option<Applicability>) -> &'static str {
    match fix {
        None => "none",
        Some(Applicability::Safe) => "safe",
        Some(Applicability::Unsafe) => "unsafe",
    }
}

/// The document's third line, `Default: **LEVEL** ... Fix: what (safe|unsafe).` or
/// `Fix: none.`, read back as (level, fix kind).
fn stated_facts(doc: &str) -> Option<(&str, &str)> {
    let line = doc.lines().nth(2)?;
    let level = line.strip_prefix("Default: **")?.split("**").next()?;
    let fix = line.split_once("Fix: ")?.1;
    let kind = if fix == "none." {
        "none"
    } else if fix.ends_with("(safe).") {
        "safe"
    } else if fix.ends_with("(unsafe).") {
        "unsafe"
    } else {
        return None;
    };
    Some((level, kind))
}

/// The README's rules table names every rule, with its document and default level.
fn readme_rules_table() -> Result<(), Failed> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))?;
    let mut failures = Vec::new();
    for rule in RULES {
        let info = rule.info();
        let row = format!(
            "| [`{0}`](rules/{0}.md) | {1} |",
            info.name,
            info.default.as_str()
        );
        if !readme.contains(&row) {
            failures.push(format!("README.md: no rules-table row starting `{row}`"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("\n{}\n", failures.join("\n")).into())
    }
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

/// Checks one rule's document: its stated default and fix, its sections, its options,
/// and every example tree (whose fixes must be of the kind `RuleInfo` states).
fn check(info: &'static RuleInfo) -> Result<(), Failed> {
    let mut failures = Vec::new();
    let stated = (info.default.as_str(), fix_kind(info.fix));
    match stated_facts(info.doc) {
        Some(facts) if facts == stated => {}
        facts => failures.push(format!(
            "line 3 states (default, fix) {facts:?}, but RuleInfo says {stated:?}"
        )),
    }
    let mut fixes_seen = Vec::new();
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
        fixes_seen.extend(
            report
                .diagnostics
                .iter()
                .filter(|d| d.rule == info.name)
                .filter_map(|d| d.fix.as_ref().map(|f| f.applicability)),
        );
        for problem in common::compare(&report, &wants) {
            failures.push(format!("{heading}: {problem}"));
        }
    }
    if !flagged {
        failures.push("no example shows the rule firing".to_string());
    }
    match info.fix {
        None if !fixes_seen.is_empty() => {
            failures.push("RuleInfo says no fix, but an example's finding has one".to_string());
        }
        Some(kind) if fixes_seen.iter().any(|&seen| seen != kind) => failures.push(format!(
            "RuleInfo says a {} fix, but the examples offer {fixes_seen:?}",
            fix_kind(Some(kind))
        )),
        Some(_) if fixes_seen.is_empty() => {
            failures.push("RuleInfo says it has a fix, but no example offers one".to_string());
        }
        _ => {}
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("\n{}\n", failures.join("\n")).into())
    }
}
