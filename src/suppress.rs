//! `//golayout:ignore RULE[,RULE] reason` (at the end of the flagged line, or alone on the
//! line above it) and `//golayout:file-ignore RULE[,RULE] reason` (anywhere in the header)
//! drop matching findings. Directives that drop nothing, name unknown rules or give no
//! reason become `unused-suppression` findings.

use crate::diagnostic::Diagnostic;
use crate::header::DirectiveComment;
use crate::package::Directory;
use crate::rules::{self, unused_suppression};
use foldhash::{HashMap, HashMapExt};
use std::path::Path;

/// Where a directive applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Its own line (trailing) or the next line (standing alone).
    Line,
    /// The whole file.
    File,
}

/// A well-formed directive.
#[derive(Debug)]
struct Directive<'a> {
    scope: Scope,
    rules: Vec<&'a str>,
    comment: &'a DirectiveComment,
}

/// Reads a directive comment, or says what is wrong with it.
fn parse(comment: &DirectiveComment) -> Result<Directive<'_>, String> {
    let body = comment.text.trim_start_matches("//golayout:");
    let (verb, rest) = body.split_once([' ', '\t']).unwrap_or((body, ""));
    let scope = match verb {
        "ignore" => Scope::Line,
        "file-ignore" => Scope::File,
        other => {
            return Err(format!(
                "unknown directive golayout:{other}: use golayout:ignore or golayout:file-ignore"
            ));
        }
    };
    let rest = rest.trim_start();
    let (names, reason) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
    if names.is_empty() {
        return Err(format!("golayout:{verb} names no rule"));
    }
    if reason.trim().is_empty() {
        return Err(format!(
            "golayout:{verb} {names} gives no reason: say why the finding is acceptable"
        ));
    }
    let rules: Vec<&str> = names.split(',').filter(|n| !n.is_empty()).collect();
    if let Some(unknown) = rules.iter().find(|n| rules::find(n).is_none()) {
        return Err(format!("golayout:{verb} names an unknown rule {unknown}"));
    }
    Ok(Directive {
        scope,
        rules,
        comment,
    })
}

impl Directive<'_> {
    fn covers(&self, finding: &Diagnostic) -> bool {
        if !self.rules.contains(&finding.rule) {
            return false;
        }
        match self.scope {
            Scope::File => true,
            Scope::Line if self.comment.own_line => self.comment.span.line + 1 == finding.span.line,
            Scope::Line => self.comment.span.line == finding.span.line,
        }
    }
}

/// A directive as read (or what is wrong with it), and whether it matched a finding.
type Tracked<'a> = (Result<Directive<'a>, String>, bool);

/// Drops the findings of `dir` that a directive covers and adds `unused-suppression`
/// findings (when `report_unused`) for directives that are malformed or cover nothing
/// among the rules `enabled` says ran.
pub fn apply(
    dir: &Directory,
    findings: Vec<Diagnostic>,
    enabled: &dyn Fn(&str) -> bool,
    report_unused: bool,
) -> Vec<Diagnostic> {
    let mut by_file: HashMap<&Path, Vec<Tracked>> = HashMap::new();
    for file in &dir.files {
        let parsed = file
            .go
            .directives
            .iter()
            .map(|c| (parse(c), false))
            .collect();
        by_file.insert(&file.go.path, parsed);
    }
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let directives = by_file.get_mut(finding.path.as_path());
        let hit = directives.and_then(|ds| {
            ds.iter_mut()
                .find(|(d, _)| d.as_ref().is_ok_and(|d| d.covers(&finding)))
        });
        match hit {
            Some((_, used)) => *used = true,
            None => kept.push(finding),
        }
    }
    if !report_unused {
        return kept;
    }
    for file in &dir.files {
        for (i, (parsed, used)) in by_file[file.go.path.as_path()].iter().enumerate() {
            let comment = &file.go.directives[i];
            let problem = match parsed {
                Err(problem) => problem.clone(),
                Ok(_) if *used => continue,
                // A directive for a rule that did not run cannot be judged.
                Ok(d) if !d.rules.iter().all(|r| enabled(r)) => continue,
                Ok(d) => format!(
                    "this suppression of {} matches no finding",
                    d.rules.join(",")
                ),
            };
            kept.push(unused_suppression::finding(&file.go.path, comment, problem));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;

    fn comment(text: &str, line: usize, own_line: bool) -> DirectiveComment {
        let source = format!("{}{text}", "\n".repeat(line - 1));
        let lines = LineIndex::new(source.as_bytes());
        let span = lines.span(line - 1, source.len());
        DirectiveComment {
            text: text.to_string(),
            span,
            own_line,
            removal: span,
        }
    }

    #[test]
    fn parses_directives_and_their_problems() {
        let c = comment(
            "//golayout:ignore duplicate-import,dot-import kept for the demo",
            1,
            false,
        );
        let d = parse(&c).unwrap();
        assert_eq!(d.rules, ["duplicate-import", "dot-import"]);
        assert_eq!(d.scope, Scope::Line);
        let problem = |text| parse(&comment(text, 1, true)).unwrap_err();
        assert!(problem("//golayout:ignore duplicate-import").contains("no reason"));
        assert!(problem("//golayout:ignore").contains("names no rule"));
        assert!(problem("//golayout:skip x y").contains("unknown directive"));
        assert!(problem("//golayout:file-ignore nope why").contains("unknown rule nope"));
    }

    #[test]
    fn line_directives_cover_their_line_or_the_next() {
        let finding = |line: u32| Diagnostic {
            rule: "duplicate-import",
            severity: crate::diagnostic::Severity::Warning,
            message: String::new(),
            path: "a.go".into(),
            span: crate::diagnostic::Span {
                line,
                ..Default::default()
            },
            help: None,
            related: Vec::new(),
            fix: None,
        };
        let trailing = comment("//golayout:ignore duplicate-import ok", 4, false);
        let above = comment("//golayout:ignore duplicate-import ok", 4, true);
        let file = comment("//golayout:file-ignore duplicate-import ok", 1, true);
        assert!(parse(&trailing).unwrap().covers(&finding(4)));
        assert!(!parse(&trailing).unwrap().covers(&finding(5)));
        assert!(parse(&above).unwrap().covers(&finding(5)));
        assert!(!parse(&above).unwrap().covers(&finding(4)));
        assert!(parse(&file).unwrap().covers(&finding(40)));
    }
}
